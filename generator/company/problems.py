"""What filling a Word template can fail on that is not Jinja's: a picture, a section.

Raised by the functions a template calls (`image()`, `section()`) and worded with the
paragraph they stand in by package.render_problem.
"""

from __future__ import annotations

from generator.locales import Message


class FillProblem(Exception):
    """Something a template asked for cannot be done; `message` says why (a catalogue Message)."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


class ImageProblem(FillProblem):
    """An image a template asked for cannot be used."""


class SectionProblem(FillProblem):
    """A section cannot be inserted here (an unknown name, a header or footer)."""
