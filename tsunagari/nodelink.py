"""The export tables as node-link JSON, written a chunk of records at a time.

The bytes are the ones ``json.dumps(..., ensure_ascii=False, indent=1)`` wrote before of
``{"directed", "multigraph", "nodes", "links"}`` with the tables' records (people diff these
files): each record's fields in column order, one value per line.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, BinaryIO

from .columnar import Columns
from .graphfiles import chunks
from .tables import plain, python_values

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_node_link"]


def write_node_link(
    out: BinaryIO, nodes: pd.DataFrame | Columns, supports: pd.DataFrame | Columns
) -> None:
    """Write node-link JSON of the export tables to ``out``, a chunk of records at a time:
    ``{"directed", "multigraph", "nodes", "links"}``, one value per line (indent 1)."""
    out.write(b'{\n "directed": true,\n "multigraph": true,\n "nodes": ')
    _json_list(out, nodes)
    out.write(b',\n "links": ')
    _json_list(out, supports)
    out.write(b"\n}\n")


def _json_list(out: BinaryIO, table: pd.DataFrame | Columns) -> None:
    """The table's records as a JSON list at depth one, a chunk at a time, built column by
    column (each record's fields on lines of their own, three spaces in): each column's
    values are encoded in one pass, then each record is one ``%`` of a template holding
    the field names."""
    if not len(table):
        out.write(b"[]")
        return
    names = list(table.columns) if not isinstance(table, Columns) else list(table)
    fields = (f"   {encode_basestring(str(c)).replace('%', '%%')}: %s" for c in names)
    record = "  {\n" + ",\n".join(fields) + "\n  }" if names else "  {}"
    opening = "[\n"
    for rows in chunks(table):
        if isinstance(rows, Columns):
            values = rows.lists()
        else:
            values = [python_values(rows[c]) for c in rows.columns]
        columns = [list(_json_column(column)) for column in values]
        text = ",\n".join(map(record.__mod__, zip(*columns)) if columns else [record] * len(rows))
        out.write((opening + text).encode("utf-8"))
        opening = ",\n"
    out.write(b"\n ]")


def _json_column(values: Sequence) -> Iterable[str]:
    """:func:`_json_value` of each value; a column of text or of integers (the usual
    ones) in one pass."""
    kinds = {*map(type, values)}
    if kinds <= {str}:
        return map(encode_basestring, values)
    if kinds <= {int}:  # bool is a type of its own, so never taken for an int here
        return map(int.__repr__, values)
    return map(_json_value, values)


def _json_value(value) -> str:
    """``value`` as ``json.dumps(plain(value), ensure_ascii=False, indent=1)`` writes it at
    a record's depth (three spaces); text, numbers and lists of text without the encoder's
    Python loop."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if kind is tuple and all(type(v) is str for v in value):
        items = ",\n    ".join(map(encode_basestring, value))
        return f"[\n    {items}\n   ]" if value else "[]"
    return json.dumps(plain(value), ensure_ascii=False, indent=1).replace("\n", "\n   ")
