"""Coverage gaps: district × domain counts and horizontal threads between fields."""

from __future__ import annotations

from collections import deque

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netbuild import make_network
from test_status import DAY

import tsunagari as tg
from tsunagari.analysis import by_district, domain_pairs


def town(nodes, supports, *, districts=None, services=None, capacity=None):
    net = make_network(nodes, supports)
    n = len(nodes)
    net.nodes["district"] = districts or [""] * n
    net.nodes["services"] = pd.Series([tuple(s) for s in (services or [()] * n)], dtype=object)
    net.nodes["capacity"] = pd.array(capacity or [None] * n, dtype="Int64")
    return net


def test_by_district_counts_and_providers():
    net = town(
        [
            ("city", "agency"),
            ("north-desk", "npo"),
            ("south-desk", "npo"),
            ("a", "resident", ["employment", "housing"]),
            ("b", "resident", ["employment"]),
            ("c", "resident", ["employment"]),
            ("d", "resident", ["housing"]),
        ],
        [
            ("city", "a", "support", "employment"),
            ("north-desk", "a", "support", "employment"),
            ("city", "north-desk", "collaboration"),
            ("city", "b", "support", "employment"),
            ("d", "c", "support", "employment"),
        ],
        districts=["", "north", "south", "north", "north", "south", "north"],
        services=[("employment",), ("employment", "housing"), ("employment",), (), (), (), ()],
        capacity=[None, 1, 3, None, None, None, None],
    )
    table = tg.analyse(net, as_of=DAY).gaps().by_district
    rows = {(r["district"], r["domain"]): r for r in table.to_dict("records")}
    assert set(rows) == {("north", "employment"), ("north", "housing"), ("south", "employment")}
    north = rows[("north", "employment")]
    # a: city and north-desk, but north-desk hangs on the city -> single thread; b: city alone
    assert (
        north["in_need"],
        north["overlapping"],
        north["single_thread"],
        north["unreached"],
        north["uncovered"],
    ) == (2, 0, 2, 0, 0)
    assert (north["providers"], north["providers_with_room"]) == (2, 1)  # north-desk is full
    housing = rows[("north", "housing")]
    assert (housing["in_need"], housing["uncovered"], housing["providers"]) == (2, 2, 1)
    south = rows[("south", "employment")]
    assert (south["unreached"], south["providers"], south["providers_with_room"]) == (1, 2, 2)
    # worst first: most uncovered leads
    assert table.iloc[0][["district", "domain"]].tolist() == ["north", "housing"]


def test_no_provider_nearby_comes_first():
    net = town(
        [
            ("city", "agency"),
            ("far", "npo"),
            ("r", "resident", ["housing"]),
            ("s", "resident", ["housing", "employment"]),
        ],
        [],
        districts=["", "south", "north", "north"],
        services=[("employment",), ("housing",), (), ()],
    )
    a = tg.analyse(net, as_of=DAY)
    table = by_district(a.sn, a.table)
    first = table.iloc[0]
    assert (first["domain"], first["providers"], first["uncovered"]) == ("housing", 0, 2)


def _pairs(net):
    table = domain_pairs(net, as_of=DAY)
    return {
        (r["domain_a"], r["domain_b"]): (r["status"], r["single_points"])
        for r in table.to_dict("records")
    }


@pytest.mark.parametrize(
    "edges, expected",
    [
        ([], ("unlinked", ())),
        (
            [("a1", "m", "collaboration"), ("m", "b1", "collaboration")],
            ("single_thread", ("b1", "m", "a1")),
        ),  # from the employment side
        ([("a1", "b1", "collaboration"), ("a2", "b2", "collaboration")], ("overlapping", ())),
        (
            [
                ("a1", "m", "collaboration"),
                ("a2", "m", "collaboration"),
                ("m", "b1", "collaboration"),
                ("m", "b2", "collaboration"),
            ],
            ("single_thread", ("m",)),
        ),
        # a support between organisations is a working tie too, whichever way it runs
        ([("b1", "a1", "support"), ("a2", "b2", "support")], ("overlapping", ())),
        # residents do not bridge fields; an ended tie does not count
        (
            [
                ("a1", "r", "support"),
                ("b1", "r", "support"),
                ("a2", "b2", "collaboration", None, "2020-01-01", "2021-01-01"),
            ],
            ("unlinked", ()),
        ),
    ],
)
def test_domain_pairs_known_answers(edges, expected):
    nodes = [
        ("a1", "npo"),
        ("a2", "npo"),
        ("b1", "agency"),
        ("b2", "volunteer"),
        ("m", "group"),
        ("r", "resident"),
    ]
    services = [("housing",), ("housing",), ("employment",), ("employment",), (), ()]
    net = town(nodes, edges, services=services)
    assert _pairs(net) == {("employment", "housing"): expected}


