"""Suggested connections: new support ties that would give a resident an independent thread.

A *candidate* for resident ``r`` and domain ``d`` (one of ``r``'s needs that is not yet held
by overlapping threads; for a resident with no recorded need, 見守り ``watching_over`` or
孤独・孤立 ``loneliness_isolation``) is a supporter ``s`` that

- is not a resident and offers ``d`` in its ``services``;
- is in ``r``'s district or city-wide (empty district);
- has spare capacity: ``capacity`` minus the people it supports now is positive, or it
  has no capacity limit;
- is not already an active supporter of ``r``;
- is reached from the formal net, and not only through ``r`` (``r`` does not dominate it);
- for a resident on a single thread: lies behind none of her single points, so the new
  thread is independent of the old one.

Its *introducer* is a current supporter of ``r`` with an active tie (support or
collaboration, either way) to ``s`` — as the 社協 coordinator who already knew わたせい
introduced Aさん to it.

``status_after`` is exact without recomputing the network: adding a tie ``s → r`` from a
reached ``s`` makes the new immediate dominator of ``r`` the nearest common dominator of
``s`` and ``r`` (or ``s`` itself when ``r`` was not reached), and touches no other in-edge
of ``r``. The need's status after is the per-need computation of :mod:`.status` with ``s``
added to that need's supporters. Only when ``r`` can reach ``s`` (the new tie closes a
cycle through ``r``) is the network rebuilt and recomputed for that suggestion.

A city-wide plan that chooses such ties one at a time is :mod:`.plan`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ..columnar import Column, Columns, Nullable, Ordered
from ..errors import TsunagariError
from ..reasons import named
from ..vocabulary import NEED_STATUSES, STATUSES, Vocabulary, label
from ..words import message, word
from .web import NEED_ORDER, Web

if TYPE_CHECKING:
    from .analysed import Analysis

__all__ = [
    "FALLBACK_DOMAINS",
    "WORK",
    "reason",
    "suggestion_columns",
    "suggestion_pieces",
    "suggestion_records",
    "need_targets",
]

FALLBACK_DOMAINS = ("watching_over", "loneliness_isolation")
WORK = ("isolated", "unreached", "single_thread")
T = TypeVar("T")
REASONS_KEPT = 50_000  # distinct reasons remembered at a time (one in twelve rows at 86,976)


def need_targets(row: dict, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """(domain, need status) pairs worth a new tie for one resident, most urgent first."""
    needs = row["needs"]
    if row["status"] not in WORK:
        return [(d, s) for d, s in needs.items() if s == "uncovered"]  # one status: in order
    if not needs:
        return [(d, "") for d in FALLBACK_DOMAINS if d in vocabulary.domains]
    wanted = [(d, s) for d, s in needs.items() if s != "overlapping"]
    return sorted(wanted, key=lambda pair: NEED_ORDER[pair[1]]) if len(wanted) > 1 else wanted


def reason(
    web: Web,
    row: dict,
    domain: str,
    need: str,
    after: str,
    need_after: str,
    introducer: int | None,
    lang: str,
) -> str:
    vocab = web.sn.net.vocabulary
    dom = vocab.label(domain, lang)
    parts = []
    if row["status"] == "single_thread":
        at = web.sn.net.positions(list(row["single_points"])).tolist()
        points = ", ".join(named(web.names[p], web.ids[p]) for p in at)
        parts.append(
            word("reason_second_thread", lang, points=points, after=label(STATUSES, after, lang))
        )
    elif row["status"] in ("isolated", "unreached"):
        parts.append(f"{label(STATUSES, row['status'], lang)} → {label(STATUSES, after, lang)}")
    if need:
        change = f"{label(NEED_STATUSES, need, lang)} → {label(NEED_STATUSES, need_after, lang)}"
        parts.append(word("reason_need", lang, domain=dom, change=change))
    else:
        parts.append(word("reason_offers", lang, domain=dom))
    if introducer is not None:
        who = named(web.names[introducer], web.ids[introducer])
        parts.append(word("reason_introducer", lang, who=who))
    return "; ".join(parts)


COLUMNS = [
    "resident",
    "district",
    "status",
    "domain",
    "need",
    "supporter",
    "supporter_name",
    "introducer",
    "status_after",
    "need_after",
    "room",
    "reason",
]


def _columns(rows: list[tuple]) -> Columns:
    """Suggestions given row by row (values in the order of :data:`COLUMNS`) as
    :class:`~tsunagari.columnar.Columns`: statuses ordered, ``room`` an integer or
    missing. Their frame is :meth:`.Analysis.suggest`'s."""
    given = zip(*rows) if rows else ([] for _ in COLUMNS)
    lists = dict(zip(COLUMNS, map(list, given)))
    columns = ordered_statuses(lists)
    room = lists["room"]
    missing = np.array([v is None for v in room], np.bool_)
    columns["room"] = Nullable(np.array([v or 0 for v in room], np.int64), missing)
    return Columns(columns)


_ORDERED = {
    "status": STATUSES,
    "status_after": STATUSES,
    "need": NEED_STATUSES,
    "need_after": NEED_STATUSES,
}


def ordered_statuses(lists: dict[str, list]) -> dict[str, Column]:
    """The columns of a suggestion or plan table, its status columns :class:`Ordered`
    as in every result (a missing need status: -1)."""
    columns: dict[str, Column] = dict(lists)
    for name, names in _ORDERED.items():
        if name in lists:
            held = tuple(names)
            code = {n: i for i, n in enumerate(held)}
            codes = np.array([code.get(v, -1) for v in lists[name]], np.int64)
            columns[name] = Ordered(codes, held)
    return columns


