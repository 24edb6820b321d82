"""The review report (活动复盘报告) view: the plan's figures beside the actuals, all computed.

Two states of one document: without `results` the context is a template (plan targets,
budget lines and channels filled in, actuals None, no charts); with `results` every figure
is computed by generator.metrics and the charts are drawn. Missing measurements are named
in `missing`, never shown as 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from generator import figures
from generator.locales import available, label, lookup, t
from generator.planning import kinds, metrics
from generator.views import View
from generator.views.review_compare import forecast_view
from generator.views.review_daily import daily_view
from generator.views.review_okr import okr_view
from generator.views.review_summary import channel_conclusion, review_summary
from generator.views.review_why import why_rows


def _value(obj: Any, name: str, default: Any = None) -> Any:
    """`obj.name`, tolerating a missing object or attribute (optional sections)."""
    return default if obj is None else getattr(obj, name, default)


def _enum(value: Any) -> Any:
    """An enum's key, or the value itself."""
    return getattr(value, "value", value)


def participant_view(results: Any, lang: str) -> tuple[dict | None, list[str]]:
    """Participants total and by source with shares, or None without results.

    When the sources do not add up to the total, the difference is a row of its own
    (unattributed, or counted twice when the sources add up to more) and `note` says by
    how much, so the rows always add up to the 合计 row.
    """
    part = _value(results, "participants")
    if results is None:
        return None, []
    by_source = dict(_value(part, "by_source", {}) or {})
    figures = metrics.participants(_value(part, "total"), by_source)
    rows = [{"name": s.name, "value": s.value, "share": s.share, "difference": False}
            for s in figures.by_source]
    note = None
    if figures.difference:
        over = figures.difference < 0
        rows.append({"name": t(f"review.participants.{'overlap' if over else 'unattributed'}",
                               lang=lang),
                     "value": figures.difference, "difference": True,
                     "share": metrics.ratio(figures.difference, figures.total)})
        note = {"over": over, "sources": figures.sources_total, "total": figures.total,
                "difference": abs(figures.difference),
                "share": metrics.ratio(abs(figures.difference), figures.total)}
    missing = [] if figures.total is not None else [t("review.missing.no_participants", lang=lang)]
    return {"total": figures.total, "sources": rows, "note": note,
            "total_share": 1 if figures.total else None}, missing


def funnel_view(results: Any, participants_total: Any, brand: bool,
                lang: str) -> tuple[dict | None, list]:
    """Funnel steps with rates and the overall conversion rate; None without results.

    A brand campaign reads the same counts as reach and engagement, so a step it did not
    track (conversions) is not a gap.
    """
    if results is None:
        return None, []
    counts = {k: _value(_value(results, "funnel"), k) for k in metrics.FUNNEL_STEPS}
    figures = metrics.funnel(counts)
    steps = [{"key": s.key, "label": label("funnel_step", s.key, lang), "value": s.value,
              "step_rate": s.step_rate, "from_top": s.from_top} for s in figures.steps]
    gaps = [k for k in figures.missing if not brand or k == "exposure"]
    missing = [t("review.missing.no_funnel_step", lang=lang, name=label("funnel_step", k, lang))
               for k in gaps]
    return {"steps": steps, "overall": figures.overall,
            "per_participant": metrics.ratio(counts["conversions"], participants_total),
            "recorded": [s for s in steps if s["value"] is not None]}, missing


def brand_view(answers: Any, krs: list[dict], funnel: dict | None) -> dict | None:
    """What a brand campaign is judged on: reach and engagement from the funnel counts, and
    the key results that are brand metrics (mentions, search index, sentiment ...) against
    their baselines. None for other purposes."""
    if not _is_brand(answers):
        return None
    reach = [s for s in (funnel or {}).get("recorded", []) if s["key"] != "conversions"]
    metrics_rows = [{**kr, "change": metrics.difference(kr["actual"], kr["baseline"]),
                     "change_ratio": None if kr["kind"] == "rate" else
                     metrics.ratio(metrics.difference(kr["actual"], kr["baseline"]),
                                   kr["baseline"])}
                    for kr in krs if kinds.fits_purpose(kr["metric"], "brand") == "direct"]
    return {"reach": reach, "metrics": metrics_rows}


def _is_brand(answers: Any) -> bool:
    return _enum(answers.campaign.purpose) == "brand"


