"""Batch generation: discovery, the manifest, bad files, incremental runs, killed workers, Ctrl-C.

The generating tests run the real thing (spawned workers, WeasyPrint, python-docx) on copies
of the bundled examples, kept to the plan as DOCX + PDF so the suite stays quick; the
benchmark (bench/batch_bench.py) runs every document on 100 files.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import locales
from generator.__main__ import cli
from generator.batch.run import discover
from generator.batch.manifest import (
    MANIFEST_NAME,
    Manifest,
    input_key,
    sha256_file,
    templates_fingerprint,
)
from generator.batch.progress import Progress
from generator.errors import UsageError
from tests.helpers import pdftotext

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


def run_cli(*args: str, lang: str = "en"):
    """`campaign-docs batch --lang LANG ...` through click, as a user would run it."""
    return CliRunner().invoke(cli, ["batch", "--lang", lang, *args], catch_exceptions=False)


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
    with locales.using("en"):
        with pytest.raises(UsageError, match=r"nope\.yaml does not exist"):
            discover(["nope.yaml"])
        with pytest.raises(UsageError, match="no answers files"):
            discover(["empty/*.yaml"])
    with locales.using("zh"), pytest.raises(UsageError, match=r"nope\.yaml 不存在"):
        discover(["nope.yaml"])


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


def test_catalogue_change_changes_the_fingerprint(tmp_path, monkeypatch):
    from generator import locales

    words = tmp_path / "locales"
    words.mkdir()
    (words / "zh.json").write_text('{"plan": {"title": "活动策划方案"}}', encoding="utf-8")
    monkeypatch.setattr(locales, "catalogue_dir", lambda: words)
    before = templates_fingerprint(tmp_path / "templates")
    (words / "zh.json").write_text('{"plan": {"title": "活动方案"}}', encoding="utf-8")
    assert templates_fingerprint(tmp_path / "templates") != before


def test_progress_line_counts_failures_eta_and_current():
    progress = Progress(total=100, enabled=False)
    progress.start("stores/s07.yaml")
    for i in range(10):
        progress.advance(failed=i == 3)
    with locales.using("en"):
        line = progress.line()
    assert "10/100" in line and "1 failed" in line and "ETA" in line
    assert line.endswith("stores/s07.yaml") and "##" in line
    with locales.using("zh"):
        assert "失败 1  预计还需 " in progress.line()


def test_clock_in_both_languages():
    from generator.batch.progress import _clock

    with locales.using("en"):
        assert [_clock(s) for s in (42, 185, 3720)] == ["42s", "3m05s", "1h02m"]
    with locales.using("zh"):
        assert [_clock(s) for s in (42, 185, 3720)] == ["42秒", "3分05秒", "1小时02分"]


# ---------------------------------------------------------------- generating

def plan_text(folder: Path) -> tuple[str, str]:
    """(PDF text, DOCX text) of a generated plan, read back with poppler and python-docx."""
    import docx

    document = docx.Document(str(folder / "plan.docx"))
    return pdftotext(folder / "plan.pdf"), "\n".join(p.text for p in document.paragraphs)


def mixed_folder(root: Path) -> None:
    """Two good files, a malformed YAML, a file failing validation, two sharing a slug."""
    copy_example(ZH, root / "good-zh.yaml", slug="store-zh", theme="双十一老客回馈季（杭州店）")
    copy_example(EN, root / "regions" / "good-en.yaml", slug="store-en",
                 theme="Spring Referral (Austin)")
    (root / "broken.yaml").write_text("format: 1\ncampaign:\n  theme: [unclosed\n  owner: x\n")
    invalid = copy_example(ZH, root / "invalid.yaml", slug="invalid-one")
    invalid.write_text(invalid.read_text().replace("  purpose: conversion", "  purpose: lottery"))
    copy_example(ZH, root / "twin-a.yaml", slug="twin")
    copy_example(EN, root / "regions" / "twin-b.yaml", slug="twin")
    copy_example(EN, root / "unwritable.yaml", slug="blocked")


def test_mixed_folder_good_ones_generate_bad_ones_named(tmp_path):
    mixed_folder(tmp_path / "in")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "blocked").write_text("a file where its folder should go")
    result = run_cli("in", "-o", "out", "--report", "report.json", "-j", "2", *PLAN_ONLY)

    assert result.exit_code == 1
    out = result.output
    assert "in/broken.yaml:3: YAML syntax error" in out
    assert "in/invalid.yaml:14: campaign.purpose: must be one of" in out
    assert "in/twin-a.yaml:8: campaign.slug: the slug 'twin' is also the slug of " \
           "in/regions/twin-b.yaml" in out
    assert "in/regions/twin-b.yaml:8: campaign.slug:" in out
    assert "in/unwritable.yaml: cannot write out/blocked/plan." in out  # failed in the worker
    assert "Done: 2 generated, 0 unchanged, 5 failed of 7" in out
    assert "Traceback" not in out

    pdf, docx_text = plan_text(tmp_path / "out" / "store-zh")
    assert "双十一老客回馈季（杭州店）" in pdf and "双十一老客回馈季（杭州店）" in docx_text
    pdf, docx_text = plan_text(tmp_path / "out" / "store-en")
    assert "Spring Referral (Austin)" in pdf and "Spring Referral (Austin)" in docx_text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        MANIFEST_NAME, "blocked", "store-en", "store-zh"]  # nothing for the colliding slug
    assert temporaries(tmp_path / "out") == []

    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    status = {Path(i["input"]).name: i for i in report["inputs"]}
    assert {k: v["status"] for k, v in status.items()} == {
        "broken.yaml": "failed", "good-en.yaml": "generated", "good-zh.yaml": "generated",
        "invalid.yaml": "failed", "twin-a.yaml": "failed", "twin-b.yaml": "failed",
        "unwritable.yaml": "failed"}
    assert (report["generated"], report["failed"], report["total"]) == (2, 5, 7)
    assert status["good-zh.yaml"]["outputs"] == ["out/store-zh/plan.docx", "out/store-zh/plan.pdf"]
    assert status["good-zh.yaml"]["error"] is None and status["good-zh.yaml"]["seconds"] > 0
    assert status["invalid.yaml"]["problems"][0] == {
        "file": "in/invalid.yaml", "line": 14, "field": "campaign.purpose", "severity": "error",
        "message": 'must be one of acquisition, activation, conversion, brand, got "lottery"'}
    assert "YAML syntax error" in status["broken.yaml"]["error"]


def test_incremental_skip_change_deleted_output_and_force(tmp_path):
    zh = copy_example(ZH, tmp_path / "in" / "zh.yaml", slug="zh")
    copy_example(EN, tmp_path / "in" / "en.yaml", slug="en")
    args = ("in", "-o", "out", "-j", "1", "--report", "r.json", "-v", *PLAN_ONLY)

    def statuses():
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        return {Path(i["input"]).stem: i["status"] for i in report["inputs"]}

    assert run_cli(*args).exit_code == 0
    assert statuses() == {"en": "generated", "zh": "generated"}
    pdf = tmp_path / "out" / "zh" / "plan.pdf"
    before = (pdf.stat().st_mtime_ns, pdf.read_bytes())

    result = run_cli(*args)  # nothing changed: nothing written, no worker started
    assert result.exit_code == 0 and "0 generated, 2 unchanged" in result.output
    assert statuses() == {"en": "skipped", "zh": "skipped"}
    assert (pdf.stat().st_mtime_ns, pdf.read_bytes()) == before

    os.utime(zh, None)  # touching is not changing: content hashes, not mtimes
    zh.write_text(zh.read_text().replace("  theme: 双十一老客回馈季", "  theme: 双十二老客回馈季"))
    (tmp_path / "out" / "en" / "plan.docx").unlink()
    assert run_cli(*args).exit_code == 0
    assert statuses() == {"en": "generated", "zh": "generated"}
    assert "双十二老客回馈季" in pdftotext(pdf)

    assert run_cli(*args).exit_code == 0
    assert statuses() == {"en": "skipped", "zh": "skipped"}
    result = run_cli(*args, "--force")
    assert "2 generated, 0 unchanged" in result.output
    assert statuses() == {"en": "generated", "zh": "generated"}


# ---------------------------------------------------------------- killed worker, Ctrl-C

def start_batch(tmp_path: Path, *extra: str) -> subprocess.Popen:
    """`python -m generator batch` as its own process group, as a shell would run it."""
    for name in ("a", "b", "c"):
        copy_example(ZH if name != "b" else EN, tmp_path / "in" / f"{name}.yaml", slug=name)
    args = [sys.executable, "-m", "generator", "batch", "in", "-o", "out", "-j", "1",
            "--report", "r.json", "--lang", "en", *PLAN_ONLY, *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_default_sigint)


def _default_sigint() -> None:
    # NOTE: a shell starting pytest in the background ignores SIGINT; the batch must not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def workers_of(pid: int) -> list[int]:
    """Pids of the batch's worker processes (spawned children, not the resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(stat.parent.name))
    return found


