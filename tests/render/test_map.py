"""The map page without a browser: content, views, escaping, offline, anonymising, determinism."""

from __future__ import annotations

import hashlib
import html as htmllib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from maptest import AS_OF, COMMENT, IMG, SCRIPT, SVG, assert_offline
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari.cli import app
from tsunagari.errors import InputError, TsunagariError
from tsunagari.render import Map, map_html, network_map, write_map
from tsunagari.render import map as map_module
from tsunagari.render.page import json_for_script, vis_script
from tsunagari.render.text import STATUS_COLORS

# ---------------------------------------------------------------------------- content


def test_sample_map_holds_every_node_coloured_and_shaped(sample, page_data):
    drawn = network_map(sample, as_of=AS_OF)
    data = page_data(drawn.html)
    assert drawn.view == "full" and drawn.nodes == len(sample.nodes) == len(data["nodes"])
    by_id = {n["node_id"]: n for n in data["nodes"]}
    a_san = by_id["r-001"]
    assert a_san["name"] == "Aさん" and a_san["status"] == "overlapping" and a_san["shape"] == "dot"
    assert a_san["color"]["background"] == STATUS_COLORS["overlapping"][0]
    assert by_id["r-030"]["color"]["background"] == STATUS_COLORS["isolated"][0]
    assert by_id["ag-houkatsu"]["shape"] == "square" and by_id["ag-houkatsu"]["root"] == 1
    assert by_id["co-watasei"]["shape"] == "triangle"
    assert {n["status"] for n in data["nodes"] if "status" in n} == set(STATUS_COLORS)
    counts = {s[0]: s[3] for s in data["legend"]["statuses"]}
    assert counts == {"isolated": 5, "unreached": 10, "single_thread": 32, "overlapping": 47}
    # positions are computed in Python and physics is off
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert '"physics":{"enabled":false}' in drawn.html


def test_supporters_are_sized_by_dependents(sample, page_data):
    data = page_data(map_html(sample, as_of=AS_OF))
    deps = dict(zip(sample.nodes["id"], tg.safety_net(sample, as_of=AS_OF).dependents))
    orgs = sorted((deps[n["node_id"]], n["size"]) for n in data["nodes"] if n["kind"] != "resident")
    sizes = [size for _, size in orgs]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_ties_styles_and_ended_supports(sample, page_data):
    data = page_data(map_html(sample, as_of=AS_OF))
    nid = [n["node_id"] for n in data["nodes"]]
    edges = {(nid[e["from"]], nid[e["to"]]): e for e in data["edges"]}
    support = edges[("csw-03", "r-001")]
    assert support["arrows"] == "to" and "dashes" not in support and support["style"] == "support"
    informal = edges[("r-002", "r-001")]
    assert informal["style"] == "informal" and informal["dashes"]
    collab = next(e for e in data["edges"] if e["relation"] == "collaboration")
    assert "arrows" not in collab and collab["dashes"]
    assert not any(e["style"] == "inactive" for e in data["edges"])
    assert ("vol-minsei-03", "r-030") not in edges  # ended 2024-11-30
    shown = page_data(map_html(sample, as_of=AS_OF, show_ended=True))
    faded = [e for e in shown["edges"] if e["style"] == "inactive"]
    assert faded and all("終了" in e["title"] or "開始前" in e["title"] for e in faded)


def test_threads_lead_to_the_formal_net(sample, page_data):
    data = page_data(map_html(sample, as_of=AS_OF))
    nodes = data["nodes"]
    for node in nodes:
        seen, cur = set(), node
        while "parent" in cur:
            assert cur["id"] not in seen
            seen.add(cur["id"])
            edge = data["edges"][cur["parent_edge"]]
            assert {edge["from"], edge["to"]} == {cur["id"], cur["parent"]}
            cur = nodes[cur["parent"]]
        assert (
            cur.get("root")
            or node["node_id"] in {"r-030", "r-031", "r-032", "r-033", "r-034"}
            or (node.get("status") == "unreached" or node["kind"] != "resident")
        )
    r052 = next(n for n in nodes if n["node_id"] == "r-052")
    assert [nodes[p]["node_id"] for p in r052["single_points"]] == ["vol-minsei-02", "ag-houkatsu"]


def test_tooltips_are_plain_text_with_the_facts(sample, page_data):
    data = page_data(map_html(sample, as_of=AS_OF))
    a_san = next(n for n in data["nodes"] if n["node_id"] == "r-001")
    assert a_san["title"].splitlines()[0] == "Aさん（r-001）"
    for fact in ("上野西部", "重なり合い", "支援者：4", "学習支援=重なり合い", "就労=一本の糸"):
        assert fact in a_san["title"]
    r052 = next(n for n in data["nodes"] if n["node_id"] == "r-052")
    assert "一本の糸の要：伊賀市地域包括支援センター → 民生委員（上野東部）02" in r052["title"]
    en = page_data(map_html(sample, as_of=AS_OF, lang="en"))
    assert "status: overlapping" in next(n for n in en["nodes"] if n["node_id"] == "r-001")["title"]
    assert en["words"]["legend"] == "Legend"


