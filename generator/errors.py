"""One exception hierarchy: click prints the message and exits with the code, no traceback."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import click


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
    """Base of every error a user may see; the message is one clear sentence (or a list)."""

    exit_code = ExitCode.ERROR


@dataclass(frozen=True)
class Problem:
    """One finding about an input file: where it is, which field, what to do."""

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        tag = "" if self.severity == "error" else " warning:"
        return f"{where}:{tag}{field} {self.message}"


class AnswersError(CampaignDocsError):
    """The answers file cannot be used as it is; carries every problem found."""

    exit_code = ExitCode.INVALID_ANSWERS

    def __init__(self, problems: list[Problem]):
        # NOTE: in file order, so a user fixes them top to bottom (sorted() is stable).
        self.problems = sorted(problems, key=lambda p: p.line or 0)
        super().__init__("\n".join(str(p) for p in self.problems))


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
