"""Where a document's blocks landed, read from a PDF with `pdftotext -layout` page by page.

The document's own HTML says what comes in what order: headings, table rows, list items,
paragraphs. Each becomes a marker (a short piece of its text); the markers are looked up
in the pages' text in document order, so a repeated word is found at its own place. From
the pages of the markers the page-flow rules of issue 12 can be checked in any rendering:
WeasyPrint's PDF and LibreOffice's layout of the DOCX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from generator.writers.flow import leads
from tests.helpers import pdftotext

HEADINGS = ("h1", "h2", "h3")


@dataclass
class Marker:
    """One block of the document: a heading, a table row, a list item or a paragraph."""

    kind: str  # "heading", "row", "item", "para", "lead" (a paragraph introducing a table)
    text: str  # what is looked up (the start of the block's text)
    group: int  # blocks of one table or list share a group; others have their own
    page: int = -1  # 0-based page of the PDF, -1 while not found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _snippet(text: str) -> str:
    """The start of a block's text that fits on one line even in a narrow column."""
    words = text.split()
    if not words:
        return ""
    first = words[0]
    if re.match(r"[A-Za-z]", first):
        return first[:14]
    return _squash(text)[:4]


def markers(html: str) -> list[Marker]:
    """The blocks of a document body in order."""
    root = lxml.html.fragment_fromstring(html, create_parent="main")
    out: list[Marker] = []
    group = 0

    def add(kind: str, text: str) -> None:
        snippet = _snippet(" ".join(text.split()))
        if snippet:
            out.append(Marker(kind, snippet, group))

    for el in root.iter(*HEADINGS, "table", "ul", "ol", "p", "figcaption"):
        if any(a.tag in ("table", "li", "nav") for a in el.iterancestors()):
            continue
        group += 1
        if el.tag in HEADINGS:
            out.append(Marker("heading", " ".join(el.text_content().split()), group))
        elif el.tag == "table":
            for row in el.iter("tr"):
                if row.getparent().tag == "thead":
                    continue
                cells = [" ".join(c.text_content().split()) for c in row
                         if c.tag in ("td", "th")]
                cells = [c for c in cells if c]
                if len(cells) > 1 and len(_squash(cells[0])) < 3:
                    # a rank or a code alone ("1", "T1") is found everywhere: look for the
                    # next cell instead
                    add("row", cells[1])
                elif cells:
                    add("row", cells[0])
        elif el.tag in ("ul", "ol"):
            for item in el:
                if item.tag == "li":
                    add("item", item.text_content())
        else:
            add("lead" if leads(el) else "para", el.text_content())
    return out


def place(found: list[Marker], pages: list[str], first_page: int) -> None:
    """Give every marker its page: the next place its text occurs, in document order."""
    squashed = [_squash(p) for p in pages]
    page, offset = first_page, 0
    for marker in found:
        needle = _squash(marker.text)
        for index in range(page, len(pages)):
            at = squashed[index].find(needle, offset if index == page else 0)
            if at >= 0:
                marker.page, page, offset = index, index, at + len(needle)
                break


def pages_of(pdf) -> list[str]:
    """The text of each page of a PDF, laid out as poppler sees it."""
    return pdftotext(pdf, layout=True).split("\f")


def flow_problems(found: list[Marker], keep_rows: int = 6) -> list[str]:
    """Every break of the page-flow rules: a heading not on the page of what follows it,
    a short table or list split, a page with one row of a longer table, a page that holds
    a single line of the body."""
    problems = []
    missing = [m.text for m in found if m.page < 0]
    if missing:
        problems.append(f"not found in the pages: {missing[:5]}")
    placed = [m for m in found if m.page >= 0]
    for marker, following in zip(placed, placed[1:], strict=False):
        if marker.kind in ("heading", "lead") and following.page != marker.page:
            problems.append(f"{marker.kind} {marker.text!r} alone at the foot of page "
                            f"{marker.page + 1}")
    groups: dict[int, list[Marker]] = {}
    for marker in placed:
        if marker.kind in ("row", "item"):
            groups.setdefault(marker.group, []).append(marker)
    for members in groups.values():
        per_page: dict[int, int] = {}
        for marker in members:
            per_page[marker.page] = per_page.get(marker.page, 0) + 1
        if len(members) <= keep_rows and len(per_page) > 1:
            problems.append(f"{len(members)} rows from {members[0].text!r} split "
                            f"over pages {sorted(p + 1 for p in per_page)}")
        elif len(members) > 1 and 1 in per_page.values():
            lone = [p + 1 for p, n in per_page.items() if n == 1]
            problems.append(f"one row of the table from {members[0].text!r} alone on "
                            f"page {lone}")
    per_page_blocks: dict[int, int] = {}
    for marker in placed:
        per_page_blocks[marker.page] = per_page_blocks.get(marker.page, 0) + 1
    for page, count in sorted(per_page_blocks.items()):
        if count == 1:
            lone = next(m for m in placed if m.page == page)
            problems.append(f"page {page + 1} holds only {lone.kind} {lone.text!r}")
    return problems
