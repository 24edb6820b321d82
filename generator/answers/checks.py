"""Cross-field lint of an answers file, and the `check` command.

`RULES` is a list of small functions `rule(loaded) -> list[Problem]`; other modules append
theirs (the schedule logic adds `scheduling.lint_schedule`). Errors stop generation;
warnings are printed and allowed. Every sentence is a catalogue message (`check.*`), worded
in the file's language (or `--lang`'s) when it is printed.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from generator import figures, locales
from generator.answers import currency, numbers, paths, proposed, units
from generator.answers.load import Loaded, declared_lang, load_partial
from generator.answers.numbers import NumberProblem
from generator.errors import AnswersError, CampaignDocsError, ExitCode, Problem
from generator.locales import Message, listing, msg, t
from generator.planning import budget, kinds, team
from generator.planning.scheduling import find_cycle, lint_schedule

Rule = Callable[[Loaded], list[Problem]]


def _problem(loaded: Loaded, loc: tuple, message: Message, severity: str = "error") -> Problem:
    """A problem at `loc`, a path in the model, named and placed as the file numbers it."""
    return Problem(loaded.name, loaded.line_of(loc), loaded.field(loc), message, severity)


def _dropped_under(loaded: Loaded, loc: tuple) -> bool:
    """True when items under `loc` (a model path) are in the file but did not validate."""
    where = loaded.original(loc)
    return any(item[: len(where)] == where and len(item) > len(where) for item in loaded.dropped)


def _dropped_names(loaded: Loaded, pattern: tuple, key: str) -> list[str]:
    """`key` of the items matching `pattern` (`*` = any index) that did not validate.

    They are in the file, so a reference to one of them (a `depends_on` id, a results
    metric) is not a typo; their own problems are reported by the model check.
    """
    names = []
    for item in loaded.dropped:
        if len(item) == len(pattern) and all(
                p == "*" or p == q for p, q in zip(pattern, item, strict=True)):
            value = paths.get(loaded.data, item + (key,), None)
            if isinstance(value, str):
                names.append(value)
    return names


def _amount(value: float, code: str) -> str:
    return figures.money(value, code)


# --- dates ----------------------------------------------------------------------------------


def campaign_dates(loaded: Loaded) -> list[Problem]:
    """The campaign, its phases and its channels must end on or after they start."""
    a = loaded.answers
    found = []
    if a.campaign.end < a.campaign.start:
        found.append(_problem(loaded, ("campaign", "end"), msg(
            "check.campaign_reversed", start=a.campaign.start, end=a.campaign.end)))
    for section, items in (("phases", a.phases), ("channels", a.channels)):
        for i, item in enumerate(items):
            if item.start and item.end and item.end < item.start:
                found.append(_problem(loaded, (section, i, "end"), msg(
                    "check.item_reversed", start=item.start, end=item.end)))
    return found


def phases_fit_campaign(loaded: Loaded) -> list[Problem]:
    """Phases that no longer fit the campaign dates (warnings, each at its own start or end):
    launch runs from the campaign's start to its end; planning and warm-up end before the
    start; review starts after the end. Typically a phase set by hand before the dates moved.
    """
    c = loaded.answers.campaign
    if c.end < c.start:
        return []  # NOTE: campaign_dates says it once; every phase would be "off" too
    found = []
    for i, phase in enumerate(loaded.answers.phases):
        label = msg(f"labels.phase.{phase.phase}")
        checks = {"launch": (("start", phase.start != c.start, "check.phase.launch_start"),
                             ("end", phase.end != c.end, "check.phase.launch_end")),
                  "review": (("start", phase.start <= c.end, "check.phase.after_end"),),
                  }.get(phase.phase, (("end", phase.end >= c.start, "check.phase.before_start"),))
        for field, off, key in checks:
            if off:
                found.append(_problem(loaded, ("phases", i, field), msg(
                    key, phase=label, phase_start=phase.start, phase_end=phase.end,
                    start=c.start, end=c.end), "warning"))
    return found


def schedule_dates(loaded: Loaded) -> list[Problem]:
    """Tasks end on or after they start (error) and sit in the working window (warning)."""
    found = []
    for i, task in enumerate(loaded.answers.schedule):
        name = task.id or task.task
        if task.start and task.end and task.end < task.start:
            found.append(_problem(loaded, ("schedule", i, "end"), msg(
                "check.task_reversed", task=name, start=task.start, end=task.end)))
        found += _outside_window(loaded, ("schedule", i), task, name, "check.task_outside")
    return found


def _outside_window(loaded: Loaded, where: tuple, item: Any, name: str,
                    key: str) -> list[Problem]:
    """A warning on the first of item.start / item.end outside the working window."""
    first, last = loaded.answers.working_window()
    for field in ("start", "end"):
        day = getattr(item, field)
        if day and not first <= day <= last:
            return [_problem(loaded, (*where, field), msg(
                key, name=name, day=day, first=first, last=last), "warning")]
    return []


def channel_window(loaded: Loaded) -> list[Problem]:
    """Channels dated outside the working window (warning)."""
    found = []
    for i, channel in enumerate(loaded.answers.channels):
        found += _outside_window(loaded, ("channels", i), channel, channel.name,
                                 "check.channel_outside")
    return found


# --- goals ------------------------------------------------------------------------------------


def objective_count(loaded: Loaded) -> list[Problem]:
    """OKR: at most 3 objectives per campaign (warning)."""
    objectives = loaded.answers.objectives
    if len(objectives) <= 3:
        return []
    return [_problem(loaded, ("objectives", 3), msg(
        "check.too_many_objectives", n=len(objectives)), "warning")]


def key_results(loaded: Loaded) -> list[Problem]:
    """Each objective has KRs; a KR's target differs from its baseline; deadlines in the campaign."""
    a = loaded.answers
    found = []
    for i, objective in enumerate(a.objectives):
        if not objective.key_results and not _dropped_under(loaded, ("objectives", i)):
            found.append(_problem(loaded, ("objectives", i, "objective"), msg(
                "check.no_key_results", objective=objective.objective), "warning"))
        for k, kr in enumerate(objective.key_results):
            loc = ("objectives", i, "key_results", k)
            if kr.baseline is not None and kr.target == kr.baseline:
                found.append(_problem(loaded, loc + ("target",), msg(
                    "check.target_is_baseline", target=kr.target), "warning"))
            # NOTE: with the campaign dates reversed every deadline would be "outside"; one
            # error (campaign_dates) says it better than a warning per key result.
            dates_ok = a.campaign.start <= a.campaign.end
            if dates_ok and kr.deadline and not a.campaign.start <= kr.deadline <= a.campaign.end:
                found.append(_problem(loaded, loc + ("deadline",), msg(
                    "check.deadline_outside", deadline=kr.deadline, start=a.campaign.start,
                    end=a.campaign.end), "warning"))
    return found


