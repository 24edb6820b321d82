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

from generator.locales import available, label, lookup, t
from generator.planning import metrics
from generator.views import View


def _value(obj: Any, name: str, default: Any = None) -> Any:
    """`obj.name`, tolerating a missing object or attribute (optional sections)."""
    return default if obj is None else getattr(obj, name, default)


def _enum(value: Any) -> Any:
    """An enum's key, or the value itself."""
    return getattr(value, "value", value)


def key_result_rows(answers: Any, lang: str) -> tuple[list[dict], list[dict], list[str]]:
    """KR rows with completion and verdict, objective rows with their score, and the gaps."""
    actuals = {kr.metric: kr.actual for kr in _value(answers.results, "key_results", []) or []}
    krs, objectives, missing = [], [], []
    for o_index, objective in enumerate(answers.objectives, start=1):
        rows = [_kr_row(kr, t("format.kr_code", lang=lang, o=o_index, k=k),
                        actuals.get(kr.metric), lang)
                for k, kr in enumerate(objective.key_results, start=1)]
        score = metrics.mean([r["completion"] for r in rows])
        objectives.append({"code": t("format.objective_code", lang=lang, o=o_index),
                           "objective": objective.objective,
                           "krs": rows, **_verdict(score, lang)})
        krs.extend(rows)
        missing.extend(r["problem"] for r in rows if r["problem"])
    planned = {r["metric"] for r in krs}
    missing.extend(t("review.missing.unmatched_actual", lang=lang, name=name) for name in actuals
                   if name not in planned)
    return krs, objectives, missing


def _kr_row(kr: Any, code: str, actual: Any, lang: str) -> dict[str, Any]:
    """One key result: plan figures, actual, completion, verdict and why it is missing."""
    done = metrics.completion(actual, kr.target, kr.baseline)
    problem = metrics.completion_problem(actual, kr.target, kr.baseline)
    return {"code": code, "metric": kr.metric, "unit": kr.unit, "baseline": kr.baseline,
            "target": kr.target, "actual": actual, "deadline": _value(kr, "deadline"),
            "gap": metrics.difference(actual, kr.target),
            "digits": 1 if any(_fraction(v) for v in (kr.baseline, kr.target, actual)) else 0,
            "problem": t(f"review.missing.{problem}", lang=lang, name=kr.metric)
            if problem else None,
            **_verdict(done, lang)}


def _fraction(value: Any) -> bool:
    """True for a number with a fractional part (17.6%), so the table shows one decimal."""
    return value is not None and float(value) != int(value)


def _verdict(score: float | None, lang: str) -> dict[str, Any]:
    """completion/score, verdict key, short and long verdict text, cell class."""
    verdict = metrics.okr_verdict(score)
    return {"completion": score, "verdict": verdict,
            "verdict_text": t(f"review.verdict.{verdict}", lang=lang) if verdict else None,
            "verdict_long": t(f"review.verdict_long.{verdict}", lang=lang) if verdict else None,
            "css": metrics.verdict_class(verdict)}


def participant_view(results: Any, lang: str) -> tuple[dict | None, list[str]]:
    """Participants total and by source with shares, or None without results."""
    part = _value(results, "participants")
    if results is None:
        return None, []
    by_source = dict(_value(part, "by_source", {}) or {})
    figures = metrics.participants(_value(part, "total"), by_source)
    rows = [{"name": s.name, "value": s.value, "share": s.share} for s in figures.by_source]
    if figures.unattributed:
        rows.append({"name": t("review.participants.unattributed", lang=lang),
                     "value": figures.unattributed,
                     "share": metrics.ratio(figures.unattributed, figures.total)})
    missing = [] if figures.total is not None else [t("review.missing.no_participants", lang=lang)]
    if figures.sources_exceed_total:
        missing.append(t("review.missing.sources_exceed", lang=lang))
    return {"total": figures.total, "sources": rows}, missing


def funnel_view(results: Any, participants_total: Any, lang: str) -> tuple[dict | None, list]:
    """Funnel steps with rates and the overall conversion rate; None without results."""
    if results is None:
        return None, []
    counts = {k: _value(_value(results, "funnel"), k) for k in metrics.FUNNEL_STEPS}
    figures = metrics.funnel(counts)
    steps = [{"key": s.key, "label": label("funnel_step", s.key, lang), "value": s.value,
              "step_rate": s.step_rate, "from_top": s.from_top} for s in figures.steps]
    missing = [t("review.missing.no_funnel_step", lang=lang, name=label("funnel_step", k, lang))
               for k in figures.missing]
    return {"steps": steps, "overall": figures.overall,
            "per_participant": metrics.ratio(counts["conversions"], participants_total)}, missing


def channel_view(answers: Any, lang: str) -> tuple[dict, list[str]]:
    """Plan channels beside their results, ranked; template state has the plan half only."""
    plan = [{"name": c.name, "budget": c.budget, "kind": _enum(_value(c, "kind")),
             "expected_conversions": _value(c, "expected_conversions")}
            for c in answers.channels]
    got = [{"name": c.name, "participants": c.participants, "conversions": c.conversions,
            "cost": c.cost} for c in _value(answers.results, "channels", []) or []]
    figures = metrics.channel_results(plan, got)
    kinds = {p["name"]: p["kind"] for p in plan}
    rows = [{**vars(r), "kind": kinds.get(r.name)} for r in figures.rows]
    missing = []
    if answers.results is not None:
        missing = [t("review.missing.no_channel", lang=lang, name=r.name)
                   for r in figures.rows if not r.reported]
    return {"rows": rows, "best": figures.best, "worst": figures.worst,
            "cheapest": figures.cheapest, "dearest": figures.dearest,
            "total_conversions": figures.total_conversions,
            "total_budget": metrics.total([p["budget"] for p in plan]),
            "total_cost": metrics.total([g["cost"] for g in got]),
            "total_participants": metrics.total([g["participants"] for g in got])}, missing


