"""Answers files: load with line numbers (every problem at once), save with comments kept.

ruamel.yaml round-trip, YAML 1.2, so `NO`, `on` and `yes` stay text and a hand-edited file
keeps its comments and key order when the questionnaire writes to it.
"""

from __future__ import annotations

import io
import os
import re
import dataclasses
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator import atomic
from generator.answers import paths, proposed
from generator.answers.partial import original, validate_partial
from generator.answers.paths import plain  # noqa: F401 - re-exported: the questionnaire uses it
from generator.answers.validation import validate
from generator.answers.yamlscan import scan_structure, syntax_problem
from generator.errors import AnswersError, Problem
from generator.inputs import read_input, too_big
from generator.locales import msg

MAX_BYTES = 2 * 1024 * 1024
# A top-level `lang: en` line; read without YAML so even a broken file gets its language.
_LANG_RE = re.compile(rb"^lang:[ \t]*[\"']?([A-Za-z]{2,3})\b", re.MULTILINE)


@dataclasses.dataclass
class Loaded:
    """An answers file, validated: the model, the round-trip tree, and where things are.

    A partial one (`load_partial`) holds the model of what validated: list items that did
    not are left out of the model, and `original()` maps the model's indexes back to the
    file's, so every problem names the file's own path and line.
    """

    answers: Any  # generator.model.Answers
    data: CommentedMap
    path: Path | None
    name: str
    kept: dict[tuple, list[int]] = dataclasses.field(default_factory=dict)  # model -> file indexes
    dropped: list[tuple] = dataclasses.field(default_factory=list)  # items that did not validate

    def original(self, loc: tuple | list | str) -> tuple:
        """A path in the model -> the same place in the file."""
        return original(paths.parse(loc), self.kept) if self.kept else paths.parse(loc)

    def field(self, loc: tuple | list | str) -> str:
        """The dotted field name of a model path, as the file numbers it (`schedule.3.end`)."""
        return paths.dotted(self.original(loc))

    def line_of(self, loc: tuple | list | str) -> int | None:
        """1-based line of a field (`objectives.0.target`); a missing key gives its parent's."""
        return paths.line_of(self.data, self.original(loc))


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date (`2026-13-01`) as text.

    ruamel raises a bare ValueError for a date-shaped scalar that is not a real date; as
    text, the model check reports it with its file, line and field.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml(allow_duplicates: bool = True) -> YAML:
    """A round-trip YAML 1.2 reader/writer in the house layout (`  - item` under a key)."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.version = None  # NOTE: no `%YAML` directive on save; rt mode reads YAML 1.2 anyway
    yaml.preserve_quotes = True
    # Duplicates are reported (with both lines) by yamlscan; saving never meets one.
    yaml.allow_duplicate_keys = allow_duplicates
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a user's long line
    return yaml


def dumps_answers(data: Any) -> str:
    """The YAML text of a round-trip tree, in the house layout."""
    _quote_unprintable(data)
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _quote_unprintable(node: Any) -> None:
    """Text holding a character YAML cannot carry raw (a pasted control character) is
    written double-quoted, where it is escaped (`"a\\x16b"`); plain, quoted-single and
    block styles would write it raw and the file would no longer load."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, str) and _NOT_YAML_RE.search(value):
            node[key] = DoubleQuotedScalarString(str(value))
        elif isinstance(value, dict | list):
            _quote_unprintable(value)


def save_answers(path: str | os.PathLike[str], data: Any) -> Path:
    """Write the tree atomically; comments and key order kept, the `proposed:` record last."""
    proposed.keep_last(data, data.get("lang") if isinstance(data, dict) else None)
    return atomic.write_text(path, dumps_answers(data))


# --- loading ------------------------------------------------------------------------------


def load_answers(path: str | os.PathLike[str], raw: bytes | None = None) -> Loaded:
    """Read, parse and validate an answers file; raises AnswersError with every problem.

    `raw`: the file's bytes when the caller has read them already (the batch hashes them).
    """
    return _load_bytes(_read(path) if raw is None else raw, str(path), Path(path))


