"""The DOCX writer, read back with python-docx, the raw XML and LibreOffice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from generator.render.document import Document
from generator.errors import RenderError
from generator.writers.docx.document import write_docx
from tests.helpers import pdf_page_count, pdffonts, pdftotext, soffice_convert

FIXTURES = Path(__file__).parent / "fixtures"
ESCAPED = "双十一老客回馈季 <b>not bold</b> | pipe"


def contract_doc(**changes) -> Document:
    """The contract fixture as a zh plan with a cover, like render_document makes it."""
    fields = dict(
        kind="plan", lang="zh", title="活动策划方案", subtitle="双十一老客回馈季",
        header="双十一老客回馈季 · 活动策划方案",
        html=(FIXTURES / "contract.html").read_text(encoding="utf-8"),
        cover_lines=[("活动时间", "2026-11-01 至 2026-11-11"), ("负责人", "王小明")],
        images={"chart-kr.png": (FIXTURES / "chart-kr.png").read_bytes()},
        generated_on="2026-10-15",
    )
    fields.update(changes)
    return Document(**fields)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The contract fixture written once for the read-only tests."""
    return write_docx(contract_doc(), tmp_path_factory.mktemp("docx") / "plan.docx")


@pytest.fixture(scope="module")
def opened(written):
    return docx.Document(str(written))


def xml_of(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


def table_with(document, text: str):
    return next(t for t in document.tables if any(text in c.text for c in t._cells))


def test_headings_in_order_with_heading_styles(opened):
    headings = [(p.style.name, p.text) for p in opened.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "一、活动概述 Overview"), ("Heading 2", "1.1 目标 Goals"),
        ("Heading 1", "二、排期 Schedule"), ("Heading 2", "2.1 甘特图 Gantt"),
        ("Heading 1", "三、之后 After landscape"),
    ]


def test_pages_break_where_asked_and_around_landscape(opened):
    """After the TOC, at div.page-break, and at the section breaks of the landscape pages."""
    h1 = [p._p for p in opened.paragraphs if p.style.name == "Heading 1"]
    page_break = [p.find(qn("w:pPr") + "/" + qn("w:pageBreakBefore")) is not None for p in h1]
    after_section = [p.getprevious().find(".//" + qn("w:sectPr")) is not None for p in h1]
    assert page_break == [True, False, False]  # the first one follows the TOC
    assert after_section == [False, True, True]  # into and out of the landscape pages


def test_chapters_flow_on_without_forced_breaks(tmp_path):
    doc = Document(kind="plan", lang="zh", title="t", subtitle="s", header="h",
                   html="<h1>一、甲</h1><p>短</p><h1>二、乙</h1><p>短</p>")
    opened = docx.Document(str(write_docx(doc, tmp_path / "flow.docx")))
    h1 = [p._p for p in opened.paragraphs if p.style.name == "Heading 1"]
    breaks = [p.find(qn("w:pPr") + "/" + qn("w:pageBreakBefore")) is not None for p in h1]
    assert breaks == [True, False]  # only the first, which follows the TOC


def test_cover_then_toc_with_a_prefilled_toc_field(opened, written):
    texts = [p.text for p in opened.paragraphs]
    # the band's spacing, the date (a frame at the page foot), title, theme, the orange rule
    assert texts[:5] == ["", "编制日期：2026-10-15", "活动策划方案", "双十一老客回馈季", ""]
    cover = opened.tables[1]  # [0] is the colour band
    assert [c.text for c in cover.rows[1].cells] == ["负责人", "王小明"]
    body = xml_of(written, "word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    toc = [(p.style.name, p.text) for p in opened.paragraphs if p.style.name.startswith("toc")]
    assert toc == [("toc 1", "一、活动概述 Overview"), ("toc 2", "1.1 目标 Goals"),
                   ("toc 1", "二、排期 Schedule"), ("toc 2", "2.1 甘特图 Gantt"),
                   ("toc 1", "三、之后 After landscape")]
    assert '<w:updateFields w:val="true"/>' in xml_of(written, "word/settings.xml")


def test_table_text_stays_literal_and_unbolded(opened):
    table = table_with(opened, "活动主题")
    cell = table.cell(0, 1)
    assert cell.text == ESCAPED
    assert not any(run.bold for run in cell.paragraphs[0].runs)
    # a kv table has no header row: the table style's header look must stay off
    assert table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "0"
    assert _fill(cell) is None


def test_header_row_repeats_and_rows_do_not_split(opened):
    table = table_with(opened, "指标 Metric")
    rows = table._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert [c.text for c in table.rows[2].cells] == ["GMV（元）", "1,000,000", "1,500,000",
                                                     "112.5%"]


def test_widths_fit_the_page(opened):
    for table in opened.tables[2:]:  # after the cover's band and label/value lines
        grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) in (9412, 14344)  # portrait / landscape text width in twips


