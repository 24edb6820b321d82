"""The results poster (战报) view: the review's headline figures, worded for a phone screen.

Every figure is read from the review's own view (`build_review_view`: participants, the
funnel's conversions or a brand campaign's reach, revenue, ROI, the leading channel of
`channels.conclusion`) and printed by the rounding policy the review's template uses, so
the poster never says anything the review does not. A figure the review has no value for
is left off the poster (the review prints a dash there and names it in its data gaps).
Without results there is nothing to show: `PosterNeedsResults` says to run `results` first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator import figures
from generator.errors import UsageError
from generator.locales import msg, t
from generator.views import View
from generator.views.review import build_review_view


class PosterNeedsResults(UsageError):
    """The poster of a campaign whose answers have no `results` yet."""


def refuse_without_results(answers: Any, source: str) -> None:
    """Raise `PosterNeedsResults` (one sentence: run `results` on `source` first) when
    `answers` has no results to put on a poster."""
    if answers.results is None:
        raise PosterNeedsResults(msg("errors.poster_no_results", file=source))


def build_poster_view(answers: Any, lang: str) -> View:
    """The poster's words and figures, all as printed: `title`, `theme`, `period`, `okr`
    (the overall score, or None), `tiles` (label, figure, note), `best` (the leading
    channel, or None), `source` (the footer); the branding's `accent`, `company` and
    `logo` (a picture's path) are None here."""
    refuse_without_results(answers, answers.slug)
    review = build_review_view(answers, lang).context
    campaign = answers.campaign
    days = (campaign.end - campaign.start).days + 1
    context = {
        "lang": lang,
        "title": t("poster.title", lang=lang),
        "theme": campaign.theme,
        "period": t("document.cover.period", lang=lang, start=campaign.start,
                    end=campaign.end, days=days),
        "okr": okr_line(review["okr"], lang),
        "tiles": headline_tiles(review, lang),
        "best": best_channel(review, lang),
        "source": t("poster.source", lang=lang, date=dt.date.today().isoformat()),
        # generate sets the company's branding (campaign-docs.toml), when it has one
        "accent": None, "company": None, "logo": None,
    }
    return View(context=context, images={})


def okr_line(okr: dict[str, Any], lang: str) -> str | None:
    """"OKR 综合得分 84.0%（完成良好）" as the review's 核心数据 prints it; None unscored."""
    if okr["score"] is None:
        return None
    line = t("poster.okr", lang=lang, score=figures.percent(okr["score"]))
    verdict = okr.get("verdict_text")
    return line + t("format.paren", lang=lang, text=verdict) if verdict else line


def headline_tiles(review: dict[str, Any], lang: str) -> list[dict[str, str | None]]:
    """The figures of the review's 核心数据 that have a value, as its template prints them:
    participants; conversions with the overall rate (a brand campaign: reach with the
    click rate); revenue and ROI (with the total cost), or for a brand campaign that
    recorded no revenue the total cost (with the budget used) and the CPM."""
    currency = review["currency"]
    participants, funnel, cost = review["participants"], review["funnel"], review["cost"]
    tiles = [_tile("participants", figures.whole, participants and participants["total"],
                   lang)]
    steps = funnel["steps"] if funnel else []
    if review["brand"]:
        reach = steps[0]["value"] if steps else None
        rate = steps[1]["from_top"] if len(steps) > 1 else None
        tiles.append(_tile("reach", figures.whole, reach, lang,
                           note=_note("poster.click_rate", rate, lang)))
    else:
        conversions = steps[3]["value"] if len(steps) > 3 else None
        tiles.append(_tile("conversions", figures.whole, conversions, lang,
                           note=_note("poster.conversion_rate", funnel and funnel["overall"],
                                      lang)))
    spent = cost.get("total_cost")
    if not review["brand"] or cost.get("revenue") is not None:
        tiles.append(_tile("revenue", lambda v: figures.money(v, currency), cost.get("revenue"),
                           lang))
        tiles.append(_tile("roi", figures.percent, cost.get("roi"), lang,
                           note=None if spent is None else
                           t("poster.spent", lang=lang, cost=figures.money(spent, currency))))
    else:  # NOTE: a brand campaign without revenue: what the reach cost, as its review says
        used = cost.get("budget_used")
        tiles.append(_tile("cost", lambda v: figures.money(v, currency), spent, lang,
                           note=None if used is None else
                           t("poster.budget_used", lang=lang, used=figures.percent(used))))
        tiles.append(_tile("cpm", lambda v: figures.money(v, currency, 2), cost.get("cpm"),
                           lang))
    return [tile for tile in tiles if tile is not None]


def _tile(key: str, printed, value: Any, lang: str,
          note: str | None = None) -> dict[str, str | None] | None:
    """One figure box (None when the review has no value for it)."""
    if value is None:
        return None
    return {"key": key, "label": t(f"poster.{key}", lang=lang), "figure": printed(value),
            "note": note}


def _note(key: str, rate: Any, lang: str) -> str | None:
    return None if rate is None else t(key, lang=lang, rate=figures.percent(rate))


def best_channel(review: dict[str, Any], lang: str) -> dict[str, str] | None:
    """The channel the review's channel chapter names as leading (`channels.conclusion`):
    its name and what it brought, with its share; None without channel results."""
    conclusion = review["channels"].get("conclusion")
    if not conclusion:
        return None
    lead = conclusion["lead"]
    key = "poster.best_reach" if review["brand"] else "poster.best_conversions"
    return {"label": t("poster.best_channel", lang=lang), "name": lead["name"],
            "note": t(key, lang=lang, value=figures.whole(lead["value"]),
                      share=figures.percent(lead["share"]))}
