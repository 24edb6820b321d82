"""The Jinja2 environment company Word templates run in: sandboxed, strict, plain text.

The built-in templates write Markdown, so their `finalize` escapes user text as Markdown.
A Word template writes WordprocessingML: docxtpl puts the rendered text into `<w:t>`, so
here every value is plain text, XML-escaped by autoescape (docxtpl's InlineImage and
Listing carry `__html__` and pass as markup). The figures filters are the built-ins'
(`num`, `money`, `pct` ... print the same figures in every format); `fill`, `md` and `h`
have plain-text twins. The catalogue's own light Markdown (`**bold**`, `code`) is dropped;
`rich` keeps an answer's as Word runs (rich.py).

No loader: `{% include %}`, `{% import %}` and `{% extends %}` reach no file at all.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator import figures
from generator.locales import t
from generator.render import templating
from generator.render.words import Plural, Safe, Text
from generator.textsafe import clean_text

_CATALOGUE_MARKUP = re.compile(r"\*\*|`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def plain(value: Any) -> Any:
    """A value as the text a Word run shows (markup objects such as images pass as they are)."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return figures.DASH
    if isinstance(value, bool):
        return "✓" if value else figures.DASH
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Text):
        return Safe(_CATALOGUE_MARKUP.sub("", clean_text(str(value))))
    return clean_text(str(value))


@pass_context
def finalize(context: Any, value: Any) -> Any:
    """What `{{ x }}` shows: plain text; a list joined as the document language lists
    (`用户运营部、市场部`), not as Python writes it."""
    if isinstance(value, (list, tuple)):
        separator = t("format.list_sep", lang=context.get("lang"))
        return separator.join(str(plain(item)) for item in value)
    return plain(value)


def filter_fill(text: Any, /, **params: Any) -> Safe:
    """A catalogue sentence with its `{params}`, as plain text (`T.x.y | fill(n=3)`)."""
    if isinstance(text, Plural):
        text = text.choose(params.get("n"))
    values = {name: plain(value) for name, value in params.items()}
    return Safe(str(plain(Text(str(text)))).format(**values))


def filter_text(value: Any) -> Safe:
    """Multiline answer text as typed (docxtpl turns its newlines into line breaks); the
    basic Markdown an answer may hold (`**bold**`) shows as plain text."""
    return Safe(_BOLD.sub(r"\1", plain(value)).strip("\n")) if value else Safe("")


def filter_rich(value: Any) -> Any:
    """An answer's light Markdown as Word runs: bold, italic, line breaks, list lines
    (rich.py; the text stays text)."""
    from generator.company.rich import markdown_runs

    return markdown_runs(value)


@cache
def word_environment() -> ImmutableSandboxedEnvironment:
    """The one environment every Word template renders in (filters as DESIGN.md lists)."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, finalize=finalize,
                                        autoescape=True, loader=None)
    env.filters.update(
        fill=filter_fill, md=filter_text, h=filter_text, rich=filter_rich, num=templating.filter_num,
        whole=templating.filter_whole, signed=templating.filter_signed,
        kr=templating.filter_kr, pct=templating.filter_pct, points=templating.filter_points,
        money=templating.filter_money, label=templating.filter_label,
        date=templating.filter_date, mdate=templating.filter_mdate)
    return env