def cost_view(answers: Any, conversions: Any, participants_total: Any,
              lang: str) -> tuple[dict, list[str]]:
    """Costs by kind against budget and revenue; the template state lists the usual kinds."""
    results = answers.results
    if results is None:
        lines = [{"item": kind, "amount": None, "share": None}
                 for kind in lookup("review.cost.kinds", lang)]
        return {"lines": lines, "budget": answers.campaign.budget, "total_cost": None}, []
    costs = [(c.item, c.amount) for c in _value(results, "costs", []) or []]
    figures = metrics.cost_benefit(costs, answers.campaign.budget, _value(results, "revenue"),
                                   conversions, participants_total)
    view = {**vars(figures),
            "lines": [{"item": s.name, "amount": s.value, "share": s.share}
                      for s in figures.costs],
            "over_budget": figures.variance is not None and figures.variance > 0}
    missing = []
    if figures.total_cost is None:
        missing.append(t("review.missing.no_costs", lang=lang))
    if figures.revenue is None:
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
    krs, objectives, missing = key_result_rows(answers, lang)
    participants, gaps_p = participant_view(results, lang)
    total_people = participants["total"] if participants else None
    funnel, gaps_f = funnel_view(results, total_people, lang)
    channels, gaps_c = channel_view(answers, lang)
    conversions = _overall_conversions(funnel, channels)
    cost, gaps_cost = cost_view(answers, conversions, total_people, lang)
    context = {
        "answers": answers,
        "lang": lang,
        "currency": answers.campaign.currency,
        "has_results": results is not None,
        "key_results": krs,
        "objectives": objectives,
        "okr": _verdict(metrics.mean([o["completion"] for o in objectives]), lang),
        "participants": participants,
        "funnel": funnel,
        "channels": channels,
        "cost": cost,
        "feedback": _items(results, "feedback"),
        "problems": problem_rows(results),
        "lessons": _items(results, "lessons"),
        "follow_up": [{"action": f.action, "owner": _value(f, "owner"), "due": _value(f, "due")}
                      for f in _items(results, "follow_up")],
        "missing": missing + gaps_p + gaps_f + gaps_c + gaps_cost,
        "blank_funnel": [{"key": key, "label": label("funnel_step", key, lang)}
                         for key in metrics.FUNNEL_STEPS],
        "charts": {"kr": None, "funnel": None, "channels": None},
    }
    images = LazyCharts(context, lang) if results is not None else {}
    for number, name in enumerate(chart_names(context), start=1):
        key = name.removeprefix("chart-").removesuffix(".png")
        caption = t(f"chart.caption.{key}", lang=lang)
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
    channels = [r for r in context["channels"]["rows"] if r["conversions"] is not None]
    return krs, steps, channels


def chart_names(context: dict[str, Any]) -> list[str]:
    """The charts this report has, in document order (none in the template state)."""
    if not context["has_results"]:
        return []
    krs, steps, channels = _chart_rows(context)
    return [name for name, rows in (("chart-kr.png", krs), ("chart-funnel.png", steps),
                                    ("chart-channels.png", channels)) if rows]


def draw_chart(name: str, context: dict[str, Any], lang: str) -> bytes:
    """One chart of the report (a name from `chart_names`) as PNG bytes."""
    # NOTE: matplotlib (~1 s to import and draw) only when a chart is really looked at
    from generator.views import charts

    labels = {"target": t("chart.target", lang=lang), "actual": t("chart.actual", lang=lang),
              "conversions": t("chart.conversions", lang=lang),
              "cpa": t("chart.cpa", lang=lang, unit=context["currency"])}
    krs, steps, channels = _chart_rows(context)
    if name == "chart-kr.png":
        rows = [dict(r, completion_text=_completion_text(r, lang),
                     unit_text=t("format.paren", lang=lang, text=r["unit"]) if r["unit"] else "")
                for r in krs]
        return charts.key_results_chart(rows, labels)
    if name == "chart-funnel.png":
        return charts.funnel_chart([(s["label"], s["value"], _step_text(s, lang))
                                    for s in steps])
    if name == "chart-channels.png":
        return charts.channels_chart(channels, labels)
    raise KeyError(name)


def _completion_text(row: dict[str, Any], lang: str) -> str:
    """"完成度 58.8% · 目标偏高" for a chart panel title."""
    if row["completion"] is None:
        return t("chart.no_completion", lang=lang)
    completion = t("chart.completion", lang=lang, pct=pct_text(row["completion"]))
    return f"{completion} · {row['verdict_text']}"


def _step_text(step: dict[str, Any], lang: str) -> str:
    """The rate printed beside a funnel bar."""
    return "" if step["step_rate"] is None else t("chart.step_rate", lang=lang,
                                                  pct=pct_text(step["step_rate"]))


def pct_text(value: float | None) -> str:
    """0.5875 -> "58.8%" (charts only; templates use the `pct` filter)."""
    return "—" if value is None else f"{value * 100:,.1f}%"
