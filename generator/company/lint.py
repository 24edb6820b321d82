"""`campaign-docs templates lint PATH`: a Word or Markdown template checked before use.

Every problem with its place (file and paragraph for Word, file and line for Markdown):
unclosed and stray blocks, syntax errors, names no template has, unknown filters and tests,
attributes starting with an underscore (the sandbox would refuse them anyway), `include` /
`import` / `extends` (a template reaches no other file) and an `image()` whose literal path
leaves the template's folder or does not exist. `generate` runs the same check first.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.company import locate, names
from generator.errors import ProblemList, TemplateError
from generator.locales import Message, listing, msg

BLOCKS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro",
          "call": "endcall", "filter": "endfilter", "block": "endblock", "raw": "endraw",
          "autoescape": "endautoescape"}
ENDS = {end: start for start, end in BLOCKS.items()}
_COMMENT_RE = re.compile(r"\{#.*?#\}", re.DOTALL)
_TAG_RE = re.compile(r"\{%[-+]?\s*(\w+)")
_XML_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TemplateProblem:
    """One problem of a template: its place and the sentence (a Message, worded when shown)."""

    place: locate.Place
    message: Message

    def __str__(self) -> str:
        return str(self.message)


class TemplateProblems(ProblemList, TemplateError):
    """A template that does not pass the check: every problem, one line each."""

    def __init__(self, problems: list[TemplateProblem]):
        self.problems = problems
        super().__init__("")


def check_template(path: str | Path, doc: str | None = None) -> None:
    """Raise TemplateProblems when the template has any problem (what generate runs first)."""
    problems = lint_template(path, doc)
    if problems:
        raise TemplateProblems(problems)


def doc_of(path: Path) -> str | None:
    """The document a template is for, from its file name (plan.md.j2, 公司-review.docx)."""
    found = [doc for doc in names.DOCS if doc in path.name.lower()]
    return found[0] if len(found) == 1 else None


def lint_template(path: str | Path, doc: str | None = None) -> list[TemplateProblem]:
    """Every problem of a Word (.docx) or Markdown (.md.j2, .md) template."""
    path = Path(path)
    doc = doc or doc_of(path)
    if path.suffix.lower() == ".docx":
        return lint_word_template(path, doc)
    return lint_markdown_template(path, doc)


def lint_word_template(path: Path, doc: str | None) -> list[TemplateProblem]:
    """Every problem of a Word template, part by part (body, headers, footers)."""
    from generator.company.package import open_template, part_sources

    template = open_template(path)
    problems: list[TemplateProblem] = []
    for kind, marked, source in part_sources(template):
        texts = locate.paragraph_texts(marked)
        place = _word_place(path.name, kind, source, texts)
        # NOTE: docxtpl garbles a part with mismatched blocks or two paragraph tags in one
        # paragraph, so Jinja's own errors there would name the wrong place: those first
        blocks = check_paragraph_blocks(texts, place) + check_whole_tags(texts, place)
        problems += check_section_places(kind, marked, texts, place)
        problems += blocks or check_source(source, place, doc, word=True, folder=path.parent,
                                           texts=texts)
    return problems


def _word_place(template: str, kind: str, source: str, texts: dict[int, str]):
    """`place(line, needle, paragraph)` for one part: the paragraph given, else the one
    whose tags name `needle`, else the one the Jinja line starts in."""

    def place(line: int | None, needle: str | None = None,
              paragraph: int | None = None) -> locate.Place:
        number = paragraph or (locate.find_paragraph(texts, needle) if needle else None) or \
            locate.paragraph_on_line(source, line)
        return locate.Place(template, kind, number, text=texts.get(number, "") if number else "")

    return place


_WORD_TAG_RE = re.compile(r"\{%[-+]?\s*(?:(?:tr|tc|p|r)\s+)?(\w+)")


def check_paragraph_blocks(texts: dict[int, str], place) -> list[TemplateProblem]:
    """The block check over a Word part's paragraphs as the user wrote them (with `{%p`)."""
    tags = [(match.group(1), number) for number, text in sorted(texts.items())
            for match in _WORD_TAG_RE.finditer(_COMMENT_RE.sub("", text))]
    return _balance(tags, lambda number: place(None, paragraph=number))


_WHOLE_TAG_RE = re.compile(r"(?:\{%|\{\{)(p|tr|tc)\s")
_CELL_RE = re.compile(r"<w:tc[ >].*?</w:tc>", re.DOTALL)
_RICH_PARAGRAPH_RE = re.compile(r"\{\{p\s(?:(?!\}\}).)*\|\s*rich\s*-?\}\}")


