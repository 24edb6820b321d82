"""Whole-process `generate` of the example from two source trees, alternating runs: CPU of
the Python process (its own, read at exit) and of its children (LibreOffice), wall, memory.

    git archive BASE | tar -x -C /tmp/a; git archive HEAD | tar -x -C /tmp/b
    .venv/bin/python -m bench.levers.generate_ab /tmp/a,/tmp/b 4

Each tree is put first on PYTHONPATH (the venv's editable install stays behind it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.levers.common import EXAMPLE

_WRAP = r'''
import atexit, json, resource, runpy, sys
def report():
    r = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write("@@" + json.dumps([r.ru_utime + r.ru_stime, r.ru_maxrss]) + "\n")
atexit.register(report)
sys.argv = ["campaign-docs"] + sys.argv[1:]
runpy.run_module("generator", run_name="__main__")
'''


def once(tree: str) -> tuple[float, float, float, int]:
    """(own CPU, children's CPU, wall, max RSS KiB) of one generate run from `tree`."""
    with tempfile.TemporaryDirectory() as out:
        before, start = os.times(), time.perf_counter()
        run = subprocess.run([sys.executable, "-c", _WRAP, "generate", str(EXAMPLE), "-o", out],
                             env=dict(os.environ, PYTHONPATH=tree), capture_output=True,
                             text=True, cwd=out)
        wall, after = time.perf_counter() - start, os.times()
    lines = [line for line in run.stderr.splitlines() if line.startswith("@@")]
    if run.returncode or not lines:
        raise SystemExit(run.stderr[-2000:])
    own, rss = json.loads(lines[0][2:])
    children = (after.children_user + after.children_system
                - before.children_user - before.children_system)
    return own, children - own, wall, rss


def main() -> None:
    """Alternate the trees N times and print each one's medians."""
    trees, repeat = sys.argv[1].split(","), int(sys.argv[2])
    results: dict[str, list] = {tree: [] for tree in trees}
    for _ in range(repeat):
        for tree in trees:
            results[tree].append(once(tree))
    for tree, runs in results.items():
        def median(k: int, runs=runs) -> float:
            return statistics.median(run[k] for run in runs)
        print(f"{tree}: python CPU {median(0):.2f} s {[round(r[0], 2) for r in runs]}, "
              f"children CPU {median(1):.2f} s, wall {median(2):.2f} s, "
              f"max RSS {median(3) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
