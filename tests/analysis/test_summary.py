"""Headline numbers agree with the tables they summarise."""

from __future__ import annotations

import json

from netbuild import make_network
from test_status import DAY

import tsunagari as tg


def test_sample_summary_matches_the_readme_and_the_tables():
    net = tg.load()
    s = tg.summary(net, as_of="2026-11-27")
    assert s["residents"] == 94
    assert s["by_status"] == {
        "isolated": 5,
        "unreached": 10,
        "single_thread": 32,
        "overlapping": 47,
    }
    assert s["needs_by_status"] == {
        "uncovered": 83,
        "unreached": 8,
        "single_thread": 115,
        "overlapping": 9,
    }
    assert (s["needs"], s["uncovered_needs"], s["lsns_at_risk"], s["at_risk"]) == (215, 83, 42, 47)
    assert s["share_overlapping"] == 0.5
    assert [c["id"] for c in s["top_critical"]] == ["ag-houkatsu", "grp-nest", "grp-shokudo-ueno"]
    table = tg.residents(net, as_of="2026-11-27")
    worst = s["worst_districts"][0]
    mine = table[table["district"] == worst["district"]]
    assert worst["residents"] == len(mine)
    assert worst["at_risk"] == int((mine["status"] != "overlapping").sum())
    json.dumps(s)  # plain values only


def test_summary_of_a_tiny_town():
    net = make_network(
        [("city", "agency"), ("a", "resident", ["housing"]), ("b", "resident")],
        [("city", "a", "support", "housing")],
    )
    s = tg.summary(net, as_of=DAY, top=1)
    assert s["by_status"]["isolated"] == 1 and s["by_status"]["single_thread"] == 1
    assert s["top_critical"] == [
        {
            "id": "city",
            "name": "name of city",
            "kind": "agency",
            "dependents": 1,
            "sole_supporter_of": 1,
        }
    ]
    assert s["worst_districts"] == [
        {"district": "", "residents": 2, "at_risk": 2, "share_at_risk": 1.0, "uncovered_needs": 0}
    ]
