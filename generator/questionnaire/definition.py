"""Questionnaire definitions: the structure in `questionnaires/*.yaml`, the words in the catalogue.

A definition file says which questions there are: each one's answers key, type, whether it is
required, its condition, limits and defaults, and for repeated groups their own questions. Every
word a person reads (section titles, labels, help, choice names, what one item of a group is
called) lives in the catalogues under `questionnaire.<file>.sections.<id>.…` and
`questionnaire.<file>.questions.<answers key>.…`, so adding a language is adding one catalogue.

The file is checked by the pydantic model below and reported like an answers file: every
problem at once, with file, line and field (`answers/validation.py` turns pydantic's errors
into sentences). What needs the whole file is checked after the model, by `load.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.answers.types import Count, Number
from generator.locales import MissingMessage, available, t
from generator.questionnaire.proposals import DERIVED_DEFAULTS, PICKS, PROPOSALS, SUGGESTIONS
from generator.questionnaire.types import EMPTY, TYPES, QuestionType

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_PATH_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_REF_RE = re.compile(r"^\.?[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_SOURCE_RE = re.compile(r"^([a-z][a-z0-9_]*|\*)(\.([a-z][a-z0-9_]*|\*))*$")


def _problem(name: str, **params: Any) -> PydanticCustomError:
    """A definition error whose sentence comes from the catalogue (questionnaire.definition)."""
    # NOTE: the sentence goes in as context: pydantic would read braces in it as fields.
    return PydanticCustomError("definition", "{text}",
                               {"text": t(f"questionnaire.definition.{name}", **params)})


def _name(value: Any) -> str:
    if not isinstance(value, str) or not _NAME_RE.match(value):
        raise _problem("name")
    return value


def _path(value: Any) -> str:
    if not isinstance(value, str) or not _PATH_RE.match(value):
        raise _problem("path")
    return value


def _ref(value: Any) -> str:
    """An answers path; `.start` is a field of the same group item."""
    if not isinstance(value, str) or not _REF_RE.match(value):
        raise _problem("ref")
    return value


def _default_source(value: Any) -> str:
    """An answers path (as `_ref`) or the name of a derived default such as `@currency`."""
    if isinstance(value, str) and (_REF_RE.match(value) or value in DERIVED_DEFAULTS):
        return value
    raise _problem("default_from", derived=", ".join(DERIVED_DEFAULTS))


def _source(value: Any) -> str:
    if not isinstance(value, str) or not _SOURCE_RE.match(value):
        raise _problem("source")
    return value


Name = Annotated[str, BeforeValidator(_name)]
AnswersPath = Annotated[str, BeforeValidator(_path)]
Ref = Annotated[str, BeforeValidator(_ref)]
DefaultSource = Annotated[str, BeforeValidator(_default_source)]
SourcePath = Annotated[str, BeforeValidator(_source)]
TypeName = Literal[tuple(TYPES)]  # type: ignore[valid-type]
Proposal = Literal[tuple(PROPOSALS)]  # type: ignore[valid-type]
Pick = Literal[tuple(PICKS)]  # type: ignore[valid-type]
Suggestion = Literal[tuple(SUGGESTIONS)]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Strict):
    """`when:` ask only if another answer equals a value, is one of several, or is (not) empty."""

    key: Ref
    equals: Any = None
    in_: list[Any] = Field(default_factory=list, alias="in")
    not_empty: StrictBool = True

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        if len(self.model_fields_set - {"key"}) != 1:
            raise _problem("condition")
        return self

    def holds(self, value: Any) -> bool:
        """True when `value` (the answer at `key`) passes the test."""
        if "equals" in self.model_fields_set:
            return value == self.equals
        if "in_" in self.model_fields_set:
            return value in self.in_
        return (value not in EMPTY) == self.not_empty


# The settings checked against the type table (key, type and when suit every type).
_TYPED = ("required", "choices", "choice_names", "default", "default_from", "min", "max", "after",
          "suggest", "questions", "title", "min_items", "max_items", "soft_max", "propose",
          "pick", "source", "match")


class Question(_Strict):
    """One question, or a repeated group of questions (type group / each).

    NOTE: the field order matters: a validator sees only the fields declared before its own
    (`type` before every setting it governs, `choices` before `default`, `questions` before
    `title`).
    """

    key: AnswersPath
    type: TypeName = "text"
    required: StrictBool = False
    choices: list[str] | None = Field(default=None, validate_default=True)
    choice_names: str | None = None  # a catalogue group such as labels.purpose
    default: Any = None
    default_from: DefaultSource | None = None
    min: Number | None = None
    max: Number | None = None
    after: Ref | None = None
    when: Condition | None = None
    suggest: Suggestion | None = None
    questions: list[Question] = Field(default_factory=list, validate_default=True)
    title: str | None = None
    min_items: Count = 0
    max_items: Annotated[int, Field(ge=1)] | None = None
    soft_max: Annotated[int, Field(ge=1)] | None = None
    propose: Proposal | None = None
    pick: Pick | None = None
    source: SourcePath | None = Field(default=None, validate_default=True)
    match: Name | None = Field(default=None, validate_default=True)

    _texts: str = PrivateAttr("")  # catalogue key of this question's texts

    @field_validator(*_TYPED)
    @classmethod
    def _fits_type(cls, value: Any, info: ValidationInfo) -> Any:
        kind = TYPES.get(info.data.get("type", ""))
        if kind is None:  # the type itself is wrong; that is the problem reported
            return value
        name = info.field_name
        if name in kind.needs and value in (None, []):
            raise _problem("needs_setting", type=kind.name)
        if name not in kind.settings and value not in (None, []):
            raise _problem("not_for_type", type=kind.name)
        return value

    @field_validator("default")
    @classmethod
    def _default_fits(cls, value: Any, info: ValidationInfo) -> Any:
        kind = TYPES.get(info.data.get("type", ""))
        if value is None or kind is None:
            return value
        try:
            value = kind.default(value)
        except ValueError:
            raise _problem("default_type", type=kind.name) from None
        choices = info.data.get("choices") or []
        picked = value if isinstance(value, list) else [value]
        if kind.has_choices and not set(picked) <= set(choices):
            raise _problem("default_choice", choices=", ".join(choices))
        return value

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, value: Any, info: ValidationInfo) -> Any:
        low = info.data.get("min")
        if value is not None and low is not None and value < low:
            raise _problem("max_below_min", min=low)
        return value

    @field_validator("title")
    @classmethod
    def _title_is_a_question(cls, value: Any, info: ValidationInfo) -> Any:
        keys = [q.key for q in info.data.get("questions") or []]
        if value is not None and "questions" in info.data and value not in keys:
            raise _problem("title", keys=", ".join(keys))
        return value

    @field_validator("pick")
    @classmethod
    def _pick_needs_a_title(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and "title" in info.data and not info.data.get("title"):
            raise _problem("pick_title")
        return value

    @property
    def texts(self) -> str:
        """The catalogue key under which this question's texts live."""
        return self._texts

    @property
    def kind(self) -> QuestionType:
        """This question's entry in the types table."""
        return TYPES[self.type]

    @property
    def is_group(self) -> bool:
        """True for repeated groups."""
        return self.kind.is_group

    def text(self, lang: str) -> str:
        """The label in `lang` (a group: what one of its items is called)."""
        return self.item_name(lang) if self.is_group else t(self._texts + ".label", lang=lang)

    def help_text(self, lang: str) -> str:
        """The one-line help in `lang` ('' if none)."""
        return _optional(self._texts + ".help", lang)

    def short_text(self, lang: str) -> str:
        """A short name for the summary (`实际`): `.short`, else the label if it has no
        `{placeholders}`, else ''."""
        short = _optional(self._texts + ".short", lang)
        if short or self.is_group:
            return short
        label = self.text(lang)
        return "" if "{" in label else label

    def item_name(self, lang: str, n: int = 1) -> str:
        """What `n` items of a group are called (目标; objective, objectives)."""
        return t(self._texts + ".item_name", lang=lang, n=n)

    def soft_max_warning(self, lang: str) -> str:
        """Why more items than `soft_max` is unwise (the OKR rule)."""
        return t(self._texts + ".soft_max_warning", lang=lang)

    def choice_key(self, value: str) -> str:
        """The catalogue key of one choice's display name."""
        return f"{self.choice_names or self._texts + '.choices'}.{value}"

    def choice_label(self, value: str, lang: str) -> str:
        """The display name of one choice value (an unknown value as it is)."""
        if value not in (self.choices or []):
            return value
        return t(self.choice_key(value), lang=lang)

    def choice_aliases(self, value: str) -> list[str]:
        """Every name a choice goes by: its value and its display name in each language."""
        return [value, *(self.choice_label(value, lang) for lang in available())]


