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
(a son who does his mother's shopping and is reached only through her) only vertices of
``r``'s strongly connected component can change, and of those only the small *region*
that :mod:`.removal` finds (in a dense, reciprocal community usually none or a handful);
the region's vertices get copies, entered from the dominator tree, that give the exact
answer. :func:`_need_statuses` asks all those questions at once, in one compiled
dominator computation over the tree, the copies and one vertex per (resident, need); so
the cost stays near linear. :func:`need_thread` answers one pair alone (for what-if
questions about a single new tie).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import countOf
from typing import TYPE_CHECKING, overload

import numpy as np

from ..arrays import distinct, ranges
from ..columnar import (
    Column,
    Columns,
    Maps,
    Nullable,
    Ordered,
    framed,
    from_frame,
    ordered_dtype,
    plain_list,
)
from ..errors import TsunagariError
from ..vocabulary import NEED_STATUSES, STATUSES
from ..words import message
from .dominators import SINGLE_THREAD, SafetyNet
from .trees import dominator_array, local_dominators

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_AT_RISK",
    "SEVERITY",
    "at_risk",
    "need_rows",
    "need_status_dtype",
    "need_thread",
    "resident_columns",
    "resident_rows",
    "status_dtype",
    "thread_in",
]

SEVERITY = {status: rank for rank, status in enumerate(STATUSES)}
DEFAULT_AT_RISK = ("isolated", "unreached", "single_thread")


def status_dtype() -> pd.CategoricalDtype:
    """The statuses in every frame, ordered worst first: isolated < unreached < … <
    overlapping (a function: pandas is imported only when a frame is made)."""
    return ordered_dtype(tuple(STATUSES))


def need_status_dtype() -> pd.CategoricalDtype:
    """The need statuses in every frame, ordered worst first (uncovered first)."""
    return ordered_dtype(tuple(NEED_STATUSES))


def need_thread(sn: SafetyNet, r: int, supporters: Sequence[int]) -> tuple[str, tuple[int, ...]]:
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
    return "single_thread", sn.chains[top] or ()  # reached: it has a chain


def _need_thread_on_cycle(
    sn: SafetyNet, r: int, supporters: Sequence[int]
) -> tuple[str, tuple[int, ...]]:
    """Exact per-need answer when a supporter shares a strongly connected component with r:
    a dominator computation on the region of ``G − r`` that :mod:`.removal` finds, fed
    by the supporters that still reach ``r``."""
    region = sn.removal.region(r, supporters)
    edges = region.attached(sn) + [(s, r) for s in region.fed]
    return thread_in(local_dominators(edges, sn.root), r, sn.root)


def thread_in(local: dict[int, int], r: int, root: int) -> tuple[str, tuple[int, ...]]:
    """``r``'s status and single points, nearest first, in a small graph's dominators
    ``local`` (immediate dominator of each vertex reached from ``root``)."""
    if r not in local:
        return "unreached", ()
    chain = []
    v = local[r]
    while v != root:
        chain.append(v)
        v = local[v]
    return ("single_thread", tuple(chain)) if chain else ("overlapping", ())


class _Chains:
    """Single points as id tuples, read up a dominator tree and shared between residents.

    ``original`` maps a vertex of the tree (a node, or a copy of one) to its node.
    """

    def __init__(self, sn: SafetyNet, idom: np.ndarray, original: np.ndarray):
        self.idom = idom.tolist()
        self.original = original.tolist()
        self.ids = sn.net.node_column("id").tolist()
        self.root = sn.root
        self.memo: dict[int, tuple[str, ...]] = {self.root: ()}

    def __call__(self, v: int) -> tuple[str, ...]:
        """Ids of ``v`` and of every vertex dominating it, nearest first, root excluded."""
        memo = self.memo
        path = []
        while v not in memo:
            path.append(v)
            v = self.idom[v]
        chain = memo[v]
        for w in reversed(path):
            chain = (self.ids[self.original[w]], *chain)
            memo[w] = chain
        return chain

    def each(self, vertices: list[int]) -> list[tuple[str, ...]]:
        """:meth:`__call__` of each vertex (most are in the memo already)."""
        return [self.memo.get(v) or self(v) for v in vertices]


