"""Documents speak to their readers (issue 12): no command, file name or instruction meant
for the author; checks show only what needs attention; the boss's first page."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.answers.load import load_answers
from generator.render.templating import build_view, render_document
from tests.test_review import answers_of, drop_results

from .conftest import EXAMPLES

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"
# What only the person running the tool should read: commands, files, placeholders.
AUTHOR_WORDS = re.compile(r"campaign-docs|答卷文件|答案文件|本文件|\.ya?ml\b|\.xlsx\b|ANSWERS|THIS\.|"
                          r"--from-xlsx|the answers file|`schedule`", re.IGNORECASE)


def _states():
    for example in (ZH, EN):
        yield example.stem, "plan", load_answers(example).answers
        yield example.stem, "schedule", load_answers(example).answers
        yield example.stem, "review", load_answers(example).answers
        yield example.stem, "review-template", answers_of(example, drop_results)


@pytest.mark.parametrize("name, doc, answers", list(_states()),
                         ids=[f"{n}-{d}" for n, d, _ in _states()])
def test_no_author_facing_text_in_a_document(name, doc, answers):
    kind = "review" if doc.startswith("review") else doc
    markdown = render_document(kind, answers).markdown
    assert not AUTHOR_WORDS.findall(markdown), (name, doc)


def test_the_proposed_schedule_note_speaks_to_the_reader():
    answers = load_answers(ZH).answers.model_copy(update={"schedule": []})
    markdown = render_document("schedule", answers).markdown
    assert "本排期为建议排期" in markdown and not AUTHOR_WORDS.findall(markdown)


@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
def test_the_review_workbook_names_no_placeholder_files(example, tmp_path):
    import openpyxl

    from generator.writers.xlsx.review import write_review_workbook

    answers = answers_of(example, drop_results)
    path = write_review_workbook(build_view("review", answers, answers.lang), tmp_path / "r.xlsx")
    texts = [c.value for ws in openpyxl.load_workbook(path).worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts and not [t for t in texts if AUTHOR_WORDS.search(t)]


def test_the_next_step_is_told_on_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "review", "--format", "xlsx",
                                      "-o", str(tmp_path), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    workbook = tmp_path / "double11-2026-review.xlsx"
    assert result.stdout.strip() == str(workbook)  # stdout stays the list of files written
    assert (f"campaign-docs results {ZH} --from-xlsx {workbook}" in result.stderr
            and f"campaign-docs generate {ZH} --doc review" in result.stderr)


def test_smart_check_shows_one_line_when_every_key_result_passes():
    markdown = render_document("plan", load_answers(ZH).answers).markdown
    section = markdown[markdown.index("## 2.2 SMART 检查"):markdown.index("# 三、")]
    assert section.split("\n\n")[1] == "全部 5 个关键结果均符合 SMART 原则：明确、可衡量、可实现、相关、有时限。"
    assert "✓" not in section and "|" not in section


def test_smart_check_lists_only_the_letters_that_need_attention():
    def edit(data):  # O1-KR2 loses its baseline: not measurable against a starting point
        del data["objectives"][0]["key_results"][1]["baseline"]

    markdown = render_document("plan", answers_of(EN, edit)).markdown
    section = markdown[markdown.index("## 2.2 SMART check"):markdown.index("# 3. ")]
    rows = [line for line in section.splitlines() if line.startswith("| O")]
    # every other letter of every key result passes and is not shown
    assert rows == ["| O1\\-KR2 | Referral invites sent | Measurable | no baseline: add last "
                    "period's figure |"]
    assert "1 of the 5 key results needs attention" in section


def test_plan_opens_with_the_boss_page():
    markdown = render_document("plan", load_answers(ZH).answers).markdown
    first = markdown[:markdown.index('<div class="page-break"></div>')]
    assert first.startswith("# 方案摘要\n\n**双十一老客回馈季**（转化提升）：2026-11-01 至 2026-11-11，共 11 天")
    for heading in ("### 目标与关键结果", "### 预算", "### 关键日期", "### 主要风险"):
        assert heading in first
    assert "| O1 提升老用户复购 | 复购用户数 | 12,000 人 | +50.0% | 11-11 |" in first
    assert "|  | 复购 GMV | 1,500,000 元 | +50.0% | 11-11 |" in first  # objective once
    # budget: 200,000 total, channels 130,000 = 65.0%; the three largest channel budgets
    assert ("总预算 ¥200,000，其中推广渠道 ¥130,000（65.0%），其他 ¥70,000。"
            "投入最多的渠道：小红书达人种草 ¥60,000、微信公众号 ¥30,000、短信召回 ¥15,000。") in first
    assert "| **活动策划期** | 10-08 至 10-20 | ◆ 10-17 策划方案评审（张敏） |" in first
    risks = [line for line in first.splitlines() if line.endswith("|")][-3:]
    assert [r.split(" | ")[1] for r in risks] == ["高", "高", "高"]  # the three highest scores


def test_the_channel_conclusion_is_written_from_the_figures():
    markdown = render_document("review", load_answers(ZH).answers).markdown
    # conversions 4,100 of 11,200 (36.6%), 4,100 / 2,600 = 1.6 times the runner-up;
    # CPA 4,600 / 1,500 = ¥3.07 and 58,000 / 600 = ¥96.67, 31.5 times as much
    assert ("**微信公众号**带来的转化最多：4,100，占全部转化的 36.6%，是第二名**短信召回**（2,600）的 1.6 倍。"
            "单次转化成本最低的是**App 推送**（¥3.07），最高的**小红书达人种草**（¥96.67）是它的 31.5 倍。"
            "下次可把预算向**App 推送**这类成本低的渠道倾斜。") in markdown
    # no stray space between a bold Chinese name and the Chinese around it (a figure keeps
    # the space Chinese type sets beside digits)
    assert not re.search(r"[\u4e00-\u9fff，。：] \*\*[\u4e00-\u9fff]|[\u4e00-\u9fff]\*\* "
                         r"[\u4e00-\u9fff，。：]", markdown)


def test_the_review_opens_with_its_conclusion():
    markdown = render_document("review", load_answers(ZH).answers).markdown
    first = markdown[:markdown.index('<div class="page-break"></div>')]
    assert first.startswith("# 复盘结论\n\nOKR 综合得分 ")
    assert "5 个关键结果中 1 个达到目标。实际花费 ¥195,100，为预算的 97.5%" in first
    well = first[first.index("### 做得好的"):first.index("### 没达成的")]
    assert "- **O3\\-KR1 老带新新客数**：实际 2,060 人，目标 2,000 人，完成度 107.5%" in well
    missed = first[first.index("### 没达成的"):first.index("### 下一步")]
    # 12,000 − 11,200 = 800 short; a rate misses by points: 20.0 − 17.6 = 2.4
    assert "| O1\\-KR1 复购用户数（人） | 11,200 | 12,000 | 800 | 80.0% |" in missed
    assert "| 2.4 个百分点 | 70.0% |" in missed
    assert "O3\\-KR1" not in missed
    assert "- 给已复购用户推送会员日（张敏，11-20 前）" in first[first.index("### 下一步"):]


def test_the_review_template_has_no_conclusion_page():
    markdown = render_document("review", answers_of(ZH, drop_results)).markdown
    assert "复盘结论" not in markdown and markdown.startswith("# 一、")


def test_the_channel_conclusion_advises_a_shift_only_when_costs_differ_twofold():
    from generator.views.review_summary import channel_conclusion

    def row(name, rank, conversions, cost, cpa):
        return {"name": name, "rank": rank, "conversions": conversions, "cost": cost, "cpa": cpa}

    # 300 + 100 = 400 conversions: the leader has 75.0% and 3 times the runner-up;
    # cost per conversion 3,000 / 300 = 10 and 1,500 / 100 = 15: 1.5 times, no advice
    rows = [row("B", 2, 100, 1500, 15.0), row("A", 1, 300, 3000, 10.0)]
    found = channel_conclusion(rows, brand=False)
    assert found["lead"] == {"name": "A", "value": 300, "share": 0.75, "second": "B",
                             "second_value": 100, "times": 3.0}
    assert found["cost"]["cheapest"] == "A" and found["cost"]["times"] == 1.5
    assert found["cost"]["shift"] is False
    alone = channel_conclusion([row("A", 1, 300, 3000, 10.0)], brand=False)
    assert alone["lead"]["second"] is None and alone["cost"] is None  # nothing to compare
    assert channel_conclusion([row("A", None, None, 0, None)], brand=False) is None
