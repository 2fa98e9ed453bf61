"""A city-wide plan of new ties: chosen one at a time, each turning the most single threads
into overlaps, within every supporter's capacity.

Adding a tie into ``r`` from a supporter independent of ``r``'s single points (a candidate
of :mod:`.suggest`) makes every single-thread resident ``w`` overlapping that ``r`` reaches
through nodes no shallower in the dominator tree than ``w`` (Ramalingam–Reps: these are
exactly the vertices the insertion affects), so the gain of each tie is read off the tree.
After each choice the network is recomputed with the tie added, and the residents it
really turned overlapping are listed.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import numpy as np

from ..columnar import Columns, plain_list
from .dominators import OVERLAPPING, SINGLE_THREAD, safety_net
from .need_after import need_status
from .status import SEVERITY
from .suggest import need_targets, ordered_statuses, reason, resident_record
from .web import Web

if TYPE_CHECKING:
    from .analysed import Analysis

__all__ = ["PLAN_COLUMNS", "plan_columns"]

PLAN_COLUMNS = [
    "step",
    "resident",
    "supporter",
    "supporter_name",
    "domain",
    "introducer",
    "status_after",
    "need_after",
    "fixed",
    "fixed_count",
    "reason",
]
_STATUS_NAMES = list(SEVERITY)  # status code -> name


def gain(web: Web, r: int, single: list[bool]) -> list[int]:
    """Single-thread residents made overlapping by a tie into ``r`` from a supporter
    independent of ``r``'s single points: those ``w`` that ``r`` reaches through nodes of
    depth ≥ depth(w) in the dominator tree (the vertices the insertion affects)."""
    depth, ptr, succ, root = web.depth, web.succ_ptr, web.succ, web.root
    start = ptr[r]
    if start == ptr[r + 1]:
        return [r] if single[r] else []
    best = {r: depth[r]}
    heap = [(-depth[r], r)]
    while heap:
        b, v = heapq.heappop(heap)
        b = -b
        if b < best[v]:
            continue
        for w in succ[ptr[v] : ptr[v + 1]]:
            if w == root or depth[w] < 2:
                continue
            bw = min(b, depth[w])
            if bw > best.get(w, -1):
                best[w] = bw
                heapq.heappush(heap, (-bw, w))
    return sorted(w for w, b in best.items() if single[w] and b >= depth[w])


class Gains:
    """How many single-thread residents a tie into each would make overlapping
    (:func:`gain`), kept from one step of a plan to the next.

    A count reads only nodes of the resident's branch of the dominator tree (for an edge
    ``u → v`` with ``v`` at depth 2 or more, ``idom(v)`` dominates ``u``: both are in one
    branch) and the depth of successors at depth 1 or 0. A new tie ``s → r`` changes the
    dominators of nodes in ``r``'s branch only: a new path into another branch enters it
    through its top and from there on is an old path, meeting every old dominator of
    the node. So after a tie only the counts in the branches of ``r`` and ``s`` (which
    has a new successor) are counted again.
    """

    def __init__(self, web: Web) -> None:
        self.web = web
        self.known: dict[int, int] = {}

    def counts(self, residents: list[int], single: list[bool]) -> list[int]:
        """The count for each of ``residents`` (single-thread residents' positions)."""
        known, web = self.known, self.web
        out = []
        for r in residents:
            count = known.get(r)
            if count is None:
                count = known[r] = len(gain(web, r, single))
            out.append(count)
        return out

    def forget(self, s: int, r: int) -> None:
        """Drop the counts a new tie ``s → r`` may change (call before the web's
        :meth:`~.Web.refresh` with the tree it makes)."""
        branch = self.web.branch
        touched = {branch[s], branch[r]}
        self.known = {v: c for v, c in self.known.items() if branch[v] not in touched}


def _best_tie(web: Web, r: int, row: dict, vocab) -> tuple[int, str, str] | None:
    """The best candidate for resident ``r`` (its table ``row``) over her target needs:
    with an introducer first, then the most urgent need, then local before city-wide,
    then the most room, then id. ``(supporter, domain, need status)`` or None."""
    best = None
    for rank, (domain, need) in enumerate(need_targets(row, vocab)):
        for s in web.candidates(r, domain):
            key = (
                web.introducer(r, s) is None,
                rank,
                web.district[s] == "",
                web.room_rank(s),
                web.ids[s],
            )
            if best is None or key < best[0]:
                best = (key, s, domain, need)
    return None if best is None else best[1:]


def plan_columns(a: Analysis, links: int, *, lang: str = "en") -> Columns:
    """The table of :meth:`.Analysis.plan`, as columns.

    Each step takes, among residents on a single thread with at least one candidate
    independent of their single points, the one whose new tie would make the most
    single-thread residents overlapping (family members held through her gain too), and
    the best candidate for her (:func:`_best_tie`). The plan stops early when no tie
    helps. One status computation per step.
    """
    net, table = a.net, a.rows  # columns: no frame of the residents is made
    vocab = net.vocabulary
    web = Web(a.sn)
    positions = np.flatnonzero(a.sn.is_resident)
    ids, districts, statuses, points = (
        plain_list(table[c]) for c in ("id", "district", "status", "single_points")
    )
    needs = table["needs"]  # a row's dict made when it is read

    def row_of(i: int) -> dict:
        return resident_record(ids[i], districts[i], statuses[i], needs.at(i), points[i])

    status = a.sn.status_codes(positions)
    gains = Gains(web)
    added: list[tuple[str, str, str]] = []
    steps = []
    for step in range(1, links + 1):
        held = np.flatnonzero(status == SINGLE_THREAD)
        residents = positions[held].tolist()
        single = [False] * (web.n + 1)
        for r in residents:
            single[r] = True
        ranked = sorted(
            zip(held.tolist(), residents, gains.counts(residents, single)),
            key=lambda item: (-item[2], ids[item[0]]),
        )
        choice = None
        for i, r, _gained in ranked:
            tie = _best_tie(web, r, row_of(i), vocab)
            if tie is not None:
                choice = (i, r, *tie)
                break
        if choice is None:
            break
        i, r, s, domain, need = choice
        row = row_of(i)
        intro = web.introducer(r, s)
        added.append((web.ids[s], row["id"], domain))
        # every tie so far onto the network given
        extra = dict(zip(("source", "target", "domain"), map(list, zip(*added))))
        sn = safety_net(net.with_supports(extra), as_of=a.as_of, roots=a.roots)
        web.add(s, r, domain)
        gains.forget(s, r)
        web.refresh(sn)
        after = sn.status_codes(positions)
        newly = (status == SINGLE_THREAD) & (after == OVERLAPPING)
        fixed = tuple(sorted(table["id"][newly].tolist()))
        need_after = need_status(sn, r, web.feeding(r, domain)) if need else None
        del sn
        mine = _STATUS_NAMES[after[i]]
        steps.append(
            {
                "step": step,
                "resident": row["id"],
                "supporter": web.ids[s],
                "supporter_name": web.names[s],
                "domain": domain,
                "introducer": None if intro is None else web.ids[intro],
                "status_after": mine,
                "need_after": need_after,
                "fixed": fixed,
                "fixed_count": len(fixed),
                "reason": reason(web, row, domain, need, mine, need_after or "", intro, lang),
            }
        )
        status = after
    return Columns(ordered_statuses({c: [step[c] for step in steps] for c in PLAN_COLUMNS}))
