"""The repeated-group menu: add, edit, remove and reorder items, within the min/max counts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.questionnaire import prompts
from generator.answers import paths
from generator.questionnaire.definition import Question
from generator.questionnaire.messages import msg

if TYPE_CHECKING:
    from generator.questionnaire.engine import Walker

_COMMAND_RE = re.compile(r"^([aerdm+]?)\s*(\d+)?(?:\s+(\d+))?$", re.IGNORECASE)


def run_menu(walker: Walker, q: Question, path: paths.Path) -> None:
    """Show the items and act on commands until the user presses Enter."""
    lang = walker.lang
    item = q.item[lang]
    while True:
        items = paths.get(walker.answers, path, None) or []
        _show(walker, q, items)
        entry = prompts.read_line(msg(lang, "menu", item=item)).strip()
        if not entry:
            if len(items) >= q.min_items:
                return
            prompts.say("  " + msg(lang, "too_few", min=q.min_items, item=item), fg="red")
            continue
        match = _COMMAND_RE.match(prompts.parse.normalise(entry))
        if not match:
            prompts.say("  " + msg(lang, "menu_bad", entry=entry), fg="red")
            continue
        _act(walker, q, path, items, match)


def _show(walker: Walker, q: Question, items: list) -> None:
    if not items:
        prompts.say("  " + msg(walker.lang, "list_empty", item=q.item[walker.lang]), dim=True)
    for n, entry in enumerate(items, 1):
        prompts.say(f"  {n}. {walker.item_title(q, entry)}")


def _act(walker: Walker, q: Question, path: paths.Path, items: list, match: re.Match) -> None:
    lang, item = walker.lang, q.item[walker.lang]
    command, first, second = match.group(1).lower(), match.group(2), match.group(3)
    if command in ("a", "+") and not first:
        if _may_add(walker, q, len(items)):
            walker.add_item(q, path)
        return
    if not first:
        prompts.say("  " + msg(lang, "menu_bad", entry=match.group(0)), fg="red")
        return
    n = int(first)
    if not 1 <= n <= len(items):
        prompts.say("  " + msg(lang, "menu_no_item", n=n), fg="red")
        return
    if command in ("", "e"):
        prompts.say(msg(lang, "item_header", item=item, n=n), fg="cyan")
        walker.questions(q.questions, path + (n - 1,), True, {})
    elif command in ("r", "d"):
        if len(items) - 1 < q.min_items:
            prompts.say("  " + msg(lang, "too_few", min=q.min_items, item=item), fg="red")
            return
        del items[n - 1]
        walker.save()
    elif command == "m":
        target = int(second or 0)
        if not 1 <= target <= len(items):
            prompts.say("  " + msg(lang, "menu_no_item", n=second or "?"), fg="red")
            return
        items.insert(target - 1, items.pop(n - 1))
        walker.save()


def _may_add(walker: Walker, q: Question, count: int) -> bool:
    """The hard maximum refuses; the soft one (the OKR limit) warns and asks."""
    lang, item = walker.lang, q.item[walker.lang]
    if q.max_items is not None and count >= q.max_items:
        prompts.say("  " + msg(lang, "too_many", max=q.max_items, item=item), fg="red")
        return False
    if q.soft_max is not None and count >= q.soft_max:
        prompts.say("  " + q.soft_max_warning.get(lang, ""), fg="yellow")
        return prompts.confirm(lang, msg(lang, "add_anyway", item=item), False)
    return True