def channel_view(answers: Any, lang: str) -> tuple[dict, list[str]]:
    """Plan channels beside their results, ranked; template state has the plan half only.

    A conversion campaign ranks channels by conversions; a brand campaign by participants
    (reach), with the cost per participant in place of the cost per conversion. The
    `totals` row is complete: every column a channel row has, computed over all channels.
    """
    brand = _is_brand(answers)
    plan = [{"name": c.name, "budget": c.budget, "kind": _enum(_value(c, "kind")),
             "expected_conversions": _value(c, "expected_conversions")}
            for c in answers.channels]
    got = [{"name": c.name, "participants": c.participants, "conversions": c.conversions,
            "cost": c.cost} for c in _value(answers.results, "channels", []) or []]
    figures = metrics.channel_results(plan, got, "participants" if brand else "conversions")
    kinds = {p["name"]: p["kind"] for p in plan}
    all_participants = metrics.total([g["participants"] for g in got])
    rows = [{**vars(r), "kind": kinds.get(r.name),
             "cost_per_participant": metrics.ratio(r.cost, r.participants),
             "participant_share": metrics.ratio(r.participants, all_participants)}
            for r in figures.rows]
    missing = []
    if answers.results is not None:
        missing = [t("review.missing.no_channel", lang=lang, name=r.name)
                   for r in figures.rows if not r.reported]
    return {"rows": rows, "best": figures.best, "worst": figures.worst,
            "cheapest": figures.cheapest, "dearest": figures.dearest,
            "total_conversions": figures.total_conversions,
            "total_budget": metrics.total([p["budget"] for p in plan]),
            "total_cost": metrics.total([g["cost"] for g in got]),
            "total_participants": all_participants,
            "totals": _channel_totals(plan, got)}, missing


def _channel_totals(plan: list[dict], got: list[dict]) -> dict[str, Any]:
    """The 合计 row of the channel table: every column, over all channels."""
    budget = metrics.total([p["budget"] for p in plan])
    cost = metrics.total([g["cost"] for g in got])
    people = metrics.total([g["participants"] for g in got])
    conversions = metrics.total([g["conversions"] for g in got])
    return {"budget": budget, "cost": cost, "budget_used": metrics.ratio(cost, budget),
            "participants": people, "conversions": conversions,
            "conversion_rate": metrics.ratio(conversions, people),
            "cpa": metrics.ratio(cost, conversions),
            "cost_per_participant": metrics.ratio(cost, people),
            "conversion_share": 1 if conversions else None,
            "participant_share": 1 if people else None}


def cost_view(answers: Any, conversions: Any, participants_total: Any, exposure: Any,
              lang: str) -> tuple[dict, list[str]]:
    """Costs by kind against budget and revenue; the template state lists the usual kinds.

    A brand campaign is not asked for revenue: without one, ROI is left out rather than
    reported missing, and the cost per thousand exposures (CPM) stands beside the CPA.
    """
    results = answers.results
    if results is None:
        lines = [{"item": kind, "amount": None, "share": None}
                 for kind in lookup("review.cost.kinds", lang)]
        return {"lines": lines, "budget": answers.campaign.budget, "total_cost": None}, []
    costs = [(c.item, c.amount) for c in _value(results, "costs", []) or []]
    figures = metrics.cost_benefit(costs, answers.campaign.budget, _value(results, "revenue"),
                                   conversions, participants_total)
    cpm = metrics.ratio(figures.total_cost, exposure)
    view = {**vars(figures),
            "lines": [{"item": s.name, "amount": s.value, "share": s.share}
                      for s in figures.costs],
            "total_share": 1 if figures.total_cost else None,
            "cpm": None if cpm is None else cpm * 1000,
            "over_budget": figures.variance is not None and figures.variance > 0}
    missing = []
    if figures.total_cost is None:
        missing.append(t("review.missing.no_costs", lang=lang))
    if figures.revenue is None and not _is_brand(answers):
        missing.append(t("review.missing.no_revenue", lang=lang))
    return view, missing


def _overall_conversions(funnel: dict | None, channels: dict) -> Any:
    """Conversions for CPA: the funnel's, else the channels' sum."""
    from_funnel = funnel["steps"][-1]["value"] if funnel else None
    return from_funnel if from_funnel is not None else channels["total_conversions"]


def _items(results: Any, name: str) -> list[Any]:
    """A list section of `results` (feedback, lessons ...), [] when absent."""
    return list(_value(results, name, []) or [])


