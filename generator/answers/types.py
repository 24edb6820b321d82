"""Field types for the answers model: numbers, dates, text and choices with plain-sentence errors.

Every validator here raises `PydanticCustomError` whose message template is a catalogue key
(`answers.type.date`) and whose context holds its parameters (`got`); `validation.py`
turns it into a `locales.Message`, worded in the user's language when it is shown. Numbers
and their bounds, dates' bounds and currencies are the number model's (numbers.py,
currency.py), so a field says what the questionnaire and the workbook reader say.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.answers import currency, numbers
from generator.answers.currency import CurrencyProblem
from generator.answers.numbers import NumberProblem
from generator.locales import Message, listing, msg
from generator.textsafe import clean_text


def show(value: Any) -> str | Message:
    """A short, quoted rendering of a user's value for an error sentence."""
    if value is None:
        return msg("answers.value.nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return msg("answers.value.mapping")
    if isinstance(value, list | tuple):
        return msg("answers.value.list")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.replace("\n", " ") + '"'
    return str(value)


def error(kind: str, key: str, **params: Any) -> PydanticCustomError:
    """A pydantic error whose template is the catalogue key `key` (see `validation.message_for`)."""
    # NOTE: the key has no braces, so pydantic leaves it as it is; user text travels in ctx.
    # pydantic-core renders ctx as UTF-8 when the errors are listed: a lone surrogate in the
    # user's text (YAML's "\udfff") would raise there, so it is cleaned here.
    safe = {name: clean_text(value) if isinstance(value, str) else value
            for name, value in params.items()}
    return PydanticCustomError(kind, key, safe)


def _fail(kind: str, key: str, value: Any) -> PydanticCustomError:
    return error(kind, key, got=show(value))


def _refused(problem: NumberProblem | CurrencyProblem) -> PydanticCustomError:
    """The number model's sentence as a pydantic error (the same words in every entry path)."""
    kind = "currency" if isinstance(problem, CurrencyProblem) else "number"
    return error(kind, problem.message.key, **dict(problem.message.params))


def _read(value: Any, kind: str) -> int | float:
    """A number of `kind` by the one number model (numbers.read_number): YAML numbers and
    quoted text alike (`"1.2万"`, `"¥25"`, `"18%"`), bounded."""
    if isinstance(value, UnitConflict):
        raise _refused(value.problem)
    try:
        return numbers.read_number(value, kind).value
    except NumberProblem as exc:
        raise _refused(exc) from None


def _number(value: Any) -> int | float:
    """Any finite number within the bounds (a key result's baseline, target, actual)."""
    return _read(value, "number")


def _non_negative(value: Any) -> int | float:
    """An amount: 0 or more, a currency mark allowed (`¥20,000`)."""
    return _read(value, "money")


def _percent(value: Any) -> int | float:
    """A rate in percent, 0 to 100: `35` or `"35%"` both mean 35 % (never 0.35)."""
    if isinstance(value, UnitConflict):
        raise _refused(value.problem)
    try:
        reading = numbers.read_number(value)
    except NumberProblem as exc:
        raise _refused(exc) from None
    if reading.unit not in (None, numbers.PERCENT) or reading.currencies \
            or not 0 <= reading.value <= 100:
        raise _fail("percent", "answers.type.percent", value)
    return reading.value


def _count(value: Any) -> int:
    """A whole number of things (people, tasks): 12000, not 12000.5."""
    return int(_read(value, "count"))


class UnitConflict(NamedTuple):
    """Put in place of a number whose typed unit contradicts its field's unit, so the field
    itself reports the problem (with its own line), not the model around it."""

    problem: NumberProblem


def _date(value: Any) -> dt.date:
    """ISO date within the bounds: ruamel gives `datetime.date` unquoted, a string when quoted."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value.strip())
    if not isinstance(value, dt.date):
        raise _fail("date", "answers.type.date", value)
    try:
        return numbers.check_date(value)
    except NumberProblem as exc:
        raise _refused(exc) from None


def _currency(value: Any) -> str:
    """An ISO 4217 code; `RMB`, `元`, `￥` become CNY, `$` and `¥` ask which one is meant."""
    if not isinstance(value, str):
        raise _fail("text", "answers.type.text", value)
    try:
        return currency.normalise(value)
    except CurrencyProblem as exc:
        raise _refused(exc) from None


def _text(value: Any) -> str:
    """Text; a bare number or date (`slug: 2026`) is taken as its text."""
    if value is None:
        raise error("required", "answers.type.required_value")
    if isinstance(value, bool | dict | list | tuple):
        raise _fail("text", "answers.type.text", value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise _fail("text", "answers.type.text", value)
    return value


def _required_text(value: Any) -> str:
    """Text that must not be blank."""
    text = _text(value)
    if not text.strip():
        raise error("required", "answers.type.required_text")
    return text


def _text_list(value: Any) -> list:
    """A list of text; empty (`rules:`) is an empty list and one line becomes a one-item list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


def _list(value: Any) -> Any:
    """An empty section (`channels:` with nothing under it) is an empty list."""
    return [] if value is None else value


def _flag(value: Any) -> bool:
    """true / false only (YAML 1.2 reads `yes` as text, so say so)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _fail("bool", "answers.type.bool", value)
    return value


# NOTE: a number may also be written as text ("1.2万", "¥25", "18%"), read by numbers.py.
Number = Annotated[int | float, BeforeValidator(_number),
                   WithJsonSchema({"type": ["number", "string"]})]
Money = Annotated[int | float, BeforeValidator(_non_negative),
                  WithJsonSchema({"type": ["number", "string"], "minimum": 0})]
Count = Annotated[int, BeforeValidator(_count),
                  WithJsonSchema({"type": ["integer", "string"], "minimum": 0})]
Percent = Annotated[int | float, BeforeValidator(_percent),
                    WithJsonSchema({"type": ["number", "string"], "minimum": 0, "maximum": 100})]
Date = Annotated[dt.date, BeforeValidator(_date),
                 WithJsonSchema({"type": "string", "format": "date"})]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string"})]
Currency = Annotated[str, BeforeValidator(_currency),
                     WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$"})]
RequiredText = Annotated[str, BeforeValidator(_required_text),
                         WithJsonSchema({"type": "string", "minLength": 1})]
TextList = Annotated[list[Text], BeforeValidator(_text_list)]
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]


def ListOf(item: Any) -> Any:
    """`list[item]` where an empty section counts as an empty list."""
    return Annotated[list[item], BeforeValidator(_list)]


def choice(enum_cls: type[enum.Enum]) -> Any:
    """An enum field: case and spaces forgiven, a wrong value named with the allowed ones."""
    allowed = [m.value for m in enum_cls]

    def check(value: Any) -> str:
        key = value.strip().lower() if isinstance(value, str) else value
        if key not in allowed:
            raise error("choice", "answers.type.choice", allowed=listing(allowed),
                        got=show(value))
        return key

    # NOTE: the enum inline (not a $ref) so editors show the choices right at the key.
    return Annotated[enum_cls, BeforeValidator(check),
                     WithJsonSchema({"type": "string", "enum": allowed})]
