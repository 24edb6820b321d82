"""The PDF writer: a `Document` laid out by WeasyPrint with the packaged stylesheets.

Nothing is ever fetched from outside the document. Images are served from
`Document.images` by name, packaged files from `templates/`, a company's stylesheets and
their files from its template folder and its logo file (writers/look.py), and every other
URL (file: elsewhere, http(s), data:, ftp ...) is refused. `rel=attachment` is stripped before
layout and `attachments=[]` is passed, so no file is ever embedded in the PDF.

This module is imported only when a PDF is written (generate.DOCUMENT_WRITERS), so
WeasyPrint is imported at its top; the CLI never loads it to start. The font configuration
and parsed stylesheets are cached for the life of the process: a batch run pays once.
"""

from __future__ import annotations

import gc
import mimetypes
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.writers.weasy import import_weasyprint

import_weasyprint()  # NOTE: before the imports below, which would search for its libraries

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from generator.atomic import write_bytes  # noqa: E402
from generator.errors import RenderError  # noqa: E402
from generator.locales import msg, t  # noqa: E402
from generator.render.document import Document  # noqa: E402
from generator.render.words import field_parts  # noqa: E402
from generator.resources import templates_dir  # noqa: E402
from generator.writers.look import Look, inside  # noqa: E402
from generator.writers.page import build_page  # noqa: E402

# Relative image names resolve against this base. The .invalid TLD (RFC 2606) can never
# resolve, so even a fetcher bug could not reach the network through it.
IMAGE_BASE = "https://images.campaign-docs.invalid/"



class FetchRefused(ValueError):
    """A URL the document may not load (WeasyPrint logs it and carries on)."""


def resolve_url(url: str, images: Mapping[str, bytes],
                roots: Path | tuple[Path, ...]) -> tuple[bytes, str]:
    """Return (bytes, mime type) for an allowed URL; raise FetchRefused for anything else.

    Allowed: `IMAGE_BASE + name` with `name` in `images`, and `file:` URLs whose resolved
    path is a file inside one of `roots` (the packaged templates folder, a company's
    template folder) or is one of them (the company's logo: look.Look.roots).
    """
    if url.startswith(IMAGE_BASE):
        name = unquote(urlsplit(url).path.lstrip("/"))
        if name in images:
            return images[name], mimetypes.guess_type(name)[0] or "application/octet-stream"
        raise FetchRefused(f"image {name!r} is not part of the document")
    roots = (roots,) if isinstance(roots, Path) else roots
    path = inside(url, tuple(root.resolve() for root in roots))
    if path is not None:
        return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "text/plain"
    raise FetchRefused(f"refused to load {url[:200]!r}: documents never fetch outside files")


class SafeURLFetcher(URLFetcher):
    """Serves the document's images and packaged templates; refuses all else."""

    def __init__(self, images: Mapping[str, bytes], roots: Path | tuple[Path, ...]):
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.images = images
        self.roots = roots

    def fetch(self, url, headers=None):
        """Answer from memory or the allowed folders; never opens a connection."""
        data, mime = resolve_url(url, self.images, self.roots)
        return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})


def make_url_fetcher(doc: Document) -> SafeURLFetcher:
    """A WeasyPrint url_fetcher bound to `doc.images` (unforced), the templates folder and
    what the document's look may load (a template folder, the logo)."""
    return SafeURLFetcher(doc.images, look_of(doc).roots())


def look_of(doc: Document) -> Look:
    """The document's look (the clean theme when generate set none)."""
    return doc.look if isinstance(doc.look, Look) else Look()


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    """One FontConfiguration per process: fontconfig setup is the slowest part of a warm start."""
    return FontConfiguration()


def footer_content(lang: str) -> str:
    """The CSS `content` of the page footer from `document.page` in the catalogue:
    "第 {page} 页 / 共 {pages} 页" -> `"第 " counter(page) " 页 / 共 " counter(pages) " 页"`."""
    parts = []
    for literal, field in field_parts(t("document.page", lang=lang)):
        if literal:
            parts.append('"' + literal.replace("\\", "\\\\").replace('"', '\\"') + '"')
        if field:
            parts.append(f"counter({field})")
    return " ".join(parts)


def footer_css(footer: str, confidential: bool) -> str:
    """The footer rules: page numbers (`footer`, see footer_content) on every page but the
    cover; with a confidentiality line (the page's `running-confidential` element, so the
    user's text stays HTML text) that line above them, and on the cover too."""
    if not confidential:
        return f"@page {{ @bottom-center {{ content: {footer}; }} }}"
    return (f'@page {{ @bottom-center {{ content: element(confidential) "\\A" {footer}; '
            "white-space: pre; } }\n"
            "@page :first { @bottom-center { content: element(confidential); } }")


def stylesheets(look: Look, footer: str) -> list:
    """The parsed stylesheets of `look` for the PDF, `footer` its page footer rules."""
    roots = look.roots()
    sheets = look.stylesheets("paged")
    sheets.insert(2, (footer, templates_dir()))
    return [_parsed(text, base, roots) for text, base in sheets]


@lru_cache(maxsize=64)
def _parsed(text: str, base: Path, roots: tuple[Path, ...]):
    """One parsed stylesheet (cached by its text: parsing CSS costs every run, and a
    batch renders the same few sheets again and again)."""
    return CSS(string=text, base_url=base.as_uri() + "/",
               url_fetcher=SafeURLFetcher({}, roots), font_config=_font_config())


def render_pdf_bytes(doc: Document, url_fetcher=None) -> bytes:
    """Lay out `doc` and return the PDF bytes (nothing is written)."""
    look = look_of(doc)
    confidential = bool(look.branding and look.branding.confidential)
    page = build_page(doc, logo_src=look.logo.resolve().as_uri() if look.logo else None)
    sheets = stylesheets(look, footer_css(footer_content(doc.lang), confidential))
    was_enabled = gc.isenabled()
    # NOTE: layout allocates millions of short-lived objects; pausing the cyclic collector
    # for the one call saves 10-20 % and the garbage is collected right after.
    gc.disable()
    try:
        html = HTML(string=page, base_url=IMAGE_BASE,
                    url_fetcher=url_fetcher or make_url_fetcher(doc))
        return html.write_pdf(stylesheets=sheets, font_config=_font_config(), attachments=[])
    finally:
        if was_enabled:
            gc.enable()


def write_pdf(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write `doc` as a PDF to `path` (atomically) and return the path."""
    try:
        data = render_pdf_bytes(doc)
    except (OSError, ValueError, RuntimeError, LookupError, TypeError) as exc:
        # NOTE: WeasyPrint and Pango raise assorted types; the user needs one sentence.
        raise RenderError(msg("errors.render.pdf", file=Path(path).name, doc=doc.kind,
                              detail=str(exc))) from exc
    return write_bytes(path, data)
