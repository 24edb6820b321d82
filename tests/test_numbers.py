"""The one number model (generator/answers/numbers.py): its table of inputs, its sentences, its bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.answers import currency
from generator.answers.numbers import (
    NumberProblem,
    Reading,
    check_date,
    read_cell,
    read_number,
)
from generator.locales import t

CNY_OR_JPY = ("CNY", "JPY")
DOLLAR = currency.SHARED["$"]

# What people type -> (value, unit, currencies). Each value keeps its type: 12000 is an int.
VALID = [
    ("12000", 12000, None, ()),
    ("1.2万", 12000, None, ()),
    ("1万5", 15000, None, ()),            # 一万五: the digit after 万 counts thousands
    ("1万5千", 15000, None, ()),
    ("1万2000", 12000, None, ()),
    ("2千", 2000, None, ()),
    ("3千5", 3500, None, ()),
    ("3亿5000万", 350_000_000, None, ()),
    ("20,000", 20000, None, ()),
    ("1,234.5", 1234.5, None, ()),
    (".5", 0.5, None, ()),
    ("¥25", 25, None, CNY_OR_JPY),
    ("￥25", 25, None, ("CNY",)),         # the full-width yen of Chinese input methods is 元
    ("27.5元", 27.5, "元", ("CNY",)),
    ("3.5万元", 35000, "元", ("CNY",)),
    ("RMB 8000", 8000, None, ("CNY",)),
    ("$50k", 50000, None, DOLLAR),
    ("USD 50k", 50000, None, ("USD",)),
    ("20000 USD", 20000, "USD", ("USD",)),
    ("18%", 18, "%", ()),                 # percentage points, never 0.18
    ("12.5 ％", 12.5, "%", ()),
    ("１２，０００", 12000, None, ()),      # full-width digits and comma from an IME
    ("1.5k", 1500, None, ()),
    ("2m", 2_000_000, None, ()),
    ("50w", 500_000, None, ()),
    ("-¥4,900", -4900, None, CNY_OR_JPY),
    ("−3.5", -3.5, None, ()),              # a real minus sign, as documents print it
    ("12000人", 12000, "人", ()),
    ("6000 users", 6000, "users", ()),
    ("25元/人", 25, "元/人", ()),
]


@pytest.mark.parametrize("typed, value, unit, marks", VALID)
def test_every_way_people_type_a_number(typed, value, unit, marks):
    reading = read_number(typed)
    assert reading == Reading(value, unit, marks)
    assert type(reading.value) is type(value)


# What is refused, the code, and the start of its sentence in both languages.
INVALID = [
    ("1,2,3", "commas", "有歧义", "is ambiguous"),
    ("1,5", "commas", "有歧义", "is ambiguous"),
    ("2,00", "commas", "有歧义", "is ambiguous"),
    ("lots", "not_number", "不是一个数", "is not a number"),
    ("", "not_number", "不是一个数", "is not a number"),
    ("12OO", "not_number", "不是一个数", "is not a number"),   # letter O for zero
    ("1.2.3", "not_number", "不是一个数", "is not a number"),
    ("万5", "not_number", "不是一个数", "is not a number"),
    ("1千2万", "not_number", "不是一个数", "is not a number"),
    ("$5%", "not_number", "不是一个数", "is not a number"),
    ("¥25美元", "not_number", "不是一个数", "is not a number"),
    ("¥", "not_number", "不是一个数", "is not a number"),   # a mark alone (fuzzing: IndexError)
    ("$", "not_number", "不是一个数", "is not a number"),
    ("1" + "0" * 16, "too_large", "超出可用范围", "is out of range"),
]


@pytest.mark.parametrize("typed, code, zh, en", INVALID)
def test_what_is_refused_and_the_sentence_that_says_why(typed, code, zh, en):
    with pytest.raises(NumberProblem) as exc:
        read_number(typed)
    assert exc.value.code == code
    assert exc.value.message.render("zh").startswith(f'"{typed}" {zh}')
    assert exc.value.message.render("en").startswith(f'"{typed}" {en}')


def test_the_ambiguous_list_gets_the_whole_sentence():
    with pytest.raises(NumberProblem) as exc:
        read_number("1,2,3")
    assert exc.value.message.render("en") == (
        '"1,2,3" is ambiguous: a comma only groups thousands (20,000); write a decimal with '
        "a point (1.5) and one number per field")
    assert exc.value.message.render("zh") == (
        '"1,2,3" 有歧义：逗号只用来分隔千位（如 20,000）；小数请用小数点（1.5），几个数请分开填写')


@pytest.mark.parametrize("typed, kind, expected", [
    ("¥200,000", "money", 200000), ("8万元", "money", 80000), ("27.5元", "money", 27.5),
    ("1.5k", "count", 1500), ("26,400人", "count", 26400), ("-3", "whole", -3),
    ("2.0", "count", 2),
])
def test_kinds_take_what_fits_them(typed, kind, expected):
    value = read_number(typed, kind).value
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("typed, kind, code", [
    ("-5000", "money", "negative"), ("-1", "count", "negative"),
    ("2.5", "count", "not_whole"), ("2.5", "whole", "not_whole"),
    ("18%", "money", "no_percent"), ("18%", "count", "no_percent"),
    ("¥5", "count", "no_currency"), ("200人", "money", "unit_here"),
])
def test_kinds_refuse_what_does_not_fit(typed, kind, code):
    with pytest.raises(NumberProblem) as exc:
        read_number(typed, kind)
    assert exc.value.code == code


@pytest.mark.parametrize("value, code", [
    (float("inf"), "not_finite"), (float("nan"), "not_finite"), (-float("inf"), "not_finite"),
    (10**15 + 1, "too_large"), (-1e16, "too_large"), (1e300, "too_large"),
    (True, "not_number"), (None, "not_number"), ([1], "not_number"),
])
def test_numbers_from_yaml_or_cells_are_bounded(value, code):
    with pytest.raises(NumberProblem) as exc:
        read_number(value)
    assert exc.value.code == code


def test_the_bound_is_named_in_the_sentence():
    with pytest.raises(NumberProblem) as exc:
        read_number(1e20)
    assert exc.value.message.render("en") == (
        "1e+20 is out of range: a number must lie between −1,000,000,000,000,000 and "
        "1,000,000,000,000,000")
    assert read_number(10**15).value == 10**15
    assert read_number(-(10**15)).value == -(10**15)


@pytest.mark.parametrize("value, fmt, expected", [
    (0.265, "0.0%", Reading(26.5, "%")),       # Excel's 26.5%
    (0.265, "0%", Reading(26.5, "%")),
    (0.18, "0.00%", Reading(18, "%")),
    (26.5, "General", Reading(26.5)),
    (0.265, "General", Reading(0.265)),
    (0.265, '0.0"%"', Reading(0.265)),         # a literal % in quotes is decoration
    ("26.5%", "General", Reading(26.5, "%")),  # typed as text in WPS or LibreOffice
    (12000, "#,##0", Reading(12000)),
])
def test_workbook_cells_read_as_typed(value, fmt, expected):
    assert read_cell(value, fmt) == expected


def test_a_percent_cell_is_not_a_count():
    with pytest.raises(NumberProblem) as exc:
        read_cell(0.5, "0%", "count")
    assert exc.value.code == "no_percent"


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31),
                                 dt.date(2201, 1, 1)])
def test_dates_outside_the_range_users_have_are_refused(day):
    with pytest.raises(NumberProblem) as exc:
        check_date(day)
    assert exc.value.code == "date_range"
    assert "1900-01-01" in exc.value.message.render("zh")
    assert "2200-12-31" in exc.value.message.render("en")


def test_dates_inside_the_range_pass():
    for day in (dt.date(1900, 1, 1), dt.date(2026, 11, 1), dt.date(2200, 12, 31)):
        assert check_date(day) == day


def test_every_sentence_exists_in_every_language():
    for lang in ("zh", "en"):
        for code in ("not_number", "commas", "not_finite", "too_large", "negative", "not_whole",
                     "no_percent", "no_currency", "unit_here", "unit_conflict",
                     "currency_conflict", "date_range"):
            assert t(f"numbers.{code}", lang=lang, got="x", limit="1", unit="%", typed="$",
                     currency="CNY", first="a", last="b")


@pytest.mark.parametrize("typed, code", [
    ("CNY", "CNY"), ("cny", "CNY"), (" usd ", "USD"), ("RMB", "CNY"), ("元", "CNY"),
    ("人民币", "CNY"), ("￥", "CNY"), ("美元", "USD"), ("€", "EUR"), ("JPY", "JPY"),
])
def test_currency_marks_that_name_one_currency(typed, code):
    assert currency.normalise(typed) == code


@pytest.mark.parametrize("typed, key, suggestion", [
    ("$", "currency.shared", "USD"), ("¥", "currency.shared", "CNY"),
    ("UDS", "currency.did_you_mean", "USD"), ("CNH", "currency.did_you_mean", "CNY"),
    ("dollars", "currency.shared", "USD"), ("banana", "currency.unknown", None),
])
def test_currency_marks_that_need_a_choice_say_did_you_mean(typed, key, suggestion):
    with pytest.raises(currency.CurrencyProblem) as exc:
        currency.normalise(typed)
    assert exc.value.message.key == key
    if suggestion:
        assert suggestion in exc.value.message.render("en")


def test_currency_symbols_and_digits():
    assert (currency.symbol("CNY"), currency.symbol("usd"), currency.symbol("CHF")) == \
        ("¥", "$", None)
    assert (currency.digits("CNY"), currency.digits("JPY"), currency.digits("KWD")) == (2, 0, 3)
    assert currency.compatible(CNY_OR_JPY, "CNY") and not currency.compatible(DOLLAR, "CNY")


def _money_paths(model, prefix=""):
    """Dotted paths (`*` for list items) of every `Money` field of the answers model."""
    import typing

    from pydantic import BaseModel

    from generator.answers import types

    found = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{field.alias or name}"
        if any(getattr(m, "func", None) is types._non_negative for m in field.metadata) or \
                any(getattr(m, "func", None) is types._non_negative
                    for arg in typing.get_args(field.annotation)
                    for m in getattr(arg, "__metadata__", ())):
            found.append(path)
        for arg in (field.annotation, *typing.get_args(field.annotation)):
            inner = [a for a in (arg, *typing.get_args(arg)) if isinstance(a, type)
                     and issubclass(a, BaseModel)]
            for sub in inner:
                many = "list" in str(field.annotation)
                found += _money_paths(sub, f"{path}.*." if many else f"{path}.")
    return sorted(set(found))


def test_the_money_fields_of_units_are_every_money_field_of_the_model():
    from generator.answers import units
    from generator.answers.model import Answers

    assert _money_paths(Answers) == sorted(units.MONEY_FIELDS)
