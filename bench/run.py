"""`make bench`: our figures beside the peers' measured in the same run, as ratios.

A noisy machine slows both sides of a ratio alike, so the ratios are what we track:
- PDF (WeasyPrint, warm) vs LibreOffice converting our DOCX (20 in one soffice call, per doc)
- `generate` of the example (whole process) vs docxtpl filling three Word templates plus one
  LibreOffice call converting them to PDF (bench/peer_docxtpl.py)
- DOCX (our writer, warm) vs a straightforward python-docx build of the same content
- `campaign-docs --help` vs `python -c "import click"` (whole process)
- the 200-task schedule, and batch generation (-j1 vs -j2, re-run, memory), from their modules
Run: .venv/bin/python bench/run.py [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "double11-zh.yaml"


def median_seconds(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Median wall time of `fn` over `repeat` runs after `warmup` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, ours: float, peer: float, target: str) -> str:
    """One line of the table: our time, the peer's, the ratio and the target."""
    return f"| {name} | {ours * 1000:,.0f} ms | {peer * 1000:,.0f} ms | {ours / peer:.2f}× | {target} |"


def bench_documents(work: Path, repeat: int) -> list[str]:
    """Plan DOCX and PDF against python-docx-naive and LibreOffice."""
    from bench.naive_docx import build_naive_docx
    from generator.answers.checks import load_checked
    from generator.render.templating import render_document
    from generator.writers.docx.document import write_docx
    from generator.writers.pdf import write_pdf

    answers = load_checked(EXAMPLE)[0].answers
    doc = render_document("plan", answers)
    render_s = median_seconds(lambda: render_document("plan", answers), repeat)
    docx_s = median_seconds(lambda: write_docx(doc, work / "plan.docx"), repeat)
    naive_s = median_seconds(lambda: build_naive_docx(doc, work / "naive.docx"), repeat)
    pdf_s = median_seconds(lambda: write_pdf(doc, work / "plan.pdf"), repeat)
    soffice_s = libreoffice_per_doc(work, work / "plan.docx", copies=20)
    return [
        f"| plan: answers → Document (template + Markdown) | {render_s * 1000:,.0f} ms | | | |",
        row("plan DOCX: ours vs naive python-docx", docx_s, naive_s, "≤ 0.33× (3× faster)"),
        row("plan PDF: WeasyPrint vs LibreOffice DOCX→PDF per doc", pdf_s, soffice_s, "≤ 1.0×"),
    ]


def libreoffice_per_doc(work: Path, docx: Path, copies: int) -> float:
    """Per-document time of one soffice call converting `copies` copies of `docx`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice is missing: run `make bench` (it installs it)")
    batch = work / "lo-in"
    batch.mkdir(exist_ok=True)
    files = [shutil.copy(docx, batch / f"doc{i:02d}.docx") for i in range(copies)]
    profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
    args = [soffice, profile, "--headless", "--norestore", "--convert-to", "pdf",
            "--outdir", str(work / "lo-out"), *map(str, files)]
    subprocess.run(args, check=True, capture_output=True)  # warm the profile once
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return (time.perf_counter() - start) / copies


def bench_startup(repeat: int) -> list[str]:
    """Whole-process `campaign-docs --help` vs importing click."""
    exe = Path(sys.executable).with_name("campaign-docs")
    ours = median_seconds(lambda: subprocess.run([str(exe), "--help"], check=True,
                                                 capture_output=True), repeat)
    peer = median_seconds(lambda: subprocess.run([sys.executable, "-c", "import click"],
                                                 check=True, capture_output=True), repeat)
    return [row("`campaign-docs --help` vs `python -c 'import click'`", ours, peer, "≤ 1.5×")]


def optional_section(module: str, function: str, work: Path, quick: bool) -> list[str]:
    """Lines from another module's bench function, if that module is there."""
    import importlib

    try:
        fn = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as exc:
        return [f"| {module}.{function}: not available ({exc}) | | | | |"]
    return list(fn(work, quick))


def main() -> None:
    """Run every benchmark and print one Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller corpus")
    options = parser.parse_args()
    repeat = 3 if options.quick else 7
    print("| measure | ours | peer | ratio | target |")
    print("|---|--:|--:|--:|---|")
    with tempfile.TemporaryDirectory(prefix="campaign-docs-bench-") as tmp:
        work = Path(tmp)
        sections = [
            lambda: bench_startup(repeat),
            lambda: bench_documents(work, repeat),
            lambda: optional_section("bench.peer_docxtpl", "bench_lines", work, options.quick),
            lambda: optional_section("bench.schedule_bench", "bench_lines", work, options.quick),
            lambda: optional_section("bench.batch_bench", "bench_lines", work, options.quick),
        ]
        for section in sections:  # print each section as soon as it is measured
            for line in section():
                print(line, flush=True)


if __name__ == "__main__":
    main()
