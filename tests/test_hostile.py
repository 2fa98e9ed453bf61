"""Hostile and messy input files: bounded resources, honest decoding, day-precision dates,
repeated headers and look-alike ids, hidden sheets, and no traceback anywhere.

Each class of failure a careful tester found has several cases of its own here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from test_cli import run
from test_io import NODES, SUPPORTS, problems, write_folder, write_xlsx

import tsunagari as tg
from tsunagari.io import csvfile, files, workbook

DAY = "2026-11-27"


def check_bounded(path: Path, memory_mb: int = 1500, seconds: int = 60):
    """``tsunagari check`` in a child process whose address space is capped."""
    limit = memory_mb * 1024 * 1024
    code = (
        "import resource, sys;"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}));"
        "from tsunagari.cli import app;"
        "sys.argv = ['tsunagari', 'check', sys.argv[1]];"
        "app()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=seconds,
    )


# ------------------------------------------------------------------ resource exhaustion


def _sheet_xml_bomb(path: Path, megabytes: int) -> None:
    """A valid workbook whose nodes sheet unpacks to ``megabytes`` of XML (compresses ~1000×)."""
    write_xlsx(path)
    with zipfile.ZipFile(path) as src:
        members = {name: src.read(name) for name in src.namelist()}
    book = load_workbook(path, read_only=True)
    sheet_part = "xl/worksheets/sheet2.xml"  # README, nodes, supports
    book.close()
    body = members[sheet_part]
    padding = b" " * (megabytes * 1024 * 1024)
    members[sheet_part] = body.replace(b"<sheetData>", b"<sheetData>" + padding, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in members.items():
            dst.writestr(name, content)


def test_a_workbook_that_inflates_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.xlsx"
    _sheet_xml_bomb(path, 300)
    assert path.stat().st_size < 2_000_000
    result = check_bounded(path, memory_mb=1000)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: bomb.xlsx: unpacks to")
    assert "Traceback" not in result.stderr


def test_cell_and_grid_limits_of_workbooks(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "town.xlsx")
    monkeypatch.setattr(workbook, "CELL_LIMIT", 40)
    assert "more than 40 filled cells" in _message(path)
    monkeypatch.setattr(workbook, "CELL_LIMIT", 5_000_000)
    monkeypatch.setattr(workbook, "PART_LIMIT", 1000)
    assert "unpacks to" in _message(path)


def _message(path) -> str:
    with pytest.raises(tg.InputError) as info:
        tg.load(path)
    return str(info.value)


@pytest.mark.parametrize(
    "cell, row",
    [("XFD1048576", 1048576), ("XFD2", 2), ("AA70000", 70000)],
)
def test_a_stray_cell_far_away_costs_nothing(tmp_path, cell, row):
    path = write_xlsx(tmp_path / "stray.xlsx")
    book = load_workbook(path)
    book["nodes"][cell] = "x"
    book.save(path)
    result = check_bounded(path, memory_mb=1200, seconds=60)
    assert result.returncode == 1, result.stderr
    column = cell.rstrip("0123456789")
    assert f"row {row}, column '{column}': a value in a column without a header" in result.stderr


def test_a_stray_cell_far_below_a_named_column_is_a_located_row(tmp_path):
    path = write_xlsx(tmp_path / "far.xlsx")
    book = load_workbook(path)
    book["nodes"]["A1048576"] = "zz"
    book.save(path)
    result = check_bounded(path, memory_mb=1500, seconds=90)
    assert result.returncode == 1, result.stderr
    assert "far.xlsx[nodes], row 1048576, column 'name': empty name" in result.stderr


def test_a_wide_header_with_a_far_cell_is_refused(tmp_path, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.title = "nodes"
    sheet.append([f"h{i}" for i in range(300)])
    sheet["A100000"] = "x"
    book.create_sheet("supports").append(["source", "target"])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    monkeypatch.setattr(workbook, "GRID_LIMIT", 1_000_000)
    assert "remove stray cells far below the table" in _message(path)


@pytest.mark.parametrize("where", ["vocabulary", "nodes", "salt"])
def test_a_fifo_is_refused_at_once(tmp_path, where):
    folder = write_folder(tmp_path / "net")
    fifo = {"vocabulary": tmp_path / "domains.csv", "nodes": folder / "nodes.csv"}.get(
        where, folder / "salt.txt"
    )
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    args = ["isolated", folder, "--as-of", DAY]
    if where == "vocabulary":
        args += ["--vocabulary", fifo]
    if where == "salt":
        args += ["--anonymize"]
    done = []
    worker = threading.Thread(target=lambda: done.append(run(*args)), daemon=True)
    worker.start()
    worker.join(30)
    if not done:  # unblock the reader so the test run can go on, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO hung")
    result = done[0]
    assert result.exit_code == 1 and "not a regular file" in result.output, result.output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused(tmp_path, device):
    result = run("isolated", write_folder(tmp_path / "net"), "--vocabulary", device)
    assert result.exit_code == 1 and "not a regular file" in result.output


def test_files_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    big = tmp_path / "domains.csv"
    with open(big, "wb") as handle:
        handle.truncate(files.SMALL_LIMIT + 1)  # sparse: no disk used
    result = run("isolated", write_folder(tmp_path / "net"), "--vocabulary", big)
    assert result.exit_code == 1 and "more than the 16 MB allowed" in result.output
    monkeypatch.setattr(csvfile, "CSV_LIMIT", 100)
    assert "MB allowed" in _message(write_folder(tmp_path / "n2"))


# ------------------------------------------------------------------ encodings


def _one_row_in(encoding: str, text: str, row: int) -> bytes:
    lines = text.split("\n")
    head = "\n".join(lines[: row - 1]) + "\n"
    return head.encode("utf-8") + "\n".join(lines[row - 1 :]).encode(encoding)


@pytest.mark.parametrize(
    "damage, row, column",
    [
        (lambda: _one_row_in("cp932", NODES, 5), 5, "name"),  # one row saved as Shift_JIS
        (lambda: NODES.encode().replace("山田ハナ".encode(), b"\x8e\x52\x93\x63", 1), 6, "name"),
        (
            lambda: NODES.encode().replace(b"elderly_care;mobility", b"elderly\xffcare;mobility"),
            6,
            "needs",
        ),
        (lambda: b"\xef\xbb\xbf" + NODES.encode("cp932"), 2, "name"),  # a BOM over Shift_JIS
    ],
)
def test_a_file_in_two_encodings_fails_at_the_first_bad_row(tmp_path, damage, row, column):
    folder = write_folder(tmp_path)
    (folder / "nodes.csv").write_bytes(damage())
    found = problems(folder)
    assert found == [("nodes.csv", row, column, None)]
    assert "not UTF-8" in _message(folder)


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig"])
def test_a_file_cleanly_in_one_encoding_reads_as_it(tmp_path, encoding):
    net = tg.load(write_folder(tmp_path, encoding=encoding))
    assert net.nodes["name"].tolist()[3:] == ["Aさん", "山田ハナ", "山田タロウ"]


def test_shift_jis_whose_bytes_happen_to_hold_utf8_sequences(tmp_path):
    # 縺 + も in cp932 is E3 82 | 82 E0: E3 82 82 is valid UTF-8 inside an invalid line
    nodes = NODES.replace("山田ハナ", "縺もハナ")
    net = tg.load(write_folder(tmp_path, nodes=nodes, encoding="cp932"))
    assert "縺もハナ" in net.nodes["name"].tolist()


# ------------------------------------------------------------------ dates beyond 1677–2262


def _supports_with(*rows: str) -> str:
    return SUPPORTS + "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    "since, until, active",
    [
        ("2300-01-01", "", False),  # starts after 2262: not yet
        ("2020-01-01", "9999-12-31", True),  # the usual "no end" marker
        ("1600-04-01", "1650-01-01", False),  # ended before 1677
        ("1600-04-01", "", True),
        ("0001-01-01", "2263-01-01", True),
    ],
)
def test_dates_far_from_today_keep_their_day(tmp_path, since, until, active):
    supports = _supports_with(f"city,a,support,,,,{since},{until},")
    net = tg.load(write_folder(tmp_path, supports=supports))
    assert bool(net.active(DAY)[-1]) is active
    assert str(net.supports["since"].iloc[-1])[:10] == since


@pytest.mark.parametrize(
    "as_of, active",
    [
        ("1600-01-01", 2),
        ("2200-06-01", 6),
        ("9999-12-30", 6),
        ("令和8年11月27日", 6),
        ("2020-06-01", 5),
    ],
)
def test_as_of_far_from_today(tmp_path, as_of, active):
    net = tg.load(write_folder(tmp_path))
    assert int(net.active(as_of).sum()) == active


def test_as_of_1600_is_not_the_picture_of_2200(tmp_path):
    import json

    folder = write_folder(tmp_path, supports=_supports_with("city,a,support,,,,2150-01-01,,"))
    status = {}
    for day in ("1600-01-01", "2200-01-01"):
        result = run("isolated", folder, "--as-of", day, "--format", "json", "--status", "all")
        assert result.exit_code == 0, result.output
        status[day] = {r["id"]: r["status"] for r in json.loads(result.stdout)}
    assert status["1600-01-01"] == {"a": "isolated", "m": "unreached", "s": "unreached"}
    assert status["2200-01-01"]["a"] == "overlapping"


def test_far_dates_survive_every_output(tmp_path):
    folder = write_folder(
        tmp_path / "n", supports=_supports_with("city,a,support,,,,2020-01-01,9999-12-31,")
    )
    out = tmp_path / "n.json"
    assert run("export", folder, "--to", "json", "-o", out, "--as-of", DAY).exit_code == 0
    assert '"9999-12-31"' in out.read_text("utf-8")


# ------------------------------------------------------------------ headers, ids, sheets


@pytest.mark.parametrize(
    "header",
    [
        "id,name,kind,name,district",  # the same header twice
        "id,name,kind,名前,district",  # a header and its Japanese alias
        "id,name,kind,ＩＤ,district",  # a full-width alias
    ],
)
def test_repeated_headers_are_reported_not_renamed(tmp_path, header):
    nodes = header + "\nx,X,agency,Y,\n"
    found = problems(write_folder(tmp_path, nodes=nodes, supports="source,target\n"))
    assert found[0][:3] == ("nodes.csv", 1, None)
    assert "duplicate column" in _message(tmp_path)


@pytest.mark.parametrize("twin", ["ｓ", " s", "s\u3000", "\u3000ｓ "])
def test_ids_differing_only_in_width_or_spaces_are_one_node(tmp_path, twin):
    nodes = NODES + f"{twin},別人,resident,,,,,,,\n"
    assert problems(write_folder(tmp_path / "dup", nodes=nodes)) == [("nodes.csv", 8, "id", None)]
    supports = SUPPORTS + f"city,{twin},support,,,,,,\n"
    net = tg.load(write_folder(tmp_path / "ends", supports=supports))
    assert net.nodes["id"][net.target_index[-1]] == "s"


def _book_with_sheets(path: Path, titles: dict[str, str]) -> Path:
    """A workbook whose sheets are the given titles with state 'visible' or 'hidden'; the
    sheets called like nodes hold NODES only when visible (the hidden ones hold junk)."""
    book = Workbook()
    book.remove(book.active)
    for title, state in titles.items():
        sheet = book.create_sheet(title)
        if title.strip().casefold() == "supports":
            text = SUPPORTS
        else:
            text = NODES if state == "visible" else "id,name,kind\nghost,幽霊,resident\n"
        for line in text.strip().split("\n"):
            sheet.append(line.split(","))
        sheet.sheet_state = state
    book.save(path)
    return path


def test_a_visible_sheet_wins_over_a_hidden_one(tmp_path):
    path = _book_with_sheets(
        tmp_path / "a.xlsx", {"Nodes ": "hidden", "nodes": "visible", "supports": "visible"}
    )
    assert "ghost" not in set(tg.load(path).nodes["id"])
    path = _book_with_sheets(
        tmp_path / "b.xlsx", {"nodes": "visible", "NODES": "hidden", "supports": "visible"}
    )
    assert "ghost" not in set(tg.load(path).nodes["id"])


def test_only_hidden_or_two_visible_sheets_are_errors(tmp_path):
    hidden = _book_with_sheets(tmp_path / "h.xlsx", {"nodes": "hidden", "supports": "visible"})
    assert "is hidden" in _message(hidden)
    two = _book_with_sheets(
        tmp_path / "t.xlsx", {"nodes": "visible", "Nodes ": "visible", "supports": "visible"}
    )
    assert "2 visible sheets named 'nodes'" in _message(two)


# ------------------------------------------------------------------ no traceback


@pytest.mark.parametrize("capacity", ["1" + "0" * 23, "9" * 400, "1000001", "-1"])
def test_huge_numbers_are_located_errors(tmp_path, capacity):
    nodes = NODES.replace(
        "shakyo,伊賀市社会福祉協議会,相談支援機関・行政,社協,,,learning;hikikomori,40",
        f"shakyo,伊賀市社会福祉協議会,相談支援機関・行政,社協,,,learning;hikikomori,{capacity}",
    )
    result = run("check", write_folder(tmp_path, nodes=nodes))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "row 3, column 'capacity'" in result.output


def test_report_anonymized_without_a_needs_column(tmp_path):
    nodes = (
        "\n".join(
            ",".join(c for i, c in enumerate(line.split(",")) if i != 5)
            for line in NODES.splitlines()
        )
        + "\n"
    )
    folder = write_folder(tmp_path / "n", nodes=nodes)
    for extra in ([], ["--anonymize"]):
        out = tmp_path / f"r{len(extra)}.html"
        result = run("report", folder, "-o", out, "--as-of", DAY, *extra)
        assert result.exit_code == 0, result.output
        assert out.is_file()


def test_unreadable_data_paths_are_errors_with_exit_1(tmp_path):
    for path in (tmp_path / "missing", tmp_path / "x.txt", Path("/dev/null"), Path("/proc/1/mem")):
        if path.suffix == ".txt":
            path.write_text("x")
        result = run("isolated", path)
        assert result.exit_code == 1, (path, result.output)
        assert result.output.startswith("Error: "), result.output


def test_a_path_that_may_not_be_entered_is_an_error(monkeypatch):
    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_dir", denied)
    result = run("isolated", "/somewhere/locked/net")
    assert result.exit_code == 1
    assert result.output == "Error: /somewhere/locked/net: cannot be read (Permission denied)\n"
