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
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import TsunagariError
from ..network import Network, as_of_date
from ..vocabulary import NEED_STATUSES, STATUSES, label
from .dominators import SafetyNet, safety_net
from .status import SEVERITY, _need_thread, resident_rows

__all__ = ["plan", "suggest", "suggestion_rows"]

FALLBACK_DOMAINS = ("watching_over", "loneliness_isolation")
NEED_ORDER = {s: i for i, s in enumerate(NEED_STATUSES)}  # uncovered first
WORK = ("isolated", "unreached", "single_thread")


class _Web:
    """What every suggestion needs to know about the network on one day.

    Plain Python lists and sets, so that the many small look-ups per candidate stay cheap.
    :meth:`add` records a new tie and :meth:`refresh` takes the recomputed dominator tree,
    so a plan can change the network step by step without rebuilding everything.
    """

    def __init__(self, sn: SafetyNet, table: pd.DataFrame):
        net = sn.net
        nodes = net.nodes
        n = sn.n
        self.n = n
        self.table = table
        self.ids = nodes["id"].to_numpy()
        self.names = nodes["name"].to_numpy()
        self.district = nodes["district"].tolist()
        psrc, pdst = sn.support_pairs
        load = np.bincount(psrc, minlength=n + 1)[:n]
        capacity = nodes["capacity"]
        limit = capacity.fillna(0).to_numpy(dtype=np.int64)
        self.unlimited = capacity.isna().to_numpy().tolist()
        self.room = (limit - load).tolist()
        self.supporters: list[set[int]] = [set() for _ in range(n)]
        for s, t in zip(psrc.tolist(), pdst.tolist()):
            self.supporters[t].add(s)
        self.ties: list[set[int]] = [set() for _ in range(n)]
        for a, b in zip(sn.src.tolist(), sn.dst.tolist()):
            if a < n and b < n:
                self.ties[a].add(b)
                self.ties[b].add(a)
        self.by_need: dict[tuple[int, str], list[int]] = {}
        has_domain = sn.support_domain != ""
        for s, t, d in zip(
            sn.support_src[has_domain].tolist(),
            sn.support_dst[has_domain].tolist(),
            sn.support_domain[has_domain].tolist(),
        ):
            group = self.by_need.setdefault((t, d), [])
            if s not in group:
                group.append(s)
        self.is_org = (nodes["kind"] != "resident").to_numpy()
        self.providers: dict[tuple[str, str], list[int]] = {}
        services = nodes["services"].tolist()
        for i in np.flatnonzero(self.is_org).tolist():
            for d in services[i]:
                self.providers.setdefault((self.district[i], d), []).append(i)
        self.refresh(sn)

    def refresh(self, sn: SafetyNet) -> None:
        """Take the dominator tree of the network as it is now."""
        self.sn = sn
        self.root = sn.root
        self.idom = sn.idom.tolist()
        self.depth = sn.depth.tolist()
        self.branch = _branch(sn).tolist()
        self.reaches_org = _reaches(sn, self.is_org).tolist()
        ptr, succ = _successors(sn)
        self.succ_ptr, self.succ = ptr.tolist(), succ.tolist()
        self._tops: dict[tuple[int, str], int | None] = {}
        self._pools: dict[tuple[str, str], tuple[list[int], dict[int, int]]] = {}

    def add(self, s: int, r: int, domain: str) -> None:
        """Record a new support ``s → r`` (call :meth:`refresh` with the new tree after)."""
        self.supporters[r].add(s)
        self.ties[s].add(r)
        self.ties[r].add(s)
        self.room[s] -= 1
        self._pools = {}
        group = self.by_need.setdefault((r, domain), [])
        if s not in group:
            group.append(s)

    def has_room(self, s: int) -> bool:
        return self.unlimited[s] or self.room[s] > 0

    def room_after(self, s: int) -> int | None:
        return None if self.unlimited[s] else self.room[s] - 1

    def candidates(self, r: int, domain: str) -> list[int]:
        """Supporters that may take ``r`` on for ``domain`` (module docstring's rules)."""
        district = self.district[r]
        pool = self.providers.get((district, domain), [])
        if district:
            pool = pool + self.providers.get(("", domain), [])
        idom, branch = self.idom, self.branch
        reached_r = idom[r] >= 0
        single = reached_r and idom[r] != self.root
        have = self.supporters[r]
        out = []
        for s in pool:
            if s == r or s in have or idom[s] < 0 or not self.has_room(s):
                continue
            if single and branch[s] == branch[r]:
                continue  # behind one of r's single points (or behind r herself)
            if reached_r and not single and self.dominates(r, s):
                continue
            out.append(s)
        return out

    def pool(self, district: str, domain: str) -> tuple[list[int], dict[int, int]]:
        """Reached providers of ``domain`` with room for ``district``, best placed first
        (local before city-wide, then most room, then id), and each one's position."""
        key = (district, domain)
        if key not in self._pools:

            def order(group: list[int]) -> list[int]:
                ok = [s for s in group if self.idom[s] >= 0 and self.has_room(s)]
                return sorted(ok, key=lambda s: (-self._room_key(s), self.ids[s]))

            pool = order(self.providers.get(key, []))
            if district:
                pool += order(self.providers.get(("", domain), []))
            self._pools[key] = (pool, {s: i for i, s in enumerate(pool)})
        return self._pools[key]

    def _room_key(self, s: int) -> int:
        return 1 << 62 if self.unlimited[s] else self.room[s]

    def ranked(self, r: int, targets: list[tuple[str, str]], limit: int | None) -> list[tuple]:
        """The best ``limit`` candidates for ``r`` over all her target needs, ranked.

        Within one need, candidates come in pool order; once ``limit`` of them reach the
        best outcome possible without an introducer, later ones cannot rank higher, so the
        scan stops (introduced candidates are taken from the pool separately first).
        """
        idom, branch = self.idom, self.branch
        reached_r = idom[r] >= 0
        single = reached_r and idom[r] != self.root
        have = self.supporters[r]
        found = []
        for rank, (domain, need) in enumerate(targets):
            pool, position = self.pool(self.district[r], domain)
            if not pool:
                continue
            members = set(position)
            introduced: set[int] = set()
            for p in have:
                introduced |= self.ties[p] & members
            variable = bool(need) and bool(self.by_need.get((r, domain)))
            best_outcome = NEED_ORDER["overlapping"] if variable else None
            counts: dict[int, int] = {}
            first = sorted(introduced, key=position.__getitem__)
            for is_intro, sequence in ((True, first), (False, pool)):
                for s in sequence:
                    if (not is_intro and s in introduced) or s == r or s in have:
                        continue
                    if single and branch[s] == branch[r]:
                        continue  # behind one of r's single points (or behind r herself)
                    if reached_r and not single and self.dominates(r, s):
                        continue
                    if need:
                        need_after = self.need_after(r, s, domain) if variable else "single_thread"
                    else:
                        need_after = ""
                    outcome = NEED_ORDER.get(need_after, 0)
                    if not is_intro and limit:
                        if counts.get(outcome, 0) >= limit:
                            continue
                        counts[outcome] = counts.get(outcome, 0) + 1
                    after = self.status_after(r, s)
                    key = (-SEVERITY[after], -outcome, not is_intro, rank, position[s])
                    found.append((key, domain, need, s, after, need_after, self.room_after(s)))
                    if (
                        not is_intro
                        and limit
                        and (best_outcome is None or outcome == best_outcome)
                        and counts[outcome] >= limit
                    ):
                        break
        found.sort(key=lambda item: item[0])
        return found[: limit or None]

    def dominates(self, a: int, b: int) -> bool:
        depth, idom = self.depth, self.idom
        while depth[b] > depth[a]:
            b = idom[b]
        return b == a

    def introducer(self, r: int, s: int) -> int | None:
        known = [p for p in self.supporters[r] if s in self.ties[p]]
        return min(known) if known else None

    def reaches(self, r: int, s: int) -> bool:
        """Whether a path leads from ``r`` to ``s`` (so ``s → r`` would close a cycle)."""
        if not self.reaches_org[r]:
            return False
        ptr, succ = self.succ_ptr, self.succ
        seen, stack = {r}, [r]
        while stack:
            v = stack.pop()
            for w in succ[ptr[v] : ptr[v + 1]]:
                if w == s:
                    return True
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        return False

    def status_after(self, r: int, s: int) -> str:
        """Overall status of ``r`` once ``s`` (reached, not dominated by r) supports her."""
        if self.idom[r] < 0:
            return "single_thread"
        if self.idom[r] == self.root or self.branch[s] != self.branch[r]:
            return "overlapping"
        return "single_thread"

    def need_after(self, r: int, s: int, domain: str) -> str:
        """Status of ``r``'s need ``domain`` once ``s`` supports her in it."""
        feeding = self.by_need.get((r, domain), [])
        if self.reaches(r, s):
            return _recomputed(self.sn, r, s, domain)
        comp = self.sn.component
        if any(comp[f] == comp[r] for f in feeding):
            return _need_thread(self.sn, r, [*feeding, s])[0]
        key = (r, domain)
        if key not in self._tops:
            reached = [f for f in feeding if self.idom[f] >= 0]
            self._tops[key] = self.sn.nearest_common_dominator(reached) if reached else None
        top = self._tops[key]
        if top is None:
            return "single_thread"
        if top == self.root or self.branch[s] != self.branch[top]:
            return "overlapping"
        return "single_thread"


