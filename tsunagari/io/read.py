"""The entry point: read a network folder or workbook, with its vocabulary, and validate it."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..progress import is_large, large_input, progress
from ..vocabulary import Vocabulary, domain_rows, load_vocabulary
from .columns import NODE_COLUMNS, SUPPORT_COLUMNS, _Checker
from .files import Table, csv_table
from .validate import _validate_nodes, _validate_supports
from .workbook import xlsx_tables

__all__ = ["read_network"]


def read_network(
    path: str | Path, *, vocabulary: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, Vocabulary, tuple[np.ndarray, np.ndarray]]:
    """Read and validate a network folder or workbook.

    Parameters
    ----------
    path : str or Path
        A folder with ``nodes.csv`` and ``supports.csv``, or an ``.xlsx`` workbook with the
        sheets ``nodes`` and ``supports``.
    vocabulary : str or Path, optional
        A domains CSV overriding the built-in one. Without it, a ``domains.csv`` beside the
        network (or a ``domains`` sheet) is used when present.

    Returns
    -------
    nodes, supports : DataFrame
        Validated tables with canonical column names, indexed ``0..n-1``. ``needs`` and
        ``services`` hold tuples of codes, ``since``/``until`` are datetimes (NaT = open).
    vocabulary : Vocabulary
    ends : (ndarray, ndarray)
        The row in ``nodes`` of each support's source and of its target.

    Raises
    ------
    InputError
        With every problem found, each naming file, row, column and value.
    """
    path = Path(path)
    try:
        kind = "folder" if path.is_dir() else "file" if path.is_file() else None
        files = {name: path / f"{name}.csv" for name in ("nodes", "supports", "domains")}
        present = {name: kind == "folder" and f.exists() for name, f in files.items()}
    except OSError as exc:  # e.g. a folder on the way that may not be entered
        raise InputError([Problem.whole(str(path), f"cannot be read ({exc.strerror})")]) from None
    if kind == "folder":
        missing = [f"{n}.csv" for n in ("nodes", "supports") if not present[n]]
        if missing:
            raise InputError(
                [
                    Problem.whole(
                        m,
                        f"missing in folder '{path.name}' (a network folder "
                        "holds nodes.csv and supports.csv)",
                    )
                    for m in missing
                ]
            )
        frames: dict[str, Table | None] = {}
        problems: list[Problem] = []
        big = large_input(files["nodes"], files["supports"])
        for name in ("nodes", "supports"):
            try:
                with progress(f"reading {name}.csv", show=big):
                    frames[name] = csv_table(files[name])
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        labels = {"nodes": "nodes.csv", "supports": "supports.csv"}
        if vocabulary is None and present["domains"]:
            vocabulary = files["domains"]
        vocab = load_vocabulary(vocabulary)
    elif kind == "file" and path.suffix.lower() in (".xlsx", ".xlsm"):
        with progress(f"reading {path.name}", show=large_input(path)):
            frames = xlsx_tables(path, ("nodes", "supports", "domains"))
        missing = [s for s in ("nodes", "supports") if frames[s] is None]
        if missing:
            raise InputError([Problem.whole(path.name, f"has no sheet '{s}'") for s in missing])
        labels = {s: f"{path.name}[{s}]" for s in ("nodes", "supports")}
        vocab = load_vocabulary(vocabulary) if vocabulary or frames["domains"] is None else None
        if vocab is None:
            vocab = _vocabulary_from_sheet(frames["domains"], f"{path.name}[domains]")
    elif kind is None and not os.path.lexists(path):
        raise InputError([Problem.whole(str(path), "does not exist")])
    else:
        raise InputError(
            [
                Problem.whole(
                    path.name,
                    "expected a folder holding nodes.csv and supports.csv, or an .xlsx workbook",
                )
            ]
        )

    # each raw frame is dropped once its checker holds its columns
    big = is_large(len(frames["nodes"]) + len(frames["supports"]))
    with progress(f"checking {labels['nodes']}", show=big):
        nodes_check = _Checker(labels["nodes"], frames.pop("nodes"), NODE_COLUMNS)
        nodes = _validate_nodes(nodes_check, vocab)
    with progress(f"checking {labels['supports']}", show=big):
        supports_check = _Checker(
            labels["supports"],
            frames.pop("supports"),
            SUPPORT_COLUMNS,
            private=nodes_check.private_columns,
        )
        supports, ends = _validate_supports(supports_check, vocab, nodes)
    problems = sorted(nodes_check.problems, key=_row_order) + sorted(
        supports_check.problems, key=_row_order
    )
    if problems or nodes is None or supports is None:
        raise InputError(problems)
    return nodes, supports, vocab, (ends["source"], ends["target"])


def _row_order(problem: Problem) -> int:
    return problem.row or 0


def _vocabulary_from_sheet(table: Table, label: str) -> Vocabulary:
    """The built-in domains extended by a workbook's ``domains`` sheet."""
    return Vocabulary({**load_vocabulary().domains, **domain_rows(table.records(), label)})
