"""Repeated groups for the walker: proposals, pick lists, adding items, the menu, `each`.

A mixin of `engine.Walker` (it uses the walker's `questions`, `answer`, `save`,
`flush_header` and settings); kept apart so each module stays one subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.answers import paths
from generator.locales import t
from generator.questionnaire import parse, prompts, proposals, types
from generator.questionnaire.definition import Question
from generator.questionnaire.menu import run_menu


class Groups:
    """Group walking for `engine.Walker`."""

    answers: Any
    lang: str
    editing: bool
    use_defaults: bool
    no_input: bool
    missing: list[str]
    save: Callable[[], None]
    answer: Callable[..., None]
    answer_items: Callable[[paths.Path, list], None]

    # --- a repeated group -----------------------------------------------------------------

    def group(self, q: Question, base: paths.Path, editing: bool) -> bool:
        """A repeated group: proposal or pick list, minimum count, then the menu.

        True when it asked something. `<` in the menu (or at the first question of the
        first item) goes back to the question before the group.
        """
        path = base + paths.parse(q.key)
        items = paths.get(self.answers, path, None)
        if not editing and isinstance(items, list) and self.complete(q, items, path):
            return False
        if items is None and q.propose:
            self.offer_proposal(q, path)
        elif editing and q.propose and isinstance(items, list) and not self.use_defaults:
            self.offer_replan(q, path, items)
        if not paths.get(self.answers, path, None) and q.pick and not self.use_defaults:
            self.flush_header()
            self.offer_picks(q, path, proposals.picks(q.pick, self.answers, self.lang))
        for index, item in enumerate(paths.get(self.answers, path, None) or []):
            if not self.complete_item(q, item, path + (index,)):
                self.questions(q.questions, path + (index,), False, {})
        while len(paths.get(self.answers, path, None) or []) < q.min_items:
            if self.no_input:
                self._missing_item(q, path)
                return False
            if not self.add_item(q, path) and not paths.get(self.answers, path, None):
                raise prompts.Back  # `<` at the first question of the first item
        if not self.use_defaults:
            self.menu(q, path)
        if not paths.has(self.answers, path):
            self.answer(path, [])  # an answered "none": resume will not ask again
        return True

    def _missing_item(self, q: Question, path: paths.Path) -> None:
        """--no-input: name the first required answer of the item still needed."""
        first = next((s for s in q.questions if s.required and not s.is_group), None)
        index = len(paths.get(self.answers, path, None) or [])
        self.missing.append(paths.dotted(path + (index,) + paths.parse(first.key)) if first
                            else paths.dotted(path))

    def offer_proposal(self, q: Question, path: paths.Path) -> None:
        """Show the proposal derived from earlier answers; accepting stores it."""
        proposal = proposals.propose(q.propose, self.answers, self.lang)
        if not proposal:
            return
        if not self.use_defaults:
            self.flush_header()
            prompts.say(t("questionnaire.group.proposal", lang=self.lang))
            for n, item in enumerate(proposal, 1):
                prompts.say(f"  {n}. {self.item_title(q, item)}")
            accept = t("questionnaire.group.accept_proposal", lang=self.lang)
            if not prompts.confirm(self.lang, accept, True):
                return
        self.answer_items(path, proposal)

    def offer_replan(self, q: Question, path: paths.Path, items: list) -> None:
        """Editing a group that has a proposal: offer it again, made from the answers as they
        are now, when it differs from the items (`edit --section phases` re-plans)."""
        proposal = proposals.propose(q.propose, self.answers, self.lang)
        if not proposal or paths.plain(items) == paths.plain(proposal):
            return
        self.flush_header()
        prompts.say(t("questionnaire.derive.replan", lang=self.lang))
        for n, item in enumerate(proposal, 1):
            prompts.say(f"  {n}. {self.item_title(q, item)}")
        accept = t("questionnaire.derive.accept_replan", lang=self.lang, n=len(items),
                   item=q.item_name(self.lang, n=len(items)))
        if prompts.confirm(self.lang, accept, False):
            self.answer_items(path, proposal)

    def offer_picks(self, q: Question, path: paths.Path, offered: list[str]) -> None:
        """A pick list of common items: the ones picked (or named) are added and asked."""
        if not offered:
            return
        listed = "  ".join(f"{n}) {name}" for n, name in enumerate(offered, 1))
        prompts.say("  " + t("questionnaire.group.pick_list", lang=self.lang,
                             item=q.item_name(self.lang, n=len(offered)), choices=listed))
        names = self._read_picks(offered)
        if not names:
            return
        items = self._items_list(path)
        first = len(items)
        for name in names:
            items.append(CommentedMap([(q.title, name)]))
        self.save()
        self.walk_items(q.questions, path, list(range(first, len(items))), False,
                        lambda index: {}, lambda index: self._item_header(q, items, index))

    def _read_picks(self, offered: list[str]) -> list[str]:
        """Numbers from the list and names of one's own, in the order typed; Enter: none."""
        while True:
            entry = prompts.read_line(t("questionnaire.group.pick", lang=self.lang)).strip()
            if entry == prompts.BACK:
                raise prompts.Back
            names, bad = [], None
            for part in parse.parse_list(entry):
                word = parse.normalise(part)
                if word.isdigit() and not 1 <= int(word) <= len(offered):
                    bad = word
                names.append(offered[int(word) - 1] if word.isdigit() and not bad else part)
            if bad is None:
                return list(dict.fromkeys(names))
            prompts.say("  " + t("questionnaire.group.no_item", lang=self.lang, n=bad),
                        fg="red")

    def _item_header(self, q: Question, items: list, index: int) -> None:
        title = items[index].get(q.title) if isinstance(items[index], dict) else None
        key = "item_header_named" if title else "item_header"
        prompts.say(t(f"questionnaire.group.{key}", lang=self.lang, item=q.item_name(self.lang),
                      n=index + 1, title=title), fg="cyan")

    def _items_list(self, path: paths.Path) -> list:
        items = paths.get(self.answers, path, None)
        if not isinstance(items, list):
            paths.put(self.answers, path, CommentedSeq())
            items = paths.get(self.answers, path)
        return items

    def add_item(self, q: Question, path: paths.Path) -> bool:
        """Append an empty item and ask its questions; False if `<` cancelled it."""
        self.flush_header()
        existed = paths.has(self.answers, path)
        items = self._items_list(path)
        items.append(CommentedMap())
        self._item_header(q, items, len(items) - 1)
        try:
            self.questions(q.questions, path + (len(items) - 1,), False, {})
        except prompts.Back:
            items.pop()
            if not items and not existed:
                paths.remove(self.answers, path)
            self.save()
            return False
        return True

    def menu(self, q: Question, path: paths.Path) -> None:
        """List the items; Enter = done, a = add, e N = edit, r N = remove, m N P = move."""
        self.flush_header()
        run_menu(self, q, path)

    def item_title(self, q: Question, item: Any) -> str:
        """How one item is shown in lists: its title field, plus dates when it has them."""
        if not isinstance(item, dict):
            return str(item)
        name = q.title or q.match
        sub = next((s for s in q.questions if s.key == name), None)
        title = item.get(name) if name else None
        text = (types.display(sub, title, self.lang) if sub else types.show_value(title)) \
            if title is not None else "—"
        start, end = item.get("start"), item.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            text += f"  ({start.isoformat()} – {end.isoformat()})"
        return text

    def complete(self, q: Question, items: list, path: paths.Path) -> bool:
        """Enough items, and every item has its required answers."""
        return len(items) >= q.min_items and all(
            self.complete_item(q, item, path + (i,)) for i, item in enumerate(items))

    def complete_item(self, q: Question, item: Any, path: paths.Path) -> bool:
        """Every applicable required question of one item is answered."""
        if not isinstance(item, dict):
            return False
        for sub in q.questions:
            if not self.applies(sub, path):
                continue
            value = paths.get(self.answers, path + paths.parse(sub.key), None)
            if sub.is_group and sub.type != "each":
                if not isinstance(value, list) or not self.complete(sub, value,
                                                                    path + paths.parse(sub.key)):
                    return False
            elif sub.required and value in types.EMPTY:
                return False
        return True

    def walk_items(self, questions: list[Question], path: paths.Path, indexes: list[int],
                   editing: bool, context_of: Callable[[int], dict],
                   header: Callable[[int], None] | None = None) -> bool:
        """Ask `questions` for the items at `indexes`; `<` at an item's first question goes
        back to the item before (asked again in full); before the first, up to the caller."""
        asked: set[int] = set()
        position, again = 0, None
        while position < len(indexes):
            index = indexes[position]
            if header:
                header(index)
            try:
                if self.questions(questions, path + (index,), editing or position == again,
                                  context_of(index)):
                    asked.add(position)
            except prompts.Back:
                position = again = prompts.previous(asked, position)
                continue
            position += 1
        return bool(asked)

    # --- one item per item of another list (results per key result / channel) ----------

    def each(self, q: Question, base: paths.Path) -> bool:
        """Ask `q.questions` once per source item (matched by `q.match`), in source order."""
        path = base + paths.parse(q.key)
        sources = list(_gather(self.answers, paths.parse(q.source)))
        existing = list(paths.get(self.answers, path, None) or [])
        by_match = {item.get(q.match): item for item in existing if isinstance(item, dict)}
        ordered = CommentedSeq()
        for source in sources:
            ordered.append(by_match.pop(source.get(q.match), None)
                           or CommentedMap([(q.match, source.get(q.match))]))
        ordered.extend(item for item in existing if isinstance(item, dict)
                       and item.get(q.match) in by_match)  # unmatched rows are kept, not lost
        if not sources:
            self.flush_header()
            prompts.say(t("questionnaire.group.no_source", lang=self.lang,
                          item=q.item_name(self.lang, n=0)), dim=True)
            return False
        if [id(item) for item in ordered] != [id(item) for item in existing]:
            paths.put(self.answers, path, ordered)  # same rows in the same order: keep the list

        def context_of(index: int) -> dict:
            return {k: "" if v is None else types.show_value(v)
                    for k, v in sources[index].items() if not isinstance(v, (dict, list))}

        return self.walk_items(q.questions, path, list(range(len(sources))), self.editing,
                               context_of)


def _gather(node: Any, parts: paths.Path):
    """Items at `objectives.*.key_results`: `*` walks every element of a list."""
    if not parts:
        if isinstance(node, list):
            yield from (item for item in node if isinstance(item, dict))
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        for item in node if isinstance(node, list) else []:
            yield from _gather(item, rest)
    elif isinstance(node, dict) and head in node:
        yield from _gather(node[head], rest)
