"""The questionnaire sessions behind `campaign-docs new`, `edit` and `results`.

The orchestration (cookiecutter's main.py shape): load the definition, load or start the
answers tree, apply presets, walk, then summary -> check -> offer to generate. Every answer
is saved at once; Ctrl-C or end of input leaves a file that `--resume` carries on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from generator.errors import AnswersError, ExitCode, Problem, UsageError
from generator.questionnaire.definition import Questionnaire, Section
from generator.questionnaire.engine import Walker
from generator.questionnaire.finish import finish
from generator.atomic import refuse_special
from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.presets import apply_presets
from generator.questionnaire.store import Store, read_tree


def run_new(output: Path | None = None, resume: Path | None = None, lang: str = "zh",
            use_defaults: bool = False, presets: tuple[str, ...] = (),
            no_input: bool = False) -> Path | None:
    """Ask the plan questionnaire into a new file (or carry on `resume`); returns the file."""
    qn = load_questionnaire("plan")
    if resume:
        if output and Path(output).resolve() != Path(resume).resolve():
            raise UsageError(f"--resume {resume} carries on that file; leave out -o {output}")
        answers = read_tree(resume)
        lang = str(answers.get("lang") or lang)
        store = Store(Path(resume), answers)
    else:
        if output:
            refuse_special(output)  # NOTE: `-o /dev/null` is refused as what it is
        if output and Path(output).exists():
            raise UsageError(f"{output} already exists; carry on with `campaign-docs new "
                             f"--resume {output}` or change it with `campaign-docs edit {output}`")
        answers = CommentedMap([("format", 1), ("lang", lang)])
        store = Store(Path(output) if output else None, answers)
    apply_presets(qn, answers, presets, lang)
    if presets and not no_input:
        store.save()
    # NOTE: --no-input writes once at the end, so a failing run leaves the file untouched
    # (empty groups saved as answered would otherwise be skipped by a later --resume).
    walker = Walker(qn, answers, lang, (lambda: None) if no_input else store.save,
                    use_defaults=use_defaults, no_input=no_input)
    with _interruptible(store, "new --resume {file}"):
        walker.run()
        _fail_on_missing(walker, store)
        store.save()
        finish(walker, store, ask=not (use_defaults or no_input))
    return store.path


def run_edit(file: Path, section: str | None = None, lang: str | None = None) -> Path:
    """Ask again with the saved answers as defaults (one section or all); Enter keeps."""
    qn = load_questionnaire("plan")
    answers = read_tree(file)
    lang = lang or str(answers.get("lang") or "zh")
    store = Store(Path(file), answers)
    walker = Walker(qn, answers, lang, store.save, editing=True)
    again = "edit {file}" + (f" --section {section}" if section else "")
    with _interruptible(store, again):
        walker.run([_section(qn, section)] if section else None)
        finish(walker, store, ask=True)
    return store.path


def run_results(file: Path, lang: str | None = None) -> Path:
    """Ask the campaign's actual numbers into the `results` section of `file`."""
    qn = load_questionnaire("results")
    answers = read_tree(file)
    lang = lang or str(answers.get("lang") or "zh")
    store = Store(Path(file), answers)
    walker = Walker(qn, answers, lang, store.save, editing=True)
    with _interruptible(store, "results {file}"):
        walker.run()
        finish(walker, store, ask=True, docs=("review",))
    return store.path


def _section(qn: Questionnaire, name: str) -> Section:
    """The section called `name` (its id, or its title in any language)."""
    for section in qn.sections:
        if name.strip().lower() in (section.id, *(t.lower() for t in section.titles())):
            return section
    raise UsageError(f"--section {name}: no such section; use one of "
                     + ", ".join(s.id for s in qn.sections))


def _fail_on_missing(walker: Walker, store: Store) -> None:
    """--no-input: list every required answer still missing, then fail."""
    if not walker.missing:
        return
    name = str(store.path or "<new answers>")
    raise AnswersError([Problem(name, store.line_of(field), field, (
        "required answer missing; add it to the file, pass --set "
        f"{field.split(' ')[0]}=VALUE, or run without --no-input"))
        for field in walker.missing])


class _interruptible:
    """Ctrl-C (or end of input) at any prompt: say what was saved and exit 130."""

    def __init__(self, store: Store, again: str):
        self.store, self.again = store, again  # e.g. "new --resume {file}"

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if kind is None or not issubclass(kind, (KeyboardInterrupt, click.Abort)):
            return False
        click.echo("", err=True)
        if self.store.path is None:
            click.echo("nothing saved yet (no theme given); start again with "
                       "`campaign-docs new`", err=True)
        else:
            again = self.again.format(file=self.store.path)
            click.echo(f"saved {self.store.answers_on_disk()} answers to {self.store.path}; "
                       f"continue with `campaign-docs {again}`", err=True)
        sys.exit(ExitCode.INTERRUPTED)
