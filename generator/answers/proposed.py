"""Which values the tool proposed: the small `proposed:` section at the end of an answers file.

    proposed: # what campaign-docs proposed; a value still equal to it follows its sources
      objectives.0.key_results.0.deadline: 2026-06-15
      phases:
        - {phase: planning, start: 2026-05-11, end: 2026-05-21}
        - {phase: launch, start: 2026-06-01, end: 2026-06-15}

Each key is a path in the one notation (`paths.py`), each value what the tool last proposed
there: one value (a deadline taken as its default), or a group's whole accepted proposal,
one item per line. A value in the file still equal to its record is proposed and follows its
sources when they change (`questionnaire/derive.py`); any edit, in the questionnaire or in a
text editor, makes it the user's, because it no longer equals the record. A group's record
keeps the whole proposal, so an item the user removed or moved is noticed (the group is no
longer wholly as proposed) and its other items are matched to their records by title.
Nothing else marks origin, so the answers file stays plain YAML; deleting the section only
makes every value the user's.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.answers import paths
from generator.locales import t

SECTION = "proposed"


def _records(tree: Any) -> Any:
    records = tree.get(SECTION) if isinstance(tree, dict) else None
    return records if isinstance(records, dict) else None


def has_records(tree: Any) -> bool:
    """True when the tree records any proposed value."""
    return bool(_records(tree))


def _covering(records: Any, path: paths.Path) -> tuple[str, paths.Path] | None:
    """The record key holding `path` (itself or an item around it), and the rest of the path."""
    for end in range(len(path), 0, -1):
        key = paths.dotted(path[:end])
        if key in records:
            return key, path[end:]
    return None


def recorded(tree: Any, path: paths.Path | str) -> Any:
    """What the tool last proposed at `path`, else MISSING.

    Inside a group's record the item is found by its index, so an item the user moved or
    removed compares unequal (it counts as the user's); `derive` matches items by title.
    """
    records = _records(tree)
    found = _covering(records, paths.parse(path)) if records else None
    if found is None:
        return paths.MISSING
    key, rest = found
    return paths.get(records[key], rest) if rest else records[key]


def recorded_exactly(tree: Any, path: paths.Path | str) -> Any:
    """The record under exactly this key (not a field of an item record), else MISSING."""
    records = _records(tree)
    key = paths.dotted(path)
    return records[key] if records and key in records else paths.MISSING


def same(a: Any, b: Any) -> bool:
    """Equal as answers (ruamel's containers and scalars compared as plain values)."""
    return paths.plain(a) == paths.plain(b)


def is_proposed(tree: Any, path: paths.Path | str) -> bool:
    """The value at `path` is still what the tool proposed there."""
    proposal = recorded(tree, path)
    return proposal is not paths.MISSING and same(paths.get(tree, path), proposal)


def record(tree: Any, path: paths.Path | str, value: Any) -> None:
    """Remember `value` as proposed at exactly `path` (records inside it are replaced)."""
    records = _records(tree)
    if records is None:
        records = tree[SECTION] = CommentedMap()
    path = paths.parse(path)
    _forget_under(records, path)
    records[paths.dotted(path)] = _one_line_items(paths.to_tree(value))


def forget(tree: Any, path: paths.Path | str) -> None:
    """The value at `path` is the user's: drop the record made for exactly it (and inside it).

    A field of a group's recorded item is left alone: being unequal to it is what makes it
    the user's, and the group's record must keep the whole proposal.
    """
    records = _records(tree)
    if records:
        _forget_under(records, paths.parse(path))


def renumber(tree: Any, group: paths.Path, new_index: dict[int, int | None]) -> None:
    """Items of the list at `group` moved (or were removed: None); the records made for
    values inside them follow (`channels.2.end` -> `channels.1.end`)."""
    records = _records(tree)
    if not records:
        return
    group = paths.parse(group)
    moved = {}
    for key in [k for k in records if isinstance(k, str)]:
        path = paths.parse(key)
        if len(path) > len(group) and path[: len(group)] == group \
                and isinstance(path[len(group)], int) and path[len(group)] in new_index:
            value = records.pop(key)
            target = new_index[path[len(group)]]
            if target is not None:
                moved[paths.dotted(group + (target,) + path[len(group) + 1:])] = value
    records.update(moved)


def keep_last(tree: Any, lang: str | None = None) -> None:
    """Put the section at the end of the file (a note on its line says what it is); drop it
    when empty. Called on every save, so sections answered later go above it."""
    if not isinstance(tree, CommentedMap) or SECTION not in tree:
        return
    records = tree[SECTION]
    if not records:
        del tree[SECTION]
        return
    if list(tree)[-1] != SECTION:
        tree[SECTION] = tree.pop(SECTION)  # NOTE: the key's end-of-line comment travels with it
    if not tree.ca.items.get(SECTION):
        # NOTE: on the key's own line: a comment line above it would belong to the section
        # before in ruamel's tree, and stay there when that section grows
        tree.yaml_add_eol_comment(t("answers.proposed.comment", lang=lang), SECTION, column=0)


def _forget_under(records: Any, path: paths.Path) -> None:
    """Drop the record of `path` and every record inside it."""
    key = paths.dotted(path)
    for name in [k for k in records if isinstance(k, str)
                 and (k == key or k.startswith(key + "."))]:
        del records[name]


def _one_line_items(value: Any) -> Any:
    """A group's recorded items one per line (`- {phase: launch, start: …}`): a small section."""
    if isinstance(value, CommentedSeq):
        for item in value:
            if isinstance(item, CommentedMap):
                item.fa.set_flow_style()
    return value
