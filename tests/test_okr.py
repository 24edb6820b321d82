"""OKR grading as practised, against hand-worked figures: each metric kind, grades, verdicts."""

from __future__ import annotations

import pytest

from generator.planning import kinds, okr


# --- completion by kind (hand-worked) -------------------------------------------------------

def test_count_with_baseline():
    # 复购用户数 8,000 -> 12,000, actual 11,200: (11200 − 8000) ÷ (12000 − 8000) = 3200 ÷ 4000
    g = okr.grade_kr(11200, 12000, 8000)
    assert (g.completion, g.grade, g.verdict) == (pytest.approx(0.8), pytest.approx(0.8), "strong")


def test_amount_without_baseline():
    # GMV target 1,500,000, actual 1,380,000: 1380000 ÷ 1500000 = 0.92
    g = okr.grade_kr(1_380_000, 1_500_000)
    assert g.completion == pytest.approx(0.92) and g.verdict == "strong"


def test_rate_with_a_baseline_in_percentage_points():
    # the KR: baseline 18 %, target 30 %, actual 26.5 %: (26.5 − 18) ÷ (30 − 18) = 8.5 ÷ 12
    g = okr.grade_kr(26.5, 30, 18)
    assert g.completion == pytest.approx(0.7083333) and g.verdict == "strong"
    # what main recorded from Excel's 0.265: (0.265 − 18) ÷ 12 = −1.478: completion stays,
    # the grade is held at 0
    wrong = okr.grade_kr(0.265, 30, 18)
    assert wrong.completion == pytest.approx(-1.477916667)
    assert wrong.grade == 0 and wrong.verdict == "too_high"


def test_cost_lower_is_better_with_a_baseline():
    # 新客获取成本 30 -> 25 元/人, actual 27: (27 − 30) ÷ (25 − 30) = −3 ÷ −5 = 0.6
    g = okr.grade_kr(27, 25, 30, lower_is_better=True)
    assert g.completion == pytest.approx(0.6) and g.verdict == "good"
    # actual 22 beats the ceiling: (22 − 30) ÷ (25 − 30) = 1.6
    assert okr.grade_kr(22, 25, 30, True).verdict == "exceeded"


def test_cost_lower_is_better_without_a_baseline():
    # target 25, actual 20: 25 ÷ 20 = 1.25 (better than the target); actual 40: 25 ÷ 40 = 0.625
    assert okr.completion(20, 25, lower_is_better=True) == pytest.approx(1.25)
    g = okr.grade_kr(40, 25, lower_is_better=True)
    assert g.completion == pytest.approx(0.625) and g.grade == pytest.approx(0.625)
    assert g.verdict == "good"
    zero = okr.grade_kr(0, 25, lower_is_better=True)
    assert zero.completion is None and zero.problem == "zero_actual"


def test_level_with_a_baseline():
    # 品牌搜索指数 4,000 -> 5,000, actual 4,600: 600 ÷ 1000 = 0.6
    g = okr.grade_kr(4600, 5000, 4000)
    assert g.completion == pytest.approx(0.6) and g.verdict == "good"


@pytest.mark.parametrize("actual, target, baseline, problem", [
    (None, 12000, 8000, "no_actual"),
    (50, 0, None, "zero_target"),
    (9000, 8000, 8000, "target_is_baseline"),
    (5, None, None, "no_target"),
])
def test_completion_undefined_is_none_with_a_reason(actual, target, baseline, problem):
    g = okr.grade_kr(actual, target, baseline)
    assert (g.completion, g.grade, g.verdict, g.problem) == (None, None, None, problem)


# --- verdicts and scores --------------------------------------------------------------------

@pytest.mark.parametrize("done, verdict, css", [
    (0.5875, "too_high", "bad"), (0.6, "good", "good"), (0.65, "good", "good"),
    (0.7, "good", "good"), (0.92, "strong", "good"), (1.0, "met", "good"),
    (1.25, "exceeded", ""), (-0.25, "too_high", "bad"), (None, None, ""),
])
def test_kr_verdict(done, verdict, css):
    assert okr.kr_verdict(done) == verdict
    assert okr.verdict_class(verdict) == css


def test_band_edges_survive_float_error():
    # (17.6 − 12) ÷ (20 − 12) is 0.7000000000000001 in binary floating point
    assert okr.kr_verdict(okr.completion(17.6, 20, 12)) == "good"
    assert okr.kr_verdict(okr.completion(0.3, 0.5, 0)) == "good"  # 0.6 at the lower edge


