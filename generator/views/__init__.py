"""View models: answers -> everything a template shows, every figure computed here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class View:
    """What one document's template sees (`context`) plus binary assets (charts).

    `images` may be lazy (the review's charts are drawn when first read): pass it on as it
    is; copying it into a dict would draw every chart for formats that show none.
    """

    context: dict
    images: Mapping[str, bytes] = field(default_factory=dict)
