"""Merge answers read from elsewhere (a plan workbook) into an answers file's round-trip tree.

Only what differs is touched, in place: a value equal to the file's (`"2万"` and 20000,
`2026-11-01` quoted or not, a text up to its trailing line break) stays exactly as written,
with its comments and its key order, and a record of a list is matched to the file's by its
title (a channel by its name, a task by its id), so reordering or adding rows rewrites
nothing else. A key the file lacks goes where the answers format puts it.

Nothing is removed silently: a value the file has that the new answers leave empty, a record
they no longer hold, a rule row they dropped, is a `Clearing`; the caller names each one and
removes them only when clearing is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.answers import numbers, paths, proposed
from generator.answers.validation import fields_at

ABSENT = paths.MISSING
# The field that names a record of each list (how a row is matched to the file's record).
TITLES = {"objectives": ("objective",), "key_results": ("metric",), "segments": ("name",),
          "phases": ("phase",), "channels": ("name",), "materials": ("name",),
          "development": ("item",), "schedule": ("id", "task"), "risks": ("risk",),
          "lines": ("item",), "approvers": ("name",)}
ROW_LISTS = ("rules", "flow")  # lists of text shown one item per row: a row gone is cleared


@dataclass
class Merged:
    """What a merge did: paths changed or added, and what it would remove (or removed)."""

    changed: list[tuple] = field(default_factory=list)
    # (path, the value it had, its line in the file): the line read before anything moved
    cleared: list[tuple[tuple, Any, int | None]] = field(default_factory=list)


def merge_into(data: CommentedMap, new: dict, keys: tuple[str, ...],
               allow_clearing: bool = False) -> Merged:
    """Bring the top-level `keys` of `data` in line with `new`. Values `new` leaves out are
    recorded as cleared, and removed only when `allow_clearing`."""
    merged = Merged()
    _Merger(data, merged, allow_clearing).mapping(data, new, (), keys)
    return merged


class _Merger:
    def __init__(self, root: CommentedMap, merged: Merged, allow_clearing: bool):
        self.root, self.merged, self.allow = root, merged, allow_clearing
        self.index: dict[tuple, int] = {}  # a record's path in the new answers -> its index in the file

    def clear(self, path: tuple, old: Any, line_path: tuple | None = None) -> None:
        """Record a value the file has that the new answers drop."""
        try:
            line = paths.line_of(self.root, line_path or self.file_path(path))
        except (KeyError, TypeError, AttributeError):  # a node made in memory has no line
            line = None
        self.merged.cleared.append((path, paths.plain(old), line))

    def mapping(self, old: CommentedMap, new: dict, path: tuple,
                only: tuple[str, ...] | None = None) -> None:
        """Each key of `new` and of `old` (limited to `only`) brought in line."""
        keys = list(dict.fromkeys([*new, *old]))
        for key in keys:
            if only is not None and key not in only:
                continue
            self.value(old, key, old.get(key, ABSENT), new.get(key, ABSENT), path + (key,))

    def value(self, parent: Any, key: Any, old: Any, new: Any, path: tuple) -> None:
        """One value: kept when equal, merged when both are containers, else replaced."""
        if _empty(new):
            self.gone(parent, key, old, path)
        elif (old is ABSENT or old is None) and new is False:
            return  # a flag at its default (a task's milestone left at 否) adds nothing
        elif old is ABSENT or old is None:
            _insert(parent, key, paths.to_tree(_without_defaults(new)), path)
            self.merged.changed.append(path)
        elif isinstance(old, dict) and isinstance(new, dict):
            self.mapping(old, new, path)
        elif isinstance(old, list) and isinstance(new, list) and _records(old, new):
            self.records(old, new, path)
        elif isinstance(old, list) and isinstance(new, list):
            self.texts(old, new, path)
        elif not same(old, new):
            parent[key] = paths.to_tree(new)
            self.merged.changed.append(path)

    def gone(self, parent: Any, key: Any, old: Any, path: tuple) -> None:
        """`new` has nothing here: a value the file had is cleared (named; removed if allowed)."""
        if _empty(old) or old is False:
            return  # nothing to lose: an empty value, or a flag at its default
        if isinstance(old, dict):
            self.mapping(old, {}, path)
            if self.allow and all(_empty(v) for v in old.values()):
                del parent[key]
            return
        if isinstance(old, list):
            if all(isinstance(item, dict) for item in old):
                self.records(old, [], path)
            else:
                self.texts(old, [], path)
            if self.allow and not old:
                del parent[key]
            return
        self.clear(path, old)
        if self.allow:
            del parent[key]
            self.merged.changed.append(path)

    def records(self, old: CommentedSeq, new: list[dict], path: tuple) -> None:
        """Records matched by title; the file's own map (and comments) kept for each match."""
        pairs = _pair(old, new, TITLES.get(str(path[-1]), ()))
        gone = [i for i in range(len(old)) if i not in pairs.values()]
        for i in gone:
            self.clear(path + (i,), old[i], self.file_path(path) + (i,))
        result = []
        for j, item in enumerate(new):
            i = pairs.get(j)
            if i is None:
                result.append(paths.to_tree(_without_defaults(item)))
                self.merged.changed.append(path + (j,))
            else:
                self.index[path + (j,)] = i
                self.mapping(old[i], item, path + (j,))
                result.append(old[i])
        if not self.allow:
            result += [old[i] for i in gone]
        elif gone:
            self.merged.changed.append(path)
        if [id(x) for x in result] != [id(x) for x in old]:
            # NOTE: values recorded as proposed (`channels.2.end`) move with their record
            moved = {i: j for j, i in pairs.items()} | {i: None for i in gone}
            proposed.renumber(self.root, self.file_path(path), moved)
            _replace_items(old, result)

    def file_path(self, path: tuple) -> tuple:
        """`path` as the file numbers it: a record matched under another index in the
        new answers keeps its own index in the file (`self.index`)."""
        return tuple(self.index.get(path[:n + 1], part) for n, part in enumerate(path))

    def texts(self, old: CommentedSeq, new: list, path: tuple) -> None:
        """A list of text: replaced when it differs. On a sheet of one text per row (rules,
        flow) the rows it lost are cleared; in one cell (departments) it was edited."""
        if len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True)):
            return
        lost = len(old) - len(new)
        if str(path[-1]) in ROW_LISTS and lost > 0:
            kept = [str(item).strip() for item in new]
            named = [i for i, item in enumerate(old) if str(item).strip() not in kept]
            for i in (named or list(range(len(new), len(old))))[:lost]:
                self.clear(path + (i,), old[i], self.file_path(path) + (i,))
            if not self.allow:
                return
        _replace_items(old, [paths.to_tree(item) for item in new])
        self.merged.changed.append(path)


