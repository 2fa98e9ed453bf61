"""The export tables as graph files, written row by row: GEXF, GraphML and node-link JSON.

Each writer reads the node and support tables a chunk of rows at a time and writes text as
it goes: no graph, element tree, list of every row or whole file is ever held, so a city of
300,000 exports in the memory of its tables. The bytes are the ones the exports wrote
through networkx and ``json`` before (people diff these files):

* GEXF as networkx's ``GEXFWriter(prettyprint=True, version="1.2draft")`` wrote it, with
  every attribute declared first, in column order, and no ``lastmodifieddate``;
* GraphML as ``networkx.write_graphml`` wrote it with ElementTree;
* JSON as ``json.dumps(plain(data), ensure_ascii=False, indent=1)`` and a line break.

So their conventions hold: supports in a ``MultiDiGraph``'s order (by source node, then by
target in the order of the source's first tie to it, then by row), GEXF edge ids counted in
that order, GraphML keys numbered by first use and listed last first, ElementTree's
escaping (``& < > "`` and, in attribute values, CR, LF and tab as character references)
and its two-space indentation. A few column names networkx takes for its own in GEXF keep
that meaning: a node's ``label``, ``pid``, ``start``, ``end`` and a support's ``id``,
``label``, ``weight``, ``type``, ``start``, ``end`` become XML attributes (``start``/``end``
make the graph dynamic); ``parents``, ``spells`` and ``viz`` are never written as values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import version
from itertools import count, islice
from json.encoder import encode_basestring
from typing import BinaryIO

import numpy as np
import pandas as pd

from .tables import flat, plain, records

__all__ = ["write_gexf", "write_graphml", "write_node_link", "xml_cell"]

CHUNK = 10_000  # rows rendered at a time

# Characters XML 1.0 cannot hold (Excel's sheets are XML too)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_cell(value) -> str | int | float | bool:
    """A cell for GEXF, GraphML or a sheet: scalars stay, lists join with ';', missing
    becomes '', and characters XML cannot hold (control characters) are dropped."""
    if type(value) is tuple and all(type(v) is str for v in value):
        value = ";".join(value)  # as flat joins it, without its checks (needs, services)
    else:
        value = flat(value)
    if value is None:
        return ""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


# ElementTree's escaping: text, and attribute values (where line ends are kept as references)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#09;",
    }
)
_TEXT_SPECIAL = re.compile("[&<>]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')


def _text(value: str) -> str:
    return value.translate(_TEXT) if _TEXT_SPECIAL.search(value) else value


def _attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE) if _ATTRIBUTE_SPECIAL.search(value) else value


def _escaped(texts: list[str], special=_ATTRIBUTE_SPECIAL, table=_ATTRIBUTE) -> list[str]:
    """Texts escaped (as attribute values, unless told); one search of them all when, as
    usual, none needs it."""
    return [t.translate(table) for t in texts] if special.search("".join(texts)) else texts


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "xmlcharrefreplace")  # as ElementTree writes UTF-8


_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


# --- the cells of a table, as the exports hold them ------------------------------------


def _numbers(frame: pd.DataFrame) -> dict[str, str]:
    """The numeric columns of ``frame`` (booleans aside) and their GEXF type."""
    out = {}
    for column in frame.columns:
        dtype = frame[column].dtype
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            out[str(column)] = "long" if pd.api.types.is_integer_dtype(dtype) else "double"
    return out


def _keys(frame: pd.DataFrame, skip: tuple[str, ...]) -> list[tuple[str, list[str]]]:
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
    values = series.tolist()
    if number:
        return [None if gone else v for v, gone in zip(values, series.isna().tolist())]
    if series.dtype == bool:
        return values
    if all(type(v) is str for v in values) and not _NOT_XML.search("".join(values)):
        return values  # text throughout, nothing to drop: the common case, checked at once
    return [_NOT_XML.sub("", v) if type(v) is str else xml_cell(v) for v in values]


def _cells(rows: pd.DataFrame, columns: list[str], numbers: Mapping[str, str]) -> list:
    """One attribute's cells for ``rows``: of several columns, the last one holding a value."""
    lists = [_column(rows[c], c in numbers) for c in columns]
    if len(lists) == 1:
        return lists[0]
    return [next((v for v in reversed(row) if v is not None), None) for row in zip(*lists)]


