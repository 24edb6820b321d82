"""Metric kinds: what a key result measures decides how it is paced, graded and printed.

| kind   | e.g.                         | better | during launch                       | uplift in |
|--------|------------------------------|--------|-------------------------------------|-----------|
| count  | 复购用户数, sign-ups          | higher | a daily pace (whole people)         | units, %  |
| amount | 复购 GMV, revenue             | higher | a daily pace (money by currency)    | money, %  |
| rate   | 领取率, activation rate (%)   | higher | compared with the target level      | points    |
| cost   | 新客获取成本, CPA (元/人)     | lower  | a ceiling to alert on               | money, %  |
| level  | 品牌搜索指数, NPS, rating     | higher | compared with the target level      | units, %  |

A key result's `kind:` in the answers file wins; otherwise it is inferred here from its
unit and metric name, in every catalogue language's words (zh and en).
"""

from __future__ import annotations

from typing import Any

from generator.answers.currency import mentions_money
from generator.answers.numbers import is_percent_unit

KINDS = ("count", "amount", "rate", "cost", "level")

_COST_WORDS = ("成本", "cpa", "cac", "cpc", "cpm", "cpl", "cost", "费用", "花费")
_LEVEL_WORDS = ("指数", "评分", "得分", "分数", "满意度", "情感", "口碑分", "客单价", "均价", "平均",
                "index", "score", "nps", "satisfaction", "rating", "sentiment", "average",
                "aov", "csat")
_AMOUNT_WORDS = ("gmv", "收入", "营收", "销售额", "金额", "交易额", "流水", "revenue", "sales",
                 "turnover", "income")
_RATE_WORDS = ("率", "占比", "比例", "rate", "ratio", "ctr", "cvr", "percentage", "share of")
# Units that count people or things: a KR in them is a count whatever its name says.
_COUNT_UNITS = ("人", "个", "位", "次", "户", "单", "件", "笔", "条", "篇", "名", "家", "张",
                "users", "people", "persons", "members", "orders", "times", "leads")
# NOTE: 付费 ("paying") is not a cost: 付费用户数 holds 费用 across its two words.
_NOT_COST = ("付费",)


def infer_kind(metric: str, unit: str | None) -> str:
    """The kind a metric name and unit suggest: `领取率` / `%` -> rate, `获客成本` -> cost,
    `GMV` / `元` -> amount, `搜索指数` -> level, anything else -> count."""
    name = (metric or "").lower()
    if is_percent_unit(unit):
        return "rate"
    if (unit or "").strip().lower() in _COUNT_UNITS:
        return "count"
    cost_name = name
    for word in _NOT_COST:
        cost_name = cost_name.replace(word, " ")
    if any(w in cost_name for w in _COST_WORDS):
        return "cost"
    if any(w in name for w in _LEVEL_WORDS):
        return "level"
    if any(w in name for w in _AMOUNT_WORDS) or (unit and mentions_money(unit)):
        return "amount"
    if any(w in name for w in _RATE_WORDS):
        return "rate"
    return "count"


def kind_of(kr: Any) -> str:
    """A key result's kind: its explicit `kind`, else the inferred one."""
    explicit = getattr(kr, "kind", None)
    explicit = getattr(explicit, "value", explicit)
    return explicit if explicit in KINDS else infer_kind(kr.metric, getattr(kr, "unit", None))


def lower_is_better(kind: str) -> bool:
    """Costs: a lower actual is the better result."""
    return kind == "cost"


def accumulates(kind: str) -> bool:
    """Counts and amounts add up day by day, so a campaign can pace them."""
    return kind in ("count", "amount")


def is_money(kind: str) -> bool:
    """Amounts and costs are printed as money in the campaign's currency."""
    return kind in ("amount", "cost")


def implausible(value: float, baseline: float | None, target: float | None,
                kind: str) -> str | None:
    """Why an actual looks like a slip for its key result, or None.

    "fraction": a rate typed as a fraction (0.265 where baseline and target are 18 and 30
    percentage points: 26.5% in a cell that is not formatted as a percentage);
    "scale": a hundred times off both the baseline and the target (a unit slip, 万 vs 元).
    """
    refs = [abs(v) for v in (baseline, target) if v is not None and v != 0]
    if not refs or value == 0:
        return None
    if kind == "rate" and 0 < abs(value) <= 1 and min(refs) > 1:
        return "fraction"
    if abs(value) > max(refs) * 100 or abs(value) < min(refs) / 100:
        return "scale"
    return None


# Words that tie a metric to a campaign purpose (domain.md), zh and en. A word may fit more
# than one purpose (a follower is both acquisition and brand).
PURPOSE_WORDS = {
    "acquisition": ("新", "拉新", "注册", "获客", "关注", "粉丝", "线索", "下载", "邀请", "new",
                    "sign", "signup", "register", "lead", "follower", "install", "referr",
                    "acquisition", "cpa", "cac"),
    "activation": ("活跃", "留存", "签到", "打卡", "日活", "月活", "话题", "任务", "参与", "回访",
                   "唤醒", "召回", "领取", "访问", "visit", "reactivat", "redeem", "claim",
                   "active", "activation", "retention", "retain", "check-in", "dau", "mau",
                   "engag", "workout"),
    "conversion": ("付费", "转化", "gmv", "复购", "订单", "购买", "下单", "客单", "营收", "收入",
                   "销售", "revenue", "conversion", "paying", "order", "purchase", "sales", "aov"),
    "brand": ("曝光", "触达", "声量", "提及", "好评", "口碑", "知名", "美誉", "忠诚", "阅读", "播放",
              "搜索", "指数", "粉丝", "互动", "情感", "正面", "负面", "舆情", "品牌", "转发", "分享",
              "reach", "mention", "impression", "sentiment", "awareness", "view", "share",
              "nps", "search", "index", "follower", "engag", "brand", "buzz", "favorab"),
}


def fits_purpose(metric: str, purpose: str) -> str | None:
    """How a metric relates to a campaign purpose: "direct" when it is one of the purpose's
    metrics, "indirect" when it is some purpose's metric (tied to the business, which the
    seed says is enough), None when it is no campaign metric we know."""
    name = (metric or "").lower()
    if any(w in name for w in PURPOSE_WORDS.get(purpose, ())):
        return "direct"
    if any(w in name for words in PURPOSE_WORDS.values() for w in words):
        return "indirect"
    return None
