"""The export tables as GEXF 1.2 (Gephi), written a chunk of rows at a time.

The bytes are the ones networkx wrote before (people diff these files): its
``GEXFWriter(prettyprint=True, version="1.2draft")`` with every attribute declared first and
no ``lastmodifieddate``. So its conventions hold: attribute ids numbered in column order
(``load``, added later, last) and their blocks listed last first, edge ids counted in the
supports' order past those an ``id`` column gives, and :mod:`.graphfiles`' order of the
supports, escaping and indentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain, count, filterfalse, islice, starmap
from operator import add
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from .aside import written_aside
from .columnar import Columns, plain_list
from .graphfiles import (
    attribute_cells,
    attribute_columns,
    chunks,
    encoded,
    escaped,
    escaped_attribute,
    escaped_ids,
    graph_table,
    in_every_row,
    interleaved,
    numbered_chunks,
    spelt_once,
    support_order,
    value_types,
)

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

__all__ = ["Viz", "write_gexf"]

# end make the graph dynamic), and its structures, never written as values
_NODE = ("label", "pid", "start", "end")
_EDGE = ("id", "label", "weight", "type", "start", "end")
_TAKEN = {"node": ("parents", "spells", "viz"), "edge": ("spells", "viz")}
LATE = ("load",)  # node attributes added after the others (declared last: ids unchanged)


def _declared(table: Columns, skip: tuple[str, ...]) -> list[tuple[str, str]]:
    """(title, GEXF type) of the attributes of ``table``'s rows, in column order."""
    skip = (*skip, "name")  # the name is the label
    return [(c, kind) for c, kind in value_types(table).items() if c not in skip]


def _attributes(nodes: Columns, supports: Columns) -> list[tuple[str, list]]:
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


def _attvalue(start: str, value) -> str:
    """One ``<attvalue>`` line after its ``start`` ('' for a missing value)."""
    return "" if value is None else f'{start}{_value(value)}" />\n'


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):  # networkx's spelling of infinity and NaN
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return escaped_attribute(text)


def _xml_attributes(names: tuple[str, ...], cells: dict[str, list], n: int) -> list[str]:
    """Each row's `` name="value"`` for the ones of networkx's XML attributes it has."""
    columns = [
        ["" if v is None else f' {name}="{escaped_attribute(str(v))}"' for v in cells[name]]
        for name in names
        if name in cells
    ]
    return ["".join(parts) for parts in zip(*columns)] if columns else [""] * n


def _attvalues(kind: str, keys, ids: dict[str, str], rows: Columns, types) -> tuple:
    """The rows' networkx attributes by name, and the ``<attvalue>`` lines of each
    attribute written, a column of one per row ("" where a row lacks it)."""
    own = _NODE if kind == "node" else _EDGE
    cells = {key: attribute_cells(rows, columns, types) for key, columns in keys}
    pieces = []
    for key, values in cells.items():
        if key in own or key in _TAKEN[kind]:
            continue
        line = partial(_attvalue, f'          <attvalue for="{ids[key]}" value="')
        pieces.append(spelt_once(values, line))
    return cells, pieces


def _timeformat(nodes, supports, order, node_keys, edge_keys) -> tuple[str, str]:
    """The graph's mode and `` timeformat="..."`` as networkx sets them for ``start`` and
    ``end``: dynamic, timed by the type of the last such value written."""
    last = None
    for frame, keys, positions in ((nodes, node_keys, None), (supports, edge_keys, order)):
        timed = [c for name in ("start", "end") for k, c in keys if k == name]  # in that order
        types = value_types(frame)
        for rows in chunks(frame, positions) if timed else ():
            for row in zip(*(attribute_cells(rows, columns, types) for columns in timed)):
                last = next((v for v in reversed(row) if v is not None), last)
    if last is None:
        return "static", ""
    kind = "date" if isinstance(last, str) else "double" if isinstance(last, float) else "long"
    return "dynamic", f' timeformat="{kind}"'


