"""The dominator array cut down for rustworkx equals rustworkx on the whole graph."""

from __future__ import annotations

import numpy as np
import rustworkx as rx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsunagari.analysis.trees import (
    NO_DOMINATOR,
    PEEL_ROUNDS,
    breadth_first,
    digraph,
    dominator_array,
    meet,
    strong_components,
)


def direct(size: int, src: np.ndarray, dst: np.ndarray, root: int) -> np.ndarray:
    """rustworkx on the whole graph, as tsunagari called it before."""
    found = rx.immediate_dominators(digraph(size, src, dst), root)
    idom = np.full(size, NO_DOMINATOR, dtype=np.int64)
    for v, d in found.items():
        idom[v] = d
    return idom


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, np.ndarray, np.ndarray, int]:
    """Random digraphs: sparse or dense, often reciprocal (mutual aid both ways), with
    loops, repeated edges, unreached parts and long tails."""
    size = draw(st.integers(1, 40))
    vertex = st.integers(0, size - 1)
    edges = draw(
        st.lists(st.tuples(vertex, vertex), max_size=size * draw(st.sampled_from([1, 3, 8])))
    )
    if draw(st.booleans()):
        edges += [(b, a) for a, b in edges if draw(st.booleans())]
    if draw(st.booleans()):  # a chain deeper than the peeled rounds
        chain = draw(st.permutations(range(size)))[: PEEL_ROUNDS + 3]
        edges += list(zip(chain, chain[1:]))
    root = draw(vertex)
    src = np.array([a for a, _ in edges], dtype=np.int64)
    dst = np.array([b for _, b in edges], dtype=np.int64)
    return size, src, dst, root


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_dominator_array_equals_rustworkx_on_the_whole_graph(graph):
    size, src, dst, root = graph
    assert dominator_array(size, src, dst, root).tolist() == direct(size, src, dst, root).tolist()


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 60), st.floats(0.05, 0.9), st.integers(0, 2**32 - 1))
def test_dense_reciprocal_graphs(size, density, seed):
    rng = np.random.default_rng(seed)
    pairs = np.argwhere(np.triu(rng.random((size, size)) < density, 1))
    both = rng.random(len(pairs)) < 0.8  # most ties run both ways
    src = np.concatenate([pairs[:, 0], pairs[both, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[both, 0]])
    root = int(rng.integers(size))
    assert dominator_array(size, src, dst, root).tolist() == direct(size, src, dst, root).tolist()


def test_breadth_first_reaches_each_vertex_once_level_by_level():
    src = np.array([0, 0, 1, 2, 3, 3, 5])
    dst = np.array([1, 2, 3, 3, 0, 4, 6])
    assert breadth_first(7, src, dst, 0).tolist() == [0, 1, 2, 3, 4]


def test_a_tail_meets_its_supporters_on_the_tree():
    # 0 → 1 → 2, 0 → 3; the tail 4 is fed by 2 and 3, the tail 5 by 2 alone
    src = np.array([0, 1, 0, 2, 3, 2])
    dst = np.array([1, 2, 3, 4, 4, 5])
    assert dominator_array(6, src, dst, 0).tolist() == [0, 0, 1, 0, 0, 2]


def test_meet_climbs_until_the_group_agrees():
    idom = np.array([0, 0, 1, 1, 2])
    groups, at = meet(idom, np.array([9, 9, 9, 5]), np.array([4, 3, 2, 4]))
    assert groups.tolist() == [5, 9] and at.tolist() == [4, 1]


def _partition(labels) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for v, label in enumerate(labels):
        groups.setdefault(label, set()).add(v)
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_strong_components_are_rustworkx_components_of_the_whole_graph(graph):
    size, src, dst, _ = graph
    whole = rx.strongly_connected_components(digraph(size, src, dst))
    assert _partition(strong_components(size, src, dst)) == {frozenset(p) for p in whole}


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 60), st.floats(0.05, 0.9), st.integers(0, 2**32 - 1))
def test_strong_components_of_dense_reciprocal_graphs(size, density, seed):
    rng = np.random.default_rng(seed)
    pairs = np.argwhere(np.triu(rng.random((size, size)) < density, 1))
    both = rng.random(len(pairs)) < 0.8
    src = np.concatenate([pairs[:, 0], pairs[both, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[both, 0]])
    whole = rx.strongly_connected_components(digraph(size, src, dst))
    assert _partition(strong_components(size, src, dst)) == {frozenset(p) for p in whole}
