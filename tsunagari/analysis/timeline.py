"""Growth over time: the network at the end of each year (or month), from its dated ties.

The seed tells how support grew from a point (one meeting) to a line (a thread of
introductions) to a surface (面: overlapping ties that hold people from several sides). The
*independent cycles* of the undirected graph of active ties, ``edges − nodes + components``
(its cycle rank), count those surfaces: a tree has none, and every extra tie that closes a
loop adds one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import rustworkx as rx

from ..arrays import distinct
from ..dates import as_of_date
from ..errors import TsunagariError
from ..network import Network
from ..progress import is_large, iterate
from ..vocabulary import STATUSES
from ..words import message
from .dominators import safety_net

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["period_ends", "snapshot", "timeline"]

# period -> pandas frequency of its ends; the fiscal year (年度) runs April to March
EVERY = {"year": "YE", "fiscal-year": "YE-MAR", "month": "ME"}
PERIOD_WORDS = {"year": "period_year", "fiscal-year": "period_fiscal-year", "month": "period_month"}


MAX_PERIODS = 1000


def period_ends(start: dt.date, stop: dt.date, every: str = "year") -> list[dt.date]:
    """The last day of each year, fiscal year (年度, ending 31 March) or month from
    ``start``'s up to ``stop``, then ``stop``.

    Examples
    --------
    >>> [d.isoformat() for d in period_ends(dt.date(2024, 5, 1), dt.date(2026, 3, 2))]
    ['2024-12-31', '2025-12-31', '2026-03-02']
    >>> [d.isoformat() for d in period_ends(dt.date(2026, 1, 9), dt.date(2026, 3, 31), "month")]
    ['2026-01-31', '2026-02-28', '2026-03-31']
    >>> ends = period_ends(dt.date(2024, 5, 1), dt.date(2026, 6, 2), "fiscal-year")
    >>> [d.isoformat() for d in ends]
    ['2025-03-31', '2026-03-31', '2026-06-02']
    """
    import pandas as pd

    if every not in EVERY:
        raise TsunagariError(message("err_period", every=every, options=", ".join(EVERY)))
    ends = [d.date() for d in pd.date_range(start, stop, freq=EVERY[every])]
    if not ends or ends[-1] != stop:
        ends.append(stop)
    return ends


def snapshot(net: Network, day: dt.date, *, roots: Iterable[str] = ("agency",)) -> dict:
    """Size, statuses and cycle rank of the network on one day (one row of the timeline)."""
    sn = safety_net(net, as_of=day, roots=roots)
    n = sn.n
    active = net.active(day)
    s = net.source_index[active].astype(np.int64)
    t = net.target_index[active].astype(np.int64)
    support = (net.supports["relation"] == "support").to_numpy()[active]

    tied = np.zeros(n, dtype=bool)
    tied[s] = tied[t] = True
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    pairs = distinct(lo * n + hi)
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from_no_data(list(zip((pairs // n).tolist(), (pairs % n).tolist())))
    components = rx.number_connected_components(graph) - int((~tied).sum())

    codes = np.bincount(sn.status_codes(np.flatnonzero(sn.is_resident)), minlength=len(STATUSES))
    counts = {code: int(count) for code, count in zip(STATUSES, codes.tolist())}
    residents = int(sn.is_resident.sum())
    return {
        "nodes": int(tied.sum()),
        "supports": int(support.sum()),
        "collaborations": int((~support).sum()),
        **counts,
        "share_overlapping": counts["overlapping"] / residents if residents else float("nan"),
        "independent_cycles": len(pairs) - int(tied.sum()) + components,
    }


def timeline(
    net: Network,
    *,
    every: str = "year",
    until: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
) -> pd.DataFrame:
    """The network at the end of each period, from the earliest ``since`` to ``until``.

    Parameters
    ----------
    net : Network
    every : {"year", "fiscal-year", "month"}
        Period length; each row is the network on the period's last day (a fiscal year,
        年度, ends on 31 March).
    until : date or str, optional
        The last day (default today); it is always the last row.
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).

    Returns
    -------
    DataFrame
        Indexed by ``date``; columns ``nodes`` (nodes with at least one active tie),
        ``supports`` and ``collaborations`` (active rows), ``isolated``, ``unreached``,
        ``single_thread``, ``overlapping`` (residents by status, as ``isolated --as-of``
        would count them: every resident in the file, so early years show many
        isolated), ``share_overlapping`` and ``independent_cycles`` (cycle rank of the
        undirected graph of active ties; parallel rows between two nodes count once).
        One status computation per row.

    Examples
    --------
    >>> import tsunagari as tg
    >>> table = tg.timeline(tg.load(), until="2026-11-27")
    >>> table.index[-1].date().isoformat(), int(table["overlapping"].iloc[-1])
    ('2026-11-27', 47)
    """
    import pandas as pd

    stop = as_of_date(until)
    since = net.supports["since"].dropna()
    start = since.min().date() if len(since) else stop
    start = min(start, stop)
    ends = period_ends(start, stop, every)
    if len(ends) > MAX_PERIODS:  # one status computation each: a typo like 1021 would take hours
        raise TsunagariError(
            message(
                "err_too_many_periods",
                start=start.isoformat(),
                count=f"{len(ends):,}",
                every=message(PERIOD_WORDS[every]),
                most=f"{MAX_PERIODS:,}",
            )
        )
    big = is_large(len(net.nodes) + len(net.supports))
    each = iterate(
        ends,
        message("progress_timeline", n=len(ends), every=message(PERIOD_WORDS[every])),
        show=big,
    )
    rows = [snapshot(net, day, roots=roots) for day in each]
    frame = pd.DataFrame(rows, index=pd.DatetimeIndex(pd.to_datetime(ends), name="date"))
    return frame
