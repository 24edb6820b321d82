"""One exception hierarchy: click prints the message and exits with the code, no traceback.

Messages may be `locales.Message`s (a catalogue key and its parameters): they are put into
words when shown, in the session language of that moment, wherever they were made.
"""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass

import click

from generator.locales import Message, msg, render, t

# OS errors we say in the user's language; any other keeps the system's own words.
_OS_REASONS = {errno.EACCES: "access", errno.EPERM: "access", errno.ENOENT: "missing",
               errno.ENOSPC: "full", errno.EROFS: "read_only", errno.ENOTDIR: "not_a_folder",
               errno.EISDIR: "is_a_folder", errno.EDQUOT: "full", errno.EFBIG: "too_big",
               # NOTE: mkdir(exist_ok=True) raises EEXIST only when a file holds the name
               errno.EEXIST: "not_a_folder"}


class ExitCode(enum.IntEnum):
    """Process exit codes, named (httpie's status.py)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INVALID_ANSWERS = 3
    RENDER_FAILED = 4
    ENVIRONMENT = 5
    INTERRUPTED = 130


class CampaignDocsError(click.ClickException):
    """Base of every error a user may see; the message is one clear sentence (or a list).

    `message` is text or a `locales.Message`, rendered when the error is shown.
    """

    exit_code = ExitCode.ERROR

    def __init__(self, message: str | Message) -> None:
        super().__init__(message)  # type: ignore[arg-type]

    def format_message(self) -> str:
        """The message in words, in the session language."""
        return str(render(self.message))

    def __str__(self) -> str:
        return self.format_message()


def os_reason(exc: OSError) -> str | Message:
    """Why an OS call failed, in the user's language when we know the error."""
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason:
        return msg(f"errors.os.{reason}")
    return exc.strerror or str(exc)


@dataclass(frozen=True)
class Problem:
    """One finding about an input file: where it is, which field, what to do."""

    file: str
    line: int | None
    field: str
    message: str | Message  # what is wrong and how to fix it; a Message is rendered late
    severity: str = "error"  # "error" | "warning"

    def text(self, lang: str | None = None) -> str:
        """The message alone, in `lang` (default: the session language)."""
        return str(render(self.message, lang))

    def render(self, lang: str | None = None) -> str:
        """`file:line: [warning:] field: message`, the line a user (or an editor) reads."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        tag = "" if self.severity == "error" else " " + t("errors.warning_tag", lang)
        return f"{where}:{tag}{field} {self.text(lang)}"

    def __str__(self) -> str:
        return self.render()

    def as_dict(self, lang: str | None = None) -> dict:
        """The problem as plain data (JSON reports), its message in words."""
        return {"file": self.file, "line": self.line, "field": self.field,
                "message": self.text(lang), "severity": self.severity}


class ProblemList:
    """An error made of problems (`self.problems`), each worded when the message is read,
    in the session language of that moment. Mixed into a CampaignDocsError subclass."""

    problems: list

    @property  # type: ignore[override]
    def message(self) -> str:
        """Every problem, one line each, in the session language of the moment it is read."""
        return "\n".join(str(p) for p in self.problems)

    @message.setter
    def message(self, value: str) -> None:
        pass  # NOTE: click's __init__ sets it; ours is worded from the problems when read

    def format_message(self) -> str:
        """Every problem, one line each, in the session language."""
        return self.message


class AnswersError(ProblemList, CampaignDocsError):
    """The answers file cannot be used as it is; carries every problem found."""

    exit_code = ExitCode.INVALID_ANSWERS

    def __init__(self, problems: list[Problem]):
        # NOTE: in file order, so a user fixes them top to bottom (sorted() is stable).
        self.problems = sorted(problems, key=lambda p: p.line or 0)
        super().__init__("")


class QuestionnaireError(CampaignDocsError):
    """A questionnaire definition file is malformed (file, line, field)."""


class TemplateError(CampaignDocsError):
    """A document template failed: names the template, line and variable."""

    exit_code = ExitCode.RENDER_FAILED


class RenderError(CampaignDocsError):
    """Turning a document into DOCX/PDF/XLSX/... failed."""

    exit_code = ExitCode.RENDER_FAILED


class OutputError(CampaignDocsError):
    """An output could not be written (permissions, disk, a path outside the folder)."""


class UsageError(CampaignDocsError):
    """The command line asks for something that does not exist (e.g. an unknown --doc)."""

    exit_code = ExitCode.USAGE


class EnvironmentProblem(CampaignDocsError):
    """A system library, font or program the tool needs is missing; says how to install it."""

    exit_code = ExitCode.ENVIRONMENT
