"""Derived values follow their sources; values the user set stay, and `check` names misfits.

The `proposed:` record (answers/proposed.py), re-deriving after `edit --set`, after a
change in the questionnaire and after a hand edit (`edit --no-input`), the re-plan offer of
`edit --section phases`, and dates without a year in a session.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers import paths, proposed
from generator.answers.load import load_answers, read_tree
from tests.conftest import EXAMPLES

D = dt.date
BASICS = ["--set", "campaign.theme=年中大促", "--set", "campaign.purpose=conversion",
          "--set", "campaign.start=2027-06-01", "--set", "campaign.end=2027-06-15",
          "--set", "campaign.owner=张敏", "--set", "objectives.0.objective=提升复购",
          "--set", "objectives.0.key_results.0.metric=付费用户数",
          "--set", "objectives.0.key_results.0.target=1000"]


def run(*args: str, text: str = ""):
    """The CLI as a user runs it; never a traceback."""
    result = CliRunner().invoke(cli, list(args), input=text)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def planned(name: str = "m.yaml") -> Path:
    """A plan made with every proposal taken (phases, deadline, schedule), end 2027-06-15."""
    result = run("new", "-o", name, "--lang", "zh", "--defaults", "--no-input", *BASICS)
    assert result.exit_code == 0, result.output
    return Path(name)


def edit_text(path: Path, old: str, new: str) -> None:
    """Change the file as a person would in a text editor."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def phase_dates(answers) -> list[tuple]:
    return [(p.phase, p.start, p.end) for p in answers.phases]


# --- the record --------------------------------------------------------------------------------


def test_the_record_is_a_small_trailing_section_of_plain_yaml():
    path = planned()
    text = path.read_text(encoding="utf-8")
    tail = text[text.index("\nproposed:") + 1:].splitlines()[1:]
    assert text.endswith(tail[-1] + "\n")  # the last section
    # the KR's unit and kind (proposed from its metric) and deadline, then the phases, then
    # the schedule
    assert tail[:5] == ["  objectives.0.key_results.0.unit: 人",
                        "  objectives.0.key_results.0.kind: count",
                        "  objectives.0.key_results.0.deadline: 2027-06-15", "  phases:",
                        "    - {phase: planning, start: 2027-05-11, end: 2027-05-21}"]
    assert "    - {phase: launch, start: 2027-06-01, end: 2027-06-15}" in tail
    # then the team's RACI and rhythm and the go-live checklist (issue 16), built on it
    groups = [n for n, line in enumerate(tail) if not line.startswith("    ")][4:]
    assert [tail[n] for n in groups] == ["  schedule:", "  team.raci:", "  team.rhythm:",
                                         "  checklist:"]
    assert all(line.startswith("    - {") for n, line in enumerate(tail[9:], 9)
               if n not in groups)
    assert text.count("\nproposed: # campaign-docs 推算的建议值") == 1
    a = load_answers(path).answers
    assert len(tail) == 3 + 1 + 4 + 1 + len(a.schedule) + 1 + len(a.team.raci) + 1 + \
        len(a.team.rhythm) + 1 + len(a.checklist)  # one line per value or item
    schema = json.loads(run("schema").output)
    assert "proposed" in schema["properties"]


def test_proposed_means_still_equal_to_the_record():
    tree = read_tree(b"format: 1\nphases:\n  - {phase: launch, end: 2027-06-15}\n", "x")
    proposed.record(tree, ("phases",), [{"phase": "launch", "end": D(2027, 6, 15)}])
    assert proposed.is_proposed(tree, "phases.0.end")
    tree["phases"][0]["end"] = D(2027, 6, 20)  # any edit makes it the user's
    assert not proposed.is_proposed(tree, "phases.0.end")
    assert proposed.is_proposed(tree, "phases.0.phase")  # the rest of the item still follows
    proposed.forget(tree, "phases.0.end")  # a field of a group's record: the record stays
    assert proposed.recorded(tree, "phases.0.end") == D(2027, 6, 15)
    proposed.record(tree, "channels.2.end", D(2027, 6, 15))
    proposed.renumber(tree, ("channels",), {0: None, 1: 0, 2: 1})  # channel 1 was removed
    assert proposed.recorded_exactly(tree, "channels.1.end") == D(2027, 6, 15)
    assert proposed.recorded(tree, "channels.2.end") is paths.MISSING
    proposed.forget(tree, "channels")
    proposed.forget(tree, "phases")
    assert not proposed.has_records(tree)


# --- edit --set: proposed values follow, the user's stay ---------------------------------------


