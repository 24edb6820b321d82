"""The click prompt layer: shows a question, reads a line, parses it, re-asks with a reason.

Everything a person types goes through `read_line`, so a test (or a future TUI) has one
place to drive; Ctrl-C and end-of-input surface as KeyboardInterrupt / click.Abort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from generator.locales import t
from generator.questionnaire import parse
from generator.questionnaire.definition import Question

CLEAR = "-"


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


def display(q: Question, value: Any, lang: str) -> str:
    """A stored answer as the user would type it (used as the prompt default)."""
    if value is None or value == [] or value == {}:
        return ""
    if q.type == "choice":
        choice = q.choice(str(value))
        return choice.label(lang) if choice else str(value)
    if q.type == "multichoice":
        return ", ".join(display_choice(q, v, lang) for v in value)
    if q.type == "list":
        return t("questionnaire.list_separator", lang=lang).join(str(v) for v in value)
    if q.type == "counts":
        return ", ".join(f"{k} {_num(v)}" for k, v in value.items())
    if q.type == "bool":
        return "y" if value else "n"
    if q.type in ("lines", "multiline") and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)):
        return _num(value)
    return str(value)


def display_choice(q: Question, value: str, lang: str) -> str:
    """The display name of one choice value."""
    choice = q.choice(value)
    return choice.label(lang) if choice else value


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def parse_entry(q: Question, text: str, lang: str) -> Any:
    """Parse typed `text` for question `q`; raises parse.Invalid with the reason's code."""
    text = text.strip()
    kind = q.type
    if kind == "date":
        return parse.parse_date(text)
    if kind == "money":
        return parse.parse_money(text)
    if kind == "number":
        return parse.parse_number(text)
    if kind == "integer":
        return parse.parse_integer(text)
    if kind == "bool":
        return parse.parse_bool(text)
    if kind == "list":
        return parse.parse_list(text)
    if kind == "counts":
        return parse.parse_counts(text)
    if kind == "choice":
        return _pick_choice(q, text, lang)
    if kind == "multichoice":
        return [_pick_choice(q, part, lang) for part in parse.parse_list(text)]
    return text


def _pick_choice(q: Question, text: str, lang: str) -> str:
    word = parse.normalise(text).lower()
    if word.isdigit() and 1 <= int(word) <= len(q.choices):
        return q.choices[int(word) - 1].value
    for choice in q.choices:
        if word in (choice.value.lower(), *(label.lower() for label in choice.labels.values())):
            return choice.value
    options = ", ".join(f"{i}) {c.label(lang)}" for i, c in enumerate(q.choices, 1))
    raise parse.Invalid("bad_choice", options=options)


def show_question(q: Question, lang: str, current: Any, suggestions: list[str]) -> None:
    """The label's help line, the choices or suggestions, and a hint how to type it."""
    hints = [q.help_text(lang)]
    if q.type in ("multiline", "lines", "list", "counts", "multichoice"):
        hints.append(t(f"questionnaire.hint.{q.type}", lang=lang))
    if current not in (None, "", [], {}) and not q.required:
        hints.append(t("questionnaire.hint.clear", lang=lang))
    line = " · ".join(h for h in hints if h)
    if line:
        say("  " + line, dim=True)
    if q.type in ("choice", "multichoice"):
        say("  " + "  ".join(f"{i}) {c.label(lang)}" for i, c in enumerate(q.choices, 1)))
    if suggestions:
        say("  " + t("questionnaire.hint.suggested", lang=lang) + ": "
            + "  ".join(f"{i}) {s}" for i, s in enumerate(suggestions, 1)))
    if q.type in ("multiline", "lines") and current:
        for text_line in display(q, current, lang).splitlines():
            say("    | " + text_line, dim=True)


def ask_value(q: Question, lang: str, label: str, current: Any, default: Any,
              check: Callable[[Any], None], suggestions: list[str] | None = None) -> Any:
    """Ask `q` until the entry parses and passes `check`; returns the value (None = empty).

    `current` is the saved answer (edit mode), `default` the derived default; Enter keeps
    whichever is set. `check(value)` raises parse.Invalid with the reason to re-ask.
    """
    suggestions = suggestions or []
    show_question(q, lang, current, suggestions)
    keep = current if current not in (None, "", [], {}) else default
    while True:
        try:
            value = _read(q, lang, label, keep, suggestions)
            check(value)
            return value
        except parse.Invalid as exc:
            say("  " + exc.reason(lang), fg="red")


def _read(q: Question, lang: str, label: str, keep: Any, suggestions: list[str]) -> Any:
    if q.type in ("multiline", "lines"):
        return _read_block(q, lang, label, keep)
    shown = display(q, keep, lang)
    text = read_line(label, shown if "\n" not in shown else None).strip()
    if text == CLEAR:
        return None
    if not text:
        return None if keep in (None, "", [], {}) else keep
    word = parse.normalise(text)
    if suggestions and word.isdigit() and 1 <= int(word) <= len(suggestions):
        return suggestions[int(word) - 1]
    return parse_entry(q, text, lang)


def _read_block(q: Question, lang: str, label: str, keep: Any) -> Any:
    """Several lines, ended by an empty one; Enter first keeps the saved text."""
    first = read_line(label).rstrip()
    if first.strip() == CLEAR:
        return None
    if not first.strip():
        return keep if keep not in (None, "", []) else None
    lines = [first]
    while True:
        more = read_line("  ...").rstrip()
        if not more.strip():
            break
        lines.append(more)
    if q.type == "lines":
        return [line.strip() for line in lines if line.strip()]
    return "\n".join(lines) + ("\n" if len(lines) > 1 else "")
