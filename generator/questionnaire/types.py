"""Question types as one table: how each parses what is typed, shows a value, stores a blank.

One `QuestionType` entry per type. The prompt layer, the walker, the definition model and the
`--set` presets all look a type up here instead of testing its name, so adding a type is
adding one entry (and its hint, if any, to the catalogues).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ruamel.yaml.comments import CommentedSeq

from generator.answers.numbers import Reading
from generator.locales import t
from generator.questionnaire import parse

# Blank answers: nothing typed, or an answered "none".
EMPTY = (None, "", [], {})


class Asked(Protocol):
    """What a type needs from its question (`definition.Question` provides it)."""

    type: str
    choices: list[str] | None

    def choice_label(self, value: str, lang: str) -> str:
        """The display name of one choice value."""

    def choice_aliases(self, value: str) -> list[str]:
        """Every name a choice goes by (its value, its label in each language)."""


# --- parsing typed text (already trimmed; several lines joined by "\n" for block types) ------


def _as_text(q: Asked, text: str, lang: str) -> str:
    return text


def _as_block(q: Asked, text: str, lang: str) -> str:
    return text + "\n" if "\n" in text else text  # several lines end like a YAML `|` block


def _as_lines(q: Asked, text: str, lang: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _as_choice(q: Asked, text: str, lang: str) -> str:
    """A choice by its number, its value or its name in any language."""
    choices = q.choices or []
    word = parse.normalise(text).lower()
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    for value in choices:
        if word in (name.lower() for name in q.choice_aliases(value)):
            return value
    raise parse.Invalid("bad_choice", options=choice_menu(q, lang, ", "))


def _as_choices(q: Asked, text: str, lang: str) -> list[str]:
    return [_as_choice(q, part, lang) for part in parse.parse_list(text)]


def _parser(function: Callable[[str], Any]) -> Callable[[Asked, str, str], Any]:
    return lambda q, text, lang: function(text)


def _reader(kind: str) -> Callable[[Asked, str, str], Reading]:
    """A number question: the number model's `Reading` (value and the unit typed with it),
    which the walker and `--set` put in place with `answers.units.place`."""
    return lambda q, text, lang: parse.read_typed(text, kind)


def plain(value: Any) -> Any:
    """A parsed answer as it is stored: a number typed with a unit is just the number."""
    return value.value if isinstance(value, Reading) else value


# --- showing a stored value as the user would type it (the prompt default, the summary) ------


def show_value(value: Any) -> str:
    """A plain value as text: dates in ISO form, whole floats without `.0`."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _show(q: Asked, value: Any, lang: str) -> str:
    return show_value(plain(value))


def _show_block(q: Asked, value: Any, lang: str) -> str:
    return "\n".join(str(v) for v in value) if isinstance(value, list) else show_value(value)


def _show_choice(q: Asked, value: Any, lang: str) -> str:
    return q.choice_label(str(value), lang)


def _show_choices(q: Asked, value: Any, lang: str) -> str:
    return ", ".join(q.choice_label(str(v), lang) for v in value)


def _show_list(q: Asked, value: Any, lang: str) -> str:
    return t("format.list_sep", lang=lang).join(str(v) for v in value)


def _show_counts(q: Asked, value: Any, lang: str) -> str:
    return ", ".join(f"{k} {show_value(v)}" for k, v in value.items())


def _show_bool(q: Asked, value: Any, lang: str) -> str:
    return "y" if value else "n"


# --- a definition's `default:` as an answer (ValueError: it does not fit the type) -----------


