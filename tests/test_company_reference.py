"""`generate --reference-docx`: the company's styles, page and header/footer, never its body."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from docx import Document
from docx.shared import Cm, Pt, RGBColor

from generator.generate import generate_file

from .company_templates import png
from .conftest import EXAMPLES
from .helpers import pdftotext, soffice_convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def company_reference(folder):
    """A company file: 楷体 red headings (Latin slots only, as python-docx sets a font), 3 cm
    margins, a header with the logo and text, a footer line, and body text never to copy."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.png").write_bytes(png(rgb=(20, 120, 60)))
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "KaiTi"
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    heading.font.size = Pt(20)
    document.styles["Normal"].font.name = "Georgia"
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(3)
    section.top_margin = Cm(3.5)
    header = section.header.paragraphs[0]
    header.add_run().add_picture(str(folder / "logo.png"), width=Cm(2))
    header.add_run(" ACME 集团 · 内部资料")
    section.footer.paragraphs[0].text = "ACME 机密文件，请勿外传"
    document.add_paragraph("SECRET BODY TEXT of the company file")
    path = folder / "reference.docx"
    document.save(path)
    return path


def generate(tmp_path, reference):
    (out,) = generate_file(EXAMPLES / "double11-zh.yaml", docs=["plan"], formats=["docx"],
                           outdir=tmp_path / "out", reference_docx=reference)
    return out


def test_styles_page_and_header_come_from_the_reference(tmp_path):
    out = generate(tmp_path, company_reference(tmp_path / "company"))
    document = Document(out)
    styles = document.styles.element
    heading = next(s for s in styles.findall(f"{W}style") if s.get(f"{W}styleId") == "Heading1")
    fonts = heading.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "KaiTi"
    assert fonts.get(f"{W}eastAsia") == "KaiTi"  # copied to the East Asian slot for 中文
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == "C00000"
    assert heading.find(f"{W}pPr/{W}outlineLvl") is not None
    normal = document.styles["Normal"]
    assert normal.font.name == "Georgia"
    section = document.sections[0]
    assert round(section.left_margin.cm, 2) == 3 and round(section.top_margin.cm, 2) == 3.5
    assert section.header.paragraphs[0].text == " ACME 集团 · 内部资料"
    assert section.footer.paragraphs[0].text == "ACME 机密文件，请勿外传"
    with zipfile.ZipFile(out) as package:
        header = package.read("word/header1.xml").decode() if "word/header1.xml" in \
            package.namelist() else ""
        assert any(n.startswith("word/media/") for n in package.namelist())
    body = "\n".join(p.text for p in document.paragraphs)
    assert "SECRET BODY" not in body and "SECRET BODY" not in header
    # our content is all there, in the company's headings
    headings = [p.text for p in document.paragraphs if p.style.style_id == "Heading1"]
    assert any(h.startswith("一、") for h in headings)
    assert len(headings) >= 8


def test_the_reference_look_in_libreoffice(tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    pdf = soffice_convert(generate(tmp_path, company_reference(tmp_path / "company")),
                          tmp_path / "pdf")
    text = pdftotext(pdf)
    assert "ACME 集团 · 内部资料" in text and "ACME 机密文件，请勿外传" in text
    assert "SECRET BODY" not in text
    assert "双十一老客回馈季" in text


def test_a_reference_that_is_not_a_word_file(tmp_path):
    bad = tmp_path / "ref.docx"
    bad.write_bytes(b"PK not really")
    from generator.errors import TemplateError

    with pytest.raises(TemplateError) as caught:
        generate(tmp_path, bad)
    assert "ref.docx" in str(caught.value)
