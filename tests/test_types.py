"""Type hints: mypy passes on the package, and every public function is annotated."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "tsunagari"

# Modules still being edited elsewhere: their public functions may lack annotations for now.
# Shrink this list as they are annotated.
NOT_YET_ANNOTATED: tuple[str, ...] = ()


def unannotated(source: str) -> list[str]:
    """Public functions and methods of public classes with a parameter or return unannotated.

    Public: a name without a leading underscore, or a dunder method (``__init__``) of a
    public class. ``self`` and ``cls`` need no annotation.

    Examples
    --------
    >>> unannotated("def f(a: int) -> int: ...\\ndef g(a, *, b: int): ...\\ndef _h(x): ...")
    ['g(a, return)']
    >>> unannotated("class C:\\n    def __init__(self, n): ...\\nclass _D:\\n    def m(x): ...")
    ['C.__init__(n, return)']
    """
    out: list[str] = []

    def public(name: str, method: bool) -> bool:
        dunder = name.startswith("__") and name.endswith("__")
        return not name.startswith("_") or (method and dunder)

    def visit(body: list[ast.stmt], owner: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and not owner and public(node.name, False):
                visit(node.body, f"{node.name}.")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if not public(node.name, bool(owner)):
                    continue
                args = node.args
                params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
                params += [p for p in (args.vararg, args.kwarg) if p is not None]
                static = any(
                    isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list
                )
                if owner and not static and params and params[0].arg in ("self", "cls"):
                    params = params[1:]
                missing = [p.arg for p in params if p.annotation is None]
                if node.returns is None:
                    missing.append("return")
                if missing:
                    out.append(f"{owner}{node.name}({', '.join(missing)})")

    visit(ast.parse(source).body, "")
    return out


def _modules() -> dict[str, list[str]]:
    """Each module of the package (as ``tsunagari/io/read.py``) and its unannotated functions."""
    root = PACKAGE.parent
    return {
        path.relative_to(root).as_posix(): unannotated(path.read_text("utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _allowed(module: str) -> bool:
    return any(Path(module).match(pattern) for pattern in NOT_YET_ANNOTATED)


def test_public_functions_are_annotated() -> None:
    lacking = {m: found for m, found in _modules().items() if found and not _allowed(m)}
    report = "\n".join(f"{m}: {', '.join(found)}" for m, found in lacking.items())
    assert not lacking, f"public functions without full annotations:\n{report}"


def test_mypy_passes(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is in the dev extra")
    # the configuration ([tool.mypy] in pyproject.toml) names the package and its options
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(_cache_dir(tmp_path))],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mypy reports:\n{result.stdout}{result.stderr}"


def _cache_dir(tmp_path: Path) -> Path:
    """``.mypy_cache`` of the checkout when it may be written (a rerun takes seconds), else a
    temporary one."""
    cache = PACKAGE.parent / ".mypy_cache"
    try:
        cache.mkdir(exist_ok=True)
        probe = cache / ".tsunagari-probe"
        probe.touch()
        probe.unlink()
        return cache
    except OSError:
        return tmp_path / "mypy_cache"
