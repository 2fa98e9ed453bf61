"""The export tables' rows as the graph files (:mod:`.gexf`, :mod:`.graphml`) hold them.

Both files are written a chunk of rows at a time: no graph, element tree, list of every row
or whole file is ever held, so a city of 300,000 exports in the memory of its tables. Their
bytes are the ones networkx wrote before (people diff these files), so networkx's shared
conventions hold here: supports in a ``MultiDiGraph``'s order (by source node, then by
target in the order of the source's first tie to it, then by row), ElementTree's escaping
(``& < > "``, and in attribute values CR, LF and tab as character references), its UTF-8
(a character it cannot encode as a reference) and its two-space indentation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .cells import xml_cells
from .columnar import Column, Columns, Nullable, from_frame, plain_list

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHUNK",
    "Table",
    "attribute_cells",
    "attribute_columns",
    "chunks",
    "encoded",
    "escaped",
    "escaped_attribute",
    "escaped_ids",
    "escaped_text",
    "first_types",
    "graph_table",
    "in_every_row",
    "interleaved",
    "numbered_chunks",
    "spelt_once",
    "support_order",
    "value_types",
]

CHUNK = 10_000  # rows rendered at a time
Table = TypeVar("Table", "pd.DataFrame", Columns)

# ElementTree's escaping: text, and attribute values (where line ends are kept as references)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = _TEXT | str.maketrans({'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})
_TEXT_SPECIAL, _ATTRIBUTE_SPECIAL = re.compile("[&<>]"), re.compile('[&<>"\r\n\t]')


def escaped_attribute(value: str) -> str:
    """``value`` escaped for an attribute."""
    return value.translate(_ATTRIBUTE) if _ATTRIBUTE_SPECIAL.search(value) else value


def escaped(texts: list[str]) -> list[str]:
    """Texts escaped for attributes; one search if, as usual, none needs it."""
    return _escaped(texts, _ATTRIBUTE_SPECIAL, _ATTRIBUTE)


def escaped_text(texts: list[str]) -> list[str]:
    """Texts escaped as an element's text; one search if, as usual, none needs it."""
    return _escaped(texts, _TEXT_SPECIAL, _TEXT)


def _escaped(texts: list[str], special: re.Pattern, table: dict[int, str]) -> list[str]:
    return [t.translate(table) for t in texts] if special.search("".join(texts)) else texts


def escaped_ids(rows: Columns, column: str) -> list[str]:
    """A column of ids, as text escaped for an attribute."""
    return escaped(list(map(str, plain_list(rows[column]))))


def interleaved(*columns: list[str]) -> str:
    """The columns' strings row by row: the first row's of every column, then the
    second's... (one join for all rows)."""
    return "".join(chain.from_iterable(zip(*columns)))


def spelt_once(values: list, spell: Callable[[Any], str]) -> list[str]:
    """``spell`` of each value, made once per distinct value when they repeat (fewer
    distinct values than half the rows: kinds, codes, districts, days) and no two values
    spelt apart are one key (``True``, ``1`` and ``1.0`` are)."""
    distinct = set(values)
    if len(distinct) < len(values) // 2 and _keys_apart(values, distinct):
        made = {v: spell(v) for v in distinct}
        return list(map(made.__getitem__, values))
    return list(map(spell, values))


def _keys_apart(values: list, distinct: set) -> bool:
    """Whether values of different types never share a key: text throughout (seen in the
    distinct values: text equals text only), or whole numbers and None, or booleans."""
    if {*map(type, distinct)} <= {str}:
        return True
    kinds = {*map(type, values)}  # a number may hide behind an equal one in ``distinct``
    return kinds <= {int, type(None)} or kinds <= {bool}


def in_every_row(columns: list[list[str]]) -> bool:
    """Whether some column of lines has one in every row (none is '')."""
    return any("" not in lines for lines in columns)


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "xmlcharrefreplace")  # as ElementTree writes UTF-8


# --- the cells of a table, as the exports hold them ------------------------------------


def graph_table(table: pd.DataFrame | Columns) -> Columns:
    """An export table as the writers read it: columns as given, a frame's columns as
    :func:`~tsunagari.columnar.from_frame` holds them, but pandas' own values where numpy's
    would be written otherwise (categories, time spans, times in a zone)."""
    if isinstance(table, Columns):
        return table
    import pandas as pd

    columns = from_frame(table)
    out: dict[str, Column] = {}
    for name in table.columns:
        series = table[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):  # as its own text, NaT too
            out[str(name)] = list(map(str, series.tolist()))
        elif isinstance(series.dtype, pd.CategoricalDtype) or series.dtype.kind == "m":
            out[str(name)] = series.tolist()  # the categories' own values, pandas' spans
        else:
            out[str(name)] = columns[name]
    return Columns(out, columns.text)


def value_type(column: Column) -> str:
    """The GEXF and GraphML type of a column's values by what it holds: ``long``,
    ``double``, ``boolean`` or ``string`` (days among them: written as ISO dates)."""
    if isinstance(column, Nullable):
        return "boolean" if column.values.dtype == bool else "long"
    kind = column.dtype.kind if isinstance(column, np.ndarray) else "O"
    return {"b": "boolean", "i": "long", "u": "long", "f": "double", "c": "double"}.get(
        kind, "string"
    )


