"""What-if: statuses after a loss equal a network built from scratch without it; the
batch impact of each supporter equals removing it and recomputing."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netbuild import brute_force, make_network
from test_status import DAY, network_specs

import tsunagari as tg
from tsunagari.analysis.impact import impact_rows


def _active(since, until, day=DAY):
    return (since is None or since <= day) and (until is None or day < until)


@st.composite
def scenarios(draw):
    """(node specs, edge specs, ids to remove, (source, target) pairs to end)."""
    nodes, edges = draw(network_specs())
    n = len(nodes)
    ids = [x[0] for x in nodes]
    remove = draw(st.lists(st.sampled_from(ids), unique=True, max_size=min(2, n - 1)))
    active = [(e[0], e[1]) for e in edges if _active(e[4], e[5])]
    end = draw(st.lists(st.sampled_from(active), unique=True, max_size=2)) if active else []
    return nodes, edges, remove, end


def _without(nodes, edges, remove, end):
    """The reduced network's specs, built independently of ``Network.without``."""
    keep_nodes = [x for x in nodes if x[0] not in remove]
    ended = set(end)
    keep_edges = []
    for e in edges:
        a, b, relation, *_, since, until = e
        if a in remove or b in remove:
            continue
        hit = (a, b) in ended or (relation == "collaboration" and (b, a) in ended)
        if hit and _active(since, until):
            continue
        keep_edges.append(e)
    return keep_nodes, keep_edges


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_changed_equals_recomputing_from_scratch(case):
    nodes, edges, remove, end = case
    net = make_network(nodes, edges)
    result = tg.whatif(net, remove=remove, end=end, as_of=DAY)

    before = brute_force(net, DAY)
    after = brute_force(make_network(*_without(nodes, edges, remove, end)), DAY)
    expected = {}
    for r, row in after.items():
        old = before[r]
        needs = {
            d: {"before": s, "after": row["needs"][d]}
            for d, s in old["needs"].items()
            if row["needs"][d] != s
        }
        if old["status"] != row["status"] or needs:
            expected[r] = (old["status"], row["status"], row["single_points"], needs)
    got = {
        row["id"]: (row["before"], row["after"], row["single_points"], row["need_changes"])
        for row in result.changed.to_dict("records")
    }
    assert got == expected
    assert set(result.after["id"]) == set(after)
    assert {r["id"]: r["status"] for r in result.after.to_dict("records")} == {
        r: v["status"] for r, v in after.items()
    }
    assert not set(remove) & set(result.changed["id"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_impact_equals_removing_each_supporter(case):
    nodes, edges, _, _ = case
    net = make_network(nodes, edges)
    sn = tg.safety_net(net, as_of=DAY)
    table = impact_rows(sn, weakened=True).set_index("id")
    before = {r["id"]: r["status"] for r in tg.residents(net, as_of=DAY).to_dict("records")}
    gives = {e[0] for e in edges if _active(e[4], e[5])}
    gives |= {e[1] for e in edges if _active(e[4], e[5]) and e[2] == "collaboration"}
    assert set(table.index) == gives
    held = {"single_thread", "overlapping"}
    for v in gives:
        after = tg.residents(net.without(nodes=[v]), as_of=DAY)
        after = dict(zip(after["id"], after["status"]))
        cut_off = sum(1 for r, s in after.items() if before[r] in held and s not in held)
        left_alone = sum(1 for r, s in after.items() if before[r] != "isolated" and s == "isolated")
        weakened = sum(
            1 for r, s in after.items() if before[r] == "overlapping" and s == "single_thread"
        )
        assert table.loc[v, ["cut_off", "left_alone", "weakened"]].tolist() == [
            cut_off,
            left_alone,
            weakened,
        ], v


def test_collaboration_into_a_resident_still_leaves_her_alone():
    """Reached through a collaboration but supported by v alone: losing v isolates her."""
    net = make_network(
        [("city", "agency"), ("v", "volunteer"), ("r", "resident")],
        [("city", "v"), ("v", "r"), ("city", "r", "collaboration")],
    )
    row = tg.impact(net, as_of=DAY).set_index("id").loc["v"]
    assert (row["cut_off"], row["left_alone"]) == (1, 1)


def test_sample_losing_a_minsei():
    net = tg.load()
    result = tg.whatif(net, remove=["vol-minsei-01"], as_of="2026-11-27")
    changed = result.changed.set_index("id")
    assert changed.loc["r-050", ["before", "after"]].tolist() == ["single_thread", "isolated"]
    assert changed.loc["r-010", "after"] == "single_thread"
    assert changed.loc["r-010", "single_points"] == ("ag-houkatsu",)
    assert changed.loc["r-100", "need_changes"] == {
        "watching_over": {"before": "single_thread", "after": "uncovered"}
    }
    assert len(result.after) == len(result.before)
    data = result.to_dict()
    assert data["removed"] == ["vol-minsei-01"] and data["ended"] == []
    assert len(data["after"]) == len(result.after)


def test_ending_one_tie():
    net = tg.load()
    result = tg.whatif(net, end=[("csw-03", "r-001")], as_of="2026-11-27")
    row = result.changed.set_index("id").loc["r-001"]
    assert row["before"] == row["after"] == "overlapping"
    assert row["need_changes"]["learning"] == {"before": "overlapping", "after": "single_thread"}


def test_ending_a_collaboration_from_either_side():
    nodes = [("a", "agency"), ("b", "agency"), ("v", "volunteer"), ("r", "resident")]
    edges = [("a", "v", "collaboration"), ("b", "v", "collaboration"), ("v", "r")]
    net = make_network(nodes, edges)
    assert tg.residents(net, as_of=DAY)["status"].tolist() == ["single_thread"]
    for pair in [("v", "a"), ("a", "v")]:
        result = tg.whatif(net, end=[pair], as_of=DAY)
        assert result.changed.empty
        assert tg.whatif(net, end=[pair, ("b", "v")], as_of=DAY).changed["after"].tolist() == [
            "unreached"
        ]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"remove": ["nobody"]}, "unknown node id 'nobody'"),
        ({"end": [("a", "nobody")]}, "unknown node id 'nobody'"),
        ({"end": [("r", "a")]}, "no active tie from 'r' to 'a'"),
    ],
)
def test_bad_scenarios_are_errors(kwargs, message):
    net = make_network([("a", "agency"), ("r", "resident")], [("a", "r")])
    with pytest.raises(tg.TsunagariError, match=message):
        tg.whatif(net, as_of=DAY, **kwargs)