def _chunks(frame: pd.DataFrame, order: np.ndarray | None = None) -> Iterator[pd.DataFrame]:
    """``frame``'s rows, :data:`CHUNK` at a time, in ``order`` (positions) if given."""
    for start in range(0, len(frame), CHUNK):
        if order is None:
            yield frame.iloc[start : start + CHUNK]
        else:
            yield frame.iloc[order[start : start + CHUNK]]


def _support_order(nodes: pd.DataFrame, supports: pd.DataFrame) -> np.ndarray:
    """Row positions of the supports in a ``MultiDiGraph``'s order: by source node, then by
    target in the order of the source's first tie to it, then by row."""
    index = pd.Index(nodes["id"])
    source = index.get_indexer(supports["source"])
    target = index.get_indexer(supports["target"])
    if len(supports) and (source.min() < 0 or target.min() < 0):
        raise ValueError("every support's source and target must be a node's id")
    pair = source.astype(np.int64) * max(len(nodes), 1) + target
    _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    rows = np.arange(len(supports))
    return np.lexsort((rows, first[inverse], source))


# --- GEXF ------------------------------------------------------------------------------

_GEXF_NODE = ("label", "pid", "start", "end")  # networkx's XML attributes of a node
_GEXF_EDGE = ("id", "label", "weight", "type", "start", "end")  # ... and of an edge
_GEXF_TAKEN = {"node": ("parents", "spells", "viz"), "edge": ("spells", "viz")}
LATE = ("load",)  # node attributes added after the others (declared last: ids unchanged)


def _declared(frame: pd.DataFrame, skip: tuple[str, ...]) -> list[tuple[str, str]]:
    """(title, GEXF type) of the attributes of ``frame``'s rows, in column order."""
    numbers = _numbers(frame)
    out = []
    for column in map(str, frame.columns):
        if column in skip or column == "name":  # the name is the label
            continue
        dtype = frame[column].dtype
        kind = "boolean" if pd.api.types.is_bool_dtype(dtype) else "string"
        out.append((column, numbers.get(column, kind)))
    return out


def _gexf_attributes(nodes: pd.DataFrame, supports: pd.DataFrame) -> list[tuple[str, list]]:
    """The ``<attributes>`` blocks as networkx lists them: (class, [(id, title, type)]).

    Every attribute is declared first, in column order (networkx declares one when a row
    first has it, so a number missing on the first node would renumber the rest); ``load``
    came after the supports' attributes were numbered, so it is declared last, and
    ``networkx_key`` is networkx's name for a support's row. A new block goes first."""
    node = _declared(nodes, ("id",))
    edge = [*_declared(supports, ("source", "target")), ("networkx_key", "long")]
    numbered = count()
    blocks: dict[str, list] = {}
    for kind, attributes in (
        ("node", [d for d in node if d[0] not in LATE]),
        ("edge", edge),
        ("node", [d for d in node if d[0] in LATE]),
    ):
        for title, attr_type in attributes:
            blocks.setdefault(kind, []).append((str(next(numbered)), title, attr_type))
    return list(reversed(blocks.items()))


def _gexf_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return _attribute(text)


def _xml_attributes(names: tuple[str, ...], cells: dict[str, list], n: int) -> list[str]:
    """Each row's `` name="value"`` for the ones of networkx's XML attributes it has."""
    columns = [
        ["" if v is None else f' {name}="{_attribute(str(v))}"' for v in cells[name]]
        for name in names
        if name in cells
    ]
    return ["".join(parts) for parts in zip(*columns)] if columns else [""] * n


def _attvalues(kind: str, keys, ids: dict[str, str], rows: pd.DataFrame, numbers) -> tuple:
    """The rows' networkx attributes by name, and each row's ``<attvalue>`` lines."""
    own = _GEXF_NODE if kind == "node" else _GEXF_EDGE
    cells = {key: _cells(rows, columns, numbers) for key, columns in keys}
    pieces = []
    for key, values in cells.items():
        if key in own or key in _GEXF_TAKEN[kind]:
            continue
        start = f'          <attvalue for="{ids[key]}" value="'
        if all(type(v) is str for v in values):
            pieces.append([f'{start}{text}" />\n' for text in _escaped(values)])
        else:
            pieces.append(["" if v is None else f'{start}{_gexf_value(v)}" />\n' for v in values])
    return cells, ["".join(parts) for parts in zip(*pieces)] if pieces else [""] * len(rows)


