"""`campaign-docs doctor`: is this machine able to write our documents, and if not, how to fix it."""

from __future__ import annotations

import ctypes.util
import importlib.metadata
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import click

from generator.errors import ExitCode
from generator.locales import Message, listing, msg, t
from generator.office import find_soffice

APT = "sudo apt-get install -y --no-install-recommends"


@dataclass
class Finding:
    """One line of the doctor's report."""

    ok: bool
    what: str | Message
    fix: str = ""  # a command to run, the same in every language
    required: bool = True


def check_pango() -> Finding:
    """WeasyPrint needs Pango >= 1.44 through cffi."""
    try:
        import weasyprint  # noqa: F401  (heavy, and the import itself is the test)
    except OSError as exc:
        return Finding(False, msg("doctor.pango_missing", detail=str(exc)),
                       f"{APT} libpango-1.0-0 libpangoft2-1.0-0")
    return Finding(True, msg("doctor.pango", version=importlib.metadata.version("weasyprint")))


def check_harfbuzz_subset() -> Finding:
    """Without libharfbuzz-subset a Chinese PDF takes ~14 s instead of ~0.8 s."""
    found = ctypes.util.find_library("harfbuzz-subset")
    return Finding(bool(found), msg("doctor.harfbuzz"),
                   f"{APT} libharfbuzz-subset0", required=False)


def check_cjk_font() -> Finding:
    """Noto Sans CJK SC, with a real bold face, is the documents' font."""
    if not shutil.which("fc-list"):
        return Finding(False, msg("doctor.fontconfig"), f"{APT} fontconfig")
    out = subprocess.run(["fc-list", ":family=Noto Sans CJK SC", "style"],
                         capture_output=True, text=True).stdout
    has_bold = "Bold" in out
    return Finding(bool(out.strip()) and has_bold, msg("doctor.font"),
                   f"{APT} fonts-noto-cjk")


def check_libreoffice() -> Finding:
    """Optional: LibreOffice lays out the DOCX tables of contents (their page numbers);
    the tests use it to prove every DOCX/XLSX opens."""
    return Finding(bool(find_soffice()), msg("doctor.libreoffice"),
                   f"{APT} libreoffice-writer-nogui libreoffice-calc-nogui", required=False)


def check_libraries() -> Finding:
    """The Python libraries and their versions."""
    names = ("python-docx", "openpyxl", "matplotlib", "pydantic", "ruamel.yaml", "jinja2",
             "pypdfium2")  # pypdfium2: the poster's PNG
    versions = []
    for name in names:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            return Finding(False, msg("doctor.package", name=name), f"pip install {name}")
    return Finding(True, msg("doctor.libraries", versions=listing(versions)))


CHECKS: list[Callable[[], Finding]] = [check_pango, check_harfbuzz_subset, check_cjk_font,
                                       check_libreoffice, check_libraries]


def run_doctor() -> int:
    """Print one line per check; exit non-zero when something required is missing."""
    failed = False
    for check in CHECKS:
        finding = check()
        click.echo(f"[{_mark(finding)}] {finding.what}")
        if not finding.ok:
            click.echo("        " + t("doctor.fix", command=finding.fix))
            failed |= finding.required
    return ExitCode.ENVIRONMENT if failed else ExitCode.OK


def _mark(finding: Finding) -> str:
    """`ok` in green, `missing` in red, `optional` in yellow (in the session language)."""
    if finding.ok:
        return click.style(t("doctor.mark.ok"), fg="green")
    if finding.required:
        return click.style(t("doctor.mark.missing"), fg="red")
    return click.style(t("doctor.mark.optional"), fg="yellow")
