"""The column contract of both tables and the checker that validates one table.

A header may be written in English or Japanese (``kind`` or ``種別``); :class:`Checker`
maps it to the canonical name, drops wholly empty rows, keeps each row's spreadsheet row
number and collects every problem found, naming table, row, column and value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from difflib import get_close_matches
from functools import cached_property
from itertools import repeat

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from .. import folding
from ..arrays import first_codes
from ..errors import Problem
from ..folding import folded
from ..words import Message, message
from .files import Coded, Table, arrow_positions, coded, fold_name

__all__ = [
    "DISTRICT_SUFFIXES",
    "HEADER_NAMES",
    "LIST_SEPARATORS",
    "LIST_SPLIT",
    "NODE_COLUMNS",
    "REQUIRED",
    "SHEET_NAMES",
    "SUPPORT_COLUMNS",
    "Checker",
    "Column",
    "positions",
]

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
REQUIRED = {"nodes": ("id", "name", "kind"), "supports": ("source", "target")}
# table -> the sheet names a workbook may give it (compared as fold_name folds them)
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "nodes": ("nodes", "住民・組織", "住民と組織", "人と組織", "ノード"),
    "supports": ("supports", "支援関係", "支援", "つながり"),
    "domains": ("domains", "分野", "分野一覧"),
}
# table -> every header spelling, folded: how a header row is told from title rows above it
HEADER_NAMES: dict[str, frozenset[str]] = {
    table: frozenset(
        fold_name(spelling)
        for canon, spellings in columns.items()
        for spelling in (canon, *spellings)
    )
    for table, columns in (("nodes", NODE_COLUMNS), ("supports", SUPPORT_COLUMNS))
}
# Columns whose content is personal: their values are never shown, wherever they turn up.
_PRIVATE = ("name", "needs")
# The only cells a message may show: dates and numbers made of date and number characters,
# and codes close to a known spelling (a typo such as 'voluntere'). Anything else may be a
# name that an extra comma pushed along, and ids may be names or register numbers.
_DATE_TEXT = re.compile(r"[\d\s/.\-:年月日元令和平成昭和RHSTrhst]+")
_NUMBER_TEXT = re.compile(r"[\d\s.,+\-eE]+")
_SHOWN_TEXT = {
    "since": _DATE_TEXT,
    "until": _DATE_TEXT,
    "capacity": _NUMBER_TEXT,
    "lsns6": _NUMBER_TEXT,
}
_CODE_COLUMNS = frozenset({"kind", "relation", "formality", "frequency"})
_IDS = frozenset({"id", "source", "target"})
# endings that name the same district (上野西部地区 beside 上野西部), longest first: warned of
DISTRICT_SUFFIXES = ("地区", "町", "区")
# between the domain codes of one cell: ``elderly_care;employment``, ``高齢・介護、就労``
LIST_SEPARATORS = (";", "；", "、", ",", "，")
LIST_SPLIT = re.compile("[" + "".join(LIST_SEPARATORS) + "]")


class Column:
    """One column as distinct normalised values plus a code per row.

    ``uniques`` holds each value once (Arrow's dictionary of the column, stripped, and with
    ``nfkc`` (ids) normalised, so ``ｒ１`` is ``r1``).

    Cities have far fewer distinct kinds, dates or need lists than rows, so every check
    and conversion runs once per distinct value and is spread to the rows with numpy.
    """

    def __init__(self, raw: Coded, nfkc: bool = False) -> None:
        written = raw.texts
        cleaned = list(map(str.strip, written))
        if nfkc and not "".join(cleaned).isascii():  # ASCII is its own NFKC
            cleaned = [folding.nfkc(u) for u in cleaned]
        codes = raw.codes
        # ids keep their uniques in Arrow, while those are the cells as read: ends are
        # looked up among node ids by Arrow (:func:`positions`)
        self.arrow = raw.arrow if nfkc else None
        if cleaned != written:  # " a" and "a" are one value: merge them
            merged, cleaned = first_codes(cleaned)
            codes = merged[codes]
            self.arrow = None
        self.uniques = np.array(cleaned, dtype=object)
        self.codes = codes

    def first_rows(self) -> np.ndarray:
        """The first row holding each unique (-1 for one no row holds)."""
        first = np.full(len(self.uniques), -1, dtype=np.int64)
        held, row = np.unique(self.codes, return_index=True)
        first[held] = row
        return first

    def take(self, keep: np.ndarray) -> None:
        self.codes = self.codes[keep]

    def values(self) -> np.ndarray:
        return self.uniques[self.codes]

    def each(self, func: Callable[[str], object], dtype: npt.DTypeLike = object) -> np.ndarray:
        """``func`` of each unique."""
        mapped = np.empty(len(self.uniques), dtype=dtype)
        mapped[:] = [func(u) for u in self.uniques]
        return mapped

    def map(self, func: Callable[[str], object], dtype: npt.DTypeLike = object) -> np.ndarray:
        """``func`` of each row's value (worked out once per unique)."""
        return self.each(func, dtype)[self.codes]

    def empty(self) -> np.ndarray:
        return (self.uniques == "")[self.codes]


