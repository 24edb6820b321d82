"""Derived values follow their sources: what the tool proposed is worked out again.

The walker records each value it proposed (`answers/proposed.py`): a group's accepted
proposal (phases, the schedule) item by item, and a leaf answered with its derived default
(`default_from`: a KR deadline from campaign.end, a channel's dates). After every answer,
and after `edit --set`, `rederive` works each recorded value out again from the answers as
they are now, in questionnaire order (the phases before the schedule built on them):

- a value still equal to its record takes the new one, and the record follows;
- a value the user changed stays (and loses its record); `check` names it if it no longer
  fits the new dates;
- a group left wholly as proposed is replaced by the new proposal (tasks come and go with
  the channels and items they stand for); in a group the user touched, each proposed field
  of an item follows the new proposal's item of the same title, and nothing is added or
  removed.

The proposals themselves are `questionnaire/proposals.py`'s (what is proposed is theirs);
this module only decides what follows and says what moved, one line per value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from generator.answers import paths, proposed
from generator.locales import t
from generator.questionnaire import proposals, types
from generator.questionnaire.definition import Question, Questionnaire
from generator.questionnaire.types import EMPTY

# Fields of a proposed item that identify it rather than derive from anything: a field-by-field
# follow never renumbers tasks under the user's own `depends_on`.
_IDENTITY = ("id", "depends_on")


class Walker(Protocol):
    """What following needs from `engine.Walker` (which imports this module)."""

    qn: Questionnaire
    answers: Any
    lang: str

    def applies(self, q: Question, base: paths.Path) -> bool:
        """The question's `when:` holds for the answers so far."""

    def default_for(self, q: Question, base: paths.Path) -> Any:
        """The question's default, derived from the answers as they are now."""


@dataclass(frozen=True)
class Moved:
    """One proposed value that followed its sources: where, from what, to what.

    `old` None: an item added; `new` None: an item removed (a wholly proposed group only).
    """

    path: paths.Path
    old: Any
    new: Any
    where: str  # how the user names the place: 阶段 3「活动上线期」结束日期


def rederive(walker: Walker) -> list[Moved]:
    """Work every recorded proposal out again from the walker's answers; what moved, in order."""
    if not proposed.has_records(walker.answers):
        return []
    moved: list[Moved] = []
    for section in walker.qn.sections:
        for q, base, owner in _questions(walker, section.questions, (), None):
            if q.is_group:
                moved += _follow_group(walker, q, base + paths.parse(q.key))
            elif q.default_from:
                moved += _follow_leaf(walker, q, base, owner)
    return moved


def moved_lines(moved: list[Moved], lang: str) -> list[str]:
    """What the user reads: a header, then one line per moved value."""
    if not moved:
        return []
    return [t("questionnaire.derive.header", lang=lang)] + ["  " + _line(m, lang) for m in moved]


def _line(m: Moved, lang: str) -> str:
    if m.old is None or m.new is None:
        return m.where  # an item added or removed: the sentence says so
    return t("questionnaire.derive.value", lang=lang, where=m.where, old=m.old, new=m.new)


# --- walking the questionnaire over the answers ---------------------------------------------


def _questions(walker: Walker, questions: list[Question], base: paths.Path,
               owner: tuple | None) -> Iterator[tuple[Question, paths.Path, tuple | None]]:
    """(question, base, (group, index) holding it) for every question that applies, in order.

    A group is yielded before its items' questions: its proposal settles the items first.
    """
    for q in questions:
        if q.type == "each" or not walker.applies(q, base):
            continue
        yield q, base, owner
        if q.is_group:
            path = base + paths.parse(q.key)
            items = paths.get(walker.answers, path, None)
            for index in range(len(items) if isinstance(items, list) else 0):
                yield from _questions(walker, q.questions, path + (index,), (q, index))


# --- one value ------------------------------------------------------------------------------


def _follow_leaf(walker: Walker, q: Question, base: paths.Path,
                 owner: tuple | None) -> list[Moved]:
    """A leaf answered with its derived default: take the default as it is now."""
    tree, path = walker.answers, base + paths.parse(q.key)
    record = proposed.recorded_exactly(tree, path)
    if record is paths.MISSING:
        return []  # the user's, or a field of a proposed item (its group follows it)
    current = paths.get(tree, path, None)
    if not proposed.same(current, record):
        proposed.forget(tree, path)  # edited since: the user's now
        return []
    fresh = walker.default_for(q, base)
    if fresh in EMPTY or proposed.same(fresh, current):
        return []
    paths.put(tree, path, q.kind.tree(fresh))
    proposed.record(tree, path, fresh)
    return [Moved(path, _show(q, current, walker.lang), _show(q, fresh, walker.lang),
                  _where(walker, q, base, owner))]


# --- a group with a proposal ----------------------------------------------------------------


