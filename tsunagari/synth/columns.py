"""Coded columns: integer codes into shared labels, cheap to build and to write.

A column of a million residents is an integer array plus a few hundred labels; ids
are built as ASCII byte matrices, so no Python string per resident is ever made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from .parameters import NO_DATE

if TYPE_CHECKING:
    import pandas as pd


@cache
def _str_dtype() -> np.dtype | pd.api.extensions.ExtensionDtype:
    """pandas' default string dtype: ``str`` from pandas 3, else object (a function: pandas
    is imported only when a frame is made)."""
    import pandas as pd

    return pd.Series(["x"]).dtype


@dataclass
class CodedColumn:
    """A column as integer codes into labels (shared, so cheap to build and to write).

    Labels are Python strings, or ``raw``: their UTF-8 bytes as a zero-padded
    (labels × width) matrix, which is how ids are built and written without ever
    making a Python string per resident.
    """

    codes: np.ndarray
    labels: np.ndarray | None = None
    integer: bool = False  # labels are "", "0", "1", ...: code c means c - 1, 0 means missing
    raw: np.ndarray | None = None

    def text(self) -> np.ndarray:
        if self.labels is None:  # raw labels are ASCII (ids)
            assert self.raw is not None  # a column is built with labels or raw ones
            width = self.raw.shape[1]
            self.labels = self.raw.view(f"S{width}").ravel().astype(f"U{width}").astype(object)
        return self.labels

    def encoded(self) -> np.ndarray:
        if self.raw is None:
            labels = _escape(self.text())
            raw = np.char.encode(labels.astype(str), "utf-8") if len(labels) else np.zeros(0, "S1")
            self.raw = raw.view(np.uint8).reshape(len(raw), max(raw.dtype.itemsize, 1))
        return self.raw

    def array(
        self, labels: pd.api.extensions.ExtensionArray | None = None
    ) -> pd.api.extensions.ExtensionArray:
        """The column as a pandas array: ``str``, or ``Int64`` for integer columns."""
        import pandas as pd

        if self.integer:
            values = self.codes.astype(np.int64) - 1
            return pd.arrays.IntegerArray(np.maximum(values, 0), values < 0)
        if labels is None:
            labels = pd.array(self.text(), dtype=_str_dtype())
        return labels.take(self.codes)


def label_array(values: Iterable[object]) -> np.ndarray:
    values = list(values)
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def text_column(values: Sequence[str] | np.ndarray) -> CodedColumn:
    """Code an array of Python strings."""
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    return CodedColumn(codes.astype(np.int64), label_array(uniques))


def int_column(values: np.ndarray) -> CodedColumn:
    """Code non-negative integers, -1 for missing, as a nullable integer column."""
    values = np.asarray(values, np.int64)
    top = int(values.max(initial=-1)) + 1
    return CodedColumn(values + 1, label_array([""] + [str(i) for i in range(top)]), integer=True)


def date_column(days: np.ndarray) -> CodedColumn:
    """Days since 1970 (or NO_DATE) as ISO dates (or empty), coded by offset."""
    none = days == NO_DATE
    lo, hi = (int(days[~none].min()), int(days[~none].max())) if (~none).any() else (0, -1)
    text = np.datetime_as_string(np.arange(lo, hi + 1).astype("datetime64[D]")).astype(object)
    return CodedColumn(np.where(none, 0, days - lo + 1), np.r_[label_array([""]), text])


def concat_columns(parts: list[CodedColumn]) -> CodedColumn:
    codes, labels, offset = [], [], 0
    for part in parts:
        codes.append(part.codes + offset)
        labels.append(part.text())
        offset += len(part.text())
    return CodedColumn(np.concatenate(codes), np.concatenate(labels))


def id_bytes(prefix: str, n: int, width: int, pad: int = 0) -> np.ndarray:
    """prefix + 1..n zero-padded to ``width`` digits, as an ASCII byte matrix.

    ``pad`` adds zero bytes on the right (for stacking with longer ids).
    """
    width = max(width, len(str(n)))
    size = len(prefix) + width
    buf = np.zeros((n, max(size, pad)), np.uint8)
    buf[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), np.uint8)
    number = np.arange(1, n + 1)
    for i in range(width):
        buf[:, len(prefix) + i] = 48 + number // 10 ** (width - 1 - i) % 10
    return buf


def _escape(labels: np.ndarray) -> np.ndarray:
    """Quote labels holding a comma, quote or line break (RFC 4180)."""
    joined = "".join(labels)
    if not any(ch in joined for ch in ',"\n\r'):
        return labels
    out = labels.copy()
    for i, text in enumerate(labels):
        if any(ch in text for ch in ',"\n\r'):
            out[i] = '"' + text.replace('"', '""') + '"'
    return out
