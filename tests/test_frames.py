"""Networks from DataFrames: the same validation as files, with cells written as files hold them."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_io import NODES, SUPPORTS, write_folder

import tsunagari as tg


def frame_problems(nodes: pd.DataFrame, supports: pd.DataFrame) -> list[tuple]:
    with pytest.raises(tg.InputError) as info:
        tg.from_frames(nodes, supports)
    return [(p.path, p.row, p.column, p.value) for p in info.value.problems]


def text_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The test network of test_io as frames of text, as a CSV holds it."""
    read = {"dtype": str, "keep_default_na": False}
    return pd.read_csv(io.StringIO(NODES), **read), pd.read_csv(io.StringIO(SUPPORTS), **read)


def test_the_sample_read_with_pandas_equals_load():
    sample = tg.sample_path()
    nodes = pd.read_csv(sample / "nodes.csv")  # pandas' own types: floats, NaN for empty
    supports = pd.read_csv(sample / "supports.csv")
    assert nodes["lsns6"].dtype == float and supports["until"].isna().any()
    net, reference = tg.from_frames(nodes, supports), tg.load()
    pd.testing.assert_frame_equal(net.nodes, reference.nodes)
    pd.testing.assert_frame_equal(net.supports, reference.supports)
    assert (net.source_index == reference.source_index).all()
    assert (net.target_index == reference.target_index).all()
    assert net.source is None and net.inputs == ()
    assert tg.residents(net, as_of="2024-04-01").equals(tg.residents(reference, as_of="2024-04-01"))


def test_text_frames_equal_the_files(tmp_path):
    nodes, supports = text_frames()
    net, reference = tg.from_frames(nodes, supports), tg.load(write_folder(tmp_path))
    pd.testing.assert_frame_equal(net.nodes, reference.nodes)
    pd.testing.assert_frame_equal(net.supports, reference.supports)


def test_problems_name_table_row_and_column():
    nodes, supports = text_frames()
    nodes.loc[3, "kind"] = "voluntere"  # the fourth data row: row 5 of a file
    supports.loc[0, "target"] = "R-1O4"
    supports.loc[2, "since"] = "2021-13-01"
    assert frame_problems(nodes, supports) == [
        ("nodes", 5, "kind", "voluntere"),
        ("supports", 2, "target", None),  # an id is never shown
        ("supports", 4, "since", "2021-13-01"),
    ]
    with pytest.raises(tg.InputError) as info:
        tg.from_frames(nodes, supports)
    assert str(info.value).splitlines()[0] == (
        "nodes, row 5, column 'kind': unknown kind 'voluntere' "
        "(did you mean 'volunteer'? "
        "expected one of: agency, company, group, npo, resident, volunteer)"
    )
    assert "Aさん" not in str(info.value)


def test_the_frame_index_does_not_number_rows():
    nodes, supports = text_frames()
    nodes.index = [10, 11, 12, 13, 14, 15]
    supports = supports.iloc[::-1].reset_index(drop=True).set_axis(list("abcdefg"))
    supports.iloc[0, supports.columns.get_loc("until")] = "昨日"
    assert frame_problems(nodes, supports) == [("supports", 2, "until", None)]


def test_missing_required_column_and_japanese_headers():
    nodes, supports = text_frames()
    assert frame_problems(nodes.drop(columns="kind"), supports) == [("nodes", 1, None, None)]
    japanese = nodes.rename(columns={"id": "ID", "name": "氏名", "kind": "種別"})
    pd.testing.assert_frame_equal(
        tg.from_frames(japanese, supports).nodes, tg.from_frames(nodes, supports).nodes
    )


def test_cells_of_any_type_are_read_as_a_file_holds_them():
    nodes = pd.DataFrame(
        {
            "id": [1, 2.0, "c"],  # numbers as ids stay text: 2.0 is "2"
            "name": ["Centre", "A", "B"],
            "kind": ["agency", "resident", "resident"],
            "capacity": [3.0, np.nan, None],
            "lsns6": pd.array([pd.NA, 14, 7], dtype="Int64"),
            "flag": [True, False, None],
        }
    )
    supports = pd.DataFrame(
        {
            "source": [1, 1, "2"],
            "target": [2, "c", "c"],
            "since": [pd.Timestamp("2021-04-01"), dt.date(2020, 1, 2), None],
            "until": [pd.NaT, np.datetime64("2030-01-01"), "令和3年4月1日"],
        }
    )
    net = tg.from_frames(nodes, supports)
    assert net.nodes["id"].tolist() == ["1", "2", "c"]
    assert net.nodes["capacity"].tolist()[0] == 3 and net.nodes["capacity"].isna().sum() == 2
    assert net.nodes["lsns6"].tolist()[1:] == [14, 7]
    assert net.nodes["flag"].tolist() == ["TRUE", "FALSE", ""]
    assert net.supports["since"].tolist()[:2] == [
        pd.Timestamp("2021-04-01"),
        pd.Timestamp("2020-01-02"),
    ]
    assert pd.isna(net.supports["since"].iloc[2])
    assert net.supports["until"].tolist()[1:] == [
        pd.Timestamp("2030-01-01"),
        pd.Timestamp("2021-04-01"),
    ]
    assert net.target_index.tolist() == [1, 2, 2]


