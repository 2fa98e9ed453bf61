"""The streamed GEXF, GraphML and JSON exports: byte for byte what networkx and ``json``
wrote before (``oldexport``, the old writers kept as the reference), in bounded memory."""

from __future__ import annotations

import importlib
import io
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netbuild import draw_ties, make_network
from oldexport import reference
from test_cli import run

import tsunagari as tg
from tsunagari import gexf, graphfiles, graphml, synth
from tsunagari.privacy import anonymized_network

export = importlib.import_module("tsunagari.export")  # tg.export is the function

DAY = "2026-11-27"
GRAPHS = ("gexf", "graphml", "json")


def exported(a, to: str, scratch=None) -> bytes:
    """What ``export_analysis`` writes to a file, through the streaming writers (GEXF's
    supports written aside in ``scratch``, if given)."""
    nodes, supports = export.graph_tables(a)
    out = io.BytesIO()
    if to == "json":
        export.write_node_link(out, nodes, supports)
    else:
        nodes["load"] = a.sn.load
        if to == "gexf":
            gexf.write_gexf(out, nodes, supports, viz=export.gexf_viz(a), scratch=scratch)
        else:
            graphml.write_graphml(out, nodes, supports)
    return out.getvalue()


def anonymized(a, salt="s"):
    net, _ = anonymized_network(a.net, salt)
    return tg.analyse(net, as_of=a.as_of, roots=a.roots, lsns_threshold=a.lsns_threshold)


@pytest.fixture(scope="module")
def sample():
    return tg.load()


@pytest.mark.parametrize("to", GRAPHS)
@pytest.mark.parametrize("anonymize", [False, True])
def test_the_sample_exports_as_before(sample, tmp_path, to, anonymize):
    a = tg.analyse(sample, as_of=DAY)
    expected = reference(anonymized(a) if anonymize else a, to)
    path = tg.export(sample, to, tmp_path / f"iga.{to}", as_of=DAY, anonymize=anonymize, salt="s")
    assert path.read_bytes() == expected


def test_the_sample_exports_as_before_when_shared_with_a_second_process(
    sample, tmp_path, monkeypatch
):
    monkeypatch.setattr(export, "ASIDE", 0)  # as a city's export is (where the system forks)
    a = tg.analyse(sample, as_of=DAY)
    for anonymize in (False, True):
        expected = reference(anonymized(a) if anonymize else a, "gexf")
        out = tmp_path / f"{anonymize}" / "iga.gexf"
        out.parent.mkdir()
        tg.export(sample, "gexf", out, as_of=DAY, anonymize=anonymize, salt="s")
        assert out.read_bytes() == expected and [p.name for p in out.parent.iterdir()] == [out.name]


def test_the_bytes_functions_equal_the_files(sample, tmp_path):
    a = tg.analyse(sample, as_of=DAY)
    nodes, supports = export.graph_tables(a)
    assert export.to_json(nodes, supports) == reference(a, "json")
    nodes["load"] = a.sn.load
    assert export.to_graphml(nodes, supports) == reference(a, "graphml")
    assert export.to_gexf(nodes, supports, viz=export.gexf_viz(a)) == reference(a, "gexf")


@pytest.mark.parametrize("to", GRAPHS)
def test_the_cli_exports_as_before_in_either_language(sample, tmp_path, to):
    expected = reference(tg.analyse(sample, as_of=DAY), to)
    for lang in ("ja", "en"):
        out = tmp_path / f"{lang}.{to}"
        result = run("export", "--to", to, "-o", out, "--as-of", DAY, "--lang", lang)
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes() == expected, lang


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    folder = tmp_path_factory.mktemp("town")
    synth.write_city(folder / "iga", 1_500, seed=4)
    synth.write_city(folder / "mutual", 800, seed=5, mutual_aid=0.7)
    return folder


@pytest.mark.parametrize("to", GRAPHS)
@pytest.mark.parametrize("name", ["iga", "mutual"])
def test_a_generated_town_exports_as_before(town, to, name, tmp_path):
    a = tg.analyse(tg.load(town / name), as_of=DAY)
    assert exported(a, to) == reference(a, to)
    if to == "gexf":  # the supports' section written by a second process, as a city's is
        assert exported(a, to, scratch=tmp_path) == reference(a, to)
        assert not list(tmp_path.iterdir())
    assert exported(anonymized(a, "t"), to) == reference(anonymized(a, "t"), to)


# --- random networks with hostile text ---------------------------------------------------

