"""What if a supporter stopped: statuses after losing nodes or supports, and who changed.

:func:`scenario` answers one scenario by recomputing every status on the network without
the lost nodes and ties, and lists each remaining resident whose status (or the status of
one of their needs) differs. Losing ties never adds a path, so every change is for the
worse. (Every supporter's loss at once, read off one tree: :mod:`.impact`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from ..columnar import framed
from ..errors import TsunagariError
from ..network import Network
from ..tables import records
from ..vocabulary import KINDS
from ..words import message
from .dominators import safety_net
from .status import SEVERITY, resident_rows, status_dtype

if TYPE_CHECKING:
    import pandas as pd

    from .analysed import Analysis

__all__ = ["WhatIf", "scenario"]


class WhatIf:
    """The outcome of one what-if scenario.

    Attributes
    ----------
    removed : list of str
        Ids of the nodes taken away.
    ended : list of (str, str)
        ``(source, target)`` of the ties ended (every active row between the two).
    before, after : DataFrame
        :func:`~tsunagari.residents` tables before and after the loss (``after`` has no
        row for a removed resident). ``before`` is the analysis's resident table; when the
        analysis had not computed it yet, it is computed again on first use: the scenario
        itself keeps only each resident's statuses, so that two city-sized tables are
        never held at once.
    meta : dict
        ``as_of`` and ``roots`` of the analysis.
    changed : DataFrame
        One row per remaining resident whose status or one of whose needs' statuses
        changed, worst outcome first: ``id, name, district, before, after,
        single_points`` (after the loss) and ``need_changes`` (``{domain: {"before": ...,
        "after": ...}}`` for the needs that changed).
    """

    def __init__(
        self,
        removed: list[str],
        ended: list[tuple[str, str]],
        before: pd.DataFrame | Callable[[], pd.DataFrame],
        after: pd.DataFrame,
        changed: pd.DataFrame,
        meta: dict | None = None,
    ) -> None:
        self.removed = removed
        self.ended = ended
        self._before = before
        self.after = after
        self.changed = changed
        self.meta = meta or {}  # the day and roots of the analysis

    @property
    def before(self) -> pd.DataFrame:
        if callable(self._before):
            self._before = self._before()
        return self._before

    def __repr__(self) -> str:
        return (
            f"WhatIf(removed={self.removed!r}, ended={self.ended!r}, "
            f"after={len(self.after)} residents, changed={len(self.changed)})"
        )

    def to_dict(self, *, frames: bool = False) -> dict:
        """Plain JSON-able form: ``as_of``, ``roots``, ``removed``, ``ended``, and
        ``changed`` and ``after`` records.

        With ``frames=True``, ``changed`` and ``after`` stay DataFrames, for
        :func:`tsunagari.tables.json_pieces` to write a city's result a chunk at a time.
        """
        table = (lambda frame: frame) if frames else records
        return {
            **self.meta,
            "removed": list(self.removed),
            "ended": [{"source": s, "target": t} for s, t in self.ended],
            "changed": table(self.changed),
            "after": table(self.after),
        }


def _ended_rows(net: Network, end: Iterable[tuple[str, str]], day: dt.date) -> np.ndarray:
    """Row positions of the active ties between each ``(source, target)`` pair."""
    rows: list[np.ndarray] = []
    ties = None
    for a, b in end:
        for node in (a, b):
            if node not in net:
                raise TsunagariError(message("err_unknown_node", id=node))
        if ties is None:  # node positions, not ids: no string per support is built
            collab = (net.supports["relation"] == "collaboration").to_numpy()
            ties = (net.active(day), net.source_index, net.target_index, collab)
        active, source, target, collab = ties
        i, j = net.positions([a, b]).tolist()
        hit = active & (((source == i) & (target == j)) | (collab & (source == j) & (target == i)))
        if not hit.any():
            raise TsunagariError(message("err_no_tie", source=a, target=b, day=day.isoformat()))
        rows.append(np.flatnonzero(hit))
    return np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)


def _cut(net: Network, remove: list[str], rows: np.ndarray, day: dt.date) -> Network:
    """The network as it is on ``day`` without the ties of the removed nodes and the ended
    rows: those ties end on ``day`` (``until`` is set to it, so they are not active).

    The removed nodes themselves stay, tied to nothing on ``day``: such a node lies on no
    path to anyone else (a removed root keeps only its edge from the virtual root), so every
    other status is the one of ``net.without(nodes=remove, supports=rows)``. Only the
    ``until`` column is new (a city's tables are shared, not copied), and the rows of both
    status tables stay aligned.
    """
    drop = np.zeros(len(net.nodes), dtype=bool)
    drop[net.positions(remove)] = True
    lost = drop[net.source_index] | drop[net.target_index]
    lost[rows] = True
    until = net.supports["until"].to_numpy().copy()
    until[lost] = np.datetime64(day, "D")
    supports = net.supports.copy(deep=False)
    supports["until"] = until
    ends = (net.source_index, net.target_index)  # the same rows: no id is looked up again
    return Network(net.nodes, supports, net.vocabulary, source=net.source, ends=ends)


class _Statuses:
    """Each row's status and need statuses of a status table, as compact arrays.

    ``count[i]`` needs of row ``i`` from ``start[i]`` in ``domain`` and ``need`` (codes from
    the shared ``domains`` and ``needs`` dicts), in the order of the row's ``needs`` dict.
    A city's table of dicts takes a hundred times the room.
    """

    def __init__(self, table: pd.DataFrame, domains: dict[str, int], needs: dict[str, int]) -> None:
        self.ids = table["id"].to_numpy()
        self.status = np.fromiter(
            map(SEVERITY.__getitem__, table["status"].tolist()), np.int8, len(table)
        )
        maps = table["needs"].tolist()
        self.count = np.fromiter(map(len, maps), np.int64, len(maps))
        self.start = np.cumsum(self.count) - self.count
        total = int(self.count.sum())
        code = domains.setdefault
        self.domain = np.fromiter((code(d, len(domains)) for m in maps for d in m), np.int32, total)
        code = needs.setdefault
        self.need = np.fromiter(
            (code(s, len(needs)) for m in maps for s in m.values()), np.int32, total
        )

    def needs_of(self, i: int, domains: list[str], needs: list[str]) -> dict[str, str]:
        """Row ``i``'s ``needs`` dict, as the table had it."""
        at = slice(int(self.start[i]), int(self.start[i] + self.count[i]))
        return dict(
            zip(
                [domains[d] for d in self.domain[at].tolist()],
                [needs[s] for s in self.need[at].tolist()],
            )
        )


def _changes(prior: _Statuses, after: pd.DataFrame, gone: np.ndarray, codes) -> pd.DataFrame:
    """Residents of ``after`` (but not ``gone``) whose status or need statuses differ from
    ``prior``'s, which has the same rows."""
    import pandas as pd

    domains, needs = codes
    now = _Statuses(after, domains, needs)
    if not (len(prior.ids) == len(now.ids) and np.array_equal(prior.ids, now.ids)):
        raise AssertionError("both tables list the residents of one node table, in order")
    status_before = prior.status
    differs = status_before != now.status
    # needs: equal code sequences are equal dicts; any other row is compared as dicts
    if np.array_equal(prior.count, now.count):
        pair = (prior.domain != now.domain) | (prior.need != now.need)
        maybe = np.zeros(len(now.ids), dtype=bool)
        maybe[np.repeat(np.arange(len(now.ids)), now.count)[pair]] = True
    else:
        maybe = np.ones(len(now.ids), dtype=bool)
    maybe &= ~gone
    domain_names, need_names = list(domains), list(needs)
    needs_after = after["needs"].tolist()
    need_changes: dict[int, dict] = {}
    for i in np.flatnonzero(maybe).tolist():
        old = prior.needs_of(i, domain_names, need_names)
        new = needs_after[i]
        if old != new:
            differs[i] = True
            need_changes[i] = {
                d: {"before": s, "after": new[d]} for d, s in old.items() if new[d] != s
            }
    at = np.flatnonzero(differs & ~gone)
    status_after = after["status"].astype(str).to_numpy()
    table = framed(
        {
            "id": after["id"].to_numpy()[at],
            "name": after["name"].to_numpy()[at],
            "district": after["district"].to_numpy()[at],
            "before": pd.Categorical.from_codes(status_before[at], dtype=status_dtype()),
            "after": pd.Categorical(status_after[at], dtype=status_dtype()),
            "single_points": after["single_points"].to_numpy()[at],
            "need_changes": pd.Series([need_changes.get(i, {}) for i in at.tolist()], dtype=object),
        }
    )
    key = pd.DataFrame(
        {
            "after": table["after"].cat.codes,  # severity
            "drop": table["before"].cat.codes - table["after"].cat.codes,
            "id": table["id"],
        }
    )
    order = key.sort_values(["after", "drop", "id"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def scenario(
    a: Analysis,
    before: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    remove: Iterable[str] = (),
    end: Iterable[tuple[str, str]] = (),
) -> WhatIf:
    """:meth:`.Analysis.whatif`: the analysis's network without ``remove`` and ``end``.

    ``before`` is the analysis's resident table, or a function that computes it: then the
    scenario keeps only each resident's statuses from it, so that two city-sized tables
    are never held at once, and :attr:`WhatIf.before` computes it again if asked.
    """
    net, day = a.net, a.as_of
    remove = list(dict.fromkeys(remove))
    end = [(str(s), str(t)) for s, t in end]
    for node in remove:
        if node not in net:
            raise TsunagariError(message("err_unknown_node", id=node))
    rows = _ended_rows(net, end, day)
    kept_roots = [r for r in a.roots if r in KINDS or r not in remove]

    codes: tuple[dict[str, int], dict[str, int]] = ({}, {})
    prior = _Statuses(before() if callable(before) else before, *codes)
    sn = safety_net(_cut(net, remove, rows, day), as_of=day, roots=kept_roots)
    after = resident_rows(sn, lsns_threshold=a.lsns_threshold)
    del sn
    gone = after["id"].isin(remove).to_numpy()  # removed residents, tied to nothing now
    changed = _changes(prior, after, gone, codes)
    del prior
    if gone.any():
        after = after[~gone].reset_index(drop=True)
    return WhatIf(
        removed=remove,
        ended=list(dict.fromkeys(end)),
        before=before,
        after=after,
        changed=changed,
        meta=a.meta,
    )
