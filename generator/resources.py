"""Where packaged data lives: templates/ and questionnaires/ ship inside the package.

setup.cfg maps the top-level `templates/` and `questionnaires/` folders to the packages
`generator.templates` and `generator.questionnaires`, so an installed wheel finds them
beside this file; a source checkout finds them one level up.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder of packaged data `name` ("templates" or "questionnaires")."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"packaged data folder {name!r} is missing; reinstall campaign-docs")


def templates_dir() -> Path:
    """The document templates (one per document, every language) and the styles."""
    return data_dir("templates")


def questionnaires_dir() -> Path:
    """The declarative questionnaire definitions."""
    return data_dir("questionnaires")


def examples_dir() -> Path:
    """The bundled example answer files."""
    return data_dir("examples")


def cache_dir(name: str) -> Path:
    """The user's cache folder `name` of campaign-docs (not created here):
    `$XDG_CACHE_HOME/campaign-docs/<name>`, else `~/.cache/campaign-docs/<name>`. What is
    kept there can be deleted at any time; it only saves work."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "campaign-docs" / name
