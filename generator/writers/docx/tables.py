"""Tables of the DOCX writer: an HTML <table> in, a <w:tbl> string out.

`table_xml` is a function of its input: the table element, its classes, the page orientation
and `cell_content`, which turns a cell's blocks into paragraphs (the body builder's, so
lists and links in a cell are numbered and related like everywhere else). It keeps no state.

Widths are fixed (w:tblLayout fixed + a w:tblGrid that sums to the text width) because
Word and LibreOffice lay out autofit tables differently; fixed widths look the same in both.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from generator.writers import palette
from generator.writers.columns import VERDICT_CLASSES, Cell, bind_units, crowded, text_em
from generator.writers.columns import column_widths as column_widths_em
from generator.writers.flow import is_total_row, keep_limit
from generator.writers.docx.styles import TABLE_STYLE
from generator.writers.docx.xml import (
    Fmt,
    ParaCtx,
    Props,
    border,
    collapse_space,
    para,
    prop,
    shading,
    text_width,
    verdict_fmt,
)

# The PDF's table look (templates/style.css "Tables"): one design in both formats.
HEADER_FILL, HEADER_TEXT = palette.ACCENT, palette.HEADER_TEXT
KV_LABEL_FILL = palette.KV_LABEL
VERDICT_FILLS = {"good": palette.GOOD_FILL, "bad": palette.BAD_FILL}
GANTT_FILLS = {"crit": "E06666", "ms": "1F3864", "on": "5B9BD5"}  # first match wins
EDGE_COLOR = "ED7D31"
_ALIGN_RE = re.compile(r"text-align\s*:\s*(right|center|left)")  # a cell's style attribute
# Cell margins (twips, each side): 1.6 mm, about 1 mm in a `wide` table, 0.7 mm in a Gantt.
CELL_MARGIN, WIDE_CELL_MARGIN, GANTT_CELL_MARGIN = 90, 60, 40
BORDER_SLACK = 40  # twips a column needs beyond its text and margins (borders, rounding)


def cell_pad(classes: set[str]) -> int:
    """Twips a column needs besides its text: both cell margins and the borders."""
    margin = (GANTT_CELL_MARGIN if "gantt" in classes else
              WIDE_CELL_MARGIN if "wide" in classes else CELL_MARGIN)
    return 2 * margin + BORDER_SLACK


def _rows(table) -> list[tuple[bool, list]]:
    """(is_header, cells) for every row, thead rows first as in the source."""
    rows = []
    for tr in table.iter("tr"):
        section = tr.getparent().tag
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        header = section == "thead" or (cells and all(c.tag == "th" for c in cells))
        if cells:
            rows.append((bool(header), cells))
    return rows


def _span(cell) -> int:
    try:
        return max(1, min(int(cell.get("colspan", "1")), 63))
    except ValueError:
        return 1


def column_widths(rows, ncols: int, total: int, classes: set[str],
                  font_pt: float = 9.5) -> list[int]:
    """Twips per column by the rules both writers share (`writers/columns.py`); Gantt day
    columns are equal and narrow after a task column as wide as its names need."""
    em = font_pt * 20  # twips per em
    if "gantt" in classes and ncols > 1:
        names = max((text_em(collapse_space(cells[0].text_content()).strip())
                     for _, cells in rows if cells), default=0.0)
        first = min(max(int(names * em) + cell_pad(classes), 1700), int(total * 0.3))
        rest = (total - first) // (ncols - 1)
        return [total - rest * (ncols - 1)] + [rest] * (ncols - 1)
    grid = cell_grid(rows, ncols)
    widths = [int(w * em) for w in column_widths_em(grid, total / em, cell_pad(classes) / em)]
    widths[-1] += total - sum(widths)
    return widths


def cell_grid(rows, ncols: int) -> list[list[Cell | None]]:
    """The width rules' view of the rows: one entry per grid column, None under a span."""
    grid = []
    for header, cells in rows:
        row: list[Cell | None] = []
        for cell in cells:
            span = _span(cell)
            row += [table_cell(cell, header)] if span == 1 else [None] * span
        grid.append((row + [None] * ncols)[:ncols])
    return grid


def table_cell(cell, header: bool) -> Cell:
    """The width rules' view of a table cell."""
    text = collapse_space(cell.text_content()).strip()
    strong = cell.find(".//strong")
    classes = set((cell.get("class") or "").split())
    # a verdict cell (good / bad) is set bold, as in the PDF
    bold = bool(classes & VERDICT_CLASSES) or (
        strong is not None and strong.text_content().strip() == text)
    return Cell(text, header=header, bold=bold, blank="blank" in classes)


def _bind_units(table):
    """A copy of `table` whose numbers are joined to their units by no-break spaces."""
    table = copy.deepcopy(table)
    for el in table.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text:
            el.text = bind_units(el.text)
        if el.tail and el is not table:
            el.tail = bind_units(el.tail)
    return table


# (cell element, how its paragraphs look) -> the cell's paragraphs as XML
CellContent = Callable[[Any, ParaCtx], str]


def kept_rows(rows: list[tuple[bool, list]], gantt: bool, keep_with_next: bool) -> set[int]:
    """Indexes of the rows whose paragraphs keep with the next row (w:keepNext), which is
    how Word and LibreOffice keep table rows together (the rules of writers/flow.py); the
    last row keeps with what follows the table when `keep_with_next` (a closing line)."""
    last = len(rows) - 1
    body = sum(1 for header, _ in rows if not header)
    total = body > 2 and not rows[last][0] and is_total_row(rows[last][1])
    if body - total <= keep_limit({"gantt"} if gantt else set()):
        kept = set(range(last))
    else:
        first_body = next(i for i, (header, _) in enumerate(rows) if not header)
        kept = set(range(first_body + 1)) | {last - 1} | ({last - 2} if total else set())
    return kept | {last} if keep_with_next else kept