def _need_statuses(sn: SafetyNet, residents_pos: np.ndarray):
    """Status and single points of every (resident, need) pair, in one dominator pass.

    Returns the pairs' rows (positions in ``residents_pos``), domain codes, status codes
    (indices into :data:`NEED_STATUSES`) and, per pair, the vertex whose dominator chain
    gives its single points (``-1`` for none), with the :class:`_Chains` that spells them.

    Each pair with supporters becomes a *need vertex* fed by exactly those supporters, added
    to the dominator tree of the whole network (which stands in for every path to a node
    outside a resident's strongly connected component). A resident whose need is fed from
    inside her own component also gets a copy of that component without her: paths to
    those supporters may not run through her. One compiled dominator computation over the
    tree, the copies and the need vertices then answers every pair exactly.
    """
    n, root = sn.n, sn.root
    needs = sn.net.node_column("needs")[residents_pos]
    lengths = np.fromiter(map(len, needs), np.int64, len(needs))
    pair_row = np.repeat(np.arange(len(residents_pos)), lengths)
    pair_r = residents_pos[pair_row]
    pair_d = np.array([d for t in needs for d in t], dtype=object)
    status = np.zeros(len(pair_r), dtype=np.int8)  # uncovered
    top = np.full(len(pair_r), -1, dtype=np.int64)
    if len(pair_r) == 0:
        return pair_row, pair_d, status, top, _Chains(sn, sn.idom, np.arange(n + 1))

    # the distinct supporters feeding each pair, from the active supports with a domain
    domains = {d: i for i, d in enumerate(sn.net.vocabulary.domains)}
    width = len(domains) + 1
    has_domain = sn.support_domain != ""
    dom = np.array([domains[d] for d in sn.support_domain[has_domain]], dtype=np.int64)
    keys = distinct(
        (sn.support_dst[has_domain] * width + dom) * (n + 1) + sn.support_src[has_domain]
    )
    feed_key, feed_src = keys // (n + 1), keys % (n + 1)
    pair_key = pair_r * width + np.array([domains[d] for d in pair_d], dtype=np.int64)
    left = np.searchsorted(feed_key, pair_key, "left")
    count = np.searchsorted(feed_key, pair_key, "right") - left
    fed = np.flatnonzero(count > 0)
    feed_pair = np.repeat(fed, count[fed])
    feeder = feed_src[ranges(left[fed], count[fed])]

    # residents fed from inside their own component: the region of G − r that moves
    comp = sn.component
    inside = np.flatnonzero(comp[feeder] == comp[pair_r[feed_pair]])
    removal = sn.removal
    need_src = feeder.copy()
    owners = distinct(pair_r[feed_pair[inside]])
    quiet = removal.quiet(owners)
    # most owners change nothing but their own subtree: those feeders are cut off
    calm = quiet[np.searchsorted(owners, pair_r[feed_pair[inside]])]
    rows = inside[calm]
    need_src[rows[removal.cut_off(feeder[rows], pair_r[feed_pair[rows]])]] = -1
    # the others: a region each, whose vertices get copies
    inside = inside[~calm]
    owner_of = pair_r[feed_pair[inside]]
    by_owner = np.argsort(owner_of, kind="stable")
    inside, owner_of = inside[by_owner], owner_of[by_owner]
    bounds = np.flatnonzero(np.r_[True, owner_of[1:] != owner_of[:-1], True])[: len(inside) + 1]
    base = n + 1
    copy_of: list[int] = []
    copy_src: list[int] = []
    copy_dst: list[int] = []
    feeder_list = feeder.tolist()
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        rows = inside[lo:hi].tolist()
        region = removal.region(
            int(owner_of[lo]), list(dict.fromkeys(feeder_list[i] for i in rows))
        )
        at = {v: base + len(copy_of) + k for k, v in enumerate(region.local)}
        copy_of.extend(region.local)
        for p, x in region.edges:
            copy_src.append(at.get(p, p))
            copy_dst.append(at[x])
        still = set(region.fed)
        for i in rows:
            f = feeder_list[i]
            need_src[i] = at.get(f, f) if f in still else -1
    live = need_src >= 0

    # need vertices, fed by their supporters (or those supporters' places in a region)
    need_base = base + len(copy_of)
    reached = np.flatnonzero(sn.idom[:n] >= 0)
    src = np.concatenate([sn.idom[reached], np.array(copy_src, np.int64), need_src[live]])
    dst = np.concatenate([reached, np.array(copy_dst, np.int64), need_base + feed_pair[live]])
    idom = dominator_array(need_base + len(pair_r), src, dst, root)

    fed_at = idom[need_base + fed]
    status[fed] = np.select([fed_at < 0, fed_at == root], [1, 3], default=2)
    single = fed[(fed_at >= 0) & (fed_at != root)]
    top[single] = idom[need_base + single]
    original = np.concatenate([np.arange(n + 1), np.array(copy_of, np.int64)])
    return pair_row, pair_d, status, top, _Chains(sn, idom, original)


