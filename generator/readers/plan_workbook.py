"""Read a filled plan workbook (writers/xlsx/plan.py) back into answers.

Every cell is read by its field's kind: numbers by the one number model
(`numbers.read_cell`: `2万`, `¥20,000`, `18%`, a percent-formatted cell), dates as real
dates or typed text (`2026-11-01`, `11月1日`), choices by their name in any language or
their key, text as text (a leading `=` typed as text stays text). A formula cell is read by
the value the spreadsheet computed; one saved without a value (written by a script) is
named. Every problem is collected, each named by sheet!cell and the field's name in the
user's language, and raised at once as one AnswersError: nothing is used from a workbook
with a problem.

What comes back is a plain answers tree of the plan's sections (`PlanReading.tree`) and
where each value was read (`places`), so a problem found later (by the model, `check`, or
a value the workbook would clear) still names its cell. A proposal the team left as it was
(the hidden sheet records each one as exported) is not read back as their value: it stays
out of the answers and keeps following its sources.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.answers import numbers, paths, units
from generator.answers.numbers import NumberProblem, Reading
from generator.errors import AnswersError, Problem
from generator.locales import Message, current, listing, msg, t
from generator.textsafe import clean_text
from generator.readers import plan_cells as cells
from generator.readers.plan_proposals import drop_proposals, recorded_section
from generator.readers.workbook import open_workbook
from generator.writers.xlsx import plan_layout as L



@dataclass(frozen=True)
class Place:
    """Where a value was read: the sheet as titled in the workbook, the cell, the field."""

    sheet: str
    cell: str
    label: str

    @property
    def field(self) -> str:
        """`渠道!E7（推广预算）`: how problems name the cell, in the session language."""
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return where + t("format.paren", text=self.label)


@dataclass
class PlanReading:
    """A workbook read back: the plan's sections, and where each value came from."""

    name: str
    lang: str
    tree: dict = field(default_factory=dict)
    places: dict[tuple, Place] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # sheet key -> its title here
    # the answers file's `proposed:` section as exported (answers/proposed.py), if it had one
    records: dict | None = None
    # proposals the team changed in part (the schedule): path -> the proposal, to record in
    # the answers' `proposed:` section, so the rows they left alone keep following
    new_records: dict[str, Any] = field(default_factory=dict)
    # answers paths a missing sheet, row or column kept from being read (not cleared by it)
    unread: set[tuple] = field(default_factory=set)
    # every cell that does not read (its value is left out of `tree`); the caller reports
    # them with what else it finds, in one report
    problems: list[Problem] = field(default_factory=list)

    def place_of(self, path: Any) -> Place | None:
        """The cell (or row, or sheet) of `path` or of the nearest enclosing value read."""
        path = paths.parse(path)
        for end in range(len(path), 0, -1):
            if path[:end] in self.places:
                return self.places[path[:end]]
        return None


def read_plan_workbook(path: str | Path) -> PlanReading:
    """The plan's sections from a filled workbook, and a problem for every cell that does
    not read (`PlanReading.problems`). AnswersError only when it is no plan workbook."""
    path = Path(path)
    book, formulas = open_workbook(path, "plan_workbook.read")
    reader = _Reader(book, formulas, path.name)
    reading = PlanReading(path.name, reader.meta_lang())
    sheets = {sheet.key: reader.sheet(sheet.key) for sheet in L.SHEETS}
    if not any(sheets.values()):
        names = listing(L.sheet_title(s.key, lang) for s in L.SHEETS[:3]
                        for lang in L.languages()[:1])
        raise AnswersError([Problem(path.name, None, "", msg("plan_workbook.read.not_plan",
                                                             sheets=names))])
    for sheet in L.SHEETS:
        ws = sheets[sheet.key]
        if ws is None:
            reader.problem(None, "", msg("plan_workbook.read.no_sheet",
                                         sheet=" / ".join(L.sheet_spellings(sheet.key))))
            reading.unread |= _paths_of(sheet)
            continue
        reading.titles[sheet.key] = ws.title
        reader.read_sheet(ws, sheet, reading)
    proposals = reader.proposals()
    reading.new_records = drop_proposals(reading.tree, proposals)
    reading.records = recorded_section(proposals)
    reader.settle_units(reading)
    reading.problems = reader.problems
    return reading


def _paths_of(sheet: L.Sheet) -> set[tuple]:
    """The answers paths a sheet holds."""
    found = {paths.parse(f.key) for f in sheet.form}
    return found | ({paths.parse(sheet.table.path)} if sheet.table else set())


