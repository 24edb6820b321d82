"""The package structure: no import circles inside generator/.

The import graph is read from the source with `ast`, so it sees every import: at module
level, under `if TYPE_CHECKING:` (a circle for the type checker is still a circle in the
design) and inside functions (where a circle is usually hidden). Dynamic imports
(`importlib.import_module` of a writer) are not edges; they name their target in a table.

Run `python tests/test_structure.py` for the numbers: modules, edges, imports inside
functions, and every cycle.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "generator"

# NOTE: expected to be removed, not accepted; empty now that answers/ and questionnaire/
# have no circles. An entry must match a found cycle exactly, and an entry whose cycle is
# gone fails the test too, so the list cannot go stale or hide a new circle.
KNOWN_CYCLES_BEING_REMOVED: list[frozenset[str]] = []


@dataclass(frozen=True)
class Edge:
    """`source` imports `target` at `line`; `local` when the import is inside a function."""

    source: str
    target: str
    line: int
    local: bool


def module_names(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (a package is its
    __init__)."""
    modules = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module an import of `name` loads: itself, or its longest known parent."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool,
             modules: dict[str, Path]) -> list[str]:
    """The package modules one import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:  # relative: from the module's package, one level up per extra dot
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        # `from pkg import name` loads pkg.name when that is a module, else pkg itself
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                 for alias in node.names]
    return [t for t in dict.fromkeys(_resolve(n, modules) for n in names) if t]


class _ImportVisitor(ast.NodeVisitor):
    """Collects import statements, noting whether each is inside a function."""

    def __init__(self) -> None:
        self.found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []
        self._depth = 0

    def _function(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import) -> None:
        self.found.append((node, self._depth > 0))

    visit_ImportFrom = visit_Import


def import_statements(path: Path) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement of a file with `local` (inside a function) beside it."""
    visitor = _ImportVisitor()
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return visitor.found


def import_graph(root: Path = ROOT) -> tuple[dict[str, Path], list[Edge]]:
    """The package's modules and every import edge between two of them."""
    modules = module_names(root)
    edges = []
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node, local in import_statements(path):
            for target in _targets(node, module, is_package, modules):
                if target != module:
                    edges.append(Edge(module, target, node.lineno, local))
    return modules, edges


def strongly_connected(nodes: list[str], edges: list[Edge]) -> list[list[str]]:
    """Tarjan's components with more than one module (each is at least one cycle)."""
    graph: dict[str, list[str]] = {n: [] for n in nodes}
    for edge in edges:
        graph[edge.source].append(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in nodes:
        if node not in index:
            visit(node)
    return sorted(components)


def describe_cycle(component: list[str], edges: list[Edge]) -> str:
    """A shortest circle through the component's first module, each step with its line."""
    inside = set(component)
    start = component[0]
    # Breadth-first from `start`; `reached_by[m]` is the edge that first reached module m.
    reached_by: dict[str, Edge] = {}
    frontier = [start]
    while frontier and start not in reached_by:
        following = []
        for current in frontier:
            for edge in edges:
                if (edge.source == current and edge.target in inside
                        and edge.target not in reached_by):
                    reached_by[edge.target] = edge
                    following.append(edge.target)
        frontier = following
    steps, node = [], start
    while True:  # walk back from the edge that closed the circle
        edge = reached_by[node]
        steps.append(edge)
        node = edge.source
        if node == start:
            break
    return "\n    ".join(
        f"{e.source} -> {e.target} (line {e.line}{', inside a function' if e.local else ''})"
        for e in reversed(steps))


def test_no_import_cycles_in_generator():
    """Every circle found fails, named step by step, unless it is a known one being removed."""
    modules, edges = import_graph()
    components = strongly_connected(sorted(modules), edges)
    allowed = set(KNOWN_CYCLES_BEING_REMOVED)
    new = [c for c in components if frozenset(c) not in allowed]
    gone = allowed - {frozenset(c) for c in components}
    report = [f"import circle among {', '.join(c)}:\n    {describe_cycle(c, edges)}"
              for c in new]
    report += [f"KNOWN_CYCLES_BEING_REMOVED lists {sorted(g)}, which is no longer a circle: "
               "remove the entry" for g in gone]
    assert not report, "\n".join(report)


def test_cycle_finder_sees_function_level_and_relative_imports(tmp_path):
    """The graph builder itself: a circle hidden in a function, via a relative import."""
    package = tmp_path / PACKAGE / "sub"
    package.mkdir(parents=True)
    (tmp_path / PACKAGE / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from generator.sub import b\n")
    (package / "b.py").write_text("def f():\n    from . import a\n")
    (package / "c.py").write_text("import generator.sub.a\n")
    modules, edges = import_graph(tmp_path)
    assert Edge("generator.sub.b", "generator.sub.a", 2, True) in edges
    components = strongly_connected(sorted(modules), edges)
    assert components == [["generator.sub.a", "generator.sub.b"]]
    assert describe_cycle(components[0], edges) == (
        "generator.sub.a -> generator.sub.b (line 1)\n"
        "    generator.sub.b -> generator.sub.a (line 2, inside a function)")


def main() -> None:
    """Print the numbers this test is about."""
    modules, edges = import_graph()
    statements = [(m, n, local) for m, p in modules.items() for n, local in import_statements(p)]
    local = [(m, n) for m, n, is_local in statements if is_local]
    print(f"modules: {len(modules)}; import statements: {len(statements)}; "
          f"inside functions: {len(local)}; edges inside {PACKAGE}/: {len(edges)}")
    if "-v" in sys.argv:
        for module, node in local:
            names = ", ".join(a.name for a in node.names)
            source = node.module if isinstance(node, ast.ImportFrom) else ""
            print(f"  {module}:{node.lineno}: {('from ' + source + ' ') if source else ''}"
                  f"import {names}")
    for component in strongly_connected(sorted(modules), edges):
        print(f"cycle: {', '.join(component)}\n    {describe_cycle(component, edges)}")


if __name__ == "__main__":
    main()
