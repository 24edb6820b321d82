"""Pure schedule logic: normalised tasks, dependency graph, critical path, workload, lint.

No I/O and no heavy imports: the view, the writers, the questionnaire and `checks.py` all
call into this module. A *task* here is a plain dict with the answers-file fields
(`id, task, phase, owner, start, end, deliverable, depends_on, milestone`), dates as
`datetime.date`. The proposed standard schedule is `planning.proposal.propose_schedule`,
which builds on this module (never the other way round).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from generator.errors import Problem
from generator.locales import Message, msg

PHASE_ORDER = ("planning", "warmup", "launch", "review")
TASK_FIELDS = ("id", "task", "phase", "owner", "start", "end", "deliverable", "depends_on",
               "milestone")


def key_of(value: Any) -> Any:
    """An enum member's value, or the value itself (phases may be str Enums or str)."""
    return getattr(value, "value", value)


def days_between(start: dt.date, end: dt.date) -> int:
    """Inclusive day count: a task from the 1st to the 3rd takes 3 days."""
    return (end - start).days + 1


def phase_windows(answers: Any) -> dict[str, tuple[dt.date, dt.date]]:
    """{"planning": (start, end), ...} from `answers.effective_phases()`, in phase order."""
    windows = {key_of(p.phase): (p.start, p.end) for p in answers.effective_phases()}
    return {k: windows[k] for k in sorted(windows, key=_phase_rank)}


def _phase_rank(phase: Any) -> int:
    key = key_of(phase)
    return PHASE_ORDER.index(key) if key in PHASE_ORDER else len(PHASE_ORDER)


def phase_of_date(day: dt.date, windows: dict[str, tuple[dt.date, dt.date]]) -> str | None:
    """The phase whose window holds `day`; else the nearest one (before the first: the first)."""
    if not windows:
        return None
    for name, (start, end) in windows.items():
        if start <= day <= end:
            return name
    names = list(windows)
    if day < windows[names[0]][0]:
        return names[0]
    earlier = [n for n in names if windows[n][1] < day]
    return earlier[-1] if earlier else names[-1]


# --- normalising the answers' schedule --------------------------------------------------


def normalise_tasks(items: Iterable[Any], windows: dict[str, tuple[dt.date, dt.date]],
                    default_owner: str | None = None) -> list[dict]:
    """Schedule items (model objects or dicts) as task dicts with an id, dates and a phase.

    Missing ids become T1, T2 ... (skipping ids already used); missing dates fall back to the
    phase window, and a missing phase is taken from the start date, so the view can always
    draw a bar. `inferred` lists which fields were filled in here.
    """
    raw = [_as_dict(item) for item in items]
    used = {str(t["id"]) for t in raw if t.get("id")}
    counter = 0
    tasks = []
    for item in raw:
        task = {f: item.get(f) for f in TASK_FIELDS}
        task["inferred"] = []
        if not task["id"]:
            counter += 1
            while f"T{counter}" in used:
                counter += 1
            task["id"] = f"T{counter}"
            task["inferred"].append("id")
            used.add(task["id"])
        task["id"] = str(task["id"])
        task["depends_on"] = [str(d) for d in (task["depends_on"] or [])]
        task["milestone"] = bool(task["milestone"])
        task["phase"] = key_of(task["phase"])
        _fill_dates(task, windows)
        task["owner"] = task["owner"] or None
        task["days"] = days_between(task["start"], task["end"])
        tasks.append(task)
    return tasks


def _as_dict(item: Any) -> dict:
    if isinstance(item, dict):
        return dict(item)
    if hasattr(item, "model_dump"):
        return item.model_dump()
    return {f: getattr(item, f, None) for f in TASK_FIELDS}


def _fill_dates(task: dict, windows: dict[str, tuple[dt.date, dt.date]]) -> None:
    """Give a task a start, an end (>= start) and a phase, noting what was inferred."""
    window = windows.get(task["phase"]) if task["phase"] else None
    if task["start"] is None:
        task["start"] = task["end"] or (window[0] if window else None)
        task["inferred"].append("start")
    if task["end"] is None:
        task["end"] = task["start"]
        task["inferred"].append("end")
    if task["start"] is None:  # neither dates nor a known phase: the first phase's start
        first = next(iter(windows.values()), (dt.date.today(), dt.date.today()))
        task["start"] = task["end"] = first[0]
    task["end"] = max(task["end"], task["start"])  # end < start: lint reports it, draw one day
    if not task["phase"]:
        task["phase"] = phase_of_date(task["start"], windows)
        task["inferred"].append("phase")


