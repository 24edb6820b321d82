"""The 200-task schedule: how long each format takes (median of warm runs).

`make_big_schedule_answers(n)` builds a large, valid campaign from the zh example (tasks in
every phase, dependency chains, milestones, a dozen owners); `time_schedule(n)` times the
view + template, DOCX, PDF, XLSX and ICS. Run alone: .venv/bin/python bench/schedule_bench.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "double11-zh.yaml"
OWNERS = ["张敏", "李雷", "韩梅梅", "王工", "赵磊", "赵婷", "周强", "陈晨", "刘洋", "孙悦",
          "吴昊", "郑佳"]


def make_big_schedule_answers(n: int = 200):
    """The zh example with `n` schedule tasks spread over its four phases (lint-clean)."""
    from generator.answers.load import load_answers
    from generator.answers.model import Task
    from generator.planning.scheduling import phase_windows

    answers = load_answers(EXAMPLE).answers
    windows = list(phase_windows(answers).items())
    tasks, per_phase = [], -(-n // len(windows))
    for number in range(1, n + 1):
        phase, (start, end) = windows[min((number - 1) // per_phase, len(windows) - 1)]
        span = (end - start).days + 1
        offset = (number * 7) % span
        first = start + dt.timedelta(days=offset)
        last = min(end, first + dt.timedelta(days=number % 4))
        # a chain every 5 tasks: the next one depends on this one and starts after it ends
        previous = tasks[-1] if number % 5 and tasks and tasks[-1].phase == phase else None
        if previous and first < previous.end:
            first = previous.end
            last = max(last, first)
        tasks.append(Task(
            id=f"T{number}", task=f"事项 {number}：{phase} 阶段工作包", phase=phase,
            owner=OWNERS[number % len(OWNERS)], start=first, end=last,
            deliverable=f"交付物 {number}", depends_on=[previous.id] if previous else [],
            milestone=number % 25 == 0))
    return answers.model_copy(update={"schedule": tasks})


def time_schedule(n: int = 200, repeat: int = 3, work: Path | None = None) -> dict[str, float]:
    """Median seconds per format for an `n`-task schedule: view+template, docx, pdf, xlsx, ics."""
    from bench.run import median_seconds
    from generator.render.templating import render_document
    from generator.views.schedule import build_schedule_view
    from generator.writers.docx.document import write_docx
    from generator.writers.ics import write_ics
    from generator.writers.pdf import write_pdf
    from generator.writers.xlsx.schedule import write_schedule_xlsx

    answers = make_big_schedule_answers(n)
    with tempfile.TemporaryDirectory(prefix="schedule-bench-") as tmp:
        out = Path(work or tmp)
        doc = render_document("schedule", answers)
        view = build_schedule_view(answers, answers.lang)
        return {
            "render": median_seconds(lambda: render_document("schedule", answers), repeat),
            "docx": median_seconds(lambda: write_docx(doc, out / "s.docx"), repeat),
            "pdf": median_seconds(lambda: write_pdf(doc, out / "s.pdf"), repeat),
            "xlsx": median_seconds(lambda: write_schedule_xlsx(view, out / "s.xlsx"), repeat),
            "ics": median_seconds(lambda: write_ics(view, out / "s.ics"), repeat),
        }


def bench_lines(work: Path, quick: bool = False) -> list[str]:
    """Rows for bench/run.py's table (no peer: the figure is absolute)."""
    times = time_schedule(200, repeat=2 if quick else 3, work=work)
    return [f"| schedule 200 tasks: {name} | {seconds * 1000:,.0f} ms | — | — | "
            f"{'< 10 s' if name == 'pdf' else '< 2 s'} |" for name, seconds in times.items()]


if __name__ == "__main__":
    for name, seconds in time_schedule(200).items():
        print(f"{name:7s} {seconds * 1000:8,.0f} ms")
