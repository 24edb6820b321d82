"""The table of contents of a filled company template: rebuilt, then numbered by LibreOffice."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document

from generator.generate import generate_file
from generator.writers.docx.toc import toc_entries
from tests.helpers import soffice_convert_all, toc_against_pages

from .company_templates import (
    company_plan_template,
    page_break,
    paragraph,
    run,
    split_tag,
    word_heading_styles,
    word_toc,
)
from .conftest import EXAMPLES

ZH = EXAMPLES / "double11-zh.yaml"


@pytest.fixture
def office(monkeypatch):
    """LibreOffice on, as for a user who has it (conftest turns it off for other tests)."""
    monkeypatch.delenv("CAMPAIGN_DOCS_SOFFICE", raising=False)


def toc_template(tmp_path):
    """Page 1 the company's, page 2 its TOC, then our body and the company's appendix."""
    extra = [page_break(), word_toc(), page_break(),
             paragraph(split_tag('{{ section("body") }}')),
             paragraph(run("附录：联系人"), style="1"),  # Chinese Word's heading 1
             paragraph(run("活动负责人："), split_tag("{{ campaign.owner }}"))]
    template = company_plan_template(tmp_path / "company", body_extra=extra)
    word_heading_styles(template, font="黑体", color="C00000")  # headings "1" and "2"
    return template


def test_the_toc_lists_the_filled_headings(tmp_path):
    (out,) = generate_file(ZH, docs=["plan"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=toc_template(tmp_path))
    entries = [text for _, text in toc_entries(out)]
    # levels 1-3 as the company's \o "1-3" asks: our chapters, their sections, the summary's
    # sub-headings, and the company's own heading at the end; the stale entry is gone
    assert entries[:3] == ["方案摘要", "目标与关键结果", "预算"]
    assert "一、活动概述" in entries and "1.1 活动背景" in entries
    assert entries[-1] == "附录：联系人"
    assert "示例标题" not in entries
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert xml.count('TOC \\o "1-3" \\h \\z \\u') == 1  # the company's instruction kept
    assert "docPartGallery" in xml  # inside the company's content control still
    document = Document(out)
    # the company's heading got a bookmark its entry points at
    appendix = next(p for p in document.paragraphs if p.text == "附录：联系人")
    assert appendix._element.xpath("./w:bookmarkStart/@w:name")[0].startswith("_TocCD")


@pytest.mark.slow
def test_the_toc_numbers_are_the_pages_libreoffice_shows(office, tmp_path, capsys):
    (out,) = generate_file(ZH, docs=["plan"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=toc_template(tmp_path))
    assert capsys.readouterr().err == ""  # the layout worked: no warning
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    headings = [text for _, text in toc_entries(out)]
    assert xml.count(" PAGEREF _Toc") == len(headings) > 20
    (pdf,) = soffice_convert_all([out], tmp_path / "check")
    rows = toc_against_pages(pdf, headings)
    wrong = [row for row in rows if row[1] != row[2] or not row[2]]
    assert not wrong, wrong
    # page 1 the company's, pages 2-3 the TOC, our body from page 4
    assert rows[0][1] == 4 and rows[-1][0] == "附录：联系人"


def test_the_company_toc_styles_are_kept_under_their_own_ids(tmp_path):
    """Chinese Word names the TOC styles "toc 1"/"toc 2" with ids "10"/"21": the entries get
    TOC1/TOC2 styles based on them (the company's look, the ids our numbering reads)."""
    from docx.oxml import parse_xml

    template = toc_template(tmp_path)
    document = Document(template)
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for style_id, name in (("10", "toc 1"), ("21", "toc 2")):
        document.styles.element.append(parse_xml(
            f'<w:style {ns} w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            '<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="00B050"/></w:rPr></w:style>'))
    document.save(template)
    (out,) = generate_file(ZH, docs=["plan"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=template)
    filled = Document(out)
    toc1 = filled.styles.element.get_by_id("TOC1")
    assert toc1.name_val == "campaign-docs toc 1" and toc1.basedOn_val == "10"
    assert filled.styles.element.get_by_id("TOC2").basedOn_val == "21"
    assert len(toc_entries(out)) > 20