def _text_default(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _date_default(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(value)


def _number_default(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    return value


def _bool_default(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(value)
    return value


def _texts_default(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(value)
    return value


def _counts_default(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError(value)
    return value


def _block_seq(value: Any) -> Any:
    """One item per line in the file too (block style), as the user typed them."""
    return CommentedSeq(value) if isinstance(value, list) else value


# --- the table --------------------------------------------------------------------------------

# Definition settings every leaf question may have (beyond key, type and when).
LEAF = frozenset({"required", "default", "default_from"})
CHOICES = LEAF | {"choices", "choice_names"}
NUMBER = LEAF | {"min", "max"}


@dataclass(frozen=True)
class QuestionType:
    """One question type: its parser, display, blank value, hint and definition settings."""

    name: str
    parse: Callable[[Asked, str, str], Any] = _as_text
    display: Callable[[Asked, Any, str], str] = _show
    empty: Callable[[], Any] = lambda: None  # stored for an answered blank: resume won't ask again
    hint: str | None = None  # catalogue key of the typing hint under the prompt
    block: bool = False  # several lines, ended by an empty one
    default: Callable[[Any], Any] = _text_default
    tree: Callable[[Any], Any] = lambda value: value  # the value as it goes into the answers tree
    settings: frozenset[str] = LEAF  # definition settings this type accepts (key/type/when: all)
    needs: frozenset[str] = frozenset()  # ... and those it cannot do without

    @property
    def is_group(self) -> bool:
        """A repeated group (its own questions per item) rather than one answer."""
        return "questions" in self.settings

    @property
    def has_choices(self) -> bool:
        """The answer is picked from the question's `choices`."""
        return "choices" in self.settings


_TABLE = (
    QuestionType("text", settings=LEAF | {"suggest"}),
    QuestionType("multiline", parse=_as_block, display=_show_block, block=True,
                 hint="questionnaire.hint.multiline"),
    QuestionType("choice", parse=_as_choice, display=_show_choice, settings=CHOICES,
                 needs=frozenset({"choices"})),
    QuestionType("multichoice", parse=_as_choices, display=_show_choices, empty=list,
                 hint="questionnaire.hint.multichoice", default=_texts_default, settings=CHOICES,
                 needs=frozenset({"choices"})),
    QuestionType("list", parse=_parser(parse.parse_list), display=_show_list, empty=list,
                 hint="questionnaire.hint.list", default=_texts_default),
    QuestionType("lines", parse=_as_lines, display=_show_block, empty=list, block=True,
                 hint="questionnaire.hint.lines", default=_texts_default, tree=_block_seq),
    QuestionType("counts", parse=_parser(parse.parse_counts), display=_show_counts, empty=dict,
                 hint="questionnaire.hint.counts", default=_counts_default),
    QuestionType("date", parse=_parser(parse.parse_date), default=_date_default,
                 settings=LEAF | {"after"}),
    QuestionType("integer", parse=_reader("whole"), default=_number_default, settings=NUMBER),
    QuestionType("number", parse=_reader("number"), default=_number_default, settings=NUMBER),
    QuestionType("money", parse=_reader("money"), default=_number_default, settings=NUMBER),
    QuestionType("currency", parse=_parser(parse.parse_currency)),
    QuestionType("bool", parse=_parser(parse.parse_bool), display=_show_bool,
                 default=_bool_default),
    QuestionType("group", settings=frozenset({"questions", "title", "min_items", "max_items",
                                              "soft_max", "propose", "pick"}),
                 needs=frozenset({"questions"})),
    QuestionType("each", settings=frozenset({"questions", "source", "match"}),
                 needs=frozenset({"questions", "source", "match"})),
)
TYPES: dict[str, QuestionType] = {kind.name: kind for kind in _TABLE}


def parse_entry(q: Asked, text: str, lang: str) -> Any:
    """Parse typed `text` for question `q`; raises parse.Invalid with the reason's code."""
    return TYPES[q.type].parse(q, text.strip(), lang)


def display(q: Asked, value: Any, lang: str) -> str:
    """A stored answer as the user would type it ('' for a blank)."""
    if value is None or value == [] or value == {}:
        return ""
    return TYPES[q.type].display(q, value, lang)


def choice_menu(q: Asked, lang: str, separator: str = "  ") -> str:
    """`1) 引流获客  2) 活跃留存 …` for a choice question."""
    return separator.join(f"{i}) {q.choice_label(value, lang)}"
                     for i, value in enumerate(q.choices or [], 1))
