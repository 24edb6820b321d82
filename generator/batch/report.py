"""What a batch tells the user: per-file lines, the closing summary, the --report JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator import __version__
from generator.atomic import write_text
from generator.batch.item import Item
from generator.batch.progress import Progress
from generator.locales import t


def write_report(path: Path, items: list[Item], seconds: float, interrupted: bool,
                 jobs: int) -> None:
    """The --report JSON: totals, then per input status, outputs, seconds, error."""
    counts = {s: sum(i.status == s for i in items)
              for s in ("generated", "skipped", "failed", "pending")}
    data = {"tool": "campaign-docs", "version": __version__, "seconds": round(seconds, 3),
            "jobs": jobs, "interrupted": interrupted, "total": len(items),
            **counts, "inputs": [i.as_report() for i in items]}
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class Printer:
    """Everything the user reads: per-file lines (verbose), failures, the summary."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.progress: Progress | None = None
        self.progress_enabled = None if not quiet else False

    def _echo(self, message: str) -> None:
        if self.progress is not None:
            self.progress.echo(message)
        else:
            click.echo(message, err=True)

    def verbose_line(self, message: str) -> None:
        """Only with --verbose."""
        if self.verbose:
            self._echo(message)

    def item(self, item: Item) -> None:
        """A finished input: failures always (unless --quiet), the rest with --verbose."""
        if item.status == "failed" and not self.quiet:
            self._echo(t("batch.line.failed", error=item.error_text()))
        elif self.verbose and item.status == "generated":
            self._echo(t("batch.line.generated", file=item.source, slug=item.slug,
                         seconds=f"{item.seconds:.1f}"))
        elif self.verbose and item.status == "skipped":
            self._echo(t("batch.line.unchanged", file=item.source))
        if not self.quiet:
            for line in item.kept_lines():
                self._echo(line)

    def summary(self, items: list[Item], seconds: float, outdir: Path, interrupted: bool) -> None:
        """The closing lines: counts, where the outputs are, every failure again."""
        done = {s: sum(i.status == s for i in items) for s in ("generated", "skipped", "failed")}
        pending = sum(i.status == "pending" for i in items)
        text = t("batch.summary.interrupted" if interrupted else "batch.summary.done",
                 generated=done["generated"], unchanged=done["skipped"], failed=done["failed"],
                 total=len(items), seconds=f"{seconds:.1f}", outdir=f"{outdir}/")
        if pending:
            text += t("batch.summary.pending", n=pending)
        click.echo(text)
        failed = [i for i in items if i.status == "failed"]
        if failed:
            click.echo(t("batch.summary.failed"), err=True)
            for item in failed:
                click.echo("  " + (item.error_text() or "").replace("\n", "\n  "), err=True)
