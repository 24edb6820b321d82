"""LibreOffice headless: find it, start it early, and lay DOCX files out as PDF.

The DOCX writer has no layout engine of its own, so the page numbers of its table of
contents come from LibreOffice's layout of the very file (writers/docx/toc_pages.py). This
module only runs LibreOffice: a private profile per run (so concurrent runs, and a user's
open LibreOffice, never share one), no standard input, a timeout after which the whole
process group is killed, and an `OfficeError` in the user's words for every failure.

Starting LibreOffice takes ~1.8 s before it reads a file. A `WarmOffice` is started when a
run knows it will write DOCX files, and boots on another core while the documents are
rendered; a conversion then hands its files to it (a second `soffice` with the same
profile passes its command line to the running one and waits for it), and pays only the
layout. Should the warm one not be there (failed, not ready in time, another system) the
conversion starts its own LibreOffice as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.errors import CampaignDocsError
from generator.locales import msg

# `CAMPAIGN_DOCS_SOFFICE=/path/to/soffice` picks an installation; `off` turns the layout
# step off (the test suite does, except where it tests it).
ENV_VAR = "CAMPAIGN_DOCS_SOFFICE"
OFF = ("off", "0", "no", "none", "false")
# Where the installers put it when it is not on PATH.
_KNOWN_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/opt/libreoffice/program/soffice",
)
# Seconds: LibreOffice starts in 1-3 s and lays a 10-page report out in about 1 s; a
# loaded machine takes several times that. Past this, something hangs.
TIMEOUT_BASE, TIMEOUT_PER_FILE = 60, 30
# The LibreOffice processes being waited for (generate waits in a thread of its own), with
# the process that started each (a forked child must not stop its parent's).
_RUNNING: dict[subprocess.Popen, int] = {}
# Seconds a conversion waits for a warm LibreOffice to be ready (it boots in ~2 s idle).
WARM_WAIT = 30
_PROFILE_ARGS = ("--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                 "--nolockcheck")


class OfficeError(CampaignDocsError):
    """LibreOffice could not lay the files out (missing, failed, timed out)."""


def find_soffice() -> str | None:
    """The LibreOffice program to run, or None (not installed, or turned off)."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen.lower() in OFF:
        return None
    if chosen:
        return shutil.which(chosen)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _KNOWN_PLACES if Path(place).is_file()), None)


class WarmOffice:
    """A headless LibreOffice started ahead of its conversions, in a profile of its own.

    Conversions reach it through LibreOffice's own single-instance pipe (what opens a file
    in an already running LibreOffice); its `--accept` pipe is made only to tell when it is
    ready. Only the process that started it stops it (`close`, or `stop_running`).
    """

    def __init__(self, soffice: str):
        self.soffice = soffice
        self.owner = os.getpid()
        self.profile = Path(tempfile.mkdtemp(prefix="campaign-docs-lo-"))
        self.pipe = f"campaign-docs-{os.getpid()}-{self.profile.name[-8:]}"
        self.process: subprocess.Popen | None = None
        self.pid: int | None = None
        # NOTE: a headless LibreOffice quits after a handed-over conversion when no document
        # is open in it; this empty one stays open so every conversion finds it running.
        keep_open = self.profile / "keep-open.txt"
        try:
            keep_open.write_bytes(b"")
            self.process = subprocess.Popen(
                [soffice, self.profile_arg, *_PROFILE_ARGS, f"--accept=pipe,name={self.pipe};urp;",
                 str(keep_open)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                **_new_group())
        except OSError:
            shutil.rmtree(self.profile, ignore_errors=True)
            return
        self.pid = self.process.pid
        _RUNNING[self.process] = self.owner

    def __getstate__(self) -> dict:
        """What another process on this machine needs to hand conversions over (a batch
        worker): everything but the process object, which only the starter waits for."""
        return {**self.__dict__, "process": None}

    @property
    def profile_arg(self) -> str:
        return f"-env:UserInstallation={self.profile.as_uri()}"

    def ready(self, wait: float = WARM_WAIT) -> bool:
        """Whether it runs and listens (waiting up to `wait` seconds for it to)."""
        # NOTE: LibreOffice makes its pipes in /tmp whatever TMPDIR says (osl/unx/pipe.cxx)
        socket = Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.pipe}")
        deadline = time.monotonic() + wait
        while self._running():
            if socket.exists():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return False

    def _running(self) -> bool:
        if self.process is not None and os.getpid() == self.owner:
            return self.process.poll() is None
        if self.pid is None:
            return False
        # NOTE: another process (a forked child, a batch worker) cannot wait for it (poll()
        # would read "ended"), and one that ended unreaped is still there as a zombie
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return False
        return stat.rpartition(")")[2].split()[0] not in ("Z", "X")

    def close(self) -> None:
        """Stop it (its whole process group) and remove its profile; only its starter does."""
        if os.getpid() != self.owner:
            return
        if self.process is not None:
            _RUNNING.pop(self.process, None)
            _kill_group(self.process)
            self.process = self.pid = None
        shutil.rmtree(self.profile, ignore_errors=True)


