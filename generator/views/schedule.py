"""The schedule sheet's view: grouped tasks, phase ranges, the Gantt grid, workload.

Every figure the template, the XLSX writer and the ICS writer show is computed here, from
the answers' schedule or, when it is empty, from the proposed standard schedule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.locales import label, lookup, t
from generator.planning import scheduling as sch
from generator.planning.proposal import propose_schedule
from generator.views import View

DAY = dt.timedelta(days=1)
MAX_DAY_COLUMNS = 42  # longer than ~6 weeks: one Gantt column per week
MILESTONE_MARK = "◆"

def build_schedule_view(answers: Any, lang: str) -> View:
    """The schedule sheet's context: `sched` (tasks, groups, gantt, workload, ...)."""
    unassigned = t("schedule.workload.unassigned", lang=lang)
    windows = sch.phase_windows(answers)
    proposed = not answers.schedule
    items = propose_schedule(answers) if proposed else answers.schedule
    tasks = sch.normalise_tasks(items, windows)
    critical = sch.critical_path(tasks)
    for task in tasks:
        task["critical"] = task["id"] in critical
        task["phase_label"] = phase_label(lang, task["phase"])
        task["owner_label"] = task["owner"] or unassigned
    groups = phase_groups(tasks, windows, lang)
    ordered = [t for g in groups for t in g["tasks"]]
    campaign = answers.campaign
    sched = {
        "proposed": proposed,
        "theme": campaign.theme,
        "owner": campaign.owner,
        "slug": answers.slug,
        "lang": lang,
        "campaign_start": campaign.start,
        "campaign_end": campaign.end,
        "groups": groups,
        "tasks": ordered,
        "milestones": [t for t in ordered if t["milestone"]],
        "critical": [_by_id(tasks, i) for i in sch.critical_chain(tasks, critical)],
        "workload": workload_rows(tasks, lang),
        "problems": schedule_problems(tasks, windows, lang),
        "gantt": gantt_grid(ordered, campaign.start, campaign.end, lang),
        "checklist": [{**item.model_dump(), "late": bool(item.due and item.due >= campaign.start)}
                      for item in answers.checklist],
    }
    sched["span_start"] = min([t["start"] for t in tasks] + [campaign.start])
    sched["span_end"] = max([t["end"] for t in tasks] + [campaign.end])
    sched["span_days"] = sch.days_between(sched["span_start"], sched["span_end"])
    return View(context={"sched": sched})


def phase_label(lang: str, phase: str | None) -> str:
    """Display name of a phase key in the document language."""
    return label("phase", phase, lang) if phase else "—"


def _by_id(tasks: list[dict], task_id: str) -> dict:
    return next(t for t in tasks if t["id"] == task_id)


def phase_groups(tasks: list[dict], windows: dict, lang: str) -> list[dict]:
    """Tasks grouped by phase in phase order, each group in date order, with its range."""
    position = {id(t): i for i, t in enumerate(tasks)}
    keys = list(windows) + sorted({t["phase"] for t in tasks} - set(windows),
                                  key=lambda k: str(k))
    groups = []
    for key in keys:
        members = sorted((t for t in tasks if t["phase"] == key),
                         key=lambda t: (t["start"], t["end"], position[id(t)]))
        start, end = windows.get(key) or (None, None)
        if members and start is None:
            start, end = members[0]["start"], max(t["end"] for t in members)
        if not members and start is None:
            continue
        groups.append({
            "key": key, "label": phase_label(lang, key), "start": start, "end": end,
            "days": sch.days_between(start, end), "tasks": members,
            "task_count": len(members),
            "milestones": sum(1 for t in members if t["milestone"]),
        })
    return groups


