"""The schedule workbook: the task table, the Gantt, and the workload per owner.

Sheet 1, the table: frozen header and id/task columns, filters, real Excel dates, a status
drop-down. Sheet 2, the Gantt: id and task, then one filled cell per day (or week). Sheet 3,
the workload per owner. Each sheet prints on pages of its own, landscape A4 with the
header row (and on the Gantt the id/task columns) repeated: the table one page wide, the
Gantt as many pages wide as keep its cells at 9 pt or more on paper.
Every cell is in writers/xlsx/fonts.py's font: Chinese and Latin on one baseline.
Imported only when a workbook is written (generate.VIEW_WRITERS): openpyxl at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.atomic import write_with
from generator.locales import lookup, t
from generator.textsafe import clean_text
from generator.writers import palette
from generator.views.schedule import MILESTONE_MARK
from generator.writers.xlsx.cells import put, set_value
from generator.writers.xlsx.fonts import LINE_HEIGHT, font, prepare, width_units

TABLE_FIELDS = ("id", "task", "phase_label", "owner_label", "start", "end", "days",
                "deliverable", "depends_on", "milestone", "status")
HEADER_KEYS = ("id", "task", "phase", "owner", "start", "end", "days", "deliverable",
               "depends_on", "milestone", "status")  # schedule.columns.* in the catalogue
WIDTHS = (7, 32, 12, 10, 11.5, 11.5, 6, 28, 12, 10, 10)
OWNER_FIELDS = ("owner", "tasks", "task_days", "busy_days", "peak", "overlap_text")
# schedule.workload.* in the catalogue: the words of the PDF's workload table
OWNER_HEADERS = ("owner", "tasks", "task_days", "busy_days", "peak", "overlaps")
OWNER_WIDTHS = (16, 9, 11, 11, 11, 50)
CHECKLIST_HEADERS = ("item", "detail", "owner", "due", "status")
CHECKLIST_WIDTHS = (24, 60, 11, 12, 10)
DONE = 2  # workbook.schedule.statuses: not started, in progress, done, delayed
DATE_FORMAT = "yyyy-mm-dd"
# Colours (ARGB without alpha): the documents' header rows, and the same meaning as the
# document's Gantt cell classes.
COLOURS = {"header": palette.ACCENT, "on": "8DB4E2", "crit": "E26B6B", "ms": "1F3864",
           "edge": "C0504D", "phase": "F2F2F2"}
GANTT_LEAD = ("id", "task")  # the table columns the Gantt sheet repeats on its left
GANTT_LEAD_WIDTHS = (7, 26)
GANTT_TASK_MAX_WIDTH = 34  # wider, and the Gantt's days would get less of each page
# NOTE: LibreOffice shows a rotated 9 pt date in a column narrower than 2.8 as ###
DAY_WIDTH, WEEK_WIDTH = 2.8, 4.5
# Printable width of landscape A4 with 0.4" side margins at 96 dpi (277 mm ~ 1047 px); a
# column is `width` digits of the default font (~8 px for 11 pt Noto) plus 5 px padding.
PRINT_WIDTH_PX, DIGIT_PX = 1047, 8
MIN_PRINT_SCALE = 9 / 11  # 11 pt cells print at 9 pt or more


def write_schedule_xlsx(view: Any, path: str | Path) -> Path:
    """Write the schedule workbook for a schedule `View` to `path` (atomically)."""
    sched = view.context["sched"]
    lang = sched["lang"]
    tasks_title = t("workbook.schedule.sheet_tasks", lang=lang)
    workbook = Workbook()
    prepare(workbook, lang)
    workbook.properties.title = clean_text(f'{sched["theme"]} · {tasks_title}')
    workbook.properties.creator = "campaign-docs"
    tasks_sheet = workbook.active
    tasks_sheet.title = tasks_title
    _task_sheet(tasks_sheet, sched)
    _gantt_sheet(workbook.create_sheet(t("schedule.gantt.title", lang=lang)), sched)
    _owner_sheet(workbook.create_sheet(t("schedule.workload.title", lang=lang)), sched)
    if sched["checklist"]:
        _checklist_sheet(workbook.create_sheet(
            t("workbook.schedule.sheet_checklist", lang=lang)), sched)
    return write_with(path, workbook.save)


def _header(sheet: Any, titles: list[str], widths: tuple) -> None:
    """Bold, shaded, wrapped header row 1 and the column widths."""
    fill = PatternFill("solid", fgColor=COLOURS["header"])
    for col, (title, width) in enumerate(zip(titles, widths, strict=False), start=1):
        cell = put(sheet, 1, col, title)
        cell.font = font(bold=True, color=palette.HEADER_TEXT)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width


def _row_values(task: dict) -> list:
    """One task as the table's cell values (dates stay dates)."""
    values = {**task, "depends_on": ", ".join(task["depends_on"]),
              "milestone": "◆" if task["milestone"] else "", "status": None}
    return [values.get(field) for field in TABLE_FIELDS]


