"""The column contract of both tables and the checker that validates one table.

A header may be written in English or Japanese (``kind`` or ``種別``); :class:`_Checker`
maps it to the canonical name, drops wholly empty rows, keeps each row's spreadsheet row
number and collects every problem found, naming table, row, column and value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from ..errors import Problem

__all__ = ["NODE_COLUMNS", "SUPPORT_COLUMNS"]

# canonical column -> accepted header spellings besides the canonical one
NODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("ID",),
    "name": ("名前", "氏名", "名称"),
    "kind": ("種別",),
    "subtype": ("区分",),
    "district": ("地区",),
    "needs": ("ニーズ",),
    "services": ("支援分野",),
    "capacity": ("受入上限",),
    "lsns6": ("LSNS-6", "LSNS6"),
}
SUPPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "source": ("支援元",),
    "target": ("支援先",),
    "relation": ("関係",),
    "domain": ("分野",),
    "formality": ("形態",),
    "frequency": ("頻度",),
    "since": ("開始日",),
    "until": ("終了日",),
}
_REQUIRED = {"nodes": ("id", "name", "kind"), "supports": ("source", "target")}
# Columns whose content is personal: their values never appear in a message.
_PRIVATE = {"name", "needs"}
_FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet shows it


class _Column:
    """One column as distinct stripped values plus a code per row.

    ``uniques`` holds each stripped value once, except that ``""`` may appear twice.

    Cities have far fewer distinct kinds, dates or need lists than rows, so every check
    and conversion runs once per distinct value and is spread to the rows with numpy.
    """

    def __init__(self, raw: np.ndarray):
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        try:
            stripped = list(map(str.strip, uniques))  # every cell is text, as read
        except TypeError:
            stripped = [str(u).strip() for u in uniques]
        codes = np.where(codes < 0, len(stripped), codes)
        stripped.append("")
        if stripped != uniques.tolist() + [""]:  # " a" and "a" are one value: merge them
            merged, distinct = pd.factorize(np.array(stripped, dtype=object))
            codes, stripped = merged[codes], distinct.tolist()
        self.uniques = np.array(stripped, dtype=object)
        self.codes = codes

    def take(self, keep: np.ndarray) -> None:
        self.codes = self.codes[keep]

    def values(self) -> np.ndarray:
        return self.uniques[self.codes]

    def map(self, func: Callable[[str], object], dtype=object) -> np.ndarray:
        mapped = np.empty(len(self.uniques), dtype=dtype)
        mapped[:] = [func(u) for u in self.uniques]
        return mapped[self.codes]

    def empty(self) -> np.ndarray:
        return (self.uniques == "")[self.codes]


class _Checker:
    """One table's columns, its spreadsheet row numbers and the problems found in it."""

    def __init__(self, label: str, frame: pd.DataFrame, columns: dict[str, tuple[str, ...]]):
        self.label = label
        self.problems: list[Problem] = []
        self.header: dict[str, str] = {}  # canonical -> header as written
        self.columns: dict[str, _Column] = {}
        aliases = {
            spelling.casefold(): canon
            for canon, spellings in columns.items()
            for spelling in (canon, *spellings)
        }
        for position, raw in enumerate(frame.columns):
            written = str(raw).strip()
            if written.startswith("Unnamed: ") and not isinstance(raw, int):
                written = ""  # pandas' name for an empty header cell
            column = _Column(frame.iloc[:, position].to_numpy(dtype=object))
            canon = aliases.get(written.casefold(), written)
            if not written or canon in self.header:
                if written or not column.empty().all():
                    why = "duplicate column" if written else "a column without a header"
                    self.add(1, None, written or None, why)
                continue
            self.header[canon] = written
            self.columns[canon] = column
        rows = np.arange(_FIRST_DATA_ROW, _FIRST_DATA_ROW + len(frame))
        filled = np.zeros(len(frame), dtype=bool)
        for column in self.columns.values():
            filled |= ~column.empty()
        for column in self.columns.values():
            column.take(filled)
        self.rows = rows[filled]

    def add(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        shown = self.header.get(column, column) if column else None
        self.problems.append(Problem(self.label, row, shown, value, message))

    def column(self, name: str) -> _Column:
        if name not in self.columns:
            blank = _Column(np.array([""], dtype=object))
            blank.codes = np.zeros(len(self.rows), dtype=np.int64)
            return blank
        return self.columns[name]

    def require(self, names: Iterable[str], columns: dict[str, tuple[str, ...]]) -> bool:
        ok = True
        for name in names:
            if name not in self.header:
                also = ", ".join(columns[name])
                self.add(1, None, None, f"missing required column '{name}' (also accepted: {also})")
                ok = False
        return ok

    def flag(self, mask: np.ndarray, column: str, message: Callable[[str], str]) -> None:
        """Record a problem for every row where ``mask`` holds."""
        col = self.column(column)
        for i in np.flatnonzero(mask).tolist():
            value = col.uniques[col.codes[i]]
            shown = None if column in _PRIVATE else value
            self.add(int(self.rows[i]), column, shown, message(value))

    def mapped(self, name: str, lookup: dict[str, str], expected: Iterable[str]) -> np.ndarray:
        """Map a coded column through ``lookup``; unknown non-empty values are problems."""
        col = self.column(name)
        out = col.map(lambda u: lookup.get(u.casefold(), "" if not u else None))
        options = ", ".join(sorted(expected))
        bad = col.map(lambda u: bool(u) and u.casefold() not in lookup, bool)
        self.flag(bad, name, lambda v: f"unknown {name} '{v}' (expected one of: {options})")
        return np.where(bad, "", out)

    def parsed(self, name: str, parse: Callable[[str], object], expected: str) -> np.ndarray:
        """Parse each distinct non-empty value once; failures are problems (value None)."""
        col = self.column(name)
        results = np.empty(len(col.uniques), dtype=object)
        bad = np.zeros(len(col.uniques), dtype=bool)
        for i, text in enumerate(col.uniques.tolist()):
            if text:
                try:
                    results[i] = parse(text)
                except ValueError:
                    bad[i] = True
        self.flag(bad[col.codes], name, lambda v: f"'{v}' is not {expected}")
        return results[col.codes]

    def extras(self, known: Iterable[str]) -> dict[str, np.ndarray]:
        """Columns beyond the contract, kept as text attributes."""
        known = set(known)
        return {c: col.values() for c, col in self.columns.items() if c not in known}
