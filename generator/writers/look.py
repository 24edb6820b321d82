"""How a document looks: its theme, the company's branding and the company's stylesheets.

A theme is data in `templates/themes/`: `<name>.css`, laid over our stylesheets in the PDF
and the HTML page, and `<name>.json`, the same look for the DOCX (writers/docx/theme.py).
`clean` is today's look, `formal` the second shipped one. Branding (company/branding.py)
sets the accent custom property and puts the logo and company name on the cover and in
the running header, the confidentiality line in the footer. A template folder's
`style.css`, `paged.css` or `screen.css` replaces ours by name; its `extra.css` is laid
over everything. A company stylesheet may load only files inside its folder
(`check_stylesheet`, and the PDF's URL fetcher again at layout).

The order of the sheets (later wins): style, paged (or screen), the theme, the branding
accent, extra.css. The PDF writer adds its footer rules after paged.css.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from generator.errors import TemplateError
from generator.locales import msg
from generator.resources import templates_dir

DEFAULT_THEME = "clean"
EXTRA_CSS = "extra.css"


@dataclass(frozen=True)
class Look:
    """The look of one run's documents (nothing set: the clean theme, our stylesheets)."""

    theme: str = DEFAULT_THEME
    branding: Any = None  # company/branding.py: Branding
    css_dir: Path | None = None  # a template folder, for its stylesheets

    @property
    def logo(self) -> Path | None:
        """The company's logo file, if the branding has one."""
        return self.branding.logo if self.branding is not None else None

    @property
    def accent(self) -> str | None:
        """The company's accent colour (six hex digits), if the branding sets one."""
        return self.branding.accent if self.branding is not None else None

    def roots(self) -> tuple[Path, ...]:
        """What the page and its stylesheets may load: our templates, the template folder,
        the logo file itself."""
        roots = [templates_dir()]
        if self.css_dir is not None:
            roots.append(self.css_dir)
        if self.logo is not None:
            roots.append(self.logo)
        return tuple(path.resolve() for path in roots)

    def stylesheets(self, medium: str) -> list[tuple[str, Path]]:
        """(CSS text, the folder its URLs are relative to) in cascade order; `medium` is
        "paged" (the PDF) or "screen" (the HTML page). The PDF's footer rules go after the
        first two."""
        sheets = [self._ours_or_company("style.css"), self._ours_or_company(f"{medium}.css")]
        sheets.append((theme_css(self.theme), themes_dir()))
        if self.accent:
            sheets.append((f":root {{ --accent: #{self.accent}; }}\n", templates_dir()))
        if self.css_dir is not None and (self.css_dir / EXTRA_CSS).is_file():
            sheets.append(_company_sheet(self.css_dir / EXTRA_CSS))
        return sheets

    def _ours_or_company(self, name: str) -> tuple[str, Path]:
        if self.css_dir is not None and (self.css_dir / name).is_file():
            return _company_sheet(self.css_dir / name)
        return (templates_dir() / name).read_text(encoding="utf-8"), templates_dir()


def themes_dir() -> Path:
    """The shipped themes: `<name>.css` and `<name>.json` each."""
    return templates_dir() / "themes"


@cache
def theme_names() -> tuple[str, ...]:
    """The names of the shipped themes, the default first."""
    names = sorted(p.stem for p in themes_dir().glob("*.css"))
    return tuple(sorted(names, key=lambda name: name != DEFAULT_THEME))


def theme_css(name: str) -> str:
    """The stylesheet of theme `name` (laid over ours)."""
    return (themes_dir() / f"{name}.css").read_text(encoding="utf-8")


@cache
def theme_docx(name: str) -> dict[str, Any]:
    """The DOCX part of theme `name`: {"colours": {old: new}, "styles": {id: {...}}}."""
    return json.loads((themes_dir() / f"{name}.json").read_text(encoding="utf-8"))


def _company_sheet(path: Path) -> tuple[str, Path]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(msg("templates.css.unreadable", template=str(path),
                                reason=type(exc).__name__)) from exc
    check_stylesheet(text, path)
    return text, path.parent


def check_stylesheet(text: str, path: Path) -> None:
    """Every url() and @import of a company stylesheet names a file inside its folder; a
    TemplateError names the file, the line and the URL otherwise."""
    import tinycss2

    folder = path.parent.resolve()
    for url, line in _urls(tinycss2.parse_stylesheet(text, skip_comments=True)):
        if not inside(urljoin(folder.as_uri() + "/", url), (folder,)):
            raise TemplateError(msg("templates.css.outside", template=str(path), line=line,
                                    url=url[:200]))


def _urls(nodes) -> list[tuple[str, int]]:
    """(url, line) of every url(...) and @import in parsed CSS, nested blocks included."""
    found = []
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url":
            found.append((node.value, node.source_line))
        elif kind == "function" and node.lower_name in ("url", "src"):
            strings = [a for a in node.arguments if a.type == "string"]
            found += [(s.value, node.source_line) for s in strings[:1]]
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            strings = [a for a in node.prelude if a.type in ("string", "url")]
            found += [(s.value, node.source_line) for s in strings[:1]]
        for attr in ("prelude", "content", "arguments"):
            if kind not in ("url",) and isinstance(getattr(node, attr, None), list):
                found += _urls(getattr(node, attr))
    return found


def inside(url: str, roots: tuple[Path, ...]) -> Path | None:
    """The local file `url` names when it is one of `roots` or inside one, else None
    (http, data: and any other scheme never are)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if any(path == root or path.is_relative_to(root) for root in roots) and path.is_file():
        return path
    return None
