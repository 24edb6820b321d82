"""The review's three charts: drawn once and cropped by hand (kept) vs savefig's tight crop
(a second layout of each figure, as before issue 17's second pass) vs 150 dpi."""

from __future__ import annotations

import io
import time

from bench.levers.common import cpu_median, example_answers


def main() -> None:
    """Print the import cost and the CPU time of the review with its charts, each way."""
    start = time.process_time()
    from generator.views import charts

    print(f"import generator.views.charts (matplotlib Figure + Agg, no pyplot): "
          f"{time.process_time() - start:.3f} s CPU")
    from generator.render.templating import build_view

    answers = example_answers()

    def review_with_charts() -> int:
        view = build_view("review", answers, answers.lang)
        return sum(len(view.images[name]) for name in view.images)

    def savefig_with(**changes):
        def png(fig) -> bytes:
            options = {"format": "png", "dpi": charts.DPI, "bbox_inches": "tight",
                       "facecolor": "white", "metadata": {"Software": None}, **changes}
            buf = io.BytesIO()
            fig.savefig(buf, **options)
            return buf.getvalue()
        return png

    now = charts._png
    review_with_charts()  # the first figure pays matplotlib's set-up
    variants = (("now (one draw, cropped by hand, RGB)", now),
                ("savefig bbox tight (RGBA)", savefig_with()),
                ("savefig at 150 dpi", savefig_with(dpi=150)))
    for label, png in variants * 2:
        charts._png = png
        median, runs = cpu_median(review_with_charts, 3)
        print(f"{label}: review view + charts {median:.3f} s CPU ({runs}); "
              f"{review_with_charts():,} PNG bytes", flush=True)
    charts._png = now


if __name__ == "__main__":
    main()
