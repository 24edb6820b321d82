"""Pure review computations: completion %, OKR verdict, funnel, cost-benefit, channels.

Every figure the review report shows is computed here from plain numbers, never typed by
the user. No I/O and no model imports: the view (views/review.py) maps answers to these
inputs. A figure that cannot be computed (a missing actual, a zero denominator) is `None`,
never 0 and never a ZeroDivisionError; the view names what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

Number = int | float

# OKR scoring from domain.md: 60-70% completion is the sweet spot; under 60% the objective
# was set too high; over 100% it was set too low. 70-100% is strong but not "too easy".
GOOD_LOW, GOOD_HIGH, DONE = 0.6, 0.7, 1.0
VERDICTS = ("too_high", "good", "strong", "too_low")


def ratio(part: Number | None, whole: Number | None) -> float | None:
    """`part / whole`, or None when either is missing or `whole` is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def completion(actual: Number | None, target: Number | None,
               baseline: Number | None = None) -> float | None:
    """Completion of a key result: (actual - baseline) / (target - baseline), else actual / target.

    None when the actual is missing, the target is zero (no baseline) or equals the baseline.
    """
    if actual is None or target is None:
        return None
    if baseline is None:
        return ratio(actual, target)
    return ratio(actual - baseline, target - baseline)


def completion_problem(actual: Number | None, target: Number | None,
                       baseline: Number | None = None) -> str | None:
    """Why `completion` is None: "no_actual", "zero_target", "target_is_baseline"; else None."""
    if actual is None:
        return "no_actual"
    if target is None:
        return "no_target"
    if baseline is None and target == 0:
        return "zero_target"
    if baseline is not None and target == baseline:
        return "target_is_baseline"
    return None


def okr_verdict(score: float | None) -> str | None:
    """OKR verdict of a score: too_high (<60%), good (60-70%), strong, too_low (>100%)."""
    if score is None:
        return None
    # NOTE: (17.6 - 12) / 8 is 0.7000000000000001 in floats; the band edges are inclusive
    # as printed, so compare at the precision a report can show.
    score = round(score, 9)
    if score < GOOD_LOW:
        return "too_high"
    if score <= GOOD_HIGH:
        return "good"
    if score <= DONE:
        return "strong"
    return "too_low"


def verdict_class(verdict: str | None) -> str:
    """The HTML cell class of a verdict: good / bad, or "" for neutral and unknown."""
    # NOTE: "too_low" is over-achievement: not red (that would read as failure), not green.
    return {"good": "good", "strong": "good", "too_high": "bad"}.get(verdict or "", "")


def mean(values: list[float | None]) -> float | None:
    """Mean of the values that are present; None when none is."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def total(values: list[Number | None]) -> Number | None:
    """Sum of the values that are present; None when none is (so "nothing recorded" is not 0)."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def difference(a: Number | None, b: Number | None) -> Number | None:
    """`a - b`, or None when either is missing."""
    return None if a is None or b is None else a - b


@dataclass(frozen=True)
class Share:
    """One part of a whole: name, value and its share of the whole."""

    name: str
    value: Number | None
    share: float | None


def shares(items: list[tuple[str, Number | None]], whole: Number | None = None) -> list[Share]:
    """Each item's share of `whole` (default: the sum of the items)."""
    if whole is None:
        whole = total([v for _, v in items])
    return [Share(name, value, ratio(value, whole)) for name, value in items]


@dataclass(frozen=True)
class Participants:
    """Participants in total and by source; `unattributed` is total minus the sources."""

    total: Number | None
    by_source: list[Share]
    unattributed: Number | None
    sources_exceed_total: bool


def participants(total_count: Number | None, by_source: dict[str, Number | None]) -> Participants:
    """Participants by source with shares of the total (or of the sources' sum without a total)."""
    sources_sum = total([v for v in by_source.values()])
    whole = total_count if total_count is not None else sources_sum
    gap = difference(total_count, sources_sum)
    return Participants(
        total=whole,
        by_source=shares(list(by_source.items()), whole),
        unattributed=gap if gap is not None and gap > 0 else None,
        sources_exceed_total=gap is not None and gap < 0,
    )


FUNNEL_STEPS = ("exposure", "clicks", "shares", "conversions")


@dataclass(frozen=True)
class FunnelStep:
    """One funnel step: its count, the rate from the step before, the rate from exposure."""

    key: str
    value: Number | None
    step_rate: float | None
    from_top: float | None


@dataclass(frozen=True)
class Funnel:
    """exposure -> clicks -> shares -> conversions, plus the overall conversion rate."""

    steps: list[FunnelStep]
    overall: float | None
    missing: list[str] = field(default_factory=list)


def funnel(counts: dict[str, Number | None]) -> Funnel:
    """Step rates (each against the previous recorded step) and conversions / exposure."""
    steps, previous = [], None
    top = counts.get("exposure")
    for key in FUNNEL_STEPS:
        value = counts.get(key)
        steps.append(FunnelStep(key, value, ratio(value, previous), ratio(value, top)))
        # NOTE: a missing middle step (no shares tracked) must not blank the next rate.
        if value is not None:
            previous = value
    missing = [key for key in FUNNEL_STEPS if counts.get(key) is None]
    return Funnel(steps, ratio(counts.get("conversions"), top), missing)


