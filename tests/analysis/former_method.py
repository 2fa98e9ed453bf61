"""The per-need method before ``analysis/removal.py``, kept as an independent cross-check.

For a need of ``r`` fed from inside ``r``'s strongly connected component, it builds the
whole component without ``r``, every entry hung from the root by its dominator chain, and
computes dominators of that small graph in pure Python. Exact, but its cost grows with
(residents on a cycle) × (component size), so it lives in the tests only.
"""

from __future__ import annotations

import numpy as np

from tsunagari.analysis.dominators import SafetyNet, entered_edges
from tsunagari.analysis.status import thread_in
from tsunagari.analysis.trees import chain_edges, local_dominators


def former_need_thread(sn: SafetyNet, r: int, supporters: list[int]) -> tuple[str, tuple[int, ...]]:
    """Status and single points (vertex numbers) of one need of ``r`` fed by ``supporters``."""
    comp, idom, root = sn.component, sn.idom, sn.root
    if not any(comp[s] == comp[r] for s in supporters):
        reached = [s for s in supporters if idom[s] >= 0]
        if not reached:
            return "unreached", ()
        top = sn.nearest_common_dominator(reached)
        return ("overlapping", ()) if top == root else ("single_thread", sn.chains[top])
    cycle = set(np.flatnonzero(comp == comp[r]).tolist())
    cycle.discard(r)
    in_tree = {root}
    edges = entered_edges(sn, cycle, r, in_tree)  # the whole component, without r
    edges += chain_edges(idom, [s for s in supporters if s not in cycle], in_tree)
    edges += [(s, r) for s in supporters if s in cycle or idom[s] >= 0]
    return thread_in(local_dominators(edges, root), r, root)
