"""The review fill-in workbook: written, filled with openpyxl, read back, recorded, reported."""

from __future__ import annotations


import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator import locales
from generator.__main__ import cli
from generator.answers.load import load_answers, save_answers
from generator.errors import AnswersError
from generator.writers.xlsx.review import read_review_workbook, write_review_workbook

from .conftest import EXAMPLES
from .helpers import pdftotext, soffice_convert

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"


def template_file(example, tmp_path):
    """A copy of the example answers without `results` (what a team has after kickoff)."""
    loaded = load_answers(example)
    del loaded.data["results"]
    return save_answers(tmp_path / example.name, loaded.data)


def expected_results(example):
    """The example's `results`, as plain data, for comparison with what is read back (a
    part the example leaves empty, e.g. `daily`, is not read back as an empty list)."""
    dumped = load_answers(example).answers.results.model_dump(exclude_none=True)
    return {key: value for key, value in dumped.items() if value != []}


def rows_by_label(ws, column="A"):
    """Row number of each label in `column` (data rows only)."""
    return {ws[f"{column}{r}"].value: r for r in range(4, ws.max_row + 1)
            if ws[f"{column}{r}"].value is not None}


def fill_like_example(path, example):
    """Fill a template workbook with openpyxl, cell by cell, from the example's results."""
    results = load_answers(example).answers.results
    book = load_workbook(path)
    zh = "关键结果" in book.sheetnames
    krs, chs, costs, fun, notes = (book[n] for n in book.sheetnames[1:6])
    rows = rows_by_label(krs, "C")
    for kr in results.key_results:
        krs[f"G{rows[kr.metric]}"] = kr.actual
    rows = rows_by_label(chs)
    for ch in results.channels:
        r = rows[ch.name]
        chs[f"D{r}"], chs[f"E{r}"], chs[f"F{r}"] = ch.participants, ch.conversions, ch.cost
    for offset, line in enumerate(results.costs):  # replace the suggested kinds
        costs[f"A{4 + offset}"], costs[f"B{4 + offset}"] = line.item, line.amount
    for r in range(4 + len(results.costs), 4 + 6):
        costs[f"A{r}"] = None  # unused suggestions stay, but blank names are skipped
    costs[f"B{rows_by_label(costs)['活动收入' if zh else 'Revenue']}"] = results.revenue
    labels = rows_by_label(fun)
    steps = {"曝光": "exposure", "点击": "clicks", "分享": "shares", "转化": "conversions",
             "Exposure": "exposure", "Clicks": "clicks", "Shares": "shares",
             "Conversions": "conversions"}
    for label, key in steps.items():
        if label in labels:
            fun[f"B{labels[label]}"] = getattr(results.funnel, key)
    fun[f"B{labels['参与总人数' if zh else 'Participants in total']}"] = \
        results.participants.total
    for name, count in results.participants.by_source.items():
        fun[f"B{labels[name]}"] = count
    _fill_notes(notes, results)
    book.save(path)


def _fill_notes(ws, results):
    """Write feedback, problems, lessons and follow-up into the rows of their kind."""
    by_kind = {}
    for r in range(4, ws.max_row + 1):
        by_kind.setdefault(ws[f"A{r}"].value, []).append(r)
    kinds = list(by_kind)  # 用户反馈 / 问题 / 经验总结 / 后续跟进, in the sheet's order
    items = [results.feedback, results.problems, results.lessons]
    for kind, texts in zip(kinds, items, strict=False):
        for r, text in zip(by_kind[kind], texts, strict=False):
            ws[f"B{r}"] = text
    for r, action in zip(by_kind[kinds[3]], results.follow_up, strict=False):
        ws[f"B{r}"], ws[f"D{r}"], ws[f"E{r}"] = action.action, action.owner, action.due


# --- writing ------------------------------------------------------------------------------

