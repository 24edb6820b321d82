"""The plan document end to end: golden Markdown, DOCX/PDF read back, safety, the CLI."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers.load import load_answers
from generator.render.templating import render_document

from .conftest import EXAMPLES, ROOT
from .helpers import pdffonts, pdftotext, soffice_convert

GOLDEN = ROOT / "tests" / "golden"
ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_plan_markdown_matches_golden(example):
    """A template change shows up as a readable diff (UPDATE_GOLDEN=1 rewrites)."""
    markdown = render_document("plan", load_answers(example).answers).markdown
    golden = GOLDEN / f"{example.stem}.plan.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


def test_plan_computes_uplift_budget_share_and_sections():
    doc = render_document("plan", load_answers(ZH).answers)
    md = doc.markdown
    # 复购用户数: 8000 -> 12000 is +4,000 (50.0%); 微信公众号 30000 of 200000 is 15.0%.
    assert re.search(r"\| 复购用户数 \| 数量 \| 8,000 \| 12,000 人 \| \+4,000（50\.0%）", md)
    # a rate's change is in percentage points: 12 -> 20 % is +8.0 points, not "8 (66.7%)"
    assert "| 回归券领取率 | 比率 | 12.0 | 20.0% | +8.0 个百分点 |" in md
    assert "| ¥30,000 | 15.0% |" in md
    for heading in ("活动概述", "活动目标", "目标人群", "推广渠道", "物料设计需求",
                    "功能开发需求", "分工排期（摘要）", "预算", "风险与应对", "数据监测计划"):
        assert re.search(rf"^# [一二三四五六七八九十]+、{heading}$", md, re.M), heading


def test_empty_sections_are_left_out(tmp_path):
    minimal = tmp_path / "minimal.yaml"
    minimal.write_text(
        "format: 1\ncampaign:\n  theme: 小活动\n  purpose: brand\n  start: 2026-05-01\n"
        "  end: 2026-05-03\n  owner: 王五\n", encoding="utf-8")
    md = render_document("plan", load_answers(minimal).answers).markdown
    assert "推广渠道" not in md and "物料设计需求" not in md and "风险与应对" not in md
    chapters = re.findall(r"^# (\S+?)、", md, re.M)
    assert chapters == ["一", "二", "三", "四"][: len(chapters)]  # numbering stays continuous


def test_generate_plan_docx_pdf_html_read_back(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan",
                                      "--format", "docx,pdf,html", "-o", "out"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        ".campaign-docs-history.json",  # the plan's versions (history.py)
        ".campaign-docs-manifest.json",  # what was written, so an edited output is kept
        "double11-2026-plan.docx", "double11-2026-plan.html", "double11-2026-plan.pdf"]

    import docx

    document = docx.Document(str(out / "double11-2026-plan.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert any("活动目标" in h for h in headings)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    # a number is bound to its unit by a no-break space (it never ends a line alone)
    assert "复购用户数" in cells and "12,000\u00a0人" in cells
    styles = zipfile.ZipFile(out / "double11-2026-plan.docx").read("word/styles.xml").decode()
    assert 'w:eastAsia="Noto Sans CJK SC"' in styles

    text = pdftotext(out / "double11-2026-plan.pdf")
    assert "双十一老客回馈季" in text and "12,000" in text
    fonts = pdffonts(out / "double11-2026-plan.pdf")
    assert re.search(r"\+Noto-Sans-CJK-SC\s.*yes yes", fonts)  # embedded, subset
    assert re.search(r"\+Noto-Sans-CJK-SC-Bold\s.*yes yes", fonts)  # a real bold face


@pytest.mark.slow
@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_libreoffice_opens_the_plan_docx(example, tmp_path):
    from generator.writers.docx.document import write_docx

    doc = render_document("plan", load_answers(example).answers)
    path = write_docx(doc, tmp_path / "plan.docx")
    pdf = soffice_convert(path, tmp_path)
    assert doc.subtitle in pdftotext(pdf)


HOSTILE = """format: 1
campaign:
  theme: "../../x"
  purpose: conversion
  start: 2026-11-01
  end: 2026-11-11
  owner: "<img src=file:///etc/passwd> {{ 7*7 }}"
  background: |
    # not a heading
    <script>alert(1)</script> [link](http://127.0.0.1/) ![img](file:///etc/passwd)
    | a | b |
    - a list item with **bold**
objectives:
  - objective: "{% for x in range(3) %}loop{% endfor %}"
    key_results:
      - {metric: "a|b # c", target: 10}
rules: ["<a rel=attachment href=file:///etc/passwd>x</a>"]
"""


def test_untrusted_text_stays_text(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", str(path), "--doc", "plan",
                                      "--format", "html,pdf,docx", "-o", "out"])
    assert result.exit_code == 0, result.output
    produced = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")
                      if p.suffix in (".pdf", ".html", ".docx"))
    assert produced == ["out/x-plan.docx", "out/x-plan.html", "out/x-plan.pdf"]
    html = (tmp_path / "out" / "x-plan.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=file" not in html
    import lxml.html

    tree = lxml.html.fromstring(html)
    assert not tree.xpath("//*[@rel='attachment'] | //script | //link[@href]")
    assert not [src for src in tree.xpath("//img/@src") if not src.startswith("data:")]
    assert "{{ 7*7 }}" in html and "49" not in html.split("{{ 7*7 }}")[0][-20:]
    assert "{% for x in range(3) %}loop{% endfor %}" in html
    assert "<h1>not a heading" not in html and "# not a heading" in html
    assert "<strong>bold</strong>" in html  # basic Markdown in multiline answers survives
    text = pdftotext(tmp_path / "out" / "x-plan.pdf")
    assert "a|b # c" in text and "<script>alert(1)</script>" in text


def test_control_characters_do_not_break_docx(tmp_path):
    path = tmp_path / "ctrl.yaml"
    path.write_text(HOSTILE.replace("../../x", "bad\\x00\\x0b\\x0cname\\ufffe")
                    .replace('theme: "', 'theme: "'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", str(path), "--doc", "plan",
                                      "--format", "docx", "-o", "out"])
    assert result.exit_code == 0, result.output
    import docx

    (written,) = Path(tmp_path / "out").glob("*.docx")
    body = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "\x00" not in body


def test_bad_file_gives_one_sentence_and_no_output(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\ncampaign:\n  theme: x\n  purpose: conversion\n"
                    "  start: 2026-11-11\n  end: 2026-11-01\n  owner: 张三\n"
                    "objectives:\n  - objective: o\n    key_results:\n"
                    "      - {metric: m, target: 很多}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "bad.yaml", "-o", "out", "--lang", "en"])
    assert result.exit_code == 3
    assert ('bad.yaml:11: objectives.0.key_results.0.target: "很多" is not a number: write it '
            "as 12000, 1.5k, 20,000, $25, 27.5 USD or 18%") in result.output
    # no lang: in the file and no --lang: the locale's language (zh when it names none);
    # every problem at once: the reversed dates are linted although the target did not validate
    result = CliRunner().invoke(cli, ["generate", "bad.yaml", "-o", "out"], env={"LC_ALL": "C"})
    assert result.output == ('错误：bad.yaml:6: campaign.end: 活动结束日期 2026-11-01 早于开始日期 '
                             '2026-11-11；请对调两个日期或改正笔误\n'
                             'bad.yaml:11: objectives.0.key_results.0.target: "很多" 不是一个数：'
                             "可以写 12000、1.2万、1万5、20,000、¥25、27.5元 或 18%\n")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_doc_or_format_is_a_usage_error():
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "ics",
                                      "--lang", "en"])
    assert result.exit_code == 2
    assert "nothing to write: ics is not a format of plan" in result.output
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "ics"])
    assert "错误：没有可生成的文件：plan 没有 ics 格式（可用格式：plan: docx、pdf、html、md）" in result.output
    result = CliRunner().invoke(cli, ["--lang", "en", "generate", str(ZH), "--doc", "memo"])
    assert result.exit_code == 2 and "memo is not one of plan, schedule, review" in result.output


def test_schedule_summary_places_tasks_without_dates_or_phase(tmp_path):
    """Same placement as the schedule sheet: no task dropped, no crash on missing dates."""
    path = tmp_path / "partial.yaml"
    path.write_text(
        "format: 1\ncampaign:\n  theme: t\n  purpose: brand\n  start: 2026-05-01\n"
        "  end: 2026-05-03\n  owner: w\nschedule:\n  - task: 无日期无阶段\n"
        "  - task: 只有阶段\n    phase: launch\n  - task: 上线\n    phase: launch\n"
        "    end: 2026-05-02\n    milestone: true\n", encoding="utf-8")
    md = render_document("plan", load_answers(path).answers).markdown
    assert "共 3 项工作" in md
    assert "| 活动策划期 | 2026-04-10 | 2026-04-10 | 1 |" in md
    assert "| 活动上线期 | 2026-05-01 | 2026-05-02 | 2 |" in md
    assert "| 上线 | 2026-05-02 |" in md
