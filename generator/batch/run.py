"""`campaign-docs batch`: many answer files, parallel, resilient, incremental.

Stages, in order: find the inputs (files, folders, globs) -> plan (hash each input; parse the
new or changed ones; slug collisions; skip what the manifest says is up to date) -> run the
rest on an executor (`executor`: warmed local worker processes, or a Dask cluster) -> record
each success in the manifest as it lands -> summary, JSON report, exit status. Nothing here
imports WeasyPrint or matplotlib: the workers do (`worker.warm_up`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import time
import traceback
from pathlib import Path

from generator import office
from generator.answers.checks import load_checked
from generator.answers.load import MAX_BYTES
from generator.atomic import write_bytes
from generator.batch.executor import open_executor
from generator.batch.item import Item
from generator.batch.manifest import (
    Manifest,
    input_key,
    remove_stale_temporaries,
    sha256_bytes,
    templates_fingerprint,
)
from generator.batch.pool import Died
from generator.batch.progress import Progress
from generator.batch.report import Printer, write_report
from generator.batch.worker import Task
from generator.compare import compare_digest, load_previous, predecessor
from generator.errors import (
    AnswersError,
    CampaignDocsError,
    ExitCode,
    Problem,
    UsageError,
)
from generator.generate import DEFAULT_FORMATS, DOCS, kept_outputs, plan_outputs
from generator.inputs import read_input
from generator.limits import Limits, resolve
from generator.locales import listing, msg
from generator.resources import templates_dir

# NOTE: a fresh worker per this many files keeps memory flat on long batches (WeasyPrint and
# fontconfig caches grow); re-warming costs ~2 s, once per 50 files.
MAX_FILES_PER_WORKER = 50


def run_batch(paths, jobs=None, docs=None, formats=None, outdir=Path("output"), force=False,
              report=None, quiet=False, verbose=False, limits: Limits | None = None,
              scheduler: str | None = None, templates=None,
              compare_previous: bool = False) -> int:
    """Generate the documents of every answers file under `paths`; return the exit code.

    `limits`: per document time and memory (default `limits.resolve()`); a document over
    them fails its input with a sentence and the batch carries on. `scheduler`
    (tcp://HOST:PORT) runs them on that Dask cluster instead of `jobs` local processes.
    `templates` (company/config.py: Templates): the company's, their files part of each
    input's manifest key, so changing one regenerates. `compare_previous`: each review
    whose answers name no `compare_with` compares with its predecessor in the batch
    (`compare.predecessor`: same folder and purpose, ended before it, the latest).
    """
    limits = limits or resolve()
    started = time.perf_counter()
    outdir = Path(outdir)
    jobs = jobs or _cores()
    docs = tuple(docs or DOCS)
    formats = tuple(formats or DEFAULT_FORMATS)
    items = [Item(source=str(p)) for p in discover(paths)]
    say = Printer(quiet, verbose)
    interrupted = False
    try:
        with _terminate_as_interrupt():
            todo = plan_items(items, docs, formats, outdir, force, say, templates,
                              compare_previous)
            run_items(todo, formats, jobs, outdir, say, limits, scheduler, templates)
    except KeyboardInterrupt:
        interrupted = True
    seconds = time.perf_counter() - started
    say.summary(items, seconds, outdir, interrupted)
    if report is not None:
        write_report(Path(report), items, seconds, interrupted, jobs)
    if interrupted:
        return ExitCode.INTERRUPTED
    return ExitCode.ERROR if any(i.status == "failed" for i in items) else ExitCode.OK


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a CI timeout, `kill`) stops the batch like Ctrl-C: workers stopped, summary."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals to the caller
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------- finding the inputs

def discover(paths) -> list[Path]:
    """Answers files named by `paths`: files, folders (recursive *.yaml/*.yml) or globs."""
    found: dict[Path, Path] = {}
    for raw in paths:
        for path in _expand(str(raw)):
            found.setdefault(path.resolve(), path)  # NOTE: a file named twice runs once
    if not found:
        raise UsageError(msg("batch.no_inputs", paths=listing(str(p) for p in paths)))
    return sorted(found.values(), key=lambda p: str(p))


def _expand(raw: str) -> list[Path]:
    """One command-line PATH -> the answers files it names."""
    path = Path(raw)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml")
                      and p.is_file() and not _hidden(p.relative_to(path)))
    if path.exists():
        return [path]  # NOTE: a FIFO or a device too: the reader names what it is
    if glob.has_magic(raw):
        matches = [Path(m) for m in sorted(glob.glob(raw, recursive=True))]
        return [m for m in matches if m.is_file() and m.suffix.lower() in (".yaml", ".yml")]
    raise UsageError(msg("batch.no_such_path", path=raw))


def _hidden(relative: Path) -> bool:
    """Skip dot-folders (.git, a previous output's temporaries) inside a searched folder."""
    return any(part.startswith(".") for part in relative.parts)


# ---------------------------------------------------------------- planning

def plan_items(items: list[Item], docs, formats, outdir: Path, force: bool, say,
               templates=None, compare_previous: bool = False) -> list[Item]:
    """Read, parse and check every input; return those that need generating."""
    pairs = plan_outputs(docs, formats)  # NOTE: the UsageError for an empty request is here
    manifest = Manifest.load(outdir)
    # NOTE: code changes count through __version__ only (bump it, or use --force in a checkout)
    fingerprint = templates_fingerprint(templates_dir())
    if templates is not None and templates.fingerprint():
        fingerprint += f"\ncompany {templates.fingerprint()}"
    for item in items:
        alone(item, _read_and_parse, manifest, say)
    _flag_slug_collisions(items)
    if compare_previous:
        _choose_predecessors(items, say)
    todo = []
    for item in items:
        if item.status == "failed":
            continue
        alone(item, _plan_one, pairs, manifest, fingerprint, outdir, force, say)
        if item.status == "pending":
            todo.append(item)
    return todo


def _choose_predecessors(items: list[Item], say) -> None:
    """Each input's predecessor among the batch's campaigns (every input parsed for it)."""
    for item in items:
        if item.status != "failed" and item.answers is None:
            _parse(item, say)
    campaigns = [(item.source, item.answers) for item in items if item.status != "failed"]
    for item in items:
        if item.status != "failed":
            item.predecessor = predecessor(item.source, item.answers, campaigns)


def alone(item: Item, step, *args) -> None:
    """Run one input's `step`; any failure becomes that input's reported failure.

    The one place where the batch isolates inputs while it reads and plans them: our own
    errors keep their sentence (file, line, field), anything else (a bug) is named with
    the file and its traceback goes to the --report; the other inputs carry on.
    """
    try:
        step(item, *args)
    except AnswersError as exc:
        item.fail(problems=exc.problems)
    except CampaignDocsError as exc:
        item.fail(problems=[Problem(item.source, None, "", exc.message)])
    except Exception as exc:  # noqa: BLE001 - one bad input must never stop the batch
        item.fail(unexpected(item.source, exc))
        item.detail = traceback.format_exc()


def unexpected(source: str, exc: BaseException):
    """The sentence for an error we did not foresee, naming the input it happened on."""
    return msg("batch.unexpected", file=source, kind=type(exc).__name__,
               detail=str(exc)[:300])


def _plan_one(item: Item, pairs, manifest: Manifest, fingerprint: str, outdir: Path,
              force: bool, say) -> None:
    """Decide whether `item` needs generating: skipped (up to date) or left pending."""
    wanted = _wanted_outputs(item.slug, pairs)
    item.compare_with = (getattr(item.answers, "compare_with", None) if item.answers is not None
                         else manifest.compare_with(item.slug))
    compare = item.compare_with or item.predecessor  # the answers' own choice wins
    key = input_key(item.answers_sha + compare_digest(item.source, compare), fingerprint)
    stale = list(wanted) if force else manifest.stale_docs(item.slug, key, wanted)
    if stale and not force:
        stale = _keep_users_files(item, manifest, key, wanted, stale, outdir)
    item.outputs = [str(outdir / rel) for rels in wanted.values() for rel in rels]
    if not stale:
        item.status = "skipped"
        say.item(item)
        return
    if item.answers is None:
        _parse(item, say)  # known bytes, but their outputs are gone or --force
        if item.status == "failed":
            return
    if "review" in stale and compare:
        chosen = None if item.compare_with else Path(item.source).parent / compare
        item.previous = load_previous(item.source, item.answers, chosen)  # a sentence if unusable
    item.stale_docs, item.key = tuple(stale), key


def _keep_users_files(item: Item, manifest: Manifest, key: str, wanted: dict[str, list[str]],
                      stale: list[str], outdir: Path) -> list[str]:
    """Note on `item` the outputs of `stale` documents that are the user's now (kept, not
    written over); return the documents still to make (those with an output left to write).

    A kept file does not make its document stale by itself: a filled-in workbook is not
    made again on every run.
    """
    kept = kept_outputs(manifest, [outdir / rel for doc in stale for rel in wanted[doc]])
    if not kept:
        return stale
    kept_rels = {path.relative_to(outdir).as_posix() for path in kept}
    stale = manifest.stale_docs(item.slug, key, {doc: wanted[doc] for doc in stale},
                                kept=kept_rels)
    item.kept = [(str(outdir / rel), kept[outdir / rel]) for doc in stale for rel in wanted[doc]
                 if rel in kept_rels]
    return [doc for doc in stale if any(rel not in kept_rels for rel in wanted[doc])]


def _read_and_parse(item: Item, manifest: Manifest, say) -> None:
    """Hash the input's bytes; parse it unless the manifest already knows these bytes."""
    try:
        item.data = read_input(item.source, MAX_BYTES)
    except AnswersError as exc:
        item.fail(problems=exc.problems)
        return
    item.answers_sha = sha256_bytes(item.data)
    item.slug = manifest.slug_for_answers(item.answers_sha)
    if item.slug is not None:
        return  # NOTE: same bytes, same tool version -> valid before, same slug; no parse
    _parse(item, say)


def _parse(item: Item, say) -> None:
    """Validate with the shared checks; a bad file fails alone with file, line and field."""
    alone(item, _load, say)


def _load(item: Item, say) -> None:
    """Load and lint one input from the bytes already read (raises on a bad file)."""
    loaded, warnings = load_checked(Path(item.source), item.data or None)
    item.loaded, item.answers = loaded, loaded.answers
    item.slug = loaded.answers.slug
    for warning in warnings:
        say.verbose_line(str(warning))
    if not _safe_slug(item.slug):
        item.fail(problems=[Problem(item.source, loaded.line_of(("campaign", "slug")),
                                    "campaign.slug", msg("batch.unsafe_slug", slug=item.slug))])


def _safe_slug(slug: str | None) -> bool:
    """A slug must be one plain folder name inside the output folder."""
    return bool(slug) and slug not in (".", "..") and "/" not in slug and "\\" not in slug \
        and not slug.startswith(".")


def _flag_slug_collisions(items: list[Item]) -> None:
    """Two inputs writing the same `DIR/<slug>/` would overwrite each other: fail both."""
    by_slug: dict[str, list[Item]] = {}
    for item in items:
        if item.status != "failed":
            by_slug.setdefault(item.slug.casefold(), []).append(item)
    for group in by_slug.values():
        if len(group) < 2:
            continue
        for item in group:
            others = listing(o.source for o in group if o is not item)
            line = _slug_line(item)
            problem = Problem(item.source, line, "campaign.slug",
                              msg("batch.slug_taken", slug=item.slug, others=others))
            item.fail(problems=[problem])


def _slug_line(item: Item) -> int | None:
    """The line of campaign.slug (or of the theme it is derived from), when known."""
    if item.loaded is None:
        _parse(item, Printer(quiet=True, verbose=False))
    loaded = item.loaded
    if loaded is None:
        return None
    return loaded.line_of(("campaign", "slug")) or loaded.line_of(("campaign", "theme"))


def _wanted_outputs(slug: str, pairs) -> dict[str, list[str]]:
    """{doc: [slug/doc.ext, ...]} for the (doc, format) pairs asked for."""
    wanted: dict[str, list[str]] = {}
    for doc, ext in pairs:
        wanted.setdefault(doc, []).append(f"{slug}/{doc}.{ext}")
    return wanted


# ---------------------------------------------------------------- running

def run_items(todo: list[Item], formats, jobs, outdir: Path, say,
              limits: Limits | None = None, scheduler: str | None = None,
              templates=None) -> None:
    """Generate `todo` on the executor, recording each success in the manifest at once."""
    if not todo:
        return
    docs_needed = tuple(sorted({d for item in todo for d in item.stale_docs}))
    # NOTE: one LibreOffice for the whole batch, booted once: every worker on this machine
    # hands its DOCX layouts to it (a cluster's workers are elsewhere and start their own)
    wants_docx = any(fmt == "docx" for _, fmt in plan_outputs(docs_needed, formats))
    with office.warm_office(wants_docx and scheduler is None) as warm:
        _run_tasks(todo, formats, jobs, outdir, say, limits, scheduler, templates, warm)


def _run_tasks(todo: list[Item], formats, jobs, outdir: Path, say, limits, scheduler,
               templates, warm) -> None:
    """`run_items` with `warm`, the batch's LibreOffice, in every task."""
    manifest = Manifest.load(outdir)
    jobs = min(jobs, len(todo))
    docs_needed = tuple(sorted({d for item in todo for d in item.stale_docs}))
    tasks = [Task(source=item.source, slug=item.slug, answers=item.answers,
                  docs=item.stale_docs, formats=formats, outdir=str(outdir), key=item.key,
                  answers_sha=item.answers_sha, keep=tuple(path for path, _ in item.kept),
                  limits=limits, templates=templates, previous=item.previous, office=warm)
             for item in todo]
    by_source = {item.source: item for item in todo}
    progress = Progress(len(todo), enabled=say.progress_enabled)
    say.progress = progress
    in_flight: set[str] = set()

    def on_start(task) -> None:
        in_flight.add(task.source)
        progress.start(task.source)

    try:
        with open_executor(jobs, docs_needed, tuple(formats), scheduler, MAX_FILES_PER_WORKER,
                           on_start, _deadline(limits, formats)) as executor:
            for task, result in executor.results(tasks):
                in_flight.discard(task.source)
                item = by_source[task.source]
                if isinstance(result, Died):
                    remove_stale_temporaries(outdir / task.slug)
                    item.fail(msg("batch.worker_died", file=task.source, how=result.describe()))
                else:
                    alone(item, _finish, task, _stored(task, result, outdir), manifest, outdir)
                progress.advance(item.status == "failed")
                say.item(item)
    finally:
        # Ctrl-C: the pool has terminated the workers; sweep what they were writing.
        for source in in_flight:
            remove_stale_temporaries(outdir / by_source[source].slug)
        progress.clear()
        say.progress = None


def _stored(task, result, outdir: Path):
    """A detached worker's outcome with its outputs' bytes written here, atomically; a file
    that cannot be written fails the input as if the worker had failed to write it."""
    if not result.files:
        return result
    try:
        for rel, data in result.files.items():
            write_bytes(outdir / rel, data)
    except CampaignDocsError as exc:
        result.ok, result.outputs = False, {}
        result.error = msg("batch.file_error", file=task.source, error=exc.message)
    result.files = {}
    return result


def _finish(item: Item, task, result, manifest: Manifest, outdir: Path) -> None:
    """Record a worker's outcome on the item and, when it succeeded, in the manifest."""
    item.seconds, item.worker = result.seconds, result.worker
    if not result.ok:
        if result.problems:
            item.fail(problems=result.problems)
        else:
            item.fail(result.error or msg("batch.file_error", file=item.source,
                                          error=msg("batch.failed")))
            item.detail = result.detail
        return
    item.status = "generated"
    manifest.record(item.slug, key=task.key, answers_sha=task.answers_sha, source=item.source,
                    outputs=result.outputs, compare_with=item.compare_with)


def _deadline(limits: Limits | None, formats) -> float | None:
    """How long a worker may hold one input before it is killed: every output's time
    limit, plus a margin for the steps between them."""
    if limits is None or not limits.seconds:
        return None
    outputs = len(DOCS) * (len(formats) + 1)  # NOTE: + the view and render of each document
    return limits.seconds * outputs + 60


def _cores() -> int:
    """Cores this process may use (respects taskset/cgroup affinity)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1
