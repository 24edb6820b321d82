"""Templates to documents: sandboxed Jinja2 -> Markdown -> HTML fragment -> `Document`.

Answer text is untrusted. It reaches a template only as data, and every `{{ expr }}` is
escaped for Markdown by `finalize` unless a filter already made it `Safe`, so an answer
cannot add HTML, Markdown structure or template code to a document. One template per
document (`templates/<kind>.md.j2`) serves every language: its words are the catalogue's,
`T` in the context (render/words.py), sentences with figures filled by the `fill` filter.
"""

from __future__ import annotations

import datetime as dt
import traceback
from functools import cache
from typing import Any

import jinja2
import markdown
from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown.extensions.toc import TocExtension, slugify_unicode

from generator import figures
from generator.errors import TemplateError
from generator.locales import DEFAULT_LANG, label, msg, t
from generator.render.compiled import bytecode_cache
from generator.render.document import Document
from generator.render.words import Plural, Safe, words
from generator.resources import templates_dir
from generator.textsafe import html_text, md_block, md_inline
from generator.views.plan import build_plan_view
from generator.views.poster import build_poster_view
from generator.views.review import build_review_view
from generator.views.schedule import build_schedule_view

DASH = figures.DASH
MARKDOWN_EXTENSIONS = ["tables", "md_in_html", "attr_list", "sane_lists", "toc"]


# --- filters --------------------------------------------------------------------------


def _finalize(value: Any) -> str:
    """Escape every expression's output unless it is already Safe."""
    if isinstance(value, Safe):
        return value
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "✓" if value else DASH
    if isinstance(value, dt.date):
        return value.isoformat()
    return md_inline(value)


def filter_fill(text: Any, /, **params: Any) -> Safe:
    """A catalogue sentence with its `{params}` filled in: `T.plan.budget.over | fill(amount=x)`.

    Each parameter is shown as `{{ x }}` would show it (user text escaped as inline
    Markdown unless already Safe), so a sentence never lets user text become Markdown. A
    plural entry takes its form from `n`.
    """
    if isinstance(text, Plural):
        text = text.choose(params.get("n"))
    values = {name: _finalize(value) for name, value in params.items()}
    try:
        return Safe(str(text).format(**values))
    except (KeyError, IndexError) as exc:
        key = getattr(text, "key", "") or str(text)
        raise jinja2.UndefinedError(f"the catalogue text {key!r} needs the parameter {exc}") \
            from exc


def filter_md(value: Any) -> Safe:
    """Multiline answer text: basic Markdown kept, structure and HTML neutralised."""
    return Safe(md_block(value)) if value else Safe("")


def filter_h(value: Any) -> Safe:
    """User text inside a raw HTML block of a template (typed line breaks kept)."""
    return Safe(DASH if value is None else html_text(_plain(value)))


def filter_num(value: Any, digits: int | None = None) -> Safe:
    """12000 -> 12,000; −3.5 with a real minus; None -> an em dash (figures.number)."""
    return Safe(figures.number(value, digits))


def filter_kr(value: Any, kind: str, digits: int, up: bool = False) -> Safe:
    """A key result's figure rounded by its kind (figures.kr_value); `up`: a needed pace."""
    return Safe(figures.kr_value(value, kind, digits, up))


def filter_signed(value: Any, digits: int | None = None) -> Safe:
    """A change with its sign: +1,400, −5 (figures.signed)."""
    return Safe(figures.signed(value, digits))


def filter_whole(value: Any, up: bool = False) -> Safe:
    """People and counts: whole (`up`: a needed pace rounded up); figures.whole."""
    return Safe(figures.whole(value, up))


def filter_pct(value: Any, digits: int = 1) -> Safe:
    """A ratio as a percentage: 0.625 -> 62.5% (one decimal: the rounding policy)."""
    return Safe(figures.percent(value, digits))


def filter_points(value: Any) -> Safe:
    """A rate in percentage points: 17.6 -> 17.6%."""
    return Safe(figures.points(value))


def format_money(value: Any, currency: str, digits: int | None = None) -> Safe:
    """Money in `currency` by the rounding policy (figures.money)."""
    return Safe(figures.money(value, currency, digits))


@pass_context
def filter_money(context: Any, value: Any, digits: int | None = None) -> Safe:
    """Money in the document's currency (context variable `currency`)."""
    return format_money(value, context.get("currency", "CNY"), digits)


@pass_context
def filter_label(context: Any, value: Any, group: str) -> str:
    """An enum key (purpose, phase, ...) as its display name in the document language."""
    if value is None:
        return DASH
    return label(group, value, context.get("lang", DEFAULT_LANG))


def filter_date(value: Any) -> Safe:
    """ISO date 2026-11-01."""
    return Safe(DASH if value is None else _as_date(value).isoformat())


def filter_mdate(value: Any) -> Safe:
    """Short date 11-01 (Gantt headers, compact tables)."""
    return Safe(DASH if value is None else _as_date(value).strftime("%m-%d"))


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# --- environment ----------------------------------------------------------------------


@cache
def _environment(template_dir: str | None = None):
    """The sandboxed Jinja2 environment over templates/ with the filters above (built once
    per folder); a company `template_dir` is searched first, the built-ins fill the rest.
    Compiled templates are kept between runs (render/compiled.py)."""
    folders = [template_dir, str(templates_dir())] if template_dir else [str(templates_dir())]
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(folders),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )
    env.filters.update(fill=filter_fill, md=filter_md, h=filter_h, num=filter_num,
                       whole=filter_whole, signed=filter_signed, kr=filter_kr, pct=filter_pct,
                       points=filter_points,
                       money=filter_money, label=filter_label, date=filter_date,
                       mdate=filter_mdate)
    return env