def improvement_patterns() -> list[re.Pattern[str]]:
    """How a problem line carries its improvement, in every language's spelling.

    The fill-in workbook writes it back with `workbook.review.improvement`:
    "短信通道拥堵（改进：提前报备通道）" / "SMS queue jammed (improvement: book capacity)";
    a line in any language is split, whatever the document language.
    """
    patterns = []
    for lang in available():
        before, _, after = lookup("workbook.review.improvement", lang).partition("{text}")
        patterns.append(re.compile(rf"^(?P<problem>.+?)\s*{re.escape(before.lstrip())}"
                                   rf"(?P<improvement>.+){re.escape(after)}$"))
    return patterns


def problem_rows(results: Any) -> list[dict[str, Any]]:
    """Problems, each split into the problem and its improvement when it names one."""
    patterns = improvement_patterns()
    rows = []
    for item in _items(results, "problems"):
        match = next((m for p in patterns if (m := p.match(str(item)))), None)
        if match:
            rows.append({"problem": match["problem"], "improvement": match["improvement"]})
        else:
            rows.append({"problem": str(item), "improvement": None})
    return rows


def build_review_view(answers: Any, lang: str) -> View:
    """Everything the review template shows, and the charts when results are in."""
    results = answers.results
    brand = _is_brand(answers)
    krs, objectives, okr, missing = okr_view(answers, lang)
    participants, gaps_p = participant_view(results, lang)
    total_people = participants["total"] if participants else None
    funnel, gaps_f = funnel_view(results, total_people, brand, lang)
    channels, gaps_c = channel_view(answers, lang)
    conversions = _overall_conversions(funnel, channels)
    exposure = funnel["steps"][0]["value"] if funnel else None
    cost, gaps_cost = cost_view(answers, conversions, total_people, exposure, lang)
    context = {
        "answers": answers,
        "lang": lang,
        "currency": answers.campaign.currency,
        "has_results": results is not None,
        "brand": brand,
        "key_results": krs,
        "why": why_rows(answers, krs),
        "objectives": objectives,
        "okr": okr,
        "participants": participants,
        "funnel": funnel,
        "reach": brand_view(answers, krs, funnel),
        "channels": channels,
        "cost": cost,
        "feedback": _items(results, "feedback"),
        "problems": problem_rows(results),
        "lessons": _items(results, "lessons"),
        "follow_up": [{"action": f.action, "owner": _value(f, "owner"), "due": _value(f, "due")}
                      for f in _items(results, "follow_up")],
        "resources": [{"what": r.what, "amount": r.amount, "why": r.why}
                      for r in _items(results, "resources")],
        "resources_total": metrics.total([r.amount for r in _items(results, "resources")]),
        "forecast": forecast_view(answers, cost),
        "daily": daily_view(answers, krs, lang),
        "comparison": None,  # generate.py adds it when an earlier campaign is named
        "missing": missing + gaps_p + gaps_f + gaps_c + gaps_cost,
        "blank_funnel": [{"key": key, "label": label("funnel_step", key, lang)}
                         for key in metrics.FUNNEL_STEPS],
        "charts": {"kr": None, "daily": None, "funnel": None, "channels": None},
    }
    channels["conclusion"] = channel_conclusion(channels["rows"], brand)
    context["summary"] = review_summary(context) if results is not None else None
    images = LazyCharts(context, lang) if results is not None else {}
    for number, name in enumerate(chart_names(context), start=1):
        key = name.removeprefix("chart-").removesuffix(".png")
        caption = chart_caption(name, context, lang)
        context["charts"][key] = {"src": name, "caption": caption, "alt": caption,
                                  "number": number}
    return View(context=context, images=images)


