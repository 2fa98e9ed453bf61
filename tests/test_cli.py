"""The command line: exit codes, errors on stderr, JSON equal to the library's result."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from test_io import NODES, write_folder
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari import tables
from tsunagari.cli import app
from tsunagari.words import WORDS

DAY = "2026-11-27"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"


def _help(*args: str, locale: str) -> str:
    """``--help`` as a fresh process prints it: the language is chosen at start-up."""
    env = {**os.environ, "LANG": locale, "LC_ALL": locale, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "tsunagari", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def test_help_speaks_the_locale_or_the_lang_option():
    japanese = _help("isolated", locale="ja_JP.UTF-8")
    assert WORDS["help_cmd_isolated"][0] in japanese and WORDS["help_status"][0] in japanese
    english = _help("isolated", locale="C.UTF-8")
    assert WORDS["help_cmd_isolated"][1] in english and WORDS["help_status"][0] not in english
    assert WORDS["help_cmd_isolated"][0] in _help("isolated", "--lang", "ja", locale="C.UTF-8")
    assert WORDS["help_cmd_check"][0][:20] in _help("check", "--lang=ja", locale="C.UTF-8")
    assert WORDS["help_app"][0] in _help(locale="ja_JP.UTF-8")


def test_errors_speak_the_lang_option(tmp_path):
    result = run("whatif", "--remove", "nobody", "--lang", "ja")
    assert result.exit_code == 1 and result.stderr == "エラー: ノード ID 'nobody' はありません\n"
    result = run("whatif", "--remove", "nobody", "--lang", "en")
    assert result.stderr == "Error: unknown node id 'nobody'\n"
    (tmp_path / "map.html").write_text("x", encoding="utf-8")
    result = run("map", "-o", tmp_path / "map.html", "--lang", "ja")
    assert result.exit_code == 1
    assert result.stderr.startswith("エラー: ") and "--force を付けてください" in result.stderr
    result = run("isolated", "--as-of", "2021-13-01", "--lang", "ja")
    assert "は日付ではありません" in result.stderr


def test_check_ok_and_bad(tmp_path):
    result = run("check")
    assert result.exit_code == 0 and result.stdout.startswith("OK: 157 nodes")
    folder = write_folder(tmp_path, NODES + "x1,X,voluntere,,,,,,,\nx2,Y,resident,,,,,,31,\n")
    result = run("check", folder)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: nodes.csv, row 8, column 'kind': unknown kind 'voluntere'")
    assert lines[1].startswith("Error: nodes.csv, row 9, column 'lsns6': expected an LSNS-6 score")
    assert "Traceback" not in result.output


def test_isolated_json_equals_library():
    result = run("isolated", "--as-of", DAY, "--format", "json", "--status", "all")
    assert result.exit_code == 0
    net = tg.load()
    table = tg.at_risk(tg.residents(net, as_of=DAY), statuses=["all"])
    assert result.stdout == tables.to_json(table)
    expected = tables.records(table)
    assert json.loads(result.stdout) == json.loads(tables.to_json(expected))
    fields = {"id", "name", "district", "status", "supporters", "single_points", "needs"}
    assert fields | {"lsns6", "lsns_at_risk"} <= set(expected[0])


def test_isolated_filters():
    default = json.loads(run("isolated", "--as-of", DAY, "--format", "json").stdout)
    assert {r["status"] for r in default} == {"isolated", "unreached", "single_thread"}
    assert default[0]["status"] == "isolated"
    only = json.loads(
        run("isolated", "--as-of", DAY, "--format", "json", "--status", "unreached").stdout
    )
    assert only and {r["status"] for r in only} == {"unreached"}
    district = json.loads(
        run("isolated", "--as-of", DAY, "--format", "json", "--district", "柘植").stdout
    )
    assert district and {r["district"] for r in district} == {"柘植"}


def test_isolated_table_in_japanese():
    result = run("isolated", "--as-of", DAY, "--lang", "ja")
    assert result.exit_code == 0
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("r-011"))
    assert "一本の糸: 中村キヨ" in line  # the son hangs on his mother
    assert "孤立" in result.stdout and "未接続" in result.stdout


def test_isolated_csv():
    result = run("isolated", "--as-of", DAY, "--format", "csv")
    header, first = result.stdout.splitlines()[:2]
    assert header.startswith("id,name,district,status,supporters,single_points,needs")
    assert ",isolated," in first


def test_anonymize_hides_names_and_youhairyo_needs():
    net = tg.load()
    result = run("isolated", "--as-of", DAY, "--format", "json", "--status", "all", "--anonymize")
    assert result.exit_code == 0
    residents = net.nodes[net.nodes["kind"] == "resident"]
    for name in residents["name"]:
        assert name not in result.stdout
    youhairyo = [c for c, d in net.vocabulary.domains.items() if d.sensitivity == "youhairyo"]
    rows = json.loads(result.stdout)
    assert not any(code in row["needs"] for row in rows for code in youhairyo)
    assert all(row["id"].startswith("住民-") for row in rows)
    again = run("isolated", "--as-of", DAY, "--format", "json", "--status", "all", "--anonymize")
    assert again.stdout == result.stdout  # stable pseudonyms


@pytest.mark.parametrize(
    "args, message",
    [
        (["--as-of", "yesterday"], "--as-of: 'yesterday' is not a date"),
        (["--status", "lonely"], "unknown status 'lonely'"),
    ],
)
def test_bad_options_are_errors(args, message):
    result = run("isolated", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_debug_reraises(tmp_path):
    folder = write_folder(tmp_path, NODES + "x1,X,voluntere,,,,,,,\n")
    result = run("check", folder, "--debug")
    assert isinstance(result.exception, tg.InputError)


def test_generate_refuses_a_non_empty_folder(tmp_path):
    out = tmp_path / "city"
    assert run("generate", "-o", out, "--residents", 2000, "--seed", 3).exit_code == 0
    assert run("check", out).exit_code == 0
    before = (out / "nodes.csv").read_bytes()
    again = run("generate", "-o", out, "--residents", 1000)
    assert again.exit_code == 1 and "--force" in again.stderr
    assert (out / "nodes.csv").read_bytes() == before
    assert run("generate", "-o", out, "--residents", 2000, "--seed", 3, "--force").exit_code == 0
    assert (out / "nodes.csv").read_bytes() == before  # same seed, same city


def test_a_district_no_resident_lives_in_is_an_error_that_lists_them():
    result = run("isolated", "--district", "上野", "--lang", "ja")
    assert result.exit_code == 1 and "上野南部" in result.stderr and "上野西部" in result.stderr
    assert result.stdout == ""
    assert run("isolated", "--district", "上津", "--as-of", DAY).exit_code == 0


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"tsunagari {tg.__version__}\n"


def test_limit_on_every_table_and_whatif_by_name():
    full = json.loads(run("isolated", "--as-of", DAY, "--format", "json").stdout)
    some = json.loads(run("isolated", "--as-of", DAY, "--format", "json", "--limit", "3").stdout)
    assert some == full[:3]
    text = run("isolated", "--as-of", DAY, "--limit", "2", "--lang", "en").stdout
    assert f"{len(full) - 2} more rows (--limit 0 shows all)" in text
    assert (
        len(run("timeline", "--as-of", DAY, "--format", "csv", "--limit", "2").stdout.splitlines())
        == 3
    )
    by_name = run("whatif", "--remove", "中村キヨ", "--as-of", DAY, "--format", "csv")
    by_id = run("whatif", "--remove", "r-010", "--as-of", DAY, "--format", "csv")
    assert by_name.exit_code == 0 and by_name.stdout == by_id.stdout
    assert run(
        "whatif", "--remove", "r-010", "--as-of", DAY, "--format", "csv", "--limit", "1"
    ).stdout == ("\n".join(by_id.stdout.splitlines()[:2]) + "\n")
    unknown = run("whatif", "--remove", "誰でもない人", "--lang", "ja")
    assert unknown.exit_code == 1 and "誰でもない人" not in unknown.stderr  # a name is never echoed
