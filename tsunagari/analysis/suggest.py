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
from array import array
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from ..arrays import distinct
from ..errors import TsunagariError
from ..network import Network, as_of_date
from ..vocabulary import NEED_STATUSES, STATUSES, label
from .dominators import SafetyNet, local_dominators, safety_net
from .status import SEVERITY, _need_thread, component_without, resident_rows

__all__ = ["plan", "suggest", "suggest_chunks", "suggestion_rows"]

FALLBACK_DOMAINS = ("watching_over", "loneliness_isolation")
NEED_ORDER = {s: i for i, s in enumerate(NEED_STATUSES)}  # uncovered first
WORK = ("isolated", "unreached", "single_thread")


def _ints(values: np.ndarray, code: str = "q") -> array:
    """A numpy array as a compact ``array``: item look-ups give plain ints, as a list's do,
    at 8 (or 4) bytes an item instead of a list's 40."""
    return array(code, np.asarray(values, dtype=np.int64 if code == "q" else np.int32).tobytes())


class _Lists:
    """For each of ``n`` keys, the values given with it, in the order given (CSR)."""

    def __init__(self, keys: np.ndarray, values: Sequence[np.ndarray], n: int):
        order = np.argsort(keys, kind="stable")
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=n)[:n], out=ptr[1:])
        self.ptr = _ints(ptr)
        self.values = [_ints(v[order], "i") for v in values]

    def get(self, key: int, which: int = 0) -> array:
        return self.values[which][self.ptr[key] : self.ptr[key + 1]]


class _Web:
    """What every suggestion needs to know about the network on one day.

    Compact arrays (who supports whom, ties to organisations, supports per need, the
    dominator tree), read a few items at a time, so that a city's worth of residents costs
    a few bytes each. :meth:`add` records a new tie and :meth:`refresh` takes the
    recomputed dominator tree, so a plan can change the network step by step without
    rebuilding everything.
    """

    BIG = 64  # ties to organisations above which a node's set of them is kept

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
        self.room = _ints(limit - load)
        self.is_org = (nodes["kind"] != "resident").to_numpy()
        # distinct active supporters of each node, and those added since
        self._supporters = _Lists(pdst, [psrc], n)
        self._more_supporters: dict[int, set[int]] = {}
        # the organisations each node has an active tie with, either way: an introducer is
        # only ever asked about candidates, and candidates are organisations
        inside = (sn.src < n) & (sn.dst < n)
        a, b = sn.src[inside], sn.dst[inside]
        near, far = np.concatenate([a, b]), np.concatenate([b, a])
        org = self.is_org[far]
        self._ties = _Lists(near[org], [far[org]], n)
        self._more_ties: dict[int, set[int]] = {}
        self._tie_sets: dict[int, set[int]] = {}
        # active supports with a domain, by supported node, in file order
        has_domain = sn.support_domain != ""
        codes, domains = pd.factorize(sn.support_domain[has_domain])
        self._domain_code = {d: i for i, d in enumerate(domains.tolist())}
        self._feeds = _Lists(sn.support_dst[has_domain], [sn.support_src[has_domain], codes], n)
        self._more_feeds: dict[tuple[int, str], list[int]] = {}
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
        self.idom = _ints(sn.idom)
        self.depth = _ints(sn.depth)
        self.branch = _ints(_branch(sn))
        self.reaches_org = _reaches(sn, self.is_org).tobytes()
        ptr, succ = _successors(sn)
        self.succ_ptr, self.succ = _ints(ptr), _ints(succ, "i")
        self._tops: dict[tuple[int, str], int | None] = {}
        self._pools: dict[tuple[str, str], tuple[list[int], dict[int, int], set[int]]] = {}
        self._near: tuple[int, set[int], dict[int, set[int]]] | None = None
        self._cycle: tuple[tuple[int, str], _OnCycle] | None = None

    def add(self, s: int, r: int, domain: str) -> None:
        """Record a new support ``s → r`` (call :meth:`refresh` with the new tree after)."""
        self._more_supporters.setdefault(r, set()).add(s)
        for a, b in ((s, r), (r, s)):
            if self.is_org[b]:
                self._more_ties.setdefault(a, set()).add(b)
                self._tie_sets.pop(a, None)
        self.room[s] -= 1
        self._pools = {}
        self._near = None
        self._cycle = None
        if s not in self.feeding(r, domain):
            self._more_feeds.setdefault((r, domain), []).append(s)

    def supporters(self, r: int) -> set[int]:
        """The distinct active supporters of ``r``."""
        have = set(self._supporters.get(r))
        more = self._more_supporters.get(r)
        return have | more if more else have

    def ties(self, v: int) -> set[int]:
        """The organisations ``v`` has an active tie with (support or collaboration, either
        way)."""
        known = self._tie_sets.get(v)
        if known is not None:
            return known
        ptr = self._ties.ptr
        lo, hi = ptr[v], ptr[v + 1]
        known = set(self._ties.values[0][lo:hi])
        more = self._more_ties.get(v)
        if more:
            known |= more
        if hi - lo > self.BIG:
            self._tie_sets[v] = known
        return known

    def near(self, r: int) -> tuple[set[int], dict[int, set[int]]]:
        """:meth:`supporters` of ``r`` and the :meth:`ties` of each (kept for the last
        ``r`` asked about)."""
        if self._near is None or self._near[0] != r:
            have = self.supporters(r)
            self._near = (r, have, {p: self.ties(p) for p in have})
        return self._near[1:]

    def feeding(self, r: int, domain: str) -> list[int]:
        """The distinct supporters of ``r`` in ``domain``, in the order of the supports."""
        out: list[int] = []
        code = self._domain_code.get(domain)
        if code is not None:
            for s, d in zip(self._feeds.get(r), self._feeds.get(r, 1)):
                if d == code and s not in out:
                    out.append(s)
        more = self._more_feeds.get((r, domain))
        return out + more if more else out

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
        have = self.supporters(r)
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
        return self._pool(district, domain)[:2]

    def _pool(self, district: str, domain: str) -> tuple[list[int], dict[int, int], set[int]]:
        """:meth:`pool` and the set of its members."""
        key = (district, domain)
        if key not in self._pools:

            def order(group: list[int]) -> list[int]:
                ok = [s for s in group if self.idom[s] >= 0 and self.has_room(s)]
                return sorted(ok, key=lambda s: (-self._room_key(s), self.ids[s]))

            pool = order(self.providers.get(key, []))
            if district:
                pool += order(self.providers.get(("", domain), []))
            self._pools[key] = (pool, {s: i for i, s in enumerate(pool)}, set(pool))
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
        have, tied = self.near(r)
        found = []
        for rank, (domain, need) in enumerate(targets):
            pool, position, members = self._pool(self.district[r], domain)
            if not pool:
                continue
            introduced: set[int] = set()
            for p in have:
                introduced |= tied[p] & members
            feeding = self.feeding(r, domain) if need else []
            variable = bool(feeding)
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
                        need_after = (
                            self.need_after(r, s, domain, feeding) if variable else "single_thread"
                        )
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
        have, tied = self.near(r)
        known = [p for p in have if s in tied[p]]
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

    def need_after(self, r: int, s: int, domain: str, feeding: list[int] | None = None) -> str:
        """Status of ``r``'s need ``domain`` once ``s`` supports her in it (``feeding``:
        :meth:`feeding` of the need, if known)."""
        if feeding is None:
            feeding = self.feeding(r, domain)
        if self.reaches(r, s):
            return _recomputed(self.sn, r, s, domain)
        comp = self.sn.component
        if any(comp[f] == comp[r] for f in feeding):
            if r in feeding:
                return _need_thread(self.sn, r, [*feeding, s])[0]
            key = (r, domain)
            if self._cycle is None or self._cycle[0] != key:
                self._cycle = (key, _OnCycle(self.sn, r, feeding))
            return self._cycle[1].status_with(s)
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


