"""Paths into an answers tree, in one notation: `objectives.0.key_results.1.target`.

The same dotted form is what `--set KEY=VALUE` takes, what every problem names as its field,
and what the questionnaire stores; it needs no quoting in a shell (brackets do in zsh).
`objectives[0].target` is still read, so older notes and scripts keep working.
The tree is ruamel's round-trip tree (CommentedMap / CommentedSeq), so comments, key order
and line numbers survive every edit made through here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

Path = tuple  # ("objectives", 0, "key_results", 1, "target")
MISSING = object()

_PART_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse(path: str | tuple | list) -> Path:
    """`"objectives.0.target"` (or `"objectives[0].target"`) -> `("objectives", 0, "target")`."""
    if not isinstance(path, str):
        return tuple(path)
    parts = []
    for key, index in _PART_RE.findall(path):
        parts.append(int(index) if index else int(key) if key.isdigit() else key)
    return tuple(parts)


def dotted(path: str | tuple | list) -> str:
    """`("objectives", 0, "target")` -> `"objectives.0.target"`."""
    return ".".join(str(part) for part in parse(path))


def get(tree: Any, path: str | tuple | list, default: Any = MISSING) -> Any:
    """The value at `path`, or `default` (MISSING) when any step is absent."""
    node = tree
    for part in parse(path):
        if not _holds(node, part):
            return default
        node = node[part]
    return node


def has(tree: Any, path: str | tuple | list) -> bool:
    """True when `path` is present (even with an empty value: an answered blank)."""
    return get(tree, path) is not MISSING


def put(tree: Any, path: str | tuple | list, value: Any) -> None:
    """Set `path` to `value`, creating maps and lists on the way.

    A list index equal to the list's length appends; a larger one is an IndexError
    (a path can never grow a list by more than one item). New keys go at the end.
    """
    parts = parse(path)
    node = tree
    for part, next_part in zip(parts, parts[1:], strict=False):
        if isinstance(part, int):
            _check_index(node, part, parts)
        child = node[part] if _holds(node, part) else None
        if not isinstance(child, dict | list):
            child = CommentedSeq() if isinstance(next_part, int) else CommentedMap()
            _assign(node, part, child)
        node = child
    if isinstance(parts[-1], int):
        _check_index(node, parts[-1], parts)
    _assign(node, parts[-1], to_tree(value))


def _check_index(node: Any, index: int, parts: Path) -> None:
    if not isinstance(node, list) or index > len(node):
        have = len(node) if isinstance(node, list) else 0
        raise IndexError(f"{dotted(parts)}: item {index} does not exist yet "
                         f"(there are {have}; the next one is {have})")


def _assign(node: Any, part: Any, value: Any) -> None:
    if isinstance(part, int) and part == len(node):
        node.append(value)
    else:
        node[part] = value


def remove(tree: Any, path: str | tuple | list) -> None:
    """Delete the key or list item at `path` if present."""
    parts = parse(path)
    parent = get(tree, parts[:-1])
    if parent is not MISSING and _holds(parent, parts[-1]):
        del parent[parts[-1]]


def _holds(node: Any, part: Any) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and 0 <= part < len(node)
    return isinstance(node, dict) and part in node


def line_of(tree: Any, path: str | tuple | list) -> int | None:
    """1-based line of `path` in a round-trip tree, or of its nearest present parent."""
    node, line = tree, None
    for part in parse(path):
        if isinstance(node, CommentedMap) and part in node:
            position = node.lc.key(part)
        elif isinstance(node, CommentedSeq) and _holds(node, part):
            position = node.lc.item(part)
        else:
            break
        if position is None:
            break  # NOTE: made in memory since the file was read (--set): it has no line yet
        line = position[0] + 1
        node = node[part]
    return line


def to_tree(value: Any) -> Any:
    """Plain dicts / lists -> ruamel containers, so later comments and order behave."""
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, dict):
        result = CommentedMap()
        for k, v in value.items():
            result[k] = to_tree(v)
        return result
    if isinstance(value, list):
        seq = CommentedSeq(to_tree(v) for v in value)
        if (value and all(not isinstance(v, dict | list) for v in value)
                and sum(len(str(v)) + 2 for v in value) <= 60):
            seq.fa.set_flow_style()  # short lists like [市场部, 用户运营部] stay on one line
        return seq
    if isinstance(value, dt.date):
        # NOTE: a fresh object per place: ruamel would write one shared date as &id001/*id001
        # anchors, which answers files refuse.
        return type(value).fromisoformat(value.isoformat())
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)  # multiline text stays a readable `|` block
    return value


def plain(value: Any) -> Any:
    """The round-trip tree as plain dicts, lists, str, numbers, bools and dates (`to_tree` back)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return bool(value) if type(value).__name__ == "ScalarBoolean" else int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, value.hour, value.minute)
    return value
