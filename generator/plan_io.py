"""`campaign-docs export` and `import`: the plan as a workbook a team fills in together.

    export FILE.yaml -o plan.xlsx            the answers, as sheets (writers/xlsx/plan.py)
    export --new [--set K=V ...] -o plan.xlsx  a blank one, presets and proposals filled in
    import plan.xlsx -o FILE.yaml            read back (readers/plan_workbook.py): a new file,
                                             or merged into an existing one (answers/merge.py)

An import writes nothing unless everything reads: every bad cell, every problem the model
or `check` finds (each named by its sheet!cell where it came from the workbook) and every
value the workbook would remove (unless `--allow-clearing`) is reported at once. The
existing file keeps its comments, key order and whatever the workbook did not change.
(The CLI imports this module only for these two commands: YAML, pydantic and openpyxl
cost `--help` nothing.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from ruamel.yaml.comments import CommentedMap

from generator import atomic, locales
from generator.answers import paths, proposed
from generator.answers.checks import lint
from generator.answers.load import dumps_answers, load_answers, loads_answers, read_tree
from generator.answers.merge import merge_into
from generator.answers.model import FORMAT, Answers
from generator.errors import AnswersError, OutputError, Problem, UsageError
from generator.locales import msg, t
from generator.readers.plan_workbook import PlanReading, read_plan_workbook
from generator.writers.xlsx import plan_layout as L


class ClearingRefused(AnswersError):
    """The workbook would remove values the answers file has; each is one problem."""

    @property  # type: ignore[override]
    def message(self) -> str:
        """Every value that would go, then how to let them go."""
        return "\n".join([*(str(p) for p in self.problems),
                          t("plan_workbook.read.clearing_hint")])

    @message.setter
    def message(self, value: str) -> None:
        pass  # NOTE: worded from the problems when read, as AnswersError


# --- export ----------------------------------------------------------------------------------


def export_plan(output: Path, file: Path | None = None, new: bool = False,
                lang: str | None = None, presets: tuple[str, ...] = (),
                force: bool = False) -> Path:
    """Write the plan workbook of `file` (or a blank one with `new`) to `output`."""
    if new == (file is not None):
        raise UsageError(msg("plan_workbook.export.not_both" if new else
                             "plan_workbook.export.file_or_new"))
    if presets and not new:
        raise UsageError(msg("plan_workbook.export.set_needs_new"))
    if Path(output).exists() and not force:
        raise OutputError(msg("plan_workbook.export.exists", path=output))
    if new:
        tree, answers, lang = _blank(lang or locales.current(), presets)
    else:
        loaded = load_answers(file)
        tree, answers, lang = loaded.data, loaded.answers, lang or loaded.answers.lang
    from generator.views.plan_workbook import build_plan_workbook_view
    from generator.writers.xlsx.plan import write_plan_workbook

    return write_plan_workbook(build_plan_workbook_view(tree, answers, lang), output)


def _blank(lang: str, presets: tuple[str, ...]) -> tuple[CommentedMap, Any, str]:
    """A blank answers tree with the presets typed in (`--set`, as `new --set` reads them),
    and its model when the presets already make a valid plan (the schedule is proposed)."""
    from generator.questionnaire.load import load_questionnaire
    from generator.questionnaire.presets import apply_presets

    tree = CommentedMap([("format", FORMAT), ("lang", lang), ("campaign", CommentedMap())])
    apply_presets(load_questionnaire("plan"), tree, presets, lang)
    try:
        answers = Answers.model_validate(paths.plain(tree))
    except ValueError:  # pydantic's ValidationError: not a whole plan yet, nothing to propose
        answers = None
    return tree, answers, lang


# --- import ----------------------------------------------------------------------------------


def import_plan(workbook: Path, output: Path, allow_clearing: bool = False) -> Path:
    """Read `workbook` into `output` (a new file, or merged into the existing one).

    One report of everything: the cells that do not read, the values the workbook would
    clear (unless `allow_clearing`), what the model and `check` refuse; nothing is written
    while there is any.
    """
    reading = read_plan_workbook(workbook)
    if not locales.chosen():
        locales.use(reading.lang)  # NOTE: a new file's messages speak the workbook's language
    exists = Path(output).exists()
    original = Path(output).read_bytes() if exists else None
    data = read_tree(original, str(output)) if exists else \
        CommentedMap([("format", FORMAT)])
    merged = merge_into(data, reading.tree, L.SECTIONS, allow_clearing)
    if not exists:
        _space_sections(data)
        _restore_records(data, reading)
    for path, value in reading.new_records.items():
        proposed.record(data, path, value)
    proposed.keep_last(data, data.get("lang"))  # as save_answers does
    text = dumps_answers(data)
    report = _Report(reading.problems)
    # NOTE: what a missing sheet, row or column held is named by that problem, not as cleared
    cleared = [] if allow_clearing else [
        _clearing(reading, Path(output), *c) for c in merged.cleared
        if not any(c[0][:len(u)] == u for u in reading.unread)]
    report.add(cleared)
    warnings = report.add(_checked(text, reading, Path(output)))
    report.raise_if_any(cleared=bool(cleared))
    if exists and text.encode("utf-8") == original:
        click.echo(t("plan_workbook.import.unchanged", file=output))
    else:
        atomic.write_text(output, text)
        click.echo(_summary(output, workbook, exists, len(merged.changed)))
    for warning in warnings:
        click.echo(str(warning), err=True)
    click.echo(t("plan_workbook.import.next", file=output))
    return Path(output)


class _Report:
    """The import's problems, each cell named once: a cell that does not read is not named
    again as cleared, nor as missing when the model finds it empty."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        self.named = {(p.file, p.field) for p in problems if p.field}

    def add(self, problems: list[Problem]) -> list[Problem]:
        """Add the errors not named yet; return the warnings."""
        for problem in problems:
            if problem.severity == "error" and (problem.file, problem.field) not in self.named:
                self.problems.append(problem)
                self.named.add((problem.file, problem.field))
        return [p for p in problems if p.severity != "error"]

    def raise_if_any(self, cleared: bool) -> None:
        if self.problems:
            raise (ClearingRefused if cleared else AnswersError)(self.problems)


