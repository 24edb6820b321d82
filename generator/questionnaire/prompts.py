"""The click prompt layer: shows a question, reads a line, parses it, re-asks with a reason.

Everything a person types goes through `read_line`, so a test (or a future TUI) has one
place to drive; Ctrl-C and end-of-input surface as KeyboardInterrupt / click.Abort.
Two entries mean the same at every question: `-` clears a saved answer, `<` goes back to
the question before (raised as `Back`; the walker decides where that is). The session
names them once, in `keys_hint`, instead of under every prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from generator.locales import t
from generator.questionnaire import parse, types
from generator.questionnaire.definition import Question
from generator.questionnaire.types import EMPTY

CLEAR = "-"
BACK = "<"


class Back(Exception):  # noqa: N818 - a signal, not an error
    """The person typed `<`: go back to the question asked before this one."""


def previous(asked: set[int], index: int) -> int:
    """Where `<` at position `index` leads: the nearest earlier position that was asked.

    With none, `Back` goes on up (to the question before the group, or the section's start).
    """
    earlier = [k for k in asked if k < index]
    if not earlier:
        raise Back
    return max(earlier)


def read_line(prompt: str, default: str | None = None) -> str:
    """One line from the user; Enter gives `default` (shown in brackets) or ''."""
    return click.prompt(prompt, default=default or "", show_default=bool(default),
                        prompt_suffix=": ")


def say(text: str = "", **style: Any) -> None:
    """Print a line (styled only on a terminal)."""
    click.secho(text, **style)


def confirm(lang: str, text: str, default: bool = True) -> bool:
    """A yes/no question; Enter takes `default`."""
    hint = "Y/n" if default else "y/N"
    while True:
        answer = read_line(f"{text} [{hint}]").strip()
        if not answer:
            return default
        try:
            return parse.parse_bool(answer)
        except parse.Invalid as exc:
            say("  " + exc.reason(lang), fg="red")


def keys_hint(lang: str) -> str:
    """The keys that work at every question, said once per session (Enter, `-`, `<`)."""
    return t("questionnaire.hint.keys", lang=lang, clear=CLEAR, back=BACK)


def show_question(q: Question, lang: str, current: Any, suggestions: list[str]) -> None:
    """The label's help line, the choices or suggestions, and a hint how to type it."""
    hints = [q.help_text(lang)]
    if q.kind.hint:
        hints.append(t(q.kind.hint, lang=lang))
    line = " · ".join(h for h in hints if h)
    if line:
        say("  " + line, dim=True)
    if q.kind.has_choices:
        say("  " + types.choice_menu(q, lang))
    if suggestions:
        say("  " + t("questionnaire.hint.suggested", lang=lang) + ": "
            + "  ".join(f"{i}) {s}" for i, s in enumerate(suggestions, 1)))
    if q.kind.block and current:
        for text_line in types.display(q, current, lang).splitlines():
            say("    | " + text_line, dim=True)


def ask_value(q: Question, lang: str, label: str, current: Any, default: Any,
              check: Callable[[Any], None], suggestions: list[str] | None = None) -> Any:
    """Ask `q` until the entry parses and passes `check`; returns the value (None = empty).

    `current` is the saved answer (edit mode), `default` the derived default; Enter keeps
    whichever is set. `check(value)` raises parse.Invalid with the reason to re-ask.
    """
    suggestions = suggestions or []
    show_question(q, lang, current, suggestions)
    keep = current if current not in EMPTY else default
    while True:
        try:
            value = _read(q, lang, label, keep, suggestions)
            check(value)
            return value
        except parse.Invalid as exc:
            say("  " + exc.reason(lang), fg="red")


def _read(q: Question, lang: str, label: str, keep: Any, suggestions: list[str]) -> Any:
    if q.kind.block:
        return _read_block(q, lang, label, keep)
    shown = types.display(q, keep, lang)
    text = read_line(label, shown if "\n" not in shown else None).strip()
    if text == BACK:
        raise Back
    if text == CLEAR:
        return None
    if not text:
        return None if keep in EMPTY else keep
    word = parse.normalise(text)
    if suggestions and word.isdigit() and 1 <= int(word) <= len(suggestions):
        return suggestions[int(word) - 1]
    return types.parse_entry(q, text, lang)


def _read_block(q: Question, lang: str, label: str, keep: Any) -> Any:
    """Several lines, ended by an empty one; Enter first keeps the saved text."""
    first = read_line(label).rstrip()
    if first.strip() == BACK:
        raise Back
    if first.strip() == CLEAR:
        return None
    if not first.strip():
        return keep if keep not in EMPTY else None
    lines = [first]
    while True:
        more = read_line("  ...").rstrip()
        if not more.strip():
            break
        lines.append(more)
    return q.kind.parse(q, "\n".join(lines), lang)
