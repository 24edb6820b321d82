"""The review's three charts: as drawn now vs without bbox_inches="tight" vs at 150 dpi."""

from __future__ import annotations

import io
import time

from bench.levers.common import cpu_median, example_answers


def main() -> None:
    """Print the import cost and the CPU time of the review with its charts, each way."""
    start = time.process_time()
    from generator.views import charts

    print(f"import generator.views.charts (matplotlib, pyplot): "
          f"{time.process_time() - start:.3f} s CPU")
    from generator.render.templating import render_document

    answers = example_answers()

    def review_with_charts() -> int:
        doc = render_document("review", answers)
        return sum(len(doc.images[name]) for name in doc.images)

    def png_with(**changes):
        def png(fig) -> bytes:
            options = {"format": "png", "dpi": charts.DPI, "bbox_inches": "tight",
                       "facecolor": "white", "metadata": {"Software": None}, **changes}
            buf = io.BytesIO()
            try:
                fig.savefig(buf, **options)
            finally:
                charts.plt.close(fig)
            return buf.getvalue()
        return png

    now = charts._png
    review_with_charts()  # the first figure pays matplotlib's set-up
    variants = (("now", now), ("no bbox tight", png_with(bbox_inches=None)),
                ("150 dpi", png_with(dpi=150)))
    for label, png in variants * 2:
        charts._png = png
        median, runs = cpu_median(review_with_charts, 3)
        print(f"{label}: review + charts {median:.3f} s CPU ({runs}); "
              f"{review_with_charts():,} PNG bytes", flush=True)
    charts._png = now


if __name__ == "__main__":
    main()