def test_edit_set_moves_what_was_proposed_and_says_so():
    path = planned()
    result = run("edit", str(path), "--set", "campaign.end=2027-06-30", "--no-input")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "这些建议值随你的修改一起调整了："
    assert "  关键结果 1「付费用户数」截止日期：2027-06-15 → 2027-06-30" in lines
    assert "  阶段 3「活动上线期」结束：2027-06-15 → 2027-06-30" in lines
    assert "  阶段 4「活动复盘期」开始：2027-06-16 → 2027-07-01" in lines
    assert "  任务 14「活动结束」结束时间：2027-06-15 → 2027-06-30" in lines
    assert "  阶段 1「活动策划期」开始" not in result.output  # the start did not move
    assert lines[-2:] == ["已保存到 m.yaml", "检查通过：m.yaml"]
    a = load_answers(path).answers
    assert phase_dates(a)[2:] == [("launch", D(2027, 6, 1), D(2027, 6, 30)),
                                  ("review", D(2027, 7, 1), D(2027, 7, 7))]
    assert a.objectives[0].key_results[0].deadline == D(2027, 6, 30)
    assert run("check", str(path)).output == "m.yaml: 通过\n"
    again = run("edit", str(path), "--set", "campaign.end=2027-06-30", "--no-input")
    assert "调整了" not in again.output  # nothing moved, nothing said


def test_values_the_user_set_stay_and_check_names_each_at_its_own_line():
    path = planned()
    # by hand: the launch phase ends 06-12 and the KR is due 06-10 (both the user's now)
    edit_text(path, "  - phase: launch\n    start: 2027-06-01\n    end: 2027-06-15",
              "  - phase: launch\n    start: 2027-06-01\n    end: 2027-06-12")
    edit_text(path, "        deadline: 2027-06-15", "        deadline: 2027-06-10")
    result = run("edit", str(path), "--set", "campaign.end=2027-06-30", "--no-input")
    assert "截止日期" not in result.output and "阶段 3" not in result.output
    assert "  阶段 4「活动复盘期」开始：2027-06-16 → 2027-07-01" in result.output
    a = load_answers(path).answers
    assert a.phases[2].end == D(2027, 6, 12) and a.objectives[0].key_results[0].deadline == \
        D(2027, 6, 10)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if text == "    end: 2027-06-12")
    check = run("check", str(path), "--lang", "en")
    assert check.output.splitlines() == [
        (f"m.yaml:{line}: warning: phases.2.end: Launch ends 2027-06-12, but the campaign ends "
         "2027-06-30; the launch phase is the campaign's time, so make it 2027-06-30"),
        "m.yaml: OK (1 warning)"]


def test_a_hand_edited_source_then_edit_no_input_brings_proposals_up_to_date():
    path = planned()
    edit_text(path, "  end: 2027-06-15\n  owner: 张敏", "  end: 2027-06-30\n  owner: 张敏")
    check = run("check", str(path))
    assert ("警告: phases.2.end: 活动上线期到 2027-06-15 结束，活动却到 2027-06-30 才结束；"
            "上线期应与活动时间一致，请改成 2027-06-30（这是 campaign-docs 按之前的回答推算的；"
            "运行 `campaign-docs edit m.yaml --no-input` 按现在的回答重新推算）") in check.output
    assert "phases.3.start" in check.output
    result = run("edit", str(path), "--no-input")
    assert "阶段 3「活动上线期」结束：2027-06-15 → 2027-06-30" in result.output
    assert run("check", str(path)).output == "m.yaml: 通过\n"


def test_a_task_the_user_changed_keeps_that_change_and_its_dates_follow():
    path = planned()
    a = load_answers(path).answers
    index = next(i for i, task in enumerate(a.schedule) if task.task == "实时数据监测")
    owner_line = "    task: 实时数据监测\n    phase: launch\n    owner: 张敏"
    edit_text(path, owner_line, owner_line.replace("张敏", "李雷"))
    result = run("edit", str(path), "--set", "campaign.end=2027-06-30", "--no-input")
    assert f"任务 {index + 1}「实时数据监测」结束时间：2027-06-15 → 2027-06-30" in result.output
    task = load_answers(path).answers.schedule[index]
    assert (task.owner, task.start, task.end) == ("李雷", D(2027, 6, 1), D(2027, 6, 30))
    closing = next(t for t in load_answers(path).answers.schedule if t.task == "活动结束")
    assert closing.end == D(2027, 6, 30)  # the untouched tasks follow too


