"""`campaign-docs templates export DIR`: our templates as the start of a company's own.

Writes the three Markdown templates and our stylesheets (style.css, paged.css for the PDF,
screen.css for the HTML page: a folder's copy replaces ours by name) as they ship, and
`reference.docx`: our look (styles, page, header and footer) as a DOCX of the example
campaign's plan, every style in use, to edit in Word and give back with `--reference-docx`
(or leave in the folder). Files already
in the folder are never written over without `force`.
"""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_bytes
from generator.errors import OutputError, os_reason
from generator.locales import listing, msg
from generator.resources import templates_dir

MARKDOWN = ("plan.md.j2", "schedule.md.j2", "review.md.j2")
STYLESHEETS = ("style.css", "paged.css", "screen.css")
REFERENCE = "reference.docx"


def export_templates(folder: Path, example: Path, force: bool = False) -> list[Path]:
    """Write our templates and reference.docx into `folder`; the paths written."""
    names = (*MARKDOWN, *STYLESHEETS, REFERENCE)
    existing = [name for name in names if (folder / name).exists()]
    if existing and not force:
        raise OutputError(msg("templates.export.exists", folder=str(folder),
                              files=listing(existing), n=len(existing)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = [write_bytes(folder / name, (templates_dir() / name).read_bytes())
                   for name in (*MARKDOWN, *STYLESHEETS)]
        written.append(_reference(example, folder / REFERENCE))
    except OSError as exc:
        raise OutputError(msg("errors.cannot_write", path=str(folder),
                              reason=os_reason(exc))) from exc
    return written


def _reference(example: Path, target: Path) -> Path:
    """Our look as a DOCX: the example's plan, written by our DOCX writer, without its
    header and footer (they name the example campaign; without them a document given this
    reference keeps its own running header and page numbers, and a company adds its own)."""
    import docx

    from generator.answers.load import load_answers
    from generator.atomic import write_with
    from generator.render.templating import render_document
    from generator.writers.docx.document import write_docx

    answers = load_answers(example).answers
    write_docx(render_document("plan", answers), target)
    document = docx.Document(str(target))
    for section in document.sections:
        for story in (section.header, section.footer):
            story.is_linked_to_previous = True
    return write_with(target, lambda tmp: document.save(str(tmp)))
