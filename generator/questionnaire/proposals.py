"""Domain guidance the YAML names but Python computes: proposals, suggestions, derived defaults.

A questionnaire question says `propose: phases`, `pick: channels`, `suggest: metrics` or
`default_from: "@unit"`; the tables at the end of this module map those names to the
functions that derive the value from earlier answers (the answers tree, a ruamel map, maybe
still incomplete), and the definition model accepts only the names found there. What is
proposed is decided in `planning/` (pure functions of plain values); this module only reads
the tree for them.

A derived default is `function(answers, item, path, lang)`: `item` is the group item the
question belongs to (a dict; {} at the top level), `path` the question's answers path. The
walker also calls it with the item as it was before an edit, to tell a value it proposed
from one the user typed (a proposed unit follows its metric when the metric changes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.answers import paths
from generator.answers.load import plain
from generator.answers.model import Answers
from generator.locales import lookup, t
from generator.planning import checklist, defaults, kinds, team
from generator.planning.proposal import default_windows, deliverable_for
from generator.planning.proposal import propose_schedule as scheduled
from generator.planning.scheduling import PHASE_ORDER


def suggestions(name: str | None, answers: Any, lang: str) -> list[str]:
    """Suggested typed values for a question (`suggest: metrics`)."""
    return SUGGESTIONS[name](answers, lang) if name else []


def propose(name: str | None, answers: Any, lang: str) -> list[dict]:
    """The proposed items of a repeated group (`propose: phases` / `propose: schedule`)."""
    return PROPOSALS[name](answers, lang) if name else []


def picks(name: str | None, answers: Any, lang: str) -> list[str]:
    """The pick list of a repeated group (`pick: channels`): titles of common items."""
    return PICKS[name](answers, lang) if name else []


def derived(name: str, answers: Any, item: Any, path: paths.Path, lang: str) -> Any:
    """The derived default `name` (`@unit`) for the question at `path` in `item`."""
    return DERIVED_DEFAULTS[name](answers, item if isinstance(item, dict) else {}, path, lang)


def suggest_metrics(answers: Any, lang: str) -> list[str]:
    """The metrics that suit the campaign's purpose."""
    purpose = str(paths.get(answers, ("campaign", "purpose"), "") or "")
    return list(lookup("suggested_metrics", lang).get(purpose, []))


def default_currency(answers: Any, item: Any, path: paths.Path, lang: str) -> str:
    """The currency of the session's language (CNY for zh, USD for en)."""
    return t("meta.currency", lang=lang)


def metric_kind(answers: Any, item: dict, path: paths.Path, lang: str) -> str:
    """The kind the key result being asked suggests by its metric and unit (kinds.py)."""
    return kinds.infer_kind(str(item.get("metric") or ""), item.get("unit"))


def default_unit(answers: Any, item: dict, path: paths.Path, lang: str) -> str | None:
    """A key result's unit from its metric (新增注册用户数 → 人, GMV → 元)."""
    currency = paths.get(answers, ("campaign", "currency"), None)
    return defaults.unit_for(item.get("metric"), lang, currency)


def default_kind(answers: Any, item: dict, path: paths.Path, lang: str) -> str | None:
    """A channel's, material's or development item's kind from its name."""
    return defaults.kind_for(str(path[0]), item.get("name") or item.get("item"), lang)


def default_due(answers: Any, item: dict, path: paths.Path, lang: str) -> dt.date | None:
    """A material's or development item's due date from the phases."""
    windows = campaign_windows(answers)
    if path[0] == "materials":
        return defaults.material_due(windows, item.get("kind"))
    return defaults.development_due(windows, item.get("kind"))


def default_deliverable(answers: Any, item: dict, path: paths.Path, lang: str) -> str | None:
    """A schedule task's deliverable: the one the standard schedule gives a task of its name."""
    model = _model(answers)
    return deliverable_for(model, item.get("task")) if model else None


def default_from_common_risk(answers: Any, item: dict, path: paths.Path,
                             lang: str) -> str | None:
    """Likelihood, impact or mitigation of a common risk (as its pick list offers it)."""
    risk = defaults.risk_named(item.get("risk"), lang)
    return risk.get(str(path[-1])) if risk else None


def campaign_windows(answers: Any) -> dict[str, tuple[dt.date, dt.date]]:
    """The phase windows so far: the answered phases, else the default around the dates."""
    dates = _dates(answers)
    windows = dict(default_windows(*dates)) if dates else {}
    for phase in paths.get(answers, ("phases",), None) or []:
        if isinstance(phase, dict) and isinstance(phase.get("start"), dt.date) and \
                isinstance(phase.get("end"), dt.date) and phase.get("phase") in PHASE_ORDER:
            windows[phase["phase"]] = (phase["start"], phase["end"])
    return windows


def _dates(answers: Any) -> tuple[dt.date, dt.date] | None:
    start = paths.get(answers, ("campaign", "start"), None)
    end = paths.get(answers, ("campaign", "end"), None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return start, end
    return None


def _model(answers: Any) -> Answers | None:
    """The answers so far as a model, or None while they do not validate yet."""
    if not _dates(answers):
        return None
    try:
        return Answers.model_validate(plain(answers))
    except ValueError:  # pydantic's ValidationError is a ValueError
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
    model = _model(answers)
    if model is None:
        return []
    return [{k: v for k, v in task.items() if v not in (None, [], False) or k == "task"}
            for task in scheduled(model)]


def propose_raci(answers: Any, lang: str = "") -> list[dict]:
    """The RACI by workstream, owners from the schedule's (planning/team.py)."""
    model = _model(answers)
    return team.propose_raci(model) if model else []


def propose_rhythm(answers: Any, lang: str = "") -> list[dict]:
    """The weekly meeting and the launch's daily report, from the phases (planning/team.py)."""
    model = _model(answers)
    return team.propose_rhythm(model) if model else []


def propose_checklist(answers: Any, lang: str = "") -> list[dict]:
    """The go-live checks the campaign needs, with owners and due dates (planning/checklist.py)."""
    model = _model(answers)
    return checklist.propose_checklist(model) if model else []


def pick_channels(answers: Any, lang: str) -> list[str]:
    """Channels campaigns of this purpose usually use."""
    return defaults.common_channels(paths.get(answers, ("campaign", "purpose"), None), lang)


def pick_risks(answers: Any, lang: str) -> list[str]:
    """Risks most campaigns share."""
    return [risk["risk"] for risk in defaults.common_risks(lang)]


def pick_cost_kinds(answers: Any, lang: str) -> list[str]:
    """The review's cost kinds (the fill-in workbook lists the same rows)."""
    return defaults.cost_kinds(lang)


SUGGESTIONS = {"metrics": suggest_metrics}
PROPOSALS = {"phases": propose_phases, "schedule": propose_schedule, "raci": propose_raci,
             "rhythm": propose_rhythm, "checklist": propose_checklist}
PICKS = {"channels": pick_channels, "risks": pick_risks, "cost_kinds": pick_cost_kinds}
# A derived default is `function(answers, item, path, lang)` (see the module's docstring).
DERIVED_DEFAULTS = {"@currency": default_currency, "@unit": default_unit,
                    "@metric_kind": metric_kind, "@kind": default_kind, "@due": default_due,
                    "@deliverable": default_deliverable, "@risk": default_from_common_risk}
