"""How templates take their words: `T` (the catalogue, trusted) and `fill` (user text escaped)."""

from __future__ import annotations

import jinja2
import pytest

from generator.render.templating import _environment
from generator.render.words import Safe, field_parts, words
from generator.writers.pdf import footer_content


def render(source: str, lang: str = "en", **context) -> str:
    return _environment().from_string(source).render(T=words(lang), **context)


def test_catalogue_text_is_trusted_markdown():
    # finalize escapes user text, never catalogue text: the ** stay bold, nothing is escaped
    assert render("{{ T.review.headline.missing }}").startswith("**Missing data**: the figures")
    assert render("{{ T.review.headline.missing }}", "zh").startswith("**数据缺口**：以下数据")
    assert render("{{ x }}", x="**x**") == "\\*\\*x\\*\\*"
    assert isinstance(words("zh").plan.overview.title, Safe)


def test_fill_escapes_user_text_but_not_safe_values():
    out = render("{{ T.plan.budget.over | fill(amount=x) }}", x="*1* <b>|")
    assert out == ("Channel budgets exceed the total budget by \\*1\\* &lt;b&gt;\\|: cut channel "
                   "budgets or raise the total.")
    assert render("{{ T.plan.budget.over | fill(amount=5000 | money) }}", currency="CNY") == \
        "Channel budgets exceed the total budget by ¥5,000: cut channel budgets or raise the total."
    assert render("{{ T.format.paren | fill(text=x) }}", "zh", x="人") == "（人）"
    assert render("{{ T.format.paren | fill(text=x) }}", x="users") == " (users)"


def test_fill_chooses_the_plural_form():
    source = "{{ T.schedule.overview.problems | fill(n=n) }}"
    assert render(source, n=1) == "The schedule check found 1 problem:"
    assert render(source, n=2) == "The schedule check found 2 problems:"
    assert render(source, "zh", n=1) == "排期检查发现 1 个问题："


def test_a_missing_key_or_parameter_names_it():
    with pytest.raises(jinja2.UndefinedError, match="no text 'plan.overview.nope' in the en"):
        render("{{ T.plan.overview.nope }}")
    with pytest.raises(jinja2.UndefinedError, match="'plan.budget.over' needs the parameter "
                                                    "'amount'"):
        render("{{ T.plan.budget.over | fill(total=1) }}")
    # a key may be named like a dict method: the tree has no methods to shadow it
    with pytest.raises(jinja2.UndefinedError, match="no text 'plan.items'"):
        render("{{ T.plan.items }}")


def test_the_tree_is_read_only():
    plan = words("en").plan
    with pytest.raises(AttributeError):
        plan.title = "x"
    with pytest.raises(jinja2.exceptions.SecurityError):
        render("{{ T.plan._tree }}")


def test_page_footer_fields_become_live_counters():
    assert field_parts("第 {page} 页 / 共 {pages} 页") == [
        ("第 ", "page"), (" 页 / 共 ", "pages"), (" 页", None)]
    assert footer_content("zh") == '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    assert footer_content("en") == '"Page " counter(page) " of " counter(pages)'
