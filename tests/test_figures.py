"""Figures a lead can sign, end to end: hand-worked numbers checked in the DOCX and PDF text.

Each kind of key result (count, amount, rate with a baseline, cost where lower is better,
level), the OKR grades and verdicts, a workbook filled as Excel stores `26.5%`, units and
currencies typed with numbers, totals that add up, and the rounding policy.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator import figures
from generator.__main__ import cli
from generator.answers.load import load_answers, loads_answers, plain, save_answers
from generator.errors import AnswersError
from generator.generate import generate_file
from generator.writers.xlsx.review import write_review_workbook

from .conftest import EXAMPLES, ROOT
from .helpers import pdftotext
from .test_questionnaire import load_partial
from .test_review_workbook import fill_like_example, rows_by_label

ZH = EXAMPLES / "double11-zh.yaml"
BRAND = ROOT / "tests" / "data" / "brand-zh.yaml"

# One key result of each kind, over an 11-day launch (2026-11-01 .. 11).
KINDS = """\
format: 1
lang: zh
campaign:
  theme: 指标类型测试
  purpose: acquisition
  start: 2026-11-01
  end: 2026-11-11
  owner: 张敏
  budget: 200000
objectives:
  - objective: 拉新与转化
    key_results:
      - {metric: 新增注册用户数, baseline: 8000, target: 12000, unit: 人}
      - {metric: 复购 GMV, baseline: 1000000, target: 1500000, unit: 元}
      - {metric: 被邀请人首单转化率, baseline: 18, target: 30, unit: '%'}
  - objective: 控成本、提声量
    key_results:
      - {metric: 新客获取成本, baseline: 30, target: 25, unit: 元/人}
      - {metric: 品牌搜索指数, baseline: 4000, target: 5000}
"""
KIND_RESULTS = """\
results:
  key_results:
    - {metric: 新增注册用户数, actual: 11200}
    - {metric: 复购 GMV, actual: 1380000}
    - {metric: 被邀请人首单转化率, actual: 26.5}
    - {metric: 新客获取成本, actual: 27}
    - {metric: 品牌搜索指数, actual: 4600}
"""


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a DOCX, as python-docx reads them."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def written(path: Path, doc: str, tmp_path: Path) -> tuple[str, str]:
    """(DOCX text, PDF text) of one document generated from `path`."""
    out = generate_file(path, docs=[doc], formats=["docx", "pdf"], outdir=tmp_path / "out")
    by_ext = {p.suffix: p for p in out}
    return docx_text(by_ext[".docx"]), pdftotext(by_ext[".pdf"])


def both(texts: tuple[str, str], *figures_: str) -> None:
    """Each figure is in the DOCX text and in the PDF text (where a table cell may wrap)."""
    for figure in figures_:
        for name, text in zip(("docx", "pdf"), texts, strict=True):
            assert figure in text or _unwrapped(figure) in _unwrapped(text), (name, figure)


def _unwrapped(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- each kind of key result ----------------------------------------------------------------

def test_each_kind_is_paced_and_worded_in_the_plan(tmp_path):
    path = tmp_path / "kinds.yaml"
    path.write_text(KINDS, encoding="utf-8")
    texts = written(path, "plan", tmp_path)
    both(texts,
         # count: 12,000 ÷ 11 days = 1,090.9 -> 1,091 people a day (rounded up); alert 80 %
         "日均 1,091 人", "日均低于 873 人", "+4,000（50.0%）",
         # amount: 1,500,000 ÷ 11 = 136,363.6 -> 136,364
         "日均 136,364 元", "日均低于 109,091 元",
         # rate: a level in percentage points, its change in points (18 -> 30 = +12.0)
         "目标水平 30.0%", "低于 24.0%", "+12.0 个百分点",
         # cost: the target is a ceiling; lowering it is the change (30 -> 25 = −5, −16.7 %)
         "上限 25 元/人", "高于 25 元/人", "−5（−16.7%）",
         # level: an index is compared with its target level
         "目标水平 5,000", "低于 4,000",
         "数量", "金额", "比率", "成本（越低越好）", "水平（指数、评分）")
    for text in texts:
        assert "1,090.9" not in text and "1.6 元/人" not in text
        assert "关联不明" not in text


def test_each_kind_is_graded_in_the_review(tmp_path):
    path = tmp_path / "kinds.yaml"
    path.write_text(KINDS + KIND_RESULTS, encoding="utf-8")
    texts = written(path, "review", tmp_path)
    # count (11200 − 8000) ÷ 4000 = 80.0 %; amount 380,000 ÷ 500,000 = 76.0 %;
    # rate (26.5 − 18) ÷ 12 = 70.8 %; cost (27 − 30) ÷ (25 − 30) = 60.0 %;
    # level (4600 − 4000) ÷ 1000 = 60.0 %.
    # O1 (0.8 + 0.76 + 0.708333) ÷ 3 = 75.6 %; O2 (0.6 + 0.6) ÷ 2 = 60.0 %;
    # overall (0.756111 + 0.6) ÷ 2 = 67.8 %: the sweet spot.
    both(texts, "80.0%", "76.0%", "70.8%", "60.0%", "75.6%", "67.8%（理想区间）", "26.5")
    for text in texts:
        assert "超额完成" not in text.split("目标达成情况")[0]


# --- the OKR headline -----------------------------------------------------------------------

def test_one_kr_over_100_is_named_on_its_own_line_not_averaged_above_100(tmp_path):
    # the campaign: 81.0 %, 62.5 % and 133.3 % showed "102.5 %（目标偏低）" on main.
    text = KINDS.split("objectives:")[0] + """objectives:
  - objective: 三个关键结果
    key_results:
      - {metric: 新增注册用户数, target: 1000, unit: 人}
      - {metric: 新增关注数, target: 1000, unit: 人}
      - {metric: 留资线索数, target: 300, unit: 条}
