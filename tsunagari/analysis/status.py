"""Each resident's place in the safety net: isolated, unreached, single thread, overlapping.

For a resident ``r`` (SPEC §3), in this order:

``isolated``       no active support edge into ``r`` at all;
``unreached``      supported, but no path leads from any root (agency) to ``r``;
``single_thread``  a node other than ``r`` lies on every path from the roots: those
                   nodes are ``single_points`` (the dominators of ``r``), nearest first;
``overlapping``    at least two node-disjoint paths reach ``r`` from the roots.

Per need ``d`` the same question is asked as if ``r``'s only incoming edges were its active
supports with domain ``d`` (``uncovered`` when there is none). Such a thread never runs
through ``r`` herself. When no ``d``-supporter lies on a cycle through ``r``, removing
``r``'s other in-edges changes no path to those supporters, so the answer is read off the
dominator tree of the whole graph (the supporters' nearest common dominator). Otherwise
(a son who does his mother's shopping and is reached only through her) only paths inside
``r``'s strongly connected component can change; a small graph of that component, with
each entry point's dominator chain standing in for the rest of the network, gives the exact
answer. So the cost stays near linear: only residents on such cycles get extra work, and
that work is proportional to the size of their component.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..network import Network
from ..vocabulary import STATUSES
from .dominators import SafetyNet, local_dominators, safety_net

__all__ = ["at_risk", "residents", "resident_rows"]

SEVERITY = {status: rank for rank, status in enumerate(STATUSES)}
DEFAULT_AT_RISK = ("isolated", "unreached", "single_thread")


def _need_thread(sn: SafetyNet, r: int, supporters: Sequence[int]) -> tuple[str, tuple[int, ...]]:
    """Status and single points of one need of resident ``r``, fed by ``supporters``."""
    comp = sn.component
    if any(comp[s] == comp[r] for s in supporters):
        return _need_thread_on_cycle(sn, r, supporters)
    reached = [s for s in supporters if sn.idom[s] >= 0]
    if not reached:
        return "unreached", ()
    top = sn.nearest_common_dominator(reached)
    if top == sn.root:
        return "overlapping", ()
    return "single_thread", sn.chains[top]


def _need_thread_on_cycle(
    sn: SafetyNet, r: int, supporters: Sequence[int]
) -> tuple[str, tuple[int, ...]]:
    """Exact per-need answer when a supporter shares a strongly connected component with r.

    Paths from the root to a node outside ``r``'s component never pass through ``r`` (else
    that node would be in the component), so their dominators are those of the whole
    graph, and a node's dominator chain can stand in for all paths to it. Inside the
    component, ``r`` is removed and re-added fed only by the need's supporters.
    """
    root, idom = sn.root, sn.idom
    cycle = set(sn.members[int(sn.component[r])])
    cycle.discard(r)
    ptr, pred = sn.predecessors
    edges: list[tuple[int, int]] = []
    in_tree = {root}

    def attach(x: int) -> None:
        while x not in in_tree:
            in_tree.add(x)
            edges.append((int(idom[x]), x))
            x = int(idom[x])

    for c in cycle:
        for p in pred[ptr[c] : ptr[c + 1]].tolist():
            if p == r:
                continue
            if p not in cycle:
                if idom[p] < 0:
                    continue
                attach(p)
            edges.append((p, c))
    for s in supporters:
        if s not in cycle:
            if idom[s] < 0:
                continue
            attach(s)
        edges.append((s, r))
    local = local_dominators(edges, root)
    if r not in local:
        return "unreached", ()
    chain = []
    v = local[r]
    while v != root:
        chain.append(v)
        v = local[v]
    return ("single_thread", tuple(chain)) if chain else ("overlapping", ())


def resident_rows(sn: SafetyNet, *, lsns_threshold: int = 12) -> pd.DataFrame:
    """The status table of every resident, from an already computed :class:`SafetyNet`."""
    net = sn.net
    nodes = net.nodes
    n = sn.n
    ids = nodes["id"].to_numpy()
    residents_pos = np.flatnonzero(nodes["kind"].to_numpy() == "resident")

    pairs = np.unique(sn.support_src * (n + 1) + sn.support_dst)
    supporters = np.bincount(pairs % (n + 1), minlength=n + 1)

    by_need: dict[tuple[int, str], list[int]] = {}
    has_domain = sn.support_domain != ""
    for s, t, d in zip(
        sn.support_src[has_domain].tolist(),
        sn.support_dst[has_domain].tolist(),
        sn.support_domain[has_domain].tolist(),
    ):
        group = by_need.setdefault((t, d), [])
        if s not in group:
            group.append(s)

    idom = sn.idom
    status, points, need_status, need_points = [], [], [], []
    needs_col = nodes["needs"].to_numpy()
    for r in residents_pos.tolist():
        if supporters[r] == 0:
            status.append("isolated")
            points.append(())
        elif idom[r] < 0:
            status.append("unreached")
            points.append(())
        elif idom[r] == sn.root:
            status.append("overlapping")
            points.append(())
        else:
            status.append("single_thread")
            points.append(tuple(ids[list(sn.single_points(r))]))
        per_need, per_need_points = {}, {}
        for d in needs_col[r]:
            feeding = by_need.get((r, d))
            if not feeding:
                per_need[d] = "uncovered"
                continue
            st, chain = _need_thread(sn, r, feeding)
            per_need[d] = st
            if chain:
                per_need_points[d] = tuple(ids[list(chain)])
        need_status.append(per_need)
        need_points.append(per_need_points)

    sub = nodes.iloc[residents_pos]
    lsns6 = sub["lsns6"].reset_index(drop=True)
    return pd.DataFrame(
        {
            "id": sub["id"].to_numpy(),
            "name": sub["name"].to_numpy(),
            "district": sub["district"].to_numpy(),
            "status": pd.Categorical(status, categories=list(STATUSES)),
            "supporters": supporters[residents_pos].astype(np.int64),
            "single_points": points,
            "needs": need_status,
            "need_single_points": need_points,
            "lsns6": lsns6,
            "lsns_at_risk": (lsns6 < lsns_threshold).astype("boolean"),
        }
    )


def residents(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
    lsns_threshold: int = 12,
) -> pd.DataFrame:
    """Every resident's safety-net status, one row per resident in file order.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        Supports count when ``since <= as_of < until`` (default today).
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).
    lsns_threshold : int
        ``lsns6`` below this marks ``lsns_at_risk`` (Lubben's cut-off, 12).

    Returns
    -------
    DataFrame
        Columns ``id, name, district, status, supporters, single_points, needs,
        need_single_points, lsns6, lsns_at_risk``. ``single_points`` is a tuple of ids,
        nearest first; ``needs`` maps each need's domain code to ``uncovered``,
        ``unreached``, ``single_thread`` or ``overlapping``; ``need_single_points`` maps
        single-thread needs to their single points.

    Examples
    --------
    >>> import tsunagari as tg
    >>> table = tg.residents(tg.load(), as_of="2026-11-27")
    >>> sorted(table["status"].unique())
    ['isolated', 'overlapping', 'single_thread', 'unreached']
    """
    sn = safety_net(net, as_of=as_of, roots=roots)
    return resident_rows(sn, lsns_threshold=lsns_threshold)


def at_risk(
    table: pd.DataFrame,
    *,
    statuses: Iterable[str] = DEFAULT_AT_RISK,
    district: str | None = None,
) -> pd.DataFrame:
    """Residents with the given statuses, worst first.

    Worst means: status severity (isolated, unreached, single thread, overlapping), then
    the number of needs not held by overlapping threads, then LSNS-6 risk, then fewer
    supporters, then id.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`residents`.
    statuses : iterable of str
        Statuses to keep (``all`` keeps every one).
    district : str, optional
        Keep only residents of this district.
    """
    wanted = list(statuses)
    if "all" in wanted:
        wanted = list(STATUSES)
    unknown = [s for s in wanted if s not in STATUSES]
    if unknown:
        from ..errors import TsunagariError

        raise TsunagariError(
            f"unknown status '{unknown[0]}' (expected: {', '.join(STATUSES)} or all)"
        )
    keep = table["status"].isin(wanted).to_numpy()
    if district is not None:
        keep = keep & (table["district"] == district).to_numpy()
    out = table[keep]
    weak_needs = out["needs"].map(lambda m: sum(v != "overlapping" for v in m.values()))
    key = pd.DataFrame(
        {
            "severity": out["status"].map(SEVERITY).astype(int),
            "weak": -weak_needs,
            "lsns": -out["lsns_at_risk"].fillna(False).astype(int),
            "supporters": out["supporters"],
            "id": out["id"],
        }
    )
    order = key.sort_values(list(key.columns), kind="stable").index
    return out.loc[order].reset_index(drop=True)
