"""The daily trend (每日趋势): the main key results day by day, the peak and the drop.

From `results.daily` (the review workbook's 每日数据 sheet, or `results --daily FILE.csv`).
Per key result metric, in the plan's order (a series under another name is not drawn:
`check` names it, usually a typo):
the days recorded, the total of a count or amount, the daily mean, the peak (the highest
day) and the drop (the largest fall from one recorded day to the next, the "sudden drop"
a review has to explain). The campaign's phases clipped to the series' days are shaded on
the chart. A metric recorded on fewer than two days has no trend and is left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.locales import label
from generator.planning import kinds

MIN_DAYS = 2  # one day is a figure, not a trend


def daily_view(answers: Any, key_results: list[dict[str, Any]], lang: str) -> dict | None:
    """The trend of each main key result with its peak and drop, and the phases to shade;
    None when no metric has a series of at least two days."""
    rows = sorted(getattr(answers.results, "daily", None) or [], key=lambda r: r.date)
    if not rows:
        return None
    planned = {kr["metric"]: kr for kr in key_results}
    series = []
    for name in planned:
        points = [(r.date, r.values[name]) for r in rows if r.values.get(name) is not None]
        if len(points) >= MIN_DAYS:
            series.append(metric_series(name, points, planned[name]))
    if not series:
        return None
    first, last = rows[0].date, rows[-1].date
    return {"metrics": series, "start": first, "end": last, "days": (last - first).days + 1,
            "phases": phase_spans(answers, first, last, lang)}


def metric_series(name: str, points: list[tuple[dt.date, float]],
                  kr: dict[str, Any]) -> dict[str, Any]:
    """One metric's days with its peak, its drop, the total (counts and amounts) and mean."""
    kind = kr["kind"]
    values = [v for _, v in points]
    peak_day, peak = max(points, key=lambda p: p[1])  # NOTE: the first day of a tied peak
    return {"metric": name, "code": kr["code"], "unit": kr["unit"], "kind": kind,
            "digits": kr["digits"],
            "points": points, "dates": [d for d, _ in points], "values": values,
            "total": sum(values) if kinds.accumulates(kind) else None,
            "mean": sum(values) / len(values),
            "peak": {"date": peak_day, "value": peak}, "drop": largest_drop(points)}


def largest_drop(points: list[tuple[dt.date, float]]) -> dict[str, Any] | None:
    """The largest fall from one recorded day to the next: its day, value, the day before's
    value, the fall and the fall as a share of the day before; None when nothing fell."""
    best = None
    for (_, before), (day, value) in zip(points, points[1:], strict=False):
        fall = before - value
        if fall > 0 and (best is None or fall > best["fall"]):
            best = {"date": day, "value": value, "before": before, "fall": fall,
                    "ratio": fall / before if before > 0 else None}  # a share of a positive day
    return best


def phase_spans(answers: Any, first: dt.date, last: dt.date,
                lang: str) -> list[dict[str, Any]]:
    """The campaign's phases (planning, warm-up, launch, review) that overlap the series'
    days, clipped to them: what the chart shades."""
    spans = []
    for phase in answers.effective_phases():
        start, end = max(phase.start, first), min(phase.end, last)
        if start <= end:
            spans.append({"phase": phase.phase, "label": label("phase", phase.phase, lang),
                          "start": start, "end": end})
    return spans
