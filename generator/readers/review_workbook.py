"""Read a filled-in review workbook back into a `results` section (answers format 1).

Every cell that should hold a number but does not is reported with its sheet and cell
address, all at once, as one AnswersError; nothing is written until the whole workbook
reads cleanly. Empty cells mean "not measured" and are left out, never read as 0.

Reading a workbook never removes a figure silently: with the answers given, every figure
the answers file holds that the workbook no longer gives (an emptied cell, a renamed or
deleted row label, a formula saved without its computed value) is named by sheet!cell and
field, and the read is refused (`ClearingRefused`) unless clearing was allowed. Rows past
`MAX_ROWS` are refused with a sentence rather than ignored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.answers import numbers
from generator.answers.numbers import NumberProblem, Reading
from generator.errors import AnswersError, Problem
from generator.locales import Message, listing, msg, t
from generator.planning import kinds
from generator.readers.review_daily import read_daily, read_resources
from generator.readers.workbook import open_workbook
from generator.textsafe import clean_text
from generator.writers.xlsx import review_layout as L

MAX_ROWS = 2000  # a filled workbook has tens of rows; more is refused, never ignored


class ClearingRefused(AnswersError):
    """The workbook would remove figures the answers file holds; each is one problem."""

    @property  # type: ignore[override]
    def message(self) -> str:
        """Every figure that would go, then how to let it go."""
        return "\n".join([*(str(p) for p in self.problems), t("results.workbook.clearing_hint")])

    @message.setter
    def message(self, value: str) -> None:
        pass  # NOTE: worded from the problems when read, as AnswersError


class _Reader:
    """Collects values, problems and warnings while walking the sheets."""

    def __init__(self, book: Any, name: str, formulas: Any = None):
        self.book, self.name, self.formulas = book, name, formulas
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.uncomputed: list[Problem] = []
        self.places: dict[tuple, str] = {}
        self.titles: dict[str, str] = {}  # sheet key -> its title in this workbook

    def problem(self, ws: Any, cell: str, message: Message) -> None:
        """Record a problem at `sheet!cell`."""
        self.problems.append(Problem(self.name, None, f"{ws.title}!{cell}", message))

    def warning(self, ws: Any, cell: str, message: Message) -> None:
        """Record a warning at `sheet!cell` (a value that reads but looks wrong)."""
        self.warnings.append(Problem(self.name, None, f"{ws.title}!{cell}", message, "warning"))

    def sheet(self, key: str) -> Any | None:
        """The worksheet `key` in any language, or a problem naming every spelling (None
        without a problem for a sheet a workbook from before it may lack)."""
        for title in L.spellings(f"sheets.{key}"):
            if title in self.book.sheetnames:
                self.titles[key] = title
                return self.book[title]
        if key in L.OPTIONAL_SHEETS:
            return None
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
        if value is None and self._formula(ws, cell):
            self.uncomputed.append(Problem(self.name, None, f"{ws.title}!{cell}", msg(
                "results.workbook.uncomputed", formula=_show(self._formula(ws, cell)))))
            return None
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

    def _formula(self, ws: Any, cell: str) -> str | None:
        """The formula text of a cell (from the workbook read without values), or None."""
        if self.formulas is None or ws.title not in self.formulas.sheetnames:
            return None
        value = self.formulas[ws.title][cell].value
        return value if isinstance(value, str) and value.startswith("=") else None

    def data_rows(self, ws: Any) -> range:
        """The rows below a sheet's header (capped at MAX_ROWS)."""
        return _rows(ws)

    def place(self, key: tuple, ws: Any, cell: str) -> None:
        """Remember that figure `key` is read from `ws!cell`."""
        self.places[key] = f"{ws.title}!{cell}"

    def rows_past_limit(self, ws: Any) -> None:
        """A value below row MAX_ROWS is refused with its address, never ignored."""
        # NOTE: the cells really stored (ws._cells), not ws.max_row: a format applied to a
        # whole column makes max_row a million while holding nothing.
        far = [(row, col) for (row, col), c in ws._cells.items()
               if row > MAX_ROWS and c.value not in (None, "")]
        if far:
            row, col = min(far)
            self.problem(ws, f"{_column(col)}{row}", msg("results.workbook.too_many_rows",
                                                          limit=MAX_ROWS))

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


