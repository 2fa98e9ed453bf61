"""The whole analysed network as the map page carries it: columns of integers, strings once.

A page holds every node and tie of the network, not just the view it opens on, so that it
can open any district or person, search anyone and answer a what-if without going back to
Python. Everything is a column: node ``i`` is the ``i``-th entry of every node column and
tie ``j`` the ``j``-th of every tie column; kinds, districts and domains are codes into one
list of names each, so a city of 87,000 residents is a few megabytes of JSON.

What a page says about a person comes from here, and so from the analysis: the status,
the single points (nearest first), the needs' statuses, the dependents and load of a
supporter, each node's breadth-first thread parent. The ties are the rows the map may
draw, in file order: the active ones (every row with ``show_ended``), which is also the
order in which :class:`~tsunagari.analysis.dominators.SafetyNet` lists its edges, so the
page rebuilds exactly that graph (its own safety-net script checks statuses against it).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from ..vocabulary import KINDS, NEED_STATUSES, STATUSES
from ..words import words
from .names import Names

if TYPE_CHECKING:
    from ..analysis.analysed import Analysis

__all__ = ["city_data", "tie_rows"]

NO_CODE = -1


def _codes(values: np.ndarray, names: list[str]) -> list[int]:
    """Each value's position in ``names`` (``-1`` for the empty string)."""
    lookup = {name: k for k, name in enumerate(names)}
    lookup.setdefault("", NO_CODE)
    return [lookup[v] for v in values.tolist()]


def _ragged(rows: list[list[int]]) -> dict[str, list[int]]:
    """Lists of integers as one flat list and offsets: row ``k`` is
    ``flat[start[k]:start[k + 1]]``."""
    start = [0]
    flat: list[int] = []
    for row in rows:
        flat.extend(row)
        start.append(len(flat))
    return {"start": start, "flat": flat}


def tie_rows(a: Analysis, show_ended: bool) -> np.ndarray:
    """Rows of ``net.supports`` a map may draw, in file order: the active ones, or all."""
    return np.arange(len(a.active)) if show_ended else np.flatnonzero(a.active)


def _ties(a: Analysis, domains: list[str], lang: str, show_ended: bool) -> dict:
    w = words(lang)
    sup = a.net.supports
    rows = tie_rows(a, show_ended)
    domain = sup["domain"].to_numpy()[rows]
    code = {d: k for k, d in enumerate(domains)}
    ties = {
        "source": a.net.source_index[rows].tolist(),
        "target": a.net.target_index[rows].tolist(),
        # 2 × collaboration + informal
        "code": (
            2 * (sup["relation"].to_numpy()[rows] == "collaboration")
            + (sup["formality"].to_numpy()[rows] == "informal")
        ).tolist(),
        "domain": [code.get(d, NO_CODE) for d in domain.tolist()],
    }
    if show_ended:
        # an inactive row says why: not started yet, or ended on its day
        day = np.datetime64(a.as_of, "D")
        since = sup["since"].to_numpy()[rows]
        until = sup["until"].to_numpy()[rows]
        inactive = np.flatnonzero(~a.active[rows])
        text = []
        for k in inactive.tolist():
            if not np.isnat(since[k]) and since[k] > day:
                text.append(f"{w['not_started']} {str(since[k])[:10]}")
            elif not np.isnat(until[k]):
                text.append(f"{w['ended']} {str(until[k])[:10]}")
            else:
                text.append("")
        ties["inactive"] = inactive.tolist()
        ties["inactive_text"] = text
    return ties


def city_data(a: Analysis, names: Names, lang: str, show_ended: bool) -> dict:
    """The page's copy of the analysed network (see the module's docstring)."""
    net = a.net
    nodes = net.nodes
    sn = a.sn
    vocab = names.vocab
    shown_domains = [d for d in vocab.domains if not names.hidden(d)]
    domain_code = {d: k for k, d in enumerate(shown_domains)}
    need_code = {s: k for k, s in enumerate(NEED_STATUSES)}
    status_code = {s: k for k, s in enumerate(STATUSES)}
    districts = nodes["district"].to_numpy()
    district_names = sorted({d for d in districts.tolist() if d})
    resident = sn.is_resident

    status = np.full(sn.n, NO_CODE, dtype=np.int64)
    status[resident] = [status_code[s] for s in a.table["status"].astype(str).tolist()]
    # single points as node numbers, nearest first, as the table lists them
    chains = a.table["single_points"].tolist()
    points = {
        "start": [0, *itertools.accumulate(map(len, chains))],
        "flat": net.positions(itertools.chain.from_iterable(chains)).tolist(),
    }
    needs = [
        [
            domain_code[d] * len(NEED_STATUSES) + need_code[s]
            for d, s in row.items()
            if d in domain_code
        ]
        for row in a.table["needs"].tolist()
    ]
    lsns = a.table["lsns6"].astype("float64").fillna(-1).astype(np.int64).tolist()
    services = [
        [domain_code[d] for d in row if d in domain_code]
        for row, person in zip(nodes["services"].tolist(), resident.tolist())
        if not person
    ]
    return {
        "n": sn.n,
        "kinds": list(KINDS),
        "kind": _codes(nodes["kind"].to_numpy(), list(KINDS)),
        "districts": district_names,
        "district": _codes(districts, district_names),
        "id": [str(x) for x in names.ids.tolist()],
        "name": [str(x) for x in names.names.tolist()],
        # organisations only, in node order
        "subtype": [str(s) for s in names.subtypes[~resident].tolist()],
        "roots": sn.roots.tolist(),
        "parent": sn.thread_parent.tolist(),
        "dependents": sn.dependents.tolist(),
        "load": sn.load.tolist(),
        "status": status.tolist(),
        # per resident, in node order
        "supporters": a.table["supporters"].tolist(),
        "single_points": points,
        "needs": _ragged(needs),
        "lsns6": lsns,
        # per organisation, in node order
        "services": _ragged(services),
        "domains": [vocab.label(d, lang) for d in shown_domains],
        "need_statuses": list(NEED_STATUSES),
        "isolated": list(STATUSES).index("isolated"),
        "overlapping": list(STATUSES).index("overlapping"),
        "ties": _ties(a, shown_domains, lang, show_ended),
    }
