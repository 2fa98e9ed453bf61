"""What a map draws, computed in Python: merged ties, and the two layouts made here.

The page builds each view's nodes and ties itself, from :mod:`.citydata`; this module holds
the same rule for merging ties (one drawn tie per pair of drawn nodes and relation, styled
by its rows) so that Python knows how many ties a view draws, and the two layouts the page
does not compute: the city overview (districts on a ring, organisations around them) and,
for a network small enough to draw whole, a spring layout of every node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import layout

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.analysed import Analysis

__all__ = [
    "district_order",
    "full_layout",
    "hub_sizes",
    "merged_ties",
    "overview_group",
    "overview_organisations",
    "overview_layout",
]


def merged_ties(a: Analysis, group: np.ndarray, show_ended: bool) -> pd.DataFrame:
    """Supports between shown nodes merged per (from, to, relation), in file order.

    ``group`` maps each network node to its node on the page (``-1``: not shown); several
    network nodes may share one page node (the overview), and ties inside one page node
    are dropped.
    """
    import pandas as pd

    sup = a.net.supports
    s = group[a.net.source_index]
    t = group[a.net.target_index]
    collab = sup["relation"].to_numpy() == "collaboration"
    keep = (s >= 0) & (t >= 0) & (s != t)
    if not show_ended:
        keep &= a.active
    lo = np.where(collab, np.minimum(s, t), s)
    hi = np.where(collab, np.maximum(s, t), t)
    rows = np.flatnonzero(keep)
    frame = pd.DataFrame(
        {
            "a": lo[rows],
            "b": hi[rows],
            "collab": collab[rows],
            "active": a.active[rows],
            "informal": sup["formality"].to_numpy()[rows] == "informal",
            "row": rows,
        }
    )
    if frame.empty:
        return pd.DataFrame(columns=["a", "b", "collab", "count", "active", "informal", "first"])
    grouped = frame.groupby(["a", "b", "collab"], sort=False)
    out = grouped.agg(
        count=("row", "size"),
        active=("active", "sum"),
        informal=("informal", "all"),
        first=("row", "min"),
    ).reset_index()
    return out.sort_values("first", kind="stable").reset_index(drop=True)


def district_order(a: Analysis) -> list[str]:
    """The districts of the overview's hubs: named ones sorted, city-wide (``""``) last."""
    districts = a.net.nodes["district"].to_numpy()[a.sn.is_resident]
    return sorted(set(districts.tolist()), key=lambda d: (d == "", d))


def overview_organisations(a: Analysis) -> np.ndarray:
    """The organisations an overview draws, in file order: the roots, and every other
    supporter someone depends on (whose loss would cut a resident off). The others are a
    district page away; a city's overview would otherwise draw some 1,600 of them, too
    many to move smoothly."""
    return np.flatnonzero(~a.sn.is_resident & ((a.sn.dependents > 0) | a.is_root))


def overview_group(a: Analysis) -> np.ndarray:
    """Each node's node on the overview: the organisations it draws one by one (see
    :func:`overview_organisations`), then one hub per district holding its residents;
    ``-1`` for the organisations it leaves out."""
    resident = a.sn.is_resident
    orgs = overview_organisations(a)
    group = np.full(a.sn.n, -1, dtype=np.int64)
    group[orgs] = np.arange(len(orgs))
    slot = {d: len(orgs) + j for j, d in enumerate(district_order(a))}
    districts = a.net.nodes["district"].to_numpy()
    group[resident] = [slot[d] for d in districts[resident].tolist()]
    return group


def hub_sizes(people: np.ndarray) -> np.ndarray:
    """Radius of each district's hub from its number of residents."""
    return np.round(40 + 90 * np.sqrt(people / max(int(people.max(initial=0)), 1)), 1)


def overview_layout(a: Analysis) -> dict:
    """Positions of the overview: its organisations (:func:`overview_organisations`) and
    district hubs (in :func:`district_order`), the most depended-on organisations nearest
    their district."""
    import pandas as pd

    districts = a.net.nodes["district"].to_numpy()
    orgs = overview_organisations(a)
    hub_names = district_order(a)
    people = (
        pd.Series(districts[a.sn.is_resident]).value_counts().reindex(hub_names).to_numpy()
        if hub_names
        else np.zeros(0, dtype=np.int64)
    )
    hub_size = hub_sizes(people)
    ring_names = sorted({d for d in districts[orgs].tolist() if d} | set(hub_names) - {""})
    ring = {d: j for j, d in enumerate(ring_names)}
    base = len(orgs)
    hubs = np.full(len(ring_names), -1, dtype=np.int64)
    hub_radius = np.zeros(len(ring_names))
    for j, d in enumerate(hub_names):
        if d:
            hubs[ring[d]] = base + j
            hub_radius[ring[d]] = hub_size[j]
    groups = np.array(
        [ring.get(d, -1) for d in districts[orgs].tolist()] + [ring.get(d, -1) for d in hub_names],
        dtype=np.int64,
    )
    priority = np.concatenate([a.sn.dependents[orgs], np.zeros(len(hub_names))])
    xy = layout.districts(groups, hubs, hub_radius, priority=priority)
    return {
        "x": xy[:, 0].tolist(),
        "y": xy[:, 1].tolist(),
        "hubs": hub_names,
        "hub_size": hub_size.tolist(),
    }


def full_layout(a: Analysis, show_ended: bool) -> dict:
    """Spring positions of every node (a network small enough to draw whole), districts
    placed on a ring around the city-wide organisations."""
    n = a.sn.n
    group = np.arange(n, dtype=np.int64)
    merged = merged_ties(a, group, show_ended)
    pairs = merged[["a", "b"]].to_numpy(dtype=np.int64).reshape(-1, 2)
    groups = layout.district_groups(a.net.nodes["district"].tolist())
    xy = layout.positions(n, pairs, groups)
    return {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist()}
