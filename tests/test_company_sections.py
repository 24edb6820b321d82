"""Our generated sections and Markdown answers inside a company Word template."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from generator.__main__ import cli
from generator.company.lint import lint_template
from generator.company.rich import markdown_runs
from generator.company.sections import SECTIONS, our_docx, pick_part
from generator.generate import generate_file
from generator.locales import t

from .company_templates import (
    W_NS,
    company_plan_template,
    paragraph,
    run,
    split_tag,
    word_heading_styles,
)
from .conftest import EXAMPLES
from .helpers import pdftotext, soffice_convert

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
W = f"{{{W_NS}}}"


def section_paragraph(name: str) -> str:
    """`{{ section("name") }}` as Word leaves it: split over runs with spell-check marks."""
    return paragraph(split_tag('{{ section("', f'{name}") ', "}}"))


def template_with(tmp_path, *extra: str, headings: bool = True):
    template = company_plan_template(tmp_path / "company", body_extra=list(extra))
    if headings:
        word_heading_styles(template, font="黑体", color="C00000")
    return template


def fill(tmp_path, *extra: str, example=ZH):
    template = template_with(tmp_path, *extra)
    (out,) = generate_file(example, docs=["plan"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=template)
    return out


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_a_table_section_is_our_table_in_the_company_document(tmp_path):
    document = Document(fill(tmp_path, section_paragraph("kr_table")))
    kr = rows(document.tables[1])  # after the template's own channel table
    assert kr[0] == ["编号", "指标", "类型", "基线", "目标", "较基线变化", "截止日期"]
    # the example: 8,000 repeat buyers -> 12,000 is +4,000, 50.0 %
    assert kr[1] == ["O1-KR1", "复购用户数", "数量", "8,000", "12,000\xa0人", "+4,000（50.0%）",
                     "2026-11-11"]
    assert len(kr) == 1 + 5  # five key results in the example
    # the paragraph that held the tag (the template's last) is the table now
    body = document.element.body
    assert document.tables[1]._element.getnext().tag == W + "sectPr"
    assert document.paragraphs[-1].text == "完。"
    assert "section(" not in "".join(body.itertext())


def test_a_chapter_takes_the_company_heading_style(tmp_path):
    out = fill(tmp_path, section_paragraph("budget"))
    document = Document(out)
    heading = next(p for p in document.paragraphs if p.text == "十二、预算")  # after 团队分工 and 上线检查清单
    # the company's "heading 1" (id "1", as Chinese Word writes it), not a copy of ours
    assert heading.style.style_id == "1"
    assert heading.style.name == "Heading 1"
    fonts = heading.style.element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "黑体"
    assert heading.style.font.color.rgb is not None and str(heading.style.font.color.rgb) == \
        "C00000"
    ids = [s.get(f"{W}styleId") for s in document.styles.element.findall(f"{W}style")]
    assert "Heading1" not in ids  # ours was mapped by name, not added beside it
    budget = rows(document.tables[1])
    # 6 channels: 130,000 of 200,000 is 65.0 %; the rest 70,000 is 35.0 %
    assert budget[1] == ["渠道推广（6\xa0个渠道）", "¥130,000", "65.0%"]
    assert budget[-1] == ["总预算", "¥200,000", "100.0%"]
    # the chapter's first paragraph does not force a page: the company places breaks
    assert heading._element.find(f"{W}pPr/{W}pageBreakBefore") is None


def test_the_body_section_is_every_chapter_without_cover_or_toc(tmp_path):
    document = Document(fill(tmp_path, section_paragraph("body")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "方案摘要"
    assert headings[1:4] == ["一、活动概述", "二、活动目标", "三、目标人群"]
    assert headings[-1].endswith("版本与审批")
    texts = [p.text for p in document.paragraphs]
    assert t("document.toc", lang="zh") not in texts
    with zipfile.ZipFile(tmp_path / "out" / "double11-2026-plan.docx") as package:
        xml = package.read("word/document.xml").decode()
    # one section only: our page setup (a sectPr inside the body) stayed out
    assert xml.count("<w:sectPr") == 1
    assert "cdp-" not in xml


@pytest.mark.parametrize("example", [ZH, EN])
@pytest.mark.parametrize("doc", ["plan", "schedule", "review"])
def test_every_section_name_is_found_in_the_examples(doc, example):
    """Each named part is in both examples' documents (the names follow the catalogue)."""
    from generator.answers.load import load_answers
    from generator.render.templating import build_view

    answers = load_answers(example).answers
    source = our_docx(doc, answers, build_view(doc, answers, answers.lang))
    body = [el for el in Document(__import__("io").BytesIO(source)).element.body
            if el.tag != W + "sectPr"]
    # not in the examples (no itemised budget, versions, reasons or reach figures): such a
    # section is empty, and its paragraph simply goes
    absent = {("plan", "budget_lines"), ("plan", "signoff"), ("review", "why"),
              ("review", "reach")}
    for name, part in SECTIONS[doc].items():
        title = t(part.key, answers.lang) if part.key else ""
        found = pick_part(part, str(title))(body)
        assert bool(found) == ((doc, name) not in absent), f"{doc}: {name} in {example.name}"
        if part.table:
            assert [el.tag for el in found] == [W + "tbl"]


