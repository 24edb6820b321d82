"""A company template in the form WPS Office saves it, filled (company_templates.wps_template
says what of WPS's XML is emulated: no WPS runs here)."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from docx import Document

from generator.company.lint import lint_template
from generator.generate import generate_file

from .company_templates import WPS_APPLICATION, wps_template
from .conftest import EXAMPLES
from .helpers import pdftotext, soffice_convert

ZH = EXAMPLES / "double11-zh.yaml"


def fill(tmp_path):
    template = wps_template(tmp_path / "company")
    (out,) = generate_file(ZH, docs=["plan"], formats=["docx"], outdir=tmp_path / "out",
                           docx_template=template)
    return template, out


def test_a_wps_template_passes_lint(tmp_path):
    assert lint_template(wps_template(tmp_path / "company"), "plan") == []


def test_a_wps_template_is_filled(tmp_path):
    _, out = fill(tmp_path)
    document = Document(out)
    texts = [p.text for p in document.paragraphs]
    # tags split by WPS's language runs, a spell mark and a bookmark are one tag again
    assert texts[0] == "双十一老客回馈季"
    assert texts[1] == "负责人：张敏"
    assert texts[2].startswith("背景：近一年有购买的会员约 32 万人")
    assert [r.text for r in document.paragraphs[2].runs if r.bold] == ["近 90 天未复购"]
    assert texts[3:] == ["主要风险：短信到达率低"]  # the {%p %} lines went, the risk stayed
    kr = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert kr[1][:2] == ["O1-KR1", "复购用户数"] and len(kr) == 6
    # the inserted runs keep WPS's East Asian hint of the run the tag was written in
    rich_run = document.paragraphs[2].runs[2]._element
    assert rich_run.xpath("string(./w:rPr/w:rFonts/@w:hint)") == "eastAsia"


def test_wps_parts_survive_filling(tmp_path):
    _, out = fill(tmp_path)
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        custom = package.read("docProps/custom.xml").decode()
        data = package.read("customXml/item1.xml").decode()
        body = package.read("word/document.xml").decode()
    assert WPS_APPLICATION in app
    assert "KSOProductBuildVer" in custom
    assert "wpsCustomData" in data and "customXml/itemProps1.xml" in names
    assert 'w:type="lines"' in body  # WPS's line grid kept
    assert "cdp-" not in body and "{{" not in body


def test_a_filled_wps_template_as_libreoffice_lays_it_out(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    _, out = fill(tmp_path)
    text = pdftotext(soffice_convert(out, tmp_path / "pdf"))
    assert "负责人：张敏" in text and "复购用户数" in text and "主要风险：短信到达率低" in text
