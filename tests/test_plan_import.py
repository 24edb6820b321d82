"""Reading a plan workbook back: every problem at once, nothing lost, nothing written on error.

Each test edits an exported workbook with openpyxl as a team member would, imports it, and
checks the answers file (or that it was left alone) and the exact sentences shown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil

import pytest
from openpyxl import load_workbook

from generator.answers.load import load_answers
from generator.locales import t

from .conftest import EXAMPLES
from .plan_book import columns, export, first_blank, form_row, header_row, rows, run, sheet

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"


@pytest.fixture
def copy(tmp_path):
    """A copy of the Chinese example: the answers file a team's workbook goes back into."""
    target = tmp_path / "plan.yaml"
    shutil.copy(ZH, target)
    return target


def edited(source, tmp_path, edit, name="plan.xlsx"):
    """Export `source`, apply `edit(book)` with openpyxl, save; the workbook's path."""
    path = export(source, tmp_path / name)
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def channel_cell(book, header, channel="短信召回"):
    ws = sheet(book, "channels")
    return ws[f"{columns(ws)[header]}{rows(ws)[channel]}"]


# --- every problem at once, named by sheet!cell and field ---------------------------------------


def test_every_bad_cell_is_named_at_once_and_nothing_is_written(tmp_path, copy):
    def spoil(book):
        channel_cell(book, "推广预算").value = "很多"
        channel_cell(book, "渠道类型").value = "电视"
        channel_cell(book, "推广开始").value = "下周一"
        channel_cell(book, "预计曝光").value = 12.5
        goals = sheet(book, "goals")
        goals[f"{columns(goals)['目标值']}{header_row(goals) + 1}"] = "=B5*2"  # no value
        basics = sheet(book, "basics")
        basics.cell(form_row(basics, "活动主题"), 2).value = None

    before = copy.read_bytes()
    result = run("import", str(edited(ZH, tmp_path, spoil)), "-o", str(copy))
    assert result.exit_code == 3
    out = result.output
    assert 'plan.xlsx: 推广渠道!D6（推广预算）: "很多" 不是一个数' in out
    assert ('plan.xlsx: 推广渠道!B6（渠道类型）: "电视" 不是可选的值；请从下拉列表中选择：'
            '自有渠道、付费投放、合作渠道、KOL、线下、其他') in out
    assert 'plan.xlsx: 推广渠道!F6（推广开始）: "下周一" 不是日期；请写成 2026-11-01 或 11月1日' in out
    assert "推广渠道!H6（预计曝光）: 12.5 " in out  # a count is whole
    assert 'plan.xlsx: 目标!D5（目标值）: 是公式 "=B5*2"，但没有计算结果' in out
    # in the same report: the theme emptied (named once, not again as a missing theme)
    assert 'plan.xlsx: 基本信息!B4（活动主题）: 这一格被清空了，答卷里原来是 "双十一老客回馈季"' in out
    assert out.count("基本信息!B4") == 1 and out.count("目标!D5") == 1
    assert t("plan_workbook.read.clearing_hint", lang="zh") in out
    assert copy.read_bytes() == before


def test_a_required_field_left_empty_is_named_by_its_cell(tmp_path):
    def spoil(book):
        basics = sheet(book, "basics")
        basics.cell(form_row(basics, "活动主题"), 2).value = None
        goals = sheet(book, "goals")
        goals[f"{columns(goals)['目标值']}{header_row(goals) + 2}"] = None

    new = tmp_path / "new.yaml"
    result = run("import", str(edited(ZH, tmp_path, spoil)), "-o", str(new))
    assert result.exit_code == 3, result.output
    assert "plan.xlsx: 基本信息!B4（活动主题）: " in result.output
    assert "plan.xlsx: 目标!D6（目标值）: " in result.output
    assert not new.exists()


def test_check_errors_are_named_by_their_cells_too(tmp_path):
    def spoil(book):  # the campaign ends before it starts
        basics = sheet(book, "basics")
        basics.cell(form_row(basics, "活动结束日期"), 2).value = dt.date(2026, 10, 1)

    new = tmp_path / "new.yaml"
    result = run("import", str(edited(ZH, tmp_path, spoil)), "-o", str(new))
    assert result.exit_code == 3, result.output
    assert "plan.xlsx: 基本信息!B10（活动结束日期）: " in result.output
    assert not new.exists()


