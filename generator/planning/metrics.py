"""Pure review computations: participants, funnel, cost-benefit, channels (OKR: okr.py).

Every figure the review report shows is computed here from plain numbers, never typed by
the user. No I/O and no model imports: the view (views/review.py) maps answers to these
inputs. A figure that cannot be computed (a missing actual, a zero denominator) is `None`,
never 0 and never a ZeroDivisionError; the view names what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

Number = int | float


def ratio(part: Number | None, whole: Number | None) -> float | None:
    """`part / whole`, or None when either is missing or `whole` is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


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
    """Participants in total and by source.

    `difference` is the total minus the sources' sum: positive when some participants have
    no source (unattributed), negative when the sources add up to more than the total
    (people counted under two sources); None when it cannot be computed or is 0.
    """

    total: Number | None
    by_source: list[Share]
    sources_total: Number | None
    difference: Number | None


def participants(total_count: Number | None, by_source: dict[str, Number | None]) -> Participants:
    """Participants by source with shares of the total (or of the sources' sum without a total)."""
    sources_sum = total([v for v in by_source.values()])
    whole = total_count if total_count is not None else sources_sum
    gap = difference(total_count, sources_sum)
    return Participants(total=whole, by_source=shares(list(by_source.items()), whole),
                        sources_total=sources_sum, difference=gap or None)


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


def channel_results(plan: list[dict], actual: list[dict],
                    rank_by: str = "conversions") -> Channels:
    """Match results to planned channels by name; compute rates, CPA, shares and ranks.

    `plan` items: name, budget, expected_conversions; `actual` items: name, participants,
    conversions, cost. Channels only in `actual` are kept and flagged as unplanned.
    `rank_by`: conversions (a conversion campaign) or participants (a brand campaign).
    """
    by_name = {a["name"]: a for a in actual}
    names = [p["name"] for p in plan] + [a["name"] for a in actual
                                         if a["name"] not in {p["name"] for p in plan}]
    planned = {p["name"]: p for p in plan}
    all_conversions = total([a.get("conversions") for a in actual])
    rows = [_channel_row(n, planned.get(n), by_name.get(n), all_conversions) for n in names]
    return _rank(rows, all_conversions, rank_by)


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


def _rank(rows: list[ChannelResult], all_conversions: Number | None,
          rank_by: str = "conversions") -> Channels:
    """Rank by conversions or participants (ties: lower unit cost first); name best/worst
    and cheapest/dearest (by CPA, or by cost per participant)."""
    def unit_cost(r: ChannelResult) -> float | None:
        return r.cpa if rank_by == "conversions" else ratio(r.cost, r.participants)

    scored = [r for r in rows if getattr(r, rank_by) is not None]
    scored.sort(key=lambda r: (-getattr(r, rank_by),
                               c if (c := unit_cost(r)) is not None else float("inf")))
    ranks = {r.name: i + 1 for i, r in enumerate(scored)}
    ranked = [replace(r, rank=ranks.get(r.name)) for r in rows]
    ranked.sort(key=lambda r: ranks.get(r.name, len(rows) + 1))
    priced = sorted((r for r in scored if unit_cost(r) is not None and r.cost), key=unit_cost)
    two = len(scored) >= 2
    return Channels(
        rows=ranked,
        best=scored[0].name if scored else None,
        worst=scored[-1].name if two else None,
        cheapest=priced[0].name if priced else None,
        dearest=priced[-1].name if len(priced) >= 2 else None,
        total_conversions=all_conversions,
    )
