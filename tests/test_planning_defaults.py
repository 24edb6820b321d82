"""Proposed single values (planning/defaults.py): units, kinds, pick lists, due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.answers.load import load_answers
from generator.locales import available, lookup
from generator.planning import defaults
from generator.planning.proposal import default_windows
from tests.conftest import EXAMPLES

D = dt.date


@pytest.mark.parametrize("metric, lang, currency, unit", [
    ("新增注册用户数", "zh", None, "人"),
    ("付费用户数", "zh", None, "人"),  # 付费用户: 费用 inside must not make it money
    ("GMV", "zh", "CNY", "元"),
    ("复购 GMV", "zh", "USD", "美元"),
    ("转化率", "zh", None, "%"),
    ("回归券领取率", "zh", None, "%"),  # the rate wins over the coupon
    ("曝光量", "zh", None, "次"),
    ("人均消费", "zh", None, "元"),
    ("New sign-ups", "en", None, "users"),
    ("Cost per new user", "en", "USD", "USD"),
    ("Positive sentiment share", "en", None, "%"),
    ("Workout card shares", "en", None, "shares"),
    ("满意度", "zh", None, None),
    ("", "zh", None, None),
])
def test_unit_from_the_metric(metric, lang, currency, unit):
    assert defaults.unit_for(metric, lang, currency) == unit


@pytest.mark.parametrize("lang", sorted(available()))
def test_every_suggested_metric_gets_a_unit(lang):
    for purpose, metrics in lookup("suggested_metrics", lang).items():
        for metric in metrics:
            assert defaults.unit_for(metric, lang), (purpose, metric)


@pytest.mark.parametrize("group, name, lang, kind", [
    ("channels", "朋友圈广告", "zh", "paid"),
    ("channels", "公众号", "zh", "owned"),
    ("channels", "公众号广告", "zh", "paid"),
    ("channels", "KOL 直播", "zh", "kol"),
    ("channels", "小红书达人种草", "zh", "kol"),
    ("channels", "门店海报", "zh", "offline"),
    ("channels", "异业合作", "zh", "partner"),
    ("channels", "Instagram and TikTok ads", "en", "paid"),
    ("channels", "Address book", "en", None),  # "ad" only as a whole word
    ("materials", "门店易拉宝与桌贴", "zh", "offline"),
    ("materials", "预热推文长图", "zh", "online"),
    ("development", "全链路数据埋点", "zh", "tracking"),
    ("development", "回归券发放规则接入", "zh", "rules"),
    ("development", "Home-screen invite flow", "en", "page"),
    ("channels", "", "zh", None),
])
def test_kind_from_the_name(group, name, lang, kind):
    assert defaults.kind_for(group, name, lang) == kind


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_examples_own_units_and_kinds_are_the_proposed_ones(path):
    answers = load_answers(path).answers
    lang, currency = answers.lang, answers.campaign.currency
    units = [(kr.metric, kr.unit) for o in answers.objectives for kr in o.key_results]
    assert [(m, defaults.unit_for(m, lang, currency)) for m, _ in units] == units
    for group, items, title in (("channels", answers.channels, "name"),
                                ("materials", answers.materials, "name"),
                                ("development", answers.development, "item")):
        named = [(getattr(i, title), i.kind) for i in items]
        assert [(n, defaults.kind_for(group, n, lang)) for n, _ in named] == named


@pytest.mark.parametrize("lang", sorted(available()))
def test_every_common_channel_gets_a_kind_and_every_risk_is_complete(lang):
    for purpose in ("acquisition", "activation", "conversion", "brand"):
        names = defaults.common_channels(purpose, lang)
        assert len(names) >= 6 and len(set(names)) == len(names)
        assert all(defaults.kind_for("channels", n, lang) for n in names), purpose
    assert set(defaults.common_channels(None, lang)) >= set(defaults.common_channels("brand",
                                                                                      lang))
    risks = defaults.common_risks(lang)
    assert len(risks) >= 6
    for risk in risks:
        assert set(risk) == {"risk", "likelihood", "impact", "mitigation"}
        assert {risk["likelihood"], risk["impact"]} <= {"low", "medium", "high"}
        assert defaults.risk_named(risk["risk"], lang) == risk
    assert defaults.risk_named("不是常见风险", lang) is None


def test_cost_kinds_are_the_review_workbooks():
    assert defaults.cost_kinds("zh") == lookup("review.cost.kinds", "zh")
    assert defaults.cost_kinds("zh")[0] == "渠道投放"


def test_due_dates_from_the_phases():
    windows = default_windows(D(2026, 11, 1), D(2026, 11, 11))
    # planning 10-11..10-21, warm-up 10-22..10-31: materials before warm-up, development
    # the day before the two-day test at the end of warm-up
    assert defaults.material_due(windows, "online") == D(2026, 10, 21)
    assert defaults.test_start(windows) == D(2026, 10, 30)
    assert defaults.development_due(windows, "page") == D(2026, 10, 29)
    assert defaults.material_due({}, "online") is None
    assert defaults.development_due({}, "page") is None
