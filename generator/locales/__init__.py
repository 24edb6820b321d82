"""Every word a user sees, one catalogue file per language (`zh.json`, `en.json`).

    from generator.locales import t
    t("check.summary.ok", file="my.yaml")            # in the session's language
    t("labels.phase.warmup", lang="en")               # -> "Warm-up"
    t("check.summary.errors", n=2)                    # plural forms: {"one": ..., "other": ...}

The catalogues are nested JSON objects; a key is the dotted path to a string. JSON rather
than YAML because every command (and `--help`) loads one: the standard library parses the
whole catalogue in about a millisecond, PyYAML's C loader took ~65 ms plus ~28 ms to import.
Adding a language is adding one file here; `available()` finds it.

The session language is a context variable: the CLI sets it once from `--lang`, the answers
file or the locale (`use()`), and every message after that follows it.

A message made before its language is known (a problem found while a file is still being
read, an error sent back by a batch worker) is kept as a `Message`, a key with its
parameters, and put into words only when it is shown (`str(message)`, `render()`).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

DEFAULT_LANG = "zh"
_HERE = Path(__file__).resolve().parent
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("lang", default=None)
# Tests (and the pseudo-language check) may install a catalogue without a file.
_installed: dict[str, dict] = {}


class MissingMessage(KeyError):
    """A key that no catalogue holds: a bug in our code or templates, not a user error."""


def catalogue_dir() -> Path:
    """The folder of the catalogue files (batch fingerprints them: words are output)."""
    return _HERE


def available() -> tuple[str, ...]:
    """The languages with a catalogue, e.g. ("en", "zh")."""
    found = {p.stem for p in _HERE.glob("*.json")} | set(_installed)
    return tuple(sorted(found))


@cache
def _load_file(lang: str) -> dict:
    path = _HERE / f"{lang}.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def catalogue(lang: str) -> dict:
    """The whole catalogue of `lang` as nested dicts (unknown languages fall back to zh)."""
    if lang in _installed:
        return _installed[lang]
    if lang not in available():
        lang = DEFAULT_LANG
    return _load_file(lang)


def install(lang: str, messages: dict | None) -> None:
    """Use `messages` as the catalogue of `lang` (None removes it); for tests and plugins."""
    if messages is None:
        _installed.pop(lang, None)
    else:
        _installed[lang] = messages


def lang_from_environment() -> str:
    """zh unless the locale says another language we have (LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in available() else DEFAULT_LANG
    return DEFAULT_LANG


def use(lang: str | None) -> None:
    """Make `lang` the session language (None: back to the locale's)."""
    _current.set(_known(lang))


def _known(lang: str | None) -> str | None:
    """`lang` if we have it; an unknown language falls back to zh, None stays None."""
    return lang if lang is None or lang in available() else DEFAULT_LANG


def current() -> str:
    """The session language: what `use()` set, else the locale's."""
    return _current.get() or lang_from_environment()


def chosen() -> str | None:
    """The language `use()` set for this session, or None when it follows the locale."""
    return _current.get()


@contextlib.contextmanager
def using(lang: str | None) -> Iterator[None]:
    """`use(lang)` for the duration of a `with` block, then back to what was before."""
    token = _current.set(_known(lang))
    try:
        yield
    finally:
        _current.reset(token)


def lookup(key: str, lang: str | None = None) -> Any:
    """The raw catalogue entry at dotted `key` (a string, a plural mapping or a subtree)."""
    node: Any = catalogue(lang or current())
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise MissingMessage(f"no message {key!r} in the {lang or current()} catalogue")
        node = node[part]
    return node


def t(key: str, /, lang: str | None = None, **params: Any) -> str:
    """The message at `key` in `lang` (default: the session's), with `{params}` filled in.

    A plural entry (`{"one": ..., "other": ...}`) is chosen by the `n` parameter.
    """
    entry = lookup(key, lang)
    if isinstance(entry, Mapping):
        entry = plural(entry, params.get("n"))
    if not isinstance(entry, str):
        raise MissingMessage(f"message {key!r} is not text")
    return entry.format(**params) if params else entry


# NOTE: NamedTuples, not dataclasses: immutable, hashable and picklable alike, and this
# module is imported by `--help`, where two frozen dataclasses cost ~6 ms to build.
class Message(NamedTuple):
    """A catalogue message not yet put into words: `key` and its parameters.

    Rendered in the session language when it is shown, so a problem found before that
    language was known (or in another process) still reads in the user's language.
    A parameter may itself be a Message (rendered in the same language).
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str | None = None) -> str:
        """The words of this message in `lang` (default: the session's)."""
        return t(self.key, lang, **{k: render(v, lang) for k, v in self.params})

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)


class Listing(NamedTuple):
    """Names joined the way the language lists them: `a, b, c` in English, `a、b、c` in Chinese."""

    items: tuple[Any, ...]

    def render(self, lang: str | None = None) -> str:
        """The items in `lang` (default: the session's), joined by its list separator."""
        separator = t("format.list_sep", lang)
        return separator.join(str(render(item, lang)) for item in self.items)

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)


def msg(key: str, /, **params: Any) -> Message:
    """A `Message` for `key` with `params`, rendered later (`t()` renders now)."""
    return Message(key, tuple(params.items()))


def listing(items: Any) -> Listing:
    """A `Listing` of `items`, joined in the language it is shown in."""
    return Listing(tuple(items))


def render(value: Any, lang: str | None = None) -> Any:
    """A Message or Listing in words; any other value unchanged."""
    return value.render(lang) if isinstance(value, Message | Listing) else value


def plural(forms: Mapping[str, str], n: Any) -> str:
    """English-style plural choice: `one` for exactly 1, else `other` (zh has only `other`)."""
    if n == 1 and "one" in forms:
        return forms["one"]
    return forms["other"]


def labels(group: str, lang: str | None = None) -> dict[str, str]:
    """Every key of an enum group (`labels.phase`) with its display name, in file order."""
    return dict(lookup(f"labels.{group}", lang))


def label(group: str, key: Any, lang: str | None = None) -> str:
    """Display name of an enum key (`label("phase", "warmup")`); unknown keys unchanged."""
    if key is None:
        return ""
    key = str(getattr(key, "value", key))
    return labels(group, lang).get(key, key)


def flatten(tree: Mapping, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, leaf) for every string or plural entry of a catalogue tree."""
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping) and not _is_plural(value):
            yield from flatten(value, key + ".")
        else:
            yield key, value


def _is_plural(value: Mapping) -> bool:
    return set(value) <= {"one", "other"} and "other" in value
