"""OKR grading as practised: completion per key result, a 0–100 % grade, scores, verdicts.

Per key result the completion is computed as it always was (it may pass 100 % or fall
below 0), and beside it the grade: the completion held to 0–100 %. An objective's score and
the overall score average grades, so one key result at 133 % cannot lift a campaign whose
other key results missed above 100 % (domain.md's 60–70 % sweet spot is about grades).
A key result above 100 % is named on its own; "all targets met or exceeded" is its own
verdict; a key result without an actual is missing and named, never dropped silently.
Pure functions over numbers; the view (views/review.py) supplies names and words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.planning.metrics import Number, ratio

# domain.md: a grade of 60–70 % is the sweet spot; under 60 % the objective was set too
# high; 70–100 % is a strong result; a completion over 100 % means it was set too low.
GOOD_LOW, GOOD_HIGH, DONE = 0.6, 0.7, 1.0
VERDICTS = ("too_high", "good", "strong", "met", "exceeded", "all_met")
_EPSILON = 1e-9  # (17.6 - 12) / 8 is 0.7000000000000001: compare as a report prints


def completion(actual: Number | None, target: Number | None, baseline: Number | None = None,
               lower_is_better: bool = False) -> float | None:
    """(actual − baseline) ÷ (target − baseline); without a baseline actual ÷ target, or for
    a cost (lower is better) target ÷ actual. None when it cannot be computed."""
    if actual is None or target is None:
        return None
    if baseline is not None:
        return ratio(actual - baseline, target - baseline)
    if lower_is_better:
        return ratio(target, actual)
    return ratio(actual, target)


def completion_problem(actual: Number | None, target: Number | None,
                       baseline: Number | None = None,
                       lower_is_better: bool = False) -> str | None:
    """Why `completion` is None: no_actual, no_target, zero_target, zero_actual (a cost
    of 0), target_is_baseline; else None."""
    if actual is None:
        return "no_actual"
    if target is None:
        return "no_target"
    if baseline is not None:
        return "target_is_baseline" if target == baseline else None
    if lower_is_better:
        return "zero_actual" if actual == 0 else None
    return "zero_target" if target == 0 else None


def grade(done: float | None) -> float | None:
    """The completion held to 0–100 % (the OKR grade); None stays None."""
    return None if done is None else min(max(done, 0.0), DONE)


def kr_verdict(done: float | None) -> str | None:
    """One key result: exceeded (>100 %), met (100 %), else the band of its grade."""
    if done is None:
        return None
    if done > DONE + _EPSILON:
        return "exceeded"
    if done >= DONE - _EPSILON:
        return "met"
    return band(done)


def band(score: float) -> str:
    """The seed's bands on a grade or score: too_high (<60 %), good (60–70 %), strong."""
    score = round(score, 9)
    if score < GOOD_LOW:
        return "too_high"
    if score <= GOOD_HIGH:
        return "good"
    return "strong"


def verdict_class(verdict: str | None) -> str:
    """The HTML cell class of a verdict: good / bad, or "" for neutral and unknown."""
    # NOTE: "exceeded" is not red (that would read as failure) and not green: the target
    # was probably too low, which the report names on its own line.
    return {"good": "good", "strong": "good", "met": "good", "all_met": "good",
            "too_high": "bad"}.get(verdict or "", "")


@dataclass(frozen=True)
class Graded:
    """One key result graded: completion, grade, verdict, and why it is not graded."""

    completion: float | None
    grade: float | None
    verdict: str | None
    problem: str | None


def grade_kr(actual: Number | None, target: Number | None, baseline: Number | None = None,
             lower_is_better: bool = False) -> Graded:
    """Completion, grade and verdict of one key result (see `completion`)."""
    done = completion(actual, target, baseline, lower_is_better)
    return Graded(done, grade(done), kr_verdict(done),
                  completion_problem(actual, target, baseline, lower_is_better))


@dataclass(frozen=True)
class Score:
    """The mean grade of some key results, with what was left out and what passed 100 %.

    `missing` and `exceeded` hold the indexes (in the order given) of the key results
    without a grade and of those whose completion passed 100 %.
    """

    score: float | None
    verdict: str | None
    graded: int
    total: int
    missing: list[int] = field(default_factory=list)
    exceeded: list[int] = field(default_factory=list)


def score(grades: list[Graded]) -> Score:
    """Average the grades present; "all_met" when every key result is graded and at 100 %
    or more, else the band of the mean grade."""
    present = [g.grade for g in grades if g.grade is not None]
    missing = [i for i, g in enumerate(grades) if g.grade is None]
    exceeded = [i for i, g in enumerate(grades) if g.verdict == "exceeded"]
    if not present:
        return Score(None, None, 0, len(grades), missing, exceeded)
    mean = sum(present) / len(present)
    all_met = not missing and all(g.verdict in ("met", "exceeded") for g in grades)
    verdict = "all_met" if all_met else band(mean)
    return Score(mean, verdict, len(present), len(grades), missing, exceeded)


def overall(scores: list[Score]) -> Score:
    """The campaign's score: the mean of its objectives' scores (each the mean grade of its
    key results); "all_met" when every objective has every key result met or exceeded."""
    present = [s.score for s in scores if s.score is not None]
    graded, total = sum(s.graded for s in scores), sum(s.total for s in scores)
    if not present:
        return Score(None, None, graded, total)
    mean = sum(present) / len(present)
    all_met = all(s.verdict == "all_met" for s in scores)
    return Score(mean, "all_met" if all_met else band(mean), graded, total)
