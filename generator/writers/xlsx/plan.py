"""The plan workbook (XLSX): the answers as sheets a team fills together in Excel, WPS or
LibreOffice, read back by readers/plan_workbook.py.

A front sheet with the instructions and the colour legend, then one sheet per
questionnaire section (plan_layout.SHEETS): a form of label and value, or a table with one
row per record and blank rows under it for the records the team adds. Headers are the
questionnaire's labels with its help as the header's comment; every choice is a drop-down
(the lists live on the hidden sheet, so a name with a comma stays one item); dates are real
dates and numbers real numbers, each column with its validation; what the tool proposed is
filled light blue. Text is always written as text, never as a formula. Printable: landscape,
fitted to the page width, the header repeated on every page.
Imported only when a workbook is written: openpyxl at the top.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from generator.atomic import write_with
from generator.locales import lookup, t
from generator.textsafe import clean_text
from generator.writers import palette
from generator.writers.xlsx import plan_layout as L
from generator.writers.xlsx.cells import put
from generator.writers.xlsx.fonts import LINE_HEIGHT, font, prepare, width_units

# NOTE: the documents' colours (writers/palette.py), as the review workbook uses them, and a
# light blue of its own for what the tool proposed: no workbook of ours uses it for anything else.
HEADER, WHITE, PROPOSED, BORDER = palette.ACCENT, "FFFFFF", "DDEBF7", "BFBFBF"
DATE_FORMAT, COUNT_FORMAT, MONEY_FORMAT, TEXT_FORMAT = "yyyy-mm-dd", "#,##0", "#,##0.00", "@"
NUMBER_FORMATS = {L.DATE: DATE_FORMAT, L.COUNT: COUNT_FORMAT, L.MONEY: "#,##0",
                  L.NUMBER: "General"}
MAX_NUMBER = 10**15
COMMENT_AUTHOR = "campaign-docs"


class _Styles:
    """The few styles the workbook uses, built once."""

    def __init__(self) -> None:
        side = Side(style="thin", color=BORDER)
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.header_fill = PatternFill("solid", fgColor=HEADER)
        self.header_font = font(bold=True, color=WHITE)
        self.label_fill = PatternFill("solid", fgColor=palette.KV_LABEL)
        self.proposed = PatternFill("solid", fgColor=PROPOSED)
        self.title_font = font(bold=True, size=14, color=palette.NAVY)
        self.hint_font = font(color=palette.MUTED)  # no italic: CJK has none
        self.body_font = font()
        self.bold = font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.left = Alignment(vertical="top", horizontal="left", wrap_text=True)
        self.header_align = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_plan_workbook(view: Any, path: str | Path) -> Path:
    """Write the plan workbook for a plan-workbook View (views/plan_workbook.py), atomically."""
    ctx = view.context
    lang = ctx["lang"]
    book, styles = Workbook(), _Styles()
    prepare(book, lang)  # NOTE: before any style: our font is the workbook's default
    book.remove(book.active)
    book.properties.creator = COMMENT_AUTHOR
    book.properties.title = clean_text(L.words("readme.title", lang))
    _readme(book, ctx, styles)
    for sheet in L.SHEETS:
        _SheetWriter(book, sheet, ctx, styles).write()
    _meta(book, ctx)
    book.active = 0
    return write_with(path, book.save)


def _readme(book: Any, ctx: dict, styles: _Styles) -> None:
    """The front sheet: what the workbook is, how to fill it in, the colour legend."""
    lang = ctx["lang"]
    ws = book.create_sheet(L.sheet_title("readme", lang))
    put(ws, 1, 1, L.words("readme.title", lang)).font = styles.title_font
    if ctx["theme"]:
        line = L.words("readme.campaign", lang, theme=ctx["theme"],
                       start=ctx["start"] or "…", end=ctx["end"] or "…")
        put(ws, 2, 1, line).font = styles.bold
    row = 4
    for step in _listed("readme.steps", lang):
        put(ws, row, 1, step).alignment = styles.wrap
        row += 1
    row += 1
    put(ws, row, 1, L.words("readme.legend", lang)).font = styles.bold
    for key, fill, face in (("proposed", styles.proposed, styles.body_font),
                            ("required", styles.header_fill, styles.header_font),
                            ("yours", None, styles.body_font)):
        row += 1
        cell = put(ws, row, 1, L.words(f"readme.{key}", lang))
        cell.font, cell.border, cell.alignment = face, styles.border, styles.wrap
        if fill is not None:
            cell.fill = fill
        # NOTE: a bordered line of CJK text is taller than the 15 pt LibreOffice assumes
        ws.row_dimensions[row].height = LINE_HEIGHT + 2
    ws.column_dimensions["A"].width = 110
    _fit_heights(ws, 4)  # a step longer than the column wraps, and shows as it wraps
    _print_setup(ws, ctx, 1)


def _listed(key: str, lang: str) -> list[str]:
    """A list entry of `plan_workbook` (the front sheet's steps)."""
    return list(lookup(f"plan_workbook.{key}", lang))


class _SheetWriter:
    """Writes one section's sheet: title, hint, form rows, table, validation, print setup."""

    def __init__(self, book: Any, sheet: L.Sheet, ctx: dict, styles: _Styles):
        self.sheet, self.ctx, self.s, self.lang = sheet, ctx, styles, ctx["lang"]
        self.ws = book.create_sheet(sheet.title(self.lang))
        self.validations: dict[tuple, Any] = {}

    def write(self) -> None:
        """The whole sheet."""
        put(self.ws, L.TITLE_ROW, 1, self.sheet.title(self.lang)).font = self.s.title_font
        put(self.ws, L.HINT_ROW, 1, L.words(f"hints.{self.sheet.key}", self.lang)).font = \
            self.s.hint_font
        row = L.FIRST_ROW
        for field in self.sheet.form:
            self._form_row(row, field)
            row += 1
        header_row = row + 1 if self.sheet.form else row
        if self.sheet.table is not None:
            self._table(header_row)
        self._widths()
        _fit_heights(self.ws, L.FIRST_ROW)
        frozen = header_row + 1 if self.sheet.table is not None else L.FIRST_ROW
        self.ws.freeze_panes = f"{'C' if self.sheet.key == 'goals' else 'A'}{frozen}"
        _print_setup(self.ws, self.ctx, frozen - 1 if self.sheet.table is not None else None)

    def _form_row(self, row: int, field: L.Field) -> None:
        """Label in column A (with the help as its comment), the value in column B."""
        label = put(self.ws, row, 1, _heading(field, self.lang))
        label.font, label.border, label.alignment = self.s.bold, self.s.border, self.s.top
        label.fill = self.s.header_fill if field.required else self.s.label_fill
        if field.required:
            label.font = self.s.header_font
        label.comment = _comment(field, self.lang)
        proposed = self.ctx["form_proposed"]
        value = proposed.get(field.key, _get(self.ctx["values"], field.key))
        self._value(row, 2, field, value,
                    field.key in proposed or field.key in self.ctx["recorded"])
        self.ws.cell(row, 2).alignment = self.s.left  # a form reads down one column

    def _table(self, header_row: int) -> None:
        """The header, one row per record, then blank rows to add records in."""
        columns = self.sheet.table.columns
        for col, field in enumerate(columns, start=1):
            cell = put(self.ws, header_row, col, _heading(field, self.lang))
            cell.font, cell.fill, cell.border = self.s.header_font, self.s.header_fill, \
                self.s.border
            cell.alignment = self.s.header_align
            cell.comment = _comment(field, self.lang)
        rows = self.ctx["rows"][self.sheet.key]
        first = header_row + 1
        for offset, record in enumerate(rows):
            for col, field in enumerate(columns, start=1):
                self._value(first + offset, col, field, record.values.get(field.key),
                            field.key in record.proposed)
        last = first + len(rows) + self.sheet.table.extra_rows - 1
        for row in range(first + len(rows), last + 1):
            for col, field in enumerate(columns, start=1):
                self._value(row, col, field, None, False)
        for col, field in enumerate(columns, start=1):
            self._validate(field, f"{get_column_letter(col)}{first}:"
                                  f"{get_column_letter(col)}{first + L.VALIDATED_ROWS}")
        self.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last}"

    def _value(self, row: int, col: int, field: L.Field, value: Any, proposed: bool) -> None:
        """One value cell: written as its kind, bordered, light blue when proposed."""
        cell = put(self.ws, row, col, _cell_value(field, value, self.lang))
        cell.border, cell.font = self.s.border, self.s.body_font
        cell.number_format = _number_format(field, value)
        cell.alignment = self.s.wrap if field.kind in (L.TEXT, L.MULTILINE, L.LIST) \
            else self.s.top
        if proposed:
            cell.fill = self.s.proposed
        if self.sheet.table is None or field in self.sheet.form:
            self._validate(field, cell.coordinate)

    def _validate(self, field: L.Field, ref: str) -> None:
        """Add `ref` to the sheet's validation for the field's kind (one per kind)."""
        key = (field.kind, field.group)
        if field.kind in (L.TEXT, L.MULTILINE, L.LIST):
            return
        if key not in self.validations:
            self.validations[key] = _validation(field, self.lang)
            self.ws.add_data_validation(self.validations[key])
        self.validations[key].add(ref)

    def _widths(self) -> None:
        """Form sheets: a label column and a wide value column; tables: the layout's widths."""
        if self.sheet.table is None or self.sheet.form:
            self.ws.column_dimensions["A"].width = max(24, self.ws.column_dimensions["A"].width)
            self.ws.column_dimensions["B"].width = 60
        if self.sheet.table is not None:
            for col, field in enumerate(self.sheet.table.columns, start=1):
                letter = get_column_letter(col)
                current = self.ws.column_dimensions[letter].width or 0
                self.ws.column_dimensions[letter].width = max(field.width, current)


