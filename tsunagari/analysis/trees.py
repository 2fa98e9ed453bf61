"""Dominator trees of any graph, and reading them.

The compiled computation (rustworkx, on the graph cut down to what it must see) for big
graphs, a pure-Python one (Cooper, Harvey & Kennedy) for the small graphs built around one
resident or one change, and what the
analyses read off a tree: depths, nearest common dominators, who dominates whom, and the
tree edges that stand in for every path to a vertex. A tree is an ``idom`` array: the
immediate dominator of each vertex, the root's is itself, ``-1`` = unreachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import numpy as np
import rustworkx as rx

__all__ = [
    "NO_DOMINATOR",
    "PEEL_ROUNDS",
    "breadth_first",
    "chain_edges",
    "common_dominator",
    "digraph",
    "dominates",
    "dominator_array",
    "local_dominators",
    "meet",
    "strong_components",
    "tree_depth",
]

NO_DOMINATOR = -1  # the immediate dominator of an unreached vertex


def digraph(size: int, src: np.ndarray, dst: np.ndarray) -> rx.PyDiGraph:
    """A rustworkx graph of vertices ``0..size-1`` and the edges ``src[i] → dst[i]``."""
    g = rx.PyDiGraph()
    # extend_from_edge_list adds the vertices the edges name, numbered as given, and takes
    # the edges faster than add_edges_from_no_data (RESULTS.md); the others are added after
    g.extend_from_edge_list(list(zip(src.tolist(), dst.tolist())))
    g.add_nodes_from([None] * (size - g.num_nodes()))
    return g


def dominator_array(size: int, src: np.ndarray, dst: np.ndarray, root: int) -> np.ndarray:
    """Immediate dominator of every vertex of the graph ``src[i] → dst[i]`` on the
    vertices ``0..size-1``, from ``root`` (compiled); the root's is itself, -1 unreachable.

    rustworkx (petgraph's Cooper, Harvey & Kennedy) grew faster than the graph when handed
    the whole network: every vertex, reached or not, is stored; predecessors are kept in
    one hash set per vertex; the passes over the graph and the walks up the tree lengthen
    with it, and its memory falls out of cache (87k → 1.7M residents: 19.5× the nodes,
    55× the time). So the graph it is given is cut down first, exactly: only the vertices
    reached from the root, numbered breadth first (edges sorted by source, for locality),
    and without the *tails* — vertices no edge leads on from (a resident who supports no
    one, and whoever supports only such), peeled in a few rounds. A tail lies on no path
    to any other vertex, so the others' dominators are unchanged, and its own immediate
    dominator is the nearest common dominator of its predecessors, met on the tree in
    numpy. Immediate dominators are unique, so the result is the one rustworkx gives for
    the whole graph (a property test checks it).

    Examples
    --------
    >>> dominator_array(5, np.array([4, 4, 0, 1, 2]), np.array([0, 1, 2, 2, 0]), 4).tolist()
    [4, 4, 4, -1, 4]
    """
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    order = breadth_first(size, src, dst, root)
    number = np.full(size, -1, dtype=np.int64)
    number[order] = np.arange(len(order))
    s, d = number[src], number[dst]
    keep = (s >= 0) & (s != d)  # edges out of reached vertices; a loop dominates nothing
    idom = np.full(size, NO_DOMINATOR, dtype=np.int64)
    idom[order] = order[_reached_dominators(len(order), s[keep], d[keep])]
    return idom


def breadth_first(size: int, src: np.ndarray, dst: np.ndarray, root: int) -> np.ndarray:
    """The vertices reached from ``root`` by the edges ``src[i] → dst[i]``, level by level
    (each level in increasing order): a vertex's dominators all come before it.

    Examples
    --------
    >>> breadth_first(5, np.array([4, 4, 0, 1]), np.array([1, 0, 2, 2]), 4).tolist()
    [4, 0, 1, 2]
    """
    by_source = np.argsort(src, kind="stable")
    succ = dst[by_source]
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=size), out=ptr[1:])
    seen = np.zeros(size, dtype=bool)
    seen[root] = True
    level = np.array([root], dtype=np.int64)
    levels = [level]
    while len(level):
        count = ptr[level + 1] - ptr[level]
        total = int(count.sum())
        at = np.repeat(ptr[level] - np.cumsum(count) + count, count) + np.arange(total)
        level = np.unique(succ[at][~seen[succ[at]]])
        seen[level] = True
        levels.append(level)
    return np.concatenate(levels)


PEEL_ROUNDS = 8  # tails peeled at most this deep; the rest is left to rustworkx


def _reached_dominators(size: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Immediate dominators on vertices ``0..size-1`` numbered breadth first from the root
    0, every one reached, no loops: rustworkx on the core, tails met in numpy."""
    alive = np.ones(size, dtype=bool)
    out_degree = np.bincount(src, minlength=size)
    tails: list[tuple[np.ndarray, np.ndarray]] = []  # (tail of each in-edge, its source)
    for _ in range(PEEL_ROUNDS):
        sink = alive & (out_degree == 0)
        sink[0] = False
        if not sink.any():
            break
        into = sink[dst]
        tails.append((dst[into], src[into]))
        alive &= ~sink
        out_degree -= np.bincount(src[into], minlength=size)
        src, dst = src[~into], dst[~into]
    # every edge left runs between core vertices: a tail has no edge into the core
    core = np.flatnonzero(alive)
    idom = np.zeros(size, dtype=np.int64)
    if len(core) > 1:
        at = np.empty(size, dtype=np.int64)
        at[core] = np.arange(len(core))
        s, d = at[src], at[dst]
        by_source = np.lexsort((d, s))
        found = rx.immediate_dominators(digraph(len(core), s[by_source], d[by_source]), 0)
        keys = np.fromiter(found.keys(), np.int64, len(found))
        idom[core[keys]] = core[np.fromiter(found.values(), np.int64, len(found))]
    for vertex, pred in reversed(tails):  # the outer rounds' predecessors are all placed
        met, meet_at = meet(idom, vertex, pred)
        idom[met] = meet_at
    return idom


def strong_components(size: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """A label per vertex of the graph ``src[i] → dst[i]`` on ``0..size-1``, equal for two
    vertices exactly when they lie in one strongly connected component.

    A vertex with no edge in or none out (once loops and the vertices peeled before are
    gone) is a component alone: those are peeled in numpy, a few rounds, and labelled by
    their own number; rustworkx finds the components of the core left (labelled from
    ``size`` on). A city's residents mostly support no one, so the core is a fraction.

    Examples
    --------
    >>> strong_components(4, np.array([0, 1, 1, 2]), np.array([1, 0, 2, 3])).tolist()
    [4, 4, 2, 3]
    """
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    alive = np.ones(size, dtype=bool)
    for _ in range(PEEL_ROUNDS):
        ends = alive & (
            (np.bincount(src, minlength=size) == 0) | (np.bincount(dst, minlength=size) == 0)
        )
        if not ends.any():
            break
        alive &= ~ends
        keep = alive[src] & alive[dst]
        src, dst = src[keep], dst[keep]
    label = np.arange(size, dtype=np.int64)
    core = np.flatnonzero(alive)
    if len(core):
        at = np.empty(size, dtype=np.int64)
        at[core] = np.arange(len(core))
        parts = rx.strongly_connected_components(digraph(len(core), at[src], at[dst]))
        sizes = np.fromiter(map(len, parts), np.int64, len(parts))
        flat = np.fromiter(chain.from_iterable(parts), np.int64, int(sizes.sum()))
        label[core[flat]] = size + np.repeat(np.arange(len(parts)), sizes)
    return label


def meet(idom: np.ndarray, group: np.ndarray, vertex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The nearest common dominator of the ``vertex`` values of each ``group``, in a tree
    ``idom`` numbered so that a vertex's dominators come before it (breadth first).

    While a group's vertices differ, its highest-numbered one is not the meeting point
    (that is numbered at most the lowest), so it climbs to its immediate dominator.
    Returns the distinct groups (sorted) and their meeting points.

    Examples
    --------
    >>> meet(np.array([0, 0, 0, 1, 1]), np.array([7, 7, 8]), np.array([3, 4, 4]))
    (array([7, 8]), array([1, 4]))
    """
    by_group = np.argsort(group, kind="stable")
    group, vertex = group[by_group], vertex[by_group].copy()
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    groups = group[first]
    out = np.empty(len(first), dtype=np.int64)
    open_ = np.arange(len(first))  # the groups still climbing, by position in ``groups``
    of = np.repeat(np.arange(len(first)), np.diff(np.r_[first, len(group)]))
    while len(open_):
        high = np.maximum.reduceat(vertex, first)
        done = high == np.minimum.reduceat(vertex, first)
        out[open_[done]] = high[done]
        still = ~done[of]
        open_, high = open_[~done], high[~done]
        of = (np.cumsum(~done) - 1)[of[still]]
        vertex = vertex[still]
        first = np.flatnonzero(np.r_[True, of[1:] != of[:-1]]) if len(of) else first[:0]
        climb = vertex == high[of]
        vertex[climb] = idom[vertex[climb]]
    return groups, out


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
