"""Our generated content inside a company Word template: `{{ section("budget") }}`.

A section is a named part of the DOCX we write for the document: `body` (every chapter, no
cover or table of contents), a chapter or a subsection by its catalogue title (`budget`:
the budget chapter and its subsections), or the first table under a heading (`kr_table`).
The names are stable because they are found by the catalogue's titles in our own rendered
DOCX (same language, same catalogue), never by what a user typed.

The part is cut out of our DOCX and attached to the company's document with docxcompose
(docxtpl's SubdocComposer): a style the template has by name (`heading 1`, `Table Grid`)
keeps the company's definition, so our headings take the company's heading font; styles,
list numbering and pictures the template lacks are copied in. Our page setup is not: a
section break inside the part (the schedule's landscape pages) is dropped, so the company
template decides page size and orientation, and a table wider than the template's text is
scaled to fit it; the company places page breaks, so the part's first paragraph does not
start a page.

A section goes in a paragraph of its own in the body (`MarkedTemplate` turns that paragraph
into the section, as docxtpl's `{{p }}` does); lint.py flags an unknown name and a section
in a header, a footer, a table cell or beside other text.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.company.problems import SectionProblem
from generator.company.toc import text_width
from generator.locales import listing, msg, t

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"


@dataclass(frozen=True)
class Part:
    """A part of our document: the heading whose title is catalogue `key` and what follows
    it up to the next heading of its level (`table`: only the first table there)."""

    key: str
    table: bool = False


BODY = Part("", False)  # every chapter

SECTIONS: dict[str, dict[str, Part]] = {
    "plan": {
        "body": BODY,
        "summary": Part("plan.summary.title"),
        "overview": Part("plan.overview.title"),
        "goals": Part("plan.goals.title"),
        "kr_table": Part("plan.goals.key_results", table=True),
        "smart": Part("plan.smart.title"),
        "audience": Part("plan.audience.title"),
        "rules": Part("plan.rules.title"),
        "phases": Part("plan.phases.title"),
        "channels": Part("plan.channels.title"),
        "channel_table": Part("plan.channels.title", table=True),
        "materials": Part("plan.materials.title"),
        "development": Part("plan.development.title"),
        "schedule": Part("plan.schedule.title"),
        "milestones": Part("plan.schedule.milestones"),
        "budget": Part("plan.budget.title"),
        "budget_table": Part("plan.budget.title", table=True),
        "budget_lines": Part("plan.budget_lines.title"),
        "risks": Part("plan.risks.title"),
        "risk_table": Part("plan.risks.title", table=True),
        "monitoring": Part("plan.monitoring.title"),
        "signoff": Part("plan.signoff.title"),
    },
    "schedule": {
        "body": BODY,
        "overview": Part("schedule.overview.title"),
        "phases": Part("schedule.phases.title"),
        "tasks": Part("schedule.tasks.title"),
        "gantt": Part("schedule.gantt.title"),
        "milestones": Part("schedule.milestones.title"),
        "workload": Part("schedule.workload.title"),
    },
    "review": {
        "body": BODY,
        "summary": Part("review.summary.title"),
        "overview": Part("review.overview.title"),
        "headline": Part("review.headline.title"),
        "okr": Part("review.okr.title"),
        "kr_table": Part("review.okr.krs", table=True),
        "why": Part("review.why.title"),
        "objective_table": Part("review.okr.objectives", table=True),
        "participants": Part("review.participants.title"),
        "reach": Part("review.reach.title"),
        "funnel": Part("review.funnel.title"),
        "channels": Part("review.channels.title"),
        "channel_table": Part("review.channels.title", table=True),
        "cost": Part("review.cost.title"),
        "feedback": Part("review.feedback.title"),
        "problems": Part("review.problems.title"),
        "lessons": Part("review.lessons.title"),
        "follow_up": Part("review.follow_up.title"),
    },
}

# A section call as written in a template: section("name"), section('name'), section(x);
# `section()` with nothing in the brackets is the numbering and stays text
CALL_RE = re.compile(r"""\bsection\(\s*([^)\s][^)]*?)\s*\)""")
# After docxtpl's patch (a tag's runs merged): a paragraph holding a section tag
_PARAGRAPH_RE = re.compile(
    r"<w:p[ >](?:(?!<w:p[ >]).)*?(\{\{-?\s*section\(\s*[^)\s][^)]*\)\s*-?\}\})"
    r"(?:(?!<w:p[ >]).)*?</w:p>", re.DOTALL)
_TEXT_RE = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PPR_RE = re.compile(r"<w:pPr>.*?</w:pPr>", re.DOTALL)


def section_names(doc: str | None) -> list[str]:
    """The section names of `doc` (of every document when None), in document order."""
    docs = (doc,) if doc else tuple(SECTIONS)
    return list(dict.fromkeys(name for one in docs for name in SECTIONS[one]))


def meaning(doc: str, name: str, lang: str | None = None) -> str:
    """What a section holds, in the user's words (its heading's title from the catalogue)."""
    part = SECTIONS[doc][name]
    if part is BODY:
        return t("templates.sections.body", lang)
    kind = "table" if part.table else "part"
    return t(f"templates.sections.{kind}", lang, title=t(part.key, lang))


def own_paragraphs(src_xml: str) -> str:
    """A paragraph holding only `{{ section("x") }}` becomes the tag alone (docxtpl's `{{p`),
    so the section's paragraphs and tables take the paragraph's place. A tag beside other
    text stays (lint reports it; filling it would put paragraphs inside a run)."""

    def alone(match: re.Match) -> str:
        whole, tag = match.group(0), match.group(1)
        rest = "".join(_TEXT_RE.findall(whole.replace(tag, "")))
        if rest.strip():
            return whole
        # NOTE: the last paragraph of a Word section holds its page setup: kept after the part
        ppr = _PPR_RE.search(whole)
        return tag + (f"<w:p>{ppr.group(0)}</w:p>" if ppr and "<w:sectPr" in ppr.group(0)
                      else "")

    return _PARAGRAPH_RE.sub(alone, src_xml)


class GeneratedSection:
    """One part of our DOCX attached to the template; renders as its body XML."""

    def __init__(self, template, source: bytes, pick: Callable[[list], list]):
        from docx import Document
        from lxml import etree

        document = Document(io.BytesIO(source))
        body = document.element.body
        elements = [el for el in body if el.tag != _W + "sectPr"]
        kept = pick(elements)
        keep = {id(element) for element in kept}
        for element in elements:
            if id(element) not in keep:
                body.remove(element)
        _tidy(kept)
        _fit_tables(kept, text_width(template.get_docx().element.body))
        _attach(template.get_docx(), document)
        self.xml = "".join(etree.tostring(el, encoding="unicode") for el in kept)

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


def _attach(target, document) -> None:
    """docxtpl's SubdocComposer.attach_parts, with the styles added in one pass over the
    body: docxcompose lists the target's styles once per element added, 2 s for our plan
    body in a template with Word's 270 styles."""
    from docx.oxml import CT_SectPr
    from docxtpl.subdoc import SubdocComposer

    composer = SubdocComposer(target)
    composer.reset_reference_mapping()
    # NOTE: attach_parts also dissolves custom property fields; our DOCX has none
    composer._create_style_id_mapping(document)
    body = document.element.body
    composer.add_styles(document, body)
    for element in body:
        if isinstance(element, CT_SectPr):
            continue
        composer.add_referenced_parts(document.part, target.part, element)
        composer.add_numberings(document, element)
        composer.restart_first_numbering(document, element)
        composer.add_images(document, element)
        composer.add_diagrams(document, element)
        composer.add_shapes(document, element)
        composer.add_footnotes(document, element)
        composer.remove_header_and_footer_references(document, element)
    composer.add_styles_from_other_parts(document)
    composer.renumber_bookmarks()
    composer.renumber_docpr_ids()
    composer.renumber_nvpicpr_ids()
    composer.fix_section_types(document)


def _tidy(elements: list) -> None:
    """Our page setup and page breaks out of the part (the company's template decides)."""
    for element in elements:
        for sect in element.iter(_W + "sectPr"):
            sect.getparent().remove(sect)
    if elements and elements[0].tag == _W + "p":
        for brk in elements[0].findall(f"{_W}pPr/{_W}pageBreakBefore"):
            brk.getparent().remove(brk)


def _fit_tables(elements: list, width: int) -> None:
    """Tables wider than the template's text (our schedule is laid out for landscape A4)
    scaled to it: every width in the table by one factor, so columns keep their shares."""
    for table in (el for el in elements if el.tag == _W + "tbl"):
        total = sum(int(col.get(_W + "w", "0")) for col in table.iter(_W + "gridCol"))
        if total <= width:
            continue
        factor = width / total
        for node in table.iter(_W + "gridCol", _W + "tcW", _W + "tblW", _W + "tblInd"):
            value = node.get(_W + "w")
            if value and value.isdigit() and node.get(_W + "type", "dxa") == "dxa":
                node.set(_W + "w", str(round(int(value) * factor)))


def heading_level(element) -> int | None:
    """1-3 for our heading paragraphs (styles Heading1-3), None for anything else."""
    if element.tag != _W + "p":
        return None
    style = element.find(f"{_W}pPr/{_W}pStyle")
    value = style.get(_W + "val") if style is not None else ""
    return int(value[-1]) if re.fullmatch(r"Heading[1-3]", value or "") else None


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*|[一二三四五六七八九十百零]+、)")


