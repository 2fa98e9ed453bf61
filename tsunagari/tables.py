"""Tables for machines: JSON records and CSV (terminal tables: :mod:`tsunagari.terminal`).

A table is a frame or the columns it is made from (:class:`~tsunagari.columnar.Columns`);
both give the same records. The CLI prints what the library returns through these
functions, so ``--format json`` is exactly the library's table. Tuples become lists,
missing values ``null``. In CSV, text a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import sys
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import TYPE_CHECKING, cast

import numpy as np
import orjson

from .columnar import Columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "csv_pieces",
    "flat",
    "is_table",
    "json_pieces",
    "plain",
    "python_values",
    "records",
    "to_csv",
    "to_json",
]


def plain(value: object) -> object:
    """A value as plain JSON-able Python (tuples → lists, NA → None, numpy → int/float)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if value is None or _pandas_missing(value):
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, dt.datetime):  # pandas' Timestamp too
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _pandas_missing(value: object) -> bool:
    """Whether a value is pandas' NA or NaT (pandas is imported only if it is one of its)."""
    if not type(value).__module__.startswith("pandas"):
        return False
    import pandas as pd

    return value is pd.NA or value is pd.NaT


def python_values(series: pd.Series) -> list:
    """One column as Python values with missing values as None (nested tuples/dicts kept)."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.date().isoformat() for v in series]
    return series.to_numpy(dtype=object, na_value=None).tolist()


def records(frame: pd.DataFrame | Columns) -> list[dict]:
    """The rows of ``frame`` as dicts of Python values, in order (missing = None).

    Tuples and dicts inside cells are kept as they are; :func:`to_json` writes tuples as
    JSON arrays.
    """
    return [row for chunk in _record_chunks(frame, len(frame) or 1) for row in chunk]


def _record_chunks(frame: pd.DataFrame | Columns, size: int) -> Iterator[list[dict]]:
    """:func:`records` in lists of at most ``size`` rows (the columns are read once)."""
    if isinstance(frame, Columns):  # a chunk's values made as it is written (Maps' dicts)
        names = list(frame)
        for start in range(0, len(frame), size):
            values = frame.take(slice(start, start + size)).lists()
            yield list(map(dict, map(zip, repeat(names), zip(*values))))
        return
    columns = [python_values(frame[c]) for c in frame.columns]
    names = [str(c) for c in frame.columns]
    for start in range(0, len(frame), size):
        part = (column[start : start + size] for column in columns)
        yield [dict(zip(names, row)) for row in zip(*part)]


_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATETIME


def _dumps(obj: object, option: int = 0) -> bytes:
    """orjson's bytes of ``obj``: keys that are not text (rare) are written as text, by a
    second pass with the option that allows them (it slows every dict down by a fifth)."""
    try:
        return orjson.dumps(obj, default=plain, option=_OPTIONS | option)
    except orjson.JSONEncodeError:
        return orjson.dumps(obj, default=plain, option=_OPTIONS | option | orjson.OPT_NON_STR_KEYS)


_CHUNK = 20_000  # records encoded at a time: a city's JSON never sits in memory whole


def json_pieces(obj: object) -> Iterator[bytes | memoryview]:
    """UTF-8 JSON of a table or a plain object, in pieces to write one by one.

    A table — a frame, a list of records, or consecutive frames making up one table (an
    iterator, as a long computation yields them) — is a list written one record per line:
    readable, diffable, and encoded a chunk at a time, so a city's JSON never sits in memory
    whole. The line breaks go before every ``{"`` that follows ``},`` — a quote inside a
    string is always escaped, so this never touches a value (a nested list of objects merely
    gains line breaks too). A dict holding frames is written one key per line, its frames as
    tables. Anything else is indented by two spaces.
    """
    if isinstance(obj, dict) and any(is_table(v) for v in obj.values()):
        opening = b"{\n"
        for key, value in obj.items():
            yield opening + orjson.dumps(str(key)) + b": "
            if is_table(value):
                yield from _table_pieces(value)
            else:
                yield _dumps(value)
            opening = b",\n"
        yield b"\n}\n"
    elif isinstance(obj, (list, Iterator)) or is_table(obj):
        yield from _table_pieces(obj)
        yield b"\n"
    else:
        yield _dumps(obj, orjson.OPT_INDENT_2) + b"\n"


def is_table(obj: object) -> bool:
    """Whether ``obj`` is one table: columns, or a frame (pandas is not imported to ask)."""
    if isinstance(obj, Columns):
        return True
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(obj, pandas.DataFrame)


def _table_pieces(
    table: pd.DataFrame | Columns | list | Iterator[pd.DataFrame | Columns | list[dict]],
) -> Iterator[bytes | memoryview]:
    """A JSON list of the table's records, one per line (no line break after the ``]``)."""
    opening = b"[\n"
    for chunk in _chunks(table):
        text = _dumps(chunk).replace(b'},{"', b'},\n{"')
        yield opening
        yield memoryview(text)[1:-1]  # the list's brackets left out without a copy
        opening = b",\n"
    yield b"[]" if opening == b"[\n" else b"\n]"


def _chunks(table: object) -> Iterator[list]:
    """The records of a table (a frame, columns, a list of records, or an iterator of
    those), a list of at most :data:`_CHUNK` at a time, none of them empty."""
    if isinstance(table, list):
        for start in range(0, len(table), _CHUNK):
            yield table[start : start + _CHUNK]
        return
    parts = [table] if is_table(table) else cast(Iterable[object], table)
    for part in parts:
        if is_table(part):
            yield from _record_chunks(cast("pd.DataFrame | Columns", part), _CHUNK)
        elif part:  # a list of records
            yield cast(list, part)


def to_json(obj: object) -> str:
    """JSON text of a frame's records or a plain object, as :func:`json_pieces` writes it."""
    return b"".join(json_pieces(obj)).decode()


def flat(value: object) -> object:
    """A cell as one scalar: lists joined by ``;``, dicts as ``key:value;...``, NA as None."""
    value = plain(value)
    if isinstance(value, list):
        return ";".join(_inner(v) for v in value if v is not None)
    if isinstance(value, dict):
        return ";".join(f"{k}:{_inner(v)}" for k, v in value.items())
    return value


def _inner(value: object) -> str:
    value = flat(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    value = flat(value)
    if not isinstance(value, str):
        return _inner(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text: lists joined by ``;``, dicts as ``key:value;...``, formulas neutralised."""
    return "".join(csv_pieces([frame]))


def csv_pieces(frames: Iterable[pd.DataFrame]) -> Iterator[str]:
    """:func:`to_csv` of consecutive frames making up one table, a frame at a time."""
    header = True
    for frame in frames:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(frame.columns)
            header = False
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([_cell(v) for v in row])
        yield out.getvalue()
