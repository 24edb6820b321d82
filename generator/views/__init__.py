"""View models: answers -> everything a template shows, every figure computed here."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class View:
    """What one document's template sees (`context`) plus binary assets (charts)."""

    context: dict
    images: dict[str, bytes] = field(default_factory=dict)