def _read(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes through the one reader (regular files only, the size cap)."""
    return read_input(path, MAX_BYTES)


def declared_lang(path: str | os.PathLike[str]) -> str | None:
    """The file's own `lang:` (zh, en ...), read without parsing; None when absent or unreadable.

    The messages about a file speak its language, even when it is too broken to load.
    """
    try:
        head = read_input(path, MAX_BYTES)
    except AnswersError:
        return None
    found = _LANG_RE.search(head)
    return found.group(1).decode().lower() if found else None


def loads_answers(text: str | bytes, name: str = "<answers>") -> Loaded:
    """Like `load_answers` for text already in memory (`name` is used in messages)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return _load_bytes(raw, name, None)


def _load_bytes(raw: bytes, name: str, path: Path | None) -> Loaded:
    data, answers, problems = _validated(raw, name)
    if problems:
        raise AnswersError(problems)
    return Loaded(answers=answers, data=data, path=path, name=name)


def _validated(raw: bytes, name: str) -> tuple[CommentedMap, Any, list[Problem]]:
    if len(raw) > MAX_BYTES:
        raise AnswersError([Problem(name, None, "", too_big(len(raw), MAX_BYTES))])
    data = read_tree(raw, name)
    return (data, *validate(data, name))


def load_partial(path: str | os.PathLike[str],
                 raw: bytes | None = None) -> tuple[Loaded | None, list[Problem]]:
    """The file's model, or the part of it that validated, and every validation problem.

    For `check`: the cross-field lint runs on what validated, so one run reports a bad
    KR target and reversed campaign dates together. None when nothing sound remains (a
    required campaign field is wrong, the format is newer). File and syntax problems still
    raise AnswersError, as `load_answers` does.
    """
    name = str(path)
    data, answers, problems = _validated(_read(path) if raw is None else raw, name)
    if not problems:
        return Loaded(answers=answers, data=data, path=Path(path), name=name), []
    if any(p.field == "format" for p in problems):
        return None, problems  # NOTE: another format's fields mean nothing to our rules
    part = validate_partial(data)
    if part is None:
        return None, problems
    return Loaded(answers=part.answers, data=data, path=Path(path), name=name, kept=part.kept,
                  dropped=part.dropped), problems


def read_tree(raw: bytes, name: str) -> CommentedMap:
    """The round-trip tree of answers bytes, without the model check (it may be partial).

    Encoding, syntax, duplicate keys and aliases are still reported with their line; the
    questionnaire reads a file in progress this way.
    """
    return _parse(_decode(raw, name), name)


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AnswersError([Problem(name, line, "", msg(
            "answers.file.not_utf8", byte=f"0x{raw[exc.start]:02x}"))]) from None
    _refuse_control_characters(text, name)
    return text


# What YAML may not hold raw (its "printable" set inverted); written as an escape inside
# double quotes ("\x01") it is fine, and clean_text handles it on the way out.
_NOT_YAML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _refuse_control_characters(text: str, name: str) -> None:
    """Name each raw control character with its line and column (ruamel gives neither)."""
    problems = []
    for found in _NOT_YAML_RE.finditer(text):
        start = found.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        code = f"{ord(found.group()):02x}"
        problems.append(Problem(name, line, "", msg(
            "answers.file.control_char", char=f"U+{ord(found.group()):04X}", column=column,
            code=code)))
        if len(problems) == 10:  # NOTE: a binary file would list thousands; ten say enough
            break
    _raise_if_any(problems)


def _parse(text: str, name: str) -> CommentedMap:
    if not text.strip() or _only_comments(text):
        raise AnswersError([Problem(name, None, "", msg("answers.file.empty"))])
    # NOTE: ruamel is pure Python here and a parse costs ~100 ms, so the event scan (which
    # finds every duplicate and alias with its line) runs only when it may find something.
    try:
        if _MAY_SCAN_RE.search(text) or _MANY_DOCS_RE.search(text):
            _raise_if_any(scan_structure(text, name))
        data = _yaml(allow_duplicates=False).load(text)
    except DuplicateKeyError as exc:
        _raise_if_any(scan_structure(text, name))
        # NOTE: keys that differ as text but are equal once read (`16` and `0x10`, `1` and
        # `1.0`, `true` and `True`): the scan compares text, so ruamel found this one.
        raise AnswersError([_same_key(exc, name)]) from None
    except ConstructorError as exc:
        raise AnswersError([_construct_problem(exc, name)]) from None
    except MarkedYAMLError as exc:
        raise AnswersError([syntax_problem(exc, name)]) from None
    except RecursionError:
        raise AnswersError([Problem(name, None, "", msg("answers.file.too_deep"))]) from None
    except YAMLError as exc:  # pragma: no cover - scan_structure sees these first
        raise AnswersError([Problem(name, None, "", msg(
            "answers.yaml.invalid", detail=str(exc)))]) from None
    if not isinstance(data, CommentedMap):
        got = msg("answers.value.list") if isinstance(data, list) else msg(
            "answers.value.single", value=repr(data))
        raise AnswersError([Problem(name, 1, "", msg("answers.file.not_sections", got=got))])
    return data


# Where a node (so an anchor or alias) may start: a line start, after `key: ` or `- `, or
# in a flow collection. Markdown emphasis mid-sentence (`a *b*`) does not match; a false
# match only costs the slower scan.
# Tags (`!foo`, `!!python/object`) and merge keys (`<<:`) start the same way; the scan
# refuses both.
_MAY_SCAN_RE = re.compile(r"(?:^[ \t]*|[:\-?][ \t]+|[\[{,][ \t]*)(?:[&*][^\s*&]|!|<<)",
                          re.MULTILINE)
_MANY_DOCS_RE = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)


_DUPLICATE_RE = re.compile(r'found duplicate key "(.*)" with value')


def _same_key(exc: DuplicateKeyError, name: str) -> Problem:
    """Two keys equal once read, at the line of the second."""
    found = _DUPLICATE_RE.search(str(exc.problem or ""))
    mark = exc.problem_mark
    return Problem(name, mark.line + 1 if mark else None, "", msg(
        "answers.yaml.same_key", key=found.group(1) if found else "?"))


def _construct_problem(exc: ConstructorError, name: str) -> Problem:
    """A value ruamel cannot build (what the scan did not refuse first), at its line."""
    mark = exc.problem_mark or exc.context_mark
    return Problem(name, mark.line + 1 if mark else None, "", msg(
        "answers.yaml.parser_said", detail=(exc.problem or exc.context or "").strip()))


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise AnswersError(problems)


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
