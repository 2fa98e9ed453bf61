"""A generated town's page in headless Chromium, as a coordinator uses it: the overview,
a district, a person; search from any view; the threads the analysis found; and the
what-if the page computes, against ``tsunagari whatif``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from maptest import AS_OF, INK, READY, opened, wait_until
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari import synth
from tsunagari.cli import app
from tsunagari.render import map as map_module
from tsunagari.render import views

pytestmark = pytest.mark.browser

RESIDENTS = 3_000  # above the 2,000 nodes drawn whole: the page opens on the overview


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    folder = synth.write_city(tmp_path_factory.mktemp("town") / "town", RESIDENTS, seed=7)
    net = tg.load(folder)
    return folder, net, tg.analyse(net, as_of=AS_OF)


@pytest.fixture(scope="module")
def town_page(browser, town, tmp_path_factory):
    _, net, a = town
    m = a.map()
    assert m.view == "overview" and m.nodes <= 2_000
    path = tmp_path_factory.mktemp("town-page") / "town.html"
    path.write_text(m.html, encoding="utf-8")
    with opened(browser, path) as it:
        it.page.wait_for_selector(READY)
        yield it
        assert it.errors == [] and it.requests == [it.url]


def described(it) -> dict:
    return it.page.evaluate("window.tsunagari.describe()")


def hub_click(it, name: str) -> None:
    """Click a district's pie on the canvas, as a person would."""
    box = it.page.locator("#graph").bounding_box()
    xy = it.page.evaluate(
        """(name) => { const t = window.tsunagari;
             const hub = t.nodes.get({filter: n =>
               n.kind === 'district' && n.label.startsWith(name + '\\n')})[0];
             t.network.focus(hub.id, {scale: 0.6, animation: false});
             return t.network.canvasToDOM(t.network.getPositions([hub.id])[hub.id]); }""",
        name,
    )
    it.page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])


def test_overview_district_person_and_back(town_page, town):
    _, net, a = town
    page = town_page.page
    page.evaluate("window.tsunagari.open({kind: 'overview'})")
    assert page.evaluate(INK) > 5_000
    districts = sorted({d for d in net.nodes["district"] if d})
    biggest = max(districts, key=lambda d: int((a.table["district"] == d).sum()))
    hub_click(town_page, biggest)
    wait_until(page, "window.tsunagari.view().kind === 'district'")
    view = described(town_page)
    assert len(view["nodes"]) <= 2_000
    expected = views.district_view(a, biggest)
    assert {n["id"] for n in view["nodes"]} == set(net.nodes["id"].to_numpy()[expected])
    assert page.locator("#crumbs").inner_text().split()[:3] == ["市全体", "›", biggest]
    # a person of this district, by a double click
    person = next(n for n in view["nodes"] if n["status"] == "single_thread")
    v = page.evaluate("(id) => tsunagari.index(id)", person["id"])
    page.evaluate("(v) => tsunagari.network.focus(v, {scale: 1.2, animation: false})", v)
    box = page.locator("#graph").bounding_box()
    xy = page.evaluate(
        "(v) => tsunagari.network.canvasToDOM(tsunagari.network.getPositions([v])[v])", v
    )
    page.mouse.dblclick(box["x"] + xy["x"], box["y"] + xy["y"])
    wait_until(page, "window.tsunagari.view().kind === 'focus'")
    assert page.locator("#details-title").inner_text() == person["name"]
    crumbs = page.locator("#crumbs .crumb").all_inner_texts()
    assert crumbs[0] == "市全体" and crumbs[-1] == person["name"]
    page.locator("#crumbs .crumb").nth(1).click()  # back to the district
    assert page.evaluate("window.tsunagari.view().kind") == "district"
    page.locator("#crumbs .crumb").first.click()
    assert page.evaluate("window.tsunagari.view().kind") == "overview"


def test_anyone_is_found_from_the_overview(town_page, town):
    _, net, a = town
    page = town_page.page
    page.evaluate("window.tsunagari.open({kind: 'overview'})")
    table = a.table
    # a name with its space, typed without it and in full width
    spaced = table[table["name"].str.contains(" ")].iloc[5]
    typed = spaced["name"].replace(" ", "")
    page.fill("#search", typed)
    hits = page.locator("#search-results li").all_inner_texts()
    assert any(h.startswith(f"{spaced['name']}（{spaced['id']}）") for h in hits)
    index = next(
        i for i, h in enumerate(hits) if h.startswith(f"{spaced['name']}（{spaced['id']}）")
    )
    for _ in range(index):
        page.press("#search", "ArrowDown")
    page.press("#search", "Enter")
    wait_until(page, "window.tsunagari.view().kind === 'focus'")
    assert page.locator("#details-title").inner_text() == spaced["name"]
    # an id, typed in full width
    other = table.iloc[17]
    page.fill(
        "#search", other["id"].translate(str.maketrans("0123456789-R", "０１２３４５６７８９－Ｒ"))
    )
    page.press("#search", "Enter")
    assert page.locator("#details-title").inner_text() == other["name"]