DOMAINS = ["employment", "dementia", "mobility_shopping"]
DATES = [None, "2020-01-01", "2026-11-26", "2026-11-27", "2026-11-28", "2027-01-01"]
HOSTILE = [
    "&",
    "<b>",
    '"',
    "'",
    "\n",
    "\r",
    "\t",
    "\r\n",
    "\x00",
    "\x07",
    "\x1f",
    "\ufffe",
    "😀",
    "𠮷",
    "=1+1",
    " ",
    "]]>",
    "&amp;",
    "孤立",
    "inf",
    "nan",
]
# any character but lone surrogates (a file cannot hold them), and the ones XML minds most
TEXT = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=4),
    ),
    max_size=4,
).map("".join) | st.just("x" * 5_000)
# extra columns: names networkx gives a meaning of its own in GEXF among ordinary ones
NODE_EXTRAS = ["note", "label", "pid", "start", "end", "備考", 'a&"<b>', "parents", "viz"]
EDGE_EXTRAS = ["note", "id", "label", "weight", "type", "start", "end", "spells", "viz"]
TAKEN = {"parents", "spells", "viz"}  # networkx's own structures: only empty ones compare


def _column(draw, n: int, name: str):
    """An extra column of ``n`` rows: text (empty if networkx takes the name for its own
    structure), or, as a library user may pass, integers with gaps, floats, booleans or a
    mix of types."""
    if name in TAKEN:
        return [""] * n
    kind = draw(st.sampled_from(["text", "text", "int", "float", "bool", "mixed"]))
    if kind == "text":
        return draw(st.lists(TEXT, min_size=n, max_size=n))
    if kind == "int":
        values = draw(st.lists(st.none() | st.integers(-(2**40), 2**40), min_size=n, max_size=n))
        return pd.array(values, dtype="Int64")
    if kind == "float":
        finite = st.floats(allow_nan=False, allow_infinity=False)
        values = draw(
            st.lists(st.sampled_from([np.nan, np.inf, 1e-7, 0.1]) | finite, min_size=n, max_size=n)
        )
        return np.array(values, dtype=float)
    if kind == "bool":
        return np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    mixed = st.sampled_from([True, False, 3, 2.5, "x", None, ("a", "b&c"), (), float("nan")])
    return pd.Series(draw(st.lists(mixed | TEXT, min_size=n, max_size=n)), dtype=object).values


@st.composite
def hostile_networks(draw):
    n = draw(st.integers(1, 8))
    kinds = draw(
        st.lists(
            st.sampled_from(["resident", "resident", "agency", "volunteer", "group"]),
            min_size=n,
            max_size=n,
        )
    )
    if "resident" not in kinds:  # (graph_tables warns on a network without residents)
        kinds[0] = "resident"
    ids = draw(st.lists(TEXT.filter(bool), min_size=n, max_size=n, unique=True))
    nodes = []
    for i, kind in enumerate(kinds):
        needs = draw(st.lists(st.sampled_from(DOMAINS), unique=True, max_size=3))
        nodes.append((f"n{i}", kind, needs if kind == "resident" else []))
    net = make_network(nodes, draw_ties(draw, kinds, dates=DATES, domains=DOMAINS))
    rename = dict(zip(net.nodes["id"], ids))
    net.nodes["id"] = net.nodes["id"].map(rename)
    for end in ("source", "target"):
        net.supports[end] = net.supports[end].map(rename)
    net.nodes["name"] = draw(st.lists(TEXT, min_size=n, max_size=n))
    net.nodes["district"] = draw(
        st.lists(st.sampled_from(["", "上野", "a&b", "\n"]), min_size=n, max_size=n)
    )
    for column in ("capacity", "lsns6"):
        net.nodes[column] = pd.array(
            draw(st.lists(st.none() | st.integers(0, 30), min_size=n, max_size=n)), dtype="Int64"
        )
    for name in draw(st.lists(st.sampled_from(NODE_EXTRAS), unique=True, max_size=3)):
        net.nodes[name] = _column(draw, n, name)
    m = len(net.supports)
    for name in draw(st.lists(st.sampled_from(EDGE_EXTRAS), unique=True, max_size=3)):
        net.supports[name] = _column(draw, m, name)
    return tg.Network(net.nodes, net.supports, net.vocabulary)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_networks())
