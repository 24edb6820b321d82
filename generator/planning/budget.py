"""The itemised budget (预算明细): line amounts, the roll-up with the channels, reconciliation.

Pure: the answers model in, plain figures out; the plan view shows them and `check`
(answers/checks.py) names each mismatch. Why one module: the document and the lint must
agree to the unit on what a line costs and what the lines add up to.

    ¥30 coupon × 20,000 issued × 35 % redeemed  ->  ¥210,000
    lines + channel budgets = subtotal; contingency = subtotal × rate; total = both

A channel's budget rolls in as a media line of its own (named by the channel), so a
media line in `budget.lines` is money spent outside the planned channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.planning import kinds

KIND_ORDER = ("prizes", "coupons", "media", "people", "materials", "development", "other")
PROPOSED_CONTINGENCY = 10  # percent; domain practice is 10–15 % of the itemised spend
TOLERANCE = 0.5  # money compared to within half a unit (amounts are typed whole or to cents)


@dataclass
class Line:
    """One row of the itemised budget as the plan shows it."""

    item: str
    kind: str
    amount: float | None
    face_value: float | None = None
    quantity: int | None = None
    redemption: float | None = None  # percent
    note: str | None = None
    channel: bool = False  # rolled in from `channels`
    index: int | None = None  # its place in `budget.lines` (None for a channel)

    @property
    def computed(self) -> bool:
        """True when the amount is face value × quantity (× redemption), not typed."""
        return self.face_value is not None and self.quantity is not None


@dataclass
class Rollup:
    """Every figure of the itemised budget."""

    lines: list[Line]
    by_kind: list[dict[str, Any]]
    lines_total: float
    channels_total: float
    subtotal: float
    contingency_rate: float | None
    contingency: float
    total: float
    budget: float | None  # campaign.budget, as typed
    difference: float | None  # total − budget: positive is over the budget
    missing: list[Line] = field(default_factory=list)  # lines with no amount to count
    forecast: dict[str, Any] | None = None  # expected revenue and ROI (see `forecast`)

    @property
    def status(self) -> str:
        """How the itemised total stands against the budget: no_budget, over, under, matches."""
        if self.difference is None:
            return "no_budget"
        if abs(self.difference) <= TOLERANCE:
            return "matches"
        return "over" if self.difference > 0 else "under"


def line_amount(line: Any) -> float | None:
    """face value × quantity × redemption % when face value and quantity are given, else
    the typed amount (None when neither)."""
    if line.face_value is not None and line.quantity is not None:
        rate = 100 if line.redemption is None else line.redemption
        return _tidy(line.face_value * line.quantity * rate / 100)
    return line.amount


def typed_amount_differs(line: Any) -> float | None:
    """The computed amount when a typed `amount` disagrees with it, else None."""
    computed = line_amount(line)
    if line.amount is None or line.face_value is None or line.quantity is None:
        return None
    return computed if abs(computed - line.amount) > TOLERANCE else None


def has_lines(answers: Any) -> bool:
    """True when the answers itemise the budget (lines or a contingency)."""
    budget = answers.budget
    return budget is not None and (bool(budget.lines) or budget.contingency is not None)


def rollup(answers: Any) -> Rollup | None:
    """The itemised budget with the channels rolled in; None when nothing is itemised."""
    if not has_lines(answers):
        return None
    lines = [_line(i, line) for i, line in enumerate(answers.budget.lines)]
    lines += [Line(item=ch.name, kind="media", amount=ch.budget, channel=True)
              for ch in answers.channels if ch.budget is not None]
    lines.sort(key=lambda x: KIND_ORDER.index(x.kind))  # stable: the file's order within a kind
    lines_total = _tidy(sum(x.amount or 0 for x in lines if not x.channel))
    channels_total = _tidy(sum(x.amount or 0 for x in lines if x.channel))
    subtotal = _tidy(lines_total + channels_total)
    rate = answers.budget.contingency
    contingency = _tidy(subtotal * (rate or 0) / 100)
    total = _tidy(subtotal + contingency)
    budget = answers.campaign.budget
    return Rollup(
        lines=lines, by_kind=_by_kind(lines, contingency, total), lines_total=lines_total,
        channels_total=channels_total, subtotal=subtotal, contingency_rate=rate,
        contingency=contingency, total=total, budget=budget,
        difference=None if budget is None else _tidy(total - budget),
        missing=[x for x in lines if x.amount is None], forecast=forecast(answers, total))


def forecast(answers: Any, cost: float) -> dict[str, Any] | None:
    """Expected revenue and ROI: the largest money-in key result's target (GMV, revenue;
    several usually nest, 复购 GMV within GMV, so they are not added) against `cost`, the
    itemised total. None without such a key result or without a cost."""
    amounts = [kr for o in answers.objectives for kr in o.key_results
               if kinds.kind_of(kr) == "amount"]
    if not amounts or not cost:
        return None
    kr = max(amounts, key=lambda k: k.target)
    return {"metric": kr.metric, "revenue": kr.target, "cost": cost,
            "profit": _tidy(kr.target - cost), "roi": (kr.target - cost) / cost}


def reconciles(roll: Rollup) -> bool:
    """True when the itemised total equals the campaign budget (or there is no budget)."""
    return roll.status in ("matches", "no_budget")


def _line(index: int, line: Any) -> Line:
    return Line(item=line.item, kind=line.kind, amount=line_amount(line),
                face_value=line.face_value, quantity=line.quantity, redemption=line.redemption,
                note=line.note, index=index)


def _by_kind(lines: list[Line], contingency: float, total: float) -> list[dict[str, Any]]:
    """Subtotals per kind, in KIND_ORDER, each with its share of the itemised total."""
    rows = []
    for kind in KIND_ORDER:
        mine = [x for x in lines if x.kind == kind]
        if mine:
            amount = _tidy(sum(x.amount or 0 for x in mine))
            rows.append({"kind": kind, "count": len(mine), "amount": amount,
                         "share": amount / total if total else None})
    if contingency:
        rows.append({"kind": "contingency", "count": None, "amount": contingency,
                     "share": contingency / total if total else None})
    return rows


def _tidy(value: float) -> float:
    """Money without float dust (30 × 20000 × 35 / 100 is 210000, not 209999.99999999997);
    whole amounts as int so they compare and print as typed."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
