"""What a batch tells the user: per-file lines, the closing summary, the --report JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator import __version__
from generator.atomic import write_text
from generator.batch.item import Item
from generator.batch.progress import Progress


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
            self._echo(f"FAILED {item.error}")
        elif self.verbose and item.status == "generated":
            self._echo(f"ok      {item.source} -> {item.slug}/ ({item.seconds:.1f} s)")
        elif self.verbose and item.status == "skipped":
            self._echo(f"same    {item.source} (unchanged since last run)")

    def summary(self, items: list[Item], seconds: float, outdir: Path, interrupted: bool) -> None:
        """The closing lines: counts, where the outputs are, every failure again."""
        done = {s: sum(i.status == s for i in items) for s in ("generated", "skipped", "failed")}
        pending = sum(i.status == "pending" for i in items)
        head = "Interrupted" if interrupted else "Done"
        text = (f"{head}: {done['generated']} generated, {done['skipped']} unchanged, "
                f"{done['failed']} failed of {len(items)} in {seconds:.1f} s -> {outdir}/")
        if pending:
            text += f"; {pending} left to do (run the same command again to continue)"
        click.echo(text)
        failed = [i for i in items if i.status == "failed"]
        if failed:
            click.echo("Failed:", err=True)
            for item in failed:
                click.echo("  " + item.error.replace("\n", "\n  "), err=True)
