"""What every lever script needs: the repository on sys.path and the example's answers."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "double11-zh.yaml"


def example_answers():
    """The bundled Chinese example, checked."""
    from generator.answers.checks import load_checked

    return load_checked(EXAMPLE)[0].answers


def cpu_median(fn: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    """Median CPU seconds of `fn` (CPU, not wall: the machine is shared) and every run."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(round(time.process_time() - start, 3))
    return statistics.median(times), times
