"""Workbooks that read and print well: one CJK-capable font on every style, the theme's
fonts for Excel and WPS, the table and the Gantt on printed pages of their own at >= 9 pt."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from generator.generate import generate_file
from tests.helpers import soffice_convert

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The schedule and review workbooks of both examples."""
    folder = tmp_path_factory.mktemp("xlsx")
    found = {}
    for lang, name in (("zh", "double11-zh.yaml"), ("en", "spring-referral-en.yaml")):
        for path in generate_file(EXAMPLES / name, docs=["schedule", "review"],
                                  formats=["xlsx"], outdir=folder / lang):
            found[f"{lang}-{path.stem.rsplit('-', 1)[1]}"] = path
    assert sorted(found) == ["en-review", "en-schedule", "zh-review", "zh-schedule"]
    return found


@pytest.mark.parametrize("name", ["zh-schedule", "zh-review", "en-schedule", "en-review"])
def test_every_font_of_every_style_is_the_cjk_theme_font(books, name):
    with zipfile.ZipFile(books[name]) as package:
        styles = package.read("xl/styles.xml").decode("utf-8")
        theme = package.read("xl/theme/theme1.xml")
    fonts = re.findall(r"<font>(.*?)</font>", styles)
    assert len(fonts) >= 3
    for font in fonts:  # the default (index 0) included: empty cells, cells typed later
        assert '<name val="Noto Sans CJK SC"/>' in font, font  # what LibreOffice draws
        assert '<charset val="134"/>' in font and '<scheme val="minor"/>' in font, font
    assert "Calibri" not in styles
    minor = etree.fromstring(theme).find(f".//{A}minorFont")
    hans = next(f for f in minor.findall(f"{A}font") if f.get("script") == "Hans")
    assert hans.get("typeface") == "等线"  # what Excel and WPS draw in a Chinese UI
    assert minor.find(f"{A}ea").get("typeface") == "等线"
    assert minor.find(f"{A}latin").get("typeface") == ("等线" if name.startswith("zh")
                                                        else "Calibri")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_gantt_and_workload_each_print_on_their_own_landscape_pages(books, lang):
    book = openpyxl.load_workbook(books[f"{lang}-schedule"])
    table, gantt, owners = book.worksheets[:3]  # then the go-live checklist
    rows = table.max_row
    assert table.print_area == f"'{table.title}'!$A$1:$K${rows}"  # the table, no Gantt
    # the Gantt and its legend (a blank row, then four lines)
    assert gantt.print_area.endswith(f"$A$1:${gantt.cell(1, gantt.max_column).column_letter}"
                                     f"${rows + 5}")
    for sheet in (table, gantt, owners):
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$1"
    assert table.page_setup.fitToWidth == 1
    assert gantt.print_title_cols == "$A:$B"  # id and task on every Gantt page
    # 42 days at 2.8 units: 1409 px, which one page (1047 px) would shrink to 74 % (8 pt)
    assert gantt.page_setup.fitToWidth == (2 if lang == "zh" else 1)


def printed_cjk_sizes(pdf: Path, page: int) -> list[float]:
    """Font sizes (pt) of the all-CJK words on a page: a CJK character is one em wide."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    sizes = []
    for x_min, x_max, word in re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', out):
        if len(word) >= 2 and all(unicodedata.east_asian_width(c) == "W" for c in word):
            sizes.append((float(x_max) - float(x_min)) / len(word))
    return sizes


@pytest.mark.slow
def test_libreoffice_prints_table_then_gantt_at_9_pt_or_more(books, tmp_path):
    pdf = soffice_convert(books["zh-schedule"], tmp_path)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    assert "交付结果" in pages[0] and "10/8" not in pages[0]  # page 1: the table alone
    assert "10/8" in pages[1] and "交付结果" not in pages[1]  # then the Gantt
    # the workload, then the example's go-live checklist on the last page
    assert "重叠事项" in pages[-3] and "任务数" not in "".join(pages)  # the PDF's words
    assert "上线检查清单" not in pages[-3] and "广告用语合规审核" in pages[-2]
    # the Gantt's task column fits 中期策略调整（加码高转化渠道） (15 characters) on one line
    assert "中期策略调整（加码高转化渠道）" in pages[2]
    assert not re.search(r"^\s*[）)」』】，。；：、]\s*$", "\n".join(pages), re.M)
    for page in (1, 2):
        sizes = printed_cjk_sizes(pdf, page)
        assert len(sizes) > 20 and min(sizes) >= 9.0, (page, min(sizes))
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout
    assert "NotoSansCJK" in fonts and "DejaVu" not in fonts  # one face, one baseline