def test_an_unknown_section_is_named_with_its_paragraph(tmp_path):
    template = template_with(tmp_path, section_paragraph("kr_tabel"), headings=False)
    problems = [str(p) for p in lint_template(template, "plan")]
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        "company-plan.docx：正文第 23 段（“{{ section(\"kr_tabel\") }}”）：没有名为 kr_tabel 的生成内容；"
        "可用的名称：body、summary、overview"), problems[0]


def test_a_section_beside_text_or_in_a_header_or_cell_is_refused(tmp_path):
    beside = paragraph(run("预算："), split_tag('{{ section("budget") }}'))
    template = company_plan_template(tmp_path / "company", body_extra=[beside],
                                     header_tag=run('{{ section("summary") }}'))
    problems = [str(p) for p in lint_template(template, "plan")]
    assert any(p.startswith("company-plan.docx：正文第 23 段（“预算：{{ section(\"budget\") }}”）："
                            "{{ section(\"budget\") }} 要单独占一段") for p in problems), problems
    assert any("页眉" in p and "section(\"summary\")" in p for p in problems), problems
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "docx",
                                      "--docx-template", str(template), "-o", "out"])
    assert result.exit_code != 0
    assert "要单独占一段" in result.output
    assert not (tmp_path / "out" / "double11-2026-plan.docx").exists()


def test_a_section_in_a_table_cell_is_refused(tmp_path):
    cell = (f'<w:tbl xmlns:w="{W_NS}"><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc>'
            + section_paragraph("kr_table") + "</w:tc></w:tr></w:tbl>")
    template = company_plan_template(tmp_path / "company", body_extra=[cell])
    problems = [str(p) for p in lint_template(template, "plan")]
    assert problems == ["company-plan.docx：正文第 23 段（“{{ section(\"kr_table\") }}”）："
                        "{{ section(\"kr_table\") }} 要单独占一段（同一段里不能有其他文字），"
                        "也不能放在表格、页眉或页脚里；请把它移到正文中单独的一段"], problems


def test_section_without_a_name_still_numbers(tmp_path):
    numbered = paragraph(split_tag("{{ chapter() }}{{ section() }}{{ section() }}"))
    document = Document(fill(tmp_path, numbered))
    assert document.paragraphs[-1].text == "一、1.1 1.2 "


def test_two_paragraph_tags_in_one_paragraph_are_refused(tmp_path):
    # docxtpl issue #161: the second {%p %} of a paragraph garbles the first one's XML
    both = paragraph(split_tag("{%p if risks %}"), run("有风险"), split_tag("{%p endif %}"))
    template = company_plan_template(tmp_path / "company", body_extra=[both])
    problems = [str(p) for p in lint_template(template, "plan")]
    assert problems == ["company-plan.docx：正文第 23 段（“{%p if risks %}有风险{%p endif %}”）："
                        "一个段落里只能有一个 {%p %} 这类整段标签（这里有 2 个），否则填充时会把段落弄乱；"
                        "请把它们分到不同的段落"], problems


def test_markdown_answers_become_word_runs_in_the_template_font(tmp_path):
    tag = paragraph(run("背景：", '<w:rFonts w:ascii="楷体" w:hAnsi="楷体" w:eastAsia="楷体"/>'),
                    split_tag("{{ campaign.background | ", "rich }}",
                              props='<w:rFonts w:ascii="楷体" w:hAnsi="楷体" w:eastAsia="楷体"/>'
                                    '<w:sz w:val="24"/>'),
                    run("（完）"))
    document = Document(fill(tmp_path, tag))
    last = document.paragraphs[-1]
    assert last.text.startswith("背景：近一年有购买的会员约 32 万人，其中 近 90 天未复购 的约 5 万人")
    assert last.text.endswith("并带动老客邀请新客。（完）")
    bold = [r for r in last.runs if r.bold]
    assert [r.text for r in bold] == ["近 90 天未复购"]
    # every run of the answer keeps the font and size of the run the tag was written in
    for r in last.runs[1:-1]:
        if r.text:
            assert r.font.name == "楷体" and r.font.size.pt == 12, r.text
    # two line breaks, then an empty line (a blank line in the answer)
    assert last._element.xpath("count(.//w:br)") == 3


