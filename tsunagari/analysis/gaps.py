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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..columnar import framed_rows
from ..network import Network
from ..tables import records
from .dominators import SafetyNet
from .trees import common_dominator, dominator_array, tree_depth

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DISTRICT_COLUMNS", "Gaps", "bridges", "by_district", "domain_pairs", "not_held"]

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
    meta: dict = field(default_factory=dict)  # the day and roots they hold for

    def to_dict(self) -> dict:
        """Plain JSON-able form: ``{"as_of": ..., "roots": [...], "by_district": [...],
        "domain_pairs": [...]}``."""
        return {
            **self.meta,
            "by_district": records(self.by_district),
            "domain_pairs": records(self.domain_pairs),
        }


def by_district(sn: SafetyNet, table: pd.DataFrame) -> pd.DataFrame:
    """Needs by district and domain, with how they are held and who nearby offers them.

    Parameters
    ----------
    sn : SafetyNet
        The safety net of the day (for supporters' load now).
    table : DataFrame
        The resident table of that safety net.

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
    import pandas as pd

    net = sn.net
    vocab_order = {code: i for i, code in enumerate(net.vocabulary.domains)}
    counts: dict[tuple[str, str], list[int]] = {}
    slot = {s: i for i, s in enumerate(NEED_COUNTS)}
    for district, needs in zip(table["district"].tolist(), table["needs"].tolist()):
        for domain, status in needs.items():
            row = counts.setdefault((district, domain), [0] * len(NEED_COUNTS))
            row[slot[status]] += 1

    nodes = net.nodes
    spare = sn.has_room
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
    frame = framed_rows(rows, list(DISTRICT_COLUMNS))
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
    >>> from tsunagari.analysis.gaps import domain_pairs
    >>> pairs = domain_pairs(tg.load(), as_of="2026-11-27")
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
    org_src = np.concatenate([s[keep], t[keep]]).astype(np.int64)
    org_dst = np.concatenate([t[keep], s[keep]]).astype(np.int64)

    offered: dict[str, list[int]] = {}
    for i in np.flatnonzero(is_org).tolist():
        for domain in nodes["services"].iat[i]:
            offered.setdefault(domain, []).append(i)
    domains = [d for d in net.vocabulary.domains if d in offered]

    rows = []
    for i, a in enumerate(domains):
        # vertex n: the virtual A of the current domain, linked to its providers
        start = np.array(offered[a], dtype=np.int64)
        src = np.concatenate([org_src, np.full(len(start), n)])
        idom = dominator_array(n + 1, src, np.concatenate([org_dst, start]), n)
        depth = tree_depth(idom, n)
        for b in domains[i + 1 :]:
            reached = [x for x in offered[b] if idom[x] >= 0]
            chain: list[int] = []
            if reached:
                top = common_dominator(idom, depth, reached)
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
    return framed_rows(rows, columns)


def bridges(pairs: pd.DataFrame) -> list[tuple[str, int]]:
    """The organisations that alone join some pair of fields (single points of a
    ``single_thread`` row of :func:`domain_pairs`), with how many pairs each joins, most
    first.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"status": ["single_thread", "overlapping", "single_thread"],
    ...                       "single_points": [("a",), (), ("b", "a")]})
    >>> bridges(frame)
    [('a', 2), ('b', 1)]
    """
    joined: dict[str, int] = {}
    single = pairs[pairs["status"] == "single_thread"]
    for points in single["single_points"].tolist():
        for point in points:
            joined[point] = joined.get(point, 0) + 1
    return sorted(joined.items(), key=lambda kv: (-kv[1], kv[0]))
