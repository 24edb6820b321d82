"""The batch's progress line on stderr: files done / total, failures, ETA, current file.

Drawn only when stderr is a terminal (a log file or CI gets the per-file lines and the
summary, not a hundred carriage returns). One line, redrawn in place, cut to the terminal
width so it never wraps.
"""

from __future__ import annotations

import shutil
import sys
import time

import click

from generator.locales import t


def _clock(seconds: float) -> str:
    """`42s`, `3m05s`, `1h02m` (zh: `42秒`, `3分05秒`, `1小时02分`)."""
    seconds = round(seconds)
    if seconds < 60:
        return t("batch.clock.seconds", s=seconds)
    if seconds < 3600:
        return t("batch.clock.minutes", m=seconds // 60, s=seconds % 60)
    return t("batch.clock.hours", h=seconds // 3600, m=seconds % 3600 // 60)


class Progress:
    """A progress line for `total` files; `enabled=False` makes every call a no-op draw."""

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.current = ""
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._started = time.monotonic()
        self._shown = False

    def start(self, name: str) -> None:
        """A worker picked up `name`."""
        self.current = name
        self.draw()

    def advance(self, failed: bool) -> None:
        """One more file finished (generated or failed)."""
        self.done += 1
        self.failed += int(failed)
        self.draw()

    def line(self) -> str:
        """The text of the progress line (without the carriage return)."""
        width = len(str(self.total))
        bar_cells = 20
        filled = bar_cells * self.done // max(self.total, 1)
        text = f"[{'#' * filled}{'.' * (bar_cells - filled)}] {self.done:>{width}}/{self.total}"
        if self.failed:
            text += "  " + t("batch.progress.failed", n=self.failed)
        if 0 < self.done < self.total:
            elapsed = time.monotonic() - self._started
            text += "  " + t("batch.progress.eta",
                             time=_clock(elapsed / self.done * (self.total - self.done)))
        if self.current and self.done < self.total:
            text += f"  {self.current}"
        return text

    def draw(self) -> None:
        """Redraw the line in place (stderr only, terminals only)."""
        if not self.enabled:
            return
        columns = shutil.get_terminal_size((80, 24)).columns
        click.echo("\r" + self.line()[: columns - 1] + "\x1b[K", nl=False, err=True)
        self._shown = True

    def clear(self) -> None:
        """Erase the line so a message can be printed in its place."""
        if self.enabled and self._shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self._shown = False

    def echo(self, message: str, err: bool = True) -> None:
        """Print a full line above the progress line, then redraw it."""
        self.clear()
        click.echo(message, err=err)
        self.draw()
