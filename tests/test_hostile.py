"""The hostile-input suite (issue 14): every class of attack, in every format.

One answers file carries every hostile class at once (HTML, Markdown links and images
pointing at a planted secret file and at a local HTTP server, Jinja syntax, formulas,
control characters, bidi overrides, lone surrogates, a line break in the theme, a path-like
theme); every document is written in every format, and each format is opened with its
real reader (python-docx, pdftotext, openpyxl and LibreOffice, the text itself for MD,
HTML and ICS). The secret never shows, the server is never asked for anything, template
code is never run, formulas stay text. YAML tags and alias bombs are refused on load.
"""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
import zipfile
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from openpyxl import load_workbook

from generator.__main__ import cli
from generator.answers.load import loads_answers
from generator.errors import AnswersError
from tests.helpers import pdftotext

ROOT = Path(__file__).resolve().parent.parent
EN_TEXT = (ROOT / "examples" / "spring-referral-en.yaml").read_text(encoding="utf-8")
SECRET = "SECRET-7f3a9c-NEVER-SHOWN"
JINJA = "{{ 7*7 }}{% for x in range(3) %}LOOP{% endfor %}{{ config }}"


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _Counting.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"fetched")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Every document of the hostile file in every format, the secret and the server."""
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    values = {
        "theme": '"../../etc/<b>Sprint</b>\\n=A1 \\u202eevil"',
        "background": (
            f'"<script>alert(1)</script> <img src=\\"{url}/img.png\\"> [secret](file://{secret}) '
            f'![pic]({url}/pic.png) <link rel=stylesheet href=\\"{url}/s.css\\"> '
            f'<iframe src=\\"file://{secret}\\"></iframe> {JINJA} \\u202e\\u2066bidi '
            f'\\x00\\x0b\\x1b[31m \\ud800 # not a heading"'),
        "task": f'"=HYPERLINK(\\"{url}/cell\\",\\"x\\") {JINJA}"',
        "channel": '"@SUM(1) <b>bold</b> [x](http://127.0.0.1:9/)"',
        "metric": '"+1+1 \\u202ermetric"',
        "owner": '"-2+3 {{ owner }}"',
    }
    text = EN_TEXT.replace("  theme: FitPulse Spring Referral Sprint",
                           f"  theme: {values['theme']}")
    text = text.replace("  slug: spring-referral-2026\n", "")
    text = re.sub(r"  background: \|\n(?:    .*\n|\n)+",
                  lambda _: f"  background: {values['background']}\n", text, count=1)
    text = text.replace("    task: Set referral goals and budget", f"    task: {values['task']}")
    text = text.replace("  - name: In-app referral banner", f"  - name: {values['channel']}", 1)
    text = text.replace("New sign-ups via referral", values["metric"].strip('"'))
    text = text.replace("    owner: Priya Shah\n    start: 2026-02-16",
                        f"    owner: {values['owner']}\n    start: 2026-02-16")
    # issue 16's review parts carry the same text: a daily series under the hostile metric
    # (the trend chart, the daily sheet's header) and a resource asked for (table, sheet)
    metric = values["metric"].strip('"')  # as the key result's metric is written above
    text = text.replace("\nresults:\n", "\nresults:\n  daily:\n"
                        f"    - date: 2026-03-16\n      values:\n        {metric}: 5\n"
                        f"    - date: 2026-03-17\n      values:\n        {metric}: 9\n"
                        f"  resources:\n    - {{what: {values['channel']}, amount: 100, "
                        f"why: {values['task']}}}\n", 1)
    answers = root / "hostile.yaml"
    answers.write_text(text, encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(cli, ["--lang", "en", "generate", str(answers), "--doc",
                                      "plan,schedule,review,poster", "--format",
                                      "docx,pdf,xlsx,html,md,ics,png", "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(p for p in out.iterdir() if not p.name.startswith("."))  # not the manifest
    review = next(p for p in files if p.name.endswith("-review.md")).read_text(encoding="utf-8")
    assert "# 3. Daily trend" in review and "Resources requested" in review
    yield {"out": out, "files": files, "url": url, "secret": secret}
    server.shutdown()


def texts(hostile) -> dict[str, str]:
    """Every output as its reader sees it."""
    found = {}
    for path in hostile["files"]:
        if path.suffix == ".png":
            continue  # the poster's PDF page as pixels: its text is read in the PDF
        if path.suffix == ".docx":
            doc = open_docx(path)
            parts = [p.text for p in doc.paragraphs]
            parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
            found[path.name] = "\n".join(parts)
        elif path.suffix == ".pdf":
            found[path.name] = pdftotext(path)
        elif path.suffix == ".xlsx":
            book = load_workbook(path)
            found[path.name] = "\n".join(str(c.value) for ws in book for row in ws.iter_rows()
                                         for c in row if c.value is not None)
        else:
            found[path.name] = path.read_text(encoding="utf-8")
    return found


def test_every_format_was_written_and_stays_in_its_folder(hostile):
    names = {p.name for p in hostile["files"]}
    # the path-like theme became a plain slug: ../../etc/... cannot leave the folder
    assert all(n.startswith("etc-b-sprint-b") for n in names), names
    assert {Path(n).suffix for n in names} == {".docx", ".pdf", ".xlsx", ".html", ".md", ".ics",
                                               ".png"}
    assert len(names) == 4 + 6 + 5 + 2  # plan, schedule, review, poster


def test_nothing_was_fetched_and_no_file_was_read(hostile):
    assert _Counting.hits == []
    for name, text in texts(hostile).items():
        assert SECRET not in text, name
    for path in hostile["files"]:
        data = path.read_bytes()
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(n) for n in archive.namelist())
        assert SECRET.encode() not in data, path.name


def test_template_code_in_answers_is_never_run(hostile):
    for name, text in texts(hostile).items():
        if name.endswith((".md", ".ics")):
            continue
        assert "LOOPLOOP" not in text and "<Config" not in text, name
    plan = texts(hostile)[next(p.name for p in hostile["files"] if p.name.endswith("plan.pdf"))]
    assert "7*7" in plan  # shown as typed, never 49


def test_html_stays_text_in_html_and_every_document(hostile):
    for path in hostile["files"]:
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            assert "<script>alert" not in html, path.name
            assert "&lt;script&gt;" in html or "plan" not in path.name, path.name
            tree = lxml.html.fromstring(html)
            assert not tree.xpath("//script | //iframe | //link[@href] | //object"), path.name
            for element in tree.iter():
                for attribute in ("src", "href"):
                    target = element.get(attribute) or ""
                    assert not target.startswith(("file:", "http")), (path.name, target)
        if path.suffix == ".md":
            md = path.read_text(encoding="utf-8")
            assert "<script>" not in md and "](file:" not in md, path.name
    docx = texts(hostile)[next(p.name for p in hostile["files"] if p.name.endswith("plan.docx"))]
    assert "<script>alert(1)</script>" in docx  # the text as the user typed it
    poster = texts(hostile)[next(p.name for p in hostile["files"] if p.name.endswith("poster.pdf"))]
    assert "../../etc/<b>Sprint</b>=A1" in re.sub(r"\s+", "", poster)  # wrapped, not markup


def test_no_control_character_or_surrogate_reaches_any_file(hostile):
    for name, text in texts(hostile).items():
        if name.endswith(".pdf"):
            text = text.replace("\x0c", "")  # NOTE: pdftotext's own page break
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", text), name


def test_the_calendar_has_the_theme_on_one_line(hostile):
    ics = next(p for p in hostile["files"] if p.suffix == ".ics").read_bytes().decode("utf-8")
    unfolded = ics.replace("\r\n ", "")
    name = next(line for line in unfolded.split("\r\n") if line.startswith("X-WR-CALNAME"))
    assert "=A1" in name and "Sprint" in name


def test_formula_text_is_text_and_libreoffice_shows_it_as_typed(hostile, tmp_path):
    book = next(p for p in hostile["files"] if p.name.endswith("schedule.xlsx"))
    sheet = load_workbook(book).worksheets[0]
    task = next(c for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert task.data_type == "s" and task.quotePrefix
    converted = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--norestore",
         "--convert-to", "csv", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=300)
    assert converted.returncode == 0, converted.stderr
    csv = (tmp_path / (book.stem + ".csv")).read_text(encoding="utf-8")
    assert f'=HYPERLINK(""{hostile["url"]}/cell""' in csv  # the formula's text, not its value
    assert _Counting.hits == []


@pytest.mark.parametrize("text, key", [
    ("format: 1\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
     "answers.yaml.alias"),
    ("format: 1\ncampaign: !!python/object/apply:os.system [\"touch pwned\"]\n",
     "answers.yaml.unknown_tag"),
    ("format: 1\ncampaign: !!python/name:os.system\n", "answers.yaml.unknown_tag"),
])
def test_yaml_tags_and_alias_bombs_are_refused_on_load(text, key):
    with pytest.raises(AnswersError) as info:
        loads_answers(text, "bomb.yaml")
    assert key in {p.message.key for p in info.value.problems}
    assert not Path("pwned").exists()
