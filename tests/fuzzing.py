"""Fuzzing targets: hypothesis strategies and the pipeline each example goes through.

Strategies:
- `answers_data()`: answers built from the model's own JSON Schema (every section, field
  type and enum), with hostile text mixed in, then nudged so most pass `check` (dates in
  order, budgets that add up, ids that resolve) and so reach the views and the writers;
- `mutated_yaml()`: real answers files (the examples, the minimal file) with lines deleted,
  repeated, swapped, re-indented, cut short, or a value replaced by hostile text;
- `filled_workbook()`: the review fill-in workbook with cells typed over (numbers, text,
  formulas, dates, blanks), labels renamed, rows far down, sheets renamed.

Each example goes through the real pipeline: the answers file is written to disk and
`check`ed (load + lint), then the views, then the writers (Markdown, HTML, DOCX, XLSX, ICS;
PDF in the `pdf` target), or `results --from-xlsx` for workbooks. Only our own errors
(`CampaignDocsError`) may come out; anything else fails the run and hypothesis prints the
minimal failing example.

Run in a process of its own: `python -m tests.fuzzing TARGET EXAMPLES SEED` prints a JSON
line of counts (the test suite runs the slow targets beside the others this way, so both
cores work).

Numbers reach past the model's bounds (10**15) to float's edges and infinity, and dates
past its calendar (1900-2200) to year 1 and 9999, so the bounds' sentences are fuzzed too.
Dates inside the bounds stay within two years: a schedule spread over a century makes a
Gantt of thousands of week columns (a minute a workbook), which the resource limits
cover, not the fuzzing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import random
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from generator.errors import CampaignDocsError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "data" / "minimal.yaml", ROOT / "examples" / "spring-referral-en.yaml",
           ROOT / "examples" / "double11-zh.yaml"]
FIXED_SEED = 20261114
DATES = (dt.date(2025, 7, 1), dt.date(2027, 6, 30))
OUTSIDE_DATES = [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2201, 1, 1),
                 dt.date(9999, 12, 31)]
NUMBERS = 10**18
RARE_ODDS = 50  # one number or date in 50 is out of bounds or odd (see _mostly)
# Numbers as users type them, read by the one number model (answers/numbers.py): ones every
# number field takes, and ones only some take (a currency mark, a percentage, a sign).
NUMBER_TEXT = ["1.2万", "3亿", "20,000", "1.5k", "2w", "１２３"]
ODD_NUMBER_TEXT = ["¥20,000", "￥5000", "$25", "27.5 USD", "18%", "−5", "0.5", "12 000",
                   "1,2,3"]
CURRENCIES = ["CNY", "USD", "EUR", "JPY", "GBP", "HKD"]
SEEDS_USED: list[str] = []  # "target: seed", printed in the test summary (conftest)
TALLIES: list[dict] = []  # what each run did, printed in the test summary too

# Text that has broken, or tried to break, a format: formulas, HTML, Markdown links and
# structure, Jinja, control characters, bidi overrides, lone surrogates, paths, long text.
HOSTILE = [
    "=A1", "=HYPERLINK(\"http://127.0.0.1:9/x\",\"y\")", "+1+1", "-2", "@SUM(1)", "\t=1",
    "\r=1", "#N/A", "<script>alert(1)</script>", "<img src=http://127.0.0.1:9/i.png>",
    "[x](file:///etc/passwd)", "![i](http://127.0.0.1:9/a.png)", "<http://127.0.0.1:9/>",
    "{{ 7*7 }}", "{% for x in [] %}", "{#", "${x}", "$\\frac{1}{2}$", "# heading", "---",
    "| a | b |", "* item", "1. one", "```", "&amp; &", "\\", "\x00", "\x0b", "\x1b[31m",
    "\x7f", "\u202e\u2066evil", "\ufeff", "\ud800", "\udfff", "\ufffe", "../../etc/passwd",
    "/etc/passwd", "C:\\Windows", "a\nb", "a\r\nb", "\u00a0", "😀", "中文，标点。", "x" * 300,
    "　", "%s%n", "'", "\"", "''", "null", "~", "yes", "1e400", "NaN", "-0", "0x10",
]


def text_strategy(min_size: int = 0) -> st.SearchStrategy[str]:
    """Text a user might type, or paste, or an attacker might write."""
    plain = st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=12)
    hostile = st.sampled_from(HOSTILE)
    mixed = st.tuples(plain, hostile, plain).map("".join)
    return st.one_of(plain, hostile, mixed, hostile).filter(
        lambda s: len(s.strip()) >= min_size)


# ------------------------------------------------------------------ from the model's schema

@cache
def _schema() -> dict:
    from generator.answers.model import Answers

    return Answers.model_json_schema()


def _mostly(common: st.SearchStrategy, rare: st.SearchStrategy,
            odds: int = RARE_ODDS) -> st.SearchStrategy:
    """`common`, and `rare` once in `odds` draws: an answers file has dozens of numbers and
    dates, and one out of bounds is enough for `check` to refuse the whole file."""
    return st.integers(0, odds - 1).flatmap(lambda i: rare if i == 0 else common)


def _number(kinds: list[str], low: int | None) -> st.SearchStrategy:
    """A number field (the model takes numbers and number text: "1.2万", "¥20,000")."""
    low = -10**6 if low is None else low
    whole = "number" not in kinds
    common = [st.integers(low, 10**9)]
    if not whole:
        common.append(st.floats(low, 1e9, allow_nan=False, allow_infinity=False))
    if "string" in kinds:
        common.append(st.integers(max(low, 0), 10**9).map(lambda n: f"{n:,}"))
        common.append(st.sampled_from(NUMBER_TEXT))
    rare = [st.integers(low if low >= 0 else -NUMBERS, NUMBERS)]  # past the bounds (10**15)
    if not whole:
        rare.append(st.floats(low, None, allow_nan=False))  # float's edge and infinity
    if "string" in kinds:
        rare += [st.sampled_from(ODD_NUMBER_TEXT), text_strategy()]
    return _mostly(st.one_of(common), st.one_of(rare))


def _from_schema(node: dict, depth: int = 0) -> st.SearchStrategy[Any]:
    """A strategy for one JSON Schema node of the answers model."""
    defs = _schema()["$defs"]
    if not isinstance(node, dict):  # `true`: any value (the `proposed:` record)
        return st.one_of(text_strategy(), st.integers(), st.none())
    if "$ref" in node:
        return _from_schema(defs[node["$ref"].split("/")[-1]], depth + 1)
    if "anyOf" in node:
        return st.one_of([_from_schema(n, depth) for n in node["anyOf"]])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    kind = kinds[0]
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        return _number(kinds, node.get("minimum"))
    if kind == "string" and node.get("format") == "date":
        return _mostly(st.dates(*DATES), st.sampled_from(OUTSIDE_DATES))
    if kind == "string" and "pattern" in node:  # the currency code
        return _mostly(st.sampled_from(CURRENCIES), text_strategy())
    if kind == "string":
        return text_strategy()
    if kind == "array":
        return st.lists(_from_schema(node.get("items", {}), depth + 1),
                        max_size=3 if depth < 2 else 2)
    if kind == "object" and "properties" in node:
        return _object(node, depth)
    if kind == "object":
        return st.dictionaries(text_strategy(1), _from_schema(
            node.get("additionalProperties", {}), depth + 1), max_size=3)
    return text_strategy()


def _object(node: dict, depth: int) -> st.SearchStrategy[dict]:
    required = set(node.get("required", []))
    fields = {}
    for name, sub in node["properties"].items():
        strategy = _from_schema(sub, depth + 1)
        if name in required:
            fields[name] = strategy.filter(lambda v: v is not None and v != "")
        else:
            fields[name] = st.one_of(st.just(_ABSENT), strategy)
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not _ABSENT})


_ABSENT = object()


@st.composite
def answers_data(draw) -> dict:
    """A whole answers file, as data, from the model's schema; mostly valid."""
    data = draw(_object(_schema(), 0))
    data["format"] = 1
    data["campaign"].pop("slug", None)  # NOTE: an unsafe slug is refused; derived instead
    if draw(st.integers(0, 3)):  # NOTE: three in four, so most examples reach the writers
        _make_consistent(data, draw(st.randoms(use_true_random=False)))
    return data


