"""The DOCX table of contents: a real TOC field, and its page numbers written in later.

`toc_xml` writes the field with one hyperlinked entry per h1/h2 and no page numbers: what
the DOCX holds when no layout is at hand (Word fills the numbers when it updates fields).
`fill_pages` writes numbers into a saved DOCX the way Word itself stores a TOC: after the
entry's text a tab (right-aligned, dot leader) and a PAGEREF field whose stored result is
the number, so WPS, LibreOffice and Word show it as it is, with no question on opening,
and Word's "update field" still works. It also drops `updateFields` from the settings.

The entry text wraps at the style's right indent and the number sits in the space beyond
it, so the number's width never changes how the TOC breaks into lines: a layout made with
placeholder numbers has the same pages as the final one.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from generator.atomic import write_with
from generator.locales import t
from generator.render.document import Document
from generator.writers.docx.xml import W_DECL, W_NS, para, prop, run

_W = f"{{{W_NS}}}"
TOC_STYLES = ("TOC1", "TOC2")
# Room kept at the right of every TOC line for the page number (twips): four digits.
NUMBER_ROOM = 600
# What a layout copy shows where the page number will go: as wide as any real one.
PLACEHOLDER = "000"

_BEGIN = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
          '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText>'
          '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def toc_xml(doc: Document, headings: list[tuple[int, str, str]]) -> str:
    """The TOC title and field; its stored result lists the headings (no numbers yet)."""
    title = para(run(doc.toc_title), prop("pageBreakBefore"), "TOCHeading")
    if not headings:
        return title + para(_BEGIN + run(t("document.toc_empty", lang=doc.lang)) + _END,
                            style="TOC1")
    entries = []
    for i, (level, text, mark) in enumerate(headings):
        link = f'<w:hyperlink w:anchor="{mark}" w:history="1">{run(text)}</w:hyperlink>'
        content = (_BEGIN if i == 0 else "") + link + (_END if i == len(headings) - 1 else "")
        entries.append(para(content, style=f"TOC{min(level, 2)}"))
    return title + "".join(entries)


def number_xml(mark: str, number: int | str) -> str:
    """Tab, then a PAGEREF to the heading's bookmark whose stored result is `number`."""
    plain = '<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/></w:rPr>'  # numbers are not bold
    return (f"<w:r>{plain}<w:tab/></w:r>"
            f'<w:r>{plain}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{plain}<w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText>'
            f'</w:r><w:r>{plain}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{plain}<w:t>{number}</w:t></w:r>"
            f'<w:r>{plain}<w:fldChar w:fldCharType="end"/></w:r>')


def _toc_links(root) -> list:
    """The TOC entries' hyperlinks (those with an anchor, in TOC1/TOC2 paragraphs), in order."""
    links = []
    for link in root.iter(_W + "hyperlink"):
        style = link.getparent().find(f"{_W}pPr/{_W}pStyle")
        if link.get(_W + "anchor") and style is not None and style.get(_W + "val") in TOC_STYLES:
            links.append(link)
    return links


def toc_entries(path: Path) -> list[tuple[str, str]]:
    """(bookmark, text) of every TOC entry of a saved DOCX, in document order."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [(link.get(_W + "anchor"), _link_text(link)) for link in _toc_links(root)]


def _link_text(link) -> str:
    """An entry's heading text: the text before its tab (the number comes after)."""
    parts = []
    for node in link.iter(_W + "t", _W + "noBreakHyphen", _W + "tab", _W + "instrText"):
        if node.tag == _W + "noBreakHyphen":  # a date's hyphen (xml.run keeps dates whole)
            parts.append("-")
        elif node.tag == _W + "t":
            parts.append(node.text or "")
        else:
            break
    return "".join(parts)


def fill_pages(source: Path, pages: Mapping[str, int | str], target: Path) -> Path:
    """Write `source` to `target` (atomically; the same path is fine) with the page number
    of every TOC entry whose bookmark is in `pages`, and without `updateFields`."""
    with zipfile.ZipFile(source) as package:
        infos = package.infolist()
        parts = {info.filename: package.read(info.filename) for info in infos}
    parts["word/document.xml"] = _numbered(parts["word/document.xml"], pages)
    if "word/settings.xml" in parts:
        parts["word/settings.xml"] = _without_update_fields(parts["word/settings.xml"])

    def save(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as out:
            for info in infos:
                out.writestr(info, parts[info.filename])

    return write_with(target, save)


def _numbered(document_xml: bytes, pages: Mapping[str, int | str]) -> bytes:
    root = etree.fromstring(document_xml)
    for link in _toc_links(root):
        mark = link.get(_W + "anchor")
        if mark not in pages:
            continue
        _drop_number(link)
        for child in etree.fromstring(
                f"<w:hyperlink {W_DECL}>{number_xml(mark, pages[mark])}</w:hyperlink>"):
            link.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_number(link) -> None:
    """Remove a number written before (the runs from the entry's tab on)."""
    runs = link.findall(_W + "r")
    start = next((i for i, r in enumerate(runs) if r.find(_W + "tab") is not None), None)
    if start is not None:
        for r in runs[start:]:
            link.remove(r)


def _without_update_fields(settings_xml: bytes) -> bytes:
    root = etree.fromstring(settings_xml)
    for element in root.findall(_W + "updateFields"):
        root.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
