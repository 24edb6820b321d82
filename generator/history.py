"""The plan's version history (修订记录), kept by the tool beside the output manifest.

`generate` of an answers file whose content changed since the last generate into the same
folder adds a row: the version number, the date and the sections that changed, computed
from the answers (a digest per top-level section), never typed by the user. Generating
again from unchanged answers adds nothing, so regenerating for a new format or after a
template fix does not make a new version.

Stored in `DIR/.campaign-docs-history.json` (beside `.campaign-docs-manifest.json`), one
list of rows per campaign slug, so it survives regenerating, `--force` and deleting an
output, and several campaigns can share a folder. Why there and not in the answers file:
the answers file is the user's; a generate must not change it (the manifest's rule too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_text

HISTORY_NAME = ".campaign-docs-history.json"
HISTORY_FORMAT = 1
# The tool's own record and the file's format are not the plan's content.
NOT_CONTENT = ("format", "proposed")


@dataclass(frozen=True)
class Version:
    """One row of the version table."""

    version: int
    date: str  # ISO
    sections: tuple[str, ...]  # changed top-level sections; () for the first version

    def as_dict(self, digests: dict[str, str]) -> dict[str, Any]:
        """The stored form (with the digests the next generate compares with)."""
        return {"version": self.version, "date": self.date, "sections": list(self.sections),
                "digests": digests}


def section_digests(answers: Any) -> dict[str, str]:
    """A SHA-256 per top-level section of the answers as validated (empty ones left out),
    so a comment, a key order or a number written "2万" vs 20000 is no change."""
    data = answers.model_dump(mode="json", by_alias=True)
    digests = {}
    for name, value in data.items():
        if name in NOT_CONTENT or value in (None, [], {}):
            continue
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        # NOTE: surrogatepass: a lone surrogate in an answer (made safe in every document)
        # must not stop the documents here
        digests[name] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digests


def changed_sections(before: dict[str, str], after: dict[str, str],
                     order: list[str]) -> tuple[str, ...]:
    """Sections added, removed or changed between two digests, in the answers' field order."""
    return tuple(name for name in order if before.get(name) != after.get(name))


class History:
    """The version rows of every campaign generated into one folder."""

    def __init__(self, folder: Path, data: dict[str, Any] | None = None):
        self.path = Path(folder) / HISTORY_NAME
        self.campaigns: dict[str, list[dict[str, Any]]] = (data or {}).get("campaigns", {})

    @classmethod
    def load(cls, folder: Path) -> History:
        """The folder's history; empty when there is none or it cannot be read (a damaged
        record starts again rather than stopping the documents)."""
        path = Path(folder) / HISTORY_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(folder)
        if not isinstance(data, dict) or data.get("format") != HISTORY_FORMAT \
                or not isinstance(data.get("campaigns"), dict):
            return cls(folder)
        return cls(folder, data)

    def versions(self, slug: str) -> list[Version]:
        """The rows of one campaign, oldest first."""
        return [Version(r["version"], r["date"], tuple(r.get("sections", ())))
                for r in self.campaigns.get(slug, [])]

    def update(self, slug: str, answers: Any, today: dt.date | None = None) -> Version | None:
        """Add a row when the answers differ from the last row's (or there is none);
        the new row, else None."""
        digests = section_digests(answers)
        rows = self.campaigns.setdefault(slug, [])
        if rows and rows[-1].get("digests") == digests:
            return None
        order = list(type(answers).model_fields)
        sections = changed_sections(rows[-1].get("digests", {}), digests, order) if rows else ()
        version = Version(len(rows) + 1, (today or dt.date.today()).isoformat(), sections)
        rows.append(version.as_dict(digests))
        return version

    def save(self) -> None:
        """Write the history atomically."""
        data = {"format": HISTORY_FORMAT, "campaigns": self.campaigns}
        write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
