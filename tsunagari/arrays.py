"""Small numpy building blocks shared by the analyses.

numpy 2.4's ``np.unique`` hashes its input and then sorts the result; on the integer keys
used here (pairs packed into one int64) it is some forty times slower than sorting, so
:func:`distinct` sorts and drops repeats.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["distinct", "first_codes", "ranges"]


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-D array (as ``np.unique``, without its options).

    Examples
    --------
    >>> distinct(np.array([5, 1, 5, 3])).tolist()
    [1, 3, 5]
    """
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenated ranges ``starts[i] .. starts[i] + counts[i] - 1``.

    Examples
    --------
    >>> ranges(np.array([10, 0]), np.array([2, 3])).tolist()
    [10, 11, 0, 1, 2]
    """
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))


def first_codes(values: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Each value's code (int32), numbered in the order values first appear, and the
    distinct values in that order (as Arrow's ``dictionary_encode`` numbers them)."""
    first: dict[str, int] = {}
    codes = np.fromiter((first.setdefault(v, len(first)) for v in values), np.int32, len(values))
    return codes, list(first)