def _branch(sn: SafetyNet) -> np.ndarray:
    """For each vertex, its ancestor just below the root of the dominator tree (-1 if
    unreached). Two reached vertices have the root as nearest common dominator exactly
    when their branches differ."""
    up = sn.idom.copy()
    up[sn.root] = sn.root
    node = np.arange(sn.n + 1)
    reached = sn.idom >= 0
    branch = np.where(reached, node, -1)
    climb = reached & (up != sn.root)
    while climb.any():
        branch[climb] = up[climb]
        up[climb] = sn.idom[up[climb]]
        climb &= up != sn.root
    return branch


def _successors(sn: SafetyNet) -> tuple[np.ndarray, np.ndarray]:
    """CSR of out-neighbours: ``succ[ptr[v]:ptr[v+1]]``."""
    order = np.argsort(sn.src, kind="stable")
    ptr = np.zeros(sn.n + 2, dtype=np.int64)
    np.cumsum(np.bincount(sn.src, minlength=sn.n + 1), out=ptr[1:])
    return ptr, sn.dst[order]


def _reaches(sn: SafetyNet, targets: np.ndarray) -> np.ndarray:
    """Vertices with a path of one or more edges to some vertex of the ``targets`` mask."""
    ptr, pred = sn.predecessors
    mark = np.zeros(sn.n + 1, dtype=bool)
    frontier = np.flatnonzero(targets)
    while frontier.size:
        lengths = ptr[frontier + 1] - ptr[frontier]
        starts = np.repeat(ptr[frontier] - np.cumsum(lengths) + lengths, lengths)
        found = pred[starts + np.arange(lengths.sum())]
        found = np.unique(found[~mark[found]])
        mark[found] = True
        frontier = found
    return mark