@contextlib.contextmanager
def warm_office(wanted: bool = True, shared: WarmOffice | None = None
                ) -> Iterator[WarmOffice | None]:
    """A LibreOffice booting while the block runs, stopped after it; None when not
    `wanted`, not installed or turned off, or not on Linux (where its pipes are known).
    `shared` (one a batch started for all its workers) is used as it is and left running."""
    if shared is not None:
        yield shared if wanted else None
        return
    soffice = find_soffice() if wanted and sys.platform.startswith("linux") else None
    office = WarmOffice(soffice) if soffice else None
    try:
        yield office
    finally:
        if office is not None:
            office.close()


def convert_to_pdf(paths: Sequence[Path], outdir: Path, soffice: str | None = None,
                   timeout: float | None = None,
                   warm: WarmOffice | None = None) -> dict[Path, Path]:
    """Lay every file out with LibreOffice in one call; {input: its PDF in `outdir`}.

    `warm` (a LibreOffice already started) does it when it is ready, else a LibreOffice of
    this call's own. The inputs need distinct stems (LibreOffice names each PDF after its
    input). Raises OfficeError when LibreOffice is missing, fails, times out or writes no PDF.
    """
    timeout = timeout or TIMEOUT_BASE + TIMEOUT_PER_FILE * len(paths)
    pdfs = {path: outdir / (path.stem + ".pdf") for path in paths}
    convert = ["--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)]
    if warm is not None and warm.ready():
        with contextlib.suppress(OfficeError):
            # NOTE: a failure here (it crashed, a file it choked on) is tried once more below
            _run([warm.soffice, warm.profile_arg, *_PROFILE_ARGS, *convert], timeout)
        if all(pdf.is_file() for pdf in pdfs.values()):
            return pdfs
    soffice = soffice or (warm.soffice if warm is not None else find_soffice())
    if not soffice:
        raise OfficeError(msg("errors.office.missing"))
    with tempfile.TemporaryDirectory(prefix="campaign-docs-lo-") as profile:
        _run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", *_PROFILE_ARGS,
              *convert], timeout)
    if not all(pdf.is_file() for pdf in pdfs.values()):
        raise OfficeError(msg("errors.office.no_output"))
    return pdfs


def _run(args: list[str], timeout: float) -> None:
    """Run LibreOffice in its own process group; kill the group when it overruns."""
    try:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, **_new_group())
    except OSError as exc:
        raise OfficeError(msg("errors.office.failed", detail=str(exc))) from exc
    _RUNNING[process] = os.getpid()
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise OfficeError(msg("errors.office.timeout", seconds=int(timeout))) from None
    finally:
        _RUNNING.pop(process, None)
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip()[-300:] or f"exit {process.returncode}"
        raise OfficeError(msg("errors.office.failed", detail=detail))


def stop_running() -> None:
    """Kill every LibreOffice this process is waiting for (its caller was interrupted;
    LibreOffice runs in a group of its own, so Ctrl-C does not reach it)."""
    for process, starter in list(_RUNNING.items()):
        if starter != os.getpid():
            continue
        # NOTE: only the kill here; the waiting thread reaps it (its communicate() returns)
        with contextlib.suppress(OSError):
            if sys.platform == "win32":
                process.kill()
            else:
                os.killpg(process.pid, signal.SIGKILL)


def _new_group() -> dict:
    """Popen arguments that put LibreOffice (oosplash and soffice.bin) in a group of its own."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the LibreOffice we started, children included, and reap it."""
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()
