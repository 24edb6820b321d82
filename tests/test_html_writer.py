"""The standalone HTML writer: one file, nothing external, user text stays text."""

from __future__ import annotations

import base64
import re

import lxml.html

from generator.writers.html import write_html
from generator.writers.page import prepare_body
from tests.test_pdf_writer import CHART, HOSTILE, make_doc


def parse(path):
    """The written page as an lxml tree (also proves it parses)."""
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def test_standalone_page_with_inline_css_and_data_images(tmp_path):
    path = write_html(make_doc(), tmp_path / "plan.html")
    page = path.read_text(encoding="utf-8")
    tree = parse(path)
    assert tree.get("lang") == "zh-CN"
    assert tree.findtext(".//title") == "活动策划方案 · 双十一老客回馈季"
    # Nothing outside the file: no links, no remote sources, no CSS url().
    assert not tree.xpath("//link | //script | //iframe | //object | //embed")
    assert not re.search(r'src="(?!data:)', page)
    assert "url(" not in page
    (img,) = tree.xpath("//img")
    prefix = "data:image/png;base64,"
    assert img.get("src").startswith(prefix)
    assert base64.b64decode(img.get("src")[len(prefix):]) == CHART
    # The document style is inlined, with the CJK font.
    style = tree.findtext(".//style")
    assert '"Noto Sans CJK SC"' in style and "table.gantt" in style


def test_user_text_stays_escaped(tmp_path):
    path = write_html(make_doc(), tmp_path / "plan.html")
    page = path.read_text(encoding="utf-8")
    assert "&lt;b&gt;not bold&lt;/b&gt; | pipe" in page
    assert "<b>not bold" not in page
    assert "王小明 &lt;运营部&gt;" in page  # a cover value
    cells = [td.text_content() for td in parse(path).xpath("//table[contains(@class, 'kv')]//td")]
    assert "双十一老客回馈季 <b>not bold</b> | pipe" in cells


def test_cover_toc_and_body(tmp_path):
    html = ("<h1>一、概述</h1><p>正文。</p><h2 id='budget'>1.1 目标</h2>"
            "<h1 id='budget'>二、预算</h1>")
    tree = parse(write_html(make_doc(html=html), tmp_path / "plan.html"))
    cover = tree.xpath("//section[@class='cover']")[0].text_content()
    assert "活动策划方案" in cover and "2026-11-01 至 2026-11-11" in cover
    links = tree.xpath("//nav[@class='toc']//a")
    assert [a.text_content() for a in links] == ["一、概述", "1.1 目标", "二、预算"]
    for a in links:
        (target,) = tree.xpath(f"//main//*[@id='{a.get('href')[1:]}']")
        assert target.text_content() == a.text_content()
    assert links[1].get("href") == "#budget"  # template ids are kept
    assert links[2].get("href") not in ("#budget", "")  # a repeated id is replaced


def test_hostile_markup_is_neutralised(tmp_path):
    path = write_html(make_doc(html=HOSTILE), tmp_path / "hostile.html")
    page = path.read_text(encoding="utf-8")
    tree = parse(path)
    assert "/etc/hostname" not in page and "127.0.0.1" not in page
    assert "url(" not in page  # the background style is gone; a link is only a link
    assert not tree.xpath("//*[@rel]") and not tree.xpath("//link")
    assert [img.get("src")[:22] for img in tree.xpath("//img")] == ["data:image/png;base64,"]
    missing = [s.text for s in tree.xpath("//span[@class='missing-image']")]
    assert missing == ["remote", "local", "inline"]


def test_only_alignment_styles_survive():
    body, _ = prepare_body(
        '<table><tr><td style="text-align: right;">1</td>'
        '<td style="text-align:center">2</td><td style="color: red; text-align: right">3</td>'
        "</tr></table>"
    )
    assert body.count('style="text-align') == 2 and "color" not in body


def test_landscape_heading_moves_into_its_section():
    body, toc = prepare_body(
        "<h1>二、排期</h1><section class='landscape'><h2>2.1 甘特图</h2></section>"
    )
    section = lxml.html.fragment_fromstring(body, create_parent="div").find("section")
    assert [h.tag for h in section] == ["h1", "h2"]
    assert [(e.level, e.text) for e in toc] == [(1, "二、排期"), (2, "2.1 甘特图")]


def test_empty_body_and_english(tmp_path):
    doc = make_doc(html="", lang="en", title="Review", subtitle="", cover_lines=[],
                   generated_on="", landscape=True)
    tree = parse(write_html(doc, tmp_path / "review.html"))
    assert tree.get("lang") == "en-US" and "landscape" in tree.get("class")  # format.locale
    assert not tree.xpath("//nav") and tree.findtext(".//title") == "Review"


def test_columns_sized_from_content():
    body, _ = prepare_body(
        "<table><thead><tr><th>渠道</th><th>说明</th><th>预算</th></tr></thead><tbody>"
        "<tr><td>自有渠道</td><td>" + "短信召回与会员社群联动推送，" * 4 + "</td>"
        '<td class="num">¥30,000</td></tr></tbody></table>'
        '<table class="gantt"><tr><td>T1</td><td class="on"></td></tr></table>'
    )
    tables = lxml.html.fragment_fromstring(body, create_parent="div").findall("table")
    widths = [float(c.get("style")[7:-1]) for c in tables[0].find("colgroup")]
    assert tables[0].get("class") == "sized keep" and abs(sum(widths) - 100) < 0.1
    # The long description gets most of the room, the short columns stay on one line.
    assert widths[1] > 50 and widths[0] > 8 and widths[2] > 8
    assert tables[1].find("colgroup") is None  # the Gantt chart keeps its own layout


def test_stylesheets_cover_the_whole_contract_vocabulary():
    from generator.resources import templates_dir

    css = "".join((templates_dir() / n).read_text(encoding="utf-8")
                  for n in ("style.css", "paged.css"))
    for selector in ("table.kv", "table.wide", "table.gantt", "td.num", "td.on", "td.ms",
                     "td.crit", ".edge", "td.blank", "span.blank", "td.good", "td.bad",
                     "div.note", "span.tag", "figcaption", "div.page-break",
                     "section.landscape", "html.landscape", "thead th",
                     "section.landscape + * { break-before", "table.keep", "p.lead",
                     "span.swatch.on", "span.swatch.crit", "span.swatch.ms", "span.swatch.edge",
                     "p.legend"):
        assert selector in css, selector
    assert "size: A4 landscape" in css and "@page :first" in css
    assert "element(header)" in css and "target-counter(attr(data-target), page)" in css
