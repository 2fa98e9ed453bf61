"""The library's tables without pandas: named columns of one length, a DataFrame on demand.

Reading, validating, analysing and writing JSON work on :class:`Columns`: numpy arrays and
lists, plus small column types: :class:`Nullable` (integers or booleans with missing
values), :class:`Ordered` (an ordered set of names, a code per row) and :class:`Maps` (a
dict per row, made when read). pandas is imported only when a frame is handed to a user
(:meth:`Columns.frame`), so ``tsunagari isolated --format json`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Column",
    "Columns",
    "Maps",
    "Nullable",
    "Ordered",
    "framed",
    "framed_rows",
    "from_frame",
    "from_series",
    "ordered_dtype",
    "plain_list",
    "text_dtype",
]


@dataclass(frozen=True)
class Nullable:
    """Integers (or booleans) with missing values: ``values`` holds 0 (False) where
    ``missing`` is set."""

    values: np.ndarray
    missing: np.ndarray

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, rows: np.ndarray | slice) -> Nullable:
        return Nullable(self.values[rows], self.missing[rows])

    def tolist(self) -> list:
        """Python values, None where missing."""
        held = self.values.astype(object)  # Python ints or bools, as tolist gives them
        held[np.asarray(self.missing, dtype=bool)] = None
        return held.tolist()

    def pandas(self) -> object:
        import pandas as pd

        if self.values.dtype == bool:
            return pd.arrays.BooleanArray(self.values, self.missing)
        return pd.arrays.IntegerArray(self.values, self.missing)


@dataclass(frozen=True)
class Ordered:
    """A column of names from an ordered set (statuses, worst first): a code per row into
    ``names``, -1 where missing."""

    codes: np.ndarray
    names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows: np.ndarray | slice) -> Ordered:
        return Ordered(self.codes[rows], self.names)

    def tolist(self) -> list[str | None]:
        """The names, None where the code is -1 (missing)."""
        return np.array([*self.names, None], dtype=object)[self.codes].tolist()

    def pandas(self) -> object:
        import pandas as pd

        return pd.Categorical.from_codes(self.codes, dtype=ordered_dtype(self.names))


@dataclass(frozen=True)
class Maps:
    """A dict per row, held as its items: row ``i`` holds ``items[ptr[i]:ptr[i + 1]]``, each
    a (key, value) pair (a resident's needs and their statuses). ``rows`` picks and orders
    the rows (None: all, in order). The dicts are made only when the rows are read, so a
    city's table holds one list of items instead of two dicts per resident."""

    ptr: np.ndarray
    items: list[tuple]
    rows: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ptr) - 1 if self.rows is None else len(self.rows)

    def picked(self) -> np.ndarray:
        """The rows held, as positions into ``ptr``."""
        return np.arange(len(self.ptr) - 1) if self.rows is None else self.rows

    def __getitem__(self, rows: np.ndarray | slice) -> Maps:
        return Maps(self.ptr, self.items, self.picked()[rows])

    def tolist(self) -> list[dict]:
        rows, items = self.picked(), self.items
        starts, ends = self.ptr[rows].tolist(), self.ptr[rows + 1].tolist()
        return [dict(items[a:b]) if a != b else {} for a, b in zip(starts, ends)]

    def at(self, row: int) -> dict:
        """The dict of one row."""
        i = row if self.rows is None else int(self.rows[row])
        return dict(self.items[self.ptr[i] : self.ptr[i + 1]])

    def count(self, value: object) -> np.ndarray:
        """How many items of each row have ``value``."""
        hits = np.zeros(len(self.items) + 1, dtype=np.int64)
        found = (v == value for _, v in self.items)
        np.cumsum(np.fromiter(found, bool, len(self.items)), out=hits[1:])
        rows = self.picked()
        return hits[self.ptr[rows + 1]] - hits[self.ptr[rows]]

    def sizes(self) -> np.ndarray:
        """How many items each row has."""
        rows = self.picked()
        return self.ptr[rows + 1] - self.ptr[rows]


Column = np.ndarray | list | Nullable | Ordered | Maps


