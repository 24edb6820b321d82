"""Plan PDF with the system Noto Sans CJK SC vs a subset of it made with fontTools.

The subset holds the plan's own characters + ASCII, from face 2 (SC) of the Regular and
Bold collections. `--same-family` declares it as "Noto Sans CJK SC" (Pango then still lays
out with the system face); otherwise under a family of its own, put first in the stack.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
import time
from pathlib import Path

from bench.levers.common import cpu_median, example_answers

NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"


def build_subsets(chars: list[str], folder: Path) -> float:
    """Write sub-Regular.otf and sub-Bold.otf into `folder`; return the seconds it took."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    start = time.perf_counter()
    for weight in ("Regular", "Bold"):
        font = TTFont(NOTO.format(weight), fontNumber=2, lazy=True)
        options = subset.Options()
        options.layout_features, options.name_IDs, options.name_languages = ["*"], ["*"], ["*"]
        options.notdef_outline = options.ignore_missing_unicodes = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in chars] + list(range(0x20, 0x7F)))
        subsetter.subset(font)
        font.save(folder / f"sub-{weight}.otf")
    return time.perf_counter() - start


def main() -> None:
    """Print the subset's build time and size, and the plan PDF's CPU time both ways."""
    from weasyprint import CSS

    from generator.render.templating import render_document
    from generator.writers import pdf

    doc = render_document("plan", example_answers())
    text = html.unescape(re.sub(r"<[^>]+>", "", doc.html)) + doc.title + doc.header
    chars = sorted(set(text + "0123456789第页共目录"))
    folder = Path(tempfile.mkdtemp(prefix="subset-"))
    seconds = build_subsets(chars, folder)
    sizes = [p.stat().st_size for p in sorted(folder.glob("*.otf"))]
    print(f"{len(chars)} characters; subsets built in {seconds:.1f} s; bytes {sizes}")
    family = "Noto Sans CJK SC" if "--same-family" in sys.argv else "CD Subset"
    faces = "".join(f'@font-face {{ font-family: "{family}"; font-weight: {w}; '
                    f'src: url("{(folder / f"sub-{n}.otf").as_uri()}"); }}'
                    for w, n in ((400, "Regular"), (700, "Bold")))
    faces += (f' html, body, h1, h2, h3, table, td, th, p, li {{ font-family: "{family}",'
              ' "Noto Sans CJK SC", sans-serif !important; }')
    extra = CSS(string=faces, font_config=pdf._font_config())
    system = pdf.stylesheets
    pdf.render_pdf_bytes(doc)  # warm
    for label, sheets in (("system font", system), ("subset", None), ("system font", system)):
        pdf.stylesheets = sheets or (lambda footer: system(footer) + (extra,))
        median, runs = cpu_median(lambda: pdf.render_pdf_bytes(doc), 4)
        print(f"{label}: plan PDF {median:.3f} s CPU (median of {runs})")
    pdf.stylesheets = lambda footer: system(footer) + (extra,)
    (folder / "subset.pdf").write_bytes(pdf.render_pdf_bytes(doc))
    print(f"pdffonts {folder / 'subset.pdf'} shows which faces were embedded")


if __name__ == "__main__":
    main()
