"""Suggested connections: every suggestion, applied, gives its promised status; no rule is
broken; nothing eligible is missed; the plan's gains are what recomputing shows."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netbuild import brute_force, draw_ties, make_network
from test_critical import _active_edges, _reached
from test_status import DATES, DAY, DOMAINS

import tsunagari as tg
from tsunagari.analysis.dominators import SINGLE_THREAD
from tsunagari.analysis.plan import Gains, gain
from tsunagari.analysis.status import resident_rows
from tsunagari.analysis.suggest import FALLBACK_DOMAINS
from tsunagari.analysis.web import Web

DISTRICTS = ["north", "north", "south", ""]
HELD = ("isolated", "unreached", "single_thread")
OFTEN_OPEN = [None, None, None, *DATES]


@st.composite
def towns(draw):
    """Specs of a small town: nodes with districts, services and capacities, dated ties."""
    n = draw(st.integers(3, 10))
    kinds = ["agency"] + draw(
        st.lists(
            st.sampled_from(["resident", "resident", "resident", "agency", "volunteer", "npo"]),
            min_size=n - 1,
            max_size=n - 1,
        )
    )
    nodes, districts, services, capacity = [], [], [], []
    for i, kind in enumerate(kinds):
        needs = draw(st.lists(st.sampled_from(DOMAINS), unique=True, max_size=2))
        nodes.append((f"n{i}", kind, needs if kind == "resident" else []))
        districts.append(draw(st.sampled_from(DISTRICTS)))
        offers = draw(
            st.lists(
                st.sampled_from([*DOMAINS, "watching_over"]), unique=True, min_size=1, max_size=3
            )
        )
        services.append(tuple(offers) if kind != "resident" else ())
        room = draw(st.sampled_from([None, None, 0, 1, 2, 3]))
        capacity.append(room if kind != "resident" else None)
    edges = draw_ties(draw, kinds, dates=OFTEN_OPEN, domains=DOMAINS, least=n // 2)
    return nodes, edges, districts, services, capacity


def build(spec, extra=()):
    nodes, edges, districts, services, capacity = spec
    net = make_network(nodes, [*edges, *extra])
    net.nodes["district"] = districts
    net.nodes["services"] = pd.Series(services, dtype=object)
    net.nodes["capacity"] = pd.array(capacity, dtype="Int64")
    return net


def statuses(net):
    return {row["id"]: row for row in tg.residents(net, as_of=DAY).to_dict("records")}


def eligible(net):
    """Every (resident, domain, supporter) the rules allow, by brute force."""
    edges = _active_edges(net)
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    district = dict(zip(net.nodes["id"], net.nodes["district"]))
    services = dict(zip(net.nodes["id"], net.nodes["services"]))
    capacity = dict(zip(net.nodes["id"], net.nodes["capacity"]))
    load = {v: len({b for a, b, sup in edges if a == v and sup}) for v in kinds}
    reached = _reached(net, edges)
    truth = brute_force(net, DAY)
    out = set()
    for r, row in truth.items():
        needs = row["needs"]
        if row["status"] in HELD:
            targets = [d for d, s in needs.items() if s != "overlapping"]
            if not needs:
                targets = list(FALLBACK_DOMAINS)
        else:
            targets = [d for d, s in needs.items() if s == "uncovered"]
        have = {a for a, b, sup in edges if b == r and sup}
        behind = [r, *row["single_points"]]
        for d in targets:
            for s, kind in kinds.items():
                if kind == "resident" or d not in services[s] or s in have or s not in reached:
                    continue
                if district[s] not in (district[r], ""):
                    continue
                if not pd.isna(capacity[s]) and load[s] >= capacity[s]:
                    continue
                if any(s not in _reached(net, edges, removed=p) for p in behind):
                    continue
                out.add((r, d, s))
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(towns())
def test_every_suggestion_keeps_its_promise(spec):
    net = build(spec)
    before = statuses(net)
    truth = brute_force(net, DAY)
    edges = _active_edges(net)
    ideas = tg.suggest(net, limit=0, as_of=DAY)
    assert {
        (r, d, s) for r, d, s in zip(ideas["resident"], ideas["domain"], ideas["supporter"])
    } == eligible(net)
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    capacity = dict(zip(net.nodes["id"], net.nodes["capacity"]))
    for row in ideas.to_dict("records"):
        r, s, d = row["resident"], row["supporter"], row["domain"]
        assert kinds[s] != "resident"
        assert s not in {a for a, b, sup in edges if b == r and sup}
        assert s not in truth[r]["single_points"]
        load = len({b for a, b, sup in edges if a == s and sup})
        if pd.isna(capacity[s]):
            assert pd.isna(row["room"])
        else:
            assert row["room"] == capacity[s] - load - 1 >= 0
        after = statuses(build(spec, [(s, r, "support", d)]))[r]
        assert after["status"] == row["status_after"]
        if pd.notna(row["need"]):
            assert after["needs"][d] == row["need_after"]
        else:
            assert d not in after["needs"] and pd.isna(row["need_after"])
        if before[r]["status"] == "single_thread":
            assert row["status_after"] == "overlapping"
        # the introducer: the first (in the nodes' order) of r's supporters tied to s, if any
        ties = {(a, b) for a, b, _ in edges}
        known = [
            p
            for p in net.nodes["id"]
            if (p, r, True) in edges and ((p, s) in ties or (s, p) in ties)
        ]
        assert (row["introducer"] if pd.notna(row["introducer"]) else None) == next(
            iter(known), None
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(towns(), st.integers(1, 3))
def test_limit_keeps_the_best_of_each_resident(spec, limit):
    net = build(spec)
    every = tg.suggest(net, limit=0, as_of=DAY)
    best = every.groupby("resident", sort=False).head(limit).reset_index(drop=True)
    assert tg.suggest(net, limit=limit, as_of=DAY).equals(best)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(towns())
def test_gain_of_a_tie_equals_recomputing(spec):
    """Any tie into a single-thread resident r from a reached node independent of her
    single points makes overlapping exactly the residents gain names."""
    net = build(spec)
    sn = tg.safety_net(net, as_of=DAY)
    table = resident_rows(sn)
    web = Web(sn)
    status = dict(zip(table["id"], table["status"]))
    single = [False] * (sn.n + 1)
    for i, node in enumerate(net.nodes["id"]):
        single[i] = status.get(node) == "single_thread"
    ids = net.nodes["id"].tolist()
    for r, node in enumerate(ids):
        if status.get(node) != "single_thread":
            continue
        for s in range(sn.n):
            if s == r or web.idom[s] < 0 or web.branch[s] == web.branch[r]:
                continue
            after = statuses(build(spec, [(ids[s], node, "support")]))
            newly = sorted(
                i
                for i, row in after.items()
                if status[i] == "single_thread" and row["status"] == "overlapping"
            )
            assert [ids[w] for w in gain(web, r, single)] == newly


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(towns(), st.integers(1, 3))
def test_plan_is_verified_and_within_capacity(spec, links):
    net = build(spec)
    steps = tg.plan(net, links, as_of=DAY)
    assert len(steps) <= links
    capacity = dict(zip(net.nodes["id"], net.nodes["capacity"]))
    edges = _active_edges(net)
    extra = []
    previous = statuses(net)
    for row in steps.to_dict("records"):
        assert previous[row["resident"]]["status"] == "single_thread"
        extra.append((row["supporter"], row["resident"], "support", row["domain"]))
        now = statuses(build(spec, extra))
        fixed = tuple(
            sorted(
                r
                for r, v in now.items()
                if previous[r]["status"] == "single_thread" and v["status"] == "overlapping"
            )
        )
        assert row["fixed"] == fixed and row["fixed_count"] == len(fixed) >= 1
        assert row["status_after"] == now[row["resident"]]["status"] == "overlapping"
        need_after = now[row["resident"]]["needs"].get(row["domain"])
        if need_after is None:
            assert pd.isna(row["need_after"])
        else:
            assert row["need_after"] == need_after
        previous = now
    for s, count in steps["supporter"].value_counts().items():
        if not pd.isna(capacity[s]):
            load = len({b for a, b, sup in edges if a == s and sup})
            assert load + count <= capacity[s]
    if len(steps) < links:  # stopped early: no single thread has an independent candidate left
        assert (
            not tg.suggest(build(spec, extra), limit=0, as_of=DAY)
            .query("status == 'single_thread'")
            .shape[0]
        )


# ------------------------------------------------------------------------ known answers


def test_a_san_introduced_to_watasei():
    """Before April 2022 Aさん hung on csw-03; the 社協 already worked with わたせい."""
    nodes = [
        ("shakyo", "agency"),
        ("csw", "agency"),
        ("watasei", "company"),
        ("a", "resident", ["employment", "learning"]),
    ]
    supports = [
        ("shakyo", "csw", "collaboration"),
        ("watasei", "shakyo", "collaboration"),
        ("csw", "a", "support", "learning"),
        ("shakyo", "a", "support", "learning"),
    ]
    net = make_network(nodes, supports)
    net.nodes["services"] = pd.Series(
        [("learning",), ("learning",), ("employment",), ()], dtype=object
    )
    net.nodes["capacity"] = pd.array([None, None, 1, None], dtype="Int64")
    ideas = tg.suggest(net, as_of=DAY)
    row = ideas.set_index("supporter").loc["watasei"]
    assert row["introducer"] == "shakyo" and row["need"] == "uncovered"
    assert row["need_after"] == "single_thread" and row["room"] == 0
    assert "introduced by name of shakyo (shakyo)" in row["reason"]  # name, then id
    assert tg.suggest(net, as_of=DAY, lang="ja")["reason"].str.contains("紹介者").any()


def test_no_suggestion_behind_the_single_point():
    net = make_network(
        [
            ("city", "agency"),
            ("hub", "agency"),
            ("v", "volunteer"),
            ("w", "volunteer"),
            ("x", "npo"),
            ("y", "npo"),
            ("r", "resident", ["hikikomori"]),
        ],
        [
            ("city", "v"),
            ("v", "w", "collaboration"),
            ("v", "r", "support", "hikikomori"),
            ("hub", "x", "collaboration"),
            ("city", "y", "collaboration"),
        ],
    )
    offers = ("hikikomori",)
    net.nodes["services"] = pd.Series([(), (), (), offers, offers, offers, ()], dtype=object)
    ideas = tg.suggest(net, as_of=DAY, limit=0)
    # w hangs on v and y on city, both r's single points; x is reached through hub
    assert ideas["supporter"].tolist() == ["x"]
    assert ideas["status_after"].tolist() == ["overlapping"]


@pytest.mark.parametrize(
    "city_domain, need_after",
    [
        ("elderly_care", "single_thread"),
        ("loneliness_isolation", "overlapping"),
    ],
)
def test_a_tie_from_someone_the_resident_supports(city_domain, need_after):
    """r helps at a salon that the hub also works with: a tie from the salon back to r
    closes a cycle through r, and is still a second, independent thread."""
    net = make_network(
        [
            ("city", "agency"),
            ("hub", "agency"),
            ("salon", "group"),
            ("r", "resident", ["loneliness_isolation"]),
        ],
        [("city", "r", "support", city_domain), ("r", "salon"), ("hub", "salon", "collaboration")],
    )
    net.nodes["services"] = pd.Series([(), (), ("loneliness_isolation",), ()], dtype=object)
    row = tg.suggest(net, as_of=DAY).iloc[0]
    assert (row["supporter"], row["status_after"], row["need_after"]) == (
        "salon",
        "overlapping",
        need_after,
    )
    after = tg.residents(
        net.with_supports(
            pd.DataFrame({"source": ["salon"], "target": ["r"], "domain": ["loneliness_isolation"]})
        ),
        as_of=DAY,
    ).iloc[0]
    assert after["status"] == "overlapping"
    assert after["needs"] == {"loneliness_isolation": need_after}


def test_resident_filter_and_unknown_resident():
    net = tg.load()
    ideas = tg.suggest(net, resident="r-063", as_of="2026-11-27")
    assert set(ideas["resident"]) == {"r-063"} and len(ideas) <= 3
    try:
        tg.suggest(net, resident="ag-houkatsu", as_of="2026-11-27")
    except tg.TsunagariError as exc:
        assert "unknown resident id 'ag-houkatsu'" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected an error")


def test_sample_plan_of_five():
    steps = tg.plan(tg.load(), 5, as_of="2026-11-27")
    assert len(steps) == 5 and int(steps["fixed_count"].sum()) == 5


def test_reasons_forgotten_as_they_pile_up_are_worded_the_same(monkeypatch):
    """The reasons remembered are cleared now and then (a city's would grow without end):
    every suggestion's words stay the ones worded afresh."""
    module = importlib.import_module("tsunagari.analysis.suggest")  # not the function
    net = tg.load()
    kept = tg.suggest(net, limit=0, as_of="2026-11-27", lang="ja")
    monkeypatch.setattr(module, "REASONS_KEPT", 2)
    forgotten = tg.suggest(net, limit=0, as_of="2026-11-27", lang="ja")
    assert kept["reason"].nunique() > 2 and forgotten.equals(kept)


def test_records_are_keyed_by_the_columns_in_their_order():
    module = importlib.import_module("tsunagari.analysis.suggest")  # not the function
    row = tuple(range(len(module.COLUMNS)))
    (record,) = module._records([row])
    assert list(record) == module.COLUMNS and record == dict(zip(module.COLUMNS, row))


@st.composite
def crowded_towns(draw):
    """Specs of towns where many residents without a recorded need share a district: the
    residents whose candidates :class:`Web` finds once for all in the same place."""
    n = draw(st.integers(6, 16))
    kinds = ["agency"] + draw(
        st.lists(
            st.sampled_from(["resident"] * 4 + ["agency", "volunteer", "npo"]),
            min_size=n - 1,
            max_size=n - 1,
        )
    )
    nodes = [(f"n{i}", kind, []) for i, kind in enumerate(kinds)]
    districts = [draw(st.sampled_from(["north", "north", ""])) for _ in kinds]
    services = [
        ()
        if kind == "resident"
        else tuple(draw(st.sets(st.sampled_from([*FALLBACK_DOMAINS, *DOMAINS]), min_size=1)))
        for kind in kinds
    ]
    capacity = [
        None if kind == "resident" else draw(st.sampled_from([None, 1, 5])) for kind in kinds
    ]
    # a chain of supports from the agency, each in a need (residents down it are on a
    # single thread, and past the second one none of their supporters is tied to an
    # organisation), some of them returned (mutual aid: cycles through residents)
    chain = [0, *draw(st.permutations(range(1, n)))[: draw(st.integers(0, n - 1))]]
    edges = [
        (f"n{a}", f"n{b}", "support", draw(st.sampled_from(DOMAINS)))
        for a, b in zip(chain, chain[1:])
    ]
    edges += [(b, a, *rest) for a, b, *rest in edges if draw(st.booleans())]
    edges += draw_ties(draw, kinds, dates=[None], domains=DOMAINS, least=n // 2)
    return nodes, edges, districts, services, capacity


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded_towns(), st.integers(0, 3), st.randoms(use_true_random=False))
def test_candidates_found_once_for_a_place_are_each_residents_own(spec, limit, rnd):
    """Residents in the same place (:meth:`Web._place`) get the candidates the scan of
    each one's own finds, whatever their status and targets and in any order asked."""
    net = build(spec)
    sn = tg.safety_net(net, as_of=DAY)
    web, fresh = Web(sn), Web(sn)
    fallback = [(d, "") for d in FALLBACK_DOMAINS]
    asked = [
        (r, targets, lim)
        for r in range(sn.n)
        if not web.is_org[r]
        for targets in (fallback, fallback[1:], [(DOMAINS[0], "uncovered")])
        for lim in (limit, limit + 1)
    ]
    rnd.shuffle(asked)
    for r, targets, lim in asked:
        assert web.ranked(r, targets, lim) == fresh._ranked(r, targets, lim)


def _single(sn) -> list[bool]:
    single = [False] * (sn.n + 1)
    for r in np.flatnonzero(sn.is_resident).tolist():
        single[r] = bool(sn.status_codes(np.array([r]))[0] == SINGLE_THREAD)
    return single


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(towns(), crowded_towns()), st.data())
def test_gains_kept_across_ties_are_counted_again_where_they_change(spec, data):
    """After any ties, one at a time (from any node into any resident), the counts
    :class:`Gains` keeps equal counting every single-thread resident's gain again."""
    sn = tg.safety_net(build(spec), as_of=DAY)
    web = Web(sn)
    gains, extra = Gains(web), []
    ids = sn.net.nodes["id"].tolist()
    for _ in range(4):
        single = _single(sn)
        residents = [r for r in range(sn.n) if single[r]]
        assert gains.counts(residents, single) == [len(gain(web, r, single)) for r in residents]
        held = np.flatnonzero(sn.is_resident).tolist()
        if not held:
            return
        r = data.draw(st.sampled_from(held))
        s = data.draw(st.sampled_from([v for v in range(sn.n) if v != r]))
        extra.append((ids[s], ids[r], "support"))
        sn = tg.safety_net(build(spec, extra), as_of=DAY)
        gains.forget(s, r)
        web.refresh(sn)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(towns(), crowded_towns()),
    st.integers(1, 3),
    st.lists(
        st.tuples(
            st.sampled_from([*DOMAINS, *FALLBACK_DOMAINS]),
            st.sampled_from(["", "uncovered", "unreached", "single_thread"]),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda target: target[0],
    ),
)
def test_a_limited_scan_keeps_the_best_of_every_candidate(spec, limit, targets):
    """The scan that stops early (and skips a later need's candidates that would rank
    lower) keeps the first ``limit`` of all candidates ranked, for any targets."""
    net = build(spec)
    sn = tg.safety_net(net, as_of=DAY)
    web = Web(sn)
    for r in range(sn.n):
        if not web.is_org[r]:
            assert web._ranked(r, targets, limit) == web._ranked(r, targets, None)[:limit]
