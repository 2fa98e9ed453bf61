"""Node positions computed in Python, so the browser never simulates physics.

vis-network's default physics does not settle on a few thousand nodes (minutes, or never:
see ``maps.md``). The map is laid out here instead: each group (a district) gets a place on
a ring around the city-wide organisations, its nodes start around that place, and a compiled
Fruchterman-Reingold pass (rustworkx) untangles the whole. A piece of more than
``SPRING_LIMIT`` nodes, where springs would take minutes, gets a disc per group instead.
Positions are rounded to whole pixels, so the same input gives the same page, byte for byte.
"""

from __future__ import annotations

import math

import numpy as np
import rustworkx as rx

from ..arrays import distinct
from ..progress import progress
from ..words import message

__all__ = ["connected_pieces", "district_groups", "districts", "positions"]

SPACING = 58.0  # pixels between neighbouring nodes on the final canvas
SPREAD = 1.6  # Fruchterman-Reingold optimal distance, times 1/sqrt(n)
SHOW_ABOVE = 2_000  # nodes; a smaller layout takes a few seconds at most, so has no bar
SPRING_LIMIT = 3_000  # nodes; the spring layout costs n² a round (40 s for 9,000 nodes)


def district_groups(districts: list[str]) -> np.ndarray:
    """Each node's group for :func:`positions`: its district's place among the district names
    in order, ``-1`` for a node of no district (city-wide)."""
    names = sorted({d for d in districts if d})
    index = {d: k for k, d in enumerate(names)}
    return np.array([index.get(d, -1) for d in districts], dtype=np.int64)


