"""Writing the town as CSV: a fast writer of coded columns, each file replaced atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..io.write import write_atomic
from ..words import message
from .city import STEPS, generate, reporting
from .columns import CodedColumn
from .parameters import IGA_POPULATION

__all__ = ["write_city"]


def write_city(
    directory: str | os.PathLike[str],
    residents: int = IGA_POPULATION,
    *,
    seed: int = 0,
    mutual_aid: float = 0.0,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Generate a synthetic city and write it as ``nodes.csv`` and ``supports.csv``.

    Files are UTF-8 without an index, each written to a temporary file in
    ``directory`` and moved into place, so a reader never sees half a file.

    Parameters
    ----------
    directory : path
        Folder to write into; created if missing.
    residents : int, default 86,976
        Number of residents.
    seed : int, default 0
        Seed; the same seed writes the same files.
    mutual_aid : float, default 0
        Share of residents in circles of two-way neighbourly help (see :func:`city`).
    force : bool, default False
        Write into a folder that already holds files (replacing the two CSVs).
    progress : callable, optional
        Called as ``progress(step, done, total)``. (A terminal also gets a bar on stderr
        when progress is on: see :mod:`tsunagari.progress`.)

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    FileExistsError
        If ``directory`` exists and is not empty and ``force`` is false, or is a file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_city(Path(tmp) / "town", 500, seed=3)
    ...     sorted(p.name for p in folder.iterdir())
    ['nodes.csv', 'supports.csv']
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise FileExistsError(f"{folder} is not empty; choose an empty folder or use force=True")
    files = ("nodes.csv", "supports.csv")
    total = len(STEPS) + len(files)
    writing = {f"writing {name}": message("progress_writing", file=name) for name in files}
    with reporting(residents, progress, total, writing) as report:
        tables = generate(
            residents,
            seed,
            report,
            tuple(writing),
            mutual_aid=mutual_aid,
        )
        folder.mkdir(parents=True, exist_ok=True)
        for step, (name, table) in enumerate(zip(files, tables), start=len(STEPS)):
            report(f"writing {name}", step, total)
            write_csv(folder / name, table)
        report("done", total, total)
    return folder


def write_csv(path: Path, table: dict[str, CodedColumn], chunk_bytes: int = 1 << 23) -> None:
    """Write a coded table as CSV, atomically.

    Each chunk of rows is gathered into fixed-size records (per field: its label's
    UTF-8 bytes, zero-padded, then the separator) and the padding dropped: UTF-8
    text holds no zero byte. No Python string per row is ever built.
    """
    columns = list(table.values())
    n_rows = len(columns[0].codes)
    # Each field's labels as fixed-size byte records that end with the separator.
    cells = []
    for i, col in enumerate(columns):
        raw = col.encoded()
        sep = np.full((len(raw), 1), ord("\n") if i == len(columns) - 1 else ord(","), np.uint8)
        cell = np.ascontiguousarray(np.hstack([raw, sep]))
        cells.append(cell.view(f"V{cell.shape[1]}").ravel())
    record = np.dtype([(f"f{i}", cell.dtype) for i, cell in enumerate(cells)])
    step = max(1, chunk_bytes // record.itemsize)

    def write(handle) -> None:
        handle.write((",".join(table) + "\n").encode("utf-8"))
        for start in range(0, n_rows, step):
            stop = min(start + step, n_rows)
            out = np.empty(stop - start, record)
            for i, (col, cell) in enumerate(zip(columns, cells)):
                out[f"f{i}"] = cell[col.codes[start:stop]]
            handle.write(out.tobytes().translate(None, b"\0"))

    write_atomic(path, write, force=True)  # the folder was checked as a whole
