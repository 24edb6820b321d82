"""Loading a questionnaire definition: the model check, then what needs the whole file.

After the pydantic model (`definition.py`), every answers key a question stores and every
path it refers to (`after`, `default_from`, `when`, `source`, `match`) must be a field of
the answers model, and every section, question, group and choice needs its text in every
catalogue language. Every problem is reported at once, with file, line and field.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from generator import resources
from generator.answers import paths
from generator.answers.load import MAX_BYTES, plain, read_tree
from generator.answers.validation import fields_at, problems_from
from generator.errors import AnswersError, Problem, QuestionnaireError
from generator.inputs import read_input
from generator.locales import MissingMessage, available, lookup, t
from generator.questionnaire.definition import Question, Questionnaire
from generator.questionnaire.proposals import DERIVED_DEFAULTS

# The names of a question's texts in the catalogue; no answers key may use one.
TEXT_NAMES = ("label", "help", "short", "item_name", "soft_max_warning", "choices")
# Texts older definition files held inline, and the catalogue name each moved to.
_MOVED = {"label": "label", "help": "help", "item": "item_name",
          "soft_max_warning": "soft_max_warning"}


def load_questionnaire(name_or_path: str | Path) -> Questionnaire:
    """Load `questionnaires/<name>.yaml` (or a path) and check it; raises QuestionnaireError."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = resources.questionnaires_dir() / f"{name_or_path}.yaml"
    try:
        raw = read_input(path, MAX_BYTES)
        tree = read_tree(raw, str(path))  # as answers files: syntax errors with their line
    except AnswersError as exc:
        raise QuestionnaireError(exc.message) from None
    data = plain(tree)
    try:
        qn = Questionnaire.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc, tree, str(path), Questionnaire)
        raise _error([_moved_text(p, data, path.stem) for p in problems]) from None
    qn.bind(path.stem, path)
    problems = crosscheck(qn, tree, str(path))
    if problems:
        raise _error(problems)
    return qn


def _error(problems: list[Problem]) -> QuestionnaireError:
    # NOTE: in file order, so the file is fixed top to bottom (as AnswersError does).
    return QuestionnaireError("\n".join(str(p) for p in sorted(problems,
                                                              key=lambda p: p.line or 0)))


def _moved_text(problem: Problem, data: dict, name: str) -> Problem:
    """A text still written in the file (`label: {zh: …}`): say which catalogue key it goes to."""
    loc = paths.parse(problem.field)
    if len(loc) < 3 or not isinstance(loc[-2], int):
        return problem
    owner, text = loc[-3], loc[-1]
    if owner == "sections" and text in ("title", "help"):
        section = paths.get(data, loc[:2], {})
        key = f"questionnaire.{name}.sections.{section.get('id')}.{text}"
    elif owner == "questions" and text in _MOVED:
        key = f"questionnaire.{name}.questions.{_answers_key(data, loc)}.{_MOVED[text]}"
    else:
        return problem
    return Problem(problem.file, problem.line, problem.field,
                   t("questionnaire.definition.moved", key=key))


def _answers_key(data: dict, loc: tuple) -> str:
    """`objectives.key_results.metric`: the keys of the questions along `loc`, joined."""
    keys = [str(paths.get(data, loc[:i + 1], {}).get("key"))
            for i, part in enumerate(loc) if isinstance(part, int) and i >= 3]
    return ".".join(keys)


# --- the whole-file checks ----------------------------------------------------------------


class _Findings:
    """Problems found in one file, each with its line and field."""

    def __init__(self, tree: object, name: str):
        self.tree, self.name = tree, name
        self.problems: list[Problem] = []

    def add(self, loc: tuple, sentence: str, **params: object) -> None:
        self.problems.append(Problem(self.name, paths.line_of(self.tree, loc), paths.dotted(loc),
                                     t(f"questionnaire.definition.{sentence}", **params)))


