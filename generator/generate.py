"""The orchestrator, callable as a library: answers file -> checked answers -> documents.

    from generator.generate import generate_file
    generate_file("examples/double11-zh.yaml", docs=["plan"], formats=["pdf"], outdir="out")

The stages (pydantic, ruamel, Jinja2, Markdown) and each writer are imported inside the
functions that use them, a writer only when its format is asked for; the names of the
documents and formats live in outputs.py (the CLI's choices, imported without this module).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.errors import CampaignDocsError, UsageError
from generator.limits import Limits, guard, resolve
from generator.locales import listing, msg, t
from generator.outputs import (  # noqa: F401 — the names callers import from here
    ALL_DOCS,
    ALL_FORMATS,
    DEFAULT_FORMATS,
    DOCS,
    DOCUMENT_FORMATS,
    EXAMPLES,
    FORMATS_BY_DOC,
)
from generator.resources import examples_dir

# (module, function) of each writer; imported only when that format is asked for.
DOCUMENT_WRITERS = {
    "docx": ("generator.writers.docx.document", "write_docx"),
    "pdf": ("generator.writers.pdf", "write_pdf"),
    "html": ("generator.writers.html", "write_html"),
    "md": ("generator.writers.markdown", "write_markdown"),
}
VIEW_WRITERS = {
    ("schedule", "xlsx"): ("generator.writers.xlsx.schedule", "write_schedule_xlsx"),
    ("schedule", "ics"): ("generator.writers.ics", "write_ics"),
    ("review", "xlsx"): ("generator.writers.xlsx.review", "write_review_workbook"),
    # the poster: one page laid out from its view, as a PDF and as that page's PNG
    ("poster", "png"): ("generator.writers.poster", "write_poster_png"),
    ("poster", "pdf"): ("generator.writers.poster", "write_poster_pdf"),
}

PathFor = Callable[[str, str], Path]


def _writer(spec: tuple[str, str]) -> Callable[..., Path]:
    module, name = spec
    return getattr(importlib.import_module(module), name)


def plan_outputs(docs: Iterable[str] | None,
                 formats: Iterable[str] | None) -> list[tuple[str, str]]:
    """The (doc, format) pairs to write; a UsageError when the request yields nothing."""
    docs = tuple(docs or DOCS)
    formats = tuple(formats or DEFAULT_FORMATS)
    pairs = [(d, f) for d in docs for f in formats if f in FORMATS_BY_DOC[d]]
    if not pairs:
        offered = "; ".join(f"{d}: {listing(FORMATS_BY_DOC[d])}" for d in docs)
        raise UsageError(msg("errors.nothing_to_write", formats=listing(formats),
                             docs=listing(docs), offered=offered))
    return pairs


def write_documents(answers: Any, docs: Iterable[str] | None, formats: Iterable[str] | None,
                    path_for: PathFor, keep: Container[Path] = (),
                    limits: Limits | None = None, templates: Any = None,
                    versions: list[Any] | None = None, source: str | None = None,
                    previous: Any = None, progress: list[Path] | None = None,
                    split: bool = False, warm: Any = None) -> list[Path]:
    """Write every asked-for (doc, format) for `answers`; `path_for(doc, ext)` names files.

    Each document's view is built once and shared by its rendered formats (DOCX, PDF, ...)
    and its sheet/calendar formats (XLSX, ICS). A path in `keep` (the user's file now) is
    not written; a document whose every output is kept is not rendered at all. Each step
    runs under `limits` (default: `limits.resolve()`), so a document too big to render
    fails with a sentence. `templates` (company/config.py: Templates) are the company's: a
    Word template fills a document's DOCX, a template folder's Markdown templates replace
    ours by name, and our DOCX take a reference file's look and the config file's branding.
    `versions` (history.Version rows) fill the plan's version table. The poster needs
    results: without them nothing is written and a UsageError says to run `results` on
    `source` (the answers file's name) first. `previous` (compare.Previous, an earlier
    campaign) puts its actuals beside these in the review. `progress` gets every path as it
    is written, also when a later one fails (so the caller can remember them as ours).

    Speed: LibreOffice (which numbers the DOCX tables of contents) starts booting first,
    while the documents are rendered; the DOCX files are written first so it lays them out
    while the PDFs and sheets are written. With `split` (and a second core, beside.py) the
    documents are written by several processes: the heaviest share here, the others each
    by a forked child. `warm` (office.WarmOffice) is a LibreOffice a batch started for all
    its workers: used instead of one of our own, and left running.
    """
    from generator import office

    limits = limits or resolve()
    pairs = plan_outputs(docs, formats)
    if any(doc == "poster" for doc, _ in pairs):
        from generator.views.poster import refuse_without_results

        refuse_without_results(answers, source or answers.slug)
    wanted: dict[str, list[str]] = {}
    for doc, fmt in pairs:
        if path_for(doc, fmt) not in keep:
            wanted.setdefault(doc, []).append(fmt)
    progress = progress if progress is not None else []
    with office.warm_office(any("docx" in fmts for fmts in wanted.values()), warm) as running:
        job = _Job(wanted, path_for, limits, templates, running)
        company = job.prepare(answers, versions, previous)
        progress.extend(company)
        groups = _split(job) if split else [list(job.wanted)]
        if len(groups) == 1:
            job.write(groups[0], company, progress)
        else:
            _write_beside(job, groups, company, progress)
    written = set(progress)
    return [path_for(doc, fmt) for doc, fmts in job.wanted.items() for fmt in fmts
            if path_for(doc, fmt) in written] + company


class _Job:
    """One write_documents: what is wanted, how files are named and written, and the views
    and documents once prepared."""

    def __init__(self, wanted: dict[str, list[str]], path_for: PathFor, limits: Limits,
                 templates: Any, warm: Any):
        self.wanted, self.path_for, self.limits = wanted, path_for, limits
        self.templates, self.warm = templates, warm
        self.views: dict[str, Any] = {}
        self.documents: dict[str, Any] = {}

    def prepare(self, answers: Any, versions: list[Any] | None,
                previous: Any) -> list[Path]:
        """Build each view and render each document; fill the company's Word templates
        (their paths are returned: written already)."""
        from generator.render.templating import build_view, render_document

        templates, path_for, limits = self.templates, self.path_for, self.limits
        word = dict(templates.docx_templates) if templates else {}
        folder = str(templates.template_dir) if templates and templates.template_dir else None
        company: list[Path] = []  # filled company templates (their TOC is numbered as ours)
        for doc, doc_formats in self.wanted.items():
            with guard(limits, path_for(doc, "md").stem):
                view = self.views[doc] = build_view(doc, answers, answers.lang)
            if doc == "plan" and versions:
                view.context["versions"] = versions
            if doc == "poster":
                _poster_branding(view, templates)
            if doc == "review" and previous is not None:
                _add_comparison(view, previous)
            if "docx" in doc_formats and doc in word:
                from generator.company.word import fill_word_template

                with guard(limits, path_for(doc, "docx").name):
                    company.append(fill_word_template(word[doc], doc, answers, view,
                                                      path_for(doc, "docx"), folder))
                self.wanted[doc] = doc_formats = [f for f in doc_formats if f != "docx"]
            if any(_rendered(doc, f) for f in doc_formats):
                with guard(limits, path_for(doc, "md").stem):
                    self.documents[doc] = render_document(doc, answers, view=view,
                                                          template_dir=folder)
                    self.documents[doc].look = templates.look() if templates else None
        return company

    def write(self, docs: list[str], company: list[Path], progress: list[Path]) -> None:
        """Write every wanted format of `docs`: the DOCX first, then the rest while
        LibreOffice numbers their tables of contents (and those of `company`)."""
        docx: list[Path] = []
        for doc in docs:
            if "docx" in self.wanted[doc]:
                docx.append(self._write(doc, "docx", progress))
        with _tocs_numbered(docx + company, self.warm):
            for doc in docs:
                for fmt in self.wanted[doc]:
                    if fmt != "docx" and (fmt in DOCUMENT_FORMATS or (doc, fmt) in VIEW_WRITERS):
                        self._write(doc, fmt, progress)

    def _write(self, doc: str, fmt: str, progress: list[Path]) -> Path:
        path = self.path_for(doc, fmt)
        with guard(self.limits, path.name):
            if _rendered(doc, fmt):
                writer, shown = _writer(DOCUMENT_WRITERS[fmt]), self.documents[doc]
            else:
                writer, shown = _writer(VIEW_WRITERS[(doc, fmt)]), self.views[doc]
            written = writer(shown, path)
            if fmt == "docx":
                _company_look(written, self.templates, shown.lang)
        progress.append(written)
        return written

    def writers(self, docs: list[str]) -> set[tuple[str, str]]:
        """The writers (module, function) that writing `docs` uses."""
        return {DOCUMENT_WRITERS[fmt] if _rendered(doc, fmt) else VIEW_WRITERS[(doc, fmt)]
                for doc in docs for fmt in self.wanted[doc]
                if _rendered(doc, fmt) or (doc, fmt) in VIEW_WRITERS}

    def weight(self, doc: str) -> int:
        """A rough cost of writing `doc`: its HTML's length (layout is most of a PDF's
        time) and ~4,000 characters' worth per chart drawn."""
        document = self.documents.get(doc)
        if document is None:
            return 1_000
        charts = len(document.images) if any(f in ("docx", "pdf", "html")
                                              for f in self.wanted[doc]) else 0
        return len(document.html) + 4_000 * charts


