"""Fuzzing the readers and `tsunagari check`: any input gives a network or located errors.

Never a traceback, never a half-loaded network, never a changed input file; every problem
names its file, and its row and column where it has them; no message shows a name or a need
of the input. ``TSUNAGARI_FUZZ`` sets the number of generated inputs across this module:
1,000 by default, 10,000 in CI (``.ci/run``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from test_cli import run
from test_io import NODES, SUPPORTS

import tsunagari as tg
from tsunagari.io import NODE_COLUMNS, SUPPORT_COLUMNS

NASTY = [
    "",
    " ",
    "\u3000",
    '"',
    '""',
    "'",
    ",",
    "\n",
    "\r\n",
    ";",
    "；",
    "=1+1",
    "@x",
    "\x00",
    "<script>",
    "ひきこもり",
    "hikikomori",
    "住民",
    "resident",
    "agency",
    "企業",
    "collaboration",
    "連携",
    "2021-04-01",
    "令和3年4月1日",
    "R3.13.1",
    "2021/02/30",
    "44287",
    "-1",
    "31",
    "１２",
    "007",
    "a",
    "city",
    "shakyo",
    "m",
    "s",
    "x" * 1000,
    "NaN",
    "None",
    "null",
    "TRUE",
]
HEADERS = [
    "id",
    "ID",
    "name",
    "名前",
    "kind",
    "種別",
    "needs",
    "ニーズ",
    "capacity",
    "lsns6",
    "source",
    "支援元",
    "target",
    "支援先",
    "relation",
    "domain",
    "since",
    "until",
    "",
    "extra",
]
ENCODINGS = ["utf-8", "utf-8-sig", "cp932", "utf-16", "latin-1"]
SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
FUZZ = int(os.environ.get("TSUNAGARI_FUZZ", "1000"))  # inputs across the module
PRIVATE_HEADERS = {"name", "名前", "氏名", "名称", "needs", "ニーズ"}
COLUMN_WORDS = set(HEADERS) | {
    spelling
    for columns in (NODE_COLUMNS, SUPPORT_COLUMNS)
    for canon, spellings in columns.items()
    for spelling in (canon, *spellings)
}


TITLES = st.sampled_from([0, 0, 0, 1, 2])


def cells(draw, n):
    return [draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=8))) for _ in range(n)]


@st.composite
def csv_texts(draw, base: str):
    """A CSV derived from a valid one by header, cell, row and byte mutations."""
    lines = base.strip("\n").split("\n")
    header = lines[0].split(",")
    for _ in range(draw(st.integers(0, 2))):
        header[draw(st.integers(0, len(header) - 1))] = draw(st.sampled_from(HEADERS))
    rows = [line.split(",") for line in lines[1:]]
    for _ in range(draw(st.integers(0, 3))):
        row = draw(st.integers(0, len(rows) - 1))
        col = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][col] = cells(draw, 1)[0]
    if draw(st.booleans()):
        rows.append(cells(draw, draw(st.integers(0, len(header) + 2))))
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))
    # a 台帳's title rows above the header: a title, a blank row, stray cells
    titles = [cells(draw, draw(st.integers(0, len(header) + 1))) for _ in range(draw(TITLES))]
    text = "\n".join(",".join(r) for r in [*titles, header, *rows]) + draw(
        st.sampled_from(["", "\n", "\n\n"])
    )
    return text


@st.composite
def file_bytes(draw, base: str):
    text = draw(csv_texts(base))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.integers(0, 9)) == 0:  # raw byte damage: truncation, flips, NULs
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        data = bytes(data[: draw(st.integers(0, len(data)))])
    return data


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def secrets_of(data: bytes) -> set[str]:
    """The names and needs a CSV holds, read independently of tsunagari (empty if the bytes
    are in no encoding the reader accepts: then no value can be shown anyway)."""
    for encoding in ("utf-16", "utf-8-sig", "cp932"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return set()
    try:
        return secrets_in(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error:
        return set()


def secrets_in(rows: list[list[str]]) -> set[str]:
    """The cells under a name or needs header (and each need of a list), for any of the
    first ten rows as the header: title rows may sit above it."""
    out = set()
    for top, header in enumerate(rows[:10]):
        private = [i for i, h in enumerate(header) if h.strip().casefold() in PRIVATE_HEADERS]
        for row in rows[top + 1 :]:
            for i in private:
                if i < len(row):
                    out.add(row[i].strip())
                    out.update(t.strip() for t in re.split("[;；、,，]", row[i]))
    return {s for s in out if s}


WHOLE_ROW = {
    "err_too_many_cells",
    "err_missing_column",
    "err_duplicate_column",
    "err_duplicate_column_hidden",
}


def assert_located_and_private(problems, files: set[str], secrets: set[str]) -> None:
    """Every problem names one of ``files``; a problem in a data row names its column (or
    says the row is too long); no value shown is a name or a need of the input."""
    assert problems
    for p in problems:
        text = str(p)
        assert text and p.message
        assert p.path.split("[")[0] in files, p.path
        if p.row is not None and p.row > 1 and p.column is None:  # a row too long, or a
            assert getattr(p.message, "key", None) in WHOLE_ROW, text  # header below titles
        assert p.value is None or p.value not in secrets, text
        for secret in secrets - COLUMN_WORDS:  # messages quote column names, not values
            assert f"'{secret}'" not in text, (secret, text)


def load_or_errors(path: Path, secrets: set[str] = frozenset()):
    try:
        net = tg.load(path)
    except tg.InputError as exc:
        files = {"nodes.csv", "supports.csv", path.name}
        assert_located_and_private(exc.problems, files, secrets)
        return None
    assert len(net.source_index) == len(net.supports) and (net.source_index >= 0).all()
    tg.residents(net, as_of="2026-11-27")  # a loaded network always analyses
    return net


@settings(max_examples=max(1, FUZZ * 7 // 10), **SETTINGS)
@given(file_bytes(NODES), file_bytes(SUPPORTS))
def test_fuzzed_csv_folders_load_or_report(tmp_path_factory, nodes, supports):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "nodes.csv").write_bytes(nodes)
    (folder / "supports.csv").write_bytes(supports)
    before = digest(folder)
    load_or_errors(folder, secrets_of(nodes))
    assert digest(folder) == before


@settings(max_examples=max(1, FUZZ // 20), **SETTINGS)
@given(file_bytes(NODES), file_bytes(SUPPORTS))
def test_fuzzed_check_command_exits_0_or_1(tmp_path_factory, nodes, supports):
    folder = tmp_path_factory.mktemp("cli")
    (folder / "nodes.csv").write_bytes(nodes)
    (folder / "supports.csv").write_bytes(supports)
    before = digest(folder)
    result = run("check", folder)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ")
        for secret in secrets_of(nodes):
            assert f"'{secret}'" not in result.stderr
    assert digest(folder) == before


def sheet_rows(text: str) -> list[list[str]]:
    """A CSV text as a sheet's rows: split at every comma (no quoting), minus the control
    characters Excel cannot store."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return [line.split(",") for line in text.strip("\n").split("\n")]


