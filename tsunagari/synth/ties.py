"""Ties: support into residents (family, neighbours, formal, outreach) and collaborations.

Edges are collected as blocks of integer-coded arrays and merged once, dropping
repeats of the same (source, target, relation, domain, ended or not).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .organisations import Organisations
from .parameters import (
    CARE_NEEDS,
    COVERAGE,
    DOMAIN_INDEX,
    ENDED_HISTORY,
    JUSOU_INDEX,
    JUSOU_START,
    NEED_FIELD,
    NEED_INDEX,
    NEEDS,
    NEIGHBOURLY,
    NO_DATE,
    SINCE_FIRST,
    SINCE_LAST,
    STYLE,
    SUPPORT_TYPE_INDEX,
)
from .population import HH_8050, HH_OLD_COUPLE, HH_OLD_SINGLE, HH_SINGLE, Town
from .sampling import ragged_arange, random_days, weighted_sample


class Edges:
    """Edge blocks collected as arrays; attributes are small integer codes."""

    def __init__(self) -> None:
        self.parts: list[tuple[bool, dict[str, np.ndarray]]] = []

    def add(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        *,
        domain: npt.ArrayLike = -1,
        relation: int = 0,
        formality: npt.ArrayLike = 0,
        frequency: npt.ArrayLike = 2,
        since: npt.ArrayLike = NO_DATE,
        until: npt.ArrayLike = NO_DATE,
        kind: str | npt.ArrayLike = "informational",
        jusou: str = "",
        distinct: bool = False,
    ) -> None:
        """Add a block; ``distinct`` blocks can never repeat an edge (no dedupe needed)."""
        k = len(src)
        if k == 0:
            return

        def full(value, dtype):
            return np.broadcast_to(np.asarray(value).astype(dtype), (k,))

        self.parts.append(
            (
                distinct,
                {
                    "src": np.asarray(src, np.int32),
                    "tgt": np.asarray(tgt, np.int32),
                    "domain": full(np.asarray(domain) + 1, np.int8),
                    "relation": full(relation, np.int8),
                    "formality": full(formality, np.int8),
                    "frequency": full(frequency, np.int8),
                    "since": full(since, np.int32),
                    "until": full(until, np.int32),
                    "kind": full(
                        SUPPORT_TYPE_INDEX[kind] if isinstance(kind, str) else kind, np.int8
                    ),
                    "jusou": full(JUSOU_INDEX[jusou], np.int8),
                },
            )
        )

    def collab(
        self,
        a: npt.ArrayLike,
        b: npt.ArrayLike,
        *,
        since: npt.ArrayLike,
        domain: npt.ArrayLike = -1,
        until: npt.ArrayLike = NO_DATE,
        kind: str = "coordination",
        jusou: str = "",
    ) -> None:
        """Add collaborations between ``a`` and ``b`` (element-wise), written from the smaller
        node to the larger; a node paired with itself is dropped."""
        one, other = np.broadcast_arrays(np.asarray(a, np.int64), np.asarray(b, np.int64))
        keep = one != other
        self.add(
            np.minimum(one, other)[keep],
            np.maximum(one, other)[keep],
            relation=1,
            domain=domain,
            formality=0,
            frequency=2,
            since=np.broadcast_to(np.asarray(since), one.shape)[keep],
            until=np.broadcast_to(np.asarray(until), one.shape)[keep],
            kind=kind,
            jusou=jusou,
        )

    def merged(self) -> dict[str, np.ndarray]:
        """All edges, one per (source, target, relation, domain, ended or not)."""
        names = "src tgt domain relation formality frequency since until kind jusou".split()
        empty = {
            key: np.zeros(0, np.int32 if key in ("src", "tgt", "since", "until") else np.int8)
            for key in names
        }
        fixed = [part for distinct, part in self.parts if distinct] or [empty]
        check = [part for distinct, part in self.parts if not distinct] or [empty]
        rest = {key: np.concatenate([p[key] for p in check]) for key in names}
        src, tgt = rest["src"].astype(np.int64), rest["tgt"].astype(np.int64)
        bits = int(max(src.max(initial=0), tgt.max(initial=0))).bit_length()
        key = (src << bits | tgt) << 1 | rest["relation"]
        key = (key << 7 | rest["domain"]) << 1 | (rest["until"] != NO_DATE)
        order = np.argsort(key, kind="stable")
        dup = np.zeros(len(key), bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        return {k: np.concatenate([p[k] for p in fixed] + [rest[k][~dup]]) for k in names}


def _ended(rng, since: np.ndarray, share: float) -> np.ndarray:
    """An ``until`` column: a share of the ties ended between since and the end of 2025."""
    until = np.full(len(since), NO_DATE, np.int64)
    end = rng.random(len(since)) < share
    until[end] = random_days(rng, since[end] + 1, SINCE_LAST + 1)
    return until


def _resident_in(rng, town: Town, mask: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """A random resident matching ``mask`` in each given district (-1 where none)."""
    cand = np.flatnonzero(mask)  # residents are sorted by district
    top = max(int(town.district.max(initial=0)), int(np.max(dist, initial=0))) + 2
    ptr = np.searchsorted(town.district[cand], np.arange(top))
    lo, hi = ptr[dist], ptr[dist + 1]
    out = np.full(len(dist), -1, np.int64)
    ok = hi > lo
    out[ok] = cand[lo[ok] + (rng.random(int(ok.sum())) * (hi - lo)[ok]).astype(np.int64)]
    return out


def support_ties(
    rng: np.random.Generator,
    town: Town,
    orgs: Organisations,
    named: dict,
    start: np.ndarray,
    edges: Edges,
    setting: np.ndarray,
) -> np.ndarray:
    """Support edges into residents; returns each resident's count of informal ties."""
    age, hh, need, n = town.age, town.hh, town.need, town.n
    kind_of = town.hh_kind[hh]
    size = town.hh_size
    first, last = SINCE_FIRST, SINCE_LAST

    def dated(src, tgt, lo=first, ended=0.0):
        since = random_days(rng, np.maximum(np.maximum(start[src], start[tgt]), lo), last)
        return since, _ended(rng, since, ended)

    # Family inside the household: every ordered pair of members, by age roles.
    rep = np.repeat(np.arange(n), size[hh])
    mate = (np.cumsum(size) - size)[hh[rep]] + ragged_arange(size[hh])
    s, t = rep[rep != mate], mate[rep != mate]
    gap = age[s] - age[t]
    cared = np.asarray(need[[NEED_INDEX[c] for c in CARE_NEEDS]].any(axis=0))
    p: np.ndarray = np.select(
        [
            (age[s] < 18) & need[NEED_INDEX["young_carer"], s] & cared[t],
            age[s] < 12,
            age[s] < 18,
            (gap >= 15) & (age[t] < 18),
            kind_of[s] == HH_8050,
            gap >= 15,
            gap <= -15,
        ],
        [1.0, 0.0, 0.1, 0.95, 1.0, 0.6, 0.7],
        0.97,
    )
    p = p * np.where(cared[s] & (kind_of[s] != HH_8050), 0.4, 1.0)  # the cared-for rarely carry
    keep = rng.random(len(s)) < p
    s, t = s[keep], t[keep]
    domain = np.full(len(t), -1)
    for code in ("mobility_shopping", *CARE_NEEDS[::-1]):
        domain = np.where(need[NEED_INDEX[code], t] & (age[s] >= 12), NEED_INDEX[code], domain)
    edges.add(s, t, domain=domain, formality=2, frequency=0, kind="concrete", distinct=True)
    informal = np.zeros(n, np.int64)

    # Relatives living apart, then neighbours, within the district.
    withdrawn = town.has("hikikomori") | town.nor
    p = np.select(
        [np.isin(kind_of, (HH_OLD_SINGLE, HH_OLD_COUPLE)), kind_of == HH_SINGLE], [0.6, 0.85]
    )
    who = np.flatnonzero(rng.random(n) < p * np.where(withdrawn, 0.3, 1.0))
    # Neighbours mostly help older people; withdrawn people get and give little.
    neighbourly = np.array([NEIGHBOURLY[x] for x in setting])[town.district]
    lam = neighbourly * np.select([age >= 75, age >= 65, age >= 18], [1.2, 0.6, 0.1], 0.0)
    lam = lam * np.where(withdrawn, 0.2, 1.0)
    near = np.repeat(np.arange(n), rng.poisson(lam))
    for t, (lo, hi), freq, kind, ended, back in (
        (who, (30, 70), 1, "emotional", 0.03, 0.0),
        (near, (18, 85), 1, "companionship", 0.08, 0.15),
    ):
        s = _resident_in(rng, town, (age >= lo) & (age < hi), town.district[t])
        ok = (s >= 0) & (hh[np.maximum(s, 0)] != hh[t])
        s, t = s[ok], t[ok]
        rev = rng.random(len(s)) < back
        s, t = np.r_[s, t[rev]], np.r_[t, s[rev]]
        since, until = dated(s, t, ended=ended)
        domain = np.where(
            need[NEED_INDEX["mobility_shopping"], t], NEED_INDEX["mobility_shopping"], -1
        )
        edges.add(
            s, t, domain=domain, formality=2, frequency=freq, since=since, until=until, kind=kind
        )
        informal += np.bincount(t, minlength=n)

    # Formal support per need with its coverage probability; some earlier, ended supports.
    school = np.select(
        [age < 6, age < 12, age < 15, age < 18],
        ["nursery", "elementary", "junior_high", "high_school"],
        "edu_center",
    )
    for code, (p_cover, providers, p_second) in COVERAGE.items():
        who = np.flatnonzero(need[NEED_INDEX[code]])
        names = [name for name, _ in providers]
        w = np.array([x for _, x in providers])
        w = w / w.sum()
        for ended, share in ((False, p_cover), (True, ENDED_HISTORY)):
            covered = who[rng.random(len(who)) < share]
            one = rng.choice(len(names), size=len(covered), p=w)
            two = rng.choice(len(names), size=len(covered), p=w)
            extra = (rng.random(len(covered)) < (0.0 if ended else p_second)) & (two != one)
            people, pick = np.r_[covered, covered[extra]], np.r_[one, two[extra]]
            for j, name in enumerate(names):
                r = people[pick == j]
                if name == "school":
                    src = np.zeros(len(r), np.int64)
                    for key in np.unique(school[r]):
                        src[school[r] == key] = orgs.pick(key, town.district[r[school[r] == key]])
                else:
                    src = orgs.pick(name, town.district[r])
                formality, freq, kind = STYLE.get(name, (0, 2, "informational"))
                jusou = {
                    "coordinator": "outreach_continuous",
                    "company": "participation",
                    "nest": "participation",
                }.get(name, "")
                since, until = dated(src, r, JUSOU_START if jusou else first, 1.0 if ended else 0.0)
                edges.add(
                    src,
                    r,
                    domain=NEED_INDEX[code],
                    formality=formality,
                    frequency=freq,
                    since=since,
                    until=until,
                    kind=kind,
                    jusou=jusou,
                )

    # 民生委員 watch over older people living alone and flagged households.
    old = age >= 65
    p = np.select(
        [
            (kind_of == HH_OLD_SINGLE) & old,
            (kind_of == HH_8050) & old,
            (kind_of == HH_OLD_COUPLE) & town.in_household(age >= 75) & old,
            town.has("public_assistance") | town.has("dementia") | town.has("disability_physical"),
        ],
        [0.85, 0.3, 0.25, 0.3],
        0.0,
    )
    t = np.flatnonzero(rng.random(n) < p)
    s = named["minsei_of_zone"][named["hh_zone"][hh[t]]]
    t, s = t[s >= 0], s[s >= 0]
    since, until = dated(s, t, ended=0.05)
    edges.add(
        s,
        t,
        domain=np.where(
            need[NEED_INDEX["elderly_care"], t],
            NEED_INDEX["elderly_care"],
            DOMAIN_INDEX["watching_over"],
        ),
        formality=1,
        frequency=2,
        since=since,
        until=until,
        kind="monitoring",
    )
    # Watch volunteers (in their district) and 見守り協定 businesses (city-wide) on rounds.
    odist = np.array(orgs.rows["district"], np.int64)
    vol = named["watch_volunteer"]
    s = np.repeat(vol, rng.poisson(0.8, len(vol)))
    t = _resident_in(rng, town, age >= 75, odist[s - n])
    s, t = s[t >= 0], t[t >= 0]
    biz = named["mimamori"]
    s2 = np.repeat(biz, rng.poisson(8.0, len(biz)))
    pool = np.flatnonzero((age >= 75) & np.isin(kind_of, (HH_OLD_SINGLE, HH_OLD_COUPLE)))
    t2 = pool[rng.integers(0, max(len(pool), 1), len(s2))] if len(pool) else s2[:0]
    s, t = np.r_[s, s2[: len(t2)]], np.r_[t, t2]
    since, until = dated(s, t, ended=0.1)
    edges.add(
        s,
        t,
        domain=DOMAIN_INDEX["watching_over"],
        formality=1,
        frequency=1,
        since=since,
        until=until,
        kind="monitoring",
    )

    # Coordinators' continuous outreach (継続的支援事業) and 多機関協働, from April 2021.
    fields = np.zeros((6, n), bool)
    for code, f in NEED_FIELD.items():
        fields[f] |= need[NEED_INDEX[code]]
    multi = fields.sum(axis=0) >= 2
    main = np.zeros(n, np.int64)
    for i in range(len(NEEDS) - 1, -1, -1):  # the first need held, unless a focus need
        main[need[i]] = i
    focus = (
        "self_neglect",
        "young_carer",
        "school_non_attendance",
        "financial_hardship",
        "loneliness_isolation",
        "hikikomori",
    )  # the last wins: the case's main need
    for code in focus:
        main = np.where(need[NEED_INDEX[code]], NEED_INDEX[code], main)
    outreach = multi | need[[NEED_INDEX[c] for c in focus]].any(axis=0)
    weight = np.where(town.has("hikikomori"), 3.0, 1.0) * np.where(multi, 2.0, 1.0)
    group_of_d = np.zeros(len(orgs.block), np.int64)
    for g, members in enumerate(named["groups"]):
        group_of_d[members] = g
    coord, cgroup = named["coordinator"], named["coordinator_group"]
    for g in range(len(named["groups"])):
        mine = coord[cgroup == g]
        pool = np.flatnonzero(outreach & (group_of_d[town.district] == g))
        t = pool[
            weighted_sample(rng, len(pool), int(rng.poisson(30, len(mine)).sum()), weight[pool])
        ]
        s = mine[rng.integers(0, len(mine), len(t))] if len(mine) else t[:0]
        since, until = dated(s, t, lo=JUSOU_START, ended=0.15)
        edges.add(
            s,
            t,
            domain=main[t],
            formality=0,
            frequency=2,
            since=since,
            until=until,
            kind="emotional",
            jusou="outreach_continuous",
        )
    t = np.flatnonzero(multi & (rng.random(n) < 0.15))
    s = named["takikan"][rng.integers(0, len(named["takikan"]), len(t))]
    since, until = dated(s, t, lo=JUSOU_START, ended=0.2)
    edges.add(
        s,
        t,
        domain=main[t],
        formality=0,
        frequency=2,
        since=since,
        until=until,
        kind="coordination",
        jusou="multi_agency",
    )
    # Welfare-active companies take on residents with hikikomori or non-attendance.
    comp = named["company"]
    hosts = comp[(rng.random(len(comp)) < 0.5) | (comp == comp[0])]
    s = np.repeat(hosts, rng.integers(1, 4, len(hosts)))
    pool = np.flatnonzero(
        (town.has("hikikomori") & (age >= 15)) | (town.has("school_non_attendance") & (age >= 12))
    )
    t = pool[weighted_sample(rng, len(pool), len(s))]
    s = s[: len(t)]
    since, until = dated(s, t, lo=JUSOU_START, ended=0.1)
    edges.add(
        s,
        t,
        domain=np.where(age[t] >= 15, NEED_INDEX["employment"], DOMAIN_INDEX["participation"]),
        formality=1,
        frequency=1,
        since=since,
        until=until,
        kind="employment",
        jusou="participation",
    )
    return informal


