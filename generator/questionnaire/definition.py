"""Questionnaire definitions: YAML files in `questionnaires/`, loaded and checked here.

Every question (its key, type, labels, help, default, choices, validation, condition and
section) lives in the YAML file; the engine only interprets it. A malformed file is
reported the way a bad answers file is: every problem with file, line and field, at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem, QuestionnaireError
from generator.locales import t

TYPES = frozenset({
    "text", "multiline", "choice", "multichoice", "list", "lines", "counts",
    "date", "integer", "number", "money", "bool", "group", "each",
})
GROUP_TYPES = frozenset({"group", "each"})
LANGS = ("zh", "en")
_QUESTION_KEYS = frozenset({
    "key", "type", "required", "label", "help", "default", "default_from", "choices",
    "min", "max", "after", "when", "questions", "item", "title", "min_items", "max_items",
    "soft_max", "soft_max_warning", "propose", "suggest", "source", "match", "summary",
})
_CONDITION_KEYS = frozenset({"key", "equals", "in", "not_empty"})


@dataclass(frozen=True)
class Choice:
    """One option of a choice question: the stored value and its display names."""

    value: str
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        """The display name in `lang`."""
        return self.labels.get(lang) or self.labels.get("en") or self.value


@dataclass
class Question:
    """One question, or a repeated group of questions (type group / each)."""

    key: str
    type: str
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = False
    default: Any = None
    default_from: str | None = None
    choices: list[Choice] = field(default_factory=list)
    min: float | None = None
    max: float | None = None
    after: str | None = None
    when: dict[str, Any] | None = None
    questions: list[Question] = field(default_factory=list)
    item: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    min_items: int = 0
    max_items: int | None = None
    soft_max: int | None = None
    soft_max_warning: dict[str, str] = field(default_factory=dict)
    propose: str | None = None
    suggest: str | None = None
    source: str | None = None
    match: str | None = None
    line: int | None = None

    def text(self, lang: str) -> str:
        """The label in `lang`."""
        return _pick(self.label, lang)

    def help_text(self, lang: str) -> str:
        """The one-line help in `lang` ('' if none)."""
        return _pick(self.help, lang) if self.help else ""

    def choice(self, value: str) -> Choice | None:
        """The Choice stored as `value`, if any."""
        return next((c for c in self.choices if c.value == value), None)

    @property
    def is_group(self) -> bool:
        """True for repeated groups."""
        return self.type in GROUP_TYPES


@dataclass
class Section:
    """A titled run of questions; the header shows "3/11 目标 Goals"."""

    id: str
    title: dict[str, str]
    questions: list[Question]
    help: dict[str, str] = field(default_factory=dict)

    def heading(self, lang: str) -> str:
        """Title for the header; zh adds the English title (users know the English terms)."""
        title, also = _pick(self.title, lang), t("questionnaire.heading_also", lang=lang)
        if also and also != lang and self.title.get(also):
            return f"{title} {self.title[also]}"
        return title


@dataclass
class Questionnaire:
    """A loaded definition file."""

    name: str
    path: Path
    sections: list[Section]

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


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def load_questionnaire(name_or_path: str | Path) -> Questionnaire:
    """Load `questionnaires/<name>.yaml` (or a path) and check it; raises QuestionnaireError."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from generator.resources import questionnaires_dir

    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = questionnaires_dir() / f"{name_or_path}.yaml"
    try:
        tree = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionnaireError(f"cannot read questionnaire {path}: {exc.strerror}") from exc
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise QuestionnaireError(f"{path}{line}: not valid YAML ({exc.problem}); "
                                 "fix the indentation or quoting there") from exc
    checker = _Checker(str(path))
    sections = checker.sections(tree)
    if checker.problems:
        raise QuestionnaireError("\n".join(str(p) for p in checker.problems))
    return Questionnaire(name=path.stem, path=path, sections=sections)


