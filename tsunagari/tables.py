"""Frames to text: JSON records, CSV and aligned terminal tables.

The CLI prints what the library returns through these functions, so ``--format json`` is
exactly the library's table. Tuples become lists, missing values ``null``. In CSV, cells a
spreadsheet would run as a formula (starting with ``= + - @``) are neutralised with a
leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import unicodedata
from collections.abc import Sequence

import numpy as np
import orjson
import pandas as pd

__all__ = ["plain", "records", "to_csv", "to_json", "to_text", "width"]


def plain(value):
    """A value as plain JSON-able Python (tuples → lists, NA → None, numpy → int/float)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
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


def _column(series: pd.Series) -> list:
    """One column as Python values with missing values as None (nested tuples/dicts kept)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.date().isoformat() for v in series]
    return series.to_numpy(dtype=object, na_value=None).tolist()


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as dicts of Python values, in order (missing = None).

    Tuples and dicts inside cells are kept as they are; :func:`to_json` writes tuples as
    JSON arrays.
    """
    columns = [_column(frame[c]) for c in frame.columns]
    names = [str(c) for c in frame.columns]
    return [dict(zip(names, row)) for row in zip(*columns)]


_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATETIME


def to_json(obj) -> str:
    """JSON text (UTF-8, Japanese unescaped) of a frame's records or a plain object.

    A list of records is written one record per line: readable, diffable, and encoded in a
    single pass. The line breaks go before every ``{"`` that follows ``},`` — a quote
    inside a string is always escaped, so this never touches a value (a nested list of
    objects merely gains line breaks too). Anything else is indented by two spaces.
    """
    data = records(obj) if isinstance(obj, pd.DataFrame) else obj
    if isinstance(data, list):
        if not data:
            return "[]\n"
        text = orjson.dumps(data, default=plain, option=_OPTIONS)
        return (b"[\n" + text[1:-1].replace(b'},{"', b'},\n{"') + b"\n]\n").decode()
    text = orjson.dumps(data, default=plain, option=_OPTIONS | orjson.OPT_INDENT_2)
    return text.decode() + "\n"


def _cell(value) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}:{_cell(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text: lists joined by ``;``, dicts as ``key:value;...``, formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def width(text: str) -> int:
    """Columns a string takes in a terminal (East Asian wide characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_text(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """An aligned plain-text table; the last column is left unpadded."""
    all_rows = [list(headers), *[list(r) for r in rows]]
    widths = [max(width(r[i]) for r in all_rows) for i in range(len(headers))]
    lines = []
    for r in all_rows:
        cells = [c + " " * (widths[i] - width(c)) for i, c in enumerate(r[:-1])]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