class _Reader:
    """Walks the sheets: reads each cell by its kind and collects every problem."""

    def __init__(self, book: Any, formulas: Any, name: str):
        self.book, self.formulas, self.name = book, formulas, name
        self.problems: list[Problem] = []
        self.readings: list[tuple[tuple, Reading, Any, Place]] = []
        self.lang = current()
        self.columns: dict[str, int] = {}  # field -> column of the table being read

    # --- the workbook -------------------------------------------------------------------

    def meta_lang(self) -> str:
        """The workbook's language, as the hidden sheet records it (else from sheet names)."""
        if L.META_SHEET in self.book.sheetnames:
            lang = self.book[L.META_SHEET].cell(1, 3).value
            if lang in L.languages():
                return lang
        for lang in L.languages():
            if L.sheet_title("basics", lang) in self.book.sheetnames:
                return lang
        return L.languages()[0]

    def proposals(self) -> list[dict]:
        """The proposals recorded on the hidden sheet as the workbook was exported."""
        if L.META_SHEET not in self.book.sheetnames:
            return []
        ws, found = self.book[L.META_SHEET], []
        for row in range(2, min(ws.max_row, L.MAX_ROWS) + 1):
            if ws.cell(row, 1).value == L.PROPOSAL:
                try:
                    found.append(json.loads(str(ws.cell(row, 2).value)))
                except ValueError:
                    continue  # NOTE: a damaged record only costs that proposal its mark
        return [p for p in found if isinstance(p, dict)]

    def sheet(self, key: str) -> Any | None:
        """The worksheet of section `key`, by its name in any language."""
        for title in L.sheet_spellings(key):
            if title in self.book.sheetnames:
                return self.book[title]
        return None

    def problem(self, place: Place | None, cell: str, message: Message) -> None:
        """A problem at `place` (or at `cell` of no particular field)."""
        where = place.field if place is not None else cell
        self.problems.append(Problem(self.name, None, where, message))

    # --- sheets ---------------------------------------------------------------------------

    def read_sheet(self, ws: Any, sheet: L.Sheet, reading: PlanReading) -> None:
        """A section's form rows and table into `reading`."""
        self._past_limit(ws)
        for f in sheet.form:
            row = cells.label_row(ws, f)
            if row is None:
                self.problem(Place(ws.title, "", f.label(self.lang)), "",
                             msg("plan_workbook.read.no_row", label=f.label(self.lang)))
                reading.unread.add(paths.parse(f.key))
                continue
            place = Place(ws.title, f"B{row}", f.label(self.lang))
            path = paths.parse(f.key)
            reading.places[path] = place
            reading.places.setdefault(path[:1], place)
            value = self.cell(ws, row, 2, f, place, path)
            if value is not None:
                _put(reading.tree, path, value)
        if sheet.table is not None:
            rows = self._table(ws, sheet.table)
            if rows is None:
                reading.unread.add(paths.parse(sheet.table.path))
            else:
                _TABLES.get(sheet.key, _records)(self, ws, sheet.table, rows, reading)

    def _table(self, ws: Any, table: L.Table) -> list[tuple[int, dict]] | None:
        """(row, {field: value}) for each filled row under the table's header."""
        header = cells.header_row(ws, table)
        if header is None:
            self.problem(Place(ws.title, "", table.columns[0].label(self.lang)), "",
                         msg("plan_workbook.read.no_column",
                             label=table.columns[0].label(self.lang)))
            return None
        row_no, columns = header
        missing = [f for f in table.columns if f.key not in columns]
        for f in missing:
            self.problem(Place(ws.title, "", f.label(self.lang)), "",
                         msg("plan_workbook.read.no_column", label=f.label(self.lang)))
        if missing:
            return None
        self.columns = columns
        rows = []
        for row in range(row_no + 1, min(ws.max_row, L.MAX_ROWS) + 1):
            raw = {f.key: ws.cell(row, columns[f.key]).value for f in table.columns}
            if all(cells.blank(v) for v in raw.values()) and not self._has_formula(ws, row, columns):
                continue
            rows.append((row, raw))
        return rows

    def values(self, ws: Any, row: int, fields: tuple[L.Field, ...], path: tuple) -> dict:
        """The typed values of `fields` in one table row (empty ones are left out)."""
        record = {}
        for f in fields:
            col = self.columns[f.key]
            place = Place(ws.title, f"{cells.letter(col)}{row}", f.label(self.lang))
            value = self.cell(ws, row, col, f, place, path + ((f.key,) if f.key else ()))
            if value is not None:
                record[f.key] = value
        return record

    # --- cells ------------------------------------------------------------------------------

    def cell(self, ws: Any, row: int, col: int, f: L.Field, place: Place,
             path: tuple) -> Any:
        """The value of one cell as its field's kind; None when empty or wrong (then a
        problem names it)."""
        cell = ws.cell(row, col)
        value = cell.value
        if value is None:
            formula = self._formula(ws, row, col)
            if formula is not None:
                self.problem(place, "", msg("plan_workbook.read.uncomputed",
                                            formula=numbers.quoted(formula)))
            return None
        if isinstance(value, str):
            value = clean_text(value).replace("\r\n", "\n").replace("\r", "\n")
            if not value.strip():
                return None
        try:
            if f.kind in (L.MONEY, L.COUNT, L.NUMBER):
                return self.number(value, cell, f, place, path)
            return cells.READERS[f.kind](value, f, self.lang)
        except NumberProblem as exc:
            self.problem(place, "", exc.message)
        except cells.Refused as exc:
            self.problem(place, "", exc.message)
        return None

    def number(self, value: Any, cell: Any, f: L.Field, place: Place, path: tuple) -> Any:
        """A number by the one number model; its unit or currency is settled later."""
        kind = {L.MONEY: "money", L.COUNT: "count"}.get(f.kind, "number")
        reading = numbers.read_cell(value, cell.number_format, kind)
        if reading.unit or reading.currencies:
            self.readings.append((path, reading, cells.as_typed(value, cell), place))
        return reading.value

    def settle_units(self, reading: PlanReading) -> None:
        """A unit or currency typed with a number fills its empty home (a key result's unit,
        the campaign's currency) or must agree with it, as everywhere else (units.py)."""
        for path, number, typed, place in self.readings:
            try:
                units.fill(reading.tree, path, number, typed)
            except NumberProblem as exc:
                self.problem(place, "", exc.message)

    def _formula(self, ws: Any, row: int, col: int) -> str | None:
        """The formula of a cell that has no computed value, if it holds one."""
        if ws.title not in self.formulas.sheetnames:
            return None
        cell = self.formulas[ws.title].cell(row, col)
        if cell.data_type != "f":
            return None
        return str(getattr(cell.value, "text", cell.value))

    def _has_formula(self, ws: Any, row: int, columns: dict) -> bool:
        return any(self._formula(ws, row, col) for col in columns.values())

    def _past_limit(self, ws: Any) -> None:
        """A value below row MAX_ROWS is refused with its address, never ignored."""
        # NOTE: the cells really stored, not ws.max_row: a format applied to a whole
        # column makes max_row a million while holding nothing.
        far = [(r, c) for (r, c), cell in ws._cells.items()
               if r > L.MAX_ROWS and not cells.blank(cell.value)]
        if far:
            r, c = min(far)
            self.problem(None, f"{ws.title}!{cells.letter(c)}{r}",
                         msg("plan_workbook.read.too_many_rows", limit=L.MAX_ROWS))


