"""Team and rhythm (issue 16): the RACI table by workstream and the reporting rhythm, proposed.

Pure proposals from an `Answers` model, as `proposal.py`'s schedule is:

- Each task of the schedule (the answers', else the proposed standard one) belongs to at
  most one workstream: the one whose channel, material or development item it names (a
  tracking item is data work), else the first whose words (catalogue
  `proposals.workstreams`, the specific ones first) it holds. Planning, go-live and review
  milestones belong to none: they are the campaign owner's.
- A workstream's R are the owners of its tasks, most tasks first (ties in schedule order);
  its A is the first of them, the one who owns most of its work; the campaign owner is C
  where they are neither; I are the owners of other tasks that depend on the workstream's
  (they need to hear when it slips). Customer service is always proposed (every campaign
  gets questions; with no task of its own its A is the campaign owner).
- The rhythm: a weekly meeting from planning to the end of the launch, chaired by the
  campaign owner with the workstream leads, and a daily data report during the launch,
  written by the data lead and sent to the owner and the leads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.locales import DEFAULT_LANG, lookup
from generator.planning.defaults import mentions
from generator.planning.proposal import propose_schedule, schedule_windows
from generator.planning.scheduling import key_of

WORKSTREAMS = ("channels", "materials", "development", "data", "service")
# Words are tried in this order: "数据埋点" is data work before it is development.
WORD_ORDER = ("service", "data", "development", "materials", "channels")
ALWAYS = ("service",)
# How several names may be typed in one cell ("张三、李四"): each is one person.
NAME_SEPARATORS = re.compile(r"\s*[、,，;；/]\s*|\s+(?:and|&)\s+")


@dataclass(frozen=True)
class Work:
    """A schedule task as the proposals see it."""

    id: str | None
    task: str
    owner: str | None
    depends_on: tuple[str, ...]


def lang_of(answers: Any) -> str:
    """The answers' language (the proposals' words are in it)."""
    return key_of(getattr(answers, "lang", None)) or DEFAULT_LANG


def people(names: Any) -> list[str]:
    """The people a list of names holds, one per name, split where one item holds several."""
    found: list[str] = []
    for name in names or []:
        for one in NAME_SEPARATORS.split(str(name or "").strip()):
            if one and one not in found:
                found.append(one)
    return found


def schedule_work(answers: Any) -> list[Work]:
    """The tasks the team works on: the answers' schedule, else the proposed one."""
    tasks = list(answers.schedule or []) or propose_schedule(answers)
    return [Work(_get(task, "id"), str(_get(task, "task") or ""), _get(task, "owner") or None,
                 tuple(_get(task, "depends_on") or ())) for task in tasks]


def _get(task: Any, name: str) -> Any:
    return task.get(name) if isinstance(task, dict) else getattr(task, name, None)


def workstream_of(task: str, answers: Any) -> str | None:
    """The workstream a task belongs to (see the module docstring), None for none."""
    text = str(task or "")
    for item in answers.development or []:
        if item.item and item.item in text:
            return "data" if key_of(item.kind) == "tracking" else "development"
    for group, items in (("channels", answers.channels), ("materials", answers.materials)):
        if any(item.name and item.name in text for item in items or []):
            return group
    words = lookup("proposals.workstreams", lang_of(answers))
    return next((ws for ws in WORD_ORDER if mentions(text, words.get(ws, []))), None)


def propose_raci(answers: Any) -> list[dict]:
    """The proposed RACI rows, one per workstream with work (and customer service)."""
    work = schedule_work(answers)
    streams = {w.id or w.task: workstream_of(w.task, answers) for w in work}
    owner = answers.campaign.owner
    rows = []
    for ws in WORKSTREAMS:
        mine = [w for w in work if streams[w.id or w.task] == ws]
        if not mine and ws not in ALWAYS:
            continue
        responsible = _by_count(w.owner for w in mine)
        accountable = responsible[:1] or [owner]
        consulted = [] if owner in responsible + accountable else [owner]
        informed = _dependants(work, streams, mine, set(responsible + accountable + consulted))
        rows.append({"workstream": ws, "responsible": responsible, "accountable": accountable,
                     "consulted": consulted, "informed": informed})
    return rows


def _by_count(owners: Any) -> list[str]:
    """Distinct owners, the one with most tasks first; ties keep the order they came in."""
    counts = Counter(o for o in owners if o)
    order = list(counts)
    return sorted(order, key=lambda o: (-counts[o], order.index(o)))


def _dependants(work: list[Work], streams: dict, mine: list[Work], known: set[str]) -> list[str]:
    """Owners of other workstreams' tasks that depend on one of `mine` (not already named)."""
    ids = {w.id for w in mine if w.id}
    found: list[str] = []
    for w in work:
        if w in mine or not w.owner or w.owner in known or w.owner in found:
            continue
        if ids.intersection(w.depends_on):
            found.append(w.owner)
    return found


def raci_rows(answers: Any) -> list[dict]:
    """The RACI rows the other proposals build on: the answers' own, else the proposal."""
    team = answers.team
    if team is not None and team.raci:
        return [{"workstream": key_of(r.workstream), "responsible": people(r.responsible),
                 "accountable": people(r.accountable), "consulted": people(r.consulted),
                 "informed": people(r.informed)} for r in team.raci]
    return propose_raci(answers)


def lead_of(answers: Any, *workstreams: str, rows: list[dict] | None = None) -> str:
    """The A of the first of `workstreams` that has one, else the campaign owner."""
    rows = raci_rows(answers) if rows is None else rows
    for ws in workstreams:
        for row in rows:
            if row["workstream"] == ws and row["accountable"]:
                return row["accountable"][0]
    return answers.campaign.owner


def propose_rhythm(answers: Any) -> list[dict]:
    """The proposed reporting rhythm: a weekly meeting and the launch's daily data report."""
    lang, owner = lang_of(answers), answers.campaign.owner
    windows = schedule_windows(answers)
    rows = raci_rows(answers)
    leads = [p for row in rows for p in row["accountable"]]
    reporter = lead_of(answers, "data", rows=rows)
    words = lookup("proposals.rhythm", lang)
    return [
        _meeting(words["weekly"], "weekly", windows["planning"][0], windows["launch"][1],
                 owner, _unique(leads, without=owner)),
        _meeting(words["daily"], "daily", *windows["launch"], reporter,
                 _unique([owner, *leads], without=reporter)),
    ]


def _meeting(words: dict, cadence: str, start: dt.date, end: dt.date, owner: str,
             attendees: list[str]) -> dict:
    return {"meeting": words["meeting"], "cadence": cadence, "start": start, "end": end,
            "time": words["time"], "owner": owner, "attendees": attendees,
            "channel": words["channel"]}


def _unique(names: list[str], without: str) -> list[str]:
    found: list[str] = []
    for name in names:
        if name and name != without and name not in found:
            found.append(name)
    return found