def test_tables_use_the_named_table_style(opened, written):
    table = table_with(opened, "指标 Metric")
    assert table.style.name == "Campaign Table"
    styles = xml_of(written, "word/styles.xml")
    start = styles.index('w:styleId="CampaignTable"')
    style = styles[start:styles.index("</w:style>", start)]
    assert '<w:tblStylePr w:type="firstRow">' in style and 'w:fill="2F5597"' in style
    assert _fill(table.cell(0, 0)) == "2F5597"  # and directly, for LibreOffice


def test_cell_alignment_and_verdict_colours(opened):
    table = table_with(opened, "指标 Metric")
    assert table.cell(1, 1).paragraphs[0].alignment == 2  # style="text-align: right"
    assert table.cell(2, 2).paragraphs[0].alignment == 2  # class="num"
    good, bad = table.cell(2, 3).paragraphs[0].runs[0], table.cell(3, 3).paragraphs[0].runs[0]
    assert str(good.font.color.rgb) == "1E7B34" and str(bad.font.color.rgb) == "B3261E"
    blank = table.cell(1, 3).paragraphs[0]._p
    assert blank.find(qn("w:pPr") + "/" + qn("w:pBdr") + "/" + qn("w:bottom")) is not None


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def test_gantt_cells_are_shaded(opened):
    gantt = table_with(opened, "确定目标")
    assert _fill(gantt.cell(1, 1)) == "E06666"  # on + crit: critical path red
    assert _fill(gantt.cell(3, 2)) == "5B9BD5"  # on: the bar
    assert _fill(gantt.cell(2, 3)) == "1F3864"  # ms: milestone dark
    assert _fill(gantt.cell(3, 1)) is None
    assert gantt.cell(2, 3).text == "◆"


def test_landscape_section_then_portrait(opened):
    sections = list(opened.sections)
    orients = [(s.orientation, s.page_width > s.page_height) for s in sections]
    landscape = orients.index((WD_ORIENT.LANDSCAPE, True))
    assert orients[landscape + 1] == (WD_ORIENT.PORTRAIT, False)
    assert orients[0] == (WD_ORIENT.PORTRAIT, False)


def test_gantt_and_its_heading_sit_in_the_landscape_section(written):
    body = xml_of(written, "word/document.xml")
    gantt_at = body.index("确定目标")
    sect_before = body.rfind("<w:sectPr", 0, gantt_at)
    sect_after = body.index("<w:sectPr", gantt_at)
    assert 'w:orient="landscape"' not in body[sect_before:body.index("</w:sectPr>",
                                                                     sect_before)]
    assert 'w:orient="landscape"' in body[sect_after:body.index("</w:sectPr>", sect_after)]
    assert sect_before < body.rindex("2.1 甘特图 Gantt") < gantt_at  # rindex: not the TOC's
    assert sect_before < body.rindex("二、排期 Schedule") < gantt_at  # moved in with it


def test_all_landscape_document(tmp_path):
    path = write_docx(contract_doc(landscape=True), tmp_path / "schedule.docx")
    sections = docx.Document(str(path)).sections
    assert all(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height
               for s in sections)


def test_image_embedded_at_text_width_with_caption(opened, written):
    assert len(opened.inline_shapes) == 1
    assert opened.inline_shapes[0].width == 9412 * 635
    with zipfile.ZipFile(written) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert archive.read(media[0]) == (FIXTURES / "chart-kr.png").read_bytes()
    caption = next(p for p in opened.paragraphs if p.style.name == "Caption")
    assert caption.text == "图 1 目标与实际对比"


def test_lists_use_real_numbering_at_their_level(opened, written):
    items = {p.text: p._p.pPr.numPr for p in opened.paragraphs if p._p.pPr is not None
             and p._p.pPr.numPr is not None}
    level = {text: numpr.ilvl.val for text, numpr in items.items()}
    assert level == {"一级列表项 first": 0, "二级列表 nested bold": 1, "第二项 second": 0,
                     "第一步 step one": 0, "第二步 step two": 0}
    bullet, ordered = items["第二项 second"].numId.val, items["第一步 step one"].numId.val
    assert bullet != ordered
    numbering = xml_of(written, "word/numbering.xml")
    assert '<w:numFmt w:val="decimal"/>' in numbering and "<w:lvlText w:val=\"•\"/>" in numbering