def _make_consistent(data: dict, rng: random.Random) -> None:
    """What `check` requires across fields, so the example reaches the writers."""
    c = data["campaign"]
    if isinstance(c.get("start"), dt.date) and isinstance(c.get("end"), dt.date):
        c["start"], c["end"] = sorted([c["start"], c["end"]])
    for section in ("phases", "channels"):
        for item in data.get(section) or []:
            if isinstance(item.get("start"), dt.date) and isinstance(item.get("end"), dt.date):
                item["start"], item["end"] = sorted([item["start"], item["end"]])
    spent = sum(ch["budget"] for ch in data.get("channels") or []
                if isinstance(ch.get("budget"), int | float))
    if isinstance(c.get("budget"), int | float) and c["budget"] < spent:
        c["budget"] = spent
    ends: dict[str, Any] = {}
    for i, task in enumerate(data.get("schedule") or []):
        task["id"] = f"T{i + 1}"
        start, end = task.get("start"), task.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            task["start"], task["end"] = sorted([start, end])
        ready = [t for t, done in ends.items() if not isinstance(done, dt.date)
                 or not isinstance(task.get("start"), dt.date) or done < task["start"]]
        task["depends_on"] = rng.sample(ready, min(len(ready), rng.randint(0, 2)))
        ends[task["id"]] = task.get("end")
    metrics = [kr["metric"] for o in data.get("objectives") or [] for kr in o.get("key_results") or []]
    results = data.get("results")
    if isinstance(results, dict):
        krs = results.get("key_results") or []
        if metrics:
            for kr in krs:
                kr["metric"] = rng.choice(metrics)
        else:
            results["key_results"] = []


