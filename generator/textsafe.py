"""Untrusted text stays text: control characters, Markdown/HTML escaping, safe file names."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except TAB/LF/CR, DEL, C1 controls, lone surrogates and the non-characters
# python-docx / lxml / openpyxl reject (U+FFFE, U+FFFF).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """Replace characters no document format can hold with U+FFFD; CRLF becomes LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub(REPLACEMENT, text)


# Python-Markdown's escapable characters (the tables extension adds `|`).
_MD_INLINE_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_MD_BLOCK_RE = re.compile(r"([\\`{}\[\]()|!])")
# At the start of a line: headings, and lines that would be setext underlines or rules.
_MD_LINE_START_RE = re.compile(r"^(#|=+\s*$|[-*_](?:\s*[-*_]){2,}\s*$)")
_LIST_ITEM_RE = re.compile(r"([-*+]|\d+\.)\s")


def html_escape(text: str) -> str:
    """Escape &, <, > and double quotes (safe in text and in attributes); controls cleaned."""
    return (
        clean_text(text).replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _text_escape(text: str) -> str:
    """Escape &, < and > for text content (quotes need no escaping outside attributes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_inline(text: object) -> str:
    """Escape answer text for one line of Markdown (a paragraph, a list item, a table cell).

    Every Markdown-significant character is backslash-escaped and HTML is entity-escaped,
    so `| # * [x](y) <b>` shows up literally; newlines fold to spaces so a table row stays
    one row.
    """
    text = " ".join(clean_text(str(text)).split("\n"))
    return _MD_INLINE_RE.sub(r"\\\1", _text_escape(text))


def md_block(text: object) -> str:
    """Escape multiline answer text, keeping the basic Markdown users may write.

    Paragraphs, bullet / numbered lists and **bold** / *italic* survive; headings, quotes,
    rules, tables, links, images, code and raw HTML are neutralised.
    """
    lines = []
    for line in clean_text(str(text)).split("\n"):
        line = _MD_BLOCK_RE.sub(r"\\\1", _text_escape(line.rstrip()))
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        # NOTE: four leading spaces would make a code block; keep indentation for lists only.
        if len(indent) >= 4 and not _LIST_ITEM_RE.match(stripped):
            indent = ""
        lines.append(indent + _MD_LINE_START_RE.sub(r"\\\1", stripped))
    return "\n".join(lines).strip("\n")


_SLUG_DROP_RE = re.compile(r"[^\w\-]+")


def slugify(text: str, fallback: str = "campaign", max_length: int = 60) -> str:
    """A file-name stem that cannot leave its folder: no separators, dots or controls.

    CJK letters are kept (users name files in Chinese); `../../x` becomes `x`.
    """
    text = unicodedata.normalize("NFKC", clean_text(str(text))).strip().lower()
    text = _SLUG_DROP_RE.sub("-", text.replace("_", "-"))
    text = re.sub(r"-{2,}", "-", text).strip("-")[:max_length].strip("-")
    return text or fallback