results:
  key_results:
    - {metric: 新增注册用户数, actual: 810}
    - {metric: 新增关注数, actual: 625}
    - {metric: 留资线索数, actual: 400}
"""
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    texts = written(path, "review", tmp_path)
    # grades 0.81, 0.625, min(400 ÷ 300, 1) = 1: (0.81 + 0.625 + 1) ÷ 3 = 81.2 %
    both(texts, "81.2%（完成良好）", "O1-KR3 留资线索数：完成度 133.3%，目标可能偏低",
         "超额完成")
    for page in texts:
        assert "102.5%" not in page and "目标偏低）" not in page


def test_all_targets_met_and_a_missing_actual(tmp_path):
    text = KINDS.split("objectives:")[0] + """objectives:
  - objective: 新增目标
    key_results:
      - {metric: 新增注册用户数, target: 1000, unit: 人}
      - {metric: 新增关注数, target: 1000, unit: 人}
results:
  key_results:
    - {metric: 新增注册用户数, actual: 1000}
    - {metric: 新增关注数, actual: 1200}
"""
    path = tmp_path / "met.yaml"
    path.write_text(text, encoding="utf-8")
    both(written(path, "review", tmp_path), "100.0%（全部达成）")
    path.write_text(text.replace("    - {metric: 新增关注数, actual: 1200}\n", ""),
                    encoding="utf-8")
    texts = written(path, "review", tmp_path)
    both(texts, "未计入得分", "O1-KR2 新增关注数：缺少实际值", "缺少“新增关注数”的实际值")  # the catalogue's “” quotes
    for page in texts:
        assert "全部达成" not in page


# --- a workbook filled in Excel -----------------------------------------------------------------

def rate_kr_file(tmp_path: Path) -> Path:
    """The double11 plan plus the issue's rate KR (被邀请人首单转化率 18 -> 30 %), no results."""
    loaded = load_answers(ZH)
    del loaded.data["results"]
    krs = loaded.data["objectives"][2]["key_results"]
    krs.append({"metric": "被邀请人首单转化率", "baseline": 18, "target": 30, "unit": "%"})
    return save_answers(tmp_path / "plan.yaml", loaded.data)


def filled_workbook(tmp_path: Path, answers_path: Path, value: float, fmt: str) -> tuple:
    """The fill-in workbook filled like the example, the rate KR's actual as given."""
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    fill_like_example(path, ZH)
    book = load_workbook(path)
    ws = book["关键结果"]
    cell = ws[f"G{rows_by_label(ws, 'C')['被邀请人首单转化率']}"]
    cell.value, cell.number_format = value, fmt
    book.save(path)
    return path, cell.coordinate


