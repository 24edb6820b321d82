"""How much typing a whole questionnaire session takes: answers, free text, keystrokes.

A simulated person answers `campaign-docs new` (and `results`) so that the file ends up
holding the answers of a target file (by default the bundled `examples/double11-zh.yaml`),
typing as little as the questionnaire lets them:
- Enter when the value in brackets (the default, a proposal, the saved answer) is right;
- a number to pick a choice, a suggestion or an item of a pick list;
- the value as text otherwise (dates as 2026-11-01, numbers plainly, lists joined by 、);
- a proposal (phases) is accepted and then corrected item by item (`e N`), a group's items
  are added with `a`; with `--schedule type` the proposed schedule is declined and the
  target's tasks are typed, with `--schedule accept` (the default) it is accepted as it is.

It counts every Enter press (prompts answered), the answers with something typed, the free
text among them (text the person had to compose: text, multiline, list, lines and counts
questions, and names typed at a pick list), and the characters typed. Keystrokes are
characters + Enter presses (a Chinese character counts one; an IME needs more).

Fields the questionnaire does not ask (`slug`, task ids and dependencies) are not compared;
every other difference between the written file and the target is listed, so the figures
are only as good as that list is short.

Run: .venv/bin/python -m bench.session_effort [--schedule accept|type] [--file F] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "double11-zh.yaml"

from click.testing import CliRunner  # noqa: E402

from generator.__main__ import cli  # noqa: E402
from generator.answers import paths  # noqa: E402
from generator.answers.load import plain, read_tree  # noqa: E402
from generator.questionnaire import engine, prompts, proposals, types  # noqa: E402
from generator.questionnaire.types import EMPTY  # noqa: E402

FREE_TEXT = {"text", "multiline", "list", "lines", "counts"}
NOT_ASKED = {"slug", "id", "depends_on"}


@dataclass
class Tally:
    """What the person did in one session."""

    enters: int = 0
    questions: int = 0
    typed_answers: int = 0
    commands: int = 0
    free_text: int = 0
    characters: int = 0
    by_section: dict[str, int] = field(default_factory=dict)

    @property
    def keystrokes(self) -> int:
        """Characters typed plus Enter presses."""
        return self.characters + self.enters

    def as_dict(self) -> dict:
        """The figures, keystrokes included."""
        return {**asdict(self), "keystrokes": self.keystrokes}


class Person:
    """Answers every prompt from the target tree, typing as little as it can."""

    def __init__(self, target: Any, schedule: str):
        self.target = target
        self.schedule = schedule
        self.tally = Tally()
        self.context: list[tuple[str, Any, paths.Path, Any]] = []
        self.queue: list[str] = []
        self.edited: set[paths.Path] = set()
        self.section = ""

    # --- what the person types --------------------------------------------------------

    def read_line(self, prompt: str, default: str | None = None) -> str:
        """Stands in for prompts.read_line: the typed line, counted."""
        text = self.queue.pop(0) if self.queue else self.decide(prompt, default)
        self.tally.enters += 1
        if text:
            self.tally.characters += len(text)
        self.tally.by_section[self.section] = self.tally.by_section.get(self.section, 0) + \
            len(text) + 1
        return text

    def decide(self, prompt: str, default: str | None) -> str:
        if not self.context:
            return "n" if prompt.endswith(("[Y/n]", "[y/N]")) else ""
        kind, q, path, extra = self.context[-1]
        if kind == "ask":
            return self.ask(q, path, extra, prompt)
        if kind == "proposal":
            self.tally.commands += 1
            return "n" if q.key == "schedule" and self.schedule == "type" else "y"
        if kind == "pick":
            return self.pick(q, path, extra)
        if kind == "menu":
            return self.menu(q, path)
        return "n" if prompt.endswith(("[Y/n]", "[y/N]")) else ""

    def ask(self, q: Any, path: paths.Path, extra: dict, prompt: str) -> str:
        if extra.get("answered"):
            raise SystemExit(f"the questionnaire refused the answer to {paths.dotted(path)} "
                             f"({prompt!r}); the simulated person cannot go on")
        extra["answered"] = True
        self.tally.questions += 1
        want = paths.get(self.target, path, None)
        keep = extra["keep"]
        same = types.display(q, want, "zh") == types.display(q, keep, "zh")
        if want in EMPTY or same:
            lines = ["-"] if (want in EMPTY and keep not in EMPTY and not q.required) else [""]
        else:
            lines = self.typed(q, want, extra["suggestions"])
            self.tally.typed_answers += 1
            if q.type in FREE_TEXT and not lines[0].isdigit():
                self.tally.free_text += 1
        if q.kind.block and lines != [""]:
            lines = [*lines, ""] if lines != ["-"] else lines
        self.queue = lines[1:]
        return lines[0]

    def typed(self, q: Any, want: Any, suggestions: list[str]) -> list[str]:
        """The shortest entry for `want`: a choice's number, a suggestion's, else the text."""
        if q.kind.has_choices:
            picks = want if isinstance(want, list) else [want]
            return [",".join(str(q.choices.index(v) + 1) for v in picks)]
        if isinstance(want, str) and want in suggestions:
            return [str(suggestions.index(want) + 1)]
        if q.type == "list":
            return ["、".join(str(v) for v in want)]
        if q.kind.block:
            text = "\n".join(want) if isinstance(want, list) else str(want)
            return [line for line in text.splitlines() if line.strip()]
        if q.type == "bool":
            return ["y" if want else "n"]
        return [types.display(q, want, "zh")]

    def pick(self, q: Any, path: paths.Path, offered: list[str]) -> str:
        """At a pick list: the wanted items' numbers (names not offered typed out)."""
        wanted = [item.get(q.title) for item in paths.get(self.target, path, None) or []
                  if isinstance(item, dict)]
        if not wanted:
            return ""
        parts = [str(offered.index(w) + 1) if w in offered else w for w in wanted]
        names = sum(not p.isdigit() for p in parts)
        # NOTE: picked numbers are one answer; each name typed counts as a free-text answer,
        # as it did when each item was added with `a` and its name typed
        self.tally.questions += 1
        self.tally.typed_answers += names + (names < len(parts))
        self.tally.free_text += names
        return ",".join(parts)

    def menu(self, q: Any, path: paths.Path) -> str:
        items = paths.get(self.current, path, None) or []
        wanted = paths.get(self.target, path, None) or []
        if q.key == "schedule" and self.schedule == "accept":
            return ""
        asked = [s.key for s in q.questions if not s.is_group]
        for n, (have, want) in enumerate(zip(items, wanted, strict=False)):
            differs = any(_norm(have.get(k)) != _norm(want.get(k)) for k in asked if k in want)
            if differs and path + (n,) not in self.edited:
                self.edited.add(path + (n,))
                self.tally.commands += 1
                return f"e {n + 1}"
        if len(items) > len(wanted):
            self.tally.commands += 1
            return f"r {len(items)}"
        if len(items) < len(wanted):
            self.tally.commands += 1
            return "a"
        return ""

    # --- hooks into the walker --------------------------------------------------------

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Patch the prompt layer and wrap the walker's asking points."""
        person = self
        saved = {name: getattr(engine.Walker, name) for name in
                 ("_ask", "menu", "offer_proposal", "run") + (
                     ("offer_picks",) if hasattr(engine.Walker, "offer_picks") else ())}
        real_read_line = prompts.read_line

        def wrap(name: str, kind: str, extra_of):
            real = saved[name]

            def hooked(self, q, path, *args, **kwargs):
                person.current = self.answers
                person.context.append((kind, q, path, extra_of(self, q, path, args, kwargs)))
                try:
                    return real(self, q, path, *args, **kwargs)
                finally:
                    person.context.pop()
            return hooked

        def ask_extra(walker, q, path, args, kwargs):
            current, default = args[1], args[2]
            return {"keep": current if current not in EMPTY else default,
                    "suggestions": proposals.suggestions(q.suggest, walker.answers, walker.lang)}

        def pick_extra(walker, q, path, args, kwargs):
            return list(args[0]) if args else []

        def run(self, sections=None):
            asked = False
            for section in sections or self.qn.sections:
                person.section = section.id
                asked = saved["run"](self, [section]) or asked
            return asked

        engine.Walker._ask = wrap("_ask", "ask", ask_extra)
        engine.Walker.menu = wrap("menu", "menu", lambda *a: None)
        engine.Walker.offer_proposal = wrap("offer_proposal", "proposal", lambda *a: None)
        if "offer_picks" in saved:
            engine.Walker.offer_picks = wrap("offer_picks", "pick", pick_extra)
        engine.Walker.run = run
        prompts.read_line = self.read_line
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(engine.Walker, name, value)
            prompts.read_line = real_read_line


