"""Which nodes a map view shows: the whole network, one person's neighbourhood, one
district, or the residents at risk (the overview is :mod:`.graph`'s). A district and the
residents at risk come one page of :data:`PAGE_RESIDENTS` residents at a time, worst
first, so that no view draws more than about two thousand nodes. The map page applies the
same rules in its own script (``templates/views.js``); the browser tests check that both
give the same nodes.

Every view is closed under *threads*: with a node comes the shortest path that links it to
the formal net (a breadth-first tree grown from the roots over the active ties), so a click
on any node on any map can show how it hangs on the formal net, and every single point of a
resident (which lies on all such paths) is on the map with her.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..analysis.status import DEFAULT_AT_RISK
from ..errors import TsunagariError
from ..words import message

if TYPE_CHECKING:
    from ..analysis.analysed import Analysis

__all__ = [
    "FOCUS_MAX_NODES",
    "HUB_DEGREE",
    "PAGE_RESIDENTS",
    "at_risk_residents",
    "at_risk_view",
    "district_residents",
    "district_view",
    "focus_view",
    "node_position",
    "page_count",
    "up_closure",
    "worst_first",
]

HUB_DEGREE = 100  # a neighbourhood does not spread through nodes with more ties than this
FOCUS_MAX_NODES = 1_500
PAGE_RESIDENTS = 1_000  # residents on one page of a district or of the residents at risk


def up_closure(a: Analysis, members: np.ndarray) -> np.ndarray:
    """``members`` with every node on their threads to the formal net, in node order."""
    parent = a.sn.thread_parent
    mask = np.zeros(len(parent), dtype=bool)
    mask[members] = True
    frontier = np.asarray(members, dtype=np.int64)
    while frontier.size:
        parents = parent[frontier]
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
    n = a.sn.n
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
        raise TsunagariError(message("err_focus", id=node_id)) from None


def focus_view(
    a: Analysis, focus: str, *, radius: int = 2, include_inactive: bool = False
) -> tuple[np.ndarray, bool]:
    """One node's neighbourhood within ``radius`` ties, its independent threads (see
    :meth:`.SafetyNet.threads`), and everyone's threads.

    A neighbourhood does not spread through hubs (nodes other than the focus with more
    than ``HUB_DEGREE`` distinct neighbours: an agency's hundreds of clients say nothing
    about this person) and stops at ``FOCUS_MAX_NODES`` nodes. Returns the nodes and whether
    that cap cut the neighbourhood short.
    """
    if radius < 0:
        raise TsunagariError(message("err_radius", radius=radius))
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
    # her threads come whole, however far they reach (the page draws them bold)
    order += [v for path in a.sn.threads(centre) for v in path]
    return up_closure(a, np.unique(np.array(order, dtype=np.int64))), truncated


def worst_first(a: Analysis, residents: np.ndarray) -> np.ndarray:
    """Residents (node numbers) in the order a page lists them: worst status first, then in
    file order."""
    codes = a.sn.status_codes(residents)
    return residents[np.lexsort((residents, codes))]


def page_count(listed: int) -> int:
    """Pages needed for ``listed`` residents (at least one)."""
    return max(1, -(-listed // PAGE_RESIDENTS))


def _page(a: Analysis, residents: np.ndarray, page: int) -> np.ndarray:
    if not 0 <= page < page_count(len(residents)):
        raise TsunagariError(message("err_page", page=page + 1, pages=page_count(len(residents))))
    return worst_first(a, residents)[page * PAGE_RESIDENTS : (page + 1) * PAGE_RESIDENTS]


def _district_mask(a: Analysis, district: str) -> np.ndarray:
    districts = a.net.nodes["district"].to_numpy()
    members = districts == district
    if not members.any():
        known = sorted({d for d in districts.tolist() if d})
        raise TsunagariError(message("err_district", district=district, known=", ".join(known)))
    return members


def district_residents(a: Analysis, district: str) -> np.ndarray:
    """The residents of one district (node numbers, file order); an unknown district is an
    error that lists the known ones."""
    return np.flatnonzero(_district_mask(a, district) & a.sn.is_resident)


def district_view(
    a: Analysis, district: str, *, page: int = 0, include_inactive: bool = False
) -> np.ndarray:
    """One page of a district: up to :data:`PAGE_RESIDENTS` of its residents, worst first,
    the district's organisations, every organisation tied to either, and their threads."""
    members = _district_mask(a, district) & ~a.sn.is_resident
    members[_page(a, district_residents(a, district), page)] = True
    s, t = _ties(a, include_inactive)
    touching = np.concatenate([t[members[s]], s[members[t]]])
    members[touching[~a.sn.is_resident[touching]]] = True
    return up_closure(a, np.flatnonzero(members))


def at_risk_residents(a: Analysis, district: str | None = None) -> np.ndarray:
    """Residents at risk (isolated, unreached, single thread), of one district or all."""
    pool = np.flatnonzero(a.sn.is_resident) if district is None else district_residents(a, district)
    risky = np.isin(a.node_status[pool], list(DEFAULT_AT_RISK))
    return pool[risky]


def at_risk_view(a: Analysis, *, district: str | None = None, page: int = 0) -> np.ndarray:
    """One page of the residents at risk (worst first), their direct supporters, every
    root, and their threads."""
    mask = np.zeros(a.sn.n, dtype=bool)
    mask[_page(a, at_risk_residents(a, district), page)] = True
    s, t = a.sn.support_src, a.sn.support_dst
    mask[s[mask[t]]] = True
    mask[a.sn.roots] = True
    return up_closure(a, np.flatnonzero(mask))