def _split(job: _Job) -> list[list[str]]:
    """The documents in shares of about equal weight, one share per process: a document
    each, as many processes as cores and one more (a process waits for LibreOffice part of
    the time), the heaviest share first (written here); one share when there is one
    document or no second core (beside.py)."""
    from generator.beside import spare_cores

    docs = [doc for doc in job.wanted if job.wanted[doc]]
    cores = spare_cores()
    count = min(len(docs), cores + 1) if cores >= 2 else 1
    if count < 2:
        return [list(job.wanted)]
    shares: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for doc in sorted(docs, key=job.weight, reverse=True):
        lighter = loads.index(min(loads))
        shares[lighter].append(doc)
        loads[lighter] += job.weight(doc)
    shares.sort(key=lambda share: -sum(map(job.weight, share)))
    return [sorted(share, key=docs.index) for share in shares]


def _write_beside(job: _Job, groups: list[list[str]], company: list[Path],
                  progress: list[Path]) -> None:
    """Write `groups[0]` here and each other group in a forked child; the children's paths
    join `progress` whatever happened here, and the first error (here, else theirs) is
    raised."""
    from generator.beside import Beside, sendable

    def child(group: list[str]) -> Callable[[], tuple[list[Path], BaseException | None]]:
        def write() -> tuple[list[Path], BaseException | None]:
            theirs: list[Path] = []
            try:
                job.write(group, [], theirs)
            except BaseException as exc:  # noqa: BLE001 — sent back with what was written
                return theirs, sendable(exc)
            return theirs, None

        return write

    # NOTE: a writer two shares use is imported once, before the forks (WeasyPrint ~0.8 s,
    # openpyxl ~0.4 s of CPU each process would otherwise pay)
    uses = Counter(spec for group in groups for spec in job.writers(group))
    for spec in (spec for spec, count in uses.items() if count > 1):
        _writer(spec)
    besides = [Beside(child(group), listing([job.path_for(doc, fmt).name for doc in group
                                             for fmt in job.wanted[doc]]))
               for group in groups[1:]]
    try:
        job.write(groups[0], company, progress)
    except KeyboardInterrupt:
        for beside in besides:
            progress.extend((beside.interrupt() or ([], None))[0])
        raise
    except BaseException:
        for beside in besides:
            with contextlib.suppress(Exception):  # NOTE: the error here is the one to show
                progress.extend(beside.result()[0])
        raise
    first_error: BaseException | None = None
    for beside in besides:
        try:
            theirs, error = beside.result()
        except CampaignDocsError as died:  # NOTE: the child ended without answering
            theirs, error = [], died
        progress.extend(theirs)
        first_error = first_error or error
    if first_error is not None:
        raise first_error