def value_types(table: Columns) -> dict[str, str]:
    """:func:`value_type` of each column of ``table``."""
    return {name: value_type(table[name]) for name in table}


def attribute_columns(table: Columns, skip: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Each attribute of a row and the columns giving it, in order: a column's name, but the
    name column is the ``label`` (a ``label`` column of its own then gives it instead)."""
    out: dict[str, list[str]] = {}
    for column in table:
        if column not in skip:
            out.setdefault("label" if column == "name" else column, []).append(column)
    return list(out.items())


def _column(column: Column, kind: str) -> list:
    """One column's cells: a number as int or float (None when missing, so that the
    attribute is left out and the column keeps one type), a boolean as it is, a day as its
    ISO date ('' when missing), anything else as :func:`xml_cell`."""
    dtype = column.dtype.kind if isinstance(column, np.ndarray) else ""
    if dtype == "M":
        return plain_list(column, no_day="")
    values = plain_list(column)  # a Nullable's missing values are None
    if dtype in ("f", "c"):  # NaN is missing
        missing = np.isnan(np.asarray(column)).tolist()
        return [None if gone else v for v, gone in zip(values, missing)]
    if kind in ("long", "double") or dtype == "b":
        return values
    return xml_cells(values)  # a Nullable's booleans too: missing as ''


def attribute_cells(rows: Columns, columns: list[str], types: Mapping[str, str]) -> list:
    """One attribute's cells for ``rows``: of several columns, the last one holding a value;
    ``types`` are the table's :func:`value_types`."""
    lists = [_column(rows[c], types[c]) for c in columns]
    if len(lists) == 1:
        return lists[0]
    return [next((v for v in reversed(row) if v is not None), None) for row in zip(*lists)]


_TOLD = {"i": int, "u": int, "b": bool, "M": str}  # a column's dtype kind: its cells' type


def first_types(rows: Columns, columns: list[str], types: Mapping[str, str]) -> dict[type, int]:
    """The type of each of an attribute's cells (:func:`attribute_cells`) and the row where
    it first appears: read off the column where that is enough (whole numbers, booleans,
    days, or text throughout), the cells made otherwise."""
    column = rows[columns[0]] if len(columns) == 1 and len(rows) else None
    if isinstance(column, np.ndarray) and column.dtype.kind in _TOLD:
        return {_TOLD[column.dtype.kind]: 0}
    if isinstance(column, np.ndarray) and column.dtype == object:
        if {*map(type, column.tolist())} == {str}:  # text stays text
            return {str: 0}
    kinds = list(map(type, attribute_cells(rows, columns, types)))
    return {kind: kinds.index(kind) for kind in set(kinds)}


# --- rows in order, a chunk at a time --------------------------------------------------


def numbered_chunks(frame: Table, order: np.ndarray | None = None) -> Iterator[tuple[int, Table]]:
    """``frame``'s rows (a frame's or columns'), :data:`CHUNK` at a time, in ``order``
    (positions) if given, each chunk after the number of rows before it."""
    for start in range(0, len(frame), CHUNK):
        rows = slice(start, start + CHUNK) if order is None else order[start : start + CHUNK]
        yield start, frame.take(rows) if isinstance(frame, Columns) else frame.iloc[rows]


def chunks(frame: Table, order: np.ndarray | None = None) -> Iterator[Table]:
    """``frame``'s rows, :data:`CHUNK` at a time, in ``order`` (positions) if given."""
    return (rows for _, rows in numbered_chunks(frame, order))


def support_order(
    nodes: Columns, supports: Columns, ends: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """Row positions of the supports in a ``MultiDiGraph``'s order: by source node, then by
    target in the order of the source's first tie to it, then by row. ``ends``, if given,
    are each support's source and target as positions of ``nodes``' rows (a network's
    ``source_index`` and ``target_index``): the ids are then not looked up."""
    n, m = len(nodes), len(supports)
    if ends is None:
        ids = plain_list(nodes["id"])
        index = dict(zip(ids, range(n)))
        if len(index) < n:
            raise ValueError("every node's id must be its own")
        try:
            source, target = (
                np.fromiter(map(index.__getitem__, plain_list(supports[end])), np.int64, m)
                for end in ("source", "target")
            )
        except KeyError:
            raise ValueError("every support's source and target must be a node's id") from None
    else:
        if not len(ends[0]) == len(ends[1]) == m:
            raise ValueError("ends must give every support's source and target")
        source, target = np.asarray(ends[0], dtype=np.int64), ends[1]
    # rows sorted by pair (stably: a pair's rows in order), then by source and the pair's
    # first row; each array dropped once used, so a city's supports cost a few at a time
    pair = source * max(n, 1) + target
    del target, ends
    by_pair = np.argsort(pair, kind="stable")
    pair = pair[by_pair]
    starts = np.empty(m, dtype=bool)
    starts[:1] = True
    np.not_equal(pair[1:], pair[:-1], out=starts[1:])
    del pair
    key = np.cumsum(starts)
    key -= 1
    key = by_pair[starts][key]  # in the pairs' order, each row's pair's first row
    del starts
    key += source[by_pair] * max(m, 1)
    del source
    return by_pair[np.argsort(key, kind="stable")]