# --- tables ------------------------------------------------------------------------------------


def _records(reader: _Reader, ws: Any, table: L.Table, rows: list, reading: PlanReading) -> None:
    """One record per row (channels, materials, tasks ...), or one text per row (rules)."""
    base = paths.parse(table.path)
    _sheet_place(reading, ws, base, table)
    items = []
    plain_text = not table.columns[0].key  # rules, flow: the row is the text itself
    for row, _raw in rows:
        path = base + (len(items),)
        _row_places(reader, ws, table.columns, row, reading, path)
        record = reader.values(ws, row, table.columns, path)
        item = record.get("") if plain_text else record
        if item and not (table.alone and set(record) <= {table.alone}):
            items.append(item)
    if items:
        _put(reading.tree, base, items)


def _goals(reader: _Reader, ws: Any, table: L.Table, rows: list, reading: PlanReading) -> None:
    """Key-result rows grouped into objectives by the objective's text, in order of first
    appearance; a row with its objective left empty belongs to the objective above it."""
    _sheet_place(reading, ws, ("objectives",), table)
    objective_field, kr_fields = table.columns[0], table.columns[1:]
    objectives: list[dict] = []
    previous = None
    for row, raw in rows:
        col = reader.columns[objective_field.key]
        place = Place(ws.title, f"{cells.letter(col)}{row}", objective_field.label(reader.lang))
        name = reader.cell(ws, row, col, objective_field, place, ()) or previous
        if name is None:
            reader.problem(place, "", msg("plan_workbook.read.no_objective"))
            continue
        previous = name
        o = next((n for n, found in enumerate(objectives) if found["objective"] == name), None)
        if o is None:
            o = len(objectives)
            objectives.append({"objective": name, "key_results": []})
            reading.places[("objectives", o)] = reading.places[("objectives", o, "objective")] \
                = place
        if all(cells.blank(raw[f.key]) for f in kr_fields):
            continue
        path = ("objectives", o, "key_results", len(objectives[o]["key_results"]))
        _row_places(reader, ws, kr_fields, row, reading, path)
        objectives[o]["key_results"].append(reader.values(ws, row, kr_fields, path))
    found = [o if o["key_results"] else {"objective": o["objective"]} for o in objectives]
    if found:
        reading.tree["objectives"] = found


def _row_places(reader: _Reader, ws: Any, fields: tuple[L.Field, ...], row: int,
                reading: PlanReading, path: tuple) -> None:
    """Where a record (its first field's cell) and each of its fields were read."""
    first = fields[0]
    reading.places[path] = Place(ws.title, f"{cells.letter(reader.columns[first.key])}{row}",
                                 first.label(reader.lang))
    for f in fields:
        if f.key:
            reading.places[path + (f.key,)] = Place(
                ws.title, f"{cells.letter(reader.columns[f.key])}{row}", f.label(reader.lang))


_TABLES = {"goals": _goals}


def _sheet_place(reading: PlanReading, ws: Any, base: tuple, table: L.Table) -> None:
    """The sheet itself, for a problem about the whole list (`objectives`)."""
    reading.places.setdefault(base, Place(ws.title, "A1", table.columns[0].label(current())))


# --- the tree ------------------------------------------------------------------------------------


def _put(tree: dict, path: tuple, value: Any) -> None:
    """Set `path` in a plain tree, making the dicts on the way."""
    node = tree
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
