"""The PDF writer: a `Document` laid out by WeasyPrint with the packaged stylesheets.

Nothing is ever fetched from outside the document. Images are served from
`Document.images` by name, packaged files from `templates/`, and every other URL (file:
elsewhere, http(s), data:, ftp ...) is refused. `rel=attachment` is stripped before
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
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.atomic import write_bytes
from generator.errors import RenderError
from generator.locales import msg, t
from generator.render.document import Document
from generator.render.words import field_parts
from generator.resources import templates_dir
from generator.writers.page import build_page

# Relative image names resolve against this base. The .invalid TLD (RFC 2606) can never
# resolve, so even a fetcher bug could not reach the network through it.
IMAGE_BASE = "https://images.campaign-docs.invalid/"



class FetchRefused(ValueError):
    """A URL the document may not load (WeasyPrint logs it and carries on)."""


def resolve_url(url: str, images: Mapping[str, bytes], root: Path) -> tuple[bytes, str]:
    """Return (bytes, mime type) for an allowed URL; raise FetchRefused for anything else.

    Allowed: `IMAGE_BASE + name` with `name` in `images`, and `file:` URLs whose resolved
    path is a file inside `root` (the packaged templates folder).
    """
    if url.startswith(IMAGE_BASE):
        name = unquote(urlsplit(url).path.lstrip("/"))
        if name in images:
            return images[name], mimetypes.guess_type(name)[0] or "application/octet-stream"
        raise FetchRefused(f"image {name!r} is not part of the document")
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path.is_relative_to(root.resolve()) and path.is_file():
            return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "text/plain"
    raise FetchRefused(f"refused to load {url[:200]!r}: documents never fetch outside files")


class SafeURLFetcher(URLFetcher):
    """Serves the document's images and packaged templates; refuses all else."""

    def __init__(self, images: Mapping[str, bytes], root: Path):
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.images = images
        self.root = root

    def fetch(self, url, headers=None):
        """Answer from memory or the templates folder; never opens a connection."""
        data, mime = resolve_url(url, self.images, self.root)
        return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})


def make_url_fetcher(doc: Document) -> SafeURLFetcher:
    """A WeasyPrint url_fetcher bound to `doc.images` (unforced) and the templates folder."""
    return SafeURLFetcher(doc.images, templates_dir())


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


@cache
def stylesheets(footer: str) -> tuple:
    """The parsed document stylesheets with `footer` as the page footer's CSS content
    (cached per footer, so once per language: parsing CSS costs every run)."""
    root = templates_dir()
    fetcher = SafeURLFetcher({}, root)
    sources = [
        (root / "style.css").read_text(encoding="utf-8"),
        (root / "paged.css").read_text(encoding="utf-8"),
        f"@page {{ @bottom-center {{ content: {footer}; }} }}",
    ]
    return tuple(
        CSS(string=source, base_url=root.as_uri() + "/", url_fetcher=fetcher,
            font_config=_font_config())
        for source in sources
    )


def render_pdf_bytes(doc: Document, url_fetcher=None) -> bytes:
    """Lay out `doc` and return the PDF bytes (nothing is written)."""
    page = build_page(doc)
    sheets = list(stylesheets(footer_content(doc.lang)))
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