def collaboration_ties(
    rng: np.random.Generator, orgs: Organisations, named: dict, start: np.ndarray, edges: Edges
) -> None:
    """Working ties among organisations (never residents)."""
    n = orgs.first
    odist = np.array(orgs.rows["district"], np.int64)

    def link(a, b, share=1.0, lo=SINCE_FIRST, domain=-1, kind="coordination", jusou="", ended=0.0):
        a, b = np.broadcast_arrays(np.asarray(a, np.int64), np.asarray(b, np.int64))
        keep = (rng.random(a.shape) < share) & (a != b)
        a, b = a[keep], b[keep]
        since = random_days(rng, np.maximum(np.maximum(start[a], start[b]), lo), SINCE_LAST)
        edges.collab(
            a,
            b,
            since=since,
            until=_ended(rng, since, ended),
            domain=domain,
            kind=kind,
            jusou=jusou,
        )

    def local(nodes, key, share=1.0, **kw):
        """Each node with one ``key`` node of its district (else block, else any)."""
        link(nodes, orgs.pick(key, np.maximum(odist[nodes - n], 0)), share, **kw)

    city, sk = named["city"], named["shakyo"][0]
    ii, jj = np.triu_indices(len(city), 1)
    link(city[ii], city[jj])  # all directly run: a complete graph
    link(city, sk)
    coord = named["coordinator"]
    link(coord, sk)
    link(coord, named["takikan"][0], 0.6, lo=JUSOU_START, jusou="multi_agency")
    local(named["minsei"], "houkatsu", 0.95)
    local(named["minsei"], "coordinator", 0.7)
    local(named["minsei"], "meeting", 0.8, jusou="community_building")
    local(named["shunin"], "kodomo_center", 0.9)
    for key in ("elementary", "junior_high", "high_school"):
        link(named[key], named["edu_center"][0], 0.9)
        link(named[key], named["kodomo_center"][0], 0.6)
    link(named["nursery"], named["kodomo_center"][0], 0.8)
    medical = np.r_[named["hospital"], named["clinic"]]
    local(medical, "houkatsu", 0.5)
    link(medical, named["health_center"][0], 0.3)
    local(named["care_office"], "houkatsu", 0.9)
    link(named["care_office"], named["houkatsu"][0], 0.5)
    link(named["disability_office"], named["disability_center"][0], 0.9)
    link(named["work_support"], named["disability_center"][0], 0.6)
    link(named["work_support"], named["jiritsu"][0], 0.2)
    link(named["npo"], sk, 0.5, ended=0.1)
    local(named["npo"], "coordinator", 0.3, ended=0.1)
    comp, cafe, pantry = named["company"], named["cafeteria"], named["pantry"]
    gift = {"domain": DOMAIN_INDEX["donation"], "kind": "donation"}
    link(comp, sk, np.where(comp == comp[0], 1.0, 0.7), **gift)
    link(comp[0], named["jiritsu"][0], **gift)
    link(comp[0], np.r_[cafe, pantry], **gift)
    link(comp[1:, None], cafe[None, :], min(1.0, 1.2 / len(cafe)), **gift)
    link(named["mimamori"], named["houkatsu"][0])
    link(named["hikikomori_supporter"], sk, 0.8)
    link(named["hikikomori_supporter"], named["nest"][0], 0.5)
    link(named["nest"][0], np.r_[sk, named["jiritsu"][0]])
    local(named["watch_volunteer"], "meeting", 0.5)
    link(named["watch_volunteer"], sk, 0.3)
    local(cafe, "coordinator", 0.8)
    link(cafe, sk, 0.5)
    link(pantry, sk)
    link(pantry, named["jiritsu"][0], 0.7)
    meeting = {"jusou": "community_building", "domain": DOMAIN_INDEX["community_building"]}
    local(named["meeting"], "coordinator", **meeting)
    link(named["meeting"], named["council"], **meeting)
    local(named["meeting"], "houkatsu", 0.3, **meeting)


