"""Resource limits per document: time and memory, so one huge input cannot stall a run.

`guard(limits, what)` runs a block (rendering one document into one format) under a time
limit (SIGALRM) and a memory limit (a watchdog thread reading this process's resident
memory; the memory counted is what the block adds, so a warm batch worker's caches do not
count against the next document). Over either limit the block is interrupted and a
`ResourceLimitError` names the document, the limit and how to raise it; a batch reports it
for that input and carries on.

The limits come from `--time-limit` / `--memory-limit`, else the environment
(`CAMPAIGN_DOCS_TIME_LIMIT` seconds, `CAMPAIGN_DOCS_MEMORY_LIMIT` MB), else the defaults.
0 switches a limit off.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import CampaignDocsError, ExitCode
from generator.locales import msg

DEFAULT_SECONDS = 120.0  # the 5,000-task schedule's PDF took 108 s before it was refused
DEFAULT_MEGABYTES = 1536  # what one document may add; a normal one adds 50-300 MB
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Limits:
    """Per-document limits; None or 0 means no limit."""

    seconds: float | None = DEFAULT_SECONDS
    megabytes: float | None = DEFAULT_MEGABYTES


class ResourceLimitError(CampaignDocsError):
    """A document went over its time or memory limit."""

    exit_code = ExitCode.RENDER_FAILED


class _LimitHit(BaseException):
    """Raised inside the guarded block; a BaseException so no `except Exception` in a
    library (WeasyPrint logs and carries on after many errors) can swallow it."""


def resolve(seconds: float | None = None, megabytes: float | None = None) -> Limits:
    """The limits to use: the given ones, else the environment's, else the defaults."""
    return Limits(
        seconds=_pick(seconds, "CAMPAIGN_DOCS_TIME_LIMIT", DEFAULT_SECONDS),
        megabytes=_pick(megabytes, "CAMPAIGN_DOCS_MEMORY_LIMIT", DEFAULT_MEGABYTES))


def _pick(given: float | None, variable: str, default: float) -> float | None:
    if given is None:
        try:
            given = float(os.environ.get(variable, default))
        except ValueError:
            given = default
    return given if given > 0 else None


@contextlib.contextmanager
def guard(limits: Limits | None, what: str) -> Iterator[None]:
    """Run the block under `limits`; over one, raise ResourceLimitError naming `what`."""
    if limits is None or threading.current_thread() is not threading.main_thread():
        yield  # NOTE: signals reach only the main thread; a library caller's thread runs free
        return
    hit: list[str] = []
    active = [True]

    def interrupt(signum, frame) -> None:
        if active[0]:  # NOTE: a signal landing after the block ended is ignored
            raise _LimitHit(hit[0] if hit else "time")

    previous = signal.signal(signal.SIGALRM, interrupt)
    watchdog = _Watchdog(limits.megabytes, hit) if limits.megabytes else None
    try:
        if limits.seconds:
            signal.setitimer(signal.ITIMER_REAL, limits.seconds)
        if watchdog:
            watchdog.start()
        yield
    except _LimitHit as exc:
        raise ResourceLimitError(_sentence(str(exc), what, limits)) from None
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if watchdog:
            watchdog.stop()
        signal.signal(signal.SIGALRM, previous)


def _sentence(kind: str, what: str, limits: Limits):
    if kind == "memory":
        return msg("errors.limit.memory", what=what, limit=f"{limits.megabytes:g}")
    return msg("errors.limit.time", what=what, limit=f"{limits.seconds:g}")


class _Watchdog:
    """Polls resident memory; over the limit it interrupts the main thread (SIGALRM)."""

    def __init__(self, megabytes: float, hit: list[str]) -> None:
        self.hit = hit
        start = resident_megabytes()
        self.ceiling = None if start is None else start + megabytes
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="campaign-docs-memory",
                                       daemon=True)

    def start(self) -> None:
        if self.ceiling is not None:
            self.thread.start()

    def stop(self) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()

    def _run(self) -> None:
        while not self.done.wait(POLL_SECONDS):
            now = resident_megabytes()
            if now is not None and now > self.ceiling:
                self.hit.append("memory")
                signal.pthread_kill(threading.main_thread().ident, signal.SIGALRM)
                return


def resident_megabytes() -> float | None:
    """This process's resident memory in MB (Linux /proc), or None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
