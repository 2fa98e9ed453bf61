"""Node positions: every node placed apart, groups together, ties short, big pieces fast."""

from __future__ import annotations

import numpy as np
import pytest
import rustworkx as rx
from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagari.render import layout


def city_piece(n: int, groups: int, seed: int = 0):
    """One connected piece: per group a hub tying its members, hubs tied to a centre 0."""
    rng = np.random.default_rng(seed)
    group = np.concatenate([[-1], rng.integers(0, groups, n - 1)])
    hub = {g: 1 + int(np.flatnonzero(group[1:] == g)[0]) for g in range(groups)}
    edges = [(0, hub[g]) for g in range(groups)]
    edges += [(hub[group[v]], v) for v in range(1, n) if v != hub[group[v]]]
    edges += [tuple(rng.integers(1, n, 2)) for _ in range(n // 10)]  # a few cross ties
    return np.array(edges), group


@pytest.mark.parametrize("n", [400, layout.SPRING_LIMIT + 500])
def test_positions_keep_groups_together_and_ties_short(n):
    edges, group = city_piece(n, groups=8)
    xy = layout.positions(n, edges, group).astype(float)
    assert len({tuple(p) for p in xy}) == n  # no two nodes on one spot
    centres = np.array([xy[group == g].mean(axis=0) for g in range(8)])
    spread = np.mean([np.linalg.norm(xy[group == g] - centres[g], axis=1).mean() for g in range(8)])
    apart = np.mean(
        [np.linalg.norm(centres[a] - centres[b]) for a in range(8) for b in range(a + 1, 8)]
    )
    assert spread < apart  # a group is tighter than the distance between groups
    own = np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1).mean()
    rng = np.random.default_rng(1)
    pairs = rng.integers(0, n, (2_000, 2))
    anywhere = np.linalg.norm(xy[pairs[:, 0]] - xy[pairs[:, 1]], axis=1).mean()
    assert own < anywhere  # tied nodes sit nearer each other than nodes picked at random


def test_positions_are_deterministic():
    edges, group = city_piece(layout.SPRING_LIMIT + 10, groups=5)
    first = layout.positions(len(group), edges, group)
    assert (first == layout.positions(len(group), edges, group)).all()


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
        )
    )
)
def test_connected_pieces_are_the_graphs_components(graph):
    """The pieces are rustworkx's connected components (sparse and dense graphs, loops and
    repeated pairs), in the layout's order: biggest first, then by smallest node."""
    n, edges = graph
    pairs = np.array(edges, dtype=np.int64).reshape(-1, 2)
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from_no_data(edges)
    want = sorted((sorted(c) for c in rx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    assert [p.tolist() for p in layout.connected_pieces(n, pairs)] == want
