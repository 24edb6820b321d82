"""The command line: all click code lives here; each command imports its stage lazily.

Keeping WeasyPrint, matplotlib, python-docx and pydantic out of this module's imports is
what keeps `campaign-docs --help` as fast as importing click (see `make bench`).

Every word comes from the catalogue (`generator/locales`), in the session language:
`--lang` (anywhere on the line), else for commands that read an answers file that file's
own `lang:`, else the locale. Help texts are looked up when shown (`cli_locale`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from pathlib import Path

import click

from generator import __version__, locales
from generator.cli_locale import LocalFloatRange, LocalGroup, LocalIntRange, LocalPath, option
from generator.outputs import ALL_DOCS, DOCS
from generator.outputs import ALL_FORMATS as FORMATS
from generator.locales import listing, t


def _csv_choice(allowed: tuple[str, ...]):
    """A click callback turning "a,b" into ("a", "b"), each checked against `allowed`."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None):
        if value is None:
            return None
        items = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
        unknown = [v for v in items if v not in allowed]
        if unknown or not items:
            raise click.BadParameter(t(
                "cli.not_one_of", given=listing(unknown) if unknown else t("cli.nothing"),
                allowed=listing(allowed), example=f"{allowed[0]},{allowed[1]}"))
        return items

    return convert


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(t("cli.version", version=__version__))
        ctx.exit()


def _session(lang: str | None, file: Path | None = None) -> None:
    """Set the session language: `--lang`, else the answers file's `lang:`, else the locale."""
    from_file = None
    if file is not None and not locales.chosen():
        from generator.answers.load import declared_lang  # NOTE: ruamel; not for --help

        from_file = declared_lang(file)
    if lang or from_file:
        locales.use(lang or from_file)


existing_file = LocalPath(exists=True, dir_okay=False, path_type=Path)


def lang_option(key: str):
    """`--lang zh|en`; `key` says what it sets (questions and documents, or messages)."""
    return option("--lang", key=key, type=click.Choice(["zh", "en"]), default=None)


doc_option = option("--doc", "docs", key="doc", callback=_csv_choice(ALL_DOCS), default=None,
                    metavar="plan,schedule,review,poster")
format_option = option("--format", "formats", key="format", callback=_csv_choice(FORMATS),
                       default=None, metavar="docx,pdf,xlsx,html,md,ics,png")
# NOTE: metavars stay ASCII (DIR, FILE, N): click aligns help columns by characters, and a
# Chinese metavar is two columns wide per character.
time_limit_option = option("--time-limit", key="time_limit", type=LocalFloatRange(min=0),
                           default=None, metavar="SECONDS")
memory_limit_option = option("--memory-limit", key="memory_limit",
                             type=LocalFloatRange(min=0), default=None, metavar="MB")
outdir_option = option("-o", "--output", "outdir", key="outdir", show_default=True, metavar="DIR",
                       type=LocalPath(file_okay=False, path_type=Path), default=Path("output"))


def company_template_options(command):
    """The company's templates, as `generate` and `batch` both take them (company/config.py)."""
    for decorate in reversed((
            option("--docx-template", "docx_template", key="docx_template", type=existing_file,
                   default=None, metavar="FILE"),
            option("--reference-docx", "reference_docx", key="reference_docx",
                   type=existing_file, default=None, metavar="FILE"),
            option("--template-dir", "template_dir", key="template_dir", default=None,
                   metavar="DIR", type=LocalPath(exists=True, file_okay=False, path_type=Path)),
            option("--theme", "theme", key="theme", default=None, metavar="NAME"),
            option("--config", "config", key="config", type=existing_file, default=None,
                   metavar="FILE"))):
        command = decorate(command)
    return command


@click.group(cls=LocalGroup, help_key="cli.main",
             context_settings={"help_option_names": ["-h", "--help"]})
@option("--version", key="version", is_flag=True, expose_value=False, is_eager=True,
        callback=_show_version)
@lang_option("lang_session")
def cli(lang) -> None:
    """Campaign plans, schedule sheets and review reports from one questionnaire."""
    _session(lang)


@cli.command()
@option("-o", "--output", key="new_output", default=None, metavar="FILE",
        type=LocalPath(dir_okay=False, path_type=Path))
@option("--resume", key="resume", type=existing_file, default=None, metavar="FILE")
@lang_option("lang_questions")
@option("--defaults", key="defaults", is_flag=True)
@option("--set", "presets", key="set", multiple=True, metavar="KEY=VALUE")
@option("--no-input", key="no_input", is_flag=True)
def new(output, resume, lang, defaults, presets, no_input) -> None:
    """Answer the questionnaire; saves after every answer."""
    from generator.questionnaire.session import run_new

    _session(lang, resume)
    run_new(output=output, resume=resume, lang=lang or locales.current(),
            use_defaults=defaults, presets=presets, no_input=no_input)