# --- money ------------------------------------------------------------------------------------


def channel_budgets(loaded: Loaded) -> list[Problem]:
    """Channel budgets must not add up to more than the campaign budget (error)."""
    a = loaded.answers
    total = a.campaign.budget
    spent = sum(c.budget or 0 for c in a.channels)
    if total is None or spent <= total:
        return []
    cur = a.campaign.currency
    return [_problem(loaded, ("campaign", "budget"), msg(
        "check.budget_over", spent=_amount(spent, cur), total=_amount(total, cur)))]


def budget_lines(loaded: Loaded) -> list[Problem]:
    """The itemised budget (warnings, one sentence per mismatch, each at its own line): a
    typed amount that is not face value × quantity × redemption, a line with no amount, a
    redemption written as a fraction (0.35 is 0.35 %), a media line that repeats a channel
    (its budget already rolls in), and lines + channels + contingency against the budget."""
    a = loaded.answers
    roll = budget.rollup(a)
    if roll is None:
        return []
    cur = a.campaign.currency
    channels = {c.name for c in a.channels if c.budget is not None}
    found = []
    for i, line in enumerate(a.budget.lines):
        found += _budget_line(loaded, ("budget", "lines", i), line, cur, channels)
    if not budget.reconciles(roll):
        shape = "over" if roll.difference > 0 else "under"
        found.append(_problem(loaded, ("campaign", "budget"), msg(
            f"check.budget_lines.{shape}", total=_amount(roll.total, cur),
            lines=_amount(roll.lines_total, cur), channels=_amount(roll.channels_total, cur),
            contingency=_amount(roll.contingency, cur), budget=_amount(roll.budget, cur),
            difference=_amount(abs(roll.difference), cur)), "warning"))
    return found


