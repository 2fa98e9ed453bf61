"""The dominator tree of the safety net: who lies on every thread from the formal net.

The graph has one vertex per node plus a *virtual root* linked to every root node (by
default every ``agency``). Active supports run source → target, collaborations both ways.
A node ``v`` *dominates* ``w`` when every path from the virtual root to ``w`` passes
through ``v``. The immediate dominators come from rustworkx (compiled); everything else is
numpy over integer arrays.
"""

from __future__ import annotations

import datetime as dt
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
from ..words import message
from .trees import (
    chain_edges,
    common_dominator,
    digraph,
    dominator_array,
    strong_components,
    tree_depth,
)

if TYPE_CHECKING:
    from .removal import Removal

__all__ = ["SafetyNet", "entered_edges", "root_names", "safety_net"]


# Codes of the overall statuses, in the order of vocabulary.STATUSES (worst first).
ISOLATED, UNREACHED, SINGLE_THREAD, OVERLAPPING = range(4)


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
        return tree_depth(self.idom, self.root)

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
        return common_dominator(self.idom, self.depth, vertices)

    def status_codes(self, vertices: np.ndarray) -> np.ndarray:
        """Overall status of each of ``vertices`` read off the tree, as codes in the order
        of :data:`~tsunagari.vocabulary.STATUSES`: isolated (no active support in),
        unreached, single thread (a dominator other than the root), overlapping."""
        idom = self.idom[vertices]
        return np.select(
            [self.supporters[vertices] == 0, idom < 0, idom == self.root],
            [ISOLATED, UNREACHED, OVERLAPPING],
            SINGLE_THREAD,
        ).astype(np.int8)

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
    def load(self) -> np.ndarray:
        """Number of distinct nodes each node actively supports (collaborations not
        counted), per node index."""
        return np.bincount(self.support_pairs[0], minlength=self.n + 1)[: self.n]

    @cached_property
    def unlimited(self) -> np.ndarray:
        """Whether each node has no ``capacity`` limit."""
        return self.net.node_column("capacity").missing.copy()

    @cached_property
    def room(self) -> np.ndarray:
        """Places each node has left: its ``capacity`` minus its :attr:`load` (0 capacity
        where there is no limit; see :attr:`unlimited`)."""
        return self.net.node_column("capacity").values.astype(np.int64) - self.load

    @cached_property
    def has_room(self) -> np.ndarray:
        """Whether each node can take one more person: room left, or no capacity limit."""
        return self.unlimited | (self.room > 0)

    @cached_property
    def is_resident(self) -> np.ndarray:
        """Whether each node is a resident, per node index."""
        return self.net.node_column("kind") == "resident"

    @cached_property
    def dependents(self) -> np.ndarray:
        """Number of residents each node dominates (itself excluded), per node index:
        every thread to them runs through it. Subtree sums of the dominator tree."""
        counted = self.is_resident & (self.idom[: self.n] >= 0)
        below = np.zeros(self.n + 1, dtype=np.int64)
        below[: self.n] = counted
        depth = self.depth
        for level in range(int(depth.max()), 0, -1):
            at = np.flatnonzero(depth == level)
            np.add.at(below, self.idom[at], below[at])
        return below[: self.n] - counted

    @cached_property
    def sole_supporters(self) -> np.ndarray:
        """Number of residents whose only active direct supporter each node is."""
        src, dst = self.support_pairs
        is_resident = np.append(self.is_resident, False)
        alone = (self.supporters[dst] == 1) & is_resident[dst]
        return np.bincount(src[alone], minlength=self.n + 1)[: self.n]

    @cached_property
    def thread_parent(self) -> np.ndarray:
        """Each node's parent on a shortest path from the formal net (-1: a root, or not
        reached): a breadth-first tree from the virtual root, level by level over the
        edge arrays. Among equally short paths the first edge in file order wins, so the
        tree is the same on every run."""
        n = self.n
        parent = np.full(n + 1, -1, dtype=np.int64)
        seen = np.zeros(n + 1, dtype=bool)
        seen[n] = True
        frontier = np.zeros(n + 1, dtype=bool)
        frontier[n] = True
        src, dst = self.src, self.dst
        while frontier.any():
            step = frontier[src] & ~seen[dst]
            reached, first = np.unique(dst[step], return_index=True)
            parent[reached] = src[step][first]
            seen[reached] = True
            frontier[:] = False
            frontier[reached] = True
        parent = parent[:n]
        parent[parent == n] = -1
        return parent

    @cached_property
    def component(self) -> np.ndarray:
        """A label per vertex, equal exactly within one strongly connected component
        (:func:`.trees.strong_components`)."""
        return strong_components(self.n + 1, self.src, self.dst)

    @cached_property
    def predecessors(self) -> tuple[np.ndarray, np.ndarray]:
        """CSR of in-neighbours: ``pred[ptr[v]:ptr[v+1]]``."""
        return _csr(self.dst, self.src, self.n + 1)

    @cached_property
    def successors(self) -> tuple[np.ndarray, np.ndarray]:
        """CSR of out-neighbours: ``succ[ptr[v]:ptr[v+1]]``."""
        return _csr(self.src, self.dst, self.n + 1)

    @cached_property
    def support_edge(self) -> np.ndarray:
        """Whether each edge of :attr:`src`/:attr:`dst` is an active *support* (not a
        collaboration, either way, nor a root edge): the first edges are the active ties
        in file order, then the collaborations reversed, then the root edges."""
        relation = self.net.support_column("relation")
        collab = relation[self.net.active(self.as_of)] == "collaboration"
        flags = np.zeros(len(self.src), dtype=bool)
        flags[: len(collab)] = ~collab
        return flags

    def threads(self, v: int) -> list[list[int]]:
        """Up to two paths from the formal net to vertex ``v`` sharing no node but ``v``,
        each ``[v, ..., root node]``: :func:`.threads.independent_threads`."""
        from .threads import independent_threads

        return independent_threads(self, v)

    @cached_property
    def removal(self) -> Removal:
        """What removing one resident changes: :class:`.removal.Removal` (built once)."""
        from .removal import Removal

        return Removal(self)

    @cached_property
    def graph(self) -> rx.PyDiGraph:
        """The graph as rustworkx holds it (vertex ``n`` is the virtual root)."""
        return digraph(self.n + 1, self.src, self.dst)


