"""The review report's computed wording (verdicts, gaps, chart labels), in zh and en.

Kept apart from views/review.py so the view stays about figures; the templates hold the
fixed prose, this module the sentences that depend on computed results.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "too_high": "目标偏高", "good": "理想区间", "strong": "完成良好", "too_low": "目标偏低",
        "too_high_long": "完成度低于 60%，目标可能定得过高",
        "good_long": "完成度在 60%–70% 的理想区间",
        "strong_long": "完成度在 70%–100%，完成良好",
        "too_low_long": "完成度超过 100%，目标可能定得过低、缺少挑战",
        "no_actual": "缺少「{name}」的实际值",
        "zero_target": "「{name}」的目标为 0，无法计算完成度",
        "target_is_baseline": "「{name}」的目标等于基线，无法计算完成度",
        "no_target": "「{name}」没有目标值",
        "no_channel": "缺少渠道「{name}」的实际数据",
        "unmatched_actual": "实际值「{name}」没有对应的关键结果（指标名称需与策划方案一致）",
        "no_funnel_step": "漏斗缺少「{name}」数据",
        "no_revenue": "缺少收入数据，无法计算 ROI",
        "no_costs": "未记录成本明细，无法计算 ROI 和单次转化成本",
        "no_participants": "缺少参与人数",
        "sources_exceed": "各来源人数之和超过参与总人数，请核对",
        "exposure": "曝光", "clicks": "点击", "shares": "分享", "conversions": "转化",
        "target": "目标", "actual": "实际", "cpa": "单次转化成本",
        "cpa_unit": "单次转化成本（{unit}）", "conv_count": "转化数",
        "completion": "完成度 {pct}", "no_completion": "无法计算完成度",
        "unattributed": "未标注来源",
        "chart_kr": "各关键结果的目标与实际",
        "chart_funnel": "转化漏斗（曝光 → 点击 → 分享 → 转化）",
        "chart_channels": "各渠道转化数与单次转化成本",
        "step_rate": "较上一步 {pct}",
    },
    "en": {
        "too_high": "Target too high", "good": "Sweet spot", "strong": "Strong",
        "too_low": "Target too low",
        "too_high_long": "under 60% completion: the objective was probably set too high",
        "good_long": "60–70% completion: the sweet spot",
        "strong_long": "70–100% completion: a strong result",
        "too_low_long": "over 100% completion: the objective was probably set too low",
        "no_actual": "no actual for {name}",
        "zero_target": "the target of {name} is 0, so completion cannot be computed",
        "target_is_baseline": "the target of {name} equals its baseline, so completion "
                              "cannot be computed",
        "no_target": "{name} has no target",
        "no_channel": "no results for channel {name}",
        "unmatched_actual": "the actual for {name} matches no key result of the plan (use "
                            "the metric name as the plan spells it)",
        "no_funnel_step": "no {name} figure in the funnel",
        "no_revenue": "no revenue recorded, so ROI cannot be computed",
        "no_costs": "no costs recorded, so ROI and cost per conversion cannot be computed",
        "no_participants": "no participant count",
        "sources_exceed": "participants by source add up to more than the total; please check",
        "exposure": "Exposure", "clicks": "Clicks", "shares": "Shares",
        "conversions": "Conversions",
        "target": "Target", "actual": "Actual", "cpa": "Cost per conversion",
        "cpa_unit": "Cost per conversion ({unit})",
        "conv_count": "Conversions",
        "completion": "completion {pct}", "no_completion": "completion not computable",
        "unattributed": "Source not recorded",
        "chart_kr": "Target vs actual per key result",
        "chart_funnel": "Conversion funnel (exposure → clicks → shares → conversions)",
        "chart_channels": "Conversions and cost per conversion by channel",
        "step_rate": "{pct} of previous step",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang` (zh fallback), with `{name}` etc. filled in."""
    table = TEXT.get(lang, TEXT["zh"])
    return table[key].format(**values)


def pct_text(value: float | None) -> str:
    """0.5875 -> "58.8%" (charts only; templates use the `pct` filter)."""
    return "—" if value is None else f"{value * 100:,.1f}%"