def _column(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


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
                         warnings: list[Problem] | None = None,
                         allow_clearing: bool = False) -> dict[str, Any]:
    """The `results` section from a filled workbook; AnswersError listing every bad cell.

    With `answers`, key results are checked against the plan's metric names, units and
    figures: an actual implausible for its key result (0.265 where baseline and target are
    18 and 30, unit %) is a warning naming sheet!cell, appended to `warnings` when given
    so the caller can show it before anything is recorded. Every figure of
    `answers.results` the workbook would remove raises `ClearingRefused` (each named)
    unless `allow_clearing`; so does a formula saved without its computed value.
    """
    path = Path(path)
    book, formulas = open_workbook(path, "results.workbook")
    reader = _Reader(book, path.name, formulas)
    results: dict[str, Any] = {}
    for key, read in (("krs", _key_results), ("channels", _channels), ("costs", _costs),
                      ("funnel", _funnel), ("notes", _notes), ("resources", read_resources),
                      ("daily", read_daily)):
        ws = reader.sheet(key)
        if ws is not None:
            reader.rows_past_limit(ws)
            read(reader, ws, results, answers)
        elif key in L.OPTIONAL_SHEETS:
            _keep_recorded(key, answers, results)
    if reader.problems:
        raise AnswersError(reader.problems + reader.warnings)
    if not allow_clearing:
        old = getattr(getattr(answers, "results", None), "model_dump", None)
        # NOTE: an uncomputed formula already names its cell; not again as a cleared figure
        named = {p.field for p in reader.uncomputed}
        gone = cleared(old() if old else {}, results, reader.places, path.name, reader.titles)
        doubts = reader.uncomputed + [p for p in gone if p.field not in named]
        if doubts:
            raise ClearingRefused(doubts)
    if warnings is not None:
        warnings.extend(reader.warnings)
    if not any(results.get(k) for k in results):
        raise AnswersError([Problem(path.name, None, "", msg("results.workbook.empty"))])
    return results


def _keep_recorded(key: str, answers: Any, results: dict[str, Any]) -> None:
    """A workbook written before sheet `key` existed says nothing about it: what the
    answers file holds there stays (never cleared by a sheet the user never saw)."""
    recorded = getattr(getattr(answers, "results", None), key, None)
    if recorded:
        results[key] = [item.model_dump(exclude_none=True) for item in recorded]


def figures(results: dict[str, Any] | None) -> dict[tuple, Any]:
    """Every figure of a `results` section, keyed by what it is, not where it sits.

    ("key_results", metric), ("channels", name, field), ("costs", item), ("revenue",),
    ("funnel", step), ("participants", "total"), ("participants", "by_source", name).
    """
    results = results or {}
    found: dict[tuple, Any] = {}
    for kr in results.get("key_results") or []:
        found[("key_results", kr.get("metric"))] = kr.get("actual")
    for ch in results.get("channels") or []:
        for field in ("participants", "conversions", "cost"):
            found[("channels", ch.get("name"), field)] = ch.get(field)
    for line in results.get("costs") or []:
        found[("costs", line.get("item"))] = line.get("amount")
    found[("revenue",)] = results.get("revenue")
    for step, value in (results.get("funnel") or {}).items():
        found[("funnel", step)] = value
    participants = results.get("participants") or {}
    found[("participants", "total")] = participants.get("total")
    for name, value in (participants.get("by_source") or {}).items():
        found[("participants", "by_source", name)] = value
    for item in results.get("resources") or []:
        found[("resources", item.get("what"))] = item.get("amount")
    for day in results.get("daily") or []:
        for metric, value in (day.get("values") or {}).items():
            found[("daily", day.get("date"), metric)] = value
    return {key: value for key, value in found.items() if value is not None}


