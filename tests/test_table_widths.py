"""Tables sized from their content, the same rules in the PDF and the DOCX (issue 12).

The rules live in generator/writers/columns.py; these tests check them by hand-worked
widths and then in what a reader sees: the PDF as WeasyPrint lays it out and the DOCX as
LibreOffice lays it out, both read back with `pdftotext -layout`.
"""

from __future__ import annotations

import pytest

from generator.render.document import Document
from generator.writers.columns import (
    SLACK_EM,
    Cell,
    bind_units,
    column_widths,
    crowded,
    pieces,
    text_em,
)
from tests.helpers import pdftotext, soffice_convert

ZH_HEADERS = ["渠道", "类型", "负责人", "推广时间", "预算", "预算占比", "预计触达", "预计转化",
              "转化成本"]
ZH_ROWS = [
    ["本地生活平台信息流", "付费投放", "欧阳娜娜", "10-25 ~ 11-11", "¥130,000", "15.0%",
     "1,200,000", "12,400", "¥12.50"],
    ["满 199 减 30 元回归券", "自有渠道", "李雷", "2026-10-25", "¥8,000", "4.0%", "30,000",
     "1,200", "¥6.67"],
]
EN_HEADERS = ["Channel", "Kind", "Owner", "Dates", "Budget", "Share", "Exp. reach",
              "Exp. conversions", "Exp. CPA"]
EN_ROWS = [
    ["In-app referral banner", "Owned", "Priya Shah", "03-16 ~ 04-12", "$2,000", "3.3%",
     "400,000", "2,000", "$1.00"],
    ["Instagram and TikTok ads", "Paid", "Maya Lopez", "03-17 ~ 04-10", "$22,000", "36.7%",
     "900,000", "1,200", "$18.33"],
    ["Fitness creators", "KOL / creators", "Maya Lopez", "03-18 ~ 03-29", "$15,000", "25.0%",
     "350,000", "800", "$18.75"],
]
PAD = 1.25  # ems: 4.2 mm of padding at 9.5 pt
ROOM = 51.9  # ems: 174 mm at 9.5 pt
WIDE_PAD = 0.92  # ems: 2.6 mm of padding at 8 pt (a `wide` table)
WIDE_ROOM = 61.65  # ems: 174 mm at 8 pt


def grid(headers, rows):
    return [[Cell(h, header=True) for h in headers]] + [[Cell(c) for c in r] for r in rows]


def test_a_cjk_header_of_up_to_five_characters_is_never_narrower_than_itself():
    widths = column_widths(grid(ZH_HEADERS, ZH_ROWS), ROOM, PAD)
    assert sum(widths) == pytest.approx(ROOM)
    for header, width in zip(ZH_HEADERS, widths, strict=True):
        assert width - PAD >= len(header)  # a CJK character is one em


def test_numbers_and_dates_keep_their_width_and_text_columns_get_the_room():
    # nine columns do not all fit at 9.5 pt: the writers set the table at 8 pt
    assert crowded(grid(ZH_HEADERS, ZH_ROWS), ROOM, PAD)
    assert not crowded(grid(ZH_HEADERS, ZH_ROWS), WIDE_ROOM, WIDE_PAD)
    widths = column_widths(grid(ZH_HEADERS, ZH_ROWS), WIDE_ROOM, WIDE_PAD)
    pad = WIDE_PAD
    # "10-25 ~ 11-11": eight digits (0.555 em), two hyphens (0.347), a tilde (0.555) and
    # two spaces (0.224): 6.137 em on one line
    assert widths[3] - pad >= 8 * 0.555 + 2 * 0.347 + 0.555 + 2 * 0.224
    assert widths[6] - pad >= 7 * 0.555 + 2 * 0.278  # "1,200,000"
    # the nine-character channel name gets at least six characters a line (two lines)
    assert widths[0] - pad >= 6


