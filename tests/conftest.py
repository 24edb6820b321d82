"""Shared fixtures: every write goes to tmp_path; WeasyPrint warnings fail the test."""

from __future__ import annotations

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


def pytest_terminal_summary(terminalreporter):
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
