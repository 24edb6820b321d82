"""The daily trend, the plan's forecast beside the actuals and the resources asked for
(issue 16): peak and drop computed by hand, the trend chart drawn only with a series, the
daily sheet's round trip through the fill-in workbook, `results --daily FILE.csv` with its
bad cells named, and every new section absent without its data (Markdown, DOCX, PDF)."""

from __future__ import annotations

import datetime as dt

import docx
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.__main__ import cli
from generator.answers.load import load_answers, loads_answers
from generator.errors import AnswersError
from generator.readers.review_workbook import read_review_workbook
from generator.render.templating import render_document
from generator.views.review import build_review_view
from generator.views.review_daily_chart import _panel
from generator.writers.xlsx.review import write_review_workbook

from .conftest import EXAMPLES
from .helpers import pdftotext

ZH = EXAMPLES / "double11-zh.yaml"
# 复购用户数 from 10-31 to 11-06 (warm-up's last day, then six launch days);
# 复购 GMV on one day only: a figure, not a trend, so it has no line.
SERIES = [("2026-10-31", 50), ("2026-11-01", 100), ("2026-11-02", 400), ("2026-11-03", 250),
          ("2026-11-04", 300), ("2026-11-05", 120), ("2026-11-06", 500)]
DAILY = "  daily:\n" + "".join(
    f"    - {{date: {day}, values: {{复购用户数: {value}}}}}\n" for day, value in SERIES) + \
    "    - {date: 2026-11-07, values: {复购 GMV: 90000}}\n"
RESOURCES = """  resources:
    - {what: 短信通道扩容, amount: 20000, why: 第二天短信通道拥堵}
    - {what: 压测资源, amount: 8000}
"""
BUDGET = """budget:
  lines:
    - {item: 回归券, kind: coupons, face_value: 30, quantity: 2000, redemption: 35}
  contingency: 10
"""


def with_all() -> str:
    """The example with a daily series, resources and an itemised budget (a forecast)."""
    text = ZH.read_text(encoding="utf-8")
    head, tail = text.split("\nresults:", 1)
    first_line, rest = tail.split("\n", 1)
    return f"{head}\n{BUDGET}results:{first_line}\n{DAILY}{RESOURCES}{rest}"


def test_peak_and_drop_computed_by_hand():
    view = build_review_view(loads_answers(with_all(), "x.yaml").answers, "zh")
    daily = view.context["daily"]
    assert [m["metric"] for m in daily["metrics"]] == ["复购用户数"]  # GMV has one day
    m = daily["metrics"][0]
    assert m["peak"] == {"date": dt.date(2026, 11, 6), "value": 500}
    # falls: 400 -> 250 (150) on 11-03, 300 -> 120 (180) on 11-05: the largest is 11-05
    assert m["drop"] == {"date": dt.date(2026, 11, 5), "value": 120, "before": 300,
                         "fall": 180, "ratio": 0.6}
    assert m["total"] == 1720  # 50 + 100 + 400 + 250 + 300 + 120 + 500
    # the phases the series overlaps: warm-up's last day, launch to the last recorded day
    assert [(p["phase"], p["start"], p["end"]) for p in daily["phases"]] == [
        ("warmup", dt.date(2026, 10, 31), dt.date(2026, 10, 31)),
        ("launch", dt.date(2026, 11, 1), dt.date(2026, 11, 7))]
    # what the chart writes beside the two marks
    panel = _panel(m, "zh")
    assert panel["peak"]["text"] == "峰值 11-06：500"
    assert panel["drop"]["text"] == "骤降 11-05：−180（−60.0%）"
    md = render_document("review", loads_answers(with_all(), "x.yaml").answers).markdown
    # total 1,720; mean 1,720 ÷ 7 = 245.7, a count: 246
    assert ("<tr><td>复购用户数（人）</td><td class=\"num\">7</td><td class=\"num\">1,720</td>"
            "<td class=\"num\">246</td><td>11-06：500</td><td>11-05：−180（−60.0%）</td></tr>"
            ) in md


