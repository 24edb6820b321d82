"""Helpers for the plan-workbook tests: find sheets, rows and columns as a person would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

from generator.__main__ import cli
from generator.writers import palette
from generator.writers.xlsx import plan_layout as L


def run(*args: str) -> Any:
    """The CLI's result (never a traceback)."""
    result = CliRunner().invoke(cli, list(args), prog_name="campaign-docs")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def export(source: Path | None, out: Path, *extra: str) -> Path:
    """`campaign-docs export` of `source` (or --new) into `out`."""
    args = ["export", str(source)] if source else ["export", "--new"]
    result = run(*args, "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out


def sheet(book: Any, key: str) -> Any:
    """The worksheet of section `key` in whatever language the workbook is in."""
    return next(book[t] for t in L.sheet_spellings(key) if t in book.sheetnames)


def header_row(ws: Any) -> int:
    """The table's header row: the first row from 3 on whose cells are the header style."""
    def header(cell: Any) -> bool:
        return str(cell.fill.fgColor.rgb).endswith(palette.ACCENT)

    one_column = ws.max_column == 1  # NOTE: read before ws.cell() below makes column B
    for row in range(3, 20):
        if header(ws.cell(row, 1)) and (one_column or header(ws.cell(row, 2))):
            return row
    raise AssertionError(f"no header row on {ws.title}")


def columns(ws: Any) -> dict[str, str]:
    """Header text (without the required mark) -> column letter."""
    row = header_row(ws)
    return {str(c.value).removesuffix(L.REQUIRED_MARK): c.column_letter
            for c in ws[row] if c.value}


def rows(ws: Any, column: str = "A") -> dict[Any, int]:
    """Value in `column` -> row, for the rows under the header."""
    first = header_row(ws) + 1
    return {ws[f"{column}{r}"].value: r for r in range(first, ws.max_row + 1)
            if ws[f"{column}{r}"].value is not None}


def form_row(ws: Any, label: str) -> int:
    """The row of a form field by its label in column A."""
    for row in range(1, ws.max_row + 1):
        value = ws.cell(row, 1).value
        if value is not None and str(value).removesuffix(L.REQUIRED_MARK) == label:
            return row
    raise AssertionError(f"no row {label} on {ws.title}")


def first_blank(ws: Any) -> int:
    """The first empty row under a table's records (where a team adds one)."""
    row = header_row(ws) + 1
    while ws.cell(row, 1).value is not None:
        row += 1
    return row


def open_book(path: Path) -> Any:
    return load_workbook(path)