def write_gexf(
    out: BinaryIO,
    nodes: pd.DataFrame | Columns,
    supports: pd.DataFrame | Columns,
    *,
    viz: Iterable | Viz | None = None,
    ends: tuple[np.ndarray, np.ndarray] | None = None,
    scratch: Path | None = None,
) -> None:
    """Write GEXF 1.2 (Gephi) of the export tables (frames or columns) to ``out``, a chunk
    of rows at a time.

    ``viz`` (an iterable of mappings, one per node in order, read as the nodes are written,
    or :class:`Viz` columns) gives each node's ``color`` (r, g, b, a) and ``position``
    (x, y, z). ``ends``, if known, are each support's source and target as positions of
    the nodes' rows (:func:`~tsunagari.graphfiles.support_order`). With ``scratch`` (a
    folder) the supports' section is written there by a second process while the nodes'
    is written here, then copied in (:func:`~tsunagari.aside.written_aside`).
    """
    from importlib.metadata import version  # (10 ms to import: here, not in every command)

    nodes, supports = graph_table(nodes), graph_table(supports)
    node_keys = attribute_columns(nodes, ("id",))
    edge_keys = attribute_columns(supports, ("source", "target"))
    order = support_order(nodes, supports, ends)
    blocks = _attributes(nodes, supports)
    ids = {kind: {title: i for i, title, _ in declared} for kind, declared in blocks}
    places = viz if viz is None or isinstance(viz, Viz) else iter(viz)
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
            f'      <attribute id="{i}" title="{escaped_attribute(t)}" type="{k}" />\n'
            for i, t, k in declared
        ]
        head.append("    </attributes>\n")
    out.write(encoded("".join(head)))

    def edges(file: BinaryIO) -> None:
        _element(file, "edges", _edges(supports, order, edge_keys, ids.get("edge", {})))

    with written_aside(edges, scratch) if scratch else nullcontext(edges) as edges_into:
        _element(out, "nodes", _nodes(nodes, node_keys, ids.get("node", {}), places))
        edges_into(out)
    out.write(b"  </graph>\n</gexf>\n")


def _element(out: BinaryIO, tag: str, pieces: Iterator[str]) -> None:
    """``<tag>`` around its lines, a piece at a time as they come; ``<tag />`` if none."""
    first = next(pieces, None)
    if first is None:
        out.write(f"    <{tag} />\n".encode())
        return
    out.write(f"    <{tag}>\n".encode())
    for lines in chain([first], pieces):
        out.write(encoded(lines))
    out.write(f"    </{tag}>\n".encode())


def _nodes(nodes, keys, ids, places) -> Iterator[str]:
    """The ``<node>`` elements, a chunk of nodes at a time."""
    types = value_types(nodes)
    for first, rows in numbered_chunks(nodes):
        n = len(rows)
        cells, attvalues = _attvalues("node", keys, ids, rows, types)
        names = list(map(str, plain_list(rows["id"])))  # escaped below, with the labels
        labels = cells.get("label")
        if labels is not None:
            labels = [name if v is None else str(v) for name, v in zip(names, labels)]
        if places is None:
            viz = [""] * n
        elif isinstance(places, Viz):
            viz = places.lines(slice(first, first + n))
        else:
            viz = [_viz(place) for place in islice(places, n)]
        if len(viz) < n:
            raise ValueError("viz must give one mapping per node")
        names = escaped(names)
        starts = [
            f'      <node id="{name}" label="{label}"{more}'
            for name, label, more in zip(
                names,
                names if labels is None else escaped(labels),
                _xml_attributes(_NODE[1:], cells, n),
            )
        ]
        if in_every_row(attvalues):  # each row's lines before and after its <attvalue> lines
            opened = [
                f"{start}>\n{inner}        <attvalues>\n" for start, inner in zip(starts, viz)
            ]
            closed = ["        </attvalues>\n      </node>\n"] * n
        else:
            valued = list(map(any, zip(*attvalues))) if attvalues else [False] * n
            opened, closed = [], []
            for start, inner, values in zip(starts, viz, valued):
                if values:
                    opened.append(f"{start}>\n{inner}        <attvalues>\n")
                    closed.append("        </attvalues>\n      </node>\n")
                else:
                    opened.append(f"{start}>\n{inner}      </node>\n" if inner else f"{start} />\n")
                    closed.append("")
        yield interleaved(opened, *attvalues, closed)