def test_trend_chart_only_with_a_series():
    with_series = build_review_view(loads_answers(with_all(), "x.yaml").answers, "zh")
    assert list(with_series.images) == ["chart-kr.png", "chart-daily.png", "chart-funnel.png",
                                        "chart-channels.png"]
    png = with_series.images["chart-daily.png"]
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    plain = build_review_view(load_answers(ZH).answers, "zh")
    assert "chart-daily.png" not in plain.images and plain.context["daily"] is None
    # one day of each metric is a figure, not a trend: no chart, no chapter
    one_day = ZH.read_text(encoding="utf-8").replace(
        "\nresults:", "\nresults:\n  daily:\n    - {date: 2026-11-01, values: {复购用户数: 9}}", 1)
    view = build_review_view(loads_answers(one_day, "x.yaml").answers, "zh")
    assert "chart-daily.png" not in view.images and view.context["daily"] is None


def test_forecast_beside_actuals_and_resources():
    md = render_document("review", loads_answers(with_all(), "x.yaml").answers).markdown
    # forecast: revenue = the largest money KR's target, 复购 GMV ¥1,500,000; cost = the
    # itemised total: ¥30 × 2,000 × 35 % = ¥21,000 + channels ¥130,000 = ¥151,000, + 10 %
    # contingency ¥15,100 = ¥166,100. Actual: revenue ¥1,380,000, cost ¥195,100.
    assert ("<tr><td>收入（方案取 复购 GMV 目标值）</td><td class=\"num\">¥1,500,000</td>"
            "<td class=\"num\">¥1,380,000</td><td class=\"num\">−¥120,000（−8.0%）</td></tr>") in md
    assert ("<tr><td>成本（方案为预算合计）</td><td class=\"num\">¥166,100</td>"
            "<td class=\"num\">¥195,100</td><td class=\"num\">+¥29,000（+17.5%）</td></tr>") in md
    # ROI: (1,500,000 − 166,100) ÷ 166,100 = 803.1 %; (1,380,000 − 195,100) ÷ 195,100 = 607.3 %
    assert ("<tr><td>投资回报率 ROI</td><td class=\"num\">803.1%</td><td class=\"num\">607.3%"
            "</td><td class=\"num\">−195.7 个百分点</td></tr>") in md
    assert "<tr><td>短信通道扩容</td><td class=\"num\">¥20,000</td><td>第二天短信通道拥堵</td></tr>" in md
    assert "<tr><td>压测资源</td><td class=\"num\">¥8,000</td><td>—</td></tr>" in md
    assert "<td class=\"num\"><strong>¥28,000</strong></td>" in md


NEW_HEADINGS = ("每日趋势", "预期与实际", "与上次活动对比", "渠道对比", "资源申请")


