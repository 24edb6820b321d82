"""`campaign-docs check` and `schema` through click's CliRunner: exact output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import locales
from generator.__main__ import cli
from generator.answers.checks import RULES, lint, load_checked
from generator.answers.load import load_answers
from generator.errors import AnswersError, ExitCode

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
INVALID = int(ExitCode.INVALID_ANSWERS)


def write(name: str, old: str = "", new: str = "") -> str:
    """Write MINIMAL with one exact, unique edit into the test's folder; return the name."""
    text = MINIMAL
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    Path(name).write_text(text, encoding="utf-8")
    return name


def check(*files: str, lang: str | None = "en"):
    """Run `campaign-docs check [--lang LANG] FILES` and return (exit code, output lines)."""
    result = CliRunner().invoke(cli, ["check", *(["--lang", lang] if lang else []), *files])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


def test_examples_are_clean():
    files = [str(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    code, lines = check(*files)
    assert (code, lines) == (0, [f"{f}: OK" for f in files])
    for f in files:
        assert lint(load_answers(f)) == []


def test_minimal_is_clean():
    assert check(write("m.yaml")) == (0, ["m.yaml: OK"])


def test_end_before_start():
    assert check(write("d.yaml", "  end: 2026-11-11", "  end: 2026-10-11")) == (INVALID, [
        ("d.yaml:8: campaign.end: the campaign ends 2026-10-11 before it starts 2026-11-01; "
        "swap the dates or fix the typo"),
        "d.yaml: 1 error"])


def test_four_objectives_is_a_warning():
    extra = "".join(f"  - objective: 目标{i}\n    key_results:\n      - metric: 指标{i}\n"
                    f"        target: {i}\n" for i in range(2, 5))
    name = write("o.yaml", "\nchannels:\n", "\n" + extra + "channels:\n")
    assert check(name) == (0, [
        ("o.yaml:25: warning: objectives.3: 4 objectives: at most 3 objectives per campaign "
        "(OKR); consider merging or dropping one"),
        "o.yaml: OK (1 warning)"])


def test_channel_budgets_over_total():
    assert check(write("b.yaml", "budget: 20000", "budget: 80000")) == (INVALID, [
        ("b.yaml:10: campaign.budget: the channel budgets add up to ¥110,000, more than the "
        "campaign budget of ¥100,000; cut channel budgets or raise the total"),
        "b.yaml: 1 error"])


def test_depends_on_missing_id():
    assert check(write("m.yaml", "depends_on: [T2]", "depends_on: [T22]")) == (INVALID, [
        ('m.yaml:39: schedule.2.depends_on.0: depends on T22, which is not a task id; '
        'did you mean "T2"?'),
        "m.yaml: 1 error"])


def test_depends_on_cycle():
    code, lines = check(write("c.yaml", "depends_on: [T1]", "depends_on: [T1, T3]"))
    assert code == INVALID
    assert ("c.yaml:33: schedule.1.depends_on: depends_on forms a cycle T2 → T3 → T2; no task "
            "in it can ever start, remove one of these dependencies") in lines
    assert lines[-1].startswith("c.yaml: ") and "error" in lines[-1]


def test_self_dependency_is_a_cycle():
    code, lines = check(write("s.yaml", "depends_on: [T2]", "depends_on: [T3]"))
    assert code == INVALID
    assert any("depends_on forms a cycle T3 → T3" in line for line in lines)


def test_task_ending_before_start_and_outside_window():
    name = write("t.yaml", "    start: 2026-10-11\n    end: 2026-10-12",
                 "    start: 2026-10-12\n    end: 2026-10-11")
    code, lines = check(name)
    assert code == INVALID
    assert lines[0] == ("t.yaml:27: schedule.0.end: task T1 ends 2026-10-11 before it starts "
                        "2026-10-12; swap the dates")
    name = write("w.yaml", "    start: 2026-10-11\n", "    start: 2026-09-01\n")
    code, lines = check(name)
    assert code == 0
    assert lines == [
        ("w.yaml:26: warning: schedule.0.start: task T1 is dated 2026-09-01, outside the "
        "campaign's working window 2026-10-11..2026-11-18 (planning start to review end); "
        "move it or widen the phases"),
        "w.yaml: OK (1 warning)"]


def test_results_naming_unknown_metric_and_channel():
    name = write("r.yaml", "    - metric: 复购用户数\n      actual",
                 "    - metric: 复购人数\n      actual")
    assert check(name) == (INVALID, [
        ('r.yaml:42: results.key_results.0.metric: "复购人数" is not a key-result metric of the '
        'plan; did you mean "复购用户数"?'),
        "r.yaml: 1 error"])
    # An unplanned channel is allowed (the fill-in workbook asks for them): a warning.
    name = write("r2.yaml", "    - name: 公众号\n      conversions", "    - name: 微博\n      conversions")
    assert check(name) == (0, [
        ('r2.yaml:45: warning: results.channels.0.name: "微博" is not a channel of the plan, '
        'so the review lists it as unplanned (known: 公众号, 短信召回)'),
        "r2.yaml: OK (1 warning)"])


def test_kr_deadline_outside_and_target_equal_baseline_warn():
    name = write("k.yaml", "        target: 12000",
                 "        target: 8000\n        deadline: 2026-12-31")
    assert check(name) == (0, [
        ("k.yaml:16: warning: objectives.0.key_results.0.target: the target equals the "
        "baseline (8000), so this is not a goal; set the number you want to reach"),
        ("k.yaml:17: warning: objectives.0.key_results.0.deadline: deadline 2026-12-31 is "
        "outside the campaign (2026-11-01..2026-11-11); results are measured in the campaign "
        "window"),
        "k.yaml: OK (2 warnings)"])


@pytest.mark.parametrize("old,new,line", [
    ("target: 12000", "target: 很多",
     'x.yaml:16: objectives.0.key_results.0.target: '
        '"很多" is not a number: write it as 12000, 1.5k, 20,000, $25, 27.5 USD or 18%'),
    ("start: 2026-11-01", "start: 11/1",
     'x.yaml:7: campaign.start: must be a date like 2026-11-01, got "11/1"'),
    ("purpose: conversion", "purpose: sales",
     ('x.yaml:6: campaign.purpose: must be one of acquisition, activation, conversion, brand, '
     'got "sales"')),
    ("  budget: 100000", "  budjet: 100000",
     'x.yaml:10: campaign.budjet: unknown field; did you mean "budget"?'),
    ("  owner: 张敏\n  budget", "  owner: 张敏\n  owner: 李雷\n  budget",
     "x.yaml:10: campaign.owner: `owner` appears twice (lines 9 and 10); keep one"),
    ("format: 1", "format: 2",
     "x.yaml:2: format: this file is format 2; this campaign-docs reads format 1"),
    ("lang: zh", "lang: zh\n  oops: [",
     ("x.yaml:4: YAML syntax error: a `key: value` cannot start here (text holding a colon and "
      "a space needs quotes); check the indentation, colons and quotes on this line")),
])
def test_load_errors_through_the_cli(old, new, line):
    assert check(write("x.yaml", old, new)) == (INVALID, [line, "x.yaml: 1 error"])


def test_every_problem_at_once_model_errors_and_cross_field_checks():
    """The issue's file: a non-numeric KR target and reversed campaign dates, in one run."""
    name = write("both.yaml", "target: 12000", "target: 很多")
    Path(name).write_text(Path(name).read_text(encoding="utf-8")
                          .replace("  end: 2026-11-11", "  end: 2026-10-11"), encoding="utf-8")
    assert check(name) == (INVALID, [
        ("both.yaml:8: campaign.end: the campaign ends 2026-10-11 before it starts 2026-11-01; "
         "swap the dates or fix the typo"),
        'both.yaml:16: objectives.0.key_results.0.target: "很多" is not a number: write it as '
        "12000, 1.5k, 20,000, $25, 27.5 USD or 18%",
        "both.yaml: 2 errors"])
    # generate refuses with the same two problems, not only the first kind
    with pytest.raises(AnswersError) as info, locales.using("en"):
        load_checked(name)
    assert [p.field for p in info.value.problems] == [
        "campaign.end", "objectives.0.key_results.0.target"]


def test_items_that_did_not_validate_keep_their_own_numbers_and_names():
    """A task left out of the lint (its name is a list) does not shift the others' paths and
    lines, and references to it are not reported as unknown."""
    name = write("items.yaml", "    task: 写方案\n", "    task: [写方案]\n")
    Path(name).write_text(Path(name).read_text(encoding="utf-8").replace(
        "    owner: 李雷\n    start: 2026-10-16", "    start: 2026-10-16"), encoding="utf-8")
    assert check(name) == (INVALID, [
        "items.yaml:29: schedule.1.task: must be text, got a list",
        "items.yaml:34: warning: schedule.2.owner: task T3 has no owner; name the person responsible",
        "items.yaml: 1 error, 1 warning"])


def test_alias_through_the_cli():
    Path("a.yaml").write_text(MINIMAL.replace("  owner: 张敏\n  budget", "  owner: &o 张敏\n  budget")
                              .replace("    task: 评审\n    owner: 李雷", "    task: 评审\n    owner: *o"),
                              encoding="utf-8")
    assert check("a.yaml") == (INVALID, [
        ("a.yaml:36: schedule.2.owner: YAML aliases (*o) are not allowed in answers files; "
        "write the value out"),
        "a.yaml: 1 error"])


def test_control_character_in_theme_is_accepted():
    Path("c.yaml").write_text(MINIMAL.replace("theme: 测试活动", 'theme: "测\\x1b[31m试"'),
                              encoding="utf-8")
    assert check("c.yaml") == (0, ["c.yaml: OK"])


def test_three_megabyte_file():
    Path("big.yaml").write_text(MINIMAL + "#" * (3 * 1024 * 1024), encoding="utf-8")
    assert check("big.yaml") == (INVALID, [
        "big.yaml: the file is 3.0 MB; it may be at most 2 MB (is this the right file?)",
        "big.yaml: 1 error"])


def test_one_bad_file_does_not_hide_the_others():
    good, bad = write("good.yaml"), write("bad.yaml", "purpose: conversion", "purpose: x")
    code, lines = check(bad, good)
    assert code == INVALID
    assert lines[-2:] == ["bad.yaml: 1 error", "good.yaml: OK"]


def test_missing_file_is_a_usage_error():
    result = CliRunner().invoke(cli, ["check", "nope.yaml"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_load_checked():
    loaded, warnings = load_checked(write("ok.yaml", "target: 12000", "target: 8000"))
    assert loaded.answers.campaign.theme == "测试活动"
    assert [w.severity for w in warnings] == ["warning"]
    with pytest.raises(AnswersError) as info:
        load_checked(write("bad.yaml", "budget: 20000", "budget: 90000"))
    assert info.value.exit_code == INVALID
    with locales.using("en"):
        assert "channel budgets add up to ¥120,000" in str(info.value)
    with locales.using("zh"):
        assert "各渠道预算合计 ¥120,000，超过了活动总预算 ¥100,000" in str(info.value)


def test_rules_are_extensible():
    from generator.errors import Problem

    def no_rules(loaded):
        return [] if loaded.answers.rules else [
            Problem(loaded.name, None, "rules", "no rules yet", "warning")]

    RULES.append(no_rules)
    try:
        assert check(write("e.yaml")) == (0, ["e.yaml: warning: rules: no rules yet",
                                              "e.yaml: OK (1 warning)"])
    finally:
        RULES.remove(no_rules)


def test_schema_command_prints_json():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "campaign" in schema["properties"]
    assert schema["$defs"]["KeyResult"]["required"] == ["metric", "target"]


# --- the session language --------------------------------------------------------------------


def test_a_zh_file_is_checked_in_chinese_without_lang():
    name = write("d.yaml", "  end: 2026-11-11", "  end: 2026-10-11")
    assert check(name, lang=None) == (INVALID, [
        "d.yaml:8: campaign.end: 活动结束日期 2026-10-11 早于开始日期 2026-11-01；请对调两个日期或改正笔误",
        "d.yaml: 1 个错误"])


def test_lang_overrides_the_file_and_each_file_speaks_its_own_language(monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    zh = write("zh.yaml", "target: 12000", "target: 8000")
    en = write("en.yaml", "lang: zh", "lang: en")
    nolang = write("none.yaml", "lang: zh\n", "")
    code, lines = check(zh, en, nolang, lang=None)
    assert lines == [
        ("zh.yaml:16: 警告: objectives.0.key_results.0.target: 目标值与基线相同（8000），算不上目标；"
         "请填写想要达到的数字"),
        "zh.yaml: 通过（1 个警告）",
        "en.yaml: OK",
        "none.yaml: 通过"]  # no lang: -> the locale's (zh_CN here)
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert check(nolang, lang=None)[1] == ["none.yaml: OK"]
    assert check(zh, lang="en")[1][-1] == "zh.yaml: OK (1 warning)"
    assert check(en, lang="zh")[1] == ["en.yaml: 通过"]


def test_plurals_in_the_summary():
    one = write("one.yaml", "target: 12000", "target: 8000")
    two = write("two.yaml", "target: 12000", "target: 8000\n        deadline: 2026-12-31")
    assert check(one)[1][-1] == "one.yaml: OK (1 warning)"
    assert check(two)[1][-1] == "two.yaml: OK (2 warnings)"
    bad = write("bad.yaml", "purpose: conversion", "purpose: sales")
    assert check(bad)[1][-1] == "bad.yaml: 1 error"
    Path(bad).write_text(Path(bad).read_text(encoding="utf-8").replace("target: 12000", "target: 很多"),
                         encoding="utf-8")
    assert check(bad)[1][-1] == "bad.yaml: 2 errors"
