"""The document HTML contract (DESIGN.md) turned into WordprocessingML body XML.

One pass over the lxml tree appends XML strings to a list; tables and images are in
`docx_tables`. Page flow is tracked here: chapters flow on (headings keep with their next
paragraph, so none is stranded at a page foot; a page per short chapter left most pages
nearly empty), `div.page-break` asks for a new page, and `section.landscape` closes the
running section and opens a landscape one (a section break already starts a page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from generator.writers.docx import tables as docx_tables
from generator.writers.docx.xml import Fmt, border, break_run, esc, para, run, shading

_SPACE_RE = re.compile(r"[ \t\n\r]+")  # not \f: a form feed shows as U+FFFD
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure", "div",
              "section", "hr", "blockquote", "pre", "img"}
HEADING_STYLES = {"h1": "Heading1", "h2": "Heading2", "h3": "Heading3", "h4": "Heading3",
                  "h5": "Heading3", "h6": "Heading3"}
GOOD, BAD = "2E7D32", "C62828"


@dataclass
class ParaCtx:
    """How paragraphs of the current container look (style, pPr, base run format)."""

    style: str = ""
    ppr: str = ""
    fmt: Fmt = Fmt()
    first_ppr: str = ""  # replaces ppr for the first paragraph (a list item's number)
    used_first: bool = False

    def next_ppr(self) -> str:
        """pPr for the next paragraph; the first one of a list item carries the number."""
        if self.first_ppr and not self.used_first:
            self.used_first = True
            return self.first_ppr
        return self.ppr


class BodyBuilder:
    """Converts one HTML fragment into body XML, collecting headings, lists and sections."""

    def __init__(self, document, images: dict[str, bytes], landscape: bool,
                 sect_pr, first_num_id: int):
        self.document = document
        self.images = images
        self.all_landscape = landscape
        self.landscape = landscape
        self.sect_pr = sect_pr  # callable(landscape: bool) -> sectPr XML closing a section
        self.out: list[str] = []
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.nums: list[tuple[int, bool, int]] = []
        self.next_num_id = first_num_id
        self.bullet_num = 0
        self.need_break = True  # the body starts on the page after the TOC
        self.fresh = False
        self.drawing_id = 0
        self.heading_run_start: int | None = None  # where trailing headings begin in out

    # -- entry -------------------------------------------------------------------------
    def build(self, fragment: str) -> str:
        """Convert the fragment; returns the body XML (no final sectPr)."""
        root = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
        self.container(root, ParaCtx())
        return "".join(self.out)

    # -- page flow ---------------------------------------------------------------------
    def break_ppr(self) -> str:
        """pageBreakBefore when a page break is pending; marks the page as used."""
        pending, self.need_break, self.fresh = self.need_break, False, False
        return "<w:pageBreakBefore/>" if pending else ""

    def emit_para(self, content: str, ctx: ParaCtx, extra_ppr: str = "") -> None:
        """Append a paragraph in the current context."""
        ppr = self.break_ppr() + ctx.next_ppr() + extra_ppr
        self.out.append(para(content, ppr, ctx.style))
        self.heading_run_start = None

    def emit_block_break(self) -> None:
        """Before a table: a pending page break becomes an explicit break paragraph."""
        if self.need_break:
            self.out.append(para(break_run("page"), '<w:spacing w:after="0"/>'))
        self.need_break, self.fresh, self.heading_run_start = False, False, None

    def section_break(self, landscape: bool) -> None:
        """Close the running section (its orientation) and start a new one.

        Headings written just before the break move into the new section, so a chapter
        title is not left alone on a portrait page in front of its landscape content.
        """
        self.need_break = False
        # A tiny paragraph: a full-height one could spill onto a page of its own.
        mark = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr>'
                f"{self.sect_pr(self.landscape)}</w:pPr></w:p>")
        at = self.heading_run_start
        if at is not None and self.out:
            self.out[at] = self.out[at].replace("<w:pageBreakBefore/>", "", 1)
            self.out.insert(at, mark)
        else:
            self.out.append(mark)
        self.heading_run_start = None
        self.landscape, self.fresh = landscape, at is None

    # -- containers --------------------------------------------------------------------
    def container(self, el, ctx: ParaCtx) -> None:
        """Blocks and loose inline content of an element, in document order."""
        pending: list = []
        self.inline_text(el.text, ctx.fmt, pending)
        for child in el:
            if not isinstance(child.tag, str):  # comments, processing instructions
                self.inline_text(child.tail, ctx.fmt, pending)
                continue
            if child.tag in BLOCK_TAGS:
                self.flush(pending, ctx)
                pending = []
                self.block(child, ctx)
            else:
                self.inline(child, ctx.fmt, pending)
            self.inline_text(child.tail, ctx.fmt, pending)
        self.flush(pending, ctx)

    def flush(self, tokens: list, ctx: ParaCtx) -> None:
        """Turn collected inline tokens into one paragraph (nothing if only whitespace)."""
        content = render_tokens(tokens)
        if content:
            self.emit_para(content, ctx)

    def block(self, el, ctx: ParaCtx) -> None:
        """Dispatch one block element."""
        tag, classes = el.tag, set((el.get("class") or "").split())
        if tag in HEADING_STYLES:
            self.heading(el, tag)
        elif tag in ("ul", "ol"):
            self.list_block(el, ordered=tag == "ol", level=0)
        elif tag == "table":
            self.emit_block_break()
            self.out.append(docx_tables.table_xml(self, el, classes))
        elif tag in ("figure", "img"):
            self.figure(el)
        elif tag == "hr":
            self.emit_para("", ParaCtx(), f'<w:pBdr>{border("bottom", color="BFBFBF")}</w:pBdr>'
                           '<w:spacing w:before="60" w:after="180"/>')
        elif tag == "section" and "landscape" in classes and not self.all_landscape:
            self.section_break(landscape=True)
            self.container(el, ctx)
            self.section_break(landscape=False)
        elif tag == "div" and "page-break" in classes:
            if not self.fresh:
                self.need_break = True
        elif tag == "div" and "note" in classes:
            self.container(el, ParaCtx(style="Note", fmt=ctx.fmt))
        elif tag == "pre":
            self.emit_para(run(el.text_content(), ctx.fmt.with_(code=True)), ctx)
        elif tag == "p":
            tokens: list = []
            self.inline_children(el, ctx.fmt, tokens)
            self.flush(tokens, ctx)
        else:  # div, section (portrait), blockquote: transparent containers
            self.container(el, ctx)

    def heading(self, el, tag: str) -> None:
        """A heading paragraph with a bookmark the TOC's page numbers point at."""
        tokens: list = []
        self.inline_children(el, Fmt(), tokens)
        text = _SPACE_RE.sub(" ", "".join(t[1] for t in tokens if t[0] == "t")).strip()
        level = int(tag[1])
        mark = f"_Toc{len(self.headings) + 1:05d}"
        bid = len(self.headings) + 1
        content = (f'<w:bookmarkStart w:id="{bid}" w:name="{mark}"/>{render_tokens(tokens)}'
                   f'<w:bookmarkEnd w:id="{bid}"/>')
        if self.heading_run_start is None:
            self.heading_run_start = len(self.out)
        self.out.append(para(content, self.break_ppr(), HEADING_STYLES[tag]))
        if level <= 2:
            self.headings.append((level, text, mark))

    # -- lists -------------------------------------------------------------------------
    def list_block(self, el, ordered: bool, level: int) -> None:
        """A (nested) list: real Word numbering at the nesting level."""
        num_id = self.num_for(ordered, level)
        for li in el:
            if not isinstance(li.tag, str) or li.tag != "li":
                continue
            spacing = '<w:spacing w:after="60"/>'
            ctx = ParaCtx(
                first_ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                          f"</w:numPr>{spacing}",
                # continuation paragraphs of the item line up with its text
                ppr=f'{spacing}<w:ind w:left="{420 * (level + 1)}"/>',
            )
            self.list_item(li, ctx, level)

    def list_item(self, li, ctx: ParaCtx, level: int) -> None:
        """One li: its text is the numbered paragraph, nested lists go one level deeper."""
        pending: list = []
        self.inline_text(li.text, ctx.fmt, pending)
        for child in li:
            if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                self.flush(pending, ctx)
                pending = []
                if not ctx.used_first:  # an li that starts with a nested list
                    self.emit_para("", ctx)
                self.list_block(child, ordered=child.tag == "ol", level=level + 1)
            elif isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                self.flush(pending, ctx)
                pending = []
                self.block(child, ctx)
            elif isinstance(child.tag, str):
                self.inline(child, ctx.fmt, pending)
            self.inline_text(child.tail, ctx.fmt, pending)
        self.flush(pending, ctx)
        if not ctx.used_first:  # an empty li still shows its bullet
            self.emit_para("", ctx)

    def num_for(self, ordered: bool, level: int) -> int:
        """A numId: bullets share one, every ordered list restarts at 1."""
        if not ordered and self.bullet_num:
            return self.bullet_num
        num_id = self.next_num_id
        self.next_num_id += 1
        self.nums.append((num_id, ordered, level))
        if not ordered:
            self.bullet_num = num_id
        return num_id

    # -- inline ------------------------------------------------------------------------
    def inline_text(self, text: str | None, fmt: Fmt, tokens: list) -> None:
        """Collapse HTML whitespace and collect a text token."""
        if text:
            tokens.append(("t", _SPACE_RE.sub(" ", text), fmt))

    def inline_children(self, el, fmt: Fmt, tokens: list) -> None:
        """Text and inline children of an element."""
        self.inline_text(el.text, fmt, tokens)
        for child in el:
            if isinstance(child.tag, str):
                self.inline(child, fmt, tokens)
            self.inline_text(child.tail, fmt, tokens)

    def inline(self, el, fmt: Fmt, tokens: list) -> None:
        """One inline element; unknown tags keep their text (nothing is ever dropped)."""
        tag, classes = el.tag, set((el.get("class") or "").split())
        if tag == "br":
            tokens.append(("br", "", fmt))
        elif tag in ("strong", "b"):
            self.inline_children(el, fmt.with_(bold=True), tokens)
        elif tag in ("em", "i"):
            self.inline_children(el, fmt.with_(italic=True), tokens)
        elif tag == "code":
            self.inline_children(el, fmt.with_(code=True, shade="F2F2F2"), tokens)
        elif tag == "a":
            self.link(el, fmt, tokens)
        elif tag == "span" and "blank" in classes:
            tokens.append(("t", "\u00a0" * 24, fmt.with_(underline=True)))
            # NOTE: the zero-width space keeps the line from being trailing whitespace,
            # which LibreOffice (and Word, by default) draw without underline.
            tokens.append(("t", "\u200b", fmt))
        elif tag == "span" and "tag" in classes:
            tokens.append(("t", "\u00a0", fmt))
            self.inline_children(el, fmt.with_(shade="DEEAF6", color="1F4E79",
                                               size=max(fmt.size - 3, 15) if fmt.size else 18),
                                 tokens)
            tokens.append(("t", "\u00a0", fmt))
        elif tag == "span" and classes & {"good", "bad"}:
            color = GOOD if "good" in classes else BAD
            self.inline_children(el, fmt.with_(color=color, bold=True), tokens)
        else:
            self.inline_children(el, fmt, tokens)

    def link(self, el, fmt: Fmt, tokens: list) -> None:
        """Link text as a hyperlink, followed by the address when it differs from the text."""
        href = (el.get("href") or "").strip()
        start = len(tokens)
        self.inline_children(el, fmt.with_(style="Hyperlink"), tokens)
        text = "".join(t[1] for t in tokens[start:] if t[0] == "t").strip()
        if href.startswith(("http://", "https://", "mailto:")):
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            rid = self.document.part.relate_to(href, RT.HYPERLINK, is_external=True)
            tokens[start:] = [(kind, value, f, rid) for kind, value, f, *_ in tokens[start:]]
            if href.rstrip("/") != text.rstrip("/") and "mailto:" + text != href:
                tokens.append(("t", f" ({href})", fmt.with_(color="595959")))

    # -- figures -----------------------------------------------------------------------
    def figure(self, el) -> None:
        """An embedded image scaled to the text width, caption (Caption style) below."""
        imgs = [el] if el.tag == "img" else el.iter("img")
        for img in imgs:
            self.emit_para(docx_tables.image_run(self, img), ParaCtx(),
                           '<w:keepNext/><w:spacing w:before="120" w:after="0" w:line="240" '
                           'w:lineRule="auto"/>'
                           '<w:jc w:val="center"/>')
        for cap in el.iter("figcaption"):
            tokens: list = []
            self.inline_children(cap, Fmt(), tokens)
            self.emit_para(render_tokens(tokens), ParaCtx(style="Caption"))


