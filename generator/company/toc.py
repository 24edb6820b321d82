"""A company template's table of contents, rebuilt after filling so it lists what is there.

Word keeps a TOC as a field whose stored result is whatever the template's author last saw
(often "No table of contents entries found", or the entries of a sample). After filling,
the headings are ours and the company's: the field's result is written again, one entry
per heading of the levels its `\\o "1-3"` switch names (paragraphs whose style or own
properties carry that outline level), each a hyperlink to a bookmark on its heading, in
the same form our own DOCX has (writers/docx/toc.py). So `generate` numbers it with the
same LibreOffice layout step as ours (toc_pages.refresh_toc_pages): the numbers are the
pages LibreOffice lays the filled document out on.

The field keeps the company's instruction (its switches), so Word's "update field" works
as before. Entries take style ids TOC1/TOC2 (the ones our numbering step reads): the
company's own when its styles have those ids, else styles added here on the company's
`toc 1`/`toc 2` when it has them, else plain ones.
"""

from __future__ import annotations

import re

from lxml import etree

from generator.writers.docx.toc import NUMBER_ROOM
from generator.writers.docx.xml import W_DECL, W_NS, run

_W = f"{{{W_NS}}}"
_LEVELS_RE = re.compile(r'\\o\s+"?(\d)\s*-\s*(\d)"?')
TEXT_WIDTH = 9026  # twips: A4 with Word's default margins, when the section names none


def rebuild_toc(document) -> bool:
    """Rewrite the first TOC field of a python-docx document; False when it has none."""
    body = document.element.body
    field = _toc_field(body)
    if field is None:
        return False
    first, last, instruction = field
    low, high = _levels(instruction)
    paragraphs = list(body.iter(_W + "p"))
    inside = paragraphs[paragraphs.index(first):paragraphs.index(last) + 1]
    levels = _outline_levels(document)
    headings = [(level, p) for p in paragraphs if p not in inside
                and (level := _level_of(p, levels)) is not None and low <= level <= high
                and _text(p).strip()]
    styles = _entry_styles(document)
    width = text_width(body)
    marks = _bookmarks(body, [p for _, p in headings])
    entries = [_entry(level, _text(p).strip(), mark, styles, width)
               for (level, p), mark in zip(headings, marks, strict=True)]
    xml = _with_field(entries, instruction, styles)
    new = [etree.fromstring(f"<w:root {W_DECL}>{x}</w:root>")[0] for x in xml]
    for element in new:
        first.addprevious(element)
    for paragraph in inside:
        paragraph.getparent().remove(paragraph)
    return True


def _toc_field(body):
    """(first paragraph, last paragraph, instruction) of the first TOC field, or None."""
    depth, start, instruction = 0, None, ""
    for paragraph in body.iter(_W + "p"):
        for node in paragraph.iter(_W + "fldChar", _W + "instrText"):
            if node.tag == _W + "instrText":
                if depth == 1 and start is None and re.match(r"\s*TOC\b", node.text or ""):
                    start, instruction = paragraph, node.text
                continue
            kind = node.get(_W + "fldCharType")
            if kind == "begin":
                depth += 1
            elif kind == "end":
                depth -= 1
                if depth == 0 and start is not None:
                    return start, paragraph, instruction
    return None


def _levels(instruction: str) -> tuple[int, int]:
    """The outline levels (1-based) a TOC instruction lists: `\\o "1-3"`, else 1-3."""
    match = _LEVELS_RE.search(instruction)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 3)


def _outline_levels(document) -> dict[str, int | None]:
    """{style id: outline level (1-based) or None}, following basedOn."""
    styles = {s.get(_W + "styleId"): s for s in document.styles.element.findall(_W + "style")}

    def level(style_id: str, seen: frozenset = frozenset()) -> int | None:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        own = style.find(f"{_W}pPr/{_W}outlineLvl")
        if own is not None:
            value = int(own.get(_W + "val"))
            return value + 1 if value < 9 else None
        based = style.find(_W + "basedOn")
        return level(based.get(_W + "val"), seen | {style_id}) if based is not None else None

    return {style_id: level(style_id) for style_id in styles}


def _level_of(paragraph, levels: dict[str, int | None]) -> int | None:
    own = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
    if own is not None:
        value = int(own.get(_W + "val"))
        return value + 1 if value < 9 else None
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return levels.get(style.get(_W + "val")) if style is not None else None


