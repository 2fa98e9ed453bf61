"""The dominator tree of the safety net: who lies on every thread from the formal net.

The graph has one vertex per node plus a *virtual root* linked to every root node (by
default every ``agency``). Active supports run source → target, collaborations both ways.
A node ``v`` *dominates* ``w`` when every path from the virtual root to ``w`` passes
through ``v``. The immediate dominators come from rustworkx (compiled); everything else is
numpy over integer arrays.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import rustworkx as rx

from ..arrays import distinct
from ..errors import TsunagariError
from ..network import Network
from ..vocabulary import KINDS

if TYPE_CHECKING:
    from .removal import Removal

__all__ = [
    "SafetyNet",
    "chain_edges",
    "digraph",
    "dominator_array",
    "entered_edges",
    "local_dominators",
    "safety_net",
]

UNREACHED = -1


@dataclass
class SafetyNet:
    """The directed graph of active ties with its dominator tree.

    Attributes
    ----------
    n : int
        Number of network nodes; the virtual root is vertex ``n``.
    src, dst : ndarray
        Directed edges of the graph (collaborations appear twice, root edges included).
    idom : ndarray
        Immediate dominator of each vertex; the root's is itself, ``-1`` = unreachable.
    support_src, support_dst, support_domain : ndarray
        The active *support* edges (not collaborations) with their domain code.
    """

    net: Network
    as_of: dt.date
    n: int
    roots: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    idom: np.ndarray
    support_src: np.ndarray
    support_dst: np.ndarray
    support_domain: np.ndarray

    @property
    def root(self) -> int:
        return self.n

    @cached_property
    def depth(self) -> np.ndarray:
        """Depth in the dominator tree (root 0, unreachable -1)."""
        depth = np.where(self.idom >= 0, 0, -1)
        up = self.idom.copy()
        walking = self.idom >= 0
        walking[self.root] = False
        while walking.any():
            depth[walking] += 1
            walking &= up != self.root
            up[walking] = self.idom[up[walking]]
        return depth

    @cached_property
    def chains(self) -> list[tuple[int, ...] | None]:
        """For each vertex, itself followed by its dominators up to (not incl.) the root."""
        chains: list[tuple[int, ...] | None] = [None] * (self.n + 1)
        chains[self.root] = ()
        order = np.argsort(self.depth, kind="stable")
        idom = self.idom.tolist()
        for v in order[self.depth[order] > 0].tolist():
            chains[v] = (v, *chains[idom[v]])
        return chains

    def nearest_common_dominator(self, vertices: Iterable[int]) -> int:
        """The deepest vertex dominating-or-equal to every one of ``vertices``."""
        it = iter(vertices)
        a = next(it)
        depth, idom = self.depth, self.idom
        for b in it:
            while a != b:
                if depth[a] >= depth[b]:
                    a = idom[a]
                else:
                    b = idom[b]
        return int(a)

    @cached_property
    def support_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (supporter, supported) vertex pairs among the active supports."""
        keys = distinct(self.support_src * (self.n + 1) + self.support_dst)
        return keys // (self.n + 1), keys % (self.n + 1)

    @cached_property
    def supporters(self) -> np.ndarray:
        """Number of distinct active direct supporters of each vertex."""
        return np.bincount(self.support_pairs[1], minlength=self.n + 1)

    @cached_property
    def component(self) -> np.ndarray:
        """Strongly connected component id of each vertex."""
        parts = rx.strongly_connected_components(self._graph)
        sizes = np.fromiter(map(len, parts), np.int64, len(parts))
        flat = np.fromiter(itertools.chain.from_iterable(parts), np.int64, int(sizes.sum()))
        comp = np.empty(self.n + 1, dtype=np.int64)
        comp[flat] = np.repeat(np.arange(len(parts)), sizes)
        return comp

    @cached_property
    def predecessors(self) -> tuple[np.ndarray, np.ndarray]:
        """CSR of in-neighbours: ``pred[ptr[v]:ptr[v+1]]``."""
        order = np.argsort(self.dst, kind="stable")
        ptr = np.zeros(self.n + 2, dtype=np.int64)
        np.cumsum(np.bincount(self.dst, minlength=self.n + 1), out=ptr[1:])
        return ptr, self.src[order]

    @cached_property
    def removal(self) -> Removal:
        """What removing one resident changes: :class:`.removal.Removal` (built once)."""
        from .removal import Removal

        return Removal(self)

    @cached_property
    def _graph(self) -> rx.PyDiGraph:
        return digraph(self.n + 1, self.src, self.dst)


def chain_edges(idom: np.ndarray, starts: Iterable[int], have: set[int]) -> list[tuple[int, int]]:
    """Tree edges that hang each reached vertex of ``starts`` from the root by its
    dominator chain: the chain stands in for every path to it, in a small graph built
    around a change. Vertices in ``have`` (the root, and any already placed) are not
    hung again; ``have`` gains the vertices placed.

    Examples
    --------
    >>> chain_edges(np.array([3, 0, 1, 3]), [2], {3})
    [(1, 2), (0, 1), (3, 0)]
    """
    edges: list[tuple[int, int]] = []
    for x in starts:
        while x not in have and idom[x] >= 0:
            have.add(x)
            edges.append((int(idom[x]), x))
            x = int(idom[x])
    return edges


