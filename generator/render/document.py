"""The rendered document: the one thing every writer (PDF, DOCX, HTML) consumes.

A template renders to Markdown, Markdown becomes an HTML fragment, and that fragment plus
the metadata below is a `Document`. Writers never see answers, only this, which is what
keeps the content of every format the same. The HTML vocabulary a fragment may use is
listed in DESIGN.md ("The document HTML contract").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.locales import t


@dataclass
class Document:
    """A rendered document ready for the writers."""

    kind: str  # "plan" | "schedule" | "review"
    lang: str  # "zh" | "en"
    title: str  # e.g. "活动策划方案"
    subtitle: str  # the campaign theme
    header: str  # running header text (theme · document title)
    html: str  # the body fragment (no <html>/<body>), see DESIGN.md
    markdown: str = ""  # what the template produced; the golden files compare this
    cover_lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value) on the cover
    toc_title: str = ""  # "" -> `document.toc` in the document's language
    # "chart-kr.png" -> PNG bytes; may be lazy (a chart is drawn when its bytes are read)
    images: Mapping[str, bytes] = field(default_factory=dict)
    landscape: bool = False  # every page landscape (the schedule sheet)
    generated_on: str = ""  # ISO date shown on the cover
    slug: str = "campaign"  # file-name stem of the campaign
    look: Any = None  # writers/look.py: Look (theme, branding, company CSS); None: ours

    def __post_init__(self) -> None:
        if not self.toc_title:
            self.toc_title = t("document.toc", lang=self.lang)

    @property
    def font_family(self) -> str:
        """The CJK-capable family both writers use (Noto Sans CJK SC covers Latin too)."""
        return "Noto Sans CJK SC"
