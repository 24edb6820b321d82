"""Field types for the answers model: numbers, dates, text and choices with plain-sentence errors.

Every validator here raises `PydanticCustomError` whose message template is a catalogue key
(`answers.type.number`) and whose context holds its parameters (`got`); `validation.py`
turns it into a `locales.Message`, worded in the user's language when it is shown.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.locales import Message, listing, msg


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
    return PydanticCustomError(kind, key, params)


def _fail(kind: str, key: str, value: Any) -> PydanticCustomError:
    return error(kind, key, got=show(value))


def _number(value: Any) -> int | float:
    """Accept int or float, never bool or text; finite only."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("number", "answers.type.number", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail("number", "answers.type.finite", value)
    return int(value) if isinstance(value, int) else float(value)


def _non_negative(value: Any) -> int | float:
    """A number that is 0 or more (money, counts)."""
    number = _number(value)
    if number < 0:
        raise _fail("non_negative", "answers.type.non_negative", value)
    return number


def _count(value: Any) -> int:
    """A whole number of things (people, tasks): 12000, not 12000.5."""
    number = _non_negative(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise _fail("count", "answers.type.whole", value)
        number = int(number)
    return number


def _date(value: Any) -> dt.date:
    """ISO date: ruamel gives `datetime.date` for unquoted dates, a string when quoted."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail("date", "answers.type.date", value)


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


Number = Annotated[int | float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Money = Annotated[int | float, BeforeValidator(_non_negative),
                  WithJsonSchema({"type": "number", "minimum": 0})]
Count = Annotated[int, BeforeValidator(_count), WithJsonSchema({"type": "integer", "minimum": 0})]
Date = Annotated[dt.date, BeforeValidator(_date),
                 WithJsonSchema({"type": "string", "format": "date"})]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string"})]
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
