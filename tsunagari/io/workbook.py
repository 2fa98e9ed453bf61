"""Workbooks to tables: the named sheets of an ``.xlsx`` file, read cell by filled cell.

A workbook is a zip archive of XML; its unpacked size and its number of filled cells are
bounded, and only filled cells are kept, so a sheet that inflates to gigabytes or one stray
cell at XFD1048576 gives a located error or costs nothing, never a machine out of memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..errors import InputError, Problem
from .files import MB, Table, cell_text, too_large

__all__ = ["xlsx_tables"]

WORKBOOK_LIMIT = 512 * MB  # every part of an .xlsx, unpacked
PART_LIMIT = 256 * MB  # one sheet or the shared strings, unpacked
CELL_LIMIT = 5_000_000  # filled cells in a workbook (an Excel sheet holds ~1 M rows)
GRID_LIMIT = 20_000_000  # rows × named columns of one sheet


def xlsx_tables(path: Path, sheets: Iterable[str]) -> dict[str, Table | None]:
    """The named sheets of a workbook as tables of strings (None for a missing sheet).

    Only filled cells are read, so a stray cell far below or to the right costs nothing; the
    archive's unpacked size and the number of filled cells are bounded. A sheet is matched
    by name ignoring case and spaces; a visible sheet wins over hidden ones, and a name that
    fits only hidden sheets, or two visible ones, is an error.
    """
    from openpyxl import load_workbook

    _check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a damaged archive can fail in zipfile, zlib, XML or openpyxl itself
        raise InputError([Problem.whole(path.name, "is not a valid .xlsx workbook")]) from None
    try:
        room = CELL_LIMIT  # filled cells still allowed, over all sheets
        out: dict[str, Table | None] = {}
        for name in sheets:
            ws = _sheet_named(book, name, path.name)
            out[name] = None
            if ws is not None:
                out[name], room = _sheet_table(book, ws, room, path.name)
        return out
    except InputError:
        raise
    except Exception:
        raise InputError([Problem.whole(path.name, "is damaged: a sheet cannot be read")]) from None
    finally:
        book.close()


def _check_archive(path: Path) -> None:
    """Refuse a workbook that is not a zip archive or would unpack beyond the limits."""
    import zipfile

    info = os.stat(path)
    if info.st_size > WORKBOOK_LIMIT:
        raise InputError([Problem.whole(path.name, too_large(info.st_size, WORKBOOK_LIMIT))])
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError([Problem.whole(path.name, "is not a valid .xlsx workbook")]) from None
    total = sum(p.file_size for p in parts)
    largest = max((p.file_size for p in parts), default=0)
    if total > WORKBOOK_LIMIT or largest > PART_LIMIT:
        size = f"{total / MB:,.0f} MB"
        raise InputError(
            [
                Problem.whole(
                    path.name,
                    f"unpacks to {size}, more than a workbook may hold ({WORKBOOK_LIMIT // MB} MB, "
                    f"{PART_LIMIT // MB} MB per sheet); save the sheets as CSV files",
                )
            ]
        )


def _sheet_named(book, name: str, label: str):
    matches = [ws for ws in book.worksheets if ws.title.strip().casefold() == name]
    visible = [ws for ws in matches if ws.sheet_state == "visible"]
    if len(visible) > 1:
        raise InputError(
            [Problem.whole(label, f"has {len(visible)} visible sheets named '{name}'")]
        )
    if visible:
        return visible[0]
    if matches:
        raise InputError(
            [
                Problem.whole(
                    label,
                    f"its sheet '{name}' is hidden; show it in Excel (再表示) so that what is "
                    "read is what you see",
                )
            ]
        )
    return None


def _sheet_table(book, ws, room: int, label: str) -> tuple[Table, int]:
    """One worksheet's filled cells as a table (the first row with a value is the header),
    and how many of the ``room`` filled cells allowed are left."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    cells: dict[int, tuple[list[int], list[str]]] = {}  # column -> (rows, texts)
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for _, row in parser.parse():
            for cell in row:
                text = cell_text(cell["value"])
                if not text:
                    continue
                room -= 1
                if room < 0:
                    raise InputError(
                        [
                            Problem.whole(
                                label,
                                f"has more than {CELL_LIMIT:,} filled cells; save the sheets "
                                "as CSV files",
                            )
                        ]
                    )
                rows, texts = cells.setdefault(cell["column"], ([], []))
                rows.append(cell["row"])
                texts.append(text)
    if not cells:
        return Table([], []), room
    found = {c: (np.asarray(rows, dtype=np.int64), texts) for c, (rows, texts) in cells.items()}
    del cells
    top = int(min(at.min() for at, _ in found.values()))
    table = Table([], [], first_row=top + 1)
    named = []
    for column in sorted(found):
        at, _ = found[column]
        if (at == top).any():
            named.append(column)
        else:
            table.stray.append((get_column_letter(column), int(at.min())))
    bottom = int(max(found[c][0].max() for c in named))
    if (bottom - top) * len(named) > GRID_LIMIT:
        raise InputError(
            [
                Problem.whole(
                    f"{label}[{ws.title.strip()}]",
                    f"spans {bottom - top:,} rows × {len(named):,} columns, more than "
                    f"{GRID_LIMIT:,} cells; remove stray cells far below the table",
                )
            ]
        )
    for column in named:
        at, texts = found.pop(column)
        at_top = at == top
        body = np.full(bottom - top, "", dtype=object)
        body[at[~at_top] - top - 1] = np.asarray(texts, dtype=object)[~at_top]
        table.header.append(texts[int(np.argmax(at_top))])
        table.columns.append(body)
    return table, room
