"""The safety net without one resident: the few vertices whose dominators move.

A need of resident ``r`` is asked of the graph ``G − r`` (SPEC §3: the thread never runs
through her), fed by her supporters of that domain. Only supporters in ``r``'s strongly
connected component can see a change (``r`` reaches no other one). This module finds, for
one ``r``, a small *region* of vertices whose dominators in ``G − r`` may differ from
those in ``G``, and the edges into it, so that a dominator computation on that region
(every other vertex standing in by its dominator chain in ``G``) answers exactly. The work
grows with the region, not with the size of the component.

Why it is exact (``D`` the dominator tree of ``G``, ``d = idom(r)``, "siblings" the
children of ``d``; a *derived edge* ``a → c`` between siblings stands for an edge into
``c`` from a vertex of ``a``'s subtree):

1. A supporter ``s`` of ``r`` lies in ``d``'s subtree (an edge ``s → r`` means ``d``
   dominates ``s``, or is ``s``). If ``r`` dominates ``s``, ``s`` is cut off in
   ``G − r``; ``d`` and its dominators keep theirs (paths to them never pass ``r``).
2. For ``s`` in the subtree of a sibling ``c ≠ r``: every path to ``s`` enters that
   subtree through ``c`` and stays in it afterwards, and ``r`` is not in it, so
   ``Dom_{G−r}(s) = Dom_{G−r}(c) ∪ (the tree path from c to s)``. Only siblings matter.
3. *Robust* siblings keep ``d`` as immediate dominator in ``G − r``: a sibling with an
   edge from ``d`` itself, or one with derived edges from two different robust siblings
   other than ``r`` (their dominator sets meet only at ``d``'s). This is a grounded
   derivation: computed once for ``G`` in rounds (round 0: edges from ``d``; round k:
   two supporters from earlier rounds). For one ``r`` a sibling keeps its standing if it
   keeps two supporters of earlier rounds that kept theirs; the others are re-derived
   from those that stand, in any order. Siblings outside ``r``'s component never change.
4. A sibling ``c`` that ``r`` cannot reach by derived edges through non-robust siblings
   keeps its dominators: any path to ``c`` through ``r`` passes, after ``r``, a robust
   sibling ``b``; its suffix from ``b`` avoids ``r``, and ``b`` is reached in ``G − r``
   avoiding whatever the path avoided. So the *region* is the non-robust siblings ``r``
   reaches that way, plus the tree paths below them down to the vertices that feed
   them or ``r``. Everything else joins the computation by its dominator chain in ``G``.

In a dense, reciprocal community almost every sibling is robust, so the region is empty
or a handful of vertices. Its size is not bounded in general (a long ring of single
ties has regions of the ring's length), and then the work is that of the region.
The tests check the result against brute force on small dense networks, and on generated
mutual-aid towns against the definition (one dominator computation of ``G − r`` per need)
and against the former method (a copy of the whole component per resident).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..arrays import distinct, ranges
from .trees import chain_edges

if TYPE_CHECKING:
    from .dominators import SafetyNet

__all__ = ["Removal", "Region"]


@dataclass
class Region:
    """What ``G − r`` changes near ``r``, in original vertex numbers.

    ``local`` lists the vertices whose dominators may move (parents before children on
    each tree path); ``edges`` are the edges ``(p, x)`` into them, ``p`` either local or
    a vertex that keeps its dominators (so its chain in ``G`` stands for every path to
    it); ``fed`` lists the supporters that still reach ``r`` in ``G − r``.
    """

    local: list[int] = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)
    fed: list[int] = field(default_factory=list)

    def attached(self, sn: SafetyNet) -> list[tuple[int, int]]:
        """The edges, with the dominator chain of every vertex outside the region that
        they (or the feeders) start from: a whole small graph rooted at the virtual root."""
        starts = [p for p, _ in self.edges] + self.fed
        return self.edges + chain_edges(sn.idom, starts, {sn.root, *self.local})


class Removal:
    """Per safety net: derived edges between siblings and their robust rounds, computed
    once in numpy for every strongly connected component; :meth:`region` per resident."""

    def __init__(self, sn: SafetyNet) -> None:
        self.sn = sn
        self.asked = 0  # work counters: residents asked about, region vertices returned
        self.region_vertices = 0
        n1 = sn.n + 1
        idom = np.where(sn.idom >= 0, sn.idom, sn.root)
        # ancestor tables: up[j][v] is v's 2**j-th dominator (the root above itself)
        up = [idom]
        height = int(sn.depth.max(initial=0))
        while (1 << len(up)) <= height:
            up.append(up[-1][up[-1]])
        self._up_arrays = up
        self.up = [_scalars(a) for a in up]
        self.depth = _scalars(sn.depth)
        self.idom = _scalars(sn.idom)
        self.component = _scalars(sn.component)

        # derived edges a -> c between siblings of one component (c's in-edge from a's
        # subtree); edges from outside the component only count (they never change)
        ptr, pred = sn.predecessors
        dst = np.repeat(np.arange(n1), ptr[1:] - ptr[:-1])
        src = pred
        keep = (sn.idom[src] >= 0) & (sn.idom[dst] >= 0) & (dst != sn.root)
        src, dst = src[keep], dst[keep]
        safe = np.zeros(n1, dtype=bool)
        safe[dst[src == sn.idom[dst]]] = True
        keep = src != sn.idom[dst]
        src, dst = src[keep], dst[keep]
        sib = self.ancestors(src, sn.depth[dst])
        keys = distinct((dst * n1 + sib)[sib != dst])
        dst, sib = keys // n1, keys % n1
        inside = sn.component[dst] == sn.component[sib]
        fixed = np.bincount(dst[~inside], minlength=n1)
        dst, sib = dst[inside], sib[inside]
        din_ptr = np.zeros(n1 + 1, dtype=np.int64)
        np.cumsum(np.bincount(dst, minlength=n1), out=din_ptr[1:])
        order = np.argsort(sib, kind="stable")
        dout_ptr = np.zeros(n1 + 1, dtype=np.int64)
        np.cumsum(np.bincount(sib, minlength=n1), out=dout_ptr[1:])
        dout = dst[order]

        # robust rounds: round 0 has an edge from the immediate dominator (or two from
        # outside the component); round k two supporters of earlier rounds
        rank = np.full(n1, -1, dtype=np.int64)
        count = fixed.copy()
        frontier = np.flatnonzero((safe | (fixed >= 2)) & (sn.idom >= 0))
        frontier = frontier[frontier != sn.root]
        rank[frontier] = 0
        low = np.where(safe, 2, fixed)
        round_ = 0
        while frontier.size:
            round_ += 1
            deg = dout_ptr[frontier + 1] - dout_ptr[frontier]
            hit = dout[ranges(dout_ptr[frontier], deg)]
            count += np.bincount(hit, minlength=n1)
            new = distinct(hit)
            new = new[(rank[new] < 0) & (count[new] >= 2)]
            rank[new] = round_
            low[new] = count[new]
            frontier = new
        self._rank, self._low, self._dout_ptr, self._dout = rank, low, dout_ptr, dout
        self.rank, self.low, self.fixed = _scalars(rank), _scalars(low), _scalars(fixed)
        self.din_ptr, self.din = _scalars(din_ptr), _scalars(sib)
        self.pred_ptr, self.pred = _scalars(ptr), _scalars(pred)
        self.dout_ptr, self.dout = _scalars(dout_ptr), _scalars(dout)

    # ---------------------------------------------------------------- tree helpers

    def ancestor(self, v: int, depth: int) -> int:
        """``v``'s dominator at ``depth`` (``v`` itself at its own depth)."""
        lift, j, up = self.depth[v] - depth, 0, self.up
        while lift > 0:
            if lift & 1:
                v = up[j][v]
            lift >>= 1
            j += 1
        return v

    def ancestors(self, v: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """:meth:`ancestor` for arrays."""
        lift = self.sn.depth[v] - depth
        v = v.copy()
        for j, up in enumerate(self._up_arrays):
            move = (lift >> j) & 1 == 1
            v[move] = up[v[move]]
        return v

    def cut_off(self, v: np.ndarray, r: np.ndarray) -> np.ndarray:
        """Whether each ``v`` is dominated by (or is) the matching ``r``: cut off in ``G − r``."""
        return self.ancestors(v, self.sn.depth[r]) == r

    def quiet(self, owners: np.ndarray) -> np.ndarray:
        """For each of ``owners``, whether :meth:`region` would be empty, in one pass:
        ``r`` is reached, and every sibling ``r`` feeds is robust and keeps its standing
        when ``r`` goes (it is of an earlier round than ``r``, or keeps two supporters of
        earlier rounds besides ``r``), so the re-check in :meth:`_fallen` never starts.
        Then ``G − r`` differs from ``G`` only by ``r``'s subtree (:meth:`cut_off`)."""
        rank, ptr = self._rank, self._dout_ptr
        deg = ptr[owners + 1] - ptr[owners]
        fed = self._dout[ranges(ptr[owners], deg)]
        owner = np.repeat(owners, deg)
        falls = (rank[fed] < 0) | (
            (rank[owner] >= 0) & (rank[fed] > rank[owner]) & (self._low[fed] < 3)
        )
        loud = np.bincount(np.repeat(np.arange(len(owners)), deg)[falls], minlength=len(owners))
        quiet = (self.sn.idom[owners] >= 0) & (loud == 0)
        self.asked += int(quiet.sum())
        return quiet

    def _out(self, a: int) -> memoryview:
        return self.dout[self.dout_ptr[a] : self.dout_ptr[a + 1]]

    # ---------------------------------------------------------------- one resident

    def _fallen(self, r: int) -> set[int]:
        """Robust siblings that lose their standing in ``G − r`` (after re-derivation)."""
        rank, low = self.rank, self.low
        doubted: set[int] = set()
        if rank[r] < 0:
            return doubted
        lost: dict[int, int] = {}
        queue = [r]
        dout, dout_ptr = self.dout, self.dout_ptr
        while queue:
            x = queue.pop()
            rx = rank[x]
            for c in dout[dout_ptr[x] : dout_ptr[x + 1]]:
                if rank[c] <= rx or c in doubted:  # also: not robust, or round 0
                    continue
                k = lost[c] = lost.get(c, 0) + 1
                if low[c] - k < 2:
                    doubted.add(c)
                    queue.append(c)
        if not doubted:
            return doubted
        # re-derive, in any order, from the siblings that stand
        din, din_ptr, fixed = self.din, self.din_ptr, self.fixed
        count = {}
        ready = []
        for c in doubted:
            into = din[din_ptr[c] : din_ptr[c + 1]]
            k = fixed[c] + sum(1 for a in into if a != r and rank[a] >= 0 and a not in doubted)
            count[c] = k
            if k >= 2:
                ready.append(c)
        while ready:
            a = ready.pop()
            doubted.discard(a)
            for c in self._out(a):
                if c in doubted:
                    count[c] += 1
                    if count[c] == 2:
                        ready.append(c)
        return doubted

    def region(self, r: int, feeders: Sequence[int]) -> Region:
        """The region of ``G − r`` around ``r`` and the feeders that still reach ``r``.

        ``feeders`` are supporters of ``r`` (in any component); those cut off with ``r``
        are dropped.
        """
        out = Region()
        self.asked += 1
        idom, depth, comp = self.idom, self.depth, self.component
        if idom[r] < 0:  # r's component is unreached: nothing in it is reached without r
            out.fed = [s for s in feeders if comp[s] != comp[r]]
            return out
        rank = self.rank
        fallen = self._fallen(r)

        def weak(c: int) -> bool:
            return rank[c] < 0 or c in fallen

        # siblings r reaches through non-robust ones
        members: set[int] = set()
        queue = deque(c for c in self._out(r) if weak(c))
        members.update(queue)
        while queue:
            a = queue.popleft()
            for c in self._out(a):
                if c not in members and c != r and weak(c):
                    members.add(c)
                    queue.append(c)
        out.local.extend(sorted(members))
        local = set(members)
        dr = depth[r]

        def below(v: int) -> int:
            """``v`` itself, its tree path from its region sibling added to the region."""
            path = []
            x = v
            while x not in local:
                path.append(x)
                x = idom[x]
            for x in reversed(path):
                local.add(x)
                out.local.append(x)
                out.edges.append((idom[x], x))
            return v

        def source(p: int, target: int) -> int | None:
            """The source of an edge ``p → target`` (a sibling of ``r``, or ``r``) as the
            region sees it; ``None`` when it is cut off with ``r`` or runs back from
            ``target``'s own subtree."""
            if idom[p] < 0:
                return None
            if p == idom[target]:
                return p
            top = self.ancestor(p, dr)  # siblings and r share r's depth
            if top == r or top == target:
                return None
            return below(p) if top in members else p

        ptr, pred = self.pred_ptr, self.pred
        for c in out.local[: len(members)]:
            for p in pred[ptr[c] : ptr[c + 1]]:
                s = source(p, c)
                if s is not None:
                    out.edges.append((s, c))
        out.fed = [s for s in feeders if comp[s] != comp[r] or source(s, r) is not None]
        self.region_vertices += len(out.local)
        return out


def _scalars(values: np.ndarray) -> memoryview:
    """An array for one element at a time from Python: a memoryview over its buffer gives
    Python ints as a list would (as fast), without a Python int object per element (a
    list of a city's vertices costs about 36 bytes each, a dozen such lists a gigabyte)."""
    return np.ascontiguousarray(values).data
