"""The proposed standard schedule: the four phases of domain.md, worked back from launch.

Planning (goals, users, plan, owners) -> materials, due before warm-up unless the answers
date them -> warm-up (buzz, shareable content, KOLs when there is a KOL channel,
suggestions) with development tested before launch -> launch (each channel at its own dates,
live data, adjustments) -> review (data, meeting, lessons, second wave). The answers' own
dates are kept: a channel, a material or a development item is never moved to suit the
standard phases. Every task has an id and `depends_on`, so the critical path means
something, and the dates respect every dependency (lint finds nothing to say about a
proposal built from consistent answers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.locales import DEFAULT_LANG, t
from generator.planning.defaults import development_due, material_due, test_start
from generator.planning.scheduling import (
    PHASE_ORDER,
    days_between,
    key_of,
    phase_of_date,
    phase_windows,
)

DAY = dt.timedelta(days=1)
# Lead times in days, by kind: print needs longer than screens; pages longer than events.
MATERIAL_LEAD = {"online": 5, "offline": 7}
DEVELOPMENT_LEAD = {"page": 7, "rules": 5, "tracking": 3}


def default_windows(start: dt.date, end: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The default phase windows around the campaign dates (same rule as the model's)."""
    return {
        "planning": (start - 21 * DAY, start - 11 * DAY),
        "warmup": (start - 10 * DAY, start - DAY),
        "launch": (start, end),
        "review": (end + DAY, end + 7 * DAY),
    }


