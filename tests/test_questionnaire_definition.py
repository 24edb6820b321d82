"""Questionnaire definition files: the model, the whole-file checks, the texts in the catalogues."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import locales, resources
from generator.__main__ import cli
from generator.errors import QuestionnaireError
from generator.questionnaire.definition import Question
from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.types import TYPES


@pytest.fixture
def english():
    """Definition problems in English (they follow the session language)."""
    locales.use("en")
    yield
    locales.use(None)


def problems(tmp_path: Path, text: str, name: str = "plan") -> list[str]:
    """The problem lines of a definition file named `name`.yaml (its texts: questionnaire.<name>)."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(path)
    prefix = f"{path}:"
    lines = str(exc.value.message).splitlines()
    assert all(line.startswith(prefix) for line in lines), lines
    return [line[len(prefix):] for line in lines]


@pytest.mark.parametrize("name", ["plan", "results"])
def test_bundled_questionnaires_load(name):
    qn = load_questionnaire(name)
    assert qn.sections and all(s.questions for s in qn.sections)


def test_plan_sections_follow_the_issue_order():
    qn = load_questionnaire("plan")
    assert [s.id for s in qn.sections] == [
        "basics", "goals", "audience", "rules", "flow", "phases", "channels", "budget", "materials",
        "development", "schedule", "risks", "team", "rhythm", "checklist",
        "signoff"]
    used = set()

    def walk(questions):
        for q in questions:
            used.add(q.type)
            walk(q.questions)

    for section in qn.sections:
        walk(section.questions)
    assert used >= {"text", "multiline", "choice", "list", "lines", "date", "integer",
                    "number", "money", "bool", "group"}


def _all_questions(questions):
    for q in questions:
        yield q
        yield from _all_questions(q.questions)


@pytest.mark.parametrize("name", ["plan", "results"])
@pytest.mark.parametrize("lang", locales.available())
def test_every_word_of_the_questionnaires_is_in_every_catalogue(name, lang):
    qn = load_questionnaire(name)
    for section in qn.sections:
        assert section.title(lang).strip(), section.id
        for q in _all_questions(section.questions):
            assert q.text(lang).strip(), q.texts
            if q.is_group:
                assert q.item_name(lang).strip(), q.texts
            if q.soft_max:
                assert q.soft_max_warning(lang).strip(), q.texts
            for value in q.choices or []:
                label = q.choice_label(value, lang)
                assert label.strip() and (label != value or lang == "en"), (q.texts, value)


def test_the_files_hold_structure_and_the_catalogues_the_words():
    for path in resources.questionnaires_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        texts = re.search(r"^\s*-?\s*(label|help|item|soft_max_warning):|\bzh:", text, re.M)
        assert texts is None, (path.name, texts)
    assert locales.t("questionnaire.plan.questions.campaign.theme.label", lang="zh") == "活动主题"
    assert locales.t("questionnaire.results.sections.funnel.title", lang="en") == "Funnel"


def test_choices_reuse_the_enum_names_where_they_are_the_same_words():
    qn = load_questionnaire("plan")
    purpose, phase = qn.find("campaign.purpose"), qn.find("phases.0.phase")
    assert (purpose.choice_names, phase.choice_names) == ("labels.purpose", "labels.phase")
    assert purpose.choice_label("activation", "zh") == locales.label("purpose", "activation", "zh")
    # The channel kinds are asked in other words than the documents use (KOL 达人 / KOL).
    kind = qn.find("channels.0.kind")
    assert kind.choice_names is None and kind.choice_label("kol", "zh") == "KOL 达人"


def _without(catalogue: dict, dotted: str) -> dict:
    tree = copy.deepcopy(catalogue)
    node = tree
    *parents, last = dotted.split(".")
    for part in parents:
        node = node[part]
    del node[last]
    return tree


def test_a_text_missing_from_one_catalogue_names_the_line_and_the_key(tmp_path, english):
    source = (resources.questionnaires_dir() / "plan.yaml").read_text(encoding="utf-8")
    key = "questionnaire.plan.questions.campaign.owner.label"
    locales.install("zh", _without(locales.catalogue("zh"), key))
    try:
        found = problems(tmp_path, source)
    finally:
        locales.install("zh", None)
    line = source.splitlines().index("      - key: campaign.owner") + 1
    assert found == [f"{line}: sections.0.questions.6: needs a text in the zh catalogue: "
                     f"add “{key}” to generator/locales/zh.json"]


