"""A LibreOffice started ahead of its conversions (office.WarmOffice), with the real
LibreOffice: conversions handed to it give the layout a cold LibreOffice gives, it serves
several conversions and a forked child, only its starter stops it, and a conversion whose
warm LibreOffice is gone runs one of its own."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from pathlib import Path

import pytest

from generator import office
from generator.answers.checks import load_checked
from generator.render.templating import render_document
from generator.writers.docx.document import write_docx
from generator.writers.docx.toc_pages import outline_pages

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "examples" / "double11-zh.yaml"

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"),
                                reason="the warm LibreOffice is used on Linux only")


@pytest.fixture
def docx_files(tmp_path, monkeypatch):
    """LibreOffice on (conftest turns it off), and the example's plan and review as DOCX."""
    monkeypatch.delenv("CAMPAIGN_DOCS_SOFFICE", raising=False)
    answers = load_checked(ZH)[0].answers
    folder = tmp_path / "docx"
    folder.mkdir()
    return [write_docx(render_document(kind, answers), folder / f"{kind}.docx")
            for kind in ("plan", "review")]


def _alive(process) -> bool:
    try:
        stat = Path(f"/proc/{process.pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _profiles_used(monkeypatch) -> list[str]:
    """The -env:UserInstallation of every LibreOffice command run from here on."""
    used: list[str] = []
    real = office._run

    def spy(args, timeout):
        used.append(next(a for a in args if a.startswith("-env:UserInstallation=")))
        return real(args, timeout)

    monkeypatch.setattr(office, "_run", spy)
    return used


def test_handed_over_conversions_lay_out_as_a_cold_one(docx_files, tmp_path, monkeypatch):
    cold = office.convert_to_pdf(docx_files, tmp_path / "cold")
    used = _profiles_used(monkeypatch)
    with office.warm_office() as warm:
        assert warm is not None and warm.ready()
        first = office.convert_to_pdf(docx_files[:1], tmp_path / "warm1", warm=warm)
        assert _alive(warm.process)  # an open document keeps it running for the next one
        second = office.convert_to_pdf(docx_files[1:], tmp_path / "warm2", warm=warm)
        process, profile = warm.process, warm.profile
        assert used == [warm.profile_arg] * 2  # both handed over, no LibreOffice of their own
    assert not _alive(process) and not profile.exists()
    for path in docx_files:
        warm_pdf = (first | second)[path]
        pages = outline_pages(warm_pdf)
        assert len(pages) > 10 and pages == outline_pages(cold[path]), path.name


def _convert_in_child(docx: Path, outdir: Path, warm: office.WarmOffice) -> None:
    office.convert_to_pdf([docx], outdir, warm=warm)
    office.stop_running()  # NOTE: a child's stop must not reach its parent's LibreOffice
    warm.close()


def test_a_forked_child_hands_over_to_its_parents_libreoffice(docx_files, tmp_path):
    with office.warm_office() as warm:
        assert warm.ready()
        child = multiprocessing.get_context("fork").Process(
            target=_convert_in_child, args=(docx_files[0], tmp_path / "child", warm))
        child.start()
        child.join(120)
        assert child.exitcode == 0
        assert (tmp_path / "child" / "plan.pdf").is_file()
        assert _alive(warm.process) and warm.profile.is_dir()
        office.convert_to_pdf(docx_files[1:], tmp_path / "after", warm=warm)
    assert (tmp_path / "after" / "review.pdf").is_file()


def test_a_warm_libreoffice_that_died_means_a_cold_run(docx_files, tmp_path, monkeypatch):
    used = _profiles_used(monkeypatch)
    with office.warm_office() as warm:
        assert warm.ready()
        os.killpg(warm.process.pid, 9)
        warm.process.wait()
        pdfs = office.convert_to_pdf(docx_files[:1], tmp_path / "out", warm=warm)
    assert pdfs[docx_files[0]].is_file()
    assert len(used) == 1 and used[0] != warm.profile_arg


def test_no_warm_libreoffice_when_it_is_off_or_not_wanted(monkeypatch):
    with office.warm_office(wanted=False) as warm:
        assert warm is None
    monkeypatch.setenv("CAMPAIGN_DOCS_SOFFICE", "off")
    with office.warm_office() as warm:
        assert warm is None


def _convert_spawned(docx: Path, outdir: Path, warm: office.WarmOffice, log: Path) -> None:
    """In a spawned process (as a batch worker is): hand a layout over to `warm`."""
    used = []
    real = office._run

    def spy(args, timeout):
        used.append(next(a for a in args if a.startswith("-env:UserInstallation=")))
        return real(args, timeout)

    office._run = spy
    office.convert_to_pdf([docx], outdir, warm=warm)
    warm.close()  # NOTE: not its starter: does nothing
    log.write_text("\n".join(used))


def test_a_batch_worker_hands_over_to_the_batchs_libreoffice(docx_files, tmp_path):
    """The WarmOffice travels pickled to a spawned worker, which hands its layout over."""
    with office.warm_office() as warm:
        assert warm.ready()
        worker = multiprocessing.get_context("spawn").Process(
            target=_convert_spawned,
            args=(docx_files[0], tmp_path / "worker", warm, tmp_path / "used.txt"))
        worker.start()
        worker.join(120)
        assert worker.exitcode == 0
        assert (tmp_path / "used.txt").read_text() == warm.profile_arg
        assert (tmp_path / "worker" / "plan.pdf").is_file() and _alive(warm.process)


def _libreoffices_in(folder: Path) -> list[str]:
    """The LibreOffice processes whose profile lies in `folder`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = stat.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "soffice" in command and str(folder) in command:
            found.append(command)
    return found


def test_a_batch_numbers_every_toc_and_leaves_no_libreoffice(docx_files, tmp_path):
    import subprocess
    import sys
    import zipfile

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ZH.read_text(encoding="utf-8")
    for city in ("beijing", "shanghai", "shenzhen"):
        (corpus / f"{city}.yaml").write_text(
            text.replace("slug: double11-2026", f"slug: double11-{city}"), encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if k != "CAMPAIGN_DOCS_SOFFICE"},
           "TMPDIR": str(tmp_path)}  # NOTE: its LibreOffice profiles land here
    run = subprocess.Popen([sys.executable, "-m", "generator", "batch", str(corpus), "-j", "2",
                            "--doc", "plan", "--format", "docx", "-o", str(tmp_path / "out"),
                            "-q"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    profiles = set()
    while run.poll() is None:  # NOTE: which LibreOffice profiles are in use, as it runs
        profiles.update(re.findall(r"campaign-docs-lo-\w+", " ".join(_libreoffices_in(tmp_path))))
        time.sleep(0.1)
    stdout, stderr = run.communicate()
    done = subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)
    assert len(profiles) == 1, profiles  # one LibreOffice, booted once for all three files
    assert done.returncode == 0, done.stderr
    plans = sorted((tmp_path / "out").glob("*/plan.docx"))
    assert len(plans) == 3
    for plan in plans:
        with zipfile.ZipFile(plan) as package:
            body = package.read("word/document.xml").decode("utf-8")
        assert "PAGEREF" in body, plan  # the TOC got its page numbers
    assert "warning" not in done.stderr.lower() and "警告" not in done.stderr
    assert list(tmp_path.glob("campaign-docs-lo-*")) == [] and _libreoffices_in(tmp_path) == []
