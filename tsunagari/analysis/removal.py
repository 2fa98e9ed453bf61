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
The former method, a copy of the whole component per resident, stays in the tests as
an independent check.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .dominators import SafetyNet

__all__ = ["Removal", "Region"]


@dataclass
class Region:
    """What ``G − r`` changes near ``r``, in original vertex numbers.

    ``local`` lists the vertices whose dominators may move (parents before children on
    each tree path); ``edges`` are the edges ``(p, x)`` into them, ``p`` either local or
    a vertex that keeps its dominators (so its chain in ``G`` stands for every path to
    it); ``fed`` maps each supporter that still reaches ``r`` in ``G − r`` to itself.
    """

    local: list[int] = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)
    fed: dict[int, int] = field(default_factory=dict)

    def attached(self, sn: SafetyNet) -> list[tuple[int, int]]:
        """The edges, with the dominator chain of every vertex outside the region that
        they (or the feeders) start from: a whole small graph rooted at the virtual root."""
        idom = sn.idom
        edges = list(self.edges)
        in_tree = {sn.root, *self.local}
        for x in [p for p, _ in self.edges] + list(self.fed.values()):
            while x not in in_tree and idom[x] >= 0:
                in_tree.add(x)
                edges.append((int(idom[x]), x))
                x = int(idom[x])
        return edges


