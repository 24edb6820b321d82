"""Plan-workbook cells: found (a label's row, a table's header row) and read as their
field's kind (readers/plan_workbook.py walks the sheets).

Text as typed (a number Excel made of `007` comes back as its digits), lists one item per
line or separated as typed, dates real or typed as text (the questionnaire's parser:
`2026-11-01`, `2026/11/1`, `11月1日`), choices by name in any language or by key, flags as
是 / 否, Yes / No, TRUE / FALSE. Numbers are the reader's (the one number model, with the
unit typed beside them). A value that is not of its kind raises `Refused` with the sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.answers import numbers
from generator.locales import Message, listing, msg
from generator.questionnaire.parse import Invalid, parse_bool, parse_date, parse_list
from generator.writers.xlsx import plan_layout as L


class Refused(ValueError):
    """A cell that is not a value of its field's kind; `message` says why."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


def read_text(value: Any, f: L.Field, lang: str) -> str:
    """Text as typed. A number Excel made of digits (`007` -> 7) comes back as its digits;
    multi-line text ends with one line break, as a YAML block keeps it."""
    if isinstance(value, dt.datetime | dt.date):
        text = (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, bool):
        text = str(value).lower()
    else:
        text = str(value)
    text = text.strip()
    return text + "\n" if "\n" in text else text


def read_list(value: Any, f: L.Field, lang: str) -> list[str]:
    """One item per line; a cell of one line may separate items by 、 , ; as typed."""
    text = read_text(value, f, lang).strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return lines if len(lines) > 1 else parse_list(text)


def read_date(value: Any, f: L.Field, lang: str) -> dt.date:
    """A real date, or a date typed as text (`2026-11-01`, `2026/11/1`, `11月1日`)."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return numbers.check_date(day)
    if not isinstance(value, str):
        raise Refused(msg("plan_workbook.read.not_date", value=numbers.quoted(value)))
    try:
        return parse_date(value)
    except Invalid as exc:
        if exc.message is not None:
            raise Refused(exc.message) from None
        raise Refused(msg("plan_workbook.read.not_date", value=numbers.quoted(value))) from None


def read_choice(value: Any, f: L.Field, lang: str) -> str:
    """The key of the choice named, in any language (its key works too)."""
    key = L.choice_key(f.group, value, f.question)
    if key is None:
        names = listing(L.choice_names(f.group, lang).values())
        raise Refused(msg("plan_workbook.read.not_choice", value=numbers.quoted(value),
                           names=names))
    return key


def read_bool(value: Any, f: L.Field, lang: str) -> bool:
    """是 / 否, Yes / No, TRUE / FALSE, y / n."""
    if isinstance(value, bool):
        return value
    key = L.choice_key("bool", value)
    if key is not None:
        return key == "true"
    try:
        return parse_bool(str(value))
    except Invalid:
        raise Refused(msg("plan_workbook.read.not_bool",
                           value=numbers.quoted(value))) from None


READERS = {L.TEXT: read_text, L.MULTILINE: read_text, L.LIST: read_list, L.DATE: read_date,
           L.CHOICE: read_choice, L.BOOL: read_bool}


def as_typed(value: Any, cell: Any) -> Any:
    """A cell as the user sees it, for a sentence: 26.5% for a percent-formatted 0.265."""
    if isinstance(value, int | float) and numbers.is_percent_format(cell.number_format):
        return f"{value * 100:g}%"
    return value


# --- finding rows and columns --------------------------------------------------------------


def blank(value: Any) -> bool:
    """An empty cell, or one of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def letter(col: int) -> str:
    """The column's letters (3 -> C)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def label_row(ws: Any, f: L.Field) -> int | None:
    """The row whose column A is the field's label in any language."""
    wanted = f.spellings()
    for row in range(1, min(ws.max_row, 60) + 1):
        value = ws.cell(row, 1).value
        if value is not None and L.squash(value) in wanted:
            return row
    return None


def header_row(ws: Any, table: L.Table) -> tuple[int, dict[str, int]] | None:
    """The header row (the row holding most of the table's headers, in any language) and
    each field's column there; None when no row holds any of them."""
    best: tuple[int, dict[str, int]] | None = None
    # NOTE: from the row after the hint, so a title that is also a header (活动规则) is
    # not taken for it; from row 1 again if the team deleted the title rows.
    for row in [*range(L.HINT_ROW + 1, min(ws.max_row, 60) + 1), *range(1, L.HINT_ROW + 1)]:
        headers = {L.squash(c.value): c.column for c in ws[row] if isinstance(c.value, str)}
        columns = {f.key: next(headers[s] for s in f.spellings() if s in headers)
                   for f in table.columns if f.spellings() & set(headers)}
        if columns and (best is None or len(columns) > len(best[1])):
            best = row, columns
        if best is not None and len(best[1]) == len(table.columns):
            break
    return best