@cli.command()
@click.argument("file", type=existing_file)
@option("--section", key="section", default=None)
@option("--set", "presets", key="set_edit", multiple=True, metavar="KEY=VALUE")
@option("--no-input", key="no_input_edit", is_flag=True)
@lang_option("lang_questions")
def edit(file, section, presets, no_input, lang) -> None:
    """Ask again with the saved answers as defaults."""
    from generator.questionnaire.session import run_edit

    _session(lang, file)
    run_edit(file, section=section, lang=lang, presets=presets, no_input=no_input)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=existing_file)
@lang_option("lang_file")
def check(files, lang) -> None:
    """Validate and lint answer files; exit non-zero on errors."""
    from generator.answers.checks import check_files

    _session(lang)  # NOTE: without --lang, each file's messages follow its own `lang:`
    raise SystemExit(check_files(files))


@cli.command()
@click.argument("file", type=existing_file)
@doc_option
@format_option
@outdir_option
@option("--force", key="force_generate", is_flag=True)
@time_limit_option
@memory_limit_option
@company_template_options
@option("--compare", "compare", key="compare", default=None, metavar="FILE")
@lang_option("lang_file")
def generate(file, docs, formats, outdir, force, time_limit, memory_limit, docx_template,
             reference_docx, template_dir, theme, config, compare, lang) -> None:
    """Write the documents for one answers file."""
    from generator.generate import generate_file
    from generator.limits import resolve

    _session(lang, file)
    limits = resolve(time_limit, memory_limit)
    written = generate_file(file, docs=docs, formats=formats, outdir=outdir, force=force,
                            limits=limits, docx_template=docx_template,
                            reference_docx=reference_docx, template_dir=template_dir,
                            config=config, theme=theme, compare=compare, split=True)
    for path in written:
        click.echo(path)
    # NOTE: what the author does next is said here, never in the documents they send round
    for path in (p for p in written if p.name.endswith("-review.xlsx")):
        click.echo(t("cli.generate.next_review", file=file, workbook=path), err=True)


@cli.command()
@click.argument("file", type=existing_file)
@option("--from-xlsx", "workbook", key="from_xlsx", type=existing_file, default=None,
        metavar="FILE")
@option("--daily", "daily", key="daily_csv", type=existing_file, default=None,
        metavar="FILE.csv")
@option("--yes", "assume_yes", key="yes", is_flag=True)
@option("--allow-clearing", key="allow_clearing", is_flag=True)
@lang_option("lang_results")
def results(file, workbook, daily, assume_yes, allow_clearing, lang) -> None:
    """Record the campaign's actual numbers into the answers file."""
    from generator.results import record_results

    _session(lang, file)
    record_results(file, workbook=workbook, lang=lang, assume_yes=assume_yes,
                   allow_clearing=allow_clearing, daily=daily)


@cli.command()
@click.argument("file", type=existing_file, required=False)
@option("-o", "--output", key="workbook_output", required=True, metavar="FILE",
        type=LocalPath(dir_okay=False, path_type=Path))
@option("--new", "blank", key="new_workbook", is_flag=True)
@option("--set", "presets", key="set", multiple=True, metavar="KEY=VALUE")
@option("--force", key="force_workbook", is_flag=True)
@lang_option("lang_workbook")
def export(file, output, blank, presets, force, lang) -> None:
    """Write the answers as a workbook a team fills in together."""
    from generator.plan_io import export_plan

    _session(lang, file)
    click.echo(export_plan(output, file=file, new=blank, lang=lang, presets=presets,
                           force=force))


@cli.command("import")
@click.argument("workbook", type=existing_file)
@option("-o", "--output", key="import_output", required=True, metavar="FILE",
        type=LocalPath(dir_okay=False, path_type=Path))
@option("--allow-clearing", key="allow_clearing_import", is_flag=True)
@lang_option("lang_file")
def import_(workbook, output, allow_clearing, lang) -> None:
    """Read a filled plan workbook back into an answers file."""
    from generator.plan_io import import_plan

    _session(lang, output if output.exists() else None)
    import_plan(workbook, output, allow_clearing=allow_clearing)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@option("-j", "--jobs", key="jobs", type=LocalIntRange(min=1), default=None, metavar="N")
@option("--scheduler", key="scheduler", default=None, metavar="tcp://HOST:PORT")
@doc_option
@format_option
@outdir_option
@option("--force", key="force", is_flag=True)
@option("--report", key="report", default=None, metavar="FILE",
        type=LocalPath(dir_okay=False, path_type=Path))
