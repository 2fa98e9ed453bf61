"""The entry points: read a network folder, workbook or pair of DataFrames, with its
vocabulary, and validate it."""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..columnar import Columns
from ..errors import InputError, Problem
from ..network import Network
from ..progress import is_large, large_input, progress
from ..vocabulary import Vocabulary, builtin_vocabulary, domain_rows, read_domains
from ..words import Message, message
from .columns import HEADER_NAMES, NODE_COLUMNS, REQUIRED, SHEET_NAMES, SUPPORT_COLUMNS, Checker
from .csvfile import csv_table
from .files import Table, frame_table, read_text
from .notices import network_warnings
from .validate import validate_nodes, validate_supports
from .workbook import xlsx_tables

__all__ = [
    "Validated",
    "from_frames",
    "load",
    "load_vocabulary",
    "read_frames",
    "read_network",
    "sample_path",
]

if TYPE_CHECKING:
    import pandas as pd

# nodes, supports, the vocabulary, and the row in nodes of each support's source and target
Validated = tuple["pd.DataFrame", "pd.DataFrame", Vocabulary, tuple[np.ndarray, np.ndarray]]
# the same, the tables as the library holds them (frames are made when asked for)
_Checked = tuple[Columns, Columns, Vocabulary, tuple[np.ndarray, np.ndarray]]


def sample_path() -> Path:
    """The folder of the bundled, fictional Iga sample network."""
    return Path(str(resources.files("tsunagari").joinpath("data/iga")))


def load(path: str | Path | None = None, *, vocabulary: str | Path | None = None) -> Network:
    """Read, validate and index a network.

    Parameters
    ----------
    path : str or Path, optional
        A folder with ``nodes.csv`` and ``supports.csv``, or an ``.xlsx`` workbook. Default:
        the bundled Iga sample.
    vocabulary : str or Path, optional
        A domains CSV that extends or relabels the built-in domains.

    Raises
    ------
    InputError
        Listing every problem in the files.

    Examples
    --------
    >>> import tsunagari as tg
    >>> net = tg.load()
    >>> net.nodes.loc[0, "id"] in net.index
    True
    """
    path = Path(path) if path is not None else sample_path()
    (nodes, supports, vocab, ends), warnings = _read(path, vocabulary)
    return Network(nodes, supports, vocab, source=path, ends=ends, warnings=warnings)


def from_frames(
    nodes: pd.DataFrame,
    supports: pd.DataFrame,
    *,
    vocabulary: str | Path | Vocabulary | None = None,
) -> Network:
    """Validate and index a network given as two DataFrames, as :func:`load` does files.

    The frames have the columns of ``nodes.csv`` and ``supports.csv`` (English or Japanese
    headers, extra columns kept). A cell is taken as the text a file would hold: empty for
    NaN or None, ``3`` for 3.0, the ISO date of a Timestamp or date; then every rule of the
    files applies.

    Parameters
    ----------
    nodes, supports : DataFrame
        The two tables. They are not modified.
    vocabulary : str, Path or Vocabulary, optional
        A domains CSV that extends or relabels the built-in domains, or a vocabulary
        already loaded (:func:`load_vocabulary`).

    Raises
    ------
    InputError
        Listing every problem, each naming the table (``nodes`` or ``supports``), the row as
        a file would number it (the header is row 1: the frame's first row is row 2), the
        column and, where it may be shown, the value.

    Examples
    --------
    >>> import pandas as pd, tsunagari as tg
    >>> nodes = pd.DataFrame({"id": ["ag", "r1"], "name": ["Centre", "A"],
    ...                       "kind": ["agency", "resident"], "lsns6": [None, 14.0]})
    >>> net = tg.from_frames(nodes, pd.DataFrame({"source": ["ag"], "target": ["r1"]}))
    >>> net.nodes["lsns6"].tolist()
    [<NA>, 14]
    >>> try:
    ...     tg.from_frames(nodes, pd.DataFrame({"source": ["ag"], "target": ["r2"]}))
    ... except tg.InputError as error:
    ...     print(error)
    supports, row 2, column 'target': unknown node id (not in the nodes' id column)
    """
    (tables, links, vocab, ends), warnings = _frames(nodes, supports, vocabulary)
    return Network(tables, links, vocab, ends=ends, warnings=warnings)


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """The built-in domains, extended or relabelled by a user CSV if one is given.

    The user file has the columns ``code, ja, en, sensitivity``; a row whose code exists
    replaces the built-in row, other rows add codes. It is read as network files are (any
    of their encodings, bounded in size).

    Raises
    ------
    InputError
        If the file cannot be read, or a row has an empty code or an unknown sensitivity.

    Examples
    --------
    >>> v = load_vocabulary()
    >>> v.domains["hikikomori"].ja, v.is_youhairyo("dementia")
    ('ひきこもり', True)
    """
    vocab = builtin_vocabulary()
    if path is None:
        return vocab
    p = Path(path)
    return Vocabulary(
        {**vocab.domains, **read_domains(read_text(p), p.name, said=message)}, origin=p
    )


