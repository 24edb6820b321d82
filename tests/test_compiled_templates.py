"""Compiled templates kept between runs (render/compiled.py): the same documents, templates
not compiled again, an edited template compiled again, an unusable folder only slower."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from generator.answers.checks import load_checked
from generator.render import templating
from generator.render.compiled import QuietBytecodeCache, bytecode_cache

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "double11-zh.yaml", ROOT / "examples" / "spring-referral-en.yaml"]


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    """An empty cache home, and environments built anew (they are kept per process)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templating._environment.cache_clear()
    yield tmp_path / "cache"
    templating._environment.cache_clear()


def _markdown(path: Path) -> dict[str, str]:
    answers = load_checked(path)[0].answers
    return {kind: templating.render_document(kind, answers).markdown
            for kind in ("plan", "schedule", "review")}


def _no_compiling(monkeypatch) -> None:
    def refuse(self, *args, **kwargs):
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "_parse", refuse)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_documents_from_compiled_templates_are_the_same(cache_home, monkeypatch, example):
    first = _markdown(example)
    folder = bytecode_cache().directory
    assert len(list(Path(folder).glob("*.cache"))) >= 3
    assert oct(Path(folder).stat().st_mode & 0o777) == "0o700"
    templating._environment.cache_clear()  # NOTE: as a new process would start
    _no_compiling(monkeypatch)
    assert _markdown(example) == first


def test_an_edited_template_is_compiled_again(cache_home, tmp_path):
    folder = tmp_path / "company"
    folder.mkdir()
    template = folder / "plan.md.j2"
    template.write_text("# 方案 {{ 1 + 1 }}\n", encoding="utf-8")
    assert templating.render_markdown("plan.md.j2", {}, str(folder)) == "# 方案 2\n"
    template.write_text("# 方案 {{ 2 + 2 }}\n", encoding="utf-8")
    templating._environment.cache_clear()
    assert templating.render_markdown("plan.md.j2", {}, str(folder)) == "# 方案 4\n"


@pytest.mark.parametrize("spoil", ["a file in its place", "writable by others"])
def test_a_folder_that_cannot_be_used_only_costs_time(cache_home, spoil):
    folder = Path(bytecode_cache().directory)
    folder.rmdir()
    if spoil == "a file in its place":
        folder.write_text("not a folder")
    else:
        folder.mkdir()
        os.chmod(folder, 0o777)
    cache = QuietBytecodeCache(folder)
    assert cache.usable is False
    assert _markdown(EXAMPLES[0])["plan"].startswith("#")
    if folder.is_dir():
        assert list(folder.iterdir()) == []


def test_a_corrupt_cache_file_is_compiled_over(cache_home):
    first = _markdown(EXAMPLES[0])
    for path in Path(bytecode_cache().directory).glob("*.cache"):
        path.write_bytes(path.read_bytes()[:40])
    templating._environment.cache_clear()
    assert _markdown(EXAMPLES[0]) == first
