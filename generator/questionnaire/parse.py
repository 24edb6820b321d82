"""Turning what a person types into typed answers: dates, money, numbers, lists.

Each parser returns the value or raises `Invalid(code, **params)`; the prompt layer shows
`reason(lang)`, a one-line reason in the user's language, and asks again.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterator

from generator.answers import currency
from generator.answers.numbers import NumberProblem, Reading, check_date, read_number
from generator.locales import Message, t


class Invalid(ValueError):
    """An entry that cannot be used; `code` keys its reason (catalogue: questionnaire.invalid),
    or `message` is the reason (the number model's sentence, the same in every entry path)."""

    def __init__(self, code: str, message: Message | None = None, **params: object):
        super().__init__(code)
        self.code = code
        self.message = message
        self.params = params

    @classmethod
    def of(cls, problem: NumberProblem | currency.CurrencyProblem) -> Invalid:
        """The number model's (or the currency table's) refusal, with its own sentence."""
        return cls(getattr(problem, "code", "currency"), message=problem.message)

    def reason(self, lang: str | None = None) -> str:
        """The one-line reason in `lang` (default: the session's)."""
        if self.message is not None:
            return self.message.render(lang)
        return t(f"questionnaire.invalid.{self.code}", lang=lang, **self.params)


_ISO_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})[月/-](\d{1,2})[日号]?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．／－：", "0123456789,./-:")


def normalise(text: str) -> str:
    """Full-width digits and punctuation (common with Chinese IMEs) -> ASCII; trimmed."""
    return text.translate(_FULLWIDTH).strip()


# NOTE: the earliest day a date typed without a year may mean, set around one question by
# the walker (`years_from`): an end date typed as `1月5日` after a December start is January
# of the next year. A context variable, because the type table's parsers take only the text.
_NOT_BEFORE: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar(
    "not_before", default=None)


def local_today() -> dt.date:
    """Today's date, the one place the questionnaire reads the clock (tests fix it here)."""
    return dt.date.today()


@contextlib.contextmanager
def years_from(day: dt.date | None) -> Iterator[None]:
    """Inside this block a date typed without a year falls on or after `day` (if later than today)."""
    token = _NOT_BEFORE.set(day)
    try:
        yield
    finally:
        _NOT_BEFORE.reset(token)


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """`2026-11-01`, `2026/11/1`, `2026年11月1日`, or `11月1日` / `11/1`: the next such date.

    A date typed without a year is the first such day on or after today (`today`, default
    the real one, or the `years_from` day when that is later): `6月15日` typed on 2026-11-30
    is 2027-06-15: a campaign is planned ahead, not looked back on.
    """
    text = normalise(text).replace(" ", "")
    match = _ISO_RE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            day_typed = dt.date(year, month, day)
        except ValueError:
            raise Invalid("no_such_date") from None
    else:
        match = _MONTH_DAY_RE.match(text)
        if not match:
            raise Invalid("bad_date")
        month, day = (int(g) for g in match.groups())
        start = today or local_today()
        not_before = _NOT_BEFORE.get()
        day_typed = next_date(month, day, max(start, not_before) if not_before else start)
    try:
        return check_date(day_typed)
    except NumberProblem as exc:
        raise Invalid.of(exc) from None


def next_date(month: int, day: int, start: dt.date) -> dt.date:
    """The first `month`-`day` on or after `start` (29 February: the next leap year's)."""
    for year in range(start.year, start.year + 9):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate >= start:
            return candidate
    raise Invalid("no_such_date")


def read_typed(text: str, kind: str = "number") -> Reading:
    """What was typed, by the one number model (answers/numbers.py): the value and the unit
    or currency typed with it. `kind`: number, money, count, whole (see `read_number`)."""
    try:
        return read_number(text, kind)
    except NumberProblem as exc:
        raise Invalid.of(exc) from None


def parse_money(text: str) -> int | float:
    """`20000`, `2万`, `20,000`, `¥20,000`, `$50k`, `3.5万元` -> a plain number."""
    return read_typed(text, "money").value


def parse_number(text: str) -> int | float:
    """A number; `%` stays the typed value (12.5% -> 12.5: percentage points)."""
    return read_typed(text, "number").value


def parse_integer(text: str) -> int:
    """A whole number (`1,200`, `1.2万` -> 12000); anything fractional is refused."""
    return int(read_typed(text, "whole").value)


def parse_currency(text: str) -> str:
    """An ISO 4217 code: `CNY`, `usd`, `RMB` / `元` / `￥` -> CNY; `$` asks which dollar."""
    try:
        return currency.normalise(normalise(text))
    except currency.CurrencyProblem as exc:
        raise Invalid.of(exc) from None


_YES = {"y", "yes", "是", "对", "好", "要", "true", "1"}
_NO = {"n", "no", "否", "不", "不要", "false", "0"}


def parse_bool(text: str) -> bool:
    """y / yes / 是 -> True; n / no / 否 -> False."""
    word = normalise(text).lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise Invalid("bad_bool")


_LIST_SPLIT_RE = re.compile(r"\s*[,，、;；]\s*")


def parse_list(text: str) -> list[str]:
    """`用户运营部, 市场部` or `用户运营部、市场部` -> a list of names (empty parts dropped)."""
    return [part for part in _LIST_SPLIT_RE.split(text.strip()) if part]


_COUNT_RE = re.compile(r"^(.+?)\s*[:：=]?\s*(-?[0-9０-９][0-9０-９,，.．]*\s*(?:万|w|k|千)?)$",
                       re.IGNORECASE)


def parse_counts(text: str) -> dict[str, int | float]:
    """`公众号 9800, 短信 5200` or `公众号: 9800；短信=5200` -> {name: number}."""
    result: dict[str, int | float] = {}
    for part in re.split(r"\s*[,，、;；\n]\s*(?=\D)", text.strip()):
        if not part:
            continue
        match = _COUNT_RE.match(part.strip())
        if not match:
            raise Invalid("bad_counts", part=part)
        result[match.group(1).strip()] = read_typed(match.group(2), "count").value
    return result
