"""Where things are in the review fill-in workbook: shared by its writer and its reader.

Sheet names, column headers, row labels and hints are document words, so they live in the
catalogue (`workbook.review` in generator/locales/<lang>.json; funnel steps are
`labels.funnel_step`). The reader accepts every language's spelling, so a workbook written
in English can be read back into a Chinese answers file and vice versa. Rows are found by
their label in column A, not by position, so a user who inserts a row does not break the
read-back.
"""

from __future__ import annotations

from typing import Any

from generator.locales import DEFAULT_LANG, available, label, lookup, t

TITLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1
EXTRA_ROWS = 3  # blank rows for channels, costs and sources the plan did not have

# Column letters of the fill-in cells (the reader reports addresses with these).
KR_METRIC, KR_ACTUAL = "C", "G"
KR_REASON, KR_LESSON = "H", "I"  # why a KR was missed or exceeded, and the lesson
CHANNEL_COLUMNS = {"name": "A", "participants": "D", "conversions": "E", "cost": "F"}
NOTE_COLUMNS = {"kind": "A", "text": "B", "improvement": "C", "owner": "D", "due": "E"}
RESOURCE_COLUMNS = {"what": "A", "amount": "B", "why": "C"}
DAILY_DATE = "A"  # then one column per key result metric, its name in the header row
MAX_DAILY_DAYS = 366  # the campaign window pre-filled, at most a year of rows
OPTIONAL_SHEETS = ("resources", "daily")  # added with issue 16: a workbook without them reads

FUNNEL_STEPS = ("exposure", "clicks", "shares", "conversions")
NOTE_KINDS = ("feedback", "problems", "lessons", "follow_up")  # results sections, in order


def words(key: str, lang: str) -> Any:
    """`workbook.review.<key>` in `lang`: a string, or a list (column headers, readme steps)."""
    return lookup(f"workbook.review.{key}", lang)


def text(key: str, lang: str, **params: Any) -> str:
    """`workbook.review.<key>` in `lang` with its `{params}` filled in."""
    return t(f"workbook.review.{key}", lang=lang, **params)


def languages() -> list[str]:
    """Every catalogue language, the default first (so messages list 关键结果 / Key results)."""
    return sorted(available(), key=lambda lang: (lang != DEFAULT_LANG, lang))


def spellings(key: str) -> list[str]:
    """Every language's spelling of the string `workbook.review.<key>`, without repeats."""
    return list(dict.fromkeys(text(key, lang) for lang in languages()))


def funnel_labels(step: str) -> set[str]:
    """Every language's name of a funnel step (column A of the funnel sheet)."""
    return {label("funnel_step", step, lang) for lang in languages()}


def source_headers() -> set[str]:
    """Every language's "participant source" header (it starts the sources table)."""
    return {words("columns.sources", lang)[0] for lang in languages()}


def lang_of_sheet(key: str, title: str) -> str:
    """The language whose name of sheet `key` is `title` (the default language if none)."""
    return next((lang for lang in languages() if text(f"sheets.{key}", lang) == title),
                DEFAULT_LANG)


def note_kind(value: object) -> str | None:
    """The results section (`feedback`, `problems` ...) a kind cell names, in any language."""
    name = str(value).strip() if value is not None else ""
    return next((kind for kind in NOTE_KINDS for lang in languages()
                 if text(f"kinds.{kind}", lang) == name), None)
