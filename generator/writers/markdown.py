"""The Markdown writer: what the template produced, as it is (the golden files compare it)."""

from __future__ import annotations

import os
from pathlib import Path

from generator.atomic import write_text
from generator.render.document import Document
from generator.textsafe import clean_text


def write_markdown(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write `doc`'s Markdown to `path` (atomically) and return the path.

    The text is cleaned once more on the way out: whatever a template or a filter let
    through, no control character or lone surrogate reaches the file.
    """
    return write_text(path, clean_text(doc.markdown))
