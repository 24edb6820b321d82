"""`--set campaign.budget=50000`: answers given on the command line, typed like prompts."""

from __future__ import annotations

import itertools

from ruamel.yaml.comments import CommentedMap

from generator.answers import paths, units
from generator.answers.numbers import NumberProblem, Reading
from generator.errors import UsageError
from generator.questionnaire import types
from generator.questionnaire.definition import Questionnaire
from generator.questionnaire.parse import Invalid


def apply_presets(qn: Questionnaire, answers: CommentedMap, presets: tuple[str, ...],
                  lang: str) -> None:
    """Parse each KEY=VALUE with its question's type and store it; bad ones are refused."""
    for preset in presets:
        key, sep, text = preset.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set {preset}: write it as KEY=VALUE, "
                             "e.g. --set campaign.budget=50000")
        question = qn.find(key)
        if question is None or question.is_group:
            raise UsageError(f"--set {key}: no such question; use an answers path such as "
                             "campaign.theme, campaign.budget or objectives.0.objective")
        path = paths.parse(key)
        try:
            value = types.parse_entry(question, text, lang) if text.strip() else None
            if isinstance(value, Reading):
                units.check(answers, path, value, text)
        except Invalid as exc:
            raise UsageError(f"--set {key}={text}: {exc.reason()}") from None
        except NumberProblem as exc:
            raise UsageError(f"--set {key}={text}: {exc.message}") from None
        _put(answers, path, types.plain(value))
        if isinstance(value, Reading):  # `18%`: the unit goes to its home (units.py)
            units.fill(answers, path, value, text)


def _put(answers: CommentedMap, path: paths.Path, value: object) -> None:
    """Like tree.put, but creates list items for paths such as objectives.0.objective."""
    node = answers
    for part, nxt in itertools.pairwise(path):
        if isinstance(part, int):
            while len(node) <= part:
                node.append(CommentedMap())
        elif part not in node or node[part] is None:
            node[part] = [] if isinstance(nxt, int) else CommentedMap()
        node = node[part]
    node[path[-1]] = paths.to_tree(value)
