"""`--reference-docx FILE`: our DOCX in a company's look, as pandoc's `--reference-doc`.

From the company's file come its styles (every style by id, so its Normal, Heading 1-3,
Caption, Header, Footer and table styles replace ours, and the document defaults), its
theme (theme fonts and colours), its page size and margins, and its default header and
footer (pictures included). Never its content: the body stays ours. A heading style the
company file defines without an outline level gets ours back, so the table of contents and
the PDF outline still find the chapters. East Asian fonts are seen to as for a filled
company template (fonts.py).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

from generator.atomic import write_with
from generator.company.fonts import set_east_asian_fonts
from generator.errors import TemplateError
from generator.locales import msg

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
HEADINGS = {"Heading1": "0", "Heading2": "1", "Heading3": "2"}


def open_reference(path: Path):
    """The company's .docx as a python-docx Document; a TemplateError when it is not one."""
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - PackageNotFoundError, zip and XML errors
        raise TemplateError(msg("templates.error.not_docx", template=Path(path).name,
                                reason=type(exc).__name__)) from exc


def apply_reference(path: str | Path, reference: str | Path, lang: str) -> Path:
    """Rewrite our DOCX at `path` in the look of `reference` (atomically)."""
    import docx

    ref = open_reference(Path(reference))
    ours = docx.Document(str(path))
    merge_styles(ours.styles.element, ref.styles.element)
    copy_theme(ours, ref)
    copy_page(ours, ref)
    for kind in ("header", "footer"):
        copy_story(ours, ref, kind)
    set_east_asian_fonts(ours, chinese=lang == "zh")
    return write_with(path, lambda tmp: ours.save(str(tmp)))


def merge_styles(ours, ref) -> None:
    """The reference's document defaults and every style of its, by id, over ours."""
    ref_defaults = ref.find(W + "docDefaults")
    our_defaults = ours.find(W + "docDefaults")
    if ref_defaults is not None and our_defaults is not None:
        our_defaults.getparent().replace(our_defaults, copy.deepcopy(ref_defaults))
    by_id = {s.get(W + "styleId"): s for s in ours.findall(W + "style")}
    for style in ref.findall(W + "style"):
        style_id = style.get(W + "styleId")
        new = copy.deepcopy(style)
        if style_id in HEADINGS:
            _keep_outline(new, HEADINGS[style_id])
        if style_id in by_id:
            ours.replace(by_id[style_id], new)
        else:
            ours.append(new)


def _keep_outline(style, level: str) -> None:
    ppr = style.find(W + "pPr")
    if ppr is None:
        ppr = style.makeelement(W + "pPr", {})
        name = style.find(W + "name")
        (name.addnext(ppr) if name is not None else style.insert(0, ppr))
    if ppr.find(W + "outlineLvl") is None:
        outline = ppr.makeelement(W + "outlineLvl", {W + "val": level})
        ppr.append(outline)


def copy_theme(ours, ref) -> None:
    """The reference's theme (its theme fonts and colours) in place of ours."""
    theirs = _part(ref, "/word/theme/theme1.xml")
    mine = _part(ours, "/word/theme/theme1.xml")
    if theirs is not None and mine is not None:
        mine._blob = theirs.blob


def _part(document, partname: str):
    return next((p for p in document.part.package.iter_parts() if p.partname == partname),
                None)


def copy_page(ours, ref) -> None:
    """The reference's page size and margins on every section (our landscape pages stay so)."""
    ref_sect = ref.sections[-1]._sectPr
    size, margins = ref_sect.find(W + "pgSz"), ref_sect.find(W + "pgMar")
    for sect in ours.element.body.iter(W + "sectPr"):
        if size is not None:
            _copy_size(sect, size)
        if margins is not None:
            old = sect.find(W + "pgMar")
            if old is not None:
                old.attrib.clear()
                old.attrib.update(margins.attrib)


def _copy_size(sect, size) -> None:
    old = sect.find(W + "pgSz")
    if old is None:
        return
    landscape = old.get(W + "orient") == "landscape"
    w, h = int(size.get(W + "w", 11906)), int(size.get(W + "h", 16838))
    w, h = (max(w, h), min(w, h)) if landscape else (min(w, h), max(w, h))
    old.set(W + "w", str(w))
    old.set(W + "h", str(h))


def copy_story(ours, ref, kind: str) -> None:
    """The reference's default header or footer (text, fields, pictures) in place of ours."""
    theirs = getattr(ref.sections[0], kind)
    if theirs.is_linked_to_previous:
        return  # the reference has none: ours stays
    mine = getattr(ours.sections[0], kind)
    target = mine._element
    for child in list(target):
        target.remove(child)
    for child in theirs._element:
        new = copy.deepcopy(child)
        for blip in new.iter(A + "blip"):
            rid = blip.get(R + "embed")
            if rid and rid in theirs.part.related_parts:
                blob = theirs.part.related_parts[rid].blob
                new_rid, _ = mine.part.get_or_add_image(io.BytesIO(blob))
                blip.set(R + "embed", new_rid)
        target.append(new)
