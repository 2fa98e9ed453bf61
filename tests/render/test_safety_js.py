"""The page's safety-net script (templates/safety.js) in real headless Chromium agrees with
the analysis: dominators, statuses, single points, threads and what-if, on the bundled
sample and on a generated city of 10,000 residents.

Chromium comes from conftest's ``browser`` (skipped on a workstation without it, failing
when ``CI`` is set). Every network request but the page itself is refused.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from netbuild import make_network
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari.analysis.dominators import SafetyNet
from tsunagari.analysis.threads import independent_threads
from tsunagari.cli import app
from tsunagari.render.page import asset
from tsunagari.synth import write_city
from tsunagari.vocabulary import STATUSES

pytestmark = pytest.mark.browser

AS_OF = "2026-11-27"
CITY_RESIDENTS = 10_000
STATUS_NAMES = list(STATUSES)  # in the order of the codes


def graph_of(sn: SafetyNet) -> dict:
    """The ``g`` that ``TsunagariSafety.create`` takes, from the analysis's safety net."""
    return {
        "n": sn.n,
        "src": sn.src.tolist(),
        "dst": sn.dst.tolist(),
        "support": sn.support_edge.astype(int).tolist(),
    }


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    """A blank local page with safety.js inlined, every other request refused (the
    session's one Chromium: conftest's ``browser``)."""
    path = tmp_path_factory.mktemp("safety") / "safety.html"
    path.write_text(
        f"<!doctype html><meta charset='utf-8'><script>{asset('safety.js')}</script>",
        encoding="utf-8",
    )
    url = path.resolve().as_uri()
    context = browser.new_context()
    requests: list[str] = []
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url == url else route.abort()
    )
    context.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    opened = context.new_page()
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.goto(url)
    yield opened
    context.close()
    assert errors == []
    assert requests == [url]


ASK = """([g, ask]) => {
  const net = window.TsunagariSafety.create(g);
  const before = net.statuses();
  const changes = ask.remove.map((lost) => {
    const after = net.without(lost);
    const out = [];
    for (let v = 0; v < g.n; v++) {
      if (after[v] !== before[v]) out.push([v, before[v], after[v]]);
    }
    return out;
  });
  return {
    idom: Array.from(net.idom),
    statuses: Array.from(before),
    one: ask.points.map((v) => net.status(v)),
    points: ask.points.map((v) => net.singlePoints(v)),
    threads: ask.threads.map((v) => net.threads(v)),
    changes: changes,
  };
}"""


def ask(page, a: tg.Analysis, *, points, threads, remove) -> dict:
    return page.evaluate(
        ASK, [graph_of(a.sn), {"points": points, "threads": threads, "remove": remove}]
    )


