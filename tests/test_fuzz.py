"""Fuzzing in CI (issue 14): 2,000 examples per run, only our own errors may come out.

Four targets (tests/fuzzing.py): answers built from the model's schema through check,
views and the Markdown, HTML, DOCX, XLSX and ICS writers (400); mutated answers files
through the same (1,200); typed-over review workbooks through `results --from-xlsx`, with
"no figure removed without --allow-clearing" checked on each (300); and model-built answers
through the PDF writer with real charts (100). Each runs half its examples on a fixed seed
and half on a random one; every seed is printed at the end of the run (replay one with
CAMPAIGN_DOCS_FUZZ_SEED=N). The workbook and PDF targets run in a second process while the
first two run here, so both cores work; CAMPAIGN_DOCS_FUZZ_SCALE=0.1 makes a quick local run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import fuzzing

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("CAMPAIGN_DOCS_FUZZ_SCALE", "1"))
COUNTS = {"model": 400, "yaml": 1200, "workbook": 300, "pdf": 100}
RANDOM_SEED = fuzzing.random_seed()


def halves(target: str) -> list[tuple[int, int]]:
    """(examples, seed) twice: the fixed seed and this run's random one."""
    total = max(2, round(COUNTS[target] * SCALE))
    return [(total // 2, fuzzing.FIXED_SEED), (total - total // 2, RANDOM_SEED)]


@pytest.fixture(scope="module")
def second_process():
    """The workbook and PDF targets, started at once in a process of their own."""
    specs = [f"{t}:{n}:{s}" for t in ("workbook", "pdf") for n, s in halves(t)]
    for spec in specs:
        target, n, s = spec.split(":")
        fuzzing.SEEDS_USED.append(f"{target}: {n} examples, seed {s}")
    proc = subprocess.Popen([sys.executable, "-m", "tests.fuzzing", *specs], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("target", ["model", "yaml"])
def test_fuzz_answers_through_every_writer(target, second_process, tmp_path):
    for examples, seed_value in halves(target):
        tally = fuzzing.run_target(target, examples, seed_value)
        assert tally["tried"] >= examples
        # NOTE: a strategy that never gets past `check` would prove nothing about the writers
        assert tally["documents written"] > examples // 10, dict(tally)
        fuzzing.TALLIES.append({"target": target, "seed": seed_value, **tally})


def test_fuzz_workbooks_and_pdf_in_the_second_process(second_process):
    out, err = second_process.communicate(timeout=1500)
    assert second_process.returncode == 0, f"{out}\n{err[-6000:]}"
    runs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [r["target"] for r in runs] == ["workbook", "workbook", "pdf", "pdf"]
    for run in runs:
        fuzzing.TALLIES.append(run)
        assert run["tried"] >= 1
    assert sum(r.get("recorded", 0) for r in runs if r["target"] == "workbook") > 0
    assert sum(r.get("documents written", 0) for r in runs if r["target"] == "pdf") > 0
