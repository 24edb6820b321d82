"""The East Asian font slot of a filled company document.

Word picks a run's font per script: Latin text from `w:ascii`/`w:hAnsi`, Chinese from
`w:eastAsia`. Two common template faults leave Chinese text in a fallback face:
- a Chinese font named in the Latin slots only (what python-docx's `font.name` writes, and
  what some converters do), the East Asian slot empty or a theme reference: that font is
  copied into the East Asian slot;
- no East Asian font in the document defaults at all (English Office templates: the theme's
  East Asian typeface is empty): Noto Sans CJK SC goes there, as in our own documents, with
  Chinese as the East Asian language.
A font the template already names for East Asian text is the company's choice and stays.
"""

from __future__ import annotations

import re

from lxml import etree

from generator.writers.docx.fonts import FONT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Latin names of the common Chinese faces (a name in CJK characters is recognised by itself).
CHINESE_FONTS = ("simsun", "nsimsun", "simhei", "microsoft yahei", "dengxian", "kaiti",
                 "fangsong", "stsong", "stheiti", "stkaiti", "stfangsong", "pingfang",
                 "noto sans cjk", "noto serif cjk", "noto sans sc", "noto serif sc",
                 "source han", "wenquanyi", "hiragino sans gb", "lisu", "youyuan")


def is_chinese_font(name: str | None) -> bool:
    """Whether a font name is a Chinese face (宋体, Microsoft YaHei, Noto Sans CJK SC ...)."""
    if not name:
        return False
    return bool(_CJK.search(name)) or name.lower().startswith(CHINESE_FONTS)


def fill_east_asian(root: etree._Element) -> int:
    """Copy a Chinese font from the Latin slots into an empty East Asian slot; how many."""
    changed = 0
    for fonts in root.iter(W + "rFonts"):
        latin = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
        if fonts.get(W + "eastAsia") or not is_chinese_font(latin):
            continue
        # NOTE: a theme reference outranks a named font in Word, and a Chinese face named
        # in the Latin slots is a choice made for this text, so it wins over the theme's.
        fonts.attrib.pop(W + "eastAsiaTheme", None)
        fonts.set(W + "eastAsia", latin)
        changed += 1
    return changed


def theme_east_asian(theme: etree._Element | None) -> str:
    """The theme's minor (body) East Asian typeface, "" when it names none."""
    if theme is None:
        return ""
    element = theme.find(f".//{A}minorFont/{A}ea")
    return (element.get("typeface") or "") if element is not None else ""


def default_east_asian(styles: etree._Element, theme: etree._Element | None,
                       chinese: bool) -> bool:
    """Give the document defaults an East Asian font when they have none that resolves."""
    defaults = styles.find(f"{W}docDefaults")
    if defaults is None:
        defaults = etree.SubElement(styles, W + "docDefaults")
        styles.insert(0, defaults)
    rpr = _child(_child(_child(defaults, "rPrDefault"), "rPr"), "rFonts", first=True)
    changed = False
    themed = rpr.get(W + "eastAsiaTheme")
    if not rpr.get(W + "eastAsia") and (not themed or not theme_east_asian(theme)):
        rpr.attrib.pop(W + "eastAsiaTheme", None)
        rpr.set(W + "eastAsia", FONT)
        changed = True
    if chinese:
        lang = _child(rpr.getparent(), "lang")
        if not (lang.get(W + "eastAsia") or "").startswith(("zh", "ja", "ko")):
            lang.set(W + "eastAsia", "zh-CN")
            changed = True
    return changed


def _child(parent: etree._Element, name: str, first: bool = False) -> etree._Element:
    element = parent.find(W + name)
    if element is None:
        element = etree.Element(W + name)
        if first:
            parent.insert(0, element)
        else:
            parent.append(element)
    return element


def set_east_asian_fonts(document, chinese: bool) -> None:
    """Both fixes on a python-docx Document: the styles, the defaults, every story part."""
    theme = None
    stories = []
    for part in document.part.package.iter_parts():
        name = str(part.partname).rsplit("/", 1)[-1]
        if name == "theme1.xml":
            theme = etree.fromstring(part.blob)
        elif name.startswith(("header", "footer", "footnotes")) and hasattr(part, "element"):
            stories.append(part.element)
    styles = document.styles.element
    fill_east_asian(styles)
    default_east_asian(styles, theme, chinese)
    fill_east_asian(document.element)
    for story in stories:
        fill_east_asian(story)
