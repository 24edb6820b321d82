"""`batch --scheduler`: the batch on a real Dask distributed cluster on 127.0.0.1.

The fixture starts `dask scheduler` and two `dask worker` processes (one process, one thread
each, no nanny: a killed worker stays dead), as an operator would on several machines. The
outputs must match a `-j 2` run (the PDFs byte for byte); a worker killed mid-task costs at
most a retry; Ctrl-C stops the batch as with `-j`. Skipped only when the optional `dask` extra is not
installed (`make setup-test` installs it).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.batch.manifest import MANIFEST_NAME, Manifest
from tests.test_batch import EN, PLAN_ONLY, ROOT, ZH, copy_example, plan_text, run_cli, temporaries

distributed = pytest.importorskip("distributed", reason="the optional dask extra is not installed")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A scheduler and two workers, each a process of its own; `scratch[i]` is worker i's TMPDIR."""

    def __init__(self, root: Path) -> None:
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.processes: list[subprocess.Popen] = []
        self.scratch = [root / f"worker{i}-tmp" for i in range(2)]
        root.mkdir(parents=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self._start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                     self.address.rsplit(":", 1)[1], "--no-dashboard"], env, root)
        for i, scratch in enumerate(self.scratch):
            scratch.mkdir(parents=True)
            self._start(["distributed.cli.dask_worker", self.address, "--nthreads", "1",
                         "--nworkers", "1", "--no-nanny", "--no-dashboard", "--name", f"w{i}",
                         "--local-directory", str(root / f"worker{i}-dask")],
                        {**env, "TMPDIR": str(scratch)}, root)
        try:
            with distributed.Client(self.address, timeout=60) as client:
                client.wait_for_workers(2, timeout=120)
        except BaseException:
            self.stop()
            raise

    def _start(self, module_args: list[str], env: dict, cwd: Path) -> None:
        self.processes.append(subprocess.Popen(
            [sys.executable, "-m", *module_args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True))

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.kill()  # NOTE: nothing of theirs to keep; a polite stop takes seconds
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def cluster(tmp_path):
    started = Cluster(tmp_path / "cluster")
    yield started
    started.stop()


def inputs(folder: Path, names: str = "abc") -> None:
    """Copies of the examples, one per name (b in English), each its own slug."""
    for name in names:
        copy_example(ZH if name != "b" else EN, folder / f"{name}.yaml", slug=name)


def test_cluster_batch_writes_what_a_local_batch_writes(tmp_path, cluster):
    inputs(tmp_path / "in", "ab")
    local = run_cli("in", "-o", "local", "-j", "2", *PLAN_ONLY)
    remote = run_cli("in", "-o", "remote", "--scheduler", cluster.address, "--report", "r.json",
                     *PLAN_ONLY)

    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert "Done: 2 generated, 0 unchanged, 0 failed of 2" in remote.output
    files = sorted(p.relative_to(tmp_path / "local").as_posix()
                   for p in (tmp_path / "local").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "remote").as_posix()
                           for p in (tmp_path / "remote").rglob("*") if p.is_file())
    assert files == [MANIFEST_NAME, "a/plan.docx", "a/plan.pdf", "b/plan.docx", "b/plan.pdf"]
    for slug in "ab":
        assert plan_text(tmp_path / "remote" / slug) == plan_text(tmp_path / "local" / slug)
        # NOTE: the PDF is the same bytes; a DOCX's zip entries carry the time they were written
        pdf = "plan.pdf"
        assert (tmp_path / "remote" / slug / pdf).read_bytes() == \
            (tmp_path / "local" / slug / pdf).read_bytes(), slug
    assert "Spring Referral" in plan_text(tmp_path / "remote" / "b")[0]
    # the manifest records what was written here, so a re-run (local or remote) skips it all
    assert Manifest.load(tmp_path / "remote").entries.keys() == {"a", "b"}
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["inputs"][0]["outputs"] == ["remote/a/plan.docx", "remote/a/plan.pdf"]
    workers = {process.pid for process in cluster.processes[1:]}
    assert {i["worker"]["pid"] for i in report["inputs"]} <= workers
    again = run_cli("in", "-o", "remote", "-j", "1", *PLAN_ONLY)
    assert "0 generated, 2 unchanged" in again.output


def start_batch(tmp_path: Path, address: str) -> subprocess.Popen:
    """`python -m generator batch --scheduler ...` as its own process group."""
    inputs(tmp_path / "in")
    args = [sys.executable, "-m", "generator", "batch", "in", "-o", "out", "--scheduler", address,
            "--report", "r.json", "--lang", "en", *PLAN_ONLY]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_until_working(cluster: Cluster, proc: subprocess.Popen) -> int:
    """Wait until a worker is generating a file (its private folder has appeared); its index."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        for i, scratch in enumerate(cluster.scratch):
            if any(scratch.glob("campaign-docs-task-*/*")):
                return i
        time.sleep(0.01)
    raise AssertionError(f"no worker started a task: {proc.communicate()}")


def test_worker_killed_mid_batch_its_file_is_retried(tmp_path, cluster):
    proc = start_batch(tmp_path, cluster.address)
    busy = wait_until_working(cluster, proc)
    cluster.processes[1 + busy].kill()  # the scheduler is processes[0]
    stdout, stderr = proc.communicate(timeout=300)

    # NOTE: the scheduler gives a lost task to another worker (up to allowed-failures times)
    assert proc.returncode == 0, stderr
    assert "Done: 3 generated, 0 unchanged, 0 failed of 3" in stdout
    report = json.loads((tmp_path / "r.json").read_text())
    assert [i["status"] for i in report["inputs"]] == ["generated"] * 3
    assert {i["worker"]["pid"] for i in report["inputs"]} == {cluster.processes[2 - busy].pid}
    assert temporaries(tmp_path / "out") == []
    assert "双十一老客回馈季" in plan_text(tmp_path / "out" / "a")[0]
    assert "Spring Referral" in plan_text(tmp_path / "out" / "b")[0]


def test_ctrl_c_stops_a_cluster_batch_and_says_what_was_done(tmp_path, cluster):
    proc = start_batch(tmp_path, cluster.address)
    wait_until_working(cluster, proc)
    pressed = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)

    assert time.monotonic() - pressed < 10
    assert proc.returncode == 130, stderr
    assert "Interrupted: 0 generated, 0 unchanged, 0 failed of 3" in stdout
    assert "3 left to do (run the same command again to continue)" in stdout
    assert "Traceback" not in stderr
    assert not (tmp_path / "out").exists() or temporaries(tmp_path / "out") == []
    assert json.loads((tmp_path / "r.json").read_text())["interrupted"] is True


def test_unreachable_scheduler_is_one_sentence(tmp_path, monkeypatch):
    from generator.batch import cluster as cluster_module

    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1)
    inputs(tmp_path / "in")
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = run_cli("in", "-o", "out", "--scheduler", address, *PLAN_ONLY)

    assert result.exit_code != 0
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output


def test_dask_is_never_imported_without_scheduler():
    code = ("import sys; from generator.batch import run, executor, worker, pool; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
