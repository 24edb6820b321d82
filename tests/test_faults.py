"""Fault injection (issue 14): SIGKILL at random points, 50 times each, of `batch`,
`results --from-xlsx`, `edit` and the questionnaire's save (`new`, saving after every answer).

After every kill the answers file is a complete earlier or later version (it loads; for
`results`, it is byte for byte the file before or the file after), and every output on disk
is complete (byte for byte the output of an uninterrupted run). After the 50 kills the
command runs once more to the end, and no temporary file survives it. The four commands are
killed side by side (one thread each), on small files, so the test takes about two minutes.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.answers.load import read_tree

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
EN = ROOT / "examples" / "spring-referral-en.yaml"
KILLS = int(os.environ.get("CAMPAIGN_DOCS_KILLS", "50"))
SEED = int(os.environ.get("CAMPAIGN_DOCS_FUZZ_SEED") or random.SystemRandom().randrange(2**32))
CLI = [sys.executable, "-m", "generator", "--lang", "en"]
NEW_SETS = ["--set", "campaign.theme=T", "--set", "campaign.purpose=conversion",
            "--set", "campaign.start=2026-11-01", "--set", "campaign.end=2026-11-11",
            "--set", "campaign.owner=Z", "--set", "objectives.0.objective=O",
            "--set", "objectives.0.key_results.0.metric=M",
            "--set", "objectives.0.key_results.0.target=10"]
EDIT_INPUT = "New theme\n" + "\n" * 300


def run_to_end(args: list[str], cwd: Path, stdin: str | None = None) -> None:
    result = subprocess.run(CLI + args, cwd=cwd, input=stdin if stdin is not None else "",
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def kill_after(args: list[str], cwd: Path, delay: float, stdin: str | None = None) -> None:
    """Start the command, SIGKILL it (and its workers) after `delay` seconds."""
    proc = subprocess.Popen(CLI + args, cwd=cwd, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    with contextlib.suppress(BrokenPipeError):
        if stdin:
            proc.stdin.write(stdin.encode())
        proc.stdin.close()
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def temporaries(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith(".tmp"))


def complete_answers(path: Path) -> None:
    """The file is a whole answers file (a torn write would not parse or would lack lines)."""
    tree = read_tree(path.read_bytes(), str(path))
    assert tree["format"] == 1 and tree["campaign"]["theme"]


def results_case(folder: Path, rng: random.Random) -> int:
    """results --from-xlsx: the file is exactly the one before or the one after."""
    shutil.copy(EN, folder / "a.yaml")
    run_to_end(["generate", "a.yaml", "--doc", "review", "--format", "xlsx", "-o", "."], folder)
    book = folder / "spring-referral-2026-review.xlsx"
    reference = folder / "reference"
    reference.mkdir()
    shutil.copy(EN, reference / "a.yaml")
    run_to_end(["results", str(reference / "a.yaml"), "--from-xlsx", str(book)], folder)
    allowed = {EN.read_bytes(), (reference / "a.yaml").read_bytes()}
    for _ in range(KILLS):
        kill_after(["results", "a.yaml", "--from-xlsx", book.name], folder, rng.uniform(0.2, 2.0))
        assert (folder / "a.yaml").read_bytes() in allowed
    run_to_end(["results", "a.yaml", "--from-xlsx", book.name], folder)
    assert temporaries(folder) == []
    return KILLS


def edit_case(folder: Path, rng: random.Random) -> int:
    """edit saves after every answer: each kill leaves a whole file."""
    for _ in range(KILLS):
        shutil.copy(MINIMAL, folder / "m.yaml")
        kill_after(["edit", "m.yaml"], folder, rng.uniform(0.3, 3.0), EDIT_INPUT)
        complete_answers(folder / "m.yaml")
    run_to_end(["edit", "m.yaml"], folder, EDIT_INPUT)
    assert temporaries(folder) == []
    return KILLS


def new_case(folder: Path, rng: random.Random) -> int:
    """The questionnaire's save, after every answer: absent or whole, never torn."""
    for _ in range(KILLS):
        (folder / "n.yaml").unlink(missing_ok=True)
        kill_after(["new", "-o", "n.yaml", *NEW_SETS, "--defaults"], folder,
                   rng.uniform(0.3, 2.5))
        if (folder / "n.yaml").exists():
            complete_answers(folder / "n.yaml")
    (folder / "n.yaml").unlink(missing_ok=True)
    run_to_end(["new", "-o", "n.yaml", *NEW_SETS, "--defaults"], folder)
    assert temporaries(folder) == []
    return KILLS


def batch_case(folder: Path, rng: random.Random) -> int:
    """batch: every output on disk is whole (the uninterrupted run's bytes), the manifest
    reads, and the next run leaves no temporary file."""
    inputs = folder / "in"
    inputs.mkdir()
    for i in range(3):
        text = MINIMAL.read_text(encoding="utf-8").replace("theme: 测试活动", f"theme: 活动{i}")
        (inputs / f"c{i}.yaml").write_text(text, encoding="utf-8")
    args = ["batch", "in", "--doc", "plan,schedule", "--format", "md", "-j", "1", "--force"]
    run_to_end([*args, "-o", "reference"], folder)
    reference = {p.relative_to(folder / "reference"): p.read_bytes()
                 for p in (folder / "reference").rglob("*.md")}
    assert len(reference) == 6
    for _ in range(KILLS):
        kill_after([*args, "-o", "out"], folder, rng.uniform(0.3, 4.0))
        out = folder / "out"
        for path in out.rglob("*.md") if out.exists() else ():
            assert path.read_bytes() == reference[path.relative_to(out)], path
        manifest = out / ".campaign-docs-manifest.json"
        if manifest.exists():
            json.loads(manifest.read_text(encoding="utf-8"))
    run_to_end([*args, "-o", "out"], folder)
    assert temporaries(folder) == []
    return KILLS


@pytest.mark.slow
def test_sigkill_at_random_points_never_tears_a_file(tmp_path):
    print(f"fault injection seed {SEED} (replay with CAMPAIGN_DOCS_FUZZ_SEED={SEED})")
    cases = {"results": results_case, "edit": edit_case, "new": new_case, "batch": batch_case}
    outcomes: dict[str, object] = {}

    def run(name, case):
        folder = tmp_path / name
        folder.mkdir()
        try:
            outcomes[name] = case(folder, random.Random(f"{SEED}-{name}"))
        except BaseException as exc:  # noqa: BLE001 - reported below, with its command
            outcomes[name] = exc

    threads = [threading.Thread(target=run, args=item) for item in cases.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = {n: o for n, o in outcomes.items() if isinstance(o, BaseException)}
    assert not failed, f"seed {SEED}: {failed}"
    assert outcomes == {name: KILLS for name in cases}
