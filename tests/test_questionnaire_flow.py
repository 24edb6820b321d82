"""Fewer keystrokes and a way back: proposals from earlier answers, pick lists, `<`, and the
results questionnaire resuming and summing up like the plan's (CliRunner sessions)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers.load import load_answers, plain, save_answers
from generator.planning import defaults
from generator.questionnaire import prompts
from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.store import read_tree
from tests.conftest import EXAMPLES

D = dt.date
REAL_READ_LINE = prompts.read_line
BASICS = "主题\n\n3\n\n2026-11-01\n2026-11-11\n张敏\n\n\n"  # ... budget blank; goals next


def run(args: list[str], text: str = ""):
    """Invoke the CLI with scripted input, as a person would type it."""
    return CliRunner().invoke(cli, args, input=text, catch_exceptions=False)


def saved(path: str) -> dict:
    """The answers file as plain data, complete or not."""
    return plain(read_tree(Path(path)))


class Recorder:
    """Wraps prompts.read_line: records every prompt, raises Ctrl-C after `stop_after`."""

    def __init__(self, monkeypatch, stop_after: int | None = None):
        self.asked: list[str] = []
        self.stop_after = stop_after
        monkeypatch.setattr(prompts, "read_line", self)

    def __call__(self, prompt: str, default: str | None = None) -> str:
        if self.stop_after is not None and len(self.asked) == self.stop_after:
            raise KeyboardInterrupt
        self.asked.append(prompt if not default else f"{prompt} [{default}]")
        return REAL_READ_LINE(prompt, default)


def plan_up_to(section: str, **extra: str) -> Path:
    """The double11 example's answers before `section` (a questionnaire in progress)."""
    text = (EXAMPLES / "double11-zh.yaml").read_text(encoding="utf-8")
    # one key result of the example has no deadline (the model defaults it): answer it
    text = text.replace("        target: 25000\n        unit: 人\n",
                        "        target: 25000\n        unit: 人\n        deadline: 2026-11-11\n")
    keep = text[: text.index(f"\n{section}:") + 1]
    # NOTE: the example itemises no budget and names no approvers; answered as empty, so a resumed session asks
    # `section` next as it did before the budget section came in.
    skipped = "" if section == "budget" else "budget:\n  lines: []\n"
    skipped += "approvers: []\n"  # the sign-off, last: not asked before `section` either
    Path("f.yaml").write_text(keep + "".join(extra.values()) + skipped, encoding="utf-8")
    return Path("f.yaml")


# --- `<`: back one question --------------------------------------------------------------


def test_back_goes_to_the_question_before_and_then_on_to_where_it_was():
    # theme, background (blank), purpose 3; at the nature question `<` three times:
    # purpose (asked again with its answer), background, theme; the fourth `<` finds the
    # section's first question; a new theme, then on at the nature question.
    text = "主题\n\n3\n<\n<\n<\n<\n新主题\n定性\n"
    result = run(["new", "-o", "b.yaml", "--lang", "zh"], text)
    out = result.output
    assert "活动目的 [转化提升]" in out and "活动主题 [主题]" in out
    assert out.count("已经是这一部分的第一个问题") == 1
    campaign = saved("b.yaml")["campaign"]
    assert (campaign["theme"], campaign["purpose"], campaign["nature"]) == (
        "新主题", "conversion", "定性")


def test_back_inside_a_group_item_and_out_of_a_new_item():
    # KR: metric, baseline, target; `<` at the unit goes back to the target (asked again),
    # then unit, kind and deadline take their defaults. A second KR: `<` at its metric
    # cancels that item and returns to the menu.
    text = (BASICS + "目标一\n复购用户数\n8000\n12000\n<\n13000\n\n\n\n"
            "a\n<\n\n")
    result = run(["new", "-o", "g.yaml", "--lang", "zh"], text)
    assert "目标值 [12000]" in result.output
    assert "看不懂" not in result.output and "日期写成" not in result.output
    krs = saved("g.yaml")["objectives"][0]["key_results"]
    assert [(k["metric"], k["target"], k["unit"], k["deadline"]) for k in krs] == [
        ("复购用户数", 13000, "人", D(2026, 11, 11))]


