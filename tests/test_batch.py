"""Batch generation: discovery, the manifest, bad files, incremental runs, killed workers, Ctrl-C.

The generating tests run the real thing (spawned workers, WeasyPrint, python-docx) on copies
of the bundled examples, kept to the plan as DOCX + PDF so the suite stays quick; the
benchmark (bench/batch_bench.py) runs every document on 100 files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.batch import discover
from generator.batch_manifest import (
    MANIFEST_NAME,
    Manifest,
    input_key,
    sha256_file,
    templates_fingerprint,
)
from generator.batch_progress import Progress
from generator.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "examples" / "double11-zh.yaml"
EN = ROOT / "examples" / "spring-referral-en.yaml"
PLAN_ONLY = ["--doc", "plan", "--format", "docx,pdf"]


def copy_example(source: Path, target: Path, slug: str | None = None,
                 theme: str | None = None) -> Path:
    """A copy of an example with its own slug (and theme), edited as text like a user would."""
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if slug is not None and line.startswith("  slug:"):
            lines[i] = f"  slug: {slug}\n"
        if theme is not None and line.startswith("  theme:"):
            lines[i] = f"  theme: {theme}\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(lines), encoding="utf-8")
    return target


def run_cli(*args: str):
    """`campaign-docs batch ...` through click, as a user would run it."""
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


def temporaries(folder: Path) -> list[Path]:
    """Temp files an interrupted atomic write could have left behind."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- discovery

def test_discover_files_folders_globs_once_each(tmp_path):
    a = copy_example(ZH, tmp_path / "in" / "a.yaml")
    b = copy_example(EN, tmp_path / "in" / "deep" / "b.yml")
    (tmp_path / "in" / "notes.txt").write_text("not answers")
    (tmp_path / "in" / ".git").mkdir()
    (tmp_path / "in" / ".git" / "x.yaml").write_text("format: 1")
    found = discover([tmp_path / "in", str(tmp_path / "in" / "*.yaml"), a])
    assert [p.resolve() for p in found] == [a.resolve(), b.resolve()]


def test_discover_names_a_missing_path():
    with pytest.raises(UsageError, match=r"nope\.yaml does not exist"):
        discover(["nope.yaml"])
    with pytest.raises(UsageError, match="no answers files"):
        discover(["empty/*.yaml"])


# ---------------------------------------------------------------- manifest

def test_manifest_stale_docs_by_content_not_mtime(tmp_path):
    out = tmp_path / "out"
    (out / "s").mkdir(parents=True)
    pdf = out / "s" / "plan.pdf"
    pdf.write_bytes(b"%PDF one")
    manifest = Manifest.load(out)
    manifest.record("s", key="k1", answers_sha="a1", source="s.yaml",
                    outputs={"s/plan.pdf": sha256_file(pdf)})
    wanted = {"plan": ["s/plan.pdf"], "review": ["s/review.pdf"]}

    again = Manifest.load(out)  # what a later run reads back
    assert again.slug_for_answers("a1") == "s"
    assert again.stale_docs("s", "k1", wanted) == ["review"]
    os.utime(pdf, (0, 0))  # an mtime change alone means nothing
    assert again.stale_docs("s", "k1", {"plan": ["s/plan.pdf"]}) == []
    pdf.write_bytes(b"%PDF two")  # different content: stale
    assert again.stale_docs("s", "k1", {"plan": ["s/plan.pdf"]}) == ["plan"]
    assert again.stale_docs("s", "k2", {"plan": ["s/plan.pdf"]}) == ["plan"]


def test_manifest_damaged_means_regenerate(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("{ half a manifest")
    assert Manifest.load(tmp_path).entries == {}


def test_template_change_changes_every_key(tmp_path):
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "plan.md.j2").write_text("# 一、背景")
    before = templates_fingerprint(tmp_path)
    (tmp_path / "style.css").write_text("h1 { color: red }")
    after = templates_fingerprint(tmp_path)
    assert before != after
    assert input_key("a", before) != input_key("a", after)


def test_progress_line_counts_failures_eta_and_current():
    progress = Progress(total=100, enabled=False)
    progress.start("stores/s07.yaml")
    for i in range(10):
        progress.advance(failed=i == 3)
    line = progress.line()
    assert "10/100" in line and "1 failed" in line and "ETA" in line
    assert line.endswith("stores/s07.yaml") and "##" in line