# --- dependency graph --------------------------------------------------------------------


def dependency_graph(tasks: Iterable[dict]) -> dict[str, list[str]]:
    """{task id: [ids it depends on that exist]}, unknown ids dropped (lint reports them)."""
    tasks = list(tasks)
    ids = {t["id"] for t in tasks}
    return {t["id"]: [d for d in t.get("depends_on") or [] if d in ids] for t in tasks}


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """One dependency cycle as ids [a, b, ..., a], or None. Iterative DFS (200+ tasks)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in graph:
        if state.get(root):
            continue
        path: list[str] = []
        stack = [(root, iter(graph.get(root, ())))]
        state[root] = 1
        path.append(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph.get(child, ()))))
    return None


def critical_path(tasks: list[dict]) -> set[str]:
    """Ids on the critical path: the dependency chain that drives the schedule's last day.

    From each task ending on the last day, walk back through its *driving* dependency
    (the one finishing last; ties: the longer task, then the earlier start) and keep the
    chain that reaches back to the earliest start; a longer chain wins a tie. Dated
    schedules carry slack and same-day hand-overs, so zero-float CPM would mark almost
    everything critical; the driving chain is the one a slip anywhere on it moves the end.
    """
    if not tasks:
        return set()
    by_id = {t["id"]: t for t in tasks}
    graph = dependency_graph(tasks)
    finish = max(t["end"] for t in tasks)
    best: list[str] = []
    for last in (t for t in tasks if t["end"] == finish):
        chain = _driving_chain(last["id"], graph, by_id)
        if not best or _chain_rank(chain, by_id) < _chain_rank(best, by_id):
            best = chain
    return set(best)


def _driving_chain(task_id: str, graph: dict[str, list[str]], by_id: dict) -> list[str]:
    """task_id, its driving dependency, that one's driving dependency ... (cycle-safe)."""
    chain, seen = [task_id], {task_id}
    while True:
        deps = [d for d in graph[chain[-1]] if d not in seen]
        if not deps:
            return chain
        driver = max(deps, key=lambda d: (by_id[d]["end"], by_id[d]["end"] - by_id[d]["start"],
                                          -by_id[d]["start"].toordinal()))
        chain.append(driver)
        seen.add(driver)


def _chain_rank(chain: list[str], by_id: dict) -> tuple:
    """Sort key: earliest first start, then the most tasks."""
    return (by_id[chain[-1]]["start"], -len(chain))


def critical_chain(tasks: list[dict], critical: set[str]) -> list[str]:
    """The critical tasks as one readable chain: date order (ties by id order in the file)."""
    position = {t["id"]: i for i, t in enumerate(tasks)}
    chosen = [t for t in tasks if t["id"] in critical]
    chosen.sort(key=lambda t: (t["start"], t["end"], position[t["id"]]))
    return [t["id"] for t in chosen]


# --- workload ----------------------------------------------------------------------------


def workload(tasks: list[dict], unassigned: str = "—") -> list[dict]:
    """Per owner: task count, task-days, busy days (calendar days with work) and overlaps.

    Overlaps are pairs of the owner's non-milestone tasks sharing at least one day; a
    milestone is an event, not work, so it never makes a clash.
    """
    owners: dict[str, list[dict]] = {}
    for task in tasks:
        owners.setdefault(task["owner"] or unassigned, []).append(task)
    rows = []
    for owner, own in owners.items():
        busy = set()
        for t in own:
            busy.update(t["start"] + dt.timedelta(days=i) for i in range(t["days"]))
        rows.append({
            "owner": owner,
            "tasks": len(own),
            "task_days": sum(t["days"] for t in own),
            "busy_days": len(busy),
            "overlaps": overlapping_pairs([t for t in own if not t["milestone"]]),
            "peak": _peak_parallel(own),
            "unassigned": owner == unassigned,
        })
    rows.sort(key=lambda r: (r["unassigned"], -r["task_days"], r["owner"]))
    return rows


