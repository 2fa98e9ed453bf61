"""The export tables as GEXF and GraphML, written a chunk of rows at a time.

No graph, element tree, list of every row or whole file is ever held, so a city of 300,000
exports in the memory of its tables. The bytes are the ones networkx wrote before (people
diff these files): GEXF as ``GEXFWriter(prettyprint=True, version="1.2draft")`` with every
attribute declared first and no ``lastmodifieddate``, GraphML as ``write_graphml`` with
ElementTree. So their conventions hold: supports in a ``MultiDiGraph``'s order (by source
node, then by target in the order of the source's first tie to it, then by row), GEXF edge
ids counted in that order, GraphML keys numbered by first use and listed last first,
ElementTree's escaping (``& < > "``, and in attribute values CR, LF and tab as character
references) and its two-space indentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import version
from itertools import count, islice
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import numpy as np

from .cells import all_text, xml_cells
from .columnar import Columns, plain_list

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHUNK", "Table", "chunks", "write_gexf", "write_graphml"]

CHUNK = 10_000  # rows rendered at a time
Table = TypeVar("Table", "pd.DataFrame", Columns)

# ElementTree's escaping: text, and attribute values (where line ends are kept as references)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = _TEXT | str.maketrans({'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})
_TEXT_SPECIAL, _ATTRIBUTE_SPECIAL = re.compile("[&<>]"), re.compile('[&<>"\r\n\t]')


def _attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE) if _ATTRIBUTE_SPECIAL.search(value) else value


def _escaped(texts: list[str], special=_ATTRIBUTE_SPECIAL, table=_ATTRIBUTE) -> list[str]:
    """Texts escaped (as attribute values, unless told); one search if, as usual, none needs it."""
    return [t.translate(table) for t in texts] if special.search("".join(texts)) else texts


def _ids(rows: pd.DataFrame, column: str) -> list[str]:
    """A column of ids, as text escaped for an attribute."""
    return _escaped(list(map(str, rows[column].tolist())))


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "xmlcharrefreplace")  # as ElementTree writes UTF-8


# --- the cells of a table, as the exports hold them ------------------------------------


def _numbers(frame: pd.DataFrame) -> dict[str, str]:
    """The numeric columns of ``frame`` (booleans aside) and their GEXF type."""
    import pandas as pd

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
    if series.dtype.kind == "M":  # days: ISO dates, missing as ''
        return ["" if day is None else day for day in plain_list(series.to_numpy())]
    values = series.tolist()
    if number:
        return [None if gone else v for v, gone in zip(values, series.isna().tolist())]
    if series.dtype == bool:
        return values
    return xml_cells(values)


def _cells(rows: pd.DataFrame, columns: list[str], numbers: Mapping[str, str]) -> list:
    """One attribute's cells for ``rows``: of several columns, the last one holding a value."""
    lists = [_column(rows[c], c in numbers) for c in columns]
    if len(lists) == 1:
        return lists[0]
    return [next((v for v in reversed(row) if v is not None), None) for row in zip(*lists)]


def chunks(frame: Table, order: np.ndarray | None = None) -> Iterator[Table]:
    """``frame``'s rows, :data:`CHUNK` at a time, in ``order`` (positions) if given."""
    for start in range(0, len(frame), CHUNK):
        rows = slice(start, start + CHUNK) if order is None else order[start : start + CHUNK]
        yield frame.take(rows) if isinstance(frame, Columns) else frame.iloc[rows]


def _support_order(nodes: pd.DataFrame, supports: pd.DataFrame) -> np.ndarray:
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


# --- GEXF ------------------------------------------------------------------------------

# Columns networkx takes for its own in GEXF: XML attributes of a node or an edge (start and
# end make the graph dynamic), and its structures, never written as values
_GEXF_NODE = ("label", "pid", "start", "end")
_GEXF_EDGE = ("id", "label", "weight", "type", "start", "end")
_GEXF_TAKEN = {"node": ("parents", "spells", "viz"), "edge": ("spells", "viz")}
LATE = ("load",)  # node attributes added after the others (declared last: ids unchanged)


def _declared(frame: pd.DataFrame, skip: tuple[str, ...]) -> list[tuple[str, str]]:
    """(title, GEXF type) of the attributes of ``frame``'s rows, in column order."""
    import pandas as pd

    numbers, kinds = _numbers(frame), frame.dtypes.map(pd.api.types.is_bool_dtype)
    kinds = {str(c): "boolean" if b else "string" for c, b in kinds.items()}
    skip = (*skip, "name")  # the name is the label
    return [(c, numbers.get(c, kinds[c])) for c in map(str, frame.columns) if c not in skip]


