"""One design in the PDF and the DOCX, and fonts every office suite maps to a Chinese face.

The DOCX side is checked twice: in its XML (python-docx) and as LibreOffice lays it out,
next to the PDF's pages (pdftotext -layout for positions, pdftoppm pixels for colours).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

from generator.answers.checks import load_checked
from generator.render.document import Document
from generator.render.templating import render_document
from generator.resources import templates_dir
from generator.writers import palette
from generator.writers.docx.document import write_docx
from generator.writers.pdf import write_pdf
from tests.helpers import pdftotext, soffice_convert

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "double11-zh.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> dict[str, Path]:
    """The zh plan as PDF, as DOCX, and the DOCX as LibreOffice lays it out."""
    folder = tmp_path_factory.mktemp("design")
    doc = render_document("plan", load_checked(EXAMPLE)[0].answers)
    written = {"pdf": write_pdf(doc, folder / "plan.pdf"),
               "docx": write_docx(doc, folder / "plan.docx")}
    (folder / "lo").mkdir()
    written["lo"] = soffice_convert(written["docx"], folder / "lo")
    return written


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def test_every_docx_colour_is_the_stylesheets():
    css = "".join((templates_dir() / name).read_text(encoding="utf-8").lower()
                  for name in ("style.css", "paged.css"))
    colours = {name: value for name, value in vars(palette).items() if name.isupper()}
    assert len(colours) >= 15
    missing = {name: value for name, value in colours.items()
               if f"#{value.lower()}" not in css and value != "FFFFFF"}
    assert not missing  # a DOCX colour the PDF does not use is a second design
    assert "#fff" in css  # the header row's white text


def page_lines(pdf: Path, page: int) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.strip()]


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@pytest.mark.slow
@pytest.mark.parametrize("rendering", ["pdf", "lo"])
def test_running_header_and_cover_are_left_aligned_in_both(plan, rendering):
    header = page_lines(plan[rendering], 3)[0]
    assert header.strip() == "双十一老客回馈季 · 活动策划方案"
    assert indent(header) <= 2  # left, as the chapter headings (was right in the DOCX)
    cover = page_lines(plan[rendering], 1)
    title = next(line for line in cover if "活动策划方案" in line)
    assert indent(title) <= 2  # left-aligned cover (was centred in the DOCX)
    assert cover[-1].strip() == "编制日期：2026-11-30" or "编制日期：" in cover[-1]
    assert "生成日期" not in pdftotext(plan[rendering])


def share_of(png: Path, colour: str, tolerance: int = 10) -> float:
    """The share of a page's pixels within `tolerance` of `colour` (hex RGB)."""
    target = tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    image = Image.open(png).convert("RGB")
    width, height = image.size
    raw = image.tobytes()
    close = sum(1 for i in range(0, len(raw), 3)
                if all(abs(raw[i + k] - target[k]) <= tolerance for k in range(3)))
    return close / (width * height)


def page_png(pdf: Path, page: int, out: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out)], check=True)
    return out.with_suffix(".png")


@pytest.mark.slow
def test_cover_band_and_table_headers_are_the_same_colours(plan, tmp_path):
    for rendering in ("pdf", "lo"):
        cover = page_png(plan[rendering], 1, tmp_path / f"{rendering}-cover")
        body = page_png(plan[rendering], 3, tmp_path / f"{rendering}-body")
        assert 0.01 < share_of(cover, palette.ACCENT) < 0.06, rendering  # the 7 mm band
        assert share_of(cover, palette.ORANGE) > 0.0001, rendering  # the short rule
        assert share_of(body, palette.ACCENT) > 0.005, rendering  # dark blue header rows
        assert share_of(body, "D9E2F3", tolerance=3) < 0.001, rendering  # not light blue


def test_docx_header_rows_are_dark_with_white_bold_text(plan):
    document = docx.Document(str(plan["docx"]))
    table = next(t for t in document.tables if t.cell(0, 0).text == "编号")
    for cell in table.rows[0].cells:
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == palette.ACCENT
        run = cell.paragraphs[0].runs[0]
        assert run.bold and str(run.font.color.rgb) == "FFFFFF"
    banded = [row.cells[0]._tc.tcPr.find(qn("w:shd")) for row in table.rows[1:]]
    fills = [None if shd is None else shd.get(qn("w:fill")) for shd in banded]
    assert fills[:4] == [None, palette.ZEBRA, None, palette.ZEBRA]  # as tbody tr:nth-child(even)
    header = document.styles["Header"].element.pPr.find(qn("w:jc"))
    assert header.get(qn("w:val")) == "left"