def _text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(_W + "t", _W + "noBreakHyphen", _W + "tab"):
        parts.append(node.text or "" if node.tag == _W + "t" else
                     "-" if node.tag == _W + "noBreakHyphen" else " ")
    return "".join(parts)


def _bookmarks(body, headings: list) -> list[str]:
    """Each heading's `_Toc` bookmark, added where it has none (ids after the largest)."""
    names = {b.get(_W + "name") for b in body.iter(_W + "bookmarkStart")}
    next_id = max((int(b.get(_W + "id")) for b in body.iter(_W + "bookmarkStart")
                   if (b.get(_W + "id") or "").isdigit()), default=0) + 1
    marks: list[str] = []
    for paragraph in headings:
        # NOTE: our h3 headings repeat the next h1/h2's bookmark name (our TOC lists h1/h2
        # only), so a name an earlier heading has taken does not count as this one's
        own = [b.get(_W + "name") for b in paragraph.iter(_W + "bookmarkStart")
               if (b.get(_W + "name") or "").startswith("_Toc")
               and b.get(_W + "name") not in marks]
        if own:
            marks.append(own[0])
            continue
        number = len(names) + 1
        while (mark := f"_TocCD{number:05d}") in names:
            number += 1
        names.add(mark)
        start = etree.SubElement(paragraph, _W + "bookmarkStart")
        start.set(_W + "id", str(next_id))
        start.set(_W + "name", mark)
        end = etree.SubElement(paragraph, _W + "bookmarkEnd")
        end.set(_W + "id", str(next_id))
        ppr = paragraph.find(_W + "pPr")
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph.insert(0, start)
        next_id += 1
        marks.append(mark)
    return marks


def _entry_styles(document) -> dict[int, str]:
    """{1: style id, 2: style id} for the entries: TOC1/TOC2, added when missing."""
    styles = document.styles.element
    ids = {s.get(_W + "styleId"): s for s in styles.findall(_W + "style")}
    by_name = {(s.find(_W + "name").get(_W + "val") or "").lower(): s.get(_W + "styleId")
               for s in styles.findall(_W + "style") if s.find(_W + "name") is not None}
    for level in (1, 2):
        style_id = f"TOC{level}"
        if style_id in ids:
            continue
        company = by_name.get(f"toc {level}")
        name = f"campaign-docs toc {level}" if company else f"toc {level}"
        based = company or "Normal"
        styles.append(etree.fromstring(
            f'<w:style {W_DECL} w:type="paragraph" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:next w:val="Normal"/>'
            '<w:uiPriority w:val="39"/></w:style>'))
    return {1: "TOC1", 2: "TOC2"}


def text_width(body) -> int:
    """The width between the margins (twips) of a body's last section."""
    sect = body.find(_W + "sectPr")
    size = sect.find(_W + "pgSz") if sect is not None else None
    margins = sect.find(_W + "pgMar") if sect is not None else None
    if size is None or margins is None:
        return TEXT_WIDTH
    return int(size.get(_W + "w")) - int(margins.get(_W + "left")) - \
        int(margins.get(_W + "right"))


def _entry(level: int, text: str, mark: str, styles: dict[int, str], width: int) -> tuple:
    """(paragraph start, hyperlink, paragraph end) of one entry; the field goes between."""
    indent = 397 * (level - 1)
    ppr = (f'<w:pPr><w:pStyle w:val="{styles[min(level, 2)]}"/><w:tabs>'
           f'<w:tab w:val="right" w:leader="dot" w:pos="{width}"/></w:tabs>'
           f'<w:ind w:left="{indent}" w:right="{NUMBER_ROOM}"/></w:pPr>')
    link = f'<w:hyperlink w:anchor="{mark}" w:history="1">{run(text)}</w:hyperlink>'
    return f"<w:p>{ppr}", link, "</w:p>"


def _with_field(entries: list[tuple], instruction: str, styles: dict[int, str]) -> list[str]:
    """The entries' paragraphs with the field's begin on the first and end on the last."""
    instr = instruction.replace("&", "&amp;").replace("<", "&lt;")
    begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if not entries:
        return [f'<w:p><w:pPr><w:pStyle w:val="{styles[1]}"/></w:pPr>{begin}{end}</w:p>']
    xml = []
    for index, (start, link, close) in enumerate(entries):
        xml.append(start + (begin if index == 0 else "") + link +
                   (end if index == len(entries) - 1 else "") + close)
    return xml