class Removal:
    """Per safety net: robust siblings and derived edges, for :meth:`region` queries."""

    def __init__(self, sn: SafetyNet):
        self.sn = sn
        idom = sn.idom.copy()
        idom[idom < 0] = sn.root
        self.depth = sn.depth.tolist()
        self.idom = sn.idom.tolist()
        # ancestor tables: up[j][v] is v's 2**j-th dominator (the root above itself)
        up = [idom]
        height = int(sn.depth.max(initial=0))
        while (1 << len(up)) <= height:
            up.append(up[-1][up[-1]])
        self._up_arrays = up
        self.up = [a.tolist() for a in up]
        self.component = sn.component.tolist()
        self.prepared: set[int] = set()
        self.din: dict[int, list[int]] = {}  # sibling -> distinct siblings with edges into it
        self.dout: dict[int, list[int]] = {}
        self.rank: dict[int, int] = {}  # robust siblings: the round that derived them
        self.low: dict[int, int] = {}  # robust siblings: supporters of earlier rounds
        self.fixed: dict[int, int] = {}  # supporters from outside the component

    # ---------------------------------------------------------------- tree helpers

    def ancestor(self, v: int, depth: int) -> int:
        """``v``'s dominator at ``depth`` (``v`` itself at its own depth)."""
        lift, j, up = self.depth[v] - depth, 0, self.up
        while lift:
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

    # ---------------------------------------------------------------- preparation

    def prepare(self, vertices: Iterable[int]) -> None:
        """Derived edges and robust rounds for the components of ``vertices``."""
        sn = self.sn
        comps = {self.component[v] for v in vertices} - self.prepared
        if not comps:
            return
        self.prepared |= comps
        want = np.isin(sn.component, np.fromiter(comps, np.int64, len(comps)))
        want &= sn.idom >= 0
        want[sn.root] = False
        members = np.flatnonzero(want)
        ptr, pred = sn.predecessors
        counts = ptr[members + 1] - ptr[members]
        dst = np.repeat(members, counts)
        src = pred[
            np.repeat(ptr[members] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        ]
        keep = sn.idom[src] >= 0
        src, dst = src[keep], dst[keep]
        safe = np.zeros(sn.n + 1, dtype=bool)
        safe[dst[src == sn.idom[dst]]] = True
        keep = src != sn.idom[dst]
        src, dst = src[keep], dst[keep]
        sib = self.ancestors(src, sn.depth[dst])
        keep = sib != dst
        sib, dst = sib[keep], dst[keep]
        pairs = np.unique(np.stack([dst, sib], axis=1), axis=0)
        inside = sn.component[pairs[:, 0]] == sn.component[pairs[:, 1]]
        outside_count = np.bincount(pairs[~inside, 0], minlength=sn.n + 1)
        din, dout = self.din, self.dout
        for c in members.tolist():
            din[c] = []
            dout.setdefault(c, [])
        for c, a in pairs[inside].tolist():
            din[c].append(a)
            dout.setdefault(a, []).append(c)
        # robust rounds: supporters from outside the component stand from the start
        rank, low, fixed = self.rank, self.low, self.fixed
        count: dict[int, int] = {}
        frontier = []
        for c in members.tolist():
            fixed[c] = int(outside_count[c])
            if safe[c] or fixed[c] >= 2:
                rank[c], low[c] = 0, 2
                frontier.append(c)
            else:
                count[c] = fixed[c]
        round_ = 0
        while frontier:
            round_ += 1
            touched = []
            for a in frontier:
                for c in dout[a]:
                    if c in count:
                        count[c] += 1
                        touched.append(c)
            frontier = []
            for c in touched:
                k = count.get(c)
                if k is not None and k >= 2:
                    del count[c]
                    rank[c], low[c] = round_, k
                    frontier.append(c)

    # ---------------------------------------------------------------- one resident

    def _standing(self, r: int) -> set[int]:
        """Robust siblings that lose their standing in ``G − r`` (re-derivation done)."""
        rank, low, dout = self.rank, self.low, self.dout
        if r not in rank:
            doubted: set[int] = set()
        else:
            lost: dict[int, int] = {}
            doubted = set()
            queue = [r]
            while queue:
                x = queue.pop()
                rx = rank[x]
                for c in dout.get(x, ()):
                    rc = rank.get(c)
                    if rc is None or rc == 0 or rc <= rx or c in doubted or c == r:
                        continue
                    lost[c] = lost.get(c, 0) + 1
                    if low[c] - lost[c] < 2:
                        doubted.add(c)
                        queue.append(c)
        if not doubted:
            return doubted
        # re-derive from the siblings that stand
        din, fixed = self.din, self.fixed
        count = {}
        ready = []
        for c in doubted:
            k = fixed[c] + sum(1 for a in din[c] if a != r and a in rank and a not in doubted)
            count[c] = k
            if k >= 2:
                ready.append(c)
        while ready:
            a = ready.pop()
            doubted.discard(a)
            for c in dout.get(a, ()):
                if c in doubted and c in count:
                    count[c] += 1
                    if count[c] == 2:
                        ready.append(c)
            count.pop(a, None)
        return doubted

    def region(self, r: int, feeders: Sequence[int]) -> Region:
        """The region of ``G − r`` around ``r`` and the feeders that still reach ``r``.

        ``feeders`` are supporters of ``r`` (in any component); those cut off with ``r``
        are dropped.
        """
        self.prepare([r])
        out = Region()
        idom, depth, comp = self.idom, self.depth, self.component
        if idom[r] < 0:  # r's component is unreached: nothing in it is reached without r
            out.fed = {s: s for s in feeders if comp[s] != comp[r]}
            return out
        rank, dout = self.rank, self.dout
        fallen = self._standing(r)

        def weak(c: int) -> bool:
            return c not in rank or c in fallen

        # siblings r reaches through non-robust ones
        members: set[int] = set()
        queue = deque(c for c in dout.get(r, ()) if weak(c))
        members.update(queue)
        while queue:
            a = queue.popleft()
            for c in dout.get(a, ()):
                if c not in members and c != r and weak(c):
                    members.add(c)
                    queue.append(c)
        local: dict[int, bool] = {}
        for c in sorted(members):
            local[c] = True
            out.local.append(c)
        dr = depth[r]

        def below(v: int, top: int) -> int:
            """``v`` itself, its tree path from sibling ``top`` added to the region."""
            path = []
            x = v
            while x not in local:
                path.append(x)
                x = idom[x]
            for x in reversed(path):
                local[x] = True
                out.local.append(x)
                out.edges.append((idom[x], x))
            return v

        def source(p: int, target: int) -> int | None:
            """The source of an edge ``p → target`` (a sibling of ``r``, or ``r``) as the
            region sees it; ``None`` when it is cut off with ``r`` or runs back from
            ``target``'s own subtree."""
            if idom[p] < 0:
                return None
            if p == idom[target] or depth[p] < dr:
                return p
            top = self.ancestor(p, dr)  # siblings and r share r's depth
            if top == r or top == target:
                return None
            return below(p, top) if top in members else p

        ptr, pred = self.sn.predecessors
        for c in sorted(members):
            for p in pred[ptr[c] : ptr[c + 1]].tolist():
                s = source(p, c)
                if s is not None:
                    out.edges.append((s, c))
        for s in feeders:
            kept = s if comp[s] != comp[r] else source(s, r)
            if kept is not None:
                out.fed[s] = kept
        return out
