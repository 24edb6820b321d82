"""The plan workbook: what export writes, and the round trips (examples, LibreOffice, a team).

Round trip, golden: each example -> export -> import gives the example's plan (the model
and, into a copy of the example, the very same YAML text); a golden YAML per example shows
what an import into a new file writes. A workbook re-saved by LibreOffice reads the same.
A blank workbook filled by openpyxl as a team would gives a file that passes `check` and
generates every document.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from openpyxl import load_workbook

from generator.answers.load import load_answers
from generator.answers.model import Answers
from generator.generate import generate_file
from generator.locales import t
from generator.writers import palette
from generator.writers.xlsx import plan_layout as L

from .conftest import EXAMPLES, ROOT
from .helpers import soffice_convert
from .plan_book import columns, export, first_blank, form_row, header_row, rows, run, sheet

GOLDEN = ROOT / "tests" / "golden"
ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
# compare_with names the campaign the review compares with: the review's, not the plan's
PLAN_SECTIONS = [k for k in Answers.model_fields
                 if k not in ("format", "results", "compare_with", "proposed")]


def plan_of(path):
    """The plan as the model reads it (everything but the results)."""
    return load_answers(path).answers.model_dump(exclude={"results"})


# --- the layout --------------------------------------------------------------------------------


def _model_fields(model, prefix=""):
    """Dotted field names of a model, nested models and lists of models followed."""
    from generator.answers.validation import _model_in

    found = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = _model_in(info.annotation)
        if inner is None:
            found.append(prefix + key)
        else:
            found += _model_fields(inner, f"{prefix}{key}.")
    return found


def _layout_fields():
    found = set()
    for s in L.SHEETS:
        found |= {f.key for f in s.form}
        if s.table is not None:
            base = s.table.path
            for f in s.table.columns:
                path = base if not f.key else f"{base}.{f.key}"
                if s.key == "goals" and f.key != "objective":
                    path = f"objectives.key_results.{f.key}"
                found.add(path)
    return found


def test_every_field_of_the_plan_has_a_place_in_the_workbook():
    """A field added to the model must get a row or a column (or this fails)."""
    wanted = {f for f in _model_fields(Answers) if f.split(".")[0] in PLAN_SECTIONS}
    assert wanted - _layout_fields() == set()
    assert set(L.SECTIONS) == set(PLAN_SECTIONS)


# --- what export writes ------------------------------------------------------------------------


def test_export_writes_one_sheet_per_section_with_the_questionnaire_words(tmp_path):
    book = load_workbook(export(ZH, tmp_path / "plan.xlsx"))
    titles = [t(f"questionnaire.plan.sections.{s.key}.title", lang="zh") for s in L.SHEETS]
    assert book.sheetnames == ["填写说明", *titles, L.META_SHEET]
    assert book[L.META_SHEET].sheet_state == "hidden"
    readme = book["填写说明"]
    assert readme["A1"].value == "活动策划方案 · 团队填写表"
    assert readme["A2"].value == "活动：双十一老客回馈季（2026-11-01 至 2026-11-11）"
    assert any("campaign-docs import" in str(c.value) for c in readme["A"])
    # the legend: proposed cells are light blue, required headers dark blue with *
    legend = {c.value: c.fill.fgColor.rgb[-6:] for c in readme["A"] if c.value}
    assert legend["浅蓝色：工具的建议值，可以直接修改"] == "DDEBF7"
    assert legend["深蓝色表头带 *：必须填写"] == palette.ACCENT
    channels = sheet(book, "channels")
    head = header_row(channels)
    assert [c.value for c in channels[head]][:4] == ["渠道名称 *", "渠道类型", "对接流程",
                                                     "推广预算"]
    # the questionnaire's help and how to type the value, as the header's comment
    budget = sheet(book, "basics").cell(form_row(sheet(book, "basics"), "总预算"), 1)
    assert "例如 20000、2万、¥20,000" in budget.comment.text
    assert channels.freeze_panes == f"A{head + 1}"
    assert channels.print_title_rows == f"${head}:${head}"
    assert channels.page_setup.orientation == "landscape"
    # the look of our other workbooks (writers/xlsx/fonts.py): one CJK face on every cell
    assert channels["A1"].font.name == "Noto Sans CJK SC" == book._fonts[0].name
    assert channels[f"A{head}"].font.scheme == "minor"


def test_values_are_real_dates_numbers_and_choice_names(tmp_path):
    book = load_workbook(export(ZH, tmp_path / "plan.xlsx"))
    channels = sheet(book, "channels")
    cols, row = columns(channels), rows(channels)["短信召回"]
    assert channels[f"{cols['渠道类型']}{row}"].value == "付费投放"
    assert channels[f"{cols['推广预算']}{row}"].value == 15000
    assert channels[f"{cols['推广开始']}{row}"].value == dt.datetime(2026, 11, 1)
    assert channels[f"{cols['推广开始']}{row}"].number_format == "yyyy-mm-dd"
    basics = sheet(book, "basics")
    assert basics.cell(form_row(basics, "相关部门"), 2).value == "用户运营部、市场部、产品技术部、数据分析组"
    assert basics.cell(form_row(basics, "活动目的"), 2).value == "转化提升"
    schedule = sheet(book, "schedule")
    cols = columns(schedule)
    t4 = rows(schedule)["T4"]
    assert schedule[f"{cols['前置任务']}{t4}"].value == "T3"
    assert schedule[f"{cols['是否里程碑']}{t4}"].value == "是"


def test_every_choice_is_a_drop_down_from_the_hidden_lists(tmp_path):
    book = load_workbook(export(ZH, tmp_path / "plan.xlsx"))
    meta = book[L.META_SHEET]
    lists = {meta.cell(1, c).value: [meta.cell(r, c).value for r in range(2, 10)
                                     if meta.cell(r, c).value]
             for c in range(L.LIST_COLUMN, L.LIST_COLUMN + len(L.CHOICE_GROUPS))}
    assert lists["channel_kind"] == ["自有渠道", "付费投放", "合作渠道", "KOL", "线下", "其他"]
    assert lists["level"] == ["低", "中", "高"]
    checked = 0
    for spec in L.SHEETS:
        ws = sheet(book, spec.key)
        lists_used = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert all(dv.formula1.startswith(f"'{L.META_SHEET}'!$") for dv in lists_used)
        for field in (*spec.form, *(spec.table.columns if spec.table else ())):
            if field.kind not in (L.CHOICE, L.BOOL):
                continue
            label = field.label("zh")
            # a form's cell, or a table's cell in a row the team adds
            cell = f"B{form_row(ws, label)}" if field in spec.form else \
                f"{columns(ws)[label]}{header_row(ws) + 30}"
            assert any(cell in dv.sqref for dv in lists_used), (spec.key, label)
            checked += 1
    assert checked == 16  # purpose, language, KR kind, two phases, four kinds (budget lines too),
    # milestone, two levels, workstream, cadence, checklist kind and done
    dates = [dv for dv in sheet(book, "channels").data_validations.dataValidation
             if dv.type == "date"]
    assert dates and dates[0].errorStyle == "warning"  # `11月1日` typed as text is read too


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(ZH.read_text(encoding="utf-8").replace(
        "owner: 周强", "owner: '=HYPERLINK(\"http://x\",\"周强\")'", 1), encoding="utf-8")
    book = load_workbook(export(source, tmp_path / "plan.xlsx"))
    channels = sheet(book, "channels")
    cell = channels[f"{columns(channels)['渠道负责人']}{rows(channels)['短信召回']}"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("example", [ZH, EN], ids=lambda p: p.stem)
def test_example_round_trip_gives_the_example(example, tmp_path):
    """Golden: export -> import into a new file gives the example's plan; into a copy of
    the example it changes nothing (the same text, comments and all)."""
    workbook = export(example, tmp_path / "plan.xlsx")
    new = tmp_path / "new.yaml"
    result = run("import", str(workbook), "-o", str(new))
    assert result.exit_code == 0, result.output
    assert plan_of(new) == plan_of(example)
    golden = GOLDEN / f"{example.stem}.imported.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    assert new.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")
    copy = tmp_path / example.name
    shutil.copy(example, copy)
    result = run("import", str(workbook), "-o", str(copy))
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == example.read_bytes()
    unchanged = t("plan_workbook.import.unchanged", lang=load_answers(example).answers.lang,
                  file=copy)
    assert unchanged in result.output


def test_workbooks_saved_by_libreoffice_read_the_same(tmp_path):
    """LibreOffice re-saves both workbooks (its own XML, shared strings, styles, dates);
    a formula typed by the team is saved with the value LibreOffice computed."""
    from openpyxl import load_workbook as load

    books = []
    for example in (ZH, EN):
        path = export(example, tmp_path / f"{example.stem}.xlsx")
        book = load(path)
        basics = sheet(book, "basics")
        label, formula = ("总预算", "=150000+50000") if example == ZH else \
            ("Total budget", "=40000+20000")
        basics.cell(form_row(basics, label), 2).value = formula
        book.save(path)
        books.append(path)
    out = tmp_path / "lo"
    out.mkdir()
    for path in books:
        resaved = soffice_convert(path, out, "xlsx")
        result = run("import", str(resaved), "-o", str(tmp_path / f"{path.stem}.yaml"))
        assert result.exit_code == 0, result.output
    assert plan_of(tmp_path / f"{ZH.stem}.yaml") == plan_of(ZH)
    assert plan_of(tmp_path / f"{EN.stem}.yaml") == plan_of(EN)


def test_a_blank_workbook_filled_by_a_team_gives_a_plan_that_checks_and_generates(tmp_path):
    workbook = export(None, tmp_path / "blank.xlsx", "--lang", "zh",
                      "--set", "campaign.start=2026-06-01", "--set", "campaign.end=2026-06-18")
    book = load_workbook(workbook)
    fill_as_a_team(book)
    book.save(workbook)
    answers = tmp_path / "plan.yaml"
    result = run("import", str(workbook), "-o", str(answers))
    assert result.exit_code == 0, result.output
    assert run("check", str(answers)).exit_code == 0
    loaded = load_answers(answers).answers
    assert loaded.campaign.budget == 50000  # typed "5万"
    kr = loaded.objectives[0].key_results[1]
    assert (kr.target, kr.unit) == (18, "%")  # typed 18% in a percent-formatted cell
    assert [c.kind for c in loaded.channels] == ["owned", "kol"]  # a key and a name
    assert loaded.channels[1].start == dt.date(2026, 6, 3)  # typed 2026年6月3日
    assert loaded.risks[0].likelihood == "high"
    assert loaded.phases == []  # the proposed phases were left alone: they follow the dates
    paths = generate_file(answers, docs=("plan", "schedule", "review"),
                          formats=("docx", "pdf", "xlsx", "html", "md", "ics"),
                          outdir=tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert len(names) >= 10 and any(n.endswith("plan.pdf") for n in names)
    assert all(p.stat().st_size > 0 for p in paths)


def fill_as_a_team(book):
    """What a team types into a blank zh workbook, each in their own sheet."""
    basics = sheet(book, "basics")
    for label, value in (("活动主题", "618 会员日"), ("活动目的", "引流获客"),
                         ("活动负责人", "王芳"), ("总预算", "5万"), ("相关部门", "市场部、用户运营部")):
        basics.cell(form_row(basics, label), 2).value = value
    goals = sheet(book, "goals")
    cols, row = columns(goals), header_row(goals) + 1
    for offset, (metric, target, unit) in enumerate((("新注册用户数", 20000, "人"),
                                                    ("注册转化率", 0.18, None))):
        goals[f"{cols['目标（O）']}{row + offset}"] = "拉新"
        goals[f"{cols['关键结果指标']}{row + offset}"] = metric
        goals[f"{cols['目标值']}{row + offset}"] = target
        if unit:
            goals[f"{cols['单位']}{row + offset}"] = unit
    goals[f"{cols['目标值']}{row + 1}"].number_format = "0%"  # Excel stores 18% as 0.18
    channels = sheet(book, "channels")
    cols, row = columns(channels), first_blank(channels)
    channels[f"{cols['渠道名称']}{row}"] = "公众号"
    channels[f"{cols['渠道类型']}{row}"] = "owned"
    channels[f"{cols['推广预算']}{row}"] = "¥8,000"
    channels[f"{cols['渠道名称']}{row + 1}"] = "小红书"
    channels[f"{cols['渠道类型']}{row + 1}"] = "KOL"
    channels[f"{cols['推广开始']}{row + 1}"] = "2026年6月3日"
    channels[f"{cols['推广结束']}{row + 1}"] = dt.date(2026, 6, 15)
    risks = sheet(book, "risks")
    cols, row = columns(risks), first_blank(risks)
    risks[f"{cols['风险']}{row}"] = "=号开头的风险也只是文字"
    risks[f"{cols['风险']}{row}"].data_type = "s"
    risks[f"{cols['可能性']}{row}"] = "高"
    rules = sheet(book, "rules")
    rules[f"A{first_blank(rules)}"] = "新用户注册即送 20 元券"


def test_a_blank_english_workbook_lists_the_phases_and_reads_back_the_basics(tmp_path):
    workbook = export(None, tmp_path / "blank.xlsx", "--lang", "en")
    book = load_workbook(workbook)
    phases = sheet(book, "phases")
    first = header_row(phases) + 1
    assert [phases[f"A{first + n}"].value for n in range(5)] == \
        ["Planning", "Warm-up", "Launch", "Review", None]  # names only: no dates known yet
    # the front sheet's steps wrap in its one 110-wide column, each row tall enough for
    # its lines (16 pt a line + 2): LibreOffice keeps the saved height, and prints it
    readme = book.worksheets[0]
    steps = {str(c.value)[:2]: c.row for c in readme["A"] if str(c.value)[:1].isdigit()}
    assert readme.column_dimensions["A"].width == 110
    assert readme.row_dimensions[steps["6."]].height == 34  # 169 width units: two lines
    assert readme.row_dimensions[steps["4."]].height in (None, 15)  # 87 units: one line
    basics = sheet(book, "basics")
    assert basics.cell(form_row(basics, "Documents' language"), 2).value == "English"
    for label, value in (("Campaign theme", "Spring sale"), ("Purpose", "Conversion"),
                         ("Start date", dt.date(2027, 3, 1)), ("End date", "2027-03-14"),
                         ("Owner", "Maya")):
        basics.cell(form_row(basics, label), 2).value = value
    goals = sheet(book, "goals")
    cols, row = columns(goals), header_row(goals) + 1
    goals[f"{cols['Objective (O)']}{row}"] = "Sell more"
    goals[f"{cols['Key-result metric']}{row}"] = "Orders"
    goals[f"{cols['Target']}{row}"] = "1.5k"
    book.save(workbook)
    answers = tmp_path / "spring.yaml"
    result = run("import", str(workbook), "-o", str(answers))
    assert result.exit_code == 0, result.output
    assert f"{answers} written (from blank.xlsx)" in result.output
    plan = load_answers(answers).answers
    assert (plan.lang, plan.campaign.purpose, plan.campaign.end) == \
        ("en", "conversion", dt.date(2027, 3, 14))
    assert plan.objectives[0].key_results[0].target == 1500
    assert "phases:" not in answers.read_text(encoding="utf-8")  # derived from the dates


def test_every_font_of_the_plan_workbook_is_the_cjk_theme_font(tmp_path):
    """The same face as the schedule and review workbooks (tests/test_xlsx_print.py)."""
    import re
    import zipfile

    with zipfile.ZipFile(export(ZH, tmp_path / "plan.xlsx")) as package:
        styles = package.read("xl/styles.xml").decode("utf-8")
        theme = package.read("xl/theme/theme1.xml").decode("utf-8")
    fonts = re.findall(r"<font>(.*?)</font>", styles)
    assert len(fonts) >= 4 and "Calibri" not in styles
    for face in fonts:
        assert '<name val="Noto Sans CJK SC"/>' in face and '<charset val="134"/>' in face
    assert 'script="Hans" typeface="等线"' in theme