def test_percent_formatted_cells_read_as_percentage_points(tmp_path):
    answers_path = rate_kr_file(tmp_path)
    # Excel, WPS and LibreOffice store 26.5% typed in a cell as 0.265 with a "0.0%" format
    path, _ = filled_workbook(tmp_path, answers_path, 0.265, "0.0%")
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 0, result.output
    actuals = {kr.metric: kr.actual for kr in load_answers(answers_path).answers.results.key_results}
    assert actuals["被邀请人首单转化率"] == 26.5
    texts = written(answers_path, "review", tmp_path)
    # (26.5 − 18) ÷ (30 − 18) = 70.8 %; O3 (1.0 + 0.708333) ÷ 2 = 85.4 %;
    # overall (0.78 + 0.74 + 0.854167) ÷ 3 = 79.1 %. Main showed −147.8 % and −36.6 %.
    both(texts, "26.5", "70.8%", "85.4%", "79.1%（完成良好）")
    for page in texts:
        assert "−147.8%" not in page and "-147.8%" not in page


def test_a_fraction_typed_for_a_percentage_is_a_warning_before_anything_is_recorded(tmp_path):
    answers_path = rate_kr_file(tmp_path)
    before = answers_path.read_bytes()
    path, cell = filled_workbook(tmp_path, answers_path, 0.265, "General")
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 1
    assert (f"wb.xlsx: 警告: 关键结果!{cell}: 0.265 看起来是写成小数的百分比：这个关键结果按百分点计"
            "（基线 18，目标 30%），请填 26.5 或 26.5%") in result.output
    assert "未记录任何数据" in result.output
    assert answers_path.read_bytes() == before  # nothing recorded
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path),
                                      "--yes"])
    assert result.exit_code == 0, result.output
    # recorded as confirmed, and `check` keeps saying so, at its line
    check = CliRunner().invoke(cli, ["check", str(answers_path)])
    assert "警告: results.key_results.5.actual: 0.265 看起来是写成小数的百分比" in check.output


