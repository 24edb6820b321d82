"""The one place where a value becomes a workbook cell: text always stays text.

openpyxl guesses a cell's type from a string: `=...` becomes a formula (which Excel and
LibreOffice then evaluate: `=A1`, `=HYPERLINK(...)`, `=WEBSERVICE(...)`) and `#N/A` an error
value. Answers are untrusted, so every string is stored as a string cell (`data_type "s"`),
and one that starts with a character a spreadsheet reads as a formula (`=`, `+`, `-`, `@`,
tab, CR: OWASP's CSV-injection list) also gets the quote prefix, the `'` a user would type:
it shows as typed and stays text even when someone edits the cell. Numbers, dates and
booleans stay what they are (a real negative number is a number).
"""

from __future__ import annotations

from typing import Any

from generator.textsafe import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(ws: Any, row: int, col: int, value: Any = None) -> Any:
    """Write `value` into `ws` at (`row`, `col`) as data, never as a formula; return the cell."""
    cell = ws.cell(row=row, column=col)
    set_value(cell, value)
    return cell


def set_value(cell: Any, value: Any) -> None:
    """Give `cell` the value: text cleaned and kept as text, anything else as it is."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = clean_text(value)
    cell.value = text
    cell.data_type = "s"  # NOTE: after the assignment, which may have guessed "f" or "e"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
