"""A real terminal: prompts, echo, Ctrl-C and resume as a person sees them (pexpect)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect

from generator.answers import paths
from generator.answers.load import load_answers
from generator.questionnaire.store import read_tree
from tests.conftest import EXAMPLES

CLI = str(Path(sys.executable).parent / "campaign-docs")


def spawn(*args: str) -> pexpect.spawn:
    """Start campaign-docs in a pseudo-terminal, UTF-8, 120 columns."""
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    return pexpect.spawn(CLI, list(args), encoding="utf-8", timeout=30, env=env,
                         dimensions=(40, 120))


def ctrl_c(child: pexpect.spawn) -> None:
    """Ctrl-C once the child waits for input, as a person's would come.

    NOTE: a ^C sent the moment the prompt appears can land between the prompt being
    written and the child's read() (the reader wakes first on a busy machine); CPython
    handles the signal before the read starts and the read then waits for input. So wait
    until the child sleeps (state S in /proc: blocked reading the terminal) first.
    """
    stat = Path(f"/proc/{child.pid}/stat")
    for _ in range(2000):
        if not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "S":
            break
        time.sleep(0.005)
    child.sendintr()


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    """Wait for `prompt`, type `text` and Enter, and see it echoed back."""
    child.expect_exact(prompt)
    child.sendline(text)
    if text:
        child.expect_exact(text)


def test_ctrl_c_saves_and_resume_carries_on():
    child = spawn("new", "-o", "t.yaml", "--lang", "zh")
    child.expect_exact("1/16 基本信息 Basics")
    answer(child, "活动主题: ", "终端测试活动")
    answer(child, "活动背景: ", "第一行背景")
    answer(child, "...: ", "")
    answer(child, "活动目的: ", "转化提升")
    child.expect_exact("活动定性: ")
    ctrl_c(child)  # Ctrl-C at a prompt
    child.expect_exact("已把 3 个回答保存到 t.yaml；继续：`campaign-docs new --resume t.yaml`")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = Path("t.yaml").read_text(encoding="utf-8")
    assert "theme: 终端测试活动" in saved and "purpose: conversion" in saved

    child = spawn("new", "--resume", "t.yaml", "--defaults")
    child.logfile_read = seen = io.StringIO()  # everything the terminal showed
    answer(child, "活动开始日期: ", "11月1日")
    answer(child, "活动结束日期: ", "2026-13-01")
    child.expect_exact("没有这一天")  # the reason, then the same question again
    answer(child, "活动结束日期: ", "11月11日")
    answer(child, "活动负责人: ", "张敏")
    child.expect_exact("2/16 目标 Goals")
    answer(child, "目标（O）: ", "提升复购")
    answer(child, "关键结果指标: ", "1")
    answer(child, "目标值: ", "1.2万")
    child.expect_exact("检查通过")
    child.expect(pexpect.EOF)
    transcript = seen.getvalue()
    child.close()
    assert child.exitstatus == 0, transcript
    assert "活动开始日期" in transcript
    prompts_shown = [line for line in transcript.split("\r\n") if not line.startswith(" ")]
    for asked_before in ("活动主题", "活动背景", "活动目的"):  # the summary lists them, indented
        assert not any(line.startswith(asked_before + ":") for line in prompts_shown)
    assert any(line.startswith("活动开始日期:") for line in prompts_shown)
    answers = load_answers("t.yaml").answers
    assert answers.campaign.theme == "终端测试活动"
    assert answers.objectives[0].key_results[0].metric == "付费用户数"
    assert answers.objectives[0].key_results[0].target == 12000
    assert answers.objectives[0].key_results[0].deadline == answers.campaign.end


def test_moving_the_end_from_the_summary_moves_what_was_proposed():
    """The issue's session: end 06-15 -> 06-30 from the summary; the proposed phases, the
    活动结束 milestone and the KR deadline follow, each move is said, and `check` is quiet."""
    child = spawn("new", "-o", "m.yaml", "--lang", "zh")
    child.logfile_read = seen = io.StringIO()
    for prompt, text in (("活动主题: ", "年中大促"), ("活动背景: ", ""), ("活动目的: ", "转化提升"),
                         ("活动定性: ", ""), ("活动开始日期: ", "2027-06-01"),
                         ("活动结束日期: ", "2027-06-15"), ("活动负责人: ", "张敏"),
                         ("相关部门: ", ""), ("总预算: ", ""),
                         ("目标（O）: ", "提升复购"), ("关键结果指标: ", "付费用户数"),
                         ("基线值（同比/环比）: ", ""), ("目标值: ", "1000"),
                         ("单位 [人]: ", ""),  # Enter: the unit proposed from the metric
                         ("指标类型 [数量]: ", ""),  # Enter: the kind proposed from the metric
                         ("截止日期 [2027-06-15]: ", ""),  # Enter: the proposed deadline
                         ("回车=完成", ""), ("回车=完成", ""),  # key results, objectives
                         ("目标人群概述: ", ""), ("回车=完成", ""), ("活动规则: ", ""),
                         ("参与流程（按顺序）: ", ""),
                         ("采用这个建议？", ""), ("回车=完成", ""),  # the proposed phases
                         ("选用哪些？", ""), ("回车=完成", ""),  # no channel picked
                         ("回车=完成", ""),  # no budget lines
                         ("回车=完成", ""), ("回车=完成", ""),  # materials, development
                         ("采用这个建议？", ""), ("回车=完成", ""),  # the proposed schedule
                         ("选用哪些？", ""), ("回车=完成", ""),  # risks
                         ("采用这个建议？", ""), ("回车=完成", ""),  # the proposed RACI
                         ("采用这个建议？", ""), ("回车=完成", ""),  # the proposed rhythm
                         ("采用这个建议？", ""), ("回车=完成", ""),  # the proposed checks
                         ("回车=完成", ""),  # no approvers
                         ("要回到某一部分修改吗？", "1")):  # back to the basics
        answer(child, prompt, text)
    for prompt in ("活动主题 [年中大促]: ", "活动背景: ", "活动目的 [转化提升]: ", "活动定性: ",
                   "活动开始日期 [2027-06-01]: "):
        answer(child, prompt, "")
    answer(child, "活动结束日期 [2027-06-15]: ", "2027-06-30")
    child.expect_exact("这些建议值随你的修改一起调整了：")
    for moved in ("关键结果 1「付费用户数」截止日期：2027-06-15 → 2027-06-30",
                  "阶段 3「活动上线期」结束：2027-06-15 → 2027-06-30",
                  "阶段 4「活动复盘期」开始：2027-06-16 → 2027-07-01",
                  "任务 14「活动结束」启动时间：2027-06-15 → 2027-06-30",
                  "任务 14「活动结束」结束时间：2027-06-15 → 2027-06-30",
                  # the reporting rhythm follows the launch window (issue 16)
                  "会议或报告 1「项目周会」结束日期：2027-06-15 → 2027-06-30",
                  "会议或报告 2「数据日报」结束日期：2027-06-15 → 2027-06-30"):
        child.expect_exact(moved)
    for prompt in ("活动负责人 [张敏]: ", "相关部门: ", "总预算: ", "要回到某一部分修改吗？"):
        answer(child, prompt, "")
    child.expect_exact("检查通过")
    answer(child, "现在生成文档吗？", "n")
    child.expect(pexpect.EOF)
    child.close()
    transcript = seen.getvalue()
    assert child.exitstatus == 0, transcript
    assert "警告" not in transcript

    loaded = load_answers("m.yaml")
    a = loaded.answers
    new_end = dt.date(2027, 6, 30)
    assert a.campaign.end == new_end
    assert [(p.phase, p.start, p.end) for p in a.phases] == [
        ("planning", dt.date(2027, 5, 11), dt.date(2027, 5, 21)),
        ("warmup", dt.date(2027, 5, 22), dt.date(2027, 5, 31)),
        ("launch", dt.date(2027, 6, 1), new_end),
        ("review", dt.date(2027, 7, 1), dt.date(2027, 7, 7))]
    assert a.objectives[0].key_results[0].deadline == new_end
    closing = next(task for task in a.schedule if task.task == "活动结束")
    assert (closing.start, closing.end, closing.milestone) == (new_end, new_end, True)
    assert not any(task.end == dt.date(2027, 6, 15) for task in a.schedule)
    # the record moved with the values: still proposed, so the next change moves them again
    assert paths.get(loaded.data, "proposed")["objectives.0.key_results.0.deadline"] == new_end
    check = subprocess.run([CLI, "check", "m.yaml"], capture_output=True, text=True,
                           env=dict(os.environ, LANG="C.UTF-8"))
    assert (check.returncode, check.stdout, check.stderr) == (0, "m.yaml: 通过\n", "")


def test_results_carry_on_after_ctrl_c_and_back_goes_one_question_back():
    source = (EXAMPLES / "double11-zh.yaml").read_text(encoding="utf-8")
    Path("d.yaml").write_text(source[: source.index("\nresults:") + 1], encoding="utf-8")
    child = spawn("results", "d.yaml")
    child.expect_exact("< = 回到上一个问题")  # the keys, named once
    answer(child, "“复购用户数”实际值（目标 12000 人）: ", "11200")
    answer(child, "“复购用户数”未达成或超额的原因: ", "<")  # back to the actual
    answer(child, "“复购用户数”实际值（目标 12000 人） [11200]: ", "11300")
    answer(child, "“复购用户数”未达成或超额的原因: ", "")
    answer(child, "“复购用户数”的经验与改进: ", "")
    answer(child, "“复购 GMV”实际值（目标 1500000 元）: ", "138万")
    answer(child, "“复购 GMV”未达成或超额的原因: ", "")
    answer(child, "“复购 GMV”的经验与改进: ", "")
    child.expect_exact("“沉睡会员回访人数”实际值（目标 25000 人）: ")
    ctrl_c(child)
    child.expect_exact("继续：`campaign-docs results d.yaml`")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn("results", "d.yaml")
    child.logfile_read = seen = io.StringIO()
    answer(child, "“沉睡会员回访人数”实际值（目标 25000 人）: ", "22800")  # where it stopped
    answer(child, "“沉睡会员回访人数”未达成或超额的原因: ", "")
    answer(child, "“沉睡会员回访人数”的经验与改进: ", "")
    child.expect_exact("“回归券领取率”实际值（目标 20 %）: ")
    ctrl_c(child)
    child.expect(pexpect.EOF)
    child.close()
    assert "复购用户数" not in seen.getvalue() and "（输入 - 清空）" not in seen.getvalue()
    actuals = [k.get("actual") for k in read_tree(Path("d.yaml"))["results"]["key_results"]]
    assert actuals[:3] == [11300, 1380000, 22800]
