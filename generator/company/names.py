"""The names a template may use, and where their meanings are in the catalogue.

`templates vars` prints them in the session language and `templates lint` checks a template
against them. The lists follow the context `render/templating.py` and `views/` build; a test
builds every view and fails when a name is missing here (or here but not in the view). The
meaning of a name is `templates.vars.<group>.<name>` in the catalogue, the meaning of one of
its fields `templates.fields.<group>.<name>.<field>`.
"""

from __future__ import annotations

from generator.locales import lookup, t

DOCS = ("plan", "schedule", "review")
# every template: base_context() in render/templating.py
COMMON = ("T", "lang", "currency", "today", "doc_title", "campaign", "chapter", "section")
BY_DOC = {
    "plan": ("answers", "days", "key_results", "smart_attention", "objective_count", "phases",
             "channels", "channel_totals", "budget", "budget_lines", "versions", "risks",
             "schedule", "team", "checklist", "monitoring", "funnel_watch", "summary"),
    "schedule": ("sched",),
    "review": ("answers", "has_results", "brand", "key_results", "objectives", "okr",
               "participants", "funnel", "reach", "channels", "cost", "feedback", "problems",
               "why", "lessons", "follow_up", "resources", "resources_total", "forecast",
               "daily", "comparison", "missing", "blank_funnel", "charts", "summary"),
}
WORD_ONLY = ("image",)  # Word templates: a picture from the template's folder
# Jinja's own globals (range, loop helpers): always there
JINJA_GLOBALS = ("range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop")


def known_names(doc: str | None, word: bool) -> set[str]:
    """Every name a template of `doc` may use (all documents' when `doc` is None)."""
    docs = (doc,) if doc else DOCS
    names = set(COMMON) | set(JINJA_GLOBALS)
    for one in docs:
        names |= set(BY_DOC[one])
    if word:
        names |= set(WORD_ONLY)
    return names


def _fields(group: str, name: str, lang: str | None) -> dict[str, str]:
    """The meanings of a name's fields, {} for a name whose fields are not listed."""
    tree = lookup("templates.fields", lang)
    return tree.get(group, {}).get(name, {})


def _group_of(doc: str, name: str) -> str:
    return "common" if name in COMMON else "word" if name in WORD_ONLY else doc


def listing_lines(doc: str | None, word: bool, lang: str | None = None) -> list[str]:
    """`templates vars`: a heading per group, each name with its meaning and its fields."""
    lines: list[str] = []
    groups = [("common", COMMON)] + [(d, BY_DOC[d]) for d in ((doc,) if doc else DOCS)]
    if word:
        groups.append(("word", WORD_ONLY))
    for group, names in groups:
        lines.append(t(f"templates.vars.heading.{group}", lang))
        for name in names:
            lines.append(f"  {name}: {t(f'templates.vars.{group}.{name}', lang)}")
            for field, meaning in _fields(group, name, lang).items():
                lines.append(f"      {name}.{field}: {meaning}")
        lines.append("")
    if word:
        lines += _section_lines(doc, lang)
    lines.append(t("templates.vars.filters", lang))
    if word:
        lines.append(t("templates.vars.rich", lang))
    return lines


def _section_lines(doc: str | None, lang: str | None) -> list[str]:
    """`templates vars --word`: the generated sections a Word template may insert, per
    document, each with what it holds."""
    from generator.company.sections import SECTIONS, meaning

    lines = [t("templates.vars.heading.sections", lang)]
    for one in (doc,) if doc else DOCS:
        if not doc:
            lines.append(f"  {t(f'templates.vars.heading.{one}', lang)}")
        indent = "  " if doc else "    "
        for name in SECTIONS[one]:
            lines.append(f'{indent}section("{name}"): {meaning(one, name, lang)}')
    lines.append("")
    return lines


def meaning_key(doc: str, name: str) -> str:
    """The catalogue key of a name's meaning in a template of `doc`."""
    return f"templates.vars.{_group_of(doc, name)}.{name}"