def _suggestions(
    web: Web, rows: Columns, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
) -> Iterator[tuple]:
    """The rows of :func:`suggestion_columns`, one at a time (values in the order of
    :data:`COLUMNS`), from the resident table ``rows`` (:attr:`.Analysis.rows`)."""
    ids = rows["id"].tolist()
    picked: Iterable[int] = range(len(ids))
    if resident is not None:
        picked = [i for i in picked if ids[i] == resident]
    severity = rows["status"].codes.tolist()  # the statuses' order is their severity
    uncovered = rows["needs"].count("uncovered").tolist()
    statuses, districts = rows["status"].tolist(), rows["district"].tolist()
    needs, points = rows["needs"], rows["single_points"]
    counted = needs.sizes().tolist()
    positions = np.flatnonzero(web.sn.is_resident).tolist()
    vocab = web.sn.net.vocabulary
    # the targets of every resident in WORK without a recorded need
    fallback = need_targets({"status": WORK[0], "needs": {}}, vocab)
    reasons: dict[tuple, str] = {}  # the same reason is worded once
    by_id = sorted(picked, key=ids.__getitem__)
    for i in sorted(by_id, key=severity.__getitem__):  # by severity, then id (stable)
        status = statuses[i]
        if status not in WORK and not uncovered[i]:
            continue  # nothing to suggest (see need_targets)
        row = None  # made when a reason is worded, or targets are found from its needs
        if status in WORK and not counted[i]:
            targets = fallback
        else:
            row = resident_record(ids[i], districts[i], status, needs.at(i), points[i])
            targets = need_targets(row, vocab)
        if not targets:
            continue
        found = web.ranked(positions[i], targets, limit)
        held = points[i] if status == "single_thread" else ()  # all reason() reads of them
        for _, domain, need, s, after, need_after, room, intro in found:
            key = (status, held, domain, need, after, need_after, intro)
            said = reasons.get(key)
            if said is None:
                if len(reasons) >= REASONS_KEPT:
                    reasons.clear()  # a city's worth would grow without end
                row = row or resident_record(ids[i], districts[i], status, needs.at(i), points[i])
                said = reasons[key] = reason(web, row, domain, need, after, need_after, intro, lang)
            yield (
                ids[i],
                districts[i],
                status,
                domain,
                need or None,
                web.ids[s],
                web.names[s],
                None if intro is None else web.ids[intro],
                after,
                need_after or None,
                room,
                said,
            )


def resident_record(resident: str, district: str, status: str, needs: dict, points: tuple) -> dict:
    """A resident's row of the table as :func:`need_targets` and :func:`reason` read it."""
    return {
        "id": resident,
        "district": district,
        "status": status,
        "needs": needs,
        "single_points": points,
    }


def _rows(a: Analysis, resident: str | None, limit: int | None, lang: str) -> Iterator[tuple]:
    """:func:`_suggestions` of ``a``; an unknown ``resident`` raises here, at once."""
    if resident is not None and resident not in set(a.rows["id"].tolist()):
        raise TsunagariError(message("err_unknown_resident", id=resident))
    return _suggestions(Web(a.sn), a.rows, resident=resident, limit=limit, lang=lang)


def suggestion_columns(
    a: Analysis, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
) -> Columns:
    """The table of :meth:`.Analysis.suggest`, as columns."""
    return _columns(list(_rows(a, resident, limit, lang)))


def suggestion_pieces(
    a: Analysis,
    *,
    resident: str | None = None,
    limit: int | None = 3,
    lang: str = "en",
    size: int = 20_000,
) -> Iterator[Columns]:
    """The pieces of :meth:`.Analysis.suggest_chunks`, as columns; an unknown
    ``resident`` raises here, before any piece."""
    return _batches(_rows(a, resident, limit, lang), size, _columns)


def suggestion_records(
    a: Analysis,
    *,
    resident: str | None = None,
    limit: int | None = 3,
    lang: str = "en",
    size: int = 20_000,
) -> Iterator[list[dict]]:
    """:func:`suggestion_pieces` as lists of records (the values JSON writes, a dict per
    row in the order of :data:`COLUMNS`), made straight from the rows."""
    return _batches(_rows(a, resident, limit, lang), size, _records)


def _records(batch: list[tuple]) -> list[dict]:
    """Suggestions as records, keyed by :data:`COLUMNS` in order (a dict display makes
    them in two thirds of the time ``dict(zip(COLUMNS, row))`` takes)."""
    return [
        {
            "resident": resident,
            "district": district,
            "status": status,
            "domain": domain,
            "need": need,
            "supporter": supporter,
            "supporter_name": supporter_name,
            "introducer": introducer,
            "status_after": status_after,
            "need_after": need_after,
            "room": room,
            "reason": said,
        }
        for (
            resident,
            district,
            status,
            domain,
            need,
            supporter,
            supporter_name,
            introducer,
            status_after,
            need_after,
            room,
            said,
        ) in batch
    ]


def _batches(rows: Iterator[tuple], size: int, made: Callable[[list[tuple]], T]) -> Iterator[T]:
    """``made`` of each ``size`` rows in turn (of none, when there are no rows)."""
    batch: list[tuple] = []
    sent = False
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield made(batch)
            batch, sent = [], True
    if batch or not sent:
        yield made(batch)
