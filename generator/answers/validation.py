"""pydantic's errors as plain sentences with file, line and field (never pydantic's own text)."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.answers import paths
from generator.errors import Problem
from generator.answers.types import show

# Our own validators (model_types) already speak in user sentences.
_OWN_KINDS = {"number", "non_negative", "count", "date", "text", "required", "bool", "choice",
              "format", "definition"}
_SIMPLE = {
    "missing": "is required",
    "list_type": "must be a list (one `- item` per line), got {got}",
    "dict_type": "must be a set of `name: value` lines, got {got}",
    "model_type": "must be a set of `name: value` lines, got {got}",
    "model_attributes_type": "must be a set of `name: value` lines, got {got}",
    "string_type": "must be text, got {got}",
    "bool_type": "must be true or false, got {got}",
    "bool_parsing": "must be true or false, got {got}",
    "int_type": "must be a whole number, got {got}",
    "int_parsing": "must be a whole number, got {got}",
    "float_type": "must be a number, got {got}",
    "float_parsing": "must be a number, got {got}",
    "date_type": "must be a date like 2026-11-01, got {got}",
    "date_parsing": "must be a date like 2026-11-01, got {got}",
    "date_from_datetime_parsing": "must be a date like 2026-11-01, got {got}",
}


def validate(data: Any, name: str) -> tuple[Any, list[Problem]]:
    """(Answers, []) when `data` is a valid answers tree, else (None, every problem)."""
    from generator.answers.load import plain
    from generator.answers.model import Answers

    try:
        return Answers.model_validate(plain(data)), []
    except ValidationError as exc:
        problems = problems_from(exc, data, name)
        # NOTE: another format's fields would all look wrong; its version is the one problem.
        newer = [p for p in problems if p.field == "format" and "this file is format" in p.message]
        return None, newer or _unique(problems)


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


# What to write when a required field is missing (by field name).
_MISSING_HINTS = {
    "target": "is required: the number this key result must reach, e.g. `target: 12000`",
    "metric": "is required: what this key result counts, e.g. `metric: 复购用户数`",
    "format": "is required; add `format: 1` at the top of the file",
    "campaign": "is required: add a `campaign:` section with theme, purpose, start, end, owner",
    "start": "is required: a date like 2026-11-01",
    "end": "is required: a date like 2026-11-11",
    "purpose": "is required: one of acquisition, activation, conversion, brand",
}


def message_for(error: dict, loc: tuple, root: type[BaseModel] | None = None) -> str:
    """The sentence for one pydantic error (`root`: the model validated, default Answers)."""
    kind = error["type"]
    got = show(error.get("input"))
    if kind == "missing" and loc and loc[-1] in _MISSING_HINTS:
        return _MISSING_HINTS[str(loc[-1])]
    if kind in _OWN_KINDS:
        return error["msg"]
    if kind == "extra_forbidden":
        return _unknown_field(loc, root)
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        return f"must be one of {', '.join(allowed)}, got {got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be {error['ctx'].get('ge', error['ctx'].get('gt'))} or more, got {got}"
    if kind in _SIMPLE:
        return _SIMPLE[kind].format(got=got)
    return f"cannot be {got} here; check the value against the example files"


def _unknown_field(loc: tuple, root: type[BaseModel] | None = None) -> str:
    """`unknown field; did you mean "budget"?` from the fields the model has at that place."""
    allowed = fields_at(loc[:-1], root)
    key = str(loc[-1]) if loc else ""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f'unknown field; did you mean "{close[0]}"?'
    if allowed:
        return f"unknown field; the fields here are {', '.join(allowed)}"
    return "unknown field; remove it"


def fields_at(loc: tuple, root: type[BaseModel] | None = None) -> list[str]:
    """Names (aliases where set) of the model fields found by walking `loc` from `root`."""
    from generator.answers.model import Answers

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
