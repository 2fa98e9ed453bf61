"""Progress bars: on a terminal's stderr for long steps, nothing on a pipe or with --quiet.

The command-line tests run the real program with stderr on a pseudo-terminal (so
``isatty()`` is true, as in a person's shell) on a generated city big enough to show the
bars, and read back what was drawn there.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time

import numpy as np
import pytest
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari import progress as pg
from tsunagari import synth
from tsunagari.cli import app
from tsunagari.render import layout

RESIDENTS = 25_000  # nodes + supports well above progress.LARGE
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return synth.write_city(tmp_path_factory.mktemp("progress") / "city", RESIDENTS, seed=5)


@pytest.fixture(scope="module")
def resident_names(city):
    with open(city / "nodes.csv", encoding="utf-8", newline="") as handle:
        return {row["name"] for row in csv.DictReader(handle) if row["kind"] == "resident"}


def cli(*args, terminal=True, timeout=120, program=None):
    """Run ``python -m tsunagari ARGS`` (or ``python -c PROGRAM``): stdout on a pipe,
    stderr on a pty (or a pipe).

    Returns the exit code, stdout's bytes and stderr's bytes as the terminal received them.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")
    }
    env["TERM"] = "xterm-256color"
    command = [sys.executable, *(("-c", program) if program else ("-m", "tsunagari"))]
    command += map(str, args)
    if terminal:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        stderr = slave
    else:
        master = slave = None
        stderr = subprocess.PIPE
    out, err = bytearray(), bytearray()
    try:
        with subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, env=env
        ) as proc:
            if terminal:
                os.close(slave)  # the program holds it now; the master sees EIO when it ends
                slave = None
            err_fd = master if terminal else proc.stderr.fileno()
            _drain({proc.stdout.fileno(): out, err_fd: err}, proc, time.monotonic() + timeout)
    finally:
        for fd in (master, slave):
            if fd is not None:
                os.close(fd)
    return proc.returncode, bytes(out), bytes(err)


def _drain(open_fds: dict[int, bytearray], proc, deadline: float) -> None:
    """Read stdout and stderr together: a big stdout would block the program otherwise."""
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            raise AssertionError(f"{proc.args} took too long")
        for fd in select.select(list(open_fds), [], [], left)[0]:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the pty's other end is closed (EIO)
                chunk = b""
            if chunk:
                open_fds[fd] += chunk
            else:
                del open_fds[fd]


def screen_text(raw: bytes) -> str:
    """What the terminal showed, escape sequences removed."""
    return ANSI.sub(b"", raw).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def isolated_runs(city):
    """``isolated --format json`` on a terminal, on a pipe and with --quiet on a terminal."""
    args = ("isolated", city, "--as-of", "2026-11-27", "--format", "json")
    return {
        "terminal": cli(*args),
        "pipe": cli(*args, terminal=False),
        "quiet": cli(*args, "--quiet"),
    }


# ---------------------------------------------------------------------------- command line


def test_terminal_shows_the_load_and_analysis_steps(isolated_runs, resident_names):
    code, out, err = isolated_runs["terminal"]
    assert code == 0
    shown = screen_text(err)
    for label in ("reading nodes.csv", "reading supports.csv", "checking supports.csv"):
        assert label in shown, shown
    assert "statuses of" in shown
    assert "\u280b" in shown  # the spinner's first frame: a bar was drawn, not a message
    assert b"\x1b[?25h" in err  # and the cursor given back
    assert not [name for name in resident_names if name in shown]


def test_pipe_and_quiet_are_silent_and_output_identical(isolated_runs):
    code, out, err = isolated_runs["terminal"]
    for mode in ("pipe", "quiet"):
        other_code, other_out, other_err = isolated_runs[mode]
        assert other_code == 0
        assert other_err == b"", (mode, other_err[:200])
        assert other_out == out, mode
    assert out.startswith(b"[") and len(out) > 100_000


def test_small_network_stays_quiet_on_a_terminal():
    code, out, err = cli("check")  # the bundled sample: 157 nodes
    assert code == 0 and out.startswith(b"OK: 157 nodes")
    assert err == b""


