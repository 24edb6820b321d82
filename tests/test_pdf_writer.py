"""The PDF writer, read back with poppler: text, fonts, pages, TOC, tables, safety."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest

from generator import locales
from generator.render.document import Document
from generator.errors import OutputError
from generator.resources import templates_dir
from generator.writers import pdf as pdf_writer
from generator.writers.pdf import IMAGE_BASE, FetchRefused, resolve_url, write_pdf
from tests.helpers import pdf_page_count, pdffonts, pdftotext

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTRACT = (FIXTURES / "contract.html").read_text(encoding="utf-8")
CHART = (FIXTURES / "chart-kr.png").read_bytes()


def make_doc(html: str = CONTRACT, lang: str = "zh", **overrides) -> Document:
    """A Document like render.py makes, around `html`."""
    fields = dict(
        kind="plan", lang=lang, title="活动策划方案", subtitle="双十一老客回馈季",
        header="双十一老客回馈季 · 活动策划方案", html=html,
        cover_lines=[("活动时间", "2026-11-01 至 2026-11-11"), ("负责人", "王小明 <运营部>")],
        images={"chart-kr.png": CHART}, generated_on="2026-10-08",
    )
    fields.update(overrides)
    return Document(**fields)


def page_text(path: Path, page: int, layout: bool = False) -> str:
    """Text of one page."""
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    args += (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def page_size(path: Path, page: int) -> tuple[float, float]:
    """(width, height) in points of one page, from pdfinfo."""
    out = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(path)],
                         check=True, capture_output=True, text=True).stdout
    match = re.search(rf"Page\s+{page} size:\s+([\d.]+) x ([\d.]+)", out)
    return float(match[1]), float(match[2])


def pages_containing(path: Path, needle: str) -> list[int]:
    """1-based numbers of the pages whose text contains `needle`."""
    return [n for n in range(1, pdf_page_count(path) + 1) if needle in page_text(path, n)]


@pytest.fixture(scope="module")
def contract_pdf(tmp_path_factory) -> Path:
    """The contract fixture written once for the read-only tests (no WeasyPrint warning)."""
    handler = logging.Handler(level=logging.WARNING)
    records: list[logging.LogRecord] = []
    handler.emit = records.append
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        path = write_pdf(make_doc(), tmp_path_factory.mktemp("pdf") / "plan.pdf")
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert not records, [r.getMessage() for r in records]
    return path


def test_text_cover_and_escaped_html(contract_pdf):
    text = pdftotext(contract_pdf)
    assert contract_pdf.read_bytes().startswith(b"%PDF-")
    for words in ("一、活动概述 Overview", "1.1 目标 Goals", "复购用户数", "1,500,000",
                  "<b>not bold</b> | pipe", "图 1 目标与实际对比", "回到纵向页面"):
        assert words in text
    cover = page_text(contract_pdf, 1)
    for words in ("活动策划方案", "双十一老客回馈季", "负责人", "王小明 <运营部>", "2026-10-08"):
        assert words in cover
    # The link is shown with its URL (a printed page cannot be clicked).
    assert "(https://example.com/x)" in text


def test_header_and_footer_skip_the_cover(contract_pdf):
    pages = pdf_page_count(contract_pdf)
    assert pages > 1
    assert "页" not in page_text(contract_pdf, 1).replace("编制日期", "")
    assert "双十一老客回馈季 · 活动策划方案" not in page_text(contract_pdf, 1)
    for n in range(2, pages + 1):
        text = page_text(contract_pdf, n)
        # NOTE: poppler drops the spaces between CJK and digits; compare without spaces.
        assert f"第{n}页/共{pages}页" in "".join(text.split())
        assert "双十一老客回馈季 · 活动策划方案" in text


def test_fonts_embedded_with_real_bold(contract_pdf):
    rows = [line.split() for line in pdffonts(contract_pdf).splitlines()[2:]]
    names = [row[0] for row in rows]
    assert rows and all("Noto-Sans-CJK-SC" in name for name in names), names
    assert all(row[-5] == "yes" for row in rows), rows  # the "emb" column
    assert any(name.endswith("Noto-Sans-CJK-SC-Bold") for name in names), names


def test_toc_lists_headings_with_their_page_numbers(contract_pdf):
    toc = page_text(contract_pdf, 2, layout=True)
    assert "目录" in toc
    for heading in ("一、活动概述 Overview", "1.1 目标 Goals", "2.1 甘特图 Gantt",
                    "三、之后 After landscape"):
        match = re.search(re.escape(heading) + r" +(\d+)\s*$", toc, re.M)
        assert match, f"{heading} missing from the TOC:\n{toc}"
        assert heading in page_text(contract_pdf, int(match[1]))


def test_landscape_section_gets_a_wide_page(contract_pdf):
    (gantt_page,) = pages_containing(contract_pdf, "2.1 甘特图 Gantt")[1:]  # [0] is the TOC
    width, height = page_size(contract_pdf, gantt_page)
    assert width > height
    # The chapter heading moved onto the landscape page instead of being stranded.
    assert "二、排期 Schedule" in page_text(contract_pdf, gantt_page)
    after = pages_containing(contract_pdf, "回到纵向页面")[0]
    width, height = page_size(contract_pdf, after)
    assert width < height


def test_whole_document_landscape(tmp_path):
    doc = make_doc(html="<h1>排期表</h1><p>每一页都是横向。</p><h1>附录</h1><p>完。</p>",
                   landscape=True)
    path = write_pdf(doc, tmp_path / "schedule.pdf")
    pages = pdf_page_count(path)
    assert pages == 3  # cover, TOC, and both short chapters on one page
    for n in range(1, pages + 1):
        width, height = page_size(path, n)
        assert width > height, n


def test_long_table_repeats_its_header_row(tmp_path):
    rows = "".join(
        f'<tr><td>任务 {i:03d}</td><td class="num">{i * 1000:,}</td><td>负责人{i}</td></tr>'
        for i in range(1, 121)
    )
    html = ("<h1>一、排期明细</h1><table><thead><tr><th>事项名称</th><th>预算金额</th>"
            f"<th>负责人</th></tr></thead><tbody>{rows}</tbody></table>")
    path = write_pdf(make_doc(html=html), tmp_path / "long.pdf")
    table_pages = pages_containing(path, "任务 0")
    assert len(table_pages) >= 2 and table_pages[0] == 3
    for n in table_pages:
        assert "事项名称" in page_text(path, n) and "预算金额" in page_text(path, n)
    # Rows are never split: each row's cells end up on one page.
    second = page_text(path, table_pages[1])
    first_row = re.search(r"任务 (\d{3})", second)[1]
    assert f"{int(first_row) * 1000:,}" in second and f"负责人{int(first_row)}" in second


def test_english_footer_and_missing_ids(tmp_path):
    html = "<h1>1. Overview</h1><p>Hello.</p><h2>1.1 Goals</h2><p>Grow.</p><h1>2. Budget</h1>"
    doc = make_doc(html=html, lang="en", title="Campaign plan", subtitle="Spring sale",
                   header="Spring sale · Campaign plan", toc_title="Contents",
                   cover_lines=[("Owner", "Ann")])
    path = write_pdf(doc, tmp_path / "plan-en.pdf")
    pages = pdf_page_count(path)
    assert f"Page 2 of {pages}" in page_text(path, 2)
    toc = page_text(path, 2, layout=True)
    assert re.search(r"1\.1 Goals +3\s*$", toc, re.M), toc
    assert re.search(r"2\. Budget +3\s*$", toc, re.M), toc  # chapters flow on
    assert "Prepared on 2026-10-08" in page_text(path, 1)


HOSTILE = (
    '<h1>一、附件</h1><p><a rel="attachment" href="file:///etc/passwd">x</a></p>'
    '<link rel="attachment" href="/etc/passwd">'
    '<p><img src="http://127.0.0.1:9/x.png" alt="remote"></p>'
    '<p><img src="file:///etc/hostname" alt="local"></p>'
    '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline"></p>'
    '<p style="background: url(file:///etc/passwd)">背景</p>'
    '<figure><img src="chart-kr.png" alt="图"><figcaption>允许的图</figcaption></figure>'
)


def test_nothing_is_fetched_or_embedded(tmp_path, monkeypatch, weasyprint_warnings_fail):
    weasyprint_warnings_fail.expected = True  # refused fetches are logged as warnings
    calls: list[tuple[str, str]] = []
    real = pdf_writer.resolve_url

    def recording(url, images, root):
        try:
            result = real(url, images, root)
        except FetchRefused:
            calls.append((url, "refused"))
            raise
        calls.append((url, "served"))
        return result

    monkeypatch.setattr(pdf_writer, "resolve_url", recording)
    path = write_pdf(make_doc(html=HOSTILE), tmp_path / "hostile.pdf")
    listing = subprocess.run(["pdfdetach", "-list", str(path)], check=True,
                             capture_output=True, text=True).stdout
    assert re.match(r"0 embedded files", listing), listing
    assert b"/EmbeddedFile" not in path.read_bytes()
    served = [url for url, outcome in calls if outcome == "served"]
    refused = [url for url, outcome in calls if outcome == "refused"]
    assert served == [IMAGE_BASE + "chart-kr.png"]
    assert "http://127.0.0.1:9/x.png" in refused and "file:///etc/hostname" in refused
    assert not any("passwd" in url for url in served)
    assert "允许的图" in pdftotext(path)


def test_resolve_url_allows_only_images_and_templates():
    root = templates_dir()
    data, mime = resolve_url(IMAGE_BASE + "chart-kr.png", {"chart-kr.png": CHART}, root)
    assert data == CHART and mime == "image/png"
    css = (root / "style.css").resolve()
    assert resolve_url(css.as_uri(), {}, root)[0] == css.read_bytes()
    for url in (
        IMAGE_BASE + "other.png",
        root.as_uri() + "/../setup.cfg",
        (root.parent / "setup.cfg").as_uri(),
        "file:///etc/passwd",
        "file://example.com/" + str(css),
        "http://127.0.0.1:9/x.png",
        "https://example.com/style.css",
        "data:text/css,body{}",
        "ftp://example.com/x",
        "chart-kr.png",
    ):
        with pytest.raises(FetchRefused):
            resolve_url(url, {"chart-kr.png": CHART}, root)


def test_unwritable_target_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with locales.using("en"), pytest.raises(
            OutputError, match="cannot write .*plan.pdf: .*/file is not a folder$"):
        write_pdf(make_doc(html="<h1>x</h1>"), blocker / "plan.pdf")
    with locales.using("zh"), pytest.raises(OutputError, match="无法写入 .*plan.pdf：.*/file 不是文件夹$"):
        write_pdf(make_doc(html="<h1>x</h1>"), blocker / "plan.pdf")


def test_image_names_with_spaces_and_chinese(tmp_path, monkeypatch):
    served = []
    real = pdf_writer.resolve_url

    def recording(url, images, root):
        result = real(url, images, root)
        served.append(url)
        return result

    monkeypatch.setattr(pdf_writer, "resolve_url", recording)
    html = ('<h1>图表</h1><figure><img src="图 1 目标.png" alt="图">'
            "<figcaption>说明</figcaption></figure>")
    path = write_pdf(make_doc(html=html, images={"图 1 目标.png": CHART}), tmp_path / "img.pdf")
    assert len(served) == 1 and "说明" in pdftotext(path)
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    # One picture (plus its alpha mask), at the chart's own 600 x 300 pixels.
    assert [row.split()[3:5] for row in images if row.split()[2] == "image"] == [["600", "300"]]


# --- importing WeasyPrint (issue 17) ------------------------------------------------------

_SPAWNS = (
    "import subprocess, sys\n"
    "spawned = []\n"
    "real = subprocess.Popen.__init__\n"
    "def spy(self, args, *a, **k):\n"
    "    spawned.append(args)\n"
    "    real(self, args, *a, **k)\n"
    "subprocess.Popen.__init__ = spy\n"
)


def _run(script: str) -> str:
    import sys

    return subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[1]).stdout


def test_weasyprint_loads_its_libraries_without_running_a_program():
    """cffi's library search (ldconfig, gcc, ld: ~70 processes) is skipped by both writers
    that import WeasyPrint (PDF, poster), and the same libraries are loaded as by a plain
    `import weasyprint` (HarfBuzz subsetting too)."""
    loaded = ("import weasyprint.text.ffi as f\n"
              "print([n for n in ('gobject', 'pango', 'harfbuzz', 'harfbuzz_subset', "
              "'fontconfig', 'pangoft2') if getattr(f, n) is not None])\n")
    ours = _run(_SPAWNS + "import generator.writers.poster, generator.writers.pdf\n"
                "print(spawned)\n" + loaded)
    plain = _run(_SPAWNS + "import weasyprint\nprint(bool(spawned))\n" + loaded)
    assert ours.splitlines()[0] == "[]"
    assert plain.splitlines()[0] == "True"  # what the search costs without us
    assert ours.splitlines()[1] == plain.splitlines()[1]
    assert "harfbuzz_subset" in ours.splitlines()[1]


def test_weasyprint_import_falls_back_to_the_library_search():
    """Where a library loads only through the search, the import is retried WeasyPrint's
    way: the quick attempt's failure (and WeasyPrint's help text) is not shown."""
    script = (
        "import contextlib, ctypes.util\n"
        "import cffi.api\n"
        "from generator.writers import weasy\n"
        "searched = []\n"
        "real_find, real_load = ctypes.util.find_library, cffi.api._load_backend_lib\n"
        "def find(name):\n"
        "    searched.append(name)\n"
        "    return real_find(name)\n"
        "ctypes.util.find_library = find\n"
        "@contextlib.contextmanager\n"
        "def nothing_loads():\n"
        "    def fail(backend, name, flags):\n"
        "        raise OSError(f'cannot load {name}')\n"
        "    cffi.api._load_backend_lib = fail\n"
        "    try:\n"
        "        yield\n"
        "    finally:\n"
        "        cffi.api._load_backend_lib = real_load\n"
        "weasy._no_library_search = nothing_loads\n"
        "weasy.import_weasyprint()\n"
        "from weasyprint import HTML\n"
        "print(HTML(string='<p>ok</p>').write_pdf()[:5], bool(searched))\n")
    assert _run(script).split() == ["b'%PDF-'", "True"]