def test_template_workbook_layout(tmp_path):
    answers = load_answers(template_file(ZH, tmp_path)).answers
    path = write_review_workbook(answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["填写说明", "关键结果", "渠道", "成本与收入", "漏斗与参与",
                               "反馈与跟进", "资源申请", "每日数据"]
    ws = book["关键结果"]
    assert [c.value for c in ws[3]] == ["编号", "目标（O）", "指标", "单位", "基线", "目标值",
                                        "实际值", "差距原因（未达成或超额时填写）", "经验与改进"]
    assert ws["H4"].fill.fgColor.rgb.endswith("FFF2CC")  # why, per KR: to fill too
    assert (ws["C4"].value, ws["E4"].value, ws["F4"].value, ws["G4"].value) == \
        ("复购用户数", 8000, 12000, None)
    assert ws["G4"].fill.fgColor.rgb.endswith("FFF2CC")  # to fill: highlighted
    assert not ws["F4"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.freeze_panes == "A4"
    assert ws.column_dimensions["C"].width > 10
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert any("G4" in ref and dv.type == "decimal" for ref, dv in validations.items())
    channels = book["渠道"]
    assert (channels["A4"].value, channels["C4"].value, channels["D4"].value) == \
        ("微信公众号", 30000, None)
    kinds = [dv for dv in book["反馈与跟进"].data_validations.dataValidation if dv.type == "list"]
    assert kinds and "后续跟进" in kinds[0].formula1


def test_english_workbook_has_english_sheets(tmp_path):
    path = write_review_workbook(load_answers(EN).answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    assert book.sheetnames[1:3] == ["Key results", "Channels"]
    assert book["Key results"]["G4"].value == 5400  # recorded results are prefilled


def test_generate_writes_the_workbook(tmp_path):
    from generator.generate import generate_file

    written = generate_file(template_file(ZH, tmp_path), docs=["review"], formats=["xlsx"],
                            outdir=tmp_path / "out")
    assert [p.name for p in written] == ["double11-2026-review.xlsx"]
    assert load_workbook(written[0])["关键结果"]["F5"].value == 1500000


@pytest.mark.slow
def test_libreoffice_opens_the_workbook(tmp_path):
    path = write_review_workbook(load_answers(template_file(ZH, tmp_path)).answers,
                                 tmp_path / "wb.xlsx")
    text = pdftotext(soffice_convert(path, tmp_path))
    for word in ("关键结果", "复购用户数", "微信公众号", "活动收入", "参与总人数"):
        assert word in text, word


# --- the round trip -----------------------------------------------------------------------

@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_round_trip_write_fill_read(tmp_path, example):
    answers_path = template_file(example, tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    fill_like_example(path, example)
    results = read_review_workbook(path, load_answers(answers_path).answers)
    assert results["key_results"] == expected_results(example)["key_results"]
    expected = expected_results(example)
    for key in ("channels", "costs", "revenue", "funnel", "participants", "feedback",
                "problems", "lessons", "follow_up"):
        assert results[key] == expected[key], key


def test_record_results_from_workbook_then_generate(tmp_path):
    from generator.render.templating import render_document

    answers_path = template_file(ZH, tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    fill_like_example(path, ZH)
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{answers_path}: 已记录 5 项关键结果、参与人数、转化漏斗、收入、4 项成本、"
                             "6 个渠道、3 条反馈、2 个问题、3 条经验、3 项后续行动\n")
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path),
                                      "--lang", "en"])
    assert result.output == (f"{answers_path}: recorded 5 key results, participants, the funnel, "
                             "revenue, 4 cost lines, 6 channels, 3 pieces of feedback, 2 problems, "
                             "3 lessons, 3 follow-up actions\n")
    text = answers_path.read_text(encoding="utf-8")
    assert "# OKR：最多 3 个目标" in text and "# 去年双十一同期" in text  # comments kept
    loaded = load_answers(answers_path)
    recorded = loaded.answers.results.model_dump(exclude_none=True)
    assert {k: v for k, v in recorded.items() if v != []} == expected_results(ZH)
    assert "daily:" not in text and "resources:" not in text  # no empty lists written
    md = render_document("review", loaded.answers, "zh").markdown
    assert "607.3%" in md and "¥17.42" in md


def test_unplanned_channel_from_the_workbook_still_generates(tmp_path):
    # The channel sheet asks for unplanned channels in the blank rows; `check` refused them.
    answers_path = template_file(ZH, tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    fill_like_example(path, ZH)
    book = load_workbook(path)
    chs = book[book.sheetnames[2]]
    row = chs.max_row + 1
    chs[f"A{row}"], chs[f"F{row}"] = "抖音信息流", 5000
    book.save(path)
    runner = CliRunner()
    result = runner.invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["generate", str(answers_path), "--doc", "review", "--format",
                                 "md", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "“抖音信息流”不是方案中的渠道，复盘报告会把它列为计划外渠道（已有：微信公众号、" in result.output
    md = next((tmp_path / "out").glob("*-review.md")).read_text(encoding="utf-8")
    assert "抖音信息流（计划外）" in md


def test_improvement_travels_with_its_problem(tmp_path):
    from generator.views.review import build_review_view

    answers_path = template_file(ZH, tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    ws = book["反馈与跟进"]
    row = next(r for r in range(4, ws.max_row + 1) if ws[f"A{r}"].value == "问题")
    ws[f"B{row}"], ws[f"C{row}"] = "短信通道拥堵", "提前报备备用通道"
    book.save(path)
    CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)],
                       catch_exceptions=False)
    answers = load_answers(answers_path).answers
    assert answers.results.problems == ["短信通道拥堵（改进：提前报备备用通道）"]
    rows = build_review_view(answers, "zh").context["problems"]
    assert rows == [{"problem": "短信通道拥堵", "improvement": "提前报备备用通道"}]


# --- bad cells ----------------------------------------------------------------------------

def test_every_bad_cell_is_named_and_nothing_is_written(tmp_path):
    answers_path = template_file(ZH, tmp_path)
    before = answers_path.read_bytes()
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    book["关键结果"]["G4"] = "一万二"
    book["关键结果"]["G5"] = 1380000
    book["渠道"]["D5"] = "1,2,3"  # main read it as 123
    book["渠道"]["E5"] = 12.5
    book["成本与收入"]["B4"] = -100
    book["反馈与跟进"]["B13"] = "会员日推送"
    book["反馈与跟进"]["E13"] = "下周五"
    book.save(path)
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(path)])
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        '错误：wb.xlsx: 关键结果!G4: "一万二" 不是一个数：可以写 12000、1.2万、1万5、20,000、¥25、'
        "27.5元 或 18%",
        'wb.xlsx: 渠道!D5: "1,2,3" 有歧义：逗号只用来分隔千位（如 20,000）；小数请用小数点（1.5），'
        "几个数请分开填写",
        "wb.xlsx: 渠道!E5: 12.5 不是整数；人数、次数等请填整数，如 1200",
        "wb.xlsx: 成本与收入!B4: -100 是负数；这里请填 0 或更大的数",
        'wb.xlsx: 反馈与跟进!E13: "下周五" 不是日期；请按 YYYY-MM-DD 填写，如 2026-11-20']
    result = CliRunner().invoke(cli, ["results", "--lang", "en", str(answers_path),
                                      "--from-xlsx", str(path)])
    out = result.output
    assert 'wb.xlsx: 关键结果!G4: "一万二" is not a number' in out
    assert 'wb.xlsx: 渠道!D5: "1,2,3" is ambiguous' in out
    assert "wb.xlsx: 渠道!E5: 12.5 is not a whole number" in out
    assert "wb.xlsx: 成本与收入!B4: -100 is negative" in out
    assert 'wb.xlsx: 反馈与跟进!E13: "下周五" is not a date' in out
    assert "Traceback" not in out
    assert answers_path.read_bytes() == before