def test_one_kr_over_100_cannot_lift_the_score_above_100():
    # the case: 81.0 %, 62.5 %, 133.3 % showed "102.5 %（目标偏低）" on main.
    # Grades 0.81, 0.625, 1.0: (0.81 + 0.625 + 1.0) ÷ 3 = 0.811666...
    grades = [okr.grade_kr(81, 100), okr.grade_kr(62.5, 100), okr.grade_kr(400, 300)]
    s = okr.score(grades)
    assert s.score == pytest.approx(0.8116667)
    assert s.verdict == "strong"
    assert s.exceeded == [2] and s.missing == [] and (s.graded, s.total) == (3, 3)


def test_all_targets_met_or_exceeded_is_its_own_verdict():
    s = okr.score([okr.grade_kr(100, 100), okr.grade_kr(150, 120)])
    assert s.score == pytest.approx(1.0) and s.verdict == "all_met"


def test_a_kr_without_an_actual_is_missing_and_named_not_dropped_silently():
    # grades 0.8 and 0.6 over 2 of 3 KRs: (0.8 + 0.6) ÷ 2 = 0.7
    s = okr.score([okr.grade_kr(80, 100), okr.grade_kr(None, 100), okr.grade_kr(60, 100)])
    assert s.score == pytest.approx(0.7) and s.verdict == "good"
    assert s.missing == [1] and (s.graded, s.total) == (2, 3)
    # every KR met, one missing: not "all met"
    t = okr.score([okr.grade_kr(100, 100), okr.grade_kr(None, 100)])
    assert t.verdict == "strong" and t.missing == [1]


def test_overall_score_is_the_mean_of_objective_scores():
    # double11: O1 (0.8 + 0.76) ÷ 2 = 0.78; O2 (0.78 + 0.70) ÷ 2 = 0.74; O3 1.075 -> grade 1.0
    # overall (0.78 + 0.74 + 1.0) ÷ 3 = 0.84
    o1 = okr.score([okr.grade_kr(11200, 12000, 8000), okr.grade_kr(1380000, 1500000, 1000000)])
    o2 = okr.score([okr.grade_kr(22800, 25000, 15000), okr.grade_kr(17.6, 20, 12)])
    o3 = okr.score([okr.grade_kr(2060, 2000, 1200)])
    assert (o1.score, o2.score, o3.score) == (pytest.approx(0.78), pytest.approx(0.74), 1.0)
    assert o3.verdict == "all_met"
    total = okr.overall([o1, o2, o3])
    assert total.score == pytest.approx(0.84) and total.verdict == "strong"
    assert okr.overall([o3, o3]).verdict == "all_met"
    assert okr.overall([okr.score([okr.grade_kr(None, 1)])]).score is None


# --- kinds ----------------------------------------------------------------------------------

@pytest.mark.parametrize("metric, unit, kind", [
    ("复购用户数", "人", "count"), ("复购 GMV", "元", "amount"), ("回归券领取率", "%", "rate"),
    ("新客获取成本", "元/人", "cost"), ("品牌搜索指数", None, "level"), ("被邀请人首单转化率", "%", "rate"),
    ("7-day trial activation rate", "%", "rate"), ("Cost per sign-up", "USD", "cost"),
    ("NPS", None, "level"), ("Workout card shares", "shares", "count"), ("Revenue", "USD", "amount"),
    ("转化率", None, "rate"), ("正面评价占比", None, "rate"), ("提及量", "条", "count"),
    # 付费用户数 holds 费用 across two words (付费 + 用户): paying users are a count
    ("付费用户数", "人", "count"), ("付费用户数", None, "count"), ("广告费用", "元", "cost"),
])
def test_kind_inferred_from_metric_and_unit(metric, unit, kind):
    assert kinds.infer_kind(metric, unit) == kind


def test_explicit_kind_wins():
    class KR:
        metric, unit, kind = "复购用户数", "人", "level"
    assert kinds.kind_of(KR()) == "level"


@pytest.mark.parametrize("metric, purpose, fit", [
    ("品牌搜索指数", "brand", "direct"), ("提及量", "brand", "direct"), ("正面评价占比", "brand", "direct"),
    ("复购用户数", "brand", "indirect"), ("复购用户数", "conversion", "direct"),
    ("7-day trial activation rate", "acquisition", "indirect"), ("天气", "brand", None),
])
def test_which_metrics_fit_which_purpose(metric, purpose, fit):
    assert kinds.fits_purpose(metric, purpose) == fit
