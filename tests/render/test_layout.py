"""Node positions: every node placed apart, groups together, ties short, big pieces fast."""

from __future__ import annotations

import numpy as np
import pytest

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