def test_docx_cover_has_the_pdf_cover_parts(plan):
    document = docx.Document(str(plan["docx"]))
    band = document.tables[0]
    assert band._tbl.find(f"{W}tr/{W}trPr/{W}trHeight").get(qn("w:hRule")) == "exact"
    assert band.cell(0, 0)._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == palette.ACCENT
    date = document.paragraphs[1]
    assert date.text == "编制日期：2026-11-30"
    frame = date._p.pPr.find(qn("w:framePr"))
    assert frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"
    title = next(p for p in document.paragraphs if p.style.name == "Cover Title")
    assert title.alignment is None  # left, as the PDF
    assert str(document.styles["Cover Title"].font.color.rgb) == palette.NAVY


def test_fonts_table_names_noto_with_chinese_fallbacks(plan):
    root = etree.fromstring(part(plan["docx"], "word/fontTable.xml"))
    fonts = {f.get(f"{W}name"): f for f in root.findall(f"{W}font")}
    assert list(fonts) == ["Noto Sans CJK SC", "微软雅黑", "等线", "PingFang SC"]
    noto = fonts["Noto Sans CJK SC"]
    assert noto.find(f"{W}altName").get(f"{W}val") == "微软雅黑"
    assert noto.find(f"{W}panose1").get(f"{W}val") == "020B0500000000000000"  # sans
    assert noto.find(f"{W}sig").get(f"{W}csb0") == "602E0107"  # bit 18: GB2312
    for font in fonts.values():
        assert font.find(f"{W}charset").get(f"{W}val") == "86"  # Simplified Chinese


def test_theme_fonts_are_noto_for_latin_east_asian_and_hans(plan):
    root = etree.fromstring(part(plan["docx"], "word/theme/theme1.xml"))
    for scheme in ("majorFont", "minorFont"):
        fonts = root.find(f".//{A}{scheme}")
        assert fonts.find(f"{A}latin").get("typeface") == "Noto Sans CJK SC"
        assert fonts.find(f"{A}ea").get("typeface") == "Noto Sans CJK SC"
        hans = next(f for f in fonts.findall(f"{A}font") if f.get("script") == "Hans")
        assert hans.get("typeface") == "Noto Sans CJK SC"  # was 宋体


def test_every_style_has_an_east_asian_font_and_chinese_language(plan):
    root = etree.fromstring(part(plan["docx"], "word/styles.xml"))
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    styles = [s for s in root.findall(f"{W}style") if s.find(f"{W}rPr") is not None]
    assert len(styles) >= 15
    for style in styles:
        fonts = style.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None, style.get(f"{W}styleId")
        assert fonts.get(f"{W}eastAsia") == "Noto Sans CJK SC", style.get(f"{W}styleId")
    settings = part(plan["docx"], "word/settings.xml").decode("utf-8")
    assert re.search(r'<w:themeFontLang[^>]*w:eastAsia="zh-CN"', settings)


def test_libreoffice_never_breaks_a_figure_inside_chinese_text(tmp_path):
    """Figures keep together at a line end as LibreOffice lays out our DOCX: the sentence
    is set 40 times, a character further on each time, so "97.5%" and "¥195,100" reach the
    end of a line in every position. (With the Latin slot tagged zh-CN, LibreOffice broke
    them by the Chinese rules: "9" / "7.5%", "¥195,10" / "0".)"""
    sentence = "实际花费 ¥195,100，为预算的 97.5%；活动收入 ¥1,380,000。"
    paragraphs = "".join(f"<p>{'字' * shift}{sentence}</p>" for shift in range(40))
    doc = Document(kind="review", lang="zh", title="活动复盘报告", subtitle="测试",
                   header="测试", html=paragraphs, generated_on="2026-11-30")
    pdf = soffice_convert(write_docx(doc, tmp_path / "figures.docx"), tmp_path)
    lines = [line.strip() for line in pdftotext(pdf).splitlines() if line.strip()]
    figures = ("¥195,100", "97.5%", "¥1,380,000")
    whole = sum(line.count(figure) for line in lines for figure in figures)
    assert whole == 3 * 40, [line for line in lines if not any(f in line for f in figures)]
