"""The daily trend chart's words and figures: what `charts.daily_chart` draws, each value
printed by the rounding policy (figures.py) as the trend table prints it."""

from __future__ import annotations

from typing import Any

from generator import figures
from generator.locales import t


def draw_daily(daily: dict[str, Any], currency: str, lang: str) -> bytes:
    """The daily trend as PNG bytes: one panel per metric, phases shaded, peak and drop
    annotated."""
    # NOTE: matplotlib only when the chart is really drawn
    from generator.views import charts

    panels = [_panel(m, lang) for m in daily["metrics"]]
    phases = [{"start": p["start"], "end": p["end"], "label": p["label"]}
              for p in daily["phases"]]
    return charts.daily_chart(panels, phases)


def _panel(metric: dict[str, Any], lang: str) -> dict[str, Any]:
    """One metric's panel: title, the points, the peak's and the drop's annotations."""
    def value(v: Any) -> str:
        return figures.kr_value(v, metric["kind"], metric["digits"])

    unit = t("format.paren", lang=lang, text=metric["unit"]) if metric["unit"] else ""
    peak, drop = metric["peak"], metric["drop"]
    return {
        "title": f"{metric['metric']}{unit}",
        "dates": metric["dates"], "values": metric["values"],
        "peak": {"date": peak["date"], "value": peak["value"],
                 "text": t("chart.peak", lang=lang, date=peak["date"].strftime("%m-%d"),
                           value=value(peak["value"]))},
        "drop": None if drop is None else {
            "date": drop["date"], "value": drop["value"],
            "text": t("chart.drop", lang=lang, date=drop["date"].strftime("%m-%d"),
                      fall=figures.signed(-drop["fall"], metric["digits"]),
                      pct=figures.percent(-drop["ratio"]) if drop["ratio"] else "—")},
    }
