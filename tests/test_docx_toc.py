"""The DOCX table of contents: page numbers from LibreOffice's layout of that very DOCX.

The proof is the one a reader makes: open the DOCX in LibreOffice (convert it to PDF), read
the number each TOC entry shows and the page its heading is on in that rendering.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

import docx
import pytest

from generator.generate import generate_file
from generator.render.document import Document
from generator.writers.docx.document import write_docx
from generator.writers.docx.toc import fill_pages, toc_entries
from generator.writers.docx.toc_pages import match_headings, refresh_toc_pages
from tests.helpers import soffice_convert_all, toc_against_pages

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def office(monkeypatch):
    """LibreOffice on, as for a user who has it (conftest turns it off for other tests)."""
    monkeypatch.delenv("CAMPAIGN_DOCS_SOFFICE", raising=False)


def settings_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/settings.xml").decode("utf-8")


def assert_numbers_match_rendering(paths: list[Path], outdir: Path) -> None:
    """Every TOC entry of every DOCX shows the page LibreOffice puts its heading on."""
    outdir.mkdir(exist_ok=True)
    for path, pdf in zip(paths, soffice_convert_all(paths, outdir), strict=True):
        headings = [text for _, text in toc_entries(path)]
        rows = toc_against_pages(pdf, headings)
        assert len(rows) == len(headings) > 3, path.name
        wrong = [row for row in rows if row[1] != row[2] or not row[2]]
        assert not wrong, (path.name, wrong)


@pytest.mark.slow
@pytest.mark.parametrize("example", ["double11-zh.yaml", "spring-referral-en.yaml"])
def test_every_toc_number_is_the_page_libreoffice_shows(example, office, tmp_path, capsys):
    written = generate_file(EXAMPLES / example, formats=["docx"], outdir=tmp_path / "out")
    assert [p.suffix for p in written] == [".docx"] * 3
    assert capsys.readouterr().err == ""  # no warning: the layout worked
    for path in written:
        assert "updateFields" not in settings_xml(path)  # Word opens without a question
        body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        assert body.count(" PAGEREF _Toc") == len(toc_entries(path))  # "update field" works
    assert_numbers_match_rendering(written, tmp_path / "check")


def long_document(sections: int) -> Document:
    """Many chapters with long, wrapping titles: a TOC of more than one page."""
    title = "关于双十一老客回馈季各渠道预算投放节奏与转化效果的详细复盘分析和下一步改进建议"
    html = "".join(
        f"<h1>第 {i} 章 {title if i % 3 == 0 else '概述'}</h1><p>{'正文内容。' * 40}</p>"
        f"<h2>{i}.1 小节 {title[: 10 + i % 7]}</h2><p>{'说明文字。' * (30 + 15 * (i % 4))}</p>"
        for i in range(1, sections + 1))
    return Document(kind="plan", lang="zh", title="活动策划方案", subtitle="长目录",
                    header="长目录 · 活动策划方案", html=html, generated_on="2026-10-15")


@pytest.mark.slow
def test_a_toc_of_two_pages_with_wrapped_entries(office, tmp_path):
    path = write_docx(long_document(24), tmp_path / "long.docx")
    assert refresh_toc_pages([path]) == []
    numbers = [n for _, n in _numbers(path)]
    assert numbers[0] >= 4  # the TOC took two pages (cover 1, TOC 2-3)
    assert numbers == sorted(numbers) and numbers[-1] > 10
    assert_numbers_match_rendering([path], tmp_path / "check")


def _numbers(path: Path) -> list[tuple[str, int]]:
    """(bookmark, stored PAGEREF result) of every TOC entry."""
    document = docx.Document(str(path))
    found = []
    for paragraph in document.paragraphs:
        if paragraph.style.name in ("toc 1", "toc 2"):
            text = paragraph.text
            found.append((text, int(text.rsplit("\t", 1)[1])))
    return found


def test_without_libreoffice_the_toc_lists_headings_and_word_updates_it(tmp_path, capsys):
    # conftest turns LibreOffice off: the DOCX is what the writer made, nothing is said
    path = generate_file(EXAMPLES / "double11-zh.yaml", docs=["plan"], formats=["docx"],
                         outdir=tmp_path)[0]
    assert capsys.readouterr().err == ""
    assert '<w:updateFields w:val="true"/>' in settings_xml(path)
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    # 23 headings (4 of them team, rhythm and checklist), the plan's first page (方案摘要),
    # and the version chapter `generate` adds with its 版本记录
    assert "PAGEREF" not in body and body.count('w:anchor="_Toc') == 26
    # every heading has a bookmark of its own (h3 included): Word's "update field" would
    # send a TOC entry to the first of two headings sharing a name
    names = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', body)
    assert len(names) > 26 and len(set(names)) == len(names)
    anchors = set(re.findall(r'w:anchor="(_Toc\d+)"', body))
    assert anchors <= set(names)


def fake_soffice(tmp_path: Path, script: str) -> str:
    program = tmp_path / "fake-soffice"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return str(program)


@pytest.mark.parametrize("script, words", [
    ("echo 'Error: source file could not be loaded' >&2; exit 1", "source file could not"),
    ("exit 0", "没有输出排版结果"),  # runs, writes nothing
    ("exec sleep 60", "秒内没有完成"),  # hangs: killed at the timeout
])
def test_a_failing_libreoffice_is_a_warning_and_the_docx_stays(script, words, tmp_path,
                                                                monkeypatch, capsys):
    monkeypatch.setenv("CAMPAIGN_DOCS_SOFFICE", fake_soffice(tmp_path, script))
    monkeypatch.setattr("generator.office.TIMEOUT_BASE", 1)
    monkeypatch.setattr("generator.office.TIMEOUT_PER_FILE", 0)
    path = generate_file(EXAMPLES / "double11-zh.yaml", docs=["plan"], formats=["docx"],
                         outdir=tmp_path / "out")[0]
    err = capsys.readouterr().err
    assert err.startswith("警告: DOCX 目录未填页码（double11-2026-plan.docx）")
    assert words in err and "F9" in err
    document = docx.Document(str(path))  # the document is whole
    assert [p.text for p in document.paragraphs if p.style.name == "Cover Title"] == ["活动策划方案"]
    assert '<w:updateFields w:val="true"/>' in settings_xml(path)


def test_fill_pages_is_idempotent_and_keeps_the_other_parts(tmp_path):
    path = write_docx(long_document(2), tmp_path / "short.docx")
    marks = [mark for mark, _ in toc_entries(path)]
    fill_pages(path, {mark: "000" for mark in marks}, tmp_path / "copy.docx")
    fill_pages(tmp_path / "copy.docx", dict(zip(marks, [3, 3, 4, 5], strict=True)), tmp_path / "copy.docx")
    assert [n for _, n in _numbers(tmp_path / "copy.docx")] == [3, 3, 4, 5]
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(tmp_path / "copy.docx") as b:
        assert a.namelist() == b.namelist()
        assert a.read("word/styles.xml") == b.read("word/styles.xml")
    assert [text for _, text in toc_entries(tmp_path / "copy.docx")] == [
        "第 1 章 概述", "1.1 小节 关于双十一老客回馈季各", "第 2 章 概述",
        "2.1 小节 关于双十一老客回馈季各渠"]


def test_headings_are_matched_in_order_past_h3_entries():
    entries = [("_Toc1", "一、概述"), ("_Toc2", "1.1 背景"), ("_Toc3", "二、目标")]
    outline = [("一、概述", 3), ("1.1 背景", 3), ("1.1.1 细节", 4), ("二、 目标", 5)]
    assert match_headings(entries, outline) == {"_Toc1": 3, "_Toc2": 3, "_Toc3": 5}
    assert match_headings(entries, outline[:2]) is None  # no number beats a wrong one
    assert match_headings(entries[:1], [("一、概述", 2), ("一、概述", 7)]) == {"_Toc1": 2}


def test_soffice_is_found_or_turned_off(monkeypatch, tmp_path):
    from generator.office import find_soffice

    assert find_soffice() is None  # conftest: off
    fake = fake_soffice(tmp_path, "exit 0")
    monkeypatch.setenv("CAMPAIGN_DOCS_SOFFICE", fake)
    assert find_soffice() == fake
    monkeypatch.setenv("CAMPAIGN_DOCS_SOFFICE", os.devnull + "-missing")
    assert find_soffice() is None
