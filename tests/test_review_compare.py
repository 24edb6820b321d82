"""Comparison with an earlier campaign (issue 16): two hand-worked campaigns, their actuals
side by side with the change (absolute and %), KRs and channels matched by name, those
without a match listed; a missing or unusable compare file is one sentence naming it; the
section is absent without `compare_with`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.__main__ import cli

EARLIER = """\
format: 1
lang: zh
campaign:
  theme: 去年 618
  slug: last-618
  purpose: conversion
  start: 2025-06-01
  end: 2025-06-18
  owner: 王五
  budget: 9000
objectives:
  - objective: 拉新
    key_results:
      - {metric: 新增用户, baseline: 800, target: 1200, unit: 人}
      - {metric: 付费率, baseline: 4, target: 6, unit: '%'}
      - {metric: 老客召回, baseline: 100, target: 200, unit: 人}
channels:
  - {name: 公众号, budget: 5000}
  - {name: 短信, budget: 3000}
results:
  key_results:
    - {metric: 新增用户, actual: 1000}
    - {metric: 付费率, actual: 5}
    - {metric: 老客召回, actual: 150}
  participants: {total: 3000}
  funnel: {conversions: 500}
  revenue: 20000
  costs:
    - {item: 广告, amount: 8000}
  channels:
    - {name: 公众号, participants: 2000, conversions: 400, cost: 4000}
    - {name: 短信, participants: 1000, conversions: 100, cost: 3000}
"""

THIS = """\
format: 1
lang: zh
campaign:
  theme: 今年 618
  slug: this-618
  purpose: conversion
  start: 2026-06-01
  end: 2026-06-18
  owner: 王五
  budget: 12000
objectives:
  - objective: 拉新
    key_results:
      - {metric: 新增用户, baseline: 1000, target: 1600, unit: 人}
      - {metric: 付费率, baseline: 5, target: 7, unit: '%'}
      - {metric: 分享次数, baseline: 200, target: 400, unit: 次}
channels:
  - {name: 公众号, budget: 5000}
  - {name: 社群, budget: 1000}
COMPARE
results:
  key_results:
    - {metric: 新增用户, actual: 1500}
    - {metric: 付费率, actual: 6.5}
    - {metric: 分享次数, actual: 300}
  participants: {total: 3500}
  funnel: {conversions: 700}
  revenue: 30000
  costs:
    - {item: 广告, amount: 10000}
  channels:
    - {name: 公众号, participants: 3000, conversions: 600, cost: 4500}
    - {name: 社群, participants: 500, conversions: 100, cost: 500}
