"""Pure schedule logic: graph, critical path, workload, checks, the proposed schedule."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from generator.planning import scheduling as sch
from generator.answers.load import load_answers, loads_answers
from generator.answers.checks import lint
from generator.planning.proposal import deliverable_for, propose_schedule, split
from tests.conftest import EXAMPLES

D = dt.date
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def task(tid, start, end, deps=(), owner="A", milestone=False, phase="launch"):
    """A normalised task dict as `normalise_tasks` makes them."""
    return {"id": tid, "task": f"task {tid}", "phase": phase, "owner": owner, "start": start,
            "end": end, "deliverable": None, "depends_on": list(deps), "milestone": milestone,
            "inferred": [], "days": sch.days_between(start, end)}


# --- graph ---------------------------------------------------------------------------------


def test_find_cycle_names_the_loop_and_none_for_a_dag():
    assert sch.find_cycle({"T1": ["T3"], "T2": ["T1"], "T3": ["T2"]}) == ["T1", "T3", "T2", "T1"]
    assert sch.find_cycle({"T1": [], "T2": ["T1"], "T3": ["T1", "T2"]}) is None
    assert sch.find_cycle({"T1": ["T1"]}) == ["T1", "T1"]


def test_find_cycle_handles_a_long_chain_without_recursion():
    graph = {f"T{i}": [f"T{i - 1}"] if i else [] for i in range(5000)}
    assert sch.find_cycle(graph) is None
    graph["T0"] = ["T4999"]
    assert len(sch.find_cycle(graph)) == 5001


def test_critical_path_is_the_chain_that_drives_the_last_day():
    tasks = [
        task("A", D(2026, 1, 1), D(2026, 1, 3)),
        task("B", D(2026, 1, 4), D(2026, 1, 6), deps=["A"]),
        task("X", D(2026, 1, 1), D(2026, 1, 2)),  # ends early: a side task
        task("C", D(2026, 1, 7), D(2026, 1, 9), deps=["B", "X"]),
        task("S", D(2026, 1, 5), D(2026, 1, 6)),  # no link to the end
    ]
    assert sch.critical_path(tasks) == {"A", "B", "C"}
    assert sch.critical_chain(tasks, {"C", "A", "B"}) == ["A", "B", "C"]


def test_critical_path_prefers_the_chain_reaching_back_furthest():
    tasks = [
        task("A", D(2026, 1, 1), D(2026, 1, 2)),
        task("B", D(2026, 1, 3), D(2026, 1, 9), deps=["A"]),
        task("C", D(2026, 1, 5), D(2026, 1, 9)),
    ]
    assert sch.critical_path(tasks) == {"A", "B"}


def test_critical_path_survives_a_cycle():
    tasks = [task("A", D(2026, 1, 1), D(2026, 1, 2), deps=["B"]),
             task("B", D(2026, 1, 3), D(2026, 1, 4), deps=["A"])]
    assert sch.critical_path(tasks) == {"A", "B"}


# --- workload -------------------------------------------------------------------------------


def test_workload_counts_days_and_flags_overlaps_but_not_milestones():
    tasks = [
        task("A", D(2026, 1, 1), D(2026, 1, 5), owner="Li"),
        task("B", D(2026, 1, 4), D(2026, 1, 6), owner="Li"),
        task("M", D(2026, 1, 5), D(2026, 1, 5), owner="Li", milestone=True),
        task("C", D(2026, 1, 10), D(2026, 1, 10), owner="Li"),
        task("D", D(2026, 1, 1), D(2026, 1, 2), owner=None),
    ]
    rows = {r["owner"]: r for r in sch.workload(tasks, unassigned="?")}
    li = rows["Li"]
    assert (li["tasks"], li["task_days"], li["busy_days"], li["peak"]) == (4, 10, 7, 2)
    assert li["overlaps"] == [("A", "B")]
    assert rows["?"]["unassigned"] and rows["?"]["task_days"] == 2
    assert [r["owner"] for r in sch.workload(tasks, unassigned="?")][-1] == "?"


# --- normalising ------------------------------------------------------------------------------


def test_normalise_fills_ids_dates_and_phase():
    windows = {"planning": (D(2026, 1, 1), D(2026, 1, 10)),
               "launch": (D(2026, 1, 11), D(2026, 1, 20))}
    items = [{"task": "no id", "phase": "launch"},
             {"id": "T1", "task": "given", "start": D(2026, 1, 12), "end": D(2026, 1, 14)},
             {"task": "dated", "start": D(2026, 1, 3), "end": D(2026, 1, 2)}]
    tasks = sch.normalise_tasks(items, windows)
    assert [t["id"] for t in tasks] == ["T2", "T1", "T3"]
    assert tasks[0]["start"] == tasks[0]["end"] == D(2026, 1, 11)
    assert tasks[1]["phase"] == "launch" and "phase" in tasks[1]["inferred"]
    assert tasks[2]["end"] == D(2026, 1, 3) and tasks[2]["phase"] == "planning"


# --- checks -----------------------------------------------------------------------------------


def test_dependency_order_allows_same_day_hand_over():
    a = task("A", D(2026, 1, 1), D(2026, 1, 5))
    same_day = task("B", D(2026, 1, 5), D(2026, 1, 6), deps=["A"])
    early = task("C", D(2026, 1, 4), D(2026, 1, 6), deps=["A"])
    found = sch.dependency_violations([a, same_day, early])
    assert [(i, t["id"], d["id"]) for i, t, d in found] == [(2, "C", "A")]


def _example_text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_lint_schedule_reports_order_phase_and_owner_with_lines():
    text = _example_text("double11-zh.yaml")
    # T2 depends on T1 (ends 10-09): start it on 10-08 instead of 10-10
    text = text.replace("    start: 2026-10-10\n    end: 2026-10-13", "    start: 2026-10-08\n"
                        "    end: 2026-10-13", 1)
    text = text.replace("    owner: 赵婷\n    start: 2026-10-08", "    start: 2026-10-08", 1)
    loaded = loads_answers(text, "x.yaml")
    problems = sch.lint_schedule(loaded)
    order = [p for p in problems if p.severity == "error"]
    assert len(order) == 1
    assert order[0].field == "schedule.1.start"
    assert order[0].text("en").startswith("task T2 starts 2026-10-08 but depends on T1, which "
                                          "ends 2026-10-09")
    assert order[0].text("zh").startswith("任务 T2 在 2026-10-08 开始，但它依赖的 T1 到 2026-10-09 "
                                          "才结束")
    assert text.splitlines()[order[0].line - 1].strip() == "start: 2026-10-08"
    owner = [p for p in problems if p.field == "schedule.1.owner"]
    assert owner and owner[0].severity == "warning" and "no owner" in owner[0].text("en")
    # the answers engineer's lint runs this rule too
    assert any(p.field == "schedule.1.start" and p.severity == "error" for p in lint(loaded))


def test_lint_schedule_warns_task_outside_its_phase():
    text = _example_text("double11-zh.yaml")
    # T1 is a planning task; call it launch while it stays in October
    text = text.replace("    task: 确定活动目标与预算\n    phase: planning",
                        "    task: 确定活动目标与预算\n    phase: launch", 1)
    problems = sch.lint_schedule(loads_answers(text, "x.yaml"))
    phase = [p for p in problems if "outside its phase" in p.text("en")]
    assert [(p.field, p.severity) for p in phase] == [("schedule.0.start", "warning")]
    assert "outside its phase Launch (2026-11-01..2026-11-11)" in phase[0].text("en")
    assert "超出了所属阶段“活动上线期”（2026-11-01..2026-11-11）" in phase[0].text("zh")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_lint_clean(path):
    assert sch.lint_schedule(load_answers(path)) == []


# --- the proposed schedule ----------------------------------------------------------------------


def test_split_makes_consecutive_slots_of_at_least_a_day():
    slots = split(D(2026, 1, 1), D(2026, 1, 13), [2, 2, 3, 2])
    assert slots[0][0] == D(2026, 1, 1) and slots[-1][1] == D(2026, 1, 13)
    for (_, end), (start, _) in itertools.pairwise(slots):
        assert start == end + dt.timedelta(days=1)
    assert split(D(2026, 1, 1), D(2026, 1, 2), [1, 1, 1]) == [
        (D(2026, 1, 1),) * 2, (D(2026, 1, 1),) * 2, (D(2026, 1, 2),) * 2]


def _proposal(path):
    answers = load_answers(path).answers
    windows = sch.phase_windows(answers)
    return answers, windows, sch.normalise_tasks(propose_schedule(answers), windows)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_proposal_is_consistent(path):
    _, windows, tasks = _proposal(path)
    ids = [t["id"] for t in tasks]
    assert ids == [f"T{n}" for n in range(1, len(tasks) + 1)]
    assert sch.find_cycle(sch.dependency_graph(tasks)) is None
    assert all(d in ids for t in tasks for d in t["depends_on"])
    assert sch.dependency_violations(tasks) == []
    assert sch.phase_violations(tasks, windows) == []
    assert all(t["owner"] for t in tasks)
    starts = [t["start"] for t in tasks]
    assert starts == sorted(starts)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_proposal_covers_channels_materials_development_at_their_dates(path):
    answers, windows, tasks = _proposal(path)
    launch_start = windows["launch"][0]
    for ch in answers.channels:
        parts = [t for t in tasks if t["task"].endswith(ch.name)]
        assert parts and {t["owner"] for t in parts} == {ch.owner or answers.campaign.owner}
        # the channel's own dates, cut at phase boundaries, each piece inside its phase
        assert (parts[0]["start"], parts[-1]["end"]) == (ch.start, ch.end)
        for before, after in itertools.pairwise(parts):
            assert after["start"] == before["end"] + dt.timedelta(days=1)
        assert parts[-1]["phase"] == "launch"
    plan_written = tasks[2]  # goals -> users -> plan: materials wait for the plan if they can
    for m in answers.materials:
        match = [t for t in tasks if t["task"].endswith(m.name)]
        assert match and match[0]["owner"] == (m.owner or answers.campaign.owner)
        assert match[0]["end"] == (m.due or windows["planning"][1])
        waits = match[0]["end"] > plan_written["end"]
        assert match[0]["depends_on"] == ([plan_written["id"]] if waits else [])
    for item in answers.development:
        match = [t for t in tasks if t["task"].endswith(item.item)]
        assert match and match[0]["end"] == item.due < launch_start
    kol = any(ch.kind == "kol" for ch in answers.channels)
    assert any(t["task"] in ("邀请 KOL 参与并转发", "KOLs take part and repost")
               for t in tasks) == kol
    milestones = [t for t in tasks if t["milestone"]]
    assert any(t["start"] == launch_start for t in milestones)
    assert any(t["end"] == windows["review"][1] for t in milestones)
    assert any(t["end"] == windows["warmup"][0] - dt.timedelta(days=1) for t in milestones)
    critical = sch.critical_path(tasks)
    assert tasks[0]["id"] in critical and tasks[-1]["id"] in critical


def test_proposal_for_a_bare_campaign_in_english():
    text = """format: 1
