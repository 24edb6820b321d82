"""Team and rhythm, and the go-live checklist (issue 16): the proposals worked by hand, the
proposed: record following the schedule, `check`'s warnings, the plan's chapters (present
with data, absent without) in DOCX and PDF, the schedule workbook's sheet, the schema.

SPRING (written below, zh; campaign 2027-03-10..16, so the default phases are planning
02-17..02-27, warm-up 02-28..03-09, launch 03-10..03-16) has eight tasks:
  T1 撰写活动策划方案  张敏    none (planning is the campaign owner's)
  T2 主视觉海报设计    韩梅梅  materials (海报)                         depends on T1
  T3 抽奖页开发        王工    development (names the development item) depends on T1
  T4 朋友圈广告投放    李雷    channels (names the channel)             depends on T2
  T5 会员社群预热      陈晨    channels (names the channel)             depends on T2
  T6 社群推送          陈晨    channels (推送)                          depends on T3
  T7 实时数据监测      赵婷    data (数据)                              depends on T3
  T8 客服答疑          周强    service (客服)
RACI: channels R 陈晨 (2 tasks), 李雷 (1); A 陈晨; C 张敏 (the owner, not in R/A); I none
(no other workstream's task depends on T4-T6). materials R/A 韩梅梅, C 张敏, I 李雷, 陈晨
(T4, T5 depend on T2). development R/A 王工, C 张敏, I 陈晨, 赵婷 (T6, T7 depend on T3).
data R/A 赵婷, C 张敏. service R/A 周强, C 张敏.
Rhythm: weekly meeting 02-17..03-16 by 张敏 with the As; daily report 03-10..03-16 by 赵婷
(the data A) to 张敏 and the other As.
Checklist (launch 03-10): prize rules (抽奖 in the rules) 5 days before = 03-05, 张敏;
ad wording (a paid channel) 7 days before = 03-03, but the ad starts 03-01, so 02-28, by the
materials A 韩梅梅; personal-data consent (手机号 in the flow) 03-05, by the development A
王工; the FAQ 3 days before = 03-07, by the service A 周强; rollback 2 days before = 03-08,
王工. Sorted by due date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.__main__ import cli
from generator.answers import paths
from generator.answers.load import load_answers, loads_answers, read_tree, save_answers
from generator.planning import checklist, team

from .conftest import EXAMPLES
from .helpers import pdftotext

D = dt.date
SPRING = """\
format: 1
lang: zh
campaign:
  theme: 春季会员日
  purpose: conversion
  start: 2027-03-10
  end: 2027-03-16
  owner: 张敏
rules:
  - 消费满 99 元可参与抽奖
flow:
  - 填写手机号领券
channels:
  - name: 朋友圈广告
    kind: paid
    owner: 李雷
    start: 2027-03-01
    end: 2027-03-16
  - name: 会员社群
    kind: owned
    owner: 陈晨
development:
  - item: 抽奖页
    kind: page
    owner: 王工
    due: 2027-03-05
schedule:
  - {id: T1, task: 撰写活动策划方案, owner: 张敏, start: 2027-02-20, end: 2027-02-22}
  - {id: T2, task: 主视觉海报设计, owner: 韩梅梅, start: 2027-02-23, end: 2027-02-26, depends_on: [T1]}
  - {id: T3, task: 抽奖页开发, owner: 王工, start: 2027-02-23, end: 2027-03-05, depends_on: [T1]}
  - {id: T4, task: 朋友圈广告投放, owner: 李雷, start: 2027-03-01, end: 2027-03-16, depends_on: [T2]}
  - {id: T5, task: 会员社群预热, owner: 陈晨, start: 2027-03-01, end: 2027-03-09, depends_on: [T2]}
  - {id: T6, task: 社群推送, owner: 陈晨, start: 2027-03-10, end: 2027-03-16, depends_on: [T3]}
  - {id: T7, task: 实时数据监测, owner: 赵婷, start: 2027-03-10, end: 2027-03-16, depends_on: [T3]}
  - {id: T8, task: 客服答疑, owner: 周强, start: 2027-03-10, end: 2027-03-16}