def _fit_heights(ws: Any, first_row: int) -> None:
    """Rows tall enough for their wrapped text. Excel fits row heights when a file is
    opened, but LibreOffice (and its PDF export) keeps the height a row was saved with."""
    for row in range(first_row, ws.max_row + 1):
        lines = 1
        for cell in ws[row]:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = max((ws.column_dimensions[cell.column_letter].width or 10) - 1, 1)
            lines = max(lines, sum(max(1, math.ceil(width_units(part) / width))
                                   for part in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2


def _get(values: dict, path: str) -> Any:
    node: Any = values
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _heading(field: L.Field, lang: str) -> str:
    """A header or form label; a required field's ends in ` *` (the legend says so)."""
    return field.label(lang) + (L.REQUIRED_MARK if field.required else "")


def _comment(field: L.Field, lang: str) -> Comment:
    """The header's comment: the questionnaire's help, how to type the value, required."""
    lines = [field.help(lang), L.words(f"types.{field.kind}", lang)]
    if field.kind == L.CHOICE:
        names = L.choice_names(field.group, lang).values()
        lines[-1] = L.words("types.choice", lang, names=t("format.list_sep", lang=lang).join(names))
    if field.required:
        lines.append(L.words("types.required", lang))
    comment = Comment(clean_text("\n".join(line for line in lines if line)), COMMENT_AUTHOR)
    comment.width, comment.height = 260, 110
    return comment


def _cell_value(field: L.Field, value: Any, lang: str) -> Any:
    """A value as its cell holds it: choices by display name, lists one item per line."""
    if value is None or value == []:
        return None
    if field.kind == L.CHOICE:
        return L.choice_names(field.group, lang).get(str(value), str(value))
    if field.kind == L.BOOL:
        return L.words("yes" if value else "no", lang)
    if field.kind == L.LIST:
        return L.join_list(value if isinstance(value, list) else [value], lang)
    if field.kind == L.DATE and isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    return value


def _number_format(field: L.Field, value: Any) -> str:
    """Dates as dates; amounts with decimals only when they have some; text as text ("@"),
    so a task id typed `3-1` stays text instead of becoming a date."""
    fraction = isinstance(value, float) and not value.is_integer()
    if field.kind in (L.MONEY, L.NUMBER) and fraction:
        return MONEY_FORMAT if field.kind == L.MONEY else "#,##0.0##"
    if field.kind == L.NUMBER and isinstance(value, int | float):
        return COUNT_FORMAT
    return NUMBER_FORMATS.get(field.kind, TEXT_FORMAT)


def _validation(field: L.Field, lang: str) -> DataValidation:
    """The column's check, with the sentence a client shows when it fails."""
    if field.kind in (L.CHOICE, L.BOOL):
        dv = DataValidation(type="list", formula1=_list_range(field, lang))
        dv.errorStyle = "stop"
    elif field.kind == L.DATE:
        dv = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                            formula2="DATE(2200,12,31)")
        dv.errorStyle = "warning"  # NOTE: `6月1日` typed as text is read too; warn, not refuse
    else:
        low = "0" if field.kind in (L.MONEY, L.COUNT) else str(-MAX_NUMBER)
        dv = DataValidation(type="whole" if field.kind == L.COUNT else "decimal",
                            operator="between", formula1=low, formula2=str(MAX_NUMBER))
        dv.errorStyle = "warning"  # NOTE: `2万` and `¥20,000` typed as text are read too
    dv.allow_blank, dv.showErrorMessage = True, True
    dv.errorTitle = COMMENT_AUTHOR
    dv.error = L.words(f"invalid.{field.kind}", lang)
    return dv


def _list_range(field: L.Field, lang: str) -> str:
    """The drop-down's source: the group's names on the hidden sheet."""
    group = field.group or "bool"
    col = get_column_letter(L.LIST_COLUMN + L.CHOICE_GROUPS.index(group))
    count = len(L.choice_names(group, lang))
    return f"{quote_sheetname(L.META_SHEET)}!${col}$2:${col}${count + 1}"


def _meta(book: Any, ctx: dict) -> None:
    """The hidden sheet: format, language, the drop-downs' lists and what was proposed."""
    lang = ctx["lang"]
    ws = book.create_sheet(L.META_SHEET)
    ws.sheet_state = "hidden"
    for col, value in enumerate((L.META_SHEET, L.FORMAT, lang), start=1):
        put(ws, 1, col, value)
    for row, proposal in enumerate(ctx["proposals"], start=2):
        put(ws, row, 1, L.PROPOSAL)
        put(ws, row, 2, json.dumps(proposal, ensure_ascii=False, default=str, sort_keys=True))
    for offset, group in enumerate(L.CHOICE_GROUPS):
        col = L.LIST_COLUMN + offset
        put(ws, 1, col, group)
        for row, name in enumerate(L.choice_names(group, lang).values(), start=2):
            put(ws, row, col, name)


def _print_setup(ws: Any, ctx: dict, header_row: int | None) -> None:
    """Landscape A4, one page wide, the header row on every page, the theme and page
    numbers in the margins."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    # NOTE: & starts a header/footer code; doubled, a theme like "A&B" prints as typed
    if ctx["theme"]:
        ws.oddHeader.center.text = clean_text(str(ctx["theme"])).replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"