def test_terminal_speaks_the_language_asked(city, tmp_path, resident_names):
    """With ``--lang ja`` a coordinator's terminal names the steps in Japanese."""
    code, out, err = cli(
        "isolated", city, "--as-of", "2026-11-27", "--format", "json", "--lang", "ja"
    )
    assert (
        code == 0
        and out == cli("isolated", city, "--as-of", "2026-11-27", "--format", "json", "--quiet")[1]
    )
    shown = screen_text(err)
    for label in ("nodes.csv を読み込み中", "supports.csv を確認中", "ノードの状態"):
        assert label in shown, shown
    assert "reading" not in shown and "statuses of" not in shown
    assert not [name for name in resident_names if name in shown]
    code, _, err = cli("generate", "-o", tmp_path / "town", "--residents", 3_000, "--lang", "ja")
    shown = screen_text(err)
    assert code == 0 and "住民 3,000 人のまちを作成中" in shown, shown
    assert "generating" not in shown


def test_map_overview_shows_its_steps(city, tmp_path, resident_names):
    code, out, err = cli("map", city, "--overview", "-o", tmp_path / "map.html")
    assert code == 0 and b"overview" in out
    shown = screen_text(err)
    assert "overview map: nodes, ties and layout" in shown
    assert "overview map: page of" in shown
    assert not [name for name in resident_names if name in shown]
    _, quiet_out, quiet_err = cli(
        "map", city, "--overview", "-o", tmp_path / "quiet.html", "--quiet"
    )
    assert quiet_err == b"" and quiet_out.replace(b"quiet.html", b"map.html") == out
    assert (tmp_path / "quiet.html").read_bytes() == (tmp_path / "map.html").read_bytes()


def test_every_step_is_shown_however_quick_it_is():
    program = (
        "from tsunagari.progress import progress, shown\n"
        "with shown(True), progress('the first step', 2) as bar:\n"
        "    bar.update(1, label='the second step')\n"
    )
    code, _, err = cli(program=program)
    shown = screen_text(err)
    assert code == 0 and "the first step" in shown and "the second step" in shown