"""
AS = ["陈晨", "韩梅梅", "王工", "赵婷", "周强"]


def spring(extra: str = "", old: str = "", new: str = "") -> str:
    text = SPRING.replace(old, new) if old else SPRING
    return text + extra


def answers(text: str = SPRING):
    return loads_answers(text, "spring.yaml").answers


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result


# --- the proposals, worked by hand --------------------------------------------------------------


def test_raci_is_proposed_from_the_schedule_owners():
    rows = {r["workstream"]: r for r in team.propose_raci(answers())}
    assert list(rows) == ["channels", "materials", "development", "data", "service"]
    assert rows["channels"] == {"workstream": "channels", "responsible": ["陈晨", "李雷"],
                                "accountable": ["陈晨"], "consulted": ["张敏"], "informed": []}
    assert rows["materials"]["informed"] == ["李雷", "陈晨"]
    assert rows["development"] == {"workstream": "development", "responsible": ["王工"],
                                   "accountable": ["王工"], "consulted": ["张敏"],
                                   "informed": ["陈晨", "赵婷"]}
    assert (rows["data"]["accountable"], rows["service"]["accountable"]) == (["赵婷"], ["周强"])


def test_a_workstream_without_work_is_left_out_but_customer_service_is_always_there():
    # no development item and no task of its own: no development row; no service task:
    # the campaign owner answers for customer service
    text = spring(old="  - {id: T8, task: 客服答疑, owner: 周强, start: 2027-03-10, "
                  "end: 2027-03-16}\n", new="")
    text = text.replace("抽奖页开发", "抽奖页搭建").replace(
        "development:\n  - item: 抽奖页\n    kind: page\n    owner: 王工\n    due: 2027-03-05\n", "")
    rows = {r["workstream"]: r for r in team.propose_raci(answers(text))}
    assert "development" not in rows
    assert rows["service"] == {"workstream": "service", "responsible": [], "accountable": ["张敏"],
                               "consulted": [], "informed": []}


def test_rhythm_is_proposed_from_the_phases():
    weekly, daily = team.propose_rhythm(answers())
    assert weekly == {"meeting": "项目周会", "cadence": "weekly", "start": D(2027, 2, 17),
                      "end": D(2027, 3, 16), "time": "每周一 10:00", "owner": "张敏",
                      "attendees": AS, "channel": "会议室或视频会议"}
    assert (daily["meeting"], daily["cadence"], daily["start"], daily["end"]) == (
        "数据日报", "daily", D(2027, 3, 10), D(2027, 3, 16))
    assert daily["owner"] == "赵婷"
    assert daily["attendees"] == ["张敏", "陈晨", "韩梅梅", "王工", "周强"]


def test_checklist_is_proposed_from_what_the_campaign_has():
    items = checklist.propose_checklist(answers())
    assert [(i["kind"], i["owner"], i["due"]) for i in items] == [
        ("ad_wording", "韩梅梅", D(2027, 2, 28)),
        ("prize_rules", "张敏", D(2027, 3, 5)),
        ("data_consent", "王工", D(2027, 3, 5)),
        ("service_faq", "周强", D(2027, 3, 7)),
        ("rollback", "王工", D(2027, 3, 8)),
    ]
    assert items[0]["item"] == "广告用语合规审核" and "绝对化用语" in items[0]["detail"]
    assert all(i["due"] < D(2027, 3, 10) for i in items)


def test_a_plain_campaign_gets_only_the_faq():
    text = """\
format: 1
campaign: {theme: 签到, purpose: activation, start: 2027-05-01, end: 2027-05-07, owner: 林一}
channels: [{name: 会员社群, kind: owned}]
"""
    items = checklist.propose_checklist(answers(text))
    assert [(i["kind"], i["owner"], i["due"]) for i in items] == [
        ("service_faq", "林一", D(2027, 4, 28))]


def test_the_answers_raci_decides_the_owners_of_rhythm_and_checks():
    own = """\
