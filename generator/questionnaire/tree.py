"""Paths into the ruamel round-trip answers tree (maps and lists), keeping comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

Path = tuple  # ("objectives", 0, "key_results", 1, "target")
MISSING = object()


def split(key: str) -> Path:
    """"campaign.budget" -> ("campaign", "budget"); digits become list indexes."""
    return tuple(int(p) if p.isdigit() else p for p in key.split(".") if p)


def dotted(path: Path) -> str:
    """("objectives", 0, "target") -> "objectives.0.target"."""
    return ".".join(str(p) for p in path)


def get(tree: Any, path: Path, default: Any = MISSING) -> Any:
    """The value at `path`, or `default` (MISSING) when any step is absent."""
    node = tree
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return default
        elif not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def has(tree: Any, path: Path) -> bool:
    """True when `path` is present (even with an empty value: an answered blank)."""
    return get(tree, path) is not MISSING


def put(tree: Any, path: Path, value: Any) -> None:
    """Set `path` to `value`, creating maps on the way; new keys go at the end (order kept)."""
    node = tree
    for part in path[:-1]:
        child = node[part] if _holds(node, part) else None
        if not isinstance(child, (dict, list)):
            child = CommentedMap()
            node[part] = child
        node = child
    node[path[-1]] = to_tree(value)


def remove(tree: Any, path: Path) -> None:
    """Delete the key or list item at `path` if present."""
    parent = get(tree, path[:-1])
    if parent is not MISSING and _holds(parent, path[-1]):
        del parent[path[-1]]


def _holds(node: Any, part: Any) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and part < len(node)
    return isinstance(node, dict) and part in node


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
        if (value and all(not isinstance(v, (dict, list)) for v in value)
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


def count_answers(tree: Any, skip: tuple[str, ...] = ("format", "lang")) -> int:
    """How many answers the tree holds: every leaf value (answered blanks included)."""
    if isinstance(tree, dict):
        return sum(count_answers(v, ()) for k, v in tree.items() if k not in skip)
    if isinstance(tree, list):
        if tree and all(not isinstance(v, (dict, list)) for v in tree):
            return 1  # a list of names is one answer
        return sum(count_answers(v, ()) for v in tree)
    return 1
