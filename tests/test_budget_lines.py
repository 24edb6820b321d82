"""The itemised budget (issue 16): coupon arithmetic, the roll-up with the channels, `check`'s
reconciliation, the plan section (and its absence), PDF and DOCX read back.

Hand-worked figures for BUDGET on the double11 example (channels ¥130,000, budget ¥200,000):
  coupons  ¥30 × 1,000 × 35 %  = ¥10,500
  prizes   ¥199 × 100          = ¥19,900   (no redemption: every prize handed out)
  development                    ¥20,000
  people                         ¥8,000
  lines ¥58,400 + channels ¥130,000 = subtotal ¥188,400; contingency 10 % = ¥18,840;
  itemised total ¥207,240, ¥7,240 over the budget of ¥200,000.
  Forecast: 复购 GMV target ¥1,500,000 − ¥207,240 = ¥1,292,760; ROI 1,292,760 ÷ 207,240 = 623.8 %.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers.load import load_answers, loads_answers
from generator.errors import AnswersError
from generator.planning import budget
from generator.render.templating import render_document

from .conftest import EXAMPLES
from .helpers import pdftotext

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"

BUDGET = """\
budget:
  contingency: 10
  lines:
    - item: 满 199 减 30 券
      kind: coupons
      face_value: 30
      quantity: 1000
      redemption: 35%
    - item: 抽奖奖品
      kind: prizes
      face_value: 199
      quantity: 100
    - item: 活动页开发外包
      kind: development
      amount: 20000
    - item: 客服加班
      kind: people
      amount: 8000
