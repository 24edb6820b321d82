"""Page images for docs/: each PDF page beside the same DOCX page as LibreOffice lays it out,
and the schedule workbook's printed pages.

    .venv/bin/python scripts/office_previews.py   # needs LibreOffice and poppler (make test)

Writes docs/office-plan.png, docs/office-review.png and docs/office-xlsx.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.generate import generate_file  # noqa: E402
from generator.office import convert_to_pdf  # noqa: E402

DPI = "45"


def pages(pdf: Path, numbers: list[int], out: Path) -> list[Image.Image]:
    """The given pages of a PDF as images."""
    images = []
    for number in numbers:
        stem = out / f"{pdf.stem}-{pdf.parent.name}-{number}"
        subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", str(number), "-l", str(number),
                        "-singlefile", str(pdf), str(stem)], check=True)
        images.append(Image.open(stem.with_suffix(".png")).convert("RGB"))
    return images


def grid(rows: list[tuple[str, list[Image.Image]]], target: Path) -> None:
    """Rows of page images, each row under its label, on a grey sheet."""
    gap, label_h = 12, 22
    width = max(sum(i.width for i in images) + gap * (len(images) + 1) for _, images in rows)
    height = sum(max(i.height for i in images) + label_h + gap for _, images in rows) + gap
    sheet = Image.new("RGB", (width, height), "#9aa3ad")
    draw = ImageDraw.Draw(sheet)
    y = gap
    for label, images in rows:
        draw.text((gap, y + 4), label, fill="white")
        x, y = gap, y + label_h
        for image in images:
            sheet.paste(image, (x, y))
            x += image.width + gap
        y += max(i.height for i in images) + gap
    sheet.save(target, optimize=True)


def main() -> None:
    """Generate the zh example, lay its DOCX and XLSX out with LibreOffice, draw the grids."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        written = generate_file(ROOT / "examples" / "double11-zh.yaml",
                                formats=["docx", "pdf", "xlsx"], outdir=work / "out")
        by_name = {p.name: p for p in written}
        (work / "lo").mkdir()
        docx = [p for p in written if p.suffix == ".docx"]
        laid_out = convert_to_pdf(docx, work / "lo")
        (work / "xlsx").mkdir()
        sheets = convert_to_pdf([by_name["double11-2026-schedule.xlsx"]], work / "xlsx")
        shots = work / "png"
        shots.mkdir()
        for doc, numbers in (("plan", [1, 2, 3]), ("review", [3, 4, 5])):
            pdf = by_name[f"double11-2026-{doc}.pdf"]
            lo = laid_out[by_name[f"double11-2026-{doc}.docx"]]
            grid([("PDF (WeasyPrint)", pages(pdf, numbers, shots)),
                  ("DOCX, as LibreOffice lays it out", pages(lo, numbers, shots))],
                 ROOT / "docs" / f"office-{doc}.png")
        xlsx_pdf = next(iter(sheets.values()))
        grid([("XLSX schedule, printed by LibreOffice: table, Gantt (2 pages), workload",
               pages(xlsx_pdf, [1, 2, 3, 4], shots))], ROOT / "docs" / "office-xlsx.png")


if __name__ == "__main__":
    main()