# ---------------------------------------------------------------------------- views


def test_focus_view_is_a_neighbourhood_with_threads(sample, page_data):
    one = network_map(sample, as_of=AS_OF, focus="r-001", radius=1)
    data = page_data(one.html)
    ids = {n["node_id"] for n in data["nodes"]}
    assert one.view == "focus" and data["nodes"][data["focus"]]["node_id"] == "r-001"
    assert {"csw-03", "ag-teijisei", "co-watasei-ueno", "r-002"} <= ids
    assert len(ids) < len(sample.nodes)
    two = page_data(map_html(sample, as_of=AS_OF, focus="r-001", radius=2))
    assert ids < {n["node_id"] for n in two["nodes"]}
    alone = page_data(map_html(sample, as_of=AS_OF, focus="r-052", radius=0))
    assert {n["node_id"] for n in alone["nodes"]} == {"r-052", "vol-minsei-02", "ag-houkatsu"}


def test_district_and_at_risk_views(sample, page_data):
    data = page_data(map_html(sample, as_of=AS_OF, district="上津"))
    residents = {n["node_id"] for n in data["nodes"] if n["kind"] == "resident"}
    in_kozu = set(sample.nodes.loc[sample.nodes["district"] == "上津", "id"])
    table = tg.residents(sample, as_of=AS_OF)
    kozu = table[table["district"] == "上津"]
    on_threads = {p for chain in kozu["single_points"] for p in chain} | {
        p for needs in kozu["need_single_points"] for chain in needs.values() for p in chain
    }
    # a resident of another district is drawn only as a knot on a thread of this one
    assert residents and residents - in_kozu <= on_threads
    assert set(kozu["id"]) <= residents
    assert in_kozu <= {n["node_id"] for n in data["nodes"]}
    risky = page_data(map_html(sample, as_of=AS_OF, at_risk=True))
    statuses = {n["status"] for n in risky["nodes"] if "status" in n}
    assert "isolated" in statuses and "r-030" in {n["node_id"] for n in risky["nodes"]}
    assert all(n["root"] for n in risky["nodes"] if n["kind"] == "agency")
    weak = ("isolated", "unreached", "single_thread")
    assert len({n["node_id"] for n in risky["nodes"] if n.get("status") in weak}) == 47
    both = page_data(map_html(sample, as_of=AS_OF, at_risk=True, district="上津"))
    assert {n["district"] for n in both["nodes"] if n.get("status") in weak} == {"上津"}


def test_overview_counts_residents_by_district(sample, page_data, monkeypatch):
    monkeypatch.setattr(map_module, "OVERVIEW_ABOVE", 100)
    drawn = network_map(sample, as_of=AS_OF)
    data = page_data(drawn.html)
    assert drawn.view == "overview"
    hubs = [n for n in data["nodes"] if n["kind"] == "district"]
    assert sum(sum(n["status_counts"]) for n in hubs) == 94
    assert not any(n["kind"] == "resident" for n in data["nodes"])
    kozu = next(n for n in hubs if n["district"] == "上津")
    table = tg.residents(sample, as_of=AS_OF)
    assert kozu["status_counts"] == [
        int(((table["district"] == "上津") & (table["status"] == s)).sum()) for s in STATUS_COLORS
    ]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"focus": "nobody"}, "no node has the id 'nobody'"),
        ({"district": "どこでもない"}, "no node is in district"),
        ({"focus": "r-001", "district": "上津"}, "cannot also"),
        ({"view": "overview", "at_risk": True}, "overview"),
        ({"view": "sideways"}, "view"),
        ({"lang": "fr"}, "lang"),
        ({"focus": "r-001", "radius": -1}, "radius"),
    ],
)
def test_bad_options_raise_clear_errors(sample, options, message):
    with pytest.raises(TsunagariError, match=message):
        network_map(sample, as_of=AS_OF, **options)


# ---------------------------------------------------------------------------- safety


def test_no_url_the_browser_would_fetch(sample):
    for options in ({}, {"focus": "r-001"}, {"view": "overview"}, {"show_ended": True}):
        assert_offline(map_html(sample, as_of=AS_OF, **options))
    assert_offline(map_html(tg.load(tg.sample_path()), as_of=AS_OF, lang="en"))


def test_url_scan_catches_a_remote_asset(sample):
    page = map_html(sample, as_of=AS_OF)
    for bad in (
        '<script src="https://cdn.example.org/x.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.org/b.css">',
        "<style>@font-face{src:url(https://fonts.example.org/f.woff)}</style>",
    ):
        with pytest.raises(AssertionError):
            assert_offline(page.replace("</body>", bad + "</body>"))


