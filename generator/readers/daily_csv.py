"""`campaign-docs results FILE --daily DAILY.csv`: the daily series from a CSV file.

The header is the date column, then one column per key result metric (its name as the plan
writes it); a row per day. Numbers are read by the one number model (answers/numbers.py),
so `1.2万`, `12,000` and `18%` mean what they mean everywhere; an empty cell is "not
measured". Every bad cell is one problem, `file:line: column: sentence`, all at once. A CSV
saved by Excel in Chinese Windows is GB18030, not UTF-8: both are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from generator.answers import numbers
from generator.answers.numbers import NumberProblem
from generator.errors import AnswersError, Problem
from generator.inputs import MB, read_input
from generator.locales import msg

MAX_BYTES = 5 * MB  # a year of daily figures is a few kilobytes
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def read_daily_csv(path: str | Path, answers: Any = None) -> list[dict[str, Any]]:
    """The `results.daily` rows of a CSV file, by date; AnswersError naming every bad cell.

    With `answers`, every metric column must be one of the plan's key results.
    """
    path = Path(path)
    name = path.name
    rows = list(csv.reader(io.StringIO(_decode(read_input(path, MAX_BYTES, name)))))
    problems: list[Problem] = []
    if not rows or len(rows[0]) < 2:
        raise AnswersError([Problem(name, 1, "", msg("results.daily_csv.no_header"))])
    metrics = _metrics(rows[0], answers, name, problems)
    days: dict[dt.date, dict[str, Any]] = {}
    for line, row in enumerate(rows[1:], start=2):
        _row(row, line, metrics, name, days, problems)
    if problems:
        raise AnswersError(problems)
    if not days:
        raise AnswersError([Problem(name, None, "", msg("results.daily_csv.empty"))])
    return [{"date": day, "values": days[day]} for day in sorted(days)]


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else GB18030 (Excel's CSV on Chinese Windows)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _metrics(header: list[str], answers: Any, name: str,
             problems: list[Problem]) -> list[tuple[int, str]]:
    """(column index, metric) of the header's metric columns; unknown ones are problems."""
    planned = None if answers is None else {kr.metric for o in answers.objectives
                                           for kr in o.key_results}
    found = []
    for index, title in enumerate(header[1:], start=1):
        metric = title.strip()
        if not metric:
            continue
        if planned is not None and metric not in planned:
            problems.append(Problem(name, 1, metric, msg("results.daily_csv.unknown_metric",
                                                         metric=numbers.quoted(metric))))
            continue
        found.append((index, metric))
    return found


def _row(row: list[str], line: int, metrics: list[tuple[int, str]], name: str,
         days: dict[dt.date, dict[str, Any]], problems: list[Problem]) -> None:
    """One day's figures into `days`; each bad cell a problem at `line`."""
    values = {}
    for index, metric in metrics:
        text = row[index].strip() if index < len(row) else ""
        if not text:
            continue
        try:
            values[metric] = numbers.read_number(text).value
        except NumberProblem as exc:
            problems.append(Problem(name, line, metric, exc.message))
    typed = row[0].strip() if row else ""
    if not typed:
        if values:
            problems.append(Problem(name, line, "", msg("results.daily_csv.no_date")))
        return
    day = _date(typed, line, name, problems)
    if day is None or not values:
        return
    if day in days:
        problems.append(Problem(name, line, "", msg("results.workbook.day_twice",
                                                    date=day.isoformat())))
        return
    days[day] = values


def _date(text: str, line: int, name: str, problems: list[Problem]) -> dt.date | None:
    """`2026-11-01`, `2026/11/1`, `2026年11月1日`; a problem otherwise."""
    found = _DATE.match(text)
    try:
        if not found:
            raise ValueError(text)
        return numbers.check_date(dt.date(*(int(g) for g in found.groups())))
    except ValueError:
        problems.append(Problem(name, line, "", msg("results.workbook.not_date",
                                                    value=numbers.quoted(text))))
    except NumberProblem as exc:
        problems.append(Problem(name, line, "", exc.message))
    return None