def test_bad_definition_every_problem_with_line_and_field(tmp_path, english):
    found = problems(tmp_path, (
        "format: 1\n"
        "sections:\n"
        "  - id: basics\n"
        "    questions:\n"
        "      - key: campaign.theme\n"
        "        type: txt\n"                          # 6
        "      - key: campaign.purpose\n"
        "        type: choice\n"                       # 8: no choices
        "        requird: true\n"                      # 9
        "      - key: campaign.budget\n"
        "        type: money\n"
        "        min: 10\n"
        "        max: 5\n"                             # 13
        "        after: campaign.start\n"              # 14: not for money
        "      - key: campaign.currency\n"
        "        when: {key: campaign.budget, equals: 5, not_empty: true}\n"  # 16
        "      - key: risks\n"
        "        type: group\n"
        "        title: name\n"                        # 19: no such question
        "        questions:\n"
        "          - key: likelihood\n"
        "            type: choice\n"
        "            choices: [low, high]\n"
        "      - key: lang\n"
        "        type: choice\n"
        "        choices: [zh, en]\n"
        "        default: fr\n"))                      # 27
    assert found == [
        '6: sections.0.questions.0.type: must be one of '
        f'{", ".join(TYPES)}, got "txt"',
        "7: sections.0.questions.1.choices: is required for type choice",
        '9: sections.0.questions.1.requird: unknown field; did you mean "required"?',
        "13: sections.0.questions.2.max: must not be less than min (10)",
        "14: sections.0.questions.2.after: does not apply to type money; remove it",
        "16: sections.0.questions.3.when: write a condition as `key: PATH` and one of "
        "`equals: VALUE`, `in: [A, B]` or `not_empty: true`",
        "19: sections.0.questions.4.title: must be the key of one of the group's questions: "
        "likelihood",
        "27: sections.0.questions.5.default: must be one of the choices: zh, en",
    ]


def test_keys_and_references_must_be_fields_of_the_answers_file(tmp_path, english):
    found = problems(tmp_path, (
        "format: 1\n"
        "sections:\n"
        "  - id: basics\n"
        "    questions:\n"
        "      - key: campaign.buget\n"                # 5
        "        type: money\n"
        "      - key: campaign.end\n"
        "        type: date\n"
        "        after: campaign.begin\n"              # 9
        "      - key: phases\n"
        "        type: group\n"
        "        questions:\n"
        "          - key: end\n"
        "            type: date\n"
        "            after: .stat\n"),                 # 15
        name="nameless")
    assert [line for line in found if "catalogue" not in line] == [
        '5: sections.0.questions.0.key: campaign.buget is not a field of the answers file; '
        'did you mean campaign.budget?',
        "9: sections.0.questions.1.after: campaign.begin is not a field of the answers file; "
        "the fields there are theme, slug, background, purpose, nature, start, end, owner, "
        "departments, budget, currency",
        "15: sections.0.questions.2.questions.0.after: phases.stat is not a field of the "
        "answers file; did you mean phases.start?",
    ]
    # No catalogue has texts for a questionnaire called "nameless": each is named.
    assert any("add “questionnaire.nameless.sections.basics.title”" in line for line in found)


def test_a_section_or_question_twice_is_named(tmp_path, english):
    found = problems(tmp_path, (
        "format: 1\n"
        "sections:\n"
        "  - id: basics\n"
        "    questions:\n"
        "      - key: campaign.theme\n"
        "      - key: campaign.theme\n"            # 6
        "  - id: basics\n"                         # 7
        "    questions:\n"
        "      - key: campaign.owner\n"))
    assert [line for line in found if "catalogue" not in line] == [
        "6: sections.0.questions.1.key: “campaign.theme” is used twice (also by item 1); "
        "keep one",
        "7: sections.1.id: “basics” is used twice (also by item 1); keep one",
    ]