def workbook_bytes(nodes: str, supports: str) -> bytes:
    """A workbook of two CSV texts (minus the control characters Excel cannot store)."""
    book = Workbook(write_only=True)
    for title, text in (("nodes", nodes), ("supports", supports)):
        sheet = book.create_sheet(title)
        for row in sheet_rows(text):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VALID_XLSX = workbook_bytes(NODES, SUPPORTS)
VALID_SECRETS = secrets_of(NODES.encode("utf-8"))


@st.composite
def damaged_workbooks(draw):
    """A damaged workbook, and the names and needs its nodes sheet holds."""
    kind = draw(st.integers(0, 3))
    if kind == 0:  # a workbook built from mutated tables
        nodes = draw(csv_texts(NODES))
        secrets = secrets_in(sheet_rows(nodes))
        return workbook_bytes(nodes, draw(csv_texts(SUPPORTS))), secrets
    if kind == 1:  # random bytes
        return draw(st.binary(max_size=200)), set()
    data = bytearray(VALID_XLSX)
    if kind == 2:  # flipped bytes in a valid archive
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data), VALID_SECRETS
    # a valid zip whose members are damaged or missing
    src = zipfile.ZipFile(io.BytesIO(VALID_XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if draw(st.integers(0, 5)) == 0:
                continue
            content = src.read(name)
            if draw(st.integers(0, 3)) == 0:
                content = content[: draw(st.integers(0, len(content)))]
            dst.writestr(name, content)
    return out.getvalue(), VALID_SECRETS


@settings(max_examples=max(1, FUZZ // 4), **SETTINGS)
@given(damaged_workbooks())
def test_fuzzed_workbooks_load_or_report(tmp_path_factory, case):
    data, secrets = case
    path = tmp_path_factory.mktemp("xlsx") / "town.xlsx"
    path.write_bytes(data)
    load_or_errors(path, secrets)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "nodes",
    [
        b"",
        b"id,name,kind\n",
        b"\x00" * 50,
        "id,name,kind\nあ".encode()[:-1],
        NODES.encode("utf-8") + NODES.encode("cp932"),
        ("id,name,kind\nx," + "y" * 1_000_000 + ",resident\n").encode(),
    ],
)
def test_named_bad_files(tmp_path, nodes):
    (tmp_path / "nodes.csv").write_bytes(nodes)
    (tmp_path / "supports.csv").write_bytes(SUPPORTS.encode())
    result = run("check", tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: nodes.csv") or result.stderr.startswith(
        "Error: supports.csv"
    )


def test_directory_where_a_file_is_expected(tmp_path):
    (tmp_path / "nodes.csv").mkdir()
    (tmp_path / "supports.csv").write_bytes(SUPPORTS.encode())
    result = run("check", tmp_path)
    assert result.exit_code == 1 and "nodes.csv" in result.stderr
