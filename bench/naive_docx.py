"""The benchmark's peer: the same Document built the way a typical python-docx script does.

High-level API only (`add_heading`, `add_paragraph` + runs, list styles, `add_table` +
`cell.text`, `add_picture`, `add_section`), plus the two snippets every Chinese python-docx
tutorial has (East Asian font on Normal, a shaded cell via OxmlElement). It is honest, not
sabotaged: no needless re-parsing or saving, one pass over the HTML.
Run alone: .venv/bin/python bench/naive_docx.py OUT.docx
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.render.document import Document  # noqa: E402
from generator.textsafe import clean_text  # noqa: E402

INLINE_BOLD = {"strong", "b"}
INLINE_ITALIC = {"em", "i"}


def build_naive_docx(doc: Document, path) -> Path:
    """Build `doc` with python-docx's high-level API and save it to `path`."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    from lxml import html as lxml_html

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = doc.font_family
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), doc.font_family)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.header.paragraphs[0].text = clean_text(doc.header)

    document.add_heading(clean_text(doc.title), level=0)
    document.add_paragraph(clean_text(doc.subtitle))
    for label, value in doc.cover_lines:
        document.add_paragraph(clean_text(f"{label}：{value}"))
    document.add_page_break()

    state = {"doc": doc, "landscape": doc.landscape, "Cm": Cm, "WD_ORIENT": WD_ORIENT}
    root = lxml_html.fragment_fromstring(doc.html, create_parent="div")
    for el in root:
        _block(document, el, state)
    document.save(str(path))
    return Path(path)


def _block(document, el, state) -> None:
    tag, classes = el.tag, (el.get("class") or "").split()
    if tag in ("h1", "h2", "h3"):
        document.add_heading(clean_text(el.text_content().strip()), level=int(tag[1]))
    elif tag == "p":
        _runs(document.add_paragraph(), el)
    elif tag in ("ul", "ol"):
        _list(document, el, tag == "ol", 1)
    elif tag == "table":
        _table(document, el)
    elif tag == "figure":
        for img in el.iter("img"):
            data = state["doc"].images.get(img.get("src"))
            if data:
                width = state["Cm"](25 if state["landscape"] else 16.6)
                document.add_picture(io.BytesIO(data), width=width)
        for cap in el.iter("figcaption"):
            document.add_paragraph(clean_text(cap.text_content().strip()), style="Caption")
    elif tag == "div" and "page-break" in classes:
        document.add_page_break()
    elif tag == "section" and "landscape" in classes:
        _orient(document, state, True)
        for child in el:
            _block(document, child, state)
        _orient(document, state, state["doc"].landscape)
    elif tag == "hr":
        document.add_paragraph("―" * 20)
    else:  # div.note and other containers
        if el.text and el.text.strip():
            document.add_paragraph(clean_text(el.text.strip()))
        for child in el:
            _block(document, child, state)


def _orient(document, state, landscape: bool) -> None:
    section = document.add_section()
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = state["WD_ORIENT"].LANDSCAPE if landscape else state["WD_ORIENT"].PORTRAIT
    state["landscape"] = landscape


def _runs(paragraph, el, bold=False, italic=False) -> None:
    if el.text:
        run = paragraph.add_run(clean_text(el.text))
        run.bold, run.italic = bold or None, italic or None
    for child in el:
        if child.tag == "br":
            paragraph.add_run().add_break()
        elif child.tag not in ("ul", "ol"):
            _runs(paragraph, child, bold or child.tag in INLINE_BOLD,
                  italic or child.tag in INLINE_ITALIC)
        if child.tail:
            run = paragraph.add_run(clean_text(child.tail))
            run.bold, run.italic = bold or None, italic or None


def _list(document, el, ordered: bool, level: int) -> None:
    base = "List Number" if ordered else "List Bullet"
    style = base if level == 1 else f"{base} {min(level, 3)}"
    for li in el.findall("li"):
        _runs(document.add_paragraph(style=style), li)
        for nested in li:
            if nested.tag in ("ul", "ol"):
                _list(document, nested, nested.tag == "ol", level + 1)


def _table(document, el) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = [tr for tr in el.iter("tr")]
    ncols = max(len(tr.findall("td") + tr.findall("th")) for tr in rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for r, tr in enumerate(rows):
        cells = [c for c in tr if c.tag in ("td", "th")]
        if tr.getparent().tag == "thead":
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        for c, cell_el in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = clean_text(cell_el.text_content().strip())
            if cell_el.tag == "th":
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            classes = (cell_el.get("class") or "").split()
            if "num" in classes or "right" in (cell_el.get("style") or ""):
                cell.paragraphs[0].alignment = 2
            fill = next((f for k, f in (("crit", "E06666"), ("ms", "1F3864"), ("on", "5B9BD5"))
                         if k in classes), None)
            if fill:
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:fill"), fill)
                cell._tc.get_or_add_tcPr().append(shd)


if __name__ == "__main__":
    fixtures = ROOT / "tests" / "fixtures"
    sample = Document(kind="plan", lang="zh", title="活动策划方案", subtitle="示例",
                      header="示例 · 活动策划方案", html=(fixtures / "contract.html").read_text(),
                      images={"chart-kr.png": (fixtures / "chart-kr.png").read_bytes()})
    print(build_naive_docx(sample, sys.argv[1] if len(sys.argv) > 1 else "naive.docx"))
