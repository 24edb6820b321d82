"""Domain guidance the YAML names but Python computes: proposals and suggestions.

A questionnaire question says `propose: phases` or `suggest: metrics`; the functions here
derive the proposal from earlier answers (the answers tree, a ruamel map).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.answers import paths


def suggestions(name: str | None, answers: Any, lang: str) -> list[str]:
    """Suggested typed values for a question (`suggest: metrics`)."""
    if name != "metrics":
        return []
    from generator.locales import lookup

    purpose = str(paths.get(answers, ("campaign", "purpose"), "") or "")
    return list(lookup("suggested_metrics", lang).get(purpose, []))


def propose(name: str | None, answers: Any, lang: str) -> list[dict]:
    """The proposed items of a repeated group (`propose: phases` / `propose: schedule`)."""
    if name == "phases":
        return propose_phases(answers)
    if name == "schedule":
        return propose_schedule(answers, lang)
    return []


def _dates(answers: Any) -> tuple[dt.date, dt.date] | None:
    start = paths.get(answers, ("campaign", "start"), None)
    end = paths.get(answers, ("campaign", "end"), None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return start, end
    return None


def propose_phases(answers: Any) -> list[dict]:
    """The four phase windows from the campaign dates (the model's default rule)."""
    from generator.planning.proposal import default_windows

    dates = _dates(answers)
    if not dates:
        return []
    return [{"phase": name, "start": start, "end": end}
            for name, (start, end) in default_windows(*dates).items()]


def propose_schedule(answers: Any, lang: str) -> list[dict]:
    """The standard schedule from the schedule engineer's `propose_schedule(Answers)`.

    The answers so far must validate as a model; if they do not yet (the questionnaire
    validates everything at the end), there is nothing sound to propose.
    """
    if not _dates(answers):
        return []
    try:
        from generator.answers.load import plain
        from generator.answers.model import Answers
        from generator.planning.proposal import propose_schedule as scheduled

        model = Answers.model_validate(plain(answers))
    except (ImportError, ValueError):  # pydantic's ValidationError is a ValueError
        return []
    tasks = scheduled(model)
    return [{k: v for k, v in task.items() if v not in (None, [], False) or k == "task"}
            for task in tasks]
