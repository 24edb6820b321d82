"""`{{ campaign.background | rich }}`: an answer's light Markdown as Word runs.

What an answer may hold (the same light Markdown our own documents keep): `**bold**`,
`*italic*`, line breaks, and list lines (`- item`, `* item`, `1. item`), which show as
"• item" / "1. item" on lines of their own; a blank line leaves an empty line. Everything
else is text: the runs are written here with every character XML-escaped, so `<w:p>`,
`{{ }}` or `{% %}` in an answer show as typed (the runs are put in after Jinja has run).

The runs go where the tag stands, inside the template's paragraph: the filter closes the
template's run around it (as docxtpl's `{{r }}` does) and `merge_run_properties` gives its
runs, and the text after it, the properties of the run the tag was written in (the
company's font and size), bold and italic added on top.
"""

from __future__ import annotations

import html
import re

from generator.textsafe import clean_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
START, END = "<!--cdp-rich-->", "<!--/cdp-rich-->"
_LIST_RE = re.compile(r"^\s*(?:([-*+])|(\d{1,3})[.)])\s+(.*)$")
_INLINE_RE = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_FLAGS = "cdp-flags"


class RichRuns:
    """Runs of formatted text; renders as XML that closes the run it is written in."""

    def __init__(self, runs: list[tuple[str, str]]):
        self.runs = runs  # (flags "b", "i", "bi" or "br" for a line break, text)

    def __html__(self) -> str:
        body = "".join(_run_xml(flags, text) for flags, text in self.runs)
        return f'</w:t></w:r>{START}{body}{END}<w:r><w:t xml:space="preserve">'

    def __str__(self) -> str:  # what a plain-text use (a test, a log) shows
        return "".join("\n" if flags == "br" else text for flags, text in self.runs)


def _run_xml(flags: str, text: str) -> str:
    # NOTE: the flags ride on an attribute until merge_run_properties writes real rPr
    if flags == "br":
        return f'<w:r {_FLAGS}=""><w:br/></w:r>'
    escaped = html.escape(text, quote=False)
    return f'<w:r {_FLAGS}="{flags}"><w:t xml:space="preserve">{escaped}</w:t></w:r>'


def markdown_runs(value: object) -> RichRuns:
    """An answer's light Markdown as runs (bold, italic, line breaks, list lines)."""
    text = clean_text("" if value is None else str(value)).strip("\n")
    runs: list[tuple[str, str]] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            runs.append(("br", ""))
        item = _LIST_RE.match(line)
        if item:
            runs.append(("", "• " if item.group(1) else f"{item.group(2)}. "))
            line = item.group(3)
        runs += _inline(line)
    return RichRuns(runs)


def _inline(line: str) -> list[tuple[str, str]]:
    runs, position = [], 0
    for match in _INLINE_RE.finditer(line):
        if match.start() > position:
            runs.append(("", line[position:match.start()]))
        if match.group(1) is not None:
            bold = _INLINE_RE.sub(lambda m: m.group(1) or m.group(2), match.group(1))
            runs.append(("b", bold))
        else:
            runs.append(("i", match.group(2)))
        position = match.end()
    if position < len(line):
        runs.append(("", line[position:]))
    return runs


_RPR_RE = re.compile(r"<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>", re.DOTALL)
_OPENED = '<w:r><w:t xml:space="preserve">'  # the run RichRuns opens after its block


def merge_run_properties(xml: str) -> str:
    """Give each rich block's runs (and the text after it) the properties of the run the
    tag stood in; bold and italic on top. XML without blocks is returned as it is."""
    while (start := xml.find(START)) != -1:
        end = xml.find(END, start)
        opening = max(xml.rfind("<w:r>", 0, start), xml.rfind("<w:r ", 0, start))
        base = ""
        if opening != -1:  # the tag's own run, closed by the block: its rPr, if any
            found = _RPR_RE.match(xml, xml.index(">", opening) + 1)
            base = found.group(0) if found else ""
        runs = _with_properties(xml[start + len(START):end], base)
        tail = xml[end + len(END):]
        if tail.startswith(_OPENED):
            tail = "<w:r>" + base + tail[len("<w:r>"):]
        xml = xml[:start] + runs + tail
    return xml


def _with_properties(runs_xml: str, base: str) -> str:
    """The block's runs with real rPr: the base run's, with bold/italic set."""
    from docx.oxml import parse_xml
    from lxml import etree

    root = parse_xml(f'<w:root xmlns:w="{W_NS}">{runs_xml}</w:root>')
    for run in root:
        flags = run.attrib.pop(_FLAGS, "")
        rpr = parse_xml(base.replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">', 1)
                        if base else f'<w:rPr xmlns:w="{W_NS}"/>')
        for flag in flags:
            element = rpr.get_or_add_b() if flag == "b" else rpr.get_or_add_i()
            element.attrib.pop(f"{{{W_NS}}}val", None)  # a template's <w:b w:val="0"/>
        if len(rpr):
            run.insert(0, rpr)
    text = "".join(etree.tostring(run, encoding="unicode") for run in root)
    # the runs came out with their own namespace declaration; the part declares it
    return text.replace(f' xmlns:w="{W_NS}"', "")
