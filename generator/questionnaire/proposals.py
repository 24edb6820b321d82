"""Domain guidance the YAML names but Python computes: proposals, suggestions, derived defaults.

A questionnaire question says `propose: phases`, `suggest: metrics` or
`default_from: "@currency"`; the tables at the end of this module map those names to the
functions that derive the value from earlier answers (the answers tree, a ruamel map), and
the definition model accepts only the names found there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.answers import paths
from generator.answers.load import plain
from generator.answers.model import Answers
from generator.locales import lookup, t
from generator.planning import kinds
from generator.planning.proposal import default_windows
from generator.planning.proposal import propose_schedule as scheduled


def suggestions(name: str | None, answers: Any, lang: str) -> list[str]:
    """Suggested typed values for a question (`suggest: metrics`)."""
    return SUGGESTIONS[name](answers, lang) if name else []


def propose(name: str | None, answers: Any, lang: str) -> list[dict]:
    """The proposed items of a repeated group (`propose: phases` / `propose: schedule`)."""
    return PROPOSALS[name](answers, lang) if name else []


def suggest_metrics(answers: Any, lang: str) -> list[str]:
    """The metrics that suit the campaign's purpose."""
    purpose = str(paths.get(answers, ("campaign", "purpose"), "") or "")
    return list(lookup("suggested_metrics", lang).get(purpose, []))


def default_currency(answers: Any, lang: str, base: paths.Path = ()) -> str:
    """The currency of the session's language (CNY for zh, USD for en)."""
    return t("meta.currency", lang=lang)


def metric_kind(answers: Any, lang: str, base: paths.Path = ()) -> str:
    """The kind the key result being asked suggests by its metric and unit (kinds.py)."""
    item = paths.get(answers, base, None)
    item = item if isinstance(item, dict) else {}
    return kinds.infer_kind(str(item.get("metric") or ""), item.get("unit"))


def _dates(answers: Any) -> tuple[dt.date, dt.date] | None:
    start = paths.get(answers, ("campaign", "start"), None)
    end = paths.get(answers, ("campaign", "end"), None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return start, end
    return None


def propose_phases(answers: Any, lang: str = "") -> list[dict]:
    """The four phase windows from the campaign dates (the model's default rule)."""
    dates = _dates(answers)
    if not dates:
        return []
    return [{"phase": name, "start": start, "end": end}
            for name, (start, end) in default_windows(*dates).items()]


def propose_schedule(answers: Any, lang: str = "") -> list[dict]:
    """The standard schedule from the schedule engineer's `propose_schedule(Answers)`.

    The answers so far must validate as a model; if they do not yet (the questionnaire
    validates everything at the end), there is nothing sound to propose.
    """
    if not _dates(answers):
        return []
    try:
        model = Answers.model_validate(plain(answers))
    except ValueError:  # pydantic's ValidationError is a ValueError
        return []
    return [{k: v for k, v in task.items() if v not in (None, [], False) or k == "task"}
            for task in scheduled(model)]


SUGGESTIONS = {"metrics": suggest_metrics}
PROPOSALS = {"phases": propose_phases, "schedule": propose_schedule}
# A derived default is `function(answers, lang, base)`; `base` is the group item being asked.
DERIVED_DEFAULTS = {"@currency": default_currency, "@metric_kind": metric_kind}
