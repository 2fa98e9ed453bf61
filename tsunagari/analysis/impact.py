"""What if each supporter disappeared: who would be cut off, for every supporter at once.

Read off the dominator tree: a resident held by the net (single thread or overlapping) is
cut off by the loss of ``v`` exactly when ``v`` dominates her, or ``v`` is her only direct
supporter (she would be isolated). Both come from one tree, so the whole table costs about
as much as one status computation. The optional ``weakened`` count (overlapping residents
left on a single thread) takes one small dominator computation per supporter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import rustworkx as rx

from ..columnar import framed
from ..progress import is_large, iterate
from ..words import message
from .dominators import SafetyNet, entered_edges
from .trees import dominates, local_dominators

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["impact_rows"]

LOCAL_LIMIT = 2_000  # above this many vertices below a node, recompute the whole tree


def _without_one(sn: SafetyNet, v: int, below: set[int]) -> dict[int, int]:
    """Immediate dominators, after removing ``v``, of the vertices ``below`` it.

    Only vertices reachable from ``v`` can change. Every other vertex keeps its dominator
    chain, which stands in for all paths to it (as in :mod:`.status`), so a small graph
    of ``below`` plus the chains of its entry points gives the exact answer.
    """
    return local_dominators(entered_edges(sn, below, v, {sn.root}), sn.root)


def _weakened(sn: SafetyNet, candidates: np.ndarray, supported_by: list[set[int]]) -> np.ndarray:
    """Overlapping residents who would hang on a single thread without each candidate.

    One dominator computation per candidate that can reach an overlapping resident, on
    the part of the graph it reaches.
    """
    n, root = sn.n, sn.root
    is_resident = sn.is_resident
    overlapping = np.zeros(n + 1, dtype=bool)
    reached = sn.idom[:n] == root
    has_support = np.array([bool(s) for s in supported_by[:n]], dtype=bool)
    overlapping[:n] = is_resident & reached & has_support
    out = np.zeros(len(candidates), dtype=np.int64)
    graph = sn.graph
    big = is_large(n + len(sn.net.supports))
    each = iterate(candidates.tolist(), message("progress_impact"), show=big)
    for i, v in enumerate(each):
        below = set(rx.descendants(graph, v))
        below.discard(v)
        targets = [w for w in below if overlapping[w]]
        if not targets:
            continue
        if len(below) <= LOCAL_LIMIT:
            found = _without_one(sn, v, below)
        else:
            g = graph.copy()
            g.remove_node(v)
            found = rx.immediate_dominators(g, root)
        out[i] = sum(
            1 for w in targets if w in found and found[w] != root and supported_by[w] - {v}
        )
    return out


def impact_rows(sn: SafetyNet, *, weakened: bool = False) -> pd.DataFrame:
    """The impact table of :meth:`.Analysis.impact`."""
    nodes = sn.net.nodes
    n, idom = sn.n, sn.idom
    is_resident = sn.is_resident

    psrc, pdst = sn.support_pairs
    n_supporters = sn.supporters[:n]
    held = is_resident & (n_supporters > 0) & (idom[:n] >= 0)
    cut_off = sn.dependents.copy()  # the residents each node dominates

    # held residents whose only supporter is v, but whom v does not dominate (they are
    # also reached through a collaboration): losing v still leaves them isolated
    sole = n_supporters[pdst] == 1
    alone_src, alone_dst = psrc[sole], pdst[sole]
    left_alone = np.bincount(alone_src[is_resident[alone_dst]], minlength=n + 1)[:n]
    extra = held[alone_dst]
    extra[extra] = ~dominates(sn.idom, sn.depth, alone_src[extra], alone_dst[extra])
    np.add.at(cut_off, alone_src[extra], 1)

    gives = np.zeros(n, dtype=bool)
    gives[sn.src[sn.src < n]] = True
    candidates = np.flatnonzero(gives)
    table = framed(
        {
            "id": nodes["id"].to_numpy()[candidates],
            "name": nodes["name"].to_numpy()[candidates],
            "kind": nodes["kind"].to_numpy()[candidates],
            "district": nodes["district"].to_numpy()[candidates],
            "cut_off": cut_off[candidates],
            "left_alone": left_alone[candidates],
        }
    )
    sort = ["cut_off", "left_alone"]
    if weakened:
        supported_by: list[set[int]] = [set() for _ in range(n + 1)]
        for s, t in zip(psrc.tolist(), pdst.tolist()):
            supported_by[t].add(s)
        table["weakened"] = _weakened(sn, candidates, supported_by)
        sort.append("weakened")
    table = table.sort_values([*sort, "id"], ascending=[False] * len(sort) + [True], kind="stable")
    return table.reset_index(drop=True)