def _rendered(doc: str, fmt: str) -> bool:
    """Whether (doc, fmt) is written from the rendered template (a Document), not the view."""
    return fmt in DOCUMENT_FORMATS and (doc, fmt) not in VIEW_WRITERS


def _poster_branding(view: Any, templates: Any) -> None:
    """The company's accent colour, logo and name (campaign-docs.toml [branding]) on the
    poster."""
    branding = getattr(templates, "branding", None)
    if branding is not None:
        view.context["accent"] = branding.accent
        view.context["company"] = branding.company
        view.context["logo"] = branding.logo


def _add_comparison(view: Any, previous: Any) -> None:
    """The review's comparison with an earlier campaign, from both campaigns' own figures."""
    from generator.views.review import build_review_view
    from generator.views.review_compare import comparison_view

    context = view.context
    earlier = build_review_view(previous.answers, context["lang"]).context
    context["comparison"] = comparison_view(context, earlier, previous.source)


def _company_look(path: Path, templates: Any, lang: str) -> None:
    """Our DOCX in the theme's look, then the company's (a reference file), then its
    branding (config)."""
    if templates is None:
        return
    if templates.theme != "clean":
        from generator.writers.docx.theme import apply_theme

        apply_theme(path, templates.theme)
    if templates.reference_docx is not None:
        from generator.company.reference import apply_reference

        apply_reference(path, templates.reference_docx, lang)
    if templates.branding is not None:
        from generator.company.branding import apply_branding

        from generator.writers.docx.theme import theme_accent

        apply_branding(path, templates.branding, theme_accent(templates.theme))