def _text(element) -> str:
    return "".join(node.text or "" for node in element.iter(_W + "t")).strip()


def pick_part(part: Part, title: str) -> Callable[[list], list]:
    """The elements of `part` among our body's (empty when the campaign has no such part)."""

    def pick(elements: list) -> list:
        start = next((i for i, el in enumerate(elements) if heading_level(el) == 1), None)
        if start is None:
            return []
        if part is BODY:
            return elements[start:]
        found = next((i for i in range(start, len(elements))
                      if (level := heading_level(elements[i])) and level <= 2
                      and _NUMBERING.sub("", _text(elements[i])).strip() == title), None)
        if found is None:
            return []
        level = heading_level(elements[found])
        end = next((i for i in range(found + 1, len(elements))
                    if (other := heading_level(elements[i])) and other <= level), len(elements))
        chosen = elements[found:end]
        if part.table:
            chosen = [el for el in chosen if el.tag == _W + "tbl"][:1]
        return chosen

    return pick


def our_docx(kind: str, answers: Any, view: Any, template_dir: str | None = None) -> bytes:
    """The DOCX we write for document `kind` (the same content as `generate` writes)."""
    from generator.render.templating import render_document
    from generator.writers.docx.document import write_docx

    document = render_document(kind, answers, view=view, template_dir=template_dir)
    with tempfile.TemporaryDirectory(prefix="campaign-docs-section-") as folder:
        path = write_docx(document, Path(folder) / "ours.docx")
        return path.read_bytes()


def section_function(template, kind: str, answers: Any, view: Any, numbering: Callable,
                     template_dir: str | None = None) -> Callable:
    """`section()` for a Word template: without a name the next section number (as in our
    Markdown templates), with one our generated part (built once, on first use)."""
    source: list[bytes] = []

    def section(name: str | None = None) -> Any:
        if name is None:
            return numbering()
        parts = SECTIONS[kind]
        if name not in parts:
            raise SectionProblem(msg("templates.error.section_unknown", name=str(name),
                                     names=listing(parts)))
        if getattr(template, "current_part", "body") != "body":
            raise SectionProblem(msg("templates.error.section_place"))
        if not source:
            source.append(our_docx(kind, answers, view, template_dir))
        part = parts[name]
        title = t(part.key, answers.lang) if part.key else ""
        return GeneratedSection(template, source[0], pick_part(part, str(title)))

    return section
