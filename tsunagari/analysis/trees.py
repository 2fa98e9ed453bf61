"""Dominator trees of any graph, and reading them.

The compiled computation (rustworkx) for big graphs, a pure-Python one (Cooper, Harvey &
Kennedy) for the small graphs built around one resident or one change, and what the
analyses read off a tree: depths, nearest common dominators, who dominates whom, and the
tree edges that stand in for every path to a vertex. A tree is an ``idom`` array: the
immediate dominator of each vertex, the root's is itself, ``-1`` = unreachable.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import rustworkx as rx

__all__ = [
    "NO_DOMINATOR",
    "chain_edges",
    "common_dominator",
    "digraph",
    "dominates",
    "dominator_array",
    "local_dominators",
    "tree_depth",
]

NO_DOMINATOR = -1  # the immediate dominator of an unreached vertex


def digraph(size: int, src: np.ndarray, dst: np.ndarray) -> rx.PyDiGraph:
    """A rustworkx graph of vertices ``0..size-1`` and the edges ``src[i] → dst[i]``."""
    g = rx.PyDiGraph()
    g.add_nodes_from(range(size))
    g.add_edges_from_no_data(list(zip(src.tolist(), dst.tolist())))
    return g


def dominator_array(graph: rx.PyDiGraph, root: int) -> np.ndarray:
    """Immediate dominator of every vertex (compiled); the root's is itself, -1 unreachable."""
    found = rx.immediate_dominators(graph, root)
    idom = np.full(graph.num_nodes(), NO_DOMINATOR, dtype=np.int64)
    idom[np.fromiter(found.keys(), np.int64, len(found))] = np.fromiter(
        found.values(), np.int64, len(found)
    )
    return idom


def tree_depth(idom: np.ndarray, root: int) -> np.ndarray:
    """Depth of each vertex in the dominator tree ``idom`` (root 0, unreachable -1).

    Examples
    --------
    >>> tree_depth(np.array([3, 0, -1, 3]), 3).tolist()
    [1, 2, -1, 0]
    """
    depth = np.where(idom >= 0, 0, -1)
    up = idom.copy()
    walking = idom >= 0
    walking[root] = False
    while walking.any():
        depth[walking] += 1
        walking &= up != root
        up[walking] = idom[up[walking]]
    return depth


def common_dominator(idom: np.ndarray, depth: np.ndarray, vertices: Iterable[int]) -> int:
    """The deepest vertex of the tree ``idom`` dominating-or-equal to every one of
    ``vertices`` (all reached), climbing from the deeper side.

    Examples
    --------
    >>> idom = np.array([3, 0, 0, 3])
    >>> common_dominator(idom, tree_depth(idom, 3), [1, 2])
    0
    """
    it = iter(vertices)
    a = next(it)
    for b in it:
        while a != b:
            if depth[a] >= depth[b]:
                a = idom[a]
            else:
                b = idom[b]
    return int(a)


def dominates(idom: np.ndarray, depth: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether ``a[i]`` dominates-or-equals ``b[i]`` (both reached), vectorised.

    Examples
    --------
    >>> idom = np.array([3, 0, 0, 3])
    >>> dominates(idom, tree_depth(idom, 3), np.array([0, 1]), np.array([2, 2])).tolist()
    [True, False]
    """
    up = np.array(b, dtype=np.int64)
    climb = depth[up] > depth[a]
    while climb.any():
        up[climb] = idom[up[climb]]
        climb = depth[up] > depth[a]
    return up == a


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
            if new is not None and idom.get(v) != new:
                idom[v] = new
                changed = True
    return idom
