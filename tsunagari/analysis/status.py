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
    cycle = set(sn.members(r))
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


def _need_statuses(sn: SafetyNet, residents_pos: np.ndarray):
    """Status and single points (vertex tuples) of every (resident, need) pair.

    Returns the pairs' residents, domain codes, statuses and chains, in resident order.
    Pairs with one supporter off any cycle through the resident (the vast majority) are
    settled with numpy; the rest go through :func:`_need_thread`.
    """
    needs = sn.net.nodes["needs"].to_numpy()[residents_pos]
    lengths = np.fromiter(map(len, needs), np.int64, len(needs))
    pair_r = np.repeat(residents_pos, lengths)
    pair_d = np.array([d for t in needs for d in t], dtype=object)
    statuses = np.full(len(pair_r), "uncovered", dtype=object)
    chains: list[tuple[int, ...] | None] = [None] * len(pair_r)
    if len(pair_r) == 0:
        return pair_r, pair_d, statuses, chains

    domains = {d: i for i, d in enumerate(sn.net.vocabulary.domains)}
    width = len(domains) + 1
    has_domain = sn.support_domain != ""
    dom = np.array([domains[d] for d in sn.support_domain[has_domain]], dtype=np.int64)
    keys = np.unique(
        (sn.support_dst[has_domain] * width + dom) * (sn.n + 1) + sn.support_src[has_domain]
    )
    feed_key, feed_src = keys // (sn.n + 1), keys % (sn.n + 1)
    pair_key = pair_r * width + np.array([domains[d] for d in pair_d], dtype=np.int64)
    left = np.searchsorted(feed_key, pair_key, "left")
    count = np.searchsorted(feed_key, pair_key, "right") - left

    one = count == 1
    s = np.zeros(len(pair_r), dtype=np.int64)
    s[one] = feed_src[left[one]]
    easy = one & (sn.component[s] != sn.component[pair_r])
    reached = easy & (sn.idom[s] >= 0)
    statuses[easy & ~reached] = "unreached"
    statuses[reached] = "single_thread"
    for i, v in zip(np.flatnonzero(reached).tolist(), s[reached].tolist()):
        chains[i] = sn.chains[v]
    for i in np.flatnonzero((count > 0) & ~easy).tolist():
        feeding = feed_src[left[i] : left[i] + count[i]].tolist()
        statuses[i], chain = _need_thread(sn, int(pair_r[i]), feeding)
        chains[i] = chain or None
    return pair_r, pair_d, statuses, chains


def resident_rows(sn: SafetyNet, *, lsns_threshold: int = 12) -> pd.DataFrame:
    """The status table of every resident, from an already computed :class:`SafetyNet`."""
    nodes = sn.net.nodes
    n = sn.n
    ids = nodes["id"].to_numpy(dtype=object)
    residents_pos = np.flatnonzero(nodes["kind"].to_numpy() == "resident")

    supporters = sn.supporters[residents_pos]
    idom = sn.idom[residents_pos]
    code = np.select(
        [supporters == 0, idom < 0, idom == sn.root], [0, 1, 3], default=2
    )  # the order of STATUSES
    single = np.flatnonzero(code == 2)
    points: list[tuple[str, ...]] = [()] * len(residents_pos)
    for i, v in zip(single.tolist(), idom[single].tolist()):
        points[i] = tuple(ids[list(sn.chains[v])])

    pair_r, pair_d, statuses, chains = _need_statuses(sn, residents_pos)
    need_status: list[dict] = [{} for _ in residents_pos]
    need_points: list[dict] = [{} for _ in residents_pos]
    row_of = np.empty(n + 1, dtype=np.int64)
    row_of[residents_pos] = np.arange(len(residents_pos))
    for row, d, st, chain in zip(row_of[pair_r].tolist(), pair_d, statuses, chains):
        need_status[row][d] = st
        if chain:
            need_points[row][d] = tuple(ids[list(chain)])

    sub = nodes.iloc[residents_pos]
    lsns6 = sub["lsns6"].reset_index(drop=True)
    return pd.DataFrame(
        {
            "id": sub["id"].to_numpy(),
            "name": sub["name"].to_numpy(),
            "district": sub["district"].to_numpy(),
            "status": pd.Categorical.from_codes(code, categories=list(STATUSES)),
            "supporters": supporters.astype(np.int64),
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
