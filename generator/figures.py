"""The rounding policy: how every figure is printed, in every document, table and chart.

- People and counts are whole (`12,000`); a daily pace of people is rounded up (`1,091`).
- Percentages show one decimal everywhere (`62.5%`, tables and charts alike); a share that
  is not zero but under 0.05 % prints as `<0.1%`, never as a misleading `0.0%`.
- A rate key result holds percentage points and prints with one decimal (`17.6%`); its
  change is in percentage points (`+8.0 个百分点` / `+8.0 pts`).
- Money by currency: whole amounts without decimals (`¥200,000`), unit costs and
  fractional amounts with the currency's minor digits (`¥17.42`, `JP¥1,742`), the symbol
  printed once (`$50,000`, never `50,000 $50,000`); a currency without a symbol prints its
  code after the amount (`1,000 CHF`).
- Negative figures carry a real minus sign, U+2212 (`−¥4,900`, `−2.5%`), never a hyphen.
- Nothing recorded prints as an em dash, never as 0.

The template filters (render/templating.py: num, pct, money) and the charts
(views/charts.py) call these functions, so a figure reads the same in every format.
"""

from __future__ import annotations

import math
from typing import Any

from generator.answers import currency as currencies
from generator.planning import kinds

MINUS = "\u2212"
DASH = "—"


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def number(value: Any, digits: int | None = None) -> str:
    """12000 -> 12,000; digits=None: whole numbers bare, fractions with one decimal."""
    if value is None:
        return DASH
    value = float(value)
    if digits is None:
        digits = 0 if value == round(value) else 1
    text = f"{abs(value):,.{digits}f}"
    return _signed(text, value < 0 and text.strip("0.,") != "")


def signed(value: Any, digits: int | None = None) -> str:
    """A change with its sign: +1,400, −5, +8.0; zero has none."""
    if value is None:
        return DASH
    text = number(value, digits)
    return text if text.startswith(MINUS) or float(value) == 0 else f"+{text}"


def whole(value: Any, up: bool = False) -> str:
    """A count of people or things: whole; `up` rounds a needed pace up (1,090.9 -> 1,091)."""
    if value is None:
        return DASH
    return number(math.ceil(float(value) - 1e-9) if up else round(float(value)), 0)


def percent(ratio: Any, digits: int = 1) -> str:
    """A ratio as a percentage: 0.625 -> 62.5%; 0.0004 -> <0.1%; None -> an em dash."""
    if ratio is None:
        return DASH
    value = float(ratio) * 100
    smallest = 10 ** -digits
    if value != 0 and abs(value) < smallest / 2:
        return _signed(f"<{smallest:.{digits}f}%", value < 0)
    return number(value, digits) + "%"


def points(value: Any, digits: int = 1) -> str:
    """A rate held in percentage points: 17.6 -> 17.6%."""
    return DASH if value is None else number(value, digits) + "%"


def money(value: Any, currency: str, digits: int | None = None) -> str:
    """Money in `currency`: ¥200,000, −¥4,900, $50,000.50, 1,000 CHF; None -> an em dash.

    Whole amounts show no decimals unless `digits` asks for them (unit costs ask for 2);
    decimals never exceed the currency's minor unit (JPY has none).
    """
    if value is None:
        return DASH
    amount = float(value)
    minor = currencies.digits(currency)
    if digits is None:
        digits = 0 if amount == round(amount) else minor
    digits = min(digits, minor)
    text = f"{abs(amount):,.{digits}f}"
    symbol = currencies.symbol(currency)
    shown = f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"
    return _signed(shown, amount < 0 and text.strip("0.,") != "")


def kr_digits(kind: str, values: tuple, currency: str) -> int:
    """Decimals a key result's values print with: a rate one (points); a count or level
    none unless a value has a fraction (then one); an amount or cost none unless a value
    has a fraction (then the currency's minor digits)."""
    if kind == "rate":
        return 1
    if not any(v is not None and float(v) != int(v) for v in values):
        return 0
    return currencies.digits(currency) if kinds.is_money(kind) else 1


def kr_value(value: Any, kind: str, digits: int, up: bool = False) -> str:
    """A key result's figure with its kind's rounding: counts whole (`up`: a pace rounded
    up), amounts whole, rates in points with one decimal, the rest with `digits`."""
    if value is None:
        return DASH
    if kind in ("count", "amount") and (up or digits == 0):
        return whole(value, up)
    return number(value, digits)