class Section(_Strict):
    """A titled run of questions; the header shows "3/11 目标 Goals"."""

    id: Name
    questions: list[Question] = Field(default_factory=list, validate_default=True)

    _texts: str = PrivateAttr("")

    @field_validator("questions")
    @classmethod
    def _not_empty(cls, value: list) -> list:
        if not value:
            raise _problem("no_questions")
        return value

    @property
    def texts(self) -> str:
        """The catalogue key under which this section's texts live."""
        return self._texts

    def title(self, lang: str) -> str:
        """The section title in `lang`."""
        return t(self._texts + ".title", lang=lang)

    def help_text(self, lang: str) -> str:
        """What the section is about, shown under its header ('' if none)."""
        return _optional(self._texts + ".help", lang)

    def titles(self) -> list[str]:
        """The title in every language (a section may be named by any of them)."""
        return [self.title(lang) for lang in available()]

    def heading(self, lang: str) -> str:
        """Title for the header; zh adds the English title (users know the English terms)."""
        title, also = self.title(lang), t("questionnaire.heading_also", lang=lang)
        return f"{title} {self.title(also)}" if also and also != lang else title


class Questionnaire(_Strict):
    """A loaded definition file."""

    format: Literal[1]
    sections: list[Section] = Field(default_factory=list, validate_default=True)

    _name: str = PrivateAttr("")
    _path: Path | None = PrivateAttr(None)

    @field_validator("sections")
    @classmethod
    def _not_empty(cls, value: list) -> list:
        if not value:
            raise _problem("no_sections")
        return value

    def bind(self, name: str, path: Path | None = None) -> Questionnaire:
        """Name the definition (its file's stem): its texts are under questionnaire.<name>."""
        self._name, self._path = name, path
        base = f"questionnaire.{name}"
        for section in self.sections:
            section._texts = f"{base}.sections.{section.id}"
            _name_texts(section.questions, f"{base}.questions")
        return self

    @property
    def name(self) -> str:
        """The file's stem (plan, results): its texts are under questionnaire.<name>."""
        return self._name

    @property
    def path(self) -> Path | None:
        """The file it was loaded from."""
        return self._path

    def section(self, section_id: str) -> Section | None:
        """The section called `section_id`, if any."""
        return next((s for s in self.sections if s.id == section_id), None)

    def find(self, path: str) -> Question | None:
        """The question answering `path` (list indexes ignored: objectives.0.target)."""
        parts = [p for p in path.split(".") if not p.isdigit()]
        for section in self.sections:
            found = _find_in(section.questions, parts)
            if found:
                return found
        return None


def _find_in(questions: list[Question], parts: list[str]) -> Question | None:
    for q in questions:
        q_parts = q.key.split(".")
        if parts[: len(q_parts)] != q_parts:
            continue
        rest = parts[len(q_parts):]
        if not rest:
            return q
        if q.is_group:
            return _find_in(q.questions, rest)
    return None


def _name_texts(questions: list[Question], prefix: str) -> None:
    for q in questions:
        q._texts = f"{prefix}.{q.key}"
        _name_texts(q.questions, q._texts)


def _optional(key: str, lang: str) -> str:
    try:
        return t(key, lang=lang)
    except MissingMessage:
        return ""
