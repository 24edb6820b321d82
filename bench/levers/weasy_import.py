"""`import weasyprint` in a fresh process, CPU with children: plainly (cffi's library search
runs ldconfig, gcc and ld for every name it tries) vs as the PDF writer does it
(writers/weasy.py), alternating, median of 4."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from bench.levers.common import ROOT

WAYS = {
    "plain import weasyprint": "import weasyprint",
    "writers.weasy.import_weasyprint": ("from generator.writers.weasy import import_weasyprint\n"
                                        "import_weasyprint()"),
}


def main() -> None:
    """Print the median CPU (own + children) of each way."""
    times: dict[str, list[float]] = {way: [] for way in WAYS}
    for _ in range(4):
        for way, code in WAYS.items():
            before = os.times()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            after = os.times()
            times[way].append(round(after.children_user + after.children_system
                                    - before.children_user - before.children_system, 2))
    for way, runs in times.items():
        print(f"{way}: {statistics.median(runs):.2f} s CPU with children {runs}")


if __name__ == "__main__":
    main()