# ------------------------------------------------------------------ mutated YAML text

@cache
def _source_lines(index: int) -> list[str]:
    return SOURCES[index].read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutated_yaml(draw) -> str:
    """A real answers file with a few edits a hurried (or hostile) user might make."""
    lines = list(_source_lines(draw(st.integers(0, len(SOURCES) - 1))))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "repeat", "swap", "indent", "value", "value",
                                    "value", "insert", "cut", "key"]))
        line = lines[at]
        if how == "delete":
            del lines[at]
        elif how == "repeat":
            lines.insert(at, line)
        elif how == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif how == "indent":
            lines[at] = " " * draw(st.integers(0, 8)) + line.lstrip(" ")
        elif how == "value" and ":" in line:
            key = line.split(":", 1)[0]
            value = draw(text_strategy())
            lines[at] = f"{key}: {json.dumps(value, ensure_ascii=False)}\n" if draw(
                st.booleans()) else f"{key}: {value}\n"
        elif how == "insert":
            lines.insert(at, draw(text_strategy()) + "\n")
        elif how == "cut":
            lines = lines[:at + 1]
            lines[-1] = lines[-1][:draw(st.integers(0, len(lines[-1])))]
        elif how == "key" and ":" in line:
            indent = line[: len(line) - len(line.lstrip(" "))]
            lines[at] = indent + draw(text_strategy(1)).replace("\n", " ") + ":" + \
                line.split(":", 1)[1]
        if not lines:
            lines = ["format: 1\n"]
    return "".join(lines)


# ------------------------------------------------------------------ filled workbooks

