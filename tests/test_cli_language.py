"""Every command speaks the session language: scans of real CLI output, zh, en and a pseudo-language.

The scans run every command through click's CliRunner (help of each, check on good and bad
files, generate, results --from-xlsx with bad cells, batch with a bad file, doctor) and fail on:
- zh: a run of two or more English words outside data (paths, field paths, options, command
  names, values from the files, code in backticks, product names);
- en: any Chinese character outside data;
- pseudo: any word outside ⟦ ⟧ when every catalogue text is wrapped in ⟦ ⟧, which proves the
  words came from the catalogue (a hard-coded message would stand outside the brackets).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator import doctor, locales
from generator.__main__ import cli
from generator.answers.checks import summary_line
from generator.answers.load import load_answers, read_tree, save_answers
from generator.writers.xlsx import review_layout as L
from generator.writers.xlsx.review import write_review_workbook

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
EXAMPLE = {"zh": ROOT / "examples" / "double11-zh.yaml", "en": ROOT / "examples" / "spring-referral-en.yaml"}

# Names of products and formats that stay as they are in a Chinese sentence.
PROPER_NAMES = ("Noto Sans CJK SC", "JSON Schema", "WeasyPrint", "HarfBuzz", "LibreOffice",
                "Pango", "Python", "Excel", "YAML", "UTF-8", "OKR", "KOL", "CJK", "PDF", "DOCX")


# --- the files the commands run on ------------------------------------------------------------


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def answer_files(lang: str) -> dict[str, Path]:
    """Good and bad answers files in `lang`, written into the test's folder."""
    base = MINIMAL if lang == "zh" else _english_minimal()
    texts = {
        "good": base,
        "model": _edit(base, ("target: 12000", "target: 很多"),
                       ("purpose: conversion", "purpose: sales"),
                       ("  budget: 100000", "  budjet: 100000"),
                       ("start: 2026-11-01", "start: 11/1")),
        "lint": _edit(base, ("  end: 2026-11-11", "  end: 2026-10-11"),
                      ("budget: 20000", "budget: 90000"),
                      ("depends_on: [T2]", "depends_on: [T22]"),
                      ("    start: 2026-10-11\n", "    start: 2026-09-01\n"),
                      ("        target: 12000", "        target: 8000")),
        "syntax": _edit(base, ("lang: " + lang, f"lang: {lang}\n  oops: [")),
        "alias": _edit(base, ("  owner: 张敏\n  budget" if lang == "zh" else
                              "  owner: Maya\n  budget", "  owner: &o x\n  budget"),
                       ("format: 1", "format: 1\nformat: 1")),
    }
    files = {}
    for name, text in texts.items():
        files[name] = Path(f"{name}-{lang}.yaml")
        files[name].write_text(text, encoding="utf-8")
    return files


def _english_minimal() -> str:
    """MINIMAL with English values, so an English run holds no Chinese data."""
    text = MINIMAL.replace("lang: zh", "lang: en")
    words = {"测试活动": "Test campaign", "张敏": "Maya", "李雷": "Leo", "提升复购": "More repeat buys",
             "复购用户数": "Repeat buyers", "公众号": "Newsletter", "短信召回": "SMS win-back",
             "人": "people", "总预算": "total budget"}
    for zh, en in words.items():
        text = text.replace(zh, en)
    return re.sub(r"[\u3400-\u9fff]+", "x", text)


def filled_workbook(lang: str, tmp: Path) -> tuple[Path, Path]:
    """(answers copy, workbook) with one good actual and bad cells in the workbook."""
    answers = tmp / f"review-{lang}.yaml"
    loaded = load_answers(EXAMPLE[lang])
    del loaded.data["results"]  # the workbook then starts blank
    save_answers(answers, loaded.data)
    book_path = write_review_workbook(load_answers(answers).answers, tmp / f"wb-{lang}.xlsx")
    book = load_workbook(book_path)
    krs = book[L.text("sheets.krs", lang)]
    krs[f"{L.KR_ACTUAL}{L.FIRST_ROW}"] = 100
    book.save(book_path)
    return answers, book_path