@option("-q", "--quiet", key="quiet", is_flag=True)
@option("-v", "--verbose", key="verbose", is_flag=True)
@time_limit_option
@memory_limit_option
@company_template_options
@option("--compare-previous", key="compare_previous", is_flag=True)
@lang_option("lang_session")
def batch(paths, jobs, scheduler, docs, formats, outdir, force, report, quiet, verbose,
          time_limit, memory_limit, docx_template, reference_docx, template_dir, theme, config,
          compare_previous, lang) -> None:
    """Regenerate documents for many answer files at once."""
    from generator.batch.run import run_batch
    from generator.company.config import resolve as resolve_templates
    from generator.limits import resolve

    _session(lang)
    templates = resolve_templates(docs, docx_template, reference_docx, template_dir, config,
                                  theme)
    raise SystemExit(run_batch(paths, jobs=jobs, docs=docs, formats=formats, outdir=outdir,
                               force=force, report=report, quiet=quiet, verbose=verbose,
                               limits=resolve(time_limit, memory_limit), scheduler=scheduler,
                               templates=templates, compare_previous=compare_previous))


@cli.command()
@option("-o", "--output", "outdir", key="outdir", show_default=True, metavar="DIR",
        type=LocalPath(file_okay=False, path_type=Path), default=Path("output/demo"))
@lang_option("lang_demo")
def demo(outdir, lang) -> None:
    """Every document for the bundled example campaign."""
    from generator.generate import generate_demo

    _session(lang)
    for path in generate_demo(outdir, lang=lang or locales.current()):
        click.echo(path)


@cli.command()
@lang_option("lang_session")
def schema(lang) -> None:
    """Print the JSON Schema of the answers file (for editors)."""
    from generator.answers.model import json_schema_text

    _session(lang)  # NOTE: the schema itself is data, the same in every language
    click.echo(json_schema_text())


@cli.command()
@lang_option("lang_session")
def doctor(lang) -> None:
    """Check Pango, the CJK font and the libraries; say how to fix what is missing."""
    from generator.doctor import run_doctor

    _session(lang)
    raise SystemExit(run_doctor())


@cli.group(cls=LocalGroup, help_key="cli.templates")
@lang_option("lang_session")
def templates(lang) -> None:
    """Company templates: export, lint, list the names a template may use."""
    _session(lang)


template_doc_option = option("--doc", "doc", key="template_doc", default=None,
                             type=click.Choice(DOCS), metavar="plan|schedule|review")


@templates.command("lint", help_key="cli.templates_lint")
@click.argument("path", type=existing_file)
@template_doc_option
@lang_option("lang_session")
def templates_lint(path, doc, lang) -> None:
    """Check a Word or Markdown template: every problem with its place."""
    from generator.company.lint import lint_lines

    _session(lang)
    lines, code = lint_lines(path, doc)
    for line in lines:
        click.echo(line)
    raise SystemExit(code)


@templates.command("export", help_key="cli.templates_export")
@click.argument("folder", type=LocalPath(file_okay=False, path_type=Path))
@option("--force", "force", key="export_force", is_flag=True)
@lang_option("lang_demo")
def templates_export(folder, force, lang) -> None:
    """Copy our templates and our look (reference.docx) into FOLDER to start from."""
    from generator.company.export import export_templates
    from generator.outputs import EXAMPLES
    from generator.resources import examples_dir

    _session(lang)
    example = examples_dir() / EXAMPLES[lang or locales.current()]
    for path in export_templates(folder, example, force=force):
        click.echo(t("templates.export.written", path=path))
    click.echo(t("templates.export.next", folder=folder))


@templates.command("vars", help_key="cli.templates_vars")
@template_doc_option
@option("--word", "word", key="word", is_flag=True)
@lang_option("lang_session")
def templates_vars(doc, word, lang) -> None:
    """List every name a template may use, with its meaning."""
    from generator.company.names import listing_lines

    _session(lang)
    for line in listing_lines(doc, word):
        click.echo(line)


def main() -> None:
    """Console-script entry point; the process leaves without the interpreter's teardown.

    Freeing every object of WeasyPrint, matplotlib and the rendered documents one by one
    costs a `generate` 0.6-0.8 s after its work is done (bench/levers/quick_exit.py), and
    nothing in it matters to the user: files are written atomically and closed, temporary
    folders are context-managed. So the last exit handler (registered first, run last:
    after logging's, multiprocessing's and the non-daemon threads' joins) flushes the
    standard streams and ends the process with the command's status.
    """
    status = [1]  # NOTE: an exception click did not turn into an exit is Python's status 1
    atexit.register(_leave_now, status)
    try:
        cli(prog_name="campaign-docs")
    except SystemExit as done:
        status[0] = _exit_status(done.code)
        raise


def _exit_status(code: object) -> int:
    """The process status `sys.exit(code)` gives: None 0, an int itself, else 1 (printed)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _leave_now(status: list[int]) -> None:
    """Flush stdout and stderr (a closed pipe is no error here), then end the process."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status[0])


if __name__ == "__main__":
    main()
