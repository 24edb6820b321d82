"""Proposed values for single answers: a unit from the metric, a kind from a name, due dates.

Pure functions (plain values in, a proposal or None out) that the questionnaire offers as
defaults and that anything re-deriving proposed values may call. The words they match and
propose are in the catalogue, section `proposals` (per language): unit rules, kind words,
common channels per purpose, common risks; cost kinds are the review's `review.cost.kinds`.
Matching is forgiving: a Latin word matches as a whole word in any case ("App", "ads"),
Chinese words match anywhere in the text; the first rule that matches wins, so the
catalogue lists the specific rules (率 → %) before the general ones (用户 → 人). Every
catalogue entry is text (a unit rule is named by its key: `money` takes the currency's
unit), so the pseudo-language checks can wrap each one.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from generator.locales import lookup

DAY = dt.timedelta(days=1)
GROUPS_WITH_KINDS = ("channels", "materials", "development")


@cache
def _pattern(word: str) -> re.Pattern:
    if word.isascii() and re.search(r"\w", word):
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(word), re.IGNORECASE)


def mentions(text: str, words: list[str]) -> bool:
    """True when `text` holds one of `words` (Latin ones as whole words, any case)."""
    return any(_pattern(word).search(text) for word in words)


def unit_for(metric: Any, lang: str, currency: str | None = None) -> str | None:
    """The unit a key result's metric is usually counted in (新增注册用户数 → 人, GMV → 元)."""
    text = str(metric or "").strip()
    if not text:
        return None
    for name, rule in lookup("proposals.units", lang).items():
        if mentions(text, rule["words"]):
            return money_unit(currency, lang) if name == "money" else rule["unit"]
    return None


def money_unit(currency: str | None, lang: str) -> str:
    """How an amount's unit is written: 元 for CNY in Chinese, else the currency code."""
    code = str(currency or lookup("meta.currency", lang)).upper()
    return lookup("proposals.money_units", lang).get(code, code)


def kind_for(group: str, name: Any, lang: str) -> str | None:
    """The kind of a channel, material or development item from its name (门店 → offline)."""
    text = str(name or "").strip()
    if not text or group not in GROUPS_WITH_KINDS:
        return None
    for kind, words in lookup(f"proposals.kinds.{group}", lang).items():
        if mentions(text, words):
            return kind
    return None


def common_channels(purpose: Any, lang: str) -> list[str]:
    """Channels campaigns of this purpose usually use (a pick list); all purposes' if none."""
    table = lookup("proposals.channels", lang)
    key = str(getattr(purpose, "value", purpose) or "")
    if key in table:
        return list(table[key])
    return list(dict.fromkeys(name for names in table.values() for name in names))


def common_risks(lang: str) -> list[dict]:
    """Risks most campaigns share, each with a likelihood, an impact and a mitigation."""
    return [dict(risk) for risk in lookup("proposals.risks", lang)]


def risk_named(name: Any, lang: str) -> dict | None:
    """The common risk called `name` (as the pick list offers it), if it is one."""
    text = str(name or "").strip()
    return next((risk for risk in common_risks(lang) if risk["risk"] == text), None)


def cost_kinds(lang: str) -> list[str]:
    """The cost kinds the review offers (the same list as the review workbook's rows)."""
    return list(lookup("review.cost.kinds", lang))


def material_due(windows: dict[str, tuple[dt.date, dt.date]], kind: Any = None) -> dt.date | None:
    """When a material is due unless the answers say: ready before warm-up starts."""
    planning = windows.get("planning")
    return planning[1] if planning else None


def development_due(windows: dict[str, tuple[dt.date, dt.date]],
                    kind: Any = None) -> dt.date | None:
    """When a development item is due unless the answers say: the day before testing starts."""
    start = test_start(windows)
    return start - DAY if start else None


def test_start(windows: dict[str, tuple[dt.date, dt.date]]) -> dt.date | None:
    """The integration test's first day: the last two days of warm-up (one if it is short)."""
    warmup = windows.get("warmup")
    if not warmup:
        return None
    return max(warmup[1] - DAY, warmup[0])
