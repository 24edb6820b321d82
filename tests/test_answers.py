"""Loading answers files: every bad input as one sentence with file, line and field; saving."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.answers import paths
from generator.answers.load import dumps_answers, load_answers, loads_answers, save_answers
from generator.errors import AnswersError, OutputError
from generator.textsafe import clean_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")


def problems_of(text: str, name: str = "t.yaml", lang: str = "en") -> list[str]:
    """The user-visible lines (in `lang`) for an answers text that must fail to load."""
    with pytest.raises(AnswersError) as info:
        loads_answers(text, name)
    return [p.render(lang) for p in info.value.problems]


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    """MINIMAL with one exact, unique edit (so a changed fixture cannot pass silently)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_number(text: str, needle: str) -> int:
    """The 1-based line holding `needle` (computed independently of the loader)."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_load_and_round_trip_unchanged(path):
    loaded = load_answers(path)
    assert loaded.name == str(path)
    assert loaded.answers.schedule and loaded.answers.results is not None
    # Saving an untouched file must give back the same bytes: comments, order, quotes.
    assert dumps_answers(loaded.data) == path.read_text(encoding="utf-8")


def test_two_examples_exist():
    assert [p.name for p in EXAMPLES] == ["double11-zh.yaml", "spring-referral-en.yaml"]


def test_line_of_points_at_the_exact_line():
    loaded = loads_answers(MINIMAL, "m.yaml")
    assert loaded.line_of(("objectives", 0, "key_results", 0, "target")) == 16
    assert loaded.line_of("schedule.1.depends_on") == 33
    assert loaded.line_of(("schedule", 2)) == 34
    # A missing key reports its nearest existing parent.
    assert loaded.line_of(("campaign", "slug")) == 4
    assert loaded.line_of(("schedule", 9, "end")) == 22
    assert loaded.line_of(("nothing",)) is None


def test_line_of_in_an_example_matches_the_text():
    path = ROOT / "examples" / "double11-zh.yaml"
    text = path.read_text(encoding="utf-8")
    loaded = load_answers(path)
    assert loaded.line_of("campaign.budget") == line_number(text, "budget: 200000")
    assert loaded.line_of("results.funnel.shares") == line_number(text, "shares: 13500")


def test_string_target():
    text = edit("target: 12000", "target: 很多")
    assert problems_of(text, "examples/x.yaml") == [
        'examples/x.yaml:16: objectives.0.key_results.0.target: '
        '"很多" is not a number: write it as 12000, 1.5k, 20,000, $25, 27.5 USD or 18%']


def test_bool_is_not_a_number():
    assert problems_of(edit("baseline: 8000", "baseline: true")) == [
        "t.yaml:15: objectives.0.key_results.0.baseline: true is not a number: "
        "write it as 12000, 1.5k, 20,000, $25, 27.5 USD or 18%"]


def test_bad_date():
    assert problems_of(edit("start: 2026-11-01", "start: 11/1")) == [
        't.yaml:7: campaign.start: must be a date like 2026-11-01, got "11/1"']


def test_impossible_iso_date_is_a_problem_not_a_traceback():
    # ruamel builds a date from anything date-shaped and raised a bare ValueError.
    text = edit("start: 2026-11-01", "start: 2026-02-30")
    text = edit("end: 2026-11-11", "end: 2026-13-01", text)
    assert problems_of(text) == [
        't.yaml:7: campaign.start: must be a date like 2026-11-01, got "2026-02-30"',
        't.yaml:8: campaign.end: must be a date like 2026-11-01, got "2026-13-01"']


def test_quoted_iso_date_is_accepted():
    loaded = loads_answers(edit("start: 2026-11-01", "start: '2026-11-01'"), "t.yaml")
    assert loaded.answers.campaign.start == dt.date(2026, 11, 1)


def test_wrong_enum():
    assert problems_of(edit("purpose: conversion", "purpose: sales")) == [
        ('t.yaml:6: campaign.purpose: must be one of acquisition, activation, conversion, brand, '
        'got "sales"')]


def test_unknown_key_with_suggestion():
    assert problems_of(edit("  budget: 100000", "  budjet: 100000")) == [
        't.yaml:10: campaign.budjet: unknown field; did you mean "budget"?']


def test_unknown_key_without_close_match_lists_fields():
    (line,) = problems_of(edit("    budget: 20000", "    zzz: 20000"))
    assert line.startswith("t.yaml:21: channels.1.zzz: unknown field; the fields here are name, kind,")


def test_missing_required_field_names_what_to_write():
    assert problems_of(edit("        target: 12000\n", "")) == [
        ("t.yaml:14: objectives.0.key_results.0.target: is required: the number this key "
        "result must reach, e.g. `target: 12000`")]


def test_every_problem_at_once():
    text = edit("purpose: conversion", "purpose: sales", edit("target: 12000", "target: lots"))
    assert [p.split(":")[1] for p in problems_of(text)] == ["6", "16"]


def test_duplicate_key():
    text = edit("  owner: 张敏\n  budget", "  owner: 张敏\n  purpose: brand\n  budget")
    assert problems_of(text) == [
        "t.yaml:10: campaign.purpose: `purpose` appears twice (lines 6 and 10); keep one"]


def test_alias_is_refused():
    text = edit("  owner: 张敏\n  budget", "  owner: &boss 张敏\n  budget")
    text = edit("    task: 定目标\n    owner: 张敏", "    task: 定目标\n    owner: *boss", text)
    assert problems_of(text) == [
        ("t.yaml:25: schedule.0.owner: YAML aliases (*boss) are not allowed in answers files; "
        "write the value out")]


def test_yaml_syntax_error():
    assert problems_of(edit("theme: 测试活动", "theme: 测试: [活动")) == [
        ("t.yaml:5: YAML syntax error: a `key: value` cannot start here (text holding a colon "
         "and a space needs quotes); check the indentation, colons and quotes on this line")]
    assert problems_of(edit("theme: 测试活动", "theme: 测试: [活动"), lang="zh") == [
        ("t.yaml:5: YAML 语法错误：这里不能出现“键: 值”（文本中含有冒号加空格时，请给整段文本加引号）"
         "；请检查这一行的缩进、冒号和引号")]


def test_tab_indentation_is_named():
    (line,) = problems_of(edit("  theme: 测试活动", "\ttheme: 测试活动"))
    assert line == ("t.yaml:5: YAML syntax error: a character here cannot start a value (a tab? "
                    "indent with spaces); check the indentation, colons and quotes on this line")


def test_unclosed_quote_or_bracket_names_the_line_it_opened_on():
    # The scanner only notices at the end of the file (it named the last line).
    text = edit("theme: 测试活动", 'theme: "测试活动')
    assert problems_of(text) == [
        ("t.yaml:5: YAML syntax error: a quote opened on this line is never closed; check the "
         "indentation, colons and quotes on this line")]
    text = edit("    depends_on: [T1]", "    depends_on: [T1")
    assert [p.split(": YAML")[0] for p in problems_of(text)] == [
        f"t.yaml:{line_number(text, 'depends_on: [T1')}"]


def test_format_2():
    assert problems_of(edit("format: 1", "format: 2") + "future_section: 1\n") == [
        "t.yaml:2: format: this file is format 2; this campaign-docs reads format 1"]


def test_empty_and_non_mapping_files():
    assert problems_of("# only a comment\n") == [
        ("t.yaml: the file is empty; start with `format: 1` and a `campaign:` section "
        "(or run `campaign-docs new`)")]
    assert problems_of("- a\n- b\n") == [
        "t.yaml:1: the top level must be sections like `format: 1` and `campaign:`, got a list"]


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(MINIMAL.encode("gbk"))
    with pytest.raises(AnswersError) as info:
        load_answers(path)
    (problem,) = info.value.problems
    assert problem.line == 5
    assert problem.text("en") == ("the file is not UTF-8 text (byte 0xb2); save it as UTF-8 in "
                                  "your editor")
    assert problem.text("zh") == "文件不是 UTF-8 文本（字节 0xb2）；请在编辑器里另存为 UTF-8 编码"


def test_three_megabyte_file(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL + "# " + "x" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(path)
    assert info.value.problems[0].render("en") == (
        f"{path}: the file is 3.0 MB; it may be at most 2 MB (is this the right file?)")


def test_yaml_12_keeps_no_and_on_as_text():
    loaded = loads_answers(edit("theme: 测试活动", "theme: NO").replace("owner: 张敏\n  budget",
                                                                          "owner: on\n  budget"))
    assert loaded.answers.campaign.theme == "NO"
    assert loaded.answers.campaign.owner == "on"


def test_control_character_in_theme_loads_and_is_cleaned_later():
    loaded = loads_answers(edit("theme: 测试活动", 'theme: "测试\\x07活动"'))
    assert loaded.answers.campaign.theme == "测试\x07活动"
    assert clean_text(loaded.answers.campaign.theme) == "测试\ufffd活动"


def test_paths_one_notation():
    loc = ("objectives", 0, "key_results", 1, "target")
    assert paths.parse("objectives.0.key_results.1.target") == loc
    assert paths.parse("objectives[0].key_results[1].target") == loc  # the older form reads
    assert paths.dotted(loc) == "objectives.0.key_results.1.target"
    assert paths.dotted("objectives[0].target") == "objectives.0.target"


def test_put_and_save_keep_comments_and_order(tmp_path):
    source = ROOT / "examples" / "double11-zh.yaml"
    original = source.read_text(encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(original, encoding="utf-8")
    loaded = load_answers(path)
    paths.put(loaded.data, "objectives[0].key_results[1].target", 1600000)
    paths.put(loaded.data, "campaign.nature", "老客专属的转化活动")
    save_answers(path, loaded.data)
    expected = edit("        target: 1500000", "        target: 1600000", original)
    expected = edit("nature: 以老带新的促活转化活动", "nature: 老客专属的转化活动", expected)
    assert path.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temp file left behind


def test_put_creates_maps_and_lists(tmp_path):
    path = tmp_path / "m.yaml"
    loaded = loads_answers(edit("\nresults:\n", "\nresults:\n  revenue: 1\n"), "m.yaml")
    data = loaded.data
    paths.put(data, "objectives[1].objective", "唤醒沉睡会员")
    paths.put(data, "objectives[1].key_results[0].metric", "回访人数")
    paths.put(data, ("objectives", 1, "key_results", 0, "target"), 25000)
    paths.put(data, "results.funnel.exposure", 50000)
    paths.put(data, "campaign.background", "第一行\n第二行")
    save_answers(path, data)
    text = path.read_text(encoding="utf-8")
    assert "  background: |-\n    第一行\n    第二行\n" in text
    assert "# 总预算" in text
    again = load_answers(path).answers
    assert again.objectives[1].key_results[0].target == 25000
    assert again.results.funnel.exposure == 50000
    assert paths.get(data, "objectives[1].key_results[0].metric") == "回访人数"
    assert paths.get(data, "objectives.5.objective", "none") == "none"
    with pytest.raises(IndexError):
        paths.put(data, "rules[3]", "x")


def test_save_failure_leaves_the_file(tmp_path, monkeypatch):
    path = tmp_path / "keep.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    data = load_answers(path).data
    paths.put(data, "campaign.theme", "新主题")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError):  # NOTE: one sentence naming the file (atomic.py)
        save_answers(path, data)
    assert path.read_text(encoding="utf-8") == MINIMAL
    assert [p.name for p in tmp_path.iterdir()] == ["keep.yaml"]


def test_alias_in_a_flow_list_and_markdown_stars_are_told_apart():
    text = edit("  owner: 张敏\n  budget", "  owner: &o 张敏\n  departments: [市场部,*o]\n  budget")
    assert problems_of(text) == [
        ("t.yaml:10: campaign.departments.1: YAML aliases (*o) are not allowed in answers "
        "files; write the value out")]
    starred = edit("theme: 测试活动", "theme: 测试活动\n  background: 今年 *重点* 是 **老客** & 新客")
    assert loads_answers(starred, "t.yaml").answers.campaign.background.startswith("今年 *重点*")
