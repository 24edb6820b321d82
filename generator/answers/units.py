"""Where a number's unit lives in the answers tree, and what a unit typed with it does there.

A key result's baseline and target share its `unit`; an actual shares the unit of the key
result it measures (matched by metric); every amount shares `campaign.currency`. A unit
typed with the number (`18%`, `27.5元`, `$20,000`) fills that home when it is empty and
must agree with it when it is not: the same rule in the questionnaire, `--set`, the
answers file (answers/model.py, answers/checks.py) and the fill-in workbook.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from generator.answers import currency, paths
from generator.answers.numbers import NumberProblem, Reading, fit_unit

# The amounts of the answers format (every `Money` field; tests/test_numbers.py checks it).
MONEY_FIELDS = ("campaign.budget", "channels.*.budget", "budget.lines.*.amount",
                "budget.lines.*.face_value", "results.revenue",
                "results.costs.*.amount", "results.channels.*.cost",
                "results.resources.*.amount")
KR_NUMBERS = ("objectives.*.key_results.*.baseline", "objectives.*.key_results.*.target")
ACTUALS = ("results.key_results.*.actual",)
CURRENCY = ("campaign", "currency")


def typed_numbers(tree: Any, patterns: tuple[str, ...]) -> Iterator[tuple[paths.Path, str]]:
    """(path, text) of every number written as text (`"¥25"`, `"18%"`) at `patterns`."""
    for pattern in patterns:
        yield from _walk(tree, pattern.split("."), ())


def _walk(node: Any, parts: list[str], path: paths.Path) -> Iterator[tuple[paths.Path, str]]:
    if not parts:
        if isinstance(node, str):
            yield path, node
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        for i, item in enumerate(node if isinstance(node, list) else []):
            yield from _walk(item, rest, path + (i,))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, path + (head,))


def _matches(path: paths.Path, patterns: tuple[str, ...]) -> bool:
    dotted = paths.dotted(path)
    return any(fnmatch.fnmatchcase(dotted, p) and dotted.count(".") == p.count(".")
               for p in patterns)


def is_money(path: paths.Path) -> bool:
    """Whether the number at `path` is an amount in the campaign's currency."""
    return _matches(paths.parse(path), MONEY_FIELDS)


def unit_home(tree: Any, path: paths.Path) -> paths.Path | None:
    """The path of the unit a key-result number at `path` shares, or None."""
    path = paths.parse(path)
    if _matches(path, KR_NUMBERS):
        return path[:-1] + ("unit",)
    if _matches(path, ACTUALS):
        metric = paths.get(tree, path[:-1] + ("metric",), None)
        for o, objective in enumerate(paths.get(tree, ("objectives",), None) or []):
            for k, kr in enumerate((objective or {}).get("key_results") or []):
                if isinstance(kr, dict) and metric is not None and kr.get("metric") == metric:
                    return ("objectives", o, "key_results", k, "unit")
    return None


def check(tree: Any, path: paths.Path, reading: Reading, got: Any = None) -> None:
    """NumberProblem when the unit or currency typed with a number contradicts its home."""
    _settle(tree, path, reading, got, store=False)


def fill(tree: Any, path: paths.Path, reading: Reading, got: Any = None) -> bool:
    """Check `reading` against its home and fill an empty home with the unit typed;
    True when the tree changed. Call it after the number itself is stored at `path`."""
    return _settle(tree, path, reading, got, store=True)


def _as_typed(reading: Reading) -> str:
    """A reading as it was probably typed (`30人`, `18%`, `25 CNY`), for a sentence."""
    number = f"{reading.value:g}" if isinstance(reading.value, float) else str(reading.value)
    if reading.unit:
        return number + reading.unit
    return f"{number} {reading.currencies[0]}" if reading.currencies else number


def _settle(tree: Any, path: paths.Path, reading: Reading, got: Any, store: bool) -> bool:
    got = _as_typed(reading) if got is None else got
    path = paths.parse(path)
    if is_money(path):
        return _settle_currency(tree, reading, got, store)
    home = unit_home(tree, path)
    if home is None:
        return False
    unit = paths.get(tree, home, None)
    kept = fit_unit(reading, unit, got)
    if store and kept != unit and paths.has(tree, home[:-1]):
        paths.put(tree, home, kept)
        return True
    return False


def _settle_currency(tree: Any, reading: Reading, got: Any, store: bool) -> bool:
    if not reading.currencies:
        return False
    code = _code(paths.get(tree, CURRENCY, None))
    if code is not None and not currency.compatible(reading.currencies, code):
        raise NumberProblem("currency_conflict", got, typed=reading.currencies[0], currency=code)
    if code is None and store and paths.has(tree, CURRENCY[:1]):
        paths.put(tree, CURRENCY, reading.currencies[0])
        return True
    return False


def _code(value: Any) -> str | None:
    """The campaign's currency code as stored (None when empty or not a currency yet)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return currency.normalise(value)
    except currency.CurrencyProblem:
        return None
