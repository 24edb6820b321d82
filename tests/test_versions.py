"""Sign-off and version history (issue 16): a version row only when the answers changed,
the sections named from the answers, the approvers' signature lines, and both absent
without data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import docx
from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers.load import load_answers, loads_answers
from generator.history import HISTORY_NAME, History
from generator.render.templating import render_document

from .conftest import EXAMPLES
from .helpers import pdftotext

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
TODAY = dt.date.today().isoformat()
APPROVERS = ("approvers:\n  - {name: 王总, role: 市场总监}\n"
             "  - {name: 李娜, role: 财务经理, date: 2026-10-12}\n")


def copy(example: Path = ZH, old: str = "", new: str = "", extra: str = "") -> Path:
    """The example as `campaign.yaml`, with one exact edit and `extra` appended."""
    text = example.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = Path("campaign.yaml")
    path.write_text(text + extra, encoding="utf-8")
    return path


def generate(path: Path, out: str = "out", formats: str = "md") -> str:
    """`generate --doc plan` into `out`; the plan's Markdown."""
    result = CliRunner().invoke(cli, ["generate", str(path), "--doc", "plan", "--format",
                                      formats, "-o", out])
    assert result.exit_code == 0, result.output
    written = [line for line in result.output.splitlines() if line.endswith("-plan.md")]
    return Path(written[0]).read_text(encoding="utf-8") if written else ""


def version_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if re.match(r"\| V\d+ \|", line)]


def test_a_row_only_when_the_answers_changed(tmp_path):
    history = History(tmp_path)
    answers = load_answers(ZH).answers
    first = history.update("d11", answers, dt.date(2026, 10, 8))
    assert (first.version, first.date, first.sections) == (1, "2026-10-08", ())
    assert history.update("d11", answers, dt.date(2026, 10, 9)) is None  # same answers
    # the budget typed as "20万" is the same 200,000; a comment is no change either
    same = copy(old="  budget: 200000", new="  budget: \"20万\"  # 总预算")
    assert history.update("d11", load_answers(same).answers) is None
    changed = copy(old="    budget: 30000\n", new="    budget: 35000\n", extra=APPROVERS)
    second = history.update("d11", load_answers(changed).answers, dt.date(2026, 10, 10))
    assert (second.version, second.date, second.sections) == (
        2, "2026-10-10", ("channels", "approvers"))
    history.save()
    assert [v.version for v in History.load(tmp_path).versions("d11")] == [1, 2]


def test_generate_keeps_the_history_beside_the_manifest():
    path = copy()
    md = generate(path)
    assert version_rows(md) == [f"| V1 | {TODAY.replace('-', chr(92) + '-')} | 初稿 |"]
    assert "## 15.1 版本记录" in md and "审批签字" not in md  # no approvers: no signature lines
    generate(path, formats="md,html")  # unchanged answers, another format: no new version
    stored = json.loads((Path("out") / HISTORY_NAME).read_text(encoding="utf-8"))
    assert [r["version"] for r in stored["campaigns"]["double11-2026"]] == [1]
    assert (Path("out") / ".campaign-docs-manifest.json").exists()
    copy(old="  nature: 以老带新的促活转化活动\n", new="  nature: 老客唤醒\n")  # campaign.nature
    md = generate(path)
    assert version_rows(md)[1].endswith(" | 修改了基本信息 |")
    md = generate(path)  # the same again: still two rows
    assert len(version_rows(md)) == 2


def test_the_history_is_per_campaign_in_a_shared_folder():
    generate(copy())
    en = Path("en.yaml")
    en.write_text(EN.read_text(encoding="utf-8"), encoding="utf-8")
    md = generate(en)
    assert version_rows(md) == [f"| V1 | {TODAY.replace('-', chr(92) + '-')} | First draft |"]
    assert re.search(r"^## \d+\.1 Version history$", md, re.M)


def test_a_damaged_history_starts_again(tmp_path):
    (tmp_path / HISTORY_NAME).write_text("{not json", encoding="utf-8")
    assert History.load(tmp_path).versions("x") == []


def test_approvers_get_a_signature_line_each():
    answers = loads_answers(ZH.read_text(encoding="utf-8") + APPROVERS, "x.yaml").answers
    md = render_document("plan", answers).markdown
    assert "版本记录" not in md  # rendered outside `generate`: no history
    assert "<tr><td>王总</td><td>市场总监</td><td class=\"blank\"></td>" \
        "<td class=\"blank\"></td></tr>" in md
    assert "<tr><td>李娜</td><td>财务经理</td><td>2026-10-12</td><td class=\"blank\"></td>" in md


def test_old_answers_files_have_no_signoff_chapter():
    for example in (ZH, EN):
        md = render_document("plan", load_answers(example).answers).markdown
        assert "版本与审批" not in md and "Versions and sign-off" not in md


def test_pdf_and_docx_show_versions_and_approvers():
    path = copy(extra=APPROVERS)
    generate(path, formats="pdf,docx")
    text = pdftotext(next(Path("out").glob("*-plan.pdf")), layout=True)
    assert re.search(rf"V1\s+{TODAY}\s+初稿", text)
    assert re.search(r"李娜\s+财务经理\s+2026-10-12", text)
    document = docx.Document(next(Path("out").glob("*-plan.docx")))
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert ["V1", TODAY, "初稿"] in rows
    assert ["王总", "市场总监", "", ""] in rows