def test_the_page_says_what_the_analysis_says(town_page, town):
    """Statuses, single points and threads of every resident, computed in the page."""
    _, net, a = town
    got = town_page.page.evaluate(
        """() => { const s = tsunagari.safety(); const out = [];
             const st = s.statuses();
             for (let v = 0; v < st.length; v++) out.push(st[v]);
             return out; }"""
    )
    residents = np.flatnonzero(a.sn.is_resident)
    assert np.array_equal(np.array(got)[residents], a.sn.status_codes(residents))
    # every resident: as many threads as her status says; a sample: the very paths Python finds
    threads = town_page.page.evaluate(
        "(vs) => vs.map(v => tsunagari.safety().threads(v))", residents.tolist()
    )
    codes = a.sn.status_codes(residents)
    expected = np.select([codes == 3, codes == 2], [2, 1], 0)
    assert [len(t) for t in threads] == expected.tolist()
    for k in range(0, len(residents), max(1, len(residents) // 200)):
        assert threads[k] == a.sn.threads(int(residents[k])), int(residents[k])
    # the panel lists those threads, the single points marked, for residents of each status
    page = town_page.page
    for status in ("overlapping", "single_thread", "unreached"):
        row = a.table[a.table["status"] == status].iloc[0]
        page.evaluate("(id) => tsunagari.find(tsunagari.index(id))", row["id"])
        items = page.locator("#threads li").all_inner_texts()
        count = {"overlapping": 2, "single_thread": 1, "unreached": 0}[status]
        if count:
            assert len(items) == count and all(t.startswith("本人 ← ") for t in items)
        else:
            assert items == ["機関につながる糸がない"]
        points = page.locator("#threads .point").all_inner_texts()
        names = dict(zip(net.nodes["id"], net.nodes["name"]))
        assert sorted(set(points)) == sorted({names[p] for p in row["single_points"]})


def _cli_changes(folder, node_id: str) -> dict[str, tuple[str, str]]:
    result = CliRunner().invoke(
        app, ["whatif", str(folder), "--remove", node_id, "--format", "json", "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["changed"]
    return {r["id"]: (r["before"], r["after"]) for r in rows if r["before"] != r["after"]}


def test_what_if_in_the_page_equals_tsunagari_whatif(town_page, town):
    folder, net, a = town
    page = town_page.page
    order = np.argsort(-a.sn.dependents, kind="stable")
    rng = np.random.default_rng(3)
    chosen = [int(v) for v in order[:6]] + [int(v) for v in rng.choice(a.sn.n, 14, replace=False)]
    statuses = list(tg.STATUSES)
    held = {"single_thread", "overlapping"}
    for k, v in enumerate(chosen):
        node_id = str(net.nodes["id"].iat[v])
        page.evaluate("(v) => { tsunagari.find(v); tsunagari.whatif(v); }", v)
        got = {i: statuses[s] for i, s in page.evaluate("tsunagari.changed()")}
        # the real command for a few, the library (what the command prints) for the rest
        if k < 4:
            want = _cli_changes(folder, node_id)
        else:
            changed = a.whatif(remove=[node_id]).changed
            changed = changed[changed["before"] != changed["after"]]
            want = {r.id: (str(r.before), str(r.after)) for r in changed.itertuples(index=False)}
        assert got == {i: after for i, (_, after) in want.items()}, node_id
        listed = page.locator("#whatif-list li[data-node]").count()
        assert listed == min(len(want), map_module.LIMITS["listed"])
        # the summary: cut off (held before, not after), overlapping → one thread
        cut = sum(b in held and w not in held for b, w in want.values())
        thinner = sum(b == "overlapping" and w == "single_thread" for b, w in want.values())
        summary = page.locator("#whatif-summary").inner_text()
        if want:
            assert f"切れる住民 {cut:,} 人" in summary, summary
            assert f"一本の糸になる住民 {thinner:,} 人" in summary, summary
        page.evaluate("(v) => tsunagari.whatif(v)", v)  # the second click restores
        assert page.evaluate("tsunagari.changed()") is None
        assert page.locator("#whatif").is_hidden()


def test_what_if_recounts_the_overview_pies(town_page, town):
    _, net, a = town
    page = town_page.page
    page.evaluate("window.tsunagari.open({kind: 'overview'})")
    hubs = "tsunagari.describe().nodes.filter(n => n.kind === 'district')"
    before = page.evaluate(hubs)
    v = int(np.argmax(a.sn.dependents))
    page.evaluate("(v) => tsunagari.whatif(v)", v)
    after = page.evaluate(hubs)
    table = a.whatif(remove=[str(net.nodes["id"].iat[v])]).after
    statuses = list(tg.STATUSES)
    for hub in after:
        rows = table[table["district"] == hub["name"]]
        assert hub["counts"] == [int((rows["status"] == s).sum()) for s in statuses], hub["name"]
    assert after != before
    page.evaluate("(v) => tsunagari.whatif(v)", v)
    assert page.evaluate(hubs) == before


def test_png_is_saved_offline(town_page):
    page = town_page.page
    page.evaluate("window.tsunagari.open({kind: 'overview'})")
    with page.expect_download() as download:
        page.click("#png")
    with open(download.value.path(), "rb") as saved:
        data = saved.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
