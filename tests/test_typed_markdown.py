"""Markdown as people type it (issue 12): a list right after a line, line breaks kept,
no stray space in Chinese, Chinese quotes; in the Markdown and in the PDF and DOCX text."""

from __future__ import annotations

import re

import pytest

from generator.answers.load import loads_answers
from generator.render.templating import markdown_to_html, render_document
from generator.textsafe import html_text, md_block, md_inline
from tests.helpers import pdftotext
from generator.resources import examples_dir

BACKGROUND = (
    "扩大覆盖：\n"
    "- 以团长带新为主\n"
    "- 兼顾社群拉新\n"
    "去年同期参与 3 万人。\n"
    "今年希望在\"我的奖品\"页\n"
    "集中发券。 活动结束后复盘。\n"
)


def html(text: str) -> str:
    return markdown_to_html(md_block(text)).replace("\n", "")


def test_a_list_right_after_a_line_is_a_list():
    assert html("扩大覆盖：\n- 以团长带新为主\n- 兼顾社群") == (
        "<p>扩大覆盖：</p><ul><li>以团长带新为主</li><li>兼顾社群</li></ul>")
    # and the line after the list is a paragraph of its own, not part of the last item
    assert html("要点：\n1. 一\n2. 二\n以上。") == (
        "<p>要点：</p><ol><li>一</li><li>二</li></ol><p>以上。</p>")


def test_bullets_and_numbers_as_typed_in_chinese():
    assert html("要点：\n•团长带新\n·社群\n-直播") == (
        "<p>要点：</p><ul><li>团长带新</li><li>社群</li><li>直播</li></ul>")
    assert html("1、首单\n2）复购") == "<ol><li>首单</li><li>复购</li></ol>"
    assert html("-5% 的降幅") == "<p>-5% 的降幅</p>"  # a minus sign is no bullet


def test_nested_items_at_any_indentation():
    assert html("1. 预热\n  - 海报\n  - 推文\n2. 上线") == (
        "<ol><li>预热<ul><li>海报</li><li>推文</li></ul></li><li>上线</li></ol>")


def test_a_line_break_after_a_sentence_stays_and_a_wrapped_line_joins():
    assert html("第一句。\n第二句。") == "<p>第一句。<br>第二句。</p>"
    assert html("一句话被\n折成两行。") == "<p>一句话被折成两行。</p>"  # no space between
    assert html("a sentence wrapped\nat a word.") == "<p>a sentence wrapped at a word.</p>"


def test_no_stray_space_after_full_width_punctuation_and_chinese_quotes():
    assert md_inline("完成。 下一步，\t再说") == "完成。下一步，再说"
    assert md_inline('在"我的奖品"查看') == "在“我的奖品”查看"
    assert md_inline("it's \"fine\"") == "it's \"fine\""  # English keeps its quotes
    assert html_text('找不到"奖品"\n入口。') == "找不到“奖品”入口。"


def test_typed_text_still_cannot_become_markup():
    assert html("# 标题：\n<b>x</b> [a](http://e)：\n---") == (
        "<p># 标题：<br>&lt;b&gt;x&lt;/b&gt; [a](http://e)：<br>---</p>")
    assert md_inline("a | b\nc") == r"a \| b c"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The zh example's plan with a background typed as people type, as PDF and DOCX."""
    from generator.writers.docx.document import write_docx
    from generator.writers.pdf import write_pdf

    text = (examples_dir() / "double11-zh.yaml").read_text(encoding="utf-8")
    start = text.index("  background: |")
    end = text.index("  purpose:")
    typed = "".join(f"    {line}\n" for line in BACKGROUND.splitlines())
    text = text[:start] + "  background: |\n" + typed + text[end:]
    doc = render_document("plan", loads_answers(text, "typed.yaml").answers)
    out = tmp_path_factory.mktemp("typed")
    return doc, write_pdf(doc, out / "typed.pdf"), write_docx(doc, out / "typed.docx")


def test_pdf_shows_the_list_the_lines_and_no_stray_space(written):
    _, pdf, _ = written
    text = pdftotext(pdf, layout=True).split("\f", 2)[2]  # after the cover and the TOC
    background = text[text.index("1.1 活动背景"):text.index("二、活动目标")]
    lines = [line.strip() for line in background.splitlines() if line.strip()]
    assert lines[1:6] == ["扩大覆盖：", "· 以团长带新为主", "· 兼顾社群拉新", "去年同期参与 3 万人。",
                          "今年希望在“我的奖品”页集中发券。活动结束后复盘。"]


def test_docx_has_a_real_list_and_a_line_break(written):
    import docx
    from docx.oxml.ns import qn

    _, _, path = written
    paragraphs = docx.Document(str(path)).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "扩大覆盖：")
    items = paragraphs[start + 1:start + 3]
    assert [p.text for p in items] == ["以团长带新为主", "兼顾社群拉新"]
    assert all(p._p.find(".//" + qn("w:numPr")) is not None for p in items)  # a real list
    after = paragraphs[start + 3]
    assert after.text == "去年同期参与 3 万人。\n今年希望在“我的奖品”页集中发券。活动结束后复盘。"
    assert not re.search(r"[。，] ", after.text)