def split(start: dt.date, end: dt.date, weights: list[float]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive sub-ranges of start..end sized by `weights`, each at least one day.

    When the window has fewer days than slots, neighbouring slots share a day, which a
    same-day hand-over allows.
    """
    total, n = days_between(start, end), len(weights)
    if total < n:
        days = [start + (i * total // n) * DAY for i in range(n)]
        return [(d, d) for d in days]
    cumulative, bounds = 0.0, [0]
    for w in weights:
        cumulative += w
        bounds.append(round(total * cumulative / sum(weights)))
    for i in range(1, n + 1):
        bounds[i] = max(bounds[i], bounds[i - 1] + 1)
    bounds[n] = total
    for i in range(n - 1, 0, -1):
        bounds[i] = min(bounds[i], bounds[i + 1] - 1)
    return [(start + bounds[i] * DAY, start + (bounds[i + 1] - 1) * DAY) for i in range(n)]


class _Builder:
    """Collects tasks under local keys; `finish` numbers them T1.. in date order.

    Task names and deliverables are document words: `schedule.proposal.<what>` in the
    catalogue of the answers' language.
    """

    def __init__(self, lang: str, owner: str | None, windows: dict):
        self.lang = lang
        self.owner = owner
        self.windows = windows
        self.tasks: list[dict] = []

    def add(self, key: str, what: str, start: dt.date, end: dt.date, *, name: str = "",
            owner: str | None = None, deps: tuple = (), milestone: bool = False,
            deliverable: str | None = None) -> str:
        """Add one task; the phase is the one holding its end date."""
        self.tasks.append({
            "key": key, "task": self.words(what, "task", name=name),
            "phase": phase_of_date(end, self.windows),
            "owner": owner or self.owner, "start": start, "end": end,
            "deliverable": deliverable or self.words(what, "deliverable"),
            "depends_on": [d for d in deps if d], "milestone": milestone,
        })
        return key

    def words(self, what: str, part: str, **params: Any) -> str:
        """The proposed task's name or deliverable (`schedule.proposal.<what>.<part>`)."""
        return t(f"schedule.proposal.{what}.{part}", lang=self.lang, **params)

    def finish(self) -> list[dict]:
        """Tasks with ids T1.. in date order and `depends_on` as ids."""
        rank = {k: PHASE_ORDER.index(k) for k in PHASE_ORDER}
        ordered = sorted(enumerate(self.tasks),
                         key=lambda it: (it[1]["start"], rank.get(it[1]["phase"], 9), it[0]))
        ids = {task["key"]: f"T{n}" for n, (_, task) in enumerate(ordered, start=1)}
        result = []
        for _, task in ordered:
            task = dict(task, id=ids[task["key"]])
            task["depends_on"] = [ids[d] for d in task["depends_on"]]
            result.append({k: task[k] for k in ("id", "task", "phase", "owner", "start", "end",
                                               "deliverable", "depends_on", "milestone")})
        return result


def schedule_windows(answers: Any) -> dict[str, tuple[dt.date, dt.date]]:
    """The four phase windows the proposal plans in: the answers' phases, else the default."""
    campaign = answers.campaign
    windows = {**default_windows(campaign.start, campaign.end), **phase_windows(answers)}
    return {k: windows[k] for k in PHASE_ORDER}


def propose_schedule(answers: Any) -> list[dict]:
    """A standard schedule for `answers`: list of task dicts (answers-file fields, real dates).

    Built from what the answers hold: a task per material, development item and channel at
    the dates the answers give them (due dates, a channel's start and end), the integration
    test only for development due before launch, KOL outreach only with a KOL channel.
    """
    campaign = answers.campaign
    windows = schedule_windows(answers)
    lang = key_of(getattr(answers, "lang", None)) or DEFAULT_LANG
    b = _Builder(lang, campaign.owner, windows)
    channels = list(answers.channels or [])
    plan_done, plan_written = _planning(b, windows["planning"])
    materials = _materials(b, answers.materials or [], plan_written, windows)
    ready_inputs = _development(b, answers.development or [], plan_written, windows)
    kols = [ch for ch in channels if key_of(getattr(ch, "kind", None)) == "kol"]
    ready = _warmup(b, windows["warmup"], plan_done, materials, ready_inputs, kols)
    closed = _launch(b, windows, ready, plan_done, channels)
    _review(b, windows["review"], closed)
    return b.finish()


def deliverable_for(answers: Any, task: Any) -> str | None:
    """The deliverable the standard schedule gives the task called `task` (None: not one of it).

    A task renamed in the questionnaire gets the deliverable of its new name, not the one
    proposed for the old name.
    """
    name = str(task or "").strip()
    return next((t["deliverable"] for t in propose_schedule(answers) if t["task"] == name), None)


def _planning(b: _Builder, window: tuple) -> tuple[str, tuple[str, dt.date]]:
    """Goals -> users -> plan -> owners, then the plan-approved milestone."""
    slots = split(*window, [2, 2, 3, 2])
    prev = None
    for what, (start, end) in zip(("goals", "users", "plan", "assign"), slots, strict=False):
        prev = b.add(what, what, start, end, deps=(prev,))
    done = b.add("plan_ms", "plan_ms", window[1], window[1], deps=(prev,), milestone=True)
    return done, ("plan", slots[2][1])


def _placed(b: _Builder, due: dt.date, lead: int,
            plan_written: tuple[str, dt.date]) -> tuple[dt.date, dt.date, tuple]:
    """Start, end and dependencies of a task of `lead` days that ends on its own due date.

    It waits for the written plan when its date leaves room, and never starts before the
    phase holding its due date; a due date before the plan is written is kept as it is.
    """
    plan_key, plan_end = plan_written
    phase_start = b.windows[phase_of_date(due, b.windows)][0]
    start = max(due - (lead - 1) * DAY, phase_start)
    if due > plan_end:
        return max(start, plan_end + DAY), due, (plan_key,)
    return min(start, due), due, ()


def _materials(b: _Builder, materials: list, plan_written: tuple, windows: dict) -> list:
    """One task per material, ending on its due date (default: before warm-up starts)."""
    placed = []
    for n, m in enumerate(materials):
        kind = key_of(getattr(m, "kind", None))
        lead = MATERIAL_LEAD.get(kind, 5)
        due = getattr(m, "due", None) or material_due(windows, kind)
        start, end, deps = _placed(b, due, lead, plan_written)
        key = b.add(f"m{n}", "material", start, end, name=m.name, owner=m.owner,
                    deps=deps, deliverable=getattr(m, "deliverable", None))
        placed.append((key, end))
    return placed


def _development(b: _Builder, items: list, plan_written: tuple, windows: dict) -> list:
    """One task per development item on its due date, then the integration test of those
    due before launch (items due later are not the launch's prerequisites)."""
    launch_start = windows["launch"][0]
    before_launch, last_end = [], None
    for n, item in enumerate(items):
        kind = key_of(getattr(item, "kind", None))
        lead = DEVELOPMENT_LEAD.get(kind, 5)
        due = getattr(item, "due", None) or development_due(windows, kind)
        start, end, deps = _placed(b, due, lead, plan_written)
        key = b.add(f"d{n}", "dev", start, end, name=item.item, owner=item.owner, deps=deps)
        if end < launch_start:
            before_launch.append(key)
            last_end = max(last_end or end, end)
    if not before_launch:
        return []
    # NOTE: an item due on the test's first day or later pushes the test, not the launch
    start = max(test_start(windows), last_end)
    owner = next((i.owner for i in items if i.owner), None)
    return [b.add("test", "test", start, max(windows["warmup"][1], start), owner=owner,
                  deps=tuple(before_launch))]


def _warmup(b: _Builder, window: tuple, plan_done: str, materials: list, extra: list,
            kols: list) -> str:
    """Buzz (once materials are in), content, KOLs (with a KOL channel), suggestions, ready."""
    start, end = window
    first, second = split(start, end, [1, 1])
    in_time = tuple(k for k, due in materials if due <= start)
    b.add("buzz", "buzz", start, end, deps=(plan_done, *in_time))
    share = b.add("share", "share", *first, deps=(plan_done,))
    if kols:
        b.add("kol", "kol", *second, deps=(share,), owner=next(
            (ch.owner for ch in kols if getattr(ch, "owner", None)), None))
    suggest = b.add("suggest", "suggest", *second, deps=(share,))
    return b.add("ready", "ready", end, end, deps=(suggest, *extra), milestone=True)


def _launch(b: _Builder, windows: dict, ready: str, plan_done: str, channels: list) -> str:
    """Go-live, each channel at its own dates, live monitoring, adjustments, close."""
    start, end = windows["launch"]
    live = b.add("live", "golive", start, start, deps=(ready,), milestone=True)
    promoted = []
    for n, ch in enumerate(channels):
        promoted += _channel(b, n, ch, windows, live, plan_done)
    if not channels:
        promoted.append(b.add("all", "all_channels", start, end, deps=(live,)))
    monitor = b.add("monitor", "monitor", start, end, deps=(live,))
    adjust_from = split(start, end, [1, 1])[1][0]
    b.add("adjust", "adjust", adjust_from, end, deps=(live,))
    return b.add("close", "close", end, end, deps=(monitor, *promoted), milestone=True)


def _channel(b: _Builder, n: int, ch: Any, windows: dict, live: str, plan_done: str) -> list:
    """A channel's promotion at its own dates, one task per phase it runs in (warm-up posts,
    launch promotion ...), so each task stays inside its phase; returns those the close
    waits for (the ones ending in the launch window)."""
    launch = windows["launch"]
    c_start = getattr(ch, "start", None) or launch[0]
    c_end = getattr(ch, "end", None) or launch[1]
    if c_end < c_start:  # reversed dates: `check` reports them; promote during launch
        c_start, c_end = launch
    reach = getattr(ch, "expected_reach", None)
    reach_text = t("schedule.proposal.reach", lang=b.lang, reach=int(reach)) if reach else ""
    waited, prev = [], None
    parts = _by_phase(c_start, c_end, windows)
    for i, (phase, start, end) in enumerate(parts):
        warmup = PHASE_ORDER.index(phase) < PHASE_ORDER.index("launch")
        what = "channel_warmup" if warmup else "channel"
        deps = (prev,) + ((live,) if start >= launch[0] else
                          (plan_done,) if start >= windows["planning"][1] else ())
        last = i == len(parts) - 1
        deliverable = b.words(what, "deliverable") + (reach_text if last else "")
        prev = b.add(f"c{n}.{i}", what, start, end, name=ch.name, owner=ch.owner, deps=deps,
                     deliverable=deliverable)
        if launch[0] <= end <= launch[1]:
            waited.append(prev)
    return waited


def _by_phase(start: dt.date, end: dt.date, windows: dict) -> list[tuple[str, dt.date, dt.date]]:
    """start..end cut at the phase boundaries: (phase, from, to) for each phase it touches.

    The first piece starts on `start` and the last ends on `end` even where the phases do
    not reach that far, and a gap between phases stays with the piece before it: the
    channel keeps its own dates whatever the phases are.
    """
    parts = [(name, max(start, w_start), min(end, w_end))
             for name, (w_start, w_end) in windows.items()
             if w_start <= end and start <= w_end]
    if not parts:
        return [(phase_of_date(end, windows), start, end)]
    parts[0] = (parts[0][0], start, parts[0][2])
    parts[-1] = (parts[-1][0], parts[-1][1], end)
    for i in range(len(parts) - 1):
        parts[i] = (parts[i][0], parts[i][1], max(parts[i][1], parts[i + 1][1] - DAY))
    return parts


def _review(b: _Builder, window: tuple, closed: str) -> None:
    """Data -> meeting -> lessons, second-wave communication, report published."""
    collect_slot, meeting_slot, lessons_slot = split(*window, [2, 1, 2])
    collect = b.add("collect", "collect", *collect_slot, deps=(closed,))
    meeting = b.add("meeting", "meeting", *meeting_slot, deps=(collect,))
    lessons = b.add("lessons", "lessons", *lessons_slot, deps=(meeting,))
    b.add("second", "second", meeting_slot[0], window[1], deps=(collect,))
    b.add("done", "done", window[1], window[1], deps=(lessons,), milestone=True)