def table_xml(table, classes: set[str], landscape: bool, cell_content: CellContent,
              keep_with_next: bool = False) -> str:
    """A <w:tbl> for an HTML table: header row repeats, rows never split across pages, a
    short table never splits at all, and with `keep_with_next` its last row stays with the
    paragraph after it.

    Followed by a small empty paragraph: Word merges two tables that touch.
    """
    rows = _rows(_bind_units(table))
    if not rows:
        return ""
    ncols = max(sum(_span(c) for c in cells) for _, cells in rows)
    total = text_width(landscape)
    gantt = "gantt" in classes
    if not gantt and "wide" not in classes and crowded(
            cell_grid(rows, ncols), total / (9.5 * 20), cell_pad(classes) / (9.5 * 20)):
        classes = classes | {"wide"}  # too many columns for the body font: set it smaller
    size = 14 if gantt else 16 if "wide" in classes else 0
    widths = column_widths(rows, ncols, total, classes, size / 2 if size else 9.5)
    inner = "D9D9D9" if gantt else palette.TABLE_BORDER
    margin = (cell_pad(classes) - BORDER_SLACK) // 2
    first_row = "1" if rows[0][0] else "0"  # the style's header shading only on a header
    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/>'
        f'<w:tblW w:w="{total}" w:type="dxa"/>'
        "<w:tblBorders>"
        + "".join(border(side, color=palette.TABLE_BORDER)
                  for side in ("top", "left", "bottom", "right"))
        + border("insideH", color=inner) + border("insideV", color=inner)
        + "</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        # w:val (hex) for readers of the 2006 schema such as LibreOffice, attributes for Word
        f'<w:tblLook w:val="{"0620" if first_row == "1" else "0600"}" '
        f'w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ]
    kept = kept_rows(rows, gantt, keep_with_next)
    body_row = 0
    for index, (header, cells) in enumerate(rows):
        body_row += not header
        # every second body row banded, as the PDF's tbody tr:nth-child(even)
        zebra = not header and body_row % 2 == 0 and not (classes & {"gantt", "kv"})
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        if gantt:
            trpr += '<w:trHeight w:val="300"/>'
        parts.append(f"<w:tr><w:trPr>{trpr}</w:trPr>")
        col = 0
        for cell in cells:
            span = min(_span(cell), ncols - col) or 1
            width = sum(widths[col:col + span])
            parts.append(_cell_xml(cell, header, col, width, span, classes, size,
                                   cell_content, index in kept, zebra))
            col += span
        parts.extend(_empty_cell(widths[c], index in kept)  # ragged rows
                     for c in range(col, ncols))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    # Word needs a paragraph between two tables or they merge; a small gap reads better too.
    gap = prop("spacing", before=0, after=120) | (prop("keepNext") if keep_with_next else {})
    parts.append(para("", gap))
    return "".join(parts)


def _empty_cell(width: int, keep_next: bool) -> str:
    props = prop("keepNext") if keep_next else {}
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f"{para('', props, 'TableText')}</w:tc>")


def _cell_xml(cell, header: bool, col: int, width: int, span: int, classes: set[str],
              size: int, cell_content: CellContent, keep_next: bool,
              zebra: bool = False) -> str:
    """One <w:tc>: shading, borders and alignment from the contract's cell classes."""
    cell_classes = set((cell.get("class") or "").split())
    gantt = "gantt" in classes
    fmt = Fmt(size=size)
    fill = palette.ZEBRA if zebra else ""
    if header:
        fill, fmt = HEADER_FILL, fmt.with_(bold=True, color=HEADER_TEXT)
    elif "kv" in classes and col == 0:
        fill, fmt = KV_LABEL_FILL, fmt.with_(bold=True, color=palette.NAVY)
    fill = next((VERDICT_FILLS[n] for n in VERDICT_FILLS if n in cell_classes), fill)
    for name, colour in GANTT_FILLS.items():
        if name in cell_classes:
            fill = colour
            break
    if "ms" in cell_classes:
        fmt = fmt.with_(color="FFFFFF", bold=True)
    fmt = verdict_fmt(fmt, cell_classes)
    align = _alignment(cell, cell_classes, gantt and col > 0)
    props: Props = prop("jc", val=align) if align else {}
    if keep_next:
        props |= prop("keepNext")
    if gantt:
        props |= prop("spacing", before=0, after=0, line=240, lineRule="auto")
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if "edge" in cell_classes:  # the campaign's first / last day: an orange rule each side
        tcpr += ("<w:tcBorders>" + border("left", size=12, color=EDGE_COLOR)
                 + border("right", size=12, color=EDGE_COLOR) + "</w:tcBorders>")
    if fill:
        tcpr += shading(fill)
    tcpr += '<w:vAlign w:val="center"/>'
    if "blank" in cell_classes and not cell.text_content().strip():
        # A fill-in cell: a dotted writing line inside the cell.
        content = para("", props | prop("pBdr", border("bottom", "dotted", 4, "7F7F7F", 1))
                       | prop("spacing", before=100), "TableText")
    else:
        content = cell_content(cell, ParaCtx(style="TableText", props=props, fmt=fmt))
    if not content.endswith("</w:p>"):  # a cell must end with a paragraph
        content += para("", props, "TableText")
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def _alignment(cell, cell_classes: set[str], day_column: bool) -> str:
    match = _ALIGN_RE.search(cell.get("style") or "")
    if match:
        return {"right": "right", "center": "center", "left": ""}[match.group(1)]
    if "num" in cell_classes:
        return "right"
    return "center" if day_column else ""