def supporters_to_remove(a: tg.Analysis, *, top: int, drawn: int, seed: int) -> list[int]:
    """The ``top`` nodes with most dependents, and ``drawn`` other supporters (nodes with
    an active tie going out) chosen at random, at least a third of them residents."""
    sn = a.sn
    gives = np.zeros(sn.n, dtype=bool)
    gives[sn.src[sn.src < sn.n]] = True
    ranked = np.argsort(-sn.dependents, kind="stable")
    first = [int(x) for x in ranked[:top] if gives[x]]
    rest = sorted(set(np.flatnonzero(gives).tolist()) - set(first))
    residents = [x for x in rest if sn.is_resident[x]]
    rng = random.Random(seed)
    some = rng.sample(residents, min(len(residents), drawn // 3))
    others = sorted(set(rest) - set(some))
    some += rng.sample(others, drawn - len(some))
    return first + some


def whatif_changes(a: tg.Analysis, nodes: list[str]) -> set[tuple[str, str, str]]:
    """(id, before, after) of every resident whose overall status the library's what-if
    changes."""
    changed = a.whatif(remove=nodes).changed
    moved = changed[changed["before"].astype(str) != changed["after"].astype(str)]
    return set(zip(moved["id"], moved["before"].astype(str), moved["after"].astype(str)))


def page_changes(a: tg.Analysis, rows: list[list[int]]) -> set[tuple[str, str, str]]:
    """The same from the page's ``without``: residents only, the removed one left out."""
    ids = a.net.nodes["id"].to_numpy()
    return {
        (str(ids[v]), STATUS_NAMES[b], STATUS_NAMES[c])
        for v, b, c in rows
        if a.sn.is_resident[v] and c >= 0
    }


def cli_changes(data: Path | None, node: str) -> set[tuple[str, str, str]]:
    args = ["whatif", *([str(data)] if data else []), "--remove", node, "--as-of", AS_OF]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["changed"]
    return {(r["id"], r["before"], r["after"]) for r in rows if r["before"] != r["after"]}


def check_agreement(page, a: tg.Analysis, *, points, threads, remove, data, cli) -> None:
    sn = a.sn
    got = ask(page, a, points=points, threads=threads, remove=remove)
    assert got["idom"] == sn.idom.tolist()
    residents = np.flatnonzero(sn.is_resident)
    assert np.array_equal(np.array(got["statuses"])[residents], sn.status_codes(residents))
    assert got["one"] == sn.status_codes(np.array(points, dtype=np.int64)).tolist()

    ids = a.net.nodes["id"].to_numpy()
    table = a.table.set_index("id")["single_points"]
    for v, chain in zip(points, got["points"]):
        assert tuple(ids[chain]) == table[ids[v]], ids[v]
    for v, paths in zip(threads, got["threads"]):
        assert paths == independent_threads(sn, v), ids[v]

    assert len(remove) >= 20
    moved = 0
    for lost, rows in zip(remove, got["changes"]):
        expected = whatif_changes(a, [str(x) for x in ids[lost]])
        assert page_changes(a, rows) == expected, ids[lost]
        moved += bool(expected)
    assert moved >= len(remove) // 3  # the comparison is not one of empty sets
    for lost, rows in list(zip(remove, got["changes"]))[:cli]:
        assert page_changes(a, rows) == cli_changes(data, str(ids[lost[0]]))


def test_the_sample_agrees_with_the_analysis(page):
    a = tg.analyse(tg.load(), as_of=AS_OF)
    residents = np.flatnonzero(a.sn.is_resident).tolist()
    single = supporters_to_remove(a, top=15, drawn=18, seed=14)
    assert len(single) >= 30 and any(a.sn.is_resident[x] for x in single)
    # and some losses at once: the worst two, and random pairs
    rng = random.Random(3)
    pairs = [single[:2]] + [sorted(rng.sample(single, 2)) for _ in range(5)]
    everyone = list(range(a.sn.n))  # the threads of organisations too
    remove = [[x] for x in single] + pairs
    check_agreement(page, a, points=residents, threads=everyone, remove=remove, data=None, cli=2)


@pytest.fixture(scope="session")
def city(tmp_path_factory) -> tuple[Path, tg.Analysis]:
    folder = write_city(tmp_path_factory.mktemp("city") / "town", CITY_RESIDENTS, seed=11)
    return folder, tg.analyse(tg.load(folder), as_of=AS_OF)


def test_a_generated_city_agrees_with_the_analysis(page, city):
    folder, a = city
    residents = np.flatnonzero(a.sn.is_resident).tolist()
    rng = random.Random(7)
    points = sorted(rng.sample(residents, 1_000))
    codes = a.sn.status_codes(np.array(residents))
    # the threads of residents of every status, single threads and overlaps most
    threads = sorted(rng.sample(residents, 500))
    assert set(codes[np.searchsorted(residents, threads)].tolist()) == {0, 1, 2, 3}
    remove = [[x] for x in supporters_to_remove(a, top=10, drawn=12, seed=15)]
    check_agreement(page, a, points=points, threads=threads, remove=remove, data=folder, cli=1)


def random_town(rng: random.Random):
    """A random network of 8–30 nodes and about one tie per node: long thin paths, where
    the second thread must often reroute the first."""
    n = rng.randint(8, 30)
    kinds = ["agency"] + [
        rng.choice(["agency", "volunteer", "npo", "resident", "resident", "resident"])
        for _ in range(n - 1)
    ]
    ties = []
    for _ in range(rng.randint(n, 2 * n)):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            orgs = kinds[a] != "resident" and kinds[b] != "resident"
            relation = "collaboration" if orgs and rng.random() < 0.3 else "support"
            ties.append((f"n{a}", f"n{b}", relation))
    return make_network([(f"n{i}", k) for i, k in enumerate(kinds)], ties)


def walking_back():
    """The second thread joins the first at w and walks back over two of its ties."""
    vols = [(x, "volunteer") for x in ("u", "x", "w", "s1", "s2", "s3", "t1", "t2", "t3")]
    return make_network(
        [("a1", "agency"), ("a2", "agency"), *vols, ("v", "resident")],
        [("a1", "u"), ("u", "x"), ("x", "w"), ("w", "v"), ("u", "t1"), ("t1", "t2")]
        + [("t2", "t3"), ("t3", "v"), ("a2", "s1"), ("s1", "s2"), ("s2", "s3"), ("s3", "w")],
    )


def test_many_small_networks_agree_with_the_analysis(page):
    """Every vertex's dominator, status and threads on 600 random networks and one made to
    need every step of the thread rule."""
    rng = random.Random(21)
    nets = [walking_back()] + [random_town(rng) for _ in range(600)]
    safety = [tg.analyse(net, as_of=AS_OF).sn for net in nets]
    got = page.evaluate(
        """(gs) => gs.map((g) => {
             const net = window.TsunagariSafety.create(g);
             const threads = [];
             for (let v = 0; v < g.n; v++) threads.push(net.threads(v));
             return [Array.from(net.idom), Array.from(net.statuses()), threads];
           })""",
        [graph_of(sn) for sn in safety],
    )
    for sn, (idom, statuses, threads) in zip(safety, got):
        assert idom == sn.idom.tolist()
        assert statuses == sn.status_codes(np.arange(sn.n)).tolist()
        assert threads == [independent_threads(sn, v) for v in range(sn.n)]
    assert len(got[0][2][-1]) == 2  # the resident made to need it has both threads


def test_threads_and_without_are_the_rules_on_a_small_net(page):
    """A hand-made net: a mother supported by two agencies, her son only by her; an
    agency's loss leaves the mother on one thread, the mother's cuts the son off."""
    net = make_network(
        [("a1", "agency"), ("a2", "agency"), ("mother", "resident"), ("son", "resident")],
        [("a1", "mother"), ("a2", "mother"), ("mother", "son"), ("a1", "a2", "collaboration")],
    )
    a = tg.analyse(net, as_of=AS_OF)
    got = page.evaluate(
        """(g) => {
             const net = window.TsunagariSafety.create(g);
             return [Array.from(net.statuses()), net.threads(2), net.threads(3),
                     Array.from(net.without([0])), Array.from(net.without([2]))];
           }""",
        graph_of(a.sn),
    )
    isolated, single, overlapping = (
        STATUS_NAMES.index(s) for s in ("isolated", "single_thread", "overlapping")
    )
    statuses, mother, son, no_a1, no_mother = got
    # the agencies have no support coming in: the status rule calls them isolated
    assert statuses == [isolated, isolated, overlapping, single]
    assert mother == [[2, 0], [2, 1]]
    assert son == [[3, 2, 0]]
    assert no_a1 == [-1, isolated, single, single]
    assert no_mother == [isolated, isolated, -1, isolated]
