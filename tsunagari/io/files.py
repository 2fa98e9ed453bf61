"""Files to text and tables: bounded reads, CSV encoding detection, tables of coded text.

Every cell comes back as a string, the text a person sees in the spreadsheet (a workbook's or
a DataFrame's numbers and dates are written as a file would hold them: :func:`cell_text`); no
column is validated here. Every file is read as a regular file, with a size limit, so a FIFO,
a device or a huge file gives a located error instead of a hang or a machine out of memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import stat
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import first_codes
from ..errors import InputError, Problem
from ..folding import spaceless
from ..words import Message, message

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Coded",
    "MB",
    "SMALL_LIMIT",
    "Table",
    "HEADER_SEARCH",
    "arrow_positions",
    "cell_text",
    "coded",
    "decoded",
    "fold_name",
    "frame_table",
    "header_index",
    "is_utf8",
    "read_bytes",
    "read_text",
    "too_large",
]

MB = 1024 * 1024
SMALL_LIMIT = 16 * MB  # a vocabulary, a salt


@dataclass
class Coded:
    """One column of a sheet: each distinct text once (``texts``, as written) and, per
    row, which (``codes``, int32). A city has far fewer distinct kinds, dates or need lists
    than rows; its ids are distinct, and each is one Python string all the same.
    ``arrow`` holds ``texts`` as an Arrow array when the cells were read by pyarrow."""

    codes: np.ndarray
    texts: list[str]
    arrow: pa.Array | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def values(self) -> list[str]:
        return np.array(self.texts, dtype=object)[self.codes].tolist() if self.texts else []


def coded(cells: pa.Array | np.ndarray | list[str]) -> Coded:
    """A column of text cells (an Arrow array, or strings) as :class:`Coded`.

    Arrow's codes are read from their buffer: ``np.asarray`` of an Arrow array, like
    ``pa.array``, imports pandas.
    """
    if not isinstance(cells, pa.Array):  # a workbook's or a frame's cells
        return Coded(*first_codes(cells.tolist() if isinstance(cells, np.ndarray) else cells))
    encoded = cells.dictionary_encode()
    indices = encoded.indices  # int32, no nulls: every cell is read as text
    codes = np.frombuffer(indices.buffers()[1], np.int32, len(indices), indices.offset * 4)
    return Coded(codes, encoded.dictionary.to_pylist(), encoded.dictionary)


def arrow_positions(values: pa.Array, among: pa.Array) -> np.ndarray:
    """Where each of ``values`` is in ``among`` (the first place; -1 where it is not), by
    Arrow's hash lookup (read from its buffers: ``to_numpy`` would import pandas)."""
    found = pc.index_in(values, value_set=among)
    at = np.frombuffer(found.buffers()[1], np.int32, len(found), found.offset * 4)
    at = at.astype(np.int64)
    if found.null_count:
        bits = np.frombuffer(found.buffers()[0], np.uint8)
        valid = np.unpackbits(bits, bitorder="little")[found.offset : found.offset + len(found)]
        at[valid == 0] = -1
    return at


@dataclass
class Table:
    """One sheet as text: the header cells, one :class:`Coded` column per header cell.

    ``first_row`` is the spreadsheet row number of the first data row; ``stray`` lists,
    for each column that holds values but no header, its name (a letter in a workbook, a
    position in a CSV) and the row of its first value. Such columns are not kept.
    ``blank_formulas`` lists the cells (``D5``) of a workbook holding a formula but no saved
    result: they are read as empty.
    """

    header: list[str]
    columns: list[Coded]
    first_row: int = 2
    stray: list[tuple[str, int]] = field(default_factory=list)
    blank_formulas: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def add(
        self, written: str, cells: pa.Array | np.ndarray | list[str], position: str, row: int
    ) -> None:
        """A column below its header cell ``written``: kept when the header is not blank,
        else noted as stray (named ``position``, rows counted from ``row``) if it holds text."""
        column = coded(cells)
        if written.strip():
            self.header.append(written)
            self.columns.append(column)
            return
        blank = np.array([not t.strip() for t in column.texts] or [True], dtype=bool)
        filled = np.flatnonzero(~blank[column.codes])
        if len(filled):
            self.stray.append((position, int(filled[0]) + row))

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row)) for row in zip(*(c.values() for c in self.columns))]


