"""One pass over the YAML event stream: syntax errors, duplicate keys, aliases, extra documents.

Done on events rather than the loaded tree because the tree has already lost what we need:
the second line of a duplicate key, and whether a value was an alias.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.answers import paths
from generator.errors import Problem

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
                    problems.append(Problem(name, line, "", (
                        "the file holds more than one YAML document (a second `---`); "
                        "keep one answers document per file")))
            if isinstance(event, _NODE_EVENTS):
                path = _place(stack, event, line, name, problems)
                _check_anchor(event, path, line, name, problems)
                if isinstance(event, ev.MappingStartEvent):
                    stack.append(_Frame("map", path))
                elif isinstance(event, ev.SequenceStartEvent):
                    stack.append(_Frame("seq", path))
            elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
                stack.pop()
    except MarkedYAMLError as exc:
        from generator.answers.load import syntax_problem

        return problems + [syntax_problem(exc, name)]
    except YAMLError as exc:
        return problems + [Problem(name, None, "", f"the file is not valid YAML: {exc}")]
    return _drop_anchor_notes_if_aliases(problems)


def _drop_anchor_notes_if_aliases(problems: list[Problem]) -> list[Problem]:
    # NOTE: an alias already says what to do; the anchor it points at would repeat it.
    if any("aliases (*" in p.message for p in problems):
        return [p for p in problems if "anchors (&" not in p.message]
    return problems


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
            problems.append(Problem(name, line, _field(frame.path + (key,)), (
                f"`{key}` appears twice (lines {first} and {line}); keep one")))
        else:
            frame.keys[key] = line
    return frame.path + (key,)


def _check_anchor(event: Any, path: tuple, line: int | None, name: str,
                  problems: list[Problem]) -> None:
    """Aliases (and the anchors they need) make one value appear in many places: refused."""
    if isinstance(event, ev.AliasEvent):
        problems.append(Problem(name, line, _field(path), (
            f"YAML aliases (*{event.anchor}) are not allowed in answers files; "
            "write the value out")))
    elif getattr(event, "anchor", None):
        problems.append(Problem(name, line, _field(path), (
            f"YAML anchors (&{event.anchor}) are not allowed in answers files; "
            "remove the anchor and write each value out")))
