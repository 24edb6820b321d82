"""What the plan workbook shows: every sheet's values, and what the tool proposes.

The answers tree says what the user wrote (its keys); the validated model, when there is
one, gives each value as the model reads it (`"2万"` -> 20000). Where the answers say
nothing but the tool has a proposal, the cell shows the proposal and is marked proposed:
- a key result's deadline (the campaign end), unit (from its metric, planning/defaults.py)
  and kind (inferred from metric and unit);
- the currency (the language's) and the documents' language (the default);
- each phase the answers do not give (the standard windows around the campaign dates);
- the whole schedule when the answers have none (planning/proposal.py).
`proposals` records each of them as it was proposed, so an import can tell a proposal the
team left alone (not written: it keeps following its sources) from a value they changed.
A unit nothing derives later (`kept`) is written when left alone, and recorded as proposed,
as the questionnaire does when its proposed unit is taken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.answers import paths, proposed
from generator.answers.load import dumps_answers
from generator.locales import DEFAULT_LANG, t
from generator.planning import defaults, kinds
from generator.planning.proposal import default_windows, propose_schedule
from generator.planning.scheduling import PHASE_ORDER
from generator.views import View

KR_FIELDS = ("metric", "baseline", "target", "unit", "kind", "deadline")
TASK_FIELDS = ("id", "task", "phase", "owner", "start", "end", "deliverable", "depends_on",
               "milestone")


@dataclass
class Row:
    """One table row: its values by field key, and which of them the tool proposed."""

    values: dict[str, Any]
    proposed: set[str] = field(default_factory=set)
    path: tuple = ()  # where the record is in the answers (none for a proposed row)


def build_plan_workbook_view(tree: Any, answers: Any, lang: str) -> View:
    """The workbook's content for an answers `tree` (plain or round-trip; may be partial,
    as a blank workbook's presets are) and its validated `answers` model (or None)."""
    values = _typed(tree, answers)
    proposals: list[dict] = []
    recorded = _recorded(values)
    if recorded:
        # NOTE: as YAML text, which keeps dates dates (JSON would make them text)
        section = {proposed.SECTION: paths.to_tree(values.get(proposed.SECTION))}
        proposals.append({"kind": "records", "yaml": dumps_answers(paths.to_tree(section))})
    context = {
        "lang": lang,
        "theme": paths.get(values, ("campaign", "theme"), None),
        "start": _date(paths.get(values, ("campaign", "start"), None)),
        "end": _date(paths.get(values, ("campaign", "end"), None)),
        "values": values,
        "form_proposed": _form_proposals(values, proposals),
        "recorded": recorded,
        "rows": {
            "goals": _goals(values, proposals, lang),
            "audience": _records(values, "audience.segments"),
            "rules": [Row({"": text}, path=("rules", n))
                      for n, text in enumerate(values.get("rules") or [])],
            "flow": [Row({"": text}, path=("flow", n))
                     for n, text in enumerate(values.get("flow") or [])],
            "phases": _phases(values, proposals),
            "channels": _records(values, "channels"),
            "budget": _records(values, "budget.lines"),
            "materials": _records(values, "materials"),
            "development": _records(values, "development"),
            "schedule": _schedule(values, answers, proposals),
            "risks": _records(values, "risks"),
            "team": _records(values, "team.raci"),
            "rhythm": _records(values, "team.rhythm"),
            "checklist": _records(values, "checklist"),
            "signoff": _records(values, "approvers"),
        },
        "proposals": proposals,
    }
    for rows in context["rows"].values():
        for row in rows:
            row.proposed |= {k for k in row.values
                             if paths.dotted(row.path + ((k,) if k else ())) in recorded}
    return View(context)


def _recorded(values: dict) -> set[str]:
    """Every value the answers file's `proposed:` section still records as the tool's
    (answers/proposed.py): it is shown as proposed too. Dotted paths."""
    if not proposed.has_records(values):
        return set()
    found = set()

    def walk(node: Any, path: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path + (key,))
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, path + (n,))
        elif path and proposed.is_proposed(values, path):
            found.add(paths.dotted(path))

    walk({k: v for k, v in values.items() if k != proposed.SECTION}, ())
    return found


def _typed(tree: Any, answers: Any) -> dict:
    """The tree's keys with the model's values: what the user wrote, as the model reads it."""
    plain = paths.plain(tree) if tree is not None else {}
    if answers is None:
        return plain
    values = _overlay(plain, answers.model_dump(by_alias=True))
    # NOTE: a unit typed with a number (`target: "18%"`) is the user's too: the model moved
    # it into `unit`, and the number alone (18) would lose it.
    for o, objective in enumerate(answers.objectives):
        for k, kr in enumerate(objective.key_results):
            written = paths.get(values, ("objectives", o, "key_results", k), None)
            if isinstance(written, dict) and written.get("unit") is None and kr.unit:
                written["unit"] = kr.unit
    if answers.campaign.currency and not paths.get(values, ("campaign", "currency"), None) \
            and answers.campaign.currency != t("meta.currency", lang=answers.lang):
        values.setdefault("campaign", {})["currency"] = answers.campaign.currency  # `$20,000`
    return values


