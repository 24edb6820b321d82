"""The schedule as a calendar: one all-day event per phase and per milestone (RFC 5545)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from generator.atomic import write_bytes
from generator.textsafe import clean_text

DAY = dt.timedelta(days=1)
PRODID = "-//campaign-docs//schedule//EN"
TEXT = {
    "zh": {"owner": "负责人", "deliverable": "交付结果", "tasks": "事项", "milestone": "里程碑"},
    "en": {"owner": "Owner", "deliverable": "Deliverable", "tasks": "Tasks",
           "milestone": "Milestone"},
}


def write_ics(view: Any, path: str | Path) -> Path:
    """Write the schedule `View`'s phases and milestones as an iCalendar file (atomically)."""
    return write_bytes(path, calendar_bytes(view.context["sched"]))


def calendar_bytes(sched: dict) -> bytes:
    """The iCalendar text for a schedule context; UIDs are stable across regenerations."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean_text(f'{sched["theme"]} · {sched["labels"]["gantt"]}'))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    text = TEXT.get(sched["lang"], TEXT["en"])
    for group in sched["groups"]:
        if group["start"] is None:
            continue
        titles = "\n".join(f'{t["id"]} {t["task"]}' for t in group["tasks"])
        calendar.add_component(_event(
            uid=f'{sched["slug"]}-phase-{group["key"]}', stamp=stamp,
            summary=f'{sched["theme"]}：{group["label"]}' if sched["lang"] == "zh"
            else f'{sched["theme"]}: {group["label"]}',
            start=group["start"], end=group["end"],
            description=f'{text["tasks"]}:\n{titles}' if titles else ""))
    for task in sched["milestones"]:
        details = [f'{text["owner"]}: {task["owner_label"]}']
        if task.get("deliverable"):
            details.append(f'{text["deliverable"]}: {task["deliverable"]}')
        calendar.add_component(_event(
            uid=f'{sched["slug"]}-milestone-{task["id"]}', stamp=stamp,
            summary=f'◆ {task["task"]}', start=task["start"], end=task["end"],
            description="\n".join(details), category=text["milestone"]))
    return calendar.to_ical()


def _event(uid: str, stamp: dt.datetime, summary: str, start: dt.date, end: dt.date,
           description: str, category: str | None = None):
    """One all-day VEVENT; DTEND is exclusive, hence the day after `end`."""
    event = Event()
    event.add("uid", clean_text(uid) + "@campaign-docs")
    event.add("dtstamp", stamp)
    event.add("summary", clean_text(summary))
    event.add("dtstart", start)
    event.add("dtend", end + DAY)
    event.add("transp", "TRANSPARENT")  # a phase is a window, not a busy meeting
    if description:
        event.add("description", clean_text(description))
    if category:
        event.add("categories", [clean_text(category)])
    return event
