"""The part of an answers file that validates, so the cross-field lint runs on it too.

A file with a non-numeric KR target and reversed campaign dates should hear about both in
one `check`. pydantic gives no model when any field fails, so the failing parts are taken
out and the rest validated again, until it passes:

- a field whose value is wrong is removed (an optional field then simply is absent);
- when that leaves a required field missing, the list item holding it is dropped
  (`objectives.0.key_results.1`); with no list item around it (`campaign.start`), nothing
  sound remains to lint and there is no partial model.

Dropped items are filtered out of the validated copy only, so the indexes the model sees
shift; `kept` maps them back (`Loaded.original`), and problems name the file's own paths and
lines. Rules that look names up across sections (a `depends_on` id, a results metric) also
accept the names of dropped items, which exist in the file even though they did not validate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from generator.answers import paths
from generator.answers.model import Answers
from generator.answers.validation import clean_loc

# Each round removes at least one thing; a wrong required field takes two (value, then item).
MAX_ROUNDS = 8


@dataclass
class Partial:
    """The model of what validated, and how its list indexes map back to the file's."""

    answers: Answers
    kept: dict[tuple, list[int]] = field(default_factory=dict)  # list path -> file indexes
    dropped: list[tuple] = field(default_factory=list)  # file paths of the items left out


def validate_partial(data: Any) -> Partial | None:
    """The model of `data` minus the parts that fail; None when a required section fails."""
    work = paths.plain(data)
    dropped: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        view, kept = _without(work, dropped)
        try:
            return Partial(Answers.model_validate(view), kept, sorted(dropped, key=str))
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        changed = False
        for error in errors:
            loc = original(clean_loc(error["loc"]), kept)
            changed = _take_out(work, loc, error["type"] == "missing", dropped) or changed
        if not changed:
            return None
    return None


def original(loc: tuple, kept: dict[tuple, list[int]]) -> tuple:
    """A path in the filtered copy -> the same place in the file (dropped items counted)."""
    out: list = []
    for part in loc:
        indexes = kept.get(tuple(out)) if isinstance(part, int) else None
        out.append(indexes[part] if indexes is not None and part < len(indexes) else part)
    return tuple(out)


def _take_out(work: Any, loc: tuple, missing: bool, dropped: set[tuple]) -> bool:
    """Remove the failing value at `loc`, or drop its list item; False when neither can be."""
    if not missing and loc and not isinstance(loc[-1], int):
        parent = paths.get(work, loc[:-1], None)
        if isinstance(parent, dict) and loc[-1] in parent:
            del parent[loc[-1]]
            return True
    item = _enclosing_item(loc)
    if item is None or item in dropped:
        return False
    dropped.add(item)
    return True


def _enclosing_item(loc: tuple) -> tuple | None:
    """The innermost list item on `loc` (`objectives.0.key_results.1` for its target)."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def _without(node: Any, dropped: set[tuple], at: tuple = (),
             kept: dict | None = None) -> tuple[Any, dict]:
    """A copy of `node` without the dropped items, and the kept indexes of each list cut."""
    kept = {} if kept is None else kept
    if isinstance(node, dict):
        return {k: _without(v, dropped, at + (k,), kept)[0] for k, v in node.items()}, kept
    if isinstance(node, list):
        indexes = [i for i in range(len(node)) if at + (i,) not in dropped]
        if len(indexes) != len(node):
            kept[at] = indexes
        return [_without(node[i], dropped, at + (i,), kept)[0] for i in indexes], kept
    return node, kept
