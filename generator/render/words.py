"""The catalogue as templates see it: `T`, a read-only tree of trusted text.

    {{ T.plan.overview.title }}                              -> 活动概述 / Overview
    {{ T.plan.budget.over | fill(amount=budget.over | money) }}
    {{ T.schedule.overview.problems | fill(n=3) }}           -> a plural entry, chosen by n

Every leaf is `Text` (a `Safe` string that knows its key): catalogue text is ours, so it
reaches the document as written (Markdown included) and `finalize` never escapes it. User
text only enters a sentence through `fill`, which escapes each parameter that is not
already Safe (templating.py). The tree has no methods of its own, so a key may be called
anything (`items`, `keys`), and it cannot be changed from a template.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined

from generator.locales import catalogue, plural


class Safe(str):
    """Text already fit for the document (escaped by a filter, or made by the template)."""


class Text(Safe):
    """A catalogue string: trusted text plus the key it came from (for error messages)."""

    key: str

    def __new__(cls, value: str, key: str = "") -> Text:
        text = super().__new__(cls, value)
        text.key = key
        return text

    def __reduce__(self):
        return (Text, (str(self), self.key))


class Plural(Text):
    """A plural entry (`{"one": ..., "other": ...}`); shown as-is it is the `other` form."""

    forms: Mapping[str, str]

    def __new__(cls, forms: Mapping[str, str], key: str) -> Plural:
        text = super().__new__(cls, forms["other"], key)
        text.forms = forms
        return text

    def __reduce__(self):
        return (Plural, (dict(self.forms), self.key))

    def choose(self, n: Any) -> Text:
        """The form for `n` (`one` for exactly 1 where the language has it)."""
        return Text(plural(self.forms, n), self.key)


class Words:
    """One language's catalogue, read-only, for templates: `T.review.cost.title`."""

    __slots__ = ("_tree", "_lang", "_prefix")

    def __init__(self, tree: Mapping[str, Any], lang: str, prefix: str = ""):
        object.__setattr__(self, "_tree", tree)
        object.__setattr__(self, "_lang", lang)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> Any:
        key = f"{self._prefix}{name}"
        if name not in self._tree:
            return StrictUndefined(hint=f"no text {key!r} in the {self._lang} catalogue "
                                        "(generator/locales)", name=name)
        return _wrap(self._tree[name], key, self._lang)

    def __contains__(self, name: object) -> bool:
        return name in self._tree

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the catalogue is read-only")

    def __repr__(self) -> str:
        return f"<words {self._lang}:{self._prefix or '.'}>"


def _wrap(value: Any, key: str, lang: str) -> Any:
    """A subtree as Words, a string as Text, a plural entry as Plural, a list as a tuple."""
    if isinstance(value, str):
        return Text(value, key)
    if isinstance(value, list):
        return tuple(Text(v, f"{key}.{i}") for i, v in enumerate(value))
    if isinstance(value, Mapping) and "other" in value and set(value) <= {"one", "other"}:
        return Plural(value, key)
    return Words(value, lang, key + ".")


def words(lang: str) -> Words:
    """The catalogue of `lang` as the template variable `T`."""
    return Words(catalogue(lang), lang)


def field_parts(text: str) -> list[tuple[str, str | None]]:
    """`"第 {page} 页 / 共 {pages} 页"` -> [("第 ", "page"), (" 页 / 共 ", "pages"), (" 页", None)].

    For writers that put a live field (a page number) where the catalogue has a parameter.
    """
    return [(literal, name) for literal, name, _, _ in string.Formatter().parse(text)
            if literal or name]
