"""The full HTML page both the PDF and the standalone HTML writer start from.

A `Document` carries only a body fragment (DESIGN.md, "The document HTML contract").
This module wraps it into one page: a running header, the cover, the table of contents
built from the fragment's h1/h2 and the body itself. The fragment is parsed once with lxml
to give headings ids, collect the TOC and drop anything that could make a renderer reach
outside the document (attachments, links to stylesheets, scripts, embedded objects).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from lxml import etree

from generator.locales import t
from generator.render.document import Document
from generator.textsafe import clean_text, html_escape
from generator.writers.columns import VERDICT_CLASSES, Cell, bind_units, column_widths, crowded
from generator.writers.flow import KEEP_ROWS, is_total_row, keep_limit, leads

# Elements a template never emits and a renderer would fetch or run; removed outright.
_DROPPED_TAGS = ("link", "base", "meta", "script", "style", "iframe", "object", "embed")

# The only inline style the contract has: python-markdown's column alignment.
_ALLOWED_STYLE_RE = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*", re.I)

# Maps an <img src> to the src to write, or None to replace the image by its alt text.
ImageSource = Callable[[str], "str | None"]


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents."""

    level: int  # 1 for h1, 2 for h2
    anchor: str
    text: str


def text(value: object) -> str:
    """Plain document metadata (title, cover values) as safe HTML text."""
    return html_escape(clean_text(str(value)))


def prepare_body(
    fragment: str, image_src: ImageSource | None = None, landscape: bool = False
) -> tuple[str, list[TocEntry]]:
    """Clean the body fragment and collect its TOC; returns (html, toc entries)."""
    if not fragment.strip():
        return "", []
    root = lxml.html.fragment_fromstring(fragment, create_parent="main")
    _drop_unsafe(root)
    _pull_headings_into_landscape(root)
    toc = _number_headings(root)
    for table in root.iter("table"):
        size_columns(table, landscape or _in_landscape_section(table))
    mark_flow(root)
    if image_src is not None:
        _rewrite_images(root, image_src)
    inner = (root.text or "") and html_escape(root.text)
    inner += "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner, toc


def lxml_element():
    """The lxml tag filter that skips comments and processing instructions."""
    return etree.Element


def _drop_unsafe(root) -> None:
    """Remove fetching elements, rel=attachment (WeasyPrint would embed the file) and any
    inline style but column alignment (a style could load a background url())."""
    for el in list(root.iter(*_DROPPED_TAGS)):
        el.drop_tree()
    for el in root.iter(tag=lxml_element()):
        rel = el.get("rel")
        if rel is not None and "attachment" in rel.lower():
            del el.attrib["rel"]
        style = el.get("style")
        if style is not None and not _ALLOWED_STYLE_RE.fullmatch(style):
            del el.attrib["style"]


def _pull_headings_into_landscape(root) -> None:
    """Move a heading that directly precedes a landscape section into it.

    NOTE: otherwise a chapter title is stranded alone on a portrait page, because the
    named landscape page forces a break right after it.
    """
    for section in list(root.iter("section")):
        if "landscape" not in section.get("class", "").split():
            continue
        heading = section.getprevious()
        if heading is not None and heading.tag in ("h1", "h2", "h3"):
            section.insert(0, heading)


def _in_landscape_section(el) -> bool:
    """Whether `el` sits inside a `section.landscape` (a wider page)."""
    return any(
        a.tag == "section" and "landscape" in a.get("class", "").split()
        for a in el.iterancestors()
    )


def _number_headings(root) -> list[TocEntry]:
    """Give every h1/h2 a unique id (keeping template ids) and return the TOC entries."""
    seen = {el.get("id") for el in root.iter(tag=lxml_element()) if el.get("id")}
    used: set[str] = set()
    toc = []
    for index, el in enumerate(root.iter("h1", "h2"), start=1):
        anchor = el.get("id")
        if not anchor or anchor in used:  # missing, or a repeated id the TOC cannot target
            anchor = f"sec-{index}"
            while anchor in seen:
                anchor += "-x"
            seen.add(anchor)
            el.set("id", anchor)
        used.add(anchor)
        toc.append(TocEntry(int(el.tag[1]), anchor, " ".join(el.text_content().split())))
    return toc