def spoil(book_path: Path, lang: str) -> None:
    """Text where numbers go, a negative count, a fractional count."""
    book = load_workbook(book_path)
    krs = book[L.text("sheets.krs", lang)]
    krs[f"{L.KR_ACTUAL}{L.FIRST_ROW}"] = "lots" if lang == "en" else "一万二"
    channels = book[L.text("sheets.channels", lang)]
    channels[f"{L.CHANNEL_COLUMNS['participants']}{L.FIRST_ROW}"] = 12.5
    channels[f"{L.CHANNEL_COLUMNS['cost']}{L.FIRST_ROW}"] = -100
    book.save(book_path)


def plan_workbook_runs(lang: str, files: dict[str, Path]) -> Iterator[tuple]:
    """export (a file, a blank one, over an existing workbook, without a file) and import
    (a new file, bad cells, a cleared cell)."""
    from generator.writers.xlsx import plan_layout as P

    workbook = Path(f"plan-{lang}.xlsx")
    yield "export", run("export", "--lang", lang, str(files["good"]), "-o", str(workbook))
    yield "export exists", run("export", "--lang", lang, str(files["good"]), "-o", str(workbook))
    yield "export usage", run("export", "--lang", lang, "-o", "x.xlsx")
    yield "export new", run("export", "--lang", lang, "--new", "-o", f"blank-{lang}.xlsx")
    yield "import", run("import", "--lang", lang, str(workbook), "-o", f"imported-{lang}.yaml")
    book = load_workbook(workbook)
    basics = book[P.sheet_title("basics", lang)]
    basics["B4"] = None  # the theme: a cleared cell
    channels = book[P.sheet_title("channels", lang)]
    channels["D5"] = "lots" if lang == "en" else "很多"  # a budget that is not a number
    channels["B5"] = "TV"
    book.save(workbook)
    yield "import bad", run("import", "--lang", lang, str(workbook), "-o", str(files["good"]))
    channels["D5"], channels["B5"] = 20000, None
    book.save(workbook)
    yield "import cleared", run("import", "--lang", lang, str(workbook), "-o", str(files["good"]))


# --- running every command --------------------------------------------------------------------


def run(*args: str) -> str:
    """Output (stdout and stderr) of one command; never a traceback."""
    result = CliRunner().invoke(cli, list(args), prog_name="campaign-docs")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.output


