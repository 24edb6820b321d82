"""`generate` lays the DOCX tables of contents out (LibreOffice, seconds) while it writes the
PDFs and sheets, and an interrupted run stops that step and writes nothing more into the DOCX.

LibreOffice itself is faked here (tests/test_docx_toc.py drives the real one); what is tested
is the order and the hand-over, without timing anything.
"""

from __future__ import annotations

import threading
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

    def fake_refresh(paths, cancelled=None):
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

    def slow_refresh(paths, cancelled=None):
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
