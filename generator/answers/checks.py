"""Cross-field lint of an answers file, and the `check` command.

`RULES` is a list of small functions `rule(loaded) -> list[Problem]`; other modules append
theirs (the schedule logic adds `scheduling.lint_schedule`). Errors stop generation;
warnings are printed and allowed.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable
from typing import Any

import click

from generator.answers import paths
from generator.answers.load import Loaded, load_answers
from generator.errors import AnswersError, CampaignDocsError, ExitCode, Problem

Rule = Callable[[Loaded], list[Problem]]


def _problem(loaded: Loaded, loc: tuple, message: str, severity: str = "error") -> Problem:
    return Problem(loaded.name, loaded.line_of(loc), paths.dotted(loc), message, severity)


def _amount(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}" if float(value).is_integer() else f"{value:,.2f} {currency}"


# --- dates ----------------------------------------------------------------------------------


def campaign_dates(loaded: Loaded) -> list[Problem]:
    """The campaign, its phases and its channels must end on or after they start."""
    a = loaded.answers
    found = []
    if a.campaign.end < a.campaign.start:
        found.append(_problem(loaded, ("campaign", "end"), (
            f"the campaign ends {a.campaign.end} before it starts {a.campaign.start}; "
            "swap the dates or fix the typo")))
    for section, items in (("phases", a.phases), ("channels", a.channels)):
        for i, item in enumerate(items):
            if item.start and item.end and item.end < item.start:
                found.append(_problem(loaded, (section, i, "end"), (
                    f"ends {item.end} before it starts {item.start}; swap the dates")))
    return found


def schedule_dates(loaded: Loaded) -> list[Problem]:
    """Tasks end on or after they start (error) and sit in the working window (warning)."""
    found = []
    for i, task in enumerate(loaded.answers.schedule):
        name = task.id or task.task
        if task.start and task.end and task.end < task.start:
            found.append(_problem(loaded, ("schedule", i, "end"), (
                f"task {name} ends {task.end} before it starts {task.start}; swap the dates")))
        found += _outside_window(loaded, ("schedule", i), task, f"task {name}", (
            " (planning start to review end); move it or widen the phases"))
    return found


def _outside_window(loaded: Loaded, where: tuple, item: Any, what: str,
                    advice: str) -> list[Problem]:
    """A warning on the first of item.start / item.end outside the working window."""
    first, last = loaded.answers.working_window()
    for field in ("start", "end"):
        day = getattr(item, field)
        if day and not first <= day <= last:
            return [_problem(loaded, (*where, field), (
                f"{what} is dated {day}, outside the campaign's working window "
                f"{first}..{last}{advice}"), "warning")]
    return []


def channel_window(loaded: Loaded) -> list[Problem]:
    """Channels dated outside the working window (warning)."""
    found = []
    for i, channel in enumerate(loaded.answers.channels):
        found += _outside_window(loaded, ("channels", i), channel, f"channel {channel.name}",
                                 "; check the date")
    return found


# --- goals ------------------------------------------------------------------------------------


def objective_count(loaded: Loaded) -> list[Problem]:
    """OKR: at most 3 objectives per campaign (warning)."""
    objectives = loaded.answers.objectives
    if len(objectives) <= 3:
        return []
    return [_problem(loaded, ("objectives", 3), (
        f"{len(objectives)} objectives: at most 3 objectives per campaign (OKR); "
        "consider merging or dropping one"), "warning")]


def key_results(loaded: Loaded) -> list[Problem]:
    """Each objective has KRs; a KR's target differs from its baseline; deadlines in the campaign."""
    a = loaded.answers
    found = []
    for i, objective in enumerate(a.objectives):
        if not objective.key_results:
            found.append(_problem(loaded, ("objectives", i, "objective"), (
                f'objective "{objective.objective}" has no key results; add 1-3 measurable '
                "ones (metric and target)"), "warning"))
        for k, kr in enumerate(objective.key_results):
            loc = ("objectives", i, "key_results", k)
            if kr.baseline is not None and kr.target == kr.baseline:
                found.append(_problem(loaded, loc + ("target",), (
                    f"the target equals the baseline ({kr.target}), so this is not a goal; "
                    "set the number you want to reach"), "warning"))
            # NOTE: with the campaign dates reversed every deadline would be "outside"; one
            # error (campaign_dates) says it better than a warning per key result.
            dates_ok = a.campaign.start <= a.campaign.end
            if dates_ok and kr.deadline and not a.campaign.start <= kr.deadline <= a.campaign.end:
                found.append(_problem(loaded, loc + ("deadline",), (
                    f"deadline {kr.deadline} is outside the campaign "
                    f"({a.campaign.start}..{a.campaign.end}); results are measured in the "
                    "campaign window"), "warning"))
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
    return [_problem(loaded, ("campaign", "budget"), (
        f"the channel budgets add up to {_amount(spent, cur)}, more than the campaign budget "
        f"of {_amount(total, cur)}; cut channel budgets or raise the total"))]


# --- the schedule graph -----------------------------------------------------------------------


