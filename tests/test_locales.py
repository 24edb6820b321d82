"""The message catalogues: every language has every key, with the same parameters."""

from __future__ import annotations

import json
import string

import pytest

from generator import locales

LANGS = locales.available()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _entries(lang: str) -> dict:
    return dict(locales.flatten(locales.catalogue(lang)))


def test_zh_and_en_are_shipped():
    assert {"zh", "en"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_in_every_language(lang):
    reference = _entries("en")
    entries = _entries(lang)
    assert sorted(set(reference) - set(entries)) == [], f"missing from {lang}.json"
    assert sorted(set(entries) - set(reference)) == [], f"only in {lang}.json"


@pytest.mark.parametrize("lang", LANGS)
def test_same_parameters_in_every_language(lang):
    reference = _entries("en")
    for key, value in _entries(lang).items():
        ours = [value] if isinstance(value, str) else list(value.values()) if isinstance(
            value, dict) else []
        theirs = reference[key]
        theirs = [theirs] if isinstance(theirs, str) else list(theirs.values()) if isinstance(
            theirs, dict) else []
        # NOTE: lists (statuses, suggested metrics) carry no parameters.
        assert {f for v in ours if isinstance(v, str) for f in _fields(v)} == \
            {f for v in theirs if isinstance(v, str) for f in _fields(v)}, key


def test_lookup_plural_and_params():
    locales.install("xx", {"a": {"n": {"one": "{n} file", "other": "{n} files"}, "b": "hi {who}"}})
    try:
        assert locales.t("a.n", lang="xx", n=1) == "1 file"
        assert locales.t("a.n", lang="xx", n=3) == "3 files"
        assert locales.t("a.b", lang="xx", who="{x}") == "hi {x}"  # user text is not re-read
        with pytest.raises(locales.MissingMessage):
            locales.t("a.c", lang="xx")
    finally:
        locales.install("xx", None)


def test_session_language(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert locales.current() == "en"
    locales.use("zh")
    try:
        assert locales.current() == "zh"
        assert locales.t("labels.phase.warmup") == "活动预热期"
    finally:
        locales.use(None)
    assert locales.current() == "en"


def test_catalogue_files_are_plain_json():
    for lang in ("zh", "en"):
        path = locales._HERE / f"{lang}.json"
        assert json.loads(path.read_text(encoding="utf-8"))