def test_not_a_workbook_and_not_a_plan_workbook(tmp_path):
    text = tmp_path / "plan.xlsx"
    text.write_text("not a zip", encoding="utf-8")
    result = run("import", str(text), "-o", str(tmp_path / "x.yaml"), "--lang", "en")
    assert result.exit_code == 3
    assert "is not an Excel workbook (.xlsx)" in result.output
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    result = run("import", str(other), "-o", str(tmp_path / "x.yaml"), "--lang", "en")
    assert "is not a plan workbook" in result.output


# --- nothing removed silently ------------------------------------------------------------------


def test_an_emptied_cell_and_a_deleted_row_are_named_and_need_allow_clearing(tmp_path, copy):
    def clear(book):
        channel_cell(book, "推广预算").value = None
        channels = sheet(book, "channels")
        channels.delete_rows(rows(channels)["会员社群"])
        rules = sheet(book, "rules")
        rules.delete_rows(header_row(rules) + 2)

    workbook = edited(ZH, tmp_path, clear)
    before = copy.read_bytes()
    result = run("import", str(workbook), "-o", str(copy))
    assert result.exit_code == 3
    out = result.output
    assert "plan.xlsx: 推广渠道!D6（推广预算）: 这一格被清空了，答卷里原来是 15000" in out
    assert f'{copy}:119: channels.2: 工作表“推广渠道”里已经没有 "会员社群" 这一行' in out
    assert f'{copy}:73: rules.1: 工作表“活动规则”里已经没有 "活动期间单笔实付满 199' in out
    assert t("plan_workbook.read.clearing_hint", lang="zh") in out
    assert copy.read_bytes() == before
    result = run("import", str(workbook), "-o", str(copy), "--allow-clearing")
    assert result.exit_code == 0, result.output
    plan = load_answers(copy).answers
    assert [c.name for c in plan.channels] == ["微信公众号", "短信召回", "App 推送", "小红书达人种草",
                                               "线下门店海报"]
    assert plan.channels[1].budget is None and len(plan.rules) == 4
    text = copy.read_text(encoding="utf-8")
    assert "# 双十一老客回馈季：活动答卷" in text and "phases:                            # 四个运营阶段" in text
    assert plan.results is not None  # what the workbook does not hold stays


# --- merging: only what changed -------------------------------------------------------------------