def positions(columns: Sequence[Column], among: Column) -> list[np.ndarray]:
    """Where each unique of each of ``columns`` is among the uniques of ``among`` (-1: not
    there): one Arrow hash lookup for them all when every one holds its uniques in Arrow
    (each lookup hashes ``among`` anew), else through a dict."""
    if among.arrow is not None and all(c.arrow is not None for c in columns):
        found = arrow_positions(pa.concat_arrays([c.arrow for c in columns]), among.arrow)
        return np.split(found, np.cumsum([len(c.uniques) for c in columns])[:-1])
    at = {u: i for i, u in enumerate(among.uniques.tolist())}  # uniques: no repeats
    return [
        np.fromiter(map(at.get, c.uniques.tolist(), repeat(-1)), np.int64, len(c.uniques))
        for c in columns
    ]


class Checker:
    """One table's columns, its spreadsheet row numbers and the problems found in it.

    ``private`` lists other columns (the nodes' names and needs, for the supports table)
    whose values must never be echoed, even when they turn up in a column that may be.
    """

    def __init__(
        self,
        label: str,
        table: Table,
        columns: dict[str, tuple[str, ...]],
        private: Iterable[Column] = (),
    ) -> None:
        self.label = label
        self.header_row = table.first_row - 1  # as the spreadsheet numbers it
        self.problems: list[Problem] = []
        self.header: dict[str, str] = {}  # canonical -> header as written
        self.columns: dict[str, Column] = {}
        self.spellings: dict[str, list[str]] = {}  # code column -> accepted spellings
        aliases = {
            spelling.casefold(): canon
            for canon, spellings in columns.items()
            for spelling in (canon, *spellings)
        }
        for letter, row in table.stray:
            self.problems.append(Problem(label, row, letter, None, message("err_stray")))
        hidden: list[Column] = []
        for written, raw in zip(table.header, table.columns):
            written = written.strip()
            canon = aliases.get(folded(written), written)
            if canon in self.header:  # a header of our own is shown; any other may be a name
                said = (
                    message("err_duplicate_column", column=written)
                    if canon in columns
                    else message("err_duplicate_column_hidden")
                )
                self.add(self.header_row, None, None, said)
                if canon in _PRIVATE:  # not read, but its names stay secret all the same
                    hidden.append(Column(raw))
                continue
            self.header[canon] = written
            self.columns[canon] = Column(raw, nfkc=canon in _IDS)
        self.rows = np.arange(table.first_row, table.first_row + len(table))
        # a row is wholly empty only if every column holds an empty cell (an id column
        # seldom does)
        blanks = [c for c in self.columns.values() if (c.uniques == "").any()]
        filled = np.ones(len(table), dtype=bool)
        if len(blanks) == len(self.columns):
            filled[:] = False
            for column in blanks:
                filled |= ~column.empty()
        if not filled.all():  # wholly empty rows are dropped
            for column in self.columns.values():
                column.take(filled)
            self.rows = self.rows[filled]
        own = [self.columns[c] for c in _PRIVATE if c in self.columns]
        self.private_columns = [*private, *own, *hidden]

    @cached_property
    def secrets(self) -> frozenset[str]:
        """Every name and need written in the files: never shown in a message."""
        out: set[str] = set()
        for column in self.private_columns:
            for value in column.uniques.tolist():
                out.add(value)
                out.update(t.strip() for t in LIST_SPLIT.split(value))
        return frozenset(out)

    def add(self, row: int | None, column: str | None, value: str | None, said: Message) -> None:
        shown = self.header.get(column, column) if column else None
        self.problems.append(Problem(self.label, row, shown, value, said))

    def column(self, name: str) -> Column:
        if name not in self.columns:
            blank = Column(coded([""]))
            blank.codes = np.zeros(len(self.rows), dtype=np.int64)
            return blank
        return self.columns[name]

    def require(self, names: Iterable[str], columns: dict[str, tuple[str, ...]]) -> bool:
        ok = True
        for name in names:
            if name not in self.header:
                also = ", ".join(columns[name])
                said = message("err_missing_column", name=name, also=also)
                self.add(self.header_row, None, None, said)
                ok = False
        return ok

    def flag(self, mask: np.ndarray, column: str, said: Callable[[str | None], Message]) -> None:
        """Record a problem for every row where ``mask`` holds.

        ``said`` gets the cell's value when it may be shown (see :meth:`showable`), else
        None, and returns the message.
        """
        col = self.column(column)
        for i in np.flatnonzero(mask).tolist():
            value = col.uniques[col.codes[i]]
            shown = value if self.showable(column, value) else None
            self.add(int(self.rows[i]), column, shown, said(shown))

    def showable(self, column: str, value: str) -> bool:
        """Whether a message may show this cell: never a name or need of the files; a date or
        number only if made of such characters; a code only if close to a known spelling."""
        if not value or value in self.secrets:
            return False
        text = folding.nfkc(value)
        if column in _SHOWN_TEXT:
            return _SHOWN_TEXT[column].fullmatch(text) is not None
        if column in _CODE_COLUMNS and column in self.spellings:
            known = self.spellings[column]
            folded = text.casefold()
            return folded in known or bool(get_close_matches(folded, known, n=1, cutoff=0.75))
        return False

    def mapped(
        self, name: str, lookup: dict[str, str], expected: Iterable[str], empty: str = ""
    ) -> np.ndarray:
        """Map a coded column through ``lookup``; unknown non-empty values are problems. An
        empty cell, and an unknown value, read as ``empty``."""
        col = self.column(name)
        self.spellings[name] = list(lookup)
        out = col.each(lambda u: lookup.get(folded(u), empty))
        options = ", ".join(sorted(expected))
        bad = col.each(lambda u: bool(u) and folded(u) not in lookup, bool)

        def said(value: str | None) -> Message:
            # a value is shown only when close to a known spelling (showable): that one is meant
            typed = "" if value is None else folded(value)
            close = get_close_matches(typed, list(lookup), n=1, cutoff=0.75) if typed else []
            if value is None or not close or close[0] in {t.casefold() for t in self.secrets}:
                return message("err_unknown_code_hidden", name=message(name), options=options)
            return message(
                "err_unknown_code_suggest",
                name=message(name),
                value=value,
                suggestion=close[0],
                options=options,
            )

        self.flag(bad[col.codes], name, said)
        return out[col.codes]

    def parsed(
        self, name: str, parse: Callable[[str], object], expected: Message, empty: object = None
    ) -> np.ndarray:
        """Parse each distinct non-empty value once; failures are problems (value ``empty``).

        The result has the dtype of ``empty`` (object for None, datetime64 for a NaT).
        """
        results, codes = self.parsed_uniques(name, parse, expected, empty)
        return results[codes]

    def parsed_uniques(
        self, name: str, parse: Callable[[str], object], expected: Message, empty: object = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`parsed` as each unique's result and each row's unique."""
        col = self.column(name)
        dtype = object if empty is None else np.asarray(empty).dtype
        results = np.full(len(col.uniques), empty, dtype=dtype)
        bad = np.zeros(len(col.uniques), dtype=bool)
        at, found = [], []  # converted to the dtype together (a date one at a time is slow)
        for i, text in enumerate(col.uniques.tolist()):
            if text:
                try:
                    found.append(parse(text))
                    at.append(i)
                except ValueError:
                    bad[i] = True
        if at:
            results[at] = found if results.dtype == object else np.array(found, results.dtype)
        self.flag(
            bad[col.codes],
            name,
            lambda v: (
                message("err_expected", expected=expected, value=v)
                if v
                else message("err_expected_hidden", expected=expected)
            ),
        )
        return results, col.codes

    def extras(self, known: Iterable[str]) -> dict[str, np.ndarray]:
        """Columns beyond the contract, kept as text attributes."""
        known = set(known)
        return {c: col.values() for c, col in self.columns.items() if c not in known}