def test_back_from_one_key_result_to_the_one_before_in_results():
    Path("d.yaml").write_text(_without_results(), encoding="utf-8")
    # at the second KR's actual `<` goes back to the first KR (actual, reason, lesson again)
    text = "11200\n\n\n<\n11300\n\n\n1380000\n"
    result = run(["results", "d.yaml"], text)
    assert result.exit_code == 130
    assert "“复购用户数”实际值（目标 12000 人） [11200]" in result.output
    actuals = [k["actual"] for k in saved("d.yaml")["results"]["key_results"] if "actual" in k]
    assert actuals == [11300, 1380000]


# --- values proposed from earlier answers ------------------------------------------------


def test_unit_proposed_from_the_metric():
    # metric, baseline, target, unit, kind, deadline; then a second key result
    text = BASICS + "目标一\n新增注册用户数\n\n100\n\n\n\na\n2\n\n150万\n\n\n\n"
    result = run(["new", "-o", "u.yaml", "--lang", "zh"], text)
    assert "单位 [人]" in result.output and "单位 [元]" in result.output
    krs = saved("u.yaml")["objectives"][0]["key_results"]
    assert [(k["metric"], k["unit"]) for k in krs] == [("新增注册用户数", "人"), ("GMV", "元")]


def test_channels_start_from_a_pick_list_and_kinds_come_from_the_names():
    plan_up_to("channels")
    # pick 5 (朋友圈广告) and name one of our own; each is then asked, its kind proposed
    text = "5,门店快闪\n" + "\n" * 8 + "\n" * 8 + "\n"
    result = run(["new", "--resume", "f.yaml"], text)
    out = result.output
    assert "常见渠道：1) 微信公众号  2) 短信召回" in out  # the conversion campaign's list
    assert "渠道 1：朋友圈广告" in out and "渠道 2：门店快闪" in out
    assert "渠道类型 [付费投放]" in out and "渠道类型 [线下]" in out
    channels = saved("f.yaml")["channels"]
    assert [(c["name"], c["kind"], c["start"]) for c in channels] == [
        ("朋友圈广告", "paid", D(2026, 11, 1)), ("门店快闪", "offline", D(2026, 11, 1))]


def test_risks_from_the_pick_list_bring_their_levels_and_mitigation():
    plan_up_to("risks")
    text = "3\n\n\n\n\n"  # 刷单、薅羊毛: Enter takes likelihood, impact, mitigation; done
    result = run(["new", "--resume", "f.yaml"], text)
    assert "影响 [高]" in result.output
    risk = saved("f.yaml")["risks"][0]
    common = defaults.risk_named("刷单、薅羊毛", "zh")
    assert risk == common and risk["impact"] == "high"


def test_due_dates_proposed_from_the_phases():
    plan_up_to("materials")  # phases: planning ends 10-20, warm-up 10-21..10-31
    text = "a\n裂变海报\n\n\n\n\n\n\n" + "a\n报名页\n\n\n\n\n\n"
    result = run(["new", "--resume", "f.yaml"], text)
    assert "交付日期 [2026-10-20]" in result.output  # before warm-up starts
    assert "完成日期 [2026-10-29]" in result.output  # the day before the 2-day test
    data = saved("f.yaml")
    assert data["materials"][0]["due"] == D(2026, 10, 20)
    assert data["development"][0]["due"] == D(2026, 10, 29)


