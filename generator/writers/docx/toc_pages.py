"""Page numbers for the DOCX tables of contents, from LibreOffice's layout of those files.

A DOCX has no pages until a program lays it out, and WPS and LibreOffice show a stored TOC
as it is. So after a `generate` writes its DOCX files, each is copied with a placeholder
number on every TOC entry, all copies are laid out by LibreOffice in one call, and each
heading's page is read from the PDF's outline (LibreOffice exports every heading there, with
its page). The numbers are then written into the real files (toc.fill_pages).

Every failure is a warning: the DOCX already written stays as it is (its TOC without numbers,
Word filling them when it updates fields). Without LibreOffice nothing is attempted.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from generator.locales import Message, msg
from generator.office import OfficeError, WarmOffice, convert_to_pdf, find_soffice
from generator.writers.docx.toc import PLACEHOLDER, fill_pages, toc_entries


def refresh_toc_pages(paths: Sequence[Path], cancelled: threading.Event | None = None,
                      warm: WarmOffice | None = None) -> list[Message]:
    """Write LibreOffice's page numbers into the TOC of every DOCX in `paths` (one
    LibreOffice run for all, the `warm` one when given); returns warnings, never raises
    for a layout problem.

    Once `cancelled` is set (the run that asked was interrupted) nothing more is written.
    """
    docx = [Path(p) for p in paths if Path(p).suffix.lower() == ".docx"]
    soffice = (warm.soffice if warm is not None else find_soffice()) if docx else None
    if not soffice:
        return []
    with tempfile.TemporaryDirectory(prefix="campaign-docs-toc-") as folder:
        work = Path(folder)
        copies: dict[Path, tuple[Path, list[tuple[str, str]]]] = {}
        for index, path in enumerate(docx):
            entries = toc_entries(path)
            if entries:
                # NOTE: numbered copies, so two outputs with one stem never share a PDF name.
                copy = work / f"layout-{index}.docx"
                fill_pages(path, {mark: PLACEHOLDER for mark, _ in entries}, copy)
                copies[path] = (copy, entries)
        if not copies:
            return []
        (work / "pdf").mkdir()
        try:
            pdfs = convert_to_pdf([copy for copy, _ in copies.values()], work / "pdf", soffice,
                                  warm=warm)
        except OfficeError as exc:
            names = ", ".join(path.name for path in copies)
            return [msg("errors.office.toc_skipped", files=names, reason=exc.message)]
        if cancelled is not None and cancelled.is_set():
            return []
        return [warning for path, (copy, entries) in copies.items()
                if (warning := _fill_from(path, entries, pdfs[copy])) is not None]


def _fill_from(path: Path, entries: list[tuple[str, str]], pdf: Path) -> Message | None:
    """Write the pages the PDF shows into `path`; a warning when they cannot be read."""
    pages = match_headings(entries, outline_pages(pdf))
    if pages is None:
        return msg("errors.office.toc_unmatched", file=path.name)
    fill_pages(path, pages, path)
    return None


def outline_pages(pdf: Path) -> list[tuple[str, int]]:
    """(title, page number from 1) of every outline entry of a PDF, in document order;
    empty when the PDF cannot be read."""
    import pypdf  # ~0.4 s to import, and only needed after a LibreOffice layout
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(pdf)
        found: list[tuple[str, int]] = []
        _walk(reader, reader.outline, found)
        return found
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return []


def _walk(reader, items, found: list[tuple[str, int]]) -> None:
    for item in items:
        if isinstance(item, list):  # the children of the entry before
            _walk(reader, item, found)
            continue
        page = reader.get_destination_page_number(item)
        if page is not None and page >= 0:
            found.append((str(item.title or ""), page + 1))


def _key(text: str) -> str:
    """A heading's text for matching: no spaces, a non-breaking hyphen (LibreOffice's
    outline shows a date's w:noBreakHyphen as U+2011) as a plain one."""
    return "".join(text.split()).replace("\u2011", "-")


def match_headings(entries: list[tuple[str, str]],
                   outline: list[tuple[str, int]]) -> dict[str, int] | None:
    """{bookmark: page} for the TOC entries, each matched to the next outline entry with
    its text (outlines also hold h3 headings, which the TOC leaves out); None when one
    entry has no match (then no number is better than a wrong one)."""
    pages: dict[str, int] = {}
    position = 0
    for mark, text in entries:
        wanted = _key(text)
        while position < len(outline) and _key(outline[position][0]) != wanted:
            position += 1
        if position == len(outline):
            return None
        pages[mark] = outline[position][1]
        position += 1
    return pages
