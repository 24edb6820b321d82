"""What a batch worker process does: warm up once, then write one input's documents per task.

Imported in the worker processes (spawned), so it stays light at import time; the heavy
libraries are imported by `warm_up`, once per worker, not per document.
"""

from __future__ import annotations

import os
import resource
import socket
import tempfile
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.batch.manifest import remove_stale_temporaries, sha256_file
from generator.errors import AnswersError, CampaignDocsError, Problem
from generator.generate import write_documents
from generator.locales import Message, listing, msg


@dataclass
class Task:
    """One input to generate: the parsed answers travel with it (pickled), not the path."""

    source: str  # the answers file, as the user named it
    slug: str
    answers: Any  # generator.model.Answers
    docs: tuple[str, ...]
    formats: tuple[str, ...] | None
    outdir: str
    key: str  # manifest.input_key of these answers
    answers_sha: str
    index: int = 0  # position in the batch, for progress
    keep: tuple[str, ...] = ()  # outputs the user changed since: not written over
    templates: Any = None  # company/config.py: Templates, None for ours
    limits: Any = None  # generator.limits.Limits per document (None: the defaults)
    previous: Any = None  # compare.Previous: the earlier campaign the review compares with
    office: Any = None  # office.WarmOffice the batch started: DOCX layouts are handed to it


@dataclass
class Outcome:
    """What a worker sends back: outputs with their hashes, or the error in words."""

    ok: bool
    outputs: dict[str, str] = field(default_factory=dict)  # path relative to outdir -> sha256
    seconds: float = 0.0
    # NOTE: Messages and Problems, not text: the parent words them in the session language.
    error: str | Message | None = None
    problems: list[Problem] = field(default_factory=list)
    detail: str | None = None  # traceback of an unexpected error (a bug), for --report
    worker: dict = field(default_factory=dict)  # pid, tasks done, memory (for the benchmark)
    # Detached runs (a cluster): the outputs' bytes, path relative to outdir -> bytes; the
    # batch writes them where it runs, so the workers need no access to its files.
    files: dict[str, bytes] = field(default_factory=dict)


_TASKS_DONE = 0


def warm_up(docs: tuple[str, ...], formats: tuple[str, ...] | None = None) -> None:
    """Import the writers and render one tiny document, so fonts and caches are loaded once.

    The imports are the point of this function: they happen once per worker, before its
    first task, instead of inside the first file's timing. Only the writers of `formats`
    are warmed (a Markdown-only batch does not lay out a PDF first).
    """
    from generator.render import templating  # noqa: F401 - Jinja2 and Markdown
    from generator.render.document import Document

    formats = tuple(formats or ("docx", "pdf", "xlsx"))

    if "review" in docs and {"docx", "pdf", "html"} & set(formats):
        import matplotlib  # noqa: F401 - charts are drawn only for the review report

        from generator.views import charts  # noqa: F401
    if "xlsx" in formats:
        import openpyxl  # noqa: F401

    sample = Document(kind="plan", lang="zh", title="预热", subtitle="预热 warm-up",
                      header="预热", html="<h1>一、预热</h1><p>中文 English 123</p>")
    with tempfile.TemporaryDirectory(prefix="campaign-docs-warm-") as folder:
        if "pdf" in formats:
            from generator.writers.pdf import write_pdf

            write_pdf(sample, Path(folder) / "warm.pdf")
        if "docx" in formats:
            from generator.writers.docx.document import write_docx

            write_docx(sample, Path(folder) / "warm.docx")


def generate_one(task: Task) -> Outcome:
    """Write every document of `task` into `outdir/<slug>/`; never raises (errors are data)."""
    global _TASKS_DONE
    started = time.perf_counter()
    try:
        outputs = _write(task)
        outcome = Outcome(ok=True, outputs=outputs)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        outcome = _failure(exc, task.source)
    _TASKS_DONE += 1
    outcome.seconds = round(time.perf_counter() - started, 3)
    outcome.worker = _worker_stats()
    return outcome


def generate_detached(task: Task) -> Outcome:
    """`generate_one` for a worker on another machine: a pure function of the task.

    Writes into a private temporary folder and returns the outputs' bytes in
    `Outcome.files` (named relative to the batch's outdir, as in `Outcome.outputs`), so the
    worker needs no access to the batch's files and a worker lost mid-task leaves nothing
    half-written anywhere the user looks. Never raises (errors are data).
    """
    missing = task.templates.missing() if task.templates is not None else []
    if missing:  # NOTE: the template paths are the batch machine's; this worker lacks them
        return Outcome(ok=False, error=msg(
            "batch.cluster.templates_missing", file=task.source, host=socket.gethostname(),
            paths=listing(str(path) for path in missing)))
    with tempfile.TemporaryDirectory(prefix="campaign-docs-task-") as folder:
        private = replace(task, outdir=folder, keep=tuple(
            str(Path(folder) / Path(path).relative_to(task.outdir)) for path in task.keep))
        outcome = generate_one(private)
        if outcome.ok:
            outcome.files = {rel: (Path(folder) / rel).read_bytes() for rel in outcome.outputs}
    if outcome.detail:  # NOTE: the traceback names the private folder; say the user's
        outcome.detail = outcome.detail.replace(folder, task.outdir)
    return outcome


def _write(task: Task) -> dict[str, str]:
    """Run the library's `write_documents` with the batch layout; hash what it wrote."""
    outdir = Path(task.outdir)
    folder = outdir / task.slug
    remove_stale_temporaries(folder)  # NOTE: left by a worker killed in an earlier run

    def path_for(doc: str, ext: str) -> Path:
        return folder / f"{doc}.{ext}"

    written = write_documents(task.answers, task.docs, task.formats, path_for,
                              keep={Path(p) for p in task.keep}, limits=task.limits,
                              templates=task.templates, source=task.source,
                              previous=task.previous, warm=task.office)
    return {Path(p).relative_to(outdir).as_posix(): sha256_file(Path(p)) for p in written}


def _failure(exc: Exception, source: str) -> Outcome:
    """Turn an exception into an Outcome: a sentence naming the file, or the problems."""
    if isinstance(exc, AnswersError):
        return Outcome(ok=False, problems=exc.problems)
    if isinstance(exc, CampaignDocsError):
        return Outcome(ok=False, error=msg("batch.file_error", file=source, error=exc.message))
    return Outcome(ok=False, detail=traceback.format_exc(),
                   error=msg("batch.unexpected", file=source, kind=type(exc).__name__,
                             detail=str(exc)[:300]))


def _worker_stats() -> dict:
    """This worker's pid, tasks done, current and peak resident memory in MiB."""
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    try:
        with open("/proc/self/statm") as handle:
            rss_pages = int(handle.read().split()[1])
        rss_mib = rss_pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        rss_mib = None
    return {"pid": os.getpid(), "tasks": _TASKS_DONE, "peak_rss_mib": round(peak_kib / 1024, 1),
            "rss_mib": None if rss_mib is None else round(rss_mib, 1)}