def _task_sheet(sheet: Any, sched: dict) -> None:
    """Task table (rows 2..n+1) with the Gantt to its right."""
    lang = sched["lang"]
    _header(sheet, [t(f"schedule.columns.{k}", lang=lang) for k in HEADER_KEYS], WIDTHS)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row, task in enumerate(sched["tasks"], start=2):
        for col, value in enumerate(_row_values(task), start=1):
            cell = put(sheet, row, col, value)
            cell.alignment = wrap
            if TABLE_FIELDS[col - 1] in ("start", "end"):
                cell.number_format = DATE_FORMAT
        if task["critical"]:
            sheet.cell(row=row, column=1).font = font(bold=True, color=COLOURS["crit"])
    last = len(sched["tasks"]) + 1
    width = len(HEADER_KEYS)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{last}"
    _status_dropdown(sheet, list(lookup("workbook.schedule.statuses", lang)),
                     HEADER_KEYS.index("status") + 1, last)
    _fit_rows(sheet, WIDTHS)
    _print_setup(sheet, sched["theme"], f"A1:{get_column_letter(width)}{last}")


def _fit_rows(sheet: Any, widths: tuple) -> None:
    """Row heights for wrapped text in the first len(widths) columns: neither Excel nor
    LibreOffice grows a row that openpyxl wrote, so a two-line task would be cut
    (LibreOffice draws it over the next row)."""
    for row in range(1, sheet.max_row + 1):
        lines = max(math.ceil(width_units(_shown(sheet.cell(row, col).value))
                              / max(width - 1, 1)) for col, width in enumerate(widths, 1))
        if lines > 1:
            sheet.row_dimensions[row].height = lines * LINE_HEIGHT + 2


def _shown(value: Any) -> str:
    """A cell's text as it shows (a date as yyyy-mm-dd, which never wraps)."""
    return "" if value is None else "2026-01-01" if hasattr(value, "year") else str(value)


def _gantt_sheet(sheet: Any, sched: dict) -> None:
    """The Gantt on a sheet of its own: id and task, then the day (or week) columns."""
    lang = sched["lang"]
    widths = _gantt_lead_widths(sched["tasks"])
    _header(sheet, [t(f"schedule.columns.{k}", lang=lang) for k in GANTT_LEAD], widths)
    for row, task in enumerate(sched["tasks"], start=2):
        for col, field in enumerate(GANTT_LEAD, start=1):
            cell = put(sheet, row, col, task[field])
            cell.alignment = Alignment(vertical="center", wrap_text=field == "task")
            if task["critical"] and col == 1:
                cell.font = font(bold=True, color=COLOURS["crit"])
    first_col = len(GANTT_LEAD) + 1
    _fit_rows(sheet, widths)
    _gantt(sheet, sched, first_col=first_col)
    sheet.freeze_panes = sheet.cell(row=2, column=first_col).coordinate
    last = len(sched["tasks"]) + 1
    legend_end = _gantt_legend(sheet, lang, first_col=first_col, row=last + 2)
    _print_setup(sheet, sched["theme"],
                 f"A1:{get_column_letter(sheet.max_column)}{legend_end}",
                 pages_wide=_pages_wide(sheet))
    sheet.print_title_cols = f"A:{get_column_letter(len(GANTT_LEAD))}"


def _gantt_lead_widths(tasks: list[dict]) -> tuple[float, float]:
    """The id column and a task column as wide as the longest task (within bounds): a task
    name a little over the default width wrapped one character, often a lone "）", onto a
    line of its own."""
    longest = max((width_units(str(task["task"])) for task in tasks), default=0)
    task_width = min(GANTT_TASK_MAX_WIDTH, max(GANTT_LEAD_WIDTHS[1], math.ceil(longest) + 2))
    return GANTT_LEAD_WIDTHS[0], task_width


def _pages_wide(sheet: Any) -> int:
    """How many pages wide the sheet prints so that it is scaled to >= MIN_PRINT_SCALE."""
    pixels = sum(dim.width * DIGIT_PX + 5 for dim in sheet.column_dimensions.values() if dim.width)
    return max(1, math.ceil(pixels * MIN_PRINT_SCALE / PRINT_WIDTH_PX))


def _status_dropdown(sheet: Any, statuses: list[str], col: int, last_row: int) -> None:
    """A list validation (未开始/进行中/已完成/延期) on the status column."""
    letter = get_column_letter(col)
    validation = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"',
                                allow_blank=True, showDropDown=False)
    validation.error = ", ".join(statuses)
    validation.add(f"{letter}2:{letter}{max(last_row, 2)}")
    sheet.add_data_validation(validation)


