"""The three PDFs of one generate one after another vs on two forked, warmed processes."""

from __future__ import annotations

import multiprocessing
import time

from bench.levers.common import example_answers

DOCS: dict = {}


def one(kind: str) -> int:
    """Render one document's PDF (in whichever process runs this)."""
    from generator.writers.pdf import render_pdf_bytes

    return len(render_pdf_bytes(DOCS[kind]))


def main() -> None:
    """Print wall seconds of both ways, twice, alternating."""
    from generator.render.templating import render_document

    answers = example_answers()
    for kind in ("plan", "schedule", "review"):
        DOCS[kind] = render_document(kind, answers)
        for name in DOCS[kind].images:  # NOTE: charts drawn up front, for both ways alike
            DOCS[kind].images[name]
    one("plan")  # warm WeasyPrint before forking

    def in_turn():
        return [one(kind) for kind in DOCS]

    def on_two():
        with multiprocessing.get_context("fork").Pool(2) as pool:
            return pool.map(one, list(DOCS), chunksize=1)

    for label, fn in (("one after another", in_turn), ("2 processes", on_two)) * 2:
        start = time.perf_counter()
        fn()
        print(f"{label}: {time.perf_counter() - start:.2f} s wall", flush=True)


if __name__ == "__main__":
    main()