def test_in_english_the_text_column_is_the_widest():
    widths = column_widths(grid(EN_HEADERS, EN_ROWS), ROOM, PAD)
    assert widths[0] == max(widths)
    # "Exp. conversions" may wrap at its space, never inside "conversions" (bold)
    assert widths[7] - PAD >= text_em("conversions", bold=True)


def test_crowded_tables_squeeze_proportionally_and_still_sum_to_the_room():
    rows = grid(["编号"] * 12, [["2026-10-25"] * 12])
    widths = column_widths(rows, 40.0, PAD)
    assert sum(widths) == pytest.approx(40.0)
    assert max(widths) - min(widths) < 1e-9


def test_a_number_is_bound_to_its_unit():
    assert bind_units("满 199 减 30 元回归券") == "满 199\u00a0减 30\u00a0元回归券"
    assert bind_units("6 days, 12,000 users, 15.5 %") == "6\u00a0days, 12,000\u00a0users, 15.5\u00a0%"
    assert bind_units("O1-KR1 2 items") == "O1-KR1 2\u00a0items"  # a code is not a number


def test_line_breaks_respect_kinsoku_and_words():
    assert [p for p, _ in pieces("在“我的奖品”查看")] == ["在", "“我", "的", "奖", "品”", "查", "看"]
    assert [p for p, _ in pieces("30\u00a0元，好")] == ["30\u00a0元，", "好"]
    assert pieces("In-app referral") == [("In-app", False), ("referral", True)]


def test_opening_punctuation_with_nothing_after_it_is_measured():
    # found by fuzzing: a cell "(" had no piece at all and its layout raised ValueError
    assert pieces("(") == [("(", False)]
    assert pieces("见 (") == [("见", False), ("(", True)]
    assert Cell("(").layout().hard == pytest.approx(text_em("(", False) + SLACK_EM)


def _table(headers, rows):
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@pytest.fixture(scope="module")
def tables_doc():
    html = (f"<h1>渠道</h1>{_table(ZH_HEADERS, ZH_ROWS)}"
            f"<h1>Channels</h1>{_table(EN_HEADERS, EN_ROWS)}")
    return Document(kind="plan", lang="zh", title="活动策划方案", subtitle="宽度", header="宽度",
                    html=html, markdown="", cover_lines=[], toc_title="目录", images={},
                    landscape=False, generated_on="", slug="widths")


@pytest.fixture(scope="module")
def rendered(tables_doc, tmp_path_factory):
    """{writer: the body's text as laid out}: the PDF, and the DOCX through LibreOffice."""
    from generator.writers.docx.document import write_docx
    from generator.writers.pdf import write_pdf

    out = tmp_path_factory.mktemp("widths")
    pdf = write_pdf(tables_doc, out / "widths.pdf")
    docx_pdf = soffice_convert(write_docx(tables_doc, out / "widths.docx"), out / "lo")
    return {name: pdftotext(path, layout=True).split("\f", 2)[2]
            for name, path in (("pdf", pdf), ("docx", docx_pdf))}


@pytest.mark.parametrize("writer", ["pdf", "docx"])
def test_rendered_headers_figures_and_names_stay_whole(rendered, writer):
    lines = rendered[writer].splitlines()

    def on_one_line(*words):
        return any(all(w in line for w in words) for line in lines)

    header = next(line for line in lines if "负责人" in line)
    for text in ZH_HEADERS:  # every header on the header line, none broken
        assert text in header, (writer, text)
    assert on_one_line("本地生活平台信息流", "10-25 ~ 11-11", "1,200,000")
    assert on_one_line("2026-10-25", "¥8,000")
    assert on_one_line("30 元")  # the number stays with its unit
    assert on_one_line("Priya Shah", "03-16 ~ 04-12", "$2,000")
    # the channel column has the room: two lines at most, never one word a line
    assert on_one_line("In-app referral") or on_one_line("referral banner")
