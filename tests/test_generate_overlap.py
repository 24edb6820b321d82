"""`generate` lays the DOCX tables of contents out (LibreOffice, seconds) while it writes the
PDFs and sheets, and an interrupted run stops that step and writes nothing more into the DOCX.

LibreOffice itself is faked here (tests/test_docx_toc.py drives the real one); what is tested
is the order and the hand-over, without timing anything.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator import office
from generator.answers.checks import load_checked
from generator.generate import flat_names, write_documents
from generator.writers import pdf as pdf_writer
from generator.writers.docx import toc_pages

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "examples" / "double11-zh.yaml"


def test_tocs_are_numbered_while_the_pdfs_are_written(tmp_path, monkeypatch):
    answers = load_checked(ZH)[0].answers
    toc_started = threading.Event()
    asked: list[list[str]] = []

    def fake_refresh(paths, cancelled=None, warm=None):
        asked.append(sorted(Path(p).name for p in paths))
        toc_started.set()
        return []

    real_write_pdf = pdf_writer.write_pdf

    def pdf_once_toc_started(doc, path):
        # NOTE: written one after the other, the TOC step would start only after this returns
        assert toc_started.wait(60), "the PDF was written before the TOC step started"
        return real_write_pdf(doc, path)

    monkeypatch.setattr(toc_pages, "refresh_toc_pages", fake_refresh)
    monkeypatch.setattr(pdf_writer, "write_pdf", pdf_once_toc_started)
    written = write_documents(answers, ("plan", "review"), ("docx", "pdf", "xlsx"),
                              flat_names(tmp_path, "x"))

    assert asked == [["x-plan.docx", "x-review.docx"]]  # one LibreOffice call for all DOCX
    assert [p.name for p in written] == ["x-plan.docx", "x-plan.pdf", "x-review.docx",
                                         "x-review.pdf", "x-review.xlsx"]  # the usual order
    assert all(p.is_file() for p in written)


def test_an_interrupted_generate_stops_the_toc_step(tmp_path, monkeypatch):
    answers = load_checked(ZH)[0].answers
    toc_started, told = threading.Event(), {}
    stopped: list[bool] = []

    def slow_refresh(paths, cancelled=None, warm=None):
        toc_started.set()
        told["cancelled"] = cancelled.wait(60)  # LibreOffice "laying out" until told to stop
        return []

    def interrupted_pdf(doc, path):
        assert toc_started.wait(60)
        raise KeyboardInterrupt

    monkeypatch.setattr(toc_pages, "refresh_toc_pages", slow_refresh)
    monkeypatch.setattr(pdf_writer, "write_pdf", interrupted_pdf)
    monkeypatch.setattr(office, "stop_running", lambda: stopped.append(True))
    with pytest.raises(KeyboardInterrupt):
        write_documents(answers, ("plan",), ("docx", "pdf"), flat_names(tmp_path, "x"))

    assert told == {"cancelled": True} and stopped == [True]
    assert (tmp_path / "x-plan.docx").is_file() and not (tmp_path / "x-plan.pdf").exists()


# ------------------------------------------------------- several processes (split=True)

def _cores() -> int:
    from generator.beside import spare_cores

    return spare_cores()


needs_two_cores = pytest.mark.skipif(_cores() < 2, reason="a split needs a second core")

def _before_each_write(monkeypatch, hook):
    """`hook(path)` runs before every output is written (in whichever process writes it);
    returns the real `_writer`, to put back."""
    import generator.generate as generate

    real = generate._writer

    def hooked_writer(spec):
        write = real(spec)

        def hooked(shown, path):
            hook(Path(path))
            return write(shown, path)

        return hooked

    monkeypatch.setattr(generate, "_writer", hooked_writer)
    return real


def _pid_logging(monkeypatch, folder: Path) -> None:
    """Every writer call leaves a file naming the process that wrote the output."""
    _before_each_write(monkeypatch, lambda path: (folder / f"{path.name}.pid").write_text(
        str(os.getpid())))


def _fail_on(name: str, text: str):
    """A hook raising RenderError(`text`) before the output called `name` is written."""
    from generator.errors import RenderError

    def fail(path: Path) -> None:
        if path.name == name:
            raise RenderError(text)

    return fail


@needs_two_cores
def test_split_writes_the_same_files_from_several_processes(tmp_path, monkeypatch):
    answers = load_checked(ZH)[0].answers
    formats = ("docx", "md", "html", "xlsx")
    one = write_documents(answers, None, formats, flat_names(tmp_path / "one", "x"))
    (tmp_path / "pids").mkdir()
    _pid_logging(monkeypatch, tmp_path / "pids")
    two = write_documents(answers, None, formats, flat_names(tmp_path / "two", "x"), split=True)

    assert [p.name for p in two] == [p.name for p in one]
    for a, b in zip(one, two, strict=True):
        if a.suffix in (".md", ".html"):
            assert a.read_bytes() == b.read_bytes(), a.name
    by_process: dict[str, set[str]] = {}
    for log in (tmp_path / "pids").iterdir():
        by_process.setdefault(log.read_text(), set()).add(log.name.split(".")[0])
    # on two cores or more: three processes, a document each, the heaviest (the review with
    # its charts) here
    assert sorted(map(sorted, by_process.values())) == [["x-plan"], ["x-review"], ["x-schedule"]]
    assert by_process[str(os.getpid())] == {"x-review"}


@needs_two_cores
def test_a_failure_beside_is_raised_and_what_was_written_is_told(tmp_path, monkeypatch):
    from generator.errors import RenderError

    answers = load_checked(ZH)[0].answers
    _before_each_write(monkeypatch, _fail_on("x-review.xlsx", "the review workbook failed"))
    progress: list[Path] = []
    with pytest.raises(RenderError, match="the review workbook failed"):
        write_documents(answers, None, ("docx", "md", "xlsx"), flat_names(tmp_path, "x"),
                        progress=progress, split=True)
    names = sorted(p.name for p in progress)
    assert names == sorted(["x-plan.docx", "x-plan.md", "x-schedule.docx", "x-schedule.md",
                            "x-schedule.xlsx", "x-review.docx", "x-review.md"])
    assert all(p.is_file() for p in progress) and not (tmp_path / "x-review.xlsx").exists()


@needs_two_cores
def test_a_child_that_dies_is_one_sentence_naming_its_files(tmp_path, monkeypatch):
    from generator.errors import RenderError

    answers = load_checked(ZH)[0].answers
    parent = os.getpid()

    def die(path: Path) -> None:
        if path.name == "x-plan.md" and os.getpid() != parent:
            os._exit(9)  # as the kernel's out-of-memory killer would end it

    _before_each_write(monkeypatch, die)
    with pytest.raises(RenderError) as raised:
        write_documents(answers, None, ("docx", "md"), flat_names(tmp_path, "x"), split=True)
    text = raised.value.format_message()
    assert "x-plan.docx" in text and "x-plan.md" in text and "9" in text
    assert (tmp_path / "x-review.md").is_file() and (tmp_path / "x-schedule.md").is_file()


def test_one_document_or_one_core_is_not_split(tmp_path, monkeypatch):
    import generator.beside as beside

    answers = load_checked(ZH)[0].answers
    (tmp_path / "pids").mkdir()
    _pid_logging(monkeypatch, tmp_path / "pids")
    write_documents(answers, ("plan",), ("md", "html"), flat_names(tmp_path, "a"), split=True)
    monkeypatch.setattr(beside.os, "sched_getaffinity", lambda pid: {0})
    write_documents(answers, None, ("md",), flat_names(tmp_path, "b"), split=True)
    assert {p.read_text() for p in (tmp_path / "pids").iterdir()} == {str(os.getpid())}
    assert len(list((tmp_path / "pids").iterdir())) == 5


def test_files_written_before_a_failure_stay_ours(tmp_path, monkeypatch):
    """A generate that fails half-way remembers what it wrote: the next run replaces those
    files instead of keeping them as somebody else's."""
    from click.testing import CliRunner

    import generator.generate as generate
    from generator.__main__ import cli

    args = ["generate", str(ZH), "-o", str(tmp_path), "--format", "docx,md", "--lang", "en"]
    real = _before_each_write(monkeypatch, _fail_on("double11-2026-review.md", "the review failed"))
    failed = CliRunner().invoke(cli, args)
    assert failed.exit_code == 4 and "the review failed" in failed.output
    assert len(list(tmp_path.glob("*.docx"))) == 3
    monkeypatch.setattr(generate, "_writer", real)
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "kept" not in again.output.lower() and "--force" not in again.output
    assert len([line for line in again.output.splitlines() if line.endswith((".docx", ".md"))]) == 6


@needs_two_cores
def test_an_interrupted_split_collects_what_the_children_wrote(tmp_path, monkeypatch):
    """Ctrl-C reaching only this process: a child still writing is interrupted too, and
    the files it had written are told, so the manifest can remember them."""
    answers = load_checked(ZH)[0].answers
    parent = os.getpid()

    def hook(path: Path) -> None:
        if os.getpid() != parent and path.name == "x-plan.md":
            time.sleep(60)  # NOTE: still "writing" when the interrupt comes
        if os.getpid() == parent and path.name == "x-review.md":
            deadline = time.monotonic() + 60
            while not (tmp_path / "x-plan.docx").is_file() and time.monotonic() < deadline:
                time.sleep(0.05)
            raise KeyboardInterrupt

    _before_each_write(monkeypatch, hook)
    progress: list[Path] = []
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        write_documents(answers, None, ("docx", "md"), flat_names(tmp_path, "x"),
                        progress=progress, split=True)
    assert time.monotonic() - started < 40  # the sleeping child was stopped, not waited for
    names = {p.name for p in progress}
    assert {"x-review.docx", "x-plan.docx"} <= names and "x-plan.md" not in names
    assert all(p.is_file() for p in progress)
