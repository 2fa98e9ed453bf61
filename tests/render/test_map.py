"""The map page without a browser: content, views, escaping, offline, anonymising, determinism."""

from __future__ import annotations

import hashlib
import html as htmllib
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from maptest import AS_OF, COMMENT, IMG, SCRIPT, SVG, assert_offline
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari.cli import app
from tsunagari.errors import InputError, TsunagariError
from tsunagari.render import Map, map_html, network_map, views, write_map
from tsunagari.render import map as map_module
from tsunagari.render.page import json_for_script, vis_script
from tsunagari.vocabulary import STATUSES

# ---------------------------------------------------------------------------- content


def test_the_page_carries_what_the_analysis_says(sample, page_data):
    a = tg.analyse(sample, as_of=AS_OF)
    drawn = a.map()
    city = page_data(drawn.html)["city"]
    assert drawn.view == "full" and drawn.nodes == len(sample.nodes) == city["n"]
    assert city["id"] == sample.nodes["id"].tolist()
    residents = [i for i, k in enumerate(city["kind"]) if city["kinds"][k] == "resident"]
    table = a.table
    assert [list(STATUSES)[city["status"][i]] for i in residents] == table["status"].astype(
        str
    ).tolist()
    start, flat = city["single_points"]["start"], city["single_points"]["flat"]
    points = [[city["id"][p] for p in flat[start[k] : start[k + 1]]] for k in range(len(residents))]
    assert points == [list(chain) for chain in table["single_points"]]
    assert city["dependents"] == a.sn.dependents.tolist()
    assert city["parent"] == a.sn.thread_parent.tolist()
    assert city["supporters"] == table["supporters"].tolist()
    # the ties are the active rows in file order: the safety net's own edge order
    active = np.flatnonzero(a.active)
    assert city["ties"]["source"] == sample.source_index[active].tolist()
    assert '"physics":{"enabled":false}' in drawn.html


def test_ended_supports_travel_only_when_shown(sample, page_data):
    ties = page_data(map_html(sample, as_of=AS_OF))["city"]["ties"]
    assert "inactive" not in ties and len(ties["source"]) == int(sample.active(AS_OF).sum())
    shown = page_data(map_html(sample, as_of=AS_OF, show_ended=True))["city"]["ties"]
    assert len(shown["source"]) == len(sample.supports)
    assert shown["inactive"] and all(
        t.startswith(("終了", "開始前")) for t in shown["inactive_text"]
    )


def test_python_views(sample):
    a = tg.analyse(sample, as_of=AS_OF)
    ids = sample.nodes["id"].to_numpy()
    one, cut = views.focus_view(a, "r-001", radius=1)
    assert not cut and {"csw-03", "ag-teijisei", "co-watasei-ueno", "r-002"} <= set(ids[one])
    two, _ = views.focus_view(a, "r-001", radius=2)
    assert set(ids[one]) < set(ids[two]) and len(two) < len(sample.nodes)
    alone, _ = views.focus_view(a, "r-052", radius=0)
    assert set(ids[alone]) == {"r-052", "vol-minsei-02", "ag-houkatsu"}
    kozu = set(ids[views.district_view(a, "上津")])
    table = a.table
    in_kozu = set(table.loc[table["district"] == "上津", "id"])
    assert in_kozu <= kozu
    risky = views.at_risk_view(a)
    assert "r-030" in set(ids[risky]) and set(ids[a.sn.roots]) <= set(ids[risky])
    with pytest.raises(TsunagariError, match="no page 3"):
        views.district_view(a, "上津", page=2)


def test_a_city_too_big_to_draw_whole_says_so(sample, monkeypatch):
    monkeypatch.setattr(map_module, "OVERVIEW_ABOVE", 100)
    assert network_map(sample, as_of=AS_OF).view == "overview"
    with pytest.raises(TsunagariError, match="drawn up to 100 nodes"):
        network_map(sample, as_of=AS_OF, view="full")


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
        assert page.count("</script>") == 6  # two data blocks and four scripts, no more
        assert_offline(page)
        assert {IMG, SVG, f"{SCRIPT}さん"} <= set(page_data(page)["city"]["name"])
    city = page_data(map_html(hostile_net, as_of=AS_OF))["city"]
    assert SVG in city["districts"] and f"r-{SVG}" in city["id"]


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
    city = page_data(map_html(hostile_net, as_of=AS_OF, anonymize=True, salt="x"))["city"]
    names = set(city["name"])
    assert SCRIPT in names  # an organisation keeps its name
    assert IMG not in names and SVG not in names
    resident = city["kinds"].index("resident")
    assert all(nm.startswith("住民-") for nm, k in zip(city["name"], city["kind"]) if k == resident)


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