def test_the_proposed_schedule_keeps_the_answers_dates_and_has_no_kol_task():
    # One channel from 10-25 (before the 11-01 launch), one development item due 10-24.
    plan_up_to("channels", channels=(
        "channels:\n  - {name: 微信公众号, kind: owned, owner: 李雷, start: 2026-10-25, "
        "end: 2026-11-11}\nmaterials: []\ndevelopment:\n  - {item: 活动页抽奖模块, kind: page, "
        "owner: 王工, due: 2026-10-24}\n"))
    result = run(["new", "--resume", "f.yaml"], "\n\n\n\n\nn\n")
    out = result.output
    assert "渠道预热：微信公众号  (2026-10-25 – 2026-10-31)" in out
    assert "渠道推广：微信公众号  (2026-11-01 – 2026-11-11)" in out
    assert "功能开发：活动页抽奖模块  (2026-10-21 – 2026-10-24)" in out
    tasks = saved("f.yaml")["schedule"]
    assert not any("KOL" in t["task"] for t in tasks)
    channel = [t for t in tasks if t["task"].endswith("微信公众号")]
    assert (channel[0]["start"], channel[-1]["end"]) == (D(2026, 10, 25), D(2026, 11, 11))


def test_a_renamed_task_gets_its_own_deliverable():
    presets = ["--set", "campaign.theme=Spring", "--set", "campaign.purpose=brand",
               "--set", "campaign.start=2026-05-01", "--set", "campaign.end=2026-05-07",
               "--set", "campaign.owner=Kim", "--set", "objectives.0.objective=Be known",
               "--set", "objectives.0.key_results.0.metric=Reach",
               "--set", "objectives.0.key_results.0.target=1万"]
    assert run(["new", "-o", "p.yaml", "--lang", "en", "--defaults", *presets]).exit_code == 0
    before = saved("p.yaml")["schedule"]
    assert before[0]["deliverable"] == "OKRs and budget sheet"
    other = next(t for t in before if t["task"] == "Analyse target users' needs and pain points")
    # item 1 renamed to our own name, item 3 to the name of item 2's standard task;
    # item 4 edited without a rename keeps its deliverable
    text = ("e 1\nKick-off workshop\n" + "\n" * 6 + "e 3\n" + other["task"] + "\n" + "\n" * 6
            + "e 4\n" + "\n" * 7 + "\n\nn\n")
    result = run(["edit", "p.yaml", "--section", "schedule"], text)
    assert result.exit_code == 0, result.output
    after = load_answers("p.yaml").answers.schedule
    assert (after[0].task, after[0].deliverable) == ("Kick-off workshop", None)
    assert (after[2].task, after[2].deliverable) == (other["task"], other["deliverable"])
    assert after[3].deliverable == before[3]["deliverable"]


# --- results like the questionnaire ------------------------------------------------------


def _without_results() -> str:
    source = (EXAMPLES / "double11-zh.yaml").read_text(encoding="utf-8")
    return source[: source.index("\nresults:") + 1]


RESULTS = ("11200\n\n\n1380000\n\n\n22800\n\n\n17.6\n\n\n2060\n\n\n"  # actual, reason, lesson
           "26400\n微信公众号 9800, 短信召回 6200\n"
           "520000\n4.1万\n13500\n11200\n"
           "138万\n1,2,技术开发与埋点\n124,600\n42000\n12000\n\n"
           + "100\n50\n1000\n" * 6
           + "领券入口不明显\n\n第二天短信通道拥堵\n\n老客更吃专属感\n\n"
           "a\n给已复购用户推送会员日\n张敏\n2026-11-20\n\n"
           "\n"  # no resources asked for
           "\nn\n")


def test_results_carry_on_after_ctrl_c(monkeypatch):
    Path("d.yaml").write_text(_without_results(), encoding="utf-8")
    first = Recorder(monkeypatch, stop_after=9)  # three KRs: actual, reason, lesson each
    result = run(["results", "d.yaml"], RESULTS)
    assert result.exit_code == 130 and len(first.asked) == 9
    assert "继续：`campaign-docs results d.yaml`" in result.output
    second = Recorder(monkeypatch)
    lines = RESULTS.splitlines(keepends=True)
    result = run(["results", "d.yaml"], "".join(lines[9:]))
    assert result.exit_code == 0, result.output
    assert second.asked[0] == "“回归券领取率”实际值（目标 20 %）"  # not question 1 again
    assert not any("复购用户数" in p for p in second.asked)
    results = load_answers("d.yaml").answers.results
    assert [k.actual for k in results.key_results] == [11200, 1380000, 22800, 17.6, 2060]
    assert [(c.item, c.amount) for c in results.costs] == [
        ("渠道投放", 124600), ("奖品与优惠券补贴", 42000), ("技术开发与埋点", 12000)]


