"""Critical supporters: dependents and sole supporters against brute-force removal."""

from __future__ import annotations

from collections import deque

import pandas as pd
from hypothesis import HealthCheck, given, settings
from netbuild import make_network
from test_status import DAY, family_cycles, networks

import tsunagari as tg


def _active_edges(net, day=DAY):
    """(u, v, is_support) for every directed active edge, collaborations both ways."""
    when = pd.Timestamp(day)
    out = []
    for e in net.supports.itertuples():
        if (pd.isna(e.since) or e.since <= when) and (pd.isna(e.until) or when < e.until):
            out.append((e.source, e.target, e.relation == "support"))
            if e.relation == "collaboration":
                out.append((e.target, e.source, False))
    return out


def _reached(net, edges, removed=None):
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    seen = {i for i, k in kinds.items() if k == "agency" and i != removed}
    queue = deque(seen)
    while queue:
        u = queue.popleft()
        for a, b, _ in edges:
            if a == u and b != removed and b not in seen:
                seen.add(b)
                queue.append(b)
    return seen


def brute_critical(net) -> dict[str, tuple[int, int]]:
    """(dependents, sole_supporter_of) of every node by removing it and re-walking."""
    edges = _active_edges(net)
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    residents = [i for i, k in kinds.items() if k == "resident"]
    before = _reached(net, edges)
    supporters = {r: {a for a, b, sup in edges if b == r and sup} for r in residents}
    out = {}
    for v in kinds:
        after = _reached(net, edges, removed=v)
        dependents = sum(1 for r in residents if r != v and r in before and r not in after)
        sole = sum(1 for r in residents if supporters[r] == {v})
        out[v] = (dependents, sole)
    return out


def library_critical(net) -> dict[str, tuple[int, int]]:
    table = tg.critical(net, as_of=DAY)
    out = dict.fromkeys(net.nodes["id"], (0, 0))
    for row in table.to_dict("records"):
        out[row["id"]] = (row["dependents"], row["sole_supporter_of"])
    return out


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_dependents_and_sole_supporters_equal_brute_force(net):
    assert library_critical(net) == brute_critical(net)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family_cycles())
def test_dependents_on_family_cycles_equal_brute_force(net):
    assert library_critical(net) == brute_critical(net)


def test_ranked_most_critical_first_and_zero_rows_left_out():
    net = make_network(
        [
            ("city", "agency"),
            ("v", "volunteer"),
            ("a", "resident"),
            ("b", "resident"),
            ("c", "resident"),
            ("d", "resident"),
        ],
        [("city", "v"), ("v", "a"), ("v", "b"), ("city", "c"), ("a", "d"), ("city", "d")],
    )
    table = tg.critical(net, as_of=DAY)
    assert table["id"].tolist() == ["city", "v"]
    assert table.set_index("id").loc["v", ["dependents", "sole_supporter_of", "load"]].tolist() == [
        2,
        2,
        2,
    ]
    # city dominates everyone reached (a, b, c, d); it is the only supporter of c
    assert table.set_index("id").loc["city", "dependents"] == 4
    assert table.set_index("id").loc["city", "sole_supporter_of"] == 1


def test_sample_top_three():
    top = tg.critical(tg.load(), as_of="2026-11-27").head(3)
    assert top["id"].tolist() == ["ag-houkatsu", "grp-nest", "grp-shokudo-ueno"]
    assert top["dependents"].tolist() == [5, 2, 2]
