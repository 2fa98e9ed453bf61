"""Headline numbers of one network on one day, for the report page and notebooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..network import Network
from ..vocabulary import NEED_STATUSES, STATUSES
from .critical import critical_rows
from .dominators import safety_net
from .status import DEFAULT_AT_RISK, resident_rows

__all__ = ["summary"]


def summary(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
    lsns_threshold: int = 12,
    top: int = 3,
) -> dict:
    """The headline numbers: who the net holds, which needs are uncovered, what it hangs on.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        The day on which supports count as active (default today).
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).
    lsns_threshold : int
        ``lsns6`` below this counts as at risk.
    top : int
        How many critical supporters and districts to list.

    Returns
    -------
    dict
        Plain JSON-able values: ``as_of`` (ISO date), ``nodes``, ``supports`` (active
        rows), ``residents``, ``by_status`` ({status: count}, worst first),
        ``share_overlapping``, ``at_risk`` (isolated + unreached + single thread),
        ``needs`` (resident needs counted one by one), ``needs_by_status``,
        ``uncovered_needs``, ``lsns_at_risk``, ``top_critical`` (the ``top`` rows of
        :func:`~tsunagari.critical`: ``id, name, kind, dependents, sole_supporter_of``)
        and ``worst_districts`` (``district, residents, at_risk, share_at_risk,
        uncovered_needs``; most residents at risk first, then most uncovered needs).

    Examples
    --------
    >>> import tsunagari as tg
    >>> s = tg.summary(tg.load(), as_of="2026-11-27")
    >>> s["residents"], s["by_status"]["overlapping"], s["uncovered_needs"]
    (94, 47, 83)
    """
    sn = safety_net(net, as_of=as_of, roots=roots)
    table = resident_rows(sn, lsns_threshold=lsns_threshold)
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

    ranked = critical_rows(sn).head(top)
    return {
        "as_of": sn.as_of.isoformat(),
        "nodes": len(net.nodes),
        "supports": int(net.active(sn.as_of).sum()),
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