def test_results_prompts_summary_and_cost_kinds():
    Path("d.yaml").write_text(_without_results(), encoding="utf-8")
    result = run(["results", "d.yaml"], RESULTS)
    out = result.output
    assert result.exit_code == 0, out
    assert "（输入 - 清空）" not in out
    assert out.count("- = 清空 · < = 回到上一个问题") == 1  # said once, at the start
    assert "曝光 → 点击 → 分享 → 转化" in out  # the funnel section's help
    assert "常见成本项：1) 渠道投放  2) 奖品与优惠券补贴  3) 物料设计制作  4) 技术开发" in out
    summary = out[out.index("== 回答汇总 =="):]
    for line in ("关键结果: 5 项", "复购用户数：实际 11200", "老带新新客数：实际 2060",
                 "渠道投放：金额 124600", "微信公众号：参与 100 · 转化 50 · 花费 1000",
                 "给已复购用户推送会员日：负责人 张敏 · 截止日期 2026-11-20"):
        assert line in summary, line
    assert "— —" not in summary


def test_recorded_results_are_asked_again_with_their_values(monkeypatch):
    # The example's results predate the reason and lesson per KR: those are its open
    # questions, asked first; once answered (blank here), everything is asked again.
    shutil.copy(EXAMPLES / "double11-zh.yaml", "d.yaml")
    recorder = Recorder(monkeypatch, stop_after=1)
    assert run(["results", "d.yaml"]).exit_code == 130
    assert recorder.asked == ["“复购用户数”未达成或超额的原因"]
    text = Path("d.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(\n      actual: [^\n]*\n)", r"\1      reason:\n      lesson:\n", text)
    text = text.replace("\nresults:", "\nresults:\n  resources: []", 1)  # answered: none
    Path("d.yaml").write_text(text, encoding="utf-8")
    recorder = Recorder(monkeypatch, stop_after=1)
    assert run(["results", "d.yaml"]).exit_code == 130
    assert recorder.asked == ["“复购用户数”实际值（目标 12000 人） [11200]"]


# --- words -------------------------------------------------------------------------------


def test_english_counts_and_item_names_are_plural_where_they_should_be():
    tree = read_tree(EXAMPLES / "spring-referral-en.yaml")
    for objective in tree["objectives"]:  # deadlines the example leaves to the model
        for kr in objective["key_results"]:
            kr.setdefault("deadline", D.fromisoformat(str(tree["campaign"]["end"])))
    save_answers(Path("s.yaml"), tree)
    # three objectives: remove two, the third removal is refused (at least one)
    result = run(["edit", "s.yaml", "--section", "goals"], "r 1\n" * 3 + "\n\nn\n")
    out = result.output
    assert "at least 1 objective needed" in out
    assert "Objectives: 1 item" in out and "Channels: 6 items" in out
    assert "item(s)" not in out
    qn = load_questionnaire("plan")
    objectives = qn.find("objectives")
    assert (objectives.item_name("en", n=1), objectives.item_name("en", n=2)) == (
        "objective", "objectives")


@pytest.mark.parametrize("group", ["channels", "materials", "development"])
def test_every_proposed_kind_is_a_choice_of_the_question(group):
    from generator.locales import available, lookup

    choices = set(load_questionnaire("plan").find(f"{group}.kind").choices)
    for lang in available():
        assert set(lookup(f"proposals.kinds.{group}", lang)) <= choices
