"""A small process pool that knows which task each worker holds.

`concurrent.futures.ProcessPoolExecutor` turns one killed worker into `BrokenProcessPool`
for *every* pending future and kills the other workers too, so the innocent file on the
other core fails with it and both lose their warm-up. Here each worker has its own pipe: when
one dies (SIGKILL, the OOM killer) we know exactly which task it held, report that one,
start a fresh worker and carry on; the others keep running warm.

The worker side is `_worker_main`: warm up once, then receive a task, send its result, and
repeat; a worker is replaced after `max_tasks` tasks so memory stays flat on long batches.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Self

from generator.locales import Message, msg


@dataclass
class Died:
    """A worker ended while holding `task` (killed, crashed, or ran out of memory)."""

    task: Any
    exitcode: int | None
    timed_out: float | None = None  # the deadline it was stopped at, in seconds

    def describe(self) -> Message:
        """Why, in words: "was killed by SIGKILL" / "exited with status 1"."""
        if self.timed_out is not None:
            return msg("batch.died.timeout", seconds=f"{self.timed_out:g}")
        code = self.exitcode
        if code is None:
            return msg("batch.died.vanished")
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return msg("batch.died.killed", signal=name)
        return msg("batch.died.exited", code=code)


def _worker_main(conn, warm: Callable | None, warm_args: tuple, run: Callable) -> None:
    """The worker loop: warm once, then run tasks until told to stop (None) or the pipe closes."""
    # NOTE: Ctrl-C reaches the whole process group; the parent decides how to stop us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM as an exception, so `atomic_path` removes its temporary file on the way out.
    signal.signal(signal.SIGTERM, _raise_system_exit)
    if warm is not None:
        # NOTE: a failed warm-up is not fatal: the real task reports the same error per file
        with contextlib.suppress(Exception):
            warm(*warm_args)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        result = run(task)
        try:
            conn.send(result)
        except OSError:  # NOTE: the batch itself is gone (killed); nobody to report to
            return


def _raise_system_exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _sigint_ignored():
    """Ignore Ctrl-C for the duration (main thread only; elsewhere signals are not ours)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Worker:
    """One worker process, its pipe, and the task it holds."""

    def __init__(self, ctx, warm, warm_args, run) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, warm, warm_args, run),
                                daemon=True, name="campaign-docs-worker")
        # NOTE: an ignored SIGINT survives exec, so a Ctrl-C while the worker is still
        # starting up cannot print a KeyboardInterrupt traceback from inside it.
        with _sigint_ignored():
            self.proc.start()
        child.close()
        self.task: Any = None
        self.busy = False
        self.done = 0
        self.since = 0.0  # when it was given its task (time.monotonic)
        self.timed_out: float | None = None

    def give(self, task: Any) -> None:
        self.task, self.busy, self.since = task, True, time.monotonic()
        self.conn.send(task)

    def stop(self, timeout: float = 2.0) -> None:
        """Ask politely when idle; otherwise terminate, then kill if it will not go."""
        if self.proc.is_alive() and not self.busy:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.proc.join(timeout)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join(timeout)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout)
        self.conn.close()


class Pool:
    """Run `run(task)` for each task on `jobs` warmed worker processes.

    `results()` yields `(task, result)` as each finishes, or `(task, Died)` when the worker
    holding it died. Use as a context manager: leaving it (also on Ctrl-C) stops every worker.
    """

    def __init__(self, jobs: int, run: Callable, warm: Callable | None = None,
                 warm_args: tuple = (), max_tasks: int | None = None,
                 on_start: Callable[[Any], None] | None = None,
                 deadline: float | None = None) -> None:
        # NOTE: spawn, not fork: no inherited threads or locks, and the same on macOS.
        self._ctx = multiprocessing.get_context("spawn")
        self._spec = (warm, warm_args, run)
        self._jobs = max(1, jobs)
        self._max_tasks = max_tasks
        self._on_start = on_start
        # NOTE: the backstop behind the worker's own per-document limits: a worker stuck in
        # C code (where SIGALRM cannot interrupt) is killed after this many seconds.
        self._deadline = deadline
        self._workers: list[_Worker] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (terminating busy ones); a second Ctrl-C cannot cut this short."""
        with _sigint_ignored():
            for worker in self._workers:
                worker.stop()
        self._workers = []

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, *self._spec)
        self._workers.append(worker)
        return worker

    def _assign(self, worker: _Worker, pending: deque) -> None:
        if pending:
            task = pending.popleft()
            if self._on_start:
                self._on_start(task)
            worker.give(task)

    def results(self, tasks: list[Any]) -> Iterator[tuple[Any, Any]]:
        """Run `tasks`; yield `(task, result | Died)` in completion order."""
        pending = deque(tasks)
        for _ in range(min(self._jobs, len(pending))):
            self._assign(self._spawn(), pending)
        while any(w.busy for w in self._workers):
            busy = [w for w in self._workers if w.busy]
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                 timeout=1.0 if self._deadline else None)
            self._stop_overdue(busy)
            for worker in busy:
                outcome = self._collect(worker)
                if outcome is None:
                    continue
                yield outcome
                self._next(worker, pending)

    def _stop_overdue(self, busy: list[_Worker]) -> None:
        """Kill each worker that has held its task past the deadline."""
        if not self._deadline:
            return
        now = time.monotonic()
        for worker in busy:
            if now - worker.since > self._deadline and worker.proc.is_alive():
                worker.timed_out = self._deadline
                worker.proc.kill()
                worker.proc.join()

    def _collect(self, worker: _Worker) -> tuple[Any, Any] | None:
        """The finished task of `worker`, a `Died`, or None while it is still working."""
        try:
            if worker.conn.poll():
                result = worker.conn.recv()
                worker.busy, worker.done = False, worker.done + 1
                return worker.task, result
        except (EOFError, OSError):
            pass
        if worker.proc.is_alive():
            return None
        worker.proc.join()
        worker.busy = False
        return worker.task, Died(worker.task, worker.proc.exitcode, worker.timed_out)

    def _next(self, worker: _Worker, pending: deque) -> None:
        """Give `worker` the next task, replacing it first if it died or is due for recycling."""
        worn_out = self._max_tasks is not None and worker.done >= self._max_tasks
        if worker.proc.is_alive() and not worn_out:
            self._assign(worker, pending)
            return
        worker.stop()
        self._workers.remove(worker)
        if pending:
            self._assign(self._spawn(), pending)