def every_command(lang: str, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    """(what, output) for every command in `lang`."""
    files = answer_files(lang)
    yield "help", run("--help", "--lang", lang)
    for name in cli.commands:
        yield f"{name} --help", run(name, "--help", "--lang", lang)
        for sub in getattr(cli.commands[name], "commands", {}):  # templates lint, vars ...
            yield f"{name} {sub} --help", run(name, sub, "--help", "--lang", lang)
    yield "version", run("--version", "--lang", lang)
    assert run("schema", "--lang", lang).startswith("{")  # the schema is data, not scanned
    yield "check", run("check", "--lang", lang, *map(str, files.values()))
    yield "check missing", run("check", "--lang", lang, "nope.yaml")
    yield "usage", run("generate", "--lang", lang, str(files["good"]), "--format", "pptx")
    yield "no such option", run("check", "--lang", lang, "--lnag", "x")
    yield "no such command", run("chek", "--lang", lang)
    yield "jobs", run("batch", "--lang", lang, "-j", "0", ".")
    yield "generate", run("generate", "--lang", lang, str(files["good"]),
                          "--doc", "plan", "--format", "md", "-o", "out")
    for written in Path("out").glob("*-plan.md"):
        written.write_text("edited by hand", encoding="utf-8")
    yield "generate kept", run("generate", "--lang", lang, str(files["good"]),
                               "--doc", "plan", "--format", "md", "-o", "out")
    warned = Path(f"warned-{lang}.yaml")
    warned.write_text(_edit(files["good"].read_text(encoding="utf-8"),
                            ("        target: 12000", "        target: 8000")), encoding="utf-8")
    yield "generate warned", run("generate", "--lang", lang, str(warned), "--doc", "schedule",
                                 "--format", "md", "-o", "out")
    yield "generate bad", run("generate", "--lang", lang, str(files["model"]), "-o", "out")
    answers, book = filled_workbook(lang, tmp)
    yield "results", run("results", "--lang", lang, str(answers), "--from-xlsx", str(book))
    spoil(book, lang)
    yield "results bad", run("results", "--lang", lang, str(answers), "--from-xlsx", str(book))
    yield "results not xlsx", run("results", "--lang", lang, str(answers), "--from-xlsx",
                                  str(files["good"]))
    yield from plan_workbook_runs(lang, files)
    Path("in").mkdir()
    shutil.copy(files["good"], "in/good.yaml")
    shutil.copy(files["model"], "in/model.yaml")
    yield "batch", run("batch", "--lang", lang, "in", "-o", "bout", "-v", "-j", "1",
                       "--doc", "plan", "--format", "md", "--report", "r.json")
    yield "batch again", run("batch", "--lang", lang, "in", "-o", "bout", "-v", "-j", "1",
                             "--doc", "plan", "--format", "md")
    yield "batch none", run("batch", "--lang", lang, "nothing-here")
    yield from lifecycle_commands(lang)
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)  # fix lines too
    yield "doctor", run("doctor", "--lang", lang)


def lifecycle_commands(lang: str) -> Iterator[tuple]:
    """A plan made with every proposal, its end moved (`edit --set`), then by hand (`check`)."""
    made = Path(f"made-{lang}.yaml")
    values = {"zh": ("年中大促", "张敏", "提升复购", "付费用户数"),
              "en": ("Midyear", "Maya", "Repeat", "Buyers")}[lang]
    presets = [f"campaign.theme={values[0]}", "campaign.purpose=conversion",
               "campaign.start=2027-06-01", "campaign.end=2027-06-15",
               f"campaign.owner={values[1]}", f"objectives.0.objective={values[2]}",
               f"objectives.0.key_results.0.metric={values[3]}",
               "objectives.0.key_results.0.target=1000"]
    past = run("new", "--lang", lang, "-o", "past.yaml", "--defaults", "--no-input",
               *(f"--set={p.replace('2027-', '2025-')}" for p in presets))
    # NOTE: the note only: the summary's zh headings add the English title on purpose
    yield "new past", "\n".join(line for line in past.splitlines() if "2025-06-01" in line)
    run("new", "--lang", lang, "-o", str(made), "--defaults", "--no-input",
        *(f"--set={p}" for p in presets))
    yield "edit --set", run("edit", "--lang", lang, str(made), "--set", "campaign.end=2027-06-30",
                            "--no-input")
    made.write_text(made.read_text(encoding="utf-8").replace("  end: 2027-06-30\n  owner",
                                                             "  end: 2027-07-10\n  owner"),
                    encoding="utf-8")
    yield "check proposed", run("check", "--lang", lang, str(made))


# --- what counts as data ----------------------------------------------------------------------

# `file:line: [warning:] field:` - the field named after a problem's place is data
_FIELD = re.compile(r"^(\s*\S+:(?:\d+:)?(?: \S*:)?) [\w.!-]+: ", re.MULTILINE)
_COMMAND = re.compile(r"(?:sudo|pip) [^\n]*")  # a command to run (doctor's fixes)
_QUOTED = re.compile(r'"[^"\n]*"|(?<!\w)\'[^\'\n]*\'(?!\w)|“[^”\n]*”|`[^`\n]*`')
_DATA_TOKEN = re.compile(r"""^(
      -{1,2}[\w-]+           # an option
    | [^\s]*[/\\.!=|,_\d][^\s]*  # a path, file, field path, sheet!cell, version, list, number
    | \[?[A-Z][A-Z]+(\.\.\.)?\]?  # a metavar (FILE, PATHS..., [FILE] when optional)
    | campaign-docs
)$""", re.VERBOSE)
_WORD = re.compile(r"^[A-Za-z][A-Za-z'-]*$")


