"""Where the answers tree lives on disk: read raw (a partial file is fine), save atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.answers import load as answers
from generator.answers import paths
from generator.inputs import read_input
from generator.textsafe import slugify


def read_tree(path: Path) -> CommentedMap:
    """The round-trip tree of an answers file, without the model check (it may be partial).

    Syntax errors, duplicate keys and non-UTF-8 bytes are still reported with their line.
    """
    raw = read_input(path, answers.MAX_BYTES)
    # NOTE: a questionnaire in progress is not valid yet, so no model check here.
    return answers.read_tree(raw, str(path))


class Store:
    """The answers file of a session: saved after every answer, named from the theme."""

    def __init__(self, path: Path | None, tree: CommentedMap):
        self.path = path
        self.tree = tree
        self.saved_count = count_answers(tree) if path and path.exists() else 0

    def save(self) -> None:
        """Write the tree atomically (comments and key order kept)."""
        if self.path is None:
            self.path = self._path_from_theme()
            if self.path is None:
                return  # nothing to name the file by yet; the theme is the first question
        answers.save_answers(self.path, self.tree)
        self.saved_count = count_answers(self.tree)

    def answers_on_disk(self) -> int:
        """How many answers the last save wrote."""
        return self.saved_count

    def line_of(self, field: str) -> int | None:
        """Line of `field` (or its nearest parent) in the tree as loaded."""
        return paths.line_of(self.tree, field.split(" ")[0])

    def _path_from_theme(self) -> Path | None:
        theme = paths.get(self.tree, ("campaign", "theme"), None)
        if not theme:
            return None
        stem, n = slugify(str(theme)), 1
        path = Path(f"{stem}.yaml")
        while path.exists():  # never overwrite someone's earlier file
            n += 1
            path = Path(f"{stem}-{n}.yaml")
        return path

    def __repr__(self) -> str:
        return f"Store({self.path})"


def count_answers(tree: Any, skip: tuple[str, ...] = ("format", "lang", "proposed")) -> int:
    """How many answers the tree holds: every leaf value (answered blanks included)."""
    if isinstance(tree, dict):
        return sum(count_answers(v, ()) for k, v in tree.items() if k not in skip)
    if isinstance(tree, list):
        if tree and all(not isinstance(v, dict | list) for v in tree):
            return 1  # a list of names is one answer
        return sum(count_answers(v, ()) for v in tree)
    return 1
