"""The one number model: every numeric answer is read here, wherever it was typed.

    from generator.answers.numbers import read_number, NumberProblem
    read_number("1.2万").value            # 12000
    read_number("18%").unit               # "%"   (18 percentage points, never 0.18)
    read_number("¥25", "money").currencies  # ("CNY", "JPY")
    read_number("1,2,3")                  # NumberProblem: commas only group thousands

Who calls it: the questionnaire and `--set` (questionnaire/parse.py), the answers file
(answers/types.py: a YAML number, or a quoted "1.2万" / "¥25"), a workbook cell
(`read_cell`, readers/review_workbook.py: text, numeric and percent-formatted cells). The
same text gives the same value and the same sentence everywhere: a `NumberProblem` carries
one catalogue message (`numbers.*`) that starts with the value as typed, worded in the
session language when it is shown, so it reads after `file:line: field:`, after
`sheet!cell:` and as the questionnaire's reason alike.

What is read: `12000`, `20,000` (commas group thousands, nothing else), `1.2万`, `1万5`
(15,000), `2千`, `3亿5000万`, `1.5k`, `2m`, `50w`, full-width digits and punctuation, a
sign (`-`, `−`), a currency mark before or after (`¥25`, `27.5元`, `$50k`, `RMB 8000`,
`20000 USD`), a percent sign (`18%`: 18, unit `%`), and a unit word after the number
(`12000人`, `6000 users`, `25元/人`), which the caller may use to fill an empty unit.

Bounds are here too, for every entry path: a number is finite and within ±10^15 (money
and counts users can have; beyond it floats lose whole units and the charts' C longs
overflow); a date is between 1900-01-01 and 2200-12-31 (`check_date`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from generator.answers import currency as currencies
from generator.locales import Message, msg

LIMIT = 10**15
LIMIT_TEXT = "1,000,000,000,000,000"
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
KINDS = ("number", "money", "count", "whole")
_MAX_TEXT = 64  # nobody types a number longer than this; longer text is not one

PERCENT = "%"
PERCENT_UNITS = ("%", "pct", "percent", "百分比")


class Reading(NamedTuple):
    """A number as read: its value, and what was typed with it.

    `unit`: "%" for a percent sign, else the word typed after the number ("人",
    "元/人", "users", "元"), else None. `currencies`: the ISO codes a currency mark before
    or after the number may stand for, likely first (`¥25` -> ("CNY", "JPY"), `27.5元` ->
    ("CNY",)), else ().
    """

    value: int | float
    unit: str | None = None
    currencies: tuple[str, ...] = ()

    @property
    def percent(self) -> bool:
        """True when the number was typed as a percentage (`18%`)."""
        return self.unit == PERCENT

    @property
    def money(self) -> bool:
        """True when a currency mark came with the number (`¥25`, `27.5元`, `20000 USD`)."""
        return bool(self.currencies)

    @property
    def typed_unit(self) -> str | None:
        """The unit the number was typed with, to fill an empty unit: `%`, `元`, `CNY`, `人`."""
        return self.unit or (self.currencies[0] if self.currencies else None)


class NumberProblem(ValueError):
    """A value that is not a usable number; `message` is the sentence (`numbers.<code>`)."""

    def __init__(self, code: str, got: Any, **params: Any):
        super().__init__(code)
        self.code = code
        self.message: Message = msg(f"numbers.{code}", got=quoted(got), **params)


def quoted(value: Any) -> str:
    """A value as it was typed, for a sentence: text in quotes (shortened), numbers plain."""
    if isinstance(value, str):
        text = value.replace("\n", " ")
        return f'"{text[:37]}..."' if len(text) > 40 else f'"{text}"'
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict | list | tuple):
        return "[…]" if isinstance(value, list | tuple) else "{…}"
    return str(value)


# --- reading -------------------------------------------------------------------------------


def read_number(value: Any, kind: str = "number") -> Reading:
    """Read one numeric answer (text or a number) as `kind`; NumberProblem says why not.

    `kind`: "number" (any sign, any unit; a key result's baseline, target, actual),
    "money" (0 or more; only a currency mark may come with it), "count" (a whole number,
    0 or more: people, clicks), "whole" (a whole number of any sign).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise NumberProblem("not_number", value)
    reading = _read_text(value) if isinstance(value, str) else Reading(_finite(value))
    return _fit(reading, value, kind)


def check_number(value: int | float, got: Any = None) -> int | float:
    """`value` if it is finite and within ±10^15, else NumberProblem (named by `got`)."""
    got = value if got is None else got
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberProblem("not_finite", got)
    if abs(value) > LIMIT:
        raise NumberProblem("too_large", got, limit=LIMIT_TEXT)
    return value


def read_cell(value: Any, number_format: str | None = None, kind: str = "number") -> Reading:
    """A workbook cell: text is typed text; a number formatted as a percentage is a percent.

    Excel, WPS and LibreOffice store `26.5%` typed in a cell as 0.265 with a `0.0%` number
    format; it reads as 26.5 with unit "%", as `26.5%` typed in the questionnaire does.
    """
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and is_percent_format(number_format):
        points = round(_finite(value) * 100, 9)
        return _fit(Reading(_plain(Decimal(repr(points))), PERCENT), value, kind)
    return read_number(value, kind)


def is_percent_unit(unit: str | None) -> bool:
    """Whether a key result's unit says percentage points: `%`, `％`, `pct`, `percent`."""
    return bool(unit) and normalise(str(unit)).lower() in PERCENT_UNITS


def fit_unit(reading: Reading, unit: str | None, got: Any = None) -> str | None:
    """The unit to keep beside a number read as `reading` when its field's unit is `unit`.

    An empty unit takes the one typed (`18%` -> "%", `27.5元` -> "元", `¥25` -> "CNY"); a
    unit that agrees stays; one that contradicts it is NumberProblem("unit_conflict").
    """
    typed = reading.typed_unit
    if typed is None:
        return unit
    if unit is None or not str(unit).strip():
        return typed
    if _same_unit(typed, str(unit), reading.currencies):
        return unit
    raise NumberProblem("unit_conflict", reading.value if got is None else got,
                        typed=typed, unit=unit)


def _same_unit(typed: str, unit: str, marks: tuple[str, ...]) -> bool:
    """`%` only agrees with a percent unit; money marks with a money unit (元/人); words
    agree when one starts the other (user / users)."""
    if is_percent_unit(typed) or is_percent_unit(unit):
        return is_percent_unit(typed) and is_percent_unit(unit)
    a, b = normalise(typed).lower(), normalise(unit).lower()
    if a.startswith(b) or b.startswith(a):
        return True
    return bool(marks) and currencies.mentions_money(unit)


def check_date(day: dt.date, got: Any = None) -> dt.date:
    """`day` if it is between 1900-01-01 and 2200-12-31, else NumberProblem("date_range")."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if not DATE_MIN <= day <= DATE_MAX:
        raise NumberProblem("date_range", day if got is None else got,
                            first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat())
    return day


def is_percent_format(number_format: str | None) -> bool:
    """A spreadsheet number format that shows a percentage (`0.0%`, not `"%"` as a literal)."""
    if not number_format:
        return False
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in unquoted


def _finite(value: int | float) -> int | float:
    check_number(value)
    return int(value) if isinstance(value, int) else float(value)


# --- kinds: what may come with the number ------------------------------------------------------


def _fit(reading: Reading, got: Any, kind: str) -> Reading:
    """Check a reading against its kind: sign, whole, and the marks that may come with it."""
    value = check_number(reading.value, got)
    if kind == "number":
        return reading
    if reading.percent:
        raise NumberProblem("no_percent", got)
    if kind == "money":
        if reading.unit is not None and not currencies.currencies_of(reading.unit):
            raise NumberProblem("unit_here", got, unit=reading.unit)
    elif reading.currencies:
        raise NumberProblem("no_currency", got)
    if kind in ("money", "count") and value < 0:
        raise NumberProblem("negative", got)
    if kind in ("count", "whole"):
        if not float(value).is_integer():
            raise NumberProblem("not_whole", got)
        reading = reading._replace(value=int(value))
    return reading


# --- text ----------------------------------------------------------------------------------------

_SCALES = {"亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
_LATIN_SCALES = {"k": 10**3, "w": 10**4, "m": 10**6, "mn": 10**6, "bn": 10**9}
_PREFIX_MARKS = ("US$", "HK$", "NT$", "S$", "A$", "C$", "CN¥", "JP¥", "RMB", "¥", "$", "€",
                 "£", "₩", "₹")
_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+"
_CORE_RE = re.compile(rf"(?P<core>(?:{_NUMBER})(?:\s*[亿万千百](?:{_NUMBER})?)*)"
                      r"(?:(?P<latin>mn|bn|[kKwWmM])(?![A-Za-z]))?")
_TOKEN_RE = re.compile(rf"({_NUMBER})|([亿万千百])")
_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_LOOKALIKES = "OoIl"  # letters glued to digits that are usually mistyped digits (12OO)


def normalise(text: str) -> str:
    """Full-width digits and marks to ASCII (NFKC), a real minus to "-", spaces collapsed.

    A full-width yen sign (￥, how Chinese input methods type 元) is kept apart from ¥
    because it names CNY alone.
    """
    text = text.replace("￥", "\x00")
    text = unicodedata.normalize("NFKC", text).replace("\x00", "￥")
    text = text.replace("−", "-").replace("，", ",")
    return re.sub(r"\s+", " ", text).strip()


def _read_text(raw: str) -> Reading:
    text = normalise(raw)
    if not text or len(text) > _MAX_TEXT:
        raise NumberProblem("not_number", raw)
    sign, text = _sign(text)
    marks, text = _prefix_mark(text)
    if not sign:
        sign, text = _sign(text)
    match = _CORE_RE.match(text)
    if not match:
        raise NumberProblem("not_number", raw)
    value = _core_value(match["core"], raw)
    if match["latin"]:
        if any(ch in _SCALES for ch in match["core"]):
            raise NumberProblem("not_number", raw)
        value *= _LATIN_SCALES[match["latin"].lower()]
    unit, suffix_marks = _suffix(text[match.end():], glued=match.end() < len(text)
                                 and not text[match.end()].isspace(), raw=raw)
    if marks and suffix_marks and not set(marks) & set(suffix_marks):
        raise NumberProblem("not_number", raw)
    found = tuple(c for c in marks if c in suffix_marks) if marks and suffix_marks \
        else marks or suffix_marks
    if found and unit == PERCENT:
        raise NumberProblem("not_number", raw)
    if sign == "-":
        value = -value
    return Reading(_plain(value, raw), unit, found)


def _sign(text: str) -> tuple[str, str]:
    if text and text[0] in "+-":  # NOTE: "" is `in` every string; an empty text has no sign
        return text[0], text[1:].lstrip()
    return "", text


def _prefix_mark(text: str) -> tuple[tuple[str, ...], str]:
    """A currency mark before the number: a symbol, RMB, or an ISO code (`USD 50k`)."""
    upper = text.upper()
    for mark in _PREFIX_MARKS:
        if upper.startswith(mark.upper()):
            return currencies.currencies_of(mark), text[len(mark):].lstrip()
    if text.startswith("￥"):
        return ("CNY",), text[1:].lstrip()
    code = re.match(r"([A-Za-z]{3})\s*(?=[-+.0-9])", text)
    if code and code[1].upper() in currencies.CODES:
        return (code[1].upper(),), text[code.end():]
    return (), text


def _core_value(core: str, raw: str) -> Decimal:
    """`12,000`, `1.2万`, `1万5` (15,000), `3亿5000万`, `3千5` (3,500) as a Decimal."""
    total, last_scale, pending = Decimal(0), None, None
    for number, scale in _TOKEN_RE.findall(core.replace(" ", "")):
        if number:
            if pending is not None:
                raise NumberProblem("not_number", raw)
            pending = number
            continue
        size = _SCALES[scale]
        if pending is None or (last_scale is not None and size >= last_scale):
            raise NumberProblem("not_number", raw)
        total += _decimal(pending, raw) * size
        last_scale, pending = size, None
    if pending is None:
        return total
    if last_scale is None:
        return _decimal(pending, raw)
    return total + _tail(pending, last_scale, raw)


def _tail(digits: str, scale: int, raw: str) -> Decimal:
    """Digits after a scale word: one digit is the next unit down (1万5 = 15,000), more are
    added as written (1万2000 = 12,000) and must stay below the scale."""
    if "." in digits or "," in digits:
        raise NumberProblem("not_number", raw)
    if len(digits) == 1:
        return Decimal(digits) * scale / 10
    value = Decimal(digits)
    if value >= scale:
        raise NumberProblem("not_number", raw)
    return value


def _decimal(number: str, raw: str) -> Decimal:
    """One number token: commas must group thousands (`20,000`), or the text is ambiguous."""
    whole, _, fraction = number.partition(".")
    if "," in fraction or not _GROUPED_RE.fullmatch(whole or "0"):
        raise NumberProblem("commas", raw)
    try:
        return Decimal(number.replace(",", "") if whole else "0" + number)
    except InvalidOperation:
        raise NumberProblem("not_number", raw) from None


def _suffix(rest: str, glued: bool, raw: str) -> tuple[str | None, tuple[str, ...]]:
    """What follows the number: "%", a currency mark, a unit word, or nothing."""
    word = rest.strip()
    if not word:
        return None, ()
    if word in ("%", "‰") or word.lower() in PERCENT_UNITS[1:]:
        if word == "‰":
            raise NumberProblem("not_number", raw)
        return PERCENT, ()
    found = currencies.currencies_of(word)
    if found:
        return word, found
    if re.search(r"[0-9%]", word) or len(word) > 16 or (glued and word[0] in _LOOKALIKES):
        raise NumberProblem("not_number", raw)
    return word, ()


def _plain(number: Decimal, raw: Any = None) -> int | float:
    """A Decimal as int when whole, else float; NumberProblem beyond the bounds."""
    if abs(number) > LIMIT:
        raise NumberProblem("too_large", raw if raw is not None else str(number),
                            limit=LIMIT_TEXT)
    return int(number) if number == number.to_integral_value() else float(number)
