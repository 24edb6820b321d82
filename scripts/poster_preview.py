"""The results posters of both example campaigns side by side, for docs/ and the README.

    .venv/bin/python scripts/poster_preview.py

Writes docs/poster.png: the Chinese example's poster beside the English one's, each the
PNG `generate --doc poster` writes (1080 × 1920), shown at half size.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.generate import generate_file  # noqa: E402

EXAMPLES = ("double11-zh.yaml", "spring-referral-en.yaml")
SCALE, GAP = 0.5, 24


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        posters = []
        for name in EXAMPLES:
            (png,) = generate_file(ROOT / "examples" / name, docs=["poster"], formats=["png"],
                                   outdir=Path(folder) / name)
            image = Image.open(png).convert("RGB")
            posters.append(image.resize((round(image.width * SCALE),
                                         round(image.height * SCALE)), Image.LANCZOS))
    width = sum(p.width for p in posters) + GAP * (len(posters) + 1)
    sheet = Image.new("RGB", (width, posters[0].height + 2 * GAP), (225, 229, 235))
    x = GAP
    for poster in posters:
        sheet.paste(poster, (x, GAP))
        x += poster.width + GAP
    target = ROOT / "docs" / "poster.png"
    sheet.save(target, optimize=True)
    print(target)


if __name__ == "__main__":
    main()
