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

:func:`plan` chooses links one at a time, greedily, each turning the most single threads
into overlaps. Adding a tie into ``r`` from a supporter independent of ``r``'s single
points makes every single-thread resident ``w`` overlapping that ``r`` reaches through
nodes no shallower in the dominator tree than ``w`` (Ramalingam–Reps: these are exactly
the vertices the insertion affects), so the gain of each link is read off the tree; after
each choice the network is recomputed and the gain verified.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from ..dates import as_of_date
from ..errors import TsunagariError
from ..network import Network
from ..vocabulary import NEED_STATUSES, STATUSES, label
from .dominators import SafetyNet, safety_net
from .status import SEVERITY, resident_rows
from .web import NEED_ORDER, Web, need_status

__all__ = ["plan", "suggest", "suggest_chunks", "suggestion_rows"]

FALLBACK_DOMAINS = ("watching_over", "loneliness_isolation")
WORK = ("isolated", "unreached", "single_thread")


def _targets(row: dict, vocabulary) -> list[tuple[str, str]]:
    """(domain, need status) pairs worth a new tie for one resident, most urgent first."""
    needs = row["needs"]
    if row["status"] in WORK:
        wanted = [(d, s) for d, s in needs.items() if s != "overlapping"]
        if not needs:
            wanted = [(d, "") for d in FALLBACK_DOMAINS if d in vocabulary.domains]
    else:
        wanted = [(d, s) for d, s in needs.items() if s == "uncovered"]
    return sorted(wanted, key=lambda pair: NEED_ORDER.get(pair[1], -1))


def _reason(
    web: Web,
    row: dict,
    domain: str,
    need: str,
    after: str,
    need_after: str,
    introducer: int | None,
    lang: str,
) -> str:
    ja = lang == "ja"
    vocab = web.sn.net.vocabulary
    dom = vocab.label(domain, lang)
    parts = []
    if row["status"] == "single_thread":
        points = ", ".join(row["single_points"])
        parts.append(
            f"{points} に依存しない2本目の糸 → {label(STATUSES, after, lang)}"
            if ja
            else f"a second thread independent of {points} → {label(STATUSES, after, lang)}"
        )
    elif row["status"] in ("isolated", "unreached"):
        parts.append(f"{label(STATUSES, row['status'], lang)} → {label(STATUSES, after, lang)}")
    if need:
        change = f"{label(NEED_STATUSES, need, lang)} → {label(NEED_STATUSES, need_after, lang)}"
        parts.append(f"ニーズ「{dom}」: {change}" if ja else f"need '{dom}': {change}")
    else:
        parts.append(f"「{dom}」を提供" if ja else f"offers '{dom}'")
    if introducer is not None:
        who = web.ids[introducer]
        parts.append(
            f"紹介者: {who}（すでに連携あり）"
            if ja
            else f"introduced by {who}, who already works with it"
        )
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


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["room"] = frame["room"].astype("Int64")
    return frame


def _suggestions(
    web: Web, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
) -> Iterator[dict]:
    """The rows of :func:`suggestion_rows`, one at a time."""
    table = web.table
    if resident is not None:
        table = table[table["id"] == resident]
    vocab = web.sn.net.vocabulary
    severity = table["status"].map(SEVERITY).astype(int)
    order = (
        pd.DataFrame({"sev": severity, "id": table["id"]})
        .reset_index(drop=True)
        .sort_values(["sev", "id"], kind="stable")
        .index.to_numpy()
    )
    positions = web.sn.net.index.get_indexer(table["id"])
    ids, districts = table["id"].tolist(), table["district"].tolist()
    statuses, needs = table["status"].tolist(), table["needs"].tolist()
    points = table["single_points"].tolist()
    for i in order.tolist():
        status = statuses[i]
        if status not in WORK and "uncovered" not in needs[i].values():
            continue  # nothing to suggest (see _targets)
        row = {
            "id": ids[i],
            "district": districts[i],
            "status": status,
            "needs": needs[i],
            "single_points": points[i],
        }
        targets = _targets(row, vocab)
        if not targets:
            continue
        r = int(positions[i])
        found = web.ranked(r, targets, limit)
        for _, domain, need, s, after, need_after, room in found[: limit or None]:
            intro = web.introducer(r, s)
            yield {
                "resident": row["id"],
                "district": row["district"],
                "status": row["status"],
                "domain": domain,
                "need": need or None,
                "supporter": web.ids[s],
                "supporter_name": web.names[s],
                "introducer": None if intro is None else web.ids[intro],
                "status_after": after,
                "need_after": need_after or None,
                "room": room,
                "reason": _reason(web, row, domain, need, after, need_after, intro, lang),
            }


def suggestion_rows(
    web: Web, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
) -> pd.DataFrame:
    """Suggestions from an already built :class:`Web` (see :func:`suggest`)."""
    return _frame(list(_suggestions(web, resident=resident, limit=limit, lang=lang)))