def test_generate_draws_one_bar_and_quiet_says_nothing(tmp_path):
    code, _, err = cli("generate", "-o", tmp_path / "a", "--residents", 3_000, "--seed", 2)
    assert code == 0
    shown = screen_text(err)
    assert "generating 3,000 residents" in shown
    assert re.search(r"\d/8", shown)  # a bar with its steps counted
    assert "Wrote a synthetic city" in shown
    code, out, err = cli(
        "generate", "-o", tmp_path / "b", "--residents", 3_000, "--seed", 2, "--quiet"
    )
    assert (code, out, err) == (0, b"", b"")
    for name in ("nodes.csv", "supports.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_every_long_command_has_quiet():
    runner = CliRunner()
    long = {"check", "isolated", "critical", "gaps", "whatif", "suggest", "timeline"}
    long |= {"map", "report", "export", "generate"}
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert long <= names
    for name in sorted(long):
        result = runner.invoke(app, [name, "--help"])
        assert "--quiet" in result.stdout, name


def test_quiet_keeps_errors(tmp_path):
    result = CliRunner().invoke(app, ["check", str(tmp_path / "missing"), "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    result = CliRunner().invoke(app, ["export", "--to", "json", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 0 and result.stderr.startswith("Wrote ")
    result = CliRunner().invoke(
        app, ["export", "--to", "json", "-o", str(tmp_path / "y.json"), "--quiet"]
    )
    assert result.exit_code == 0 and result.stderr == ""
    assert (tmp_path / "y.json").read_bytes() == (tmp_path / "x.json").read_bytes()


# ------------------------------------------------------------------------------ library


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def on_terminal(monkeypatch) -> Terminal:
    """Make stderr a terminal for the rest of the test.

    Called in the test itself: pytest puts its own stderr back between a fixture and the
    test.
    """
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setenv("TERM", "xterm-256color")
    for var in ("NO_COLOR", "TTY_INTERACTIVE", "TTY_COMPATIBLE"):
        monkeypatch.delenv(var, raising=False)
    return screen


def test_library_is_silent_unless_switched_on(monkeypatch):
    terminal = on_terminal(monkeypatch)
    monkeypatch.setattr(pg, "LARGE", 0)  # every network counts as large
    net = tg.load()
    tg.impact(net, as_of="2026-11-27", weakened=True)
    assert terminal.getvalue() == ""
    with pg.shown():
        assert pg.drawing()
        with pg.shown(False):
            tg.impact(net, as_of="2026-11-27", weakened=True)
    assert terminal.getvalue() == ""
    assert not pg.drawing()


def test_batch_whatif_advances_over_every_supporter(monkeypatch):
    terminal = on_terminal(monkeypatch)
    monkeypatch.setattr(pg, "LARGE", 0)
    net = tg.load()
    seen = []
    real_push = pg.Bar._push

    def push(bar):
        seen.append((str(bar.label), bar.done, bar.total))
        real_push(bar)

    monkeypatch.setattr(pg.Bar, "_push", push)
    with pg.shown():
        table = tg.impact(net, as_of="2026-11-27", weakened=True)
    assert "what-if without each supporter" in terminal.getvalue()
    mine = [s for s in seen if s[0] == "what-if without each supporter"]
    assert mine and mine[-1][1:] == (len(table), len(table))
    assert not pg.drawing() and pg._display is None  # the display is closed


def test_layout_bar_above_its_threshold(monkeypatch):
    terminal = on_terminal(monkeypatch)
    edges = np.array([[0, 1], [1, 2], [2, 3], [3, 0]])
    with pg.shown():
        layout.positions(5, edges, np.array([0, 0, 1, 1, -1]))
        assert terminal.getvalue() == ""  # 5 nodes: too small to show
        monkeypatch.setattr(layout, "SHOW_ABOVE", 4)
        layout.positions(5, edges, np.array([0, 0, 1, 1, -1]))
    assert "layout of 5 nodes" in terminal.getvalue()


def test_advance_reaches_the_display_in_chunks(monkeypatch):
    terminal = on_terminal(monkeypatch)
    pushes = []
    real_push = pg.Bar._push
    monkeypatch.setattr(pg.Bar, "_push", lambda bar: (pushes.append(bar.done), real_push(bar)))
    with pg.shown(), pg.progress("rows", 1_000_000) as bar:
        for _ in range(1_000_000):
            bar.advance()
    assert bar.done == 1_000_000
    assert 150 <= len(pushes) <= 260  # about every 1/200 of the total, never every row
    assert "rows" in terminal.getvalue() and "1,000,000" in terminal.getvalue()
    drawn = len(pushes)
    with pg.progress("silent", 10) as quiet:  # not switched on: nothing reaches a display
        quiet.advance(10)
    assert len(pushes) == drawn and "silent" not in terminal.getvalue()


def test_large_input_counts_lines_only_when_drawing(tmp_path, monkeypatch):
    on_terminal(monkeypatch)
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small.write_text("id\n" + "x\n" * 10)
    big.write_text("id\n" + "x\n" * pg.LARGE)
    assert not pg.large_input(big)  # progress off: not even looked at
    with pg.shown():
        assert pg.large_input(big)
        assert not pg.large_input(small)
        assert not pg.large_input(tmp_path / "missing.csv")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe
    with pg.shown():
        assert not pg.large_input(big)


def _loop_that_fails():
    each = pg.iterate(range(10), "loop")  # a local: the traceback keeps it, and its bar
    for i in each:
        if i == 3:
            raise KeyError(i)


def test_a_bar_left_open_by_an_exception_is_erased_when_shown_ends(monkeypatch):
    terminal = on_terminal(monkeypatch)
    with pg.shown():
        try:
            _loop_that_fails()
        except KeyError as exc:
            kept = exc  # as the command line's error handling would
        assert pg._display is not None  # still drawn
    assert pg._display is None
    last = terminal.getvalue()[-30:]
    assert last.endswith("\x1b[2K") and "\x1b[?25h" in last  # erased, cursor given back
    del kept  # the loop ends now, and finds its display gone
    assert pg._display is None