def test_inline_formatting_and_links(opened, written):
    para = next(p for p in opened.paragraphs if p.text.startswith("本次活动"))
    bold = [r.text for r in para.runs if r.bold]
    italic = [r.text for r in para.runs if r.italic]
    assert bold == ["沉睡老客"] and italic == ["提升复购"]
    assert "example (https://example.com/x)" in para.text
    assert "line\nbreak." in para.text
    rels = xml_of(written, "word/_rels/document.xml.rels")
    assert 'Target="https://example.com/x" TargetMode="External"' in rels


def test_note_is_a_shaded_box_and_page_break_is_honoured(opened):
    note = next(p for p in opened.paragraphs if p.text.startswith("SMART"))
    assert note.style.name == "Note"
    style_ppr = opened.styles["Note"].element.pPr
    assert style_ppr.find(qn("w:shd")).get(qn("w:fill")) == "F1F5FA"
    assert "可衡量" in note.text
    blank = [r for r in note.runs if r.underline]
    assert len(blank) == 1 and blank[0].text == "\u00a0" * 24  # span.blank: a writing line
    tag = next(r for r in note.runs if r.text == "可衡量")
    assert tag.font.size.pt < 10.5  # span.tag: a small label


def test_fonts_in_styles_and_font_table(written):
    document = docx.Document(str(written))
    for name in ("Normal", "Heading 1", "Heading 2", "Caption", "Table Text"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC", name
        assert fonts.get(qn("w:ascii")) == "Noto Sans CJK SC", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    styles = xml_of(written, "word/styles.xml")
    assert 'w:eastAsia="zh-CN"' in styles
    h1 = document.styles["Heading 1"].font
    assert h1.size.pt == 17 and h1.bold
    assert document.styles["Normal"].element.rPr is not None
    fonts = xml_of(written, "word/fontTable.xml")
    assert '<w:font w:name="Noto Sans CJK SC"><w:altName w:val="微软雅黑"/>' in fonts
    assert '<w:charset w:val="86"/>' in fonts


def test_header_footer_and_bare_cover(opened, written):
    section = opened.sections[0]
    assert section.header.paragraphs[0].text == "双十一老客回馈季 · 活动策划方案"
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert section.footer.paragraphs[0].text == "第 1 页 / 共 1 页"  # pre-filled results
    # every later section points at the same header and footer
    body = xml_of(written, "word/document.xml")
    assert body.count('<w:headerReference w:type="default"') == len(opened.sections)


def test_english_footer(tmp_path):
    doc = contract_doc(lang="en", title="Campaign plan", toc_title="Contents")
    section = docx.Document(str(write_docx(doc, tmp_path / "en.docx"))).sections[0]
    assert section.footer.paragraphs[0].text == "Page 1 of 1"


def test_control_characters_become_replacement_chars(tmp_path):
    bad = "坏\x00字\x0b符\x0c号\ufffe"
    doc = contract_doc(title=bad, subtitle=bad, header=bad, cover_lines=[(bad, bad)],
                       html=f"<h1>{bad}</h1><p>{bad}</p><table><tr><td>{bad}</td></tr></table>"
                            f'<figure><img src="x.png" alt="{bad}"><figcaption>{bad}'
                            "</figcaption></figure>")
    path = write_docx(doc, tmp_path / "bad.docx")
    document = docx.Document(str(path))
    shown = "坏\ufffd字\ufffd符\ufffd号\ufffd"
    texts = [p.text for p in document.paragraphs]
    assert texts[2] == shown  # the cover title (after the band and the date)
    assert texts.count(shown) >= 4  # subtitle, heading, paragraph, caption (and the TOC)
    assert document.tables[-1].cell(0, 0).text == shown
    assert document.sections[0].header.paragraphs[0].text == shown


def test_markup_in_text_cannot_become_xml(tmp_path):
    doc = contract_doc(title='</w:t></w:r><w:r><w:t>x" & <', cover_lines=[])
    document = docx.Document(str(write_docx(doc, tmp_path / "x.docx")))
    assert document.paragraphs[2].text == '</w:t></w:r><w:r><w:t>x" & <'


def test_bad_image_is_a_render_error_and_the_old_file_survives(tmp_path):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"previous")
    with pytest.raises(RenderError, match="chart-kr.png"):
        write_docx(contract_doc(images={"chart-kr.png": b"not a png"}), target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


def test_real_example_documents(tmp_path):
    """Every document of the bundled examples: headings and TOC match the HTML."""
    from generator.answers.checks import load_checked
    from generator.render.templating import render_document

    for example in sorted((Path(__file__).parent.parent / "examples").glob("*.yaml")):
        answers = load_checked(example)[0].answers
        for kind in ("plan", "schedule", "review"):
            doc = render_document(kind, answers)
            document = docx.Document(str(write_docx(doc, tmp_path / f"{kind}.docx")))
            styles = [p.style.name for p in document.paragraphs]
            assert styles.count("Heading 1") == doc.html.count("<h1"), (example, kind)
            assert styles.count("toc 1") == doc.html.count("<h1"), (example, kind)
            assert len(document.inline_shapes) == sum(
                1 for name in doc.images if f'src="{name}"' in doc.html)


@pytest.mark.slow
def test_libreoffice_opens_it(written, tmp_path):
    pdf = soffice_convert(written, tmp_path)
    text = pdftotext(pdf)
    for expected in ("一、活动概述 Overview", "2.1 甘特图 Gantt", ESCAPED,
                     "图 1 目标与实际对比", "王小明"):
        assert expected in text
    # LibreOffice computes PAGE / NUMPAGES: "第 3 页 / 共 N 页" with N the real page count
    totals = {int(n) for n in re.findall(r"第\s*\d+\s*页\s*/\s*共\s*(\d+)\s*页", text)}
    assert totals == {pdf_page_count(pdf)}
    assert re.search(r"第\s*3\s*页", text)
    assert "NotoSansCJK" in pdffonts(pdf).replace(" ", "")


def test_empty_body_still_has_cover_and_toc(tmp_path):
    doc = contract_doc(html="", cover_lines=[], generated_on="")
    document = docx.Document(str(write_docx(doc, tmp_path / "empty.docx")))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:3] == ["活动策划方案", "双十一老客回馈季", "目录"]
    assert "（本文档没有章节标题）" in texts


