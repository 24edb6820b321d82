"""Whole-process `generate` of the example from two source trees, alternating runs: wall
seconds and CPU seconds of the whole process tree (Python, a forked child, LibreOffice: all
are waited for, so their time rolls up into this process's children).

    git archive BASE | tar -x -C /tmp/a; git archive HEAD | tar -x -C /tmp/b
    .venv/bin/python -m bench.levers.generate_ab /tmp/a,/tmp/b 4

Each tree is put first on PYTHONPATH (the venv's editable install stays behind it) and run
as `python -m generator`, so each leaves the way its own entry point does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.levers.common import EXAMPLE


def once(tree: str) -> tuple[float, float]:
    """(wall, CPU of the process tree) of one generate run from `tree`."""
    with tempfile.TemporaryDirectory() as out:
        before, start = os.times(), time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "generator", "generate", str(EXAMPLE),
                              "-o", out], env=dict(os.environ, PYTHONPATH=tree),
                             capture_output=True, text=True, cwd=out)
        wall, after = time.perf_counter() - start, os.times()
    if run.returncode:
        raise SystemExit(run.stderr[-2000:])
    cpu = (after.children_user + after.children_system
           - before.children_user - before.children_system)
    return wall, cpu


def main() -> None:
    """Alternate the trees N times and print each one's medians."""
    trees, repeat = sys.argv[1].split(","), int(sys.argv[2])
    results: dict[str, list] = {tree: [] for tree in trees}
    for _ in range(repeat):
        for tree in trees:
            results[tree].append(once(tree))
    for tree, runs in results.items():
        walls, cpus = [run[0] for run in runs], [run[1] for run in runs]
        print(f"{tree}: wall {statistics.median(walls):.2f} s {[round(w, 2) for w in walls]}, "
              f"CPU {statistics.median(cpus):.2f} s {[round(c, 2) for c in cpus]}")


if __name__ == "__main__":
    main()
