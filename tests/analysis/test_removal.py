"""Per-need statuses in dense, reciprocal communities (analysis/removal.py), checked against
brute force on random mutual-aid networks, and on generated towns against the definition
and against the former method (tests/analysis/former_method.py)."""

from __future__ import annotations

import numpy as np
import pytest
import rustworkx as rx
from former_method import former_need_thread
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from netbuild import brute_force, make_network
from test_status import DAY, DOMAINS, as_dicts

import tsunagari as tg
from tsunagari.analysis.dominators import safety_net
from tsunagari.synth import write_city


@st.composite
def mutual_aid(draw):
    """Residents who help each other both ways, a few agencies reaching some of them,
    a volunteer in between: most residents share one strongly connected component, each
    has several needs, and many needs are held by supporters inside that component."""
    n = draw(st.integers(4, 11))
    agencies = draw(st.integers(1, 2))
    nodes = [(f"a{i}", "agency", []) for i in range(agencies)]
    nodes.append(("v", "volunteer", []))
    nodes += [
        (f"r{i}", "resident", draw(st.lists(st.sampled_from(DOMAINS), unique=True, max_size=3)))
        for i in range(n)
    ]
    residents = [f"r{i}" for i in range(n)]
    helpers = [*residents, "v"]
    edges = []
    for _ in range(draw(st.integers(n, 3 * n))):  # reciprocal pairs, each way its own domain
        a, b = draw(st.sampled_from(helpers)), draw(st.sampled_from(residents))
        if a != b:
            edges.append((a, b, "support", draw(st.sampled_from([None, *DOMAINS]))))
            if draw(st.integers(0, 9)) < 8 and a != "v":
                edges.append((b, a, "support", draw(st.sampled_from([None, *DOMAINS]))))
    for _ in range(draw(st.integers(1, 4))):  # agencies reach in
        a = draw(st.sampled_from([x[0] for x in nodes[:agencies]] + ["v"]))
        b = draw(st.sampled_from(residents))
        if not (a == "v" and b == "v"):
            edges.append((a, b, "support", draw(st.sampled_from([None, *DOMAINS]))))
    edges.append((nodes[0][0], "v", "support", None))
    return make_network(nodes, edges)


def largest_share(net) -> float:
    sn = safety_net(net, as_of=DAY)
    residents = net.nodes["kind"].to_numpy() == "resident"
    return np.bincount(sn.component[: sn.n][residents]).max() / residents.sum()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutual_aid())
def test_dense_reciprocal_networks_equal_brute_force(net):
    assume(largest_share(net) >= 0.5)
    assert as_dicts(tg.residents(net, as_of=DAY)) == brute_force(net, DAY)


def by_definition(net, as_of):
    """Every need's status and single points from the definition: the dominators of a
    vertex fed by the need's supporters in the whole graph without the resident, one
    compiled dominator computation per (resident, need)."""
    sn = safety_net(net, as_of=as_of)
    ids = net.nodes["id"].tolist()
    out = {}
    for r in np.flatnonzero(net.nodes["kind"].to_numpy() == "resident").tolist():
        answers = {}
        for d in net.nodes["needs"].iat[r]:
            feeders = set(sn.support_src[(sn.support_dst == r) & (sn.support_domain == d)].tolist())
            if not feeders:
                answers[d] = ("uncovered", ())
                continue
            keep = (sn.src != r) & (sn.dst != r)
            g = rx.PyDiGraph()
            g.add_nodes_from(range(sn.n + 2))
            x = sn.n + 1
            g.add_edges_from_no_data(
                list(zip(sn.src[keep].tolist(), sn.dst[keep].tolist())) + [(s, x) for s in feeders]
            )
            idom = rx.immediate_dominators(g, sn.root)
            if x not in idom:
                answers[d] = ("unreached", ())
                continue
            chain, v = [], idom[x]
            while v != sn.root:
                chain.append(ids[v])
                v = idom[v]
            answers[d] = ("single_thread", tuple(chain)) if chain else ("overlapping", ())
        out[ids[r]] = answers
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_mutual_aid_town_equals_the_definition(seed, tmp_path):
    net = tg.load(write_city(tmp_path / "town", 400, seed=seed, mutual_aid=0.8))
    assert largest_share(net) >= 0.7
    table = tg.residents(net, as_of=DAY)
    expected = by_definition(net, DAY)
    got = {
        row["id"]: {d: (s, row["need_single_points"].get(d, ())) for d, s in row["needs"].items()}
        for row in table.to_dict("records")
    }
    assert got == expected
    answered = sum(s != "uncovered" for answers in expected.values() for s, _ in answers.values())
    assert answered > 100  # the town really asks many per-need questions


@pytest.mark.parametrize("seed", [3, 4])
def test_generated_mutual_aid_town_equals_the_former_method(seed, tmp_path):
    net = tg.load(write_city(tmp_path / "town", 400, seed=seed, mutual_aid=0.8))
    sn = safety_net(net, as_of=DAY)
    ids = net.nodes["id"].tolist()
    table = tg.residents(net, as_of=DAY)
    checked = 0
    for row in table.to_dict("records"):
        r = ids.index(row["id"])
        for d, status in row["needs"].items():
            feeders = sn.support_src[(sn.support_dst == r) & (sn.support_domain == d)]
            if len(feeders) == 0:
                continue
            former, chain = former_need_thread(sn, r, list(dict.fromkeys(feeders.tolist())))
            points = tuple(ids[v] for v in chain)
            assert (status, row["need_single_points"].get(d, ())) == (former, points)
            checked += sn.component[feeders].tolist().count(sn.component[r]) > 0
    assert checked > 50  # needs held from inside the resident's own component
