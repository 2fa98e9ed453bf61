"""Critical supporters: whose loss would cut the most people off the formal net.

A node's ``dependents`` are the residents it dominates: every thread from the roots to them
runs through it, so if it disappeared they would lose the formal net entirely. Counted for
all nodes at once as subtree sums of the dominator tree, never by removing nodes one by one.
``sole_supporter_of`` counts the residents whose only active direct supporter it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..network import Network
from .dominators import SafetyNet, safety_net

__all__ = ["critical", "critical_rows", "dependents", "sole_supporters"]


def dependents(sn: SafetyNet) -> np.ndarray:
    """Number of residents each node dominates (itself excluded), per node index.

    Examples
    --------
    >>> import tsunagari as tg
    >>> sn = tg.safety_net(tg.load(), as_of="2026-11-27")
    >>> int(dependents(sn).max()) > 0
    True
    """
    is_resident = (sn.net.nodes["kind"].to_numpy() == "resident") & (sn.idom[: sn.n] >= 0)
    below = np.zeros(sn.n + 1, dtype=np.int64)
    below[: sn.n] = is_resident
    depth = sn.depth
    for level in range(int(depth.max()), 0, -1):
        at = np.flatnonzero(depth == level)
        np.add.at(below, sn.idom[at], below[at])
    return below[: sn.n] - is_resident


def sole_supporters(sn: SafetyNet) -> np.ndarray:
    """Number of residents whose only active direct supporter each node is."""
    n = sn.n
    src, dst = sn.support_pairs
    only = sn.supporters == 1
    is_resident = np.append(sn.net.nodes["kind"].to_numpy() == "resident", False)
    alone = only[dst] & is_resident[dst]
    return np.bincount(src[alone], minlength=n + 1)[:n]


def critical_rows(sn: SafetyNet) -> pd.DataFrame:
    """The critical-supporter table from an already computed :class:`SafetyNet`."""
    nodes = sn.net.nodes
    n = sn.n
    load = np.bincount(sn.support_pairs[0], minlength=n + 1)[:n]
    table = pd.DataFrame(
        {
            "id": nodes["id"].to_numpy(),
            "name": nodes["name"].to_numpy(),
            "kind": nodes["kind"].to_numpy(),
            "district": nodes["district"].to_numpy(),
            "dependents": dependents(sn),
            "sole_supporter_of": sole_supporters(sn),
            "capacity": nodes["capacity"].array,
            "load": load,
        }
    )
    table = table[(table["dependents"] > 0) | (table["sole_supporter_of"] > 0)]
    table = table.sort_values(
        ["dependents", "sole_supporter_of", "id"], ascending=[False, False, True], kind="stable"
    )
    return table.reset_index(drop=True)


def critical(
    net: Network, *, as_of: dt.date | str | None = None, roots: Iterable[str] = ("agency",)
) -> pd.DataFrame:
    """Nodes ranked by how many residents would lose the formal net without them.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        The day on which supports count as active (default today).
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).

    Returns
    -------
    DataFrame
        One row per node with ``dependents > 0`` or ``sole_supporter_of > 0``, most
        critical first: ``id, name, kind, district, dependents, sole_supporter_of,
        capacity, load`` (``load`` = residents and nodes it actively supports now).

    Examples
    --------
    >>> import tsunagari as tg
    >>> top = tg.critical(tg.load(), as_of="2026-11-27")
    >>> bool((top["dependents"].diff().dropna() <= 0).all())
    True
    """
    return critical_rows(safety_net(net, as_of=as_of, roots=roots))
