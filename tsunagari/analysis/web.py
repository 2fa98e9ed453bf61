"""What every suggestion needs to know about the network on one day, kept compact.

:class:`Web` holds who supports whom, the ties to organisations, the supports per need and
the dominator tree as arrays read a few items at a time, so that a city's worth of
residents costs a few bytes each; :mod:`.suggest` asks it for candidates and their exact
``status_after`` (see there), and :mod:`.suggest`'s :func:`~.suggest.plan` adds ties to it
one at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np

from ..arrays import distinct, first_codes
from ..vocabulary import NEED_STATUSES
from .dominators import SafetyNet
from .need_after import OnCycle, recomputed
from .status import SEVERITY, need_thread

__all__ = ["NEED_ORDER", "Web"]

NEED_ORDER = {s: i for i, s in enumerate(NEED_STATUSES)}  # uncovered first


def _ints(values: np.ndarray, code: str = "q") -> array:
    """A numpy array as a compact ``array``: item look-ups give plain ints, as a list's do,
    at 8 (or 4) bytes an item instead of a list's 40."""
    return array(code, np.asarray(values, dtype=np.int64 if code == "q" else np.int32).tobytes())


class _Lists:
    """For each of ``n`` keys, the values given with it, in the order given (CSR)."""

    def __init__(self, keys: np.ndarray, values: Sequence[np.ndarray], n: int) -> None:
        order = np.argsort(keys, kind="stable")
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=n)[:n], out=ptr[1:])
        self.ptr = _ints(ptr)
        self.values = [_ints(v[order], "i") for v in values]

    def get(self, key: int, which: int = 0) -> array:
        return self.values[which][self.ptr[key] : self.ptr[key + 1]]