def workload_rows(tasks: list[dict], lang: str) -> list[dict]:
    """Per-owner rows with the overlap pairs also as short text (`T3/T5, T4/T9`)."""
    rows = sch.workload(tasks, unassigned=t("schedule.workload.unassigned", lang=lang))
    for row in rows:
        pairs = [f"{a}/{b}" for a, b in row["overlaps"]]
        text = ", ".join(pairs[:6])
        if len(pairs) > 6:
            text += " " + t("schedule.workload.and_more", lang=lang, n=len(pairs))
        row["overlap_text"] = text
        row["overlap_count"] = len(pairs)
    return rows


def schedule_problems(tasks: list[dict], windows: dict, lang: str) -> list[str]:
    """Dependency-order and phase findings as sentences in the document's language."""
    found = [t("schedule.problems.dependency", lang=lang, id=task["id"], start=task["start"],
               dep=dep["id"], dep_end=dep["end"])
             for _, task, dep in sch.dependency_violations(tasks)]
    found += [t("schedule.problems.phase", lang=lang, id=task["id"], start=task["start"],
                end=task["end"], phase=task["phase_label"], p_start=w[0], p_end=w[1])
              for _, task, w in sch.phase_violations(tasks, windows)]
    return found


# --- the Gantt grid ------------------------------------------------------------------------


def gantt_columns(start: dt.date, end: dt.date, c_start: dt.date,
                  c_end: dt.date) -> tuple[str, list[dict]]:
    """("day" | "week", columns) spanning start..end; `edge` marks campaign start and end.

    A column's label is its day of the month (a week's Monday): one or two digits fit a
    narrow column on one line; the month stands above, in `gantt_months`.
    """
    span = sch.days_between(start, end)
    unit = "day" if span <= MAX_DAY_COLUMNS else "week"
    columns = []
    if unit == "day":
        for i in range(span):
            day = start + i * DAY
            columns.append({"start": day, "end": day, "label": str(day.day)})
    else:
        week = start - start.weekday() * DAY  # weeks start on Monday
        while week <= end:
            columns.append({"start": week, "end": week + 6 * DAY, "label": str(week.day)})
            week += 7 * DAY
    for col in columns:
        col["edge"] = (col["start"] <= c_start <= col["end"]) or (col["start"] <= c_end <= col["end"])
        col["cls"] = "edge" if col["edge"] else ""
    return unit, columns


def gantt_months(columns: list[dict], lang: str) -> list[dict]:
    """The header row above the day columns: each month's name over its columns."""
    names = lookup("schedule.gantt.months", lang)
    months: list[dict] = []
    for col in columns:
        key = (col["start"].year, col["start"].month)
        if months and months[-1]["key"] == key:
            months[-1]["span"] += 1
        else:
            months.append({"key": key, "label": names[str(key[1])], "span": 1})
    return months


def gantt_cells(task: dict, columns: list[dict]) -> list[dict]:
    """One task's row: a bar over its days (red on the critical path), and a milestone's
    diamond once, on the day it falls due (its last day)."""
    cells = []
    for col in columns:
        classes, text = [], ""
        if task["start"] <= col["end"] and task["end"] >= col["start"]:
            if task["milestone"] and col["start"] <= task["end"] <= col["end"]:
                classes, text = ["ms"], MILESTONE_MARK
            else:
                classes = ["on", "crit"] if task["critical"] else ["on"]
        if col["edge"]:
            classes.append("edge")
        cells.append({"cls": " ".join(classes), "text": text})
    return cells


def gantt_grid(tasks: list[dict], c_start: dt.date, c_end: dt.date, lang: str) -> dict:
    """Columns (with the months above them) plus, per task, one cell per column with its
    classes (`on crit edge`, `ms`)."""
    start = min([t["start"] for t in tasks] + [c_start])
    end = max([t["end"] for t in tasks] + [c_end])
    unit, columns = gantt_columns(start, end, c_start, c_end)
    rows = [{"id": task["id"], "task": task["task"], "critical": task["critical"],
             "milestone": task["milestone"], "cells": gantt_cells(task, columns)}
            for task in tasks]
    return {"unit": unit, "columns": columns, "months": gantt_months(columns, lang),
            "rows": rows, "start": start, "end": end}
