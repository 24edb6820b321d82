"""The review report's charts, drawn with matplotlib into PNG bytes.

Imported only when a review report with results is rendered (matplotlib is slow to import).
Charts use the document font: Noto Sans CJK SC, asked for by family name because the
.ttc file's first face is the Japanese one. Labels are user text, so mathtext is off
(`$x$` in a channel name stays text) and control characters are cleaned.
"""

from __future__ import annotations

import io
import math
import textwrap
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from generator.textsafe import clean_text

FONT_FAMILY = "Noto Sans CJK SC"
WIDTH_IN = 6.4  # the A4 text column, so the PNG is shown at its own size
DPI = 200
BLUE, GREY, GREEN, RED, AMBER = "#2f6db5", "#b8c2cc", "#3a9b5c", "#c8453b", "#d9a23a"


@contextmanager
def _style() -> Iterator[None]:
    """Document font, no mathtext, quiet frames, no warnings on stderr.

    A character no font has (an emoji, a private-use character in a channel name) is drawn
    as a box; matplotlib also warns with its own source lines, which a user cannot act on.
    """
    with warnings.catch_warnings(), matplotlib.rc_context({
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": True,  # a real minus (U+2212), as the tables print it
        "text.parse_math": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        # NOTE: a fixed title height skips matplotlib's search for tick labels above the
        # axes on every draw (our charts have none there, so the title sits where it would)
        "axes.titley": 1.0,
        "font.size": 8.5,
    }):
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        yield


def _label(text: object, width: int = 18) -> str:
    """A tick label: clean, wrapped to `width` columns (a CJK character takes two), 2 lines."""
    text = clean_text(str(text))
    wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    lines = textwrap.wrap(text, width // 2 if wide else width) or [""]
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def _figure(width: float, height: float) -> Figure:
    """A white figure drawn by Agg alone, at the resolution of the PNG.

    NOTE: pyplot is not used: it costs ~0.2 s more to import and keeps every figure in its
    registry until closed; a bare Figure is freed like any object. Laid out (tight_layout)
    at the PNG's own resolution, every text is measured once for layout, crop and drawing.
    """
    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    """The figure drawn once, cropped to what is drawn plus savefig's padding, as an RGB PNG.

    NOTE: `savefig(bbox_inches="tight")` crops the same way but lays the whole figure out a
    second time to find the box; the box is found here from the one drawing. The figure is
    opaque white, so the alpha channel is dropped (a PDF then needs no soft mask).
    """
    canvas = fig.canvas
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.get_tightbbox(renderer).padded(matplotlib.rcParams["savefig.pad_inches"])
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    left, right = max(0, math.floor(box.x0 * DPI)), min(width, math.ceil(box.x1 * DPI))
    top, bottom = max(0, height - math.ceil(box.y1 * DPI)), min(height, height - math.floor(box.y0 * DPI))
    buf = io.BytesIO()
    Image.fromarray(pixels[top:bottom, left:right, :3]).save(buf, format="png", dpi=(DPI, DPI))
    return buf.getvalue()


def key_results_chart(rows: list[dict], labels: dict[str, str]) -> bytes:
    """Target vs actual, one small panel per key result (their units differ).

    `rows`: metric, unit_text ("（人）", the unit in the document language's brackets),
    target, actual and their texts as the tables print them (target_text, actual_text),
    completion_text, css; `labels`: target, actual.
    """
    with _style():
        fig = _figure(WIDTH_IN, 0.2 + 0.85 * len(rows))
        axes = fig.subplots(len(rows), 1, squeeze=False)
        for ax, row in zip(axes[:, 0], rows, strict=False):
            _kr_panel(ax, row, labels)
        fig.tight_layout(h_pad=0.6)
        return _png(fig)


def _kr_panel(ax, row: dict, labels: dict[str, str]) -> None:
    """Two bars (target, actual) for one key result, each with its value."""
    values = [row["target"], row["actual"]]
    texts = [row["target_text"], row["actual_text"]]
    colours = [GREY, GREEN if row.get("css") == "good" else RED if row.get("css") == "bad"
               else BLUE]
    # NOTE: a bar below zero (an actual under a negative baseline) is drawn from 0 leftwards
    ax.barh([1, 0], [v or 0 for v in values], color=colours, height=0.7)
    ax.set_yticks([1, 0], [labels["target"], labels["actual"]])
    top = max([abs(v) for v in values if v is not None] + [0]) or 1
    low = min([v for v in values if v is not None] + [0])
    for y, v, text in zip([1, 0], values, texts, strict=False):
        # NOTE: a missing actual is a dash, never a 0 bar label that reads as "nothing sold"
        ax.text(max(v or 0, 0) + top * 0.01, y, clean_text(text), va="center", fontsize=8)
    ax.set_xlim(low * 1.18, top * 1.18)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    unit = clean_text(str(row.get("unit_text") or ""))
    ax.set_title(f"{clean_text(str(row['metric']))}{unit}  {row['completion_text']}",
                 loc="left", fontsize=9)


def funnel_chart(steps: list[tuple[str, float, str, str]]) -> bytes:
    """A centred funnel: one bar per recorded step, its count and its step rate.

    `steps`: (label, value, value_text, rate_text) for each step that has a value.
    """
    with _style():
        fig = _figure(WIDTH_IN, 0.5 + 0.6 * len(steps))
        ax = fig.subplots()
        top = max(v for _, v, _, _ in steps) or 1
        for i, (_name, value, value_text, rate) in enumerate(steps):
            y = len(steps) - 1 - i
            ax.barh(y, value, left=(top - value) / 2, color=BLUE, alpha=1 - 0.15 * i,
                    height=0.75)
            wide = value > top * 0.25
            # a narrow bar cannot hold its number: write it just right of the bar
            ax.text(top / 2 if wide else (top + value) / 2 + top * 0.015, y, value_text,
                    ha="center" if wide else "left", va="center",
                    color="white" if wide else "black", fontsize=9)
            ax.text(top * 1.03, y, rate, va="center", fontsize=8, color="#333333")
        ax.set_yticks(range(len(steps)), [_label(s[0]) for s in reversed(steps)])
        ax.set_xlim(0, top * 1.3)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        fig.tight_layout()
        return _png(fig)


def channels_chart(panels: dict) -> bytes:
    """Volume and unit cost per channel, side by side, channels in rank order.

    `panels`: names; volume and volume_text (conversions, or participants), volume_title;
    unit and unit_text (CPA, or cost per participant; None when not computable), unit_title.
    """
    with _style():
        rows = len(panels["names"])
        fig = _figure(WIDTH_IN, 0.8 + 0.42 * rows)
        left, right = fig.subplots(1, 2, sharey=True)
        ys = list(range(rows))[::-1]
        _bars(left, ys, panels["volume"], panels["volume_text"], BLUE, panels["volume_title"])
        _bars(right, ys, panels["unit"], panels["unit_text"], AMBER, panels["unit_title"])
        left.set_yticks(ys, [_label(name) for name in panels["names"]])
        right.tick_params(axis="y", length=0)
        fig.tight_layout(w_pad=1.5)
        return _png(fig)


def _bars(ax, ys: list[int], values: list[float | None], texts: list[str], colour: str,
          title: str) -> None:
    """Horizontal bars with their printed values; a missing value shows its dash."""
    top = max([v for v in values if v is not None] or [0]) or 1
    ax.barh(ys, [v or 0 for v in values], color=colour, height=0.65)
    for y, v, text in zip(ys, values, texts, strict=False):
        ax.text((v or 0) + top * 0.02, y, clean_text(text), va="center", fontsize=8)
    ax.set_xlim(0, top * 1.3)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.set_title(clean_text(title), loc="left")


PHASE_SHADES = ("#eef3fa", "#fdf3e1", "#eaf5ee", "#f3eef8")


def daily_chart(panels: list[dict], phases: list[dict]) -> bytes:
    """The main key results day by day: one panel per metric (their units differ), the
    campaign's phases shaded and named, the peak and the largest drop annotated.

    `panels`: title, dates, values, peak {date, value, text}, drop {date, value, text} or
    None; `phases`: start, end (dates, inclusive) and label.
    """
    import matplotlib.dates as mdates

    with _style():
        # NOTE: five KRs stay on one A4 page: each panel lower when there are many
        each = 1.9 if len(panels) <= 3 else 1.45
        fig = _figure(WIDTH_IN, 0.4 + each * len(panels))
        axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)
        for ax in axes[:, 0]:
            _shade_phases(ax, phases)
        for ax, panel in zip(axes[:, 0], panels, strict=False):
            _daily_panel(ax, panel)
        bottom = axes[-1, 0]
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
        bottom.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        fig.tight_layout(h_pad=0.8)
        return _png(fig)


