"""Headline numbers of one analysed network, for the report page and notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import NEED_STATUSES, STATUSES
from .status import DEFAULT_AT_RISK

if TYPE_CHECKING:
    from .analysed import Analysis

__all__ = ["headline"]


def headline(a: Analysis, *, top: int = 3) -> dict:
    """The headline numbers of :func:`tsunagari.summary` (whose docstring lists them), for
    ``top`` critical supporters and districts."""
    net, table = a.net, a.table
    status = table["status"].astype(str)
    by_status = {code: int((status == code).sum()) for code in STATUSES}
    needs_by_status = dict.fromkeys(NEED_STATUSES, 0)
    for needs in table["needs"]:
        for need_status in needs.values():
            needs_by_status[need_status] += 1
    residents = len(table)

    frame = table.assign(
        at_risk=status.isin(DEFAULT_AT_RISK),
        uncovered=table["needs"].map(lambda m: sum(s == "uncovered" for s in m.values())),
    )
    districts = (
        frame.groupby("district", sort=True)
        .agg(
            residents=("id", "size"),
            at_risk=("at_risk", "sum"),
            uncovered_needs=("uncovered", "sum"),
        )
        .reset_index()
    )
    districts["share_at_risk"] = districts["at_risk"] / districts["residents"]
    districts = districts.sort_values(
        ["at_risk", "uncovered_needs", "district"], ascending=[False, False, True], kind="stable"
    ).head(top)

    ranked = a.critical().head(top)
    return {
        **a.meta,
        "nodes": len(net.nodes),
        "supports": int(a.active.sum()),
        "residents": residents,
        "by_status": by_status,
        "share_overlapping": by_status["overlapping"] / residents if residents else None,
        "at_risk": sum(by_status[s] for s in DEFAULT_AT_RISK),
        "needs": sum(needs_by_status.values()),
        "needs_by_status": needs_by_status,
        "uncovered_needs": needs_by_status["uncovered"],
        "lsns_at_risk": int(table["lsns_at_risk"].fillna(False).sum()),
        "top_critical": [
            {
                "id": row["id"],
                "name": row["name"],
                "kind": row["kind"],
                "dependents": int(row["dependents"]),
                "sole_supporter_of": int(row["sole_supporter_of"]),
            }
            for row in ranked.to_dict("records")
        ],
        "worst_districts": [
            {
                "district": row["district"],
                "residents": int(row["residents"]),
                "at_risk": int(row["at_risk"]),
                "share_at_risk": float(row["share_at_risk"]),
                "uncovered_needs": int(row["uncovered_needs"]),
            }
            for row in districts.to_dict("records")
        ],
    }
