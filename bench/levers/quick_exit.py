"""A whole `generate` of the example, wall seconds: leaving through the interpreter's teardown
(`cli()`, as Python ends any program) vs the console entry point (`main()`, which ends the
process once the command's exit handlers ran), alternating, median of 4."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

from bench.levers.common import EXAMPLE, ROOT

WAYS = {
    "teardown (cli)": "from generator.__main__ import cli; cli(prog_name='campaign-docs')",
    "quick exit (main)": "from generator.__main__ import main; main()",
}


def main() -> None:
    """Print the median wall time of each way."""
    times: dict[str, list[float]] = {way: [] for way in WAYS}
    with tempfile.TemporaryDirectory(prefix="campaign-docs-lever-") as out:
        for run in range(4):
            for way, code in WAYS.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", code, "generate", str(EXAMPLE), "-o",
                                f"{out}/{run}-{len(times[way])}", "--force"],
                               check=True, cwd=ROOT, capture_output=True)
                times[way].append(round(time.perf_counter() - start, 2))
    for way, runs in times.items():
        print(f"{way}: {statistics.median(runs):.2f} s wall {runs}")


if __name__ == "__main__":
    main()