def _overlay(written: Any, read: Any) -> Any:
    """`read` where `written` has a value, following `written`'s shape."""
    if isinstance(written, dict) and isinstance(read, dict):
        return {k: _overlay(v, read.get(k, v)) for k, v in written.items()}
    if isinstance(written, list) and isinstance(read, list) and len(written) == len(read):
        return [_overlay(w, r) for w, r in zip(written, read, strict=True)]
    return written if read is None else read


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _form_proposals(values: dict, proposals: list) -> dict[str, Any]:
    """Form fields the answers leave empty that the model fills: the currency of the
    language, and the language itself. By answers path."""
    found = {}
    # NOTE: the model's defaults: a file without `lang:` is Chinese, whatever the workbook's
    # language, and its currency is that language's.
    lang = values.get("lang") or DEFAULT_LANG
    for path, proposal in (("campaign.currency", t("meta.currency", lang=lang)),
                           ("lang", lang)):
        if paths.get(values, path, None) in (None, ""):
            found[path] = proposal
            proposals.append({"kind": "value", "path": path, "value": proposal})
    return found


def _records(values: dict, path: str) -> list[Row]:
    """The records of a list as rows (fields as written, typed)."""
    items = paths.get(values, path, None) or []
    return [Row(dict(item), path=paths.parse(path) + (n,))
            for n, item in enumerate(items) if isinstance(item, dict)]


def _goals(values: dict, proposals: list, lang: str) -> list[Row]:
    """One row per key result (an objective without any: one row with the objective alone);
    a missing deadline, unit or kind shows the one the tool would use, marked proposed."""
    end = _date(paths.get(values, ("campaign", "end"), None))
    currency = paths.get(values, ("campaign", "currency"), None)
    rows = []
    for o, objective in enumerate(values.get("objectives") or []):
        if not isinstance(objective, dict):
            continue
        name = objective.get("objective")
        krs = [kr for kr in objective.get("key_results") or [] if isinstance(kr, dict)]
        if not krs:
            rows.append(Row({"objective": name}, path=("objectives", o)))
        for n, kr in enumerate(krs):
            row = Row({"objective": name, **{k: kr.get(k) for k in KR_FIELDS}},
                      path=("objectives", o, "key_results", n))
            proposed = {}
            if kr.get("deadline") is None and end is not None:
                proposed["deadline"] = end
            if kr.get("unit") is None and kr.get("metric"):
                unit = defaults.unit_for(kr["metric"], lang, currency)
                if unit:
                    proposed["unit"] = unit
            if kr.get("kind") is None and kr.get("metric"):
                unit = kr.get("unit") or proposed.get("unit")
                proposed["kind"] = kinds.infer_kind(str(kr["metric"]), unit)
            if proposed:
                row.values.update(proposed)
                row.proposed = set(proposed)
                proposals.append({"kind": "kr", "objective": name, "metric": kr.get("metric"),
                                  "value": proposed, "kept": ["unit"] if "unit" in proposed
                                  else []})
            rows.append(row)
    return rows


def _phases(values: dict, proposals: list) -> list[Row]:
    """The phases given, and the standard window of each phase not given (when the
    campaign dates are known), in phase order."""
    given = [p for p in values.get("phases") or [] if isinstance(p, dict)]
    start = _date(paths.get(values, ("campaign", "start"), None))
    end = _date(paths.get(values, ("campaign", "end"), None))
    rows = [Row(dict(p), path=("phases", n)) for n, p in enumerate(given)]
    if start and end and start <= end:
        named = {p.get("phase") for p in given}
        for name, (first, last) in default_windows(start, end).items():
            if name not in named:
                phase = {"phase": name, "start": first, "end": last}
                rows.append(Row(phase, set(phase)))
                proposals.append({"kind": "row", "path": "phases", "value": phase})
    named = {row.values.get("phase") for row in rows}
    rows += [Row({"phase": name}) for name in PHASE_ORDER if name not in named]  # to fill in
    order = {name: n for n, name in enumerate(PHASE_ORDER)}
    return sorted(rows, key=lambda row: order.get(row.values.get("phase"), len(order)))


def _schedule(values: dict, answers: Any, proposals: list) -> list[Row]:
    """The schedule given, else the standard one proposed from the answers (a model is
    needed: a blank workbook gets one once its presets make a whole, valid plan)."""
    given = values.get("schedule") or []
    if given or answers is None:
        # NOTE: 否 shown for a task that is no milestone, so every record says it
        return [Row({"milestone": False, **task}, path=("schedule", n))
                for n, task in enumerate(given) if isinstance(task, dict)]
    tasks = [{k: v for k, v in task.items() if v not in (None, [], False)}
             for task in propose_schedule(answers)]
    if tasks:
        proposals.append({"kind": "group", "path": "schedule", "value": tasks})
    return [Row({"milestone": False, **task}, set(TASK_FIELDS)) for task in tasks]