class _OnCycle:
    """A need of ``r`` fed by a supporter on a cycle through ``r``: the small graph of
    :func:`.status._need_thread_on_cycle` without ``r`` itself, built once for all the
    candidates of the need.

    ``r`` has no way out in that graph, so the rest of its dominator tree does not depend
    on who feeds ``r``, and ``r``'s immediate dominator is the nearest common dominator of
    her reached supporters. A candidate ``s`` that ``r`` does not reach lies outside ``r``'s
    component and joins the graph by its dominator chain, whose nodes keep their dominators
    (none of them is in the component: it would reach ``r`` through ``s``, and ``r`` it).
    """

    def __init__(self, sn: SafetyNet, r: int, feeding: list[int]):
        root, idom = sn.root, sn.idom
        edges = component_without(sn, r, feeding)
        self.root = root
        self.idom = idom
        self.local = local_dominators(edges, root)
        self.top: int | None = None
        for f in feeding:
            if f in self.local:
                self.top = f if self.top is None else self._common(self.top, f)

    def _up(self, x: int) -> int:
        up = self.local.get(x)
        return int(self.idom[x]) if up is None else up

    def _common(self, a: int, b: int) -> int:
        above = {a}
        while a != self.root:
            a = self._up(a)
            above.add(a)
        while b not in above:
            b = self._up(b)
        return b

    def status_with(self, s: int) -> str:
        """The need's status once ``s`` (reached, not reached from ``r``) feeds it too."""
        top = s if self.top is None else self._common(self.top, s)
        return "overlapping" if top == self.root else "single_thread"


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
        found = distinct(found[~mark[found]])
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
    feeds = (after.support_dst == r) & (after.support_domain == domain)
    feeding = list(dict.fromkeys(after.support_src[feeds].tolist()))
    return _need_status(after, r, feeding)


def _need_status(sn: SafetyNet, r: int, supporters: list[int]) -> str:
    """The status of a need of ``r`` fed by ``supporters``: :func:`.status._need_thread`'s,
    without the single points (which would need every vertex's dominator chain)."""
    comp = sn.component
    if any(comp[s] == comp[r] for s in supporters):
        return _need_thread(sn, r, supporters)[0]
    reached = [s for s in supporters if sn.idom[s] >= 0]
    if not reached:
        return "unreached"
    return "overlapping" if sn.nearest_common_dominator(reached) == sn.root else "single_thread"


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


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["room"] = frame["room"].astype("Int64")
    return frame


def _suggestions(
    web: _Web, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
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
    web: _Web, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
) -> pd.DataFrame:
    """Suggestions from an already built :class:`_Web` (see :func:`suggest`)."""
    return _frame(list(_suggestions(web, resident=resident, limit=limit, lang=lang)))


def _web(net: Network, resident: str | None, as_of, roots) -> _Web:
    sn = safety_net(net, as_of=as_of, roots=roots)
    table = resident_rows(sn)
    if resident is not None and not (table["id"] == resident).any():
        raise TsunagariError(f"unknown resident id '{resident}'")
    return _Web(sn, table)


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
    web = _Web(sn, table)
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
        need_after = _need_status(sn, r, web.feeding(r, domain)) if need else None
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
