"""Growth over time on a network with dated ties."""

from __future__ import annotations

import datetime as dt

import pytest
from netbuild import make_network

import tsunagari as tg
from tsunagari.analysis.timeline import period_ends


def story():
    """2019: the city supports a; 2020: a volunteer joins and a triangle closes;
    2021: the volunteer stops."""
    return make_network(
        [
            ("city", "agency"),
            ("hub", "agency"),
            ("v", "volunteer"),
            ("a", "resident"),
            ("b", "resident"),
        ],
        [
            ("city", "a", "support", None, "2019-03-01"),
            ("city", "v", "collaboration", None, "2020-02-01"),
            ("v", "a", "support", None, "2020-02-01", "2021-06-30"),
            ("v", "a", "support", "hikikomori", "2020-05-01", "2021-06-30"),  # parallel row
            ("hub", "b", "support", None, "2020-07-01"),
            ("city", "b", "support", None, "2021-01-01"),
        ],
    )


def test_rows_at_each_year_end():
    table = tg.timeline(story(), until="2022-03-15")
    assert [d.date().isoformat() for d in table.index] == [
        "2019-12-31",
        "2020-12-31",
        "2021-12-31",
        "2022-03-15",
    ]
    assert table.index.name == "date"
    rows = table.to_dict("index")
    y2019, y2020, y2021, last = (rows[d] for d in table.index)
    assert (y2019["nodes"], y2019["supports"], y2019["collaborations"]) == (2, 1, 0)
    assert (y2019["isolated"], y2019["single_thread"]) == (1, 1)
    # city–v–a closes one cycle; the parallel v→a row does not add another
    assert (y2020["nodes"], y2020["supports"], y2020["collaborations"]) == (5, 4, 1)
    assert y2020["independent_cycles"] == 1
    # a is held by city and by v, but v hangs on city: single thread; b by hub alone
    assert (y2020["single_thread"], y2020["overlapping"]) == (2, 0)
    assert (y2021["nodes"], y2021["supports"], y2021["independent_cycles"]) == (5, 3, 0)
    assert (y2021["overlapping"], y2021["share_overlapping"]) == (1, 0.5)  # b: hub and city
    assert last == y2021


def test_each_row_agrees_with_the_statuses_on_that_day():
    net = story()
    table = tg.timeline(net, every="month", until="2021-02-10")
    assert table.index[0].date() == dt.date(2019, 3, 31)
    assert len(table) == 24
    for day, row in table.iterrows():
        counts = tg.residents(net, as_of=day.date())["status"].value_counts()
        assert {s: row[s] for s in ("isolated", "unreached", "single_thread", "overlapping")} == {
            s: int(counts.get(s, 0))
            for s in ("isolated", "unreached", "single_thread", "overlapping")
        }


def test_sample_timeline_ends_today_as_isolated_sees_it():
    table = tg.timeline(tg.load(), until="2026-11-27")
    last = table.iloc[-1]
    assert [last[s] for s in ("isolated", "unreached", "single_thread", "overlapping")] == [
        5,
        10,
        32,
        47,
    ]
    assert table["independent_cycles"].is_monotonic_increasing


def test_period_ends_rejects_unknown_period():
    with pytest.raises(tg.TsunagariError, match="unknown period 'week'"):
        period_ends(dt.date(2020, 1, 1), dt.date(2021, 1, 1), "week")


def test_no_dates_gives_one_row():
    net = make_network([("city", "agency"), ("r", "resident")], [("city", "r")])
    table = tg.timeline(net, until="2026-01-01")
    assert len(table) == 1 and table.iloc[0]["single_thread"] == 1


@pytest.mark.parametrize("since, every", [("1021-04-01", "year"), ("1930-01-01", "month")])
def test_a_start_date_centuries_back_is_an_error_not_hours_of_work(tmp_path, since, every):
    import shutil

    folder = tmp_path / "net"
    shutil.copytree(tg.sample_path(), folder)
    with open(folder / "supports.csv", "a", encoding="utf-8") as f:
        f.write(f"ag-houkatsu,r-030,support,,,,{since},,\n")
    with pytest.raises(tg.TsunagariError, match=f"earliest start date, {since}"):
        tg.timeline(tg.load(folder), every=every, until="2026-11-27")
    if every == "month":  # the same start by year is 97 rows, well within the bound
        table = tg.timeline(tg.load(folder), every="year", until="2026-11-27")
        assert len(table) == 97 and table.index[0].date().isoformat() == "1930-12-31"


def test_fiscal_years_end_in_march_and_agree_with_years():
    net = tg.load()
    fiscal = tg.timeline(net, every="fiscal-year", until="2026-11-27")
    ends = [d.strftime("%m-%d") for d in fiscal.index[:-1]]
    assert ends and set(ends) == {"03-31"} and fiscal.index[-1].date().isoformat() == "2026-11-27"
    # the network on a fiscal year's last day is the one the statuses give for that day
    day = fiscal.index[-2].date()
    counts = tg.residents(net, as_of=day)["status"].value_counts()
    assert fiscal.loc[fiscal.index[-2], "overlapping"] == counts["overlapping"]
