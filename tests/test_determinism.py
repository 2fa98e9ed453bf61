"""Same input, same output: every command twice on the sample, compared byte for byte."""

from __future__ import annotations

import pytest
from test_cli import run

DAY = "2026-11-27"
COMMANDS = [
    ["check"],
    ["isolated", "--status", "all"],
    ["critical"],
    ["gaps"],
    ["whatif", "--remove", "ag-houkatsu"],
    ["suggest"],
    ["suggest", "--plan", "5"],
    ["timeline"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_printed_outputs_repeat_exactly(args, fmt):
    dated = [] if args[0] in ("check", "timeline") else ["--as-of", DAY]
    styled = [] if args[0] == "check" else ["--format", fmt, "--lang", "ja"]
    first = run(*args, *dated, *styled)
    second = run(*args, *dated, *styled)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout and first.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["map", "--anonymize"],
        ["map", "--focus", "r-001"],
        ["report"],
        ["export", "--to", "xlsx"],
        ["export", "--to", "gexf", "--anonymize"],
        ["export", "--to", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_written_files_repeat_exactly(tmp_path, args):
    outputs = []
    for i in (1, 2):
        out = tmp_path / f"{i}.out"
        assert run(*args, "-o", out, "--as-of", DAY).exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0]


def test_generate_repeats_exactly(tmp_path):
    for i in (1, 2):
        assert (
            run("generate", "-o", tmp_path / str(i), "--residents", 500, "--seed", 7).exit_code == 0
        )
    for name in ("nodes.csv", "supports.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