def test_sections_in_docx_and_pdf_and_absent_without_data(tmp_path):
    full = tmp_path / "full.yaml"
    (tmp_path / "last.yaml").write_text(ZH.read_text(encoding="utf-8"), encoding="utf-8")
    full.write_text(with_all().replace("slug: double11-2026", "slug: full")
                    .replace("\nresults:", "\ncompare_with: last.yaml\nresults:", 1),
                    encoding="utf-8")
    runner = CliRunner()
    for source in (full, ZH):
        result = runner.invoke(cli, ["generate", str(source), "--doc", "review",
                                     "--format", "docx,pdf", "-o", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
    for slug, present in (("full", True), ("double11-2026", False)):
        document = docx.Document(str(tmp_path / "out" / f"{slug}-review.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        pdf = pdftotext(tmp_path / "out" / f"{slug}-review.pdf")
        for heading in NEW_HEADINGS:
            assert (heading in text) is present, (slug, heading)
            assert (heading in pdf) is present, (slug, heading)
        images = len(document.inline_shapes)
        assert images == (4 if present else 3)
    assert "峰值" in pdftotext(tmp_path / "out" / "full-review.pdf")


def test_daily_sheet_round_trip(tmp_path):
    answers = loads_answers(with_all(), "x.yaml").answers
    path = write_review_workbook(answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    ws = book["每日数据"]
    header = [c.value for c in ws[3]]
    assert header == ["日期", "复购用户数", "复购 GMV", "沉睡会员回访人数", "回归券领取率",
                      "老带新新客数"]
    # the campaign's days (11-01 .. 11-11) and the recorded warm-up day before them
    days = [ws[f"A{r}"].value.date() for r in range(4, ws.max_row + 1)]
    assert days[0] == dt.date(2026, 10, 31) and days[-1] == dt.date(2026, 11, 11)
    assert len(days) == 12
    assert (ws["B6"].value, ws["B10"].value) == (400, 500)  # 11-02 and 11-06 prefilled
    ws["C9"] = "8.5万"  # 复购 GMV on 11-05, typed the way people type it
    book.save(path)
    results = read_review_workbook(path, answers)
    by_day = {row["date"]: row["values"] for row in results["daily"]}
    assert by_day[dt.date(2026, 11, 5)] == {"复购用户数": 120, "复购 GMV": 85000}
    assert by_day[dt.date(2026, 11, 7)] == {"复购 GMV": 90000}
    assert results["resources"] == [
        {"what": "短信通道扩容", "amount": 20000, "why": "第二天短信通道拥堵"},
        {"what": "压测资源", "amount": 8000}]
    # a bad cell is named by sheet!cell
    ws["D5"] = "很多"
    book.save(path)
    try:
        read_review_workbook(path, answers)
    except AnswersError as exc:
        assert "每日数据!D5" in str(exc) and "很多" in str(exc)
    else:
        raise AssertionError("a bad daily cell was read")


def test_a_workbook_from_before_the_daily_sheet_keeps_the_series(tmp_path):
    answers = loads_answers(with_all(), "x.yaml").answers
    path = write_review_workbook(answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    del book["每日数据"]
    del book["资源申请"]
    book.save(path)
    results = read_review_workbook(path, answers)  # nothing would be cleared: no refusal
    assert len(results["daily"]) == 8 and len(results["resources"]) == 2


def test_results_daily_csv(tmp_path):
    answers = tmp_path / "d.yaml"
    answers.write_text(ZH.read_text(encoding="utf-8"), encoding="utf-8")
    good = tmp_path / "daily.csv"
    good.write_bytes("日期,复购用户数,复购 GMV\n2026-11-01,1500,18万\n2026/11/2,900,\n"
                     .encode("gb18030"))
    result = CliRunner().invoke(cli, ["results", str(answers), "--daily", str(good)])
    assert result.exit_code == 0, result.output
    assert "已记录 2 天的每日数据" in result.output
    daily = load_answers(answers).answers.results.daily
    assert [(d.date, d.values) for d in daily] == [
        (dt.date(2026, 11, 1), {"复购用户数": 1500, "复购 GMV": 180000}),
        (dt.date(2026, 11, 2), {"复购用户数": 900})]
    assert "- {date: 2026-11-01, values: {复购用户数: 1500, 复购 GMV: 180000}}" in \
        answers.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,复购用户数,访客\n2026-11-01,abc,1\n,5,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["results", str(answers), "--daily", str(bad)])
    assert result.exit_code != 0
    assert "bad.csv:1: 访客: \"访客\" 不是方案中的关键结果" in result.output
    assert "bad.csv:2: 复购用户数: \"abc\" 不是一个数" in result.output
    assert "bad.csv:3: 这一行填了数字，却没有日期" in result.output
    assert "Traceback" not in result.output


def test_check_names_a_stray_daily_metric_and_a_missing_compare_file(tmp_path):
    text = with_all().replace("values: {复购用户数: 500}", "values: {复购用护数: 500}")
    path = tmp_path / "x.yaml"
    path.write_text(text.replace("\nresults:", "\ncompare_with: gone.yaml\nresults:", 1),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert "compare_with: 找不到对比的活动文件 gone.yaml" in result.output
    assert ("results.daily.6: 每日数据里的“复购用护数”不是方案中任何关键结果的指标，趋势图不会画它"
            "；是不是想写“复购用户数”？") in result.output
    # the stray day is not drawn: the series ends on 11-05, whose fall is still the drop
    view = build_review_view(load_answers(path).answers, "zh")
    m = view.context["daily"]["metrics"][0]
    assert m["peak"] == {"date": dt.date(2026, 11, 2), "value": 400}
    assert m["drop"]["date"] == dt.date(2026, 11, 5)


def test_a_drop_from_zero_or_below_has_no_percentage():
    text = with_all().replace("values: {复购用户数: 100}", "values: {复购用户数: 0}").replace(
        "values: {复购用户数: 400}", "values: {复购用户数: -900}")
    md = render_document("review", loads_answers(text, "x.yaml").answers).markdown
    # 0 -> −900 on 11-02 is the largest fall; a share of a day of 0 means nothing: a dash
    assert "<td>11-02：−900（—）</td>" in md