def _timeformat(nodes, supports, order, node_keys, edge_keys) -> tuple[str, str]:
    """The graph's mode and `` timeformat="..."`` as networkx sets them for ``start`` and
    ``end``: dynamic, timed by the type of the last such value written."""
    last = None
    for frame, keys, positions in ((nodes, node_keys, None), (supports, edge_keys, order)):
        timed = dict(k for k in keys if k[0] in ("start", "end"))
        if not timed:
            continue
        numbers = _numbers(frame)
        for rows in _chunks(frame, positions):
            none = [None] * len(rows)
            start, end = (
                _cells(rows, timed[k], numbers) if k in timed else none for k in ("start", "end")
            )
            for a, b in zip(start, end):  # networkx reads a row's start, then its end
                last = b if b is not None else a if a is not None else last
    if last is None:
        return "static", ""
    kind = "date" if isinstance(last, str) else "double" if isinstance(last, float) else "long"
    return "dynamic", f' timeformat="{kind}"'


def write_gexf(
    out: BinaryIO,
    nodes: pd.DataFrame,
    supports: pd.DataFrame,
    *,
    viz: Iterable[Mapping] | None = None,
) -> None:
    """Write GEXF 1.2 (Gephi) of the export tables to ``out``, a chunk of rows at a time.

    ``viz`` gives each node's ``color`` (r, g, b, a) and ``position`` (x, y, z), one
    mapping per node in order, read as the nodes are written.
    """
    node_keys, edge_keys = _keys(nodes, ("id",)), _keys(supports, ("source", "target"))
    order = _support_order(nodes, supports)
    blocks = _gexf_attributes(nodes, supports)
    ids = {kind: {title: i for i, title, _ in declared} for kind, declared in blocks}
    places = iter(viz) if viz is not None else None
    mode, timeformat = _timeformat(nodes, supports, order, node_keys, edge_keys)
    spaces = ' xmlns:viz="http://www.gexf.net/1.2draft/viz"' if places and len(nodes) else ""
    head = [
        _DECLARATION,
        f'<gexf{spaces} xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft'
        ' http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n',
        "  <meta>\n",
        f"    <creator>NetworkX {_text(version('networkx'))}</creator>\n",
        "  </meta>\n",
        f'  <graph defaultedgetype="directed" mode="{mode}" name=""{timeformat}>\n',
    ]
    for kind, declared in blocks:
        head.append(f'    <attributes mode="static" class="{kind}">\n')
        head += [
            f'      <attribute id="{i}" title="{_attribute(t)}" type="{k}" />\n'
            for i, t, k in declared
        ]
        head.append("    </attributes>\n")
    out.write(_encoded("".join(head)))
    _gexf_nodes(out, nodes, node_keys, ids.get("node", {}), places)
    _gexf_edges(out, nodes, supports, order, edge_keys, ids.get("edge", {}))
    out.write(b"  </graph>\n</gexf>\n")


def _gexf_nodes(out, nodes, keys, ids, places) -> None:
    if not len(nodes):
        out.write(b"    <nodes />\n")
        return
    out.write(b"    <nodes>\n")
    numbers = _numbers(nodes)
    for rows in _chunks(nodes):
        n = len(rows)
        cells, attvalues = _attvalues("node", keys, ids, rows, numbers)
        names = [str(v) for v in rows["id"].tolist()]
        labels = cells.get("label", [None] * n)
        labels = [name if v is None else str(v) for name, v in zip(names, labels)]
        if places is None:
            viz = [""] * n
        else:
            viz = [_viz(place) for place in islice(places, n)]
            if len(viz) < n:
                raise ValueError("viz must give one mapping per node")
        lines = []
        for name, label, more, inner, values in zip(
            _escaped(names),
            _escaped(labels),
            _xml_attributes(_GEXF_NODE[1:], cells, n),
            viz,
            attvalues,
        ):
            if values:
                inner += f"        <attvalues>\n{values}        </attvalues>\n"
            start = f'      <node id="{name}" label="{label}"{more}'
            lines.append(f"{start}>\n{inner}      </node>\n" if inner else f"{start} />\n")
        out.write(_encoded("".join(lines)))
    out.write(b"    </nodes>\n")


