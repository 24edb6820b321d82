"""One font for every cell of our workbooks, Chinese and Latin on one baseline.

A spreadsheet cell has one font name (SpreadsheetML has no East Asian slot: `rFont` and
`charset` only say which font and script it is). Calibri, openpyxl's default, has no
Chinese, so every client draws the Chinese of a cell from a fallback font on another
baseline. The name must therefore be a face that holds both scripts, and the clients
disagree about where they take it from:
- Excel and WPS draw a font marked `<scheme val="minor"/>` in the workbook theme's minor
  font, whatever its name says: the `Hans` script font (and `a:ea`) in a Chinese UI, the
  Latin one otherwise. Our theme makes that 等线 (DengXian, the face Chinese Excel itself
  uses by default, with Latin made for it) for Chinese workbooks, and 等线 for the Chinese
  script with Calibri for Latin in English ones.
- LibreOffice ignores the scheme and draws the name: Noto Sans CJK SC, the documents' own
  font (PDF, DOCX). Given 等线 or 微软雅黑, LibreOffice on Linux would draw the Latin in
  DejaVu Sans and the Chinese in Noto: the mixed baselines this module exists to avoid.
`charset` 134 (GB2312) and `family` 2 (sans) describe the face for a client that has
neither and substitutes.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.writer.theme import theme_xml

NAME = "Noto Sans CJK SC"
SIZE = 11  # Excel's default; printed at >= 9 pt after fitting to the page width
THEME_FONTS = {"zh": ("等线", "等线"), "en": ("Calibri", "等线")}  # (Latin, Chinese)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def font(**style: Any) -> Font:
    """Our font with `style` (bold, size, color, italic ...): use it for every cell."""
    style.setdefault("size", SIZE)
    return Font(name=NAME, charset=134, family=2, scheme="minor", **style)


def prepare(workbook: Any, lang: str) -> None:
    """Our font as the workbook's default (empty cells, cells typed later) and its theme's."""
    default = font()
    # NOTE: openpyxl keeps the default font as the first entry of a private list that
    # every style refers to by index; a new workbook has no other entry yet.
    workbook._fonts = IndexedList([default])
    workbook._named_styles["Normal"].font = default
    workbook.loaded_theme = theme_with_fonts(*THEME_FONTS.get(lang, THEME_FONTS["zh"]))


def theme_with_fonts(latin: str, chinese: str) -> bytes:
    """openpyxl's default theme with `latin` and `chinese` as its major and minor fonts."""
    root = etree.fromstring(theme_xml.encode("utf-8"))
    for scheme in root.iter(_A + "majorFont", _A + "minorFont"):
        scheme.find(_A + "latin").set("typeface", latin)
        scheme.find(_A + "ea").set("typeface", chinese)
        for element in scheme.findall(_A + "font"):
            if element.get("script") == "Hans":
                element.set("typeface", chinese)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
