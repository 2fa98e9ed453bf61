"""What the map page draws, read off the page in headless Chromium: every view's nodes and
ties, their tooltips and colours, against the analysis and against Python's own rules
for the views (:mod:`tsunagari.render.views`)."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from maptest import AS_OF, READY, opened

import tsunagari as tg
from tsunagari.render import map as map_module
from tsunagari.render import views, write_map
from tsunagari.render.text import STATUS_COLORS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_page(browser, sample, tmp_path_factory):
    path = write_map(sample, tmp_path_factory.mktemp("page") / "map.html", as_of=AS_OF)
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        yield it
        assert not it.errors


def drawn(it, spec: dict | None = None) -> dict:
    if spec is not None:
        it.page.evaluate("(spec) => window.tsunagari.open(spec)", spec)
    return it.page.evaluate("window.tsunagari.describe()")


def by_id(view: dict) -> dict:
    return {n["id"]: n for n in view["nodes"]}


def test_the_sample_opens_whole_coloured_and_shaped(sample_page, sample):
    view = drawn(sample_page)
    assert view["view"]["kind"] == "full" and len(view["nodes"]) == len(sample.nodes)
    nodes = by_id(view)
    a_san = nodes["r-001"]
    assert a_san["name"] == "Aさん" and a_san["status"] == "overlapping" and a_san["shape"] == "dot"
    assert a_san["colour"] == STATUS_COLORS["overlapping"][0]
    assert nodes["r-030"]["colour"] == STATUS_COLORS["isolated"][0]
    assert nodes["ag-houkatsu"]["shape"] == "square" and nodes["ag-houkatsu"]["root"]
    assert nodes["co-watasei"]["shape"] == "triangle"
    table = tg.residents(sample, as_of=AS_OF)
    assert {n["id"]: n["status"] for n in view["nodes"] if n["status"]} == dict(
        zip(table["id"], table["status"].astype(str))
    )
    counts = sample_page.page.evaluate(
        "[...document.querySelectorAll('#legend-statuses .count')].map(e => +e.dataset.count)"
    )
    assert counts == [5, 10, 32, 47]


def test_supporters_are_sized_by_dependents(sample_page, sample):
    deps = dict(zip(sample.nodes["id"], tg.safety_net(sample, as_of=AS_OF).dependents))
    orgs = sorted(
        (deps[n["id"]], n["size"]) for n in drawn(sample_page)["nodes"] if n["kind"] != "resident"
    )
    sizes = [size for _, size in orgs]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_ties_styles_and_ended_supports(sample_page, browser, sample, tmp_path):
    view = drawn(sample_page)
    edges = {(e["from"], e["to"]): e for e in view["edges"]}
    support = edges[("csw-03", "r-001")]
    assert support["arrows"] == "to" and not support["dashes"] and support["style"] == "support"
    informal = edges[("r-002", "r-001")]
    assert informal["style"] == "informal" and informal["colour"] != support["colour"]
    collab = next(e for e in view["edges"] if e["relation"] == "collaboration")
    assert collab["arrows"] is None and collab["dashes"]
    assert not any(e["style"] == "inactive" for e in view["edges"])
    assert ("vol-minsei-03", "r-030") not in edges  # ended 2024-11-30
    path = write_map(sample, tmp_path / "ended.html", as_of=AS_OF, show_ended=True)
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        faded = [e for e in drawn(it)["edges"] if e["style"] == "inactive"]
    assert faded and all("終了" in e["title"] or "開始前" in e["title"] for e in faded)


def test_tooltips_are_plain_text_with_the_facts(sample_page, browser, sample, tmp_path):
    nodes = by_id(drawn(sample_page))
    a_san = nodes["r-001"]["title"]
    assert a_san.splitlines()[0] == "Aさん（r-001）"
    for fact in ("上野西部", "重なり合い", "支援者：4人", "学習支援=重なり合い", "就労=一本の糸"):
        assert fact in a_san
    # single points nearest first, as the CLI lists them
    assert (
        "一本の糸の要：本人 ← 民生委員（上野東部）02 ← 伊賀市地域包括支援センター"
        in nodes["r-052"]["title"]
    )
    path = write_map(sample, tmp_path / "en.html", as_of=AS_OF, lang="en")
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        assert "status: overlapping" in by_id(drawn(it))["r-001"]["title"]


def _ids(sample, positions) -> set[str]:
    return set(sample.nodes["id"].to_numpy()[np.asarray(positions)].tolist())


@pytest.mark.parametrize(
    "centre, radius", [("r-001", 1), ("r-001", 2), ("r-052", 0), ("ag-houkatsu", 1)]
)
def test_a_persons_view_is_pythons(sample_page, sample, centre, radius):
    a = tg.analyse(sample, as_of=AS_OF)
    members, _ = views.focus_view(a, centre, radius=radius)
    index = int(sample.positions([centre])[0])
    view = drawn(sample_page, {"kind": "focus", "focus": index, "radius": radius})
    assert {n["id"] for n in view["nodes"]} == _ids(sample, members)
    assert view["view"]["focus"] == index


def test_district_and_at_risk_pages_are_pythons(sample_page, sample):
    a = tg.analyse(sample, as_of=AS_OF)
    names = sorted({d for d in sample.nodes["district"] if d})
    for code, name in enumerate(names):
        view = drawn(sample_page, {"kind": "district", "district": code, "page": 0})
        assert {n["id"] for n in view["nodes"]} == _ids(sample, views.district_view(a, name)), name
        risky = drawn(sample_page, {"kind": "at_risk", "district": code, "page": 0})
        assert {n["id"] for n in risky["nodes"]} == _ids(
            sample, views.at_risk_view(a, district=name)
        ), name
    every = drawn(sample_page, {"kind": "at_risk"})
    assert {n["id"] for n in every["nodes"]} == _ids(sample, views.at_risk_view(a))
    weak = [n for n in every["nodes"] if n["status"] in ("isolated", "unreached", "single_thread")]
    assert len(weak) == 47


def test_pages_list_the_worst_first(browser, sample, tmp_path, monkeypatch):
    monkeypatch.setattr(views, "PAGE_RESIDENTS", 4)
    monkeypatch.setitem(map_module.LIMITS, "page", 4)
    a = tg.analyse(sample, as_of=AS_OF)
    ids = sample.nodes["id"].to_numpy()
    name = "上野西部"
    code = sorted({d for d in sample.nodes["district"] if d}).index(name)
    path = write_map(sample, tmp_path / "pages.html", as_of=AS_OF)
    cases = [
        ("district", code, views.district_residents(a, name), views.district_view, (name,)),
        ("at_risk", None, views.at_risk_residents(a), views.at_risk_view, ()),
    ]
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        for kind, where, listed, python_view, args in cases:
            pages = views.page_count(len(listed))
            assert pages > 2
            order = views.worst_first(a, listed)
            for page in range(pages):
                spec = {"kind": kind, "district": where, "page": page}
                view = drawn(it, spec)
                if kind == "district":
                    expected = python_view(a, *args, page=page)
                else:
                    expected = python_view(a, page=page)
                assert {n["id"] for n in view["nodes"]} == set(ids[expected]), (kind, page)
                # the page's own residents are the next four of the worst-first order
                here = set(ids[order[page * 4 : (page + 1) * 4]])
                assert here <= {n["id"] for n in view["nodes"]}
            crumbs = it.page.locator("#crumbs .pages").inner_text()
            assert f"/ {pages}" in crumbs
    statuses = a.sn.status_codes(views.worst_first(a, views.district_residents(a, name)))
    assert list(statuses) == sorted(statuses)


@pytest.mark.parametrize("show_ended", [False, True])
def test_views_with_ended_ties_and_hub_limits_are_pythons(
    browser, sample, tmp_path, monkeypatch, show_ended
):
    """Ended ties change who is tied to a district and who is a neighbour; a small hub
    degree and cap make the neighbourhood rules bite on the sample."""
    monkeypatch.setattr(views, "HUB_DEGREE", 6)
    monkeypatch.setattr(views, "FOCUS_MAX_NODES", 25)
    monkeypatch.setitem(map_module.LIMITS, "hub_degree", 6)
    monkeypatch.setitem(map_module.LIMITS, "focus_max", 25)
    a = tg.analyse(sample, as_of=AS_OF)
    ids = sample.nodes["id"].to_numpy()
    path = tmp_path / "ended.html"
    path.write_text(a.map(show_ended=show_ended).html, encoding="utf-8")
    names = sorted({d for d in sample.nodes["district"] if d})
    truncated = set()
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        for code, name in enumerate(names):
            view = drawn(it, {"kind": "district", "district": code, "page": 0})
            expected = views.district_view(a, name, include_inactive=show_ended)
            assert {n["id"] for n in view["nodes"]} == set(ids[expected]), name
        for centre in ("ag-houkatsu", "csw-03", "r-001", "vol-minsei-03", "r-030"):
            index = int(sample.positions([centre])[0])
            view = drawn(it, {"kind": "focus", "focus": index, "radius": 2})
            members, cut = views.focus_view(a, centre, radius=2, include_inactive=show_ended)
            assert {n["id"] for n in view["nodes"]} == set(ids[members]), centre
            if cut:
                truncated.add(centre)
                assert it.page.locator("#notes").inner_text()
        assert not it.errors
    assert truncated  # the cap was reached at least once


def test_city_wide_residents_have_their_own_district(browser, sample, tmp_path):
    """Residents with no district (市全域): code -1 in the page, "" in Python."""
    folder = tmp_path / "city-wide"
    folder.mkdir()
    for name in ("nodes.csv", "supports.csv"):
        shutil.copy(tg.sample_path() / name, folder / name)
    nodes = pd.read_csv(folder / "nodes.csv", dtype=str, keep_default_na=False)
    residents = nodes.index[nodes["kind"] == "resident"][:7]
    nodes.loc[residents, "district"] = ""
    nodes.to_csv(folder / "nodes.csv", index=False)
    net = tg.load(folder)
    a = tg.analyse(net, as_of=AS_OF)
    ids = net.nodes["id"].to_numpy()
    path = tmp_path / "city-wide.html"
    path.write_text(a.map().html, encoding="utf-8")
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        assert "市全域" in it.page.locator("#district-filter option").all_inner_texts()
        it.page.select_option("#district-filter", label="市全域")
        view = drawn(it)
        assert view["view"]["district"] == -1
        assert {n["id"] for n in view["nodes"]} == set(ids[views.district_view(a, "")])
        assert set(ids[residents]) <= {n["id"] for n in view["nodes"]}


def test_overview_counts_residents_by_district(browser, sample, tmp_path, monkeypatch):
    monkeypatch.setattr(map_module, "OVERVIEW_ABOVE", 100)
    drawn_map = tg.analyse(sample, as_of=AS_OF).map()
    assert drawn_map.view == "overview"
    path = tmp_path / "overview.html"
    path.write_text(drawn_map.html, encoding="utf-8")
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        view = drawn(it)
    hubs = [n for n in view["nodes"] if n["kind"] == "district"]
    assert sum(sum(n["counts"]) for n in hubs) == 94
    assert not any(n["kind"] == "resident" for n in view["nodes"])
    assert len(view["nodes"]) == drawn_map.nodes and len(view["edges"]) == drawn_map.edges
    kozu = next(n for n in hubs if n["name"] == "上津")
    table = tg.residents(sample, as_of=AS_OF)
    assert kozu["counts"] == [
        int(((table["district"] == "上津") & (table["status"] == s)).sum()) for s in STATUS_COLORS
    ]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"focus": "r-001", "radius": 1},
        {"district": "上津"},
        {"at_risk": True},
        {"view": "overview"},
    ],
)
def test_the_page_opens_on_the_view_python_counted(browser, sample, tmp_path, options):
    m = tg.analyse(sample, as_of=AS_OF).map(**options)
    path = tmp_path / "open.html"
    path.write_text(m.html, encoding="utf-8")
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        view = drawn(it)
        assert not it.errors
    assert (len(view["nodes"]), len(view["edges"])) == (m.nodes, m.edges)
    assert view["view"]["kind"] == m.view
