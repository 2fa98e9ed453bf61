"""vis-network nodes and edges for a map: one node per person, or residents per district.

Labels and tooltips come from :mod:`.titles`. Node and edge dicts carry a few fields of our
own for the page's script: ``kind``, ``status``, ``district``, ``name``, ``node_id``,
``root``, ``parent``/``parent_edge`` (the node and edge one step up the thread to the formal
net), ``single_points``, ``status_counts`` (of a district's residents); on edges
``relation`` (support or collaboration) and ``style``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..vocabulary import RELATIONS, STATUSES, label
from ..words import words
from . import layout
from .text import EDGE_STYLE, KIND_STYLE, STATUS_COLORS
from .titles import Names, district_text, org_title, resident_title, short_label

if TYPE_CHECKING:
    from ..analysis.analysed import Analysis

__all__ = ["detail_graph", "overview_graph"]


def _edge_groups(a: Analysis, group: np.ndarray, show_ended: bool) -> pd.DataFrame:
    """Supports between shown nodes merged per (from, to, relation), in file order.

    ``group`` maps each network node to its node on the page (``-1``: not shown); several
    network nodes may share one page node (the overview), and ties inside one page node
    are dropped.
    """
    sup = a.net.supports
    s = group[a.net.source_index]
    t = group[a.net.target_index]
    collab = sup["relation"].to_numpy() == "collaboration"
    keep = (s >= 0) & (t >= 0) & (s != t)
    if not show_ended:
        keep &= a.active
    lo = np.where(collab, np.minimum(s, t), s)
    hi = np.where(collab, np.maximum(s, t), t)
    rows = np.flatnonzero(keep)
    frame = pd.DataFrame(
        {
            "a": lo[rows],
            "b": hi[rows],
            "collab": collab[rows],
            "active": a.active[rows],
            "informal": sup["formality"].to_numpy()[rows] == "informal",
            "row": rows,
        }
    )
    if frame.empty:
        return frame.assign(count=0, first=0)
    grouped = frame.groupby(["a", "b", "collab"], sort=False)
    out = grouped.agg(
        count=("row", "size"),
        active=("active", "sum"),
        informal=("informal", "all"),
        first=("row", "min"),
    ).reset_index()
    return out.sort_values("first", kind="stable").reset_index(drop=True)


def _edge_style(collab: bool, active: bool, informal: bool) -> str:
    if not active:
        return "inactive"
    if collab:
        return "collaboration"
    return "informal" if informal else "support"


def _edge_dict(k: int, a_: int, b_: int, style: str, collab: bool, width: float, title: str):
    colour, dashes = EDGE_STYLE[style]
    edge = {
        "id": k,
        "from": a_,
        "to": b_,
        "color": {"color": colour, "highlight": "#1f2933", "hover": "#1f2933"},
        "width": width,
        "title": title,
        "relation": "collaboration" if collab else "support",
        "style": style,
    }
    if not collab:
        edge["arrows"] = "to"
    if dashes:
        edge["dashes"] = dashes
    return edge


def _detail_edges(a: Analysis, members: np.ndarray, names: Names, show_ended: bool, lang: str):
    """Edges among ``members`` with tooltips naming both ends and the domains."""
    w = words(lang)
    n = len(a.net.nodes)
    group = np.full(n, -1, dtype=np.int64)
    group[members] = np.arange(len(members))
    merged = _edge_groups(a, group, show_ended)
    if merged.empty:
        return [], {}
    sup = a.net.supports
    s_pg = group[a.net.source_index]
    t_pg = group[a.net.target_index]
    collab_all = sup["relation"].to_numpy() == "collaboration"
    lo = np.where(collab_all, np.minimum(s_pg, t_pg), s_pg)
    hi = np.where(collab_all, np.maximum(s_pg, t_pg), t_pg)
    domains: dict[tuple[int, int, bool], list[str]] = {}
    ended: dict[tuple[int, int, bool], str] = {}
    until = sup["until"].to_numpy()
    since = sup["since"].to_numpy()
    day = np.datetime64(a.as_of, "D")
    wanted = (lo >= 0) & (hi >= 0) & (lo != hi)
    if not show_ended:
        wanted &= a.active
    dom = sup["domain"].to_numpy()
    for r in np.flatnonzero(wanted).tolist():
        key = (int(lo[r]), int(hi[r]), bool(collab_all[r]))
        d = dom[r]
        if d and not names.hidden(d):
            text = names.vocab.label(d, lang)
            bucket = domains.setdefault(key, [])
            if text not in bucket:
                bucket.append(text)
        if not a.active[r]:
            if not np.isnat(since[r]) and since[r] > day:
                ended[key] = f"{w['not_started']} {str(since[r])[:10]}"
            elif not np.isnat(until[r]):
                ended[key] = f"{w['ended']} {str(until[r])[:10]}"
    edges = []
    index = {}
    c = w["colon"]
    for k, e in enumerate(merged.itertuples(index=False)):
        a_, b_, collab = int(e.a), int(e.b), bool(e.collab)
        style = _edge_style(collab, e.active > 0, bool(e.informal))
        src, dst = members[a_], members[b_]
        arrow = " — " if collab else " → "
        kind = label(RELATIONS, "collaboration" if collab else "support", lang)
        lines = [f"{kind}{c}{names.names[src]}{arrow}{names.names[dst]}"]
        if domains.get((a_, b_, collab)):
            lines.append(w["comma"].join(domains[(a_, b_, collab)]))
        if style == "informal":
            lines.append(w["legend_informal"])
        if style == "inactive" and (a_, b_, collab) in ended:
            lines.append(ended[(a_, b_, collab)])
        edges.append(_edge_dict(k, a_, b_, style, collab, 1.0, "\n".join(lines)))
        index[(a_, b_, collab)] = k
    return edges, index


# ---------------------------------------------------------------------------- nodes


def _node_colour(fill: str, border: str) -> dict:
    """A node keeps its colour when selected or hovered; only the border darkens."""
    focus = {"background": fill, "border": "#1f2933"}
    return {"background": fill, "border": border, "highlight": focus, "hover": focus}


def _supporter_size(dependents: int) -> float:
    return round(min(13.0 + 4.0 * math.sqrt(dependents), 46.0), 1)


def detail_graph(
    a: Analysis, members: np.ndarray, names: Names, lang: str, show_ended: bool
) -> tuple[list[dict], list[dict]]:
    """vis-network nodes and edges for a person-by-person view of ``members``."""
    w = words(lang)
    nodes = a.net.nodes
    kinds = nodes["kind"].to_numpy()
    districts = nodes["district"].to_numpy()
    page_of = {int(v): k for k, v in enumerate(members.tolist())}
    edges, edge_index = _detail_edges(a, members, names, show_ended, lang)
    load = a.sn.load

    district_names = sorted({d for d in districts[members].tolist() if d})
    group = np.array(
        [district_names.index(d) if d else -1 for d in districts[members].tolist()], dtype=np.int64
    )
    pairs = np.array([[e["from"], e["to"]] for e in edges], dtype=np.int64).reshape(-1, 2)
    xy = layout.positions(len(members), pairs, group)

    out = []
    for k, i in enumerate(members.tolist()):
        kind = kinds[i]
        shape, fill, border = KIND_STYLE[kind]
        node = {
            "id": k,
            "label": short_label(str(names.names[i])),
            "shape": shape,
            "x": int(xy[k, 0]),
            "y": int(xy[k, 1]),
            "kind": kind,
            "district": districts[i],
            "name": str(names.names[i]),
            "node_id": str(names.ids[i]),
        }
        if kind == "resident":
            status = a.node_status[i]
            fill, border = STATUS_COLORS[status]
            node.update(size=9, status=status, title=resident_title(a, i, names, lang, w))
            chain = a.table["single_points"].iat[a.resident_row[i]]
            if chain:
                node["single_points"] = [page_of[int(p)] for p in a.net.positions(chain).tolist()]
        else:
            node.update(
                size=_supporter_size(int(a.sn.dependents[i])),
                title=org_title(a, i, names, load, lang, w),
            )
        if a.is_root[i]:
            node["root"] = 1
        node["color"] = _node_colour(fill, border)
        parent = int(a.sn.thread_parent[i])
        if parent >= 0 and parent in page_of:
            p = page_of[parent]
            node["parent"] = p
            e = edge_index.get((p, k, False))
            if e is None:
                e = edge_index.get((min(p, k), max(p, k), True))
            if e is not None:
                node["parent_edge"] = e
        out.append(node)
    return out, edges


def overview_graph(
    a: Analysis, names: Names, lang: str, show_ended: bool
) -> tuple[list[dict], list[dict]]:
    """Organisations one by one, and one node per district holding its residents."""
    w = words(lang)
    nodes = a.net.nodes
    kinds = nodes["kind"].to_numpy()
    districts = nodes["district"].to_numpy()
    n = len(nodes)
    orgs = np.flatnonzero(kinds != "resident")
    resident = np.flatnonzero(kinds == "resident")
    district_names = sorted({d for d in districts[resident].tolist()}, key=lambda d: (d == "", d))
    group = np.full(n, -1, dtype=np.int64)
    group[orgs] = np.arange(len(orgs))
    base = len(orgs)
    slot = {d: base + j for j, d in enumerate(district_names)}
    group[resident] = [slot[d] for d in districts[resident].tolist()]

    merged = _edge_groups(a, group, show_ended)
    load = a.sn.load
    table = a.table
    counts = (
        pd.crosstab(table["district"], table["status"], dropna=False)
        .reindex(index=district_names, columns=list(STATUSES), fill_value=0)
        .to_numpy()
    )
    people = counts.sum(axis=1)
    hub_size = np.round(40 + 90 * np.sqrt(people / max(int(people.max()), 1)), 1)
    ring_names = sorted({d for d in districts[orgs].tolist() if d} | set(district_names) - {""})
    ring = {d: j for j, d in enumerate(ring_names)}
    hubs = np.full(len(ring_names), -1, dtype=np.int64)
    hub_radius = np.zeros(len(ring_names))
    for j, d in enumerate(district_names):
        if d:
            hubs[ring[d]] = base + j
            hub_radius[ring[d]] = hub_size[j]
    groups = np.array(
        [ring.get(d, -1) for d in districts[orgs].tolist()]
        + [ring.get(d, -1) for d in district_names],
        dtype=np.int64,
    )
    # the most depended-on organisations nearest their district's residents (or the centre)
    priority = np.concatenate([a.sn.dependents[orgs], np.zeros(len(district_names))])
    xy = layout.districts(groups, hubs, hub_radius, priority=priority)

    out = []
    for k, i in enumerate(orgs.tolist()):
        kind = kinds[i]
        shape, fill, border = KIND_STYLE[kind]
        node = {
            "id": k,
            "label": short_label(str(names.names[i])),
            "shape": shape,
            "size": _supporter_size(int(a.sn.dependents[i])),
            "color": _node_colour(fill, border),
            "x": int(xy[k, 0]),
            "y": int(xy[k, 1]),
            "title": org_title(a, i, names, load, lang, w),
            "kind": kind,
            "district": districts[i],
            "name": str(names.names[i]),
            "node_id": str(names.ids[i]),
        }
        if a.is_root[i]:
            node["root"] = 1
        out.append(node)
    c = w["colon"]
    for j, d in enumerate(district_names):
        k = base + j
        row = [int(x) for x in counts[j]]
        name = district_text(d, w)
        lines = [f"{name}{c}{w['residents']} {sum(row):,}{w['people']}"]
        lines += [f"{label(STATUSES, s, lang)}{c}{v}" for s, v in zip(STATUSES, row)]
        out.append(
            {
                "id": k,
                "label": f"{name}\n{sum(row):,}",
                "shape": "custom",
                "size": float(hub_size[j]),
                "x": int(xy[k, 0]),
                "y": int(xy[k, 1]),
                "title": "\n".join(lines),
                "kind": "district",
                "district": d,
                "name": name,
                "node_id": name,
                "status_counts": row,
            }
        )
    edges = []
    for k, e in enumerate(merged.itertuples(index=False)):
        collab = bool(e.collab)
        style = _edge_style(collab, e.active > 0, bool(e.informal))
        a_, b_ = int(e.a), int(e.b)
        title = f"{out[a_]['name']}{' — ' if collab else ' → '}{out[b_]['name']}{c}{int(e.count):,}"
        width = round(1.0 + 1.5 * math.log10(int(e.count)), 2)
        edge = _edge_dict(k, a_, b_, style, collab, width, title)
        edge["color"]["opacity"] = 0.25 if collab else 0.45  # let the districts stand out
        edges.append(edge)
    return out, edges
