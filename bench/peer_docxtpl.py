"""The peer of `campaign-docs generate`: the Word-template path it replaces, as real code.

A team without campaign-docs keeps three Word templates (plan, schedule, review) with
docxtpl tags, fills them from a script, and converts them to PDF with one LibreOffice call.
The templates are made here once (not timed: a team has them already) from our own rendered
documents, so both sides carry the same text: headings are fixed template text, every
paragraph and list item a `{{ p[i] }}` tag, every table a `{%tr for %}` row loop over the
same rows, every chart an InlineImage of the same PNG (the peer's charts are free; ours are
drawn inside the timing).

Timed, whole process each, side by side (the ratio is the figure):
- ours: `campaign-docs generate examples/double11-zh.yaml` (default documents and formats:
  DOCX + PDF + XLSX, LibreOffice numbering the DOCX tables of contents);
- peer: `python bench/peer_docxtpl.py fill DIR` (docxtpl, three templates) + one
  `soffice --convert-to pdf` of the three filled files with a fresh profile (as ours uses).
docxtpl is a bench-only dependency (bench/requirements.txt, installed by `make bench`).
Run alone: .venv/bin/python -m bench.peer_docxtpl [--quick]
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "double11-zh.yaml"
DOCS = ("plan", "schedule", "review")


# ---------------------------------------------------------------- templates (untimed)

def make_templates(folder: Path) -> None:
    """Write `<doc>.docx` templates and `<doc>.json` contexts (and chart PNGs) into `folder`."""
    sys.path.insert(0, str(ROOT))
    from generator.answers.checks import load_checked
    from generator.render.templating import render_document

    answers = load_checked(EXAMPLE)[0].answers
    folder.mkdir(parents=True, exist_ok=True)
    for kind in DOCS:
        doc = render_document(kind, answers)
        context = {"title": doc.title, "subtitle": doc.subtitle, "p": [], "tables": [],
                   "images": []}
        template = _template_for(doc, context, folder)
        template.save(str(folder / f"{kind}.docx"))
        (folder / f"{kind}.json").write_text(json.dumps(context, ensure_ascii=False),
                                             encoding="utf-8")


def _template_for(doc, context: dict, folder: Path):
    """A python-docx document with docxtpl tags where `doc` has text, tables and images."""
    import docx
    from docx.oxml.ns import qn
    from lxml import html as lxml_html

    template = docx.Document()
    normal = template.styles["Normal"]
    normal.font.name = doc.font_family
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), doc.font_family)
    template.add_heading("{{ title }}", level=0)
    template.add_paragraph("{{ subtitle }}")
    template.add_page_break()
    root = lxml_html.fragment_fromstring(doc.html, create_parent="div")
    for el in root.iter("h1", "h2", "h3", "p", "li", "table", "img"):
        if el.tag in ("h1", "h2", "h3"):
            template.add_heading(el.text_content().strip(), level=int(el.tag[1]))
        elif el.tag in ("p", "li") and el.getparent().tag not in ("td", "th"):
            context["p"].append(el.text_content().strip())
            style = "List Bullet" if el.tag == "li" else None
            template.add_paragraph(f"{{{{ p[{len(context['p']) - 1}] }}}}", style=style)
        elif el.tag == "table":
            _table(template, el, context)
        elif el.tag == "img" and el.get("src") in doc.images:
            name = f"{doc.kind}-{len(context['images'])}.png"
            (folder / name).write_bytes(doc.images[el.get("src")])
            context["images"].append(name)
            template.add_paragraph(f"{{{{ images[{len(context['images']) - 1}] }}}}")
    return template


def _table(template, el, context: dict) -> None:
    """A header row of fixed text, then a `{%tr for %}` loop over the body rows' cell texts."""
    rows = [[cell.text_content().strip() for cell in row.iter("td", "th")]
            for row in el.iter("tr")]
    rows = [row for row in rows if row]
    if not rows:
        return
    header, body = rows[0], rows[1:]
    width = max(len(row) for row in rows)
    index = len(context["tables"])
    context["tables"].append([row + [""] * (width - len(row)) for row in body])
    table = template.add_table(rows=4, cols=width)
    table.style = "Table Grid"
    for i, text in enumerate(header):
        table.cell(0, i).text = text
    table.cell(1, 0).text = f"{{%tr for r in tables[{index}] %}}"
    for i in range(width):
        table.cell(2, i).text = f"{{{{ r[{i}] }}}}"
    table.cell(3, 0).text = "{%tr endfor %}"


# ---------------------------------------------------------------- the peer's script (timed)

def fill(folder: Path, outdir: Path) -> list[Path]:
    """What the team's script does: fill every template with its context and save it."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in DOCS:
        template = DocxTemplate(str(folder / f"{kind}.docx"))
        context = json.loads((folder / f"{kind}.json").read_text(encoding="utf-8"))
        context["images"] = [InlineImage(template, str(folder / name), width=Mm(160))
                             for name in context["images"]]
        template.render(context, autoescape=True)
        template.save(str(outdir / f"{kind}.docx"))
        written.append(outdir / f"{kind}.docx")
    return written


# ---------------------------------------------------------------- side by side

def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice is missing: run `make bench` (it installs it)")
    return found


def peer_once(work: Path, run: int) -> float:
    """One whole peer run: the fill script as a process, then one soffice call to PDF."""
    out = work / f"peer-out-{run}"
    start = time.perf_counter()
    subprocess.run([sys.executable, str(Path(__file__)), "fill", str(work / "templates"),
                    str(out)], check=True, capture_output=True)
    profile = f"-env:UserInstallation={(work / f'peer-profile-{run}').as_uri()}"
    subprocess.run([_soffice(), profile, "--headless", "--invisible", "--norestore",
                    "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf",
                    "--outdir", str(out), *(str(out / f"{k}.docx") for k in DOCS)],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    assert all((out / f"{k}.pdf").is_file() for k in DOCS), list(out.iterdir())
    return seconds


def ours_once(work: Path, run: int) -> float:
    """One whole `campaign-docs generate` of the example, default documents and formats."""
    exe = Path(sys.executable).with_name("campaign-docs")
    start = time.perf_counter()
    subprocess.run([str(exe), "generate", str(EXAMPLE), "-o", str(work / f"ours-{run}")],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def bench_lines(work: Path, quick: bool) -> list[str]:
    """`generate` vs the docxtpl + LibreOffice path, whole processes, alternating runs."""
    make_templates(work / "templates")
    repeat = 2 if quick else 4
    ours_once(work, -1)  # NOTE: warm both sides' disk caches (fonts, LibreOffice) once
    peer_once(work, -1)
    ours, peer = [], []
    for run in range(repeat):
        ours.append(ours_once(work, run))
        peer.append(peer_once(work, run))
    ours_s, peer_s = statistics.median(ours), statistics.median(peer)
    return [f"| `generate` example (DOCX+PDF+XLSX, whole process) vs docxtpl ×3 + one "
            f"LibreOffice →PDF | {ours_s * 1000:,.0f} ms | {peer_s * 1000:,.0f} ms | "
            f"{ours_s / peer_s:.2f}× | ≤ 1.0× |"]


def main() -> None:
    """`fill TEMPLATES OUT` (the peer's script), or the comparison alone."""
    if len(sys.argv) == 4 and sys.argv[1] == "fill":
        fill(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="campaign-docs-peer-") as tmp:
        for line in bench_lines(Path(tmp), quick="--quick" in sys.argv):
            print(line)


if __name__ == "__main__":
    main()
