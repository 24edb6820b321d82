"""The repeated-group menu: add, edit, remove and reorder items, within the min/max counts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.answers import paths
from generator.locales import t
from generator.questionnaire import prompts
from generator.questionnaire.definition import Question

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
        entry = prompts.read_line(t("questionnaire.group.menu", lang=lang, item=item)).strip()
        if not entry:
            if len(items) >= q.min_items:
                return
            prompts.say("  " + t("questionnaire.group.too_few", lang=lang, min=q.min_items, item=item), fg="red")
            continue
        match = _COMMAND_RE.match(prompts.parse.normalise(entry))
        if not match:
            prompts.say("  " + t("questionnaire.group.menu_bad", lang=lang, entry=entry), fg="red")
            continue
        _act(walker, q, path, items, match)


def _show(walker: Walker, q: Question, items: list) -> None:
    if not items:
        prompts.say("  " + t("questionnaire.group.empty", lang=walker.lang, item=q.item[walker.lang]), dim=True)
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
        prompts.say("  " + t("questionnaire.group.menu_bad", lang=lang, entry=match.group(0)), fg="red")
        return
    n = int(first)
    if not 1 <= n <= len(items):
        prompts.say("  " + t("questionnaire.group.no_item", lang=lang, n=n), fg="red")
        return
    if command in ("", "e"):
        prompts.say(t("questionnaire.group.item_header", lang=lang, item=item, n=n), fg="cyan")
        walker.questions(q.questions, path + (n - 1,), True, {})
    elif command in ("r", "d"):
        if len(items) - 1 < q.min_items:
            prompts.say("  " + t("questionnaire.group.too_few", lang=lang, min=q.min_items, item=item), fg="red")
            return
        del items[n - 1]
        walker.save()
    elif command == "m":
        target = int(second or 0)
        if not 1 <= target <= len(items):
            prompts.say("  " + t("questionnaire.group.no_item", lang=lang, n=second or "?"), fg="red")
            return
        items.insert(target - 1, items.pop(n - 1))
        walker.save()


def _may_add(walker: Walker, q: Question, count: int) -> bool:
    """The hard maximum refuses; the soft one (the OKR limit) warns and asks."""
    lang, item = walker.lang, q.item[walker.lang]
    if q.max_items is not None and count >= q.max_items:
        prompts.say("  " + t("questionnaire.group.too_many", lang=lang, max=q.max_items, item=item), fg="red")
        return False
    if q.soft_max is not None and count >= q.soft_max:
        prompts.say("  " + q.soft_max_warning.get(lang, ""), fg="yellow")
        return prompts.confirm(lang, t("questionnaire.group.add_anyway", lang=lang, item=item), False)
    return True
