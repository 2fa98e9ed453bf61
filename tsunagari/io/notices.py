"""Warnings about a network that loads: things that look wrong but may be right.

A warning never stops a network from loading; it is a catalogue :class:`~tsunagari.words.Message`
on :attr:`Network.warnings <tsunagari.Network.warnings>`, which the command line prints in
the user's language. Warnings say counts, files, rows and cells only, never a name, a need,
an id or a district as written (any cell may hold a name an extra comma pushed along).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..columnar import Columns
from ..folding import spaceless
from ..words import Message, message
from .columns import DISTRICT_SUFFIXES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["network_warnings"]

SHOWN = 5  # rows or cells listed in one warning; the count says how many there are
_SUFFIX = re.compile("(" + "|".join(DISTRICT_SUFFIXES) + ")$")


def _listed(items: Sequence[object]) -> str:
    shown = ", ".join(str(i) for i in items[:SHOWN])
    return shown + (" …" if len(items) > SHOWN else "")


def _rows(label: str, rows: np.ndarray) -> Message:
    return message("rows_in", path=label, rows=_listed(sorted(int(r) for r in rows)))


def _district_key(district: str) -> str:
    text = spaceless(district)
    shorter = _SUFFIX.sub("", text)
    return shorter or text


def network_warnings(
    nodes: Columns | pd.DataFrame,
    supports: Columns | pd.DataFrame,
    ends: tuple[np.ndarray, np.ndarray],
    rows: dict[str, np.ndarray],
    labels: dict[str, str],
    *,
    blank_formulas: dict[str, list[str]] | None = None,
    today: dt.date | None = None,
) -> list[Message]:
    """The warnings about a validated network, in a fixed order.

    Parameters
    ----------
    nodes, supports : Columns or DataFrame
        The validated tables.
    ends : (ndarray, ndarray)
        The row in ``nodes`` of each support's source and target.
    rows : dict
        ``nodes`` and ``supports``: the spreadsheet row of each table row.
    labels : dict
        How problems name the two tables (``nodes.csv``, ``city.xlsx[支援]``).
    blank_formulas : dict, optional
        Per label, the cells holding a formula without a saved result.
    today : date, optional
        The day a start date is compared with (default: today).

    Examples
    --------
    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"kind": ["resident", "agency"], "district": ["上野西部", ""]})
    >>> supports = pd.DataFrame({"relation": ["support"], "since": [pd.NaT]})
    >>> ends = (np.array([0]), np.array([1]))
    >>> rows = {"nodes": np.array([2, 3]), "supports": np.array([2])}
    >>> labels = {"nodes": "nodes.csv", "supports": "supports.csv"}
    >>> [w.key for w in network_warnings(nodes, supports, ends, rows, labels)]
    ['warn_reversed']
    """
    out: list[Message] = []
    day = np.datetime64(today or dt.date.today(), "D")
    kinds = np.asarray(nodes["kind"], dtype=object)
    source, target = ends
    if len(supports):
        reversed_ = (
            (np.asarray(supports["relation"], dtype=object) == "support")
            & (kinds[source] == "resident")
            & (kinds[target] == "agency")
        )
        if reversed_.any():
            where = _rows(labels["supports"], rows["supports"][reversed_])
            out.append(message("warn_reversed", n=int(reversed_.sum()), where=where))
        since = np.asarray(supports["since"]).astype("datetime64[D]")
        future = ~np.isnat(since) & (since > day)
        if future.any():
            where = _rows(labels["supports"], rows["supports"][future])
            out.append(message("warn_future", n=int(future.sum()), where=where))
    districts = np.asarray(nodes["district"], dtype=object)
    # each district's first row (read from the end, the first row is the one kept)
    first_row = dict(zip(reversed(districts.tolist()), reversed(rows["nodes"].tolist())))
    groups: dict[str, list[str]] = {}
    for district in sorted(first_row, key=first_row.__getitem__):  # in the order they come
        if district:
            groups.setdefault(_district_key(district), []).append(district)
    for spellings in groups.values():
        if len(spellings) > 1:
            where = _rows(labels["nodes"], np.array([first_row[s] for s in spellings]))
            out.append(message("warn_districts", n=len(spellings), where=where))
    for label, cells in (blank_formulas or {}).items():
        if cells:
            where = message("cells_in", path=label, cells=_listed(cells))
            out.append(message("warn_formula", n=len(cells), where=where))
    return out
