"""The schedule as a calendar (RFC 5545): one all-day event per phase and one per task.

A task's event carries its owner (in the title, which is what a calendar grid shows, and in
the description), its deliverable, phase and predecessors; a milestone is a task marked ◆
and filed under the milestone category. The calendar is named after the campaign and the
document (`X-WR-CALNAME`), so it reads as what it is when subscribed next to others.
"""

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
    """Write the schedule `View`'s phases and tasks as an iCalendar file (atomically)."""
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
    calendar.add("x-wr-caldesc", one_line(t(
        "schedule.calendar.description", lang=lang, theme=sched["theme"],
        start=sched["campaign_start"], end=sched["campaign_end"],
        phases=sum(1 for g in sched["groups"] if g["start"] is not None),
        tasks=len(sched["tasks"]))))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for group in sched["groups"]:
        if group["start"] is not None:
            calendar.add_component(_phase_event(sched, group, stamp))
    for task in sched["tasks"]:
        calendar.add_component(_task_event(sched, task, stamp))
    return calendar.to_ical()


def _phase_event(sched: dict, group: dict, stamp: dt.datetime) -> Event:
    """A phase window, its tasks listed in the description."""
    lang = sched["lang"]
    titles = "\n".join(f'{task["id"]} {task["task"]}' for task in group["tasks"])
    return _event(
        uid=f'{sched["slug"]}-phase-{group["key"]}', stamp=stamp,
        summary=t("schedule.calendar.phase", lang=lang, theme=sched["theme"],
                  phase=group["label"]),
        start=group["start"], end=group["end"],
        description=t("schedule.calendar.tasks", lang=lang, tasks=titles) if titles else "")


def _task_event(sched: dict, task: dict, stamp: dt.datetime) -> Event:
    """One task (a milestone too): owner in the title; id, phase, owner, deliverable, predecessors."""
    lang = sched["lang"]
    milestone = task["milestone"]
    summary = t("schedule.calendar.milestone_summary" if milestone else "schedule.calendar.task",
                lang=lang, task=task["task"], owner=task["owner_label"])
    details = [t("schedule.calendar.id", lang=lang, id=task["id"]),
               t("schedule.calendar.phase_of", lang=lang, phase=task["phase_label"]),
               t("schedule.calendar.owner", lang=lang, owner=task["owner_label"])]
    if task.get("deliverable"):
        details.append(t("schedule.calendar.deliverable", lang=lang,
                         deliverable=task["deliverable"]))
    if task["depends_on"]:
        details.append(t("schedule.calendar.depends_on", lang=lang,
                         ids=t("format.list_sep", lang=lang).join(task["depends_on"])))
    categories = [task["phase_label"]]
    if milestone:
        categories.append(t("schedule.calendar.milestone", lang=lang))
    # NOTE: milestones keep the UID they had before tasks had events, so a calendar that
    # imported an earlier file updates them instead of showing them twice.
    kind = "milestone" if milestone else "task"
    return _event(uid=f'{sched["slug"]}-{kind}-{task["id"]}', stamp=stamp, summary=summary,
                  start=task["start"], end=task["end"], description="\n".join(details),
                  categories=categories)


def _event(uid: str, stamp: dt.datetime, summary: str, start: dt.date, end: dt.date,
           description: str, categories: list[str] | None = None) -> Event:
    """One all-day VEVENT; DTEND is exclusive, hence the day after `end`."""
    event = Event()
    event.add("uid", one_line(uid) + "@campaign-docs")
    event.add("dtstamp", stamp)
    event.add("summary", one_line(summary))
    event.add("dtstart", start)
    event.add("dtend", end + DAY)
    # NOTE: transparent: a ten-day task must not mark its owner busy all day for ten days
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", clean_text(description))
    if categories:
        event.add("categories", [one_line(c) for c in categories])
    return event


def one_line(text: str) -> str:
    """A name or title on one line: controls cleaned, line breaks folded to spaces.

    (icalendar escapes a line break in SUMMARY but asserts on one in an X- property such
    as X-WR-CALNAME; a theme typed with a line break must reach neither.)
    """
    return " ".join(clean_text(text).split("\n"))