def test_a_file_without_the_record_keeps_working_and_check_names_what_no_longer_fits():
    shutil.copy(EXAMPLES / "double11-zh.yaml", "d.yaml")
    result = run("edit", "d.yaml", "--set", "campaign.end=2026-11-20", "--no-input")
    assert result.exit_code == 0 and "调整了" not in result.output  # nothing was proposed
    text = Path("d.yaml").read_text(encoding="utf-8")
    assert "proposed:" not in text and "  end: 2026-11-20" in text
    check = run("check", "d.yaml").output
    assert "d.yaml:95: 警告: phases.2.end: 活动上线期到 2026-11-11 结束，活动却到 2026-11-20 才结束" \
        in check
    assert "d.yaml:97: 警告: phases.3.start: 活动复盘期从 2026-11-12 开始" in check
    assert "重新推算" not in check  # the user's values: no hint to work them out again


def test_edit_section_phases_offers_to_plan_again():
    shutil.copy(EXAMPLES / "double11-zh.yaml", "d.yaml")
    run("edit", "d.yaml", "--set", "campaign.end=2026-11-20", "--no-input")
    # the phases section: y to the offer, Enter to finish the menu, Enter at the summary, n
    result = run("edit", "d.yaml", "--section", "phases", text="y\n\n\nn\n")
    assert result.exit_code == 0, result.output
    assert "按现在的回答重新排的建议：" in result.output
    assert "用这个建议替换现有的 4 项阶段？ [y/N]" in result.output
    loaded = load_answers("d.yaml")
    assert phase_dates(loaded.answers)[2:] == [("launch", D(2026, 11, 1), D(2026, 11, 20)),
                                               ("review", D(2026, 11, 21), D(2026, 11, 27))]
    assert proposed.is_proposed(loaded.data, "phases.2.end")  # follows from now on
    # the phases fit now; the user's own schedule is named where it no longer fits them
    check = run("check", "d.yaml").output
    assert " phases." not in check and "d.yaml:214: 警告: schedule.0.start:" in check


def test_edit_section_phases_keeps_the_phases_when_the_offer_is_declined():
    shutil.copy(EXAMPLES / "double11-zh.yaml", "d.yaml")
    run("edit", "d.yaml", "--set", "campaign.end=2026-11-20", "--no-input")
    result = run("edit", "d.yaml", "--section", "phases", text="\n\n\nn\n")  # Enter = no
    assert result.exit_code == 0, result.output
    assert load_answers("d.yaml").answers.phases[2].end == D(2026, 11, 11)


def test_removing_a_proposed_phase_in_the_menu_keeps_the_others_following():
    path = planned()
    # phases section: keep the proposal (Enter), remove phase 1, finish; Enter, n
    result = run("edit", str(path), "--section", "phases", text="r 1\n\n\nn\n")
    assert result.exit_code == 0, result.output
    records = read_tree(path.read_bytes(), "m.yaml")["proposed"]
    assert len(records["phases"]) == 4  # the whole proposal: phase 1 was removed by the user
    assert [p.phase for p in load_answers(path).answers.phases] == ["warmup", "launch", "review"]
    run("edit", str(path), "--set", "campaign.end=2027-06-30", "--no-input")
    assert phase_dates(load_answers(path).answers)[1:] == [
        ("launch", D(2027, 6, 1), D(2027, 6, 30)), ("review", D(2027, 7, 1), D(2027, 7, 7))]


# --- dates without a year, a start already past ------------------------------------------------


def test_new_warns_when_the_start_is_already_past(fixed_today):
    presets = [p.replace("2027-06-01", "2026-09-01").replace("2027-06-15", "2026-09-15")
               for p in BASICS]
    result = run("new", "-o", "p.yaml", "--lang", "zh", "--defaults", "--no-input", *presets)
    assert result.exit_code == 0, result.output
    assert ("注意：活动开始日期 2026-09-01 已经过去了（今天是 2026-10-01）；补录已结束的活动可以忽略，"
            "否则请改成以后的日期") in result.output
    assert result.output.count("已经过去了") == 1
    future = run("new", "-o", "f.yaml", "--lang", "zh", "--defaults", "--no-input", *BASICS)
    assert "已经过去了" not in future.output


def test_an_end_typed_without_a_year_falls_after_the_start(monkeypatch):
    from generator.questionnaire import parse

    monkeypatch.setattr(parse, "local_today", lambda: D(2026, 11, 30))
    presets = [x for pair in zip(BASICS[::2], BASICS[1::2], strict=True)
               if not pair[1].startswith(("campaign.start", "campaign.end")) for x in pair]
    # start and end asked: 12月20日 is this December; 1月5日 after it is next January
    result = run("new", "-o", "y.yaml", "--lang", "zh", "--defaults", *presets,
                 text="12月20日\n1月5日\n")
    assert result.exit_code == 0, result.output
    campaign = load_answers("y.yaml").answers.campaign
    assert (campaign.start, campaign.end) == (D(2026, 12, 20), D(2027, 1, 5))
