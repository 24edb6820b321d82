"""The review fill-in workbook (XLSX): the plan's figures prefilled, the actuals to fill in.

One sheet each for key results, channels, costs and revenue, the funnel and participants,
and feedback / problems / lessons / follow-up. Cells to fill are yellow with number (or
date, or list) validation; the header row is frozen. When the answers already have
`results`, those values are prefilled, so the workbook also edits recorded actuals.
Reading it back lives in readers/review_workbook.py (`read_review_workbook`, re-exported
here). Imported only when the workbook is written or read: openpyxl at the top.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.atomic import write_with
from generator.locales import DEFAULT_LANG, label, t
from generator.readers.review_workbook import read_review_workbook  # noqa: F401  (public API lives here)
from generator.views.review import build_review_view
from generator.writers import palette
from generator.writers.xlsx import review_layout as L
from generator.writers.xlsx.cells import put
from generator.writers.xlsx.fonts import font, prepare

NAVY, WHITE, YELLOW, GREY, BORDER = palette.ACCENT, "FFFFFF", "FFF2CC", "F2F2F2", "BFBFBF"
COUNT_FORMAT, MONEY_FORMAT, DATE_FORMAT = "#,##0", "#,##0.00", "yyyy-mm-dd"
MAX_NUMBER = 10**15


class _Styles:
    """The few openpyxl styles the workbook uses (built once per workbook)."""

    def __init__(self) -> None:

        side = Side(style="thin", color=BORDER)
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.header_fill = PatternFill("solid", fgColor=NAVY)
        self.header_font = font(bold=True, color=WHITE)
        self.fill_in = PatternFill("solid", fgColor=YELLOW)
        self.plan = PatternFill("solid", fgColor=GREY)
        self.title_font = font(bold=True, size=14)
        self.hint_font = font(color=palette.MUTED)  # no italic: CJK has none
        self.bold = font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")


class _Sheet:
    """One worksheet plus helpers that keep every cell styled the same way."""

    def __init__(self, book: Any, key: str, lang: str, styles: _Styles):
        self.ws = book.create_sheet(L.text(f"sheets.{key}", lang))
        self.lang, self.s, self.row = lang, styles, L.FIRST_ROW
        self.validations: dict[str, Any] = {}

    def title(self, key: str) -> None:
        """Row 1 the sheet's title, row 2 what to fill in, row 3 the column headers."""
        put(self.ws, L.TITLE_ROW, 1, L.text(f"sheets.{key}", self.lang)).font = \
            self.s.title_font
        put(self.ws, L.HINT_ROW, 1, L.text(f"hints.{key}", self.lang)).font = \
            self.s.hint_font
        self.header(L.words(f"columns.{key}", self.lang))

    def header(self, labels: list[str], row: int | None = None) -> None:
        """A navy header row (row 3 unless given)."""
        row = row or L.HEADER_ROW
        for col, heading in enumerate(labels, start=1):
            cell = put(self.ws, row, col, heading)
            cell.fill, cell.font, cell.border = self.s.header_fill, self.s.header_font, \
                self.s.border

    def plan(self, row: int, col: int, value: Any, fmt: str | None = None) -> None:
        """A grey cell from the plan."""
        cell = put(self.ws, row, col, value)
        cell.fill, cell.border = self.s.plan, self.s.border
        if fmt:
            cell.number_format = fmt

    def fill(self, row: int, col: int, value: Any = None, kind: str = "text",
             fmt: str | None = None) -> None:
        """A yellow cell to fill in, with the validation of its `kind`."""
        cell = put(self.ws, row, col, value)
        cell.fill, cell.border = self.s.fill_in, self.s.border
        if fmt:
            cell.number_format = fmt
        if kind != "text":
            self._validation(kind).add(cell.coordinate)

    def _validation(self, kind: str) -> Any:
        """One DataValidation per kind and sheet: count/money >= 0, any number, date, list."""
        if kind not in self.validations:
            self.validations[kind] = _make_validation(kind, self.lang)
            self.ws.add_data_validation(self.validations[kind])
        return self.validations[kind]

    def finish(self, widths: dict[str, int] | None = None) -> None:
        """Freeze the header, size the columns, print landscape on one page wide."""
        self.ws.freeze_panes = f"A{L.FIRST_ROW}"
        _autosize(self.ws, widths or {})
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True