def _web(net: Network, resident: str | None, as_of, roots) -> Web:
    sn = safety_net(net, as_of=as_of, roots=roots)
    table = resident_rows(sn)
    if resident is not None and not (table["id"] == resident).any():
        raise TsunagariError(f"unknown resident id '{resident}'")
    return Web(sn, table)


def suggest_chunks(
    net: Network,
    *,
    resident: str | None = None,
    limit: int | None = 3,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
    lang: str = "en",
    size: int = 20_000,
) -> Iterator[pd.DataFrame]:
    """:func:`suggest`'s table in consecutive pieces of at most ``size`` rows, so that a
    city's suggestions can be written out without holding them all.

    The pieces hold :func:`suggest`'s rows in its order. There is always at least one
    (empty when there is nothing to suggest); an unknown ``resident`` raises here, before
    any piece. Each suggestion is worked out as its piece is asked for.
    """
    web = _web(net, resident, as_of, roots)

    def pieces() -> Iterator[pd.DataFrame]:
        rows: list[dict] = []
        sent = False
        for row in _suggestions(web, resident=resident, limit=limit, lang=lang):
            rows.append(row)
            if len(rows) == size:
                yield _frame(rows)
                rows, sent = [], True
        if rows or not sent:
            yield _frame(rows)

    return pieces()


def suggest(
    net: Network,
    *,
    resident: str | None = None,
    limit: int | None = 3,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
    lang: str = "en",
) -> pd.DataFrame:
    """New support ties that would hold residents the net holds poorly, best first.

    For every resident who is isolated, unreached or on a single thread, or who has an
    uncovered need, the candidate supporters of the module docstring, ranked: best
    ``status_after``, then best status of the need, then those with an introducer, then
    the most urgent need, then local before city-wide, then the most room. Each
    suggestion is judged alone: two suggestions may both count on the same free place.

    Parameters
    ----------
    net : Network
    resident : str, optional
        Only this resident (any status).
    limit : int or None
        At most this many suggestions per resident (None or 0: all).
    as_of : date or str, optional
        The day on which supports count as active (default today).
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).
    lang : {"en", "ja"}
        Language of ``reason``.

    Returns
    -------
    DataFrame
        One row per suggested tie, residents worst first: ``resident, district, status``
        (now), ``domain``, ``need`` (the need's status now; null for a resident with no
        recorded need), ``supporter, supporter_name, introducer`` (id or null),
        ``status_after`` and ``need_after`` (exact, as if the tie existed),
        ``room`` (places the supporter would have left; null = no limit), ``reason``.

    Raises
    ------
    TsunagariError
        If ``resident`` is not a resident's id.

    Examples
    --------
    >>> import tsunagari as tg
    >>> ideas = tg.suggest(tg.load(), resident="r-063", as_of="2026-11-27")
    >>> set(ideas["status_after"])
    {'overlapping'}
    """
    web = _web(net, resident, as_of, roots)
    return suggestion_rows(web, resident=resident, limit=limit, lang=lang)


# ----------------------------------------------------------------------------- the plan


def _gain(web: Web, r: int, single: list[bool]) -> list[int]:
    """Single-thread residents made overlapping by a tie into ``r`` from a supporter
    independent of ``r``'s single points: those ``w`` that ``r`` reaches through nodes of
    depth ≥ depth(w) in the dominator tree (the vertices the insertion affects)."""
    depth, ptr, succ, root = web.depth, web.succ_ptr, web.succ, web.root
    start = ptr[r]
    if start == ptr[r + 1]:
        return [r] if single[r] else []
    best = {r: depth[r]}
    heap = [(-depth[r], r)]
    while heap:
        b, v = heapq.heappop(heap)
        b = -b
        if b < best[v]:
            continue
        for w in succ[ptr[v] : ptr[v + 1]]:
            if w == root or depth[w] < 2:
                continue
            bw = min(b, depth[w])
            if bw > best.get(w, -1):
                best[w] = bw
                heapq.heappush(heap, (-bw, w))
    return sorted(w for w, b in best.items() if single[w] and b >= depth[w])


_STATUS_NAMES = list(SEVERITY)  # status code -> name
_SINGLE, _OVERLAPPING = SEVERITY["single_thread"], SEVERITY["overlapping"]


def _statuses(sn: SafetyNet, residents: np.ndarray) -> np.ndarray:
    """Overall status code (:data:`SEVERITY`) of each resident position, from the tree
    alone."""
    n = sn.n
    supported = np.zeros(n + 1, dtype=bool)
    supported[sn.support_dst] = True
    idom = sn.idom[residents]
    codes = [SEVERITY[s] for s in ("isolated", "unreached", "overlapping", "single_thread")]
    return np.select(
        [~supported[residents], idom < 0, idom == sn.root], codes[:3], codes[3]
    ).astype(np.int8)


