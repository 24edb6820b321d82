"""Write a `Document` as DOCX: cover, table of contents, header/footer, then the body.

The body comes from `body.BodyBuilder`, which turns the HTML fragment into one XML
string that is parsed once and appended; python-docx only provides the package (styles,
numbering, header/footer parts, image parts) and saves it. That keeps a big report several
times faster than building it cell by cell with python-docx's object API.

Imported only when a DOCX is written (generate.DOCUMENT_WRITERS), so python-docx and lxml
are imported at the top here and in the rest of writers/docx/.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import docx
from docx.oxml import parse_xml
from lxml import etree

from generator.atomic import write_with
from generator.locales import t
from generator.render.document import Document
from generator.render.words import field_parts
from generator.textsafe import clean_text
from generator.writers.docx import styles as docx_styles
from generator.writers.docx.body import BodyBuilder, Shared
from generator.writers.docx.cover import cover_xml
from generator.writers.docx.toc import toc_xml
from generator.writers.docx.xml import (
    MARGIN_BOTTOM,
    MARGIN_SIDE,
    MARGIN_TOP,
    NSDECLS,
    PAGE_H,
    PAGE_W,
    W_DECL,
    W_NS,
    Fmt,
    field,
    para,
    run,
)

_W = f"{{{W_NS}}}"
# The footer's live fields, by the parameter names of `document.page` in the catalogue.
PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


def write_docx(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write `doc` as a Word document at `path` (atomically) and return the path."""
    document = docx.Document(docx_styles.base_template(doc.lang))
    section = _setup_first_section(document, doc)
    sect_pr = _SectPrFactory(section._sectPr)
    shared = Shared(document, doc.images, docx_styles.first_free_num_id(document))
    builder = BodyBuilder(shared, doc.landscape, sect_pr)
    body_xml = builder.build(doc.html)
    xml = cover_xml(doc) + toc_xml(doc, shared.headings) + body_xml
    _append_body(document, xml)
    sect_pr.finish(section._sectPr, builder.landscape)
    docx_styles.add_numbering(document, shared.nums)
    _set_properties(document, doc)
    return write_with(path, lambda tmp: document.save(str(tmp)))


def _setup_first_section(document, doc: Document):
    """A4, margins, header/footer with page numbers; the cover page has neither."""
    section = document.sections[0]
    _set_page(section._sectPr, doc.landscape)
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    _fill(section.header._element, para(run(doc.header), style="Header"))
    _fill(section.footer._element, para(_page_footer(doc.lang), style="Footer"))
    for part in (section.first_page_header, section.first_page_footer):
        _fill(part._element, para(""))
    return section


def _page_footer(lang: str) -> str:
    """"第 X 页 / 共 Y 页": the catalogue's `document.page` with live PAGE/NUMPAGES fields."""
    xml = ""
    for literal, name in field_parts(t("document.page", lang=lang)):
        if literal:
            xml += run(literal)
        if name:
            xml += field(PAGE_FIELDS[name], "1", Fmt())
    return xml


def _fill(element, xml: str) -> None:
    """Replace a header/footer's paragraphs with ours."""
    for child in list(element):
        element.remove(child)
    for child in parse_xml(f"<w:hdr {W_DECL}>{xml}</w:hdr>"):
        element.append(child)


def _set_page(sect_pr, landscape: bool) -> None:
    """A4 in the given orientation with the report's margins."""
    w, h = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    orient = ' w:orient="landscape"' if landscape else ""
    for tag in ("pgSz", "pgMar"):
        old = sect_pr.find(_W + tag)
        new = parse_xml(
            f'<w:pgSz {W_DECL} w:w="{w}" w:h="{h}"{orient}/>' if tag == "pgSz" else
            f'<w:pgMar {W_DECL} w:top="{MARGIN_TOP}" w:right="{MARGIN_SIDE}" '
            f'w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_SIDE}" w:header="680" '
            'w:footer="620" w:gutter="0"/>')
        if old is not None:
            old.getparent().replace(old, new)
        else:
            sect_pr.append(new)


class _SectPrFactory:
    """sectPr XML for section breaks inside the body, copied from the configured first one.

    Only the first section keeps w:titlePg (the cover without header and footer); every
    section repeats the header/footer references so Word and LibreOffice agree.
    """

    def __init__(self, template):
        self.template = template
        self.count = 0

    def __call__(self, landscape: bool) -> str:
        sect_pr = copy.deepcopy(self.template)
        _set_page(sect_pr, landscape)
        if self.count:
            _drop(sect_pr, "titlePg")
        self.count += 1
        return etree.tostring(sect_pr, encoding="unicode")

    def finish(self, body_sect_pr, landscape: bool) -> None:
        """The last section (body-level sectPr): its orientation, titlePg only if alone."""
        _set_page(body_sect_pr, landscape)
        if self.count:
            _drop(body_sect_pr, "titlePg")


def _drop(element, tag: str) -> None:
    for child in element.findall(_W + tag):
        element.remove(child)


def _append_body(document, xml: str) -> None:
    """Parse the generated XML once and put it in place of the body's content.

    NOTE: the parsed body replaces the old one in a single move. Moving its children one
    by one with addprevious made lxml fix namespaces per child: 7 s for a 200-task Gantt.
    """
    old_body = document.element.body
    new_body = parse_xml(f"<w:body {NSDECLS}>{xml}</w:body>")
    new_body.append(old_body.find(_W + "sectPr"))
    old_body.getparent().replace(old_body, new_body)


def _set_properties(document, doc: Document) -> None:
    """Title, author and language in the file properties."""
    props = document.core_properties
    props.title = clean_text(f"{doc.title} {doc.subtitle}".strip())[:250]
    props.subject = clean_text(doc.subtitle)[:250]
    props.author = "campaign-docs"
    props.last_modified_by = "campaign-docs"
    props.language = t("format.locale", lang=doc.lang)
    props.comments = ""
