"""Walking a questionnaire: sections, questions, conditions, defaults (groups: groups.py).

The walker asks only what is missing (new / resume) or everything with the saved answers
as defaults (edit), and calls `save()` after every answer, so Ctrl-C never loses work.
`<` at a prompt goes back to the question asked before it in the same list (a section, or
one item of a group); from the first one it goes up to the question before the group.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.answers import paths, proposed, units
from generator.answers.load import plain
from generator.answers.numbers import NumberProblem, Reading
from generator.answers.validation import validate
from generator.locales import t
from generator.questionnaire import derive, parse, prompts, proposals, types
from generator.questionnaire.definition import Question, Questionnaire, Section
from generator.questionnaire.groups import Groups
from generator.questionnaire.parse import Invalid
from generator.questionnaire.types import EMPTY


class Walker(Groups):
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
        self._header: tuple[str, str] | None = None
        self._keys_shown = False
        self._before: dict[paths.Path, Any] = {}  # group items as they were before this walk

    # --- sections and questions ---------------------------------------------------------

    def run(self, sections: list[Section] | None = None) -> bool:
        """Walk `sections` (default: all) in order; True if anything was asked."""
        asked = False
        for section in sections or self.qn.sections:
            number = self.qn.sections.index(section) + 1
            self._header = (f"{number}/{len(self.qn.sections)} {section.heading(self.lang)}",
                            section.help_text(self.lang))
            asked = self.section(section) or asked
            self._header = None
        return asked

    def section(self, section: Section) -> bool:
        """One section; `<` at its first question says so and asks that question again."""
        again = False
        while True:
            try:
                return self.questions(section.questions, (), self.editing, {},
                                      first_again=again)
            except prompts.Back:
                prompts.say("  " + t("questionnaire.hint.first_question", lang=self.lang),
                            fg="yellow")
                again = True

    def flush_header(self) -> None:
        """Print the section header before the section's first prompt (none if all skipped)."""
        if not self._header:
            return
        title, help_text = self._header
        prompts.say()
        prompts.say(f"── {title} ──", bold=True)
        if help_text:
            prompts.say("  " + help_text, dim=True)
        if not self._keys_shown:
            prompts.say("  " + prompts.keys_hint(self.lang), dim=True)
            self._keys_shown = True
        self._header = None

    def questions(self, questions: list[Question], base: paths.Path, editing: bool,
                  context: dict, *, first_again: bool = False) -> bool:
        """Walk `questions` under `base` (an item of a group, or the root); True if any asked.

        `<` goes back to the nearest question before this one that was asked in this walk
        and asks it again (with its answer as the default); with none, `Back` goes up to the
        caller. `first_again` asks the first question again even if it is answered.
        """
        asked: set[int] = set()
        index, again = 0, (0 if first_again else None)
        with self._item(base):
            while index < len(questions):
                q = questions[index]
                try:
                    if self.applies(q, base) and self.element(q, base, editing or index == again,
                                                              context):
                        asked.add(index)
                except prompts.Back:
                    index = again = prompts.previous(asked, index)
                    continue
                index += 1
        return bool(asked)

    def element(self, q: Question, base: paths.Path, editing: bool, context: dict) -> bool:
        """One question or group; True when it asked something."""
        if q.type == "each":
            return self.each(q, base)
        if q.is_group:
            return self.group(q, base, editing)
        return self.leaf(q, base, editing, context)

    @contextmanager
    def _item(self, base: paths.Path) -> Iterator[None]:
        """Remember a group item as it was, to tell proposed values from typed ones."""
        if base and isinstance(base[-1], int):
            self._before[base] = plain(paths.get(self.answers, base, None))
        try:
            yield
        finally:
            self._before.pop(base, None)

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

    def leaf(self, q: Question, base: paths.Path, editing: bool, context: dict) -> bool:
        """Ask a single question (or take its default / record it missing); True if asked."""
        path = base + paths.parse(q.key)
        current = paths.get(self.answers, path)
        if current is not paths.MISSING and not editing:
            return False
        default = self.default_for(q, base)
        if self.use_defaults and current is paths.MISSING:
            if default is not None:
                self.answer(path, default, proposal=bool(q.default_from))
            elif q.required and self.no_input:
                self.missing.append(paths.dotted(path))
            elif q.required:
                self._ask(q, path, base, None, default, context)
                return True
            return False
        if self.no_input:
            return False
        shown = None if current is paths.MISSING else self.followed(q, base, current, default)
        self._ask(q, path, base, shown, default, context)
        return True

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
        stored = paths.get(self.answers, path, None)
        if value in EMPTY:
            value = q.kind.empty()  # an answered blank, stored: resume will not ask again
            if stored in EMPTY and paths.has(self.answers, path):
                return  # edit mode, nothing typed for a blank answer: leave the file alone
        if value != stored or not paths.has(self.answers, path):
            taken = bool(q.default_from) and default not in EMPTY and value == default
            self.answer(path, q.kind.tree(value), proposal=taken)
        # NOTE: after the number, so a filled unit or currency follows it in the file.
        if reading is not None and units.fill(self.answers, path, reading):
            self.save()  # `18%` typed for an empty unit: the unit is "%" (units.py)

    def default_for(self, q: Question, base: paths.Path, item: Any = None) -> Any:
        """The default from the YAML, or derived from earlier answers (`default_from`).

        `item` stands in for the group item at `base` (the item as it was before an edit).
        """
        if q.default_from in proposals.DERIVED_DEFAULTS:
            if item is None:
                item = paths.get(self.answers, base, None) if base else {}
            value = proposals.derived(q.default_from, self.answers, item,
                                      base + paths.parse(q.key), self.lang)
            return q.default if value is None else value
        if q.default_from:
            value = paths.get(self.answers, self.resolve(q.default_from, base), None)
            if value not in EMPTY:
                return value
        return q.default  # already of the question's type (the definition model converts it)

    def followed(self, q: Question, base: paths.Path, current: Any, default: Any) -> Any:
        """The saved answer, or the new proposal when the saved one was the old proposal.

        A unit proposed from the metric, a deliverable proposed from the task's name: when
        the metric or the name changed in this edit and the saved value is still what was
        proposed for the old one, the value follows (a value the user typed stays).
        """
        before = self._before.get(base)
        if not isinstance(q.default_from, str) or not q.default_from.startswith("@") or \
                not isinstance(before, dict):
            return current
        was = self.default_for(q, base, item=before)
        if plain(current) == plain(was) and plain(default) != plain(was):
            return default
        return current

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
