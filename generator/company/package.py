"""A Word template opened for docxtpl, part by part, and its failures named by place.

`MarkedTemplate` is docxtpl's DocxTemplate with paragraph markers (locate.py): what it
fails on becomes one TemplateError naming the template, the part and the paragraph. Both
the check (lint.py) and the filling (word.py) open templates here.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from generator.company import locate
from generator.company.problems import FillProblem
from generator.errors import TemplateError
from generator.locales import msg

_JINJA_FRAME = "<template>"


def _docxtpl():
    """docxtpl's DocxTemplate with paragraph markers (imported only when a template is filled)."""
    from docxtpl import DocxTemplate

    from generator.company import rich, sections

    class MarkedTemplate(DocxTemplate):
        """DocxTemplate whose errors name the part and paragraph (see locate.py)."""

        template_name = ""

        current_part = "body"  # the part being filled: sections go in the body only

        def patch_xml(self, src_xml: str) -> str:
            patched = super().patch_xml(locate.mark_paragraphs(src_xml))
            return sections.own_paragraphs(patched)

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            self.current_part = locate.part_kind(str(part.partname))
            try:
                rendered = super().render_xml_part(src_xml, part, context, jinja_env)
            except TemplateError:
                raise
            except Exception as exc:  # noqa: BLE001 - every failure becomes one sentence
                raise render_problem(exc, self.template_name, src_xml,
                                     str(part.partname)) from exc
            return locate.strip_marks(rich.merge_run_properties(rendered))

    return MarkedTemplate


def open_template(path: Path):
    """The template as a docxtpl object; a file that is not a .docx is a TemplateError."""
    template = _docxtpl()(str(path))
    template.template_name = path.name
    try:
        template.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx's PackageNotFoundError, zip errors
        raise TemplateError(msg("templates.error.not_docx", template=path.name,
                                reason=type(exc).__name__)) from exc
    return template


def part_sources(template) -> list[tuple[str, str, str]]:
    """(part kind, marked XML as written, Jinja source) of the body, headers and footers.

    The marked XML keeps every paragraph (also those `{%p %}` tags take out), so its
    paragraph texts are what a user sees in Word; the source is what docxtpl renders:
    its patched XML with every paragraph on a line of its own, marked.
    """
    from docxtpl import DocxTemplate

    parts = [("/word/document.xml", template.get_xml())]
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        parts += [(str(part.partname), template.get_part_xml(part))
                  for _, part in template.get_headers_footers(uri)]
    sources = []
    for partname, xml in parts:
        marked = locate.mark_paragraphs(xml)
        patched = DocxTemplate.patch_xml(template, marked)  # NOTE: marked once, here
        sources.append((locate.part_kind(partname), marked, _lines(patched)))
    return sources


def _lines(src_xml: str) -> str:
    """docxtpl's own step: each paragraph on a line, so Jinja's lines count paragraphs."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)


def render_problem(exc: BaseException, template: str, src_xml: str,
                   partname: str) -> TemplateError:
    """A failure while filling one part, as one sentence naming template and paragraph."""
    import jinja2

    source = _lines(src_xml)
    line = getattr(exc, "lineno", None) or _jinja_line(exc)
    texts = locate.paragraph_texts(source)
    number = locate.paragraph_on_line(source, line)
    name = _quoted_name(exc)
    if isinstance(exc, jinja2.UndefinedError) and name:
        number = locate.find_paragraph(texts, name) or number
    place = locate.Place(template, locate.part_kind(partname), number,
                         text=texts.get(number, "") if number else "")
    where = place.message()
    if isinstance(exc, FillProblem):
        return TemplateError(msg("templates.error.at", where=where, problem=exc.message))
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return TemplateError(msg("templates.error.unsafe", where=where, name=name or "?"))
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(msg("templates.error.undefined", where=where, name=name or "?"))
    detail = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else \
        type(exc).__name__
    return TemplateError(msg("templates.error.failed", where=where, detail=detail))


def _jinja_line(exc: BaseException) -> int | None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == _JINJA_FRAME]
    return frames[-1].lineno if frames else None


def _quoted_name(exc: BaseException) -> str | None:
    """The name Jinja quotes in its message (`'campain' is undefined`, `... attribute 'x'`)."""
    names = re.findall(r"'([^']+)'", str(exc))
    return names[-1] if names else None