def test_removed_root_id_is_dropped_from_roots():
    net = make_network(
        [("a", "agency"), ("g", "group"), ("r", "resident")], [("g", "r"), ("a", "r")]
    )
    result = tg.whatif(net, remove=["g"], roots=("agency", "g"), as_of=DAY)
    assert result.changed["after"].tolist() == ["single_thread"]


def test_without_keeps_the_original_untouched():
    net = make_network([("a", "agency"), ("r", "resident")], [("a", "r")])
    smaller = net.without(nodes=["a"])
    assert len(net.supports) == 1 and len(smaller.supports) == 0
    assert isinstance(smaller.supports, pd.DataFrame) and list(smaller.index) == ["r"]


def test_weakened_same_with_local_or_whole_recomputation(monkeypatch):
    sn = tg.safety_net(tg.load(), as_of="2026-11-27")
    local = impact_rows(sn, weakened=True)
    monkeypatch.setattr(sys.modules["tsunagari.analysis.impact"], "LOCAL_LIMIT", 0)
    whole = impact_rows(sn, weakened=True)
    assert local.equals(whole) and local["weakened"].sum() > 0
    row = local.set_index("id").loc["ag-houkatsu"]
    changed = tg.whatif(sn.net, remove=["ag-houkatsu"], as_of="2026-11-27").changed
    assert (
        row["weakened"]
        == ((changed["before"] == "overlapping") & (changed["after"] == "single_thread")).sum()
    )