# Table geometry of style.css / paged.css: text width (mm) of an A4 page, font size (pt)
# and cell padding plus borders (mm, both sides) of ordinary and `wide` tables.
_TEXT_MM = {False: 174.0, True: 265.0}
_FONT_PT = {False: 9.5, True: 8.0}
_PAD_MM = {False: 4.2, True: 2.6}
_MM_PER_PT = 25.4 / 72


def size_columns(table, landscape: bool = False) -> None:
    """Give a table fixed column widths from its content (a `colgroup` of percentages).

    NOTE: WeasyPrint's automatic table layout measures the min-content width of every
    cell, which for Chinese text means one line layout per character: ~30 % of a plan's
    render time. `columns.column_widths` does the same on character widths for nothing,
    by the rules both writers share. Gantt tables and tables with spans or an existing
    colgroup keep the automatic layout.
    """
    classes = table.get("class", "").split()
    if "gantt" in classes or table.find("colgroup") is not None:
        return
    rows = [[c for c in row if c.tag in ("td", "th")] for row in table.iter("tr")]
    columns = max((len(cells) for cells in rows), default=0)
    if columns < 2 or any(c.get("colspan") or c.get("rowspan") for r in rows for c in r):
        return
    for cells in rows:
        for cell in cells:
            _bind_units(cell)
    grid = [[table_cell(c) for c in cells] for cells in rows]
    wide = "wide" in classes
    if not wide and crowded(grid, *_room_and_pad(landscape, wide=False)):
        wide = True  # too many columns for the body font: set the table smaller
        classes.append("wide")
    widths = column_widths(grid, *_room_and_pad(landscape, wide))
    total = sum(widths)
    colgroup = table.makeelement("colgroup", {})
    for width in widths:
        colgroup.append(table.makeelement("col", {"style": f"width: {100 * width / total:.2f}%"}))
    table.insert(0, colgroup)
    table.set("class", " ".join(classes + ["sized"]))


def _room_and_pad(landscape: bool, wide: bool) -> tuple[float, float]:
    """The page's text width and a cell's padding, in ems of the table's font."""
    em_mm = _FONT_PT[wide] * _MM_PER_PT
    return _TEXT_MM[landscape] / em_mm, _PAD_MM[wide] / em_mm


def table_cell(cell) -> Cell:
    """The width rules' view of an HTML table cell (th or td)."""
    text = cell.text_content()
    strong = cell.find(".//strong")
    classes = set(cell.get("class", "").split())
    # a verdict cell (good / bad) is set bold by the stylesheet
    bold = bool(classes & VERDICT_CLASSES) or (
        strong is not None and strong.text_content().strip() == text.strip())
    header = cell.tag == "th" or cell.getparent().getparent().tag == "thead"
    return Cell(text, header=header, bold=bold, blank="blank" in classes)


def _bind_units(cell) -> None:
    """Join each number in the cell to its unit with a no-break space ("30 元")."""
    for el in cell.iter(tag=lxml_element()):
        if el.text:
            el.text = bind_units(el.text)
        if el is not cell and el.tail:
            el.tail = bind_units(el.tail)


def mark_flow(root) -> None:
    """Class short tables and lists `keep` (paged.css keeps them whole), and a paragraph
    that introduces a table or list `lead` (it stays on that page)."""
    for el in root.iter("p"):
        if leads(el):
            el.set("class", " ".join(el.get("class", "").split() + ["lead"]))
    for el in root.iter("table", "ul", "ol"):
        if el.tag == "table":
            limit = keep_limit(el.get("class", "").split())
            body = [row for row in el.iter("tr") if row.getparent().tag != "thead"]
            total = len(body) > 2 and is_total_row(body[-1])
            count = len(body) - total
            if total and count > limit:  # the total keeps with the two rows before it
                _add_class(body[-2], "tail")
        else:
            limit, count = KEEP_ROWS, sum(1 for item in el if item.tag == "li")
        if count <= limit:
            _add_class(el, "keep")


def _add_class(el, name: str) -> None:
    el.set("class", " ".join(el.get("class", "").split() + [name]))


def _rewrite_images(root, image_src: ImageSource) -> None:
    """Point each <img> where the writer wants it; unknown images become their alt text."""
    for img in list(root.iter("img")):
        src = image_src(img.get("src", ""))
        if src is not None:
            img.set("src", src)
            continue
        alt = img.get("alt", "")
        replacement = img.makeelement("span", {"class": "missing-image"})
        replacement.text = alt
        replacement.tail = img.tail
        img.getparent().replace(img, replacement)


