"""Statuses and single points: exact, checked against brute force and the seed's story."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netbuild import brute_force, draw_ties, make_network

import tsunagari as tg
from tsunagari import tables
from tsunagari.analysis.status import at_risk
from tsunagari.columnar import from_frame
from tsunagari.network import Network

DAY = "2026-01-01"
DOMAINS = ["employment", "hikikomori", "mobility_shopping"]
DATES = [None, "2020-01-01", "2025-12-31", "2026-01-01", "2026-01-02", "2027-01-01"]


@st.composite
def network_specs(draw):
    """(node specs, edge specs) of a random network of 2–9 nodes with dated ties."""
    n = draw(st.integers(2, 9))
    kinds = draw(
        st.lists(
            st.sampled_from(["resident", "resident", "resident", "agency", "volunteer", "group"]),
            min_size=n,
            max_size=n,
        )
    )
    nodes = []
    for i, kind in enumerate(kinds):
        needs = draw(st.lists(st.sampled_from(DOMAINS), unique=True, max_size=3))
        nodes.append((f"n{i}", kind, needs if kind == "resident" else []))
    return nodes, draw_ties(draw, kinds, dates=DATES, domains=DOMAINS)


def networks():
    return network_specs().map(lambda spec: make_network(*spec))


def as_dicts(table: pd.DataFrame) -> dict[str, dict]:
    return {
        row["id"]: {
            "status": row["status"],
            "single_points": row["single_points"],
            "needs": row["needs"],
            "need_single_points": row["need_single_points"],
        }
        for row in table.to_dict("records")
    }


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_statuses_equal_brute_force(net):
    assert as_dicts(tg.residents(net, as_of=DAY)) == brute_force(net, DAY)


@settings(max_examples=150, deadline=None)
@given(networks())
def test_roots_can_be_node_ids(net):
    groups = net.nodes.loc[net.nodes["kind"] == "group", "id"].tolist()
    roots = ("agency", *groups)
    expected = brute_force(net, DAY, roots=("agency", "group"))
    assert as_dicts(tg.residents(net, as_of=DAY, roots=roots)) == expected


@st.composite
def family_cycles(draw):
    """Dense mutual support among residents: many residents sit on cycles with supporters."""
    n = draw(st.integers(3, 8))
    agencies = draw(st.integers(1, 2))
    nodes = [(f"a{i}", "agency", []) for i in range(agencies)]
    nodes += [
        (f"r{i}", "resident", draw(st.lists(st.sampled_from(DOMAINS), unique=True, max_size=3)))
        for i in range(n)
    ]
    ids = [x[0] for x in nodes]
    edges = []
    for _ in range(draw(st.integers(n, 4 * n))):
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids[agencies:]))
        if a != b:
            edges.append((a, b, "support", draw(st.sampled_from([None, *DOMAINS]))))
    return make_network(nodes, edges)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family_cycles())
def test_per_need_on_cycles_equals_brute_force(net):
    assert as_dicts(tg.residents(net, as_of=DAY)) == brute_force(net, DAY)


def held_as_columns(net: Network) -> Network:
    """The same network held as a network read from files holds it: as columns."""
    nodes, supports = from_frame(net.nodes), from_frame(net.supports)
    return Network(nodes, supports, net.vocabulary, ends=(net.source_index, net.target_index))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(networks(), family_cycles()), st.sampled_from([["all"], ["single_thread"]]))
def test_columns_and_frames_give_one_table(net, statuses):
    """The columns the command line writes from are the library's frames: same rows, same
    order, same JSON; the network held as columns makes no frame to get there."""
    held = held_as_columns(net)
    by_columns = tg.analyse(held, as_of=DAY)
    by_frames = tg.analyse(net, as_of=DAY)
    ordered = at_risk(by_columns.rows, statuses=statuses)
    assert tables.to_json(ordered) == tables.to_json(by_frames.at_risk(statuses=statuses))
    assert "nodes" not in vars(held) and "supports" not in vars(held)
    pd.testing.assert_frame_equal(by_columns.residents(), by_frames.residents())
    assert as_dicts(by_columns.residents()) == brute_force(net, DAY)


def test_at_risk_takes_a_users_frame_with_plain_statuses():
    """A table read back from a CSV holds statuses as text: ordered all the same."""
    table = tg.residents(tg.load(), as_of=DAY)
    plain = table.assign(status=table["status"].astype(str))
    expected = tg.at_risk(table, statuses=["all"])
    assert tg.at_risk(plain, statuses=["all"])["id"].tolist() == expected["id"].tolist()


# ---------------------------------------------------------------- the seed's story, by hand


def status_of(net, as_of=DAY, **kw):
    table = tg.residents(net, as_of=as_of, **kw)
    return {row["id"]: row for row in table.to_dict("records")}


def test_mother_and_withdrawn_son():
    """The city supports a mother; she supports her withdrawn son; he does her shopping."""
    net = make_network(
        [
            ("city", "agency"),
            ("mother", "resident", ["elderly_care", "mobility_shopping"]),
            ("son", "resident", ["hikikomori"]),
        ],
        [
            ("city", "mother", "support", "elderly_care"),
            ("mother", "son", "support", "hikikomori"),
            ("son", "mother", "support", "mobility_shopping"),
        ],
    )
    rows = status_of(net)
    assert rows["son"]["status"] == "single_thread"
    assert rows["son"]["single_points"] == ("mother", "city")
    assert rows["mother"]["single_points"] == ("city",)
    # the son reaches the net only through her, so her shopping thread is not held
    assert rows["mother"]["needs"] == {
        "elderly_care": "single_thread",
        "mobility_shopping": "unreached",
    }
    assert rows["son"]["supporters"] == 1 and rows["mother"]["supporters"] == 2


def test_a_san_one_connection_becomes_many():
    """Aさん: first held by the 社協 alone; once わたせい hires her and the school support
    runs in parallel, two node-disjoint threads hold her."""
    nodes = [
        ("city", "agency"),
        ("shakyo", "agency"),
        ("csw", "agency"),
        ("school", "agency"),
        ("watasei", "company"),
        ("store", "company"),
        ("a", "resident", ["school_non_attendance", "employment"]),
    ]
    supports = [
        ("shakyo", "csw"),
        ("csw", "a", "support", "school_non_attendance", "2019-04-01"),
        ("watasei", "shakyo", "collaboration", "donation", "2021-06-01"),
        ("watasei", "store", "support", None, "2021-06-01"),
        ("store", "a", "support", "employment", "2022-04-01"),
        ("school", "a", "support", "school_non_attendance", "2022-04-01"),
    ]
    net = make_network(nodes, supports)
    before = status_of(net, as_of="2020-01-01")["a"]
    assert before["status"] == "single_thread" and before["single_points"] == ("csw",)
    assert before["needs"] == {"school_non_attendance": "single_thread", "employment": "uncovered"}
    after = status_of(net, as_of="2023-01-01")["a"]
    assert after["status"] == "overlapping"
    assert after["needs"] == {"school_non_attendance": "overlapping", "employment": "single_thread"}
    # わたせい hangs on the 社協 (its only link to the net), which is a root itself
    assert after["need_single_points"]["employment"] == ("store", "watasei", "shakyo")


def test_isolated_and_unreached():
    net = make_network(
        [
            ("city", "agency"),
            ("alone", "resident", ["loneliness_isolation"]),
            ("mother", "resident"),
            ("son", "resident", ["hikikomori"]),
            ("salon", "group"),
            ("neighbour", "resident"),
        ],
        [
            ("mother", "son", "support", "hikikomori"),
            ("son", "mother"),
            ("salon", "neighbour"),
            ("city", "alone", "support", None, "2015-01-01", "2024-03-31"),  # ended
        ],
    )
    rows = status_of(net)
    assert rows["alone"]["status"] == "isolated"
    assert rows["alone"]["needs"] == {"loneliness_isolation": "uncovered"}
    assert status_of(net, as_of="2020-01-01")["alone"]["status"] == "single_thread"
    assert {rows[r]["status"] for r in ("mother", "son", "neighbour")} == {"unreached"}
    assert rows["son"]["needs"] == {"hikikomori": "unreached"}


def test_collaboration_gives_a_second_thread():
    """A 民生委員 watched by the 地域包括 and working with the 社協: both agencies reach her."""
    net = make_network(
        [
            ("houkatsu", "agency"),
            ("shakyo", "agency"),
            ("minsei", "volunteer"),
            ("old", "resident"),
        ],
        [("minsei", "old"), ("houkatsu", "minsei", "collaboration")],
    )
    assert status_of(net)["old"]["single_points"] == ("minsei", "houkatsu")
    net2 = make_network(
        [
            ("houkatsu", "agency"),
            ("shakyo", "agency"),
            ("minsei", "volunteer"),
            ("old", "resident"),
        ],
        [("minsei", "old"), ("houkatsu", "minsei", "collaboration"), ("shakyo", "old")],
    )
    assert status_of(net2)["old"]["status"] == "overlapping"


def test_lsns_threshold_is_configurable():
    net = make_network([("city", "agency"), ("r", "resident")], [("city", "r")])
    net.nodes["lsns6"] = pd.array([pd.NA, 12], dtype="Int64")
    assert status_of(net)["r"]["lsns_at_risk"] is False
    assert status_of(net, lsns_threshold=13)["r"]["lsns_at_risk"] is True


def test_unknown_root_is_an_error():
    net = make_network([("city", "agency"), ("r", "resident")], [("city", "r")])
    with pytest.raises(tg.TsunagariError, match="unknown root"):
        tg.residents(net, roots=("nowhere",))


def test_at_risk_orders_worst_first():
    net = make_network(
        [
            ("city", "agency"),
            ("city2", "agency"),
            ("v", "volunteer"),
            ("a", "resident"),
            ("b", "resident", ["hikikomori"]),
            ("c", "resident"),
            ("d", "resident"),
            ("e", "resident"),
        ],
        [("city", "v"), ("v", "b"), ("v", "c"), ("d", "e"), ("city2", "a"), ("v", "a")],
    )
    ranked = tg.at_risk(tg.residents(net, as_of=DAY), statuses=["all"])
    assert ranked["id"].tolist() == ["d", "e", "b", "c", "a"]
    assert tg.at_risk(tg.residents(net, as_of=DAY))["id"].tolist() == ["d", "e", "b", "c"]
