"""The questionnaire sessions behind `campaign-docs new`, `edit` and `results`.

The orchestration (cookiecutter's main.py shape): load the definition, load or start the
answers tree, apply presets, walk, then summary -> check -> offer to generate. Every answer
is saved at once; Ctrl-C or end of input leaves a file that `--resume` carries on.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from generator.answers import paths
from generator.atomic import refuse_special
from generator.errors import AnswersError, ExitCode, Problem, UsageError
from generator.locales import listing, msg, t
from generator.questionnaire import parse, prompts
from generator.questionnaire.definition import Questionnaire, Section
from generator.questionnaire.engine import Walker
from generator.questionnaire.finish import check_answers, finish
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
            raise UsageError(msg("questionnaire.session.resume_and_output", resume=resume,
                                 output=output))
        answers = read_tree(resume)
        lang = str(answers.get("lang") or lang)
        store = Store(Path(resume), answers)
    else:
        if output:
            refuse_special(output)  # NOTE: `-o /dev/null` is refused as what it is
        if output and Path(output).exists():
            raise UsageError(msg("questionnaire.session.output_exists", output=output))
        answers = CommentedMap([("format", 1), ("lang", lang)])
        store = Store(Path(output) if output else None, answers)
    apply_presets(qn, answers, presets, lang)
    if presets and not no_input:
        store.save()
    # NOTE: --no-input writes once at the end, so a failing run leaves the file untouched
    # (empty groups saved as answered would otherwise be skipped by a later --resume).
    past = _PastStart(lang)
    walker = Walker(qn, answers, lang, (lambda: None) if no_input else store.save,
                    use_defaults=use_defaults, no_input=no_input, on_answer=past)
    with _interruptible(store, "new --resume {file}", lang):
        walker.run()
        past.check(paths.get(answers, START, None))  # given by --set or in an earlier session
        _fail_on_missing(walker, store)
        store.save()
        finish(walker, store, ask=not (use_defaults or no_input))
    return store.path


def run_edit(file: Path, section: str | None = None, lang: str | None = None,
             presets: tuple[str, ...] = (), no_input: bool = False) -> Path:
    """Ask again with the saved answers as defaults (one section or all); Enter keeps.

    `presets` (`--set KEY=VALUE`) change answers first; the values the tool proposed follow
    them, and each one that moved gets a line. With `no_input` nothing is asked: the file
    is saved and checked (with no presets, proposed values are only brought up to date).
    """
    qn = load_questionnaire("plan")
    answers = read_tree(file)
    lang = lang or str(answers.get("lang") or "zh")
    store = Store(Path(file), answers)
    walker = Walker(qn, answers, lang, store.save, editing=True)
    if presets or no_input:
        apply_presets(qn, answers, presets, lang)
        walker.follow()
        store.save()
    if no_input:
        prompts.say(t("questionnaire.finish.saved_to", lang=lang, file=store.path), bold=True)
        check_answers(store.path, lang)
        return store.path
    again = "edit {file}" + (f" --section {section}" if section else "")
    with _interruptible(store, again, lang):
        walker.run([_section(qn, section)] if section else None)
        finish(walker, store, ask=True)
    return store.path


def run_results(file: Path, lang: str | None = None) -> Path:
    """Ask the campaign's actual numbers into the `results` section of `file`.

    Like `new --resume`: what is already recorded is not asked again, so after Ctrl-C the
    same command carries on at the first question not answered. When everything is
    recorded, every question is asked again with the recorded answer as its default.
    """
    qn = load_questionnaire("results")
    answers = read_tree(file)
    lang = lang or str(answers.get("lang") or "zh")
    store = Store(Path(file), answers)
    walker = Walker(qn, answers, lang, store.save)
    with _interruptible(store, "results {file}", lang):
        if not walker.run():
            walker.editing = True
            walker.run()
        finish(walker, store, ask=True, docs=("review",))
    return store.path


def _section(qn: Questionnaire, name: str) -> Section:
    """The section called `name` (its id, or its title in any language)."""
    for section in qn.sections:
        if name.strip().lower() in (section.id, *(title.lower() for title in section.titles())):
            return section
    raise UsageError(msg("questionnaire.session.no_section", name=name,
                         sections=listing(s.id for s in qn.sections)))


def _fail_on_missing(walker: Walker, store: Store) -> None:
    """--no-input: list every required answer still missing, then fail."""
    if not walker.missing:
        return
    name = str(store.path or t("questionnaire.session.unnamed"))
    raise AnswersError([Problem(name, store.line_of(field), field, msg(
        "questionnaire.session.missing", field=field.split(" ")[0]))
        for field in walker.missing])


START = ("campaign", "start")


class _PastStart:
    """`new` says once when the campaign's start is already past (often a year typed wrong)."""

    def __init__(self, lang: str):
        self.lang, self.said = lang, False

    def __call__(self, path: tuple, value: object) -> None:
        if tuple(path) == START:
            self.check(value)

    def check(self, start: object) -> None:
        """Warn if `start` is a date before today (once per session)."""
        today = parse.local_today()
        if not self.said and isinstance(start, dt.date) and start < today:
            self.said = True
            prompts.say(t("questionnaire.session.start_past", lang=self.lang, start=start,
                          today=today), fg="yellow")


class _interruptible:
    """Ctrl-C (or end of input) at any prompt: say what was saved and exit 130."""

    def __init__(self, store: Store, again: str, lang: str):
        self.store, self.again, self.lang = store, again, lang  # e.g. "new --resume {file}"

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if kind is None or not issubclass(kind, (KeyboardInterrupt, click.Abort)):
            return False
        click.echo("", err=True)
        if self.store.path is None:
            click.echo(t("questionnaire.session.nothing_saved", lang=self.lang), err=True)
        else:
            again = self.again.format(file=self.store.path)
            click.echo(t("questionnaire.session.saved", lang=self.lang,
                         n=self.store.answers_on_disk(), file=self.store.path, again=again),
                       err=True)
        sys.exit(ExitCode.INTERRUPTED)
