"""`campaign-docs results FILE [--from-xlsx FILLED.xlsx]`: record the campaign's actuals.

Without a workbook the results questionnaire asks for them; with one, the filled-in review
workbook is read back (every bad cell reported at once) and its figures replace the
`results` section of the answers file, keeping the file's comments and key order.
(The CLI imports this module only for `results`, so its YAML and model imports cost
`--help` nothing.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from ruamel.yaml.comments import CommentedMap

from generator.answers import paths
from generator.answers.load import dumps_answers, load_answers, loads_answers, save_answers
from generator.atomic import sweep_temporaries
from generator.errors import CampaignDocsError, Problem
from generator.locales import listing, msg, t
from generator.questionnaire.session import run_results
from generator.readers.review_workbook import ClearingRefused, read_review_workbook

# The answers format's order of the `results` keys (answers-format.yaml).
RESULT_KEYS = ("key_results", "participants", "funnel", "revenue", "costs", "channels",
               "feedback", "problems", "lessons", "follow_up", "resources", "daily")


def record_results(file: str | Path, workbook: str | Path | None = None,
                   lang: str | None = None, assume_yes: bool = False,
                   allow_clearing: bool = False, daily: str | Path | None = None) -> Path:
    """Record actuals into `file`: from `workbook` and/or the `daily` CSV when given, else
    interactively."""
    if workbook is None and daily is None:
        return run_results(Path(file), lang)
    if workbook is not None:
        record_from_workbook(Path(file), Path(workbook), assume_yes, allow_clearing)
    if daily is not None:
        record_daily(Path(file), Path(daily))
    return Path(file)


def record_daily(file: Path, csv_file: Path) -> Path:
    """Replace `results.daily` in `file` with the CSV's series (validated, atomic)."""
    from generator.readers.daily_csv import read_daily_csv

    sweep_temporaries(file)
    loaded = load_answers(file)
    rows = read_daily_csv(csv_file, loaded.answers)
    if not isinstance(loaded.data.get("results"), CommentedMap):
        loaded.data["results"] = CommentedMap()
    paths.put(loaded.data, ("results", "daily"), rows)
    compact_daily(loaded.data)
    loads_answers(dumps_answers(loaded.data),
                  name=t("results.with_workbook", file=file, workbook=csv_file.name))
    save_answers(file, loaded.data)
    click.echo(summary(file, {"daily": rows}))
    return file


def record_from_workbook(file: Path, workbook: Path, assume_yes: bool = False,
                         allow_clearing: bool = False) -> Path:
    """Read the filled workbook and write its figures into `file` (validated, atomic).

    Figures that read but look wrong for their key result (0.265 for a KR of 18 -> 30 %)
    are shown, each with its sheet!cell, before anything is recorded; they are recorded
    only when confirmed (asked on a terminal) or with `--yes`. A figure the file holds is
    never removed unless `allow_clearing` (or the user says yes when asked at a
    terminal): every one that would go is named first.
    """
    sweep_temporaries(file)  # NOTE: what a killed earlier run left beside the file
    loaded = load_answers(file)
    warnings: list[Problem] = []
    try:
        results = read_review_workbook(workbook, loaded.answers, warnings, allow_clearing)
    except ClearingRefused as refused:
        if not _asked_to_clear(refused):
            raise
        warnings.clear()
        results = read_review_workbook(workbook, loaded.answers, warnings,
                                       allow_clearing=True)
    if warnings and not _confirmed(warnings, assume_yes):
        raise CampaignDocsError(msg("results.not_recorded", file=file))
    merge_results(loaded.data, results)
    # NOTE: validate the new text before it replaces the user's file; nothing is lost
    # if the workbook held something the model rejects.
    loads_answers(dumps_answers(loaded.data),
                  name=t("results.with_workbook", file=file, workbook=workbook.name))
    save_answers(file, loaded.data)
    click.echo(summary(file, results))
    return file


def _asked_to_clear(refused: ClearingRefused) -> bool:
    """At a terminal, list the figures that would go and ask; elsewhere, never clear."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    for problem in refused.problems:
        click.echo(str(problem), err=True)
    return click.confirm(t("results.workbook.confirm_clearing"), default=False, err=True)


def _confirmed(warnings: list[Problem], assume_yes: bool) -> bool:
    """Show each warning; True when the user records anyway (`--yes`, or yes when asked)."""
    for warning in warnings:
        click.echo(str(warning), err=True)
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        return False
    return click.confirm(t("results.confirm_warnings"), default=False, err=True)


def merge_results(data: Any, results: dict[str, Any]) -> None:
    """Replace each `results` key in the round-trip tree; keys the workbook left empty go.

    The `results:` mapping itself is kept (and with it the comments around it).
    """
    section = data.get("results")
    if not isinstance(section, CommentedMap):
        data["results"] = section = CommentedMap()
    for key in RESULT_KEYS:
        if key in results:
            paths.put(data, ("results", key), results[key])
        elif key in section:
            del section[key]
    compact_daily(data)


def compact_daily(data: Any) -> None:
    """One line per day in the answers file (`- {date: ..., values: {...}}`): a month of
    days stays a month of lines a person can read."""
    days = (data.get("results") or {}).get("daily") or []
    for day in days:
        if isinstance(day, CommentedMap):
            day.fa.set_flow_style()


def summary(file: Path, results: dict[str, Any]) -> str:
    """One line saying what was recorded: `my.yaml: recorded 5 key results, the funnel, ...`."""
    parts = []
    for key in RESULT_KEYS:
        value = results.get(key)
        if isinstance(value, list):
            parts.append(t(f"results.recorded.{key}", n=len(value)))
        elif value is not None:
            parts.append(t(f"results.recorded.{key}"))
    return t("results.summary", file=file, parts=listing(parts))
