"""Files to text and frames: CSV encoding detection, CSV and workbook sheets as string frames.

Every cell comes back as a string, the text a person sees in the spreadsheet; no column is
validated here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem

__all__ = ["read_text"]


def read_text(path: Path) -> str:
    """Decode a CSV file as UTF-8 (with or without BOM), UTF-16 with BOM, or cp932.

    Raises
    ------
    InputError
        If the file cannot be read, holds NUL bytes, or is in none of those encodings.
    """
    data, encoding = _decoded(path)
    return data if isinstance(data, str) else data.decode(encoding)


def _decoded(path: Path) -> tuple[str | bytes, str]:
    """The file's text, or its bytes (BOM dropped) when they are valid UTF-8, and the encoding.

    UTF-8 stays bytes so that the CSV parser reads it directly; every encoding is checked
    strictly here, so nothing is ever decoded lossily.
    """
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError([Problem.whole(path.name, "is a folder, expected a file")]) from None
    except OSError as exc:
        raise InputError([Problem.whole(path.name, f"cannot be read ({exc.strerror})")]) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            data[3:].decode("utf-8")
            return data[3:], "utf-8"
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            data.decode("utf-8")
            return data, "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError:
            pass
    raise InputError(
        [
            Problem.whole(
                path.name,
                "is not a text file in UTF-8 or Shift_JIS (cp932); save it as 'CSV UTF-8'",
            )
        ]
    )


def _csv_frame(path: Path) -> pd.DataFrame:
    """All cells of a CSV as strings; the index is the spreadsheet row number."""
    import io as _io

    data, _ = _decoded(path)
    if not data.strip():
        raise InputError([Problem.whole(path.name, "is empty (expected a header row)")])
    source = _io.StringIO(data) if isinstance(data, str) else _io.BytesIO(data)
    try:
        frame = pd.read_csv(
            source,
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            encoding="utf-8",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        row = int(match.group(1)) if match else None
        msg = f"has {match.group(2)} cells, more than the header" if match else "is not valid CSV"
        raise InputError([Problem(path.name, row, None, None, msg)]) from None
    return frame


def _xlsx_frames(path: Path, sheets: Iterable[str]) -> dict[str, pd.DataFrame | None]:
    """The named sheets of a workbook as frames of strings (None for a missing sheet)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        reason = (
            f"cannot be read ({exc.strerror})" if exc.strerror else "is not a valid .xlsx workbook"
        )
        raise InputError([Problem.whole(path.name, reason)]) from None
    except Exception:  # a damaged archive can fail in zipfile, zlib, XML or openpyxl itself
        raise InputError([Problem.whole(path.name, "is not a valid .xlsx workbook")]) from None
    try:
        by_name = {name.strip().casefold(): name for name in book.sheetnames}
        return {
            sheet: _sheet_frame(book[by_name[sheet]]) if sheet in by_name else None
            for sheet in sheets
        }
    except Exception:
        raise InputError([Problem.whole(path.name, "is damaged: a sheet cannot be read")]) from None
    finally:
        book.close()


def _sheet_frame(sheet) -> pd.DataFrame:
    """One worksheet as a frame of strings; the first row is the header."""
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    header, body = rows[0], rows[1:]
    width = max(len(header), *(len(r) for r in body)) if body else len(header)
    header = header + [""] * (width - len(header))
    body = [r + [""] * (width - len(r)) for r in body]
    return pd.DataFrame(body, columns=range(width), dtype=object).set_axis(header, axis=1)


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person sees in it (ids stay text: 7.0 -> '7')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
