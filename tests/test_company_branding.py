"""[branding] in campaign-docs.toml: company name, logo, accent colour, confidentiality line."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from generator.__main__ import cli
from generator.writers.palette import ACCENT

from .company_templates import png
from .conftest import EXAMPLES
from .helpers import pdftotext, soffice_convert

ZH = EXAMPLES / "double11-zh.yaml"
BRANDING = """[branding]
company = "ACME 集团"
logo = "brand/logo.png"
accent = "#c0392b"
confidential = "内部资料，请勿外传"
"""


def branded(tmp_path, config=BRANDING):
    (tmp_path / "brand").mkdir(exist_ok=True)
    (tmp_path / "brand" / "logo.png").write_bytes(png(rgb=(192, 57, 43)))
    (tmp_path / "campaign-docs.toml").write_text(config, encoding="utf-8")
    return CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "docx",
                                    "-o", "out"])


def test_cover_header_footer_and_colour(tmp_path):
    result = branded(tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "double11-2026-plan.docx"
    document = Document(out)
    cover = [p.text for p in document.paragraphs[:6]]
    assert "  ACME 集团" in cover  # logo and name above the title
    header = document.sections[0].header.paragraphs[0]
    assert header.text == " ACME 集团 · 双十一老客回馈季 · 活动策划方案"
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    assert footer[0] == "内部资料，请勿外传" and footer[1].startswith("第 ")
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode() + package.read("word/styles.xml").decode()
        assert len([n for n in package.namelist() if n.startswith("word/media/")]) >= 1
    assert ACCENT not in xml  # our blue is gone from rules, table headers, headings
    assert 'w:fill="C0392B"' in xml


def test_the_branded_plan_in_libreoffice(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    assert branded(tmp_path).exit_code == 0
    text = pdftotext(soffice_convert(tmp_path / "out" / "double11-2026-plan.docx",
                                     tmp_path / "pdf"))
    assert "ACME 集团" in text and "内部资料，请勿外传" in text


@pytest.mark.parametrize("config, expected", [
    ('[branding]\nlogo = "brand/logo.svg"\n', "does not exist"),
    ('[branding]\naccent = "red"\n', "the accent colour red should be written #RRGGBB"),
    ('[branding]\nslogan = "x"\n', "[branding] takes only company, logo, accent, confidential"),
    ('[branding]\ncompany = 3\n', "branding.company should be text"),
])
def test_branding_mistakes(tmp_path, config, expected):
    result = branded(tmp_path, config)
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--lang", "en", "-o", "out"])
    assert result.exit_code == 2
    assert expected in result.output
