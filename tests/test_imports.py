"""Data flows one way: no module of the package imports, even lazily, one that imports it back.

The import graph is read from the source (every ``import`` statement, including those inside
functions; not those under ``if TYPE_CHECKING:``, which never run). Importing ``a.b.c`` also
runs the package ``a.b``, so it counts as importing that package too; the top-level
``tsunagari/__init__.py`` is the public facade over everything and is left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "tsunagari"

# Circles still being untangled elsewhere (issue 15): remove each once it is gone.
# Analysis.map(), .report() and .export() hand the analysis to the map, the report and the
# exporter, imported when called; those modules take an Analysis (and build one for the
# functions of a network: network_map, report_html, export).
KNOWN_CIRCLES = [
    {
        "tsunagari.analysis",
        "tsunagari.analysis.analysed",
        "tsunagari.analysis.shortcuts",
        "tsunagari.export",
        "tsunagari.render.map",
        "tsunagari.render.report",
        "tsunagari.render.views",
    }
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run: those under ``if TYPE_CHECKING:`` are left out."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    paths = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        targets: set[str] = set()
        for node in _runtime_imports(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                tail = [node.module] if node.module else []
                source = ".".join(base + tail) if node.level else node.module or ""
                names = [source, *(f"{source}.{alias.name}" for alias in node.names)]
            for name in names:
                while name in paths or "." in name:
                    inside = module == name or module.startswith(name + ".")  # its own package
                    if name in paths and name != "tsunagari" and not inside:
                        targets.add(name)
                    name = name.rsplit(".", 1)[0] if "." in name else ""
        graph[module] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The sets of two or more modules that import each other, directly or around a circle.

    Examples
    --------
    >>> [sorted(c) for c in circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})]
    [['a', 'b', 'c']]
    """
    reach = {m: _reachable(graph, m) for m in graph}
    out: list[set[str]] = []
    for module in sorted(graph):
        group = {m for m in reach[module] if module in reach[m]}
        if len(group) > 1 and group not in out:
            out.append(group)
    return out


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_no_import_circles() -> None:
    found = [c for c in circles(import_graph()) if c not in KNOWN_CIRCLES]
    assert not found, f"modules importing each other: {[sorted(c) for c in found]}"


def test_the_graph_sees_lazy_and_package_imports() -> None:
    graph = import_graph()
    assert "tsunagari.io" in graph["tsunagari.privacy"]  # from .io.files import ... runs io
    assert "tsunagari.dates" in graph["tsunagari.analysis.dominators"]  # inside a function
    assert "tsunagari.analysis.removal" in graph["tsunagari.analysis.dominators"]
    assert "tsunagari" not in graph["tsunagari.network"]


def test_vocabulary_and_dates_need_no_reader() -> None:
    graph = import_graph()
    assert graph["tsunagari.vocabulary"] == {"tsunagari.errors"}
    assert graph["tsunagari.dates"] == set()
    assert "tsunagari.io" not in _reachable(graph, "tsunagari.network")
