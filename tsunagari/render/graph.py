"""vis-network nodes and edges for a map: one node per person, or residents per district.

Every label and tooltip is plain text (vis-network shows a string ``title`` as text), built
here with the names a page may show: pseudonyms for residents when anonymising, and no
要配慮 domain anywhere then. Node and edge dicts carry a few short fields of our own for the
page's script: ``k`` kind, ``s`` status, ``d`` district, ``n`` name, ``nid`` id, ``r`` root,
``up``/``ue`` the node and edge one step up the thread to the formal net, ``sp`` single
points, ``agg`` status counts of a district; on edges ``rel`` (support or collaboration)
and ``st`` (style).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..network import Network
from ..privacy import pseudonyms
from ..vocabulary import KINDS, NEED_STATUSES, RELATIONS, STATUSES, label
from ..words import word, words
from . import layout
from .text import EDGE_STYLE, KIND_STYLE, STATUS_COLORS

if TYPE_CHECKING:
    from ..analysis.analysed import Analysis

__all__ = ["Names", "detail_graph", "overview_graph"]

LABEL_CHARS = 14  # longer names are elided in the middle, where names repeat least


class Names:
    """Display names and ids, with pseudonyms for residents when anonymising."""

    def __init__(self, net: Network, anonymize: bool, salt: str | None) -> None:
        nodes = net.nodes
        self.anonymize = anonymize
        self.ids = nodes["id"].to_numpy(dtype=object).copy()
        self.names = nodes["name"].to_numpy(dtype=object).copy()
        self.subtypes = nodes["subtype"].to_numpy(dtype=object).copy()
        resident = nodes["kind"].to_numpy() == "resident"
        if anonymize:
            pseudo = pseudonyms(net, salt)
            self.ids[resident] = [pseudo(i) for i in self.ids[resident].tolist()]
            self.names[resident] = self.ids[resident]
            self.subtypes[resident] = ""
        self.vocab = net.vocabulary

    def hidden(self, domain: str) -> bool:
        """Whether a domain is left out: 要配慮 domains when anonymising, even an
        organisation's, so no such word appears anywhere on a shared page."""
        return self.anonymize and self.vocab.is_youhairyo(domain)

    def needs(self, mapping: dict) -> dict:
        return {d: s for d, s in mapping.items() if not self.hidden(d)}


def _short(name: str) -> str:
    """A label short enough to read on the canvas (the tooltip has the full name).

    >>> _short("社協 地域福祉コーディネーター 03（ゆめが丘）")
    '社協 地域…03（ゆめが丘）'
    """
    if len(name) <= LABEL_CHARS:
        return name
    tail = 8
    return name[: LABEL_CHARS - 1 - tail].rstrip() + "…" + name[-tail:].lstrip()


def _district_text(district: str, w: dict) -> str:
    return district or w["city_wide"]


# ---------------------------------------------------------------------------- tooltips


def _heading(names: Names, i: int, lang: str) -> str:
    return word("node_heading", lang, name=names.names[i], id=names.ids[i])


def _resident_title(a: Analysis, i: int, names: Names, lang: str, w: dict) -> str:
    row = a.table.iloc[a.resident_row[i]]
    c = w["colon"]
    lines = [
        _heading(names, i, lang),
        f"{label(KINDS, 'resident', lang)} · {_district_text(row['district'], w)}",
        f"{w['status']}{c}{label(STATUSES, row['status'], lang)}",
        f"{w['supporters']}{c}{int(row['supporters'])}{w['people']}",
    ]
    if row["single_points"]:
        pos = a.net.positions(row["single_points"])
        chain = " → ".join(str(names.names[p]) for p in reversed(pos.tolist()))
        lines.append(f"{w['single_points']}{c}{chain}")
    needs = names.needs(row["needs"])
    if needs:
        parts = [
            f"{names.vocab.label(d, lang)}={label(NEED_STATUSES, s, lang)}"
            for d, s in needs.items()
        ]
        lines.append(f"{w['needs']}{c}{w['comma'].join(parts)}")
    if row["lsns6"] is not pd.NA and not pd.isna(row["lsns6"]):
        lines.append(f"{w['lsns6']}{c}{int(row['lsns6'])}")
    return "\n".join(lines)


def _org_title(a: Analysis, i: int, names: Names, load: np.ndarray, lang: str, w: dict) -> str:
    nodes = a.net.nodes
    c = w["colon"]
    kind = nodes["kind"].iat[i]
    head = [label(KINDS, kind, lang)]
    if names.subtypes[i]:
        head.append(str(names.subtypes[i]))
    head.append(_district_text(nodes["district"].iat[i], w))
    lines = [
        _heading(names, i, lang),
        " · ".join(head),
    ]
    if a.is_root[i]:
        lines.append(w["is_root"])
    lines.append(f"{w['dependents']}{c}{int(a.sn.dependents[i])}{w['people']}")
    lines.append(f"{w['load']}{c}{int(load[i])}")
    services = [d for d in nodes["services"].iat[i] if not names.hidden(d)]
    if services:
        offered = w["comma"].join(names.vocab.label(d, lang) for d in services)
        lines.append(f"{w['services']}{c}{offered}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- edges


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
        "rel": "c" if collab else "s",
        "st": style,
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
            "label": _short(str(names.names[i])),
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
            node.update(size=9, status=status, title=_resident_title(a, i, names, lang, w))
            chain = a.table["single_points"].iat[a.resident_row[i]]
            if chain:
                node["single_points"] = [page_of[int(p)] for p in a.net.positions(chain).tolist()]
        else:
            node.update(
                size=_supporter_size(int(a.sn.dependents[i])),
                title=_org_title(a, i, names, load, lang, w),
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
            "label": _short(str(names.names[i])),
            "shape": shape,
            "size": _supporter_size(int(a.sn.dependents[i])),
            "color": _node_colour(fill, border),
            "x": int(xy[k, 0]),
            "y": int(xy[k, 1]),
            "title": _org_title(a, i, names, load, lang, w),
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
        name = _district_text(d, w)
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
