"""Workbooks to tables: the named sheets of an ``.xlsx`` file, read cell by filled cell.

A workbook is a zip archive of XML; its unpacked size and its number of filled cells are
bounded, and only filled cells are kept, so a sheet that inflates to gigabytes or one stray
cell at XFD1048576 gives a located error or costs nothing, never a machine out of memory.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np

from ..errors import InputError, Problem
from ..words import message
from .files import MB, Table, cell_text, coded, fold_name, header_index, too_large

__all__ = ["xlsx_tables"]

WORKBOOK_LIMIT = 512 * MB  # every part of an .xlsx, unpacked
PART_LIMIT = 256 * MB  # one sheet or the shared strings, unpacked
CELL_LIMIT = 5_000_000  # filled cells in a workbook (an Excel sheet holds ~1 M rows)
GRID_LIMIT = 20_000_000  # rows × named columns of one sheet


def xlsx_tables(
    path: Path,
    sheets: Mapping[str, Sequence[str]],
    *,
    required: Collection[str] = (),
    headers: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Table | None]:
    """The named sheets of a workbook as tables of strings (None for a missing sheet).

    ``sheets`` maps each table to the sheet names accepted for it (``nodes``: ``nodes``,
    ``住民・組織`` …); a name is matched ignoring case, spaces and character width. A
    visible sheet wins over hidden ones; a table that fits only hidden sheets, or two
    visible ones, is an error, and so is a ``required`` table with no sheet (the error
    lists the sheets found). ``headers`` gives each table's known column names, to find
    its header row below title rows (:func:`.files.header_index`).

    Only filled cells are read, so a stray cell far below or to the right costs nothing; the
    archive's unpacked size and the number of filled cells are bounded.
    """
    from openpyxl import load_workbook

    _check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a damaged archive can fail in zipfile, zlib, XML or openpyxl itself
        raise InputError([Problem.whole(path.name, message("err_not_xlsx"))]) from None
    try:
        found = {name: _sheet_named(book, name, names, path.name) for name, names in sheets.items()}
        missing = [name for name in required if found.get(name) is None]
        if missing:
            titles = ", ".join(f"'{ws.title}'" for ws in book.worksheets)
            raise InputError(
                [
                    Problem.whole(
                        path.name,
                        message(
                            "err_no_sheet",
                            name=name,
                            also=", ".join(n for n in sheets[name] if n != name),
                            found=titles,
                        ),
                    )
                    for name in missing
                ]
            )
        room = CELL_LIMIT  # filled cells still allowed, over all sheets
        out: dict[str, Table | None] = {}
        for name, ws in found.items():
            out[name] = None
            if ws is not None:
                names = (headers or {}).get(name, ())
                out[name], room = _sheet_table(book, ws, room, path.name, names)
        return out
    except InputError:
        raise
    except Exception:
        raise InputError([Problem.whole(path.name, message("err_damaged_sheet"))]) from None
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
        raise InputError([Problem.whole(path.name, message("err_not_xlsx"))]) from None
    total = sum(p.file_size for p in parts)
    largest = max((p.file_size for p in parts), default=0)
    if total > WORKBOOK_LIMIT or largest > PART_LIMIT:
        size = f"{total / MB:,.0f} MB"
        raise InputError(
            [
                Problem.whole(
                    path.name,
                    message(
                        "err_unpacks",
                        size=size,
                        total=WORKBOOK_LIMIT // MB,
                        part=PART_LIMIT // MB,
                    ),
                )
            ]
        )


def _sheet_named(book, name: str, accepted: Sequence[str], label: str):
    folded = {fold_name(n) for n in accepted}
    matches = [ws for ws in book.worksheets if fold_name(ws.title) in folded]
    visible = [ws for ws in matches if ws.sheet_state == "visible"]
    if len(visible) > 1:
        titles = ", ".join(f"'{ws.title}'" for ws in visible)
        raise InputError(
            [
                Problem.whole(
                    label, message("err_same_sheets", n=len(visible), name=name, sheets=titles)
                )
            ]
        )
    if visible:
        return visible[0]
    if matches:
        hidden = matches[0].title.strip()
        raise InputError([Problem.whole(label, message("err_hidden_sheet", name=hidden))])
    return None


def _parser(source, ws, book):
    """openpyxl's sheet parser, telling which cells hold a formula but no saved result."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["formula"] = True
            return cell

    return Parser(
        source,
        ws._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


def _sheet_table(book, ws, room: int, label: str, names: Collection[str] = ()) -> tuple[Table, int]:
    """One worksheet's filled cells as a table, and how many of the ``room`` filled cells
    allowed are left. The header is the first row with a value, or the row below title rows
    that names known columns (:func:`.files.header_index`)."""
    from openpyxl.utils import get_column_letter

    cells: dict[int, tuple[list[int], list[str]]] = {}  # column -> (rows, texts)
    formulas: list[tuple[int, int]] = []  # (row, column) of formulas without a result
    with ws._get_source() as source:
        parser = _parser(source, ws, book)
        for _, row in parser.parse():
            for cell in row:
                if cell.get("formula"):
                    formulas.append((cell["row"], cell["column"]))
                text = cell_text(cell["value"])
                if not text:
                    continue
                room -= 1
                if room < 0:
                    raise InputError(
                        [Problem.whole(label, message("err_many_cells", limit=f"{CELL_LIMIT:,}"))]
                    )
                rows, texts = cells.setdefault(cell["column"], ([], []))
                rows.append(cell["row"])
                texts.append(text)
    if not cells:
        return Table([], []), room
    found = {c: (np.asarray(rows, dtype=np.int64), texts) for c, (rows, texts) in cells.items()}
    del cells
    top = int(min(at.min() for at, _ in found.values()))
    if names:
        grid: list[list[str]] = [[] for _ in range(10)]
        for at, texts in found.values():
            for i in np.flatnonzero(at < top + len(grid)).tolist():
                grid[int(at[i]) - top].append(texts[i])
        top += header_index(grid, names)
        for column in list(found):
            at, texts = found[column]
            below = at >= top  # title rows above the header are not read
            if not below.all():
                kept = np.flatnonzero(below).tolist()
                found[column] = (at[below], [texts[i] for i in kept])
            if not len(found[column][0]):
                del found[column]
    table = Table([], [], first_row=top + 1)
    table.blank_formulas = [f"{get_column_letter(c)}{r}" for r, c in formulas if r > top]
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
                    message(
                        "err_sheet_span",
                        rows=f"{bottom - top:,}",
                        columns=f"{len(named):,}",
                        limit=f"{GRID_LIMIT:,}",
                    ),
                )
            ]
        )
    for column in named:
        at, texts = found.pop(column)
        at_top = at == top
        body = np.full(bottom - top, "", dtype=object)
        body[at[~at_top] - top - 1] = np.asarray(texts, dtype=object)[~at_top]
        table.header.append(texts[int(np.argmax(at_top))])
        table.columns.append(coded(body))
    return table, room