def test_rich_text_stays_text(tmp_path):
    answers = tmp_path / "hostile.yaml"
    hostile = ("  background: |\n    **粗** <w:p><w:r><w:t>注入</w:t></w:r></w:p> & {{ 7*7 }}\n"
               "    - {% if true %}列表{% endif %}\n    1. *斜* </w:t><!--cdp-rich-->\n")
    text = ZH.read_text(encoding="utf-8")
    start = text.index("  background: |")
    end = text.index("  purpose:")
    answers.write_text(text[:start] + hostile + text[end:], encoding="utf-8")
    document = Document(fill(tmp_path, paragraph(split_tag("{{ campaign.background|rich }}")),
                             example=answers))
    last = document.paragraphs[-1]
    assert last.text == ("粗 <w:p><w:r><w:t>注入</w:t></w:r></w:p> & {{ 7*7 }}\n"
                         "• {% if true %}列表{% endif %}\n1. 斜 </w:t><!--cdp-rich-->")
    assert [r.text for r in last.runs if r.bold] == ["粗"]
    assert [r.text for r in last.runs if r.italic] == ["斜"]
    assert len(document.paragraphs[-1]._element.findall(f"{W}r/{W}t")) >= 5


def test_rich_as_a_paragraph_tag_is_refused(tmp_path):
    whole = paragraph(split_tag("{{p campaign.background | rich }}"))
    template = company_plan_template(tmp_path / "company", body_extra=[whole])
    problems = [str(p) for p in lint_template(template, "plan")]
    assert problems == ["company-plan.docx：正文第 23 段（“{{p campaign.background | rich }}”）："
                        "| rich 写成的是段落里的文字，不能用 {{p ...}} 整段标签；"
                        "请写成 {{ ... | rich }}"], problems


def test_markdown_runs_by_hand():
    runs = markdown_runs("a **b** *c* d\n- e\n2. f").runs
    assert runs == [("", "a "), ("b", "b"), ("", " "), ("i", "c"), ("", " d"), ("br", ""),
                    ("", "• "), ("", "e"), ("br", ""), ("", "2. "), ("", "f")]
    # a star inside a word or a lone star is text
    assert markdown_runs("3*4=12, 5 * 6").runs == [("", "3*4=12, 5 * 6")]


def test_templates_vars_lists_the_sections_in_both_languages():
    zh = CliRunner().invoke(cli, ["templates", "vars", "--doc", "plan", "--word", "--lang", "zh"])
    assert '  section("kr_table"): “关键结果（KR）”下的第一张表' in zh.output
    assert '  section("budget"): “预算”一章（或一节）及其下的全部内容' in zh.output
    assert "| rich }}" in zh.output
    en = CliRunner().invoke(cli, ["templates", "vars", "--word", "--lang", "en"])
    assert '    section("gantt"): the “Gantt chart” chapter (or section) with everything ' \
           'under it' in en.output
    assert '    section("body"): every chapter of the body (no cover or table of contents)' \
        in en.output
    plain = CliRunner().invoke(cli, ["templates", "vars", "--lang", "en"])
    assert 'section("' not in plain.output


