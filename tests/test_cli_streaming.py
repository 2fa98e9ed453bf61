"""Large results are written a chunk at a time: the text must be the library's, whatever
the chunk size (here a few rows, so that the sample spans many chunks)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari import suggest_chunks, tables
from tsunagari.cli import app

DAY = "2026-11-27"
runner = CliRunner()


@pytest.fixture(scope="module")
def net():
    return tg.load()


@pytest.fixture(params=[1, 7, 10_000])
def chunk(request, monkeypatch):
    monkeypatch.setattr(tables, "_CHUNK", request.param)
    return request.param


def out(*args: str) -> str:
    result = runner.invoke(app, [*args, "--as-of", DAY])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_whatif_json_in_chunks(net, chunk):
    expected = tg.whatif(net, remove=["vol-minsei-01", "r-050"], as_of=DAY)
    got = out("whatif", "--remove", "vol-minsei-01", "--remove", "r-050", "--format", "json")
    assert got == tables.to_json(expected.to_dict(frames=True))
    assert json.loads(got) == json.loads(tables.to_json(expected.to_dict()))
    assert got.count("\n") == len(expected.changed) + len(expected.after) + 10  # + structure


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((), {}),
        (("--limit", "0", "--lang", "ja"), {"limit": 0, "lang": "ja"}),
        (("--resident", "r-063"), {"resident": "r-063"}),
    ],
)
def test_suggest_json_and_csv_in_chunks(net, chunk, args, kwargs):
    expected = tg.suggest(net, as_of=DAY, **kwargs)
    assert out("suggest", *args, "--format", "json") == tables.to_json(expected)
    assert out("suggest", *args, "--format", "csv") == tables.to_csv(expected)


def test_nothing_to_suggest_in_chunks(net, chunk):
    """A resident held by overlapping threads with every need held: no piece has a row."""
    table = tg.residents(net, as_of=DAY)
    held = table[
        (table["status"] == "overlapping")
        & table["needs"].map(lambda m: "uncovered" not in m.values())
    ]
    resident = held["id"].iloc[0]
    assert out("suggest", "--resident", resident, "--format", "json") == "[]\n"
    expected = tables.to_csv(tg.suggest(net, resident=resident, as_of=DAY))
    assert out("suggest", "--resident", resident, "--format", "csv") == expected


@pytest.mark.parametrize("size", [1, 5, 100_000])
def test_suggest_chunks_make_up_suggest(net, size):
    whole = tg.suggest(net, as_of=DAY, limit=0)
    pieces = list(suggest_chunks(net, as_of=DAY, limit=0, size=size))
    assert all(0 < len(p) <= size for p in pieces)
    joined = pd.concat(pieces, ignore_index=True)
    assert tables.records(joined) == tables.records(whole)


@pytest.mark.parametrize("args", [("--resident", "nobody"), ("--roots", "nobody")])
def test_errors_come_before_any_output(chunk, args):
    result = runner.invoke(app, ["suggest", *args, "--as-of", DAY, "--format", "json"])
    assert result.exit_code == 1 and not result.stdout
    assert "Error: unknown" in result.stderr
