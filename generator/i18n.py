"""Display names for the answers file's enum keys, in Chinese and English (no heavy imports)."""

from __future__ import annotations

from typing import Any

_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "zh": {
        "purpose": {"acquisition": "引流获客", "activation": "活跃留存",
                    "conversion": "转化提升", "brand": "品牌"},
        "phase": {"planning": "活动策划期", "warmup": "活动预热期",
                  "launch": "活动上线期", "review": "活动复盘期"},
        "channel_kind": {"owned": "自有渠道", "paid": "付费投放", "partner": "合作渠道",
                         "kol": "KOL", "offline": "线下", "other": "其他"},
        "material_kind": {"online": "线上物料", "offline": "线下物料"},
        "development_kind": {"rules": "规则接入", "page": "活动页功能", "tracking": "数据埋点"},
        "level": {"low": "低", "medium": "中", "high": "高"},
        "lang": {"zh": "中文", "en": "英文"},
    },
    "en": {
        "purpose": {"acquisition": "Acquisition", "activation": "Activation & retention",
                    "conversion": "Conversion", "brand": "Brand"},
        "phase": {"planning": "Planning", "warmup": "Warm-up",
                  "launch": "Launch", "review": "Review"},
        "channel_kind": {"owned": "Owned", "paid": "Paid", "partner": "Partner",
                         "kol": "KOL / creators", "offline": "Offline", "other": "Other"},
        "material_kind": {"online": "Online", "offline": "Offline"},
        "development_kind": {"rules": "Rules integration", "page": "Campaign page feature",
                             "tracking": "Tracking events"},
        "level": {"low": "Low", "medium": "Medium", "high": "High"},
        "lang": {"zh": "Chinese", "en": "English"},
    },
}

# Group aliases so callers may use the model's enum class names too.
_GROUP_ALIASES = {"phasename": "phase", "channelkind": "channel_kind",
                  "materialkind": "material_kind", "developmentkind": "development_kind",
                  "likelihood": "level", "impact": "level"}

_METRICS: dict[str, dict[str, list[str]]] = {
    "zh": {
        "acquisition": ["日均新增用户数", "新增注册用户数", "新客获取成本", "留资线索数", "新增关注数"],
        "activation": ["活跃率", "次日留存率", "7 日留存率", "签到人数", "话题参与人数"],
        "conversion": ["付费用户数", "GMV", "转化率", "客单价", "复购用户数"],
        "brand": ["曝光量", "提及量", "正面评价占比", "品牌搜索量", "新增粉丝数"],
    },
    "en": {
        "acquisition": ["New users per day", "New sign-ups", "Cost per new user", "Leads",
                        "New followers"],
        "activation": ["Activation rate", "Day-1 retention", "Day-7 retention", "Check-ins",
                       "Topic participants"],
        "conversion": ["Paying users", "GMV", "Conversion rate", "Average order value",
                       "Repeat buyers"],
        "brand": ["Reach", "Mentions", "Positive sentiment share", "Brand searches",
                  "New followers"],
    },
}

_CURRENCIES = {"zh": "CNY", "en": "USD"}


def _lang(lang: Any) -> str:
    return lang if lang in _LABELS else "zh"


def label(lang: str, group: str, key: Any) -> str:
    """Display name of an enum key (`label("zh", "phase", "warmup")` -> 活动预热期).

    Unknown groups or keys come back unchanged; None becomes an empty string.
    """
    if key is None:
        return ""
    key = getattr(key, "value", key)
    group = _GROUP_ALIASES.get(str(group).lower(), group)
    return _LABELS[_lang(lang)].get(group, {}).get(key, str(key))


def labels(lang: str, group: str) -> dict[str, str]:
    """Every key of a group with its display name, in the contract's order."""
    group = _GROUP_ALIASES.get(str(group).lower(), group)
    return dict(_LABELS[_lang(lang)].get(group, {}))


def default_currency(lang: str) -> str:
    """CNY for zh, USD for en."""
    return _CURRENCIES.get(lang, "CNY")


def suggested_metrics(purpose: str, lang: str) -> list[str]:
    """Typical key-result metrics for a campaign purpose (domain.md), in the given language."""
    return list(_METRICS[_lang(lang)].get(getattr(purpose, "value", purpose), []))
