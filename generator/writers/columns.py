"""Column widths from a table's content, one algorithm for the PDF/HTML page and the DOCX.

Both writers give every table fixed column widths (WeasyPrint's automatic layout measures
each CJK character; Word and LibreOffice lay out autofit tables differently), so the widths
must be right before layout. The rules a person setting a table would follow:

- a CJK header of up to five characters never breaks (负责人, 预算占比, 预计转化);
- numbers, dates and a number with its unit never split (`2026-10-25`, `¥30,000`, `30 元`:
  `bind_units` joins a number to its unit with a no-break space);
- a short label ("自有渠道", "Priya Shah") and a cell of figures ("10-25 ~ 11-11") stay on
  one line, and a text column is at least six CJK characters wide, when the table has
  room; a table without that room is set in the smaller `wide` font;
- the room left goes where it saves the most lines: to the text columns.

Widths are in ems of the table's font: a CJK character is one em (two half-width units),
a Latin letter or digit its advance in Noto Sans CJK SC (about half an em).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.textsafe import clean_text

# Advance widths (em) of printable ASCII in Noto Sans CJK SC Regular, from the font's hmtx.
_ASCII_EM = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (0.224, 0.323, 0.474, 0.555, 0.555, 0.921, 0.68, 0.278, 0.338, 0.338, 0.467, 0.555, 0.278,
     0.347, 0.278, 0.392, *[0.555] * 10, 0.278, 0.278, 0.555, 0.555, 0.555, 0.474, 0.946,
     0.608, 0.657, 0.638, 0.688, 0.589, 0.552, 0.689, 0.728, 0.293, 0.535, 0.646, 0.543, 0.812,
     0.723, 0.742, 0.633, 0.742, 0.635, 0.596, 0.599, 0.721, 0.575, 0.878, 0.573, 0.531, 0.603,
     0.338, 0.392, 0.338, 0.555, 0.559, 0.606, 0.563, 0.618, 0.51, 0.62, 0.554, 0.325, 0.564,
     0.607, 0.275, 0.275, 0.552, 0.284, 0.926, 0.61, 0.606, 0.62, 0.62, 0.388, 0.468, 0.377,
     0.607, 0.521, 0.802, 0.498, 0.521, 0.475, 0.338, 0.27, 0.338, 0.555),
    strict=True,
))
_BOLD = 1.06  # bold Latin is about 6 % wider; CJK keeps its em
_NBSP = "\u00a0"
HEADER_KEEP_EM = 5.2  # a header this wide with CJK in it (five characters) never breaks
SHORT_LABEL_EM = 6.2  # a text cell this short stays on one line, a longer one this wide
VERDICT_CLASSES = frozenset({"good", "bad"})  # cells both writers set bold in verdict colour
BLANK_CELL_EM = 5.0  # an empty fill-in cell: room to write a figure by hand
MAX_NATURAL_EM = 60.0  # one line wider than this is wider than any page anyway
SAMPLE_ROWS = 30  # a long table's shape is measured on this many evenly spread rows
STEPS = 48  # the room left is handed out in this many steps
# NOTE: a column exactly as wide as its text still wraps it in WeasyPrint and LibreOffice
# (percentages and twips round, bold and kerning shift a little): every measure gets this.
SLACK_EM = 0.3
# What a word broken inside ("Participa-nts") costs when room is handed out, in lines: more
# than a line of text in a few rows, so broken words are mended first.
BROKEN_WORD_COST = 6


def is_wide(ch: str) -> bool:
    """A character one em wide: CJK ideographs, kana, hangul, full-width forms and the
    punctuation Noto Sans CJK sets full-width (，。（）“” …)."""
    return ord(ch) >= 0x2E80 or unicodedata.east_asian_width(ch) in "WFA"


def char_em(ch: str, bold: bool = False) -> float:
    """The advance of one character in ems."""
    if ch in _ASCII_EM:
        return _ASCII_EM[ch] * (_BOLD if bold else 1.0)
    if ch == _NBSP:
        return _ASCII_EM[" "]
    if is_wide(ch):
        return 1.0
    return 0.58 * (_BOLD if bold else 1.0)  # accented Latin, symbols: an average letter


def text_em(text: str, bold: bool = False) -> float:
    """The printed width of `text` on one line, in ems."""
    return sum(char_em(ch, bold) for ch in text)


# A number and the unit after it: "30 元", "12,000 人", "6 days", "15.0 %". The space between
# becomes a no-break space so no line ever ends between them.
_NUMBER_UNIT_RE = re.compile(
    r"(?<![A-Za-z0-9_.,])([-+]?[¥$€£]?\d[\d,]*(?:\.\d+)?) (?=[%‰\u4e00-\u9fff]|[A-Za-z]{1,12}\b)")


def bind_units(text: str) -> str:
    """`text` with a no-break space between each number and its unit ("30 元", "6 days");
    characters no document can hold become U+FFFD (lxml refuses to store them)."""
    return clean_text(_NUMBER_UNIT_RE.sub(lambda m: m.group(1) + _NBSP, text))


# Where a line may break: at (breaking) spaces, and around every wide character except
# before closing and after opening punctuation (kinsoku: "，" never starts a line).
_CLOSING = set("，。、；：！？）】》」』”’％…·,.;:!?)]%")
_OPENING = set("（【《「『“‘([")


# One piece: opening punctuation, then one wide character or a run of narrow ones, then
# closing punctuation. Wide here is what `is_wide` says of CJK text (the ambiguous-width
# quotes and dots are wide in a CJK font).
_WIDE = "\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_PIECE_RE = re.compile(
    f"[{re.escape(''.join(_OPENING))}]*"
    f"(?:[{_WIDE}]|[^\\s{_WIDE}{re.escape(''.join(_OPENING))}]+|\u00a0)"
    f"[{re.escape(''.join(_CLOSING))}\u00a0]*"
    # opening punctuation with nothing after it ("(" alone, "见 (") is a piece of its own
    f"|[{re.escape(''.join(_OPENING))}]+")


def pieces(text: str) -> list[tuple[str, bool]]:
    """The parts of `text` no line break can fall inside (words, numbers, dates, one CJK
    character with the punctuation that clings to it), each with whether a space comes
    before it."""
    out = []
    end = 0
    for match in _PIECE_RE.finditer(text):
        if out and match.start() == end and not _breakable(out[-1][0][-1], match.group()[0]):
            out[-1] = (out[-1][0] + match.group(), out[-1][1])
        else:
            out.append((match.group(), bool(out) and match.start() > end))
        end = match.end()
    return out


def _breakable(before: str, after: str) -> bool:
    """Whether a line may break between two touching characters (one of them wide)."""
    if before == _NBSP or after == _NBSP:
        return False
    return (is_wide(after) and after not in _CLOSING and before not in _OPENING) or (
        is_wide(before) and before not in _OPENING and after not in _CLOSING)


@dataclass(frozen=True)
class Cell:
    """What the width rules need to know of a cell: its text and how it is set."""

    text: str
    header: bool = False
    bold: bool = False
    blank: bool = False  # an empty fill-in cell

    def layout(self) -> Wrapped:
        """The cell's text measured for wrapping, with its minimum and preferred widths."""
        return _layout(" ".join(self.text.split()), self.header, self.bold, self.blank)


