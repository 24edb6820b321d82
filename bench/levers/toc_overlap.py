"""How much of the LibreOffice TOC step `generate` hides behind the PDFs and sheets.

In one process: `write_documents` of the example with the step (timed inside its thread)
and without it (CAMPAIGN_DOCS_SOFFICE=off); one after the other would cost their sum.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.levers.common import example_answers


def main() -> None:
    """Print, per run: with the step, the step alone, the rest alone, and their sum."""
    from generator.generate import flat_names, write_documents
    from generator.writers.docx import toc_pages

    answers = example_answers()
    work = Path(tempfile.mkdtemp(prefix="toc-overlap-"))
    real, spent = toc_pages.refresh_toc_pages, []

    def timed(paths, cancelled=None):
        start = time.perf_counter()
        try:
            return real(paths, cancelled=cancelled)
        finally:
            spent.append(time.perf_counter() - start)

    toc_pages.refresh_toc_pages = timed
    write_documents(answers, None, None, flat_names(work / "warm", "x"))  # imports, caches
    for run in range(2):
        start = time.perf_counter()
        write_documents(answers, None, None, flat_names(work / f"on{run}", "x"))
        total, toc = time.perf_counter() - start, spent[-1]
        os.environ["CAMPAIGN_DOCS_SOFFICE"] = "off"
        start = time.perf_counter()
        write_documents(answers, None, None, flat_names(work / f"off{run}", "x"))
        rest = time.perf_counter() - start
        del os.environ["CAMPAIGN_DOCS_SOFFICE"]
        print(f"run {run}: with the TOC step {total:.2f} s; the step in its thread {toc:.2f} s; "
              f"the rest without it {rest:.2f} s; one after the other ~{rest + toc:.2f} s",
              flush=True)


if __name__ == "__main__":
    main()
