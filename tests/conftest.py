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
