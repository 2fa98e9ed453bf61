"""One analysed network: computed once, the same answers as the functions, one status dtype."""

from __future__ import annotations

import importlib

import pandas as pd
from hypothesis import given, settings
from test_status import DAY, networks

import tsunagari as tg
from tsunagari.analysis import analysed
from tsunagari.analysis.status import need_status_dtype, status_dtype

SAMPLE_DAY = "2026-11-27"


def test_one_safety_net_serves_every_result(monkeypatch):
    built = []
    original = analysed.safety_net

    def counting(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(analysed, "safety_net", counting)
    scenario_nets = []
    whatif = importlib.import_module(
        "tsunagari.analysis.whatif"
    )  # the package's whatif is a function
    original_cut = whatif.safety_net
    monkeypatch.setattr(
        whatif, "safety_net", lambda *a, **k: scenario_nets.append(1) or original_cut(*a, **k)
    )
    a = tg.analyse(tg.load(), as_of=SAMPLE_DAY)
    a.residents(), a.at_risk(), a.critical(), a.gaps(), a.impact(), a.needs()
    a.suggest(), a.summary(), a.map(view="at_risk"), a.report()
    a.whatif(remove=["vol-minsei-01"])
    assert len(built) == 1  # the scenario's own network is the only other one
    assert len(scenario_nets) == 1


def test_an_analysis_answers_as_the_functions_do():
    net = tg.load()
    a = tg.analyse(net, as_of=SAMPLE_DAY)
    assert a.residents().equals(tg.residents(net, as_of=SAMPLE_DAY))
    assert a.critical().equals(tg.critical(net, as_of=SAMPLE_DAY))
    assert a.gaps().to_dict() == tg.gaps(net, as_of=SAMPLE_DAY).to_dict()
    assert a.summary() == tg.summary(net, as_of=SAMPLE_DAY)
    mine = a.whatif(remove=["vol-minsei-01"])
    theirs = tg.whatif(net, remove=["vol-minsei-01"], as_of=SAMPLE_DAY)
    assert mine.to_dict() == theirs.to_dict() and mine.before.equals(theirs.before)


def test_a_caller_changing_a_result_changes_nothing_kept():
    a = tg.analyse(tg.load(), as_of=SAMPLE_DAY)
    first = a.residents()
    first["status"] = "isolated"
    first.loc[:, "supporters"] = -1
    again = a.residents()
    assert (again["supporters"] >= 0).all() and set(again["status"]) != {"isolated"}
    crit = a.critical()
    crit.loc[:, "dependents"] = 0
    assert a.critical()["dependents"].max() > 0


def test_statuses_are_one_ordered_categorical_everywhere():
    a = tg.analyse(tg.load(), as_of=SAMPLE_DAY)
    changed = a.whatif(remove=["vol-minsei-01"]).changed
    ideas, steps = a.suggest(), a.plan(2)
    for column in (
        a.residents()["status"],
        a.at_risk()["status"],
        changed["before"],
        changed["after"],
        ideas["status"],
        ideas["status_after"],
        steps["status_after"],
    ):
        assert column.dtype == status_dtype()
    for column in (a.needs()["status"], ideas["need"], steps["need_after"]):
        assert column.dtype == need_status_dtype()
    assert a.residents()["status"].min() == "isolated"  # worst first


@settings(max_examples=300, deadline=None)
@given(networks())
def test_the_needs_table_is_the_residents_needs_in_long_form(net):
    a = tg.analyse(net, as_of=DAY)
    table, needs = a.residents(), a.needs()
    expected = [
        (row["id"], d, s, row["need_single_points"].get(d, ()))
        for row in table.to_dict("records")
        for d, s in row["needs"].items()
    ]
    got = list(
        zip(needs["id"], needs["domain"], needs["status"].astype(str), needs["single_points"])
    )
    assert got == expected
    # supporters of a need, counted from the support rows themselves
    supports = net.supports[net.active(a.as_of) & (net.supports["relation"] == "support")]
    for row in needs.to_dict("records"):
        rows = supports[(supports["target"] == row["id"]) & (supports["domain"] == row["domain"])]
        assert row["supporters"] == rows["source"].nunique()
        assert (row["status"] == "uncovered") == (row["supporters"] == 0)
    assert isinstance(needs, pd.DataFrame) and needs.attrs["as_of"] == a.as_of


def test_one_root_may_be_given_as_a_string():
    net = tg.load()
    assert tg.analyse(net, roots="agency").roots == ("agency",)
    one = tg.residents(net, as_of=SAMPLE_DAY, roots="ag-shakyo")
    assert one.equals(tg.residents(net, as_of=SAMPLE_DAY, roots=["ag-shakyo"]))


def test_text_columns_are_held_in_python_everywhere():
    # pyarrow is installed with tsunagari, and pandas would then hold every new text column
    # in Arrow, making each id again on every read: the library's own tables say text_dtype()
    net = tg.load()
    a = tg.analyse(net, as_of=SAMPLE_DAY)
    scenario = a.whatif(remove=["vol-minsei-01"])
    gaps = a.gaps()
    tables = {
        "nodes": net.nodes,
        "supports": net.supports,
        "residents": a.residents(),
        "needs": a.needs(),
        "at_risk": a.at_risk(),
        "critical": a.critical(),
        "gaps.by_district": gaps.by_district,
        "gaps.domain_pairs": gaps.domain_pairs,
        "whatif.changed": scenario.changed,
        "whatif.after": scenario.after,
        "impact": a.impact(),
        "suggest": a.suggest(),
        "plan": a.plan(2),
        "timeline": tg.timeline(net),
    }
    arrow = [
        f"{name}.{column}"
        for name, frame in tables.items()
        for column in frame.columns
        if isinstance(frame[column].dtype, pd.StringDtype)
        and frame[column].dtype.storage != "python"
    ]
    assert arrow == []