@contextlib.contextmanager
def _tocs_numbered(docx: list[Path], warm: Any = None) -> Iterator[None]:
    """Number the DOCX tables of contents (one LibreOffice layout of them all) while the body
    of the `with` runs; a LibreOffice problem is a warning on stderr, the documents stay as
    written. Leaving with an exception (Ctrl-C, a limit) stops LibreOffice and numbers
    nothing."""
    if not docx:
        yield
        return
    from generator import office
    from generator.writers.docx.toc_pages import refresh_toc_pages

    warnings: list[Any] = []
    cancelled = threading.Event()

    def number() -> None:
        warnings.extend(refresh_toc_pages(docx, cancelled=cancelled, warm=warm))

    worker = threading.Thread(target=number, name="campaign-docs-toc", daemon=True)
    worker.start()
    try:
        yield
    except BaseException:
        cancelled.set()
        office.stop_running()
        worker.join(5)
        raise
    worker.join()
    for warning in warnings:
        print(f"{t('errors.warning_tag')} {warning}", file=sys.stderr)


def flat_names(outdir: Path, slug: str) -> PathFor:
    """`DIR/<slug>-<doc>.<ext>`: the naming of `campaign-docs generate`."""
    return lambda doc, ext: Path(outdir) / f"{slug}-{doc}.{ext}"


def generate_file(path: str | Path, docs: Iterable[str] | None = None,
                  formats: Iterable[str] | None = None,
                  outdir: str | Path = "output", force: bool = False,
                  limits: Limits | None = None,
                  docx_template: str | Path | None = None,
                  reference_docx: str | Path | None = None,
                  template_dir: str | Path | None = None,
                  config: str | Path | None = None, theme: str | None = None,
                  compare: str | Path | None = None, split: bool = False) -> list[Path]:
    """Check one answers file and write its documents; warnings go to stderr.

    An output the user changed since it was written (or that we never wrote) is kept and
    named on stderr with the way on, unless `force`; the manifest in `outdir` remembers
    what was written (see batch/manifest.py), the history beside it the plan's versions
    (a row when the answers changed since the last generate, see history.py). Company
    templates (company/config.py): `docx_template` fills the DOCX of the one document in
    `docs`, `reference_docx` gives our DOCX a company's look, `template_dir` holds templates
    that replace ours by name (stylesheets too), `theme` is a shipped look (clean, formal);
    `config` (else `campaign-docs.toml` in the current folder) may set all of them.
    `compare` (else the answers' `compare_with`) is the earlier campaign the review
    compares with. `split` writes the documents on two processes (write_documents).
    Should a document fail, the files written before it are remembered as ours all the same.
    """
    from generator.answers.checks import load_checked
    from generator.batch.manifest import Manifest
    from generator.company.config import resolve as resolve_templates
    from generator.history import History

    templates = resolve_templates(docs, docx_template, reference_docx, template_dir, config,
                                  theme)
    loaded, warnings = load_checked(Path(path))
    for problem in warnings:
        print(problem, file=sys.stderr)
    answers = loaded.answers
    previous = None
    if "review" in (docs or DOCS):
        from generator.compare import load_previous

        previous = load_previous(path, answers, compare)
    outdir = Path(outdir)
    path_for = flat_names(outdir, answers.slug)
    manifest = Manifest.load(outdir)
    kept = {} if force else kept_outputs(manifest, [path_for(d, f)
                                                    for d, f in plan_outputs(docs, formats)])
    history = History.load(outdir)
    history.update(answers.slug, answers)  # a row only when the answers changed
    progress: list[Path] = []
    try:
        written = write_documents(answers, docs, formats, path_for, keep=kept, limits=limits,
                                  templates=templates, versions=history.versions(answers.slug),
                                  source=str(path), previous=previous, progress=progress,
                                  split=split)
    except BaseException:
        if progress:
            # NOTE: the failure is what to show, not a second one saving the manifest
            with contextlib.suppress(OSError, ValueError, CampaignDocsError):
                _remember(manifest, outdir, progress)
        raise
    _remember(manifest, outdir, written)
    history.save()
    for kept_path, owner in kept.items():
        print(t(f"errors.kept.{owner}", file=kept_path), file=sys.stderr)
    return written


def _remember(manifest: Any, outdir: Path, paths: Iterable[Path]) -> None:
    """Note `paths` in the manifest as written by us, as they are now, and save it."""
    from generator.batch.manifest import sha256_file

    manifest.remember({p.relative_to(outdir).as_posix(): sha256_file(p)
                       for p in paths if p.is_file()})
    manifest.save()


def kept_outputs(manifest: Any, paths: Iterable[Path]) -> dict[Path, str]:
    """{path: "changed" | "foreign"} for the outputs that are the user's now (not to replace)."""
    owners = {path: manifest.owner_of(path) for path in paths}
    return {path: owner for path, owner in owners.items() if owner}


def generate_demo(outdir: str | Path, lang: str | None = None) -> list[Path]:
    """Every document in every format for the bundled example campaign."""
    example = examples_dir() / EXAMPLES[lang or "zh"]
    return generate_file(example, docs=ALL_DOCS, formats=ALL_FORMATS, outdir=outdir)