def read_network(path: str | Path, *, vocabulary: str | Path | None = None) -> Validated:
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
    return _framed(_read(Path(path), vocabulary)[0])


def _framed(checked: _Checked) -> Validated:
    nodes, supports, vocab, ends = checked
    return nodes.frame(), supports.frame(), vocab, ends


def _read(path: Path, vocabulary: str | Path | None) -> tuple[_Checked, list[Message]]:
    """:func:`read_network`, and the warnings about what it read."""
    try:
        kind = "folder" if path.is_dir() else "file" if path.is_file() else None
        files = {name: path / f"{name}.csv" for name in ("nodes", "supports", "domains")}
        present = {name: kind == "folder" and f.exists() for name, f in files.items()}
    except OSError as exc:  # e.g. a folder on the way that may not be entered
        said = message("err_unreadable", reason=exc.strerror)
        raise InputError([Problem.whole(str(path), said)]) from None
    if kind == "folder":
        missing = [f"{n}.csv" for n in ("nodes", "supports") if not present[n]]
        if missing:
            raise InputError(
                [Problem.whole(m, message("err_missing_file", folder=path.name)) for m in missing]
            )
        big = large_input(files["nodes"], files["supports"])
        labels = {"nodes": "nodes.csv", "supports": "supports.csv"}
        if vocabulary is None and present["domains"]:
            vocabulary = files["domains"]

        def table(name: str) -> Table:
            with progress(message("progress_reading", file=f"{name}.csv"), show=big):
                return csv_table(files[name], HEADER_NAMES[name])

        # supports.csv is read (pyarrow parses and codes without the interpreter lock) while
        # nodes.csv is read and checked; a file that cannot be read is said before any check
        with ThreadPoolExecutor(1) as pool:
            reading = pool.submit(table, "supports")
            try:
                nodes_table = table("nodes")
            except InputError as exc:
                _raise_with(exc.problems, reading)
                raise  # (not reached: the nodes' problems are raised above)
            try:
                vocab = load_vocabulary(vocabulary)
            except InputError:
                _raise_with([], reading)
                raise
            nodes = _checked_nodes(nodes_table, labels["nodes"], vocab, big)
            del nodes_table  # the checker holds its columns
            supports_table = reading.result()
        formulas: dict[str, list[str]] = {labels[n]: [] for n in labels}
        return _with_supports(nodes, supports_table, labels, vocab, big, formulas)
    elif kind == "file" and path.suffix.lower() in (".xlsx", ".xlsm"):
        with progress(message("progress_reading", file=path.name), show=large_input(path)):
            sheets = xlsx_tables(path, SHEET_NAMES, required=REQUIRED, headers=HEADER_NAMES)
        frames = {s: table for s, table in sheets.items() if table is not None}
        labels = {s: f"{path.name}[{s}]" for s in ("nodes", "supports")}
        domains = frames.pop("domains", None)
        if vocabulary or domains is None:
            vocab = load_vocabulary(vocabulary)
        else:
            vocab = _vocabulary_from_sheet(domains, f"{path.name}[domains]")
    elif kind is None and not os.path.lexists(path):
        raise InputError([Problem.whole(str(path), message("err_not_found"))])
    else:
        raise InputError([Problem.whole(path.name, message("err_not_network"))])
    return _validated(frames, labels, vocab)