class Web:
    """What every suggestion needs to know about the network on one day.

    Compact arrays (who supports whom, ties to organisations, supports per need, the
    dominator tree), read a few items at a time, so that a city's worth of residents costs
    a few bytes each. :meth:`add` records a new tie and :meth:`refresh` takes the
    recomputed dominator tree, so a plan can change the network step by step without
    rebuilding everything.
    """

    BIG = 64  # ties to organisations above which a node's set of them is kept
    PLACES_KEPT = 20_000  # distinct places (:meth:`_place`) whose candidates are remembered

    def __init__(self, sn: SafetyNet) -> None:
        net = sn.net
        n = sn.n
        self.n = n
        self.ids = net.node_column("id").tolist()
        self.names = net.node_column("name").tolist()
        self.district = net.node_column("district").tolist()
        psrc, pdst = sn.support_pairs
        self.unlimited = sn.unlimited.tolist()
        self.room = _ints(sn.room)
        self.is_org = net.node_column("kind") != "resident"
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
        codes, domains = first_codes(sn.support_domain[has_domain].tolist())
        self._domain_code = {d: i for i, d in enumerate(domains)}
        self._feeds = _Lists(sn.support_dst[has_domain], [sn.support_src[has_domain], codes], n)
        self._more_feeds: dict[tuple[int, str], list[int]] = {}
        self.providers: dict[tuple[str, str], list[int]] = {}
        services = net.node_column("services").tolist()
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
        ptr, succ = sn.successors
        self.succ_ptr, self.succ = _ints(ptr), _ints(succ, "i")
        self._tops: dict[tuple[int, str], int | None] = {}
        self._pools: dict[tuple[str, str], tuple[list[int], dict[int, int], set[int]]] = {}
        self._near: tuple[int, set[int], dict[int, set[int]]] | None = None
        self._cycle: tuple[tuple[int, str], OnCycle] | None = None
        self._placed: dict[tuple, list[tuple]] = {}

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
        self._placed = {}
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
                return sorted(ok, key=lambda s: (self.room_rank(s), self.ids[s]))

            pool = order(self.providers.get(key, []))
            if district:
                pool += order(self.providers.get(("", domain), []))
            self._pools[key] = (pool, {s: i for i, s in enumerate(pool)}, set(pool))
        return self._pools[key]

    def room_rank(self, s: int) -> tuple[bool, int]:
        """Sorts supporters by room, most first: no capacity limit before any number."""
        return (False, 0) if self.unlimited[s] else (True, -self.room[s])

    def ranked(self, r: int, targets: list[tuple[str, str]], limit: int | None) -> list[tuple]:
        """:meth:`_ranked`, found once for residents in the same place (:meth:`_place`)."""
        place = self._place(r, targets, limit)
        if place is None:
            return self._ranked(r, targets, limit)
        found = self._placed.get(place)
        if found is None:
            if len(self._placed) >= self.PLACES_KEPT:
                self._placed.clear()  # a city's worth of distinct places would grow without end
            found = self._placed[place] = self._ranked(r, targets, limit)
        return found

    def _place(self, r: int, targets: list[tuple[str, str]], limit: int | None) -> tuple | None:
        """What :meth:`_ranked` reads of ``r``, when that is little: no one supports her yet
        in any of her target needs (no recorded need, or uncovered ones: every candidate's
        need status after is the same), none of her supporters is tied to an organisation
        (no candidate has an introducer), and she is unreached or on a single thread
        (whether she dominates a candidate is never asked). Then her candidates
        depend only on her district and her branch of the dominator tree (-1 unreached):
        her own supporters are never among them, being unreached with her or behind her
        single point. Otherwise None."""
        if self.idom[r] == self.root:  # reached, and not on a single thread
            return None
        for domain, need in targets:
            if need and self.feeding(r, domain):
                return None
        ptr, more = self._ties.ptr, self._more_ties  # ties to organisations (ties())
        for supporters in (self._supporters.get(r), self._more_supporters.get(r, ())):
            for p in supporters:
                if ptr[p] < ptr[p + 1] or p in more:
                    return None
        return (self.district[r], tuple(targets), limit, self.branch[r])

    def _ranked(self, r: int, targets: list[tuple[str, str]], limit: int | None) -> list[tuple]:
        """The best ``limit`` candidates for ``r`` over all her target needs, ranked.

        Within one need, candidates come in pool order; once ``limit`` of them reach the
        best outcome possible without an introducer, later ones cannot rank higher, so the
        scan stops (introduced candidates are taken from the pool separately first). A
        later need's candidates without an introducer are not looked for at all once
        ``limit`` earlier ones without one have an outcome at least as good as any of
        theirs can be: they would all rank below those.
        Each is ``(key, domain, need status, supporter, status after, need status after,
        room after, introducer)``.
        """
        idom, branch = self.idom, self.branch
        reached_r = idom[r] >= 0
        single = reached_r and idom[r] != self.root
        own = branch[r]
        have, tied = self.near(r)
        # every candidate kept gives r the same status. A reached r's new immediate
        # dominator is the nearest common dominator of s and r: the root unless s lies
        # behind one of her single points, and those are left out below. An unreached r is
        # reached through s alone: a single thread.
        after = "overlapping" if reached_r else "single_thread"
        severity = -SEVERITY[after]
        found = []
        plain: list[int] = []  # the outcomes of those found without an introducer
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
            if limit and len(plain) >= limit:
                # the best outcome a candidate of this need can have (need_after's order)
                bound = NEED_ORDER["overlapping" if variable else "single_thread"] if need else 0
                if sum(o >= bound for o in plain) >= limit:
                    pool = []  # every candidate of it without an introducer ranks lower
            for is_intro, sequence in ((True, first), (False, pool)):
                for s in sequence:
                    if (not is_intro and s in introduced) or s == r or s in have:
                        continue
                    if single and branch[s] == own:
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
                    key = (severity, -outcome, not is_intro, rank, position[s])
                    found.append((key, domain, need, s, after, need_after))
                    if not is_intro:
                        plain.append(outcome)
                    if (
                        not is_intro
                        and limit
                        and (best_outcome is None or outcome == best_outcome)
                        and counts[outcome] >= limit
                    ):
                        break
        found.sort()  # by key: no two keys are equal (rank and position tell them apart)
        # only an introduced candidate has an introducer: any other, tied to one of r's
        # supporters, would have been introduced
        return [
            (*kept, self.room_after(kept[3]), None if kept[0][2] else self.introducer(r, kept[3]))
            for kept in found[: limit or None]
        ]

    def dominates(self, a: int, b: int) -> bool:
        """Whether ``a`` dominates-or-equals ``b``: :func:`.trees.dominates` for one
        pair, on the compact arrays (asked once per candidate)."""
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

    def need_after(self, r: int, s: int, domain: str, feeding: list[int] | None = None) -> str:
        """Status of ``r``'s need ``domain`` once ``s`` supports her in it (``feeding``:
        :meth:`feeding` of the need, if known)."""
        if feeding is None:
            feeding = self.feeding(r, domain)
        if self.reaches(r, s):
            return recomputed(self.sn, r, s, domain)
        comp = self.sn.component
        if any(comp[f] == comp[r] for f in feeding):
            if r in feeding:
                return need_thread(self.sn, r, [*feeding, s])[0]
            key = (r, domain)
            if self._cycle is None or self._cycle[0] != key:
                self._cycle = (key, OnCycle(self.sn, r, feeding))
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
