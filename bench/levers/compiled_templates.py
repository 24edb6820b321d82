"""The three documents rendered (answers → Markdown → Document) in a fresh process, CPU
seconds: templates compiled (an empty cache folder) vs loaded from the cache of compiled
templates (render/compiled.py), alternating, median of 4."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

from bench.levers.common import EXAMPLE, ROOT

RENDER = ("import time\n"
          "from generator.answers.checks import load_checked\n"
          "from generator.render.templating import render_document\n"
          f"answers = load_checked({str(EXAMPLE)!r})[0].answers\n"
          "start = time.process_time()\n"
          "for kind in ('plan', 'schedule', 'review'): render_document(kind, answers)\n"
          "print(time.process_time() - start)")


def _render(cache_home: str) -> float:
    env = dict(os.environ, XDG_CACHE_HOME=cache_home)
    done = subprocess.run([sys.executable, "-c", RENDER], check=True, cwd=ROOT, env=env,
                          capture_output=True, text=True)
    return round(float(done.stdout), 2)


def main() -> None:
    """Print the median CPU of each way."""
    times: dict[str, list[float]] = {"compiled": [], "from the cache": []}
    with tempfile.TemporaryDirectory(prefix="campaign-docs-lever-") as tmp:
        _render(f"{tmp}/warm")
        for run in range(4):
            times["compiled"].append(_render(f"{tmp}/cold-{run}"))
            times["from the cache"].append(_render(f"{tmp}/warm"))
    for way, runs in times.items():
        print(f"render plan, schedule, review, {way}: {statistics.median(runs):.2f} s CPU {runs}")


if __name__ == "__main__":
    main()
