"""Which nodes a map shows: the whole network, one person's neighbourhood, one district,
the residents at risk, or a whole-city overview.

Every view is closed under *threads*: with a node comes the shortest path that links it to
the formal net (a breadth-first tree grown from the roots over the active ties), so a click
on any node on any map can show how it hangs on the formal net, and every single point of a
resident (which lies on all such paths) is on the map with her.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.critical import dependents
from ..analysis.dominators import SafetyNet, safety_net
from ..analysis.status import DEFAULT_AT_RISK, resident_rows
from ..dates import as_of_date
from ..errors import TsunagariError
from ..network import Network
from ..progress import is_large, progress

__all__ = ["Analysis", "analyse", "at_risk_view", "district_view", "focus_view", "up_closure"]

HUB_DEGREE = 100  # a neighbourhood does not spread through nodes with more ties than this
FOCUS_MAX_NODES = 1_500


@dataclass
class Analysis:
    """Everything a map or report needs about a network on one day, computed once.

    Attributes
    ----------
    sn : SafetyNet
    table : DataFrame
        :func:`tsunagari.analysis.status.resident_rows` (one row per resident).
    row : ndarray
        Row of each node in ``table`` (``-1`` for organisations).
    status : ndarray of str
        Each node's status (``""`` for organisations).
    dependents : ndarray
        Residents each node dominates (:func:`tsunagari.analysis.critical.dependents`).
    up : ndarray
        Each node's parent on a shortest path from the formal net (``-1``: a root, or not
        reached).
    active : ndarray of bool
        Active supports (rows of ``net.supports``) on the day.
    """

    net: Network
    day: dt.date
    sn: SafetyNet
    table: pd.DataFrame
    row: np.ndarray
    status: np.ndarray
    dependents: np.ndarray
    up: np.ndarray
    is_root: np.ndarray
    active: np.ndarray


def analyse(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
    lsns_threshold: int = 12,
) -> Analysis:
    """Statuses, dependents and threads of every node on one day."""
    day = as_of_date(as_of)
    n = len(net.nodes)
    with progress(f"statuses of {n:,} nodes", show=is_large(n + len(net.supports))):
        sn = safety_net(net, as_of=day, roots=roots)
        table = resident_rows(sn, lsns_threshold=lsns_threshold)
    row = np.full(n, -1, dtype=np.int64)
    resident_pos = net.positions(table["id"])
    row[resident_pos] = np.arange(len(table))
    status = np.full(n, "", dtype=object)
    status[resident_pos] = table["status"].astype(str).to_numpy()
    is_root = np.zeros(n, dtype=bool)
    is_root[sn.roots] = True
    return Analysis(
        net=net,
        day=day,
        sn=sn,
        table=table,
        row=row,
        status=status,
        dependents=dependents(sn),
        up=_bfs_parents(sn),
        is_root=is_root,
        active=net.active(day),
    )


def _bfs_parents(sn: SafetyNet) -> np.ndarray:
    """Parent of each node in a breadth-first tree from the virtual root (-1: none).

    Level by level over the edge arrays; among equally short paths the first edge in
    file order wins, so the tree is the same on every run.
    """
    n = sn.n
    parent = np.full(n + 1, -1, dtype=np.int64)
    seen = np.zeros(n + 1, dtype=bool)
    seen[n] = True
    frontier = np.zeros(n + 1, dtype=bool)
    frontier[n] = True
    src, dst = sn.src, sn.dst
    while frontier.any():
        step = frontier[src] & ~seen[dst]
        reached, first = np.unique(dst[step], return_index=True)
        parent[reached] = src[step][first]
        seen[reached] = True
        frontier[:] = False
        frontier[reached] = True
    parent = parent[:n]
    parent[parent == n] = -1
    return parent


def up_closure(a: Analysis, members: np.ndarray) -> np.ndarray:
    """``members`` with every node on their threads to the formal net, in node order."""
    mask = np.zeros(len(a.up), dtype=bool)
    mask[members] = True
    frontier = np.asarray(members, dtype=np.int64)
    while frontier.size:
        parents = a.up[frontier]
        parents = np.unique(parents[parents >= 0])
        frontier = parents[~mask[parents]]
        mask[frontier] = True
    return np.flatnonzero(mask)


def _ties(a: Analysis, include_inactive: bool) -> tuple[np.ndarray, np.ndarray]:
    rows = np.ones(len(a.active), dtype=bool) if include_inactive else a.active
    return a.net.source_index[rows], a.net.target_index[rows]


def _adjacency(a: Analysis, include_inactive: bool) -> tuple[np.ndarray, np.ndarray]:
    """Undirected neighbours as CSR: ``nbr[ptr[v]:ptr[v+1]]``, without duplicates."""
    s, t = _ties(a, include_inactive)
    s, t = s.astype(np.int64), t.astype(np.int64)  # s * n overflows int32 in a city
    n = len(a.up)
    pairs = np.unique(np.concatenate([s * n + t, t * n + s]))
    first, second = pairs // n, pairs % n
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(first, minlength=n), out=ptr[1:])
    return ptr, second


def node_position(a: Analysis, node_id: str) -> int:
    """Row of a node id, with an error naming the id (ids are not personal data)."""
    try:
        return int(a.net.positions([node_id])[0])
    except KeyError:
        raise TsunagariError(f"focus: no node has the id '{node_id}'") from None


def focus_view(
    a: Analysis, focus: str, *, radius: int = 2, include_inactive: bool = False
) -> tuple[np.ndarray, bool]:
    """One node's neighbourhood within ``radius`` ties, and its threads.

    A neighbourhood does not spread through hubs (nodes with more than ``HUB_DEGREE``
    ties other than the focus itself: an agency's hundreds of clients say nothing about
    this person) and stops at ``FOCUS_MAX_NODES`` nodes. Returns the nodes and whether
    that cap cut the neighbourhood short.
    """
    if radius < 0:
        raise TsunagariError(f"radius: expected a whole number ≥ 0, got {radius}")
    centre = node_position(a, focus)
    ptr, nbr = _adjacency(a, include_inactive)
    degree = np.diff(ptr)
    seen = {centre}
    order = [centre]
    frontier = [centre]
    truncated = False
    for _ in range(radius):
        nxt = []
        for v in frontier:
            if v != centre and degree[v] > HUB_DEGREE:
                continue
            for w in nbr[ptr[v] : ptr[v + 1]].tolist():
                if w in seen:
                    continue
                if len(order) >= FOCUS_MAX_NODES:
                    truncated = True
                    break
                seen.add(w)
                order.append(w)
                nxt.append(w)
        frontier = nxt
    return up_closure(a, np.array(order, dtype=np.int64)), truncated


def district_view(a: Analysis, district: str, *, include_inactive: bool = False) -> np.ndarray:
    """The nodes of one district, the organisations tied to them, and their threads."""
    districts = a.net.nodes["district"].to_numpy()
    members = districts == district
    if not members.any():
        known = sorted({d for d in districts.tolist() if d})
        raise TsunagariError(
            f"district: no node is in district '{district}' (districts: {', '.join(known)})"
        )
    s, t = _ties(a, include_inactive)
    resident = a.net.nodes["kind"].to_numpy() == "resident"
    touching = np.concatenate([t[members[s]], s[members[t]]])
    members[touching[~resident[touching]]] = True
    return up_closure(a, np.flatnonzero(members))


def at_risk_view(a: Analysis, *, district: str | None = None) -> np.ndarray:
    """Residents at risk, their direct supporters, every root, and their threads."""
    resident_pos = a.net.positions(a.table["id"])
    risky = a.table["status"].isin(DEFAULT_AT_RISK).to_numpy()
    if district is not None:
        in_district = (a.table["district"] == district).to_numpy()
        if not in_district.any():
            district_view(a, district)  # raises the error that lists the districts
        risky = risky & in_district
    chosen = resident_pos[risky]
    mask = np.zeros(len(a.up), dtype=bool)
    mask[chosen] = True
    s, t = a.sn.support_src, a.sn.support_dst
    mask[s[mask[t]]] = True
    mask[a.sn.roots] = True
    return up_closure(a, np.flatnonzero(mask))
