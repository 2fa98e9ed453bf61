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
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from .cells import xml_cells
from .columnar import Columns, plain_list

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
    "numbered_chunks",
    "numeric_columns",
    "support_order",
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


def escaped_ids(rows: pd.DataFrame, column: str) -> list[str]:
    """A column of ids, as text escaped for an attribute."""
    return escaped(list(map(str, rows[column].tolist())))


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "xmlcharrefreplace")  # as ElementTree writes UTF-8


# --- the cells of a table, as the exports hold them ------------------------------------


def numeric_columns(frame: pd.DataFrame) -> dict[str, str]:
    """The numeric columns of ``frame`` (booleans aside) and their type, ``long`` or
    ``double`` (as GEXF and GraphML name them)."""
    import pandas as pd

    out = {}
    for column in frame.columns:
        dtype = frame[column].dtype
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            out[str(column)] = "long" if pd.api.types.is_integer_dtype(dtype) else "double"
    return out


def attribute_columns(frame: pd.DataFrame, skip: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Each attribute of a row and the columns giving it, in order: a column's name, but the
    name column is the ``label`` (a ``label`` column of its own then gives it instead)."""
    out: dict[str, list[str]] = {}
    for column in map(str, frame.columns):
        if column not in skip:
            out.setdefault("label" if column == "name" else column, []).append(column)
    return list(out.items())


def _column(series: pd.Series, number: bool) -> list:
    """One column's cells: a number as int or float (None when missing, so that the
    attribute is left out and the column keeps one type), anything else as :func:`xml_cell`."""
    if series.dtype.kind == "M":  # days: ISO dates, missing as ''
        return ["" if day is None else day for day in plain_list(series.to_numpy())]
    values = series.tolist()
    if number:
        return [None if gone else v for v, gone in zip(values, series.isna().tolist())]
    if series.dtype == bool:
        return values
    return xml_cells(values)


def attribute_cells(rows: pd.DataFrame, columns: list[str], numbers: Mapping[str, str]) -> list:
    """One attribute's cells for ``rows``: of several columns, the last one holding a value;
    ``numbers`` are the table's :func:`numeric_columns`."""
    lists = [_column(rows[c], c in numbers) for c in columns]
    if len(lists) == 1:
        return lists[0]
    return [next((v for v in reversed(row) if v is not None), None) for row in zip(*lists)]


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


def support_order(nodes: pd.DataFrame, supports: pd.DataFrame) -> np.ndarray:
    """Row positions of the supports in a ``MultiDiGraph``'s order: by source node, then by
    target in the order of the source's first tie to it, then by row."""
    import pandas as pd

    index = pd.Index(nodes["id"])
    source = index.get_indexer(supports["source"])
    target = index.get_indexer(supports["target"])
    if len(supports) and (source.min() < 0 or target.min() < 0):
        raise ValueError("every support's source and target must be a node's id")
    pair = source.astype(np.int64) * max(len(nodes), 1) + target
    _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    return np.lexsort((np.arange(len(supports)), first[inverse], source))
