"""The schedule as a calendar: one all-day event per phase and per milestone (RFC 5545)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from generator.atomic import write_bytes
from generator.locales import t
from generator.textsafe import clean_text

DAY = dt.timedelta(days=1)
PRODID = "-//campaign-docs//schedule//EN"


def write_ics(view: Any, path: str | Path) -> Path:
    """Write the schedule `View`'s phases and milestones as an iCalendar file (atomically)."""
    return write_bytes(path, calendar_bytes(view.context["sched"]))


def calendar_bytes(sched: dict) -> bytes:
    """The iCalendar text for a schedule context; UIDs are stable across regenerations.

    Event words come from `schedule.calendar` in the catalogue of the schedule's language.
    """
    lang = sched["lang"]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(t("schedule.calendar.name", lang=lang,
                                            theme=sched["theme"])))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for group in sched["groups"]:
        if group["start"] is None:
            continue
        titles = "\n".join(f'{t["id"]} {t["task"]}' for t in group["tasks"])
        calendar.add_component(_event(
            uid=f'{sched["slug"]}-phase-{group["key"]}', stamp=stamp,
            summary=t("schedule.calendar.phase", lang=lang, theme=sched["theme"],
                      phase=group["label"]),
            start=group["start"], end=group["end"],
            description=t("schedule.calendar.tasks", lang=lang, tasks=titles) if titles else ""))
    for task in sched["milestones"]:
        details = [t("schedule.calendar.owner", lang=lang, owner=task["owner_label"])]
        if task.get("deliverable"):
            details.append(t("schedule.calendar.deliverable", lang=lang,
                             deliverable=task["deliverable"]))
        calendar.add_component(_event(
            uid=f'{sched["slug"]}-milestone-{task["id"]}', stamp=stamp,
            summary=f'◆ {task["task"]}', start=task["start"], end=task["end"],
            description="\n".join(details), category=t("schedule.calendar.milestone", lang=lang)))
    return calendar.to_ical()


def _event(uid: str, stamp: dt.datetime, summary: str, start: dt.date, end: dt.date,
           description: str, category: str | None = None):
    """One all-day VEVENT; DTEND is exclusive, hence the day after `end`."""
    event = Event()
    event.add("uid", one_line(uid) + "@campaign-docs")
    event.add("dtstamp", stamp)
    event.add("summary", one_line(summary))
    event.add("dtstart", start)
    event.add("dtend", end + DAY)
    event.add("transp", "TRANSPARENT")  # a phase is a window, not a busy meeting
    if description:
        event.add("description", clean_text(description))
    if category:
        event.add("categories", [one_line(category)])
    return event


def one_line(text: str) -> str:
    """A name or title on one line: controls cleaned, line breaks folded to spaces.

    (icalendar escapes a line break in SUMMARY but asserts on one in an X- property such
    as X-WR-CALNAME; a theme typed with a line break must reach neither.)
    """
    return " ".join(clean_text(text).split("\n"))
