"""Branding from `campaign-docs.toml` on our DOCX: company name, logo, accent colour, a
confidentiality line.

    [branding]
    company = "ACME 集团"
    logo = "company/logo.png"        # PNG, JPEG, GIF or SVG, relative to the config file
    accent = "#C0392B"               # replaces our accent blue (heading rules, table headers)
    confidential = "内部资料，请勿外传"

The cover gets the logo and the company name above the title, the running header the logo
and the name before the document's own text, the footer the confidentiality line above the
page numbers. Applied to the DOCX after our writer (and after the theme's and a reference
file's look), so the writer stays as it is. The PDF and HTML page take the same from the
page (writers/page.py) and the accent custom property (writers/look.py). A DOCX cannot
show an SVG logo: a PNG or JPEG of the same name beside it is used instead (`docx_logo`),
else the DOCX has no logo and says so on stderr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_with
from generator.writers.palette import ACCENT

HEX = re.compile(r"#?([0-9A-Fa-f]{6})")
LOGO_HEIGHT_MM = {"cover": 14, "header": 6}


@dataclass(frozen=True)
class Branding:
    """What a company puts on every document (any may be None)."""

    company: str | None = None
    logo: Path | None = None
    accent: str | None = None  # six hex digits, upper case, no '#'
    confidential: str | None = None


def apply_branding(path: str | Path, branding: Branding, accent: str = ACCENT) -> Path:
    """Rewrite our DOCX at `path` with the company's name, logo, colour and footer line;
    `accent` is the colour the document has now (the theme's), replaced by the company's."""
    import dataclasses

    import docx

    document = docx.Document(str(path))
    if branding.accent:
        recolour(document, accent, branding.accent)
    if branding.logo or branding.company:
        branding = dataclasses.replace(branding, logo=docx_logo(branding.logo))
        _brand_cover(document, branding)
        _brand_header(document, branding)
    if branding.confidential:
        _confidential_footer(document, branding.confidential)
    return write_with(path, lambda tmp: document.save(str(tmp)))


def recolour(document, old: str, new: str) -> None:
    """Every use of colour `old` (text, borders, shading) in styles, body, headers and
    footers becomes `new`."""
    from generator.writers.docx.theme import recolour_all  # NOTE: python-docx, DOCX only

    recolour_all(document, {old: new})


def docx_logo(logo: Path | None) -> Path | None:
    """The picture the DOCX shows for `logo`: itself, or for an SVG a PNG/JPEG of the same
    name beside it; None (and a warning on stderr) when there is none."""
    if logo is None or logo.suffix.lower() != ".svg":
        return logo
    for suffix in (".png", ".jpg", ".jpeg"):
        if logo.with_suffix(suffix).is_file():
            return logo.with_suffix(suffix)
    import sys

    from generator.locales import t

    print(f"{t('errors.warning_tag')} "
          f"{t('templates.config.svg_docx', path=str(logo), png=logo.with_suffix('.png').name)}",
          file=sys.stderr)
    return None


def _logo_run(paragraph, branding: Branding, height_mm: float) -> None:
    from docx.shared import Mm

    if branding.logo:
        paragraph.add_run().add_picture(str(branding.logo), height=Mm(height_mm))


def _brand_cover(document, branding: Branding) -> None:
    """The logo and company name above the cover's title (our CoverTitle paragraph)."""
    title = next((p for p in document.paragraphs if p.style.style_id == "CoverTitle"), None)
    if title is None:
        return
    line = title.insert_paragraph_before()
    _logo_run(line, branding, LOGO_HEIGHT_MM["cover"])
    if branding.company:
        line.add_run(("  " if branding.logo else "") + branding.company).bold = True


def _brand_header(document, branding: Branding) -> None:
    """The logo and company name before the running header's text."""
    header = document.sections[0].header
    if header.is_linked_to_previous or not header.paragraphs:
        return
    first = header.paragraphs[0]
    existing = list(first.runs)
    _logo_run(first, branding, LOGO_HEIGHT_MM["header"])
    if branding.company:
        first.add_run(f" {branding.company} · ")
    for run in existing:  # NOTE: our header's text after the logo and name
        first._p.append(run._r)


def _confidential_footer(document, text: str) -> None:
    """The confidentiality line above the footer's page numbers."""
    footer = document.sections[0].footer
    if footer.is_linked_to_previous or not footer.paragraphs:
        return
    footer.paragraphs[0].insert_paragraph_before(text, style=footer.paragraphs[0].style)


def accent_hex(value: str) -> str | None:
    """"#c0392b" / "C0392B" -> "C0392B"; None when it is not a six-digit hex colour."""
    match = HEX.fullmatch(value.strip()) if isinstance(value, str) else None
    return match.group(1).upper() if match else None