def _gexf_attributes(nodes: pd.DataFrame, supports: pd.DataFrame) -> list[tuple[str, list]]:
    """The ``<attributes>`` blocks as networkx lists them: (class, [(id, title, type)]), all
    in column order, but ``load`` (added later) last; ``networkx_key`` is a support's row.
    A new block goes first."""
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
    if isinstance(value, float):  # networkx's spelling of infinity and NaN
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
        kinds = {*map(type, values)}
        if kinds <= {str}:
            pieces.append([f'{start}{text}" />\n' for text in _escaped(values)])
        elif kinds <= {int, type(None)}:  # counts: nothing to spell or escape
            pieces.append(["" if v is None else f'{start}{v}" />\n' for v in values])
        else:
            pieces.append(["" if v is None else f'{start}{_gexf_value(v)}" />\n' for v in values])
    return cells, ["".join(parts) for parts in zip(*pieces)] if pieces else [""] * len(rows)


def _timeformat(nodes, supports, order, node_keys, edge_keys) -> tuple[str, str]:
    """The graph's mode and `` timeformat="..."`` as networkx sets them for ``start`` and
    ``end``: dynamic, timed by the type of the last such value written."""
    last = None
    for frame, keys, positions in ((nodes, node_keys, None), (supports, edge_keys, order)):
        timed = [c for name in ("start", "end") for k, c in keys if k == name]  # in that order
        for rows in chunks(frame, positions) if timed else ():
            for row in zip(*(_cells(rows, columns, _numbers(frame)) for columns in timed)):
                last = next((v for v in reversed(row) if v is not None), last)
    if last is None:
        return "static", ""
    kind = "date" if isinstance(last, str) else "double" if isinstance(last, float) else "long"
    return "dynamic", f' timeformat="{kind}"'


def write_gexf(
    out: BinaryIO, nodes: pd.DataFrame, supports: pd.DataFrame, *, viz: Iterable | None = None
) -> None:
    """Write GEXF 1.2 (Gephi) of the export tables to ``out``, a chunk of rows at a time.

    ``viz`` (an iterable of mappings, one per node in order, read as the nodes are written)
    gives each node's ``color`` (r, g, b, a) and ``position`` (x, y, z).
    """
    node_keys, edge_keys = _keys(nodes, ("id",)), _keys(supports, ("source", "target"))
    order = _support_order(nodes, supports)
    blocks = _gexf_attributes(nodes, supports)
    ids = {kind: {title: i for i, title, _ in declared} for kind, declared in blocks}
    places = iter(viz) if viz is not None else None
    mode, timeformat = _timeformat(nodes, supports, order, node_keys, edge_keys)
    spaces = ' xmlns:viz="http://www.gexf.net/1.2draft/viz"' if places and len(nodes) else ""
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<gexf{spaces} xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft'
        ' http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n',
        "  <meta>\n",
        f"    <creator>NetworkX {version('networkx')}</creator>\n",
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
    for rows in chunks(nodes):
        n = len(rows)
        cells, attvalues = _attvalues("node", keys, ids, rows, numbers)
        names = list(map(str, rows["id"].tolist()))  # escaped below, with the labels
        labels = cells.get("label", [None] * n)
        labels = [name if v is None else str(v) for name, v in zip(names, labels)]
        viz = [""] * n if places is None else [_viz(place) for place in islice(places, n)]
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
    given = {  # networkx counts edge ids past the ones an ``id`` column gives
        str(v)
        for key, columns in keys
        if key == "id"
        for rows in chunks(supports)
        for v in _cells(rows, columns, numbers)
        if v is not None
    }
    counter = (str(i) for i in count() if str(i) not in given)
    row_key = f'          <attvalue for="{ids["networkx_key"]}" value="'
    for start, rows in zip(range(0, len(order), CHUNK), chunks(supports, order)):
        n = len(rows)
        cells, attvalues = _attvalues("edge", keys, ids, rows, numbers)
        edge_ids = [next(counter) if v is None else str(v) for v in cells.get("id", [None] * n)]
        lines = [
            f'      <edge source="{source}" target="{target}" id="{edge_id}"{more}>\n'
            f'        <attvalues>\n{values}{row_key}{row}" />\n'
            "        </attvalues>\n      </edge>\n"
            for source, target, edge_id, more, values, row in zip(
                _ids(rows, "source"),
                _ids(rows, "target"),
                _escaped(edge_ids),
                _xml_attributes(_GEXF_EDGE[1:], cells, n),
                attvalues,
                order[start : start + n].tolist(),
            )
        ]
        out.write(_encoded("".join(lines)))
    out.write(b"    </edges>\n")