def values_in(files: list[Path]) -> list[str]:
    """Every scalar written in these answers files (data, whatever language it is in)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None:
            found.append(str(node))

    for file in files:
        try:
            walk(read_tree(file.read_bytes(), str(file)))
        except Exception:  # noqa: BLE001 - a broken file holds its values as plain lines
            found += re.findall(r":\s*(.+)$", file.read_text(encoding="utf-8"), re.MULTILINE)
    return sorted({v.strip() for v in found if v.strip()}, key=len, reverse=True)


def without_data(text: str, values: list[str]) -> str:
    """`text` with quoted values, file values, product names and data tokens blanked out."""
    text = _QUOTED.sub(" ", _COMMAND.sub(" ", _FIELD.sub(r"\1 ", text)))
    for value in (*values, *PROPER_NAMES, *cli_words()):
        # NOTE: whole words only, never a piece of a path (`en` in `good-en.yaml`)
        text = re.sub(rf"(?<![\w./-]){re.escape(value)}(?![\w/-]|\.\w)", " ", text)
    return " ".join(t for t in re.split(r"\s+", text) if t and not _DATA_TOKEN.match(t))


def cli_words() -> tuple[str, ...]:
    """Command names, a group's own commands too (`templates lint`), and the [zh|en] choice
    as click prints them."""
    groups = (getattr(command, "commands", {}) for command in cli.commands.values())
    return (*cli.commands, *(name for group in groups for name in group), "[zh|en]", "zh",
            "en", "x>=1")


def english_runs(text: str) -> list[str]:
    """Runs of two or more English words in a row (a sentence, not a name)."""
    runs, current = [], []
    for token in text.split():  # NOTE: `a、b、c` is a list of names, not words of a sentence
        bare = token.strip("()[]:;,.?!")
        if bare and _WORD.match(bare) and len(bare) > 1 or bare.lower() in ("a", "i"):
            current.append(bare)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def scan(outputs: list[tuple[str, str]], files: list[Path], bad, prepare=lambda out: out):
    """Every `bad(output without data)` finding, named by the command it came from."""
    values = values_in(files)
    return [f"{what}: {found!r}" for what, out in outputs
            for found in bad(without_data(prepare(out), values))]


# --- the scans --------------------------------------------------------------------------------


def test_every_command_in_chinese_has_no_english_sentence(tmp_path, monkeypatch):
    outputs = list(every_command("zh", tmp_path, monkeypatch))
    joined = "\n".join(out for _, out in outputs)
    # the scan saw real output: errors, warnings, summaries and help in Chinese
    for sample in ("用法:", "显示此帮助并退出。", "\"很多\" 不是一个数", "1 个错误", "警告:",
                   "活动结束日期 2026-10-11 早于开始日期 2026-11-01", "已记录 1 项关键结果",
                   "\"一万二\" 不是一个数", "完成：共 2 个，生成 1 个", "解决办法：", "未变  in/good.yaml",
                   "没有 'chek' 这个命令", "YAML 语法错误", "不支持 YAML 锚点", "它在生成后被改过",
                   "这些建议值随你的修改一起调整了", "按现在的回答重新推算", "已经过去了"):
        assert sample in joined, sample
    files = [*Path().glob("*.yaml"), *Path("in").glob("*.yaml")]
    assert scan(outputs, files, english_runs) == []


def test_every_command_in_english_has_no_chinese(tmp_path, monkeypatch):
    outputs = list(every_command("en", tmp_path, monkeypatch))
    joined = "\n".join(out for _, out in outputs)
    for sample in ("Usage:", "\"很多\" is not a number", "3 errors, 2 warnings", "4 errors",
                   "recorded 1 key result", "\"lots\" is not a number", "Done: 1 generated",
                   "fix: ", "it was changed after it was generated",
                   "These proposed values follow what you changed", "works it out again",
                   "which is already past"):
        assert sample in joined, sample
    files = [*Path().glob("*.yaml"), *Path("in").glob("*.yaml")]

    def chinese(text: str) -> list[str]:
        return re.findall(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", text)

    assert scan(outputs, files, chinese) == []


def wrapped(tree: Any) -> Any:
    """The catalogue with every text wrapped in ⟦ ⟧ (data such as currencies left alone)."""
    if isinstance(tree, dict):
        return {k: v if k == "meta" else wrapped(v) for k, v in tree.items()}
    if isinstance(tree, str):
        return f"⟦{tree}⟧"
    return tree


def without_brackets(text: str) -> str:
    """`text` without its ⟦ ⟧ spans (nested spans too): what did not come from the catalogue."""
    while True:
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if shorter == text:
            return text
        text = shorter


def words(text: str) -> list[str]:
    """Every word (two letters or more) in `text`, in any script."""
    return [w for w in re.split(r"[\s\u3000-\u303f\uff00-\uffef]+", text)
            if re.search(r"[A-Za-z\u3400-\u9fff]{2,}", w)]


@pytest.fixture
def pseudo_english():
    """English replaced by the pseudo-language for the test's duration."""
    locales.install("en", wrapped(locales.catalogue("en")))
    yield
    locales.install("en", None)


