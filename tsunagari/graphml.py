"""The export tables as GraphML, written a chunk of rows at a time.

The bytes are the ones networkx's ``write_graphml`` (with ElementTree) wrote before (people
diff these files). So its conventions hold: keys numbered by first use (row by row, nodes
then supports, attribute by attribute) and listed last first, each attribute's key by the
type of its value, and :mod:`.graphfiles`' order of the supports, escaping and indentation.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from .columnar import Columns
from .graphfiles import (
    attribute_cells,
    attribute_columns,
    encoded,
    escaped_attribute,
    escaped_ids,
    escaped_text,
    first_types,
    graph_table,
    in_every_row,
    interleaved,
    numbered_chunks,
    spelt_once,
    support_order,
    value_types,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_graphml"]

_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}  # by value


def _keys(parts) -> dict[tuple[str, str, str], str]:
    """``{(scope, name, type): "d<n>"}`` numbered as networkx does: in order of first use,
    row by row (nodes, then supports in their order), attribute by attribute."""
    firsts: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for s, (scope, frame, keys, positions) in enumerate(parts):
        types = value_types(frame)
        for offset, rows in numbered_chunks(frame, positions):
            for k, (key, columns) in enumerate(keys):
                for kind, row in first_types(rows, columns, types).items():
                    if kind is not type(None):
                        firsts.setdefault((scope, key, _TYPES[kind]), (s, offset + row, k))
    ordered = sorted(firsts, key=firsts.__getitem__)
    return {key: f"d{i}" for i, key in enumerate(ordered)}


def write_graphml(
    out: BinaryIO,
    nodes: pd.DataFrame | Columns,
    supports: pd.DataFrame | Columns,
    *,
    ends: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Write GraphML of the export tables (frames or columns) to ``out``, a chunk of rows
    at a time; ``ends``, if known, are each support's source and target as positions of the
    nodes' rows (:func:`~tsunagari.graphfiles.support_order`).

    The keys come first in the file, so the tables are read twice: once to number the keys
    (each attribute and type, in order of first use), once to write the rows.
    """
    nodes, supports = graph_table(nodes), graph_table(supports)
    order = support_order(nodes, supports, ends)
    parts: tuple = (  # (scope, table, its attributes, row order)
        ("node", nodes, attribute_columns(nodes, ("id",)), None),
        ("edge", supports, attribute_columns(supports, ("source", "target")), order),
    )
    ids = _keys(parts)
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    head += [
        f'  <key id="{i}" for="{scope}" attr.name="{escaped_attribute(name)}"'
        f' attr.type="{kind}" />\n'
        for (scope, name, kind), i in reversed(ids.items())
    ]
    empty = not len(nodes) and not len(supports)
    head.append(
        '  <graph edgedefault="directed" />\n' if empty else '  <graph edgedefault="directed">\n'
    )
    out.write(encoded("".join(head)))
    for scope, frame, keys, positions in parts:
        types = value_types(frame)
        for offset, rows in numbered_chunks(frame, positions):
            pieces = [
                _data(scope, key, ids, attribute_cells(rows, columns, types))
                for key, columns in keys
            ]
            if scope == "node":
                starts = [f'    <node id="{n}"' for n in escaped_ids(rows, "id")]
            else:
                named = (escaped_ids(rows, end) for end in ("source", "target"))
                at = positions[offset : offset + len(rows)].tolist()
                starts = [
                    f'    <edge source="{a}" target="{b}" id="{i}"' for a, b, i in zip(*named, at)
                ]
            if in_every_row(pieces):  # every row has <data>: one join
                opened = [f"{start}>\n" for start in starts]
                text = interleaved(opened, *pieces, [f"    </{scope}>\n"] * len(rows))
            else:
                data = ["".join(row) for row in zip(*pieces)] if pieces else [""] * len(rows)
                text = "".join(
                    f"{s}>\n{inner}    </{scope}>\n" if inner else f"{s} />\n"
                    for s, inner in zip(starts, data)
                )
            out.write(encoded(text))
    out.write(b"</graphml>\n" if empty else b"  </graph>\n</graphml>\n")


def _data(scope: str, key: str, ids: dict, values: list) -> list[str]:
    """Each row's ``<data>`` line of one attribute ('' where it has none)."""
    kinds = {*map(type, values)}
    if kinds <= {str}:  # text throughout: one key
        start = f'      <data key="{ids.get((scope, key, "string"))}"'
        return spelt_once(escaped_text(values), partial(_text_line, start))
    if str not in kinds:  # numbers and booleans, as str spells them: nothing to escape
        starts = {
            kind: f'      <data key="{ids[scope, key, _TYPES[kind]]}">'
            for kind in kinds - {type(None)}
        }
        return ["" if v is None else f"{starts[type(v)]}{v}</data>\n" for v in values]
    out = []
    for v in values:
        text = "" if v is None else escaped_text([str(v)])[0]
        start = "" if v is None else f'      <data key="{ids[scope, key, _TYPES[type(v)]]}"'
        out.append(f"{start}>{text}</data>\n" if text else f"{start} />\n" if start else "")
    return out


def _text_line(start: str, text: str) -> str:
    """A ``<data>`` line of escaped ``text`` after its ``start`` (empty: no content)."""
    return f"{start}>{text}</data>\n" if text else f"{start} />\n"