def test_a_percent_cell_for_a_count_is_refused_with_its_cell(tmp_path):
    answers_path = rate_kr_file(tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    book["关键结果"]["G4"].value = 0.8
    book["关键结果"]["G4"].number_format = "0%"
    book.save(path)
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 3
    assert ('关键结果!G4: "80%" 的单位“%”与这个关键结果的单位“人”不一致') in result.output


# --- units and currencies typed with numbers ------------------------------------------------------

def _load(text: str):
    return loads_answers(text, "t.yaml").answers


def test_a_unit_typed_in_the_answers_file_fills_an_empty_unit():
    text = KINDS.replace("{metric: 被邀请人首单转化率, baseline: 18, target: 30, unit: '%'}",
                         "{metric: 被邀请人首单转化率, baseline: '18%', target: '30%'}")
    text = text.replace("target: 1500000", "target: '150万'")
    a = _load(text)
    kr = a.objectives[0].key_results[2]
    assert (kr.baseline, kr.target, kr.unit) == (18, 30, "%")
    assert a.objectives[0].key_results[1].target == 1_500_000


def test_a_unit_that_contradicts_the_kr_unit_is_that_numbers_error():
    text = KINDS.replace("target: 12000, unit: 人", "target: '30%', unit: 人")
    with pytest.raises(AnswersError) as info:
        _load(text)
    [problem] = info.value.problems
    assert problem.field == "objectives.0.key_results.0.target"
    assert problem.text("zh") == '"30%" 的单位“%”与这个关键结果的单位“人”不一致；请只写数字，或先改单位'


@pytest.mark.parametrize("typed, code", [("RMB", "CNY"), ("人民币", "CNY"), ("￥", "CNY"),
                                         ("usd", "USD"), ("美元", "USD")])
def test_currency_marks_map_to_iso_codes(typed, code):
    a = _load(KINDS.replace("  budget: 200000\n", f"  budget: 200000\n  currency: {typed}\n"))
    assert a.campaign.currency == code


@pytest.mark.parametrize("typed, sentence", [
    ("$", '"$" is used by several currencies; did you mean USD?'),
    ("UDS", '"UDS" is not an ISO 4217 currency code; did you mean USD?'),
])
def test_an_unclear_currency_gets_a_did_you_mean(typed, sentence):
    with pytest.raises(AnswersError) as info:
        _load(KINDS.replace("  budget: 200000\n", f"  budget: 200000\n  currency: '{typed}'\n"))
    assert info.value.problems[0].text("en").startswith(sentence)


def test_money_typed_with_a_mark_fills_or_must_match_the_currency(tmp_path):
    # "$20,000" with no currency: the campaign is in USD, printed once with its symbol
    path = tmp_path / "usd.yaml"
    path.write_text(KINDS.replace("  budget: 200000\n", "  budget: '$20,000'\n"),
                    encoding="utf-8")
    a = load_answers(path).answers
    assert (a.campaign.budget, a.campaign.currency) == (20000, "USD")
    plan_docx, plan_pdf = written(path, "plan", tmp_path)
    assert "$20,000" in plan_docx and "20,000 $20,000" not in plan_docx
    assert "$20,000" in plan_pdf
    # a channel budget in ¥ in a CNY campaign is fine; in $ it is an error at its line
    path.write_text(KINDS + "channels:\n  - {name: 公众号, budget: '¥3,000'}\n"
                    "  - {name: 短信, budget: '$3,000'}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 3
    assert ('channels.1.budget: "$3,000" 是 USD 金额，而活动币种是 CNY；请换算成 CNY 再填写，'
            "或修改 campaign.currency") in result.output
    assert "channels.0.budget" not in result.output


# --- the questionnaire and --set --------------------------------------------------------------

BASICS = "主题\n\n3\n\n2026-11-01\n2026-11-11\n张敏\n\n"  # budget comes next


def test_a_percent_typed_as_a_baseline_fills_the_unit_in_the_questionnaire():
    text = BASICS + "\n目标一\n转化率\n18%\n30人\n1万5\n"
    result = CliRunner().invoke(cli, ["new", "-o", "x.yaml", "--lang", "zh"], input=text)
    assert '"30人" 的单位“人”与这个关键结果的单位“%”不一致' in result.output
    kr = plain(load_partial("x.yaml"))["objectives"][0]["key_results"][0]
    assert (kr["baseline"], kr["unit"], kr["target"]) == (18, "%", 15000)
    assert "单位:" not in result.output.split("目标值")[-1]  # the unit was not asked


def test_set_with_a_percent_fills_the_unit():
    presets = ["--set", "campaign.theme=T", "--set", "campaign.purpose=conversion",
               "--set", "campaign.start=2026-11-01", "--set", "campaign.end=2026-11-11",
               "--set", "campaign.owner=Kim", "--set", "objectives.0.objective=O",
               "--set", "objectives.0.key_results.0.metric=转化率",
               "--set", "objectives.0.key_results.0.baseline=18%",
               "--set", "objectives.0.key_results.0.target=30"]
    result = CliRunner().invoke(cli, ["new", "-o", "p.yaml", "--lang", "zh", "--no-input",
                                      *presets])
    assert result.exit_code == 0, result.output
    kr = load_answers("p.yaml").answers.objectives[0].key_results[0]
    # --no-input takes the proposed kind, inferred from the unit typed with the baseline
    assert (kr.baseline, kr.unit, kr.target, kr.kind) == (18, "%", 30, "rate")
    result = CliRunner().invoke(cli, ["new", "-o", "q.yaml", "--lang", "en", "--no-input",
                                      *presets[:-2], "--set",
                                      "objectives.0.key_results.0.target=1,2,3"])
    assert result.exit_code == 2
    assert '--set objectives.0.key_results.0.target=1,2,3: "1,2,3" is ambiguous' in result.output


# --- a brand campaign, and totals that add up ---------------------------------------------------

def test_brand_review_shows_reach_and_brand_metrics_not_a_funnel_and_cpa(tmp_path):
    texts = written(BRAND, "review", tmp_path)
    both(texts, "传播效果", "品牌指标", "千次曝光成本 CPM", "¥32.00",  # 64,000 ÷ 2,000,000 × 1,000
         "+4.8 个百分点",  # 正面评价占比 62 -> 66.8
         "触达（曝光）", "2,000,000（点击率 4.5%）",  # 90,000 ÷ 2,000,000
         "人均成本", "¥4.00", "¥0.88")  # 48,000 ÷ 12,000; 9,000 ÷ 10,200
    for text in texts:
        for absent in ("转化漏斗", "单次转化成本", "缺少收入数据", "漏斗缺少「转化」"):
            assert absent not in text, absent
    plan_docx, plan_pdf = written(BRAND, "plan", tmp_path)
    for text in (plan_docx, plan_pdf):
        # brand metrics are relevant to a brand campaign: the SMART check's one all-pass line
        assert "关联不明" not in text and "全部 4 个关键结果均符合 SMART 原则" in text


def test_sources_over_the_total_get_a_difference_row_and_one_note(tmp_path):
    docx_page, pdf_page = written(BRAND, "review", tmp_path)
    # 12,000 + 10,200 = 22,200 over 21,000: −1,200 counted twice (−5.7 %), rows add to 100 %
    both((docx_page, pdf_page), "重复计算（来源合计超出总数）", "−1,200", "−5.7%",
         "各来源人数合计 22,200，比参与总人数 21,000 多 1,200（5.7%）")
    for text in (docx_page, pdf_page):
        assert text.count("各来源人数合计 22,200") == 1
        assert "数据缺口" not in text  # the note is in the participants chapter, not a gap


def test_every_total_row_of_the_channel_table_is_complete(tmp_path):
    docx_page, pdf_page = written(ZH, "review", tmp_path)
    # budget used 124,600 ÷ 130,000 = 95.8 %; rate 11,200 ÷ 26,400 = 42.4 %;
    # CPA 124,600 ÷ 11,200 = ¥11.12; share 100.0 %
    document_rows = [r for r in docx_page.splitlines()]
    assert "¥11.12" in document_rows and "95.8%" in document_rows
    both((docx_page, pdf_page), "¥11.12", "95.8%", "−¥4,900（−2.5%）")


# --- the rounding policy ----------------------------------------------------------------------

@pytest.mark.parametrize("call, text", [
    (lambda: figures.number(-3.5), "−3.5"),
    (lambda: figures.number(12000), "12,000"),
    (lambda: figures.whole(1090.9, up=True), "1,091"),
    (lambda: figures.whole(1090.0000000001, up=True), "1,090"),
    (lambda: figures.whole(872.7), "873"),
    (lambda: figures.percent(0.625), "62.5%"),
    (lambda: figures.percent(0.0215385), "2.2%"),
    (lambda: figures.percent(0.0004), "<0.1%"),
    (lambda: figures.percent(-0.025), "−2.5%"),
    (lambda: figures.percent(0), "0.0%"),
    (lambda: figures.points(17.6), "17.6%"),
    (lambda: figures.signed(8, 1), "+8.0"),
    (lambda: figures.signed(-5), "−5"),
    (lambda: figures.money(-4900, "CNY"), "−¥4,900"),
    (lambda: figures.money(17.4196, "CNY", 2), "¥17.42"),
    (lambda: figures.money(1742.4, "JPY", 2), "JP¥1,742"),
    (lambda: figures.money(1000, "CHF"), "1,000 CHF"),
    (lambda: figures.money(-0.001, "USD"), "$0.00"),  # no minus on a figure that shows 0
    (lambda: figures.money(None, "USD"), "—"),
])
def test_rounding_policy(call, text):
    assert call() == text


def test_dates_at_the_calendar_edge_are_refused_with_the_range():
    with pytest.raises(AnswersError) as info:
        _load(KINDS.replace("end: 2026-11-11", "end: 9999-12-31"))
    assert "1900-01-01" in str(info.value) and "2200-12-31" in str(info.value)
    assert dt.date(2200, 12, 31)  # the last day the tool handles


def test_a_workbook_date_past_the_range_is_named_by_its_cell(tmp_path):
    answers_path = rate_kr_file(tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    notes = book["反馈与跟进"]
    row = next(r for r in range(4, notes.max_row + 1) if notes[f"A{r}"].value == "后续跟进")
    notes[f"B{row}"], notes[f"E{row}"] = "发问卷", "9999-01-01"
    book.save(path)
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 3
    assert (f"反馈与跟进!E{row}: 9999-01-01 超出可用日期范围（1900-01-01 至 2200-12-31）"
            in result.output)
