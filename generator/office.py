"""LibreOffice headless: find it, and lay DOCX files out as PDF in one call.

The DOCX writer has no layout engine of its own, so the page numbers of its table of
contents come from LibreOffice's layout of the very file (writers/docx/toc_pages.py). This
module only runs LibreOffice: a private profile per call (so concurrent runs, and a user's
open LibreOffice, never share one), no standard input, a timeout after which the whole
process group is killed, and an `OfficeError` in the user's words for every failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
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
# The LibreOffice processes being waited for (generate waits in a thread of its own).
_RUNNING: set[subprocess.Popen] = set()


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


def convert_to_pdf(paths: Sequence[Path], outdir: Path, soffice: str | None = None,
                   timeout: float | None = None) -> dict[Path, Path]:
    """Lay every file out with LibreOffice in one call; {input: its PDF in `outdir`}.

    The inputs need distinct stems (LibreOffice names each PDF after its input).
    Raises OfficeError when LibreOffice is missing, fails, times out or writes no PDF.
    """
    soffice = soffice or find_soffice()
    if not soffice:
        raise OfficeError(msg("errors.office.missing"))
    timeout = timeout or TIMEOUT_BASE + TIMEOUT_PER_FILE * len(paths)
    with tempfile.TemporaryDirectory(prefix="campaign-docs-lo-") as profile:
        args = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)]
        _run(args, timeout)
    pdfs = {path: outdir / (path.stem + ".pdf") for path in paths}
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
    _RUNNING.add(process)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise OfficeError(msg("errors.office.timeout", seconds=int(timeout))) from None
    finally:
        _RUNNING.discard(process)
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip()[-300:] or f"exit {process.returncode}"
        raise OfficeError(msg("errors.office.failed", detail=detail))


def stop_running() -> None:
    """Kill every LibreOffice this process is waiting for (its caller was interrupted;
    LibreOffice runs in a group of its own, so Ctrl-C does not reach it)."""
    for process in list(_RUNNING):
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
