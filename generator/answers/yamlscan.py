"""YAML trouble in words: syntax errors, duplicate keys, aliases, extra documents.

`scan_structure` is one pass over the event stream, done on events rather than the loaded
tree because the tree has already lost what we need: the second line of a duplicate key,
and whether a value was an alias. `syntax_problem` turns ruamel's syntax error into one
sentence in the user's language, at the line to fix.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.answers import paths
from generator.errors import Problem
from generator.locales import Message, msg

_NODE_EVENTS = (ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent, ev.AliasEvent)


class _Frame:
    """A mapping or sequence being read: where its next key or item goes."""

    def __init__(self, kind: str, path: tuple) -> None:
        self.kind = kind
        self.path = path
        self.keys: dict[Any, int] = {}
        self.expect_key = True
        self.key: Any = None
        self.index = -1

    def child_path(self) -> tuple:
        return self.path + ((self.index,) if self.kind == "seq" else (self.key,))


def _field(path: tuple) -> str:
    return paths.dotted(path)


def scan_structure(text: str, name: str) -> list[Problem]:
    """Every duplicate key and alias in `text`, or the first syntax error (parsing stops there)."""
    problems: list[Problem] = []
    stack: list[_Frame] = []
    documents = 0
    try:
        for event in YAML(typ="rt").parse(text):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    problems.append(Problem(name, line, "", msg("answers.yaml.two_documents")))
            if isinstance(event, _NODE_EVENTS):
                path = _place(stack, event, line, name, problems)
                _check_anchor(event, path, line, name, problems)
                _check_tag(event, path, line, name, problems)
                if isinstance(event, ev.MappingStartEvent):
                    stack.append(_Frame("map", path))
                elif isinstance(event, ev.SequenceStartEvent):
                    stack.append(_Frame("seq", path))
            elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
                stack.pop()
    except MarkedYAMLError as exc:
        return problems + [syntax_problem(exc, name)]
    except YAMLError as exc:
        return problems + [Problem(name, None, "", msg("answers.yaml.invalid", detail=str(exc)))]
    return _drop_anchor_notes_if_aliases(problems)


def _drop_anchor_notes_if_aliases(problems: list[Problem]) -> list[Problem]:
    # NOTE: an alias already says what to do; the anchor it points at would repeat it.
    if any(_key(p) == "answers.yaml.alias" for p in problems):
        return [p for p in problems if _key(p) != "answers.yaml.anchor"]
    return problems


def _key(problem: Problem) -> str | None:
    return problem.message.key if isinstance(problem.message, Message) else None


# ruamel's most common syntax complaints (by how they start) and our words for them; any
# other complaint is quoted as ruamel says it.
_SYNTAX = {
    "mapping values are not allowed": "mapping_values",
    "could not find expected ':'": "no_colon",
    "found character": "bad_character",
    "expected <block end>": "indentation",
    "did not find expected key": "indentation",
    "did not find expected '-'": "list_item",
    "found unexpected end of stream": "unexpected_end",
    "found unknown escape character": "escape",
}


def syntax_problem(exc: MarkedYAMLError, name: str) -> Problem:
    """One sentence for a YAML syntax error, with the line it was found on."""
    mark = exc.problem_mark or exc.context_mark
    said = (exc.problem or exc.context or "").strip()
    what: str | Message = next(
        (msg(f"answers.yaml.{key}") for start, key in _SYNTAX.items() if said.startswith(start)),
        msg("answers.yaml.parser_said", detail=said) if said else msg("answers.yaml.not_yaml"))
    # NOTE: an unclosed quote or bracket is only noticed lines later (often at the end of the
    # file); the line to fix is where it opened.
    context = (exc.context or "").strip()
    if exc.context_mark is not None and context.startswith("while scanning a quoted scalar"):
        mark, what = exc.context_mark, msg("answers.yaml.unclosed_quote")
    elif exc.context_mark is not None and context.startswith("while parsing a flow"):
        mark, what = exc.context_mark, msg("answers.yaml.unclosed_bracket")
    line = mark.line + 1 if mark is not None else None
    return Problem(name, line, "", msg("answers.yaml.syntax", what=what))


def _place(stack: list[_Frame], event: Any, line: int | None, name: str,
           problems: list[Problem]) -> tuple:
    """Advance the parent frame for this node; return the node's path; note duplicate keys."""
    if not stack:
        return ()
    frame = stack[-1]
    if frame.kind == "seq":
        frame.index += 1
        return frame.child_path()
    if not frame.expect_key:
        frame.expect_key = True
        return frame.child_path()
    frame.expect_key = False
    key = event.value if isinstance(event, ev.ScalarEvent) else None
    frame.key = key
    if key is not None:
        if key in frame.keys:
            first = frame.keys[key]
            problems.append(Problem(name, line, _field(frame.path + (key,)), msg(
                "answers.yaml.duplicate_key", key=key, first=first, line=line)))
        else:
            frame.keys[key] = line
    return frame.path + (key,)


# Tags that only say what the value already is; any other (`!foo`, `!!python/object`,
# `!!binary`, `!!set`) would build something an answers file cannot hold.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in
               ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


def _check_tag(event: Any, path: tuple, line: int | None, name: str,
               problems: list[Problem]) -> None:
    """Explicit tags are refused, except the core ones; merge keys (`<<`) too."""
    tag = getattr(event, "tag", None)
    if tag is not None and _tag_text(tag) not in _PLAIN_TAGS and not _implicit(event):
        shown = _tag_text(tag).replace("tag:yaml.org,2002:", "!!")
        problems.append(Problem(name, line, _field(path), msg(
            "answers.yaml.unknown_tag", tag=shown)))
    if path and path[-1] == "<<" and isinstance(event, ev.ScalarEvent) and \
            event.value == "<<" and getattr(event, "style", None) is None:
        problems.append(Problem(name, line, _field(path[:-1]), msg("answers.yaml.merge_key")))


def _tag_text(tag: Any) -> str:
    """ruamel gives a tag as text or as a Tag object, depending on the version."""
    return str(getattr(tag, "value", None) or tag)


def _implicit(event: Any) -> bool:
    """A tag ruamel resolved itself (a plain scalar or collection), not one the file wrote."""
    implicit = getattr(event, "implicit", None)
    if isinstance(implicit, tuple):
        return bool(implicit[0])
    return bool(implicit)


def _check_anchor(event: Any, path: tuple, line: int | None, name: str,
                  problems: list[Problem]) -> None:
    """Aliases (and the anchors they need) make one value appear in many places: refused."""
    if isinstance(event, ev.AliasEvent):
        problems.append(Problem(name, line, _field(path), msg(
            "answers.yaml.alias", anchor=event.anchor)))
    elif getattr(event, "anchor", None):
        problems.append(Problem(name, line, _field(path), msg(
            "answers.yaml.anchor", anchor=event.anchor)))