# --- GraphML ---------------------------------------------------------------------------

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}  # by value


def _graphml_keys(parts) -> dict[tuple[str, str, str], str]:
    """``{(scope, name, type): "d<n>"}`` numbered as networkx does: in order of first use,
    row by row (nodes, then supports in their order), attribute by attribute."""
    firsts: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for s, (scope, frame, keys, positions) in enumerate(parts):
        numbers = _numbers(frame)
        for offset, rows in zip(range(0, len(frame), CHUNK), chunks(frame, positions)):
            for k, (key, columns) in enumerate(keys):
                kinds = list(map(type, _cells(rows, columns, numbers)))
                for kind in set(kinds) - {type(None)}:
                    first = (s, offset + kinds.index(kind), k)
                    firsts.setdefault((scope, key, _GRAPHML_TYPES[kind]), first)
    ordered = sorted(firsts, key=firsts.__getitem__)
    return {key: f"d{i}" for i, key in enumerate(ordered)}


def write_graphml(out: BinaryIO, nodes: pd.DataFrame, supports: pd.DataFrame) -> None:
    """Write GraphML of the export tables to ``out``, a chunk of rows at a time.

    The keys come first in the file, so the tables are read twice: once to number the keys
    (each attribute and type, in order of first use), once to write the rows.
    """
    parts: tuple = (  # (scope, table, its attributes, row order)
        ("node", nodes, _keys(nodes, ("id",)), None),
        ("edge", supports, _keys(supports, ("source", "target")), _support_order(nodes, supports)),
    )
    ids = _graphml_keys(parts)
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    head += [
        f'  <key id="{i}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{kind}" />\n'
        for (scope, name, kind), i in reversed(ids.items())
    ]
    empty = not len(nodes) and not len(supports)
    head.append(
        '  <graph edgedefault="directed" />\n' if empty else '  <graph edgedefault="directed">\n'
    )
    out.write(_encoded("".join(head)))
    for scope, frame, keys, positions in parts:
        numbers = _numbers(frame)
        for offset, rows in zip(range(0, len(frame), CHUNK), chunks(frame, positions)):
            pieces = [
                _graphml_data(scope, key, ids, _cells(rows, columns, numbers))
                for key, columns in keys
            ]
            data = ["".join(row) for row in zip(*pieces)] if pieces else [""] * len(rows)
            if scope == "node":
                starts = [f'    <node id="{n}"' for n in _ids(rows, "id")]
            else:
                ends = (_ids(rows, end) for end in ("source", "target"))
                at = positions[offset : offset + len(rows)].tolist()
                starts = [
                    f'    <edge source="{a}" target="{b}" id="{i}"' for a, b, i in zip(*ends, at)
                ]
            lines = [
                f"{s}>\n{inner}    </{scope}>\n" if inner else f"{s} />\n"
                for s, inner in zip(starts, data)
            ]
            out.write(_encoded("".join(lines)))
    out.write(b"</graphml>\n" if empty else b"  </graph>\n</graphml>\n")


def _graphml_data(scope: str, key: str, ids: dict, values: list) -> list[str]:
    """Each row's ``<data>`` line of one attribute ('' where it has none)."""
    if all_text(values):  # text throughout: one key
        start = f'      <data key="{ids.get((scope, key, "string"))}"'
        texts = _escaped(values, _TEXT_SPECIAL, _TEXT)
        return [f"{start}>{v}</data>\n" if v else f"{start} />\n" for v in texts]
    out = []
    for v in values:
        text = "" if v is None else _escaped([str(v)], _TEXT_SPECIAL, _TEXT)[0]
        start = "" if v is None else f'      <data key="{ids[scope, key, _GRAPHML_TYPES[type(v)]]}"'
        out.append(f"{start}>{text}</data>\n" if text else f"{start} />\n" if start else "")
    return out
