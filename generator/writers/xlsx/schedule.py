"""The schedule workbook: the task table with the Gantt beside it, and a per-owner sheet.

Sheet 1 has a frozen header (and frozen id/task columns), filters, real Excel dates, a
status drop-down and the Gantt as filled cells; sheet 2 is the workload per owner. Both
print landscape, fitted to the page width, with the header row repeated.
Imported only when a workbook is written (generate.VIEW_WRITERS): openpyxl at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.atomic import write_with
from generator.locales import lookup, t
from generator.textsafe import clean_text
from generator.writers.xlsx.cells import put, set_value

TABLE_FIELDS = ("id", "task", "phase_label", "owner_label", "start", "end", "days",
                "deliverable", "depends_on", "milestone", "status")
HEADER_KEYS = ("id", "task", "phase", "owner", "start", "end", "days", "deliverable",
               "depends_on", "milestone", "status")  # schedule.columns.* in the catalogue
WIDTHS = (7, 32, 12, 10, 11.5, 11.5, 6, 28, 12, 8, 10)
OWNER_FIELDS = ("owner", "tasks", "task_days", "busy_days", "peak", "overlap_text")
OWNER_HEADERS = ("owner", "tasks", "task_days", "busy_days", "peak",
                 "overlaps")  # workbook.schedule.owners.* in the catalogue
OWNER_WIDTHS = (16, 9, 11, 11, 11, 50)
DATE_FORMAT = "yyyy-mm-dd"
# Colours (ARGB without alpha): the same meaning as the document's Gantt cell classes.
COLOURS = {"header": "DCE6F1", "on": "8DB4E2", "crit": "E26B6B", "ms": "1F3864",
           "edge": "C0504D", "phase": "F2F2F2"}
GANTT_GAP = 1  # one narrow empty column between the table and the Gantt
FONT = "Calibri"  # the workbook default; a Font() without a name falls back to a serif


def write_schedule_xlsx(view: Any, path: str | Path) -> Path:
    """Write the schedule workbook for a schedule `View` to `path` (atomically)."""
    sched = view.context["sched"]
    lang = sched["lang"]
    tasks_title = t("workbook.schedule.sheet_tasks", lang=lang)
    workbook = Workbook()
    workbook.properties.title = clean_text(f'{sched["theme"]} · {tasks_title}')
    workbook.properties.creator = "campaign-docs"
    tasks_sheet = workbook.active
    tasks_sheet.title = tasks_title
    _task_sheet(tasks_sheet, sched)
    _owner_sheet(workbook.create_sheet(t("workbook.schedule.sheet_owners", lang=lang)), sched)
    return write_with(path, workbook.save)


def _header(sheet: Any, titles: list[str], widths: tuple) -> None:
    """Bold, shaded, wrapped header row 1 and the column widths."""
    fill = PatternFill("solid", fgColor=COLOURS["header"])
    for col, (title, width) in enumerate(zip(titles, widths, strict=False), start=1):
        cell = put(sheet, 1, col, title)
        cell.font = Font(name=FONT, bold=True)
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
            sheet.cell(row=row, column=1).font = Font(name=FONT, bold=True, color=COLOURS["crit"])
    last = len(sched["tasks"]) + 1
    width = len(HEADER_KEYS)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{last}"
    _status_dropdown(sheet, list(lookup("workbook.schedule.statuses", lang)),
                     HEADER_KEYS.index("status") + 1, last)
    sheet.column_dimensions[get_column_letter(width + GANTT_GAP)].width = 2
    _gantt(sheet, sched, first_col=width + GANTT_GAP + 1)
    _print_setup(sheet, sched["theme"], f"A1:{get_column_letter(sheet.max_column)}{last}")


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
        cell.font = Font(name=FONT, bold=True, size=8)
        cell.fill = fills["header"]
        cell.alignment = centre
        if column["edge"]:
            cell.border = edge
        sheet.column_dimensions[get_column_letter(col)].width = 3.2 if day_mode else 4.5
    white = Font(name=FONT, color="FFFFFF", bold=True)
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


def _print_setup(sheet: Any, theme: str, area: str | None = None) -> None:
    """Landscape A4, fit to one page wide, header row on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    # NOTE: & starts a header/footer code; double it so a theme like "A&B" prints as-is
    sheet.oddHeader.center.text = clean_text(theme).replace("&", "&&")
    sheet.oddFooter.center.text = "&P / &N"
    if area:
        sheet.print_area = area


def _owner_sheet(sheet: Any, sched: dict) -> None:
    """Per-owner workload: tasks, task-days, busy days, peak parallel tasks, overlaps."""
    lang = sched["lang"]
    _header(sheet, [t(f"workbook.schedule.owners.{k}", lang=lang) for k in OWNER_HEADERS],
            OWNER_WIDTHS)
    for row, entry in enumerate(sched["workload"], start=2):
        for col, field in enumerate(OWNER_FIELDS, start=1):
            cell = put(sheet, row, col, entry[field])
            cell.alignment = Alignment(vertical="top", wrap_text=field == "overlap_text")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:F{len(sched['workload']) + 1}"
    _print_setup(sheet, sched["theme"])
