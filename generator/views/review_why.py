"""Why, per key result (复盘: 差距原因与经验): the reason and the lesson recorded beside each
actual (`results.key_results[].reason` / `.lesson`), with the KR's completion and verdict,
so the review says why a target was missed or exceeded and what to do next time."""

from __future__ import annotations

from typing import Any


def why_rows(answers: Any, key_results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The KR rows (code, metric, completion, verdict) that have a reason or a lesson, in the
    plan's order, each with them; [] when none was recorded."""
    results = answers.results
    recorded = {kr.metric: kr for kr in (results.key_results if results else [])
                if kr.reason or kr.lesson}
    return [{**row, "reason": recorded[row["metric"]].reason,
             "lesson": recorded[row["metric"]].lesson}
            for row in key_results if row["metric"] in recorded]