team:
  raci:
    - {workstream: data, responsible: [孙悦], accountable: [孙悦]}
    - {workstream: development, accountable: [钱工]}
"""
    a = answers(spring(own))
    assert team.propose_rhythm(a)[1]["owner"] == "孙悦"
    owners = {i["kind"]: i["owner"] for i in checklist.propose_checklist(a)}
    # development's A is the answers' 钱工; no materials or service row: the ad wording falls
    # to channels (none either) and then the campaign owner
    assert owners == {"ad_wording": "张敏", "prize_rules": "张敏", "data_consent": "钱工",
                      "service_faq": "张敏", "rollback": "钱工"}


def test_english_words_in_an_english_file():
    text = """\
format: 1
lang: en
campaign: {theme: Spring, purpose: acquisition, start: 2027-05-10, end: 2027-05-20, owner: Priya}
flow: [Sign up with a phone number]
schedule:
  - {id: T1, task: Monitor live data, owner: Aisha, start: 2027-05-10, end: 2027-05-20}
"""
    a = answers(text)
    assert team.propose_raci(a)[0] == {"workstream": "data", "responsible": ["Aisha"],
                                       "accountable": ["Aisha"], "consulted": ["Priya"],
                                       "informed": []}
    assert [i["item"] for i in checklist.propose_checklist(a)] == [
        "Personal-data consent", "Customer-service FAQ"]
    assert team.propose_rhythm(a)[1]["meeting"] == "Daily data report"


# --- proposed values follow the schedule ------------------------------------------------------


def test_accepted_proposals_are_recorded_and_follow_the_owner(tmp_path):
    basics = ["--set", "campaign.theme=年中大促", "--set", "campaign.purpose=conversion",
              "--set", "campaign.start=2027-06-01", "--set", "campaign.end=2027-06-15",
              "--set", "campaign.owner=张敏", "--set", "objectives.0.objective=提升复购",
              "--set", "objectives.0.key_results.0.metric=付费用户数",
              "--set", "objectives.0.key_results.0.target=1000"]
    result = run("new", "-o", "m.yaml", "--lang", "zh", "--defaults", "--no-input", *basics)
    assert result.exit_code == 0, result.output
    a = load_answers("m.yaml").answers
    assert {p for r in a.team.raci for p in r.accountable} == {"张敏"}
    assert {i.owner for i in a.checklist} == {"张敏"}
    assert "team.raci" in read_tree(Path("m.yaml").read_bytes(), "m")["proposed"]
    # the owner changes: the proposed schedule follows, and the team and checks built on it
    result = run("edit", "m.yaml", "--set", "campaign.owner=李四", "--no-input")
    assert result.exit_code == 0, result.output
    a = load_answers("m.yaml").answers
    assert {p for r in a.team.raci for p in r.accountable} == {"李四"}
    assert a.team.rhythm[0].owner == "李四"
    assert {i.owner for i in a.checklist} == {"李四"}


# --- check ----------------------------------------------------------------------------------


def test_check_warns_on_a_workstream_without_one_a_and_a_check_due_at_launch():
    text = spring("""\
team:
  raci:
    - workstream: channels
      responsible: [陈晨]
    - workstream: data
      accountable: [赵婷、孙悦]
    - workstream: service
      accountable: [周强]
checklist:
  - item: 客服话术
    due: 2027-03-10
  - item: 回滚预案
    due: 2027-03-08