def _shade_phases(ax, phases: list[dict]) -> None:
    """Each phase a light band from its first to the end of its last day, named at the top."""
    import datetime as dt

    for i, phase in enumerate(phases):
        start, end = phase["start"], phase["end"] + dt.timedelta(days=1)
        start, end = start - dt.timedelta(hours=12), end - dt.timedelta(hours=12)
        ax.axvspan(start, end, color=PHASE_SHADES[i % len(PHASE_SHADES)], zorder=0, lw=0)
        ax.text(start + (end - start) / 2, 1.0, _label(phase["label"], 16),
                transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=7.5,
                color="#555555")


def _daily_panel(ax, panel: dict) -> None:
    """The line with its points, the peak (green) and the drop (red) marked and labelled."""
    ax.plot(panel["dates"], panel["values"], color=BLUE, marker="o", markersize=2.5, lw=1.4,
            zorder=3)
    top = max(panel["values"])
    low = min(min(panel["values"]), 0)
    ax.set_ylim(low, top * 1.32 if top > 0 else 1)
    marks = [(panel["peak"], GREEN, (0, 10))]
    if panel["drop"] is not None:
        marks.append((panel["drop"], RED, (0, -16)))
    for mark, colour, offset in marks:
        ax.scatter([mark["date"]], [mark["value"]], color=colour, s=22, zorder=4)
        ax.annotate(clean_text(mark["text"]), (mark["date"], mark["value"]),
                    xytext=offset, textcoords="offset points", ha="center", fontsize=7.5,
                    color=colour, zorder=5,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                          "alpha": 0.85})
    ax.set_title(clean_text(panel["title"]), loc="left", fontsize=9, pad=12)
    ax.yaxis.set_major_formatter(_plain_thousands())
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)


def _plain_thousands():
    """Axis numbers as the tables print them: 12,000, 26.5 (a real minus below zero)."""
    from matplotlib.ticker import FuncFormatter

    from generator import figures

    return FuncFormatter(lambda v, _pos: figures.number(v))