class Columns:
    """A table as named columns of one length, in order; as with a DataFrame, ``len`` is
    the number of rows, iterating gives the column names and ``table[name]`` a column.

    ``text`` names the columns that hold text in every row (object arrays of str): a frame
    holds them as :func:`text_dtype`, wrapped, not copied. Other object
    columns and lists follow :func:`framed`.
    """

    def __init__(self, columns: Mapping[str, Column], text: frozenset[str] = frozenset()) -> None:
        self._columns = dict(columns)
        self.text = text

    def __getitem__(self, name: str) -> Any:  # one of Column's types, as the name says
        return self._columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()))) if self._columns else 0

    def take(self, rows: np.ndarray | slice) -> Columns:
        """The rows ``rows`` (positions, a mask or a slice), in that order."""
        return Columns({n: _take(c, rows) for n, c in self._columns.items()}, self.text)

    def lists(self) -> list[list]:
        """Each column as a list of Python values (missing = None), for records."""
        return [plain_list(c) for c in self._columns.values()]

    def frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame (pandas is imported here)."""
        import pandas as pd

        out = {}
        for name, column in self._columns.items():
            if isinstance(column, (Nullable, Ordered)):
                out[name] = column.pandas()
            elif isinstance(column, Maps):
                out[name] = column.tolist()
            elif name in self.text:
                out[name] = pd.arrays.StringArray(column, dtype=text_dtype())
            else:
                out[name] = column
        return framed(out)


def _take(column: Column, rows: np.ndarray | slice) -> Column:
    if isinstance(column, list):
        if isinstance(rows, slice):
            return column[rows]
        picked = np.asarray(rows)
        if picked.dtype == bool:
            picked = np.flatnonzero(picked)
        return [column[i] for i in picked.tolist()]
    return column[rows]


def plain_list(column: Column, *, no_day: str | None = None) -> list:
    """A column as Python values: missing as None, a day as its ISO date (a missing day as
    ``no_day``)."""
    if isinstance(column, np.ndarray) and column.dtype.kind == "M":
        # each distinct day spelt once (a city's supports have a few thousand)
        days, row_day = np.unique(column.astype("datetime64[D]"), return_inverse=True)
        text = days.astype(str).astype(object)
        text[np.isnat(days)] = no_day
        return text[row_day.reshape(-1)].tolist()
    return column if isinstance(column, list) else column.tolist()


def from_frame(frame: pd.DataFrame) -> Columns:
    """A frame's columns as :class:`Columns` (a user's frame, or one the library made)."""
    columns = {name: from_series(frame[name]) for name in frame.columns}
    text = {n for n in frame.columns if _is_text(frame[n])}
    return Columns(columns, frozenset(text))


def from_series(series: pd.Series) -> Column:
    """One column of a frame as the library holds it (text as an object array of str)."""
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype) and dtype.ordered:
        return Ordered(series.cat.codes.to_numpy(), tuple(str(c) for c in dtype.categories))
    if isinstance(dtype, pd.BooleanDtype):
        return Nullable(series.to_numpy(bool, na_value=False), series.isna().to_numpy())
    if pd.api.types.is_extension_array_dtype(dtype) and dtype.kind in "iu":
        return Nullable(series.to_numpy(np.int64, na_value=0), series.isna().to_numpy())
    text = dtype.kind == "O" or isinstance(dtype, pd.StringDtype)
    return series.to_numpy(dtype=object) if text else series.to_numpy()


def _is_text(series: pd.Series) -> bool:
    """Whether a column holds text, none of it missing."""
    import pandas as pd

    return isinstance(series.dtype, pd.StringDtype) and not series.isna().any()


@cache
def ordered_dtype(names: tuple[str, ...]) -> pd.CategoricalDtype:
    """The ordered categorical dtype of ``names``, worst first (one object per set of
    names, so every frame's statuses share it)."""
    import pandas as pd

    return pd.CategoricalDtype(list(names), ordered=True)


@cache
def text_dtype() -> pd.StringDtype:
    """The dtype of the library's text columns: pandas' ``str``, held as Python strings
    whatever is installed. The analyses read ids and names back as Python objects; held in
    Arrow (pandas' choice when pyarrow is installed) each would be made again on every read.
    (A function: pandas is imported only when a frame is made.)"""
    import pandas as pd

    return pd.StringDtype("python", na_value=np.nan)


def framed(columns: Mapping[str, object]) -> pd.DataFrame:
    """A table of the library from its columns: a list or object array of strings (missing
    values aside) becomes a :func:`text_dtype` column, wrapped, not copied; others are as given."""
    import pandas as pd

    return pd.DataFrame({name: _held(values) for name, values in columns.items()}, copy=False)


def framed_rows(rows: Iterable[Mapping[str, object]], names: Sequence[str]) -> pd.DataFrame:
    """:func:`framed` of a table given row by row, each row holding every one of ``names``."""
    rows = list(rows)
    return framed({name: [row[name] for row in rows] for name in names})


def _held(values: object) -> object:
    import pandas as pd

    if isinstance(values, list) or (isinstance(values, np.ndarray) and values.dtype == object):
        if not len(values):
            return values
        if pd.api.types.infer_dtype(values, skipna=False) == "string":
            return pd.arrays.StringArray(np.asarray(values, dtype=object), dtype=text_dtype())
        if pd.api.types.infer_dtype(values, skipna=True) == "string":  # None and NaN: missing
            return pd.array(values, dtype=text_dtype())
    return values