@cache
def _workbook_template() -> tuple[bytes, bytes]:
    """The example's answers bytes and its review workbook's bytes (written once)."""
    from generator.answers.load import load_answers
    from generator.writers.xlsx.review import write_review_workbook

    source = ROOT / "examples" / "spring-referral-en.yaml"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.xlsx"
        write_review_workbook(load_answers(source).answers, path)
        return source.read_bytes(), path.read_bytes()


def _typable(text: str) -> str:
    """What a spreadsheet lets a user type (openpyxl refuses control characters too)."""
    from generator.textsafe import clean_text

    return clean_text(text)


CELL_VALUES = st.one_of(
    st.none(), st.integers(-10, 10**9), st.floats(-1e9, 1e9, allow_nan=False),
    st.sampled_from(["", " ", "12,000", "1,2,3", "12.5%", "¥20,000", "1.2万", "=1+1", "=G5*2",
                     "abc", "-5", "0", "1e3", "2026-11-20", "2026/11/20"]),
    st.dates(*DATES), text_strategy().map(_typable))


@st.composite
def filled_workbook(draw) -> tuple[bytes, bool]:
    """(workbook bytes, allow_clearing): the fill-in workbook typed over by a user."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_workbook_template()[1]))
    sheets = len(book.worksheets)
    for _ in range(draw(st.integers(1, 8))):
        ws = book.worksheets[draw(st.integers(0, sheets - 1))]
        how = draw(st.sampled_from(["cell", "cell", "cell", "label", "far", "rename"]))
        if how == "cell":
            row, col = draw(st.integers(1, 30)), draw(st.integers(1, 8))
            ws.cell(row=row, column=col).value = draw(CELL_VALUES)
        elif how == "label":
            ws.cell(row=draw(st.integers(4, 20)), column=1).value = \
                draw(text_strategy().map(_typable))
        elif how == "far":
            ws.cell(row=draw(st.integers(1990, 2100)), column=draw(st.integers(1, 4))).value = \
                draw(CELL_VALUES)
        elif how == "rename" and draw(st.integers(0, 9)) == 0:
            ws.title = draw(st.sampled_from(["x", "Sheet", "关键结果"])) + str(sheets)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), draw(st.booleans())


# ------------------------------------------------------------------ the pipeline

class Tally(Counter):
    """What happened to the examples: tried, refused (our sentence), rendered ..."""


def _write_answers(folder: Path, data: dict) -> Path:
    """The data as an answers file on disk, through the tool's own YAML writer."""
    from generator.answers.load import dumps_answers
    from generator.answers.paths import to_tree

    path = folder / "a.yaml"
    path.write_bytes(dumps_answers(to_tree(data)).encode("utf-8", "surrogatepass"))
    return path


