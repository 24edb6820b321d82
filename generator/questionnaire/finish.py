"""The end of a session: summary by section, jump back, `check`, offer to generate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.answers import paths
from generator.answers.checks import problems_of
from generator.errors import Problem
from generator.generate import generate_file
from generator.locales import t
from generator.questionnaire import prompts, types
from generator.questionnaire.definition import Section

if TYPE_CHECKING:
    from generator.questionnaire.engine import Walker
    from generator.questionnaire.store import Store


def finish(walker: Walker, store: Store, *, ask: bool, docs: tuple[str, ...] | None = None,
           jump: bool = True) -> None:
    """Show the summary (and let the user go back), check the file, offer the documents."""
    if store.path is None:
        return
    lang = walker.lang
    while True:
        show_summary(walker)
        if not (ask and jump):
            break
        section = _pick_section(walker)
        if section is None:
            break
        editing, walker.editing = walker.editing, True
        walker.run([section])
        walker.editing = editing
    prompts.say(t("questionnaire.finish.saved_to", lang=lang, file=store.path), bold=True)
    if check_answers(store.path, lang) and ask and prompts.confirm(
            lang, t("questionnaire.finish.generate_now", lang=lang), True):
        for path in generate_file(store.path, docs=docs, formats=None, outdir=Path("output")):
            prompts.say(f"  {path}")
    else:
        prompts.say(t("questionnaire.finish.generate_later", lang=lang, file=store.path), dim=True)


def show_summary(walker: Walker) -> None:
    """Every section with its answers, one line per question (groups: count and titles)."""
    lang, total = walker.lang, len(walker.qn.sections)
    prompts.say()
    prompts.say(f"== {t('questionnaire.finish.summary_title', lang=lang)} ==", bold=True)
    for number, section in enumerate(walker.qn.sections, 1):
        prompts.say(f"{number}/{total} {section.heading(lang)}", bold=True)
        for line in section_lines(walker, section):
            prompts.say("  " + line)


def section_lines(walker: Walker, section: Section) -> list[str]:
    """The summary lines of one section."""
    lines = []
    for q in section.questions:
        value = paths.get(walker.answers, paths.parse(q.key), None)
        if q.is_group:
            items = value if isinstance(value, list) else []
            titles = "; ".join(walker.item_title(q, item).split("  (")[0] for item in items[:6])
            more = " …" if len(items) > 6 else ""
            lines.append(f"{q.text(lang := walker.lang)}: "
                         f"{t('questionnaire.finish.items_count', lang=lang, n=len(items))}"
                         + (f" — {titles}{more}" if titles else ""))
        else:
            lines.append(f"{q.text(walker.lang)}: {_short(types.display(q, value, walker.lang))}")
    return lines


def _short(text: str, width: int = 60) -> str:
    text = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return text if len(text) <= width else text[: width - 1] + "…"


def _pick_section(walker: Walker) -> Section | None:
    """Ask which section to go back to; Enter finishes."""
    sections = walker.qn.sections
    while True:
        question = t("questionnaire.finish.jump_back", lang=walker.lang)
        entry = prompts.parse.normalise(prompts.read_line(question))
        if not entry:
            return None
        if entry.isdigit() and 1 <= int(entry) <= len(sections):
            return sections[int(entry) - 1]
        prompts.say("  " + t("questionnaire.group.no_item", lang=walker.lang, n=entry), fg="red")


def check_answers(path: Path, lang: str) -> bool:
    """Validate and lint the file like `campaign-docs check`; True when there is no error."""
    problems = sorted(problems_of(path), key=lambda p: p.line or 0)
    if problems:
        _report(lang, problems)
    else:
        prompts.say(t("questionnaire.finish.check_ok", lang=lang, file=path), fg="green")
    return not any(p.severity == "error" for p in problems)


def _report(lang: str, problems: list[Problem]) -> None:
    prompts.say(t("questionnaire.finish.check_problems", lang=lang), fg="yellow")
    for problem in problems:
        prompts.say(f"  {problem}")