def check_whole_tags(texts: dict[int, str], place) -> list[TemplateProblem]:
    """Two whole-paragraph (or row, cell) tags in one paragraph: docxtpl (issue #161) cuts
    the paragraph at the first and leaves the second's XML broken."""
    problems = []
    for number, text in sorted(texts.items()):
        whole = _WHOLE_TAG_RE.findall(text)
        if len(whole) > 1:
            problems.append(_problem(place(None, paragraph=number), "paragraph_tags",
                                     tag=f"{{%{whole[1]} %}}", n=len(whole)))
    return problems


def check_section_places(kind: str, marked: str, texts: dict[int, str],
                         place) -> list[TemplateProblem]:
    """A generated section not alone in a body paragraph outside tables: its paragraphs
    and tables would land inside a run, a table cell or a header."""
    from generator.company.sections import CALL_RE

    in_cells = {int(n) for cell in _CELL_RE.findall(marked)
                for n in re.findall(rf'{locate.MARK}="(\d+)"', cell)}
    problems = []
    for number, text in sorted(texts.items()):
        if _RICH_PARAGRAPH_RE.search(text):  # its runs would stand outside any paragraph
            problems.append(_problem(place(None, paragraph=number), "rich_paragraph"))
        for call in CALL_RE.finditer(text):
            tag = re.search(r"\{\{[^{}]*" + re.escape(call.group(0)) + r"[^{}]*\}\}", text)
            alone = tag is not None and not text.replace(tag.group(0), "").strip()
            if kind != "body" or number in in_cells or not alone:
                problems.append(_problem(place(None, paragraph=number), "section_alone",
                                         name=call.group(1).strip("'\"")))
    return problems