def render_tokens(tokens: list) -> str:
    """Run XML from inline tokens, trimming the paragraph's outer whitespace."""
    if not tokens:
        return ""
    tokens = list(tokens)
    first = next((i for i, t in enumerate(tokens) if t[0] != "t" or t[1].strip()), None)
    if first is None:
        return ""
    last = max(i for i, t in enumerate(tokens) if t[0] != "t" or t[1].strip())
    tokens = tokens[first:last + 1]
    if tokens[0][0] == "t":
        tokens[0] = (tokens[0][0], tokens[0][1].lstrip(" "), *tokens[0][2:])
    if tokens[-1][0] == "t":
        tokens[-1] = (tokens[-1][0], tokens[-1][1].rstrip(" "), *tokens[-1][2:])
    parts, after_br = [], False
    for kind, text, fmt, *link in tokens:
        if kind == "br":
            parts.append(break_run())
            after_br = True
            continue
        if after_br:  # "<br>\n" would start the next line with a space
            text, after_br = text.lstrip(" "), False
            if not text:
                continue
        xml = run(text, fmt)
        parts.append(f'<w:hyperlink r:id="{link[0]}">{xml}</w:hyperlink>' if link else xml)
    return "".join(parts)


__all__ = ["BodyBuilder", "ParaCtx", "render_tokens", "esc", "shading"]
