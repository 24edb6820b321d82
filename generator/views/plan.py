"""The plan (活动策划方案) view: every figure the plan shows, computed from the answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator import figures
from generator.answers.numbers import is_percent_unit
from generator.locales import lookup, t
from generator.planning import budget as budget_lines
from generator.planning import kinds, scheduling
from generator.planning.metrics import ratio
from generator.planning.proposal import propose_schedule
from generator.planning.team import people
from generator.planning.scheduling import days_between
from generator.views import View

LEVEL_SCORE = {"low": 1, "medium": 2, "high": 3}
AMBITIOUS_UPLIFT = 0.5  # above +50% vs baseline a target needs a resource check (SMART: A)
UNREALISTIC_UPLIFT = 1.0


def smart_checks(kr: Any, campaign: Any, lang: str) -> list[dict[str, Any]]:
    """The five SMART letters for one key result: each ok (bool) and a short note."""
    kind = kinds.kind_of(kr)
    gap = None if kr.baseline is None else kr.target - kr.baseline
    if gap is not None and kinds.lower_is_better(kind):
        gap = -gap  # a cost is improved by lowering it
    uplift = ratio(gap, kr.baseline)
    # domain.md: tied to the business is enough ("weakly is fine, unrelated is not").
    fit = kinds.fits_purpose(kr.metric, campaign.purpose)
    direct, relevant = fit == "direct", fit is not None
    in_time = kr.deadline is not None and campaign.start <= kr.deadline <= campaign.end + \
        dt.timedelta(days=30)
    ambitious = uplift is not None and uplift > AMBITIOUS_UPLIFT
    # (letter, ok, the note's key when ok, when not) under `plan.smart` in the catalogue
    checks = [
        # an index or a score (a level) has no unit to name
        ("S", bool(kr.unit) or kind == "level",
         "unit_named" if kr.unit else "no_unit_needed", "no_unit"),
        ("M", kr.baseline is not None, "has_baseline", "no_baseline"),
        ("A", uplift is None or uplift <= UNREALISTIC_UPLIFT,
         "stretch" if ambitious else "achievable", "too_far"),
        ("R", relevant, "direct" if direct else "indirect", "unclear"),
        ("T", in_time, "in_time", "late"),
    ]
    return [{"letter": letter, "name": t(f"plan.smart.{letter.lower()}", lang=lang), "ok": ok,
             "note": t(f"plan.smart.{good if ok else bad}", lang=lang)}
            for letter, ok, good, bad in checks]


def smart_attention(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The key results a SMART letter failed, each with only those letters: a table of
    ticks says nothing, what needs attention does."""
    return [{**row, "issues": [s for s in row["smart"] if not s["ok"]]}
            for row in rows if not all(s["ok"] for s in row["smart"])]


def key_result_rows(answers: Any, lang: str) -> list[dict[str, Any]]:
    """Objectives flattened to KR rows with kind, uplift vs baseline and the SMART check.

    A rate's uplift is in percentage points (12 -> 20 % is +8.0 points), so its relative
    change is not shown; a cost's uplift is negative when it is an improvement.
    """
    rows = []
    currency = answers.campaign.currency
    for o_index, objective in enumerate(answers.objectives, start=1):
        for k_index, kr in enumerate(objective.key_results, start=1):
            kind = kinds.kind_of(kr)
            gap = None if kr.baseline is None else kr.target - kr.baseline
            rows.append({
                "code": t("format.kr_code", lang=lang, o=o_index, k=k_index),
                "objective_code": t("format.objective_code", lang=lang, o=o_index),
                "objective": objective.objective,
                "metric": kr.metric, "unit": kr.unit or "", "unit_suffix": unit_suffix(kr.unit),
                "kind": kind, "kind_text": t(f"labels.metric_kind.{kind}", lang=lang),
                "digits": figures.kr_digits(kind, (kr.baseline, kr.target), currency),
                "baseline": kr.baseline,
                "target": kr.target, "uplift": gap,
                "uplift_ratio": None if kind == "rate" else ratio(gap, kr.baseline),
                "deadline": kr.deadline, "smart": smart_checks(kr, answers.campaign, lang),
            })
    return rows


