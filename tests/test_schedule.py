"""The schedule sheet end to end: view, DOCX/PDF/XLSX/ICS written by the CLI and read back."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from click.testing import CliRunner

from bench.schedule_bench import make_big_schedule_answers
from generator.__main__ import cli
from generator.answers.load import load_answers, loads_answers
from generator.locales import t
from generator.render.templating import render_document
from generator.views.schedule import build_schedule_view
from generator.writers.ics import write_ics
from generator.writers.xlsx.schedule import write_schedule_xlsx

from .conftest import EXAMPLES
from .helpers import pdffonts, pdftotext, soffice_convert

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
GANTT_FIRST_COL = 3  # on the Gantt sheet: id, task, then the days (column C)


def _view(path=ZH):
    answers = load_answers(path).answers
    return answers, build_schedule_view(answers, answers.lang).context["sched"]


# --- the view -----------------------------------------------------------------------------------


def test_view_groups_phases_in_order_with_ranges():
    answers, s = _view()
    assert [g["label"] for g in s["groups"]] == ["活动策划期", "活动预热期", "活动上线期",
                                                 "活动复盘期"]
    assert (s["groups"][0]["start"], s["groups"][0]["end"]) == (dt.date(2026, 10, 8),
                                                                dt.date(2026, 10, 20))
    assert sum(g["task_count"] for g in s["groups"]) == len(answers.schedule)
    for group in s["groups"]:
        starts = [t["start"] for t in group["tasks"]]
        assert starts == sorted(starts)
    assert not s["proposed"]


def test_gantt_marks_bars_milestones_critical_and_edges():
    _, s = _view()
    gantt = s["gantt"]
    assert gantt["unit"] == "day" and len(gantt["columns"]) == 42  # 10-08 .. 11-18
    edges = [i for i, c in enumerate(gantt["columns"]) if c["edge"]]
    assert [gantt["columns"][i]["start"] for i in edges] == [dt.date(2026, 11, 1),
                                                            dt.date(2026, 11, 11)]
    by_id = {r["id"]: r for r in gantt["rows"]}
    t1 = by_id["T1"]  # 10-08 .. 10-09, first on the critical path
    assert [c["cls"] for c in t1["cells"][:3]] == ["on crit", "on crit", ""]
    assert by_id["T4"]["cells"][9] == {"cls": "ms", "text": "◆"}  # 策划方案评审 on 10-17
    assert "edge" in by_id["T1"]["cells"][edges[0]]["cls"]
    plain = next(r for r in gantt["rows"] if not r["critical"] and not r["milestone"])
    assert any(c["cls"].split()[:1] == ["on"] for c in plain["cells"])
    assert not any("crit" in c["cls"] for c in plain["cells"])


def test_a_two_day_milestone_shows_one_diamond_on_its_due_day():
    _, s = _view()
    columns = s["gantt"]["columns"]
    t11 = next(r for r in s["gantt"]["rows"] if r["id"] == "T11")  # 10-30 .. 10-31, milestone
    marked = {columns[i]["start"].isoformat(): c for i, c in enumerate(t11["cells"])
              if c["cls"] not in ("", "edge")}
    assert marked == {"2026-10-30": {"cls": "on crit", "text": ""},
                      "2026-10-31": {"cls": "ms", "text": "◆"}}
    assert sum(c["text"] == "◆" for r in s["gantt"]["rows"] for c in r["cells"]) == len(
        s["milestones"])


def test_gantt_headers_are_day_numbers_under_their_month():
    _, s = _view()
    gantt = s["gantt"]
    assert [c["label"] for c in gantt["columns"][:3]] == ["8", "9", "10"]  # 10-08 ..
    assert gantt["columns"][24]["label"] == "1"  # 11-01
    assert [(m["label"], m["span"]) for m in gantt["months"]] == [("10月", 24), ("11月", 18)]
    _, en = _view(EN)
    assert [m["label"] for m in en["gantt"]["months"]] == ["Feb", "Mar", "Apr"]
    assert max(len(c["label"]) for c in en["gantt"]["columns"]) <= 2


def test_workload_flags_overlaps():
    _, s = _view()
    rows = {w["owner"]: w for w in s["workload"]}
    assert sum(w["tasks"] for w in s["workload"]) == len(s["tasks"])
    assert all(w["busy_days"] <= w["task_days"] for w in s["workload"])
    overlapping = [w for w in s["workload"] if w["overlaps"]]
    for w in overlapping:
        a, b = w["overlaps"][0]
        ta, tb = (next(t for t in s["tasks"] if t["id"] == i) for i in (a, b))
        assert ta["start"] <= tb["end"] and tb["start"] <= ta["end"]
        assert f"{a}/{b}" in w["overlap_text"]
    assert "张敏" in rows


def test_long_campaign_uses_week_columns():
    text = ZH.read_text(encoding="utf-8").replace("    end: 2026-11-11\n", "    end: 2026-12-20\n")
    answers = loads_answers(text, "long.yaml").answers
    s = build_schedule_view(answers, "zh").context["sched"]
    gantt = s["gantt"]
    assert gantt["unit"] == "week"
    assert all(c["start"].weekday() == 0 for c in gantt["columns"])
    row = gantt["rows"][0]  # T1 10-08 .. 10-09: the week of Monday 10-05 only
    assert [c["cls"].split()[0] for c in row["cells"] if c["cls"]][:1] in (["on"], ["ms"])
    assert sum(1 for c in row["cells"] if "on" in c["cls"].split()) == 1


def test_empty_schedule_gets_the_proposed_one():
    text = ZH.read_text(encoding="utf-8")
    head, tail = text.split("schedule:", 1)
    text = head + "risks:" + tail.split("\nrisks:", 1)[1]
    answers = loads_answers(text, "noschedule.yaml").answers
    doc = render_document("schedule", answers)
    assert "本排期为建议排期" in doc.markdown
    # the note speaks to the reader: no instruction to the author, no file or command
    assert "答案文件" not in doc.markdown and "schedule" not in doc.markdown
    assert "活动正式上线" in doc.markdown and "渠道推广：微信公众号" in doc.markdown
    assert "功能开发：活动页抽奖模块" in doc.markdown


def test_untrusted_task_text_stays_text():
    text = ZH.read_text(encoding="utf-8").replace(
        "task: 确定活动目标与预算", 'task: "<b>x</b> | **y** {{ 7*7 }} [a](http://e)"', 1)
    answers = loads_answers(text, "evil.yaml").answers
    doc = render_document("schedule", answers)
    assert "<b>x</b>" not in doc.html and "&lt;b&gt;x&lt;/b&gt;" in doc.html
    assert "{{ 7*7 }}" in doc.html  # shown, never evaluated
    assert 'href="http://e"' not in doc.html


# --- the files, through the CLI ----------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every schedule format for both examples, generated once by the real CLI."""
    out = tmp_path_factory.mktemp("schedule-out")
    for example in (ZH, EN):
        result = CliRunner().invoke(cli, ["generate", str(example), "--doc", "schedule",
                                          "--format", "docx,pdf,xlsx,ics", "-o", str(out)])
        assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_docx_is_landscape_with_gantt_shading(written, example):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    answers, s = _view(example)
    document = docx.Document(str(written / f"{answers.slug}-schedule.docx"))
    assert all(sec.orientation == WD_ORIENT.LANDSCAPE for sec in document.sections)
    first = "事项" if answers.lang == "zh" else "Task"
    gantt = next(t for t in document.tables if len(t.rows) > 1
                 and t.rows[1].cells[0].text == first
                 and len(t.columns) == len(s["gantt"]["columns"]) + 1)
    assert len(gantt.rows) == len(s["tasks"]) + 2  # the months, the days, one row a task
    months = [m["label"] for m in s["gantt"]["months"]]
    assert months == (["10月", "11月"] if answers.lang == "zh" else ["Feb", "Mar", "Apr"])
    header = [c.text for c in gantt.rows[0].cells[1:]]  # a merged cell repeats per column
    assert header == [m["label"] for m in s["gantt"]["months"] for _ in range(m["span"])]
    row = gantt.rows[2]
    spec = s["gantt"]["rows"][0]["cells"]
    shaded = [i for i, c in enumerate(row.cells[1:]) if c._tc.find(".//" + qn("w:shd")) is not None
              and c._tc.find(".//" + qn("w:shd")).get(qn("w:fill")) not in (None, "auto")]
    assert shaded and shaded == [i for i, c in enumerate(spec) if c["cls"].split()[:1]
                                 in (["on"], ["ms"])]
    task_rows = sum(len(t.rows) - 1 for t in document.tables
                    if t.rows[0].cells[-1].text in ("状态", "Status"))
    assert task_rows == len(s["tasks"])


