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
from generator.questionnaire.definition import Question, Section

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
        for path in generate_file(store.path, docs=docs, formats=None, outdir=Path("output"),
                                  split=True):
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
    """The summary lines of one section: each answer; a group's items, with their values
    when an item is a few figures (results per key result, costs, phases)."""
    lang, lines = walker.lang, []
    for q in section.questions:
        value = paths.get(walker.answers, paths.parse(q.key), None)
        if not q.is_group:
            lines.append(f"{q.text(lang)}: {_short(types.display(q, value, lang))}")
            continue
        items = value if isinstance(value, list) else []
        name = q.item_name(lang, n=2)  # a line's label: "Objectives: 3 items"
        count = t("questionnaire.finish.items_count", lang=lang, n=len(items))
        head = f"{name[:1].upper()}{name[1:]}: {count}"
        if _with_values(q):
            lines += [head] + ["  " + _short(item_line(walker, q, item), 72) for item in items]
            continue
        titles = t("format.list_sep", lang=lang).join(
            walker.item_title(q, item).split("  (")[0] for item in items[:6])
        more = " …" if len(items) > 6 else ""
        lines.append(head + (f" — {titles}{more}" if titles else ""))
    return lines


def _with_values(q: Question) -> bool:
    """Items shown one per line with their values: `each`, and groups of a few fields."""
    if q.type == "each":
        return True
    rest = [s for s in q.questions if s.key != q.title]
    return len(rest) <= 2 and not any(s.is_group for s in rest)


def item_line(walker: Walker, q: Question, item: object) -> str:
    """`复购用户数：实际 11200`, `渠道投放：金额 124600`: an item's title and its values."""
    lang = walker.lang
    if not isinstance(item, dict):
        return str(item)
    values = []
    for sub in q.questions:
        if sub.key in (q.title, q.match) or sub.is_group:
            continue
        shown = types.display(sub, item.get(sub.key), lang) or "—"
        name = sub.short_text(lang)
        values.append(f"{name} {shown}" if name else shown)
    title = walker.item_title(q, item).split("  (")[0]
    return t("questionnaire.finish.item_values", lang=lang, title=title,
             values=" · ".join(values))


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