def test_one_organisation_offering_both_fields():
    nodes = [("both", "agency"), ("x", "npo"), ("y", "npo")]
    net = town(nodes, [], services=[("employment", "housing"), ("housing",), ()])
    assert _pairs(net) == {("employment", "housing"): ("single_thread", ("both",))}
    net = town(
        nodes,
        [("x", "y", "collaboration")],
        services=[("employment", "housing"), ("housing",), ("employment",)],
    )
    assert _pairs(net) == {("employment", "housing"): ("overlapping", ())}


@st.composite
def org_graphs(draw):
    n = draw(st.integers(2, 8))
    kinds = draw(
        st.lists(st.sampled_from(["agency", "npo", "group", "resident"]), min_size=n, max_size=n)
    )
    services = [
        tuple(
            draw(
                st.lists(
                    st.sampled_from(["employment", "housing", "learning"]), unique=True, max_size=2
                )
            )
        )
        if k != "resident"
        else ()
        for k in kinds
    ]
    edges = []
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = draw(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        if a != b:
            orgs = kinds[a] != "resident" and kinds[b] != "resident"
            relation = draw(st.sampled_from(["support", "collaboration"])) if orgs else "support"
            edges.append((f"n{a}", f"n{b}", relation))
    return town([(f"n{i}", k) for i, k in enumerate(kinds)], edges, services=services)


def brute_pairs(net):
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    offers = dict(zip(net.nodes["id"], net.nodes["services"]))
    orgs = [i for i, k in kinds.items() if k != "resident"]
    adj = {i: set() for i in orgs}
    for e in net.supports.itertuples():
        if e.source in adj and e.target in adj:
            adj[e.source].add(e.target)
            adj[e.target].add(e.source)

    def joined(a, b, removed=None):
        start = [o for o in orgs if a in offers[o] and o != removed]
        goal = {o for o in orgs if b in offers[o] and o != removed}
        seen, queue = set(start), deque(start)
        while queue:
            u = queue.popleft()
            if u in goal:
                return True
            for w in adj[u]:
                if w not in seen and w != removed:
                    seen.add(w)
                    queue.append(w)
        return False

    domains = [d for d in tg.load_vocabulary().domains if any(d in offers[o] for o in orgs)]
    out = {}
    for i, a in enumerate(domains):
        for b in domains[i + 1 :]:
            if not joined(a, b):
                out[(a, b)] = ("unlinked", set())
                continue
            points = {o for o in orgs if not joined(a, b, removed=o)}
            out[(a, b)] = ("single_thread" if points else "overlapping", points)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org_graphs())
def test_domain_pairs_equal_brute_force(net):
    got = {k: (status, set(points)) for k, (status, points) in _pairs(net).items()}
    assert got == brute_pairs(net)


def test_sample_gaps():
    result = tg.gaps(tg.load(), as_of="2026-11-27")
    totals = (
        result.by_district[["in_need", "overlapping", "single_thread", "unreached", "uncovered"]]
        .sum()
        .to_dict()
    )
    # the README's per-need counts on 2026-11-27
    assert totals == {
        "in_need": 215,
        "overlapping": 9,
        "single_thread": 115,
        "unreached": 8,
        "uncovered": 83,
    }
    data = result.to_dict()
    assert set(data) == {"as_of", "roots", "by_district", "domain_pairs"}
    assert set(data["domain_pairs"][0]) >= {
        "domain_a",
        "domain_b",
        "linked",
        "status",
        "single_points",
    }