def _norm(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def differences(written: Any, target: Any, where: str = "") -> list[str]:
    """Fields the written file has otherwise than the target (not-asked fields ignored)."""
    if isinstance(target, dict) and isinstance(written, dict):
        found = []
        for key, value in target.items():
            if key in NOT_ASKED:
                continue
            found += differences(written.get(key), value, f"{where}{key}.")
        return found
    if isinstance(target, list) and isinstance(written, list) and \
            any(isinstance(v, dict) for v in target):
        found = [f"{where}: {len(written)} items, target {len(target)}"] \
            if len(written) != len(target) else []
        for n, (w, t) in enumerate(zip(written, target, strict=False)):
            found += differences(w, t, f"{where}{n}.")
        return found
    if _norm(written) != _norm(target):
        return [f"{where.rstrip('.')}: {written!r} (target {target!r})"]
    return []


def measure_new(target: Any, lang: str, schedule: str) -> tuple[Tally, list[str]]:
    """A whole `new` session reproducing `target` (its `results` left out)."""
    plan = {k: v for k, v in target.items() if k != "results"}
    person = Person(plan, schedule)
    with person.installed():
        result = CliRunner().invoke(cli, ["new", "-o", "s.yaml", "--lang", lang],
                                    catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"new failed ({result.exit_code}):\n{result.output[-3000:]}")
    written = plain(read_tree(Path("s.yaml").read_bytes(), "s.yaml"))
    if schedule == "accept":
        plan = {k: v for k, v in plan.items() if k != "schedule"}
        written = {k: v for k, v in written.items() if k != "schedule"}
    return person.tally, differences(written, plan)


def measure_results(target: Any, source_text: str) -> tuple[Tally, list[str]]:
    """A whole `results` session on the plan part of the target file."""
    Path("r.yaml").write_text(source_text[: source_text.index("\nresults:") + 1],
                              encoding="utf-8")
    person = Person({"results": target["results"]}, "accept")
    with person.installed():
        result = CliRunner().invoke(cli, ["results", "r.yaml"], catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"results failed ({result.exit_code}):\n{result.output[-3000:]}")
    written = plain(read_tree(Path("r.yaml").read_bytes(), "r.yaml"))
    return person.tally, differences(written.get("results"), target["results"], "results.")


def main() -> None:
    """Measure, print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=EXAMPLE)
    parser.add_argument("--schedule", choices=("accept", "type"), default="accept")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8")
    target = plain(read_tree(text.encode("utf-8"), str(args.file)))
    lang = str(target.get("lang") or "zh")
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        new, new_diff = measure_new(target, lang, args.schedule)
        res, res_diff = (measure_results(target, text) if "results" in target
                         else (Tally(), []))
    report = {"file": str(args.file.name), "schedule": args.schedule, "date": str(dt.date.today()),
              "new": new.as_dict(), "new_differences": new_diff,
              "results": res.as_dict(), "results_differences": res_diff}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"{args.file.name}, schedule {args.schedule}:")
    print("| session | questions asked | answers typed | free text | menu/confirm typed "
          "| Enter presses | characters | keystrokes |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for name, t in (("new", new), ("results", res)):
        print(f"| {name} | {t.questions} | {t.typed_answers} | {t.free_text} | {t.commands} "
              f"| {t.enters} | {t.characters} | {t.keystrokes} |")
    print("keystrokes by section (new):",
          ", ".join(f"{k} {v}" for k, v in new.by_section.items()))
    for name, diff in (("new", new_diff), ("results", res_diff)):
        if diff:
            print(f"differences from the target ({name}):")
            for line in diff:
                print("  " + line)


if __name__ == "__main__":
    main()