@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_pdf_text_and_fonts(written, example):
    answers, s = _view(example)
    pdf = written / f"{answers.slug}-schedule.pdf"
    text = pdftotext(pdf)
    assert answers.campaign.theme in text
    for task in s["tasks"][:5] + s["tasks"][-3:]:
        assert task["task"][:8] in text
    assert ("甘特图" if answers.lang == "zh" else "Gantt chart") in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    assert re.search(r"Noto-?Sans-?CJK.*yes", pdffonts(pdf), re.IGNORECASE)


@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_xlsx_reads_back(written, example):
    import openpyxl

    answers, s = _view(example)
    book = openpyxl.load_workbook(written / f"{answers.slug}-schedule.xlsx")
    sheet, gantt, owners, checks = book.worksheets  # the example's go-live checklist last
    lang = answers.lang
    assert checks.title == t("workbook.schedule.sheet_checklist", lang=lang)
    assert [c.value for c in sheet[1][:11]] == [t(f"schedule.columns.{k}", lang=lang) for k in (
        "id", "task", "phase", "owner", "start", "end", "days", "deliverable", "depends_on",
        "milestone", "status")]
    assert sheet["A1"].value == ("编号" if lang == "zh" else "ID")
    last = len(s["tasks"]) + 1
    assert sheet.cell(last, 1).value == s["tasks"][-1]["id"] and sheet.cell(last + 1, 1).value is None
    first = s["tasks"][0]
    assert sheet["A2"].value == first["id"] and sheet["B2"].value == first["task"]
    assert isinstance(sheet["E2"].value, dt.datetime) and sheet["E2"].value.date() == first["start"]
    assert sheet["E2"].number_format == "yyyy-mm-dd" and sheet["G2"].value == first["days"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == f"A1:K{last}"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list" and "K2" in str(validation.sqref)
    assert validation.formula1 == ('"未开始,进行中,已完成,延期"' if lang == "zh"
                                   else '"Not started,In progress,Done,Delayed"')
    assert sheet.max_column == 11  # the table alone: the Gantt prints on pages of its own
    # the Gantt: header cells are dates, fills exactly where the view says
    assert gantt.title == ("甘特图" if lang == "zh" else "Gantt chart")
    assert [gantt["A2"].value, gantt["B2"].value] == [first["id"], first["task"]]
    assert gantt.cell(1, GANTT_FIRST_COL).value.date() == s["gantt"]["columns"][0]["start"]
    # under the Gantt (on its sheet), its legend: one colour (or the diamond) and its meaning a line
    legend = [(gantt.cell(r, GANTT_FIRST_COL).value, gantt.cell(r, GANTT_FIRST_COL + 1).value)
              for r in range(last + 2, last + 6)]
    assert legend == [(None, t("schedule.gantt.legend.on", lang=lang)),
                      (None, t("schedule.gantt.legend.crit", lang=lang)),
                      ("◆", t("schedule.gantt.legend.ms", lang=lang)),
                      (None, t("schedule.gantt.legend.edge", lang=lang))]
    assert gantt.cell(last + 2, GANTT_FIRST_COL).fill.fgColor.rgb[-6:] == "8DB4E2"
    for r, row in enumerate(s["gantt"]["rows"][:6], start=2):
        for offset, cell in enumerate(row["cells"]):
            fill = gantt.cell(r, GANTT_FIRST_COL + offset).fill.fgColor.rgb
            kind = next((k for k in ("ms", "crit", "on") if k in cell["cls"].split()), None)
            expected = {"ms": "1F3864", "crit": "E26B6B", "on": "8DB4E2"}.get(kind)
            assert (fill[-6:] if gantt.cell(r, GANTT_FIRST_COL + offset).fill.fill_type
                    else None) == expected
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    assert owners.title == ("人员负荷" if lang == "zh" else "Workload per owner")
    assert [c.value for c in owners[1]] == (  # the PDF's words (事项, not 任务数)
        ["负责人", "事项", "任务天数", "占用天数", "最多并行", "重叠事项"] if lang == "zh"
        else ["Owner", "Tasks", "Task-days", "Busy days", "Max parallel", "Overlapping tasks"])
    assert [c.value for c in owners["A"][1:]] == [w["owner"] for w in s["workload"]]
    assert [c.value for c in owners["C"][1:]] == [w["task_days"] for w in s["workload"]]


def test_libreoffice_opens_the_xlsx(written, tmp_path):
    answers, s = _view(ZH)
    pdf = soffice_convert(written / f"{answers.slug}-schedule.xlsx", tmp_path)
    text = pdftotext(pdf)
    assert s["tasks"][0]["task"] in text and "负责人" in text


@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_ics_parses_back(written, example):
    from icalendar import Calendar

    answers, s = _view(example)
    calendar = Calendar.from_ical((written / f"{answers.slug}-schedule.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 4 + 19  # the four phases and one event per task (milestones too)
    phases = {str(e["uid"]): e for e in events if "-phase-" in str(e["uid"])}
    launch = phases[f"{answers.slug}-phase-launch@campaign-docs"]
    assert launch.decoded("dtstart") == answers.campaign.start
    assert launch.decoded("dtend") == answers.campaign.end + dt.timedelta(days=1)
    assert not isinstance(launch.decoded("dtstart"), dt.datetime)  # all-day
    milestone = s["milestones"][0]
    event = next(e for e in events if str(e["uid"]).endswith(f"milestone-{milestone['id']}"
                                                            "@campaign-docs"))
    assert str(event["summary"]).startswith(f"◆ {milestone['task']}")
    assert event.decoded("dtstart") == milestone["start"]


def test_ics_has_an_event_per_task_with_owner_and_deliverable(written):
    from icalendar import Calendar

    calendar = Calendar.from_ical((written / "double11-2026-schedule.ics").read_bytes())
    assert str(calendar["x-wr-calname"]) == "双十一老客回馈季 · 活动排期"
    assert "2026-11-01 至 2026-11-11" in str(calendar["x-wr-caldesc"])
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # T2 in the example: 老客数据分析与人群圈选, 赵婷, 10-10..10-13, after T1
    task = events["double11-2026-task-T2@campaign-docs"]
    assert str(task["summary"]) == "老客数据分析与人群圈选（赵婷）"
    assert task.decoded("dtstart") == dt.date(2026, 10, 10)
    assert task.decoded("dtend") == dt.date(2026, 10, 14)  # exclusive: the day after 10-13
    assert str(task["description"]).splitlines() == [
        "编号: T2", "阶段: 活动策划期", "负责人: 赵婷", "交付结果: 人群包与需求痛点分析",
        "前置任务: T1"]
    assert [str(c) for c in task["categories"].cats] == ["活动策划期"]
    # T4 is a milestone: 策划方案评审 on 10-17, 张敏
    review = events["double11-2026-milestone-T4@campaign-docs"]
    assert str(review["summary"]) == "◆ 策划方案评审（张敏）"
    assert [str(c) for c in review["categories"].cats] == ["活动策划期", "里程碑"]
    assert "交付结果: 评审纪要与定稿方案" in str(review["description"])
    assert not any(uid.endswith("task-T4@campaign-docs") for uid in events)  # not twice
    en = Calendar.from_ical((written / "spring-referral-2026-schedule.ics").read_bytes())
    assert str(en["x-wr-calname"]) == "FitPulse Spring Referral Sprint · campaign schedule"


# --- a big schedule ---------------------------------------------------------------------------


def test_200_task_schedule_renders(tmp_path):
    import openpyxl

    answers = make_big_schedule_answers(200)
    doc = render_document("schedule", answers)
    assert doc.html.count('<td class="num">') == 200  # one days cell per task row
    view = build_schedule_view(answers, "zh")
    write_schedule_xlsx(view, tmp_path / "big.xlsx")
    write_ics(view, tmp_path / "big.ics")
    sheet = openpyxl.load_workbook(tmp_path / "big.xlsx").worksheets[0]
    assert sheet.cell(201, 1).value is not None and sheet.cell(202, 1).value is None
