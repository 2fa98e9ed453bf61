"""The notebooks in notebooks/: committed without outputs, and each runs top to bottom.

Each notebook runs in a real IPython kernel started with this interpreter
(``sys.executable``), so it imports the tsunagari installed here, whatever kernel specs the
machine has. Its cells assert facts about the data, so a notebook that runs but tells a
wrong story fails. Every chart is drawn (the inline backend renders through Agg into PNG);
a glyph missing from the font, a Japanese label drawn as boxes, fails the test too. The
charts need a font with Japanese glyphs: Debian's fonts-noto-cjk, which .ci/run installs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from traitlets import default

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
TIMEOUT = 120  # seconds per cell


class ThisPython(KernelSpecManager):
    """Every kernel name resolves to an IPython kernel on this interpreter."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"Python {sys.version_info[0]} (tests)",
            language="python",
            env={
                # Inline backend: figures drawn by Agg into PNG, never a window.
                "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # debugpy's note on frozen modules
            },
        )


class ThisPythonKernel(KernelManager):
    """A kernel manager that starts its kernel with :class:`ThisPython`."""

    @default("kernel_spec_manager")
    def _this_python(self) -> KernelSpecManager:
        return ThisPython()


def test_notebooks_exist():
    names = [p.name for p in PATHS]
    assert names == [
        "01-iga-safety-net.ipynb",
        "02-what-if-and-suggestions.ipynb",
        "03-districts-and-gaps.ipynb",
        "04-growth.ipynb",
        "05-city-scale.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}, "strip extra metadata"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has outputs"
            assert cell.execution_count is None, f"cell {index} has an execution count"
        assert not cell.metadata, f"cell {index} has metadata"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_uses_the_public_api_only(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            private = re.findall(r"\w+\._[A-Za-z]\w*", cell.source)
            assert not private, f"{path.name}: private names {private}"


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type == "error":
                parts.append("\n".join(output.traceback))
    return "\n".join(parts)


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        kernel_manager_class=ThisPythonKernel,
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(tmp_path)}},  # the kernel's working folder
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as error:
        pytest.fail(f"{path.name}: a cell failed\n{error}", pytrace=False)
    text = _outputs_text(nb)
    assert "missing from font" not in text, f"{path.name}: a label has no glyph\n{text}"
    for cell in nb.cells:
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            kinds = [set(o.get("data", {})) for o in cell.outputs]
            assert any("image/png" in k for k in kinds), f"no chart from {cell.source[:60]!r}"
