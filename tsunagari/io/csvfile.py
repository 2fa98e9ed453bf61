"""CSV files as tables: pyarrow reads a file whose rows all have the header's number of
cells; the pandas parser reads any other (a short row padded, a long one located, an open
quote refused). The two agree on every file pyarrow accepts (tests/test_csv_readers.py).

Every cell comes back as text, coded (:class:`.files.Coded`); rows above the header (a
台帳's title) are cut off as rows, so a title holding a line break cuts no row in two.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Collection, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import InputError, Problem
from ..words import message
from .files import HEADER_SEARCH, MB, Table, decoded, header_index, read_bytes

__all__ = ["CSV_LIMIT", "csv_table"]

CSV_LIMIT = 2048 * MB  # a 1.7 M-resident city's two files together are about 400 MB


def _csv_head(data: str | bytes) -> tuple[list[list[str]], list[int]]:
    """The first rows of a CSV (up to the header search and one more), read from the start
    of its text, and where each ends: its offset in the file's UTF-8 bytes. None when that
    start is not CSV."""
    head = data[: 64 * 1024]
    text = head if isinstance(head, str) else head.decode("utf-8", "ignore")
    ends: list[int] = []
    read = 0

    def lines() -> Iterator[str]:  # each line as the reader takes it, counted
        nonlocal read
        for line in io.StringIO(text, newline=""):
            read += len(line.encode("utf-8"))
            yield line

    rows = []
    try:
        for row in itertools.islice(csv.reader(lines()), HEADER_SEARCH + 1):
            rows.append(row)
            ends.append(read)
    except csv.Error:
        return [], []
    if len(text) < len(data):  # the last row may be cut short
        return rows[:-1], ends[:-1]
    return rows, ends


def csv_table(path: Path, names: Collection[str] = ()) -> Table:
    """All cells of a CSV as coded text below its header row (see :func:`header_index`).

    Rows above the header (titles) are not read; row numbers stay those of the file. A file
    whose rows all have the header's number of cells is read by pyarrow, and each column
    coded by Arrow as it comes; any other shape (a short row, a long one, an unclosed quote)
    is read by the general parser, which pads a short row with empty cells and locates a
    long one.
    """
    data, _ = decoded(path, read_bytes(path, CSV_LIMIT))
    if not data or data.isspace():  # (strip() would copy the file)
        raise InputError([Problem.whole(path.name, message("err_empty_file"))])
    head, ends = _csv_head(data)
    skip = header_index(head, names) if names else 0
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    del data
    if skip:  # the titles above the header, cut off as rows (a title may hold a line break)
        raw = raw[ends[skip - 1] :]
    cells = _rectangle(raw, len(head[skip]) if skip < len(head) else 0)
    if cells is None:
        cells = _general(raw, path, skip)
    del raw
    table = Table([], [], first_row=skip + 2)
    cells.reverse()
    for position in range(1, len(cells) + 1):
        column = cells.pop()  # each column's cells let go once it is coded
        written = str(column[0].as_py() if isinstance(column, pa.Array) else column[0])
        table.add(written, column[1:], f"#{position}", skip + 2)
    return table


def _rectangle(data: bytes, width: int) -> list[pa.Array] | None:
    """The columns of a CSV (UTF-8) whose rows all have as many cells as its header row
    (``width`` of them, counted by Python's reader), read by pyarrow; None for any other
    file, or one with a quote left open at its end."""
    if not width or data.count(b'"') % 2:  # a quote left open, or inside a cell: the parser
        return None
    uneven: list[object] = []

    def refuse(row: object) -> str:
        uneven.append(row)
        return "skip"

    try:
        read = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(
                autogenerate_column_names=True,
                block_size=max(len(data), 1),  # one chunk: no column is copied to join its chunks
                use_threads=False,  # threads' allocations stay in memory after they are freed
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=refuse
            ),
            # every cell as text, never null: the header row is read as cells too
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if read.num_columns != width:  # the two readers disagree on the header: the parser decides
        return None
    columns = [column.chunk(0) for column in read.columns]
    last = columns[-1][len(columns[-1]) - 1].as_py() if columns and len(columns[-1]) else ""
    if uneven or not columns or "\n" in last or "\r" in last or _open_quote(data):
        return None  # a last cell running over lines may be a quote open to the end
    return columns


def _open_quote(data: bytes) -> bool:
    """Whether the file's last line, read strictly, leaves a quote open (pyarrow would read
    it to the end of the file; the parser refuses the file)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":  # the line breaks ending the file
        end -= 1
    line = data[max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1 : end]
    if b'"' not in line:
        return False
    try:
        list(csv.reader([line.decode("utf-8", "ignore")], strict=True))
    except csv.Error:
        return True
    return False


def _general(data: bytes, path: Path, skip: int) -> list[np.ndarray]:
    """The columns of a CSV of any shape, as object arrays of strings (the pandas parser);
    ``skip`` title rows were cut off above it (a long row's error counts them)."""
    import pandas as pd

    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            header=None,  # headers are read as cells: a repeated header is not renamed
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            encoding="utf-8",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        row = int(match.group(1)) + skip if match else None  # from the top of the file
        msg = message("err_too_many_cells", n=match.group(2)) if match else message("err_not_csv")
        raise InputError([Problem(path.name, row, None, None, msg)]) from None
    return [frame[i].to_numpy(dtype=object) for i in frame.columns]  # labels are 0..n-1