lang: en
campaign:
  theme: Bare
  purpose: brand
  start: 2026-05-01
  end: 2026-05-03
  owner: Ann
"""
    answers = loads_answers(text, "bare.yaml").answers
    windows = sch.phase_windows(answers)
    tasks = sch.normalise_tasks(propose_schedule(answers), windows)
    assert tasks[0]["task"] == "Set campaign goals and budget"
    assert tasks[0]["start"] == D(2026, 4, 10)  # 21 days before launch
    assert {t["owner"] for t in tasks} == {"Ann"}
    assert any(t["task"] == "Promote on every channel" for t in tasks)
    assert sch.dependency_violations(tasks) == [] and sch.phase_violations(tasks, windows) == []


JUNE = """format: 1
lang: zh
campaign:
  theme: 六月拉新
  purpose: acquisition
  start: 2026-06-15
  end: 2026-06-30
  owner: 张敏
channels:
  - {name: 朋友圈广告, kind: paid, owner: 李雷, start: 2026-06-10, end: 2026-06-30}
development:
  - {item: 报名页, kind: page, owner: 王工, due: 2026-06-01}
"""


def test_proposal_keeps_a_channels_and_a_dev_items_own_dates():
    # Default phases: planning 05-25..06-04 (the plan is written 05-30..06-02), warm-up
    # 06-05..06-14, launch 06-15..06-30.
    answers = loads_answers(JUNE, "june.yaml").answers
    windows = sch.phase_windows(answers)
    tasks = sch.normalise_tasks(propose_schedule(answers), windows)
    by_name = {t["task"]: t for t in tasks}
    assert by_name["撰写活动策划方案"]["end"] == D(2026, 6, 2)
    # due 06-01, before the plan is written: kept there (7 days of page work), no wait
    dev = by_name["功能开发：报名页"]
    assert (dev["start"], dev["end"], dev["depends_on"]) == (D(2026, 5, 26), D(2026, 6, 1), [])
    test = by_name["功能联调测试与验收"]
    assert (test["start"], test["end"], test["depends_on"]) == (
        D(2026, 6, 13), D(2026, 6, 14), [dev["id"]])
    # the channel starts 06-10, in warm-up: warm-up posts 06-10..06-14, then 06-15..06-30
    warm, launch = by_name["渠道预热：朋友圈广告"], by_name["渠道推广：朋友圈广告"]
    assert (warm["phase"], warm["start"], warm["end"]) == ("warmup", D(2026, 6, 10),
                                                           D(2026, 6, 14))
    assert (launch["phase"], launch["start"], launch["end"]) == ("launch", D(2026, 6, 15),
                                                                 D(2026, 6, 30))
    assert warm["id"] in launch["depends_on"] and warm["owner"] == launch["owner"] == "李雷"
    assert "邀请 KOL 参与并转发" not in by_name  # no KOL channel, no KOL task
    assert sch.dependency_violations(tasks) == [] and sch.phase_violations(tasks, windows) == []


def test_a_kol_channel_brings_the_kol_task_with_its_owner():
    text = JUNE.replace("channels:\n", "channels:\n  - {name: 抖音达人, kind: kol, owner: 刘洋}\n")
    tasks = propose_schedule(loads_answers(text, "june.yaml").answers)
    kol = [t for t in tasks if t["task"] == "邀请 KOL 参与并转发"]
    assert len(kol) == 1 and kol[0]["owner"] == "刘洋"


def test_deliverable_follows_the_task_name():
    answers = loads_answers(JUNE, "june.yaml").answers
    assert deliverable_for(answers, "收集用户建议并优化") == "优化清单"
    assert deliverable_for(answers, "渠道推广：朋友圈广告") == "按推广排期执行"
    assert deliverable_for(answers, "邀请 KOL 参与并转发") is None  # not proposed here
    assert deliverable_for(answers, "直播预告") is None  # a name of the user's own