def test_numbers_typed_as_text_are_accepted(tmp_path):
    answers_path = template_file(ZH, tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    book["关键结果"]["G4"] = " 11,200 "
    book.save(path)
    results = read_review_workbook(path)
    assert results == {"key_results": [{"metric": "复购用户数", "actual": 11200}]}


def test_an_empty_workbook_says_so(tmp_path):
    answers_path = template_file(ZH, tmp_path)
    path = write_review_workbook(load_answers(answers_path).answers, tmp_path / "wb.xlsx")
    with locales.using("en"), pytest.raises(AnswersError, match="no actual figures are filled in"):
        read_review_workbook(path)


def test_renamed_metric_and_missing_sheet(tmp_path):
    answers_path = template_file(ZH, tmp_path)
    answers = load_answers(answers_path).answers
    path = write_review_workbook(answers, tmp_path / "wb.xlsx")
    book = load_workbook(path)
    book["关键结果"]["C4"], book["关键结果"]["G4"] = "复购人数", 100
    del book["渠道"]
    book.save(path)
    with pytest.raises(AnswersError) as err:
        read_review_workbook(path, answers)
    with locales.using("en"):
        message = err.value.format_message()
    assert '关键结果!C4: "复购人数" is not a key result of the plan' in message
    assert "the sheet 渠道 / Channels is missing" in message
    with locales.using("zh"):
        assert "缺少工作表 渠道 / Channels" in err.value.format_message()


def test_not_a_workbook(tmp_path):
    bogus = tmp_path / "x.xlsx"
    bogus.write_text("hello")
    answers_path = template_file(ZH, tmp_path)
    result = CliRunner().invoke(cli, ["results", str(answers_path), "--from-xlsx", str(bogus)])
    assert result.exit_code == 3
    assert "x.xlsx: 不是 Excel 工作簿（.xlsx）；请使用 campaign-docs 生成的复盘工作簿" in result.output


def test_control_characters_do_not_break_the_workbook(tmp_path):
    loaded = load_answers(ZH)
    loaded.data["channels"][0]["name"] = "公众号\x07\x1b"
    loaded.data["results"]["channels"][0]["name"] = "公众号\x07\x1b"
    path = save_answers(tmp_path / "ctl.yaml", loaded.data)
    wb = write_review_workbook(load_answers(path).answers, tmp_path / "wb.xlsx")
    assert load_workbook(wb)["渠道"]["A4"].value == "公众号\ufffd\ufffd"
