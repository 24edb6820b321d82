"""Page flow in both writers (issue 12), read from what a reader sees.

Every document of both examples is laid out twice, by WeasyPrint (the PDF) and by
LibreOffice (the DOCX), and read back page by page with `pdftotext -layout`
(tests/pageflow.py finds each heading, table row, list item and paragraph on its page).
No page may end with a lone heading or an introduction without its table, no table or list
of up to six rows may be split, no page may hold one row of a longer table, and no page
may hold a single line of the body. A three-task schedule is a short document, and the
plan's first page for the boss holds all of it.
"""

from __future__ import annotations

import pytest

from generator.answers.load import load_answers
from generator.render.templating import render_document
from tests.helpers import pdf_page_count, soffice_convert_all
from tests.pageflow import flow_problems, markers, pages_of, place

from .conftest import EXAMPLES, ROOT

DOCS = [(example, kind) for example in ("double11-zh", "spring-referral-en")
        for kind in ("plan", "schedule", "review")]
SHORT = ROOT / "tests" / "data" / "minimal.yaml"  # three tasks


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{(example, kind): (Document, {"pdf": path, "docx": LibreOffice's PDF of the DOCX})}."""
    from generator.writers.docx.document import write_docx
    from generator.writers.pdf import write_pdf

    out = tmp_path_factory.mktemp("flow")
    documents, pdfs, docx_files = {}, {}, []
    for stem, kind in [*DOCS, ("minimal", "schedule")]:
        path = SHORT if stem == "minimal" else EXAMPLES / f"{stem}.yaml"
        doc = render_document(kind, load_answers(path).answers)
        documents[stem, kind] = doc
        pdfs[stem, kind] = write_pdf(doc, out / f"{stem}-{kind}.pdf")
        docx_files.append(write_docx(doc, out / f"{stem}-{kind}-docx.docx"))
    converted = dict(zip(documents, soffice_convert_all(docx_files, out / "lo"), strict=True))
    return {key: (documents[key], {"pdf": pdfs[key], "docx": converted[key]})
            for key in documents}


@pytest.mark.parametrize("writer", ["pdf", "docx"])
@pytest.mark.parametrize("example, kind", DOCS, ids=[f"{e}-{k}" for e, k in DOCS])
def test_no_lone_heading_split_short_table_or_one_row_page(rendered, example, kind, writer):
    doc, files = rendered[example, kind]
    found = markers(doc.html)
    place(found, pages_of(files[writer]), first_page=2)  # after the cover and the TOC
    assert flow_problems(found) == []


@pytest.mark.parametrize("writer", ["pdf", "docx"])
def test_a_short_schedule_is_a_short_document(rendered, writer):
    _, files = rendered["minimal", "schedule"]
    # cover, contents, then the tasks, the Gantt, milestones and workload on three pages
    # (six pages before: a page break before the Gantt, a one-row table continuation)
    assert pdf_page_count(files[writer]) <= 5


@pytest.mark.parametrize("writer", ["pdf", "docx"])
def test_the_plan_opens_with_one_page_for_the_boss(rendered, writer):
    _, files = rendered["double11-zh", "plan"]
    pages = pages_of(files[writer])
    boss = pages[2]
    for text in ("方案摘要", "目标与关键结果", "复购用户数", "总预算 ¥200,000", "关键日期", "策划方案评审",
                 "主要风险", "短信到达率低"):
        assert text in boss, text
    assert "一、活动概述" not in boss and "一、活动概述" in pages[3]  # the plan starts after it