def _budget_line(loaded: Loaded, loc: tuple, line: Any, cur: str,
                 channels: set[str]) -> list[Problem]:
    """The problems of one budget line (see `budget_lines`)."""
    found = []
    computed = budget.typed_amount_differs(line)
    if computed is not None:
        found.append(_problem(loaded, loc + ("amount",), msg(
            "check.budget_lines.amount_differs", amount=_amount(line.amount, cur),
            computed=_amount(computed, cur)), "warning"))
    if budget.line_amount(line) is None:
        found.append(_problem(loaded, loc + ("item",), msg(
            "check.budget_lines.no_amount", item=line.item), "warning"))
    if line.redemption is not None and 0 < line.redemption < 1:
        found.append(_problem(loaded, loc + ("redemption",), msg(
            "check.budget_lines.fraction", value=f"{line.redemption:g}",
            percent=f"{line.redemption * 100:g}"), "warning"))
    if line.kind == "media" and line.item in channels:
        found.append(_problem(loaded, loc + ("item",), msg(
            "check.budget_lines.channel_twice", item=line.item), "warning"))
    return found


def raci_accountable(loaded: Loaded) -> list[Problem]:
    """Each workstream of the RACI has exactly one A (warnings: none, or several named)."""
    a = loaded.answers
    if a.team is None:
        return []
    found = []
    for i, row in enumerate(a.team.raci):
        names = team.people(row.accountable)
        if len(names) == 1:
            continue
        workstream = msg(f"labels.workstream.{row.workstream}")
        message = msg("check.team.no_accountable", workstream=workstream) if not names else \
            msg("check.team.many_accountable", workstream=workstream, n=len(names),
                names=listing(names))
        found.append(_problem(loaded, ("team", "raci", i, "accountable" if names else
                                       "workstream"), message, "warning"))
    return found


def checklist_due(loaded: Loaded) -> list[Problem]:
    """A go-live check is due before the launch (warning at its due date)."""
    a = loaded.answers
    launch = a.campaign.start
    return [_problem(loaded, ("checklist", i, "due"), msg(
        "check.checklist.due_after_launch", item=item.item, due=item.due, launch=launch),
        "warning") for i, item in enumerate(a.checklist) if item.due and item.due >= launch]


# --- the schedule graph -----------------------------------------------------------------------


def task_ids(loaded: Loaded) -> list[Problem]:
    """Task ids are unique and every `depends_on` names one of them (errors)."""
    tasks = loaded.answers.schedule
    found, seen = [], {}
    for i, task in enumerate(tasks):
        if task.id and task.id in seen:
            found.append(_problem(loaded, ("schedule", i, "id"), msg(
                "check.duplicate_id", id=task.id, first=loaded.field(("schedule", seen[task.id])),
                second=loaded.field(("schedule", i)))))
        seen.setdefault(task.id, i)
    ids = [t.id for t in tasks if t.id]
    elsewhere = set(_dropped_names(loaded, ("schedule", "*"), "id"))
    for i, task in enumerate(tasks):
        for j, dep in enumerate(task.depends_on):
            if dep not in seen and dep not in elsewhere:
                found.append(_problem(loaded, ("schedule", i, "depends_on", j), msg(
                    "check.unknown_dependency", dep=dep, hint=_did_you_mean(dep, ids))))
    return found


def dependency_cycles(loaded: Loaded) -> list[Problem]:
    """`depends_on` must not loop back on itself (error naming the loop)."""
    tasks = loaded.answers.schedule
    index = {t.id: i for i, t in reversed(list(enumerate(tasks))) if t.id}
    graph = {t.id: [d for d in t.depends_on if d in index] for t in tasks if t.id}
    cycle = find_cycle(graph)  # iterative: a 1,000-task chain must not recurse
    if cycle is None:
        return []
    # NOTE: the order of depends_on is "T1 needs T3", so T1 → T3 reads "T1 waits for T3".
    return [_problem(loaded, ("schedule", index[cycle[0]], "depends_on"), msg(
        "check.cycle", cycle=" → ".join(cycle)))]


