"""The threads that hold a person (analysis/threads.py), checked against brute force on many
random small networks, dense reciprocal ones included: two threads for an overlapping
resident, one through every single point on a single thread, none otherwise; each a real
path of the safety net from a root node, no two sharing a node but the person.

``TSUNAGARI_FUZZ`` sets the depth: this module draws three quarters that many networks,
750 by default, 7,500 in CI (``.ci/run`` sets 10,000).
"""

from __future__ import annotations

import os
from collections import deque

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netbuild import brute_force, make_network
from test_removal import mutual_aid
from test_status import DAY, family_cycles, networks

import tsunagari as tg
from tsunagari.analysis.dominators import safety_net
from tsunagari.analysis.threads import independent_threads

FUZZ = int(os.environ.get("TSUNAGARI_FUZZ", "1000"))  # 4/3 of the networks of this module
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def reached(n: int, edges: set[tuple[int, int]], without: int | None = None) -> set[int]:
    """The vertices a path from the virtual root ``n`` reaches avoiding ``without``."""
    succ: dict[int, list[int]] = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
    seen, queue = {n}, deque([n])
    while queue:
        for b in succ.get(queue.popleft(), ()):
            if b not in seen and b != without:
                seen.add(b)
                queue.append(b)
    return seen


def check_threads(net) -> None:
    sn = safety_net(net, as_of=DAY)
    n = sn.n
    edges = set(zip(sn.src.tolist(), sn.dst.tolist()))
    ids = net.nodes["id"].tolist()
    expected = brute_force(net, DAY)
    everyone = reached(n, edges)
    avoiding = [reached(n, edges, without=u) for u in range(n)]
    for v in range(n):
        paths = independent_threads(sn, v)
        assert len(paths) <= 2
        for path in paths:
            assert path[0] == v and (n, path[-1]) in edges  # from a root node to v
            assert len(set(path)) == len(path)
            assert all((b, a) in edges for a, b in zip(path, path[1:]))
        if len(paths) == 2:
            assert not set(paths[0][1:]) & set(paths[1][1:])  # share no node but v
        # by definition: reached at all, and whether one node lies on every path
        cut = [u for u in range(n) if u != v and v not in avoiding[u]]
        if (n, v) not in edges:  # a root node is held directly: no node can cut it off
            assert len(paths) == (0 if v not in everyone else 1 if cut else 2), ids[v]
        else:
            assert [v] in paths
        for path in paths:
            assert set(cut) <= set(path)
        if ids[v] in expected:
            known = expected[ids[v]]
            count = {"isolated": 0, "unreached": 0, "single_thread": 1, "overlapping": 2}
            assert len(paths) == count[known["status"]], ids[v]
            if known["status"] == "single_thread":
                assert [ids[x] for x in paths[0] if ids[x] in known["single_points"]] == list(
                    known["single_points"]
                )


