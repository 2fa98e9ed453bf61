"""How the package is built: no private name crosses a module, no module grows too big."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tsunagari"

# Private attributes of other libraries that we read on purpose, each with its reason.
THIRD_PARTY = {
    "_get_source": "openpyxl: the worksheet parser reads cells one by one (bounded memory)",
    "_shared_strings": "openpyxl: the strings a sparse sheet's cells point to",
    "_date_formats": "openpyxl: which cell styles are dates",
    "_timedelta_formats": "openpyxl: which cell styles are durations",
    "_exit": "os (documented): a forked child leaves without the parent's exit handlers",
}
LINES = 420  # about 400 lines a module (issue 15)
LONGER = {
    "synth/ties.py",  # the generator's ties: still to be split
    "analysis/analysed.py",  # the analysts' API: two thirds of it is their reference docs
    "words.py",  # the one catalogue of words (and column notes), data more than code
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text("utf-8"))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_here(tree: ast.Module) -> set[str]:
    """Private names a module defines: functions, classes, attributes set on anything."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {n for n in names if _private(n)}


def crossings() -> list[str]:
    found = []
    for where, tree in _modules():
        own = _defined_here(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                found += [
                    f"{where}:{node.lineno}: imports {alias.name} from {node.module}"
                    for alias in node.names
                    if _private(alias.name)
                ]
            elif (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and node.attr not in own
                and node.attr not in THIRD_PARTY
            ):
                found.append(f"{where}:{node.lineno}: reads .{node.attr} defined elsewhere")
    return found


def test_no_private_name_is_used_outside_its_module():
    assert crossings() == []


def test_the_check_finds_a_crossing(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("from .b import _helper\nx = obj._graph\n", "utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    assert crossings() == [
        "a.py:1: imports _helper from b",
        "a.py:2: reads ._graph defined elsewhere",
    ]


def test_modules_stay_small():
    sizes = {
        where: len((PACKAGE / where).read_text("utf-8").splitlines()) for where, _ in _modules()
    }
    assert {where for where, n in sizes.items() if n > LINES} <= LONGER
    assert all(sizes[where] > LINES for where in LONGER)  # split ones leave the list