def entered_edges(
    sn: SafetyNet, members: set[int], skip: int, have: set[int]
) -> list[tuple[int, int]]:
    """Every edge into ``members`` except those from ``skip``, each reached source outside
    them hung from the root by its dominator chain (:func:`chain_edges`, which ``have``
    goes to); edges from unreached sources are left out. The small graph of ``members``
    once ``skip`` is gone, as the rest of the net enters it."""
    idom = sn.idom
    ptr, pred = sn.predecessors
    edges: list[tuple[int, int]] = []
    for x in members:
        for p in pred[ptr[x] : ptr[x + 1]].tolist():
            if p == skip:
                continue
            if p not in members:
                if idom[p] < 0:
                    continue
                edges += chain_edges(idom, [p], have)
            edges.append((p, x))
    return edges


def digraph(size: int, src: np.ndarray, dst: np.ndarray) -> rx.PyDiGraph:
    """A rustworkx graph of vertices ``0..size-1`` and the edges ``src[i] → dst[i]``."""
    g = rx.PyDiGraph()
    g.add_nodes_from(range(size))
    g.add_edges_from_no_data(list(zip(src.tolist(), dst.tolist())))
    return g


def dominator_array(graph: rx.PyDiGraph, root: int) -> np.ndarray:
    """Immediate dominator of every vertex (compiled); the root's is itself, -1 unreachable."""
    found = rx.immediate_dominators(graph, root)
    idom = np.full(graph.num_nodes(), UNREACHED, dtype=np.int64)
    idom[np.fromiter(found.keys(), np.int64, len(found))] = np.fromiter(
        found.values(), np.int64, len(found)
    )
    return idom


def _root_positions(net: Network, roots: Iterable[str]) -> np.ndarray:
    roots = list(roots)
    kinds = [r for r in roots if r in KINDS]
    ids = [r for r in roots if r not in KINDS]
    if "resident" in kinds:
        raise TsunagariError("residents cannot be roots of the formal safety net")
    unknown = [r for r in ids if r not in net.index]
    if unknown:
        raise TsunagariError(f"unknown root: '{unknown[0]}' (expected a kind or a node id)")
    mask = net.nodes["kind"].isin(kinds).to_numpy().copy()
    mask[net.positions(ids)] = True
    return np.flatnonzero(mask)


def safety_net(
    net: Network, *, as_of: dt.date | str | None = None, roots: Iterable[str] = ("agency",)
) -> SafetyNet:
    """Build the safety-net graph for a day and compute its dominator tree.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        The day on which supports count as active (default today).
    roots : iterable of str
        Kinds and/or node ids that form the formal net (default: every agency).
    """
    from ..dates import as_of_date

    day = as_of_date(as_of)
    n = len(net.nodes)
    active = net.active(day)
    s, t = net.source_index[active], net.target_index[active]
    relation = net.supports["relation"].to_numpy()[active]
    collab = relation == "collaboration"
    root_pos = _root_positions(net, roots)
    src = np.concatenate([s, t[collab], np.full(len(root_pos), n)]).astype(np.int64)
    dst = np.concatenate([t, s[collab], root_pos]).astype(np.int64)
    sn = SafetyNet(
        net=net,
        as_of=day,
        n=n,
        roots=root_pos,
        src=src,
        dst=dst,
        idom=np.empty(0, dtype=np.int64),
        support_src=s[~collab].astype(np.int64),
        support_dst=t[~collab].astype(np.int64),
        support_domain=net.supports["domain"].to_numpy()[active][~collab],
    )
    sn.idom = dominator_array(sn._graph, n)
    return sn


def local_dominators(edges: list[tuple[int, int]], start: int) -> dict[int, int]:
    """Immediate dominators of a small graph (Cooper, Harvey & Kennedy), pure Python.

    Used on the few little graphs around residents that sit on a cycle with a supporter.
    Unreachable vertices are absent from the result; ``start`` maps to itself.

    Examples
    --------
    >>> sorted(local_dominators([(0, 1), (0, 2), (1, 3), (2, 3)], 0).items())
    [(0, 0), (1, 0), (2, 0), (3, 0)]
    """
    succ: dict[int, list[int]] = {}
    pred: dict[int, list[int]] = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
        pred.setdefault(b, []).append(a)
    order: list[int] = []  # postorder
    seen = {start}
    stack = [(start, iter(succ.get(start, ())))]
    while stack:
        v, it = stack[-1]
        for w in it:
            if w not in seen:
                seen.add(w)
                stack.append((w, iter(succ.get(w, ()))))
                break
        else:
            stack.pop()
            order.append(v)
    number = {v: i for i, v in enumerate(order)}
    idom = {start: start}
    changed = True
    while changed:
        changed = False
        for v in reversed(order):
            if v == start:
                continue
            new = None
            for p in pred.get(v, ()):
                if p not in idom:
                    continue
                if new is None:
                    new = p
                    continue
                a, b = p, new
                while a != b:
                    while number[a] < number[b]:
                        a = idom[a]
                    while number[b] < number[a]:
                        b = idom[b]
                new = a
            if idom.get(v) != new:
                idom[v] = new
                changed = True
    return idom