@dataclass(frozen=True)
class CostBenefit:
    """Costs against budget and revenue: variance, ROI, CPA, cost per participant."""

    costs: list[Share]
    total_cost: Number | None
    budget: Number | None
    variance: Number | None  # total cost - budget; positive = over budget
    variance_ratio: float | None
    budget_used: float | None
    revenue: Number | None
    profit: Number | None
    roi: float | None  # (revenue - cost) / cost
    cpa: float | None  # cost per conversion
    cost_per_participant: float | None


def cost_benefit(costs: list[tuple[str, Number | None]], budget: Number | None,
                 revenue: Number | None, conversions: Number | None,
                 participant_count: Number | None) -> CostBenefit:
    """Cost-benefit figures; any undefined ratio (zero cost, no conversions) is None."""
    cost = total([amount for _, amount in costs])
    variance = difference(cost, budget)
    profit = difference(revenue, cost)
    return CostBenefit(
        costs=shares(costs, cost),
        total_cost=cost,
        budget=budget,
        variance=variance,
        variance_ratio=ratio(variance, budget),
        budget_used=ratio(cost, budget),
        revenue=revenue,
        profit=profit,
        roi=ratio(profit, cost),
        cpa=ratio(cost, conversions),
        cost_per_participant=ratio(cost, participant_count),
    )


@dataclass(frozen=True)
class ChannelResult:
    """One channel: the plan's budget beside what it actually did and cost."""

    name: str
    budget: Number | None = None
    expected_conversions: Number | None = None
    participants: Number | None = None
    conversions: Number | None = None
    cost: Number | None = None
    conversion_rate: float | None = None  # conversions / participants
    cpa: float | None = None  # cost / conversions
    spend_variance: Number | None = None  # cost - budget
    budget_used: float | None = None  # cost / budget
    conversion_share: float | None = None  # of all channels' conversions
    rank: int | None = None  # 1 = most conversions
    planned: bool = True  # False: in results but not in the plan
    reported: bool = True  # False: in the plan, no results recorded


@dataclass(frozen=True)
class Channels:
    """All channels, ranked by conversions, with the best and worst named."""

    rows: list[ChannelResult]
    best: str | None
    worst: str | None
    cheapest: str | None  # lowest CPA among channels that cost something
    dearest: str | None
    total_conversions: Number | None


def channel_results(plan: list[dict], actual: list[dict]) -> Channels:
    """Match results to planned channels by name; compute rates, CPA, shares and ranks.

    `plan` items: name, budget, expected_conversions; `actual` items: name, participants,
    conversions, cost. Channels only in `actual` are kept and flagged as unplanned.
    """
    by_name = {a["name"]: a for a in actual}
    names = [p["name"] for p in plan] + [a["name"] for a in actual
                                         if a["name"] not in {p["name"] for p in plan}]
    planned = {p["name"]: p for p in plan}
    all_conversions = total([a.get("conversions") for a in actual])
    rows = [_channel_row(n, planned.get(n), by_name.get(n), all_conversions) for n in names]
    return _rank(rows, all_conversions)


def _channel_row(name: str, plan: dict | None, got: dict | None,
                 all_conversions: Number | None) -> ChannelResult:
    """One channel's figures; `plan` or `got` may be None."""
    plan, reported = plan or {}, got is not None
    got = got or {}
    cost, conv = got.get("cost"), got.get("conversions")
    return ChannelResult(
        name=name, budget=plan.get("budget"),
        expected_conversions=plan.get("expected_conversions"),
        participants=got.get("participants"), conversions=conv, cost=cost,
        conversion_rate=ratio(conv, got.get("participants")), cpa=ratio(cost, conv),
        spend_variance=difference(cost, plan.get("budget")),
        budget_used=ratio(cost, plan.get("budget")),
        conversion_share=ratio(conv, all_conversions),
        planned=bool(plan) or not reported, reported=reported,
    )


def _rank(rows: list[ChannelResult], all_conversions: Number | None) -> Channels:
    """Rank by conversions (ties: lower CPA first); name best/worst and cheapest/dearest."""
    scored = [r for r in rows if r.conversions is not None]
    scored.sort(key=lambda r: (-r.conversions, r.cpa if r.cpa is not None else float("inf")))
    ranks = {r.name: i + 1 for i, r in enumerate(scored)}
    ranked = [replace(r, rank=ranks.get(r.name)) for r in rows]
    ranked.sort(key=lambda r: ranks.get(r.name, len(rows) + 1))
    priced = sorted((r for r in scored if r.cpa is not None and r.cost), key=lambda r: r.cpa)
    two = len(scored) >= 2
    return Channels(
        rows=ranked,
        best=scored[0].name if scored else None,
        worst=scored[-1].name if two else None,
        cheapest=priced[0].name if priced else None,
        dearest=priced[-1].name if len(priced) >= 2 else None,
        total_conversions=all_conversions,
    )
