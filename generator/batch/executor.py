"""The small interface a batch runs its tasks through, and the choice between its two kinds.

An executor takes the batch's `Task`s and yields `(task, Outcome | Died)` in completion
order; leaving it (also on Ctrl-C) stops whatever it started. The per-file job is the same
pure function on both (`worker.generate_one`, or `generate_detached` when the worker may be
on another machine), so the plan, the manifest, the report and the exit status do not know
which one ran:

- `pool.Pool`: our own process pool on this machine (`-j N`), warmed workers, one pipe each.
- `cluster.DaskExecutor`: a Dask distributed cluster (`--scheduler tcp://HOST:PORT`),
  through `Client.get_executor()`; Dask is an optional extra, imported only there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, Self


class Executor(Protocol):
    """Runs tasks somewhere; see the module docstring."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info) -> None: ...

    def results(self, tasks: list[Any]) -> Iterator[tuple[Any, Any]]:
        """Run `tasks`; yield `(task, Outcome | Died)` as each finishes."""
        ...


def open_executor(jobs: int, docs: tuple[str, ...], formats: tuple[str, ...],
                  scheduler: str | None, max_tasks: int | None,
                  on_start: Callable[[Any], None], deadline: float | None) -> Executor:
    """The cluster's executor when `scheduler` names one, else the local pool of `jobs`.

    `deadline`: seconds a local worker may hold one input before it is killed. A cluster's
    workers run tasks in threads, where the per-document limits cannot interrupt them
    (`limits.guard` needs the main thread): there Dask's own worker limits apply.
    """
    if scheduler:
        from generator.batch.cluster import DaskExecutor
        from generator.batch.worker import generate_detached

        # NOTE: a cluster does not say when a task starts: no `on_start`, and no warm-up
        # (its workers are long-lived; the first task on each pays the imports once).
        return DaskExecutor(scheduler, generate_detached)
    from generator.batch.pool import Pool
    from generator.batch.worker import generate_one, warm_up

    return Pool(jobs, generate_one, warm=warm_up, warm_args=(docs, formats),
                max_tasks=max_tasks, on_start=on_start, deadline=deadline)
