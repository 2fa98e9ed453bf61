"""The hot path never imports pandas: reading, checking, analysing and writing JSON or a
table run on columns (:mod:`tsunagari.columnar`); pandas (half a second of every command)
is imported only when a frame is handed to a user.

Each command runs in a fresh interpreter that reports, after the command, whether pandas
was ever imported; its output must be the bytes the same command prints in a process that
has pandas loaded from the start (nothing may depend on whether pandas is there). That the
columns give the library's frames, row for row, is tests/analysis/test_status.py's
``test_columns_and_frames_give_one_table``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import tsunagari as tg
from tsunagari import synth

DRIVER = """
import contextlib, io, sys
preload = sys.argv[1] == "preload"
if preload:
    import pandas
from tsunagari.cli import app
out = io.BytesIO()
class Out:
    buffer = out
    def write(self, text): out.write(text.encode())
    def flush(self): pass
sys.stdout = Out()
try:
    app(sys.argv[2:])
except SystemExit as stop:
    assert not stop.code, stop.code
sys.stdout = sys.__stdout__
sys.stdout.buffer.write(out.getvalue())
sys.stderr.write("pandas" if "pandas" in sys.modules else "no pandas")
"""


def _run(args: list[str], preload: bool) -> tuple[bytes, str]:
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, "preload" if preload else "-", *args],
        capture_output=True,
        check=True,
    )
    return done.stdout, done.stderr.decode().splitlines()[-1]


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    """A generated town (its files read by pyarrow), supports with domains and dates."""
    return str(synth.write_city(tmp_path_factory.mktemp("town") / "town", 400, seed=5))


COMMANDS = [
    ["isolated", "--status", "all", "--format", "json"],
    ["isolated", "--format", "json", "--district", "上野西部", "--limit", "3"],
    ["isolated", "--status", "all"],
    ["check"],
    ["suggest", "--format", "json"],
    ["suggest", "--lang", "ja"],
    ["suggest", "--plan", "3", "--format", "json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_never_imports_pandas(command, town):
    for data in (str(tg.sample_path()), town):
        if "--district" in command and data == town:
            continue  # the sample's district
        args = [command[0], data, *command[1:]]
        if command[0] != "check":
            args += ["--as-of", "2026-11-27"]
        without, said = _run(args, preload=False)
        assert said == "no pandas", args
        with_pandas, said = _run(args, preload=True)
        assert said == "pandas"
        assert without == with_pandas and without


@pytest.mark.parametrize(
    ("to", "mark"), [("json", b'"links"'), ("gexf", b"<edges>"), ("graphml", b"<edge ")]
)
def test_the_graph_exports_never_import_pandas(to, mark, town, tmp_path):
    written = {}
    for preload in (False, True):
        out = tmp_path / f"{preload}.{to}"
        args = ["export", town, "--to", to, "-o", str(out), "--as-of", "2026-11-27"]
        _, said = _run([*args, "--quiet"], preload=preload)
        assert said == ("pandas" if preload else "no pandas")
        written[preload] = out.read_bytes()
    assert written[False] == written[True] and mark in written[False]
