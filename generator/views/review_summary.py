"""The review's conclusions, written from its figures: the first page for the boss
(what went well, what missed and by how much, what next) and the channel chapter's
conclusion (which channel led, by how much; what the cheapest and dearest cost).

Built on the figures `views/review.py` and `views/review_okr.py` compute (their field
names are the contract); nothing here is typed by the user beyond what the answers hold.
"""

from __future__ import annotations

from typing import Any

from generator.planning.metrics import ratio
from generator.views.plan import unit_suffix

SUMMARY_NEXT = 3  # follow-up actions (or lessons) the first page names
SHIFT_BUDGET_TIMES = 2.0  # the dearest channel costs this many times the cheapest: say so


def channel_conclusion(rows: list[dict[str, Any]], brand: bool) -> dict[str, Any] | None:
    """Which channel led and by how much, and the spread of unit costs; None without any
    channel result. A brand campaign counts participants (and cost per participant),
    others conversions (and cost per conversion)."""
    volume, unit = ("participants", "cost_per_participant") if brand else ("conversions", "cpa")
    ranked = sorted((r for r in rows if r[volume] is not None), key=lambda r: r["rank"] or 0)
    if not ranked:
        return None
    total = sum(r[volume] for r in ranked)
    leader = ranked[0]
    second = ranked[1] if len(ranked) > 1 else None
    lead = {"name": leader["name"], "value": leader[volume], "share": ratio(leader[volume], total),
            "second": second and second["name"], "second_value": second and second[volume],
            "times": ratio(leader[volume], second[volume]) if second else None}
    priced = sorted((r for r in ranked if r[unit] is not None and r["cost"]), key=lambda r: r[unit])
    cost = None
    if len(priced) >= 2:
        low, high = priced[0], priced[-1]
        times = ratio(high[unit], low[unit])
        cost = {"cheapest": low["name"], "low": low[unit], "dearest": high["name"],
                "high": high[unit], "times": times,
                "shift": times is not None and times >= SHIFT_BUDGET_TIMES}
    return {"lead": lead, "cost": cost}


def shortfall(kr: dict[str, Any]) -> float | None:
    """How far a key result fell short of its target, as a positive figure in its unit
    (for a cost, how far above its ceiling it ended); None when it met the target."""
    if kr["actual"] is None or kr["target"] is None:
        return None
    gap = kr["actual"] - kr["target"] if kr["lower_is_better"] else kr["target"] - kr["actual"]
    return gap if gap > 0 else None


def review_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The first page's lists: key results that met or beat their target, key results
    that missed it (with the shortfall), those without an actual, and what comes next
    (the follow-up actions, else the lessons)."""
    krs = context["key_results"]
    well = [{**kr, "unit_suffix": unit_suffix(kr["unit"])} for kr in krs
            if kr["verdict"] in ("met", "exceeded")]
    missed = [{**kr, "shortfall": shortfall(kr)} for kr in krs
              if kr["completion"] is not None and kr["verdict"] not in ("met", "exceeded")]
    follow_up = context["follow_up"][:SUMMARY_NEXT]
    return {"well": well, "missed": missed,
            "ungraded": [kr for kr in krs if kr["grade"] is None],
            "next": follow_up,
            "lessons": [] if follow_up else context["lessons"][:SUMMARY_NEXT]}
