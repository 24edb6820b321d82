"""Real clients for what the tests wrote: LibreOffice opens every DOCX and XLSX, qpdf
checks every PDF.

`check_folder(root)` finds the files under the test session's temporary folder and checks
them in a few LibreOffice calls (one per hundred files: starting soffice is the slow part)
and one `qpdf --check` per PDF. Files that are not our writers' (not an OOXML package, not
starting with `%PDF`: the broken inputs some tests make on purpose) are skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

BATCH = 100


@dataclass
class Checked:
    """What the real clients said: counts, and every file one of them refused."""

    opened: int = 0  # DOCX + XLSX LibreOffice converted
    pdfs: int = 0  # PDFs qpdf passed
    skipped: int = 0  # not our writers' files
    failures: list[str] = field(default_factory=list)


def ours(path: Path) -> bool:
    """Whether `path` looks like a file our writers made (so a client must open it)."""
    if path.suffix == ".pdf":
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def check_folder(root: Path) -> Checked:
    """Check every DOCX, XLSX and PDF under `root` with LibreOffice and qpdf."""
    checked = Checked()
    office, pdfs = [], []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".docx", ".xlsx", ".pdf") or not path.is_file() \
                or ".lo-profile" in path.parts:
            continue
        if not ours(path):
            checked.skipped += 1
        elif path.suffix == ".pdf":
            pdfs.append(path)
        else:
            office.append(path)
    for start in range(0, len(office), BATCH):
        _libreoffice(office[start:start + BATCH], checked)
    for pdf in pdfs:
        _qpdf(pdf, checked)
    return checked


def _libreoffice(paths: list[Path], checked: Checked) -> None:
    """Convert `paths` in one soffice call (DOCX -> text, XLSX -> CSV); a file with no
    converted twin is one LibreOffice could not open."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        checked.failures.append("LibreOffice is missing: make test installs it")
        return
    with tempfile.TemporaryDirectory(prefix="campaign-docs-lo-") as folder:
        out = Path(folder)
        for kind, target in ((".docx", "txt:Text (encoded):UTF8"), (".xlsx", "csv")):
            group = [p for p in paths if p.suffix == kind]
            if not group:
                continue
            # NOTE: same-named files (plan.docx in many folders) would overwrite each
            # other's output; link each under a unique name first.
            links = []
            for i, path in enumerate(group):
                link = out / f"f{i:04d}{kind}"
                link.symlink_to(path.resolve())
                links.append(link)
            result = subprocess.run(
                [soffice, f"-env:UserInstallation=file://{out}/profile", "--headless",
                 "--norestore", "--convert-to", target, "--outdir", str(out / "converted"),
                 *map(str, links)], capture_output=True, text=True, timeout=900)
            for path, link in zip(group, links, strict=True):
                twin = out / "converted" / (link.stem + "." + target.split(":")[0])
                if twin.exists():
                    checked.opened += 1
                else:
                    checked.failures.append(f"LibreOffice could not open {path}: "
                                            f"{result.stderr.strip()[-300:]}")


def _qpdf(path: Path, checked: Checked) -> None:
    """`qpdf --check`: the PDF's structure, xref table and streams are sound."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        checked.failures.append("qpdf is missing: make test installs it")
        return
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True,
                            timeout=120)
    if result.returncode == 0:
        checked.pdfs += 1
    else:
        checked.failures.append(f"qpdf --check failed on {path}: {result.stdout[-300:]}")
