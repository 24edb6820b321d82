"""A real terminal: prompts, echo, Ctrl-C and resume as a person sees them (pexpect)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect

from generator.answers.load import load_answers

CLI = str(Path(sys.executable).parent / "campaign-docs")


def spawn(*args: str) -> pexpect.spawn:
    """Start campaign-docs in a pseudo-terminal, UTF-8, 120 columns."""
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    return pexpect.spawn(CLI, list(args), encoding="utf-8", timeout=30, env=env,
                         dimensions=(40, 120))


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    """Wait for `prompt`, type `text` and Enter, and see it echoed back."""
    child.expect_exact(prompt)
    child.sendline(text)
    if text:
        child.expect_exact(text)


def test_ctrl_c_saves_and_resume_carries_on():
    child = spawn("new", "-o", "t.yaml", "--lang", "zh")
    child.expect_exact("1/11 基本信息 Basics")
    answer(child, "活动主题: ", "终端测试活动")
    answer(child, "活动背景: ", "第一行背景")
    answer(child, "...: ", "")
    answer(child, "活动目的: ", "转化提升")
    child.expect_exact("活动定性: ")
    child.sendintr()  # Ctrl-C at a prompt
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
    child.expect_exact("2/11 目标 Goals")
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
