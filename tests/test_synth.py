"""Tests for the synthetic Iga-like city (tsunagari.synth)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rustworkx as rx

import tsunagari
from tsunagari import synth
from tsunagari.synth.columns import CodedColumn, label_array
from tsunagari.synth.writer import write_csv

N = 20_000
SEED = 7
AS_OF = "2026-11-27"
NODE_COLUMNS = "id name kind subtype district needs services capacity lsns6".split()
SUPPORT_COLUMNS = "source target relation domain formality frequency since until".split()
KINDS = {"resident", "agency", "company", "npo", "volunteer", "group"}
CODES = set(pd.read_csv(Path(tsunagari.__file__).parent / "data" / "domains.csv").code)


@pytest.fixture(scope="module")
def town():
    return synth.city(N, seed=SEED)


@pytest.fixture(scope="module")
def residents(town):
    nodes, supports = town
    table = nodes[nodes.kind == "resident"].set_index("id")
    table["status"] = _statuses(nodes, supports, AS_OF)
    return table


def _statuses(nodes: pd.DataFrame, supports: pd.DataFrame, as_of: str) -> pd.Series:
    """SPEC §3 statuses by the dominator tree of active edges under a virtual root."""
    active = (supports.since <= as_of) & ((supports.until == "") | (supports.until > as_of))
    edges = supports[active]
    index = pd.Index(nodes.id)
    s, t = index.get_indexer(edges.source), index.get_indexer(edges.target)
    both = (edges.relation == "collaboration").to_numpy()
    root = len(nodes)
    agencies = np.flatnonzero((nodes.kind == "agency").to_numpy())
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(root + 1))
    graph.extend_from_edge_list(
        list(
            zip(
                np.r_[s, t[both], np.full(len(agencies), root)].tolist(),
                np.r_[t, s[both], agencies].tolist(),
            )
        )
    )
    idom = rx.immediate_dominators(graph, root)
    held = np.bincount(t[~both], minlength=root) > 0
    out = {}
    for r in np.flatnonzero((nodes.kind == "resident").to_numpy()):
        if not held[r]:
            out[nodes.id.iat[r]] = "isolated"
        elif r not in idom:
            out[nodes.id.iat[r]] = "unreached"
        else:
            out[nodes.id.iat[r]] = "overlapping" if idom[r] == root else "single_thread"
    return pd.Series(out)


def _codes(column: pd.Series) -> set[str]:
    return {c for cell in column for c in cell.split(";") if c}


def test_same_seed_same_town_and_another_seed_another():
    first, again, other = (synth.city(3_000, seed=s) for s in (5, 5, 6))
    pd.testing.assert_frame_equal(first[0], again[0])
    pd.testing.assert_frame_equal(first[1], again[1])
    assert not first[0].equals(other[0])
    assert not first[1].equals(other[1])


def test_columns_follow_the_spec(town):
    nodes, supports = town
    assert list(nodes.columns[:9]) == NODE_COLUMNS
    assert list(supports.columns[:8]) == SUPPORT_COLUMNS
    assert str(nodes.capacity.dtype) == "Int64" and str(nodes.lsns6.dtype) == "Int64"
    assert nodes.lsns6.dropna().between(0, 30).all()
    assert nodes.capacity.dropna().gt(0).all()
    residents = nodes[nodes.kind == "resident"]
    assert residents.capacity.isna().all() and residents.services.eq("").all()
    assert nodes.loc[nodes.kind != "resident", "lsns6"].isna().all()
    dates = pd.concat([supports.since, supports.until])
    assert dates.str.fullmatch(r"(\d{4}-\d{2}-\d{2})?").all()


def test_district_populations_follow_the_scaled_table(town):
    nodes, _ = town
    table = synth.district_table(N).set_index("district")
    counts = nodes[nodes.kind == "resident"].district.value_counts()
    assert counts.sum() == N and set(counts.index) == set(table.index)
    expected = table.population.to_numpy() / table.population.sum()
    got = counts.reindex(table.index).to_numpy() / N
    assert np.abs(got - expected).max() < 0.001
    assert abs(counts["上津"] - 733 * N / synth.IGA_POPULATION) <= 1


def test_ages_and_households_look_like_iga(residents):
    old = residents.age_band.isin(["65-74", "75+"])
    assert abs(old.mean() - 0.334) < 0.01
    size = residents.household.value_counts()
    assert abs(N / len(size) - synth.PREVALENCE["persons_per_household"]) < 0.02
    alone = residents.household.map(size).eq(1)
    for sex, key in (("M", "single_elderly_share_men"), ("F", "single_elderly_share_women")):
        group = old & residents.sex.eq(sex)
        assert abs(alone[group].mean() - synth.PREVALENCE[key]) < 0.02


@pytest.mark.parametrize(
    ("code", "bands", "key"),
    [
        ("hikikomori", ["15-17", "18-39"], "hikikomori_15_39"),
        ("hikikomori", ["40-64"], "hikikomori_40_64"),
        ("school_non_attendance", ["6-11"], "non_attendance_6_11"),
        ("school_non_attendance", ["12-14"], "non_attendance_12_14"),
        ("public_assistance", None, "public_assistance"),
        ("financial_hardship", None, "financial_hardship"),
        ("disability_physical", None, "disability_physical"),
        ("disability_intellectual", None, "disability_intellectual"),
        ("disability_mental", None, "disability_mental"),
        ("mobility_shopping", ["75+"], "mobility_shopping_75plus"),
    ],
)
def test_need_prevalences_follow_the_parameters(residents, code, bands, key):
    group = residents if bands is None else residents[residents.age_band.isin(bands)]
    has = group.needs.str.split(";").map(lambda codes: code in codes)
    expected = synth.PREVALENCE[key]
    assert abs(has.mean() - expected) <= max(0.1 * expected, 2 / len(group))


def test_age_curves_and_foreign_residents(residents):
    old = residents[residents.age_band.isin(["65-74", "75+"])]
    needs = old.needs.str.split(";")
    assert 0.17 < needs.map(lambda c: "elderly_care" in c).mean() < 0.21  # ltc ~19%
    assert 0.10 < needs.map(lambda c: "dementia" in c).mean() < 0.14  # ~12.3%
    language = residents.needs.str.contains("language_culture").mean()
    expected = (
        synth.PREVALENCE["foreign_resident_share"]
        * synth.PREVALENCE["language_need_share_foreign_6plus"]
    )
    assert abs(language - expected) < 0.006
    lsns = old.lsns6.dropna()
    assert 0.11 <= (lsns < 12).mean() <= 0.30  # LSNS-6 at risk among 65+


def test_graph_is_well_formed(town):
    nodes, supports = town
    assert nodes.id.is_unique and nodes.id.str.len().gt(0).all()
    assert set(nodes.kind) == KINDS
    assert (supports.source != supports.target).all()
    assert supports.source.isin(nodes.id).all() and supports.target.isin(nodes.id).all()
    kind = nodes.set_index("id").kind
    collab = supports[supports.relation == "collaboration"]
    assert not collab.source.map(kind).eq("resident").any()
    assert not collab.target.map(kind).eq("resident").any()
    assert set(supports.relation) == {"support", "collaboration"}
    assert set(supports.formality) <= {"formal", "semi_formal", "informal"}
    assert set(supports.frequency) <= {"daily", "weekly", "monthly", "yearly"}
    assert not supports.duplicated(["source", "target", "relation", "domain", "until"]).any()


def test_every_code_is_in_the_vocabulary(town):
    nodes, supports = town
    assert _codes(nodes.needs) <= CODES
    assert _codes(nodes.services) <= CODES
    assert set(supports.domain) - {""} <= CODES
    assert {"hikikomori", "elderly_care", "language_culture"} <= _codes(nodes.needs)


def test_every_row_is_synthetic(town):
    nodes, supports = town
    assert nodes.provenance.eq("synthetic").all()
    assert supports.provenance.eq("synthetic").all()


def test_dates_follow_the_timeline(town):
    _, supports = town
    dated = supports[supports.since != ""]
    assert dated.since.between("2015-01-01", "2025-12-31").all()
    ended = supports[supports.until != ""]
    assert len(ended) > 0 and (ended.until > ended.since).all()
    assert (ended.until <= AS_OF).all()  # every end lies in the past
    jusou = supports[supports.jusou_component.isin(["outreach_continuous", "multi_agency"])]
    assert len(jusou) > 0 and (jusou.since >= "2021-04-01").all()


def test_organisations_of_the_city(town):
    nodes, supports = town
    subtype = nodes.subtype.value_counts()
    assert subtype["地域包括支援センター"] >= 3
    assert subtype["地域福祉コーディネーター"] >= 12
    assert subtype["地域福祉ネットワーク会議"] == 39
    for one in (
        "障がい者相談支援センター",
        "こども家庭センター",
        "福祉事務所",
        "保健センター",
        "多機関協働",
        "教育支援センター",
        "社会福祉協議会",
    ):
        assert subtype[one] >= 1
    households = nodes.household[nodes.kind == "resident"].nunique()
    assert 120 <= households / subtype["民生委員"] <= 280  # the placement standard
    assert (nodes.kind[nodes.subtype == "民生委員"] == "volunteer").all()
    assert "わたせい" in set(nodes.name[nodes.kind == "company"])
    # The city's own consultation agencies are all in-house: a complete graph.
    city = nodes.id[
        nodes.subtype.isin(
            [
                "地域包括支援センター",
                "障がい者相談支援センター",
                "こども家庭センター",
                "福祉事務所",
                "保健センター",
                "多機関協働",
                "教育支援センター",
            ]
        )
    ]
    collab = supports[supports.relation == "collaboration"]
    pairs = set(map(frozenset, zip(collab.source, collab.target)))
    assert all(frozenset((a, b)) in pairs for a in city for b in city if a < b)


def test_every_status_appears_in_plausible_shares(residents):
    share = residents.status.value_counts(normalize=True)
    assert set(share.index) == {"isolated", "unreached", "single_thread", "overlapping"}
    assert 0.01 < share["isolated"] < 0.10
    assert share["unreached"] > 0.25
    assert share["single_thread"] > 0.10
    assert share["overlapping"] > 0.08
    with_needs = residents[residents.needs != ""]
    assert (with_needs.status == "overlapping").mean() > share["overlapping"]


def test_hidden_8050_households_are_held_only_by_family(residents):
    two = residents[residents.household.map(residents.household.value_counts()) == 2]
    flags = pd.DataFrame(
        {
            "household": two.household,
            "old": two.age_band.eq("75+"),
            "withdrawn": two.needs.str.contains("hikikomori") & two.age_band.eq("40-64"),
            "unreached": two.status.eq("unreached"),
        }
    )
    by_household = flags.groupby("household").agg(
        {"old": "any", "withdrawn": "any", "unreached": "all"}
    )
    households = by_household[by_household.old & by_household.withdrawn]
    assert len(households) > 0
    assert households.unreached.any()


def test_older_people_hang_on_one_minsei_thread(town, residents):
    nodes, supports = town
    minsei = set(nodes.id[nodes.subtype == "民生委員"])
    watched = supports[supports.source.isin(minsei) & (supports.until == "")]
    held = residents.loc[residents.index.isin(watched.target)]
    assert (held.status == "single_thread").mean() > 0.2


def test_statuses_change_over_time(town, residents):
    nodes, supports = town
    earlier = _statuses(nodes, supports, "2020-12-31")
    assert (earlier != residents.status).mean() > 0.01


def test_write_city_round_trips(tmp_path):
    folder = synth.write_city(tmp_path / "town", 2_000, seed=3)
    assert sorted(p.name for p in folder.iterdir()) == ["nodes.csv", "supports.csv"]
    nodes, supports = synth.city(2_000, seed=3)
    for frame, name in ((nodes, "nodes.csv"), (supports, "supports.csv")):
        raw = (folder / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
        read = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        expected = frame.astype("string").fillna("").astype(str)
        pd.testing.assert_frame_equal(read, expected, check_dtype=False)


def test_write_city_quotes_awkward_text(tmp_path):
    column = CodedColumn(np.array([0, 1, 2]), label_array(["a,b", 'say "hi"', "plain"]))
    write_csv(tmp_path / "t.csv", {"text": column, "n": column})
    read = pd.read_csv(tmp_path / "t.csv", dtype=str)
    assert read.text.tolist() == ["a,b", 'say "hi"', "plain"] == read.n.tolist()


def test_write_city_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "town"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        synth.write_city(folder, 500)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    synth.write_city(folder, 500, force=True)
    synth.write_city(folder, 400, force=True)  # replaces the two files
    assert sorted(p.name for p in folder.iterdir()) == ["nodes.csv", "notes.txt", "supports.csv"]
    nodes = pd.read_csv(folder / "nodes.csv", dtype=str, keep_default_na=False)
    assert (nodes.kind == "resident").sum() == 400
    with pytest.raises(FileExistsError):
        synth.write_city(folder / "notes.txt", 10)


def test_progress_is_reported_in_order(tmp_path):
    calls = []
    synth.write_city(tmp_path / "town", 300, progress=lambda *a: calls.append(a))
    done = [d for _, d, _ in calls]
    assert done == list(range(len(calls))) and {t for _, _, t in calls} == {len(calls) - 1}
    assert calls[-1][0] == "done" and calls[-2][0] == "writing supports.csv"
    calls.clear()
    synth.city(300, progress=lambda *a: calls.append(a))
    assert [d for _, d, _ in calls] == list(range(len(calls))) and calls[-1][0] == "done"


@pytest.mark.parametrize("size", [0, 1, 40, 700])
def test_tiny_towns_are_still_valid(size):
    nodes, supports = synth.city(size, seed=1)
    assert (nodes.kind == "resident").sum() == size
    assert nodes.id.is_unique
    assert supports.source.isin(nodes.id).all() and supports.target.isin(nodes.id).all()
    assert (supports.source != supports.target).all()


def test_negative_size_is_refused():
    with pytest.raises(ValueError, match="residents"):
        synth.city(-1)


def test_the_library_loads_the_city_and_agrees_on_statuses(tmp_path):
    import tsunagari as tg

    folder = synth.write_city(tmp_path / "town", 3_000, seed=11)
    table = tg.residents(tg.load(folder), as_of=AS_OF).set_index("id")
    nodes, supports = synth.city(3_000, seed=11)
    expected = _statuses(nodes, supports, AS_OF)
    pd.testing.assert_series_equal(
        table.status.astype(str), expected.reindex(table.index), check_names=False
    )


def test_mutual_aid_makes_one_reciprocal_web_and_level_0_changes_nothing():
    plain_nodes, plain_supports = synth.city(3_000, seed=4)
    zero_nodes, zero_supports = synth.city(3_000, seed=4, mutual_aid=0.0)
    pd.testing.assert_frame_equal(plain_supports, zero_supports)
    pd.testing.assert_frame_equal(plain_nodes, zero_nodes)
    nodes, supports = synth.city(3_000, seed=4, mutual_aid=0.7)
    assert len(supports) > len(plain_supports) + 3_000 * 0.7 * 6
    ids = {v: i for i, v in enumerate(nodes["id"])}
    g = rx.PyDiGraph()
    g.add_nodes_from(range(len(ids)))
    g.add_edges_from_no_data([(ids[a], ids[b]) for a, b in zip(supports.source, supports.target)])
    largest = max(rx.strongly_connected_components(g), key=len)
    residents = set(np.flatnonzero(nodes["kind"].to_numpy() == "resident").tolist())
    assert len(residents & set(largest)) >= 0.7 * len(residents)
    pairs = set(zip(supports.source, supports.target))
    resident_ties = [(a, b) for a, b in pairs if ids[a] in residents and ids[b] in residents]
    back = sum((b, a) in pairs for a, b in resident_ties)
    assert back >= 0.6 * len(resident_ties)  # most help among neighbours goes both ways


@pytest.mark.parametrize("level", [-0.1, 1.5])
def test_mutual_aid_outside_0_to_1_is_refused(level):
    with pytest.raises(ValueError, match="mutual_aid"):
        synth.city(100, mutual_aid=level)


def test_generate_cli_takes_mutual_aid(tmp_path):
    from typer.testing import CliRunner

    from tsunagari.cli import app

    result = CliRunner().invoke(
        app, ["generate", "-o", str(tmp_path / "t"), "--residents", "500", "--mutual-aid", "0.5"]
    )
    assert result.exit_code == 0, result.output
    net = tsunagari.load(tmp_path / "t")
    assert len(net.supports) > len(tsunagari.load(synth.write_city(tmp_path / "p", 500)).supports)