def test_hostile_text_never_reaches_the_html_raw(hostile_net, page_data):
    for options in ({}, {"view": "overview"}, {"focus": "r-1"}, {"lang": "en"}):
        page = map_html(hostile_net, as_of=AS_OF, **options)
        for text in (IMG, SCRIPT, SVG, COMMENT, "<svg", "<img", "<!--"):
            assert text not in page.replace(vis_script(), ""), (options, text)
        assert page.count("</script>") == 4  # two data blocks and two scripts, no more
        assert_offline(page)
        names = {n["name"] for n in page_data(page)["nodes"]}
        if "view" not in options and "focus" not in options:
            assert {IMG, SVG, f"{SCRIPT}さん"} <= names
    data = page_data(map_html(hostile_net, as_of=AS_OF))
    assert SVG in data["districts"] and f"r-{SVG}" in {n["node_id"] for n in data["nodes"]}


def test_json_for_script_escapes_markup():
    text = json_for_script({"a": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}'


def test_anonymized_map_has_no_resident_name_id_or_youhairyo_word(sample):
    residents = sample.nodes[sample.nodes["kind"] == "resident"]
    youhairyo = [d for d in sample.vocabulary.domains.values() if d.sensitivity == "youhairyo"]
    for lang in ("ja", "en"):
        for options in ({}, {"focus": "r-001"}, {"view": "overview"}, {"at_risk": True}):
            page = map_html(sample, as_of=AS_OF, anonymize=True, salt="s", lang=lang, **options)
            ours = page.replace(vis_script(), "")
            assert not [name for name in residents["name"] if name in ours]
            assert not [i for i in residents["id"] if f'"{i}"' in ours or f"{i}）" in ours]
            assert not [d.code for d in youhairyo if (d.ja if lang == "ja" else d.en) in ours]
            assert "種の物語" not in ours  # free-text notes never reach a page
    plain = map_html(sample, as_of=AS_OF)
    assert "Aさん" in plain and "認知症" in plain


def test_anonymized_hostile_network_keeps_organisations(hostile_net, page_data):
    data = page_data(map_html(hostile_net, as_of=AS_OF, anonymize=True, salt="x"))
    names = {n["name"] for n in data["nodes"]}
    assert SCRIPT in names  # an organisation keeps its name
    assert IMG not in names and SVG not in names
    assert all(n["name"].startswith("住民-") for n in data["nodes"] if n["kind"] == "resident")


# ---------------------------------------------------------------------------- output


def test_same_input_same_bytes(sample):
    first = map_html(sample, as_of=AS_OF)
    assert first == map_html(tg.load(), as_of=AS_OF)
    overview = map_html(sample, as_of=AS_OF, view="overview")
    assert overview == map_html(sample, as_of=AS_OF, view="overview")
    code = (
        "import hashlib, tsunagari as tg; from tsunagari.render import map_html;"
        f"print(hashlib.sha256(map_html(tg.load(), as_of='{AS_OF}').encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.strip()
    assert other == hashlib.sha256(first.encode()).hexdigest()


def test_write_map_is_utf8_and_never_overwrites_inputs(sample, tmp_path):
    out = write_map(sample, tmp_path / "map.html", as_of=AS_OF)
    assert out.read_bytes().decode("utf-8") == map_html(sample, as_of=AS_OF)
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(InputError, match="input file"):
        write_map(sample, Path(sample.source) / "nodes.csv", as_of=AS_OF)
    with pytest.raises(InputError, match="folder does not exist"):
        write_map(sample, tmp_path / "missing" / "map.html", as_of=AS_OF)


def test_notebook_display_is_an_escaped_srcdoc_iframe(sample):
    drawn = network_map(sample, as_of=AS_OF, focus="r-001", radius=1)
    assert isinstance(drawn, Map)
    frame = drawn._repr_html_()
    shape = r'<iframe srcdoc="([^"]*)" title="[^"]*" sandbox="allow-scripts" [^>]*></iframe>'
    found = re.fullmatch(shape, frame)
    assert found, frame[:200]
    assert htmllib.unescape(found.group(1)) == drawn.html


def test_cli_map_writes_the_page(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        app, ["map", "-o", str(out), "--as-of", AS_OF, "--focus", "r-001", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "focus" in result.output and out.is_file()
    assert out.read_text("utf-8") == map_html(tg.load(), as_of=AS_OF, focus="r-001", lang="en")
    bad = CliRunner().invoke(app, ["map", "-o", str(tg.sample_path() / "nodes.csv")])
    assert bad.exit_code == 1 and "input file" in bad.output
    unknown = CliRunner().invoke(app, ["map", "-o", str(out), "--focus", "r-999"])
    assert unknown.exit_code == 1 and "r-999" in unknown.output
    again = CliRunner().invoke(app, ["map", "-o", str(out), "--overview", "--anonymize"])
    assert again.exit_code == 1 and "exists; use --force" in again.output
    overview = CliRunner().invoke(
        app, ["map", "-o", str(out), "--overview", "--anonymize", "--force"]
    )
    assert overview.exit_code == 0 and "overview" in overview.output
