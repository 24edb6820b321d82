"""Typed entries (dates, money, numbers, lists) and the questionnaire definition checker."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.errors import QuestionnaireError
from generator.locales import available, lookup
from generator.questionnaire import parse
from generator.questionnaire.definition import TYPES, load_questionnaire

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
    ("２万", 20000), ("RMB 8000", 8000),
])
def test_money_typed_every_way(text, expected):
    value = parse.parse_money(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text, code", [
    ("-5000", "negative"), ("lots", "bad_money"), ("2,00", "bad_money"), ("", "bad_money"),
    ("20000 dollars", "bad_money"),
])
def test_bad_money_says_why(text, code):
    with pytest.raises(parse.Invalid) as exc:
        parse.parse_money(text)
    assert exc.value.code == code


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


@pytest.mark.parametrize("name", ["plan", "results"])
def test_bundled_questionnaires_load(name):
    qn = load_questionnaire(name)
    assert qn.sections and all(s.questions for s in qn.sections)


def test_plan_sections_follow_the_issue_order():
    qn = load_questionnaire("plan")
    assert [s.id for s in qn.sections] == [
        "basics", "goals", "audience", "rules", "flow", "phases", "channels", "materials",
        "development", "schedule", "risks"]
    used = set()

    def walk(questions):
        for q in questions:
            used.add(q.type)
            walk(q.questions)

    for section in qn.sections:
        walk(section.questions)
    assert used >= {"text", "multiline", "choice", "list", "lines", "date", "integer",
                    "number", "money", "bool", "group"}


def test_bad_questionnaire_names_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sections:\n"
        "  - id: basics\n"
        "    title: {zh: 基本信息, en: Basics}\n"
        "    questions:\n"
        "      - key: campaign.theme\n"
        "        type: txt\n"
        "        label: {zh: 主题, en: Theme}\n"
        "      - key: campaign.purpose\n"
        "        type: choice\n"
        "        label: {zh: 目的}\n"
        "        choices: [conversion]\n"
        "        colour: red\n",
        encoding="utf-8")
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(bad)
    lines = str(exc.value.message).splitlines()
    assert f"{bad}:6: sections[0](basics).questions[0](campaign.theme).type: unknown type " \
        f"'txt'; use one of {', '.join(sorted(TYPES))}" in lines
    assert any(line.startswith(f"{bad}:10: ") and ".label: needs a text for each language"
               in line for line in lines)
    assert any(line.startswith(f"{bad}:11: ") and "each choice needs `value:`" in line
               for line in lines)
    assert any(line.startswith(f"{bad}:12: ") and ".colour: unknown setting" in line
               for line in lines)


def test_questionnaire_yaml_syntax_error_has_a_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("sections:\n  - id: a\n    title: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(bad)
    assert str(exc.value.message).startswith(f"{bad}:")
    assert "not valid YAML" in str(exc.value.message)


def test_a_new_question_needs_no_python(tmp_path, monkeypatch):
    """Adding a question to the YAML is enough: the engine asks it and saves the answer."""
    from click.testing import CliRunner

    from generator import resources
    from generator.__main__ import cli

    folder = tmp_path / "q"
    folder.mkdir()
    text = (resources.questionnaires_dir() / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("      - key: campaign.owner\n", (
        "      - key: campaign.slug\n"
        "        type: text\n"
        "        label: {zh: 文件名, en: File name}\n"
        "      - key: campaign.owner\n"), 1)
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(resources, "questionnaires_dir", lambda: folder)
    script = "Theme\n\n1\n\n2026-05-01\n2026-05-03\nmy-file\n"
    result = CliRunner().invoke(cli, ["new", "-o", "n.yaml", "--lang", "en"], input=script)
    assert "File name: " in result.output
    assert "  end: 2026-05-03\n  slug: my-file\n" in Path("n.yaml").read_text(encoding="utf-8")