def crosscheck(qn: Questionnaire, tree: object, name: str) -> list[Problem]:
    """Answers keys, references and texts of a definition that passed the model."""
    found = _Findings(tree, name)
    _unique(found, [s.id for s in qn.sections], ("sections",), "id")
    for i, section in enumerate(qn.sections):
        loc = ("sections", i)
        _need_text(found, loc, section.texts + ".title")
        _unique(found, [q.key for q in section.questions], loc + ("questions",), "key")
        for q, q_loc, base in _walk(section.questions, loc, ()):
            _unique(found, [sub.key for sub in q.questions], q_loc + ("questions",), "key")
            _check_question(found, q, q_loc, base)
    return found.problems


def _unique(found: _Findings, names: list[str], loc: tuple, setting: str) -> None:
    """A section id or a question key used twice in the same list."""
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in first:
            found.add(loc + (i, setting), "duplicate", value=name, first=first[name] + 1)
        first.setdefault(name, i)


def _walk(questions: list[Question], loc: tuple,
          base: tuple) -> Iterator[tuple[Question, tuple, tuple]]:
    """(question, its place in the file, the answers path of its group item) for every one."""
    for j, q in enumerate(questions):
        q_loc = loc + ("questions", j)
        yield q, q_loc, base
        yield from _walk(q.questions, q_loc, base + tuple(q.key.split(".")))


def _check_question(found: _Findings, q: Question, loc: tuple, base: tuple) -> None:
    full = base + tuple(q.key.split("."))
    clash = [part for part in full if part in TEXT_NAMES]
    if clash:
        found.add(loc + ("key",), "text_name", names=", ".join(TEXT_NAMES))
    _need_field(found, loc + ("key",), full)
    for setting, ref in (("after", q.after), ("default_from", q.default_from)):
        if ref and ref not in DERIVED_DEFAULTS:
            _need_field(found, loc + (setting,), _resolve(ref, base))
    if q.when:
        _need_field(found, loc + ("when", "key"), _resolve(q.when.key, base))
    if q.source and q.match:
        source = tuple(p for p in q.source.split(".") if p != "*")
        _need_field(found, loc + ("source",), source)
        _need_field(found, loc + ("match",), source + (q.match,))
        _need_field(found, loc + ("match",), full + (q.match,))
    _need_texts(found, q, loc)


def _resolve(ref: str, base: tuple) -> tuple:
    """`.start` is a field of the same group item; `campaign.end` is absolute."""
    return base + tuple(ref[1:].split(".")) if ref.startswith(".") else tuple(ref.split("."))


def _need_field(found: _Findings, loc: tuple, path: tuple) -> None:
    """`path` must be a field of the answers model (checked as deep as the model has fields)."""
    for i, part in enumerate(path):
        allowed = fields_at(path[:i])
        if not allowed:
            return  # below a list of text or a mapping: nothing more to check
        if part not in allowed:
            close = difflib.get_close_matches(part, allowed, n=1, cutoff=0.6)
            where = ".".join(path[:i]) or "the answers file"
            if close:
                found.add(loc, "not_in_answers_close", key=".".join(path), where=where,
                          close=".".join(path[:i] + (close[0],)))
            else:
                found.add(loc, "not_in_answers", key=".".join(path), where=where,
                          fields=", ".join(allowed))
            return


def _need_texts(found: _Findings, q: Question, loc: tuple) -> None:
    if q.is_group:
        _need_text(found, loc, q.texts + ".item_name")
    else:
        _need_text(found, loc, q.texts + ".label")
    if q.soft_max:
        _need_text(found, loc + ("soft_max",), q.texts + ".soft_max_warning")
    for value in q.choices or []:
        _need_text(found, loc + ("choices",), q.choice_key(value))


def _need_text(found: _Findings, loc: tuple, key: str) -> None:
    for lang in available():
        if not _has_text(key, lang):
            found.add(loc, "no_text", catalogue=lang, key=key)


def _has_text(key: str, lang: str) -> bool:
    """A text, or a plural entry ({"one": ..., "other": ...}: item names in English)."""
    try:
        entry = lookup(key, lang)
    except MissingMessage:
        return False
    return isinstance(entry, str) or isinstance(entry, dict) and isinstance(entry.get("other"),
                                                                            str)
