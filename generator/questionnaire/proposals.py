"""Domain guidance the YAML names but Python computes: proposals and suggestions.

A questionnaire question says `propose: phases` or `suggest: metrics`; the functions here
derive the proposal from earlier answers (the answers tree, a ruamel map).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import tree as T

# Natural metrics per purpose (domain.md, "What a campaign is for").
METRICS = {
    "zh": {
        "acquisition": ["新增用户数", "日均新增用户", "获客成本", "新增关注数"],
        "activation": ["活跃用户数", "活跃率", "次日留存率", "7 日留存率"],
        "conversion": ["付费用户数", "GMV", "转化率", "客单价"],
        "brand": ["曝光量", "提及量", "正面评价占比", "互动量"],
    },
    "en": {
        "acquisition": ["New users", "New users per day", "Cost per new user", "New followers"],
        "activation": ["Active users", "Activation rate", "Day-1 retention", "Day-7 retention"],
        "conversion": ["Paying users", "GMV", "Conversion rate", "Average order value"],
        "brand": ["Reach", "Mentions", "Positive sentiment share", "Engagements"],
    },
}


def suggestions(name: str | None, answers: Any, lang: str) -> list[str]:
    """Suggested typed values for a question (`suggest: metrics`)."""
    if name != "metrics":
        return []
    purpose = str(T.get(answers, ("campaign", "purpose"), "") or "")
    try:  # the i18n module is the shared home of these names once it exists
        from ..i18n import suggested_metrics

        found = list(suggested_metrics(lang, purpose) or [])
        if found:
            return found
    except (ImportError, KeyError, TypeError, ValueError):
        pass
    return list(METRICS.get(lang, METRICS["en"]).get(purpose, []))


def propose(name: str | None, answers: Any, lang: str) -> list[dict]:
    """The proposed items of a repeated group (`propose: phases` / `propose: schedule`)."""
    if name == "phases":
        return propose_phases(answers)
    if name == "schedule":
        return propose_schedule(answers, lang)
    return []


def _dates(answers: Any) -> tuple[dt.date, dt.date] | None:
    start = T.get(answers, ("campaign", "start"), None)
    end = T.get(answers, ("campaign", "end"), None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return start, end
    return None


def propose_phases(answers: Any) -> list[dict]:
    """The four phase windows from the campaign dates (the model's default rule)."""
    from ..proposal import default_windows

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
        from ..model import Answers
        from ..scheduling import propose_schedule as scheduled

        model = Answers.model_validate(_plain(answers))
    except (ImportError, ValueError):  # pydantic's ValidationError is a ValueError
        return []
    tasks = scheduled(model)
    return [{k: v for k, v in task.items() if v not in (None, [], False) or k == "task"}
            for task in tasks]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