def _gantt(sheet: Any, sched: dict, first_col: int) -> None:
    """Header cells are real dates (day or week start); task cells filled like the PDF."""
    gantt = sched["gantt"]
    fills = {k: PatternFill("solid", fgColor=COLOURS[k]) for k in ("on", "crit", "ms", "header")}
    edge_side = Side(style="medium", color=COLOURS["edge"])
    edge = Border(left=edge_side, right=edge_side)
    centre = Alignment(horizontal="center", vertical="center", text_rotation=90)
    day_mode = gantt["unit"] == "day"
    for offset, column in enumerate(gantt["columns"]):
        col = first_col + offset
        cell = put(sheet, 1, col, column["start"])
        cell.number_format = "m/d"
        cell.font = font(bold=True, size=9, color=palette.HEADER_TEXT)
        cell.fill = fills["header"]
        cell.alignment = centre
        if column["edge"]:
            cell.border = edge
        sheet.column_dimensions[get_column_letter(col)].width = (DAY_WIDTH if day_mode
                                                                 else WEEK_WIDTH)
    white = font(color="FFFFFF", bold=True)
    grid_side = Side(style="hair", color="BFBFBF")
    grid = Border(left=grid_side, right=grid_side, top=grid_side, bottom=grid_side)
    for row, gantt_row in enumerate(gantt["rows"], start=2):
        for offset, spec in enumerate(gantt_row["cells"]):
            classes = spec["cls"].split()
            cell = sheet.cell(row=row, column=first_col + offset)
            for name in ("ms", "crit", "on"):  # the strongest meaning wins
                if name in classes:
                    cell.fill = fills[name]
                    break
            if "ms" in classes:
                set_value(cell, spec["text"])
                cell.font = white
                cell.alignment = Alignment(horizontal="center")
            cell.border = edge if "edge" in classes else grid
    sheet.row_dimensions[1].height = 42


def _gantt_legend(sheet: Any, lang: str, first_col: int, row: int) -> int:
    """Under the Gantt, one line per cell kind: its colour, then what it means (the
    document's legend). Returns the last row written."""
    side = Side(style="medium", color=COLOURS["edge"])
    for offset, kind in enumerate(("on", "crit", "ms", "edge")):
        key = sheet.cell(row=row + offset, column=first_col)
        if kind == "edge":
            key.border = Border(left=side, right=side)
        else:
            key.fill = PatternFill("solid", fgColor=COLOURS[kind])
        if kind == "ms":
            key.value = MILESTONE_MARK
            key.font = font(color="FFFFFF", bold=True)
            key.alignment = Alignment(horizontal="center")
        label = put(sheet, row + offset, first_col + 1, t(f"schedule.gantt.legend.{kind}",
                                                          lang=lang))
        label.font = font(size=9, color="595959")
    return row + 3


def _print_setup(sheet: Any, theme: str, area: str | None = None,
                 pages_wide: int = 1) -> None:
    """Landscape A4, fit to `pages_wide` pages wide, header row on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    # NOTE: & starts a header/footer code; double it so a theme like "A&B" prints as-is
    sheet.oddHeader.center.text = clean_text(theme).replace("&", "&&")
    sheet.oddFooter.center.text = "&P / &N"
    if area:
        sheet.print_area = area


def _checklist_sheet(sheet: Any, sched: dict) -> None:
    """The go-live checklist (issue 16): not tasks (no start, no Gantt bar, no id to depend
    on), so a sheet of its own beside the schedule, with the task sheet's status drop-down;
    a check due on or after the launch has its date in the critical colour."""
    lang = sched["lang"]
    _header(sheet, [t(f"plan.checklist.{k}", lang=lang) for k in CHECKLIST_HEADERS],
            CHECKLIST_WIDTHS)
    wrap = Alignment(vertical="top", wrap_text=True)
    statuses = list(lookup("workbook.schedule.statuses", lang))
    for row, item in enumerate(sched["checklist"], start=2):
        values = {**item, "status": statuses[DONE] if item["done"] else None}
        for col, field in enumerate(CHECKLIST_HEADERS, start=1):
            cell = put(sheet, row, col, values[field])
            cell.alignment = wrap
            if field == "due":
                cell.number_format = DATE_FORMAT
                if item["late"]:
                    cell.font = font(bold=True, color=COLOURS["crit"])
    last = len(sched["checklist"]) + 1
    sheet.freeze_panes = "A2"
    _status_dropdown(sheet, statuses, CHECKLIST_HEADERS.index("status") + 1, last)
    _fit_rows(sheet, CHECKLIST_WIDTHS)
    _print_setup(sheet, sched["theme"], f"A1:{get_column_letter(len(CHECKLIST_HEADERS))}{last}")


def _owner_sheet(sheet: Any, sched: dict) -> None:
    """Per-owner workload: tasks, task-days, busy days, peak parallel tasks, overlaps."""
    lang = sched["lang"]
    _header(sheet, [t(f"schedule.workload.{k}", lang=lang) for k in OWNER_HEADERS],
            OWNER_WIDTHS)
    for row, entry in enumerate(sched["workload"], start=2):
        for col, field in enumerate(OWNER_FIELDS, start=1):
            cell = put(sheet, row, col, entry[field])
            cell.alignment = Alignment(vertical="top", wrap_text=field == "overlap_text")
    _fit_rows(sheet, OWNER_WIDTHS)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:F{len(sched['workload']) + 1}"
    _print_setup(sheet, sched["theme"])