def _recomputed(sn: SafetyNet, r: int, s: int, domain: str) -> str:
    """The status of need ``domain`` of ``r`` on the network with ``s → r`` added."""
    net = sn.net
    ids = net.nodes["id"]
    extra = pd.DataFrame({"source": [ids.iat[s]], "target": [ids.iat[r]], "domain": [domain]})
    roots = ids.to_numpy()[sn.roots].tolist()
    after = safety_net(net.with_supports(extra), as_of=sn.as_of, roots=roots)
    feeding = [
        int(f)
        for f, t, d in zip(after.support_src, after.support_dst, after.support_domain)
        if t == r and d == domain
    ]
    return _need_thread(after, r, list(dict.fromkeys(feeding)))[0]


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
    web: _Web,
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


def suggestion_rows(
    web: _Web, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
) -> pd.DataFrame:
    """Suggestions from an already built :class:`_Web` (see :func:`suggest`)."""
    table = web.table
    if resident is not None:
        table = table[table["id"] == resident]
    index = web.sn.net.index
    vocab = web.sn.net.vocabulary
    severity = table["status"].map(SEVERITY).astype(int)
    order = (
        pd.DataFrame({"sev": severity, "id": table["id"]})
        .sort_values(["sev", "id"], kind="stable")
        .index
    )
    rows = []
    for row in table.loc[order].to_dict("records"):
        targets = _targets(row, vocab)
        if not targets:
            continue
        r = int(index.get_loc(row["id"]))
        found = web.ranked(r, targets, limit)
        for _, domain, need, s, after, need_after, room in found[: limit or None]:
            intro = web.introducer(r, s)
            rows.append(
                {
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
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["room"] = frame["room"].astype("Int64")
    return frame


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
    sn = safety_net(net, as_of=as_of, roots=roots)
    table = resident_rows(sn)
    if resident is not None and resident not in set(table["id"]):
        raise TsunagariError(f"unknown resident id '{resident}'")
    return suggestion_rows(_Web(sn, table), resident=resident, limit=limit, lang=lang)


# ----------------------------------------------------------------------------- the plan


def _gain(web: _Web, r: int, single: list[bool]) -> list[int]:
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


def _statuses(sn: SafetyNet, residents: np.ndarray) -> np.ndarray:
    """Overall status of each resident position, from the tree alone."""
    n = sn.n
    supported = np.zeros(n + 1, dtype=bool)
    supported[sn.support_dst] = True
    idom = sn.idom[residents]
    return np.select(
        [~supported[residents], idom < 0, idom == sn.root],
        ["isolated", "unreached", "overlapping"],
        "single_thread",
    )


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
    web = _Web(sn, table)
    positions = net.index.get_indexer(table["id"])
    records_ = table.to_dict("records")
    status = table["status"].astype(str).to_numpy()
    rows = []
    for step in range(1, links + 1):
        single = [False] * (sn.n + 1)
        for r in positions[status == "single_thread"].tolist():
            single[r] = True
        ranked = sorted(
            (
                (row, r, _gain(web, r, single))
                for row, r, st in zip(records_, positions.tolist(), status)
                if st == "single_thread"
            ),
            key=lambda item: (-len(item[2]), item[0]["id"]),
        )
        choice = None
        for row, r, _gained in ranked:
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
                choice = (row, r, best)
                break
        if choice is None:
            break
        row, r, (_, s, domain, need) = choice
        intro = web.introducer(r, s)
        extra = pd.DataFrame({"source": [web.ids[s]], "target": [row["id"]], "domain": [domain]})
        net = net.with_supports(extra)
        sn = safety_net(net, as_of=day, roots=roots)
        web.add(s, r, domain)
        web.refresh(sn)
        after = _statuses(sn, positions)
        newly = (status == "single_thread") & (after == "overlapping")
        fixed = tuple(sorted(table["id"].to_numpy()[newly].tolist()))
        need_after = _need_thread(sn, r, web.by_need[(r, domain)])[0] if need else None
        mine = str(after[int(np.flatnonzero(positions == r)[0])])
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
