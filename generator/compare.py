"""The earlier campaign a review compares with (`compare_with:` in the answers, or
`generate --compare FILE`): found, loaded and checked here, once, before any document.

`compare_with` is relative to the answers file that names it (a folder of campaigns moves
as a whole); `--compare` is relative to where the command runs, as every other path on
the command line. A file that is missing, does not load or has no `results` is one
sentence naming it, never a review without its comparison.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import AnswersError, CampaignDocsError
from generator.locales import msg


@dataclass(frozen=True)
class Previous:
    """The earlier campaign: its answers, the file as the user named it, and its path."""

    answers: Any
    source: str
    path: Path


def compare_path(answers_path: str | Path, answers: Any,
                 override: str | Path | None = None) -> tuple[Path, str] | None:
    """Where the earlier campaign is (and how the user named it); None when none is named."""
    if override is not None:
        return Path(override), str(override)
    named = getattr(answers, "compare_with", None)
    if not named:
        return None
    return Path(answers_path).parent / named, named


def compare_digest(answers_path: str | Path, compare_with: str | None) -> str:
    """What the earlier campaign adds to a batch input's manifest key: its name and the
    SHA-256 of its bytes ("" when none is named), so a changed predecessor regenerates."""
    if not compare_with:
        return ""
    try:
        data = (Path(answers_path).parent / compare_with).read_bytes()
    except (OSError, ValueError):  # ValueError: a name with a NUL
        data = b""  # NOTE: missing now: the key changes, and loading it names the problem
    return f"\ncompare {compare_with} {hashlib.sha256(data).hexdigest()}"


def load_previous(answers_path: str | Path, answers: Any,
                  override: str | Path | None = None) -> Previous | None:
    """The earlier campaign named by `override` or `answers.compare_with`; None when none
    is named. A CampaignDocsError (one sentence naming the file) when it cannot be used."""
    from generator.answers.load import load_answers

    found = compare_path(answers_path, answers, override)
    if found is None:
        return None
    path, source = found
    try:
        previous = load_answers(path).answers
    except AnswersError as exc:
        first = exc.problems[0] if exc.problems else None
        raise CampaignDocsError(msg("errors.compare.unreadable", file=answers_path,
                                    compare=source,
                                    reason=first.render() if first else "")) from None
    if previous.results is None:
        raise CampaignDocsError(msg("errors.compare.no_results", file=answers_path,
                                    compare=source))
    if previous.campaign.currency != answers.campaign.currency:
        # NOTE: ¥ beside $ with a "change" between them would be a figure that means nothing
        raise CampaignDocsError(msg("errors.compare.currency", file=answers_path,
                                    compare=source, theirs=previous.campaign.currency,
                                    ours=answers.campaign.currency))
    return Previous(previous, source, path)


def predecessor(source: str | Path, answers: Any,
                campaigns: list[tuple[str, Any]]) -> str | None:
    """`batch --compare-previous`: the campaign a review compares with when its answers name
    none. Among `campaigns` (source, answers) in the same folder as `source`: the same
    purpose, with results recorded, ended before this one starts; the one that ended last
    (then the file name, for a stable choice). Its file name, or None."""
    folder = Path(source).parent
    start, purpose = answers.campaign.start, answers.campaign.purpose
    earlier = [(other.campaign.end, Path(path).name) for path, other in campaigns
               if Path(path).parent == folder and other.results is not None
               and other.campaign.purpose == purpose and other.campaign.end < start]
    return max(earlier)[1] if earlier else None