"""


def with_budget(example: Path = ZH, section: str = BUDGET, old: str = "", new: str = "") -> Path:
    """The example with `section` before its results (and one exact edit); its path."""
    text = example.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    at = text.index("\nresults:") + 1
    path = Path(f"{example.stem}-budget.yaml")
    path.write_text(text[:at] + section + text[at:], encoding="utf-8")
    return path


def check(path: Path, lang: str = "zh") -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "--lang", lang, str(path)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def line(**fields):
    base = {"amount": None, "face_value": None, "quantity": None, "redemption": None}
    return SimpleNamespace(**{**base, **fields})


# --- the arithmetic ---------------------------------------------------------------------------


def test_coupon_amount_is_face_value_times_quantity_times_redemption():
    # the example: a ¥30 coupon × 20,000 issued × 35 % redeemed
    assert budget.line_amount(line(face_value=30, quantity=20000, redemption=35)) == 210000
    # no redemption: every one counts (prizes handed out)
    assert budget.line_amount(line(face_value=199, quantity=100)) == 19900
    # 12.5 % of 3 × ¥8 is ¥3, without float dust
    assert budget.line_amount(line(face_value=8, quantity=3, redemption=12.5)) == 3
    assert budget.line_amount(line(amount=8000)) == 8000
    assert budget.line_amount(line(face_value=30)) is None  # no quantity: nothing to compute


def test_rollup_adds_lines_channels_and_contingency():
    roll = budget.rollup(load_answers(with_budget()).answers)
    assert [(x.item, x.amount) for x in roll.lines if not x.channel] == [
        ("抽奖奖品", 19900), ("满 199 减 30 券", 10500), ("客服加班", 8000),
        ("活动页开发外包", 20000)]  # by kind: prizes, coupons, media (channels), people, dev
    assert [x.item for x in roll.lines if x.channel] == [
        "微信公众号", "短信召回", "会员社群", "App 推送", "小红书达人种草", "线下门店海报"]
    assert (roll.lines_total, roll.channels_total, roll.subtotal) == (58400, 130000, 188400)
    assert (roll.contingency, roll.total, roll.difference, roll.status) == (
        18840, 207240, 7240, "over")
    kinds = {k["kind"]: (k["count"], k["amount"]) for k in roll.by_kind}
    assert kinds == {"prizes": (1, 19900), "coupons": (1, 10500), "media": (6, 130000),
                     "people": (1, 8000), "development": (1, 20000), "contingency": (None, 18840)}


def test_no_budget_section_means_no_rollup():
    assert budget.rollup(load_answers(ZH).answers) is None
    empty = with_budget(section="budget:\n  lines: []\n")
    assert budget.rollup(load_answers(empty).answers) is None


# --- check: one sentence per mismatch, at its line ------------------------------------------


def test_check_names_the_total_that_does_not_reconcile():
    path = with_budget()
    code, out = check(path)
    line_no = path.read_text(encoding="utf-8").splitlines().index("  budget: 200000") + 1
    assert code == 0  # warnings only
    assert out[0] == (
        f"{path}:{line_no}: 警告: campaign.budget: 预算明细合计 ¥207,240（明细 ¥58,400 + 渠道 "
        "¥130,000 + 不可预见费 ¥18,840），比总预算 ¥200,000 多 ¥7,240；请削减明细或提高总预算")
    assert out[1].endswith("通过（1 个警告）")


def test_check_is_quiet_when_lines_channels_and_total_agree():
    code, out = check(with_budget(old="  budget: 200000\n", new="  budget: 207240\n"))
    assert (code, len(out)) == (0, 1) and out[0].endswith(": 通过")


def test_check_says_how_much_is_not_yet_assigned_in_english():
    code, out = check(with_budget(old="  budget: 200000\n", new="  budget: 250000\n"), "en")
    assert "warning: campaign.budget: the itemised budget adds up to ¥207,240 (lines ¥58,400 " \
        "+ channels ¥130,000 + contingency ¥18,840), ¥42,760 less than the budget of " \
        "¥250,000; add the spending not listed yet, or lower the budget" in out[0]


def test_check_names_each_line_problem_at_its_own_line():
    section = BUDGET.replace("      redemption: 35%\n", "      redemption: 0.35\n      amount: 9000\n")
    section += ("    - item: 微信公众号\n      kind: media\n      amount: 1000\n"
                "    - item: 主视觉设计\n      kind: materials\n")
    path = with_budget(section=section, old="  budget: 200000\n", new="  budget: 198000\n")
    code, out = check(path, "en")
    lines = path.read_text(encoding="utf-8").splitlines()

    def at(text: str, after: int = 0) -> int:
        return lines.index(text, after) + 1

    start = at("budget:")
    # ¥30 × 1,000 × 0.35 % = ¥105, not the ¥9,000 typed
    assert out[1] == (f"{path}:{at('      redemption: 0.35', start)}: warning: "
                      "budget.lines.0.redemption: a redemption of 0.35 means 0.35%; for 35%, "
                      "write 35")
    assert out[2] == (f"{path}:{at('      amount: 9000', start)}: warning: budget.lines.0.amount:"
                      " the amount ¥9,000 differs from face value × quantity × redemption = "
                      "¥105, which the plan uses; remove `amount` or correct the face value, "
                      "quantity or redemption")
    assert out[3] == (f"{path}:{at('    - item: 微信公众号', start)}: warning: "
                      "budget.lines.4.item: \"微信公众号\" is a channel, whose budget already "
                      "rolls in as media; this line counts it twice, so remove or rename it")
    assert out[4] == (f"{path}:{at('    - item: 主视觉设计', start)}: warning: budget.lines.5.item:"
                      " budget line \"主视觉设计\" has no amount; write `amount`, or "
                      "`face_value` and `quantity` for the tool to compute it")
    # lines 105 + 19,900 + 20,000 + 8,000 + 1,000 = 49,005; + 130,000 = 179,005; + 10 % =
    # 196,905.5, ¥1,094.50 under 198,000: one more sentence, at the budget's line
    assert "¥196,905.50" in out[0] and "¥1,094.50 less than" in out[0]
    assert out[5].endswith("OK (5 warnings)") and code == 0


def test_a_redemption_over_100_percent_is_refused():
    path = with_budget(section=BUDGET.replace("redemption: 35%", "redemption: 135%"))
    with pytest.raises(AnswersError) as caught:
        load_answers(path)
    assert "budget.lines.0.redemption: must be a percentage from 0 to 100, like 35 or 35%, " \
        "got \"135%\"" in caught.value.problems[0].render("en")


# --- the plan ---------------------------------------------------------------------------------


def test_plan_shows_the_itemised_budget_in_the_budget_chapter():
    md = render_document("plan", load_answers(with_budget()).answers).markdown
    chapter = md[md.index("# 十二、预算"):md.index("# 十三、")]  # after team and checklist
    assert "## 12.1 预算明细" in chapter
    assert "| 优惠券 | 满 199 减 30 券 | ¥30 × 1,000 × 核销率 35.0% | ¥10,500 | 5.1% |" in chapter
    assert "| 奖品 | 抽奖奖品 | ¥199 × 100 | ¥19,900 | 9.6% |" in chapter
    assert "| 媒介投放 | 微信公众号（推广渠道） |  | ¥30,000 | 14.5% |" in chapter
    assert "| | 小计（明细 ¥58,400 + 渠道 ¥130,000） | | ¥188,400 | 90.9% |" in chapter
    assert "| 不可预见费 | 应对超支和临时需求 | ¥188,400 × 10.0% | ¥18,840 | 9.1% |" in chapter
    assert "| | **预算合计** | | **¥207,240** | **100.0%** |" in chapter
    assert "| 媒介投放 | 6 | ¥130,000 | 62.7% |" in chapter
    assert "预算明细合计 ¥207,240，比总预算 ¥200,000 多 ¥7,240；请削减明细或追加预算。" in chapter


def test_plan_without_a_total_budget_gives_the_itemised_budget_its_own_chapter():
    section = "budget:\n  lines:\n    - {item: Referral rewards, kind: coupons, face_value: 10, " \
              "quantity: 500, redemption: 40}\n"
    path = with_budget(EN, section)
    text = path.read_text(encoding="utf-8")
    text = "\n".join(x for x in text.splitlines() if not x.startswith("  budget:")) + "\n"
    path.write_text(text, encoding="utf-8")
    answers = load_answers(path).answers
    assert answers.campaign.budget is None
    md = render_document("plan", answers).markdown
    assert "Itemised budget\n" in md and "\n# " in md[md.index("Itemised budget") - 8:][:8]
    # $10 × 500 × 40 % = $2,000; channel budgets roll in; no contingency is said so
    assert "| Coupons | Referral rewards | $10 × 500 × 40.0% redeemed | $2,000 |" in md
    assert "No total budget was given, so the itemised total of" in md
    assert "No contingency is set aside yet" in md


def test_old_answers_files_have_no_itemised_budget():
    for example in (ZH, EN):
        md = render_document("plan", load_answers(example).answers).markdown
        assert "预算明细" not in md and "Itemised budget" not in md
    empty = loads_answers(ZH.read_text(encoding="utf-8") + "budget:\n  lines: []\n", "x.yaml")
    assert "预算明细" not in render_document("plan", empty.answers).markdown


def test_pdf_and_docx_show_the_computed_lines(tmp_path):
    path = with_budget()
    result = CliRunner().invoke(cli, ["generate", str(path), "--doc", "plan",
                                      "--format", "pdf,docx", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    pdf = next((tmp_path / "out").glob("*-plan.pdf"))
    text = " ".join(pdftotext(pdf).split())
    assert "¥30 × 1,000 × 核销率 35.0%" in text and "¥207,240" in text
    document = docx.Document(next((tmp_path / "out").glob("*-plan.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "¥30 × 1,000 × 核销率 35.0%" in cells and "¥188,400 × 10.0%" in cells


def test_forecast_is_the_money_kr_target_against_the_itemised_total():
    roll = budget.rollup(load_answers(with_budget()).answers)
    assert roll.forecast["metric"] == "复购 GMV"
    assert (roll.forecast["revenue"], roll.forecast["cost"], roll.forecast["profit"]) == (
        1500000, 207240, 1292760)
    assert round(roll.forecast["roi"], 4) == 6.2380
    md = render_document("plan", load_answers(with_budget()).answers).markdown
    assert "| 预计收入（复购 GMV 目标值） | ¥1,500,000 |" in md
    assert "| 预计收益（收入 − 预算） | ¥1,292,760 |" in md
    assert "| **预计 ROI** | **623.8%** |" in md


def test_no_forecast_without_a_money_key_result():
    section = "budget:\n  lines:\n    - {item: Rewards, kind: coupons, amount: 500}\n"
    answers = load_answers(with_budget(EN, section)).answers
    assert budget.rollup(answers).forecast is None
    assert "Expected ROI" not in render_document("plan", answers).markdown


def test_plan_workbook_round_trip_keeps_budget_lines_and_approvers(tmp_path):
    """export -> import into the same file changes nothing; into a new file the itemised
    budget and the approvers come back as the model reads them."""
    from .plan_book import export, run, sheet

    approvers = "approvers:\n  - {name: 王总, role: 市场总监}\n"
    path = with_budget(section=BUDGET + approvers)
    workbook = export(path, tmp_path / "plan.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    ws = sheet(book, "budget")
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "满 199 减 30 券" in cells and "优惠券" in cells and 35 in cells
    before = path.read_bytes()
    assert run("import", str(workbook), "-o", str(path)).exit_code == 0
    assert path.read_bytes() == before
    new = tmp_path / "new.yaml"
    assert run("import", str(workbook), "-o", str(new)).exit_code == 0
    answers = load_answers(new).answers
    assert answers.budget == load_answers(path).answers.budget
    assert [(a.name, a.role) for a in answers.approvers] == [("王总", "市场总监")]
