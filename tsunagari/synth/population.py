"""Residents and households: ages and sexes by district, then households by age roles.

Households are built district by district: 8050 households first, then families
with children (some three-generation), older people alone and in couples, young
adults with their parents, working-age couples and singles, until the district has
about ``PREVALENCE["persons_per_household"]`` people per household.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .parameters import (
    BAND_LO,
    NEED_INDEX,
    NEEDS,
    PREVALENCE,
    THREE_GEN,
    UNDER65_SHARE,
)
from .sampling import by_age, largest_remainder, weighted_sample

if TYPE_CHECKING:
    import pandas as pd


def _people(rng, table: pd.DataFrame):
    """District, age and sex of every resident, grouped by district."""
    n_d = table.population.to_numpy()
    a65 = table.ageing_rate.to_numpy()
    old = np.clip(0.567 + 0.5 * (a65 - 0.334), 0.45, 0.75)  # 75+ within 65+
    shares = np.column_stack([np.outer(1 - a65, UNDER65_SHARE), a65 * (1 - old), a65 * old])
    counts = largest_remainder(n_d[:, None] * shares, n_d)
    district = np.repeat(np.arange(len(n_d)), n_d).astype(np.int16)
    band = np.repeat(np.tile(np.arange(8), len(n_d)), counts.ravel())
    width = np.diff(np.append(BAND_LO, 76))[band]
    age = BAND_LO[band] + np.floor(rng.random(len(band)) * width).astype(np.int64)
    old_mask = band == 7
    age[old_mask] = 75 + np.minimum(rng.exponential(8.0, old_mask.sum()), 30).astype(np.int64)
    p_female = np.select([age < 65, age < 75, age < 85], [0.49, 0.52, 0.58], 0.68)
    female = rng.random(len(age)) < p_female
    return district, age, female


(
    HH_SINGLE,
    HH_COUPLE,
    HH_FAMILY,
    HH_SINGLE_PARENT,
    HH_THREE,
    HH_OLD_SINGLE,
    HH_OLD_COUPLE,
    HH_8050,
) = range(8)


def _match_by_age(rng, want: np.ndarray, pool: np.ndarray, pool_age: np.ndarray, weight=None):
    """Pick pool members whose ages resemble ``want``; pair them by age rank.

    Returns (members, slots): members[i] fills want[slots[i]].
    """
    k = min(len(want), len(pool))
    if k == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    slots = np.arange(len(want)) if k == len(want) else weighted_sample(rng, len(want), k)
    kernel = np.ones(5)
    hist_w = np.convolve(
        np.bincount(np.clip(np.rint(want[slots]), 0, 119).astype(int), minlength=120),
        kernel,
        "same",
    )
    hist_p = np.convolve(np.bincount(np.clip(pool_age, 0, 119), minlength=120), kernel, "same")
    w = hist_w[pool_age] / np.maximum(hist_p[pool_age], 1) + 1e-6
    if weight is not None:
        w = w * weight
    pos = weighted_sample(rng, len(pool), k, w)
    pos = pos[np.argsort(pool_age[pos], kind="stable")]
    slots = slots[np.argsort(want[slots], kind="stable")]
    return pool[pos], slots


def _district_households(rng, age, female, hik, setting):
    """Group one district's residents into households: local ids and household kinds."""
    n = len(age)
    hh = np.full(n, -1, np.int64)
    kinds: list[np.ndarray] = []
    founders: list[np.ndarray] = []
    state = {"count": 0}

    def free(mask):
        return np.flatnonzero(mask & (hh < 0))

    def create(kind, founder, *groups):
        k = len(founder)
        for members, gid in groups:
            hh[members] = state["count"] + gid
        kinds.append(np.full(k, kind, np.int8))
        founders.append(founder)
        state["count"] += k
        return state["count"] - k + np.arange(k)

    def attach(members, lo_off, hi_off):
        """Put members into existing households whose founder is aged age+lo..age+hi."""
        if not len(members) or not founders:
            return members
        fnd = np.concatenate(founders)
        ok_kind = np.isin(np.concatenate(kinds), (HH_OLD_SINGLE, HH_8050), invert=True)
        ids = np.flatnonzero(ok_kind)
        ids = ids[np.argsort(age[fnd[ids]], kind="stable")]
        fa = age[fnd[ids]]
        lo = np.searchsorted(fa, age[members] + lo_off, "left")
        hi = np.searchsorted(fa, age[members] + hi_off, "right")
        ok = hi > lo
        pick = lo + np.floor(rng.random(len(members)) * (hi - lo)).astype(np.int64)
        hh[members[ok]] = ids[pick[ok]]
        return members[~ok]

    # 8050: a hikikomori son or daughter of 45-64 living with a parent of 75+.
    kids = free(hik & (age >= 45) & (age <= 64))
    kids = kids[
        weighted_sample(
            rng, len(kids), round(PREVALENCE["hikikomori_45_64_with_parent_75plus"] * len(kids))
        )
    ]
    pool = free(age >= 75)
    par, slot = _match_by_age(
        rng,
        age[kids] + 28 + rng.normal(0, 4, len(kids)),
        pool,
        age[pool],
        np.where(female[pool], 3.0, 1.0),
    )
    ok = age[par] - age[kids[slot]] >= 18
    par, kid = par[ok], kids[slot[ok]]
    create(HH_8050, par, (par, np.arange(len(par))), (kid, np.arange(len(par))))

    # Families with children: siblings of similar age, mother and/or father.
    kids = free(age < 18)
    kids = kids[np.argsort(age[kids] + rng.normal(0, 3, len(kids)), kind="stable")]
    sizes = rng.choice(4, size=max(len(kids), 1), p=[0.45, 0.42, 0.11, 0.02]) + 1
    fam = np.repeat(np.arange(len(sizes)), sizes)[: len(kids)]
    n_fam = int(fam[-1]) + 1 if len(kids) else 0
    if n_fam:
        starts = np.flatnonzero(np.r_[True, fam[1:] != fam[:-1]])
        eldest = np.maximum.reduceat(age[kids], starts)
        single = rng.random(n_fam) < PREVALENCE["single_parent_share"]
        dad_only = single & (rng.random(n_fam) < 0.15)
        mother = np.full(n_fam, -1)
        father = np.full(n_fam, -1)
        need = np.flatnonzero(~dad_only)
        pool = free(female & (age >= 18) & (age <= 64))
        got, slot = _match_by_age(
            rng, eldest[need] + 29 + rng.normal(0, 4, len(need)), pool, age[pool]
        )
        mother[need[slot]] = got
        need = np.flatnonzero(~single | dad_only)
        want = np.where(mother[need] >= 0, age[mother[need]] + 2, eldest[need] + 31)
        pool = free(~female & (age >= 18) & (age <= 69))
        got, slot = _match_by_age(rng, want + rng.normal(0, 3, len(need)), pool, age[pool])
        father[need[slot]] = got
        has = (mother >= 0) | (father >= 0)
        gid = np.cumsum(has) - 1
        kind = np.where((mother >= 0) & (father >= 0), HH_FAMILY, HH_SINGLE_PARENT)[has]
        founder = np.where(mother >= 0, mother, father)[has]
        first = create(
            HH_FAMILY,
            founder,
            (kids[has[fam]], gid[fam][has[fam]]),
            (mother[mother >= 0], gid[mother >= 0]),
            (father[father >= 0], gid[father >= 0]),
        )
        kinds[-1] = kind.astype(np.int8)
        # Three generations: a grandparent joins some families.
        pick = weighted_sample(rng, len(first), round(THREE_GEN[setting] * len(first)))
        pool = free(age >= 60)
        gp, slot = _match_by_age(
            rng, age[founder[pick]] + 28 + rng.normal(0, 4, len(pick)), pool, age[pool]
        )
        hh[gp] = first[pick[slot]]
        kinds[-1][pick[slot]] = HH_THREE

    # Elderly living alone, then elderly couples (some with an adult child).
    for is_f, key in ((False, "single_elderly_share_men"), (True, "single_elderly_share_women")):
        total = int(((age >= 65) & (female == is_f)).sum())
        pool = free((age >= 65) & (female == is_f))
        alone = pool[
            weighted_sample(rng, len(pool), round(PREVALENCE[key] * total), age[pool] - 60.0)
        ]
        create(HH_OLD_SINGLE, alone, (alone, np.arange(len(alone))))
    men = free((age >= 65) & ~female)
    men = men[weighted_sample(rng, len(men), round(0.93 * len(men)))]
    pool = free((age >= 58) & female)
    wives, slot = _match_by_age(rng, age[men] - 2 + rng.normal(0, 3, len(men)), pool, age[pool])
    men = men[slot]
    first = create(HH_OLD_COUPLE, men, (men, np.arange(len(men))), (wives, np.arange(len(men))))
    pick = weighted_sample(rng, len(first), round(0.12 * len(first)))
    pool = free((age >= 25) & (age <= 64))
    child, slot = _match_by_age(
        rng, age[men[pick]] - 30 + rng.normal(0, 4, len(pick)), pool, age[pool]
    )
    hh[child] = first[pick[slot]]

    # Older people left over live with a child's household; young adults with parents.
    attach(free(age >= 65), -45, -18)
    young = free((age >= 18) & (age < 30))
    attach(young[weighted_sample(rng, len(young), round(0.45 * len(young)))], 18, 45)

    # Working-age couples; then singles up to the household target; the rest join others.
    men = free(~female & (age >= 18) & (age <= 64))
    men = men[weighted_sample(rng, len(men), round(0.5 * len(men)))]
    pool = free(female & (age >= 18) & (age <= 64))
    wives, slot = _match_by_age(rng, age[men] - 2 + rng.normal(0, 3, len(men)), pool, age[pool])
    men = men[slot]
    create(HH_COUPLE, men, (men, np.arange(len(men))), (wives, np.arange(len(men))))
    rest = free(age >= 18)
    target = round(n / PREVALENCE["persons_per_household"])
    alone = rest[weighted_sample(rng, len(rest), target - state["count"])]
    create(HH_SINGLE, alone, (alone, np.arange(len(alone))))
    left = attach(free(age >= 0), -60, 60)
    if len(left):  # nobody to join (tiny districts): live alone
        create(HH_SINGLE, left, (left, np.arange(len(left))))
    return hh, np.concatenate(kinds) if kinds else np.empty(0, np.int8)