def task_ids(loaded: Loaded) -> list[Problem]:
    """Task ids are unique and every `depends_on` names one of them (errors)."""
    tasks = loaded.answers.schedule
    found, seen = [], {}
    for i, task in enumerate(tasks):
        if task.id and task.id in seen:
            found.append(_problem(loaded, ("schedule", i, "id"), (
                f"task id {task.id} is used twice (schedule.{seen[task.id]} and "
                f"schedule.{i}); give each task its own id")))
        seen.setdefault(task.id, i)
    ids = [t.id for t in tasks if t.id]
    for i, task in enumerate(tasks):
        for j, dep in enumerate(task.depends_on):
            if dep not in seen:
                found.append(_problem(loaded, ("schedule", i, "depends_on", j), (
                    f"depends on {dep}, which is not a task id{_did_you_mean(dep, ids)}")))
    return found


def dependency_cycles(loaded: Loaded) -> list[Problem]:
    """`depends_on` must not loop back on itself (error naming the loop)."""
    tasks = loaded.answers.schedule
    index = {t.id: i for i, t in reversed(list(enumerate(tasks))) if t.id}
    graph = {t.id: [d for d in t.depends_on if d in index] for t in tasks if t.id}
    from generator.planning.scheduling import find_cycle  # iterative: a 1,000-task chain must not recurse

    cycle = find_cycle(graph)
    if cycle is None:
        return []
    # NOTE: the order of depends_on is "T1 needs T3", so T1 → T3 reads "T1 waits for T3".
    return [_problem(loaded, ("schedule", index[cycle[0]], "depends_on"), (
        f"depends_on forms a cycle {' → '.join(cycle)}; no task in it can ever start, "
        "remove one of these dependencies"))]


# --- results against the plan -----------------------------------------------------------------


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
    if close:
        return f'; did you mean "{close[0]}"?'
    return f" (known: {', '.join(known)})" if known else ""


def results_match_plan(loaded: Loaded) -> list[Problem]:
    """Results name only metrics the plan has (errors) and channels it has (warnings), with did-you-mean."""
    a = loaded.answers
    if a.results is None:
        return []
    metrics = [kr.metric for o in a.objectives for kr in o.key_results]
    channels = [c.name for c in a.channels]
    found = []
    for i, kr in enumerate(a.results.key_results):
        if kr.metric not in metrics:
            found.append(_problem(loaded, ("results", "key_results", i, "metric"), (
                f'"{kr.metric}" is not a key-result metric of the plan'
                f"{_did_you_mean(kr.metric, metrics)}")))
    # NOTE: an unplanned channel is allowed (the fill-in workbook asks for them and the review
    # marks them 计划外), so it is a warning that still catches a typo.
    for i, ch in enumerate(a.results.channels):
        if ch.name not in channels:
            found.append(_problem(loaded, ("results", "channels", i, "name"), (
                f'"{ch.name}" is not a channel of the plan, so the review lists it as unplanned'
                f"{_did_you_mean(ch.name, channels)}"), "warning"))
    return found


def schedule_logic(loaded: Loaded) -> list[Problem]:
    """The schedule engineer's rules (dependency order, phases, owners), when present."""
    try:
        from generator.planning.scheduling import lint_schedule
    except ImportError:  # NOTE: the module is optional while the tree is being built
        return []
    return list(lint_schedule(loaded))


RULES: list[Rule] = [campaign_dates, objective_count, key_results, channel_budgets,
                     channel_window, schedule_dates, task_ids, dependency_cycles,
                     results_match_plan, schedule_logic]


def lint(loaded: Loaded) -> list[Problem]:
    """Every cross-field problem (errors and warnings) of a loaded answers file, by line."""
    problems = [p for rule in RULES for p in rule(loaded)]
    return sorted(problems, key=lambda p: (p.line or 0))


def load_checked(path: str | os.PathLike[str]) -> tuple[Loaded, list[Problem]]:
    """Load and lint; raise AnswersError (warnings included) on any error, else return warnings."""
    loaded = load_answers(path)
    problems = lint(loaded)
    if any(p.severity == "error" for p in problems):
        raise AnswersError(problems)
    return loaded, problems


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _problems_of(path: Any) -> list[Problem]:
    try:
        return lint(load_answers(path))
    except AnswersError as exc:
        return list(exc.problems)
    except CampaignDocsError as exc:
        return [Problem(str(path), None, "", exc.message)]


def summary_line(name: str, problems: list[Problem]) -> str:
    """`x.yaml: OK`, `x.yaml: OK (1 warning)` or `x.yaml: 2 errors, 1 warning`."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        tail = f", {_plural(warnings, 'warning')}" if warnings else ""
        return f"{name}: {_plural(errors, 'error')}{tail}"
    return f"{name}: OK" + (f" ({_plural(warnings, 'warning')})" if warnings else "")


def check_files(paths: Iterable[Any]) -> int:
    """Print every problem of every file, one line each, then a summary per file; exit code."""
    failed = False
    for path in paths:
        problems = sorted(_problems_of(path), key=lambda p: p.line or 0)
        for problem in problems:
            click.echo(str(problem))
        click.echo(summary_line(str(path), problems))
        failed = failed or any(p.severity == "error" for p in problems)
    return int(ExitCode.INVALID_ANSWERS if failed else ExitCode.OK)