def test_random_networks_with_hostile_text_export_as_before(net):
    a = tg.analyse(net, as_of=DAY)
    for to in GRAPHS:
        assert exported(a, to) == reference(a, to), to
    nodes, supports = (graphfiles.graph_table(t) for t in export.graph_tables(a))
    known = graphfiles.support_order(nodes, supports, (net.source_index, net.target_index))
    assert known.tolist() == graphfiles.support_order(nodes, supports).tolist()
    with pytest.raises(ValueError, match="every support"):
        graphfiles.support_order(nodes, supports, (net.source_index, [*net.target_index, 0]))


CELLS = st.sampled_from([None, True, False, 0, 1, 2, 1.0, 0.0, float("nan"), "", "1", "a"])


@given(st.lists(CELLS, max_size=40), st.integers(1, 4))
def test_values_spelt_once_are_spelt_as_each_alone(values, times):
    values = values * times  # repeats, so that some are spelt once
    assert graphfiles.spelt_once(values, repr) == list(map(repr, values))


def test_networkx_structures_named_by_a_column_are_not_written(tmp_path):
    # networkx read a GEXF node's "parents" as a list of parents, one per character, and
    # failed on a non-empty "spells"; the streaming writer leaves such columns out
    net = make_network([("a", "agency"), ("r", "resident")], [("a", "r")])
    net.nodes["parents"] = ["ab", ""]
    net.supports["spells"] = ["x"]
    data = tg.export(net, "gexf", tmp_path / "n.gexf", as_of=DAY).read_text("utf-8")
    assert "<parent" not in data and "<spell" not in data
    assert 'title="parents"' in data and 'title="spells"' in data  # declared, as before


# --- bounded memory ----------------------------------------------------------------------


def peak(write) -> int:
    """Peak bytes Python allocated while ``write`` wrote to a file that keeps nothing."""

    class Sink(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            return len(data)

    tracemalloc.start()
    try:
        write(Sink())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def writers(a) -> dict:
    """Each format's writer of ``a``'s export tables, to call with a file."""
    nodes, supports = export.graph_tables(a)
    nodes["load"] = a.sn.load
    viz = export.gexf_viz(a)
    return {
        "gexf": lambda out: gexf.write_gexf(out, nodes, supports, viz=viz),
        "graphml": lambda out: graphml.write_graphml(out, nodes, supports),
        "json": lambda out: export.write_node_link(out, nodes, supports),
    }


def test_the_writers_hold_a_chunk_not_the_town(town, tmp_path, monkeypatch):
    small = tg.analyse(tg.load(town / "iga"), as_of=DAY)
    big = tg.analyse(tg.load(synth.write_city(tmp_path / "big", 6_000, seed=4)), as_of=DAY)
    assert len(big.net.supports) > 3.5 * len(small.net.supports)
    old = peak(lambda out: out.write(reference(small, "gexf")))
    monkeypatch.setattr(graphfiles, "CHUNK", 200)  # towns of many chunks (JSON's too)
    small_peaks = {to: peak(write) for to, write in writers(small).items()}
    for to, write in writers(big).items():  # four times the town, about the same memory
        assert peak(write) < 1.5 * small_peaks[to], to
    assert small_peaks["gexf"] < old / 10  # networkx held the graph, the tree and the file


def test_viz_columns_spell_what_one_mapping_per_node_spells(town, monkeypatch):
    a = tg.analyse(tg.load(town / "iga"), as_of=DAY)
    monkeypatch.setattr(graphfiles, "CHUNK", 200)  # a town of many chunks
    nodes, supports = export.graph_tables(a)
    nodes["load"] = a.sn.load
    columns = export._viz(a)  # what the export writes from
    assert len(nodes) > 3 * 200 and columns.mappings() == export.gexf_viz(a)
    written = export.to_gexf(nodes, supports, viz=columns)
    assert written == export.to_gexf(nodes, supports, viz=columns.mappings())
    assert written == reference(a, "gexf")
    short = gexf.Viz(columns.rgb[:-1], columns.xy[:-1])
    with pytest.raises(ValueError, match="one mapping per node"):
        export.to_gexf(nodes, supports, viz=short)


def test_the_export_tables_leave_the_network_as_it_was(sample):
    nodes, supports = sample.nodes.copy(), sample.supports.copy()
    table, _ = export.graph_tables(tg.analyse(sample, as_of=DAY))
    table["load"] = 0  # as export_analysis adds it
    assert sample.nodes.equals(nodes) and sample.supports.equals(supports)
    assert list(sample.nodes.columns) == list(nodes.columns)