def resident_columns(sn: SafetyNet, *, lsns_threshold: int = 12) -> Columns:
    """The status table of every resident (:meth:`.Analysis.residents`) from a
    :class:`SafetyNet`, as :class:`~tsunagari.columnar.Columns`."""
    net = sn.net
    residents_pos = np.flatnonzero(sn.is_resident)

    supporters = sn.supporters[residents_pos]
    idom = sn.idom[residents_pos]
    code = sn.status_codes(residents_pos)
    pair_row, pair_d, need_code, top, chain = _need_statuses(sn, residents_pos)
    points: list[tuple[str, ...]] = [()] * len(residents_pos)
    single = np.flatnonzero(code == SINGLE_THREAD)
    for i, found in zip(single.tolist(), chain.each(idom[single].tolist())):
        points[i] = found

    # each resident's needs, in the order of her ``needs`` (the pairs come in row order)
    need_names = np.array(list(NEED_STATUSES), dtype=object)  # the order of the codes
    ptr = np.zeros(len(residents_pos) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_row, minlength=len(residents_pos)), out=ptr[1:])
    needs = Maps(ptr, list(zip(pair_d.tolist(), need_names[need_code].tolist())))
    pointed = np.flatnonzero(top >= 0)
    point_ptr = np.zeros(len(residents_pos) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_row[pointed], minlength=len(residents_pos)), out=point_ptr[1:])
    points_of = chain.each(top[pointed].tolist())
    need_points = Maps(point_ptr, list(zip(pair_d[pointed].tolist(), points_of)))

    lsns6 = net.node_column("lsns6")[residents_pos]
    at_risk = Nullable(~lsns6.missing & (lsns6.values < lsns_threshold), lsns6.missing)
    return Columns(
        {
            "id": net.node_column("id")[residents_pos],
            "name": net.node_column("name")[residents_pos],
            "district": net.node_column("district")[residents_pos],
            "status": Ordered(code, tuple(STATUSES)),
            "supporters": supporters.astype(np.int64),
            "single_points": points,
            "needs": needs,
            "need_single_points": need_points,
            "lsns6": lsns6,
            "lsns_at_risk": at_risk,
        }
    )


def resident_rows(sn: SafetyNet, *, lsns_threshold: int = 12) -> pd.DataFrame:
    """:func:`resident_columns` as a frame, holding the day it is for in ``attrs``."""
    table = resident_columns(sn, lsns_threshold=lsns_threshold).frame()
    table.attrs["as_of"] = sn.as_of  # the day it holds for, so later steps use the same
    return table


def need_rows(sn: SafetyNet, table: pd.DataFrame) -> pd.DataFrame:
    """The long-form needs table of :meth:`.Analysis.needs`: one row per (resident,
    need), residents in file order, needs in the order of the resident's ``needs``."""
    import pandas as pd

    needs = table["needs"].tolist()
    count = np.fromiter(map(len, needs), np.int64, len(needs))
    row = np.repeat(np.arange(len(table)), count)
    domain = [d for m in needs for d in m]
    status = [s for m in needs for s in m.values()]
    points = [m.get(d, ()) for m, n in zip(table["need_single_points"].tolist(), needs) for d in n]
    # distinct active supporters of each (resident, domain)
    position = np.flatnonzero(sn.is_resident)
    code = {d: i for i, d in enumerate(sn.net.vocabulary.domains)}
    width, size = len(code) + 1, sn.n + 1
    has = sn.support_domain != ""
    feeds = (
        distinct(
            (sn.support_dst[has] * width + [code[d] for d in sn.support_domain[has]]) * size
            + sn.support_src[has]
        )
        // size
    )
    keys = position[row] * width + np.array([code[d] for d in domain], dtype=np.int64)
    supporters = np.searchsorted(feeds, keys, "right") - np.searchsorted(feeds, keys, "left")
    frame = framed(
        {
            "id": table["id"].to_numpy()[row],
            "name": table["name"].to_numpy()[row],
            "district": table["district"].to_numpy()[row],
            "domain": pd.Series(domain, dtype=object),
            "status": pd.Categorical(status, dtype=need_status_dtype()),
            "supporters": supporters.astype(np.int64),
            "single_points": pd.Series(points, dtype=object),
        }
    )
    return frame


