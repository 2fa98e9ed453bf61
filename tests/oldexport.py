"""The exports' graph writers as they were before streaming (networkx and ``json``), kept
here only as the reference the streaming writers must equal byte for byte."""

from __future__ import annotations

import io
import json
import re

import pandas as pd

from tsunagari.tables import flat, plain

# Characters XML 1.0 cannot hold (Excel's sheets are XML too)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str | int | float | bool:
    """A cell for GEXF, GraphML or a sheet: scalars stay, lists join with ';', missing
    becomes '', and characters XML cannot hold (control characters) are dropped."""
    value = flat(value)
    if value is None:
        return ""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _numbers(frame: pd.DataFrame) -> dict[str, str]:
    """The numeric columns of ``frame`` (booleans aside) and their GEXF type."""
    out = {}
    for column in frame.columns:
        dtype = frame[column].dtype
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            out[str(column)] = "long" if pd.api.types.is_integer_dtype(dtype) else "double"
    return out


def _attributes(row: dict, numbers: dict[str, str], skip: tuple[str, ...]) -> dict:
    """One node's or support's attributes: numbers as numbers (a missing one left out, so
    that the column keeps one type), everything else as text (:func:`_text`)."""
    out = {}
    for key, value in row.items():
        if key in skip:
            continue
        if key in numbers:
            value = flat(value)
            if value is not None:
                out[key] = value
        else:
            out["label" if key == "name" else key] = _text(value)
    return out


def _networkx(nodes: pd.DataFrame, supports: pd.DataFrame, viz: list[dict] | None = None):
    import networkx as nx

    g = nx.MultiDiGraph()
    numbers = _numbers(nodes)
    for k, row in enumerate(nodes.to_dict("records")):
        attributes = _attributes(row, numbers, ("id",))
        if viz is not None:
            attributes["viz"] = viz[k]
        g.add_node(row["id"], **attributes)
    numbers = _numbers(supports)
    for i, row in enumerate(supports.to_dict("records")):
        g.add_edge(
            row["source"],
            row["target"],
            key=i,
            **_attributes(row, numbers, ("source", "target")),
        )
    return g


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


LATE = ("load",)  # node attributes added after the others


def to_gexf(nodes: pd.DataFrame, supports: pd.DataFrame, *, viz: list[dict] | None = None) -> bytes:
    """GEXF 1.2 (Gephi) bytes of the export tables; ``viz`` gives each node's place and
    colour (:func:`gexf_viz`)."""
    from networkx.readwrite.gexf import GEXFWriter

    # ``load`` came after the supports' attributes were numbered: declared last, the
    # others keep their ids; networkx_key is networkx's name for a support's index
    node = _declared(nodes, ("id",))
    edge = [*_declared(supports, ("source", "target")), ("networkx_key", "long")]
    declared = [
        ("node", [d for d in node if d[0] not in LATE]),
        ("edge", edge),
        ("node", [d for d in node if d[0] in LATE]),
    ]

    class Writer(GEXFWriter):
        # every attribute declared first, in column order: networkx declares one when a
        # node first has it, so a number missing on the first node would renumber the rest
        def add_nodes(self, G, graph_element):
            for kind, attributes in declared:
                for title, attr_type in attributes:
                    self.get_attr_id(title, attr_type, kind, {}, "static")
            super().add_nodes(G, graph_element)

    out = io.BytesIO()
    writer = Writer(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(_networkx(nodes, supports, viz))
    writer.write(out)
    # networkx stamps today's date; the file should depend on the input only
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", out.getvalue(), count=1)


def to_graphml(nodes: pd.DataFrame, supports: pd.DataFrame) -> bytes:
    """GraphML bytes of the export tables."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(_networkx(nodes, supports), out, encoding="utf-8")
    return out.getvalue()


def to_json(nodes: pd.DataFrame, supports: pd.DataFrame) -> bytes:
    """Node-link JSON bytes: ``{"directed", "multigraph", "nodes", "links"}``."""
    from tsunagari.tables import records

    data = {
        "directed": True,
        "multigraph": True,
        "nodes": records(nodes),
        "links": records(supports),
    }
    return (json.dumps(plain(data), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def gexf_viz(a) -> list[dict]:
    """Each node's ``viz`` for GEXF: its place on the map's layout (the active ties pull
    together, a district's nodes start together; y up, as Gephi draws it) and its colour
    (a resident's status colour, an organisation's kind colour, as on the map)."""
    import numpy as np

    from tsunagari.render.layout import positions
    from tsunagari.render.text import KIND_STYLE, STATUS_COLORS

    nodes = a.net.nodes
    active = a.active
    pairs = np.column_stack([a.net.source_index[active], a.net.target_index[active]])
    districts = nodes["district"].tolist()
    names = {d: i for i, d in enumerate(sorted({d for d in districts if d}))}
    xy = positions(len(nodes), pairs, np.array([names.get(d, -1) for d in districts]))
    out = []
    for i, kind in enumerate(nodes["kind"].tolist()):
        fill = STATUS_COLORS[a.node_status[i]][0] if kind == "resident" else KIND_STYLE[kind][1]
        r, g, b = (int(fill[j : j + 2], 16) for j in (1, 3, 5))
        out.append(
            {
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
                "position": {"x": float(xy[i, 0]), "y": float(-xy[i, 1]), "z": 0.0},
            }
        )
    return out


def graph_tables(a) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and support tables with the analysis results joined in, ready to export.

    Nodes gain ``status``, ``supporters``, ``single_points``, ``needs`` (as ``code:status``),
    ``dependents`` and ``sole_supporter_of``; supports gain ``active`` on that day.
    """
    net, table = a.net, a.table
    nodes = net.nodes.copy()
    supports = net.supports.copy()
    by_id = table.set_index(nodes.loc[nodes["kind"] == "resident", "id"].to_numpy())
    nodes["status"] = nodes["id"].map(by_id["status"].astype(str)).fillna("")
    nodes["supporters"] = nodes["id"].map(by_id["supporters"]).astype("Int64")
    nodes["single_points"] = nodes["id"].map(by_id["single_points"])
    nodes["needs"] = [
        tuple(f"{d}:{by_id.at[i, 'needs'][d]}" for d in by_id.at[i, "needs"])
        if i in by_id.index
        else need
        for i, need in zip(nodes["id"], nodes["needs"])
    ]
    nodes["dependents"] = a.sn.dependents
    nodes["sole_supporter_of"] = a.sn.sole_supporters
    supports["active"] = a.active
    return nodes, supports


def reference(a, to: str) -> bytes:
    """The bytes ``export_analysis(a, to, ...)`` wrote before streaming (``a`` already
    anonymized if it should be)."""
    nodes, supports = graph_tables(a)
    if to == "json":
        return to_json(nodes, supports)
    nodes["load"] = a.sn.load
    if to == "gexf":
        return to_gexf(nodes, supports, viz=gexf_viz(a))
    return to_graphml(nodes, supports)
