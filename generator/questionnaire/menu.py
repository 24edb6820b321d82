"""The repeated-group menu: add, edit, remove and reorder items, within the min/max counts.

The menu drives the walker through the small `Walker` protocol below, so it needs no import
of `engine.py` (which imports this module).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from generator.answers import paths, proposed
from generator.locales import t
from generator.questionnaire import prompts
from generator.questionnaire.definition import Question


class Walker(Protocol):
    """What the menu needs from `engine.Walker`."""

    lang: str
    answers: Any

    def save(self) -> None:
        """Write the answers file."""

    def changed(self) -> None:
        """Items were removed or moved: save, and let proposed values follow."""

    def add_item(self, q: Question, path: paths.Path) -> bool:
        """Append an item to the group at `path` and ask its questions (False: cancelled)."""

    def questions(self, questions: list[Question], base: paths.Path, editing: bool,
                  context: dict) -> bool:
        """Ask `questions` for the item at `base`."""

    def item_title(self, q: Question, item: Any) -> str:
        """How one item is shown in the list."""

_COMMAND_RE = re.compile(r"^([aerdm+]?)\s*(\d+)?(?:\s+(\d+))?$", re.IGNORECASE)


def run_menu(walker: Walker, q: Question, path: paths.Path) -> None:
    """Show the items and act on commands until the user presses Enter.

    `<` leaves the menu backwards (prompts.Back: the question before the group); `<` inside
    an item being added or edited comes back here.
    """
    lang = walker.lang
    item = q.item_name(lang)
    while True:
        items = paths.get(walker.answers, path, None) or []
        _show(walker, q, items)
        entry = prompts.read_line(_words(lang, "menu", item=item)).strip()
        if entry == prompts.BACK:
            raise prompts.Back
        if not entry:
            if len(items) >= q.min_items:
                return
            _refuse(lang, "too_few", min=q.min_items, item=q.item_name(lang, n=q.min_items))
            continue
        match = _COMMAND_RE.match(prompts.parse.normalise(entry))
        if not match:
            _refuse(lang, "menu_bad", entry=entry)
            continue
        _act(walker, q, path, items, match)


def _show(walker: Walker, q: Question, items: list) -> None:
    if not items:
        prompts.say("  " + _words(walker.lang, "empty", item=q.item_name(walker.lang, n=0)),
                    dim=True)
    for n, entry in enumerate(items, 1):
        prompts.say(f"  {n}. {walker.item_title(q, entry)}")


def _act(walker: Walker, q: Question, path: paths.Path, items: list, match: re.Match) -> None:
    lang, item = walker.lang, q.item_name(walker.lang)
    command, first, second = match.group(1).lower(), match.group(2), match.group(3)
    if command in ("a", "+") and not first:
        if _may_add(walker, q, len(items)):
            walker.add_item(q, path)
        return
    if not first:
        _refuse(lang, "menu_bad", entry=match.group(0))
        return
    n = int(first)
    if not 1 <= n <= len(items):
        _refuse(lang, "no_item", n=n)
        return
    if command in ("", "e"):
        prompts.say(_words(lang, "item_header", item=item, n=n), fg="cyan")
        try:
            walker.questions(q.questions, path + (n - 1,), True, {})
        except prompts.Back:
            return  # `<` at the item's first question: back to the list
    elif command in ("r", "d"):
        if len(items) - 1 < q.min_items:
            _refuse(lang, "too_few", min=q.min_items, item=q.item_name(lang, n=q.min_items))
            return
        del items[n - 1]
        proposed.renumber(walker.answers, path, {i: (None if i == n - 1 else i - (i > n - 1))
                                                 for i in range(len(items) + 1)})
        walker.changed()
    elif command == "m":
        target = int(second or 0)
        if not 1 <= target <= len(items):
            _refuse(lang, "no_item", n=second or "?")
            return
        order = list(range(len(items)))
        order.insert(target - 1, order.pop(n - 1))  # old index at each new place
        items.insert(target - 1, items.pop(n - 1))
        proposed.renumber(walker.answers, path, {old: new for new, old in enumerate(order)})
        walker.changed()


def _may_add(walker: Walker, q: Question, count: int) -> bool:
    """The hard maximum refuses; the soft one (the OKR limit) warns and asks."""
    lang, item = walker.lang, q.item_name(walker.lang)
    if q.max_items is not None and count >= q.max_items:
        _refuse(lang, "too_many", max=q.max_items, item=q.item_name(lang, n=q.max_items))
        return False
    if q.soft_max is not None and count >= q.soft_max:
        prompts.say("  " + q.soft_max_warning(lang), fg="yellow")
        return prompts.confirm(lang, _words(lang, "add_anyway", item=item), False)
    return True


def _words(lang: str, name: str, **params: object) -> str:
    return t(f"questionnaire.group.{name}", lang=lang, **params)


def _refuse(lang: str, name: str, **params: object) -> None:
    """Say in red why a menu command cannot be done."""
    prompts.say("  " + _words(lang, name, **params), fg="red")