def render_markdown(template_name: str, context: dict[str, Any],
                    template_dir: str | None = None) -> str:
    """Render `templates/<template_name>` (or the company's of that name in `template_dir`)
    to Markdown; errors name template and line."""
    try:
        return _environment(template_dir).get_template(template_name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(msg("errors.template.syntax", where=exc.filename or template_name,
                                line=exc.lineno, detail=exc.message)) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(msg("errors.template.missing", name=exc.name)) from exc
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        raise TemplateError(f"{_template_location(exc, template_name)}: {exc}") from exc


def _template_location(exc: BaseException, template_name: str) -> str:
    """`templates/plan.md.j2:42`, from the template frames Jinja puts in the traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return template_name
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno}"


@cache
def _markdown():
    """One python-markdown converter with the contract's extensions (reset per use)."""
    extensions = [e for e in MARKDOWN_EXTENSIONS if e != "toc"]
    return markdown.Markdown(
        extensions=[*extensions, TocExtension(slugify=slugify_unicode, toc_depth="1-3")],
        output_format="html",
    )


def markdown_to_html(text: str) -> str:
    """Markdown (from our templates) to an HTML fragment in the DESIGN.md vocabulary."""
    md = _markdown()
    md.reset()
    return md.convert(text)


# --- documents ------------------------------------------------------------------------

ZH_NUMERALS = "一二三四五六七八九十"


class Numbering:
    """Chapter and section numbers that stay continuous when a template skips a section.

    Templates call `{{ chapter() }}` before an h1 and `{{ section() }}` before an h2. The
    shapes come from the catalogue (`format.chapter`, `format.section`); Chinese numerals
    are code, chosen by `format.chapter_numerals`.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.chinese = t("format.chapter_numerals", lang=lang) == "chinese"
        self.chapters = 0
        self.sections = 0

    def chapter(self) -> Safe:
        """The next chapter number: "三、" (zh) or "3. " (en)."""
        self.chapters += 1
        self.sections = 0
        n = _zh_numeral(self.chapters) if self.chinese else self.chapters
        return Safe(t("format.chapter", lang=self.lang, n=n))

    def section(self) -> Safe:
        """The next section number within the chapter: "3.2 "."""
        self.sections += 1
        return Safe(t("format.section", lang=self.lang, chapter=self.chapters,
                      section=self.sections))


def _zh_numeral(n: int) -> str:
    """1..99 in Chinese numerals (十一, 二十三)."""
    tens, ones = divmod(n, 10)
    if n <= 10:
        return ZH_NUMERALS[n - 1]
    head = "" if tens == 1 else ZH_NUMERALS[tens - 1]
    return f"{head}十{ZH_NUMERALS[ones - 1] if ones else ''}"


def base_context(answers: Any, kind: str, lang: str) -> dict[str, Any]:
    """What every template sees besides its view; `T` is the document language's catalogue."""
    numbering = Numbering(lang)
    return {
        "T": words(lang),
        "chapter": numbering.chapter,
        "section": numbering.section,
        "lang": lang,
        "currency": answers.campaign.currency,
        "today": dt.date.today(),
        "doc_title": t(f"document.title.{kind}", lang=lang),
        "campaign": answers.campaign,
    }


VIEW_BUILDERS = {"plan": build_plan_view, "schedule": build_schedule_view,
                 "review": build_review_view, "poster": build_poster_view}


def build_view(kind: str, answers: Any, lang: str):
    """The View of document `kind` ("plan", "schedule", "review", "poster") for `answers`."""
    return VIEW_BUILDERS[kind](answers, lang)


def cover_lines(answers: Any, lang: str) -> list[tuple[str, str]]:
    """Label/value pairs for the cover: owner, dates, departments, budget."""
    campaign = answers.campaign
    days = (campaign.end - campaign.start).days + 1
    period = t("document.cover.period", lang=lang, start=campaign.start, end=campaign.end,
               days=days)
    lines = [(t("document.cover.dates", lang=lang), period),
             (t("document.cover.owner", lang=lang), campaign.owner)]
    if campaign.departments:
        lines.append((t("document.cover.teams", lang=lang),
                      t("format.list_sep", lang=lang).join(campaign.departments)))
    if campaign.budget is not None:
        lines.append((t("document.cover.budget", lang=lang),
                      str(format_money(campaign.budget, campaign.currency))))
    return lines


def render_document(kind: str, answers: Any, lang: str | None = None,
                    view: Any = None, template_dir: str | None = None) -> Document:
    """The whole document `kind` ("plan", "schedule", "review") for `answers`.

    Pass `view` when the caller already built it (generate shares it with the XLSX writer);
    `template_dir`: a company folder whose `<kind>.md.j2` replaces ours.
    """
    lang = lang or answers.lang
    view = view or build_view(kind, answers, lang)
    context = {**base_context(answers, kind, lang), **view.context}
    markdown_text = render_markdown(f"{kind}.md.j2", context, template_dir)
    title = t(f"document.title.{kind}", lang=lang)
    theme = answers.campaign.theme
    return Document(
        kind=kind,
        lang=lang,
        title=title,
        subtitle=theme,
        header=f"{theme} · {title}",
        html=markdown_to_html(markdown_text),
        markdown=markdown_text,
        cover_lines=view.context.get("cover_lines") or cover_lines(answers, lang),
        toc_title=t("document.toc", lang=lang),
        images=view.images,  # not copied: the charts stay undrawn until a writer reads them
        landscape=kind == "schedule",
        generated_on=dt.date.today().isoformat(),
        slug=answers.slug,
    )
