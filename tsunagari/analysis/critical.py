"""Critical supporters: whose loss would cut the most people off the formal net.

A node's ``dependents`` are the residents it dominates: every thread from the roots to them
runs through it, so if it disappeared they would lose the formal net entirely. Counted for
all nodes at once as subtree sums of the dominator tree
(:attr:`.SafetyNet.dependents`), never by removing nodes one by one.
``sole_supporter_of`` counts the residents whose only active direct supporter it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..columnar import framed
from .dominators import SafetyNet

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["critical_rows"]


def critical_rows(sn: SafetyNet) -> pd.DataFrame:
    """The critical-supporter table of :meth:`.Analysis.critical`."""
    nodes = sn.net.nodes
    table = framed(
        {
            "id": nodes["id"].to_numpy(),
            "name": nodes["name"].to_numpy(),
            "kind": nodes["kind"].to_numpy(),
            "district": nodes["district"].to_numpy(),
            "dependents": sn.dependents,
            "sole_supporter_of": sn.sole_supporters,
            "capacity": nodes["capacity"].array,
            "load": sn.load,
        }
    )
    table = table[(table["dependents"] > 0) | (table["sole_supporter_of"] > 0)]
    table = table.sort_values(
        ["dependents", "sole_supporter_of", "id"], ascending=[False, False, True], kind="stable"
    )
    return table.reset_index(drop=True)
