"""A batch on a Dask distributed cluster: `campaign-docs batch --scheduler tcp://HOST:PORT`.

Dask is an optional extra (`pip install 'campaign-docs[dask]'`); only this module imports
it, and only `executor.open_executor` imports this module, when `--scheduler` is given.

Tasks go through `Client.get_executor()` (the `concurrent.futures` interface) to the
pure per-file job `worker.generate_detached`: it writes into a private folder on whichever
machine runs it and returns the outputs' bytes, which the batch writes here, atomically.
So the workers need the same campaign-docs installed but no shared file system, and a task
cancelled or lost mid-way leaves nothing half-written in the output folder.

A worker that dies mid-task is Dask's to handle: the scheduler gives its task to another
worker, and only after `distributed.scheduler.allowed-failures` deaths on the same task
(3 by default) gives up on it with `KilledWorker`; that file alone fails, as with `-j`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Callable, Iterator
from typing import Any, Self

from generator.batch.pool import Died, sigint_ignored
from generator.errors import CampaignDocsError, UsageError
from generator.locales import msg

# Seconds to reach the scheduler before saying it is not there.
CONNECT_TIMEOUT = 20


class DaskExecutor:
    """Run `run(task)` for each task on the Dask cluster whose scheduler is at `address`."""

    def __init__(self, address: str, run: Callable[[Any], Any],
                 timeout: float | None = None) -> None:
        self._client = _connect(address, timeout or CONNECT_TIMEOUT)
        # NOTE: pure=False: the same answers twice are still two files to write.
        self._executor = self._client.get_executor(pure=False)
        self._run = run

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Cancel what has not finished and disconnect; the cluster itself keeps running."""
        with sigint_ignored():
            self._executor.shutdown(wait=False)  # NOTE: cancels the pending futures
            with contextlib.suppress(Exception):  # a scheduler gone away cannot be told
                self._client.close(timeout=5)

    def results(self, tasks: list[Any]) -> Iterator[tuple[Any, Any]]:
        """Run `tasks`; yield `(task, Outcome | Died)` in completion order."""
        futures = {self._executor.submit(self._run, task): task for task in tasks}
        for future in concurrent.futures.as_completed(futures):
            task = futures[future]
            try:
                yield task, future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, a worker without the package
                yield task, Died(task, None, reason=f"{type(exc).__name__}: {exc}")


def _connect(address: str, timeout: float):
    """A `distributed.Client` connected to `address`, or the reason in the user's words."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(msg("batch.cluster.missing")) from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise CampaignDocsError(msg("batch.cluster.unreachable", address=address,
                                    reason=str(exc) or type(exc).__name__)) from None
