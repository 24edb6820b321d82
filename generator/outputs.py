"""What can be written: the documents, their formats, the bundled examples.

Its own module (no imports) because the CLI needs these names to build its options, and
`campaign-docs --help` must not pay for the orchestrator's imports (generate.py).
"""

from __future__ import annotations

DOCS = ("plan", "schedule", "review")  # what `generate` writes when no --doc is given
# The results poster (战报) is asked for by name (--doc poster): it needs the results, and a
# campaign's plan and schedule are written long before there are any.
ALL_DOCS = (*DOCS, "poster")
FORMATS_BY_DOC = {
    "plan": ("docx", "pdf", "html", "md"),
    "schedule": ("docx", "pdf", "xlsx", "ics", "html", "md"),
    "review": ("docx", "pdf", "xlsx", "html", "md"),  # xlsx: the fill-in workbook
    "poster": ("png", "pdf"),
}
ALL_FORMATS = tuple(dict.fromkeys(f for fs in FORMATS_BY_DOC.values() for f in fs))
# NOTE: png is the poster's alone, so by default the poster gets both formats, the rest theirs
DEFAULT_FORMATS = ("docx", "pdf", "xlsx", "png")
DOCUMENT_FORMATS = ("docx", "pdf", "html", "md")
EXAMPLES = {"zh": "double11-zh.yaml", "en": "spring-referral-en.yaml"}
