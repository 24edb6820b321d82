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


# CJK characters and full-width punctuation.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
# Full-width punctuation carries its own space: one typed after it is a stray gap.
_AFTER_CJK_PUNCT_RE = re.compile("(?<=[，。、；：！？）」』】》])[ \t]+")
# Straight quotes around or next to Chinese text: “我的奖品” as a Chinese reader expects
# (English text keeps the quotes it was typed with).
_DOUBLE_QUOTED_RE = re.compile('"([^"\n]*)"')
_SINGLE_QUOTED_RE = re.compile(f"'([^'\n]*[{_WIDE}][^'\n]*)'")
_HAS_WIDE_RE = re.compile(f"[{_WIDE}]")


def cjk_text(text: str) -> str:
    """Chinese typography for typed text: curly quotes around Chinese, no space after
    full-width punctuation."""
    def double(match: re.Match) -> str:
        before = text[match.start() - 1: match.start()]
        if _HAS_WIDE_RE.search(match.group(1)) or _HAS_WIDE_RE.match(before):
            return f"“{match.group(1)}”"
        return match.group(0)

    text = _DOUBLE_QUOTED_RE.sub(double, text)
    text = _SINGLE_QUOTED_RE.sub(r"‘\1’", text)
    return _AFTER_CJK_PUNCT_RE.sub("", text)


def typed_lines(text: object) -> list[str]:
    """The lines of an answer as a reader should see them: a line that ends a sentence
    keeps its break, one wrapped mid-sentence joins the next (no space between Chinese
    characters); blank lines are dropped."""
    lines: list[str] = []
    ended = True
    for line in cjk_text(clean_text(str(text))).split("\n"):
        if not line.strip():
            continue
        if ended or not lines:
            lines.append(line)
        else:
            before, line = lines[-1].rstrip(), line.lstrip()
            lines[-1] = before + _join_gap(before, line) + line
        ended = _ends_sentence(line.rstrip())
    return lines or [""]


_JOINS_TIGHT_RE = re.compile(f"[{_WIDE}“”‘’]")


def _join_gap(before: str, after: str) -> str:
    """What joins two typed lines: nothing between Chinese characters (and the quotes
    around them), else a space."""
    tight = _JOINS_TIGHT_RE.match(before[-1:]) and _JOINS_TIGHT_RE.match(after)
    return "" if tight else " "


def md_inline(text: object) -> str:
    """Escape answer text for one line of Markdown (a paragraph, a list item, a table cell).

    Every Markdown-significant character is backslash-escaped and HTML is entity-escaped,
    so `| # * [x](y) <b>` shows up literally; a line break typed after a sentence stays a
    line break (`<br>`, so a table row stays one row), see `typed_lines`.
    """
    return "<br>".join(_MD_INLINE_RE.sub(r"\\\1", _text_escape(line))
                       for line in typed_lines(text))


def html_text(text: object) -> str:
    """Answer text inside raw HTML (a template's own table): escaped, typed line breaks
    kept as `<br>`."""
    return "<br>".join(html_escape(line) for line in typed_lines(text))


# Bullets as people type them: "•", "·", "・" or a dash straight before Chinese text;
# "1、" and "1）" as a numbered item.
_TYPED_BULLET_RE = re.compile(f"^(\\s*)(?:[•·・●▪]\\s*|[-*+](?=[{_WIDE}]))")
_TYPED_NUMBER_RE = re.compile("^(\\s*)(\\d{1,2})[、）)]\\s*")


def _typed_list_marker(line: str) -> str:
    """A line's typed bullet or number as Markdown's ("- ", "1. ")."""
    line = _TYPED_BULLET_RE.sub(r"\1- ", line)
    return _TYPED_NUMBER_RE.sub(r"\1\2. ", line)


def md_block(text: object) -> str:
    """Escape multiline answer text, keeping the basic Markdown users may write.

    Paragraphs, bullet / numbered lists and **bold** / *italic* survive; headings, quotes,
    rules, tables, links, images, code and raw HTML are neutralised. Written as people type:
    a list may start right after a line ("扩大覆盖：" then "- 以团长带新为主"), a nested
    item is indented by any number of spaces, a line break after a sentence stays a line
    break (one wrapped mid-sentence joins the next line, without a space between Chinese
    characters), and a line after a list starts a new paragraph.
    """
    out: list[str] = []
    previous = ""  # what the last line was: "" (blank), "text" or "item"
    levels: list[int] = []  # typed indentation of each open list level
    kinds: list[str] = []  # and its kind: "-" (bullets) or "1" (numbers)
    last = ""  # the last line as typed
    for raw in cjk_text(clean_text(str(text))).split("\n"):
        line = _MD_BLOCK_RE.sub(r"\\\1", _text_escape(_typed_list_marker(raw.rstrip())))
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        marker = _LIST_ITEM_RE.match(stripped)
        stripped = _MD_LINE_START_RE.sub(r"\\\1", stripped)
        if not stripped:
            previous = ""
            out.append("")
        elif marker:
            depth = _list_depth(levels, indent)
            kind = "1" if marker.group(1)[0].isdigit() else "-"
            del kinds[depth + 1:]
            if previous == "text" or (previous == "item" and kinds[depth:] not in ([], [kind])):
                out.append("")  # a list starts (or changes kind) here: Markdown needs a gap
            kinds[depth:] = [kind]
            # NOTE: python-markdown nests a list only under four spaces per level.
            out.append(" " * 4 * depth + stripped)
            previous = "item"
        elif previous == "item" and indent:  # more of the item, on a line of its own
            out[-1] += "  "
            out.append(" " * 4 * len(levels) + stripped)
        else:
            if previous == "item":
                out.append("")  # a line after a list starts a new paragraph
            elif previous == "text" and not _ends_sentence(last):
                # a line wrapped mid-sentence joins the next: with a space between words,
                # none between Chinese characters
                out[-1] += _join_gap(last, raw.lstrip()) + stripped
                last = raw.rstrip()
                continue
            elif previous == "text":
                out[-1] += "  "  # a line break after a sentence stays (Markdown's hard break)
            # NOTE: no indentation: four leading spaces would make a code block.
            out.append(stripped)
            previous, levels[:], kinds[:] = "text", [], []
        last = raw.rstrip()
    return "\n".join(out).strip("\n")


_SENTENCE_END = "。！？；：…!?;:."
_CLOSERS = "”’」』）)]】》*_\"'"


def _ends_sentence(line: str) -> bool:
    """Whether a typed line ends a sentence (or a clause that introduces what follows)."""
    return line.rstrip(_CLOSERS)[-1:] in tuple(_SENTENCE_END)


def _list_depth(levels: list[int], indent: int) -> int:
    """The nesting depth of an item typed with `indent` spaces (levels: the open lists)."""
    while levels and indent < levels[-1]:
        levels.pop()
    if not levels or indent > levels[-1]:
        levels.append(indent)
    return len(levels) - 1


_SLUG_DROP_RE = re.compile(r"[^\w\-]+")


def slugify(text: str, fallback: str = "campaign", max_length: int = 60) -> str:
    """A file-name stem that cannot leave its folder: no separators, dots or controls.

    CJK letters are kept (users name files in Chinese); `../../x` becomes `x`.
    """
    text = unicodedata.normalize("NFKC", clean_text(str(text))).strip().lower()
    text = _SLUG_DROP_RE.sub("-", text.replace("_", "-"))
    text = re.sub(r"-{2,}", "-", text).strip("-")[:max_length].strip("-")
    return text or fallback
