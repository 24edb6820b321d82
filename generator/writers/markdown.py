"""The Markdown writer: what the template produced, as it is (the golden files compare it)."""

from __future__ import annotations

import os
from pathlib import Path

from generator.atomic import write_text
from generator.render.document import Document


def write_markdown(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write `doc`'s Markdown to `path` (atomically) and return the path."""
    return write_text(path, doc.markdown)
