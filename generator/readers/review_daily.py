"""The review workbook's issue-16 sheets read back: 每日数据 (a row per day, a column per key
result metric) and 资源申请 (what, amount, why).

Functions of the workbook reader (`readers/review_workbook._Reader`, passed in: this module
imports nothing of it, so the import goes one way). Every bad cell is a problem naming
sheet!cell; an empty cell is "not measured", never 0.
"""

from __future__ import annotations

from typing import Any

from generator.locales import msg
from generator.textsafe import clean_text
from generator.writers.xlsx import review_layout as L


def read_resources(reader: Any, ws: Any, results: dict, answers: Any) -> None:
    """Resources asked for: a row with a resource named; an amount or a reason alone is a
    problem at the empty name."""
    cols, rows = L.RESOURCE_COLUMNS, []
    for row in reader.data_rows(ws):
        what = reader.text(ws, f"{cols['what']}{row}")
        amount = reader.number(ws, f"{cols['amount']}{row}", "money")
        why = reader.text(ws, f"{cols['why']}{row}")
        reader.place(("resources", what), ws, f"{cols['amount']}{row}")
        if what is None:
            if amount is not None or why:
                reader.problem(ws, f"{cols['what']}{row}", msg("results.workbook.no_resource"))
            continue
        item: dict[str, Any] = {"what": what}
        if amount is not None:
            item["amount"] = amount
        if why:
            item["why"] = why
        rows.append(item)
    if rows:
        results["resources"] = rows


def read_daily(reader: Any, ws: Any, results: dict, answers: Any) -> None:
    """A row per day: the date in column A, each metric's figure under its header (a key
    result's metric name; with `answers`, a header that is not one is a problem)."""
    metrics = _metric_columns(reader, ws, answers)
    days: dict[Any, dict[str, Any]] = {}
    for row in reader.data_rows(ws):
        values = {}
        for col, metric in metrics:
            cell = f"{col}{row}"
            value = reader.number(ws, cell)
            if value is not None:
                values[metric] = value
        day = reader.date(ws, f"{L.DAILY_DATE}{row}")
        if day is not None:
            for col, metric in metrics:
                reader.place(("daily", day, metric), ws, f"{col}{row}")
        if not values:
            continue
        if day is None:
            if reader.text(ws, f"{L.DAILY_DATE}{row}") is None:
                reader.problem(ws, f"{L.DAILY_DATE}{row}", msg("results.workbook.no_day"))
        elif day in days:
            reader.problem(ws, f"{L.DAILY_DATE}{row}", msg("results.workbook.day_twice",
                                                          date=day.isoformat()))
        else:
            days[day] = values
    if days:
        results["daily"] = [{"date": day, "values": days[day]} for day in sorted(days)]


def _metric_columns(reader: Any, ws: Any, answers: Any) -> list[tuple[str, str]]:
    """(column letter, metric) for each header after the date column."""
    from openpyxl.utils import get_column_letter

    planned = None if answers is None else {kr.metric for o in answers.objectives
                                           for kr in o.key_results}
    found = []
    for col in range(2, ws.max_column + 1):
        letter = get_column_letter(col)
        metric = reader.text(ws, f"{letter}{L.HEADER_ROW}")
        if metric is None:
            continue
        if planned is not None and metric not in planned:
            reader.problem(ws, f"{letter}{L.HEADER_ROW}", msg(
                "results.workbook.unknown_daily_metric", metric=_quoted(metric)))
            continue
        found.append((letter, metric))
    return found


def _quoted(text: str) -> str:
    text = clean_text(text)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'