def phase_rows(answers: Any, lang: str) -> list[dict[str, Any]]:
    """The four phases with their windows, lengths and focus (domain.md)."""
    return [{"phase": p.phase, "start": p.start, "end": p.end, "days": days_between(p.start, p.end),
             "focus": phase_focus(p.phase, lang)}
            for p in answers.effective_phases()]


def phase_focus(phase: Any, lang: str) -> str:
    """What a phase is about (domain.md's four phases), in the document language."""
    focus = lookup("plan.phases.focus_of", lang)
    return focus.get(str(getattr(phase, "value", phase)), "")


def channel_rows(answers: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Channels with budget share and expected cost per conversion, plus totals."""
    total_budget = answers.campaign.budget
    rows = []
    for ch in answers.channels:
        rows.append({
            "name": ch.name, "kind": ch.kind, "process": ch.process, "owner": ch.owner,
            "start": ch.start, "end": ch.end, "budget": ch.budget,
            "share": ratio(ch.budget, total_budget),
            "reach": ch.expected_reach, "conversions": ch.expected_conversions,
            "cpa": ratio(ch.budget, ch.expected_conversions),
        })
    totals = {
        "budget": sum(r["budget"] or 0 for r in rows),
        "reach": sum(r["reach"] or 0 for r in rows),
        "conversions": sum(r["conversions"] or 0 for r in rows),
    }
    totals["share"] = ratio(totals["budget"], total_budget)
    totals["cpa"] = ratio(totals["budget"], totals["conversions"])
    return rows, totals


def budget_rollup(answers: Any, channel_total: float) -> dict[str, Any] | None:
    """Channels vs the rest of the budget; None when no budget was given."""
    total = answers.campaign.budget
    if total is None:
        return None
    other = total - channel_total
    return {"total": total, "channels": channel_total, "other": max(other, 0),
            "over": max(-other, 0), "channels_share": ratio(channel_total, total),
            "other_share": ratio(max(other, 0), total)}


def risk_rows(answers: Any) -> list[dict[str, Any]]:
    """Risks scored likelihood × impact (1–9), highest first."""
    rows = []
    for risk in answers.risks:
        likelihood = getattr(risk.likelihood, "value", risk.likelihood)
        impact = getattr(risk.impact, "value", risk.impact)
        score = LEVEL_SCORE.get(likelihood, 0) * LEVEL_SCORE.get(impact, 0)
        rows.append({"risk": risk.risk, "likelihood": likelihood, "impact": impact,
                     "score": score or None, "mitigation": risk.mitigation,
                     "level": "high" if score >= 6 else "medium" if score >= 3 else "low"})
    return sorted(rows, key=lambda r: -(r["score"] or 0))


def schedule_summary(answers: Any) -> dict[str, Any]:
    """Tasks per phase and the milestones, for the plan's schedule chapter.

    Tasks go through `scheduling.normalise_tasks`, as in the schedule sheet, so a task with
    no dates or phase is placed the same way in both documents.
    """
    proposed = not answers.schedule
    windows = scheduling.phase_windows(answers)
    items = propose_schedule(answers) if proposed else answers.schedule
    tasks = scheduling.normalise_tasks(items, windows)
    per_phase = []
    for phase in windows:
        mine = [t for t in tasks if t["phase"] == phase]
        if mine:
            per_phase.append({"phase": phase, "start": min(t["start"] for t in mine),
                              "end": max(t["end"] for t in mine), "count": len(mine),
                              "owners": sorted({t["owner"] for t in mine if t["owner"]})})
    milestones = sorted((t for t in tasks if t["milestone"]), key=lambda t: t["end"])
    return {"count": len(tasks), "per_phase": per_phase, "milestones": milestones,
            "proposed": proposed}


def unit_suffix(unit: str | None) -> str:
    """What follows a number: " 人", "%" (no space before a percent sign), or nothing."""
    if not unit:
        return ""
    return "%" if is_percent_unit(unit) else f" {unit}"


ALERT = 0.8  # two days below 80 % of the pace (or of the target level) call for a look


def monitoring_rows(answers: Any, launch_days: int) -> list[dict[str, Any]]:
    """What is watched daily during launch, by each KR's kind:

    counts and amounts accumulate, so they get a daily pace (target ÷ launch days; people
    whole and rounded up) and alert below 80 % of it; rates and levels are compared with
    the target level and alert below 80 % of it; a cost has its target as a ceiling and
    alerts above it.
    """
    rows = []
    currency = answers.campaign.currency
    for kr in (kr for o in answers.objectives for kr in o.key_results):
        kind = kinds.kind_of(kr)
        digits = figures.kr_digits(kind, (kr.target,), currency)
        suffix = unit_suffix(kr.unit)
        if kinds.accumulates(kind):
            mode, watch = "pace", ratio(kr.target, launch_days)
            alert = None if watch is None else watch * ALERT
        elif kinds.lower_is_better(kind):
            mode, watch, alert = "ceiling", kr.target, kr.target
        else:
            mode, watch, alert = "level", kr.target, kr.target * ALERT
        rows.append({"metric": kr.metric, "unit_suffix": suffix, "kind": kind, "mode": mode,
                     "target": kr.target, "digits": digits, "watch": watch, "alert": alert})
    return rows


SUMMARY_CHANNELS = 3  # the boss's page names the channels that take the most budget
SUMMARY_MILESTONES = 6
SUMMARY_RISKS = 3


def plan_summary(channels: list[dict], risks: list[dict], phases: list[dict],
                 schedule: dict) -> dict[str, Any]:
    """What the first page (for the boss) picks out besides goals and key results: the
    channels with the biggest budgets, each phase with its milestones, the highest-scored
    risks."""
    funded = sorted((c for c in channels if c["budget"]), key=lambda c: -c["budget"])
    milestones = schedule["milestones"][:SUMMARY_MILESTONES]
    dates = [{**p, "milestones": [m for m in milestones if m["phase"] == p["phase"]]}
             for p in phases]
    return {"top_channels": funded[:SUMMARY_CHANNELS], "dates": dates,
            "risks": risks[:SUMMARY_RISKS]}


def team_view(answers: Any) -> dict[str, Any] | None:
    """The RACI rows (names split where one cell holds several) and the reporting rhythm;
    None when the answers have neither (the chapter is left out)."""
    team = answers.team
    if team is None or not (team.raci or team.rhythm):
        return None
    raci = [{"workstream": r.workstream, **{role: people(getattr(r, role)) for role in RACI}}
            for r in team.raci]
    rhythm = [m.model_dump() for m in team.rhythm]
    return {"raci": raci, "rhythm": rhythm}


RACI = ("responsible", "accountable", "consulted", "informed")


def checklist_view(answers: Any) -> dict[str, Any] | None:
    """The go-live checks, each marked `late` when due on or after the launch day; None
    when there are none (the chapter is left out)."""
    if not answers.checklist:
        return None
    launch = answers.campaign.start
    rows = [{**item.model_dump(), "late": bool(item.due and item.due >= launch)}
             for item in answers.checklist]
    return {"launch": launch, "rows": rows}


def build_plan_view(answers: Any, lang: str) -> View:
    """Everything the plan template shows."""
    campaign = answers.campaign
    channels, channel_totals = channel_rows(answers)
    launch_days = days_between(campaign.start, campaign.end)
    key_results = key_result_rows(answers, lang)
    phases = phase_rows(answers, lang)
    risks = risk_rows(answers)
    schedule = schedule_summary(answers)
    return View(context={
        "answers": answers,
        "days": launch_days,
        "key_results": key_results,
        "smart_attention": smart_attention(key_results),
        "objective_count": len(answers.objectives),
        "phases": phases,
        "channels": channels,
        "channel_totals": channel_totals,
        "budget": budget_rollup(answers, channel_totals["budget"]),
        "budget_lines": budget_lines.rollup(answers),
        "risks": risks,
        "schedule": schedule,
        "team": team_view(answers),
        "checklist": checklist_view(answers),
        "summary": plan_summary(channels, risks, phases, schedule),
        "monitoring": monitoring_rows(answers, launch_days),
        "funnel_watch": bool(answers.channels),
        "versions": [],  # the version table's rows, filled by `generate` (history.py)
    })