def test_numbers_never_wrap_in_a_crowded_table():
    from lxml import html

    from generator.writers.docx.tables import _rows, column_widths

    table = html.fragment_fromstring(
        "<table><thead><tr><th>渠道</th><th>说明</th><th>预算</th></tr></thead><tbody>"
        f"<tr><td>微信公众号</td><td>{'很长的说明文字' * 30}</td><td>¥1,234,567</td></tr>"
        "</tbody></table>")
    widths = column_widths(_rows(table), 3, 9412, set())
    assert sum(widths) == 9412
    # "¥1,234,567" at 9.5 pt: eight glyphs of 0.555 em and two commas of 0.278 em (Noto
    # Sans CJK SC), plus the cell margins, fits on one line
    assert widths[2] >= (8 * 0.555 + 2 * 0.278) * 190 + 180
    assert widths[0] >= 5 * 190 + 180  # a five-character name (plus cell margins) fits
    assert widths[1] == max(widths)  # the long text takes the rest


def test_table_xml_is_a_function_of_its_input():
    """Cells come back through `cell_content`; nothing else is read or written."""
    from lxml import html

    from generator.writers.docx.tables import table_xml
    from generator.writers.docx.xml import para, run

    table = html.fragment_fromstring(
        '<table class="kv"><tbody><tr><td>预算</td><td class="good">¥1,000</td></tr>'
        '<tr><td>备注</td><td class="blank"></td></tr></tbody></table>')
    seen = []

    def cell_content(cell, ctx):
        seen.append((cell.text_content(), ctx.style, ctx.fmt.bold, ctx.fmt.color))
        return para(run(cell.text_content(), ctx.fmt), ctx.props, ctx.style)

    xml = table_xml(table, {"kv"}, False, cell_content)
    # the label column is bold grey, the verdict cell bold green; the blank cell is a line
    assert seen == [("预算", "TableText", True, "1F3B5C"), ("¥1,000", "TableText", True, "1E7B34"),
                    ("备注", "TableText", True, "1F3B5C")]
    assert xml.count("<w:tc>") == 4 and 'w:val="dotted"' in xml
    assert xml == table_xml(table, {"kv"}, False, cell_content)  # same input, same XML


def test_paragraph_properties_are_written_in_schema_order():
    """CT_PPr is a sequence: whatever order the pieces come in, para() writes schema order,
    and a later piece of the same name replaces the earlier one."""
    from generator.writers.docx.xml import para, prop

    props = (prop("jc", val="center") | prop("spacing", after=60) | prop("keepNext")
             | prop("pageBreakBefore") | prop("spacing", before=0, after=0))
    assert para("", props, "Caption") == (
        '<w:p><w:pPr><w:pStyle w:val="Caption"/><w:keepNext/><w:pageBreakBefore/>'
        '<w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr></w:p>')
    with pytest.raises(ValueError, match="shading"):
        prop("shading")