def _pair(old: list, new: list, titles: tuple[str, ...]) -> dict[int, int]:
    """new index -> old index: the same title first, then a record renamed in its place."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for j, item in enumerate(new):
        for i, candidate in enumerate(old):
            if i not in used and _title(candidate, titles) is not None \
                    and _title(candidate, titles) == _title(item, titles):
                pairs[j] = i
                used.add(i)
                break
    for j in range(len(new)):
        if j not in pairs and j < len(old) and j not in used:
            pairs[j] = j
            used.add(j)
    return pairs


def _title(record: Any, titles: tuple[str, ...]) -> Any:
    """The first title field the record has (a task's id, else its name)."""
    if not isinstance(record, dict):
        return None
    for key in titles:
        if record.get(key) not in (None, ""):
            return key, str(record[key]).strip()
    return None


def _replace_items(seq: CommentedSeq, items: list) -> None:
    """The sequence's items replaced in place, so the sequence keeps its own comments; what
    followed its last item (the blank line before the next section) follows the new last."""
    trailing = _take_trailing(seq)
    del seq[:]
    seq.extend(items)
    if trailing is not None:
        _put_trailing(seq, trailing)


def _tail(node: Any) -> tuple[Any, Any, int] | None:
    """(container, key, slot) of the comment after a node's last scalar: ruamel keeps the
    blank line that ends a section there (a map's slot 2, a sequence's slot 0)."""
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slot = 2 if isinstance(node, CommentedMap) else 0
        value = node[key]
        held = node.ca.items.get(key)
        if isinstance(value, CommentedMap | CommentedSeq) and len(value) \
                and not (held and held[slot]):
            node = value
            continue
        return node, key, slot
    return None


def _take_trailing(node: Any) -> Any:
    """Remove and return the comment after a node's last scalar, if any."""
    tail = _tail(node)
    if tail is None:
        return None
    container, key, slot = tail
    held = container.ca.items.get(key)
    if not held or held[slot] is None:
        return None
    token, held[slot] = held[slot], None
    return token


def _put_trailing(node: Any, token: Any) -> None:
    """Give a node's last scalar the comment `token` (unless it has one of its own)."""
    tail = _tail(node)
    if tail is None:
        return
    container, key, slot = tail
    held = container.ca.items.setdefault(key, [None, None, None, None])
    if held[slot] is None:
        held[slot] = token


def _without_defaults(value: Any) -> Any:
    """New answers without flags at their default (a task's `milestone: false`): a file
    says what is so, as a person writes it."""
    if isinstance(value, dict):
        return {k: _without_defaults(v) for k, v in value.items() if v is not False}
    if isinstance(value, list):
        return [_without_defaults(v) for v in value]
    return value


def _records(old: list, new: list) -> bool:
    return all(isinstance(x, dict) for x in [*old, *new])


def _empty(value: Any) -> bool:
    return value is ABSENT or value is None or value == "" or value == [] or value == {}


def _insert(parent: Any, key: Any, value: Any, path: tuple) -> None:
    """A new key where the answers format has it (after the nearest earlier field present);
    the blank line that ended the map or the section before moves to stay at the end."""
    if not isinstance(parent, CommentedMap) or isinstance(key, int) or key in parent:
        parent[key] = value
        return
    order = ["format", *fields_at(())] if path[:-1] == () else fields_at(path[:-1])
    earlier = order[: order.index(key)] if key in order else list(parent)
    present = [k for k in parent if k in earlier]
    position = (list(parent).index(present[-1]) + 1) if present else 0
    if path[:-1] == () and present:  # a new section: the one before gives up its blank line
        trailing = _take_trailing(parent[present[-1]])
        parent.insert(position, key, value)
        if trailing is not None:
            _put_trailing(value, trailing)
            parent.yaml_set_comment_before_after_key(key, before="\n")
        return
    trailing = _take_trailing(parent) if position == len(parent) else None
    parent.insert(position, key, value)
    if trailing is not None:
        _put_trailing(parent, trailing)


def same(old: Any, new: Any) -> bool:
    """Equal as answers: numbers by value (`"2万"` = 20000), dates as dates, text up to
    its trailing whitespace and line endings, flags by truth."""
    old, new = paths.plain(old), paths.plain(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, dt.date) or isinstance(new, dt.date):
        return _iso(old) == _iso(new)
    if isinstance(old, str) and isinstance(new, int | float):
        old = _number(old)
    if isinstance(new, str) and isinstance(old, int | float):
        new = _number(new)
    if isinstance(old, str) and isinstance(new, str):
        return _text(old) == _text(new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict) and isinstance(new, dict):
        keys = {k for k in {*old, *new} if not _empty(old.get(k)) or not _empty(new.get(k))}
        return all(same(old.get(k), new.get(k)) for k in keys)
    return old == new


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() if value is not None else None


def _number(text: str) -> Any:
    try:
        return numbers.read_number(text).value
    except numbers.NumberProblem:
        return text


def _text(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip()
