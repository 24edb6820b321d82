"""Nothing the user made is destroyed: outputs changed since they were written are kept.

`generate` and `batch` share the output folder's manifest (path -> hash of what was
written); a filled-in review workbook or a file campaign-docs never wrote survives a
regeneration, the message names it and the way on, and `--force` replaces it.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.__main__ import cli
from generator.batch.manifest import MANIFEST_NAME, Manifest, sha256_file
from generator.writers.xlsx.review import read_review_workbook
from tests.test_review_workbook import ZH, expected_results, fill_like_example, template_file

KEPT_ZH = ("保留了 {file}：它在生成后被改过（例如在 Excel 或 Word 里填写、编辑），新的没有覆盖它；"
           "要替换就加 --force，或用 -o 另选一个文件夹")


def run(*args: str):
    """The CLI as a user runs it; never a traceback."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_a_filled_review_workbook_survives_generate_and_force_replaces_it(tmp_path):
    answers = template_file(ZH, tmp_path)  # the plan, before any results
    first = run("generate", str(answers), "--doc", "review", "-o", "out", "--lang", "zh")
    assert first.exit_code == 0, first.output
    workbook = Path("out/double11-2026-review.xlsx")
    docx = Path("out/double11-2026-review.docx")
    fill_like_example(workbook, ZH)  # the team fills in the actuals in Excel
    filled = workbook.read_bytes()
    docx_before = docx.stat().st_mtime_ns

    again = run("generate", str(answers), "--doc", "review", "-o", "out", "--lang", "zh")
    assert again.exit_code == 0, again.output
    assert workbook.read_bytes() == filled  # not one byte written over
    assert read_review_workbook(workbook) == expected_results(ZH)  # the actuals are all there
    assert KEPT_ZH.format(file=workbook) in again.output
    assert str(workbook) not in again.stdout.splitlines()  # not listed as written
    assert docx.stat().st_mtime_ns != docx_before  # the other formats were made again

    forced = run("generate", str(answers), "--doc", "review", "-o", "out", "--force")
    assert forced.exit_code == 0
    assert str(workbook) in forced.stdout.splitlines()
    assert workbook.read_bytes() != filled
    assert read_review_workbook_or_empty(workbook) == {}  # the template again, no actuals
    # replaced by --force, it is ours again: the next generate writes it without a word
    quiet = run("generate", str(answers), "--doc", "review", "-o", "out")
    assert "--force" not in quiet.output and str(workbook) in quiet.stdout.splitlines()


def read_review_workbook_or_empty(path: Path) -> dict:
    """The results a workbook holds; {} for the blank template (the reader refuses it)."""
    from generator.errors import AnswersError

    try:
        return read_review_workbook(path)
    except AnswersError:
        return {}


def test_a_file_campaign_docs_never_wrote_is_kept(tmp_path):
    Path("out").mkdir()
    mine = Path("out/double11-2026-plan.docx")
    mine.write_bytes(b"my own notes, not a generated plan")
    result = run("generate", str(ZH), "--doc", "plan", "--format", "docx,md", "-o", "out",
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert mine.read_bytes() == b"my own notes, not a generated plan"
    assert (f"kept {mine}: campaign-docs did not write this file, so it was not written over; "
            "add --force to replace it, or choose another folder with -o") in result.output
    assert Path("out/double11-2026-plan.md").exists()
    files = json.loads(Path("out", MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert list(files) == ["double11-2026-plan.md"]  # the kept file is not claimed as ours


def test_a_manifest_from_before_files_still_knows_the_batch_outputs(tmp_path):
    (tmp_path / "s").mkdir()
    pdf = tmp_path / "s" / "plan.pdf"
    pdf.write_bytes(b"%PDF as written")
    old = {"format": 1, "tool_version": "0.1.0", "entries": {"s": {
        "key": "k", "answers_sha": "a", "slug_version": "0.1.0", "source": "s.yaml",
        "outputs": {"s/plan.pdf": sha256_file(pdf)}}}}
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(old), encoding="utf-8")
    manifest = Manifest.load(tmp_path)
    assert manifest.owner_of(pdf) is None  # ours, as written: may be replaced
    pdf.write_bytes(b"%PDF annotated by hand")
    assert manifest.owner_of(pdf) == "changed"
    assert manifest.owner_of(tmp_path / "s" / "other.pdf") is None  # absent: nothing to keep
    (tmp_path / "s" / "notes.pdf").write_bytes(b"x")
    assert manifest.owner_of(tmp_path / "s" / "notes.pdf") == "foreign"


def test_batch_keeps_a_filled_workbook_and_force_replaces_it(tmp_path):
    source = template_file(ZH, tmp_path)
    args = ["batch", str(source), "-o", "out", "-j", "1", "--doc", "review",
            "--format", "xlsx,md", "--report", "r.json", "--lang", "zh"]
    assert run(*args).exit_code == 0
    workbook, markdown = Path("out/double11-2026/review.xlsx"), Path("out/double11-2026/review.md")
    fill_like_example(workbook, ZH)
    filled = workbook.read_bytes()

    unchanged = run(*args)  # the answers did not change: nothing to make, nothing said
    assert unchanged.exit_code == 0 and "生成 0 个，未变 1 个" in unchanged.output
    assert "保留了" not in unchanged.output
    assert workbook.read_bytes() == filled

    source.write_text(source.read_text(encoding="utf-8").replace(
        "theme: 双十一老客回馈季", "theme: 双十一老客回馈季（二期）"), encoding="utf-8")
    changed = run(*args)  # new answers: the review is made again, but not over the workbook
    assert changed.exit_code == 0, changed.output
    assert workbook.read_bytes() == filled
    assert read_review_workbook(workbook) == expected_results(ZH)
    assert KEPT_ZH.format(file=workbook) in changed.output
    assert "（二期）" in markdown.read_text(encoding="utf-8")
    report = json.loads(Path("r.json").read_text(encoding="utf-8"))
    assert report["inputs"][0]["kept"] == [str(workbook)]

    forced = run(*args, "--force")
    assert forced.exit_code == 0
    assert workbook.read_bytes() != filled and "--force" not in forced.output
    assert read_review_workbook_or_empty(workbook) == {}
