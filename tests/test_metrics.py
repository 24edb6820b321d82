"""Review computations against hand-worked figures, including every zero and missing case."""

from __future__ import annotations

import pytest

from generator.planning import metrics as m


# --- participants ------------------------------------------------------------------------

def test_participants_shares_of_total():
    p = m.participants(18600, {"公众号": 9800, "短信": 5200, "社群": 3600})
    assert p.total == 18600
    assert [s.share for s in p.by_source] == pytest.approx([9800 / 18600, 5200 / 18600,
                                                            3600 / 18600])
    assert round(p.by_source[0].share * 100, 1) == 52.7
    assert p.difference is None and p.sources_total == 18600


def test_participants_unattributed_and_no_total():
    p = m.participants(20000, {"A": 9000, "B": 6000})
    assert p.difference == 5000  # 20,000 − 15,000 without a source
    assert p.by_source[0].share == pytest.approx(0.45)
    q = m.participants(None, {"A": 3000, "B": 1000})
    assert q.total == 4000 and q.by_source[0].share == pytest.approx(0.75)
    assert q.difference is None


def test_participants_sources_over_the_total_give_a_negative_difference():
    # the case: sources 22,200 under a total of 21,000
    r = m.participants(21000, {"A": 12000, "B": 10200})
    assert r.sources_total == 22200 and r.difference == -1200
    shares = [s.share for s in r.by_source] + [r.difference / r.total]
    assert sum(shares) == pytest.approx(1.0)  # the rows add up to the 100 % total row


def test_participants_zero_total():
    p = m.participants(0, {"A": 0})
    assert p.by_source[0].share is None


# --- funnel -------------------------------------------------------------------------------

def test_funnel_rates():
    f = m.funnel({"exposure": 420000, "clicks": 36000, "shares": 4100, "conversions": 10350})
    rates = [s.step_rate for s in f.steps]
    assert rates[0] is None
    # 36000/420000 = 0.085714..., 4100/36000 = 0.113888..., 10350/4100 = 2.524...
    assert rates[1] == pytest.approx(0.0857142857)
    assert rates[2] == pytest.approx(0.1138888889)
    assert rates[3] == pytest.approx(10350 / 4100)
    # overall 10350/420000 = 0.024642857
    assert f.overall == pytest.approx(0.0246428571)
    assert f.missing == []


def test_funnel_missing_step_skips_to_previous_recorded():
    f = m.funnel({"exposure": 1000, "clicks": 200, "conversions": 50})
    assert f.missing == ["shares"]
    assert f.steps[2].value is None and f.steps[2].step_rate is None
    assert f.steps[3].step_rate == pytest.approx(0.25)  # 50 / 200, not blank


def test_funnel_zero_exposure_no_division():
    f = m.funnel({"exposure": 0, "clicks": 0, "shares": 0, "conversions": 0})
    assert f.overall is None
    assert all(s.step_rate is None for s in f.steps)


# --- cost-benefit -------------------------------------------------------------------------

def test_cost_benefit_figures():
    cb = m.cost_benefit([("广告投放", 98000), ("人力", 30000), ("奖品", 40000)],
                        budget=200000, revenue=1380000, conversions=10350,
                        participant_count=18600)
    assert cb.total_cost == 168000
    assert cb.variance == -32000  # under budget
    assert cb.variance_ratio == pytest.approx(-0.16)
    assert cb.budget_used == pytest.approx(0.84)
    assert cb.profit == 1212000
    assert cb.roi == pytest.approx(1212000 / 168000)  # 7.214...
    assert round(cb.roi * 100, 1) == 721.4
    assert cb.cpa == pytest.approx(16.2318840)  # 168000 / 10350
    assert cb.cost_per_participant == pytest.approx(9.0322581)  # 168000 / 18600
    assert [round(c.share, 4) for c in cb.costs] == [0.5833, 0.1786, 0.2381]


def test_cost_benefit_zero_cost():
    cb = m.cost_benefit([("自有渠道", 0)], budget=0, revenue=5000, conversions=10,
                        participant_count=100)
    assert cb.total_cost == 0
    assert cb.roi is None and cb.variance_ratio is None and cb.budget_used is None
    assert cb.cpa == 0 and cb.cost_per_participant == 0
    assert cb.costs[0].share is None


def test_cost_benefit_nothing_recorded_is_none_not_zero():
    cb = m.cost_benefit([], budget=None, revenue=None, conversions=None, participant_count=None)
    assert cb.total_cost is None and cb.roi is None and cb.cpa is None and cb.profit is None


def test_cost_benefit_zero_conversions():
    cb = m.cost_benefit([("ads", 500)], budget=1000, revenue=0, conversions=0,
                        participant_count=0)
    assert cb.cpa is None and cb.cost_per_participant is None
    assert cb.roi == pytest.approx(-1.0)  # (0 - 500) / 500


# --- channels -----------------------------------------------------------------------------

PLAN = [
    {"name": "微信公众号", "budget": 30000, "expected_conversions": 2400},
    {"name": "短信", "budget": 20000},
    {"name": "抖音信息流", "budget": 80000},
    {"name": "线下门店", "budget": 5000},
]
ACTUAL = [
    {"name": "微信公众号", "participants": 9800, "conversions": 5600, "cost": 28000},
    {"name": "短信", "participants": 5200, "conversions": 3100, "cost": 21000},
    {"name": "抖音信息流", "participants": 3600, "conversions": 1650, "cost": 0},
    {"name": "社群", "participants": 400, "conversions": 100, "cost": 2000},
]


def test_channel_figures_and_ranking():
    ch = m.channel_results(PLAN, ACTUAL)
    rows = {r.name: r for r in ch.rows}
    wx = rows["微信公众号"]
    assert wx.conversion_rate == pytest.approx(5600 / 9800)  # 0.5714
    assert wx.cpa == pytest.approx(5.0)  # 28000 / 5600
    assert wx.spend_variance == -2000 and wx.budget_used == pytest.approx(28000 / 30000)
    assert ch.total_conversions == 10450
    assert wx.conversion_share == pytest.approx(5600 / 10450)
    assert [r.name for r in ch.rows][:4] == ["微信公众号", "短信", "抖音信息流", "社群"]
    assert [r.rank for r in ch.rows] == [1, 2, 3, 4, None]
    assert ch.best == "微信公众号" and ch.worst == "社群"
    # CPA: 公众号 5.0, 短信 6.77, 社群 20.0; 抖音 cost 0 is not "cheapest"
    assert ch.cheapest == "微信公众号" and ch.dearest == "社群"


def test_channel_unplanned_and_unreported():
    ch = m.channel_results(PLAN, ACTUAL)
    rows = {r.name: r for r in ch.rows}
    assert rows["社群"].planned is False and rows["社群"].budget is None
    assert rows["社群"].spend_variance is None
    store = rows["线下门店"]
    assert store.reported is False and store.conversions is None and store.rank is None
    assert rows["抖音信息流"].cpa == 0  # free conversions are 0 per conversion, not undefined


def test_channel_zero_participants_and_conversions():
    ch = m.channel_results([{"name": "A", "budget": 0}],
                           [{"name": "A", "participants": 0, "conversions": 0, "cost": 100}])
    row = ch.rows[0]
    assert row.conversion_rate is None and row.cpa is None and row.budget_used is None
    assert row.conversion_share is None
    assert ch.best == "A" and ch.worst is None


def test_no_channels():
    ch = m.channel_results([], [])
    assert ch.rows == [] and ch.best is None and ch.total_conversions is None
