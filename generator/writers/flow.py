"""Page-flow rules both writers follow (issue 12): what must stay on one page.

- A table or list of up to KEEP_ROWS rows (items), a Gantt chart of up to KEEP_GANTT_ROWS
  tasks, is never split across pages; a longer one keeps two rows together at each end,
  so no page holds a one-row continuation. A total row (合计) is not counted as a row and
  keeps with the two before it: a page never ends a table with one row and its total.
- Headings keep with what follows (the PDF stylesheet, the DOCX heading styles).
- A paragraph that introduces a table or a list stays with it (`leads`); a line right after
  a table or list (a legend, a closing note) stays with its last rows.

The PDF gets these as classes and CSS (writers/page.py, templates/paged.css), the DOCX as
keep-with-next on paragraphs and table rows (writers/docx/body.py, tables.py).
"""

from __future__ import annotations

KEEP_ROWS = 6
KEEP_GANTT_ROWS = 30


def keep_limit(table_classes: set[str] | list[str]) -> int:
    """How many body rows a table may have and still be kept on one page."""
    return KEEP_GANTT_ROWS if "gantt" in table_classes else KEEP_ROWS


def is_total_row(cells) -> bool:
    """Whether a body row (its cells, HTML elements) is a total: every filled cell is
    bold text alone, as the templates write 合计 / Total rows."""
    filled = [cell for cell in cells if "".join(cell.itertext()).strip()]
    return bool(filled) and all(_bold_alone(cell) for cell in filled)


def _bold_alone(cell) -> bool:
    children = [child for child in cell if isinstance(child.tag, str)]
    return (not (cell.text or "").strip() and len(children) == 1
            and children[0].tag in ("strong", "b") and not (children[0].tail or "").strip())


def next_tag(el) -> str:
    """The tag of the element right after `el` when nothing but white space lies between."""
    if el.tail and el.tail.strip():
        return ""
    following = el.getnext()
    return following.tag if following is not None and isinstance(following.tag, str) else ""


def leads(el) -> bool:
    """Whether a paragraph introduces what follows it: a table or a list, or a legend
    (which introduces its table) right after it."""
    tag = next_tag(el)
    if tag in ("table", "ul", "ol"):
        return True
    return tag == "p" and "legend" in (el.getnext().get("class") or "").split()