def test_a_fractional_number_is_a_problem_and_a_time_of_day_is_dropped():
    nodes = pd.DataFrame(
        {"id": ["a", "r"], "name": ["A", "R"], "kind": ["agency", "resident"], "lsns6": [None, 7.5]}
    )
    supports = pd.DataFrame(
        {"source": ["a"], "target": ["r"], "since": [pd.Timestamp("2021-04-01 09:30")]}
    )
    assert frame_problems(nodes, supports) == [("nodes", 3, "lsns6", "7.5")]
    nodes["lsns6"] = [None, 7.0]
    net = tg.from_frames(nodes, supports)  # a date cell with a time is that day
    assert net.supports.loc[0, "since"] == pd.Timestamp("2021-04-01")


def test_input_frames_are_not_modified():
    nodes, supports = text_frames()
    nodes["capacity"] = [None, 40.0, 3.0, None, None, None]
    before = nodes.copy(deep=True), supports.copy(deep=True)
    net = tg.from_frames(nodes, supports)
    net.nodes.loc[0, "id"] = "changed"  # nor do they share memory with the network
    pd.testing.assert_frame_equal(nodes, before[0])
    pd.testing.assert_frame_equal(supports, before[1])
    assert nodes["capacity"].dtype == float


def test_vocabulary_as_a_file_or_a_loaded_one(tmp_path):
    domains = tmp_path / "domains.csv"
    domains.write_text("code,ja,en,sensitivity\nrice,米,rice,public\n", encoding="utf-8")
    nodes, supports = text_frames()
    supports.loc[0, "domain"] = "米"
    with pytest.raises(tg.InputError):
        tg.from_frames(nodes, supports)
    for vocabulary in (domains, str(domains), tg.load_vocabulary(domains)):
        net = tg.from_frames(nodes, supports, vocabulary=vocabulary)
        assert net.supports.loc[0, "domain"] == "rice"
        assert net.inputs == (domains,)


def test_not_a_frame_is_a_type_error():
    nodes, supports = text_frames()
    with pytest.raises(TypeError, match="supports must be a pandas DataFrame, not dict"):
        tg.from_frames(nodes, {"source": ["city"], "target": ["a"]})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-100, 100),
            st.floats(allow_nan=True, allow_infinity=False, width=32),
            st.text(alphabet="0123456789.;-xa ", max_size=6),
            st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_frames_fail_or_load_exactly_as_the_same_csv(tmp_path_factory, cells):
    """Any cells: the frame and a CSV of the text each cell stands for give the same result."""
    from tsunagari.io.files import cell_text

    n = len(cells)
    nodes = pd.DataFrame(
        {
            "id": ["ag", *[f"r{i}" for i in range(n)]],
            "name": ["Centre", *["R"] * n],
            "kind": ["agency", *["resident"] * n],
            "lsns6": [None, *cells],
            "capacity": [cells[0], *[None] * n],
        }
    )
    supports = pd.DataFrame({"source": ["ag"] * n, "target": nodes["id"][1:], "since": cells})
    folder = tmp_path_factory.mktemp("csv")
    nodes.map(cell_text).to_csv(folder / "nodes.csv", index=False)
    supports.map(cell_text).to_csv(folder / "supports.csv", index=False)

    def outcome(build):
        try:
            net = build()
        except tg.InputError as error:
            return [(p.row, p.column, p.value, p.message) for p in error.problems]
        return net.nodes, net.supports

    from_csv, from_frame = (
        outcome(lambda: tg.load(folder)),
        outcome(lambda: tg.from_frames(nodes, supports)),
    )
    if isinstance(from_csv, list):
        assert from_frame == from_csv
    else:
        pd.testing.assert_frame_equal(from_frame[0], from_csv[0])
        pd.testing.assert_frame_equal(from_frame[1], from_csv[1])