def test_merge_changes_only_what_the_team_changed(tmp_path, copy):
    def edit(book):
        channel_cell(book, "推广预算").value = "1.8万"
        channels = sheet(book, "channels")
        cols, row = columns(channels), first_blank(channels)
        channels[f"{cols['渠道名称']}{row}"] = "抖音挑战赛"
        channels[f"{cols['渠道类型']}{row}"] = "Paid"  # an English name in a Chinese workbook
        channels[f"{cols['推广预算']}{row}"] = 20000
        risks = sheet(book, "risks")
        risks[f"{columns(risks)['可能性']}{rows(risks)['刷券刷单']}"] = "medium"

    result = run("import", str(edited(ZH, tmp_path, edit)), "-o", str(copy))
    assert result.exit_code == 0, result.output
    assert f"已更新 {copy}：3 处改动（来自 plan.xlsx）" in result.output
    diff = [line for line in difflib.unified_diff(
        ZH.read_text(encoding="utf-8").splitlines(), copy.read_text(encoding="utf-8").splitlines(),
        lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == ["-    budget: 15000", "+    budget: 18000",
                    "+  - name: 抖音挑战赛", "+    kind: paid", "+    budget: 20000",
                    "-    likelihood: low", "+    likelihood: medium"]
    assert "    budget: 20000\n\nmaterials:" in copy.read_text(encoding="utf-8")  # still spaced
    plan = load_answers(copy).answers
    assert (plan.channels[-1].name, plan.channels[-1].kind, plan.channels[-1].budget) == \
        ("抖音挑战赛", "paid", 20000)


def test_an_english_workbook_reads_into_a_chinese_answers_file(tmp_path, copy):
    workbook = export(copy, tmp_path / "en.xlsx", "--lang", "en")
    book = load_workbook(workbook)
    assert "Channels" in book.sheetnames
    ws = sheet(book, "channels")
    assert ws[f"{columns(ws)['Kind']}{rows(ws)['短信召回']}"].value == "Paid"
    ws[f"{columns(ws)['Owner']}{rows(ws)['短信召回']}"] = "周强、李雷"
    book.save(workbook)
    result = run("import", str(workbook), "-o", str(copy))
    assert result.exit_code == 0, result.output
    assert load_answers(copy).answers.channels[1].owner == "周强、李雷"


# --- proposals ---------------------------------------------------------------------------------


def trimmed(tmp_path):
    """The example without phases, schedule and two KR deadlines: the tool proposes them."""
    loaded = load_answers(ZH)
    for key in ("phases", "schedule", "results"):
        del loaded.data[key]
    del loaded.data["objectives"][0]["key_results"][0]["deadline"]
    from generator.answers.load import save_answers

    return save_answers(tmp_path / "trimmed.yaml", loaded.data)


def test_proposals_are_prefilled_in_light_blue_and_stay_proposals_when_left_alone(tmp_path):
    source = trimmed(tmp_path)
    workbook = export(source, tmp_path / "plan.xlsx")
    book = load_workbook(workbook)
    phases = sheet(book, "phases")
    first = header_row(phases) + 1
    assert phases[f"A{first}"].value == "活动策划期"
    assert phases[f"B{first}"].value == dt.datetime(2026, 10, 11)
    assert phases[f"B{first}"].fill.fgColor.rgb.endswith("DDEBF7")
    schedule = sheet(book, "schedule")
    assert len(rows(schedule)) > 10
    assert schedule[f"B{header_row(schedule) + 1}"].fill.fgColor.rgb.endswith("DDEBF7")
    goals = sheet(book, "goals")
    deadline = goals[f"{columns(goals)['截止日期']}{header_row(goals) + 1}"]
    assert deadline.value == dt.datetime(2026, 11, 11) and deadline.fill.fgColor.rgb.endswith("DDEBF7")
    copy = tmp_path / "copy.yaml"
    shutil.copy(source, copy)
    result = run("import", str(workbook), "-o", str(copy))
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == source.read_bytes()  # still proposals: nothing written
    new = tmp_path / "new.yaml"
    assert run("import", str(workbook), "-o", str(new)).exit_code == 0
    text = new.read_text(encoding="utf-8")
    assert "phases:" not in text and "schedule:" not in text


def test_a_changed_proposal_becomes_the_teams_value(tmp_path):
    source = trimmed(tmp_path)

    def edit(book):
        phases = sheet(book, "phases")
        phases[f"C{header_row(phases) + 2}"] = dt.date(2026, 10, 30)  # warm-up ends earlier
        schedule = sheet(book, "schedule")
        schedule[f"{columns(schedule)['负责人']}{header_row(schedule) + 1}"] = "赵婷"

    workbook = edited(source, tmp_path, edit)
    result = run("import", str(workbook), "-o", str(source))
    assert result.exit_code == 0, result.output
    loaded = load_answers(source)
    plan = loaded.answers
    assert [(p.phase, p.end) for p in plan.phases] == [("warmup", dt.date(2026, 10, 30))]
    assert plan.schedule[0].owner == "赵婷" and len(plan.schedule) > 10  # the whole schedule
    # the tasks left alone are still the tool's: the proposal is recorded (issue 11)
    from generator.answers import proposed

    assert not proposed.is_proposed(loaded.data, "schedule.0.owner")
    assert proposed.is_proposed(loaded.data, "schedule.1.owner")
    assert proposed.is_proposed(loaded.data, "schedule.1.start")


# --- text stays text ---------------------------------------------------------------------------


def test_text_starting_with_equals_is_text_and_a_computed_formula_is_its_value(tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(ZH.read_text(encoding="utf-8").replace(
        "owner: 周强", "owner: '=HYPERLINK(\"http://x\",\"周强\")'", 1), encoding="utf-8")
    new = tmp_path / "new.yaml"
    result = run("import", str(export(source, tmp_path / "plan.xlsx")), "-o", str(new))
    assert result.exit_code == 0, result.output
    assert load_answers(new).answers.channels[1].owner == '=HYPERLINK("http://x","周强")'


def test_export_refuses_to_overwrite_a_workbook_and_set_needs_new(tmp_path):
    workbook = export(ZH, tmp_path / "plan.xlsx")
    result = run("export", str(ZH), "-o", str(workbook), "--lang", "en")
    assert result.exit_code == 1
    assert f"{workbook} exists (a colleague may be filling it in); add --force" in result.output
    assert run("export", str(ZH), "-o", str(workbook), "--force").exit_code == 0
    result = run("export", str(ZH), "-o", str(tmp_path / "x.xlsx"), "--set", "a=b",
                 "--lang", "en")
    assert result.exit_code == 2 and "--set goes with --new" in result.output
    result = run("export", "-o", str(tmp_path / "x.xlsx"), "--lang", "en")
    assert result.exit_code == 2 and "or --new for a blank workbook" in result.output


def test_values_the_file_records_as_proposed_stay_proposed(tmp_path):
    """The answers file's `proposed:` section (answers/proposed.py): what it still records
    is light blue in the workbook, and a new file read back keeps the record."""
    from generator.answers import proposed

    source = tmp_path / "recorded.yaml"
    source.write_text(ZH.read_text(encoding="utf-8") + (
        "proposed:\n"
        "  objectives.0.key_results.0.deadline: 2026-11-11\n"
        "  phases:\n"
        "    - {phase: planning, start: 2026-10-08, end: 2026-10-20}\n"
        "    - {phase: warmup, start: 2026-10-21, end: 2026-10-31}\n"
        "    - {phase: launch, start: 2026-11-01, end: 2026-11-11}\n"
        "    - {phase: review, start: 2026-11-12, end: 2026-11-18}\n"), encoding="utf-8")
    book = load_workbook(export(source, tmp_path / "plan.xlsx"))
    phases = sheet(book, "phases")
    assert phases[f"B{header_row(phases) + 1}"].fill.fgColor.rgb.endswith("DDEBF7")
    goals = sheet(book, "goals")
    cols, first = columns(goals), header_row(goals) + 1
    assert goals[f"{cols['截止日期']}{first}"].fill.fgColor.rgb.endswith("DDEBF7")
    assert not goals[f"{cols['截止日期']}{first + 1}"].fill.fgColor.rgb.endswith("DDEBF7")
    new = tmp_path / "new.yaml"
    assert run("import", str(tmp_path / "plan.xlsx"), "-o", str(new)).exit_code == 0
    tree = load_answers(new).data
    assert proposed.is_proposed(tree, "phases")
    assert proposed.is_proposed(tree, "objectives.0.key_results.0.deadline")
    assert list(tree)[-1] == "proposed"


def test_a_renamed_header_or_sheet_is_named_and_its_values_are_not_cleared(tmp_path, copy):
    def rename(book):
        channels = sheet(book, "channels")
        channels[f"{columns(channels)['推广预算']}{header_row(channels)}"] = "预算"
        sheet(book, "risks").title = "风险清单"

    result = run("import", str(edited(ZH, tmp_path, rename)), "-o", str(copy))
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert lines == ["错误：plan.xlsx: 推广渠道（推广预算）: 缺少“推广预算”这一列；请把表头改回原样",
                     "plan.xlsx: 缺少工作表 风险 / Risks；请把工作表名称改回原样，或重新导出工作簿"]


def test_a_missing_unit_is_proposed_from_the_metric_and_written_as_proposed(tmp_path):
    """复购用户数 counts people: 人 is proposed (planning/defaults.py), light blue. Nothing
    derives a unit later, so left alone it is written, and recorded as proposed, as the
    questionnaire records a proposed unit the user takes; changed, it is the team's."""
    from generator.answers import proposed

    source = tmp_path / "no-unit.yaml"
    text = ZH.read_text(encoding="utf-8")
    assert text.count("        unit: 人\n") == 3
    source.write_text(text.replace("        unit: 人\n", "", 1), encoding="utf-8")
    workbook = export(source, tmp_path / "plan.xlsx")
    goals = sheet(load_workbook(workbook), "goals")
    unit = goals[f"{columns(goals)['单位']}{header_row(goals) + 1}"]
    assert unit.value == "人" and unit.fill.fgColor.rgb.endswith("DDEBF7")
    new = tmp_path / "new.yaml"
    assert run("import", str(workbook), "-o", str(new)).exit_code == 0
    loaded = load_answers(new)
    assert loaded.answers.objectives[0].key_results[0].unit == "人"
    assert proposed.is_proposed(loaded.data, "objectives.0.key_results.0.unit")
    assert not proposed.is_proposed(loaded.data, "objectives.0.key_results.1.unit")  # 元, theirs

    def edit(book):
        goals = sheet(book, "goals")
        goals[f"{columns(goals)['单位']}{header_row(goals) + 1}"] = "位"

    mine = tmp_path / "mine.yaml"
    assert run("import", str(edited(source, tmp_path, edit, "edited.xlsx")), "-o", str(mine)).exit_code == 0
    loaded = load_answers(mine)
    assert loaded.answers.objectives[0].key_results[0].unit == "位"
    assert not proposed.is_proposed(loaded.data, "objectives.0.key_results.0.unit")
