"""One input of a batch and what became of it: what the run changes and the report reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import Problem
from generator.locales import Message, render, t


@dataclass
class Item:
    """One input file and what became of it."""

    source: str
    status: str = "pending"  # pending | generated | skipped | failed
    slug: str | None = None
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | Message | None = None  # worded when shown (the session language)
    problems: list[Problem] = field(default_factory=list)
    worker: dict = field(default_factory=dict)
    data: bytes = b""
    answers_sha: str = ""
    answers: object = None
    loaded: object = None
    stale_docs: tuple[str, ...] = ()  # the documents to (re)generate
    kept: list[tuple[str, str]] = field(default_factory=list)  # (output, "changed" | "foreign")
    key: str = ""  # manifest.input_key of this input
    compare_with: str | None = None  # the answers' compare_with, as typed (compare.py)
    predecessor: str | None = None  # --compare-previous: the file chosen in the same folder
    previous: object = None  # compare.Previous: the earlier campaign the review compares with
    detail: str | None = None  # the traceback of an unexpected error (a bug), for --report

    def fail(self, error: str | Message | None = None,
             problems: list[Problem] | None = None) -> None:
        """Mark failed with a user-facing sentence, or the file/line/field problems."""
        self.status, self.error, self.problems = "failed", error, problems or []

    def error_text(self) -> str | None:
        """What went wrong, in words: the sentence, else one line per problem."""
        if self.error is not None:
            return str(render(self.error))
        return "\n".join(str(p) for p in self.problems) or None

    def kept_lines(self) -> list[str]:
        """One sentence per kept output: which file, why, and the way on."""
        return [t(f"errors.kept.{owner}", file=path) for path, owner in self.kept]

    def as_report(self) -> dict:
        """The JSON report entry of this input."""
        # NOTE: only outputs that are really there: none for a failed or unfinished input
        outputs = self.outputs if self.status in ("generated", "skipped") else []
        entry = {"input": self.source, "slug": self.slug, "status": self.status,
                 "outputs": outputs, "seconds": self.seconds, "error": self.error_text()}
        if self.kept:
            entry["kept"] = [path for path, _ in self.kept]
        if self.problems:
            entry["problems"] = [p.as_dict() for p in self.problems]
        if self.worker:
            entry["worker"] = self.worker
        if self.detail and self.status == "failed":
            entry["detail"] = self.detail
        return entry