def _viz(place: Mapping) -> str:
    """A node's ``<viz:color>`` and ``<viz:position>`` lines."""
    out = ""
    color, position = place.get("color"), place.get("position")
    if color is not None:
        r, g, b, a = _escaped([str(color.get(c, 1.0 if c == "a" else None)) for c in "rgba"])
        out += f'        <viz:color r="{r}" g="{g}" b="{b}" a="{a}" />\n'
    if position is not None:
        x, y, z = _escaped([str(position.get(c)) for c in "xyz"])
        out += f'        <viz:position x="{x}" y="{y}" z="{z}" />\n'
    return out


def _gexf_edges(out, nodes, supports, order, keys, ids) -> None:
    if not len(supports):
        out.write(b"    <edges />\n")
        return
    out.write(b"    <edges>\n")
    numbers = _numbers(supports)
    given = set()  # networkx counts edge ids past the ones an ``id`` column gives
    for key, columns in keys:
        if key == "id":
            for rows in _chunks(supports):
                given |= {str(v) for v in _cells(rows, columns, numbers) if v is not None}
    counter = (str(i) for i in count() if str(i) not in given)
    row_key = f'          <attvalue for="{ids["networkx_key"]}" value="'
    for start, rows in zip(range(0, len(order), CHUNK), _chunks(supports, order)):
        n = len(rows)
        cells, attvalues = _attvalues("edge", keys, ids, rows, numbers)
        edge_ids = [next(counter) if v is None else str(v) for v in cells.get("id", [None] * n)]
        lines = [
            f'      <edge source="{source}" target="{target}" id="{edge_id}"{more}>\n'
            f'        <attvalues>\n{values}{row_key}{row}" />\n'
            "        </attvalues>\n      </edge>\n"
            for source, target, edge_id, more, values, row in zip(
                _escaped([str(v) for v in rows["source"].tolist()]),
                _escaped([str(v) for v in rows["target"].tolist()]),
                _escaped(edge_ids),
                _xml_attributes(_GEXF_EDGE[1:], cells, n),
                attvalues,
                order[start : start + n].tolist(),
            )
        ]
        out.write(_encoded("".join(lines)))
    out.write(b"    </edges>\n")


# --- GraphML ---------------------------------------------------------------------------

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _graphml_type(kind: type) -> str:
    try:
        return _GRAPHML_TYPES[kind]
    except KeyError:
        raise TypeError(f"GraphML does not support type {kind} as data values") from None


def _graphml_parts(nodes, supports, order):
    """(scope, frame, its attributes, row order) for the nodes, then the supports."""
    return (
        ("node", nodes, _keys(nodes, ("id",)), None),
        ("edge", supports, _keys(supports, ("source", "target")), order),
    )


def _graphml_keys(parts) -> dict[tuple[str, str, str], str]:
    """``{(scope, name, type): "d<n>"}`` numbered as networkx does: in order of first use,
    row by row (nodes, then supports in their order), attribute by attribute."""
    firsts: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for s, (scope, frame, keys, positions) in enumerate(parts):
        numbers = _numbers(frame)
        for offset, rows in zip(range(0, len(frame), CHUNK), _chunks(frame, positions)):
            for k, (key, columns) in enumerate(keys):
                kinds = list(map(type, _cells(rows, columns, numbers)))
                for kind in set(kinds) - {type(None)}:
                    first = (s, offset + kinds.index(kind), k)
                    firsts.setdefault((scope, key, _graphml_type(kind)), first)
    ordered = sorted(firsts, key=firsts.__getitem__)
    return {key: f"d{i}" for i, key in enumerate(ordered)}


