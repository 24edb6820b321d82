"""The results poster (战报) as a PDF page and a PNG image of that same page.

One layout, two formats: WeasyPrint lays the poster out as HTML/CSS (templates/poster.css)
into a one-page PDF of 540 × 960 pt, and PDFium (pypdfium2) rasterises that page at twice
its size, 1080 × 1920 px, for a phone screen and a WeChat group. Why this pair: WeasyPrint
already sets every document here (Noto Sans CJK, CJK line breaking, a PDF whose text
`pdftotext` reads), and wraps a long name where a drawing library would need us to measure
and break lines ourselves; PDFium is a wheel, so the PNG needs no program on the PATH.
The PDF is laid out once per view and kept in `view.images`, so writing both formats lays
out once.

Every piece of text on the poster is the view's (the catalogue's words, the answers' names)
and is HTML-escaped here: a campaign named `<b>x</b>` shows those characters. Nothing is
fetched: the stylesheet is read from the package and the URL fetcher refuses everything.

Imported only when a poster is written (generate.VIEW_WRITERS): WeasyPrint at the top.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path
from typing import Any

from generator.writers.weasy import import_weasyprint

import_weasyprint()  # NOTE: before the import below, which would search for its libraries

from weasyprint import CSS, HTML  # noqa: E402

from generator.atomic import write_bytes  # noqa: E402
from generator.errors import RenderError  # noqa: E402
from generator.locales import msg, t  # noqa: E402
from generator.resources import templates_dir  # noqa: E402
from generator.textsafe import html_escape  # noqa: E402
from generator.views import View  # noqa: E402
from generator.writers import palette  # noqa: E402
from generator.writers.columns import text_em  # noqa: E402
from generator.writers.pdf import IMAGE_BASE, SafeURLFetcher, _font_config  # noqa: E402

PAGE_PT = (540, 960)  # 9:16
PNG_PX = (1080, 1920)
PDF_KEY = "poster.pdf"  # where the laid-out page is kept in view.images
LOGO = "logo"  # the branding logo's name (+ its suffix) for the URL fetcher
# Text widths (pt) and the (font size pt, lines) steps tried in order; a text longer than
# the last step allows is cut with an ellipsis (a 300-character name cannot be a headline).
THEME_WIDTH, THEME_STEPS = 460, ((46, 2), (40, 3), (34, 3), (28, 4), (23, 4))
CHANNEL_WIDTH, CHANNEL_STEPS = 432, ((30, 1), (26, 2), (21, 2), (17, 3))
FIGURE_WIDTH, FIGURE_SIZES = 199, (44, 38, 33, 28, 24, 20, 17, 14, 12)
WRAP_SLACK = 1.12  # lines break at words, so wrapped lines are not full
SLACK_EM = 0.3  # a line exactly as wide as its text may still wrap (columns.SLACK_EM)
ELLIPSIS = "…"


def write_poster_pdf(view: View, path: str | os.PathLike[str]) -> Path:
    """Write the poster as a one-page PDF to `path` (atomically) and return the path."""
    return write_bytes(path, poster_pdf(view, Path(path).name))


def write_poster_png(view: View, path: str | os.PathLike[str]) -> Path:
    """Write the poster as a 1080 × 1920 PNG to `path` (atomically) and return the path."""
    pdf = poster_pdf(view, Path(path).name)
    try:
        png = rasterise(pdf, PNG_PX[0])
    except (OSError, ValueError, RuntimeError) as exc:  # NOTE: PdfiumError is a RuntimeError
        raise RenderError(msg("errors.render.png", file=Path(path).name,
                              detail=str(exc))) from exc
    return write_bytes(path, png)


def poster_pdf(view: View, name: str) -> bytes:
    """The poster's PDF bytes, laid out on first use and kept in `view.images`."""
    if PDF_KEY not in view.images:
        try:
            view.images[PDF_KEY] = _lay_out(poster_html(view.context), logo_image(view.context))
        except (OSError, ValueError, RuntimeError, LookupError, TypeError) as exc:
            # NOTE: WeasyPrint and Pango raise assorted types; the user needs one sentence.
            raise RenderError(msg("errors.render.pdf", file=name, doc="poster",
                                  detail=str(exc))) from exc
    return view.images[PDF_KEY]


def logo_name(context: dict[str, Any]) -> str | None:
    """The name the poster's HTML gives the branding's logo ("logo.png"), None without one."""
    logo = context.get("logo")
    return LOGO + Path(logo).suffix.lower() if logo else None


def logo_image(context: dict[str, Any]) -> dict[str, bytes]:
    """{name: bytes} of the branding's logo (the only picture the poster may load), or {}."""
    name = logo_name(context)
    return {name: Path(context["logo"]).read_bytes()} if name else {}


def render_pages(html: str, images: dict[str, bytes]) -> Any:
    """The poster's HTML laid out by WeasyPrint (a weasyprint Document: one page when the
    sizes in `fit` did their job)."""
    fetcher = SafeURLFetcher(images, templates_dir())
    css = CSS(string=(templates_dir() / "poster.css").read_text(encoding="utf-8"),
              font_config=_font_config())
    return HTML(string=html, base_url=IMAGE_BASE, url_fetcher=fetcher).render(
        stylesheets=[css], font_config=_font_config())


def _lay_out(html: str, images: dict[str, bytes]) -> bytes:
    """One page of PDF from the poster's HTML; were the text to overflow, the page is cut
    to one rather than spill onto a second (the sizes in `fit` keep it from happening)."""
    document = render_pages(html, images)
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return document.write_pdf(attachments=[])


