"""Coverage gaps: needs nobody nearby holds, and fields no horizontal thread joins.

*By district and domain*: for each district and each domain some resident there needs, how
that need is held (the per-need statuses of SPEC §3) and how many supporters located in the
district, or city-wide, offer the domain in their ``services``.

*Domain pairs* (横の糸, the horizontal threads between fields): the *organisations* are the
nodes that are not residents; their *working graph* is undirected, with an edge for every
active support or collaboration between two organisations. For domains ``a`` and ``b``, let
``O_a`` and ``O_b`` be the organisations whose ``services`` include them, and add a virtual
node ``A`` joined to every member of ``O_a`` and ``B`` joined to every member of ``O_b``.
The pair is ``linked`` when ``B`` can be reached from ``A``; its ``single_points`` are the
organisations lying on *every* ``A``–``B`` path (an organisation offering both domains is
on the path ``A``–it–``B``), so the link is ``overlapping`` exactly when two paths share no
organisation. Single points are the dominators of ``B`` in the working graph rooted at
``A``: one dominator tree per domain, then a nearest common dominator per pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import rustworkx as rx

from ..arrays import distinct
from ..network import Network
from ..tables import records
from .dominators import safety_net
from .status import resident_rows

__all__ = ["DISTRICT_COLUMNS", "Gaps", "by_district", "domain_pairs", "gaps", "not_held"]

# the columns of by_district: a cell, then counts of its residents in need and its providers
DISTRICT_COLUMNS = (
    "district",
    "domain",
    "in_need",
    "overlapping",
    "single_thread",
    "unreached",
    "uncovered",
    "providers",
    "providers_with_room",
)

NEED_COUNTS = ("overlapping", "single_thread", "unreached", "uncovered")
PAIR_STATUSES = ("unlinked", "single_thread", "overlapping")


@dataclass
class Gaps:
    """Coverage gaps of one network on one day.

    Attributes
    ----------
    by_district : DataFrame
        See :func:`by_district`.
    domain_pairs : DataFrame
        See :func:`domain_pairs`.
    """

    by_district: pd.DataFrame
    domain_pairs: pd.DataFrame

    def to_dict(self) -> dict:
        """Plain JSON-able form: ``{"by_district": [...], "domain_pairs": [...]}``."""
        return {
            "by_district": records(self.by_district),
            "domain_pairs": records(self.domain_pairs),
        }


def _spare(net: Network, as_of) -> np.ndarray:
    """Whether each node can take one more person (no capacity limit counts as yes)."""
    active = net.active(as_of) & (net.supports["relation"] == "support").to_numpy()
    n = len(net.nodes)
    pairs = distinct(net.source_index[active].astype(np.int64) * n + net.target_index[active])
    load = np.bincount(pairs // n, minlength=n) if n else np.zeros(0, dtype=np.int64)
    capacity = net.nodes["capacity"]
    return (capacity.isna() | (capacity.fillna(0).to_numpy() > load)).to_numpy(dtype=bool)


def by_district(net: Network, table: pd.DataFrame, *, as_of=None) -> pd.DataFrame:
    """Needs by district and domain, with how they are held and who nearby offers them.

    Parameters
    ----------
    net : Network
    table : DataFrame
        :func:`~tsunagari.residents` of ``net`` on the same day.
    as_of : date or str, optional
        The day (for supporters' current load). Default: the day ``table`` was computed
        for (its ``attrs["as_of"]``), else today.

    Returns
    -------
    DataFrame
        One row per (district, domain) with ``in_need > 0``: ``district`` (empty =
        residents with no district), ``domain``, ``in_need`` (residents there with that
        need), ``overlapping``, ``single_thread``, ``unreached``, ``uncovered`` (the
        per-need statuses; they sum to ``in_need``), ``providers`` (non-resident nodes in
        that district or city-wide whose ``services`` include the domain) and
        ``providers_with_room`` (those of them below their ``capacity``). Sorted worst
        first: no provider, then most uncovered, unreached, single thread; then district
        and domain.
    """
    if as_of is None:
        as_of = table.attrs.get("as_of")
    vocab_order = {code: i for i, code in enumerate(net.vocabulary.domains)}
    counts: dict[tuple[str, str], list[int]] = {}
    slot = {s: i for i, s in enumerate(NEED_COUNTS)}
    for district, needs in zip(table["district"].tolist(), table["needs"].tolist()):
        for domain, status in needs.items():
            row = counts.setdefault((district, domain), [0] * len(NEED_COUNTS))
            row[slot[status]] += 1

    nodes = net.nodes
    spare = _spare(net, as_of)
    offer: dict[tuple[str, str], list[int]] = {}
    is_org = (nodes["kind"] != "resident").to_numpy()
    for district, services, room in zip(
        nodes["district"].to_numpy()[is_org], nodes["services"].to_numpy()[is_org], spare[is_org]
    ):
        for domain in services:
            pair = offer.setdefault((district, domain), [0, 0])
            pair[0] += 1
            pair[1] += int(room)

    rows = []
    for (district, domain), held in counts.items():
        local = offer.get((district, domain), [0, 0])
        wide = offer.get(("", domain), [0, 0]) if district else [0, 0]
        rows.append(
            {
                "district": district,
                "domain": domain,
                "in_need": sum(held),
                **dict(zip(NEED_COUNTS, held)),
                "providers": local[0] + wide[0],
                "providers_with_room": local[1] + wide[1],
            }
        )
    frame = pd.DataFrame(rows, columns=list(DISTRICT_COLUMNS))
    key = pd.DataFrame(
        {
            "none": (frame["providers"] > 0).astype(int),
            "uncovered": -frame["uncovered"],
            "unreached": -frame["unreached"],
            "single": -frame["single_thread"],
            "district": frame["district"],
            "domain": frame["domain"].map(vocab_order).fillna(len(vocab_order)),
        }
    )
    order = key.sort_values(list(key.columns), kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def not_held(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells of :func:`by_district` with a need not held by overlapping threads."""
    return frame[frame[["uncovered", "unreached", "single_thread"]].sum(axis=1) > 0]


def domain_pairs(net: Network, *, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """For each pair of domains offered by organisations, the threads that join them.

    See the module docstring for the exact definition of ``linked`` and ``single_points``.

    Returns
    -------
    DataFrame
        One row per unordered pair, in vocabulary order: ``domain_a, domain_b``,
        ``providers_a, providers_b`` (organisations offering each), ``linked`` (bool),
        ``status`` (``unlinked``, ``single_thread`` or ``overlapping``) and
        ``single_points`` (ids of the organisations every link runs through, from the
        ``domain_a`` side to the ``domain_b`` side).

    Examples
    --------
    >>> import tsunagari as tg
    >>> pairs = tg.analysis.domain_pairs(tg.load(), as_of="2026-11-27")
    >>> sorted(pairs["status"].unique())
    ['overlapping', 'single_thread']
    """
    nodes = net.nodes
    n = len(nodes)
    ids = nodes["id"].to_numpy()
    is_org = (nodes["kind"] != "resident").to_numpy()
    active = net.active(as_of)
    s, t = net.source_index[active], net.target_index[active]
    keep = is_org[s] & is_org[t]
    edges = list(zip(s[keep].tolist(), t[keep].tolist()))

    offered: dict[str, list[int]] = {}
    for i in np.flatnonzero(is_org).tolist():
        for domain in nodes["services"].iat[i]:
            offered.setdefault(domain, []).append(i)
    domains = [d for d in net.vocabulary.domains if d in offered]

    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(n + 1))  # vertex n: the virtual A of the current domain
    graph.add_edges_from_no_data(edges + [(b, a) for a, b in edges])
    rows = []
    for i, a in enumerate(domains):
        start = [(n, x) for x in offered[a]]
        added = graph.add_edges_from_no_data(start)
        found = rx.immediate_dominators(graph, n)
        for index in added:
            graph.remove_edge_from_index(index)
        idom = np.full(n + 1, -1, dtype=np.int64)
        idom[np.fromiter(found.keys(), np.int64, len(found))] = np.fromiter(
            found.values(), np.int64, len(found)
        )
        for b in domains[i + 1 :]:
            reached = [x for x in offered[b] if idom[x] >= 0]
            chain: list[int] = []
            if reached:
                top = _common(idom, reached, n)
                while top != n:
                    chain.append(top)
                    top = int(idom[top])
            status = "unlinked" if not reached else "single_thread" if chain else "overlapping"
            rows.append(
                {
                    "domain_a": a,
                    "domain_b": b,
                    "providers_a": len(offered[a]),
                    "providers_b": len(offered[b]),
                    "linked": bool(reached),
                    "status": status,
                    "single_points": tuple(ids[list(reversed(chain))]),
                }
            )
    columns = [
        "domain_a",
        "domain_b",
        "providers_a",
        "providers_b",
        "linked",
        "status",
        "single_points",
    ]
    return pd.DataFrame(rows, columns=columns)


def _common(idom: np.ndarray, vertices: list[int], root: int) -> int:
    """Nearest common dominator of ``vertices`` in the tree ``idom`` rooted at ``root``."""
    chains = []
    for v in vertices:
        chain = [v]
        while v != root:
            v = int(idom[v])
            chain.append(v)
        chains.append(chain[::-1])
    common = root
    for level in zip(*chains):
        if all(x == level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def gaps(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
) -> Gaps:
    """Where needs are not held, by district and domain, and which fields are not joined.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        The day on which supports count as active (default today).
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).

    Returns
    -------
    Gaps
        ``by_district`` (:func:`by_district`) and ``domain_pairs`` (:func:`domain_pairs`).

    Examples
    --------
    >>> import tsunagari as tg
    >>> result = tg.gaps(tg.load(), as_of="2026-11-27")
    >>> row = result.by_district.iloc[0]
    >>> int(row["in_need"]) == int(row[["overlapping", "single_thread", "unreached",
    ...                                 "uncovered"]].sum())
    True
    """
    sn = safety_net(net, as_of=as_of, roots=roots)
    table = resident_rows(sn)
    return Gaps(
        by_district=by_district(net, table, as_of=sn.as_of),
        domain_pairs=domain_pairs(net, as_of=sn.as_of),
    )