# --- results against the plan -----------------------------------------------------------------


def _did_you_mean(name: str, known: Iterable[str]) -> Message | str:
    """The tail of a sentence naming a close match, or else the names known."""
    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
    if close:
        return msg("check.hint.did_you_mean", name=close[0])
    return msg("check.hint.known", names=listing(known)) if known else ""


def results_match_plan(loaded: Loaded) -> list[Problem]:
    """Results name only metrics the plan has (errors) and channels it has (warnings), with did-you-mean."""
    a = loaded.answers
    if a.results is None:
        return []
    metrics = [kr.metric for o in a.objectives for kr in o.key_results]
    channels = [c.name for c in a.channels]
    metrics_elsewhere = _dropped_names(loaded, ("objectives", "*", "key_results", "*"), "metric")
    channels_elsewhere = _dropped_names(loaded, ("channels", "*"), "name")
    found = []
    for i, kr in enumerate(a.results.key_results):
        if kr.metric not in metrics + metrics_elsewhere:
            found.append(_problem(loaded, ("results", "key_results", i, "metric"), msg(
                "check.unknown_metric", metric=kr.metric,
                hint=_did_you_mean(kr.metric, metrics))))
    # NOTE: an unplanned channel is allowed (the fill-in workbook asks for them and the review
    # marks them 计划外), so it is a warning that still catches a typo.
    for i, ch in enumerate(a.results.channels):
        if ch.name not in channels + channels_elsewhere:
            found.append(_problem(loaded, ("results", "channels", i, "name"), msg(
                "check.unplanned_channel", channel=ch.name,
                hint=_did_you_mean(ch.name, channels)), "warning"))
    # NOTE: a daily series of a metric the plan lacks has no KR to chart against; a warning
    # that names it (a typo, usually) rather than a series silently drawn under a stray name
    for i, day in enumerate(a.results.daily):
        for metric in day.values:
            if metric not in metrics + metrics_elsewhere:
                found.append(_problem(loaded, ("results", "daily", i), msg(
                    "check.unknown_daily_metric", metric=metric,
                    hint=_did_you_mean(metric, metrics)), "warning"))
    return found


def compare_file(loaded: Loaded) -> list[Problem]:
    """`compare_with` names a file beside the answers that exists (a warning: `generate`
    refuses the review without it, in one sentence)."""
    named = loaded.answers.compare_with
    if not named or loaded.path is None or _is_file(loaded.path.parent / named):
        return []
    return [_problem(loaded, ("compare_with",), msg("check.compare_missing", file=named),
                     "warning")]


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a name the system cannot look up (too long, a NUL) is not."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def typed_units(loaded: Loaded) -> list[Problem]:
    """A number written with its unit must agree with where it goes: an amount's currency
    mark with `campaign.currency` ("$20,000" in a CNY campaign), an actual's unit with
    its key result's ("27.5元" for a KR in %). Errors, with the number model's sentence."""
    a, found = loaded.answers, []
    for path, text in units.typed_numbers(loaded.data, units.MONEY_FIELDS):
        reading = _reading(text)
        if reading and not currency.compatible(reading.currencies, a.campaign.currency):
            found.append(_problem(loaded, path, msg(
                "numbers.currency_conflict", got=numbers.quoted(text),
                typed=reading.currencies[0], currency=a.campaign.currency)))
    plan = {kr.metric: kr for o in a.objectives for kr in o.key_results}
    for path, text in units.typed_numbers(loaded.data, units.ACTUALS):
        reading, kr = _reading(text), plan.get(paths.get(loaded.data, path[:-1] + ("metric",)))
        try:
            if reading and kr:
                numbers.fit_unit(reading, kr.unit, text)
        except NumberProblem as exc:
            found.append(_problem(loaded, path, exc.message))
    return found


def _reading(text: str) -> numbers.Reading | None:
    try:
        return numbers.read_number(text)
    except NumberProblem:
        return None  # the model has named it already