def test_sections_as_libreoffice_lays_them_out(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    out = fill(tmp_path, section_paragraph("kr_table"), section_paragraph("risks"))
    text = pdftotext(soffice_convert(out, tmp_path / "pdf"))
    assert "复购用户数" in text and "+4,000（50.0%）" in text
    assert "十三、风险与应对" in text and "短信到达率低" in text
    assert "{{" not in text and "section(" not in text


def test_user_text_in_a_section_stays_text(tmp_path):
    answers = tmp_path / "hostile.yaml"
    text = ZH.read_text(encoding="utf-8").replace(
        "theme: 双十一老客回馈季", "theme: '双十一 <w:p/> & {{ 7*7 }} {% if x %}'", 1)
    answers.write_text(text, encoding="utf-8")
    document = Document(fill(tmp_path, section_paragraph("overview"), example=answers))
    overview = rows(document.tables[1])
    assert overview[1] == ["活动主题", "双十一 <w:p/> & {{ 7*7 }} {% if x %}"]


def schedule_template(tmp_path, name: str):
    """A schedule template: a title and one section (tags only this document has none)."""
    from docx import Document as NewDocument

    from .company_templates import _append

    folder = tmp_path / "company"
    folder.mkdir(parents=True)
    document = NewDocument()
    _append(document.element.body, paragraph(split_tag("{{ doc_", "title }}"), style="Title"))
    _append(document.element.body, section_paragraph(name))
    path = folder / "company-schedule.docx"
    document.save(path)
    return path


def test_the_schedule_body_keeps_the_company_page_setup(tmp_path):
    template = schedule_template(tmp_path, "body")
    (out,) = generate_file(ZH, docs=["schedule"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=template)
    document = Document(out)
    assert document.paragraphs[0].text == "分工排期表"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、排期概览", "二、分工排期表", "三、甘特图", "四、里程碑与关键路径",
                        "五、人员负荷"]
    # our landscape pages were section breaks: dropped, the template's one section stays
    assert len(document.sections) == 1
    assert document.sections[0].orientation == Document(template).sections[0].orientation
    # our tables, laid out for landscape A4, are scaled to the template's text width
    section = document.sections[0]
    width = (section.page_width - section.left_margin - section.right_margin) / 635  # twips
    grids = [sum(int(c.get(f"{W}w")) for c in t._element.iter(f"{W}gridCol"))
             for t in document.tables]
    assert max(grids) <= width + 30  # rounding: a twip per column at most
    assert max(grids) > width - 100  # the Gantt filled it: it was wider


def test_rich_text_in_a_run_with_a_tab_before_it(tmp_path):
    """A run holding more than its text (a tab first): the runs still get real properties."""
    tabbed = paragraph('<w:r><w:rPr><w:i/></w:rPr><w:tab/><w:t xml:space="preserve">'
                       "{{ campaign.background | rich }}</w:t></w:r>")
    out = fill(tmp_path, tabbed)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "cdp-" not in xml
    last = Document(out).paragraphs[-1]
    assert last.text.startswith("\t近一年有购买的会员约 32 万人")
    assert all(r.italic for r in last.runs if r.text.strip())  # the tag's run was italic
    assert [r.text for r in last.runs if r.bold] == ["近 90 天未复购"]


def test_the_review_body_brings_its_charts_and_lists(tmp_path):
    from docx import Document as NewDocument

    from .company_templates import _append

    folder = tmp_path / "company"
    folder.mkdir(parents=True)
    blank = NewDocument()
    _append(blank.element.body, section_paragraph("body"))
    template = folder / "company-review.docx"
    blank.save(template)
    (out,) = generate_file(ZH, docs=["review"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=template)
    document = Document(out)
    # the review's three charts: pictures copied into the company's package, 166 mm wide
    assert len(document.inline_shapes) == 3
    assert {shape.width for shape in document.inline_shapes} == {5976620}
    with zipfile.ZipFile(out) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == 3
    # the next steps are a real Word list: numbering definitions came along
    step = next(p for p in document.paragraphs if p.text.startswith("给已复购用户推送会员日"))
    num_id = step._element.xpath("string(./w:pPr/w:numPr/w:numId/@w:val)")
    assert num_id and document.part.numbering_part.element.xpath(
        f"count(./w:num[@w:numId='{num_id}'])") == 1


def test_a_section_in_the_last_paragraph_of_a_word_section_keeps_the_break(tmp_path):
    """Word keeps a section's page setup in its last paragraph: the section break (here to
    a landscape section) stays after the inserted part."""
    landscape = ('<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
                 '<w:pgMar w:top="1000" w:right="1000" w:bottom="1000" w:left="1000" '
                 'w:header="500" w:footer="500" w:gutter="0"/></w:sectPr>')
    last = (f'<w:p xmlns:w="{W_NS}"><w:pPr>{landscape}</w:pPr>'
            + split_tag('{{ section("kr_table") }}') + "</w:p>")
    document = Document(fill(tmp_path, last, paragraph(run("尾页"))))
    assert len(document.sections) == 2
    assert document.sections[0].orientation == 1  # WD_ORIENT.LANDSCAPE: the break kept
    assert rows(document.tables[1])[1][0] == "O1-KR1"
    assert document.paragraphs[-1].text == "尾页"


def test_a_section_named_by_an_expression(tmp_path):
    computed = paragraph(split_tag('{{ section("kr_" ~ ', '"table") }}'))
    document = Document(fill(tmp_path, computed))
    assert rows(document.tables[1])[1][:2] == ["O1-KR1", "复购用户数"]
    beside = paragraph(run("见："), split_tag('{{ section("kr_" ~ "table") }}'))
    template = company_plan_template(tmp_path / "other", body_extra=[beside])
    problems = [str(p) for p in lint_template(template, "plan")]
    assert len(problems) == 1 and "要单独占一段" in problems[0], problems