def wait_until_writing(tmp_path: Path, proc: subprocess.Popen, slug: str) -> int:
    """Wait until a worker has started writing `slug`'s documents; return that worker's pid."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (tmp_path / "out" / slug).exists():
            workers = workers_of(proc.pid)
            assert len(workers) == 1, workers
            return workers[0]
        time.sleep(0.01)
    raise AssertionError(f"the batch never started on {slug}: {proc.communicate()}")


def test_killed_worker_fails_its_file_only_and_leaves_no_partial_output(tmp_path):
    proc = start_batch(tmp_path)
    os.kill(wait_until_writing(tmp_path, proc, "a"), signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=300)

    assert proc.returncode == 1, stderr
    assert ("in/a.yaml: the worker process was killed by SIGKILL while generating in/a.yaml"
            in stderr)
    assert "Done: 2 generated, 0 unchanged, 1 failed of 3" in stdout
    report = json.loads((tmp_path / "r.json").read_text())
    assert [i["status"] for i in report["inputs"]] == ["failed", "generated", "generated"]
    out = tmp_path / "out"
    assert temporaries(out) == []
    for leftover in (out / "a").iterdir():  # finished before the kill: whole files only
        assert leftover.name in ("plan.docx", "plan.pdf")
    assert "a" not in Manifest.load(out).entries
    assert "Spring Referral" in plan_text(out / "b")[0]

    result = run_cli("in", "-o", "out", "--report", "r.json", *PLAN_ONLY)  # picks up the rest
    assert result.exit_code == 0 and "1 generated, 2 unchanged" in result.output
    assert "双十一老客回馈季" in plan_text(out / "a")[0]


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_ctrl_c_stops_workers_promptly_and_says_what_was_done(tmp_path, how):
    proc = start_batch(tmp_path)
    worker = wait_until_writing(tmp_path, proc, "a")
    pressed = time.monotonic()
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # the terminal sends it to the whole group
    else:
        proc.terminate()  # `kill PID`, a CI timeout: the batch alone, not its workers
    stdout, stderr = proc.communicate(timeout=60)

    assert time.monotonic() - pressed < 10
    assert proc.returncode == 130, stderr
    assert "Interrupted: 0 generated, 0 unchanged, 0 failed of 3" in stdout
    assert "3 left to do (run the same command again to continue)" in stdout
    assert "Traceback" not in stderr
    assert not Path(f"/proc/{worker}").exists() or "Z" in Path(f"/proc/{worker}/stat").read_text()
    assert temporaries(tmp_path / "out") == []
    assert json.loads((tmp_path / "r.json").read_text())["interrupted"] is True
