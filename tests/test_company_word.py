"""A company Word template filled from the plan's view (generate --docx-template)."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from generator.__main__ import cli
from generator.company.names import BY_DOC, COMMON
from generator.generate import generate_file
from generator.render.templating import base_context, build_view

from .company_templates import company_plan_template, paragraph, run, split_tag
from .conftest import EXAMPLES
from .helpers import pdftotext, soffice_convert

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fill(tmp_path, example=ZH, **template_options):
    template = company_plan_template(tmp_path / "company", **template_options)
    (out,) = generate_file(example, docs=["plan"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=template)
    return out


def test_split_tags_loops_and_conditions_are_filled(tmp_path):
    document = Document(fill(tmp_path))
    texts = [p.text for p in document.paragraphs]
    # tags split over three runs with spell-check marks between are one tag again
    assert texts[0] == "双十一老客回馈季"
    assert texts[1] == "文档：活动策划方案"
    assert texts[2] == "负责人：张敏，总预算 ¥200,000。"
    # {%p if risks %} kept its paragraph, {%p if not risks %} dropped its own: no empty lines
    assert texts[3:] == ["主要风险：短信到达率低", "完。"]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["渠道", "预算", "负责人"]
    # one row per channel of the example, budgets by the money filter
    assert rows[1] == ["微信公众号", "¥30,000", "李雷"]
    assert rows[-1] == ["线下门店海报", "¥12,000", "孙悦"]
    assert len(rows) == 1 + 6


def test_headers_and_footers_are_filled_with_the_logo(tmp_path):
    out = fill(tmp_path)
    document = Document(out)
    section = document.sections[0]
    assert section.header.paragraphs[0].text.strip() == "双十一老客回馈季"
    assert section.footer.paragraphs[0].text == "ACME 内部资料 · 张敏"
    with zipfile.ZipFile(out) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        header = package.read("word/header1.xml").decode()
    assert len(media) == 1
    assert "<w:drawing>" in header  # the logo sits in the header, 25 mm wide
    assert 'cx="900000"' in header
    assert "cdp-mark" not in header


def test_the_east_asian_slot_gets_the_chinese_font(tmp_path):
    document = Document(fill(tmp_path))
    title_run = document.paragraphs[0].runs[0]._element
    fonts = title_run.find(f"{W}rPr/{W}rFonts")
    # the template named 微软雅黑 in the Latin slots only: Chinese text would not use it
    assert fonts.get(f"{W}eastAsia") == "微软雅黑"
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "Noto Sans CJK SC"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"


def test_english_campaign_keeps_its_language(tmp_path):
    document = Document(fill(tmp_path, EN))
    assert document.paragraphs[1].text == "文档：Campaign Plan"
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "en-US"


def test_user_text_stays_text(tmp_path):
    answers = tmp_path / "hostile.yaml"
    text = ZH.read_text(encoding="utf-8").replace(
        "theme: 双十一老客回馈季", "theme: '双十一 <w:b/> & {{ 7*7 }}'", 1)
    answers.write_text(text, encoding="utf-8")
    document = Document(fill(tmp_path, answers))
    assert document.paragraphs[0].text == "双十一 <w:b/> & {{ 7*7 }}"


def test_the_filled_template_as_libreoffice_lays_it_out(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    pdf = soffice_convert(fill(tmp_path), tmp_path / "pdf")
    text = pdftotext(pdf)
    assert "负责人：张敏，总预算 ¥200,000。" in text
    assert "小红书达人种草" in text and "ACME 内部资料 · 张敏" in text
    assert "{{" not in text and "{%" not in text


def test_cli_fills_one_document_only(tmp_path):
    template = company_plan_template(tmp_path / "company")
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--docx-template", str(template),
                                      "--format", "docx", "-o", "out"])
    assert result.exit_code == 2, result.output
    assert "--docx-template 只能用于一种文档" in result.output
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format",
                                      "docx,md", "--docx-template", str(template), "-o", "out"])
    assert result.exit_code == 0, result.output
    assert Document(tmp_path / "out" / "double11-2026-plan.docx").paragraphs[1].text == \
        "文档：活动策划方案"
    assert (tmp_path / "out" / "double11-2026-plan.md").read_text(encoding="utf-8")


def test_a_missing_name_is_named_with_its_paragraph(tmp_path):
    bad = paragraph(run("预算："), split_tag("{{ budgt.", "total }}"))
    template = company_plan_template(tmp_path / "company", body_extra=[bad])
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "docx",
                                      "--docx-template", str(template), "-o", "out"])
    assert result.exit_code != 0
    # paragraphs count as Word's navigation does: 3 above the table, 12 in its cells, 7 below
    assert "company-plan.docx：正文第 23 段（“预算：{{ budgt.total }}”）：budgt 不是可用的名称" \
        "（是不是 budget？）" in result.output, result.output
    assert not (tmp_path / "out" / "double11-2026-plan.docx").exists()


@pytest.mark.parametrize("example", [ZH, EN])
@pytest.mark.parametrize("doc", ["plan", "schedule", "review"])
def test_every_context_name_is_listed(doc, example):
    from generator.answers.load import load_answers

    answers = load_answers(example).answers
    view = build_view(doc, answers, answers.lang)
    context = {**base_context(answers, doc, answers.lang), **view.context}
    assert set(context) == set(COMMON) | set(BY_DOC[doc])


def test_templates_vars_in_both_languages():
    zh = CliRunner().invoke(cli, ["templates", "vars", "--doc", "plan", "--word", "--lang", "zh"])
    assert zh.exit_code == 0
    assert "  campaign: 活动基本信息（答案文件的 campaign 部分）" in zh.output
    assert "      campaign.theme: 活动主题" in zh.output
    assert "      channels.budget: 预算" in zh.output
    assert "  image: image('logo.png', width=30)" in zh.output
    assert "  sched:" not in zh.output
    en = CliRunner().invoke(cli, ["templates", "vars", "--lang", "en"])
    assert "  sched: everything on the schedule sheet" in en.output
    assert "  okr: the overall OKR score and verdict" in en.output
    assert "image(" not in en.output


def test_lists_and_multiline_answers_read_as_text(tmp_path):
    extra = paragraph(split_tag("{{ campaign.departments }}|{{ campaign.background | md }}"))
    document = Document(fill(tmp_path, body_extra=[extra]))
    last = document.paragraphs[-1]
    departments, background = last.text.split("|", 1)
    assert departments == "用户运营部、市场部、产品技术部、数据分析组"
    assert background.startswith("近一年有购买的会员约 32 万人，其中 近 90 天未复购 的约 5 万人")
    # the answer's line breaks are line breaks in Word
    assert last._element.xpath("count(.//w:br)") == 3
