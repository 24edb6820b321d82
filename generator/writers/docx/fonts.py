"""The DOCX's fonts, named so every client picks a proper Chinese face.

The documents are set in Noto Sans CJK SC, as the PDF is. A client without it substitutes,
and does that from what the package says about the font:
- every style's rFonts names it in all four slots, East Asian included, with
  `w:lang w:eastAsia="zh-CN"` (Word picks the East Asian slot for CJK text by language);
- the font table describes it the way Word describes a font it knows: panose (a sans),
  charset 86 (GB2312: Simplified Chinese), the code page and Unicode range bits (`w:sig`,
  from the font's own OS/2 table), and `altName` 微软雅黑, which Word on Windows uses when
  Noto is missing. Entries for 微软雅黑, 等线 and PingFang SC (with their own panose and
  charset) give Word for Mac and WPS a Chinese sans to match when neither is present;
- the theme's fonts (what "Body" / "Headings" and text typed in Word use) are Noto Sans CJK
  SC for Latin, East Asian and the Simplified Chinese script (`a:font script="Hans"`),
  instead of python-docx's Calibri / Cambria with 宋体.
"""

from __future__ import annotations

from lxml import etree

from generator.writers.docx.xml import W_NS

FONT = "Noto Sans CJK SC"

# (name, altName, panose, family, sig: usb0-3 and csb0-1 as Word writes them, or None) of
# the font table's entries. Noto's figures are its OS/2 table's (NotoSansCJK-Regular.ttc,
# the SC face); YaHei's and DengXian's are what Word writes for them; PingFang SC's sig is
# left out (not known here: a wrong sig would mislead more than none).
_FONT_TABLE = (
    (FONT, "微软雅黑", "020B0500000000000000", "swiss",
     ("30000083", "2BDF3C10", "00000016", "00000000", "602E0107", "00000000")),
    ("微软雅黑", "Microsoft YaHei", "020B0503020204020204", "swiss",
     ("80000287", "2ACF3C50", "00000016", "00000000", "0004001F", "00000000")),
    ("等线", "DengXian", "02010600030101010101", "auto",
     ("A00002BF", "38CF7CFA", "00000016", "00000000", "0004000F", "00000000")),
    ("PingFang SC", "苹方-简", "020B0400000000000000", "swiss", None),
)
_SIG_NAMES = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")


# The Latin slot's language: Latin text and figures in our documents are English either way.
# Tagged zh-CN (as the document's language), LibreOffice breaks lines inside figures by the
# Chinese rules ("97.5%" as "9" / "7.5%" at a line end); Word itself writes en-US there for
# a Chinese user, with zh-CN in the East Asian slot.
LATIN_LANG = "en-US"


def run_fonts_xml() -> str:
    """rFonts for every script slot plus the language tags (Chinese as East Asian)."""
    return (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            f'<w:lang w:val="{LATIN_LANG}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')


def font_table_xml() -> str:
    """The font table part: our font, then the Chinese sans faces a client may fall back to."""
    entries = []
    for name, alt, panose, family, sig in _FONT_TABLE:
        sig_xml = "<w:sig " + " ".join(
            f'w:{key}="{value}"' for key, value in zip(_SIG_NAMES, sig, strict=True)
        ) + "/>" if sig else ""
        entries.append(
            f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/>'
            f"{sig_xml}</w:font>")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{W_NS}">' + "".join(entries) + "</w:fonts>")


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def theme_with_our_fonts(theme_xml: bytes) -> bytes:
    """The theme with FONT as the major and minor Latin, East Asian and "Hans" fonts."""
    root = etree.fromstring(theme_xml)
    for scheme in root.iter(_A + "majorFont", _A + "minorFont"):
        for slot in ("latin", "ea"):
            element = scheme.find(_A + slot)
            if element is not None:
                element.set("typeface", FONT)
        for element in scheme.findall(_A + "font"):
            if element.get("script") == "Hans":
                element.set("typeface", FONT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_package_fonts(document) -> None:
    """Replace the font table and the theme's fonts of a python-docx document."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = font_table_xml().encode("utf-8")
        elif rel.reltype.endswith("/theme"):
            part = rel.target_part
            part._blob = theme_with_our_fonts(part.blob)