def _make_validation(kind: str, lang: str) -> Any:
    """The DataValidation for a fill-in `kind`, with an error message in `lang`."""
    if kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                            formula2="DATE(2100,12,31)")
        message = L.text("errors.date", lang)
    elif kind == "list":
        names = ",".join(L.text(f"kinds.{k}", lang) for k in L.NOTE_KINDS)
        dv = DataValidation(type="list", formula1=f'"{names}"')
        message = L.text("errors.list", lang)
    else:
        low = "0" if kind in ("count", "money") else str(-MAX_NUMBER)
        dv = DataValidation(type="decimal", operator="between", formula1=low,
                            formula2=str(MAX_NUMBER))
        message = L.text("errors.number", lang)
    dv.allow_blank, dv.showErrorMessage = True, True
    dv.errorTitle = t("workbook.error_title", lang=lang)
    dv.error = message
    return dv


def _display_width(value: Any) -> int:
    """Characters a value takes on screen: CJK counts double."""
    text = str(value) if value is not None else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _autosize(ws: Any, fixed: dict[str, int]) -> None:
    """Column widths from the content below the title rows (capped), or `fixed`."""
    for col in range(1, ws.max_column + 1):
        letter = get_column_letter(col)
        cells = [ws.cell(r, col).value for r in range(L.HEADER_ROW, ws.max_row + 1)]
        width = max([_display_width(v) for v in cells] + [8])
        ws.column_dimensions[letter].width = fixed.get(letter, min(width + 3, 60))


def _as_view(view_or_answers: Any) -> Any:
    """Accept a review View or an Answers model (then build the view, without charts)."""
    if hasattr(view_or_answers, "context"):
        return view_or_answers

    return build_review_view(view_or_answers, view_or_answers.lang)


def write_review_workbook(view_or_answers: Any, path: str | Path) -> Path:
    """Write the fill-in workbook for a review View (or Answers) atomically to `path`."""
    ctx = _as_view(view_or_answers).context
    lang = ctx.get("lang", DEFAULT_LANG)
    book, styles = Workbook(), _Styles()
    prepare(book, lang)
    book.remove(book.active)
    for write in (_readme, _key_results, _channels, _costs, _funnel, _notes, _resources,
                  _daily):
        write(book, ctx, lang, styles)
    book.active = 1  # open on the key results, the first thing to fill in
    return write_with(path, book.save)


