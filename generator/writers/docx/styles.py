"""Styles, fonts, settings and list numbering of the DOCX writer (the package-level parts).

The default python-docx template uses theme fonts (Calibri / Cambria, no East Asian face)
and US Letter; everything a reader sees is redefined here: Noto Sans CJK SC in every font
slot of every style (fonts.py: also the font table and the theme), Chinese as the East
Asian language, and the PDF's sizes and colours (palette.py).
"""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml

from generator.writers import palette
from generator.writers.docx.fonts import FONT, run_fonts_xml, set_package_fonts
from generator.writers.docx.toc import NUMBER_ROOM
from generator.writers.docx.xml import W_DECL, W_NS, border, shading, text_width

_W = f"{{{W_NS}}}"
P = palette

# (styleId, name, basedOn, pPr, rPr): the styles the body uses. Built-in names (lower case
# "heading 1", "toc 1", "caption") let Word and LibreOffice map them to their own.
# Sizes and colours are the PDF's (templates/style.css): one design in both formats.
_STYLES = [
    ("Normal", "Normal", "",
     '<w:spacing w:after="120" w:line="300" w:lineRule="auto"/>',
     f'<w:color w:val="{P.TEXT}"/>'),
    ("Heading1", "heading 1", "Normal",
     '<w:keepNext/><w:keepLines/>'
     f'<w:pBdr>{border("bottom", size=10, color=P.ACCENT, space=4)}</w:pBdr>'
     '<w:spacing w:before="360" w:after="240" w:line="240" w:lineRule="auto"/>'
     '<w:outlineLvl w:val="0"/>',
     f'<w:b/><w:bCs/><w:color w:val="{P.NAVY}"/><w:sz w:val="34"/><w:szCs w:val="34"/>'),
    # h2 carries the PDF's bar on its left: a 3 pt border in the margin's edge
    ("Heading2", "heading 2", "Normal",
     '<w:keepNext/><w:keepLines/>'
     f'<w:pBdr>{border("left", size=24, color=P.ACCENT, space=4)}</w:pBdr>'
     '<w:spacing w:before="280" w:after="120"/>'
     '<w:ind w:left="140"/><w:outlineLvl w:val="1"/>',
     f'<w:b/><w:bCs/><w:color w:val="{P.NAVY}"/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
    ("Heading3", "heading 3", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/>'
     '<w:outlineLvl w:val="2"/>',
     f'<w:b/><w:bCs/><w:color w:val="{P.NAVY}"/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    ("Caption", "caption", "Normal",
     '<w:spacing w:before="60" w:after="240"/><w:jc w:val="center"/>',
     f'<w:color w:val="{P.MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
    ("TableText", "Table Text", "Normal",
     '<w:spacing w:before="30" w:after="30" w:line="252" w:lineRule="auto"/>',
     '<w:sz w:val="19"/><w:szCs w:val="19"/>'),
    ("Note", "Note", "Normal",
     f'<w:pBdr>{border("left", size=24, color=P.ACCENT, space=8)}</w:pBdr>'
     f'{shading(P.NOTE_FILL)}<w:spacing w:after="60"/><w:ind w:left="220" w:right="160"/>',
     ""),
    ("CoverTitle", "Cover Title", "Normal",
     '<w:spacing w:before="0" w:after="170" w:line="240" w:lineRule="auto"/>',
     f'<w:b/><w:bCs/><w:color w:val="{P.NAVY}"/><w:sz w:val="60"/><w:szCs w:val="60"/>'),
    ("CoverSubtitle", "Cover Subtitle", "Normal",
     '<w:spacing w:before="0" w:after="454"/>',
     f'<w:color w:val="{P.ACCENT}"/><w:sz w:val="32"/><w:szCs w:val="32"/>'),
    ("TOCHeading", "TOC Heading", "Normal",
     '<w:spacing w:after="340"/>',
     f'<w:b/><w:bCs/><w:color w:val="{P.NAVY}"/><w:sz w:val="34"/><w:szCs w:val="34"/>'),
    # The entry text wraps at the right indent; the page number's tab stop lies beyond it,
    # in the room kept for the number (toc.NUMBER_ROOM), so numbers never change the lines.
    ("TOC1", "toc 1", "Normal",
     '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{tw}"/></w:tabs>'
     '<w:spacing w:before="140" w:after="40"/><w:ind w:right="{room}"/>',
     '<w:b/><w:bCs/>'),
    ("TOC2", "toc 2", "Normal",
     '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{tw}"/></w:tabs>'
     '<w:spacing w:after="40"/><w:ind w:left="397" w:right="{room}"/>',
     '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    # The running header: left, small, muted, over a thin rule (paged.css @top-left)
    ("Header", "header", "Normal",
     f'<w:pBdr>{border("bottom", size=4, color=P.RULE, space=4)}</w:pBdr>'
     '<w:spacing w:after="0"/><w:jc w:val="left"/>',
     f'<w:color w:val="{P.MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
    ("Footer", "footer", "Normal",
     '<w:spacing w:after="0"/><w:jc w:val="center"/>',
     f'<w:color w:val="{P.MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
]

_CHAR_STYLES = [
    ("Hyperlink", "Hyperlink", f'<w:color w:val="{P.ACCENT}"/>'),
]


def _style_xml(style_id: str, name: str, based_on: str, ppr: str, rpr: str) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    default = ' w:default="1"' if style_id == "Normal" else ""
    # NOTE: fonts are repeated on every style (not only inherited) because the brief and
    # Word's style inspector both look at each style's own rPr.
    rfonts, lang_xml = run_fonts_xml().split("/>", 1)
    return (f'<w:style {W_DECL} w:type="paragraph"{default} w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>{based}<w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rfonts}/>{rpr}{lang_xml}</w:rPr></w:style>")


def apply_styles(document) -> None:
    """Replace the template's fonts, sizes and paragraph styles with the report's own."""
    styles = document.styles.element
    _set_doc_defaults(styles)
    for style_id, name, based_on, ppr, rpr in _STYLES:
        ppr = ppr.replace("{tw}", str(text_width(False))).replace("{room}", str(NUMBER_ROOM))
        _replace_style(styles, parse_xml(_style_xml(style_id, name, based_on, ppr, rpr)))
    styles.append(parse_xml(_table_style_xml()))
    rfonts = run_fonts_xml().split("/>", 1)[0] + "/>"
    for style_id, name, rpr in _CHAR_STYLES:
        _replace_style(styles, parse_xml(
            f'<w:style {W_DECL} w:type="character" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:rPr>{rfonts}{rpr}</w:rPr></w:style>'))


TABLE_STYLE = "CampaignTable"


def _table_style_xml() -> str:
    """A named table style (borders, header row, banded rows) for people editing in Word.

    The writer also sets the same borders and shading directly on each table, because
    LibreOffice applies table-style conditional formatting only partly.
    """
    rfonts = run_fonts_xml().split("/>", 1)[0] + "/>"
    borders = "".join(border(side, color=P.TABLE_BORDER) for side in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:style {W_DECL} w:type="table" w:styleId="{TABLE_STYLE}">'
            '<w:name w:val="Campaign Table"/><w:basedOn w:val="TableNormal"/>'
            '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:rPr>{rfonts}<w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
            f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
            f'<w:color w:val="{P.HEADER_TEXT}"/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/>'
            f'</w:trPr><w:tcPr>{shading(P.ACCENT)}</w:tcPr></w:tblStylePr>'
            f'<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr>{shading(P.ZEBRA)}</w:tcPr>'
            "</w:tblStylePr></w:style>")


def _set_doc_defaults(styles) -> None:
    defaults = styles.find(_W + "docDefaults")
    defaults.getparent().replace(defaults, parse_xml(
        f"<w:docDefaults {W_DECL}><w:rPrDefault><w:rPr>{run_fonts_xml()}"
        '<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"))


def _replace_style(styles, new) -> None:
    style_id = new.get(_W + "styleId")
    for old in styles.findall(_W + "style"):
        if old.get(_W + "styleId") == style_id:
            old.getparent().replace(old, new)
            return
    styles.append(new)


# CT_Settings is a strict sequence: updateFields must come before these siblings.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                        "rsids", "mathPr", "attachedSchema", "themeFontLang",
                        "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions",
                        "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                        "listSeparator")


def apply_settings(document) -> None:
    """Ask Word to refresh fields (the TOC) on open; Chinese as the theme's East Asian language."""
    settings = document.settings.element
    update = parse_xml(f'<w:updateFields {W_DECL} w:val="true"/>')
    anchor = next((child for child in settings
                   if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS), None)
    if anchor is None:
        settings.append(update)
    else:
        anchor.addprevious(update)
    theme_lang = settings.find(_W + "themeFontLang")
    if theme_lang is not None:
        theme_lang.set(_W + "eastAsia", "zh-CN")


_BULLETS = ("•", "◦", "▪")


def _level_xml(ilvl: int, ordered: bool) -> str:
    indent = 420 * (ilvl + 1)
    if ordered:
        fmt, text = "decimal", f"%{ilvl + 1}."
    else:
        fmt, text = "bullet", _BULLETS[ilvl % len(_BULLETS)]
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="340"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}"/></w:rPr>'
            "</w:lvl>")


BULLET_ABSTRACT, DECIMAL_ABSTRACT = 90, 91


def add_numbering(document, nums: list[tuple[int, bool, int]]) -> None:
    """Add the bullet and decimal list definitions and one w:num per list.

    `nums` holds (numId, ordered, ilvl): every ordered list gets its own num restarting at 1
    at its level, so two separate lists never continue each other's numbers.
    """
    if not nums:
        return
    numbering = document.part.numbering_part.element
    abstracts = [
        f'<w:abstractNum {W_DECL} w:abstractNumId="{aid}">'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        + "".join(_level_xml(i, ordered) for i in range(9)) + "</w:abstractNum>"
        for aid, ordered in ((BULLET_ABSTRACT, False), (DECIMAL_ABSTRACT, True))
    ]
    first_num = numbering.find(_W + "num")
    for xml in abstracts:
        element = parse_xml(xml)
        if first_num is None:
            numbering.append(element)
        else:
            first_num.addprevious(element)
    for num_id, ordered, ilvl in nums:
        aid = DECIMAL_ABSTRACT if ordered else BULLET_ABSTRACT
        override = (f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="1"/>'
                    "</w:lvlOverride>") if ordered else ""
        numbering.append(parse_xml(
            f'<w:num {W_DECL} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>'
            f"{override}</w:num>"))


def first_free_num_id(document) -> int:
    """The lowest numId not used by the template's numbering part."""
    numbering = document.part.numbering_part.element
    used = [int(n.get(_W + "numId")) for n in numbering.findall(_W + "num")]
    return max(used, default=0) + 1


# The python-docx template carries ~800 kB of styles (every built-in and table style, twice
# with stylesWithEffects); parsing and re-zipping them was most of the time of a small
# report. Only the styles the body uses are kept, and the prepared template is built once
# per language and process, then loaded from memory.
_KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
_DROP_PARTS = ("/stylesWithEffects", "/customXml")
_TEMPLATES: dict[str, bytes] = {}


def base_template(lang: str) -> io.BytesIO:
    """A prepared, slim DOCX package (styles, settings, fonts) for `lang`, as a stream."""
    if lang not in _TEMPLATES:
        document = docx.Document()
        _slim(document)
        apply_styles(document)
        apply_settings(document)
        set_package_fonts(document)
        buffer = io.BytesIO()
        document.save(buffer)
        _TEMPLATES[lang] = buffer.getvalue()
    return io.BytesIO(_TEMPLATES[lang])


def _slim(document) -> None:
    """Drop unused styles, the duplicate styles part, sample custom XML and the thumbnail."""
    styles = document.styles.element
    for style in styles.findall(_W + "style"):
        if style.get(_W + "styleId") not in _KEEP_STYLES:
            styles.remove(style)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(_DROP_PARTS):
            document.part.rels.pop(rid)
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's sample page
            package_rels.pop(rid)