""")
    Path("s.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = run("check", "s.yaml")
    assert result.exit_code == 0  # warnings only
    out = result.output.splitlines()
    at = lines.index("    - workstream: channels") + 1
    assert f"s.yaml:{at}: 警告: team.raci.0.workstream: 工作流“渠道推广”没有 A（负责人）：" \
        "请在 accountable 写一位拍板的人" in out
    at = lines.index("      accountable: [赵婷、孙悦]") + 1
    assert f"s.yaml:{at}: 警告: team.raci.1.accountable: 工作流“数据分析”有 2 个 A（赵婷、孙悦）：" \
        "A 只能是一个人，请留一位，其他人移到 responsible（执行）或 consulted（咨询）" in out
    at = lines.index("    due: 2027-03-10") + 1
    assert f"s.yaml:{at}: 警告: checklist.0.due: 检查项“客服话术”的截止日期 2027-03-10 不在上线日 " \
        "2027-03-10 之前：上线检查要在上线前完成，请改到 2027-03-10 之前" in out
    assert out[-1].endswith("通过（3 个警告）")
    english = run("check", "--lang", "en", "s.yaml").output
    assert 'workstream "Data" has 2 As (赵婷, 孙悦)' in english


def test_old_examples_stay_valid_and_the_schema_has_the_new_parts():
    for example in ("double11-zh.yaml", "spring-referral-en.yaml"):
        result = run("check", str(EXAMPLES / example))
        assert result.exit_code == 0, result.output
    schema = json.loads(run("schema").output)
    assert "team" in schema["properties"] and "checklist" in schema["properties"]
    defs = schema["$defs"]
    assert set(defs["Raci"]["properties"]) == {"workstream", "responsible", "accountable",
                                               "consulted", "informed"}
    assert {"meeting", "cadence", "start", "end", "time", "owner", "attendees",
            "channel"} == set(defs["Meeting"]["properties"])
    assert {"item", "kind", "detail", "owner", "due", "done"} == set(
        defs["ChecklistItem"]["properties"])


# --- the documents ----------------------------------------------------------------------------


def with_parts(example: Path) -> Path:
    """The example with the proposed team, rhythm and checklist written in, the first check
    done (saved as the questionnaire saves)."""
    loaded = load_answers(example)
    a, data = loaded.answers, loaded.data
    data["team"] = paths.to_tree({"raci": team.propose_raci(a),
                                  "rhythm": team.propose_rhythm(a)})
    data["checklist"] = paths.to_tree(checklist.propose_checklist(a))
    data["checklist"][0]["done"] = True
    path = Path(f"{example.stem}-team.yaml")
    save_answers(path, data)
    return path


def without_parts(example: Path) -> Path:
    text = example.read_text(encoding="utf-8")
    for key in ("team", "checklist"):
        if f"\n{key}:" in text:
            start = text.index(f"\n{key}:") + 1
            end = next(i for i in range(start + 1, len(text))
                       if text[i - 1] == "\n" and text[i].isalpha())
            text = text[:start] + text[end:]
    path = Path(f"{example.stem}-plain.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def generate(path: Path, formats: str = "docx,pdf") -> dict[str, Path]:
    result = run("generate", str(path), "--doc", "plan", "--format", formats, "-o", "out")
    assert result.exit_code == 0, result.output
    slug = load_answers(path).answers.slug
    return {ext: Path("out") / f"{slug}-plan.{ext}" for ext in formats.split(",")}


def docx_text(path: Path) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    # NOTE: DOCX dates carry non-breaking hyphens (U+2011) so LibreOffice never breaks them
    rows = [[c.text.replace("\u2011", "-") for c in row.cells]
            for table in document.tables for row in table.rows]
    return headings, rows


@pytest.mark.parametrize("example, words", [
    ("double11-zh.yaml", ("团队分工与沟通机制", "RACI 分工", "沟通机制", "上线检查清单与合规",
                          ["渠道推广", "李雷、张敏、刘洋、周强", "李雷", "—", "赵婷"],
                          ["广告用语合规审核", "韩梅梅", "2026-10-22", "已完成"])),
    ("spring-referral-en.yaml", ("Team and reporting rhythm", "RACI", "Reporting rhythm",
                                 "Go-live checklist and compliance",
                                 ["Customer service", "—", "Priya Shah", "—", "—"],
                                 ["Rollback plan", "Daniel Kim", "2026-03-14", "Open"])),
])
def test_the_plan_has_the_chapters_when_the_answers_have_the_parts(example, words):
    chapter, raci, rhythm, checks, raci_row, check_row = words
    files = generate(with_parts(EXAMPLES / example))
    headings, rows = docx_text(files["docx"])
    assert any(h.endswith(chapter) for h in headings)
    assert any(h.endswith(raci) for h in headings) and any(h.endswith(rhythm) for h in headings)
    assert any(h.endswith(checks) for h in headings)
    assert raci_row in rows
    assert all(c in rows_with(rows, check_row[0]) for c in check_row)
    text = squash(pdftotext(files["pdf"]))  # a cell's text wraps where its column ends
    for word in (chapter, raci, rhythm, checks, *check_row):
        assert squash(word) in text


def squash(text: str) -> str:
    return "".join(text.split())


def rows_with(rows: list[list[str]], first: str) -> list[str]:
    return next(r for r in rows if r[0] == first)


@pytest.mark.parametrize("example, words", [
    ("double11-zh.yaml", ("团队分工", "RACI", "上线检查清单")),
    ("spring-referral-en.yaml", ("Team and reporting rhythm", "RACI", "Go-live checklist")),
])
def test_the_chapters_vanish_without_the_parts(example, words):
    files = generate(without_parts(EXAMPLES / example))
    headings, _ = docx_text(files["docx"])
    text = squash(pdftotext(files["pdf"]))
    for word in words:
        assert not any(word in h for h in headings)
        assert squash(word) not in text


def test_an_empty_team_section_is_no_chapter():
    Path("e.yaml").write_text(spring("team:\n  raci: []\n  rhythm: []\nchecklist: []\n"),
                              encoding="utf-8")
    md = generate(Path("e.yaml"), "md")["md"].read_text(encoding="utf-8")
    assert "团队分工" not in md and "上线检查清单" not in md


def test_a_late_check_is_marked_in_the_plan():
    Path("l.yaml").write_text(spring("checklist:\n  - {item: 客服话术, owner: 周强, due: 2027-03-11}\n"),
                              encoding="utf-8")
    md = generate(Path("l.yaml"), "md")["md"].read_text(encoding="utf-8")
    assert "| 客服话术 | — | 周强 | 2027-03-11（晚于上线） | 待完成 |" in md


# --- the schedule workbook ------------------------------------------------------------------


def test_the_schedule_workbook_has_the_checklist_sheet_only_with_checks():
    Path("c.yaml").write_text(spring("checklist:\n  - {item: 回滚预案, owner: 王工, "
                                     "due: 2027-03-08, done: true}\n"), encoding="utf-8")
    result = run("generate", "c.yaml", "--doc", "schedule", "--format", "xlsx", "-o", "out")
    assert result.exit_code == 0, result.output
    book = load_workbook(next(Path("out").glob("*schedule.xlsx")))
    sheet = book["上线检查清单"]
    assert [c.value for c in sheet[1]] == ["检查项", "要点", "负责人", "截止日期", "状态"]
    assert [c.value for c in sheet[2]] == ["回滚预案", None, "王工", dt.datetime(2027, 3, 8),
                                           "已完成"]
    Path("p.yaml").write_text(spring(), encoding="utf-8")
    run("generate", "p.yaml", "--doc", "schedule", "--format", "xlsx", "-o", "plain")
    assert "上线检查清单" not in load_workbook(next(Path("plain").glob("*schedule.xlsx"))).sheetnames


def test_edit_offers_the_proposal_for_an_old_file_without_a_team():
    Path("old.yaml").write_text(SPRING, encoding="utf-8")  # format 1 as before issue 16
    result = CliRunner().invoke(cli, ["edit", "old.yaml", "--section", "team"],
                                input="\n\n\nn\n")  # take it, done, no jump back, no generate
    assert result.exit_code == 0, result.output
    assert "采用这个建议？" in result.output
    a = load_answers("old.yaml").answers
    assert [(r.workstream, r.accountable) for r in a.team.raci] == [
        ("channels", ["陈晨"]), ("materials", ["韩梅梅"]), ("development", ["王工"]),
        ("data", ["赵婷"]), ("service", ["周强"])]
    assert not a.team.rhythm and not a.checklist  # other sections: asked with their own
    assert "team.raci" in read_tree(Path("old.yaml").read_bytes(), "old")["proposed"]