def _csr(keys: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``values`` grouped by ``keys`` (stable): ``values[ptr[k]:ptr[k+1]]`` for key ``k``."""
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=size), out=ptr[1:])
    return ptr, values[order]


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


def root_names(roots: Iterable[str]) -> tuple[str, ...]:
    """The kinds and/or ids of the roots as a tuple; one given as a string is one root."""
    return (roots,) if isinstance(roots, str) else tuple(roots)


def _root_positions(net: Network, roots: Iterable[str]) -> np.ndarray:
    roots = root_names(roots)
    kinds = [r for r in roots if r in KINDS]
    ids = [r for r in roots if r not in KINDS]
    if "resident" in kinds:
        raise TsunagariError(message("err_resident_root"))
    unknown = [r for r in ids if r not in net]
    if unknown:
        raise TsunagariError(message("err_unknown_root", root=unknown[0]))
    kind = net.node_column("kind")
    mask = np.zeros(len(kind), dtype=bool)
    for root_kind in kinds:
        mask |= kind == root_kind
    if ids:  # (the id lookup is built only when an id is named)
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
    n = len(net)
    active = net.active(day)
    s, t = net.source_index[active], net.target_index[active]
    relation = net.support_column("relation")[active]
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
        support_domain=net.support_column("domain")[active][~collab],
    )
    sn.idom = dominator_array(n + 1, src, dst, n)
    return sn
