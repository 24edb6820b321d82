"""A total row (合计) is not a table row of its own for the page-flow rules: a table of six
rows and its total is kept whole, and a longer one never leaves a page with one row and
the total. Checked as WeasyPrint and LibreOffice lay the tables out, at many positions."""

from __future__ import annotations

import re

import pytest
from lxml import html

from generator.render.document import Document
from generator.writers.docx.document import write_docx
from generator.writers.docx.tables import kept_rows
from generator.writers.flow import is_total_row
from generator.writers.page import mark_flow
from generator.writers.pdf import write_pdf
from tests.helpers import soffice_convert
from tests.pageflow import pages_of


def table_html(name: str, rows: int) -> str:
    body = "".join(f"<tr><td>{name}行{i}</td><td>{i * 100}</td></tr>" for i in range(1, rows + 1))
    return (f"<table><thead><tr><th>项目</th><th>金额</th></tr></thead><tbody>{body}"
            f"<tr><td><strong>{name}合计</strong></td><td><strong>{rows * 100}</strong></td>"
            "</tr></tbody></table>")


def test_a_bold_only_row_is_a_total_and_a_bold_label_with_plain_figures_is_not():
    total, labelled = html.fragment_fromstring(
        "<tbody><tr><td><strong>合计</strong></td><td></td><td><b>¥1,200</b></td></tr>"
        "<tr><td><strong>渠道</strong></td><td>¥1,200</td></tr></tbody>")
    assert is_total_row(total) and not is_total_row(labelled)


def test_six_rows_and_a_total_are_kept_whole_and_a_longer_table_keeps_three_at_the_end():
    root = html.fragment_fromstring(table_html("甲", 6) + table_html("乙", 9), create_parent="div")
    short, long = root.findall("table")
    mark_flow(root)
    assert "keep" in short.get("class", "").split()
    assert "keep" not in long.get("class", "").split()
    tails = [row for row in long.iter("tr") if "tail" in (row.get("class") or "").split()]
    assert [row.findtext("td") for row in tails] == ["乙行9"]  # it keeps with the total
    # the DOCX: rows that keep with the next one (index 0 is the header row)
    rows = [(True, [])] + [(False, list(tr)) for tr in long.find("tbody")]
    assert kept_rows(rows, gantt=False, keep_with_next=False) == {0, 1, 8, 9}
    rows = [(True, [])] + [(False, list(tr)) for tr in short.find("tbody")]
    assert kept_rows(rows, gantt=False, keep_with_next=False) == set(range(7))


NAMES = "甲乙丙丁戊己庚辛壬癸子丑"  # no digit beside the CJK: LibreOffice spaces those out


def tables_at_many_positions() -> Document:
    """Twelve 9-row tables with totals, a growing number of lines before each, so a page
    break falls at a different row of each."""
    parts = []
    for k, name in enumerate(NAMES):
        parts += [f"<p>说明{k}-{line}</p>" for line in range(k + 3)]
        parts.append(table_html(f"表{name}", 9))
    return Document(kind="plan", lang="zh", title="活动策划方案", subtitle="测试", header="测试",
                    html="".join(parts), generated_on="2026-11-30")


def lone_totals(pdf) -> list[str]:
    """Tables whose total is on a page with fewer than two of that table's rows."""
    found = []
    for page in pages_of(pdf):
        for name in re.findall(r"(表\w)合计", page):
            rows = len(re.findall(rf"{name}行\s*\d+", page))
            if rows < 2:
                found.append(f"{name}: {rows} row(s) with the total")
    return found


@pytest.mark.parametrize("writer", ["pdf", "docx"])
def test_no_page_holds_a_total_with_fewer_than_two_rows(tmp_path, writer):
    doc = tables_at_many_positions()
    if writer == "pdf":
        pdf = write_pdf(doc, tmp_path / "totals.pdf")
    else:
        pdf = soffice_convert(write_docx(doc, tmp_path / "totals.docx"), tmp_path)
    pages = pages_of(pdf)
    assert sum("表丑合计" in page for page in pages) == 1 and len(pages) >= 4
    assert lone_totals(pdf) == []
