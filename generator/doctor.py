"""`campaign-docs doctor`: is this machine able to write our documents, and if not, how to fix it."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import click

from generator.errors import ExitCode

APT = "sudo apt-get install -y --no-install-recommends"


@dataclass
class Finding:
    """One line of the doctor's report."""

    ok: bool
    what: str
    fix: str = ""
    required: bool = True


def check_pango() -> Finding:
    """WeasyPrint needs Pango >= 1.44 through cffi."""
    try:
        import weasyprint  # noqa: F401  (import fails without Pango)
    except OSError as exc:
        return Finding(False, f"Pango (WeasyPrint cannot load it: {exc})",
                       f"{APT} libpango-1.0-0 libpangoft2-1.0-0")
    return Finding(True, f"WeasyPrint {importlib.metadata.version('weasyprint')} with Pango")


def check_harfbuzz_subset() -> Finding:
    """Without libharfbuzz-subset a Chinese PDF takes ~14 s instead of ~0.8 s."""
    import ctypes.util

    found = ctypes.util.find_library("harfbuzz-subset")
    return Finding(bool(found), "HarfBuzz font subsetting (fast PDFs)",
                   f"{APT} libharfbuzz-subset0", required=False)


def check_cjk_font() -> Finding:
    """Noto Sans CJK SC, with a real bold face, is the documents' font."""
    if not shutil.which("fc-list"):
        return Finding(False, "fontconfig (fc-list)", f"{APT} fontconfig")
    out = subprocess.run(["fc-list", ":family=Noto Sans CJK SC", "style"],
                         capture_output=True, text=True).stdout
    has_bold = "Bold" in out
    return Finding(bool(out.strip()) and has_bold, "font Noto Sans CJK SC (regular and bold)",
                   f"{APT} fonts-noto-cjk")


def check_libreoffice() -> Finding:
    """Optional: LibreOffice is how the tests prove every DOCX/XLSX opens."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return Finding(bool(found), "LibreOffice (only for the tests)",
                   f"{APT} libreoffice-writer-nogui libreoffice-calc-nogui", required=False)


def check_libraries() -> Finding:
    """The Python libraries and their versions."""
    names = ("python-docx", "openpyxl", "matplotlib", "pydantic", "ruamel.yaml", "jinja2")
    versions = []
    for name in names:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            return Finding(False, f"Python package {name}", f"pip install {name}")
    return Finding(True, ", ".join(versions))


CHECKS: list[Callable[[], Finding]] = [check_pango, check_harfbuzz_subset, check_cjk_font,
                                       check_libreoffice, check_libraries]


def run_doctor() -> int:
    """Print one line per check; exit non-zero when something required is missing."""
    failed = False
    for check in CHECKS:
        finding = check()
        mark = click.style("ok", fg="green") if finding.ok else click.style(
            "missing" if finding.required else "optional", fg="red" if finding.required
            else "yellow")
        click.echo(f"[{mark}] {finding.what}")
        if not finding.ok:
            click.echo(f"        fix: {finding.fix}")
            failed |= finding.required
    return ExitCode.ENVIRONMENT if failed else ExitCode.OK