@dataclass(frozen=True)
class Viz:
    """Every node's ``viz``, in node order, as columns: ``rgb`` its colour (n × 3 integers,
    alpha 1.0) and ``xy`` its place (n × 2 floats, or whole numbers as integers, spelt as
    the floats they are; z 0.0). The lines are those of one mapping per node holding the
    same values, spelt without making the mappings."""

    rgb: np.ndarray
    xy: np.ndarray

    def mappings(self) -> list[dict]:
        """One mapping per node, as :func:`write_gexf` reads ``viz``."""
        return [
            {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "position": {"x": x, "y": y, "z": 0.0}}
            for (r, g, b), (x, y) in zip(self.rgb.tolist(), self.xy.astype(float).tolist())
        ]

    def lines(self, rows: slice) -> list[str]:
        """The ``<viz:color>`` and ``<viz:position>`` lines of the nodes ``rows``."""
        colours = [_known_color(r, g, b, 1.0) for r, g, b in self.rgb[rows].tolist()]
        xy = self.xy[rows]
        if xy.dtype.kind in "iu" and (not xy.size or np.abs(xy).max() <= 2**53):
            # a whole number a float holds exactly (|v| <= 2**53, below 1e16) is spelt "v.0"
            place = f'{_POSITION}x="{{}}.0" y="{{}}.0" z="0.0" />\n'.format
        else:
            place = f'{_POSITION}x="{{}}" y="{{}}" z="0.0" />\n'.format
            xy = xy.astype(float)
        return list(map(add, colours, starmap(place, xy.tolist())))


_POSITION = "        <viz:position "


def _viz(place: Mapping) -> str:
    """A node's ``<viz:color>`` and ``<viz:position>`` lines (a colour's line made once)."""
    out = ""
    color, position = place.get("color"), place.get("position")
    if color is not None:
        rgba = tuple(color.get(c, 1.0 if c == "a" else None) for c in "rgba")
        try:
            out += _known_color(*rgba)
        except TypeError:  # a value that cannot be a key (a list): spelt each time
            out += _color_line(*rgba)
    if position is not None:
        x, y, z = (_spelt(position.get(c)) for c in "xyz")
        out += f'{_POSITION}x="{x}" y="{y}" z="{z}" />\n'
    return out


def _color_line(r: object, g: object, b: object, a: object) -> str:
    r, g, b, a = map(_spelt, (r, g, b, a))
    return f'        <viz:color r="{r}" g="{g}" b="{b}" a="{a}" />\n'


_known_color = lru_cache(maxsize=4096)(_color_line)  # a map has a few colours


def _spelt(value: object) -> str:
    """A viz value as an attribute holds it: a number as ``str`` spells it, needing no
    escape; anything else escaped."""
    return str(value) if type(value) in (int, float) else escaped_attribute(str(value))


def _edges(supports, order, keys, ids) -> Iterator[str]:
    """The ``<edge>`` elements, a chunk of supports at a time (in ``order``)."""
    types = value_types(supports)
    given = {  # networkx counts edge ids past the ones an ``id`` column gives
        str(v)
        for key, columns in keys
        if key == "id"
        for rows in chunks(supports)
        for v in attribute_cells(rows, columns, types)
        if v is not None
    }
    counter = filterfalse(given.__contains__, map(str, count()))
    row_key = f'          <attvalue for="{ids["networkx_key"]}" value="'
    for start, rows in numbered_chunks(supports, order):
        n = len(rows)
        cells, attvalues = _attvalues("edge", keys, ids, rows, types)
        if "id" in cells:
            edge_ids = escaped([next(counter) if v is None else str(v) for v in cells["id"]])
        else:  # counted in order: numbers, nothing to escape
            edge_ids = list(map(str, range(start, start + n)))
        opened = [
            f'      <edge source="{source}" target="{target}" id="{edge_id}"{more}>\n'
            "        <attvalues>\n"
            for source, target, edge_id, more in zip(
                escaped_ids(rows, "source"),
                escaped_ids(rows, "target"),
                edge_ids,
                _xml_attributes(_EDGE[1:], cells, n),
            )
        ]
        closed = [  # every support has its row's attribute
            f'{row_key}{row}" />\n        </attvalues>\n      </edge>\n'
            for row in order[start : start + n].tolist()
        ]
        yield interleaved(opened, *attvalues, closed)
