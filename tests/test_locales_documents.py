"""Every word a document shows comes from the catalogue: the pseudo-language check.

A pseudo catalogue is installed in place of English: every literal piece of every entry is
wrapped in ⟦ ⟧ ("Page {page} of {pages}" -> "⟦Page ⟧{page}⟦ of ⟧{pages}"), the {params}
stay outside, so what the code fills in shows up bare. Then every document of the English
example is written in every format through the real pipeline, the text is read back with
the real readers (python-docx, openpyxl, pdftotext, lxml, icalendar), and each word of two
or more Latin letters, and each CJK character, must be inside ⟦ ⟧ or come from the
answers file itself (user data). A word typed into a template, a view or a writer fails.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import string
import zipfile
from pathlib import Path

import pytest

from generator import locales
from generator.answers import model
from generator.answers.load import load_answers, plain
from generator.compare import Previous
from generator.generate import FORMATS_BY_DOC, write_documents

from .conftest import EXAMPLES
from .helpers import pdftotext

EXAMPLE = EXAMPLES / "spring-referral-en.yaml"
# Codes rather than words: a language tag, the numeral style, a currency code.
NOT_WORDS = {"meta.currency", "format.locale", "format.chapter_numerals"}
WORD_RE = re.compile(r"[A-Za-z]{2,}|[\u3400-\u9fff\uf900-\ufaff]")
BRACKETED_RE = re.compile(r"⟦[^⟦⟧]*⟧")


def pseudo_text(text: str) -> str:
    """"Page {page} of {pages}" -> "⟦Page ⟧{page}⟦ of ⟧{pages}" (format specs kept)."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        if literal:
            out.append("⟦" + literal.replace("{", "{{").replace("}", "}}") + "⟧")
        if name is not None:
            out.append("{" + name + (f"!{conversion}" if conversion else "")
                       + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def pseudo_catalogue(tree, prefix: str = ""):
    """The catalogue with every string (and list item) wrapped, codes in NOT_WORDS kept."""
    if isinstance(tree, dict):
        return {k: pseudo_catalogue(v, f"{prefix}{k}.") for k, v in tree.items()}
    if isinstance(tree, list):
        return [pseudo_catalogue(v, prefix) for v in tree]
    return tree if prefix.rstrip(".") in NOT_WORDS else pseudo_text(tree)


def stray_words(text: str, allowed: set[str]) -> list[str]:
    """Words of `text` outside ⟦ ⟧ that the answers file did not supply."""
    bare = BRACKETED_RE.sub(" ", text)
    return [w for w in WORD_RE.findall(bare) if w not in allowed]


def answer_words(path: Path) -> set[str]:
    """The words of the answers file's own values (user data); enum keys are not user text."""
    enum_keys = {m.value for e in (model.Purpose, model.PhaseName, model.ChannelKind,
                                   model.MaterialKind, model.DevelopmentKind, model.Level,
                                   model.Lang) for m in e}
    words: set[str] = set()

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if key == "by_source":  # source names are user text, kept as keys
                    words.update(WORD_RE.findall(str(k)))
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and node not in enum_keys:
            words.update(WORD_RE.findall(node))
            # pdftotext joins a word hyphenated at a line end: "pre-\nannouncement"
            words.update(a + b for a, b in re.findall(r"([A-Za-z]+)-([A-Za-z]+)", node))

    walk(plain(load_answers(path).data))
    return words


# --- reading back what was written -------------------------------------------------------


def text_of_md(path: Path) -> str:
    """Markdown as written; raw HTML tags dropped but image alt text kept."""
    md = path.read_text(encoding="utf-8")
    alts = " ".join(re.findall(r'alt="([^"]*)"', md))
    return re.sub(r"<[^>]+>", " ", md) + " " + alts


def text_of_html(path: Path) -> str:
    """The page's visible text (title, header, cover, TOC, body) and image alt text."""
    import lxml.html

    root = lxml.html.parse(str(path)).getroot()
    for style in root.iter("style"):
        style.drop_tree()
    return " ".join(root.itertext()) + " " + " ".join(root.xpath("//img/@alt"))


def text_of_docx(path: Path) -> str:
    """Every text run of the body, headers and footers, and the title in the properties."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            parts.append(part._element)
    runs = [t.text or "" for part in parts for t in part.iter(qn("w:t"))]
    props = document.core_properties
    return " ".join(runs + [props.title or "", props.subject or ""])


def text_of_xlsx(path: Path) -> str:
    """Sheet names, cell texts, validation lists and messages, print headers, the title."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    texts = [book.properties.title or ""]
    for ws in book.worksheets:
        texts += [ws.title, ws.oddHeader.center.text or "", ws.oddFooter.center.text or ""]
        texts += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        for dv in ws.data_validations.dataValidation:
            # a list's formula is its choices; other formulas are Excel's (DATE(2000,1,1))
            texts += [dv.formula1 or "" if dv.type == "list" else "", dv.error or "",
                      dv.errorTitle or "", dv.prompt or "", dv.promptTitle or ""]
    return " ".join(texts)


def text_of_ics(path: Path) -> str:
    """Calendar name, and each event's summary, description and categories."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    texts = [str(calendar.get("x-wr-calname", ""))]
    for event in calendar.walk("VEVENT"):
        texts += [str(event.get("summary", "")), str(event.get("description", ""))]
        categories = event.get("categories")
        if categories is not None:
            texts += [str(c) for c in categories.cats]
    return " ".join(texts)


READERS = {"md": text_of_md, "html": text_of_html, "docx": text_of_docx,
           # raw: in drawing order, so a header cell wrapped over two lines reads as one
           "pdf": lambda p: pdftotext(p, raw=True), "xlsx": text_of_xlsx, "ics": text_of_ics}


# --- the check -----------------------------------------------------------------------------


# matplotlib's CJK font has no ⟦ ⟧ glyphs; the charts are pictures, the check reads text.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")


@pytest.fixture(scope="module")
def pseudo_english():
    """The pseudo catalogue installed as "en" for this module (answers' lang is an enum)."""
    locales.install("en", pseudo_catalogue(copy.deepcopy(locales.catalogue("en"))))
    try:
        yield
    finally:
        locales.install("en", None)


def _variants(answers):
    """(name, answers, docs): the example as it is, before its results, and without a schedule
    (so the proposed standard schedule's task names are checked too), and with issue 16's
    review parts (daily series, resources, an itemised budget's forecast; compared with
    itself)."""
    template = answers.model_copy(update={"results": None})
    proposed = answers.model_copy(update={"results": None, "schedule": []})
    return [("example", answers, ("plan", "schedule", "review", "poster")),
            ("template", template, ("review",)),
            ("proposed", proposed, ("plan", "schedule")),
            ("extended", _extended(answers), ("review",))]


def _extended(answers):
    """The example with a daily series of two KRs, a resource asked for, budget lines and
    its first KR counted as money (so the plan has a forecast to compare with)."""
    metrics = [kr.metric for o in answers.objectives for kr in o.key_results][:2]
    daily = [model.DailyRow(date=answers.campaign.start + dt.timedelta(days=i),
                            values={metrics[0]: 40 * (i % 3 + 1), metrics[1]: 9 * (i % 2 + 1)})
             for i in range(6)]
    resources = [model.Resource(what=metrics[0], amount=5000, why=metrics[1])]
    results = answers.results.model_copy(update={"daily": daily, "resources": resources})
    budget = model.Budget(lines=[model.BudgetLine(item=metrics[0], kind="coupons",
                                                  face_value=5, quantity=1000)],
                          contingency=10)
    objectives = [o.model_copy(deep=True) for o in answers.objectives]
    objectives[0].key_results[0].kind = "amount"  # a money KR: the plan forecasts revenue
    return answers.model_copy(update={"results": results, "budget": budget,
                                      "objectives": objectives})


@pytest.fixture(scope="module")
def written(pseudo_english, tmp_path_factory) -> list[Path]:
    """Every document of every variant in every format, written with the pseudo catalogue."""
    outdir = tmp_path_factory.mktemp("pseudo")
    answers = load_answers(EXAMPLE).answers
    files: list[Path] = []
    earlier = Previous(answers, answers.campaign.slug, EXAMPLE)
    for name, variant, docs in _variants(answers):
        formats = sorted({f for d in docs for f in FORMATS_BY_DOC[d]})
        files += write_documents(variant, docs, formats,
                                 lambda doc, ext, n=name: outdir / f"{n}-{doc}.{ext}",
                                 previous=earlier if name == "extended" else None)
    return files


def test_every_document_and_format_was_written(written):
    names = {p.name for p in written}
    for doc, formats in FORMATS_BY_DOC.items():
        for fmt in formats:
            assert f"example-{doc}.{fmt}" in names
    assert {"template-review.md", "template-review.xlsx", "proposed-schedule.xlsx"} <= names


def test_every_word_of_every_document_comes_from_the_catalogue(written):
    allowed = answer_words(EXAMPLE)
    found = {}
    for path in written:
        if path.suffix == ".png":
            continue  # the poster's PDF page as pixels: its words are read in the PDF
        text = READERS[path.suffix.lstrip(".")](path)
        assert "⟦" in text, f"{path.name}: no catalogue text at all (was the pseudo catalogue used?)"
        stray = stray_words(text, allowed)
        if stray:
            found[path.name] = sorted(set(stray))[:15]
    assert not found, f"words that are neither catalogue text nor user data: {found}"


def test_the_proposed_schedule_and_the_charts_use_catalogue_words(written):
    """Spot checks that the pseudo text really reached the places the sweep reads."""
    by_name = {p.name: p for p in written}
    assert "⟦Set campaign goals and budget⟧" in text_of_md(by_name["proposed-schedule.md"])
    assert "⟦Figure ⟧1⟦. ⟧⟦Target vs actual per key result⟧" in \
        text_of_md(by_name["example-review.md"])
    assert "⟦Page ⟧" in text_of_docx(by_name["example-plan.docx"])
    with zipfile.ZipFile(by_name["example-review.docx"]) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())  # charts drawn
    extended = text_of_md(by_name["extended-review.md"])
    for title in ("Daily trend", "Forecast vs actual", "Compared with the previous campaign",
                  "Resources requested", "Channels compared"):
        assert f"⟦{title}⟧" in extended, title


def test_the_checker_finds_a_stray_word():
    """The sweep above can fail: bare words and CJK outside ⟦ ⟧ are reported."""
    assert stray_words("⟦Owner⟧ Priya Shah ⟦ of ⟧7 Hello 负责", {"Priya", "Shah"}) == \
        ["Hello", "负", "责"]
    assert pseudo_text("{n} tasks, {m} milestones") == "{n}⟦ tasks, ⟧{m}⟦ milestones⟧"
    assert pseudo_text("{reach:,} more") == "{reach:,}⟦ more⟧"
