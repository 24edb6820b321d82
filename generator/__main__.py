"""The command line: all click code lives here; each command imports its stage lazily.

Keeping WeasyPrint, matplotlib, python-docx and pydantic out of this module's imports is
what keeps `campaign-docs --help` as fast as importing click (see `make bench`).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator import __version__
from generator.generate import ALL_FORMATS as FORMATS  # light: generate imports stages lazily
from generator.generate import DOCS


def _csv_choice(allowed: tuple[str, ...]):
    """A click callback turning "a,b" into ("a", "b"), each checked against `allowed`."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None):
        if value is None:
            return None
        items = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
        unknown = [v for v in items if v not in allowed]
        if unknown or not items:
            raise click.BadParameter(
                f"{', '.join(unknown) or 'nothing'} is not one of {', '.join(allowed)} "
                f"(separate several with commas, e.g. {allowed[0]},{allowed[1]})"
            )
        return items

    return convert


def _default_lang() -> str:
    """zh unless the locale says English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)
lang_option = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None,
    help="Language of the questions and documents (default: from the locale, else zh).",
)
doc_option = click.option(
    "--doc", "docs", callback=_csv_choice(DOCS), default=None, metavar="plan,schedule,review",
    help="Which documents (default: all three).",
)
format_option = click.option(
    "--format", "formats", callback=_csv_choice(FORMATS), default=None,
    metavar="docx,pdf,xlsx,html,md,ics", help="Which formats (default: docx,pdf,xlsx).",
)
outdir_option = click.option(
    "-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"), show_default=True, help="Folder for the documents.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="campaign-docs")
def cli() -> None:
    """Campaign plans, schedule sheets and review reports from one questionnaire.

    \b
    Start here:   campaign-docs demo            (every document for an example campaign)
    Your own:     campaign-docs new -o my.yaml  then  campaign-docs generate my.yaml
    """


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Answers file to write (default: derived from the theme).")
@click.option("--resume", type=existing_file, default=None, help="Carry on a saved file.")
@lang_option
@click.option("--defaults", is_flag=True, help="Take every default without asking.")
@click.option("--set", "presets", multiple=True, metavar="KEY=VALUE",
              help="Preset an answer, e.g. --set campaign.budget=50000 (repeatable).")
@click.option("--no-input", is_flag=True, help="Never ask; fail listing missing answers.")
def new(output, resume, lang, defaults, presets, no_input) -> None:
    """Answer the questionnaire; saves after every answer."""
    from generator.questionnaire.session import run_new

    run_new(output=output, resume=resume, lang=lang or _default_lang(), use_defaults=defaults,
            presets=presets, no_input=no_input)


@cli.command()
@click.argument("file", type=existing_file)
@click.option("--section", default=None, help="Only this section (e.g. goals, channels).")
@lang_option
def edit(file, section, lang) -> None:
    """Ask again with the saved answers as defaults."""
    from generator.questionnaire.session import run_edit

    run_edit(file, section=section, lang=lang)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=existing_file)
def check(files) -> None:
    """Validate and lint answer files; exit non-zero on errors."""
    from generator.answers.checks import check_files

    raise SystemExit(check_files(files))


@cli.command()
@click.argument("file", type=existing_file)
@doc_option
@format_option
@outdir_option
def generate(file, docs, formats, outdir) -> None:
    """Write the documents for one answers file."""
    from generator.generate import generate_file

    for path in generate_file(file, docs=docs, formats=formats, outdir=outdir):
        click.echo(path)


@cli.command()
@click.argument("file", type=existing_file)
@click.option("--from-xlsx", "workbook", type=existing_file, default=None,
              help="Read the actuals from the filled-in review workbook.")
@lang_option
def results(file, workbook, lang) -> None:
    """Record the campaign's actual numbers into the answers file."""
    from generator.results import record_results

    record_results(file, workbook=workbook, lang=lang)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@doc_option
@format_option
@outdir_option
@click.option("--force", is_flag=True, help="Regenerate even when nothing changed.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a JSON summary here.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
@click.option("-v", "--verbose", is_flag=True, help="A line per file.")
def batch(paths, jobs, docs, formats, outdir, force, report, quiet, verbose) -> None:
    """Regenerate documents for many answer files at once."""
    from generator.batch.run import run_batch

    raise SystemExit(run_batch(paths, jobs=jobs, docs=docs, formats=formats, outdir=outdir,
                               force=force, report=report, quiet=quiet, verbose=verbose))


@cli.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output/demo"), show_default=True, help="Folder for the documents.")
@lang_option
def demo(outdir, lang) -> None:
    """Every document for the bundled example campaign."""
    from generator.generate import generate_demo

    for path in generate_demo(outdir, lang=lang):
        click.echo(path)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the answers file (for editors)."""
    from generator.answers.model import json_schema_text

    click.echo(json_schema_text())


@cli.command()
def doctor() -> None:
    """Check Pango, the CJK font and the libraries; say how to fix what is missing."""
    from generator.doctor import run_doctor

    raise SystemExit(run_doctor())


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="campaign-docs")


if __name__ == "__main__":
    main()