def cleared(old: dict[str, Any], new: dict[str, Any], places: dict[tuple, str],
            name: str, titles: dict[str, str] | None = None) -> list[Problem]:
    """A problem for each figure of `old` that `new` no longer has, named where it was read
    (sheet!cell), or by the sheet whose row for it is gone (a renamed or deleted label)."""
    kept = figures(new)
    problems = []
    for key, value in figures(old).items():
        if key in kept:
            continue
        where = places.get(key) or _sheet_of(key, titles or {})
        problems.append(Problem(name, None, where, msg(
            "results.workbook.would_clear", figure=_figure_name(key), value=_show(value))))
    return problems


_SHEET_OF = {"key_results": "krs", "channels": "channels", "costs": "costs",
             "revenue": "costs", "funnel": "funnel", "participants": "funnel",
             "resources": "resources", "daily": "daily"}


def _sheet_of(key: tuple, titles: dict[str, str]) -> str:
    """The sheet a figure belongs on: its title in this workbook, else every spelling."""
    sheet = _SHEET_OF[key[0]]
    return titles.get(sheet) or " / ".join(L.spellings(f"sheets.{sheet}"))


def _figure_name(key: tuple) -> str:
    """A figure as the answers file holds it: `results.funnel.clicks`,
    `results.channels "Email" cost`, `results.costs "Ads"`."""
    head, rest = key[0], [clean_text(str(part)) for part in key[1:]]
    if head in ("key_results", "costs", "resources"):
        return f'results.{head} "{rest[0]}"'
    if head == "channels":
        return f'results.channels "{rest[0]}" {rest[1]}'
    if head == "daily":
        return f'results.daily {rest[0]} "{rest[1]}"'
    if head == "participants" and rest[0] == "by_source":
        return f'results.participants.by_source "{rest[1]}"'
    return ".".join(["results", head, *rest])


def _key_results(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Metric (column C), actual (column G), reason and lesson (H, I) per row, the actual
    checked against the plan's KR."""
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
        reader.place(("key_results", metric), ws, cell)
        if planned is not None and metric not in planned:
            reader.problem(ws, f"{L.KR_METRIC}{row}", msg("results.workbook.unknown_metric",
                                                          metric=_show(metric)))
        elif actual is None or _fits_kr(reader, ws, cell, actual, planned, metric):
            row_answers = _why(reader, ws, row)
            if actual is not None:
                row_answers = {"actual": actual.value, **row_answers}
            if row_answers:
                rows.append({"metric": metric, **row_answers})
    if rows:
        results["key_results"] = rows


def _why(reader: _Reader, ws: Any, row: int) -> dict[str, str]:
    """The reason and lesson written beside an actual (columns H and I), those given."""
    found = {"reason": reader.text(ws, f"{L.KR_REASON}{row}"),
             "lesson": reader.text(ws, f"{L.KR_LESSON}{row}")}
    return {key: value for key, value in found.items() if value}


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
        for k in figures:
            reader.place(("channels", name, k), ws, f"{cols[k]}{row}")
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
        reader.place(("costs", item), ws, f"B{row}")
        if amount is not None and item is None:
            reader.problem(ws, f"A{row}", msg("results.workbook.no_cost_name"))
        elif amount is not None:
            lines.append({"item": item, "amount": amount})
    if lines:
        results["costs"] = lines
    reader.place(("revenue",), ws, f"B{revenue_row}")
    revenue = reader.number(ws, f"B{revenue_row}", "money")
    if revenue is not None:
        results["revenue"] = revenue


def _funnel(reader: _Reader, ws: Any, results: dict, answers: Any) -> None:
    """Funnel steps and participant total (found by label), then sources by name."""
    funnel = {}
    for key in L.FUNNEL_STEPS:
        row = _label_row(ws, L.funnel_labels(key))
        if row:
            reader.place(("funnel", key), ws, f"B{row}")
        value = reader.number(ws, f"B{row}", "count") if row else None
        if value is not None:
            funnel[key] = value
    if funnel:
        results["funnel"] = funnel
    participants: dict[str, Any] = {}
    total_row = _label_row(ws, set(L.spellings("labels.participants_total")))
    if total_row:
        reader.place(("participants", "total"), ws, f"B{total_row}")
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
        reader.place(("participants", "by_source", name), ws, f"B{row}")
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
