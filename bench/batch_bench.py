"""Batch benchmark: -j1 vs -j2, a nothing-changed re-run, worker memory at file 10 vs 100.

Every document (plan, schedule, review) as DOCX + PDF for a generated corpus (bench/corpus.py),
each run a real `python -m generator batch` process timed from outside (wall clock, so
start-up, worker warm-up and the manifest are all counted).
`bench_lines(work, quick)` is what bench/run.py calls; run alone:
    .venv/bin/python bench/batch_bench.py [--quick] [-n 100]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = "docx,pdf"
CPU: list[float] = []  # CPU seconds of each run, in order
SOURCE = [ROOT]  # where `python -m generator` is imported from (a snapshot while measuring)


def _children_cpu() -> float:
    """User + system seconds of every finished child process (workers included: they are
    waited for by the batch process, so their time rolls up into it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def snapshot(target: Path) -> Path:
    """A frozen copy of the package and its data, so all three runs use the same code and
    templates even while the working tree changes underneath (a template edit would rightly
    make the re-run regenerate everything)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates", "questionnaires", "examples"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=ignore, dirs_exist_ok=True)
    return target


def run_batch_process(corpus: Path, outdir: Path, jobs: int, report: Path) -> float:
    """Wall seconds of one `campaign-docs batch` run over `corpus` (all documents).

    The CPU seconds of the run (the batch and its workers) go to `CPU[jobs]`: on a shared
    machine wall time depends on the neighbours, CPU time much less.
    """
    args = [sys.executable, "-m", "generator", "batch", str(corpus), "-j", str(jobs),
            "--format", FORMATS, "-o", str(outdir), "--report", str(report), "-q"]
    env = {**os.environ, "PYTHONPATH": str(SOURCE[0])}
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(args, check=False, capture_output=True, text=True,
                          env=env, cwd=SOURCE[0])
    seconds = time.perf_counter() - start
    CPU.append(_children_cpu() - cpu_before)
    if done.returncode != 0:
        raise SystemExit(f"batch -j{jobs} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def memory_at(report: Path, positions: tuple[int, ...]) -> dict[int, dict]:
    """Worker stats (peak and current RSS) right after the Nth file of a -j1 run."""
    inputs = json.loads(report.read_text(encoding="utf-8"))["inputs"]
    done = [i for i in inputs if i.get("worker")]
    # NOTE: the report lists inputs in input order; with one worker that is also run order.
    return {n: done[n - 1]["worker"] for n in positions if n <= len(done)}


def memory_profile(report: Path) -> list[tuple]:
    """(file number, worker pid, RSS MiB, peak RSS MiB) for every file of a run."""
    inputs = json.loads(report.read_text(encoding="utf-8"))["inputs"]
    workers = [i["worker"] for i in inputs if i.get("worker")]
    return [(n, w["pid"], w["rss_mib"], w["peak_rss_mib"]) for n, w in enumerate(workers, 1)]


def measure(work: Path, n: int) -> dict:
    """Run the three batches and return every figure."""
    from bench.corpus import make_corpus

    corpus = work / "corpus"
    make_corpus(corpus, n)
    SOURCE[0] = snapshot(work / "src")
    j1 = run_batch_process(corpus, work / "out-j1", 1, work / "j1.json")
    j2 = run_batch_process(corpus, work / "out-j2", 2, work / "j2.json")
    rerun = run_batch_process(corpus, work / "out-j2", 2, work / "rerun.json")
    cpu_j1, cpu_j2, cpu_rerun = CPU[-3:]
    skipped = json.loads((work / "rerun.json").read_text())["skipped"]
    first, last = 10, n
    memory = memory_at(work / "j1.json", (first, last))
    return {"files": n, "j1": j1, "j2": j2, "rerun": rerun, "rerun_skipped": skipped,
            "cpu": {"j1": cpu_j1, "j2": cpu_j2, "rerun": cpu_rerun}, "memory": memory,
            "first": first, "last": last,
            "profile": memory_profile(work / "j1.json")}


def lines(figures: dict) -> list[str]:
    """The figures as rows of bench/run.py's table (measure | ours | peer | ratio | target)."""
    n, j1, j2, rerun = figures["files"], figures["j1"], figures["j2"], figures["rerun"]
    rows = [
        (f"| batch {n} files, all docs DOCX+PDF: -j2 vs -j1 (wall) | {j2:,.1f} s | {j1:,.1f} s "
         f"| {j1 / j2:.2f}× faster | ≥ 1.8× faster |"),
        f"| batch: per file at -j2 | {j2 / n * 1000:,.0f} ms | | | |",
        (f"| batch: CPU seconds -j2 vs -j1 (parallel overhead; wall depends on neighbours) "
         f"| {figures['cpu']['j2']:,.1f} s | {figures['cpu']['j1']:,.1f} s "
         f"| {figures['cpu']['j2'] / figures['cpu']['j1']:.2f}× | ≈ 1.0× |"),
        (f"| batch re-run, nothing changed ({figures['rerun_skipped']}/{n} skipped) vs -j2 run "
         f"| {rerun:,.2f} s | {j2:,.1f} s | {rerun / j2:.1%} | ≤ 5% |"),
    ]
    memory, first, last = figures["memory"], figures["first"], figures["last"]
    if first in memory and last in memory:
        for kind, label in (("peak_rss_mib", "peak"), ("rss_mib", "current")):
            a, b = memory[first][kind], memory[last][kind]
            rows.append(f"| worker {label} RSS, -j1, file {last} vs file {first} | {b:,.0f} MiB "
                        f"| {a:,.0f} MiB | {b / a:.2f}× | ≤ 1.2× |")
    return rows


def bench_lines(work: Path, quick: bool) -> list[str]:
    """Entry point for bench/run.py: 100 files (20 with --quick)."""
    folder = Path(work) / "batch"
    folder.mkdir(parents=True, exist_ok=True)
    return lines(measure(folder, 20 if quick else 100))


def main() -> None:
    """Run alone: print the rows and the raw figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 files instead of 100")
    parser.add_argument("-n", type=int, default=None, help="number of answer files")
    options = parser.parse_args()
    n = options.n or (20 if options.quick else 100)
    with tempfile.TemporaryDirectory(prefix="campaign-docs-batch-bench-") as tmp:
        figures = measure(Path(tmp), n)
    print("| measure | ours | peer | ratio | target |\n|---|--:|--:|--:|---|")
    print("\n".join(lines(figures)))
    print(json.dumps(figures, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
