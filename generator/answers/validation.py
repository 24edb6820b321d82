"""pydantic's errors as plain sentences with file, line and field (never pydantic's own text).

Each sentence is a `locales.Message`, worded in the user's language when it is shown.
"""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.answers import paths
from generator.answers.model import Answers
from generator.answers.types import show
from generator.errors import Problem
from generator.locales import Message, listing, msg

# Our own validators (answers/types.py) raise errors whose template is a catalogue key;
# a questionnaire definition's ("definition") carries its sentence already worded.
_OWN_KINDS = {"number", "non_negative", "count", "date", "text", "required", "bool", "choice",
              "percent", "format", "currency"}
# pydantic's own error types and the catalogue key of our sentence for each.
_SIMPLE = {
    "missing": "answers.check.required",
    "list_type": "answers.check.list",
    "dict_type": "answers.check.mapping",
    "model_type": "answers.check.mapping",
    "model_attributes_type": "answers.check.mapping",
    "string_type": "answers.type.text",
    "bool_type": "answers.type.bool",
    "bool_parsing": "answers.type.bool",
    "int_type": "answers.type.whole",
    "int_parsing": "answers.type.whole",
    "float_type": "answers.type.number",
    "float_parsing": "answers.type.number",
    "date_type": "answers.type.date",
    "date_parsing": "answers.type.date",
    "date_from_datetime_parsing": "answers.type.date",
}
_NEWER_FORMAT = "answers.format.newer"


def validate(data: Any, name: str) -> tuple[Any, list[Problem]]:
    """(Answers, []) when `data` is a valid answers tree, else (None, every problem)."""
    try:
        return Answers.model_validate(paths.plain(data)), []
    except ValidationError as exc:
        problems = problems_from(exc, data, name)
        # NOTE: another format's fields would all look wrong; its version is the one problem.
        newer = [p for p in problems if p.field == "format" and _key(p) == _NEWER_FORMAT]
        return None, newer or _unique(problems)


def _key(problem: Problem) -> str | None:
    return problem.message.key if isinstance(problem.message, Message) else None


def problems_from(exc: ValidationError, data: Any, name: str,
                  root: type[BaseModel] | None = None) -> list[Problem]:
    """Every error of `exc` (from validating `root`, default Answers) with its line in `data`."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = clean_loc(error["loc"])
        problems.append(Problem(name, paths.line_of(data, loc), _field(loc),
                                message_for(error, loc, root)))
    return problems


def clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal steps (`function-before[...]`, `[key]`) from an error location."""
    return tuple(p for p in loc if isinstance(p, int) or not re.match(r"^[\w-]+\[.*\]$", p))


def _field(loc: tuple) -> str:
    return paths.dotted(loc)


# Fields whose absence gets a sentence saying what to write (answers.missing.<field>).
_MISSING_HINTS = {"target", "metric", "format", "campaign", "start", "end", "purpose"}


def message_for(error: dict, loc: tuple, root: type[BaseModel] | None = None) -> Message | str:
    """The sentence for one pydantic error (`root`: the model validated, default Answers)."""
    kind = error["type"]
    got = show(error.get("input"))
    if kind == "missing" and loc and loc[-1] in _MISSING_HINTS:
        return msg(f"answers.missing.{loc[-1]}")
    if kind in _OWN_KINDS:
        return msg(error["msg"], **error.get("ctx", {}))
    if kind == "definition":
        return str(error["msg"])
    if kind == "extra_forbidden":
        return _unknown_field(loc, root)
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        return msg("answers.type.choice", allowed=listing(allowed), got=got)
    if kind in ("greater_than_equal", "greater_than"):
        limit = error["ctx"].get("ge", error["ctx"].get("gt"))
        return msg("answers.check.at_least", limit=limit, got=got)
    if kind in _SIMPLE:
        return msg(_SIMPLE[kind], got=got)
    return msg("answers.check.other", got=got)


def _unknown_field(loc: tuple, root: type[BaseModel] | None = None) -> Message:
    """`unknown field; did you mean "budget"?` from the fields the model has at that place."""
    allowed = fields_at(loc[:-1], root)
    key = str(loc[-1]) if loc else ""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return msg("answers.unknown.did_you_mean", name=close[0])
    if allowed:
        return msg("answers.unknown.fields", fields=listing(allowed))
    return msg("answers.unknown.remove")


def fields_at(loc: tuple, root: type[BaseModel] | None = None) -> list[str]:
    """Names (aliases where set) of the model fields found by walking `loc` from `root`."""
    model: Any = root or Answers
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            field = next((f for f in model.model_fields.values() if f.alias == part), None) \
                if _is_model(model) else None
        if field is None:
            return []
        model = _model_in(field.annotation)
    if not _is_model(model):
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_in(tp: Any) -> Any:
    """The BaseModel inside `Optional[...]`, `list[...]` or `Annotated[...]`, if any."""
    if _is_model(tp):
        return tp
    for arg in typing.get_args(tp):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.field, p.message) not in seen:
            seen.add((p.field, p.message))
            out.append(p)
    return out