@dataclass(frozen=True)
class Wrapped:
    """A cell's pieces ((width, space before) in ems) and its hard minimum, preferred
    minimum and one-line widths."""

    parts: tuple[tuple[float, float], ...]
    hard: float
    soft: float
    whole: float

    def lines(self, width: float) -> int:
        """How many lines the cell takes in a column `width` ems wide (inside the padding),
        filling each line with whole pieces as a renderer does."""
        if self.whole <= width + 1e-6:
            return 1
        width -= SLACK_EM
        lines, x = 1, 0.0
        for w, gap in self.parts:
            if x and x + gap + w <= width:
                x += gap + w
            elif x:
                lines, x = lines + 1, w
            else:
                x = w
            if w > width:  # a piece wider than the column overflows onto more lines
                lines += math.ceil(w / max(width, 0.5)) - 1
                x = width
        return lines

    def broken(self, width: float) -> bool:
        """Whether some word or number must break inside in a column `width` ems wide."""
        return bool(self.parts) and self.hard > width + 1e-6


@lru_cache(maxsize=4096)
def _layout(text: str, header: bool, bold: bool, blank_cell: bool) -> Wrapped:
    """Cell.layout, kept for cells with the same text (owners, kinds, dates repeat)."""
    bold = bold or header
    if not text:
        blank = BLANK_CELL_EM if blank_cell else 0.0
        return Wrapped((), blank, blank, blank)
    space = char_em(" ", bold)
    parts = tuple((text_em(p, bold), space if spaced else 0.0) for p, spaced in pieces(text))
    whole = min(sum(w + gap for w, gap in parts), MAX_NATURAL_EM) + SLACK_EM
    longest = max(w for w, _ in parts) + SLACK_EM
    if header:
        if any(is_wide(ch) for ch in text) and whole <= HEADER_KEEP_EM + SLACK_EM:
            return Wrapped(parts, whole, whole, whole)
        # a longer header may take two lines, never three
        return Wrapped(parts, longest, max(longest, whole / 2), whole)
    if not any(ch.isalpha() for ch in text):  # figures: "10-25 ~ 11-11", "¥1,200 / 30%"
        return Wrapped(parts, longest, whole, whole)
    # text: a short label on one line, a longer text at least that wide (a column of two
    # or three characters a line reads as a list of syllables)
    return Wrapped(parts, longest, max(longest, min(whole, SHORT_LABEL_EM + SLACK_EM)), whole)


