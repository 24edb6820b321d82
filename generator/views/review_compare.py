"""The review beside an earlier campaign (与上次活动对比) and the plan's forecast beside the
actuals (预期与实际): each figure twice, with the change, absolute and in percent.

Figures come from the two campaigns' own review views, so a CPA or ROI here is the one each
report prints. Key results are matched by metric name and channels by name; a metric or a
channel only one campaign has is listed, never dropped silently. Ratios (ROI, a rate KR)
change in percentage points, so they have no percent change.
"""

from __future__ import annotations

from typing import Any

from generator.planning import budget, metrics


def change(previous: Any, current: Any, points: bool = False) -> dict[str, Any]:
    """`current` beside `previous`: the change, and the change in percent of `previous`
    (None for a ratio, whose change is in percentage points)."""
    delta = metrics.difference(current, previous)
    return {"previous": previous, "current": current, "change": delta,
            "change_ratio": None if points else metrics.ratio(delta, abs(previous or 0) or None)}


def forecast_view(answers: Any, cost: dict[str, Any]) -> dict[str, Any] | None:
    """The plan's forecast (itemised budget, the largest money-in KR's target) beside the
    actual revenue, cost, profit and ROI; None when the plan had no forecast or there are
    no results yet."""
    roll = budget.rollup(answers)
    plan = roll.forecast if roll else None
    if plan is None or answers.results is None:
        return None
    rows = [dict(key=key, **change(plan[key], cost[actual], points=key == "roi"))
            for key, actual in (("revenue", "revenue"), ("cost", "total_cost"),
                                ("profit", "profit"), ("roi", "roi"))]
    return {"metric": plan["metric"], "rows": rows}


def comparison_view(current: dict[str, Any], previous: dict[str, Any],
                    source: str) -> dict[str, Any]:
    """This campaign's figures beside an earlier one's; both are review view contexts.

    `source`: the earlier campaign's file as the user named it. Returns the earlier
    campaign (theme, dates, file), the key result rows matched by metric (with the metrics
    only one campaign has), the totals (participants, conversions, cost, revenue, ROI, CPA)
    and the channel rows matched by name (with the unmatched ones).
    """
    krs, only_here, only_there = _kr_rows(current["key_results"], previous["key_results"])
    channels, ch_here, ch_there = _channel_rows(current["channels"]["rows"],
                                                previous["channels"]["rows"])
    campaign = previous["answers"].campaign
    return {"theme": campaign.theme, "start": campaign.start, "end": campaign.end,
            "file": source, "key_results": krs, "totals": _totals(current, previous),
            "channels": channels, "only_here": only_here, "only_there": only_there,
            "channels_only_here": ch_here, "channels_only_there": ch_there}


def _kr_rows(here: list[dict], there: list[dict]) -> tuple[list[dict], list[str], list[str]]:
    """KRs with the same metric in both campaigns (this campaign's order), then the metrics
    only this one, and only the earlier one, has."""
    earlier = {kr["metric"]: kr for kr in there}
    rows = [{"code": kr["code"], "metric": kr["metric"], "unit": kr["unit"],
             "kind": kr["kind"], "digits": kr["digits"],
             **change(earlier[kr["metric"]]["actual"], kr["actual"],
                      points=kr["kind"] == "rate")}
            for kr in here if kr["metric"] in earlier]
    mine = {kr["metric"] for kr in here}
    return (rows, [kr["metric"] for kr in here if kr["metric"] not in earlier],
            [kr["metric"] for kr in there if kr["metric"] not in mine])


def _totals(current: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    """The campaign-wide figures both reports compute, each with its change."""
    def people(ctx: dict[str, Any]) -> Any:
        return (ctx["participants"] or {}).get("total")

    def conversions(ctx: dict[str, Any]) -> Any:
        funnel = ctx["funnel"]
        from_funnel = funnel["steps"][-1]["value"] if funnel else None
        return from_funnel if from_funnel is not None else ctx["channels"]["total_conversions"]

    rows = [("participants", "count", people(previous), people(current)),
            ("conversions", "count", conversions(previous), conversions(current))]
    rows += [(key, kind, previous["cost"].get(key), current["cost"].get(key))
             for key, kind in (("total_cost", "money"), ("revenue", "money"),
                               ("roi", "ratio"), ("cpa", "unit_money"))]
    return [dict(key=key, kind=kind, **change(old, new, points=kind == "ratio"))
            for key, kind, old, new in rows]


def _channel_rows(here: list[dict], there: list[dict]) -> tuple[list[dict], list[str],
                                                                list[str]]:
    """Channels in both campaigns (participants, conversions, cost, CPA each with its change),
    then the names only this one, and only the earlier one, has."""
    earlier = {row["name"]: row for row in there}
    rows = []
    for row in here:
        old = earlier.get(row["name"])
        if old is None:
            continue
        rows.append({"name": row["name"],
                     **{key: change(old[key], row[key])
                        for key in ("participants", "conversions", "cost", "cpa")}})
    mine = {row["name"] for row in here}
    return (rows, [r["name"] for r in here if r["name"] not in earlier],
            [r["name"] for r in there if r["name"] not in mine])
