"""Issue 13: the PDF branded from [branding], the two shipped themes (PDF and DOCX alike),
and a template folder's stylesheets, all under the sandboxed URL fetcher."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from PIL import Image

from generator.__main__ import cli
from generator.company.config import resolve
from generator.writers.look import Look, theme_names

from .company_templates import png
from .conftest import EXAMPLES
from .helpers import pdf_page_count, pdffonts, pdfimages, pdftotext

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
RED = (0xC0, 0x39, 0x2B)  # the company's accent
OUR_BLUE = (0x2F, 0x55, 0x97)
GREEN = (20, 160, 60)  # the logo's colour (not the accent, so the pixels tell them apart)
BRANDING = """[branding]
company = "ACME 集团"
logo = "brand/logo.png"
accent = "#c0392b"
confidential = "内部资料，请勿外传"
"""


def generate(tmp_path, *args, config=BRANDING, doc="plan", answers=ZH):
    (tmp_path / "brand").mkdir(exist_ok=True)
    (tmp_path / "brand" / "logo.png").write_bytes(png(rgb=GREEN))
    if config is not None:
        (tmp_path / "campaign-docs.toml").write_text(config, encoding="utf-8")
    return CliRunner().invoke(cli, ["generate", str(answers), "--doc", doc, "-o", "out",
                                    *args])


def page_text(path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8",
                           str(path), "-"], check=True, capture_output=True, text=True).stdout


def pixels(path, page: int, tmp_path, colour: tuple[int, int, int], tolerance: int = 6) -> int:
    """How many pixels of page `page` (rendered at 40 dpi) are `colour`."""
    stem = tmp_path / f"px-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(stem)], check=True)
    image = Image.open(f"{stem}.png").convert("RGB")
    return sum(count for count, p in image.getcolors(maxcolors=1 << 24)
               if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)))


def test_the_branded_pdf(tmp_path):
    result = generate(tmp_path, "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "double11-2026-plan.pdf"
    pages = pdf_page_count(pdf)
    for page in range(1, pages + 1):  # the cover too: it names the company and is confidential
        text = page_text(pdf, page)
        assert "ACME 集团" in text and "内部资料，请勿外传" in text, page
    assert "第 2 页" in page_text(pdf, 2).replace("第2页", "第 2 页")
    assert pdfimages(pdf) == pages  # the logo: on the cover and in every running header
    # the accent replaces ours: table header rows and heading rules on the summary page
    assert pixels(pdf, 3, tmp_path, RED) > 500
    assert pixels(pdf, 3, tmp_path, OUR_BLUE) == 0
    assert pixels(pdf, 1, tmp_path, GREEN) > 100  # the logo, drawn on the cover


def test_branding_also_brands_the_html_page(tmp_path):
    assert generate(tmp_path, "--format", "html").exit_code == 0
    page = (tmp_path / "out" / "double11-2026-plan.html").read_text(encoding="utf-8")
    assert page.count('class="brand-logo" src="data:image/png;base64,') == 2
    assert "ACME 集团" in page and "内部资料，请勿外传" in page
    assert "--accent: #C0392B" in page
    assert "file:" not in page and str(tmp_path) not in page


def test_company_text_stays_text_in_the_pdf(tmp_path):
    config = BRANDING.replace("ACME 集团", '<b>A</b> \\" } @page { x').replace(
        "内部资料，请勿外传", "</div><img src='file:///etc/passwd'>")
    result = generate(tmp_path, "--format", "pdf,html", config=config)
    assert result.exit_code == 0, result.output
    text = pdftotext(tmp_path / "out" / "double11-2026-plan.pdf")
    assert '<b>A</b> " } @page { x' in text
    assert "</div><img src='file:///etc/passwd'>" in text
    page = (tmp_path / "out" / "double11-2026-plan.html").read_text(encoding="utf-8")
    assert "&lt;/div&gt;&lt;img src=" in page


def test_a_logo_outside_the_config_folder_is_refused(tmp_path):
    (tmp_path / "project").mkdir()
    (tmp_path / "logo.png").write_bytes(png())
    config = tmp_path / "project" / "campaign-docs.toml"
    config.write_text('[branding]\nlogo = "../logo.png"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--config", str(config),
                                      "--lang", "en", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert str(config) in result.output and "branding.logo" in result.output
    assert "outside the config file's folder" in result.output
    assert not (tmp_path / "out").exists()


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30" viewBox="0 0 90 30">'
       '<rect width="90" height="30" fill="rgb(20,160,60)"/></svg>')


def test_an_svg_logo_in_the_pdf_and_a_png_twin_in_the_docx(tmp_path):
    config = BRANDING.replace("logo.png", "logo.svg")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.svg").write_text(SVG, encoding="utf-8")
    result = generate(tmp_path, "--format", "pdf,docx", config=config)
    assert result.exit_code == 0, result.output
    assert "这份 DOCX 没有标志" not in result.output  # logo.png lies beside it (generate())
    pdf = tmp_path / "out" / "double11-2026-plan.pdf"
    assert pixels(pdf, 1, tmp_path, GREEN, tolerance=2) > 100  # drawn from the SVG
    with zipfile.ZipFile(tmp_path / "out" / "double11-2026-plan.docx") as package:
        assert any(n.endswith(".png") for n in package.namelist() if "media" in n)

    (tmp_path / "brand" / "logo.png").unlink()
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "docx",
                                      "-o", "out2"])
    assert result.exit_code == 0, result.output
    assert "DOCX 无法显示 SVG 标志" in result.output and "logo.png" in result.output


def test_the_formal_theme_pdf_and_docx(tmp_path):
    result = generate(tmp_path, "--format", "pdf,docx,html", "--theme", "formal", config=None)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "double11-2026-plan.html").read_text(encoding="utf-8")
    assert "--accent: #7b1e2b" in page and '"Noto Serif CJK SC"' in page
    pdf = tmp_path / "out" / "double11-2026-plan.pdf"
    assert "Noto-Serif-CJK-SC-Bold" in pdffonts(pdf)  # serif headings
    formal_accent = (0x7B, 0x1E, 0x2B)
    assert pixels(pdf, 1, tmp_path, formal_accent, tolerance=6) > 100  # the cover's band
    assert pixels(pdf, 3, tmp_path, OUR_BLUE) == 0  # no filled blue header rows
    document = Document(tmp_path / "out" / "double11-2026-plan.docx")
    heading = document.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(qn("w:eastAsia")) == heading.get(qn("w:ascii")) == "Noto Serif CJK SC"
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) != \
        "Noto Serif CJK SC"  # the body stays sans
    xml = document.element.xml
    assert 'w:fill="2F5597"' not in xml and "2F5597" not in document.styles.element.xml
    table = next(t for t in document.tables  # the first body table (not the cover's)
                 if t._tbl.tblPr.find(qn("w:tblStyle")) is not None)
    header = table.rows[0].cells[0]._tc
    assert header.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is None  # a plain header row
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:insideV")).get(qn("w:val")) == "nil"  # ruled across only


def test_the_clean_theme_is_todays_look(tmp_path):
    assert theme_names() == ("clean", "formal")
    assert generate(tmp_path, "--format", "docx", config=None).exit_code == 0
    (tmp_path / "campaign-docs.toml").write_text('theme = "clean"\n', encoding="utf-8")
    again = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "docx",
                                     "-o", "out2"])
    assert again.exit_code == 0
    with zipfile.ZipFile(tmp_path / "out" / "double11-2026-plan.docx") as a, \
            zipfile.ZipFile(tmp_path / "out2" / "double11-2026-plan.docx") as b:
        assert a.read("word/styles.xml") == b.read("word/styles.xml")


def test_theme_from_the_config_file(tmp_path):
    (tmp_path / "campaign-docs.toml").write_text('theme = "formal"\n', encoding="utf-8")
    assert resolve(["plan"], config=tmp_path / "campaign-docs.toml").look() == Look("formal")
    # the command line wins over the config file
    assert resolve(["plan"], config=tmp_path / "campaign-docs.toml",
                   theme="clean").theme == "clean"


@pytest.mark.parametrize("lang, expected", [
    ("en", "there is no theme “fancy”; the themes are clean, formal"),
    ("zh", "没有名为“fancy”的主题；可选的主题：clean、formal"),
])
def test_an_unknown_theme_is_one_sentence(tmp_path, lang, expected):
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--theme", "fancy", "--lang", lang,
                                      "-o", "out"])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def company_css(tmp_path, name: str, css: str):
    folder = tmp_path / "company"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(css, encoding="utf-8")
    return folder


def test_extra_css_in_the_template_folder(tmp_path):
    folder = company_css(tmp_path, "extra.css",
                         "h1 { color: rgb(20, 160, 60); }\n"
                         ".cover-band { background: url(band.png); }\n")
    (folder / "band.png").write_bytes(png(rgb=(250, 200, 0)))
    result = generate(tmp_path, "--format", "pdf,html", "--template-dir", str(folder),
                      config=None)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "double11-2026-plan.pdf"
    assert pixels(pdf, 3, tmp_path, GREEN, tolerance=8) > 20  # the green chapter title
    assert pixels(pdf, 1, tmp_path, (250, 200, 0), tolerance=4) > 100  # the band's picture
    page = (tmp_path / "out" / "double11-2026-plan.html").read_text(encoding="utf-8")
    assert 'url("data:image/png;base64,' in page and "band.png" not in page


def test_a_company_style_css_replaces_ours(tmp_path):
    folder = company_css(tmp_path, "style.css", "html { font-family: 'Noto Serif CJK SC'; }")
    result = generate(tmp_path, "--format", "pdf", "--template-dir", str(folder), config=None)
    assert result.exit_code == 0, result.output
    fonts = pdffonts(tmp_path / "out" / "double11-2026-plan.pdf")
    assert "Noto-Serif-CJK" in fonts and "Noto-Sans-CJK" not in fonts


@pytest.mark.parametrize("css, url", [
    ("h1 {\n  background: url('../secret.png');\n}\n", "../secret.png"),
    ("h1 {\n  background: url(https://example.com/x.png);\n}\n", "https://example.com/x.png"),
    ("@import 'file:///etc/passwd';\n", "file:///etc/passwd"),
    ("@font-face {\n  font-family: x;\n  src: url(/usr/share/fonts/x.ttf);\n}\n",
     "/usr/share/fonts/x.ttf"),
])
def test_a_stylesheet_reaching_outside_fails_cleanly(tmp_path, css, url):
    (tmp_path / "secret.png").write_bytes(png())
    folder = company_css(tmp_path, "extra.css", css)
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "pdf",
                                      "--template-dir", str(folder), "--lang", "en",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    line = 1 if css.startswith("@import") else 2 if "background" in css else 3
    assert f"extra.css, line {line}: {url} is not a file in the template folder" in \
        result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "double11-2026-plan.pdf").exists()


def test_theme_logo_and_css_make_a_batch_output_stale(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_bytes(EN.read_bytes())
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(png(rgb=GREEN))
    (tmp_path / "campaign-docs.toml").write_text(BRANDING, encoding="utf-8")
    folder = company_css(tmp_path, "extra.css", "h1 { color: #123456; }")

    def batch(*args):
        report = tmp_path / "r.json"
        result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "--doc", "plan",
                                          "--format", "md", "-o", str(tmp_path / "out"),
                                          "--template-dir", str(folder), "--report",
                                          str(report), "-j", "1", *args])
        assert result.exit_code == 0, result.output
        return [item["status"] for item in json.loads(report.read_text())["inputs"]]

    assert batch() == ["generated"]
    assert batch() == ["skipped"]
    (tmp_path / "brand" / "logo.png").write_bytes(png(rgb=RED))  # a changed logo
    assert batch() == ["generated"]
    (folder / "extra.css").write_text("h1 { color: #654321; }")  # a changed stylesheet
    assert batch() == ["generated"]
    assert batch("--theme", "formal") == ["generated"]
    assert batch("--theme", "formal") == ["skipped"]


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)