def column_widths(rows: Sequence[Sequence[Cell | None]], room: float, pad: float) -> list[float]:
    """Widths (ems, each including `pad`, summing to `room`) for a table of `rows`.

    A row lists one entry per grid column; None stands for a cell that spans columns (it
    is not measured). Every column gets its hard minimum (the unbreakable parts), or its
    preferred minimum (short labels and figures on one line) when all of those fit; then
    the room left goes step by step to the column where it saves the most lines over the
    whole table; then to the preferred minimums and one-line widths still missing; what is
    left after every column has its one line goes to the text columns. When even the hard
    minimums do not fit, a header's long word may break (a header is read once, a column
    of squeezed text in every row).
    """
    ncols = max((len(r) for r in rows), default=0)
    if ncols == 0:
        return []
    hard, soft, natural, body_hard = ([pad] * ncols for _ in range(4))
    measured_rows: list[list[Wrapped | None]] = []
    texty = [False] * ncols
    for row in rows:
        measured: list[Wrapped | None] = [None] * ncols
        for col, cell in enumerate(row):
            if cell is None:
                continue
            wrapped = measured[col] = cell.layout()
            hard[col] = max(hard[col], wrapped.hard + pad)
            soft[col] = max(soft[col], wrapped.soft + pad)
            # a header may take two lines: its one-line width claims no room
            natural[col] = max(natural[col], (wrapped.soft if cell.header else wrapped.whole)
                               + pad)
            if not cell.header:
                body_hard[col] = max(body_hard[col], wrapped.hard + pad)
                texty[col] = texty[col] or any(ch.isalpha() for ch in cell.text)
        if any(measured):
            measured_rows.append(measured)
    if sum(hard) <= room:
        start = soft if sum(soft) <= room else hard
    elif sum(body_hard) < room:
        start = body_hard
    else:  # even the body's unbreakable parts do not fit: squeeze them all
        return [room * h / sum(body_hard) for h in body_hard]
    widths = _LineFiller(_sample(measured_rows), pad).fill(start, natural, room - sum(start))
    for target in (hard, soft, natural):
        spare = room - sum(widths)
        if spare > 1e-6:
            widths = _spread(widths, target, spare)
    spare = room - sum(widths)
    if spare > 1e-6:  # every column has its one line: widen the text columns
        share = [n if texty[i] else 0.0 for i, n in enumerate(natural)]
        if not any(share):
            share = list(natural)
        total = sum(share)
        widths = [w + spare * s / total for w, s in zip(widths, share, strict=True)]
    return widths