def overlapping_pairs(tasks: list[dict]) -> list[tuple[str, str]]:
    """(id, id) for every two tasks whose date ranges share a day; sweep in start order."""
    ordered = sorted(tasks, key=lambda t: (t["start"], t["end"]))
    pairs = []
    active: list[dict] = []
    for task in ordered:
        active = [a for a in active if a["end"] >= task["start"]]
        pairs.extend((a["id"], task["id"]) for a in active)
        active.append(task)
    return pairs


def _peak_parallel(tasks: list[dict]) -> int:
    """Most non-milestone tasks running on one day."""
    events = []
    for t in tasks:
        if not t["milestone"]:
            events += [(t["start"], 1), (t["end"] + dt.timedelta(days=1), -1)]
    peak = running = 0
    for _, delta in sorted(events, key=lambda e: (e[0], e[1])):
        running += delta
        peak = max(peak, running)
    return peak


# --- checks ------------------------------------------------------------------------------


def dependency_violations(tasks: list[dict]) -> list[tuple[int, dict, dict]]:
    """(task index, task, dependency) where the task starts before its dependency ends.

    A same-day hand-over (start == the dependency's end) is allowed.
    """
    by_id = {t["id"]: t for t in tasks}
    found = []
    for index, task in enumerate(tasks):
        for dep_id in task["depends_on"]:
            dep = by_id.get(dep_id)
            if dep and dep is not task and task["start"] < dep["end"]:
                found.append((index, task, dep))
    return found


def phase_violations(tasks: list[dict], windows: dict) -> list[tuple[int, dict, tuple]]:
    """(task index, task, (phase start, phase end)) for tasks dated outside their phase."""
    found = []
    for index, task in enumerate(tasks):
        window = windows.get(task["phase"])
        if window and "phase" not in task["inferred"] and (
                task["start"] < window[0] or task["end"] > window[1]):
            found.append((index, task, window))
    return found


def _name(task: dict) -> str:
    """How a message names a task: its id, or its title when the file gives no id."""
    return task["task"] if "id" in task["inferred"] else task["id"]


def _dependency_message(task: dict, dep: dict) -> Message:
    return msg("check.schedule.dependency_order", task=_name(task), start=task["start"],
               dep=dep["id"], dep_end=dep["end"])


def _phase_message(task: dict, window: tuple) -> Message:
    return msg("check.schedule.outside_phase", task=_name(task), start=task["start"],
               end=task["end"], phase=msg(f"labels.phase.{task['phase']}"),
               phase_start=window[0], phase_end=window[1])


def lint_schedule(loaded: Any) -> list:
    """checks.py rule: dependency order (error), tasks outside their phase, no owner (warnings).

    Missing depends_on ids, cycles, end-before-start and the campaign window are checked
    by the other rules in `checks.py`; this adds what needs the schedule logic.
    """
    answers = loaded.answers
    if not answers.schedule:
        return []
    windows = phase_windows(answers)
    tasks = normalise_tasks(answers.schedule, windows)
    found = [(i, "start", _dependency_message(t, d), "error")
             for i, t, d in dependency_violations(tasks)]
    first, last = answers.working_window()
    # NOTE: checks.schedule_dates already warns about tasks outside the working window
    found += [(i, "start" if t["start"] < w[0] else "end", _phase_message(t, w), "warning")
              for i, t, w in phase_violations(tasks, windows)
              if first <= t["start"] and t["end"] <= last]
    found += [(i, "owner", msg("check.schedule.no_owner", task=_name(t)), "warning")
              for i, t in enumerate(tasks) if not t["owner"]]
    name = str(getattr(loaded, "name", None) or loaded.path)
    # NOTE: `loaded.field` numbers the items as the file does (a partial model may lack some)
    return [Problem(name, loaded.line_of(("schedule", i, f)), loaded.field(("schedule", i, f)),
                    m, sev) for i, f, m, sev in found]
