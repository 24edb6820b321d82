"""Read back what was written with the real clients: poppler and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def pdftotext(path: Path, layout: bool = False, raw: bool = False) -> str:
    """The text of a PDF as poppler extracts it: in reading order, laid out (`layout`), or
    in the order it was drawn (`raw`: a table cell's lines stay together)."""
    mode = ["-layout"] if layout else ["-raw"] if raw else []
    args = ["pdftotext", "-enc", "UTF-8", *mode, str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdffonts(path: Path) -> str:
    """poppler's font table of a PDF (name, type, embedded ...)."""
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                          text=True).stdout


def pdfimages(path: Path) -> int:
    """How many images a PDF shows (poppler's pdfimages -list, soft masks left out)."""
    out = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return sum(1 for line in out.splitlines()[2:] if line.split()[2] == "image")


def pdf_page_count(path: Path) -> int:
    """Number of pages, from pdfinfo."""
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def soffice_convert(path: Path, outdir: Path, target: str = "pdf") -> Path:
    """Convert with LibreOffice headless; the real client must open what we write."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: make test installs libreoffice-writer-nogui"
    profile = outdir / ".lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(outdir), str(path)],
        capture_output=True, text=True, timeout=180,
    )
    converted = outdir / (path.stem + "." + target.split(":")[0])
    assert result.returncode == 0 and converted.exists(), (
        f"LibreOffice could not convert {path.name}: {result.stdout} {result.stderr}"
    )
    return converted


def soffice_convert_all(paths: list[Path], outdir: Path) -> list[Path]:
    """Convert several files to PDF with one LibreOffice start (it costs seconds each;
    their stems must differ)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: make test installs libreoffice-writer-nogui"
    profile = outdir / ".lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    converted = [outdir / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p in converted if not p.exists()]
    assert result.returncode == 0 and not missing, (
        f"LibreOffice could not convert {missing}: {result.stdout} {result.stderr}")
    return converted


_LEADER = re.compile(r"\.{5,}\d+$", re.M)


def _wrappable(text: str) -> str:
    """A pattern for `text` (spaces left out) that a line break may interrupt anywhere."""
    return "\n?".join(re.escape(ch) for ch in "".join(text.split()))


def toc_against_pages(pdf: Path, headings: list[str]) -> list[tuple[str, int | None, int]]:
    """(heading, number its TOC entry shows, page the heading is on) for a rendered DOCX.

    The TOC pages are the pages from the second on with lines ending in dot leaders and a
    number; there each heading's text (spaces aside, line breaks allowed anywhere) must be
    followed by leaders and a number (None when it is not). Each heading is then looked
    for, in order, on the pages after the TOC (page 0: not found).
    """
    # a date's non-breaking hyphen (w:noBreakHyphen) comes out as U+2011
    pages = [re.sub(r"[ \t\u3000]+", "", page).replace("\u2011", "-")
             for page in pdftotext(pdf).split("\f")]
    body_start = 1
    while body_start < len(pages) and _LEADER.search(pages[body_start]):
        body_start += 1
    toc = "\n".join(pages[1:body_start])
    rows, position, page_no = [], 0, body_start + 1
    for heading in headings:
        pattern = _wrappable(heading)
        match = re.compile(pattern + r"\n?\.{3,}(\d+)$", re.M).search(toc, position)
        position = match.end() if match else position
        found = next((n for n in range(page_no, len(pages) + 1)
                      if re.search(pattern, pages[n - 1])), 0)
        page_no = found or page_no
        rows.append((heading, int(match.group(1)) if match else None, found))
    return rows