class LazyCharts(Mapping):
    """The chart PNGs by name, each drawn when first looked up and kept.

    The names are known without drawing (`chart_names`), so listing them, `in` and `len`
    draw nothing; only reading a chart's bytes does, which only the formats that show
    charts (DOCX, PDF, HTML) do. One view serves every format of a generate, so each chart
    is drawn once however many of those formats are written.
    """

    def __init__(self, context: dict[str, Any], lang: str):
        self._context, self._lang = context, lang
        self._names = chart_names(context)
        self._drawn: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._drawn:
            self._drawn[name] = draw_chart(name, self._context, self._lang)
        return self._drawn[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _chart_rows(context: dict[str, Any]) -> tuple[list, list, list]:
    """The data of each chart: KRs with a target, recorded funnel steps, channels with results."""
    krs = [r for r in context["key_results"] if r["target"] is not None]
    funnel = context["funnel"]
    steps = [s for s in funnel["steps"] if s["value"] is not None] if funnel else []
    if len(steps) < 2 or max(s["value"] for s in steps) <= 0:
        steps = []
    ranked_by = "participants" if context["brand"] else "conversions"
    channels = [r for r in context["channels"]["rows"] if r[ranked_by] is not None]
    return krs, steps, channels


def chart_names(context: dict[str, Any]) -> list[str]:
    """The charts this report has, in document order (none in the template state)."""
    if not context["has_results"]:
        return []
    krs, steps, channels = _chart_rows(context)
    daily = (context["daily"] or {}).get("metrics")
    return [name for name, rows in (("chart-kr.png", krs), ("chart-daily.png", daily),
                                    ("chart-funnel.png", steps),
                                    ("chart-channels.png", channels)) if rows]


def chart_caption(name: str, context: dict[str, Any], lang: str) -> str:
    """A chart's caption; a brand campaign's funnel is its reach and engagement."""
    key = name.removeprefix("chart-").removesuffix(".png")
    if context["brand"]:
        key = {"funnel": "reach", "channels": "channels_brand"}.get(key, key)
    return t(f"chart.caption.{key}", lang=lang)


def draw_chart(name: str, context: dict[str, Any], lang: str) -> bytes:
    """One chart of the report (a name from `chart_names`) as PNG bytes.

    Every number on a chart is formatted here by the rounding policy (figures.py), as the
    tables print it: a rate KR in percentage points, money by currency, people whole.
    """
    # NOTE: matplotlib (~1 s to import and draw) only when a chart is really looked at
    from generator.views import charts

    currency = context["currency"]
    labels = {"target": t("chart.target", lang=lang), "actual": t("chart.actual", lang=lang)}
    krs, steps, channels = _chart_rows(context)
    if name == "chart-kr.png":
        rows = [dict(r, completion_text=_completion_text(r, lang),
                     target_text=kr_value_text(r, r["target"]),
                     actual_text=kr_value_text(r, r["actual"]),
                     unit_text=t("format.paren", lang=lang, text=r["unit"]) if r["unit"] else "")
                for r in krs]
        return charts.key_results_chart(rows, labels)
    if name == "chart-funnel.png":
        return charts.funnel_chart([(s["label"], s["value"], figures.whole(s["value"]),
                                     _step_text(s, lang)) for s in steps])
    if name == "chart-channels.png":
        return charts.channels_chart(_channel_panels(channels, context["brand"], currency, lang))
    if name == "chart-daily.png":
        from generator.views.review_daily_chart import draw_daily

        return draw_daily(context["daily"], currency, lang)
    raise KeyError(name)


def _channel_panels(rows: list[dict], brand: bool, currency: str, lang: str) -> dict:
    """The two panels of the channel chart: volume (conversions, or participants for a brand
    campaign) and unit cost (CPA, or cost per participant), each value as printed."""
    volume, unit = ("participants", "cost_per_participant") if brand else ("conversions", "cpa")
    return {"names": [r["name"] for r in rows],
            "volume": [r[volume] for r in rows],
            "volume_text": [figures.whole(r[volume]) for r in rows],
            "unit": [r[unit] for r in rows],
            "unit_text": [figures.money(r[unit], currency, 2) for r in rows],
            "volume_title": t(f"chart.{volume}", lang=lang),
            "unit_title": t(f"chart.{unit}", lang=lang)}


def kr_value_text(row: dict[str, Any], value: Any) -> str:
    """A key result's value as its table prints it (a rate in points: 17.6)."""
    return figures.number(value, row["digits"])


def _completion_text(row: dict[str, Any], lang: str) -> str:
    """"完成度 58.8% · 目标偏高" for a chart panel title."""
    if row["completion"] is None:
        return t("chart.no_completion", lang=lang)
    completion = t("chart.completion", lang=lang, pct=figures.percent(row["completion"]))
    return f"{completion} · {row['verdict_text']}"


def _step_text(step: dict[str, Any], lang: str) -> str:
    """The rate printed beside a funnel bar."""
    return "" if step["step_rate"] is None else t("chart.step_rate", lang=lang,
                                                  pct=figures.percent(step["step_rate"]))