def implausible_actuals(loaded: Loaded) -> list[Problem]:
    """An actual that looks like a slip for its key result (0.265 for a KR of 18 -> 30 %,
    or a hundred times off the plan's figures) is a warning naming the line."""
    a = loaded.answers
    if a.results is None:
        return []
    plan = {kr.metric: kr for o in a.objectives for kr in o.key_results}
    found = []
    for i, actual in enumerate(a.results.key_results):
        kr = plan.get(actual.metric)
        if kr is None or actual.actual is None:
            continue
        why = kinds.implausible(actual.actual, kr.baseline, kr.target, kinds.kind_of(kr))
        if why:
            found.append(_problem(loaded, ("results", "key_results", i, "actual"), msg(
                f"results.workbook.implausible.{why}", value=numbers.quoted(actual.actual),
                baseline=kr.baseline, target=kr.target, unit=kr.unit or "",
                points=f"{actual.actual * 100:g}"), "warning"))
    return found


def schedule_logic(loaded: Loaded) -> list[Problem]:
    """The schedule engineer's rules (dependency order, phases, owners)."""
    return list(lint_schedule(loaded))


RULES: list[Rule] = [campaign_dates, phases_fit_campaign, objective_count, key_results,
                     channel_budgets, budget_lines, raci_accountable, checklist_due,
                     channel_window, schedule_dates, task_ids,
                     dependency_cycles, results_match_plan, compare_file, typed_units,
                     implausible_actuals, schedule_logic]


def lint(loaded: Loaded) -> list[Problem]:
    """Every cross-field problem (errors and warnings) of a loaded answers file, by line."""
    problems = [_origin(loaded, p) for rule in RULES for p in rule(loaded)]
    return sorted(problems, key=lambda p: (p.line or 0))


def _origin(loaded: Loaded, problem: Problem) -> Problem:
    """A problem about a value the tool proposed says how to have it worked out again.

    (Proposed values follow their sources in `new` and `edit`; one that no longer fits was
    left behind by a change made in a text editor.) A value the user set is named as it is.
    """
    if not problem.field or not proposed.is_proposed(loaded.data, problem.field):
        return problem
    return dataclasses.replace(problem, message=msg(
        "check.proposed.with_hint", text=problem.message,
        hint=msg("check.proposed.hint", file=loaded.name)))


def load_checked(path: str | os.PathLike[str],
                 raw: bytes | None = None) -> tuple[Loaded, list[Problem]]:
    """Load and lint; raise AnswersError (warnings included) on any error, else return warnings.

    A file that does not validate is linted as far as it did, so the error lists every
    problem at once, as `check` does. `raw`: the file's bytes, when already read.
    """
    loaded, problems = load_partial(path, raw)
    if loaded is not None:
        problems = problems + lint(loaded)
    if loaded is None or any(p.severity == "error" for p in problems):
        raise AnswersError(sorted(problems, key=lambda p: p.line or 0))
    return loaded, problems


def problems_of(path: Any) -> list[Problem]:
    """Every problem of one file at once: the model's, and the lint of every part that validated."""
    try:
        loaded, problems = load_partial(path)
    except AnswersError as exc:
        return list(exc.problems)
    except CampaignDocsError as exc:
        return [Problem(str(path), None, "", exc.message)]
    return problems + (lint(loaded) if loaded is not None else [])


def summary_line(name: str, problems: list[Problem]) -> str:
    """`x.yaml: OK`, `x.yaml: OK (1 warning)` or `x.yaml: 2 errors, 1 warning`."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counts = {"errors": t("check.count.errors", n=errors),
              "warnings": t("check.count.warnings", n=warnings)}
    shape = ("errors_warnings" if warnings else "errors") if errors else (
        "ok_warnings" if warnings else "ok")
    return t(f"check.summary.{shape}", file=name, **counts)


def check_files(paths: Iterable[Any]) -> int:
    """Print every problem of every file, one line each, then a summary per file; exit code.

    Each file's lines are in the session language chosen with `--lang`, else in the file's
    own `lang:`, else in the locale's.
    """
    failed = False
    for path in paths:
        with locales.using(locales.chosen() or declared_lang(path)):
            problems = sorted(problems_of(path), key=lambda p: p.line or 0)
            for problem in problems:
                click.echo(str(problem))
            click.echo(summary_line(str(path), problems))
        failed = failed or any(p.severity == "error" for p in problems)
    return int(ExitCode.INVALID_ANSWERS if failed else ExitCode.OK)
