"""Walking a questionnaire: sections, questions, conditions, defaults, repeated groups.

The walker asks only what is missing (new / resume) or everything with the saved answers
as defaults (edit), and calls `save()` after every answer, so Ctrl-C never loses work.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.answers import paths, proposed, units
from generator.answers.load import plain
from generator.answers.numbers import NumberProblem, Reading
from generator.answers.validation import validate
from generator.locales import t
from generator.questionnaire import derive, parse, prompts, proposals, types
from generator.questionnaire.definition import Question, Questionnaire, Section
from generator.questionnaire.menu import run_menu
from generator.questionnaire.parse import Invalid
from generator.questionnaire.types import EMPTY


class Walker:
    """Asks the questions of a questionnaire into an answers tree."""

    def __init__(self, qn: Questionnaire, answers: CommentedMap, lang: str,
                 save: Callable[[], None], *, editing: bool = False,
                 use_defaults: bool = False, no_input: bool = False,
                 on_answer: Callable[[paths.Path, Any], None] | None = None):
        self.qn, self.answers, self.lang, self.save = qn, answers, lang, save
        self.editing = editing
        self.use_defaults = use_defaults or no_input
        self.no_input = no_input
        self.on_answer = on_answer  # e.g. `new` warns when the start is already past
        self.missing: list[str] = []
        self._header: str | None = None

    # --- sections and questions ---------------------------------------------------------

    def run(self, sections: list[Section] | None = None) -> None:
        """Walk `sections` (default: all) in order."""
        for section in sections or self.qn.sections:
            number = self.qn.sections.index(section) + 1
            self._header = f"{number}/{len(self.qn.sections)} {section.heading(self.lang)}"
            self.questions(section.questions, (), self.editing, {})
            self._header = None

    def flush_header(self) -> None:
        """Print the section header before the section's first prompt (none if all skipped)."""
        if self._header:
            prompts.say()
            prompts.say(f"── {self._header} ──", bold=True)
            self._header = None

    def questions(self, questions: list[Question], base: paths.Path, editing: bool,
                  context: dict) -> None:
        """Walk `questions` under `base` (an item of a group, or the root)."""
        for q in questions:
            if not self.applies(q, base):
                continue
            if q.type == "each":
                self.each(q, base)
            elif q.is_group:
                self.group(q, base, editing)
            else:
                self.leaf(q, base, editing, context)

    def applies(self, q: Question, base: paths.Path) -> bool:
        """Evaluate the question's `when:` against the answers so far."""
        if not q.when:
            return True
        return q.when.holds(paths.get(self.answers, self.resolve(q.when.key, base), None))

    def resolve(self, ref: str, base: paths.Path) -> paths.Path:
        """`.start` is relative to the current group item; `campaign.end` is absolute."""
        return base + paths.parse(ref[1:]) if ref.startswith(".") else paths.parse(ref)

    def answer(self, path: paths.Path, value: Any, *, proposal: bool = False) -> None:
        """Store one answer and save the file at once (the never-lose-work rule).

        `proposal`: the value is the question's derived default, taken as it was, so it is
        recorded as proposed and follows its sources; anything else is the user's.
        """
        paths.put(self.answers, path, value)
        if proposal:
            proposed.record(self.answers, path, value)
        else:
            proposed.forget(self.answers, path)
        self.save()
        if self.on_answer:
            self.on_answer(path, value)
        self.follow()

    def answer_items(self, path: paths.Path, items: list) -> None:
        """Store a group's accepted proposal, recorded whole as proposed."""
        paths.put(self.answers, path, items)
        proposed.record(self.answers, path, items)
        self.save()
        self.follow()

    def follow(self) -> None:
        """Values the tool proposed follow the answers just changed; say what moved."""
        moved = derive.rederive(self)
        if not moved:
            return
        self.save()
        for line in derive.moved_lines(moved, self.lang):
            prompts.say(line, fg="cyan")

    def changed(self) -> None:
        """Items were removed or moved (the group menu): save, then follow."""
        self.save()
        self.follow()

    # --- one question -------------------------------------------------------------------

    def leaf(self, q: Question, base: paths.Path, editing: bool, context: dict) -> None:
        """Ask a single question (or take its default / record it missing)."""
        path = base + paths.parse(q.key)
        current = paths.get(self.answers, path)
        if current is not paths.MISSING and not editing:
            return
        default = self.default_for(q, base)
        if self.use_defaults and current is paths.MISSING:
            if default is not None:
                self.answer(path, default, proposal=bool(q.default_from))
            elif q.required and self.no_input:
                self.missing.append(paths.dotted(path))
            elif q.required:
                self._ask(q, path, base, None, default, context)
            return
        if self.no_input:
            return
        self._ask(q, path, base, None if current is paths.MISSING else current, default, context)

    def _ask(self, q: Question, path: paths.Path, base: paths.Path, current: Any, default: Any,
             context: dict) -> None:
        self.flush_header()
        label = _fill(q.text(self.lang), context)
        after = paths.get(self.answers, self.resolve(q.after, base), None) if q.after else None
        with parse.years_from(after if isinstance(after, dt.date) else None):
            value = prompts.ask_value(q, self.lang, label, current, default,
                                      lambda v: self.check(q, v, base),
                                      proposals.suggestions(q.suggest, self.answers, self.lang))
        reading = value if isinstance(value, Reading) else None
        value = types.plain(value)
        if value in EMPTY:
            value = q.kind.empty()  # an answered blank, stored: resume will not ask again
            if current in EMPTY and paths.has(self.answers, path):
                return  # edit mode, nothing typed for a blank answer: leave the file alone
        if value != current or not paths.has(self.answers, path):
            taken = bool(q.default_from) and default not in EMPTY and value == default
            self.answer(path, q.kind.tree(value), proposal=taken)
        # NOTE: after the number, so a filled unit or currency follows it in the file.
        if reading is not None and units.fill(self.answers, path, reading):
            self.save()  # `18%` typed for an empty unit: the unit is "%" (units.py)

    def default_for(self, q: Question, base: paths.Path) -> Any:
        """The default from the YAML, or derived from earlier answers (`default_from`)."""
        if q.default_from in proposals.DERIVED_DEFAULTS:
            return proposals.DERIVED_DEFAULTS[q.default_from](self.answers, self.lang, base)
        if q.default_from:
            value = paths.get(self.answers, self.resolve(q.default_from, base), None)
            if value not in EMPTY:
                return value
        return q.default  # already of the question's type (the definition model converts it)

    def check(self, q: Question, value: Any, base: paths.Path) -> None:
        """Validate one typed value on the spot; raises Invalid with the reason."""
        path = base + paths.parse(q.key)
        if value in EMPTY:
            if q.required:
                raise Invalid("required")
            return
        if isinstance(value, Reading):
            try:
                units.check(self.answers, path, value)
            except NumberProblem as exc:
                raise Invalid.of(exc) from None
            value = value.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if q.min is not None and value < q.min:
                raise Invalid("negative" if q.min == 0 else "below_min", min=q.min)
            if q.max is not None and value > q.max:
                raise Invalid("above_max", max=q.max)
        if q.after and isinstance(value, dt.date):
            other = paths.get(self.answers, self.resolve(q.after, base), None)
            if isinstance(other, dt.date) and value < other:
                found = self.qn.find(paths.dotted(self.resolve(q.after, base)))
                raise Invalid("before", other=found.text(self.lang) if found else q.after,
                              value=other.isoformat())
        self.model_check(path, value)

    def model_check(self, path: paths.Path, value: Any) -> None:
        """The answers model's own rule for this one field (pydantic), on the spot."""
        data = plain(self.answers)
        paths.put(data, path, plain(value))
        field = paths.dotted(path)
        for problem in validate(data, "")[1]:
            if problem.field == field and problem.severity == "error":
                raise Invalid("model", text=problem.message)

    # --- repeated groups ----------------------------------------------------------------

    def group(self, q: Question, base: paths.Path, editing: bool) -> None:
        """A repeated group: proposal, minimum count, then the add/edit/remove/move menu."""
        path = base + paths.parse(q.key)
        items = paths.get(self.answers, path, None)
        if not editing and isinstance(items, list) and self.complete(q, items, path):
            return
        if items is None and q.propose:
            self.offer_proposal(q, path)
        elif editing and q.propose and isinstance(items, list) and not self.use_defaults:
            self.offer_replan(q, path, items)
        for index, item in enumerate(paths.get(self.answers, path, None) or []):
            if not self.complete_item(q, item, path + (index,)):
                self.questions(q.questions, path + (index,), False, {})
        while len(paths.get(self.answers, path, None) or []) < q.min_items:
            if self.no_input:
                first = next((s for s in q.questions if s.required and not s.is_group), None)
                index = len(paths.get(self.answers, path, None) or [])
                self.missing.append(paths.dotted(path + (index,) + paths.parse(first.key)) if first
                                    else paths.dotted(path))
                return
            self.add_item(q, path)
        if not self.use_defaults:
            self.menu(q, path)
        if not paths.has(self.answers, path):
            self.answer(path, [])  # an answered "none": resume will not ask again

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
                   item=q.item_name(self.lang))
        if prompts.confirm(self.lang, accept, False):
            self.answer_items(path, proposal)

    def add_item(self, q: Question, path: paths.Path) -> None:
        """Append an empty item and ask its questions."""
        self.flush_header()
        items = paths.get(self.answers, path, None)
        if not isinstance(items, list):
            paths.put(self.answers, path, CommentedSeq())
            items = paths.get(self.answers, path)
        items.append(CommentedMap())
        prompts.say(t("questionnaire.group.item_header", lang=self.lang,
                      item=q.item_name(self.lang), n=len(items)), fg="cyan")
        self.questions(q.questions, path + (len(items) - 1,), False, {})

    def menu(self, q: Question, path: paths.Path) -> None:
        """List the items; Enter = done, a = add, e N = edit, r N = remove, m N P = move."""
        self.flush_header()
        run_menu(self, q, path)

    def item_title(self, q: Question, item: Any) -> str:
        """How one item is shown in lists: its title field, plus dates when it has them."""
        if not isinstance(item, dict):
            return str(item)
        sub = next((s for s in q.questions if s.key == q.title), None)
        title = item.get(q.title) if q.title else None
        text = types.display(sub, title, self.lang) if sub and title is not None else "—"
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
            elif sub.required and value in EMPTY:
                return False
        return True

    # --- one item per item of another list (results per key result / channel) ----------

    def each(self, q: Question, base: paths.Path) -> None:
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
                          item=q.item_name(self.lang)), dim=True)
            return
        if [id(item) for item in ordered] != [id(item) for item in existing]:
            paths.put(self.answers, path, ordered)  # same rows in the same order: keep the list
        for index, source in enumerate(sources):
            context = {k: "" if v is None else types.show_value(v) for k, v in source.items()
                       if not isinstance(v, (dict, list))}
            self.questions(q.questions, path + (index,), self.editing, context)


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


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _fill(label: str, context: dict) -> str:
    """Fill `{metric}`-style placeholders from the source item; unknown names stay blank."""
    if not context or "{" not in label:
        return label
    try:
        return string.Formatter().vformat(label, (), _Blank(context))
    except (ValueError, IndexError):
        return label

