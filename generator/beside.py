"""A function run in a forked process beside this one, its result (or error) sent back.

`generate` writes its documents on several cores this way (generate.py): each child is
forked once the documents are rendered, so it starts with them in memory and pays no import
or render again; it writes its share of the files and sends back their paths. Only where fork
is the real thing (Linux) and this process may have children (not a batch worker, which is
a daemon and already one of several).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any

from generator.errors import RenderError
from generator.locales import msg


def spare_cores() -> int:
    """The cores this process may use, or 0 when it cannot fork a child here (not Linux,
    or a daemon process)."""
    if not sys.platform.startswith("linux") or multiprocessing.current_process().daemon:
        return 0
    return len(os.sched_getaffinity(0))


class Beside:
    """`fn()` running in a forked child; `result()` waits for it, `stop()` ends it."""

    def __init__(self, fn: Callable[[], Any], what: str):
        context = multiprocessing.get_context("fork")
        self.what = what
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(fn, sender), daemon=True,
                                         name="campaign-docs-beside")
        self._process.start()
        sender.close()  # NOTE: so the child's end closing (it died) reads as EOF here

    def result(self) -> Any:
        """The child's return value; its error raised here; a child that died without
        answering (killed, out of memory) is a RenderError naming what it was writing."""
        try:
            kind, value = self._answer.recv()
        except (EOFError, OSError):
            self._process.join()
            raise RenderError(msg("errors.render.beside_died", files=self.what,
                                  code=self._process.exitcode)) from None
        self._process.join()
        if kind == "error":
            raise value
        return value

    def interrupt(self) -> Any:
        """Stop the child as Ctrl-C would and return its answer (None if it gave none).

        A Ctrl-C at the terminal reached the child too, so its answer comes at once;
        otherwise it gets a SIGINT of its own after `patience` seconds, and is killed
        after as many more.
        """
        patience = 2.0
        for nudge in (False, True):
            if nudge and self._process.is_alive():
                with contextlib.suppress(OSError):
                    os.kill(self._process.pid, signal.SIGINT)
            if self._answer.poll(patience):
                with contextlib.suppress(BaseException):
                    return self.result()
                break
        self.stop()
        return None

    def stop(self) -> None:
        """End the child now (the run was interrupted or failed) and reap it."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _child(fn: Callable[[], Any], sender: Any) -> None:
    """In the child: run `fn`, send ("ok", value) or ("error", the exception)."""
    try:
        value = fn()
    except BaseException as exc:  # noqa: BLE001 — every failure goes back to the parent
        answer = ("error", sendable(exc))
    else:
        answer = ("ok", value)
    # NOTE: a second Ctrl-C must not cut the answer short: the parent waits for it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sender.send(answer)
    sender.close()


def sendable(exc: BaseException) -> BaseException:
    """`exc` when it survives pickling, else a RenderError with its words."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 — any exception type may refuse to pickle
        return RenderError(str(exc) or type(exc).__name__)