def write_graphml(out: BinaryIO, nodes: pd.DataFrame, supports: pd.DataFrame) -> None:
    """Write GraphML of the export tables to ``out``, a chunk of rows at a time.

    The keys come first in the file, so the tables are read twice: once to number the keys
    (each attribute and type, in order of first use), once to write the rows.
    """
    order = _support_order(nodes, supports)
    parts = _graphml_parts(nodes, supports, order)
    ids = _graphml_keys(parts)
    head = [
        _DECLARATION,
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    head += [
        f'  <key id="{i}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{kind}" />\n'
        for (scope, name, kind), i in reversed(ids.items())
    ]
    if not len(nodes) and not len(supports):
        head.append('  <graph edgedefault="directed" />\n</graphml>\n')
        out.write(_encoded("".join(head)))
        return
    head.append('  <graph edgedefault="directed">\n')
    out.write(_encoded("".join(head)))
    for scope, frame, keys, positions in parts:
        numbers = _numbers(frame)
        for offset, rows in zip(range(0, len(frame), CHUNK), _chunks(frame, positions)):
            pieces = [
                _graphml_data(scope, key, ids, _cells(rows, columns, numbers))
                for key, columns in keys
            ]
            data = ["".join(parts) for parts in zip(*pieces)] if pieces else [""] * len(rows)
            if scope == "node":
                starts = [f'    <node id="{_attribute(str(n))}"' for n in rows["id"].tolist()]
            else:
                ends = zip(rows["source"].tolist(), rows["target"].tolist(), positions[offset:])
                starts = [
                    f'    <edge source="{_attribute(str(a))}" target="{_attribute(str(b))}"'
                    f' id="{row}"'
                    for a, b, row in ends
                ]
            out.write(
                _encoded(
                    "".join(
                        f"{start}>\n{inner}    </{scope}>\n" if inner else f"{start} />\n"
                        for start, inner in zip(starts, data)
                    )
                )
            )
    out.write(b"  </graph>\n</graphml>\n")


def _graphml_data(scope: str, key: str, ids: dict, values: list) -> list[str]:
    """Each row's ``<data>`` line of one attribute ('' where it has none)."""
    if all(type(v) is str for v in values):  # text throughout: one key
        start = f'      <data key="{ids.get((scope, key, "string"))}"'
        return [f"{start}>{_text(v)}</data>\n" if v else f"{start} />\n" for v in values]
    out = []
    for v in values:
        text = "" if v is None else _text(str(v))
        start = "" if v is None else f'      <data key="{ids[scope, key, _graphml_type(type(v))]}"'
        out.append(f"{start}>{text}</data>\n" if text else f"{start} />\n" if start else "")
    return out


# --- node-link JSON --------------------------------------------------------------------


def write_node_link(out: BinaryIO, nodes: pd.DataFrame, supports: pd.DataFrame) -> None:
    """Write node-link JSON of the export tables to ``out``, a chunk of records at a time:
    ``{"directed", "multigraph", "nodes", "links"}``, one value per line (indent 1)."""
    out.write(b'{\n "directed": true,\n "multigraph": true,\n "nodes": ')
    _json_list(out, nodes)
    out.write(b',\n "links": ')
    _json_list(out, supports)
    out.write(b"\n}\n")


def _json_list(out: BinaryIO, frame: pd.DataFrame) -> None:
    """The frame's records as a JSON list at depth one, a chunk at a time, built column by
    column (each record's fields on lines of their own, three spaces in)."""
    if not len(frame):
        out.write(b"[]")
        return
    opening = "[\n"
    for rows in _chunks(frame):
        chunk = records(rows)
        names = [f"   {encode_basestring(k)}: " for k in chunk[0]]
        columns = zip(*(record.values() for record in chunk))
        fields = [
            [name + text for text in map(encode_basestring, column)]
            if all(type(v) is str for v in column)
            else [name + _json_value(v) for v in column]
            for name, column in zip(names, columns)
        ]
        lines = ["  {\n" + ",\n".join(row) + "\n  }" for row in zip(*fields)] if names else []
        text = ",\n".join(lines or ["  {}"] * len(chunk))
        out.write((opening + text).encode("utf-8"))
        opening = ",\n"
    out.write(b"\n ]")


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