def test_every_word_comes_from_the_catalogue(tmp_path, monkeypatch, pseudo_english):
    outputs = list(every_command("en", tmp_path, monkeypatch))
    assert "⟦Usage:⟧" in outputs[0][1] and "⟦Done: " in "\n".join(o for _, o in outputs)
    files = [*Path().glob("*.yaml"), *Path("in").glob("*.yaml")]
    assert scan(outputs, files, words, prepare=without_brackets) == []


def test_the_scans_catch_a_hard_coded_message(tmp_path, monkeypatch, pseudo_english):
    # A message that bypasses the catalogue (here the check summary) must make the scans fail.
    monkeypatch.setattr("generator.answers.checks.summary_line",
                        lambda name, problems: f"{name}: all good")
    files = answer_files("en")
    out = run("check", "--lang", "en", str(files["good"]))
    assert out.strip() == "good-en.yaml: all good"
    assert scan([("check", out)], [files["good"]], words, prepare=without_brackets) == [
        "check: 'all'", "check: 'good'"]
    assert english_runs(without_data(out, [])) == ["all good"]
    monkeypatch.undo()
    with locales.using("en"):
        assert summary_line("x.yaml", []) == "⟦x.yaml: OK⟧"


def test_help_follows_lang_anywhere_on_the_line_and_the_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert run("check", "--help").startswith("Usage: campaign-docs check [OPTIONS] FILES...")
    assert run("check", "--help", "--lang", "zh").startswith("用法: campaign-docs check [选项] FILES...")
    assert run("--lang=zh", "check", "--help").startswith("用法:")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert "显示此帮助并退出。" in run("doctor", "-h")
    assert locales.chosen() is None  # a run does not leak its language into the next


def test_help_imports_nothing_heavy():
    # `--help` in either language loads the catalogue, never the stages' libraries.
    code = ("import sys\nsys.argv = ['campaign-docs', *sys.argv[1:]]\n"
            "from generator.__main__ import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = ('pydantic', 'ruamel', 'weasyprint', 'matplotlib', 'docx', 'openpyxl', 'jinja2')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n")
    for args in (["--help"], ["check", "--help", "--lang", "en"], ["batch", "-h", "--lang", "zh"]):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        assert out.splitlines()[-1] == "[]", args
