"""The answers model: defaults the documents rely on, number/date rules, schema, labels."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator import locales
from generator.answers.load import load_answers, loads_answers
from generator.errors import AnswersError
from generator.answers.model import Answers, json_schema_text

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")


def load(text: str = MINIMAL) -> Answers:
    """Validate an answers text."""
    return loads_answers(text, "t.yaml").answers


def messages(text: str) -> list[str]:
    """Messages (without place, in English) for a text that must fail."""
    with pytest.raises(AnswersError) as info:
        loads_answers(text, "t.yaml")
    return [p.text("en") for p in info.value.problems]


def test_enums_are_plain_strings_for_templates():
    answers = load()
    assert answers.campaign.purpose == "conversion"
    assert type(answers.campaign.purpose) is str
    assert f"{answers.effective_phases()[1].phase}" == "warmup"


def test_defaults_resolved():
    answers = load()
    assert answers.lang == "zh" and answers.campaign.currency == "CNY"
    kr = answers.objectives[0].key_results[0]
    assert kr.deadline == dt.date(2026, 11, 11)  # campaign.end
    assert answers.slug == "测试活动"
    assert answers.channels[0].kind == "other"
    assert answers.audience.segments == [] and answers.rules == []
    en = load(MINIMAL.replace("lang: zh", "lang: en"))
    assert en.campaign.currency == "USD"
    assert load(MINIMAL.replace("  budget: 100000", "  budget: 100000\n  currency: eur")
                ).campaign.currency == "EUR"


def test_slug_from_campaign_slug_cannot_leave_its_folder():
    answers = load(MINIMAL.replace("  owner: 张敏\n  budget", "  slug: ../../etc\n  owner: 张敏\n  budget"))
    assert answers.slug == "etc"


def test_effective_phases_derived_from_dates():
    phases = [(p.phase, p.start, p.end) for p in load().effective_phases()]
    assert phases == [
        ("planning", dt.date(2026, 10, 11), dt.date(2026, 10, 21)),
        ("warmup", dt.date(2026, 10, 22), dt.date(2026, 10, 31)),
        ("launch", dt.date(2026, 11, 1), dt.date(2026, 11, 11)),
        ("review", dt.date(2026, 11, 12), dt.date(2026, 11, 18)),
    ]


def test_given_phases_win_and_missing_ones_are_derived():
    text = MINIMAL.replace("objectives:", "phases:\n  - phase: planning\n    start: 2026-10-01\n"
                           "    end: 2026-10-25\nobjectives:", 1)
    phases = load(text).effective_phases()
    assert [(p.phase, p.start) for p in phases][:2] == [
        ("planning", dt.date(2026, 10, 1)), ("warmup", dt.date(2026, 10, 22))]
    assert load(text).working_window() == (dt.date(2026, 10, 1), dt.date(2026, 11, 18))


def test_examples_have_all_four_phases_and_results():
    answers = load_answers(ROOT / "examples" / "spring-referral-en.yaml").answers
    assert [p.phase for p in answers.phases] == ["planning", "warmup", "launch", "review"]
    assert answers.campaign.currency == "USD" and answers.campaign.purpose == "acquisition"
    assert answers.materials[0].copy == "Get fit together. Give a month, get a month."
    assert answers.results.funnel.conversions <= answers.results.funnel.clicks


@pytest.mark.parametrize("name", ["double11-zh.yaml", "spring-referral-en.yaml"])
def test_examples_are_internally_consistent(name):
    a = load_answers(ROOT / "examples" / name).answers
    r = a.results
    assert sum(c.budget for c in a.channels) < a.campaign.budget
    assert 0.9 * a.campaign.budget <= sum(c.amount for c in r.costs) <= a.campaign.budget
    f = r.funnel
    assert f.exposure > f.clicks > f.shares >= f.conversions
    assert sum(r.participants.by_source.values()) == r.participants.total
    assert sum(c.participants for c in r.channels) == r.participants.total
    assert sum(c.conversions for c in r.channels) == f.conversions
    assert [c.name for c in r.channels] == [c.name for c in a.channels]
    actual = {k.metric: k.actual for k in r.key_results}
    for kr in (kr for o in a.objectives for kr in o.key_results):
        assert 0.6 <= actual[kr.metric] / kr.target <= 1.1
        assert 0.6 <= (actual[kr.metric] - kr.baseline) / (kr.target - kr.baseline) <= 1.1
    assert len(a.objectives) <= 3 and 15 <= len(a.schedule) <= 20
    assert sum(t.milestone for t in a.schedule) in (3, 4)


@pytest.mark.parametrize("old,new,expected", [
    ("budget: 30000", "budget: -1", "-1 is negative; write 0 or more here"),
    ("budget: 30000", "budget: 很多", '"很多" is not a number: write it as 12000, 1.5k, 20,000, '
     "$25, 27.5 USD or 18%"),
    ("budget: 30000", "budget: .inf", "inf is not a definite number (infinite or NaN); "
     "write a figure"),
    ("budget: 30000", "budget: 1e16", "1e+16 is out of range: a number must lie between "
     "−1,000,000,000,000,000 and 1,000,000,000,000,000"),
    ("budget: 30000", "budget: '1,2,3'", '"1,2,3" is ambiguous: a comma only groups '
     "thousands (20,000); write a decimal with a point (1.5) and one number per field"),
    ("start: 2026-11-01", "start: 9999-11-01", "9999-11-01 is outside the dates this tool "
     "handles (1900-01-01 to 2200-12-31); check the year"),
    ("theme: 测试活动", "theme: ''", "is required and must not be empty"),
    ("theme: 测试活动", "theme:", "is required; write a value after the colon"),
    ("task: 定目标", "task: [a, b]", "must be text, got a list"),
    ("    depends_on: [T1]", "    depends_on: [T1]\n    milestone: yes",
     'must be true or false, got "yes"'),
    ("format: 1", "format: x", "this file is format x; this campaign-docs reads format 1"),
])
def test_value_rules(old, new, expected):
    assert MINIMAL.count(old) == 1
    assert messages(MINIMAL.replace(old, new)) == [expected]


@pytest.mark.parametrize("quoted", ["'1'", '"1"'])
def test_format_1_in_quotes_is_format_1(quoted):
    # It was refused as "this file is format 1; this campaign-docs reads format 1".
    assert load(MINIMAL.replace("format: 1", f"format: {quoted}")).format == 1


def test_counts_are_whole_numbers():
    text = MINIMAL.replace("conversions: 300", "conversions: 300.5")
    assert messages(text) == ["300.5 is not a whole number; people and counts are whole, e.g. 1200"]
    assert load(MINIMAL.replace("conversions: 300", "conversions: 300.0")
                ).results.channels[0].conversions == 300


def test_enum_case_is_forgiven():
    assert load(MINIMAL.replace("purpose: conversion", "purpose: Conversion")
                ).campaign.purpose == "conversion"


def test_schema_names_sections_with_help():
    schema = json.loads(json_schema_text())
    assert {"format", "campaign", "objectives", "results"} <= set(schema["properties"])
    assert schema["required"] == ["format", "campaign"]
    campaign = schema["$defs"]["Campaign"]
    assert campaign["properties"]["theme"]["description"].startswith("活动主题")
    assert campaign["properties"]["purpose"]["enum"] == [
        "acquisition", "activation", "conversion", "brand"]
    assert campaign["additionalProperties"] is False
    assert "copy" in schema["$defs"]["Material"]["properties"]


def test_labels():
    assert locales.label("phase", "warmup", lang="zh") == "活动预热期"
    assert locales.label("phase", "warmup", lang="en") == "Warm-up"
    assert locales.label("purpose", "acquisition", lang="zh") == "引流获客"
    assert locales.label("development_kind", "tracking", lang="zh") == "数据埋点"
    assert locales.label("channel_kind", "paid", lang="zh") == "付费投放"
    assert locales.label("level", "high", lang="zh") == "高"
    assert locales.label("level", "nope", lang="en") == "nope"
    with pytest.raises(locales.MissingMessage):
        locales.label("nogroup", "x", lang="en")
    assert locales.label("level", None, lang="zh") == ""


def test_currency_and_suggested_metrics():
    assert locales.t("meta.currency", lang="zh") == "CNY"
    assert locales.t("meta.currency", lang="en") == "USD"
    assert "GMV" in locales.lookup("suggested_metrics.conversion", "zh")
    assert "New users per day" in locales.lookup("suggested_metrics.acquisition", "en")