def test_texts_left_in_the_file_are_told_where_they_go(tmp_path, english):
    found = problems(tmp_path, (
        "format: 1\n"
        "sections:\n"
        "  - id: goals\n"
        "    title: {zh: 目标, en: Goals}\n"
        "    questions:\n"
        "      - key: objectives\n"
        "        type: group\n"
        "        item: {zh: 目标, en: objective}\n"
        "        questions:\n"
        "          - key: objective\n"
        "            label: {zh: 目标（O）, en: Objective (O)}\n"))
    moved = "texts live in the catalogues, not in the questionnaire file: move it to"
    assert found == [
        f"4: sections.0.title: {moved} “questionnaire.plan.sections.goals.title” in "
        "generator/locales/<lang>.json",
        f"8: sections.0.questions.0.item: {moved} “questionnaire.plan.questions.objectives."
        "item_name” in generator/locales/<lang>.json",
        f"11: sections.0.questions.0.questions.0.label: {moved} “questionnaire.plan.questions."
        "objectives.objective.label” in generator/locales/<lang>.json",
    ]


def test_definition_problems_in_the_session_language(tmp_path):
    locales.use("zh")
    try:
        found = problems(tmp_path, "format: 1\nsections:\n  - id: basics\n")
    finally:
        locales.use(None)
    assert found == ["3: sections.0.questions: 至少需要一个问题"]


def test_questionnaire_yaml_syntax_error_has_a_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("sections:\n  - id: a\n    title: [unclosed\n", encoding="utf-8")
    with locales.using("en"), pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(bad)
    assert str(exc.value.message).startswith(f"{bad}:3: YAML syntax error")


def test_a_condition_tests_one_thing():
    q = Question.model_validate({"key": "campaign.currency",
                                 "when": {"key": "campaign.budget", "in": [1, 2]}})
    assert (q.when.holds(2), q.when.holds(3)) == (True, False)
    q = Question.model_validate({"key": "campaign.currency",
                                 "when": {"key": "campaign.budget", "not_empty": False}})
    assert (q.when.holds(None), q.when.holds(5)) == (True, False)


def test_a_new_question_needs_no_python(tmp_path, monkeypatch):
    """A question added to the YAML, with its words in each catalogue, is asked and saved."""
    folder = tmp_path / "q"
    folder.mkdir()
    text = (resources.questionnaires_dir() / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("      - key: campaign.owner\n", (
        "      - key: campaign.slug\n"
        "        type: text\n"
        "      - key: campaign.owner\n"), 1)
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(resources, "questionnaires_dir", lambda: folder)
    for lang, label in (("zh", "文件名"), ("en", "File name")):
        catalogue = copy.deepcopy(locales.catalogue(lang))
        catalogue["questionnaire"]["plan"]["questions"]["campaign"]["slug"] = {"label": label}
        locales.install(lang, catalogue)
    try:
        script = "Theme\n\n1\n\n2026-05-01\n2026-05-03\nmy-file\n"
        result = CliRunner().invoke(cli, ["new", "-o", "n.yaml", "--lang", "en"], input=script)
    finally:
        locales.install("zh", None)
        locales.install("en", None)
    assert "File name: " in result.output
    assert "  end: 2026-05-03\n  slug: my-file\n" in Path("n.yaml").read_text(encoding="utf-8")


def test_a_pick_list_needs_a_known_name_and_a_title(tmp_path, english):
    found = problems(tmp_path, (
        "format: 1\n"
        "sections:\n"
        "  - id: channels\n"
        "    questions:\n"
        "      - key: channels\n"
        "        type: group\n"
        "        pick: chanels\n"                      # 7: no such pick list
        "        questions:\n"
        "          - key: name\n"
        "      - key: risks\n"
        "        type: group\n"
        "        pick: risks\n"                        # 12: nothing to put the names in
        "        questions:\n"
        "          - key: risk\n"
        "      - key: campaign.theme\n"
        "        pick: risks\n"))                      # 16: not for a text question
    assert found[0].startswith('7: sections.0.questions.0.pick: must be one of channels, '
                               'risks, cost_kinds, got "chanels"')
    assert found[1:] == [
        "12: sections.0.questions.1.pick: pick needs a title: the names picked go into the "
        "question title names",
        "16: sections.0.questions.2.pick: does not apply to type text; remove it"]
