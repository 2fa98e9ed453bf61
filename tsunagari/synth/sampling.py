"""Exact-count random draws, rounding and dates, vectorised over residents.

Every prevalence is drawn as an exact count (``round(rate * n)``), not as n coin
flips, so a small town still shows each rate.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt


def largest_remainder(quota: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Round each row of ``quota`` to integers that sum to ``total`` (row-wise)."""
    quota = np.atleast_2d(quota)
    base = np.floor(quota).astype(np.int64)
    short = np.asarray(total).reshape(-1) - base.sum(axis=1)
    rank = np.argsort(np.argsort(-(quota - base), axis=1, kind="stable"), axis=1)
    return base + (rank < short[:, None])


def weighted_sample(
    rng: np.random.Generator, n: int, k: int, weights: npt.ArrayLike | None = None
) -> np.ndarray:
    """Positions of ``k`` of ``n`` items drawn without replacement (optionally weighted)."""
    k = int(max(0, min(k, n)))
    if k == 0:
        return np.empty(0, np.int64)
    if weights is None:
        return rng.choice(n, size=k, replace=False)
    # Efraimidis-Spirakis: the k largest log(u)/w form a weighted sample.
    key = np.log1p(-rng.random(n)) / np.maximum(np.asarray(weights, float), 1e-12)
    return np.argpartition(-key, k - 1)[:k] if k < n else np.arange(n)


def exact_share(
    rng: np.random.Generator, eligible: np.ndarray, rate: float, weights: np.ndarray | None = None
) -> np.ndarray:
    """Indices drawn from ``eligible`` (indices) so that exactly round(rate·n) are taken."""
    k = int(round(rate * len(eligible)))
    w = None if weights is None else weights[eligible]
    return eligible[weighted_sample(rng, len(eligible), k, w)]


def by_age(
    rng: np.random.Generator,
    age: np.ndarray,
    table: Iterable[tuple[float, float, float]],
    pool: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Exact-count draw per age band from a table of (lo, hi, rate)."""
    chosen = []
    for lo, hi, rate in table:
        mask = (age >= lo) & (age < hi)
        if pool is not None:
            mask &= pool
        chosen.append(exact_share(rng, np.flatnonzero(mask), rate, weights))
    return np.concatenate(chosen) if chosen else np.empty(0, np.int64)


def random_days(rng: np.random.Generator, lo: npt.ArrayLike, hi: npt.ArrayLike) -> np.ndarray:
    """Uniform days in [lo, hi] (element-wise, lo clipped to hi)."""
    first = np.minimum(np.asarray(lo, np.int64), hi)
    span = np.asarray(hi) - first + 1
    return (first + np.floor(rng.random(np.shape(first)) * span)).astype(np.int64)


def ragged_arange(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each count c, concatenated."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total) - starts
