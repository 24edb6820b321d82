"""`--set campaign.budget=50000`: answers given on the command line, typed like prompts."""

from __future__ import annotations

import itertools

from ruamel.yaml.comments import CommentedMap

from generator.answers import paths, units
from generator.answers.numbers import NumberProblem, Reading
from generator.errors import UsageError
from generator.locales import msg
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
            raise UsageError(msg("questionnaire.session.set_shape", preset=preset))
        question = qn.find(key)
        if question is None or question.is_group:
            raise UsageError(msg("questionnaire.session.set_unknown", key=key))
        path = paths.parse(key)
        try:
            value = types.parse_entry(question, text, lang) if text.strip() else None
            if isinstance(value, Reading):
                units.check(answers, path, value, text)
        except Invalid as exc:
            raise UsageError(msg("questionnaire.session.set_invalid", key=key, text=text,
                                 reason=exc.reason(lang))) from None
        except NumberProblem as exc:
            raise UsageError(msg("questionnaire.session.set_invalid", key=key, text=text,
                                 reason=exc.message)) from None
        _put(answers, path, types.plain(value), key)
        if isinstance(value, Reading):  # `18%`: the unit goes to its home (units.py)
            units.fill(answers, path, value, text)


def _put(answers: CommentedMap, path: paths.Path, value: object, key: str) -> None:
    """Like tree.put, but creates list items for paths such as objectives.0.objective.

    An index may name an item there or the next one (`objectives.3` after three), never
    one further on: a typo such as `objectives.99999999` must not fill memory with items.
    """
    node = answers
    for part, nxt in itertools.pairwise(path):
        if isinstance(part, int):
            if part > len(node):
                raise UsageError(msg("cli.set_index", key=key, index=part, n=len(node)))
            while len(node) <= part:
                node.append(CommentedMap())
        elif part not in node or node[part] is None:
            node[part] = [] if isinstance(nxt, int) else CommentedMap()
        node = node[part]
    node[path[-1]] = paths.to_tree(value)