def plan(
    net: Network,
    links: int = 5,
    *,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = ("agency",),
    lang: str = "en",
) -> pd.DataFrame:
    """A city-wide plan of new ties, chosen greedily to turn the most single threads into
    overlaps, within every supporter's capacity.

    Each step takes, among residents on a single thread with at least one candidate of
    :func:`suggest` that is independent of their single points, the one whose new tie
    would make the most single-thread residents overlapping (family members held
    through her gain too), and the best candidate for her. The network is then
    recomputed with the tie added: the residents listed as ``fixed`` are those the
    recomputation shows as newly overlapping, and capacity is used up as ties are
    added. The plan stops early when no tie helps. One status computation per step.

    Parameters
    ----------
    net : Network
    links : int
        Number of new ties to choose.
    as_of, roots, lang
        As for :func:`suggest`.

    Returns
    -------
    DataFrame
        One row per chosen tie, in order: ``step, resident, supporter, supporter_name,
        domain, introducer, status_after, need_after`` (recomputed), ``fixed`` (ids of
        residents turned from single thread to overlapping by this tie, recomputed),
        ``fixed_count``, ``reason``. ``fixed_count.sum()`` is the number of single
        threads the plan turns into overlaps.

    Examples
    --------
    >>> import tsunagari as tg
    >>> steps = tg.plan(tg.load(), 2, as_of="2026-11-27")
    >>> len(steps), bool((steps["fixed_count"] >= 1).all())
    (2, True)
    """
    day = as_of_date(as_of)
    roots = list(roots)
    sn = safety_net(net, as_of=day, roots=roots)
    table = resident_rows(sn)
    vocab = net.vocabulary
    web = Web(sn, table)
    del sn
    positions = net.index.get_indexer(table["id"])
    ids = table["id"].tolist()
    columns = {c: table[c].tolist() for c in ("district", "status", "needs", "single_points")}

    def record(i: int) -> dict:
        """Row ``i`` of the table as ``to_dict("records")`` has it (the columns used)."""
        return {"id": ids[i], **{c: values[i] for c, values in columns.items()}}

    status = np.fromiter(map(SEVERITY.__getitem__, columns["status"]), np.int8, len(ids))
    added: list[tuple[str, str, str]] = []
    rows = []
    for step in range(1, links + 1):
        single = [False] * (web.n + 1)
        held = np.flatnonzero(status == _SINGLE)
        for r in positions[held].tolist():
            single[r] = True
        ranked = sorted(
            (
                (i, r, len(_gain(web, r, single)))
                for i, r in zip(held.tolist(), positions[held].tolist())
            ),
            key=lambda item: (-item[2], ids[item[0]]),
        )
        choice = None
        for i, r, _gained in ranked:
            row = record(i)
            best = None
            for rank, (domain, need) in enumerate(_targets(row, vocab)):
                for s in web.candidates(r, domain):
                    room = web.room_after(s)
                    key = (
                        web.introducer(r, s) is None,
                        rank,
                        web.district[s] == "",
                        -(room if room is not None else 1 << 62),
                        web.ids[s],
                    )
                    if best is None or key < best[0]:
                        best = (key, s, domain, need)
            if best is not None:
                choice = (i, row, r, best)
                break
        if choice is None:
            break
        i, row, r, (_, s, domain, need) = choice
        intro = web.introducer(r, s)
        added.append((web.ids[s], row["id"], domain))
        # every tie so far onto the network given, so the last step's copy can go first
        web.sn = None
        extra = pd.DataFrame(added, columns=["source", "target", "domain"])
        sn = safety_net(net.with_supports(extra), as_of=day, roots=roots)
        web.add(s, r, domain)
        web.refresh(sn)
        after = _statuses(sn, positions)
        newly = (status == _SINGLE) & (after == _OVERLAPPING)
        fixed = tuple(sorted(table["id"].to_numpy()[newly].tolist()))
        need_after = need_status(sn, r, web.feeding(r, domain)) if need else None
        del sn
        mine = _STATUS_NAMES[after[i]]
        rows.append(
            {
                "step": step,
                "resident": row["id"],
                "supporter": web.ids[s],
                "supporter_name": web.names[s],
                "domain": domain,
                "introducer": None if intro is None else web.ids[intro],
                "status_after": mine,
                "need_after": need_after,
                "fixed": fixed,
                "fixed_count": len(fixed),
                "reason": _reason(web, row, domain, need, mine, need_after, intro, lang),
            }
        )
        status = after
    columns = [
        "step",
        "resident",
        "supporter",
        "supporter_name",
        "domain",
        "introducer",
        "status_after",
        "need_after",
        "fixed",
        "fixed_count",
        "reason",
    ]
    return pd.DataFrame(rows, columns=columns)