@overload
def at_risk(
    table: Columns, *, statuses: Iterable[str] = ..., district: str | None = ...
) -> Columns: ...
@overload
def at_risk(
    table: pd.DataFrame, *, statuses: Iterable[str] = ..., district: str | None = ...
) -> pd.DataFrame: ...
def at_risk(
    table: pd.DataFrame | Columns,
    *,
    statuses: Iterable[str] = DEFAULT_AT_RISK,
    district: str | None = None,
) -> pd.DataFrame | Columns:
    """Residents with the given statuses, worst first.

    Worst means: status severity (isolated, unreached, single thread, overlapping), then
    the number of needs not held by overlapping threads, then LSNS-6 risk, then fewer
    supporters, then id.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`tsunagari.residents` (or its :class:`~tsunagari.columnar.Columns`:
        the result is then columns too).
    statuses : iterable of str
        Statuses to keep (``all`` keeps every one).
    district : str, optional
        Keep only residents of this district (an error listing the districts when no
        resident lives there).
    """
    wanted = list(statuses)
    if "all" in wanted:
        wanted = list(STATUSES)
    unknown = [s for s in wanted if s not in STATUSES]
    if unknown:
        raise TsunagariError(
            message("err_unknown_status", status=unknown[0], options=", ".join(STATUSES))
        )
    columns = table if isinstance(table, Columns) else from_frame(table)
    severity = _severity(columns["status"])
    keep = np.isin(severity, [SEVERITY[s] for s in wanted])
    if district is not None:
        districts = np.asarray(columns["district"], dtype=object)
        here = districts == district
        if not here.any():  # a typo would print an empty table and look like good news
            known = sorted({d for d in districts.tolist() if d})
            raise TsunagariError(message("err_district", district=district, known=", ".join(known)))
        keep = keep & here
    rows = np.flatnonzero(keep)
    weak = _weak(columns["needs"])[rows]
    ids = np.asarray(columns["id"], dtype=object)[rows]
    by_id = np.argsort(ids.astype(str), kind="stable")  # C-level string sort
    keys = (
        np.asarray(columns["supporters"], dtype=np.int64)[rows][by_id],
        -_truth(columns["lsns_at_risk"]).astype(np.int64)[rows][by_id],
        -weak[by_id],
        severity[rows][by_id],
    )
    order = rows[by_id[np.lexsort(keys)]]  # the last key sorts first
    if isinstance(table, Columns):
        return table.take(order)
    return table.iloc[order].reset_index(drop=True)


def _weak(needs: Column) -> np.ndarray:
    """How many needs of each row are not held by overlapping threads."""
    if isinstance(needs, Maps):
        return needs.sizes() - needs.count("overlapping")
    counted = (len(m) - countOf(m.values(), "overlapping") for m in plain_list(needs))
    return np.fromiter(counted, np.int64, len(needs))


def _severity(column: Column) -> np.ndarray:
    """Each row's status as its rank in :data:`STATUSES` (0 = isolated, the worst)."""
    if isinstance(column, Ordered) and column.names == tuple(STATUSES):
        return column.codes.astype(np.int64)
    return np.array([SEVERITY[s] for s in plain_list(column)], dtype=np.int64)


def _truth(column: Column) -> np.ndarray:
    """A boolean column with missing values as False."""
    if isinstance(column, Nullable):
        return column.values & ~column.missing
    return np.array([bool(v) and v == v for v in plain_list(column)], dtype=bool)  # NaN: False