@settings(max_examples=max(FUZZ // 4, 1), **SETTINGS)
@given(networks())
def test_threads_of_random_networks(net):
    check_threads(net)


@settings(max_examples=max(FUZZ // 8, 1), **SETTINGS)
@given(family_cycles())
def test_threads_of_residents_helping_each_other(net):
    check_threads(net)


@settings(max_examples=max(FUZZ // 8, 1), **SETTINGS)
@given(mutual_aid())
def test_threads_of_dense_reciprocal_networks(net):
    check_threads(net)


@st.composite
def thin_networks(draw):
    """8–24 nodes and about one tie per node: long thin paths, where the second thread must
    often send the first back over several of its ties."""
    n = draw(st.integers(8, 24))
    kinds = ["agency"] + draw(
        st.lists(
            st.sampled_from(["agency", "volunteer", "npo", "resident", "resident"]),
            min_size=n - 1,
            max_size=n - 1,
        )
    )
    ties = []
    for _ in range(draw(st.integers(n, 2 * n))):
        a, b = draw(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        if a != b:
            orgs = kinds[a] != "resident" and kinds[b] != "resident"
            relation = draw(st.sampled_from(["support", "collaboration"])) if orgs else "support"
            ties.append((f"n{a}", f"n{b}", relation))
    return make_network([(f"n{i}", k) for i, k in enumerate(kinds)], ties)


@settings(max_examples=max(FUZZ // 4, 1), **SETTINGS)
@given(thin_networks())
def test_threads_of_long_thin_networks(net):
    check_threads(net)


def test_the_seed_story():
    """The mother, held by two agencies that work together, has two threads; her withdrawn
    son, held only by her, one through her."""
    net = make_network(
        [("a1", "agency"), ("a2", "agency"), ("mother", "resident"), ("son", "resident")],
        [("a1", "mother"), ("a2", "mother"), ("mother", "son"), ("a1", "a2", "collaboration")],
    )
    a = tg.analyse(net, as_of=DAY)
    assert a.threads("mother") == [["mother", "a1"], ["mother", "a2"]]
    assert a.threads("son") == [["son", "mother", "a1"]]
    assert a.sn.threads(3) == [[3, 2, 0]]


def test_the_second_thread_reroutes_the_first():
    """The shortest path a1 → x → y → v leaves no second path beside it; the second unit
    of flow goes a2 → w → w2 → y, then back against x → y, and on by x → z → z2 → v."""
    vols = [(x, "volunteer") for x in ("x", "y", "z", "z2", "w", "w2")]
    net = make_network(
        [("a1", "agency"), ("a2", "agency"), *vols, ("v", "resident")],
        [("a1", "x"), ("x", "y"), ("y", "v"), ("x", "z"), ("z", "z2"), ("z2", "v")]
        + [("a2", "w"), ("w", "w2"), ("w2", "y")],
    )
    a = tg.analyse(net, as_of=DAY)
    assert a.residents()["status"].tolist() == ["overlapping"]
    assert a.threads("v") == [["v", "z2", "z", "x", "a1"], ["v", "y", "w2", "w", "a2"]]


def test_the_second_thread_walks_back_over_two_ties():
    """The shortest path a1 → u → x → w → v; the second unit joins it at w (a2 → s1 → s2
    → s3 → w), walks back against x → w and u → x, and leaves by u → t1 → t2 → t3 → v."""
    vols = [(x, "volunteer") for x in ("u", "x", "w", "s1", "s2", "s3", "t1", "t2", "t3")]
    net = make_network(
        [("a1", "agency"), ("a2", "agency"), *vols, ("v", "resident")],
        [("a1", "u"), ("u", "x"), ("x", "w"), ("w", "v"), ("u", "t1"), ("t1", "t2")]
        + [("t2", "t3"), ("t3", "v"), ("a2", "s1"), ("s1", "s2"), ("s2", "s3"), ("s3", "w")],
    )
    a = tg.analyse(net, as_of=DAY)
    assert a.residents()["status"].tolist() == ["overlapping"]
    assert a.threads("v") == [
        ["v", "t3", "t2", "t1", "u", "a1"],
        ["v", "w", "s3", "s2", "s1", "a2"],
    ]


def test_the_sample_every_resident():
    a = tg.analyse(tg.load(), as_of="2026-11-27")
    table = a.table
    counts = {"isolated": 0, "unreached": 0, "single_thread": 1, "overlapping": 2}
    for row in table.itertuples():
        paths = a.threads(row.id)
        assert len(paths) == counts[row.status], row.id
        if row.status == "single_thread":
            assert set(row.single_points) <= set(paths[0])


def test_unknown_node_is_an_error_naming_it():
    a = tg.analyse(tg.load(), as_of="2026-11-27")
    with pytest.raises(tg.TsunagariError, match="r-999"):
        a.threads("r-999")
    with pytest.raises(IndexError):
        independent_threads(a.sn, a.sn.n)


def test_support_edges_are_the_active_supports():
    """SafetyNet.support_edge marks, among the graph's edges, exactly the active supports
    (what the page counts supporters from), not collaborations either way nor root edges."""
    sn = tg.analyse(tg.load(), as_of="2026-11-27").sn
    flags = sn.support_edge
    assert (sn.src[flags] == sn.support_src).all() and (sn.dst[flags] == sn.support_dst).all()
    assert not flags[sn.src == sn.n].any()
    assert (~flags).sum() > (sn.src == sn.n).sum()  # the collaborations, both ways