def read_bytes(path: Path, limit: int = SMALL_LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked after opening, so a FIFO, a device or
    a folder is refused at once and a file that grows while read is cut at ``limit``.

    Raises
    ------
    InputError
        If the file is missing, unreadable, not a regular file or too large.
    """
    name = path.name or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as exc:
        raise InputError([Problem.whole(name, _unreadable(exc))]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError([Problem.whole(name, message("err_folder"))])
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem.whole(name, message("err_not_regular"))])
        if info.st_size > limit:
            raise InputError([Problem.whole(name, too_large(info.st_size, limit))])
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError([Problem.whole(name, _unreadable(exc))]) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError([Problem.whole(name, too_large(len(data), limit))])
    return data


def _unreadable(exc: BaseException) -> Message:
    reason = getattr(exc, "strerror", None) or "not a usable path"
    return message("err_unreadable", reason=reason)


def too_large(size: int, limit: int) -> Message:
    """Why a file of ``size`` bytes is refused: more than ``limit`` bytes."""
    return message("err_too_large", size=f"{size / MB:,.0f}", limit=f"{limit // MB:,}")


def read_text(path: Path, limit: int = SMALL_LIMIT) -> str:
    """A CSV file decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or cp932.

    Raises
    ------
    InputError
        If the file cannot be read, holds NUL bytes, or is not cleanly in one of those
        encodings (naming the first row and column that do not decode).
    """
    data, encoding = decoded(path, read_bytes(path, limit))
    return data if isinstance(data, str) else data.decode(encoding)


def decoded(path: Path, data: bytes) -> tuple[str | bytes, str]:
    """The file's text, or its bytes (BOM dropped) when they are valid UTF-8, and the encoding.

    UTF-8 stays bytes so that the CSV parser reads it directly. The encoding is decided for
    the whole file: cp932 only when no line with non-ASCII text is valid UTF-8, so a UTF-8
    file with one damaged row is an error at that row, never re-read as cp932 mojibake.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError([Problem.whole(path.name, message("err_bad_utf16"))]) from None
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    if b"\x00" in body:
        raise InputError([Problem.whole(path.name, message("err_nul"))])
    if is_utf8(body):
        return body, "utf-8"
    if not bom and not _any_utf8_line(body):
        try:
            return body.decode("cp932"), "cp932"
        except UnicodeDecodeError:
            pass
    raise InputError([_first_undecodable(path, body)])


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, as Python's strict decoder judges it: checked by
    Arrow in place (decoding would make a copy of the file as text)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    one = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        one.view(pa.large_string()).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _any_utf8_line(data: bytes) -> bool:
    """Whether some line holding non-ASCII bytes is valid UTF-8 (so the file is meant as UTF-8)."""
    for line in data.splitlines():
        if not line.isascii():
            try:
                line.decode("utf-8")
                return True
            except UnicodeDecodeError:
                continue
    return False


def _first_undecodable(path: Path, data: bytes) -> Problem:
    """The first cell that is not UTF-8, located by row and column."""
    text = data.decode("utf-8", "surrogateescape")
    why = message("err_encoding")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    try:
        for number, row in enumerate(reader, start=1):
            if number == 1:
                header = row
            for position, cell in enumerate(row):
                if _undecodable(cell):
                    named = number > 1 and position < len(header)
                    column = header[position] if named else ""
                    if not column or _undecodable(column):
                        column = f"#{position + 1}"  # no readable header: its position
                    return Problem(path.name, number, column, None, why)
    except csv.Error:
        pass
    return Problem.whole(path.name, why)


def _undecodable(text: str) -> bool:
    """Whether text decoded with ``surrogateescape`` holds a byte that did not decode."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


HEADER_SEARCH = 10  # title rows a 台帳 may hold above its header


def header_index(rows: Iterable[Sequence[str]], names: Collection[str]) -> int:
    """Which of the first :data:`HEADER_SEARCH` rows is the header (0 = the first row).

    A 台帳 often has a title, a date or a note above the table. The header is the first row
    in which at least two cells are known column names (``names``, folded as
    :func:`fold_name` folds); when no row is, the first row is the header, as before.

    Examples
    --------
    >>> header_index([["支援台帳 令和6年度"], [], ["ID", "名前", "種別"]], {"id", "名前", "種別"})
    2
    """
    for position, row in enumerate(rows):
        if position >= HEADER_SEARCH:
            break
        if sum(fold_name(cell) in names for cell in row) >= 2:
            return position
    return 0


def fold_name(text: str) -> str:
    """A header or sheet name as compared: NFKC, case-folded, no spaces (``ＩＤ`` is ``id``)."""
    return spaceless(str(text)).casefold()


def cell_text(value: object) -> str:
    """A cell's value as the text a person sees in it (ids stay text: 7.0 -> '7').

    Empty (None, NaN, NaT, NA) is ``""``; a whole float is written without its ``.0``; a
    date, or a datetime at midnight, is its ISO date; a boolean is ``TRUE`` / ``FALSE`` as
    Excel shows it.

    Examples
    --------
    >>> [cell_text(v) for v in (None, float("nan"), 3.0, 2.5, True, dt.date(2021, 4, 1))]
    ['', '', '3', '2.5', 'TRUE', '2021-04-01']
    """
    if type(value) is str:  # nearly every cell: no test below applies
        return value
    if value is None:
        return ""
    if type(value).__module__.startswith("pandas"):  # a frame's missing values
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return ""
        import pandas as pd

        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def frame_table(frame: pd.DataFrame) -> Table:
    """A DataFrame as the table a CSV file with the same cells would give.

    Each label is a header cell and each value is written as :func:`cell_text` says; the
    first data row is row 2, as below a header in a file. A column with a blank label but
    values is stray, named by its position (``#3``), as in a CSV. The frame is not modified.
    """
    table = Table([], [])
    for position in range(frame.shape[1]):
        written = cell_text(frame.columns[position])
        values = frame.iloc[:, position].to_numpy(dtype=object)
        table.add(written, [cell_text(v) for v in values.tolist()], f"#{position + 1}", 2)
    return table