def crowded(rows: Sequence[Sequence[Cell | None]], room: float, pad: float) -> bool:
    """Whether a table's short labels and figures cannot all stay on one line in `room`
    (then a writer sets it in the smaller `wide` font)."""
    ncols = max((len(r) for r in rows), default=0)
    soft = [pad] * ncols
    for row in rows:
        for col, cell in enumerate(row):
            if cell is not None:
                soft[col] = max(soft[col], cell.layout().soft + pad)
    return sum(soft) > room


def _sample(body: list) -> list:
    """At most SAMPLE_ROWS rows, evenly spread (a long table keeps its shape)."""
    if len(body) <= SAMPLE_ROWS:
        return body
    step = len(body) / SAMPLE_ROWS
    return [body[int(i * step)] for i in range(SAMPLE_ROWS)]


def _spread(low: list[float], high: list[float], spare: float) -> list[float]:
    """`low` plus up to `spare`, shared in proportion to how far each column is below
    `high` (never past it)."""
    wants = [max(h - lo, 0.0) for lo, h in zip(low, high, strict=True)]
    total = sum(wants)
    if total <= 0:
        return list(low)
    give = min(spare, total)
    return [lo + give * w / total for lo, w in zip(low, wants, strict=True)]


class _LineFiller:
    """Hands out room to the columns where it saves the most: the table's lines (each row
    as tall as its tallest cell) and, weighted more, its words broken inside."""

    def __init__(self, rows: list[list[Wrapped | None]], pad: float):
        self.rows = rows
        self.pad = pad
        self.memo: dict[tuple[int, float], tuple[list[int], int]] = {}

    def column(self, col: int, width: float) -> tuple[list[int], int]:
        """(lines of each row's cell, cells with a broken word) of column `col` at `width`."""
        key = (col, round(width, 3))
        if key not in self.memo:
            inner = width - self.pad
            cells = [row[col] for row in self.rows]
            self.memo[key] = ([1 if c is None else c.lines(inner) for c in cells],
                              sum(1 for c in cells if c is not None and c.broken(inner)))
        return self.memo[key]

    def cost(self, columns: list[tuple[list[int], int]]) -> float:
        """The table's lines plus the price of its broken words."""
        lines = sum(max(r) for r in zip(*(c[0] for c in columns), strict=True))
        return lines + BROKEN_WORD_COST * sum(c[1] for c in columns)

    def trial_cost(self, columns: list, col: int, width: float) -> float:
        """The cost with column `col` at `width` and the others as they are."""
        return self.cost(columns[:col] + [self.column(col, width)] + columns[col + 1:])

    def least_extra(self, columns: list, col: int, width: float, low: float, high: float,
                    target: float) -> float:
        """The smallest extra width in (low, high] that brings the cost down to `target`
        (a doubling step overshoots; the room it did not need goes elsewhere)."""
        for _ in range(8):
            middle = (low + high) / 2
            if self.trial_cost(columns, col, width + middle) <= target:
                high = middle
            else:
                low = middle
        return high

    def fill(self, widths: list[float], natural: list[float], spare: float) -> list[float]:
        """`widths` plus up to `spare`, in steps, each to the column that saves the most
        per em; a column that needs several steps to save anything gets them at once.
        Stops when no column saves a line."""
        widths = list(widths)
        if not self.rows or spare <= 1e-6:
            return widths
        step = max(spare / STEPS, 0.2)
        ncols = len(widths)
        while spare > 1e-6:
            columns = [self.column(c, widths[c]) for c in range(ncols)]
            cost = self.cost(columns)
            if cost <= len(self.rows):
                break
            best: tuple[float, float, int] | None = None  # (saved per em, extra, column)
            for col in range(ncols):
                want = natural[col] - widths[col]
                if want <= 1e-6:
                    continue
                low = 0.0
                for k in (1, 2, 4, 8, 16, 32, STEPS):
                    extra = min(k * step, want, spare)
                    saved = cost - self.trial_cost(columns, col, widths[col] + extra)
                    if saved > 0:
                        extra = self.least_extra(columns, col, widths[col], low, extra,
                                                 cost - saved)
                        if best is None or saved / extra > best[0] + 1e-9:
                            best = (saved / extra, extra, col)
                        break
                    if extra >= want or extra >= spare:
                        break
                    low = extra
            if best is None:
                break
            _, extra, col = best
            widths[col] += extra
            spare -= extra
        return widths
