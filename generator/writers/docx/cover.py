"""The DOCX cover page, drawn like the PDF's (templates/style.css, "Cover"): a colour band
across the top, the title and theme left-aligned, a short orange rule, the label/value
lines, and "编制日期" at the foot of the page above a thin rule.
"""

from __future__ import annotations

from generator.locales import t
from generator.render.document import Document
from generator.writers import palette
from generator.writers.docx.xml import (
    Fmt,
    border,
    display_width,
    para,
    prop,
    run,
    shading,
    text_width,
)

MM = 56.7  # twips per millimetre


def cover_xml(doc: Document) -> str:
    """Band, title, subtitle, rule, the label/value lines and the date."""
    width = text_width(doc.landscape)
    parts = [_band(width)]
    if doc.generated_on:
        # NOTE: a framed paragraph is anchored to the paragraph after it, so the date goes
        # before the title: placed last, LibreOffice anchored it to the TOC's first page.
        parts.append(_date_at_foot(t("document.prepared_on", lang=doc.lang,
                                     date=doc.generated_on), width))
    parts.append(para(run(doc.title), style="CoverTitle"))
    if doc.subtitle:
        parts.append(para(run(doc.subtitle), style="CoverSubtitle"))
    parts.append(_short_rule(width))
    if doc.cover_lines:
        parts.append(_lines_table(list(doc.cover_lines), width))
    return "".join(parts)


def _band(width: int) -> str:
    """A 7 mm bar in the accent colour across the text width (a one-cell table: its
    height is exact in Word, WPS and LibreOffice alike), then the white space above the title."""
    tiny = prop("spacing", before=0, after=0, line=20, lineRule="exact")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
            '<w:tblBorders>' + "".join(border(side, "nil") for side in
                                       ("top", "left", "bottom", "right")) + '</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
            '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
            f'<w:tr><w:trPr><w:trHeight w:val="{int(7 * MM)}" w:hRule="exact"/></w:trPr>'
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading(palette.ACCENT)}'
            f'</w:tcPr>{para("", tiny)}</w:tc></w:tr></w:tbl>'
            + para("", prop("spacing", before=0, after=int(47 * MM), line=240, lineRule="auto")))


def _short_rule(width: int) -> str:
    """The 30 mm orange rule under the theme: a paragraph border between indents."""
    return para("", prop("pBdr", border("top", size=20, color=palette.ORANGE))
                | prop("spacing", before=0, after=int(10 * MM), line=20, lineRule="exact")
                | prop("ind", left=0, right=width - int(30 * MM)))


def _lines_table(lines: list[tuple[str, str]], total: int) -> str:
    """The label/value block: left-aligned, a light rule under every line, no other borders."""
    em = 10.5 * 20  # twips per em of the body size
    gap = int(8 * MM)  # the cell's right margin (6 mm) and some slack
    label_w = min(int(max(display_width(str(k)) for k, _ in lines) * em / 2) + gap,
                  int(total * 0.3))
    value_w = max(display_width(str(v)) for _, v in lines) * em / 2 + gap
    # as wide as the longest line, at least 60 % of the page (the PDF's min-width)
    width = min(total, max(int(total * 0.6), int(label_w + value_w)))
    spacing = prop("spacing", before=int(1.8 * MM), after=int(1.8 * MM), line=240,
                   lineRule="auto")
    rule = border("bottom", size=4, color=palette.COVER_RULE)
    rows = []
    for label, value in lines:
        cell = ('<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:tcBorders>' + rule
                + "</w:tcBorders></w:tcPr>{p}</w:tc>")
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + cell.format(w=label_w, p=para(run(str(label), Fmt(color=palette.MUTED)), spacing))
            + cell.format(w=width - label_w, p=para(run(str(value), Fmt(color=palette.TEXT)),
                                                    spacing))
            + "</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="left"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        f'<w:right w:w="{int(6 * MM)}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{label_w}"/><w:gridCol w:w="{width - label_w}"/>'
        "</w:tblGrid>" + "".join(rows) + "</w:tbl>"
    )


def _date_at_foot(text: str, width: int) -> str:
    """"编制日期：…" in a frame held to the foot of the page, under a rule across it."""
    frame = prop("framePr", w=width, hAnchor="margin", vAnchor="margin", x=0, yAlign="bottom",
                 wrap="around")
    return para(run(text, Fmt(color=palette.MUTED, size=20)),
                frame | prop("pBdr", border("top", size=4, color=palette.RULE, space=8))
                | prop("spacing", before=0, after=0))