def read_frames(
    nodes: pd.DataFrame,
    supports: pd.DataFrame,
    *,
    vocabulary: str | Path | Vocabulary | None = None,
) -> Validated:
    """Validate a network given as two DataFrames with the columns of the two files.

    Each cell is taken as the text a file would hold (:func:`.files.cell_text`: empty for
    NaN or None, ``3`` for 3.0, the ISO date of a Timestamp), then checked exactly as a
    file is. Problems name the table ``nodes`` or ``supports`` and number rows as a file
    does: the header is row 1, so the frame's first row is row 2. The frames are not
    modified.

    Parameters
    ----------
    nodes, supports : DataFrame
        Columns as in ``nodes.csv`` and ``supports.csv`` (English or Japanese headers).
    vocabulary : str, Path or Vocabulary, optional
        A domains CSV extending the built-in domains, or a vocabulary already loaded.
        Default: the built-in domains.

    Returns
    -------
    As :func:`read_network`.

    Raises
    ------
    InputError
        With every problem found, each naming table, row, column and value.
    TypeError
        If ``nodes`` or ``supports`` is not a DataFrame.
    """
    return _framed(_frames(nodes, supports, vocabulary)[0])


def _frames(
    nodes: pd.DataFrame, supports: pd.DataFrame, vocabulary: str | Path | Vocabulary | None
) -> tuple[_Checked, list[Message]]:
    """:func:`read_frames`, and the warnings about the tables."""
    import pandas as pd

    for name, frame in (("nodes", nodes), ("supports", supports)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    if isinstance(vocabulary, Vocabulary):
        vocab = vocabulary
    else:
        vocab = load_vocabulary(vocabulary)
    frames = {"nodes": frame_table(nodes), "supports": frame_table(supports)}
    return _validated(frames, {"nodes": "nodes", "supports": "supports"}, vocab)


def _raise_with(problems: list[Problem], reading: Future[Table]) -> None:
    """Raise ``problems`` and those of the file ``reading`` reads, if there are any."""
    try:
        reading.result()
    except InputError as exc:
        problems = [*problems, *exc.problems]
    if problems:
        raise InputError(problems)


_Nodes = tuple[Checker, Columns | None]  # the nodes' checker, and their table if it is right


def _validated(
    frames: dict[str, Table], labels: dict[str, str], vocab: Vocabulary
) -> tuple[_Checked, list[Message]]:
    """Check the ``nodes`` and ``supports`` tables (named in problems by ``labels``), and
    say what looks wrong in a network that is right (:func:`.notices.network_warnings`)."""
    formulas = {labels[n]: frames[n].blank_formulas for n in ("nodes", "supports")}
    # each raw table is dropped once its checker holds its columns
    big = is_large(len(frames["nodes"]) + len(frames["supports"]))
    nodes = _checked_nodes(frames.pop("nodes"), labels["nodes"], vocab, big)
    return _with_supports(nodes, frames.pop("supports"), labels, vocab, big, formulas)


def _checked_nodes(table: Table, label: str, vocab: Vocabulary, big: bool) -> _Nodes:
    """The nodes table checked (its problems on the checker)."""
    with progress(message("progress_checking", file=label), show=big):
        check = Checker(label, table, NODE_COLUMNS)
        del table
        return check, validate_nodes(check, vocab)


def _with_supports(
    nodes: _Nodes,
    table: Table,
    labels: dict[str, str],
    vocab: Vocabulary,
    big: bool,
    formulas: dict[str, list[str]],
) -> tuple[_Checked, list[Message]]:
    """The supports table checked against the checked nodes; every problem of both raised,
    or the network and its warnings (``formulas``: per label, the formula cells without a
    saved result)."""
    nodes_check, node_table = nodes
    with progress(message("progress_checking", file=labels["supports"]), show=big):
        supports_check = Checker(
            labels["supports"], table, SUPPORT_COLUMNS, private=nodes_check.private_columns
        )
        del table
        ids = nodes_check.column("id")
        supports, ends = validate_supports(supports_check, vocab, node_table, ids)
    problems = sorted(nodes_check.problems, key=_row_order) + sorted(
        supports_check.problems, key=_row_order
    )
    if problems or node_table is None or supports is None:
        raise InputError(problems)
    pair = (ends["source"], ends["target"])
    rows = {"nodes": nodes_check.rows, "supports": supports_check.rows}
    warnings = network_warnings(node_table, supports, pair, rows, labels, blank_formulas=formulas)
    return (node_table, supports, vocab, pair), warnings


def _row_order(problem: Problem) -> int:
    return problem.row or 0


def _vocabulary_from_sheet(table: Table, label: str) -> Vocabulary:
    """The built-in domains extended by a workbook's ``domains`` sheet."""
    return Vocabulary(
        {**builtin_vocabulary().domains, **domain_rows(table.records(), label, said=message)}
    )
