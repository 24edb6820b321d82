"""WordprocessingML building blocks as strings, for the DOCX writer.

python-docx's object API costs a Python object per run and cell; the writer instead builds
the body as one XML string and parses it once with lxml, which is what makes it fast. Every
piece of text reaching these helpers goes through `textsafe.clean_text` and XML escaping
here, so untrusted answers can never become markup or an invalid XML character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator.textsafe import clean_text
from generator.writers import palette

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECLS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)

W_DECL = f'xmlns:w="{W_NS}"'  # for package parts that only use w: (no stray declarations)

# Page geometry in twentieths of a point (twips): A4 with 2.2 cm side margins.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 1247, 1418, 1247
EMU_PER_TWIP = 635


def text_width(landscape: bool) -> int:
    """Usable text width (twips) of a portrait or landscape A4 page."""
    return (PAGE_H if landscape else PAGE_W) - 2 * MARGIN_SIDE


def text_height(landscape: bool) -> int:
    """Usable text height (twips) of a portrait or landscape A4 page."""
    return (PAGE_W if landscape else PAGE_H) - MARGIN_TOP - MARGIN_BOTTOM


def esc(text: str) -> str:
    """Clean and XML-escape text for element content and double-quoted attributes."""
    return (
        clean_text(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


@dataclass(frozen=True)
class Fmt:
    """Character formatting carried down the inline tree (immutable, cheap to derive)."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    underline: bool = False
    color: str = ""
    size: int = 0  # half-points; 0 = inherit from the paragraph style
    shade: str = ""
    style: str = ""  # character style id, e.g. "Hyperlink"

    def with_(self, **changes: object) -> Fmt:
        """A copy with some fields changed."""
        return replace(self, **changes)


def rpr(fmt: Fmt) -> str:
    """The <w:rPr> for a format (empty string when nothing is set)."""
    parts = []
    if fmt.style:
        parts.append(f'<w:rStyle w:val="{fmt.style}"/>')
    if fmt.code:
        # Latin monospace for code; CJK inside code still needs the CJK font.
        parts.append('<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>')
    if fmt.bold:
        parts.append("<w:b/><w:bCs/>")
    if fmt.italic:
        parts.append("<w:i/><w:iCs/>")
    if fmt.color:
        parts.append(f'<w:color w:val="{fmt.color}"/>')
    if fmt.size:
        parts.append(f'<w:sz w:val="{fmt.size}"/><w:szCs w:val="{fmt.size}"/>')
    if fmt.underline:
        parts.append('<w:u w:val="single"/>')
    if fmt.shade:
        parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fmt.shade}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


# A hyphen between digits (2026-10-25, 10-25): LibreOffice and Word would end a line after
# it, splitting a date in two; a non-breaking hyphen keeps the date whole.
_DIGIT_HYPHEN_RE = re.compile(r"(?<=\d)-(?=\d)")
_NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def run(text: str, fmt: Fmt = Fmt()) -> str:
    """One text run; newlines inside the text become line breaks, a hyphen inside a date
    or number range a non-breaking hyphen."""
    lines = _DIGIT_HYPHEN_RE.sub(_NO_BREAK_HYPHEN, esc(text)).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r>{rpr(fmt)}{body}</w:r>"


def break_run(kind: str = "") -> str:
    """A line break run, or a page break with kind="page"."""
    attr = f' w:type="{kind}"' if kind else ""
    return f"<w:r><w:br{attr}/></w:r>"


# CT_PPr is a strict sequence; Word rejects a file whose pPr children are out of order.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr",
)
_PPR_NAMES = frozenset(PPR_ORDER)

# Paragraph properties by element name, e.g. {"jc": '<w:jc w:val="center"/>'}. Pieces come
# from several places (page flow, the container, the block); merging dicts with `|` lets a
# later piece replace an earlier one of the same name, and `para` writes them in PPR_ORDER.
Props = dict[str, str]


def prop(name: str, children: str = "", **attrs: object) -> Props:
    """One pPr child: prop("spacing", before=0, after=120) is
    {"spacing": '<w:spacing w:before="0" w:after="120"/>'}; attributes keep their order."""
    if name not in _PPR_NAMES:
        raise ValueError(f"{name!r} is not a paragraph property (CT_PPr)")
    attr_xml = "".join(f' w:{key}="{value}"' for key, value in attrs.items())
    if children:
        return {name: f"<w:{name}{attr_xml}>{children}</w:{name}>"}
    return {name: f"<w:{name}{attr_xml}/>"}


def para(content: str, props: Props | None = None, style: str = "") -> str:
    """A paragraph from run XML, its properties written in schema order, and a style id."""
    merged = (prop("pStyle", val=style) if style else {}) | (props or {})
    ppr = "".join(merged[name] for name in PPR_ORDER if name in merged)
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{content}</w:p>"


@dataclass
class ParaCtx:
    """How paragraphs of the current container look (style, properties, base run format)."""

    style: str = ""
    props: Props = field(default_factory=dict)
    fmt: Fmt = Fmt()
    first_props: Props = field(default_factory=dict)  # replaces props for the first paragraph
    used_first: bool = False  # (a list item's number goes on its first paragraph only)

    def next_props(self) -> Props:
        """Properties of the next paragraph; the first one of a list item carries the number."""
        if self.first_props and not self.used_first:
            self.used_first = True
            return self.first_props
        return self.props


# The verdict colours of `good` / `bad` (DESIGN.md), for text in a paragraph or a cell.
VERDICT_COLOURS = {"good": palette.GOOD, "bad": palette.BAD}


def verdict_fmt(fmt: Fmt, classes: set[str]) -> Fmt:
    """`fmt` in bold verdict colour when `classes` has good or bad, else `fmt` itself."""
    for name, colour in VERDICT_COLOURS.items():
        if name in classes:
            return fmt.with_(color=colour, bold=True)
    return fmt


# HTML's collapsible white space, minus the form feed: a form feed shows as U+FFFD.
_SPACE_RE = re.compile(r"[ \t\n\r]+")


def collapse_space(text: str) -> str:
    """HTML white-space collapsing: every run of spaces, tabs and newlines becomes a space."""
    return _SPACE_RE.sub(" ", text)


def shading(fill: str) -> str:
    """A solid background fill (w:shd) for a paragraph, cell or run."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def border(side: str, val: str = "single", size: int = 4, color: str = "A6A6A6",
           space: int = 0) -> str:
    """One border edge (size in eighths of a point)."""
    return f'<w:{side} w:val="{val}" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def field(instr: str, result: str, fmt: Fmt = Fmt()) -> str:
    """A complex field (PAGE, NUMPAGES, PAGEREF ...) with a pre-filled result."""
    props = rpr(fmt)
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> {esc(instr)} </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result, fmt)}"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def display_width(text: str) -> int:
    """Rough width of text in half-em units: CJK and full-width characters count double."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def inline_picture(rid: str, name: str, alt: str, size: tuple[int, int], drawing_id: int) -> str:
    """A run with an inline picture: the image part `rid`, `size` (cx, cy) in EMU, and a
    drawing id unique in the document (Word repairs a file that repeats one)."""
    cx, cy = size
    did = drawing_id
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{did}" name="Picture {did}" '
        f'descr="{esc(alt)}"/><wp:cNvGraphicFramePr>'
        '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
        f'picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{did}" name="{esc(name)}"/>'
        f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
