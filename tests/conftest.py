"""Shared fixtures: every write goes to tmp_path; WeasyPrint warnings fail the test."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def isolated_filesystem(tmp_path, monkeypatch):
    """Run each test inside its own temporary folder (cookiecutter's isolated_filesystem)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The questionnaire's today in tests (in-process runs): before the examples' campaigns, so a
# date typed without a year and the "start already past" note do not depend on the clock.
TODAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The questionnaire reads the clock in one place; tests fix it (override when needed)."""
    from generator.questionnaire import parse

    monkeypatch.setattr(parse, "local_today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def no_office_layout(monkeypatch):
    """`generate` lays DOCX tables of contents out with LibreOffice (seconds per call);
    only tests/test_docx_toc.py, which tests that step, turns it back on."""
    monkeypatch.setenv("CAMPAIGN_DOCS_SOFFICE", "off")


class _FailOnWarning(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def weasyprint_warnings_fail():
    """WeasyPrint logs missing glyphs and refused fetches at WARNING; none may happen."""
    handler = _FailOnWarning()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    if handler.records and not getattr(handler, "expected", False):
        messages = "; ".join(r.getMessage() for r in handler.records[:5])
        pytest.fail(f"WeasyPrint warned: {messages}")


def _fuzz_summary(terminalreporter):
    """The fuzzing seeds (a fixed one and this run's random one) and what each run did."""
    import sys

    fuzzing = sys.modules.get("tests.fuzzing")
    if fuzzing is None or not fuzzing.SEEDS_USED:
        return
    terminalreporter.section("fuzzing (replay a seed with CAMPAIGN_DOCS_FUZZ_SEED=N)")
    for line in fuzzing.SEEDS_USED:
        terminalreporter.write_line(line)
    for tally in fuzzing.TALLIES:
        terminalreporter.write_line(", ".join(f"{k} {v}" for k, v in tally.items()))


# Every DOCX and XLSX the tests wrote must open in LibreOffice, and every PDF pass qpdf.
_REAL_CLIENTS: dict = {}


def pytest_sessionfinish(session, exitstatus):
    """Check everything the session wrote under its temporary folder with the real clients
    (tests/realclients.py); a file one of them refuses fails the run."""
    import os

    from tests.realclients import check_folder

    if os.environ.get("CAMPAIGN_DOCS_SKIP_REAL_CLIENTS") or not hasattr(
            session.config, "_tmp_path_factory"):
        return
    try:
        root = session.config._tmp_path_factory.getbasetemp()
    except Exception:  # noqa: BLE001 - no test asked for a temporary folder
        return
    checked = check_folder(root)
    _REAL_CLIENTS["checked"] = checked
    if checked.failures and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):  # noqa: F811 - the second summary section
    _fuzz_summary(terminalreporter)
    checked = _REAL_CLIENTS.get("checked")
    if checked is None:
        return
    terminalreporter.section("real clients")
    terminalreporter.write_line(
        f"{checked.opened} DOCX/XLSX opened in LibreOffice, {checked.pdfs} PDFs passed "
        f"qpdf --check, {checked.skipped} files skipped (not our writers'), "
        f"{len(checked.failures)} refused")
    for failure in checked.failures[:20]:
        terminalreporter.write_line("FAILED " + failure, red=True)
