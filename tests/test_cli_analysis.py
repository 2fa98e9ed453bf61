"""CLI analysis commands: --format json equals the library's result, tables read well."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari import tables
from tsunagari.cli import app

DAY = "2026-11-27"
runner = CliRunner()


@pytest.fixture(scope="module")
def net():
    return tg.load()


def run(*args: str):
    result = runner.invoke(app, [*args, "--as-of", DAY])
    return result


def json_of(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_critical_json_equals_library(net):
    assert json_of("critical") == tables.to_json(tg.critical(net, as_of=DAY))
    assert json_of("critical", "--limit", "3") == tables.to_json(
        tg.critical(net, as_of=DAY).head(3)
    )
    rows = json.loads(json_of("critical"))
    assert {"id", "name", "kind", "dependents", "sole_supporter_of"} <= set(rows[0])
    assert [r["id"] for r in rows[:3]] == ["ag-houkatsu", "grp-nest", "grp-shokudo-ueno"]


def test_critical_csv_and_table(net):
    csv = run("critical", "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("id,name,kind,district,dependents,sole_supporter_of")
    text = run("critical", "--lang", "en").stdout
    assert "ag-houkatsu" in text and "dependents" in text
    assert "頼る住民" in run("critical", "--lang", "ja").stdout


def test_gaps_json_equals_library(net):
    out = json.loads(json_of("gaps"))
    assert out == json.loads(tables.to_json(tg.gaps(net, as_of=DAY).to_dict()))
    assert set(out) == {"as_of", "roots", "by_district", "domain_pairs"}
    assert {
        "district",
        "domain",
        "in_need",
        "overlapping",
        "single_thread",
        "unreached",
        "uncovered",
        "providers",
    } <= set(out["by_district"][0])
    assert {"domain_a", "domain_b", "linked"} <= set(out["domain_pairs"][0])
    assert json_of("gaps") == tables.to_json(tg.gaps(net, as_of=DAY).to_dict())


def test_gaps_csv_both_tables_and_text(net):
    result = tg.gaps(net, as_of=DAY)
    assert run("gaps", "--format", "csv").stdout == tables.to_csv(result.by_district)
    assert run("gaps", "--format", "csv", "--pairs").stdout == tables.to_csv(result.domain_pairs)
    text = run("gaps", "--lang", "en").stdout
    assert "by district × domain" in text and "Horizontal threads" in text


def test_whatif_json_equals_library(net):
    out = json_of("whatif", "--remove", "vol-minsei-01", "--end", "csw-03:r-001")
    expected = tg.whatif(net, remove=["vol-minsei-01"], end=[("csw-03", "r-001")], as_of=DAY)
    assert out == tables.to_json(expected.to_dict(frames=True))
    assert json.loads(out) == json.loads(tables.to_json(expected.to_dict()))
    data = json.loads(out)
    assert data["removed"] == ["vol-minsei-01"]
    assert data["ended"] == [{"source": "csw-03", "target": "r-001"}]
    assert {"id", "before", "after"} <= set(data["changed"][0])
    isolated_all = json.loads(
        runner.invoke(
            app, ["isolated", "--status", "all", "--as-of", DAY, "--format", "json"]
        ).stdout
    )
    assert {row["id"] for row in data["after"]} == {row["id"] for row in isolated_all}
    assert set(data["after"][0]) == set(isolated_all[0])


def test_whatif_table_and_errors():
    text = run("whatif", "--remove", "vol-minsei-01", "--lang", "en").stdout
    assert "r-050" in text and "isolated" in text
    for args, message in [
        ((), "nothing to remove"),
        (("--remove", "nobody"), "unknown node id 'nobody'"),
        (("--end", "csw-03"), "--end: 'csw-03' is not SOURCE:TARGET"),
        (("--end", "r-001:csw-03"), "no active tie from 'r-001' to 'csw-03'"),
    ]:
        result = run("whatif", *args)
        assert result.exit_code == 1
        assert f"Error: {message}" in result.stderr
        assert "Traceback" not in result.output


def test_suggest_json_equals_library(net):
    assert json_of("suggest") == tables.to_json(tg.suggest(net, as_of=DAY))
    assert json_of("suggest", "--resident", "r-063", "--limit", "0", "--lang", "ja") == (
        tables.to_json(tg.suggest(net, resident="r-063", limit=0, as_of=DAY, lang="ja"))
    )
    rows = json.loads(json_of("suggest"))
    assert {"resident", "supporter", "domain", "introducer", "status_after", "reason"} <= set(
        rows[0]
    )


def test_suggest_plan(net):
    out = json_of("suggest", "--plan", "5")
    assert out == tables.to_json(tg.plan(net, 5, as_of=DAY))
    assert sum(row["fixed_count"] for row in json.loads(out)) == 5
    text = run("suggest", "--plan", "5", "--lang", "en").stdout
    assert "5 new links turn 5 single threads into overlaps." in text
    result = run("suggest", "--resident", "nobody")
    assert result.exit_code == 1 and "unknown resident id 'nobody'" in result.stderr


def test_timeline_json_equals_library(net):
    expected = tg.timeline(net, until=DAY).reset_index()
    assert json_of("timeline") == tables.to_json(expected)
    rows = json.loads(json_of("timeline", "--every", "month"))
    assert rows[-1]["date"] == DAY and rows[-1]["overlapping"] == 47
    assert "cycles" in run("timeline", "--lang", "en").stdout


@pytest.mark.parametrize("command", ["critical", "gaps", "whatif", "suggest", "timeline"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--format" in result.stdout


@pytest.mark.parametrize("command", ["critical", "gaps", "suggest", "timeline"])
def test_runs_with_no_arguments(command):
    result = runner.invoke(app, [command])
    assert result.exit_code == 0 and result.stdout.strip()


def test_isolated_and_export_take_roots(tmp_path):
    """--roots reaches isolated and export, so every command answers for the same roots."""
    roots = "agency,grp-salon-shimagahara"
    cli = run("isolated", "--roots", roots, "--status", "all", "--format", "json", "--as-of", DAY)
    assert cli.exit_code == 0, cli.output
    lib = tg.residents(tg.load(), as_of=DAY, roots=roots.split(","))
    wanted = dict(zip(lib["id"], lib["status"].astype(str)))
    assert {r["id"]: r["status"] for r in json.loads(cli.output)} == wanted
    default = tg.residents(tg.load(), as_of=DAY)
    assert lib["status"].tolist() != default["status"].tolist()
    out = tmp_path / "x.json"
    assert run("export", "--to", "json", "-o", out, "--roots", roots, "--as-of", DAY).exit_code == 0
    exported = {n["id"]: n["status"] for n in json.loads(out.read_text("utf-8"))["nodes"]}
    assert {i: exported[i] for i in lib["id"]} == wanted


def test_every_result_of_an_analysis_holds_for_its_day_and_roots():
    from tsunagari.analysis.gaps import by_district

    net = tg.load()
    a = tg.analyse(net, as_of="2019-06-01", roots=["agency", "ag-shakyo"])
    result = a.gaps()
    frames = [a.residents(), a.at_risk(), a.critical(), a.impact(), a.suggest(), a.plan(1)]
    frames += [result.by_district, result.domain_pairs, a.whatif(remove=["vol-minsei-01"]).changed]
    for frame in frames:
        assert frame.attrs == {"as_of": dt.date(2019, 6, 1), "roots": ("agency", "ag-shakyo")}
    assert result.to_dict()["as_of"] == a.summary()["as_of"] == "2019-06-01"
    assert a.whatif(remove=["vol-minsei-01"]).to_dict()["roots"] == ["agency", "ag-shakyo"]
    later = tg.analyse(net, as_of=DAY)  # supporters' loads differ by day, so do the gaps
    assert by_district(a.sn, a.table).equals(result.by_district)
    assert not later.gaps().by_district.equals(result.by_district)
