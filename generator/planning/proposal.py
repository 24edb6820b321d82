"""The proposed standard schedule: the four phases of domain.md, worked back from launch.

Planning (goals, users, plan, owners) -> materials, due before warm-up -> warm-up (buzz,
shareable content, KOLs, suggestions) with development done and tested before launch ->
launch (every channel, live data, adjustments) -> review (data, meeting, lessons, second
wave). Every task has an id and `depends_on`, so the critical path means something, and
the dates respect every dependency (lint finds nothing to say about a proposal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.locales import DEFAULT_LANG, t
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


def propose_schedule(answers: Any) -> list[dict]:
    """A standard schedule for `answers`: list of task dicts (answers-file fields, real dates)."""
    campaign = answers.campaign
    windows = {**default_windows(campaign.start, campaign.end), **phase_windows(answers)}
    windows = {k: windows[k] for k in PHASE_ORDER}
    lang = key_of(getattr(answers, "lang", None)) or DEFAULT_LANG
    b = _Builder(lang, campaign.owner, windows)
    plan_done, plan_written = _planning(b, windows["planning"])
    materials = _materials(b, answers.materials or [], plan_written, windows)
    ready_inputs = _development(b, answers.development or [], plan_written, windows)
    ready = _warmup(b, windows["warmup"], plan_done, materials, ready_inputs)
    closed = _launch(b, windows["launch"], ready, answers.channels or [])
    _review(b, windows["review"], closed)
    return b.finish()


def _planning(b: _Builder, window: tuple) -> tuple[str, tuple[str, dt.date]]:
    """Goals -> users -> plan -> owners, then the plan-approved milestone."""
    slots = split(*window, [2, 2, 3, 2])
    prev = None
    for what, (start, end) in zip(("goals", "users", "plan", "assign"), slots, strict=False):
        prev = b.add(what, what, start, end, deps=(prev,))
    done = b.add("plan_ms", "plan_ms", window[1], window[1], deps=(prev,), milestone=True)
    return done, ("plan", slots[2][1])


def _placed(b: _Builder, end: dt.date, lead: int, after: dt.date) -> tuple[dt.date, dt.date]:
    """Start..end for a task of `lead` days ending at `end`, not before `after`, in one phase."""
    end = max(end, after)
    phase_start = b.windows[phase_of_date(end, b.windows)][0]
    start = max(end - (lead - 1) * DAY, min(after + DAY, end), phase_start)
    return min(start, end), end


def _materials(b: _Builder, materials: list, plan_written: tuple, windows: dict) -> list:
    """One task per material, due before warm-up unless the answers say otherwise."""
    plan_key, plan_end = plan_written
    placed = []
    for n, m in enumerate(materials):
        lead = MATERIAL_LEAD.get(key_of(getattr(m, "kind", None)), 5)
        due = getattr(m, "due", None) or windows["planning"][1]
        start, end = _placed(b, due, lead, plan_end)
        key = b.add(f"m{n}", "material", start, end, name=m.name, owner=m.owner,
                    deps=(plan_key,), deliverable=getattr(m, "deliverable", None))
        placed.append((key, end))
    return placed


def _development(b: _Builder, items: list, plan_written: tuple, windows: dict) -> list:
    """One task per development item, then one integration test, all before launch."""
    if not items:
        return []
    plan_key, plan_end = plan_written
    w_start, w_end = windows["warmup"]
    test_start = max(w_end - DAY, w_start)
    keys, last_end = [], w_start
    for n, item in enumerate(items):
        lead = DEVELOPMENT_LEAD.get(key_of(getattr(item, "kind", None)), 5)
        due = getattr(item, "due", None) or test_start - DAY
        due = min(due, max(test_start - DAY, plan_end))
        start, end = _placed(b, due, lead, plan_end)
        keys.append(b.add(f"d{n}", "dev", start, end, name=item.item, owner=item.owner,
                          deps=(plan_key,)))
        last_end = max(last_end, end)
    # NOTE: a due date the plan forces later than the test window pushes the test, not launch
    test_start = max(test_start, last_end)
    owner = next((i.owner for i in items if i.owner), None)
    return [b.add("test", "test", test_start, max(w_end, test_start), owner=owner,
                  deps=tuple(keys))]


def _warmup(b: _Builder, window: tuple, plan_done: str, materials: list, extra: list) -> str:
    """Buzz (once materials are in), content, KOLs, suggestions, then ready-to-launch."""
    start, end = window
    first, second = split(start, end, [1, 1])
    in_time = tuple(k for k, due in materials if due <= start)
    b.add("buzz", "buzz", start, end, deps=(plan_done, *in_time))
    share = b.add("share", "share", *first, deps=(plan_done,))
    b.add("kol", "kol", *second, deps=(share,))
    suggest = b.add("suggest", "suggest", *second, deps=(share,))
    return b.add("ready", "ready", end, end, deps=(suggest, *extra), milestone=True)


def _launch(b: _Builder, window: tuple, ready: str, channels: list) -> str:
    """Go-live, one promotion task per channel, live monitoring, adjustments, close."""
    start, end = window
    live = b.add("live", "golive", start, start, deps=(ready,), milestone=True)
    promoted = []
    for n, ch in enumerate(channels):
        c_start = max(getattr(ch, "start", None) or start, start)
        c_end = min(getattr(ch, "end", None) or end, end)
        if c_end < c_start:
            c_start, c_end = start, end
        reach = getattr(ch, "expected_reach", None)
        reach_text = t("schedule.proposal.reach", lang=b.lang, reach=int(reach)) if reach else ""
        deliverable = b.words("channel", "deliverable") + reach_text
        promoted.append(b.add(f"c{n}", "channel", c_start, c_end, name=ch.name,
                              owner=ch.owner, deps=(live,), deliverable=deliverable))
    if not channels:
        promoted.append(b.add("all", "all_channels", start, end, deps=(live,)))
    monitor = b.add("monitor", "monitor", start, end, deps=(live,))
    adjust_from = split(start, end, [1, 1])[1][0]
    b.add("adjust", "adjust", adjust_from, end, deps=(live,))
    return b.add("close", "close", end, end, deps=(monitor, *promoted), milestone=True)


def _review(b: _Builder, window: tuple, closed: str) -> None:
    """Data -> meeting -> lessons, second-wave communication, report published."""
    collect_slot, meeting_slot, lessons_slot = split(*window, [2, 1, 2])
    collect = b.add("collect", "collect", *collect_slot, deps=(closed,))
    meeting = b.add("meeting", "meeting", *meeting_slot, deps=(collect,))
    lessons = b.add("lessons", "lessons", *lessons_slot, deps=(meeting,))
    b.add("second", "second", meeting_slot[0], window[1], deps=(collect,))
    b.add("done", "done", window[1], window[1], deps=(lessons,), milestone=True)