def lint_markdown_template(path: Path, doc: str | None) -> list[TemplateProblem]:
    """Every problem of a Markdown template (Jinja over Markdown, as templates/*.md.j2)."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(msg("templates.error.unreadable", template=path.name,
                                reason=type(exc).__name__)) from exc

    def place(line: int | None, needle: str | None = None, paragraph: int | None = None):
        return locate.Place(path.name, line=line or 1)

    return check_source(source, place, doc, word=False, folder=path.parent)


def check_source(source: str, place, doc: str | None, word: bool, folder: Path,
                 texts: dict[int, str] | None = None) -> list[TemplateProblem]:
    """The checks on one Jinja source; `place(line, needle)` names where a problem is."""
    import jinja2

    if texts is None:
        problems = check_blocks(source, place)
        if problems:
            return problems  # NOTE: Jinja's own message for an unclosed block names no place
    env = _environment(word)
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        at = place(exc.lineno, paragraph=_bad_expression(texts, env)) if texts else \
            place(exc.lineno)
        return [TemplateProblem(at, msg("templates.error.syntax", where=at.message(),
                                        detail=exc.message))]
    return check_tree(tree, place, doc, word, folder, env)


def _bad_expression(texts: dict[int, str], env) -> int | None:
    """The first paragraph with a `{{ expression }}` that does not parse on its own."""
    import jinja2

    for number, text in sorted(texts.items()):
        for expression in re.findall(r"\{\{.*?\}\}", text):
            try:
                env.parse(expression)
            except jinja2.TemplateSyntaxError:
                return number
    return None


def check_blocks(source: str, place) -> list[TemplateProblem]:
    """Blocks opened and never closed, closed without being opened, or closed by another."""
    source = _COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    tags = [(m.group(1), source.count("\n", 0, m.start()) + 1) for m in _TAG_RE.finditer(source)]
    return _balance(tags, place)


def _balance(tags: list[tuple[str, int]], place) -> list[TemplateProblem]:
    """(keyword, where) in order -> the unclosed, stray and mismatched blocks."""
    stack: list[tuple[str, int]] = []
    problems = []
    for word, where in tags:
        if word in BLOCKS:
            stack.append((word, where))
        elif word in ENDS:
            tag = f"{{% {word} %}}"
            if not stack:
                problems.append(_problem(place(where), "stray_end", tag=tag))
            elif stack[-1][0] != ENDS[word]:
                opened, _ = stack.pop()
                problems.append(_problem(place(where), "mismatched", tag=tag,
                                         opened=f"{{% {opened} %}}",
                                         end=f"{{% {BLOCKS[opened]} %}}"))
            else:
                stack.pop()
    for word, where in stack:
        problems.append(_problem(place(where), "unclosed", tag=f"{{% {word} %}}",
                                 end=f"{{% {BLOCKS[word]} %}}"))
    return problems


def _problem(place: locate.Place, key: str, **params: Any) -> TemplateProblem:
    return TemplateProblem(place, msg(f"templates.error.{key}", where=place.message(), **params))


def _environment(word: bool):
    if word:
        from generator.company.environment import word_environment

        return word_environment()
    from generator.render.templating import _environment

    return _environment()


def check_tree(tree, place, doc: str | None, word: bool, folder: Path,
               env) -> list[TemplateProblem]:
    """Names, filters, tests, unsafe attributes, other files and images of a parsed source."""
    from jinja2 import nodes

    problems: list[TemplateProblem] = []
    known = names.known_names(doc, word)
    known |= {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for name in sorted(_undeclared(tree, env) - known):
        node = next(n for n in tree.find_all(nodes.Name) if n.name == name)
        problems.append(_problem(place(node.lineno, name), "unknown_name", name=name,
                                 hint=_hint(name, known)))
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            problems.append(_problem(place(node.lineno, node.name), "unknown_filter",
                                     name=node.name, hint=_hint(node.name, env.filters),
                                     filters=listing(sorted(FILTERS_SHOWN))))
    for node in tree.find_all(nodes.Test):
        if node.name not in env.tests:
            problems.append(_problem(place(node.lineno, node.name), "unknown_test",
                                     name=node.name, tests=listing(sorted(env.tests))))
    problems += _unsafe(tree, place)
    problems += _other_files(tree, place)
    if word:
        problems += _images(tree, place, folder)
        problems += _sections(tree, place, doc)
    return sorted(problems, key=_order)


def _undeclared(tree, env) -> set[str]:
    """The names a template reads from its context (Jinja compiles it to find them; an
    unknown filter or test, reported on its own, is stood in for so compiling works)."""
    from jinja2 import meta, nodes

    missing_filters = {n.name for n in tree.find_all(nodes.Filter)} - set(env.filters)
    missing_tests = {n.name for n in tree.find_all(nodes.Test)} - set(env.tests)
    if missing_filters or missing_tests:
        env = env.overlay()
        env.filters = {**env.filters, **{name: str for name in missing_filters}}
        env.tests = {**env.tests, **{name: bool for name in missing_tests}}
        tree.set_environment(env)
    return meta.find_undeclared_variables(tree)


FILTERS_SHOWN = ("fill", "md", "h", "num", "whole", "signed", "kr", "pct", "points", "money",
                 "date", "mdate", "label", "join", "default", "length", "sum", "round",
                 "upper", "lower", "first", "last", "sort")


def _order(problem: TemplateProblem) -> tuple:
    p = problem.place
    return (p.part != "body", p.part, p.paragraph or 0, p.line or 0)


def _hint(name: str, known) -> Any:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return msg("templates.error.hint", name=close[0]) if close else ""


def _unsafe(tree, place) -> list[TemplateProblem]:
    from jinja2 import nodes

    problems = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else \
            node.arg.value if isinstance(node.arg, nodes.Const) else None
        if isinstance(attr, str) and attr.startswith("_"):
            problems.append(_problem(place(node.lineno, attr), "unsafe", name=attr))
    return problems


def _other_files(tree, place) -> list[TemplateProblem]:
    from jinja2 import nodes

    problems = []
    tags = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from",
            nodes.Extends: "extends"}
    for node in tree.find_all(tuple(tags)):
        target = node.template.value if isinstance(node.template, nodes.Const) else "…"
        problems.append(_problem(place(node.lineno, tags[type(node)]), "include",
                                 tag=tags[type(node)], name=repr(target)))
    return problems


def _images(tree, place, folder: Path) -> list[TemplateProblem]:
    """`image('...')` with a literal path: inside the template's folder and there."""
    from jinja2 import nodes

    root = folder.resolve()
    problems = []
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "image" and call.args
                and isinstance(call.args[0], nodes.Const)):
            continue
        path = str(call.args[0].value)
        target = (root / path).resolve()
        key = "image_outside" if not target.is_relative_to(root) else \
            "image_missing" if not target.is_file() else None
        if key:
            where = place(call.lineno, "image")
            problems.append(TemplateProblem(where, msg(
                "templates.error.at", where=where.message(),
                problem=msg(f"templates.error.{key}", path=path, folder=str(folder)))))
    return problems


def _sections(tree, place, doc: str | None) -> list[TemplateProblem]:
    """`section("name")` with a name the document has no generated part by."""
    from jinja2 import nodes

    from generator.company.sections import section_names

    known = section_names(doc)
    problems = []
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "section"
                and call.args and isinstance(call.args[0], nodes.Const)):
            continue
        name = str(call.args[0].value)
        if name not in known:
            where = place(call.lineno, name)
            problems.append(TemplateProblem(where, msg(
                "templates.error.at", where=where.message(),
                problem=msg("templates.error.section_unknown", name=name,
                            names=listing(known)))))
    return problems


def lint_lines(path: str | Path, doc: str | None = None) -> tuple[list[str], int]:
    """`templates lint`: one line per problem and a summary line; the exit code."""
    path = Path(path)
    problems = lint_template(path, doc)
    if not problems:
        return [str(msg("templates.lint.ok", template=path.name))], 0
    lines = [str(p) for p in problems]
    lines.append(str(msg("templates.lint.summary", template=path.name, n=len(problems))))
    return lines, 1
