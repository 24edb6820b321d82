"""The document HTML contract (DESIGN.md) turned into WordprocessingML body XML.

One pass over the lxml tree appends XML strings to a list. Tables come from
`tables.table_xml`, which calls back `cell_content` for what is inside a cell: a builder of
its own per cell (its own output and page flow) sharing the body's `Shared` numbers, so
nothing is swapped in and out. Page flow is tracked here: chapters flow on (headings keep
with their next paragraph, so none is stranded at a page foot; a page per short chapter left
most pages nearly empty), `div.page-break` asks for a new page, and `section.landscape`
closes the running section and opens a landscape one (a section break already starts a page).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import html as lxml_html

from generator.errors import RenderError
from generator.locales import msg
from generator.writers.docx.tables import EDGE_COLOR, GANTT_FILLS, kept_rows, table_xml
from generator.writers.docx.xml import (
    EMU_PER_TWIP,
    Fmt,
    ParaCtx,
    Props,
    border,
    break_run,
    collapse_space,
    inline_picture,
    para,
    prop,
    run,
    text_height,
    text_width,
    verdict_fmt,
)
from generator.writers.flow import leads, next_tag

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure", "div",
              "section", "hr", "blockquote", "pre", "img"}
HEADING_STYLES = {"h1": "Heading1", "h2": "Heading2", "h3": "Heading3", "h4": "Heading3",
                  "h5": "Heading3", "h6": "Heading3"}


@dataclass
class Shared:
    """What every builder of one body shares, the page's and each table cell's: the package
    (image and hyperlink relationships), the images, and the numbers that run through it."""

    document: Any  # the python-docx Document being written
    images: Mapping[str, bytes]  # Document.images; a chart is drawn when first looked up
    next_num_id: int  # the next free w:numId
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, mark)
    bookmarks: int = 0  # the last heading bookmark's number (every level has one)
    nums: list[tuple[int, bool, int]] = field(default_factory=list)  # (numId, ordered, ilvl)
    bullet_num: int = 0  # the one numId every bullet list shares, once made
    drawing_id: int = 0  # the last wp:docPr id given


@dataclass
class _HeadingRun:
    """The headings written last, which a section break carries into the new section."""

    at: int  # index in `out` of the first of them
    content: str  # that first heading, to write again without its page break
    style: str


class BodyBuilder:
    """Converts one HTML fragment into body XML, collecting headings, lists and sections.

    `sect_pr(landscape)` returns the sectPr XML that closes a section; without it (inside a
    table cell) a `section.landscape` is an ordinary container.
    """

    def __init__(self, shared: Shared, landscape: bool,
                 sect_pr: Callable[[bool], str] | None = None, new_page: bool = True):
        self.shared = shared
        self.all_landscape = landscape
        self.landscape = landscape
        self.sect_pr = sect_pr
        self.out: list[str] = []
        self.need_break = new_page  # the body starts on the page after the TOC
        self.fresh = False
        self.heading_run: _HeadingRun | None = None

    # -- entry -------------------------------------------------------------------------
    def build(self, fragment: str) -> str:
        """Convert the fragment; returns the body XML (no final sectPr)."""
        root = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
        self.container(root, ParaCtx())
        return "".join(self.out)

    def cell_content(self, cell, ctx: ParaCtx) -> str:
        """The paragraphs of a table cell, from a builder of their own sharing our numbers."""
        inner = BodyBuilder(self.shared, self.landscape, sect_pr=None, new_page=False)
        inner.container(cell, ctx)
        return "".join(inner.out)

    # -- page flow ---------------------------------------------------------------------
    def break_props(self) -> Props:
        """pageBreakBefore when a page break is pending; marks the page as used."""
        pending, self.need_break, self.fresh = self.need_break, False, False
        return prop("pageBreakBefore") if pending else {}

    def emit_para(self, content: str, ctx: ParaCtx, extra: Props | None = None) -> None:
        """Append a paragraph in the current context (`extra` wins over the context)."""
        props = self.break_props() | ctx.next_props() | (extra or {})
        self.out.append(para(content, props, ctx.style))
        self.heading_run = None

    def emit_block_break(self) -> None:
        """Before a table: a pending page break becomes an explicit break paragraph."""
        if self.need_break:
            self.out.append(para(break_run("page"), prop("spacing", after=0)))
        self.need_break, self.fresh, self.heading_run = False, False, None

    def section_break(self, landscape: bool) -> None:
        """Close the running section (its orientation) and start a new one.

        Headings written just before the break move into the new section, so a chapter
        title is not left alone on a portrait page in front of its landscape content.
        """
        self.need_break = False
        # A tiny paragraph: a full-height one could spill onto a page of its own.
        mark = para("", prop("spacing", before=0, after=0, line=20, lineRule="exact")
                    | prop("rPr", '<w:sz w:val="2"/>')
                    | {"sectPr": self.sect_pr(self.landscape)})
        moved = self.heading_run
        if moved is not None:
            # the section break starts the page; the heading's own break would add one more
            self.out[moved.at] = para(moved.content, {}, moved.style)
            self.out.insert(moved.at, mark)
        else:
            self.out.append(mark)
        self.heading_run = None
        self.landscape, self.fresh = landscape, moved is None

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
            self.out.append(table_xml(el, classes, self.landscape, self.cell_content,
                                      keep_with_next=next_tag(el) == "p"))
        elif tag in ("figure", "img"):
            self.figure(el)
        elif tag == "hr":
            self.emit_para("", ParaCtx(), prop("pBdr", border("bottom", color="BFBFBF"))
                           | prop("spacing", before=60, after=180))
        elif (tag == "section" and "landscape" in classes and not self.all_landscape
              and self.sect_pr is not None):
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
            if "legend" in classes:  # the Gantt's key: small grey type, like a caption
                ctx = replace(ctx, style="Caption",
                              props=ctx.props | prop("jc", val="left") | prop("spacing", after=80))
            if leads(el):  # a line introducing what follows stays with it
                ctx = replace(ctx, props=ctx.props | prop("keepNext"))
            self.flush(tokens, ctx)
        else:  # div, section (portrait), blockquote: transparent containers
            self.container(el, ctx)

    def heading(self, el, tag: str) -> None:
        """A heading paragraph with a bookmark the TOC's page numbers point at."""
        tokens: list = []
        self.inline_children(el, Fmt(), tokens)
        text = collapse_space("".join(t[1] for t in tokens if t[0] == "t")).strip()
        level = int(tag[1])
        # NOTE: numbered over every heading, not only the TOC's h1/h2: a name used twice
        # sends Word's "update field" to the first of them.
        self.shared.bookmarks += 1
        bid = self.shared.bookmarks
        mark = f"_Toc{bid:05d}"
        content = (f'<w:bookmarkStart w:id="{bid}" w:name="{mark}"/>{render_tokens(tokens)}'
                   f'<w:bookmarkEnd w:id="{bid}"/>')
        style = HEADING_STYLES[tag]
        if self.heading_run is None:
            self.heading_run = _HeadingRun(len(self.out), content, style)
        self.out.append(para(content, self.break_props(), style))
        if level <= 2:
            self.shared.headings.append((level, text, mark))

    # -- lists -------------------------------------------------------------------------
    def list_block(self, el, ordered: bool, level: int) -> None:
        """A (nested) list: real Word numbering at the nesting level; kept together like a
        table (`kept_rows`), its last item with a closing line after it."""
        num_id = self.num_for(ordered, level)
        items = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
        kept = kept_rows([(False, [])] * len(items), gantt=False,
                         keep_with_next=level == 0 and next_tag(el) == "p")
        for index, li in enumerate(items):
            spacing = prop("spacing", after=60) | (prop("keepNext") if index in kept else {})
            number = f'<w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            ctx = ParaCtx(
                first_props=prop("numPr", number) | spacing,
                # continuation paragraphs of the item line up with its text
                props=spacing | prop("ind", left=420 * (level + 1)),
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
        shared = self.shared
        if not ordered and shared.bullet_num:
            return shared.bullet_num
        num_id = shared.next_num_id
        shared.next_num_id += 1
        shared.nums.append((num_id, ordered, level))
        if not ordered:
            shared.bullet_num = num_id
        return num_id

    # -- inline ------------------------------------------------------------------------
    def inline_text(self, text: str | None, fmt: Fmt, tokens: list) -> None:
        """Collapse HTML whitespace and collect a text token."""
        if text:
            tokens.append(("t", collapse_space(text), fmt))

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
        elif tag == "span" and "swatch" in classes:  # a Gantt legend key: a shaded block
            self.swatch(el, classes, fmt, tokens)
        elif tag == "span" and classes & {"good", "bad"}:
            self.inline_children(el, verdict_fmt(fmt, classes), tokens)
        else:
            self.inline_children(el, fmt, tokens)

    def swatch(self, el, classes: set[str], fmt: Fmt, tokens: list) -> None:
        """A legend key in the Gantt's colours: shaded spaces, a milestone's diamond in
        white on dark, the campaign's first and last day as an orange bar."""
        fill = next((GANTT_FILLS[name] for name in GANTT_FILLS if name in classes),
                    EDGE_COLOR if "edge" in classes else "")
        if tokens:  # the room between one key's text and the next key (an en space)
            tokens.append(("t", "\u2002", fmt))
        text = el.text_content().strip()
        if text:
            tokens.append(("t", f"\u00a0{text}\u00a0", fmt.with_(shade=fill, color="FFFFFF",
                                                              bold=True)))
        else:
            width = 1 if "edge" in classes else 3
            tokens.append(("t", "\u00a0" * width, fmt.with_(shade=fill)))
        tokens.append(("t", "\u00a0", fmt))

    def link(self, el, fmt: Fmt, tokens: list) -> None:
        """Link text as a hyperlink, followed by the address when it differs from the text."""
        href = (el.get("href") or "").strip()
        start = len(tokens)
        self.inline_children(el, fmt.with_(style="Hyperlink"), tokens)
        text = "".join(t[1] for t in tokens[start:] if t[0] == "t").strip()
        if href.startswith(("http://", "https://", "mailto:")):
            rid = self.shared.document.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK,
                                                      is_external=True)
            tokens[start:] = [(kind, value, f, rid) for kind, value, f, *_ in tokens[start:]]
            if href.rstrip("/") != text.rstrip("/") and "mailto:" + text != href:
                tokens.append(("t", f" ({href})", fmt.with_(color="595959")))

    # -- figures -----------------------------------------------------------------------
    def figure(self, el) -> None:
        """An embedded image scaled to the text width, caption (Caption style) below."""
        imgs = [el] if el.tag == "img" else el.iter("img")
        for img in imgs:
            self.emit_para(self.picture(img), ParaCtx(),
                           prop("keepNext")
                           | prop("spacing", before=120, after=0, line=240, lineRule="auto")
                           | prop("jc", val="center"))
        for cap in el.iter("figcaption"):
            tokens: list = []
            self.inline_children(cap, Fmt(), tokens)
            self.emit_para(render_tokens(tokens), ParaCtx(style="Caption"))

    def picture(self, img) -> str:
        """An inline picture from Document.images, as wide as the text, never taller than
        ~half a page; a missing image shows its alt text (writers never fetch anything)."""
        name = img.get("src") or ""
        alt = img.get("alt") or name
        data = self.shared.images.get(name)
        if data is None:
            return run(f"[{alt}]", Fmt(italic=True, color="7F7F7F"))
        try:
            rid, image = self.shared.document.part.get_or_add_image(io.BytesIO(data))
        except UnrecognizedImageError as exc:
            raise RenderError(msg("errors.render.image", name=name)) from exc
        cx = text_width(self.landscape) * EMU_PER_TWIP
        cy = int(cx * image.px_height / max(image.px_width, 1))
        max_cy = int(text_height(self.landscape) * 0.5) * EMU_PER_TWIP
        if cy > max_cy:
            cx, cy = int(cx * max_cy / cy), max_cy
        self.shared.drawing_id += 1
        return inline_picture(rid, name, alt, (cx, cy), self.shared.drawing_id)


def render_tokens(tokens: list) -> str:
    """Run XML from inline tokens, trimming the paragraph's outer whitespace."""
    if not tokens:
        return ""
    tokens = list(tokens)
    # NOTE: only plain spaces are the paragraph's outer white space (collapse_space made
    # every other kind a space); a no-break space is content (a legend key, a fill-in line).
    first = next((i for i, t in enumerate(tokens) if t[0] != "t" or t[1].strip(" ")), None)
    if first is None:
        return ""
    last = max(i for i, t in enumerate(tokens) if t[0] != "t" or t[1].strip(" "))
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


__all__ = ["BodyBuilder", "Shared", "render_tokens"]