def _readme(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """The instructions sheet."""
    sheet = _Sheet(book, "readme", lang, styles)
    c = ctx["answers"].campaign
    lines = [L.text("readme.title", lang),
             L.text("readme.campaign", lang, theme=c.theme, start=c.start, end=c.end),
             *L.words("readme.steps", lang)]
    for row, line in enumerate(lines, start=1):
        cell = put(sheet.ws, row, 1, line)
        if row <= 2:
            cell.font = styles.title_font if row == 1 else styles.bold
    sheet.ws.column_dimensions["A"].width = 100


def _key_results(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """Metric, baseline and target from the plan; the actual, and why it was missed or
    exceeded (reason, lesson), to fill in."""
    sheet = _Sheet(book, "krs", lang, styles)
    sheet.title("krs")
    objectives = {kr["code"]: o["objective"] for o in ctx["objectives"] for kr in o["krs"]}
    results = ctx["answers"].results
    reasons = {kr.metric: kr for kr in (results.key_results if results else [])}
    for row, kr in enumerate(ctx["key_results"], start=L.FIRST_ROW):
        for col, value in enumerate([kr["code"], objectives[kr["code"]], kr["metric"],
                                     kr["unit"]], start=1):
            sheet.plan(row, col, value)
        fmt = COUNT_FORMAT if kr["digits"] == 0 else "#,##0.0"
        sheet.plan(row, 5, kr["baseline"], fmt)
        sheet.plan(row, 6, kr["target"], fmt)
        sheet.fill(row, 7, kr["actual"], "number", fmt)
        why = reasons.get(kr["metric"])
        sheet.fill(row, 8, why.reason if why else None)
        sheet.fill(row, 9, why.lesson if why else None)
    sheet.finish({"B": 28, "H": 36, "I": 36})


def _channels(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """Channel and budget from the plan; participants, conversions and spend to fill in."""
    sheet = _Sheet(book, "channels", lang, styles)
    sheet.title("channels")
    row = L.FIRST_ROW
    for ch in ctx["channels"]["rows"]:
        writer = sheet.plan if ch["planned"] else sheet.fill
        writer(row, 1, ch["name"])
        sheet.plan(row, 2, label("channel_kind", ch["kind"], lang) if ch["kind"] else None)
        sheet.plan(row, 3, ch["budget"], MONEY_FORMAT)
        sheet.fill(row, 4, ch["participants"], "count", COUNT_FORMAT)
        sheet.fill(row, 5, ch["conversions"], "count", COUNT_FORMAT)
        sheet.fill(row, 6, ch["cost"], "money", MONEY_FORMAT)
        row += 1
    for extra in range(row, row + L.EXTRA_ROWS):
        sheet.fill(extra, 1)
        sheet.plan(extra, 2, None)
        sheet.plan(extra, 3, None)
        for col, kind, fmt in ((4, "count", COUNT_FORMAT), (5, "count", COUNT_FORMAT),
                               (6, "money", MONEY_FORMAT)):
            sheet.fill(extra, col, None, kind, fmt)
    sheet.finish()


def _costs(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """Cost lines by kind, then the revenue and (for reference) the budget."""
    sheet = _Sheet(book, "costs", lang, styles)
    sheet.title("costs")
    cost = ctx["cost"]
    lines = [(line["item"], line["amount"]) for line in cost["lines"]]
    row = L.FIRST_ROW
    for item, amount in lines + [(None, None)] * L.EXTRA_ROWS:
        sheet.fill(row, 1, item)
        sheet.fill(row, 2, amount, "money", MONEY_FORMAT)
        row += 1
    put(sheet.ws, row + 1, 1, L.text("labels.revenue", lang)).font = styles.bold
    sheet.fill(row + 1, 2, cost.get("revenue"), "money", MONEY_FORMAT)
    put(sheet.ws, row + 2, 1, L.text("labels.budget", lang))
    sheet.plan(row + 2, 2, cost.get("budget"), MONEY_FORMAT)
    sheet.finish()


def _funnel(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """Funnel steps, the participant total, participants by source."""
    sheet = _Sheet(book, "funnel", lang, styles)
    sheet.title("funnel")
    values = {s["key"]: s["value"] for s in (ctx["funnel"] or {}).get("steps", [])}
    row = L.FIRST_ROW
    for key in L.FUNNEL_STEPS:
        sheet.plan(row, 1, label("funnel_step", key, lang))
        sheet.fill(row, 2, values.get(key), "count", COUNT_FORMAT)
        row += 1
    participants = ctx["participants"] or {}
    put(sheet.ws, row + 1, 1, L.text("labels.participants_total", lang)).font = styles.bold
    sheet.fill(row + 1, 2, participants.get("total"), "count", COUNT_FORMAT)
    sheet.header(L.words("columns.sources", lang), row=row + 3)
    # NOTE: the view's difference row (unattributed / counted twice) is computed, not typed
    sources = [(s["name"], s["value"]) for s in participants.get("sources", [])
               if not s["difference"]]
    if not participants:
        sources = [(ch["name"], None) for ch in ctx["channels"]["rows"]]
    for offset, (name, value) in enumerate(sources + [(None, None)] * L.EXTRA_ROWS):
        sheet.fill(row + 4 + offset, 1, name)
        sheet.fill(row + 4 + offset, 2, value, "count", COUNT_FORMAT)
    sheet.finish()


def _notes(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """Feedback, problems, lessons and follow-up: one row each, kind picked from a list."""
    sheet = _Sheet(book, "notes", lang, styles)
    sheet.title("notes")
    rows = _note_rows(ctx)
    for row, (kind, text, improvement, owner, due) in enumerate(rows, start=L.FIRST_ROW):
        sheet.fill(row, 1, L.text(f"kinds.{kind}", lang), "list")
        sheet.fill(row, 2, text)
        sheet.fill(row, 3, improvement)
        sheet.fill(row, 4, owner)
        sheet.fill(row, 5, due, "date", DATE_FORMAT)
        sheet.ws.cell(row, 2).alignment = styles.wrap
    sheet.finish({"B": 60, "C": 30, "D": 16, "E": 16})


def _note_rows(ctx: dict) -> list[tuple]:
    """What is recorded, then blank rows so every kind has room (at least 3 per kind)."""
    recorded = {
        "feedback": [(t, None, None, None) for t in ctx["feedback"]],
        "problems": [(p["problem"], p["improvement"], None, None) for p in ctx["problems"]],
        "lessons": [(t, None, None, None) for t in ctx["lessons"]],
        "follow_up": [(f["action"], None, f["owner"], f["due"]) for f in ctx["follow_up"]],
    }
    rows = []
    for kind, items in recorded.items():
        blanks = [(None, None, None, None)] * max(3 - len(items), 2 if items else 3)
        rows.extend((kind, *item) for item in items + blanks)
    return rows


def _resources(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """Resources asked for the next steps: what, how much, why (recorded ones, then blanks)."""
    sheet = _Sheet(book, "resources", lang, styles)
    sheet.title("resources")
    rows = [(r["what"], r["amount"], r["why"]) for r in ctx["resources"]]
    for row, (what, amount, why) in enumerate(rows + [(None, None, None)] * L.EXTRA_ROWS,
                                              start=L.FIRST_ROW):
        sheet.fill(row, 1, what)
        sheet.fill(row, 2, amount, "money", MONEY_FORMAT)
        sheet.fill(row, 3, why)
        sheet.ws.cell(row, 3).alignment = styles.wrap
    sheet.finish({"A": 30, "C": 60})


def _daily(book: Any, ctx: dict, lang: str, styles: _Styles) -> None:
    """每日数据: a row per day of the campaign (and any day already recorded), a column per
    key result metric (its name the header the reader matches)."""
    sheet = _Sheet(book, "daily", lang, styles)
    sheet.title("daily")
    metrics = list(dict.fromkeys(kr["metric"] for kr in ctx["key_results"]))
    # NOTE: as the key result sheet formats them ("#,##0.##" shows "50." in Excel)
    formats = {kr["metric"]: COUNT_FORMAT if kr["digits"] == 0 else "#,##0.0"
               for kr in ctx["key_results"]}
    for col, metric in enumerate(metrics, start=2):
        cell = put(sheet.ws, L.HEADER_ROW, col, metric)
        cell.fill, cell.font, cell.border = styles.header_fill, styles.header_font, styles.border
    recorded = {r.date: r.values for r in _daily_rows(ctx)}
    for row, day in enumerate(daily_dates(ctx["answers"], recorded), start=L.FIRST_ROW):
        sheet.fill(row, 1, day, "date", DATE_FORMAT)
        for col, metric in enumerate(metrics, start=2):
            sheet.fill(row, col, recorded.get(day, {}).get(metric), "number", formats[metric])
    sheet.finish({"A": 14})


def _daily_rows(ctx: dict) -> list[Any]:
    results = ctx["answers"].results
    return list(getattr(results, "daily", None) or [])


def daily_dates(answers: Any, recorded: dict) -> list[dt.date]:
    """The campaign's days (start to end, at most MAX_DAILY_DAYS) and any recorded day."""
    start, end = answers.campaign.start, answers.campaign.end
    days = min((end - start).days + 1, L.MAX_DAILY_DAYS)
    window = [start + dt.timedelta(days=i) for i in range(max(days, 0))]
    return sorted(set(window) | set(recorded))