def cover_html(doc: Document, logo_src: str | None = None) -> str:
    """The cover page: the company's logo and name (branding), title, campaign theme, the
    label/value block and the date."""
    lines = "".join(
        f"<tr><th>{text(label)}</th><td>{text(value)}</td></tr>"
        for label, value in doc.cover_lines
    )
    table = f'<table class="cover-lines"><tbody>{lines}</tbody></table>' if lines else ""
    date = ""
    if doc.generated_on:
        prepared = t("document.prepared_on", lang=doc.lang, date=doc.generated_on)
        date = f'<p class="cover-date">{text(prepared)}</p>'
    subtitle = f'<p class="cover-subtitle">{text(doc.subtitle)}</p>' if doc.subtitle else ""
    brand = _brand(doc, logo_src, "cover-brand")
    return (
        f'<section class="cover">{brand}<div class="cover-band"></div>'
        f'<p class="cover-title">{text(doc.title)}</p>{subtitle}'
        f'<div class="cover-rule"></div>{table}{date}</section>'
    )


def _brand(doc: Document, logo_src: str | None, css_class: str) -> str:
    """The company's logo and name (the look's branding), "" without them."""
    branding = getattr(doc.look, "branding", None)
    company = getattr(branding, "company", None)
    if not (logo_src or company):
        return ""
    logo = f'<img class="brand-logo" src="{html_escape(logo_src)}" alt="">' if logo_src else ""
    name = f'<span class="brand-name">{text(company)}</span>' if company else ""
    return f'<div class="{css_class}">{logo}{name}</div>'


def running_html(doc: Document, logo_src: str | None = None) -> str:
    """The running header (the company's logo and name first, when branded) and the
    confidentiality line the PDF footer repeats on every page."""
    brand = _brand(doc, logo_src, "header-brand")
    header = f'<div class="running-header">{brand}{text(doc.header)}</div>\n'
    branding = getattr(doc.look, "branding", None)
    confidential = getattr(branding, "confidential", None)
    if confidential:
        header += f'<div class="running-confidential">{text(confidential)}</div>\n'
    return header


def toc_html(doc: Document, toc: list[TocEntry]) -> str:
    """The table of contents; the PDF stylesheet adds dot leaders and page numbers."""
    if not toc:
        return ""
    items = "".join(
        f'<li class="toc-{entry.level}"><a href="#{html_escape(entry.anchor)}">'
        f'<span class="toc-text">{html_escape(entry.text)}</span>'
        # NOTE: empty in the HTML page; the PDF stylesheet writes the page number here.
        f'<span class="toc-num" data-target="#{html_escape(entry.anchor)}"></span></a></li>'
        for entry in toc
    )
    return (
        f'<nav class="toc"><p class="toc-title">{text(doc.toc_title)}</p>'
        f"<ul>{items}</ul></nav>"
    )


def build_page(
    doc: Document, *, inline_css: str = "", image_src: ImageSource | None = None,
    logo_src: str | None = None,
) -> str:
    """The complete HTML page for `doc`: header, cover, TOC and body.

    `inline_css` goes into a <style> element (the standalone HTML writer); the PDF writer
    passes its parsed stylesheets to WeasyPrint instead. `image_src` rewrites image
    sources (data: URIs for the HTML writer); `logo_src` is where the company's logo is
    read from (a file: URL for the PDF, a data: URI for the HTML page).
    """
    body, toc = prepare_body(doc.html, image_src, doc.landscape)
    lang = t("format.locale", lang=doc.lang)
    classes = f"doc-{text(doc.kind)}" + (" landscape" if doc.landscape else "")
    title = text(f"{doc.title} · {doc.subtitle}" if doc.subtitle else doc.title)
    style = f"<style>\n{inline_css}\n</style>" if inline_css else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" class="{classes}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{title}</title>\n{style}</head>\n<body>\n'
        f"{running_html(doc, logo_src)}"
        f"{cover_html(doc, logo_src)}\n{toc_html(doc, toc)}\n"
        f'<main class="content">\n{body}\n</main>\n</body>\n</html>\n'
    )