class _Checker:
    """Builds the dataclasses and collects every problem (mkdocs-style: report all, once)."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, node: Any, key: Any, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, _line(node, key), where, message))

    def sections(self, tree: Any) -> list[Section]:
        if not isinstance(tree, dict) or not isinstance(tree.get("sections"), list):
            self.fail(tree, None, "sections", "the file needs a `sections:` list")
            return []
        result, seen = [], set()
        for i, raw in enumerate(tree["sections"]):
            where = f"sections[{i}]"
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                self.fail(tree["sections"], i, where, "each section needs an `id:`")
                continue
            if raw["id"] in seen:
                self.fail(raw, "id", where + ".id", f"duplicate section id {raw['id']!r}")
            seen.add(raw["id"])
            title = self.texts(raw, "title", where, required=True)
            questions = self.questions(raw, f"{where}({raw['id']})")
            result.append(Section(raw["id"], title, questions,
                                  self.texts(raw, "help", where, required=False)))
        return result

    def texts(self, node: dict, key: str, where: str, required: bool) -> dict[str, str]:
        value = node.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict) or not all(isinstance(value.get(lg), str) for lg in LANGS):
            self.fail(node, key, f"{where}.{key}", "needs a text for each language: "
                      "`{zh: ..., en: ...}`")
            return {lg: str(key) for lg in LANGS}
        return {lg: str(value[lg]) for lg in LANGS}

    def questions(self, node: dict, where: str) -> list[Question]:
        raw_list = node.get("questions")
        if not isinstance(raw_list, list) or not raw_list:
            self.fail(node, "questions", where + ".questions", "needs a list of questions")
            return []
        result = []
        for i, raw in enumerate(raw_list):
            q_where = f"{where}.questions[{i}]"
            if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
                self.fail(raw_list, i, q_where, "each question needs a `key:` (answers path)")
                continue
            result.append(self.question(raw, f"{q_where}({raw['key']})"))
        return result

    def question(self, raw: dict, where: str) -> Question:
        for key in raw:
            if key not in _QUESTION_KEYS:
                self.fail(raw, key, f"{where}.{key}", "unknown setting; allowed: "
                          + ", ".join(sorted(_QUESTION_KEYS)))
        qtype = raw.get("type", "text")
        if qtype not in TYPES:
            self.fail(raw, "type", where + ".type",
                      f"unknown type {qtype!r}; use one of {', '.join(sorted(TYPES))}")
        q = Question(
            key=raw["key"], type=qtype,
            label=self.texts(raw, "label", where, qtype not in GROUP_TYPES),
            help=self.texts(raw, "help", where, False), required=bool(raw.get("required")),
            default=_plain(raw.get("default")), default_from=raw.get("default_from"),
            choices=self.choices(raw, where) if qtype in ("choice", "multichoice") else [],
            min=raw.get("min"), max=raw.get("max"), after=raw.get("after"),
            when=self.condition(raw, where), item=self.texts(raw, "item", where, False),
            title=raw.get("title"), min_items=int(raw.get("min_items", 0)),
            max_items=raw.get("max_items"), soft_max=raw.get("soft_max"),
            soft_max_warning=self.texts(raw, "soft_max_warning", where, False),
            propose=raw.get("propose"), suggest=raw.get("suggest"), source=raw.get("source"),
            match=raw.get("match"), line=_line(raw, None),
        )
        if q.is_group:
            q.questions = self.questions(raw, where)
            if not q.item:
                self.fail(raw, "item", where + ".item", "a group needs `item: {zh, en}` "
                          "(what one entry is called)")
            q.label = q.label or dict(q.item)
        if qtype == "each" and not (q.source and q.match):
            self.fail(raw, "type", where, "type each needs `source:` and `match:`")
        return q

    def choices(self, raw: dict, where: str) -> list[Choice]:
        items = raw.get("choices")
        if not isinstance(items, list) or not items:
            self.fail(raw, "choices", where + ".choices", "a choice question needs `choices:`")
            return []
        result = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("value"), str):
                self.fail(items, i, f"{where}.choices[{i}]", "each choice needs `value:` "
                          "and names `zh:` / `en:`")
                continue
            result.append(Choice(item["value"], {lg: str(item.get(lg) or item["value"])
                                                 for lg in LANGS}))
        return result

    def condition(self, raw: dict, where: str) -> dict | None:
        cond = raw.get("when")
        if cond is None:
            return None
        if (not isinstance(cond, dict) or "key" not in cond
                or not set(cond) <= _CONDITION_KEYS or len(cond) != 2):
            self.fail(raw, "when", where + ".when", "write a condition as `{key: PATH, "
                      "equals: VALUE}`, `{key: PATH, in: [...]}` or `{key: PATH, not_empty: true}`")
            return None
        return dict(_plain(cond))


def _line(node: Any, key: Any) -> int | None:
    """1-based line of `node[key]` (or of `node`) in a ruamel round-trip tree."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is None:
            return lc.line + 1
        if isinstance(key, int):
            return lc.item(key)[0] + 1
        return lc.key(key)[0] + 1
    except (KeyError, IndexError, TypeError):
        return lc.line + 1


def _plain(value: Any) -> Any:
    """ruamel containers -> plain dict / list (the engine copies defaults into answers)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