VILLAGE = 50  # residents in one circle of mutual aid
MATES = 4  # ties each member starts, returned in kind: about 8 mates each
_MUTUAL_NEEDS = ("mobility_shopping", "loneliness_isolation", "elderly_care", "child_rearing")


def mutual_aid_ties(
    rng: np.random.Generator, town: Town, start: np.ndarray, edges: Edges, level: float
) -> np.ndarray:
    """Reciprocal help among neighbours: circles of :data:`VILLAGE` residents of a district.

    A share ``level`` of the residents aged 10 or more joins a circle; each member helps
    about eight circle mates and is helped back (the dense, two-way aid measured in small
    villages), and each circle trades two ties both ways with the next circle of the
    town, so the circles form one strongly connected web. A tie carries the need of the
    one helped that neighbours can hold (shopping, loneliness, care, child rearing).
    Returns each resident's count of informal ties received.
    """
    n = town.n
    informal = np.zeros(n, np.int64)
    if level <= 0:  # the same seed gives the same town as before mutual aid existed
        return informal
    old_enough = town.age >= 10
    share = level / max(old_enough.mean(), 1e-9)
    members = np.flatnonzero(old_enough & (rng.random(n) < min(share, 1.0)))
    if len(members) < 2:
        return informal
    members = members[np.lexsort((rng.random(len(members)), town.district[members]))]
    village = np.arange(len(members)) // VILLAGE
    size = np.bincount(village)
    first = np.cumsum(size) - size
    s = np.repeat(np.arange(len(members)), MATES)
    v = village[s]
    mate = first[v] + (s - first[v] + 1 + rng.integers(0, np.maximum(size[v] - 1, 1))) % size[v]
    # the next circle, in a ring over the town: two ties each way
    a = first[np.repeat(np.arange(len(size)), 2)] + rng.integers(0, size.repeat(2))
    nxt = np.repeat((np.arange(len(size)) + 1) % len(size), 2)
    b = first[nxt] + rng.integers(0, size[nxt])
    src = members[np.r_[s, mate, a, b]]
    tgt = members[np.r_[mate, s, b, a]]
    keep = src != tgt
    src, tgt = src[keep], tgt[keep]
    domain = np.full(len(tgt), -1)
    for code in _MUTUAL_NEEDS[::-1]:
        domain = np.where(town.need[NEED_INDEX[code], tgt], NEED_INDEX[code], domain)
    since = random_days(
        rng, np.maximum(np.maximum(start[src], start[tgt]), SINCE_FIRST), SINCE_LAST
    )
    edges.add(src, tgt, domain=domain, formality=2, frequency=1, since=since, kind="concrete")
    informal += np.bincount(tgt, minlength=n)
    return informal
