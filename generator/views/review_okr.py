"""The review's OKR figures: each key result graded, each objective scored, the verdict.

What the template and the first page read (names kept stable for the conclusions built
on them):

- `key_results`: one row per key result: code, metric, unit, kind, baseline, target,
  actual, completion (may pass 100 % or fall below 0), grade (0–100 %), verdict,
  verdict_text, verdict_long, css, digits (how its values print), problem (why it has no
  grade, in words) and lower_is_better.
- `objectives`: code, objective, krs, score (mean grade), graded / total, missing_rows
  (without a grade), exceeded_rows (over 100 %), verdict and its words, css.
- `okr`: the campaign: score (mean of the objectives' scores), graded / total,
  missing_rows, exceeded_rows, verdict and its words, css.
"""

from __future__ import annotations

from typing import Any

from generator import figures
from generator.locales import t
from generator.planning import kinds, okr


def _value(obj: Any, name: str, default: Any = None) -> Any:
    return default if obj is None else getattr(obj, name, default)


def okr_view(answers: Any, lang: str) -> tuple[list[dict], list[dict], dict, list[str]]:
    """(key result rows, objective rows, the overall OKR figures, the gaps in words)."""
    actuals = {kr.metric: kr.actual for kr in _value(answers.results, "key_results", []) or []}
    krs, objectives, missing, scores = [], [], [], []
    for o_index, objective in enumerate(answers.objectives, start=1):
        rows = [kr_row(kr, t("format.kr_code", lang=lang, o=o_index, k=k),
                       actuals.get(kr.metric), answers.campaign.currency, lang)
                for k, kr in enumerate(objective.key_results, start=1)]
        score = okr.score([row["graded"] for row in rows])
        scores.append(score)
        objectives.append({"code": t("format.objective_code", lang=lang, o=o_index),
                           "objective": objective.objective, "krs": rows,
                           **_score_view(score, rows, lang)})
        krs.extend(rows)
        missing.extend(r["problem"] for r in rows if r["problem"])
    planned = {r["metric"] for r in krs}
    missing.extend(t("review.missing.unmatched_actual", lang=lang, name=name) for name in actuals
                   if name not in planned)
    return krs, objectives, _score_view(okr.overall(scores), krs, lang), missing


def kr_row(kr: Any, code: str, actual: Any, currency: str, lang: str) -> dict[str, Any]:
    """One key result: plan figures, actual, completion, grade, verdict, why it is missing."""
    kind = kinds.kind_of(kr)
    lower = kinds.lower_is_better(kind)
    graded = okr.grade_kr(actual, kr.target, kr.baseline, lower)
    return {"code": code, "metric": kr.metric, "unit": kr.unit, "kind": kind,
            "kind_text": t(f"labels.metric_kind.{kind}", lang=lang), "lower_is_better": lower,
            "baseline": kr.baseline, "target": kr.target, "actual": actual,
            "deadline": _value(kr, "deadline"),
            "digits": figures.kr_digits(kind, (kr.baseline, kr.target, actual), currency),
            "graded": graded, "completion": graded.completion, "grade": graded.grade,
            "problem": t(f"review.missing.{graded.problem}", lang=lang, name=kr.metric)
            if graded.problem else None,
            **verdict_words(graded.verdict, lang)}


def verdict_words(verdict: str | None, lang: str) -> dict[str, Any]:
    """verdict key, short and long text, and the cell class."""
    return {"verdict": verdict,
            "verdict_text": t(f"review.verdict.{verdict}", lang=lang) if verdict else None,
            "verdict_long": t(f"review.verdict_long.{verdict}", lang=lang) if verdict else None,
            "css": okr.verdict_class(verdict)}


def _score_view(score: okr.Score, rows: list[dict], lang: str) -> dict[str, Any]:
    """A score with its verdict's words, the rows it left out and the rows over 100 %."""
    return {"score": score.score, "graded": score.graded, "total": score.total,
            "missing_rows": [r for r in rows if r["grade"] is None],
            "exceeded_rows": [r for r in rows if r["verdict"] == "exceeded"],
            **verdict_words(score.verdict, lang)}