def positions(
    n: int,
    edges: np.ndarray,
    groups: np.ndarray,
    *,
    seed: int = 20210401,
    iterations: int | None = None,
) -> np.ndarray:
    """Pixel coordinates for ``n`` nodes.

    Each connected piece is laid out on its own (so a lone resident is not flung to the
    edge of the canvas by the repulsion of the rest), then the pieces are packed in rows
    under the biggest one, biggest first.

    Parameters
    ----------
    n : int
        Number of nodes, numbered ``0 .. n-1``.
    edges : ndarray of shape (m, 2)
        Node pairs that attract each other (direction is ignored).
    groups : ndarray of int, length n
        Group of each node (``0 .. g-1``, placed on a ring in that order); ``-1`` puts a
        node in the middle (city-wide organisations).
    seed : int
        Seed of the initial jitter and of the layout.
    iterations : int, optional
        Fruchterman-Reingold iterations (default: more for small graphs, fewer for big).

    Returns
    -------
    ndarray of int64, shape (n, 2)

    Examples
    --------
    >>> xy = positions(4, np.array([[0, 1], [1, 2]]), np.array([-1, 0, 0, 1]))
    >>> xy.shape, xy.dtype.kind
    ((4, 2), 'i')
    """
    xy = np.zeros((n, 2), dtype=float)
    if n == 0:
        return xy.astype(np.int64)
    rng = np.random.default_rng(seed)
    groups = np.asarray(groups, dtype=np.int64)
    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    keys = distinct(low * n + high)  # each pair once, in order (ends < n)
    pairs = np.column_stack([keys // n, keys % n])
    pieces = connected_pieces(n, pairs)
    graphs = _piece_graphs(n, pairs, pieces)
    rings: dict[bytes, tuple | None] = {}  # the start of a piece, by its members' groups
    boxes = []
    # The spring layout costs n² per round and the biggest piece comes first, so the bar
    # names the work, then jumps: rustworkx keeps the interpreter lock while it runs (for
    # minutes on tens of thousands of nodes), so not even the clock is redrawn meanwhile.
    with progress(message("progress_layout", n=f"{n:,}"), n, show=n > SHOW_ABOVE) as bar:
        for members in pieces:
            if len(members) == 2:
                xy[members] = [[-SPACING / 2, 0.0], [SPACING / 2, 0.0]]
            elif len(members) > SPRING_LIMIT:
                xy[members] = _discs(graphs(members), groups[members])
            elif len(members) > 2:
                ring = _ring(groups[members], rings)
                xy[members] = _spring(graphs(members), ring, rng, seed, iterations)
            boxes.append(members)
            bar.advance(len(members))
    _pack(xy, boxes)
    return np.rint(xy).astype(np.int64)


def connected_pieces(n: int, pairs: np.ndarray) -> list[np.ndarray]:
    """The connected pieces of ``n`` nodes joined by ``pairs`` (m × 2), biggest first (of
    one size, the one with the smallest node first), each's nodes ascending.

    Each node points to a node of its piece no greater than itself; each round every
    pair whose ends point to different heads hangs the greater head on the smaller, then
    pointers are followed to the heads. Every head with a neighbour is hung or hung on, so
    the heads of a piece at least halve each round: a few rounds of numpy, where a
    graph's components would cost a Python list per piece. A piece's head is its
    smallest node.

    Examples
    --------
    >>> [p.tolist() for p in connected_pieces(5, np.array([[3, 1], [4, 0]]))]
    [[0, 4], [1, 3], [2]]
    """
    head = np.arange(n)
    u, v = pairs[:, 0], pairs[:, 1]
    while True:
        hu, hv = head[u], head[v]
        apart = hu != hv
        if not apart.any():
            break
        np.minimum.at(head, np.maximum(hu, hv)[apart], np.minimum(hu, hv)[apart])
        while True:  # to the heads
            up = head[head]
            if np.array_equal(up, head):
                break
            head = up
    size = np.bincount(head, minlength=n)
    order = np.lexsort((np.arange(n), head, -size[head]))
    heads = head[order]
    return np.split(order, np.flatnonzero(heads[1:] != heads[:-1]) + 1)


def _piece_graphs(n: int, pairs: np.ndarray, pieces: list[np.ndarray]):
    """A function giving the graph of one piece (its members, ascending), numbered as
    ``graph.subgraph`` numbers it: members in order, edges in the order of ``pairs``. Each
    piece's edges are found once, not by a pass over the whole graph per piece."""
    label = np.empty(n, dtype=np.int64)  # each node's piece, in one pass
    label[np.concatenate(pieces)] = np.repeat(np.arange(len(pieces)), list(map(len, pieces)))
    order = np.argsort(label[pairs[:, 0]], kind="stable")  # by piece, in the pairs' order
    by_piece = pairs[order]
    bounds = np.searchsorted(label[by_piece[:, 0]], np.arange(len(pieces) + 1))
    local = np.empty(n, dtype=np.int64)

    def graph_of(members: np.ndarray) -> rx.PyGraph:
        k = int(label[members[0]])
        local[members] = np.arange(len(members))
        ends = local[by_piece[bounds[k] : bounds[k + 1]]]
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(len(members)))
        graph.add_edges_from_no_data(list(zip(ends[:, 0].tolist(), ends[:, 1].tolist())))
        return graph

    return graph_of


def _ring(groups: np.ndarray, known: dict[bytes, tuple | None]) -> tuple | None:
    """Where a piece's nodes start, from its members' groups, as :func:`_spring` takes it:
    None if no member has a group, else the members with one and those without, and for
    each with one its group's centre on a ring of the piece's groups and the group's
    spread (growing with its size, so the groups start apart and the springs only have to
    tidy up). Kept in ``known`` by the groups: pieces of one district share them."""
    key = groups.tobytes()
    if key not in known:
        used = np.unique(groups[groups >= 0])
        if not used.size:
            known[key] = None
            return None
        local = np.searchsorted(used, groups)
        member = groups >= 0
        sizes = np.bincount(local[member], minlength=used.size).astype(float)
        share = np.sqrt(sizes + 1.0)
        angle = 2 * math.pi * (np.cumsum(share) - share / 2) / share.sum()
        centres = np.column_stack([np.cos(angle), np.sin(angle)])
        spread = 0.12 + 0.25 * share / share.max()
        at = local[member]
        known[key] = (member, ~member, centres[at], spread[at, None])
    return known[key]


def _spring(
    graph: rx.PyGraph, ring: tuple | None, rng: np.random.Generator, seed: int, iterations
) -> np.ndarray:
    """Fruchterman-Reingold on one connected piece, started from the district ring
    (:func:`_ring`)."""
    n = graph.num_nodes()
    init = rng.normal(0.0, 0.18, size=(n, 2))
    if ring is not None:
        member, rest, centre, spread = ring
        init[member] = centre + init[member] * spread
        init[rest] *= 0.6
    if iterations is None:
        iterations = 300 if n <= 500 else 150 if n <= 5_000 else 60
    start = {i: (x, y) for i, (x, y) in enumerate(init.tolist())}
    found = rx.spring_layout(
        graph,
        pos=start,
        k=SPREAD / math.sqrt(n),
        num_iter=iterations,
        seed=seed,
        scale=1,
        center=(0.0, 0.0),
    )
    xy = np.array([found[i] for i in range(n)], dtype=float)
    xy -= xy.mean(axis=0)
    nearest = _median_nearest(xy, rng)
    return xy * (SPACING / nearest if nearest > 0 else 1.0)


def _discs(graph: rx.PyGraph, groups: np.ndarray) -> np.ndarray:
    """A piece too big for springs: a disc per group on a ring, neighbours side by side.

    Each group's nodes fill a disc in breadth-first order from the best-connected node, so
    a node sits near the nodes it is tied to; the cost is linear in the piece's size.
    """
    n = graph.num_nodes()
    degree = np.fromiter((graph.degree(v) for v in range(n)), np.int64, n)
    start = int(np.argmax(degree))
    rank = np.full(n, n, dtype=np.int64)
    rank[[v for layer in rx.bfs_layers(graph, [start]) for v in layer]] = np.arange(n)
    used = np.unique(groups[groups >= 0])
    local = np.where(groups >= 0, np.searchsorted(used, groups), -1)
    hubs = np.full(len(used), -1, dtype=np.int64)
    xy = districts(local, hubs, np.zeros(len(used)), priority=-rank, spacing=SPACING)
    return xy.astype(float)


def _pack(xy: np.ndarray, pieces: list[np.ndarray]) -> None:
    """Move the pieces into rows under the first (biggest) one, in place."""
    gap = SPACING
    across = 1.8 * SPACING  # labels are wider than nodes
    first = pieces[0]
    lo, hi = xy[first].min(axis=0), xy[first].max(axis=0)
    xy[first] -= (lo + hi) / 2
    width = max(hi[0] - lo[0], 12 * SPACING)
    left = -width / 2
    x, y = left, (hi[1] - lo[1]) / 2 + 2 * gap
    row_height = 0.0
    rest = pieces[1:]
    if not rest:
        return
    members = np.concatenate(rest)
    sizes = [len(piece) for piece in rest]
    starts = np.cumsum([0, *sizes[:-1]])
    # every piece's corners at once, then its place in turn (as floats: the same sums)
    lows = np.minimum.reduceat(xy[members], starts).tolist()
    highs = np.maximum.reduceat(xy[members], starts).tolist()
    shifts = []
    for (low_x, low_y), (high_x, high_y) in zip(lows, highs):
        w, h = high_x - low_x, high_y - low_y
        if x > left and x + w > left + width:
            x, y = left, y + row_height + gap
            row_height = 0.0
        shifts.append((x - low_x, y - low_y))
        x += w + across
        row_height = max(row_height, h)
    xy[members] += np.repeat(np.array(shifts), sizes, axis=0)


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def _sunflower(count: int, inner: float, spacing: float) -> np.ndarray:
    """``count`` points filling a disc evenly (Vogel's spiral), outside radius ``inner``."""
    k = np.arange(count, dtype=float)
    start = (inner / (0.62 * spacing)) ** 2
    r = 0.62 * spacing * np.sqrt(k + start + 0.5)
    theta = k * GOLDEN_ANGLE
    return np.column_stack([r * np.cos(theta), r * np.sin(theta)])


def districts(
    groups: np.ndarray,
    hubs: np.ndarray,
    hub_radius: np.ndarray,
    *,
    priority: np.ndarray | None = None,
    spacing: float = SPACING / 2,
) -> np.ndarray:
    """Pixel coordinates for the city overview: districts on a ring, city-wide in the middle.

    Each district's hub (its residents, drawn as one node) sits on a ring; the district's
    organisations fill a disc around it, and city-wide organisations (group ``-1``) fill a
    disc in the middle, highest ``priority`` nearest the middle of its disc. No force
    simulation at all: the cost is near linear, and a city of any size gets the same
    picture.

    Parameters
    ----------
    groups : ndarray of int
        District of each node, ``0 .. g-1`` in ring order, ``-1`` for city-wide.
    hubs : ndarray of int, length g
        The hub node of each district (``-1``: none).
    hub_radius : ndarray of float, length g
        Radius of each hub in pixels (the district's organisations start outside it).
    priority : ndarray, optional
        Higher first; ties in node order.
    spacing : float
        Distance between neighbouring organisations, in pixels.

    Examples
    --------
    >>> xy = districts(np.array([0, 0, -1, 1]), np.array([0, 3]), np.array([20.0, 20.0]))
    >>> xy.shape
    (4, 2)
    """
    groups = np.asarray(groups, dtype=np.int64)
    n = len(groups)
    xy = np.zeros((n, 2), dtype=float)
    g = len(hubs)
    order = np.lexsort((np.arange(n), -(np.zeros(n) if priority is None else priority)))
    groups_in_order = groups[order]
    centre = order[groups_in_order < 0]
    xy[centre] = _sunflower(len(centre), 0.0, spacing)
    centre_radius = float(np.hypot(*xy[centre].T).max()) if len(centre) else 0.0
    discs, radius = [], np.zeros(g)
    for j in range(g):
        members = order[groups_in_order == j]
        members = members[members != hubs[j]]
        inner = hub_radius[j] + spacing if hubs[j] >= 0 else 0.0
        disc = _sunflower(len(members), inner, spacing)
        discs.append((members, disc))
        radius[j] = max(float(np.hypot(*disc.T).max()) if len(members) else 0.0, inner)
    if g:
        gap = 3 * spacing
        ring = max((2 * radius + gap).sum() / (2 * math.pi), centre_radius + radius.max() + 3 * gap)
        share = (2 * radius + gap) / (2 * radius + gap).sum()
        angle = 2 * math.pi * (np.cumsum(share) - share / 2) - math.pi / 2
        anchors = ring * np.column_stack([np.cos(angle), np.sin(angle)])
        for j, (members, disc) in enumerate(discs):
            xy[members] = anchors[j] + disc
            if hubs[j] >= 0:
                xy[hubs[j]] = anchors[j]
    return np.rint(xy).astype(np.int64)


def _median_nearest(xy: np.ndarray, rng: np.random.Generator) -> float:
    """Median distance from a node to its nearest other node (sampled on big graphs)."""
    n = len(xy)
    sample = xy if n <= 2_000 else xy[rng.choice(n, 2_000, replace=False)]
    best = np.full(len(sample), np.inf)
    for start in range(0, n, 4_096):
        block = xy[start : start + 4_096]
        d = np.hypot(sample[:, None, 0] - block[None, :, 0], sample[:, None, 1] - block[None, :, 1])
        d[d == 0] = np.inf
        best = np.minimum(best, d.min(axis=1))
    # the median as numpy takes it (the middle value, or the mean of the middle two), in
    # Python: numpy's call costs more than the sort of a small piece's distances
    finite = sorted(best[np.isfinite(best)].tolist())
    if not finite:
        return 0.0
    middle = len(finite) // 2
    return finite[middle] if len(finite) % 2 else (finite[middle - 1] + finite[middle]) / 2