def _restore_records(data: CommentedMap, reading: PlanReading) -> None:
    """A new file keeps the exported file's record of what the tool proposed, so a value
    the team left as proposed keeps following its sources (answers/proposed.py)."""
    if reading.records:
        data[proposed.SECTION] = paths.to_tree(reading.records)


def _space_sections(data: CommentedMap) -> None:
    """A new file reads like the examples: a blank line before each section."""
    for key in [k for k in data if k not in ("format", "lang")]:
        data.yaml_set_comment_before_after_key(key, before="\n")


def _checked(text: str, reading: PlanReading, output: Path) -> list[Problem]:
    """What the model and `check` find in the merged answers, each named by the cell it
    came from when it came from the workbook."""
    try:
        loaded = loads_answers(text, name=str(output))
    except AnswersError as exc:
        return [_in_workbook(p, reading) for p in exc.problems]
    return [_in_workbook(p, reading) for p in lint(loaded)]


def _in_workbook(problem: Problem, reading: PlanReading) -> Problem:
    """A problem about a value read from the workbook, named by its cell there."""
    path = paths.parse(problem.field) if problem.field else ()
    if not path or path[0] not in L.SECTIONS:
        return problem
    place = reading.place_of(path)
    if place is None:
        return problem
    return Problem(reading.name, None, place.field, problem.message, problem.severity)


def _clearing(reading: PlanReading, output: Path, path: tuple, old: Any,
              line: int | None) -> Problem:
    """A value the workbook would remove: by its emptied cell, or by the record gone."""
    place = reading.places.get(path)
    if place is not None and not _is_record(path):
        return Problem(reading.name, None, place.field, msg(
            "plan_workbook.read.cleared", value=_show(old)))
    sheet = reading.titles.get(_sheet_key(path), "")
    return Problem(str(output), line, paths.dotted(path), msg(
        "plan_workbook.read.row_gone", sheet=sheet, name=_show(_record_name(old))))


def _is_record(path: tuple) -> bool:
    """A whole record of a list (`channels.2`, `rules.0`), not one of its fields."""
    return isinstance(path[-1], int)


def _sheet_key(path: tuple) -> str:
    for sheet in L.SHEETS:
        table = sheet.table
        if table is not None and paths.parse(table.path) == path[:len(paths.parse(table.path))]:
            return sheet.key
        if any(paths.parse(f.key)[0] == path[0] for f in sheet.form):
            return sheet.key
    return ""


def _record_name(old: Any) -> Any:
    """What a record is called: its first text field (name, task, risk ...), or itself."""
    if isinstance(old, dict):
        for key in ("objective", "metric", "name", "item", "task", "risk", "phase", "id"):
            if old.get(key):
                return old[key]
    return old


def _show(value: Any) -> str:
    """A value for a sentence: text quoted and shortened, a list joined, a date as ISO."""
    from generator.answers.numbers import quoted

    if isinstance(value, list):
        return quoted(t("format.list_sep").join(str(v) for v in value))
    if isinstance(value, str):
        return quoted(value.strip())
    return quoted(value)


def _summary(output: Path, workbook: Path, existed: bool, changes: int) -> str:
    if not existed:
        return t("plan_workbook.import.created", file=output, workbook=workbook.name)
    return t("plan_workbook.import.merged", file=output, workbook=workbook.name, n=changes)