@dataclass
class Town:
    """Residents (sorted by household) and their households."""

    district: np.ndarray
    age: np.ndarray
    female: np.ndarray
    hh: np.ndarray
    hh_kind: np.ndarray
    foreign: np.ndarray
    need: np.ndarray  # NEEDS × residents, bool
    nor: np.ndarray  # no one to rely on

    @property
    def n(self) -> int:
        return len(self.age)

    @property
    def hh_size(self) -> np.ndarray:
        return np.bincount(self.hh, minlength=len(self.hh_kind))

    def has(self, code: str) -> np.ndarray:
        return self.need[NEED_INDEX[code]]

    def in_household(self, mask: np.ndarray) -> np.ndarray:
        """Whether someone in each resident's household matches ``mask``."""
        return (np.bincount(self.hh, weights=mask, minlength=len(self.hh_kind)) > 0)[self.hh]


def populate(rng: np.random.Generator, table: pd.DataFrame) -> Town:
    """Residents with ages, households and foreign-resident households."""
    district, age, female = _people(rng, table)
    n = len(age)
    hik = np.zeros(n, bool)
    hik[
        by_age(
            rng,
            age,
            ((15, 40, PREVALENCE["hikikomori_15_39"]), (40, 65, PREVALENCE["hikikomori_40_64"])),
            weights=np.where(female, 0.7, 1.3),
        )
    ] = True
    bounds = np.r_[0, np.cumsum(table.population.to_numpy())]
    hh = np.empty(n, np.int64)
    order = np.empty(n, np.int64)  # residents grouped by household
    kinds, offset = [np.empty(0, np.int8)], 0
    for d, setting in enumerate(table.setting):
        lo, hi = bounds[d], bounds[d + 1]
        local, kind = _district_households(rng, age[lo:hi], female[lo:hi], hik[lo:hi], setting)
        hh[lo:hi] = local + offset
        order[lo:hi] = lo + np.argsort(local, kind="stable")
        kinds.append(kind)
        offset += len(kind)
    hh_kind = np.concatenate(kinds)
    town = Town(
        district[order],
        age[order],
        female[order],
        hh[order],
        hh_kind,
        np.zeros(n, bool),
        np.zeros((len(NEEDS), n), bool),
        np.zeros(n, bool),
    )
    town.need[NEED_INDEX["hikikomori"]] = hik[order]
    # Foreign residents: whole working-age households, up to 6.4% of residents.
    size = town.hh_size
    young = np.isin(hh_kind, (HH_SINGLE, HH_COUPLE, HH_FAMILY, HH_SINGLE_PARENT))
    key = np.log1p(-rng.random(len(hh_kind))) / np.where(young, 1.0, 1e-9)
    by = np.argsort(-key, kind="stable")
    chosen = np.zeros(len(hh_kind), bool)
    chosen[by[np.cumsum(size[by]) <= round(PREVALENCE["foreign_resident_share"] * n)]] = True
    town.foreign = chosen[town.hh]
    return town
