"""Why, per key result (issue 16): a reason and a lesson beside each actual, in the review
(with the KR's completion and verdict), in the fill-in workbook (columns H and I) and read
back from it; absent when none was recorded."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from generator.__main__ import cli
from generator.answers.load import load_answers, loads_answers
from generator.readers.review_workbook import read_review_workbook
from generator.render.templating import render_document
from generator.writers.xlsx.review import write_review_workbook

from .conftest import EXAMPLES
from .helpers import pdftotext

ZH = EXAMPLES / "double11-zh.yaml"
REASON = "首日短信通道拥堵，触达晚了一天"
LESSON = "大促前一周压测短信通道"


def with_why() -> str:
    """The example with a reason and lesson for 复购用户数 and a lesson for 老带新新客数."""
    text = ZH.read_text(encoding="utf-8")
    text = text.replace("      actual: 11200\n",
                        f"      actual: 11200\n      reason: {REASON}\n      lesson: {LESSON}\n", 1)
    return text.replace("      actual: 2060\n", "      actual: 2060\n      lesson: 奖励够吸引人\n", 1)


def test_review_shows_the_reason_beside_the_kr_completion():
    md = render_document("review", loads_answers(with_why(), "x.yaml").answers).markdown
    assert "## 2.2 差距原因与经验" in md
    # 复购用户数: 8,000 -> 12,000, actual 11,200: (11,200 − 8,000) ÷ 4,000 = 80.0 %
    assert (f"<tr><td>O1-KR1</td><td>复购用户数</td><td class=\"num good\">80.0%</td>"
            f"<td class=\"good\">完成良好</td><td>{REASON}</td><td>{LESSON}</td></tr>") in md
    # 老带新新客数: 107.5 % of its target, exceeded; a lesson and no reason
    assert ("<td>O3-KR1</td><td>老带新新客数</td><td class=\"num \">107.5%</td>"
            "<td class=\"\">超额完成</td><td>—</td><td>奖励够吸引人</td>") in md


def test_no_reasons_no_section():
    md = render_document("review", load_answers(ZH).answers).markdown
    assert "差距原因与经验" not in md


def test_workbook_has_the_columns_and_reads_them_back(tmp_path):
    answers = loads_answers(with_why(), "x.yaml").answers
    path = write_review_workbook(answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    ws = book["关键结果"]
    assert (ws["H3"].value, ws["I3"].value) == ("差距原因（未达成或超额时填写）", "经验与改进")
    assert (ws["C4"].value, ws["H4"].value, ws["I4"].value) == ("复购用户数", REASON, LESSON)
    # a reason typed for the second KR, and one for a KR whose actual is left blank
    ws["H5"] = "客单价下降"
    ws["G6"] = None
    ws["H6"] = "回访名单晚到"
    book.save(path)
    results = read_review_workbook(path, answers, allow_clearing=True)  # G6 emptied
    rows = {r["metric"]: r for r in results["key_results"]}
    assert rows["复购用户数"] == {"metric": "复购用户数", "actual": 11200, "reason": REASON,
                                  "lesson": LESSON}
    assert rows["复购 GMV"]["reason"] == "客单价下降" and "lesson" not in rows["复购 GMV"]
    assert rows["沉睡会员回访人数"] == {"metric": "沉睡会员回访人数", "reason": "回访名单晚到"}


def test_the_review_pdf_shows_them(tmp_path):
    Path("d.yaml").write_text(with_why(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["generate", "d.yaml", "--doc", "review",
                                      "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "".join(pdftotext(next(out.glob("*-review.pdf"))).split())  # cells wrap lines
    assert "差距原因与经验" in text and REASON in text and LESSON in text
