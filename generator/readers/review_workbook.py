"""Read a filled-in review workbook back into a `results` section (answers format 1).

Every cell that should hold a number but does not is reported with its sheet and cell
address, all at once, as one AnswersError; nothing is written until the whole workbook
reads cleanly. Empty cells mean "not measured" and are left out, never read as 0.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from generator.answers import numbers
from generator.answers.numbers import NumberProblem, Reading
from generator.errors import AnswersError, Problem
from generator.locales import Message, listing, msg
from generator.planning import kinds
from generator.textsafe import clean_text
from generator.writers.xlsx import review_layout as L

MAX_ROWS = 2000  # a filled workbook has tens of rows; stop a runaway sheet early


class _Reader:
    """Collects values, problems and warnings while walking the sheets."""

    def __init__(self, book: Any, name: str):
        self.book, self.name = book, name
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, ws: Any, cell: str, message: Message) -> None:
        """Record a problem at `sheet!cell`."""
        self.problems.append(Problem(self.name, None, f"{ws.title}!{cell}", message))

    def warning(self, ws: Any, cell: str, message: Message) -> None:
        """Record a warning at `sheet!cell` (a value that reads but looks wrong)."""
        self.warnings.append(Problem(self.name, None, f"{ws.title}!{cell}", message, "warning"))

    def sheet(self, key: str) -> Any | None:
        """The worksheet `key` in any language, or a problem naming every spelling."""
        for title in L.spellings(f"sheets.{key}"):
            if title in self.book.sheetnames:
                return self.book[title]
        names = " / ".join(L.spellings(f"sheets.{key}"))
        self.problems.append(Problem(self.name, None, "", msg("results.workbook.no_sheet",
                                                              sheet=names)))
        return None

    def text(self, ws: Any, cell: str) -> str | None:
        """A cell as clean, stripped text; None when empty."""
        value = ws[cell].value
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = clean_text(str(value)).strip()
        return text or None

    def reading(self, ws: Any, cell: str, kind: str = "number") -> Reading | None:
        """A number cell read by the one number model (`numbers.read_cell`): None when
        empty; a problem (the model's sentence) when it is not a number of `kind`.

        A percent-formatted cell (Excel stores `26.5%` as 0.265) reads as 26.5 with unit %.
        """
        target = ws[cell]
        value = target.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            value = clean_text(value)
        try:
            return numbers.read_cell(value, target.number_format, kind)
        except NumberProblem as exc:
            self.problem(ws, cell, exc.message)
            return None

    def number(self, ws: Any, cell: str, kind: str = "number") -> int | float | None:
        """The value of a number cell (see `reading`), or None."""
        found = self.reading(ws, cell, kind)
        return None if found is None else found.value

    def date(self, ws: Any, cell: str) -> dt.date | None:
        """A date cell (an Excel date or YYYY-MM-DD text) within the dates the tool handles
        (numbers.check_date); a problem otherwise."""
        value = ws[cell].value
        if isinstance(value, dt.date):
            day = value
        else:
            text = self.text(ws, cell)
            if text is None:
                return None
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                self.problem(ws, cell, msg("results.workbook.not_date", value=_show(value)))
                return None
        try:
            return numbers.check_date(day)
        except NumberProblem as exc:
            self.problem(ws, cell, exc.message)
            return None


def _show(value: Any) -> str:
    """A cell value quoted for an error sentence."""
    text = clean_text(str(value))
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _rows(ws: Any) -> range:
    """The data rows of a sheet (after the header), capped."""
    return range(L.FIRST_ROW, min(ws.max_row, MAX_ROWS) + 1)


def _label_row(ws: Any, labels: set[str], start: int = L.FIRST_ROW) -> int | None:
    """The first row from `start` whose column A is one of `labels`."""
    for row in range(start, min(ws.max_row, MAX_ROWS) + 1):
        value = ws[f"A{row}"].value
        if value is not None and str(value).strip() in labels:
            return row
    return None


def read_review_workbook(path: str | Path, answers: Any = None,
                         warnings: list[Problem] | None = None) -> dict[str, Any]:
    """The `results` section from a filled workbook; AnswersError listing every bad cell.

    With `answers`, key results are checked against the plan's metric names, units and
    figures: an actual implausible for its key result (0.265 where baseline and target are
    18 and 30, unit %) is a warning naming sheet!cell, appended to `warnings` when given
    so the caller can show it before anything is recorded.
    """
    path = Path(path)
    book = _open(path)
    reader = _Reader(book, path.name)
    results: dict[str, Any] = {}
    for key, read in (("krs", _key_results), ("channels", _channels), ("costs", _costs),
                      ("funnel", _funnel), ("notes", _notes)):
        ws = reader.sheet(key)
        if ws is not None:
            read(reader, ws, results, answers)
    if reader.problems:
        raise AnswersError(reader.problems + reader.warnings)
    if warnings is not None:
        warnings.extend(reader.warnings)
    if not any(results.get(k) for k in results):
        raise AnswersError([Problem(path.name, None, "", msg("results.workbook.empty"))])
    return results


def _open(path: Path) -> Any:
    """Open the workbook with cached formula values; a clear error if it is not one."""
    # NOTE: heavy (~0.3 s); only `results --from-xlsx` reads a workbook.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile) as exc:
        # NOTE: openpyxl's own words are English; these two are what users meet.
        raise AnswersError([Problem(str(path), None, "", msg(
            "results.workbook.not_xlsx"))]) from exc
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException ...
        raise AnswersError([Problem(str(path), None, "", msg(
            "results.workbook.unreadable", detail=str(exc)))]) from exc


def _key_results(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Metric (column C) and actual (column G) per row, checked against the plan's KR."""
    planned = None if answers is None else {kr.metric: kr for o in answers.objectives
                                           for kr in o.key_results}
    rows = []
    for row in _rows(ws):
        metric = reader.text(ws, f"{L.KR_METRIC}{row}")
        cell = f"{L.KR_ACTUAL}{row}"
        actual = reader.reading(ws, cell)
        if metric is None:
            if actual is not None:
                reader.problem(ws, f"{L.KR_METRIC}{row}", msg("results.workbook.no_metric"))
            continue
        if planned is not None and metric not in planned:
            reader.problem(ws, f"{L.KR_METRIC}{row}", msg("results.workbook.unknown_metric",
                                                          metric=_show(metric)))
        elif actual is not None and _fits_kr(reader, ws, cell, actual, planned, metric):
            rows.append({"metric": metric, "actual": actual.value})
    if rows:
        results["key_results"] = rows


def _fits_kr(reader: _Reader, ws: Any, cell: str, actual: Reading, planned: dict | None,
             metric: str) -> bool:
    """The unit typed with an actual must agree with its KR's (a problem if not); a figure
    implausible for the KR is a warning. False when the actual cannot be used."""
    kr = (planned or {}).get(metric)
    if kr is None:
        return True
    try:
        numbers.fit_unit(actual, kr.unit, _typed(ws, cell))
    except NumberProblem as exc:
        reader.problem(ws, cell, exc.message)
        return False
    why = kinds.implausible(actual.value, kr.baseline, kr.target, kinds.kind_of(kr))
    if why:
        reader.warning(ws, cell, msg(f"results.workbook.implausible.{why}",
                                     value=numbers.quoted(actual.value), baseline=kr.baseline,
                                     target=kr.target, unit=kr.unit or "",
                                     points=_points(actual.value)))
    return True


def _typed(ws: Any, cell: str) -> Any:
    """A cell as the user sees it, for a sentence: 26.5% for a percent-formatted 0.265."""
    value = ws[cell].value
    if isinstance(value, int | float) and numbers.is_percent_format(ws[cell].number_format):
        return f"{value * 100:g}%"
    return value


def _points(value: float) -> str:
    """0.265 -> "26.5": what a fraction typed for a percentage was meant to be."""
    return f"{value * 100:g}"


def _channels(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Per channel: participants, conversions, spend (only the filled ones)."""
    rows, cols = [], L.CHANNEL_COLUMNS
    for row in _rows(ws):
        name = reader.text(ws, f"{cols['name']}{row}")
        figures = {k: reader.number(ws, f"{cols[k]}{row}", "money" if k == "cost" else "count")
                   for k in ("participants", "conversions", "cost")}
        filled = {k: v for k, v in figures.items() if v is not None}
        if filled and name is None:
            reader.problem(ws, f"{cols['name']}{row}", msg("results.workbook.no_channel"))
        elif filled:
            rows.append({"name": name, **filled})
    if rows:
        results["channels"] = rows


def _costs(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Cost lines until the revenue row, then the revenue."""
    revenue_row = _label_row(ws, set(L.spellings("labels.revenue")))
    if revenue_row is None:
        names = " / ".join(L.spellings("labels.revenue"))
        reader.problem(ws, "A", msg("results.workbook.no_row", row=names))
        return
    lines = []
    for row in range(L.FIRST_ROW, revenue_row):
        item, amount = reader.text(ws, f"A{row}"), reader.number(ws, f"B{row}", "money")
        if amount is not None and item is None:
            reader.problem(ws, f"A{row}", msg("results.workbook.no_cost_name"))
        elif amount is not None:
            lines.append({"item": item, "amount": amount})
    if lines:
        results["costs"] = lines
    revenue = reader.number(ws, f"B{revenue_row}", "money")
    if revenue is not None:
        results["revenue"] = revenue


def _funnel(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Funnel steps and participant total (found by label), then sources by name."""
    funnel = {}
    for key in L.FUNNEL_STEPS:
        row = _label_row(ws, L.funnel_labels(key))
        value = reader.number(ws, f"B{row}", "count") if row else None
        if value is not None:
            funnel[key] = value
    if funnel:
        results["funnel"] = funnel
    participants: dict[str, Any] = {}
    total_row = _label_row(ws, set(L.spellings("labels.participants_total")))
    total = reader.number(ws, f"B{total_row}", "count") if total_row else None
    if total is not None:
        participants["total"] = total
    sources = _sources(reader, ws)
    if sources:
        participants["by_source"] = sources
    if participants:
        results["participants"] = participants


def _sources(reader: _Reader, ws: Any) -> dict[str, int]:
    """Rows below the "participant source" header: name and count."""
    header = _label_row(ws, L.source_headers())
    sources: dict[str, int] = {}
    if header is None:
        return sources
    for row in range(header + 1, min(ws.max_row, MAX_ROWS) + 1):
        name, count = reader.text(ws, f"A{row}"), reader.number(ws, f"B{row}", "count")
        if count is not None and name is None:
            reader.problem(ws, f"A{row}", msg("results.workbook.no_source_name"))
        elif count is not None and name in sources:
            reader.problem(ws, f"A{row}", msg("results.workbook.source_twice",
                                              source=_show(name)))
        elif count is not None:
            sources[name] = count
    return sources


def _notes(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Feedback, problems (with improvement), lessons and follow-up actions."""
    found: dict[str, list] = {k: [] for k in L.NOTE_KINDS}
    lang = L.lang_of_sheet("notes", ws.title)
    cols = L.NOTE_COLUMNS
    for row in _rows(ws):
        text = reader.text(ws, f"{cols['text']}{row}")
        if text is None:
            continue
        kind = L.note_kind(reader.text(ws, f"{cols['kind']}{row}"))
        if kind is None:
            names = listing(L.text(f"kinds.{k}", lang) for k in L.NOTE_KINDS)
            reader.problem(ws, f"{cols['kind']}{row}", msg("results.workbook.note_kind",
                                                           kinds=names))
            continue
        found[kind].append(_note(reader, ws, row, kind, text, lang))
    for kind, items in found.items():
        if items:
            results[kind] = items


def _note(reader: _Reader, ws: Any, row: int, kind: str, text: str, lang: str) -> Any:
    """One note row as the answers format wants it."""
    cols = L.NOTE_COLUMNS
    if kind == "follow_up":
        item: dict[str, Any] = {"action": text}
        owner = reader.text(ws, f"{cols['owner']}{row}")
        due = reader.date(ws, f"{cols['due']}{row}")
        if owner:
            item["owner"] = owner
        if due:
            item["due"] = due
        return item
    improvement = reader.text(ws, f"{cols['improvement']}{row}")
    # NOTE: the answers format keeps problems as one line of text each, so the
    # improvement travels with its problem in the same line.
    if kind == "problems" and improvement:
        return text + L.text("improvement", lang, text=improvement)
    return text
