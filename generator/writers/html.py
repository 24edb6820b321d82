"""The standalone HTML writer: one self-contained file (CSS inlined, images as data: URIs).

It shares the page structure with the PDF writer (writers/page.py): cover, table of
contents and body. The page references nothing outside itself, so it can be mailed or
opened offline; an image the document does not carry is replaced by its alt text. The
document's look (writers/look.py: theme, branding, a company's stylesheets) is inlined
too: the logo and every file a company stylesheet loads become data: URIs.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from generator.atomic import write_text
from generator.render.document import Document
from generator.resources import templates_dir
from generator.textsafe import clean_text
from generator.writers.look import Look, inside
from generator.writers.page import build_page

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.I)


@lru_cache(maxsize=1)
def screen_css() -> str:
    """The shared document style plus the on-screen sheet layout, read once per process."""
    root = templates_dir()
    return "\n".join(
        (root / name).read_text(encoding="utf-8") for name in ("style.css", "screen.css")
    )


def look_css(look: Look) -> str:
    """The page's CSS for `look`: ours (cached) for the clean look, else its sheets in
    order, each URL inside them a data: URI (or `none` when it may not be loaded)."""
    if look == Look():
        return screen_css()
    roots = look.roots()
    return "\n".join(_inline_urls(text, base, roots) for text, base in look.stylesheets("screen"))


def _inline_urls(css: str, base: Path, roots: tuple[Path, ...]) -> str:
    def data(match: re.Match) -> str:
        path = inside(urljoin(base.resolve().as_uri() + "/", match.group(2)), roots)
        return f'url("{data_uri(path.name, path.read_bytes())}")' if path else "none"

    return _CSS_URL.sub(data, css)


def data_uri(name: str, data: bytes) -> str:
    """`data:` URI for an image's bytes, typed from its file name."""
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def render_html(doc: Document) -> str:
    """The standalone page for `doc` as a string."""
    def image_src(src: str) -> str | None:
        return data_uri(src, doc.images[src]) if src in doc.images else None

    look = doc.look if isinstance(doc.look, Look) else Look()
    logo = data_uri(look.logo.name, look.logo.read_bytes()) if look.logo else None
    return build_page(doc, inline_css=look_css(look), image_src=image_src, logo_src=logo)


def write_html(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write `doc` as one self-contained HTML file to `path` (atomically).

    Cleaned once more on the way out, as the Markdown: no control character or lone
    surrogate reaches the file, whatever a template let through.
    """
    return write_text(path, clean_text(render_html(doc)))
