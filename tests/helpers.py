"""Read back what was written with the real clients: poppler and LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def pdftotext(path: Path, layout: bool = False) -> str:
    """The text of a PDF as poppler extracts it."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
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