def _follow_group(walker: Walker, q: Question, path: paths.Path) -> list[Moved]:
    """Phases, the schedule: follow the proposal made from the answers as they are now."""
    if not q.propose:
        return []
    tree = walker.answers
    items = paths.get(tree, path, None)
    record = proposed.recorded_exactly(tree, path)
    if not isinstance(items, list) or not isinstance(record, list):
        return []
    fresh = proposals.propose(q.propose, tree, walker.lang)
    if not fresh:
        return []  # nothing sound to propose yet (the answers do not validate): leave it
    if proposed.same(items, record):
        return _replace(walker, q, path, items, fresh)
    return _merge(walker, q, path, items, record, fresh)


def _replace(walker: Walker, q: Question, path: paths.Path, items: list,
             fresh: list[dict]) -> list[Moved]:
    """A group wholly as proposed: the new proposal takes its place, and its record."""
    old = paths.plain(items)
    if old == paths.plain(fresh):
        return []
    paths.put(walker.answers, path, fresh)
    proposed.record(walker.answers, path, fresh)
    moved, unused = [], list(range(len(fresh)))
    for index, item in enumerate(old):
        match = _same_title(q, item, fresh, unused)
        if match is None:
            moved.append(Moved(path + (index,), item, None,
                               _changed(walker, q, index, item, "removed")))
            continue
        unused.remove(match)
        moved += _field_moves(walker, q, path + (match,), match, item, fresh[match])
    moved += [Moved(path + (index,), None, fresh[index],
                    _changed(walker, q, index, fresh[index], "added")) for index in unused]
    return moved


def _merge(walker: Walker, q: Question, path: paths.Path, items: list, record: list,
           fresh: list[dict]) -> list[Moved]:
    """A group the user touched (an item edited, added, removed or moved): each item found in
    the record by its title has its still-proposed fields follow the new proposal's item of
    that title. Nothing is added or removed; the record's items take the new values."""
    moved: list[Moved] = []
    unused_record, unused_fresh = list(range(len(record))), list(range(len(fresh)))
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        was, now = _same_title(q, item, record, unused_record), \
            _same_title(q, item, fresh, unused_fresh)
        if was is None or now is None:
            continue  # the user's own item, or one the proposal no longer has
        unused_record.remove(was)
        unused_fresh.remove(now)
        for sub in _fields(q):
            key = sub.key
            old, new = record[was].get(key), fresh[now].get(key)
            if key in _IDENTITY or key not in record[was] or new is None \
                    or proposed.same(new, old) or not proposed.same(item.get(key), old):
                continue  # not proposed, not moved, or set by the user since
            moved.append(Moved(path + (index, key), _show(sub, old, walker.lang),
                               _show(sub, new, walker.lang),
                               _where_in(walker, q, index, item, sub)))
            item[key] = paths.to_tree(new)
            record[was][key] = paths.to_tree(new)
    return moved


def _field_moves(walker: Walker, q: Question, path: paths.Path, index: int, old: dict,
                 new: dict) -> list[Moved]:
    """One Moved per question field whose value differs between an item and its successor."""
    return [Moved(path + (sub.key,), _show(sub, old.get(sub.key), walker.lang),
                  _show(sub, new.get(sub.key), walker.lang),
                  _where_in(walker, q, index, new, sub))
            for sub in _fields(q) if sub.key not in _IDENTITY
            and not proposed.same(old.get(sub.key), new.get(sub.key))]


def _same_title(q: Question, item: Any, among: list, unused: list[int]) -> int | None:
    """The first unused item of `among` with the same title (the phase, the task's name)."""
    title = item.get(q.title) if q.title and isinstance(item, dict) else None
    return next((i for i in unused if title is not None and isinstance(among[i], dict)
                 and proposed.same(among[i].get(q.title), title)), None)


def _fields(q: Question) -> list[Question]:
    return [sub for sub in q.questions if not sub.is_group]


# --- naming places and values in the user's words --------------------------------------------


def _show(q: Question, value: Any, lang: str) -> str:
    return types.display(q, value, lang) or "—"


def _title(q: Question, item: Any, lang: str) -> str:
    sub = next((s for s in q.questions if s.key == q.title), None)
    value = item.get(q.title) if isinstance(item, dict) and q.title else None
    return types.display(sub, value, lang) if sub is not None and value is not None else "—"


def _where_in(walker: Walker, q: Question, index: int, item: Any, sub: Question) -> str:
    return t("questionnaire.derive.in_item", lang=walker.lang, item=q.item_name(walker.lang),
             n=index + 1, title=_title(q, item, walker.lang), field=sub.text(walker.lang))


def _where(walker: Walker, q: Question, base: paths.Path, owner: tuple | None) -> str:
    if owner is None:
        return q.text(walker.lang)
    group, index = owner
    return _where_in(walker, group, index, paths.get(walker.answers, base, None), q)


def _changed(walker: Walker, q: Question, index: int, item: Any, how: str) -> str:
    return t(f"questionnaire.derive.{how}", lang=walker.lang, item=q.item_name(walker.lang),
             title=_title(q, item, walker.lang))