@cache
def _tiny_png() -> bytes:
    """A valid 2x2 grey PNG, standing in for a chart (matplotlib costs ~0.3 s a chart)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + \
        chunk(b"IEND", b"")


def render_all(path: Path, folder: Path, tally: Tally, formats: tuple[str, ...],
               docs: tuple[str, ...] = ("plan", "schedule", "review"),
               real_charts: bool = False) -> None:
    """check (load + lint) -> views -> every writer in `formats`, for `docs`."""
    from generator.answers.checks import load_checked
    from generator.generate import write_documents

    try:
        loaded, _warnings = load_checked(path)
    except CampaignDocsError:
        tally["refused by check"] += 1
        return
    tally["passed check"] += 1
    restore = None
    if not real_charts:
        from generator.views import review

        restore = review.draw_chart
        review.draw_chart = lambda name, context, lang: _tiny_png()
    try:
        written = write_documents(loaded.answers, docs, formats,
                                  lambda doc, ext: folder / f"{doc}.{ext}")
        tally["documents written"] += len(written)
    except CampaignDocsError:
        tally["refused by a writer"] += 1
    finally:
        if restore is not None:
            review.draw_chart = restore


DOCS = ("plan", "schedule", "review")


def check_model_example(example: tuple[dict, str], tally: Tally, formats: tuple[str, ...],
                        real_charts: bool = False) -> None:
    """One model-built example through check, views and `formats` (one document)."""
    data, doc = example
    tally["tried"] += 1
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = _write_answers(Path(folder), data)
        except CampaignDocsError:
            tally["refused on save"] += 1
            return
        render_all(path, Path(folder), tally, formats, (doc,), real_charts)


def check_yaml_example(example: tuple[str, str], tally: Tally) -> None:
    """One mutated file through check, views and the writers (no PDF)."""
    text, doc = example
    tally["tried"] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        render_all(path, Path(folder), tally, ("md", "html", "docx", "xlsx", "ics"), (doc,))


def check_workbook_example(example: tuple[bytes, bool], tally: Tally) -> None:
    """`results --from-xlsx` on a typed-over workbook; without --allow-clearing no figure
    the answers file had may be gone afterwards."""
    from generator.answers.load import load_answers
    from generator.readers.review_workbook import figures
    from generator.results import record_from_workbook

    workbook, allow = example
    tally["tried"] += 1
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "a.yaml"
        answers.write_bytes(_workbook_template()[0])
        (Path(folder) / "filled.xlsx").write_bytes(workbook)
        before = figures(load_answers(answers).answers.results.model_dump())
        original = answers.read_bytes()
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # NOTE: the "recorded ..." line
                record_from_workbook(answers, Path(folder) / "filled.xlsx",
                                     allow_clearing=allow)
        except CampaignDocsError:
            tally["refused"] += 1
            assert answers.read_bytes() == original, "a refused read changed the answers file"
            return
        tally["recorded"] += 1
        after = figures(load_answers(answers).answers.results.model_dump())
        if not allow:
            lost = set(before) - set(after)
            assert not lost, f"figures removed without --allow-clearing: {sorted(lost)[:5]}"
        leftovers = [p.name for p in Path(folder).iterdir() if p.name.endswith(".tmp")]
        assert not leftovers, leftovers


def _with_doc(strategy):
    return lambda: st.tuples(strategy(), st.sampled_from(DOCS))


TARGETS = {
    "model": (_with_doc(answers_data), lambda d, t: check_model_example(
        d, t, ("md", "html", "docx", "xlsx", "ics"))),
    "pdf": (_with_doc(answers_data), lambda d, t: check_model_example(
        d, t, ("pdf",), real_charts=True)),
    "yaml": (_with_doc(mutated_yaml), check_yaml_example),
    "workbook": (filled_workbook, check_workbook_example),
}


def random_seed() -> int:
    """The run's random seed: CAMPAIGN_DOCS_FUZZ_SEED to replay one, else a fresh one."""
    given_seed = os.environ.get("CAMPAIGN_DOCS_FUZZ_SEED")
    return int(given_seed) if given_seed else random.SystemRandom().randrange(2**32)


def run_target(target: str, examples: int, seed_value: int) -> Tally:
    """Run `examples` examples of `target` with `seed_value`; raises on the first failure
    (after shrinking it to a minimal example, which hypothesis prints)."""
    strategy, check = TARGETS[target]
    tally = Tally()
    if __name__ != "__main__":
        SEEDS_USED.append(f"{target}: {examples} examples, seed {seed_value}")

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.generate, Phase.shrink])
    @given(strategy())
    def prop(example):
        check(example, tally)

    prop()
    return tally


def main(argv: list[str]) -> int:
    """`python -m tests.fuzzing TARGET:EXAMPLES:SEED ...`: run each, print a JSON line of
    counts per run (a failure prints hypothesis' minimal example and exits non-zero)."""
    for spec in argv:
        target, examples, seed_value = spec.split(":")
        tally = run_target(target, int(examples), int(seed_value))
        print(json.dumps({"target": target, "seed": int(seed_value), **tally}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
