"""The interactive questionnaire through click's CliRunner: whole sessions, resume, edit."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers.load import load_answers, plain
from generator.questionnaire import prompts
from tests.conftest import EXAMPLES
from tests.helpers import pdftotext

DATA = Path(__file__).parent / "data" / "questionnaire"


def run(args: list[str], text: str = ""):
    """Invoke the CLI with scripted input, as a person would type it."""
    return CliRunner().invoke(cli, args, input=text, catch_exceptions=False)


def without_schedule(text: str) -> str:
    """The file minus its `schedule:` block and that block's records under `proposed:` (the
    proposal belongs to generator.proposal)."""
    start, end = text.index("\nschedule:"), text.index("\nrisks:")
    text = text[: start + 1] + text[end + 1:]
    if "\n  schedule:\n" in text:  # the record of the accepted proposal, one item per line
        start = text.index("\n  schedule:\n") + 1
        end = start + len("  schedule:\n")
        while text.startswith("    - ", end):
            end = text.index("\n", end) + 1
        text = text[:start] + text[end:]
    return text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whole_session_writes_the_expected_file(lang):
    script = (DATA / f"session-{lang}.txt").read_text(encoding="utf-8")
    result = run(["new", "-o", "plan.yaml", "--lang", lang], script)
    assert result.exit_code == 0, result.output
    written = Path("plan.yaml").read_text(encoding="utf-8")
    expected_path = DATA / f"expected-{lang}.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(without_schedule(written), encoding="utf-8")
    assert without_schedule(written) == expected_path.read_text(encoding="utf-8")
    # The accepted schedule is exactly the standard proposal for these answers.
    from generator.planning.proposal import propose_schedule

    loaded = load_answers("plan.yaml")
    assert [t["task"] for t in plain(loaded.data)["schedule"]] == \
        [t["task"] for t in propose_schedule(loaded.answers)]
    header = "2/16 目标 Goals" if lang == "zh" else "2/16 Goals"
    assert header in result.output
    assert ("检查通过" if lang == "zh" else "check passed") in result.output


def test_zh_session_documents_generate():
    script = (DATA / "session-zh.txt").read_text(encoding="utf-8")
    assert run(["new", "-o", "plan.yaml", "--lang", "zh"], script).exit_code == 0
    result = run(["generate", "plan.yaml", "--doc", "plan", "--format", "pdf", "-o", "out"])
    assert result.exit_code == 0, result.output
    text = pdftotext(next(Path("out").glob("*plan.pdf")))
    for words in ("双十一老客回馈季", "复购用户数", "12,000", "微信公众号", "沉睡老客"):
        assert words in text


def test_dates_and_money_typed_every_way_are_stored_plainly():
    data = plain(load_answers(_session_file("zh")).data)
    assert data["campaign"]["start"] == dt.date(2026, 11, 1)  # typed 2026/11/1
    assert data["campaign"]["end"] == dt.date(2026, 11, 11)  # typed 2026年11月11日
    assert data["campaign"]["budget"] == 200000  # typed 20万
    kr = data["objectives"][0]["key_results"]
    assert kr[0]["deadline"] == dt.date(2026, 11, 11)  # default: the campaign end
    assert (kr[1]["metric"], kr[1]["baseline"], kr[1]["target"]) == ("GMV", 1000000, 1500000)
    assert data["channels"][0]["expected_reach"] == 120000  # typed 120,000


def _session_file(lang: str) -> Path:
    script = (DATA / f"session-{lang}.txt").read_text(encoding="utf-8")
    assert run(["new", "-o", "s.yaml", "--lang", lang], script).exit_code == 0
    return Path("s.yaml")


REAL_READ_LINE = prompts.read_line


class Recorder:
    """Wraps prompts.read_line: records every prompt, raises Ctrl-C after `stop_after`."""

    def __init__(self, monkeypatch, stop_after: int | None = None):
        self.asked: list[str] = []
        self.stop_after = stop_after
        self._real = REAL_READ_LINE
        monkeypatch.setattr(prompts, "read_line", self)

    def __call__(self, prompt: str, default: str | None = None) -> str:
        if self.stop_after is not None and len(self.asked) == self.stop_after:
            raise KeyboardInterrupt
        self.asked.append(prompt)
        return self._real(prompt, default)


def test_interrupt_after_seventh_answer_then_resume_asks_nothing_twice(monkeypatch):
    lines = (DATA / "session-zh.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    first = Recorder(monkeypatch, stop_after=8)  # background takes 2 lines: 7 answers
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], "".join(lines[:8]))
    assert result.exit_code == 130
    message = "已把 7 个回答保存到 x.yaml；继续：`campaign-docs new --resume x.yaml`"
    assert message in result.output
    saved = plain(load_partial("x.yaml"))["campaign"]
    assert list(saved) == ["theme", "background", "purpose", "nature", "start", "end", "owner"]
    assert saved["owner"] == "张敏"

    second = Recorder(monkeypatch)
    result = run(["new", "--resume", "x.yaml"], "".join(lines[8:]))
    assert result.exit_code == 0, result.output
    questions = {p for p in first.asked + second.asked if not p.startswith(("  ...", "目标：",
                                                                            "关键结果："))}
    repeated = [p for p in first.asked if p in second.asked and p in questions]
    assert repeated == []
    assert "活动主题" not in "".join(second.asked)
    expected = (DATA / "expected-zh.yaml").read_text(encoding="utf-8")
    assert without_schedule(Path("x.yaml").read_text(encoding="utf-8")) == expected


def load_partial(path: str):
    """A saved file mid-questionnaire (the model would call it incomplete)."""
    from generator.questionnaire.store import read_tree

    return read_tree(Path(path))


BASICS = "主题\n\n3\n\n2026-11-01\n2026-11-11\n张敏\n\n"  # budget comes next


@pytest.mark.parametrize("entries, reason, stored", [
    ("2026-13-01\n2026-11-01\n", "没有这一天", ("start", dt.date(2026, 11, 1))),
    ("明天\n2026-11-01\n", "日期写成 2026-11-01", ("start", dt.date(2026, 11, 1))),
])
def test_bad_date_shows_reason_and_asks_again(entries, reason, stored):
    text = "主题\n\n3\n\n" + entries + "2026-11-11\n张敏\n"
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], text)
    assert result.exit_code == 130
    assert reason in result.output
    assert result.output.count("活动开始日期") == 2
    assert plain(load_partial("x.yaml"))["campaign"][stored[0]] == stored[1]


def test_end_before_start_negative_budget_and_empty_required_are_reasked():
    text = ("\n主题\n\n3\n\n2026-11-01\n2026-10-01\n2026-11-11\n张敏\n\n"
            "-5000\n5万\n\n")
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], text)
    out = result.output
    assert "这一项必填" in out and out.count("活动主题") == 2
    assert "不能早于活动开始日期（2026-11-01）" in out
    assert '"-5000" 是负数；这里请填 0 或更大的数' in out
    campaign = plain(load_partial("x.yaml"))["campaign"]
    assert (campaign["end"], campaign["budget"]) == (dt.date(2026, 11, 11), 50000)


def test_key_result_without_a_number_is_reasked_with_a_reason():
    text = BASICS + "\n目标一\n付费用户数\n\n很多\n1.2万\n"
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], text)
    assert '"很多" 不是一个数：可以写 12000、1.2万、1万5、20,000、¥25、27.5元 或 18%' in result.output
    kr = plain(load_partial("x.yaml"))["objectives"][0]["key_results"][0]
    assert kr["target"] == 12000


def test_purpose_suggests_metrics_and_a_number_picks_one():
    text = BASICS + "\n目标一\n3\n"
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], text)
    assert "1) 付费用户数  2) GMV  3) 转化率" in result.output
    assert plain(load_partial("x.yaml"))["objectives"][0]["key_results"][0]["metric"] == "转化率"


def test_fourth_objective_gets_the_okr_warning_and_a_confirm():
    kr = "指标\n\n100\n\n\n\n\n"  # metric, baseline, target, unit, kind, deadline, KR menu
    text = BASICS + "\n" + "目标一\n" + kr + "a\n目标二\n" + kr + "a\n目标三\n" + kr
    text += "a\nn\na\ny\n目标四\n" + kr
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], text)
    assert result.output.count("OKR 建议每个活动最多 3 个目标") == 2
    objectives = plain(load_partial("x.yaml"))["objectives"]
    assert [o["objective"] for o in objectives] == ["目标一", "目标二", "目标三", "目标四"]


def test_group_menu_edits_removes_and_moves_items():
    # each key result: metric, baseline, target, unit, kind, deadline
    text = (BASICS + "\n目标一\n指标\n\n100\n\n\n\n"
            "a\n指标二\n\n200\n\n\n\n"  # add a second key result
            "m 2 1\n"                   # move it to the top
            "e 2\n\n\n150\n\n\n\n"      # edit item 2: target 100 -> 150
            "a\n删掉我\n\n1\n\n\n\n"
            "r 3\n"                   # remove it again
            "r 9\nx y\n\n")           # no item 9; a typo; then done
    result = run(["new", "-o", "x.yaml", "--lang", "zh"], text)
    assert "没有第 9 项" in result.output and "看不懂“x y”" in result.output
    krs = plain(load_partial("x.yaml"))["objectives"][0]["key_results"]
    assert [(k["metric"], k["target"]) for k in krs] == [("指标二", 200), ("指标", 150)]


def test_defaults_and_presets_finish_without_a_single_prompt():
    presets = ["--set", "campaign.theme=Preset week", "--set", "campaign.purpose=brand",
               "--set", "campaign.start=2026-05-01", "--set", "campaign.end=2026/5/7",
               "--set", "campaign.owner=Kim", "--set", "campaign.budget=$8,000",
               "--set", "objectives.0.objective=Be known",
               "--set", "objectives.0.key_results.0.metric=Reach",
               "--set", "objectives.0.key_results.0.target=1万"]
    result = run(["new", "-o", "p.yaml", "--lang", "en", "--defaults", *presets])
    assert result.exit_code == 0, result.output
    assert ":" not in "".join(line for line in result.output.splitlines() if "[" in line)
    loaded = load_answers("p.yaml")
    a = loaded.answers
    assert (a.campaign.budget, a.campaign.currency, a.campaign.end) == \
        (8000, "USD", dt.date(2026, 5, 7))
    kr = a.objectives[0].key_results[0]
    assert (kr.target, kr.deadline) == (10000, dt.date(2026, 5, 7))
    assert [p.phase for p in a.phases] == ["planning", "warmup", "launch", "review"]
    assert len(a.schedule) >= 10


def test_no_input_with_a_partial_file_lists_every_missing_answer():
    partial = "format: 1\nlang: en\ncampaign:\n  theme: Half done\n"
    Path("part.yaml").write_text(partial, encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "--resume", "part.yaml", "--no-input"])
    assert result.exit_code == 3
    for field in ("campaign.purpose", "campaign.start", "campaign.end", "campaign.owner"):
        assert (f"part.yaml:3: {field}: required answer missing; add it to the file, pass "
                f"--set {field}=VALUE, or run without --no-input") in result.output
    assert "part.yaml: objectives.0.objective: required answer missing" in result.output
    assert Path("part.yaml").read_text(encoding="utf-8") == partial  # untouched


def test_bad_preset_is_one_sentence():
    result = CliRunner().invoke(cli, ["new", "-o", "x.yaml", "--lang", "en", "--set", "campaign.budget=lots"])
    assert result.exit_code == 2
    assert ('--set campaign.budget=lots: "lots" is not a number: write it as 12000, 1.5k, '
            "20,000, $25, 27.5 USD or 18%") in result.output
    result = CliRunner().invoke(cli, ["new", "-o", "x.yaml", "--lang", "en", "--set", "campaign.budgt=1"])
    assert "--set campaign.budgt: no such question" in result.output


def test_new_refuses_to_overwrite_an_existing_file():
    Path("x.yaml").write_text("format: 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "-o", "x.yaml", "--lang", "en"])
    assert result.exit_code == 2
    assert "x.yaml already exists; carry on with `campaign-docs new --resume x.yaml`" \
        in result.output
    assert Path("x.yaml").read_text(encoding="utf-8") == "format: 1\n"


def test_edit_keeps_comments_and_order_and_changes_only_what_was_typed():
    shutil.copy(EXAMPLES / "double11-zh.yaml", "d.yaml")
    before = Path("d.yaml").read_text(encoding="utf-8")
    # basics: Enter keeps every value except the owner (a typo fixed); then summary, n.
    text = "\n\n\n\n\n\n王敏\n\n\n\n\nn\n"
    result = run(["edit", "d.yaml", "--section", "basics"], text)
    assert result.exit_code == 0, result.output
    after = Path("d.yaml").read_text(encoding="utf-8")
    assert len(before.splitlines()) == len(after.splitlines())
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [("  owner: 张敏", "  owner: 王敏")]
    assert "[双十一老客回馈季]" in result.output  # the saved answer is the default


def test_edit_unknown_section_names_the_choices():
    shutil.copy(EXAMPLES / "double11-zh.yaml", "d.yaml")
    result = CliRunner().invoke(cli, ["edit", "d.yaml", "--section", "budgets", "--lang", "en"])
    assert result.exit_code == 2
    assert "no such section; use one of basics, goals, audience" in result.output


def test_summary_jump_back_to_a_section():
    shutil.copy(EXAMPLES / "spring-referral-en.yaml", "s.yaml")
    # Edit the rules (Enter keeps), then jump back to section 1 and change the theme only.
    text = "\n" + "1\n" + "New theme\n" + "\n" * 9 + "\n" + "n\n"
    result = run(["edit", "s.yaml", "--section", "rules"], text)
    assert result.exit_code == 0, result.output
    assert result.output.count("Go back to a section?") == 2
    assert load_answers("s.yaml").answers.campaign.theme == "New theme"


def test_results_are_asked_per_key_result_and_channel():
    source = (EXAMPLES / "double11-zh.yaml").read_text(encoding="utf-8")
    Path("d.yaml").write_text(source[: source.index("\nresults:") + 1], encoding="utf-8")
    text = ("11200\n首日短信拥堵\n专属券提前一天发\n"   # five key results: actual, why, lesson
            "1380000\n\n\n22800\n\n\n17.6\n\n\n2060\n\n\n"
            "26400\n微信公众号 9800, 短信召回 6200\n"   # participants
            "520000\n4.1万\n13500\n11200\n"           # funnel
            "138万\na\n渠道投放\n124,600\n\n"          # revenue, one cost line
            + "100\n50\n1000\n" * 6                   # six plan channels
            + "领券入口不明显\n\n第二天短信通道拥堵\n\n老客更吃专属感\n\n"
            "a\n给已复购用户推送会员日\n张敏\n11月20日\n\n"
            "a\n短信通道扩容\n2万\n第二天短信通道拥堵\n\n"   # a resource asked for
            "\nn\n")
    result = run(["results", "d.yaml"], text)  # results.record_results -> run_results
    assert result.exit_code == 0, result.output
    assert "“复购用户数”实际值（目标 12000 人）" in result.output
    results = load_answers("d.yaml").answers.results
    assert [k.actual for k in results.key_results] == [11200, 1380000, 22800, 17.6, 2060]
    assert (results.key_results[0].reason, results.key_results[0].lesson) == (
        "首日短信拥堵", "专属券提前一天发")
    assert "“复购用户数”未达成或超额的原因" in result.output
    assert results.participants.by_source == {"微信公众号": 9800, "短信召回": 6200}
    assert results.funnel.clicks == 41000 and results.revenue == 1380000
    assert [c.name for c in results.channels][:2] == ["微信公众号", "短信召回"]
    assert results.follow_up[0].owner == "张敏"
    assert [(r.what, r.amount, r.why) for r in results.resources] == [
        ("短信通道扩容", 20000, "第二天短信通道拥堵")]
    assert "# OKR：最多 3 个目标" in Path("d.yaml").read_text(encoding="utf-8")


def test_following_the_no_input_advice_step_by_step_ends_in_a_checked_file():
    """The issue's path: each run names the next --set to pass; passing it must work."""
    import re

    presets = ["--set", "campaign.theme=春季拉新", "--set", "campaign.start=2027-04-01",
               "--set", "campaign.end=2027-04-10", "--set", "campaign.owner=张敏",
               "--set", "campaign.purpose=conversion"]
    values = {"objectives.0.objective": "提升复购",
              "objectives.0.key_results.0.metric": "付费用户数",
              "objectives.0.key_results.0.target": "1000"}
    asked = []
    for _ in range(len(values) + 1):
        result = CliRunner().invoke(cli, ["new", "-o", "b.yaml", "--lang", "zh", "--defaults",
                                          "--no-input", *presets])
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            result.exception  # never a traceback
        if result.exit_code == 0:
            break
        assert result.exit_code == 3, result.output
        assert not Path("b.yaml").exists()  # a failing --no-input run writes nothing
        field = re.search(r"--set (\S+)=VALUE", result.output).group(1)
        assert f"b.yaml: {field}: 必填的回答还空着" in result.output
        asked.append(field)
        presets += ["--set", f"{field}={values[field]}"]
    assert asked == list(values)  # one missing answer named per run, in order
    assert result.exit_code == 0, result.output
    kr = load_answers("b.yaml").answers.objectives[0].key_results[0]
    assert (kr.metric, kr.target, kr.deadline) == ("付费用户数", 1000, dt.date(2027, 4, 10))
    assert "检查通过" in result.output