"""


def _campaigns(folder: Path, compare: str | None = "last-618.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "last-618.yaml").write_text(EARLIER, encoding="utf-8")
    line = f"compare_with: {compare}" if compare else ""
    this = folder / "this-618.yaml"
    this.write_text(THIS.replace("COMPARE", line), encoding="utf-8")
    return this


def _review(args: list[str], outdir: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["generate", *args, "--doc", "review", "--format", "md",
                                      "-o", str(outdir)])
    md = outdir / "this-618-review.md"
    return result.exit_code, result.output, md.read_text(encoding="utf-8") if md.exists() else ""


def test_the_comparison_table_on_two_hand_worked_campaigns(tmp_path):
    # compare_with is relative to the answers file, not to where the command runs
    this = _campaigns(tmp_path / "campaigns")
    code, output, md = _review([str(this)], tmp_path / "out")
    assert code == 0, output
    assert "# 七、与上次活动对比" in md
    assert "对比的活动：去年 618（2025-06-01 至 2025-06-18，文件 last\\-618\\.yaml）" in md
    rows = [
        # 1,000 -> 1,500: +500, +50.0 %
        '<tr><td>新增用户（人）</td><td class="num">1,000</td><td class="num">1,500</td>'
        '<td class="num">+500</td><td class="num">+50.0%</td></tr>',
        # a rate changes in points: 5.0 -> 6.5 is +1.5 points, no percent change
        '<tr><td>付费率（%）</td><td class="num">5.0</td><td class="num">6.5</td>'
        '<td class="num">+1.5 个百分点</td><td class="num">—</td></tr>',
        # participants 3,000 -> 3,500: +500, +16.7 %
        '<tr><td>参与人数</td><td class="num">3,000</td><td class="num">3,500</td>'
        '<td class="num">+500</td><td class="num">+16.7%</td></tr>',
        # conversions (the funnel's) 500 -> 700: +200, +40.0 %
        '<tr><td>转化数</td><td class="num">500</td><td class="num">700</td>'
        '<td class="num">+200</td><td class="num">+40.0%</td></tr>',
        # cost 8,000 -> 10,000: +2,000, +25.0 %
        '<tr><td>实际总成本</td><td class="num">¥8,000</td><td class="num">¥10,000</td>'
        '<td class="num">+¥2,000</td><td class="num">+25.0%</td></tr>',
        '<tr><td>活动收入</td><td class="num">¥20,000</td><td class="num">¥30,000</td>'
        '<td class="num">+¥10,000</td><td class="num">+50.0%</td></tr>',
        # ROI (20,000 − 8,000) ÷ 8,000 = 150 %; (30,000 − 10,000) ÷ 10,000 = 200 %: +50 points
        '<tr><td>投资回报率 ROI</td><td class="num">150.0%</td><td class="num">200.0%</td>'
        '<td class="num">+50.0 个百分点</td><td class="num">—</td></tr>',
        # CPA 8,000 ÷ 500 = 16.00; 10,000 ÷ 700 = 14.2857: −1.71, −1.714 ÷ 16 = −10.7 %
        '<tr><td>单次转化成本 CPA</td><td class="num">¥16.00</td><td class="num">¥14.29</td>'
        '<td class="num">−¥1.71</td><td class="num">−10.7%</td></tr>',
        # 公众号: 2,000 -> 3,000 people (+50 %), 400 -> 600 conversions (+50 %),
        # ¥4,000 -> ¥4,500 (+12.5 %), CPA 4,000 ÷ 400 = 10.00 -> 4,500 ÷ 600 = 7.50
        '<tr><td>公众号</td><td class="num">2,000 → 3,000（+50.0%）</td>'
        '<td class="num">400 → 600（+50.0%）</td><td class="num">¥4,000 → ¥4,500（+12.5%）</td>'
        '<td class="num">¥10.00 → ¥7.50</td></tr>',
    ]
    for row in rows:
        assert row in md
    # metrics and channels without a match are named, not dropped
    assert "只有本次有、上次没有的关键结果（未对比）：分享次数。" in md
    assert "只有上次有、本次没有的关键结果（未对比）：老客召回。" in md
    assert "只有本次用了的渠道：社群。" in md
    assert "只有上次用了的渠道：短信。" in md


def test_compare_option_overrides_and_section_absent_without(tmp_path):
    this = _campaigns(tmp_path / "c", compare=None)
    code, output, md = _review([str(this)], tmp_path / "out1")
    assert code == 0, output
    assert "与上次活动对比" not in md
    # --compare is relative to where the command runs
    code, output, md = _review([str(this), "--compare", str(tmp_path / "c" / "last-618.yaml")],
                               tmp_path / "out2")
    assert code == 0, output
    assert "与上次活动对比" in md and "+50.0 个百分点" in md


def test_a_missing_compare_file_is_one_sentence_naming_it(tmp_path):
    this = _campaigns(tmp_path / "c", compare="gone.yaml")
    code, output, _md = _review([str(this)], tmp_path / "out")
    assert code != 0
    assert "compare_with: 对比的活动文件 gone.yaml 无法使用" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "this-618-review.md").exists()


def test_a_compare_name_too_long_for_the_system_is_a_sentence_not_a_traceback(tmp_path):
    # found by the fuzzing suite: check looked the name up and the OS raised ENAMETOOLONG
    name = "x" * 300 + ".yaml"
    this = _campaigns(tmp_path / "c", compare=name)
    checked = CliRunner().invoke(cli, ["check", str(this)])
    assert checked.exception is None or isinstance(checked.exception, SystemExit)
    assert "compare_with" in checked.output and "Traceback" not in checked.output
    code, output, _md = _review([str(this)], tmp_path / "out")
    assert code != 0 and "compare_with" in output and "Traceback" not in output


def test_a_compare_file_without_results_is_refused(tmp_path):
    this = _campaigns(tmp_path / "c")
    earlier = tmp_path / "c" / "last-618.yaml"
    earlier.write_text(EARLIER.split("\nresults:")[0], encoding="utf-8")
    code, output, _md = _review([str(this)], tmp_path / "out")
    assert code != 0
    assert "对比的活动文件 last-618.yaml 还没有记录实际数据" in output


def test_batch_regenerates_a_review_when_its_predecessor_changes(tmp_path):
    import json

    folder = tmp_path / "in"
    _campaigns(folder)
    args = ["batch", "--lang", "zh", str(folder), "-o", str(tmp_path / "out"), "-j", "1",
            "--doc", "review", "--format", "md", "--report", str(tmp_path / "r.json")]

    def statuses() -> dict[str, str]:
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert "Traceback" not in result.output
        return {Path(i["input"]).stem: i["status"] for i in report["inputs"]}

    assert statuses() == {"last-618": "generated", "this-618": "generated"}
    md = (tmp_path / "out" / "this-618" / "review.md").read_text(encoding="utf-8")
    assert "+¥10,000" in md  # revenue ¥20,000 -> ¥30,000
    assert statuses() == {"last-618": "skipped", "this-618": "skipped"}
    earlier = folder / "last-618.yaml"
    earlier.write_text(EARLIER.replace("revenue: 20000", "revenue: 25000"), encoding="utf-8")
    # this-618.yaml is unchanged, yet its review compares with a changed campaign
    assert statuses() == {"last-618": "generated", "this-618": "generated"}
    md = (tmp_path / "out" / "this-618" / "review.md").read_text(encoding="utf-8")
    assert "+¥5,000" in md and "+¥10,000" not in md
    earlier.unlink()
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "compare_with: 对比的活动文件 last-618.yaml 无法使用" in result.output


def test_batch_compare_previous_picks_the_latest_earlier_campaign_of_the_same_purpose(tmp_path):
    import json

    folder = tmp_path / "in"
    _campaigns(folder, compare=None)
    (folder / "old-618.yaml").write_text(
        EARLIER.replace("last-618", "old-618").replace("去年 618", "前年 618")
        .replace("2025-06", "2024-06"), encoding="utf-8")
    # ended later than last-618 and before this-618 starts, but a brand campaign: not picked
    (folder / "brand.yaml").write_text(
        EARLIER.replace("last-618", "brand-winter").replace("purpose: conversion",
                                                             "purpose: brand")
        .replace("2025-06-01", "2025-12-01").replace("2025-06-18", "2025-12-20"),
        encoding="utf-8")
    args = ["batch", "--lang", "zh", str(folder), "-o", str(tmp_path / "out"), "-j", "1",
            "--doc", "review", "--format", "md", "--report", str(tmp_path / "r.json")]
    result = CliRunner().invoke(cli, [*args, "--compare-previous"], catch_exceptions=False)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {i["status"] for i in report["inputs"]} == {"generated"}, result.output

    def review(slug: str) -> str:
        return (tmp_path / "out" / slug / "review.md").read_text(encoding="utf-8")

    assert "对比的活动：去年 618（2025-06-01 至 2025-06-18" in review("this-618")
    assert "对比的活动：前年 618（2024-06-01 至 2024-06-18" in review("last-618")
    assert "与上次活动对比" not in review("old-618")  # nothing earlier
    assert "与上次活动对比" not in review("brand-winter")  # no earlier brand campaign
    # without the option the predecessor no longer counts: the review is made again, alone
    CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "与上次活动对比" not in review("this-618")


def test_a_compare_file_in_another_currency_is_refused(tmp_path):
    this = _campaigns(tmp_path / "c")
    earlier = tmp_path / "c" / "last-618.yaml"
    earlier.write_text(EARLIER.replace("  budget: 9000\n", "  budget: 9000\n  currency: USD\n"),
                       encoding="utf-8")
    code, output, _md = _review([str(this)], tmp_path / "out")
    assert code != 0
    assert "对比的活动文件 last-618.yaml 的币种是 USD，本次是 CNY" in output
