"""Typed entries (dates, money, numbers, lists), one reason each; the types table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.answers.numbers import Reading
from generator.locales import available, lookup
from generator.questionnaire import parse, types
from generator.questionnaire.definition import Question
from generator.questionnaire.types import TYPES

TODAY = dt.date(2026, 3, 5)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-01", dt.date(2026, 11, 1)),
    ("2026/11/1", dt.date(2026, 11, 1)),
    ("2026.11.01", dt.date(2026, 11, 1)),
    ("2026年11月1日", dt.date(2026, 11, 1)),
    ("11月1日", dt.date(2026, 11, 1)),
    ("11月1号", dt.date(2026, 11, 1)),
    ("１１月１日", dt.date(2026, 11, 1)),  # full-width digits from a Chinese IME
    (" 2026/1/9 ", dt.date(2026, 1, 9)),
])
def test_dates_typed_every_way(text, expected):
    assert parse.parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text, today, expected", [
    ("6月15日", dt.date(2026, 11, 30), dt.date(2027, 6, 15)),  # the case: next June
    ("11月30日", dt.date(2026, 11, 30), dt.date(2026, 11, 30)),  # today itself is not past
    ("11/29", dt.date(2026, 11, 30), dt.date(2027, 11, 29)),
    ("12月1日", dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
    ("2月29日", dt.date(2026, 11, 30), dt.date(2028, 2, 29)),  # the next leap year's
    ("2026年6月15日", dt.date(2026, 11, 30), dt.date(2026, 6, 15)),  # a year typed is kept
])
def test_a_date_without_a_year_is_the_next_such_day(text, today, expected):
    assert parse.parse_date(text, today=today) == expected


def test_years_from_moves_a_date_without_a_year_after_an_earlier_answer(monkeypatch):
    monkeypatch.setattr(parse, "local_today", lambda: dt.date(2026, 11, 30))
    assert parse.parse_date("1月5日") == dt.date(2027, 1, 5)
    with parse.years_from(dt.date(2027, 12, 20)):  # e.g. the end after a December start
        assert parse.parse_date("1月5日") == dt.date(2028, 1, 5)
        assert parse.parse_date("2027-01-05") == dt.date(2027, 1, 5)
    with parse.years_from(dt.date(2026, 1, 1)):  # an earlier day never goes before today
        assert parse.parse_date("1月5日") == dt.date(2027, 1, 5)
    assert parse.parse_date("1月5日") == dt.date(2027, 1, 5)


@pytest.mark.parametrize("text, code", [
    ("tomorrow", "bad_date"), ("2026-02-30", "no_such_date"), ("13月1日", "no_such_date"),
    ("", "bad_date"), ("2026-11", "bad_date"),
])
def test_bad_dates_say_why(text, code):
    with pytest.raises(parse.Invalid) as exc:
        parse.parse_date(text, today=TODAY)
    assert exc.value.code == code


@pytest.mark.parametrize("text, expected", [
    ("20000", 20000), ("2万", 20000), ("20,000", 20000), ("¥20,000", 20000),
    ("￥20,000", 20000), ("$50k", 50000), ("3.5万元", 35000), ("1,234.5", 1234.5),
    ("２万", 20000), ("RMB 8000", 8000), ("8万元", 80000), ("20000 dollars", 20000),
])
def test_money_typed_every_way(text, expected):
    value = parse.parse_money(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text, code", [
    ("-5000", "negative"), ("lots", "not_number"), ("2,00", "commas"), ("", "not_number"),
    ("20000 people", "unit_here"), ("15%", "no_percent"),
])
def test_bad_money_says_why(text, code):
    with pytest.raises(parse.Invalid) as exc:
        parse.parse_money(text)
    assert exc.value.code == code


@pytest.mark.parametrize("kind, text", [("number", "1,2,3"), ("money", "1,2,3"),
                                        ("whole", "1,2,3"), ("count", "1,2,3")])
def test_every_number_question_gives_the_number_models_sentence(kind, text):
    with pytest.raises(parse.Invalid) as exc:
        parse.read_typed(text, kind)
    assert exc.value.reason("en").startswith('"1,2,3" is ambiguous: a comma only groups')
    assert exc.value.reason("zh").startswith('"1,2,3" 有歧义')


def test_a_date_past_the_range_is_refused_with_the_bound():
    with pytest.raises(parse.Invalid) as exc:
        parse.parse_date("9999-01-01", today=TODAY)
    assert "1900-01-01" in exc.value.reason("zh") and "2200-12-31" in exc.value.reason("zh")


def test_numbers_integers_bools_lists_counts():
    assert parse.parse_number("-3.5") == -3.5
    assert parse.parse_number("12.5%") == 12.5
    assert parse.parse_integer("1.2万") == 12000
    with pytest.raises(parse.Invalid):
        parse.parse_integer("2.5")
    assert [parse.parse_bool(w) for w in ("y", "是", "NO", "否")] == [True, True, False, False]
    assert parse.parse_list("用户运营部、市场部，产品部") == ["用户运营部", "市场部", "产品部"]
    assert parse.parse_counts("公众号 9,800, 短信: 5200；社群=1.2万") == \
        {"公众号": 9800, "短信": 5200, "社群": 12000}
    with pytest.raises(parse.Invalid) as exc:
        parse.parse_counts("公众号 很多")
    assert exc.value.params == {"part": "公众号 很多"}


def test_every_reason_has_a_sentence_in_every_language():
    package = Path(parse.__file__).parent
    codes = {code for path in package.glob("*.py")
             for code in re.findall(r'Invalid\("(\w+)"', path.read_text(encoding="utf-8"))}
    assert {"bad_date", "negative", "required", "before", "bad_choice"} <= codes
    for lang in available():
        for code in codes:
            assert isinstance(lookup(f"questionnaire.invalid.{code}", lang), str), (lang, code)


# One typed sample per answer type: what it parses to. Shown again and re-typed, the
# displayed text must give the same value (the edit session's "Enter keeps" relies on it).
SAMPLES = {
    "text": ("双十一老客回馈季", "双十一老客回馈季"),
    "multiline": ("第一段\n第二段", "第一段\n第二段\n"),
    "choice": ("2", "activation"),
    "multichoice": ("1，3", ["acquisition", "conversion"]),
    "list": ("市场部、用户运营部", ["市场部", "用户运营部"]),
    "lines": ("满 199 减 30\n  每人限一次 ", ["满 199 减 30", "每人限一次"]),
    "counts": ("公众号 9800, 短信 5200", {"公众号": 9800, "短信": 5200}),
    "date": ("2026年11月1日", dt.date(2026, 11, 1)),
    "integer": ("1.2万", Reading(12000)),
    "number": ("12.5%", Reading(12.5, "%")),
    "money": ("¥20,000", Reading(20000, None, ("CNY", "JPY"))),
    "currency": ("RMB", "CNY"),
    "bool": ("是", True),
}


def _question(type_name: str) -> Question:
    choices = {"choices": ["acquisition", "activation", "conversion", "brand"],
               "choice_names": "labels.purpose"} if TYPES[type_name].has_choices else {}
    return Question.model_validate({"key": "campaign.purpose", "type": type_name, **choices})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_answer_type_parses_and_shows_back_what_was_typed(lang):
    assert set(SAMPLES) == {name for name, kind in TYPES.items() if not kind.is_group}
    for name, (typed, value) in SAMPLES.items():
        q = _question(name)
        assert types.parse_entry(q, typed, lang) == value, name
        stored = types.plain(value)
        shown = types.display(q, stored, lang)
        assert types.plain(types.parse_entry(q, shown, lang)) == stored, (name, shown)


def test_display_in_the_session_language():
    assert types.display(_question("list"), ["市场部", "产品部"], "zh") == "市场部、产品部"
    assert types.display(_question("list"), ["Sales", "Product"], "en") == "Sales, Product"
    assert types.display(_question("choice"), "brand", "zh") == "品牌"
    assert types.display(_question("multichoice"), ["brand", "acquisition"], "en") == \
        "Brand, Acquisition"
    assert types.display(_question("money"), 20000.0, "zh") == "20000"
    assert types.display(_question("bool"), False, "zh") == "n"
    assert types.display(_question("counts"), {}, "zh") == ""


def test_a_choice_is_found_by_number_value_or_name_in_any_language():
    q = _question("choice")
    assert [types.parse_entry(q, text, "zh") for text in ("４", "Brand", "品牌", "brand")] == \
        ["brand"] * 4
    with pytest.raises(parse.Invalid) as exc:
        types.parse_entry(q, "5", "zh")
    assert exc.value.reason("zh") == \
        "请输入编号或选项名：1) 引流获客, 2) 活跃留存, 3) 转化提升, 4) 品牌"


def test_an_answered_blank_is_the_types_empty_value():
    assert [TYPES[name].empty() for name in ("text", "list", "lines", "multichoice", "counts")] \
        == [None, [], [], [], {}]
    assert TYPES["list"].empty() is not TYPES["list"].empty()  # never one shared list


def test_every_typing_hint_is_in_every_catalogue():
    hints = {kind.hint for kind in TYPES.values() if kind.hint}
    assert hints >= {"questionnaire.hint.lines", "questionnaire.hint.counts"}
    for lang in available():
        for key in hints:
            assert isinstance(lookup(key, lang), str), (lang, key)
