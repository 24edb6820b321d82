"""A company's Word template filled from the view model the built-in documents use.

    generate FILE --doc plan --docx-template company.docx

docxtpl does the filling: it merges a tag Word split over several runs (within a paragraph),
turns `{%tr for %}` into a row loop, `{%p if %}` into a paragraph that is there or not, and
fills tags in headers and footers too. The context is the built-in template's (`T`, `campaign`,
the view: `key_results`, `channels`, ...) plus `image(path, width=None, height=None)` (sizes in
millimetres) for a picture from the template's own folder. The template is checked first
(lint.py); a problem is a TemplateError naming the template and the paragraph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.atomic import write_with
from generator.company.package import open_template, render_problem
from generator.company.problems import ImageProblem
from generator.errors import TemplateError
from generator.locales import msg


def image_function(template, folder: Path):
    """`image(path, width=None, height=None)`: a picture from the template's folder only."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    root = folder.resolve()

    def image(path: str, width: float | None = None, height: float | None = None) -> Any:
        target = (root / str(path)).resolve()
        if not target.is_relative_to(root):
            raise ImageProblem(msg("templates.error.image_outside", path=str(path),
                                   folder=str(folder)))
        if not target.is_file():
            raise ImageProblem(msg("templates.error.image_missing", path=str(path),
                                   folder=str(folder)))
        with target.open("rb") as file:
            head = file.read(8)
        if not head.startswith(IMAGE_MAGIC):
            raise ImageProblem(msg("templates.error.image_kind", path=str(path)))
        return InlineImage(template, str(target), width=Mm(width) if width else None,
                           height=Mm(height) if height else None)

    return image


IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8", b"GIF8")  # PNG, JPEG, GIF


def template_context(kind: str, answers: Any, view: Any, template, folder: Path,
                     template_dir: str | None = None) -> dict:
    """What a Word template sees: the built-in template's context, `image()`, and
    `section()` that also inserts our generated parts (sections.py)."""
    from generator.company.sections import section_function
    from generator.render.templating import base_context

    base = base_context(answers, kind, answers.lang)
    section = section_function(template, kind, answers, view, base["section"], template_dir)
    return {**base, **view.context, "image": image_function(template, folder),
            "section": section}


def fill_word_template(template_path: str | Path, kind: str, answers: Any, view: Any,
                       path: str | Path, template_dir: str | None = None) -> Path:
    """Check the template, fill it for document `kind` and write it to `path` (atomically).

    `template_dir` (a company folder) is where a generated section's Markdown template is
    looked for first, as for our own documents."""
    from generator.company.environment import word_environment
    from generator.company.fonts import set_east_asian_fonts
    from generator.company.lint import check_template
    from generator.company.toc import rebuild_toc

    template_path = Path(template_path)
    check_template(template_path, kind)
    template = open_template(template_path)
    context = template_context(kind, answers, view, template, template_path.parent,
                               template_dir)
    try:
        template.render(context, jinja_env=word_environment())
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - core properties and footnotes: the file only
        raise render_problem(exc, template_path.name, "", "/word/document.xml") from exc
    set_east_asian_fonts(template.docx, chinese=answers.lang == "zh")
    rebuild_toc(template.docx)  # generate numbers it with our LibreOffice layout step
    return write_with(path, template.save)
