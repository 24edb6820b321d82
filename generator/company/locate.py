"""Where a tag stands in a Word template: its part (body, a header, a footer), paragraph, text.

docxtpl joins each part's XML into one Jinja source with every `<w:p` on a line of its own,
so Jinja's line numbers count paragraphs, until `{%p %}` / `{%tr %}` tags remove their own
paragraph or row. To name the paragraph a user sees, every `<w:p>` start tag gets a marker
attribute with its number before docxtpl patches the XML (`mark_paragraphs`); a Jinja line
then names the paragraph by the marker on it, and the markers are taken out of the result.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.locales import Message, msg

MARK = "cdp-mark"
_P_START = re.compile(r"<w:p([ >/])")
_MARK_RE = re.compile(rf' {MARK}="(\d+)"')
_TEXT_RE = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PARAGRAPH_RE = re.compile(rf'<w:p {MARK}="(\d+)"[ >/].*?(?:</w:p>|(?=<w:p {MARK}=))', re.DOTALL)
SNIPPET = 40


def mark_paragraphs(xml: str) -> str:
    """Number every paragraph start tag (`<w:p cdp-mark="3" ...>`), in document order."""
    counter = iter(range(1, 1_000_000))
    return _P_START.sub(lambda m: f'<w:p {MARK}="{next(counter)}"{m.group(1)}', xml)


def strip_marks(xml: str) -> str:
    """The XML without the markers (Word would refuse an unknown attribute)."""
    return _MARK_RE.sub("", xml)


def paragraph_texts(marked_xml: str) -> dict[int, str]:
    """{paragraph number: its text, runs joined} of a marked part (tags show as typed)."""
    return {int(m.group(1)): html.unescape("".join(_TEXT_RE.findall(m.group(0))))
            for m in _PARAGRAPH_RE.finditer(marked_xml)}


def paragraph_on_line(rendered_source: str, line: int | None) -> int | None:
    """The paragraph a Jinja line of docxtpl's source starts in (the first marker on it)."""
    if not line:
        return None
    lines = rendered_source.split("\n")
    for index in range(min(line, len(lines)) - 1, -1, -1):
        marks = _MARK_RE.findall(lines[index])
        if marks:
            return int(marks[0])
    return None


@dataclass(frozen=True)
class Place:
    """A place in a template: the file, and a paragraph of a part (Word) or a line (Markdown)."""

    template: str
    part: str = ""  # "body", "header", "footer" (Word); "" for a Markdown template
    paragraph: int | None = None
    line: int | None = None
    text: str = ""

    def message(self) -> Message:
        """The place in the user's words: `company.docx: body, paragraph 3 (“{{ x }}”)`."""
        if self.line is not None:
            return msg("templates.place.line", template=self.template, line=self.line)
        if self.paragraph is None:
            return msg("templates.place.file", template=self.template)
        text = self.text.strip()
        if len(text) > SNIPPET:
            text = text[:SNIPPET] + "…"
        part = msg(f"templates.place.part.{self.part or 'body'}")
        return msg("templates.place.paragraph", template=self.template, part=part,
                   n=self.paragraph, text=text)


def part_kind(partname: str) -> str:
    """"header", "footer", "footnotes" or "body" from a part name (/word/header1.xml)."""
    name = partname.rsplit("/", 1)[-1]
    for kind in ("header", "footer", "footnotes"):
        if name.startswith(kind):
            return kind
    return "body"


def find_paragraph(texts: dict[int, str], needle: str) -> int | None:
    """The first paragraph whose tags mention `needle` as a name (for an unknown name)."""
    pattern = re.compile(r"(\{\{|\{%)(?:(?!\}\}|%\}).)*\b" + re.escape(needle) + r"\b")
    for number, text in sorted(texts.items()):
        if pattern.search(text):
            return number
    return None