def rasterise(pdf: bytes, width_px: int) -> bytes:
    """The first page of `pdf` as PNG bytes, `width_px` wide (the page's own aspect)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width_px / page.get_width())
        buffer = io.BytesIO()
        bitmap.to_pil().convert("RGB").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


# ---------------------------------------------------------------- the page

def poster_html(context: dict[str, Any]) -> str:
    """The poster page as HTML: every text escaped, sizes fitted, colours as CSS variables."""
    lang = context["lang"]
    theme_size, theme = fit(context["theme"], THEME_WIDTH, THEME_STEPS)
    parts = [f'<!DOCTYPE html>\n<html lang="{html_escape(t("format.locale", lang=lang))}">',
             f"<head><meta charset=\"utf-8\"><title>{html_escape(context['theme'])} · "
             f"{html_escape(context['title'])}</title>",
             f"<style>:root {{ {colour_variables(context.get('accent'))} }}</style></head>",
             '<body><header class="hero">']
    logo = logo_name(context)
    if logo or context.get("company"):
        picture = f'<img class="logo" src="{logo}" alt="">' if logo else ""
        parts.append(f'<p class="company">{picture}{html_escape(context.get("company") or "")}'
                     "</p>")
    parts += [f'<p class="kicker">{html_escape(context["title"])}</p>',
              f'<h1 class="theme" style="font-size: {theme_size}pt">{html_escape(theme)}</h1>',
              f'<p class="period">{html_escape(context["period"])}</p>']
    if context.get("okr"):
        parts.append(f'<p class="okr">{html_escape(context["okr"])}</p>')
    parts += ["</header>",
              '<main><section class="tiles">']
    parts += [_tile_html(tile) for tile in context["tiles"]]
    parts.append("</section>")
    if context.get("best"):
        parts.append(_best_html(context["best"]))
    parts.append(f"</main><footer>{html_escape(context['source'])}</footer></body></html>")
    return "\n".join(parts)


def _tile_html(tile: dict[str, Any]) -> str:
    size = figure_size(tile["figure"])
    note = f'<p class="note">{html_escape(tile["note"])}</p>' if tile.get("note") else ""
    return (f'<div class="tile tile-{html_escape(tile["key"])}">'
            f'<p class="label">{html_escape(tile["label"])}</p>'
            f'<p class="figure" style="font-size: {size}pt">{html_escape(tile["figure"])}</p>'
            f"{note}</div>")


def _best_html(best: dict[str, Any]) -> str:
    size, name = fit(best["name"], CHANNEL_WIDTH, CHANNEL_STEPS)
    return (f'<section class="best"><p class="label">{html_escape(best["label"])}</p>'
            f'<p class="name" style="font-size: {size}pt">{html_escape(name)}</p>'
            f'<p class="note">{html_escape(best["note"])}</p></section>')


# ---------------------------------------------------------------- fitting text

def width_em(text: str) -> float:
    """`text`'s width in ems, set bold in Noto Sans CJK SC (columns.py's real advances)."""
    return text_em(text, bold=True) + SLACK_EM


def fit(text: str, width_pt: float, steps: tuple[tuple[int, int], ...]) -> tuple[int, str]:
    """The largest (size, lines) step whose lines hold `text` in `width_pt`, and the text;
    past the last step the text is cut with an ellipsis to what that step holds."""
    text = " ".join(text.split())  # NOTE: a line break typed in a name is a space here
    for size, lines in steps:
        if _lines(width_em(text), size, width_pt) <= lines:
            return size, text
    size, lines = steps[-1]
    room = lines * width_pt / (size * WRAP_SLACK) - 1  # NOTE: an em for the ellipsis
    cut = ""
    for ch in text:
        if width_em(cut + ch) > room:
            break
        cut += ch
    return size, cut.rstrip() + ELLIPSIS


def _lines(em: float, size: float, width_pt: float) -> int:
    return max(1, math.ceil(em * size * WRAP_SLACK / width_pt))


def figure_size(figure: str) -> int:
    """The largest size at which a figure stays on one line of its tile (never cut)."""
    em = width_em(figure)
    return next((size for size in FIGURE_SIZES if em * size <= FIGURE_WIDTH), FIGURE_SIZES[-1])


# ---------------------------------------------------------------- colours

def colour_variables(accent: str | None) -> str:
    """The poster's CSS colour variables from the accent (six hex digits, else ours): the
    band's text white or dark, whichever reads on it; tiles in a light tint of it."""
    accent = (accent or palette.ACCENT).upper()
    on_accent = palette.HEADER_TEXT if contrast(accent, "FFFFFF") >= 3 else palette.TEXT
    tint = mix(accent, "FFFFFF", 0.09)
    figure = accent if contrast(accent, tint) >= 3 else palette.NAVY
    values = {"accent": accent, "on-accent": on_accent, "tint": tint, "figure": figure,
              "rule": palette.ORANGE, "text": palette.TEXT, "muted": palette.MUTED,
              "line": palette.RULE, "paper": "FFFFFF"}
    return " ".join(f"--{name}: #{value};" for name, value in values.items())


def _channels(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base` (hex, no '#')."""
    return "".join(f"{round(c * amount + b * (1 - amount)):02X}"
                   for c, b in zip(_channels(colour), _channels(base), strict=True))


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two hex colours (1 to 21)."""
    def luminance(colour: str) -> float:
        linear = [(c / 255 / 12.92) if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in _channels(colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)
