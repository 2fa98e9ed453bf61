"""Residents' needs at their prevalences, and the LSNS-6 social network score.

Needs are drawn as exact counts, weighted towards the households where they cluster
(public assistance in older singles and single parents, young carers in homes with
care needs, loneliness among those living alone).
"""

from __future__ import annotations

import numpy as np

from .parameters import (
    CARE_NEEDS,
    DEMENTIA,
    ELDERLY_CARE,
    LONELY,
    NEED_INDEX,
    PREVALENCE,
    YOUNG_CARER,
)
from .population import HH_8050, HH_OLD_SINGLE, HH_SINGLE, HH_SINGLE_PARENT, Town
from .sampling import by_age, exact_share


def give_needs(rng: np.random.Generator, town: Town, setting: np.ndarray) -> None:
    """Draw every need at its prevalence (exact counts), in place."""
    age, hh, kind_of, n = town.age, town.hh, town.hh_kind[town.hh], town.n
    n_hh = len(town.hh_kind)

    def give(code, idx):
        town.need[NEED_INDEX[code], idx] = True

    def household_draw(rate, weights, members):
        """Whole households, by weight, until rate·n members are covered."""
        key = -np.log1p(-rng.random(n_hh)) / np.maximum(weights, 1e-9)  # smallest first
        count = np.bincount(hh, weights=members, minlength=n_hh)
        target = round(rate * n)
        head = n_hh
        if n_hh and count.mean() > 0:  # sort only the households that can be reached
            head = min(n_hh, int(4 * target / count.mean()) + 64)
        by = np.argpartition(key, head - 1)[:head] if 0 < head < n_hh else np.arange(n_hh)
        by = by[np.argsort(key[by], kind="stable")]
        if head < n_hh and count[by].sum() < target:
            by = np.argsort(key, kind="stable")
        chosen = np.zeros(n_hh, bool)
        chosen[by[np.cumsum(count[by]) <= target]] = True
        return chosen[hh] & members

    old = age >= 65
    give("elderly_care", by_age(rng, age, ELDERLY_CARE))
    give(
        "dementia",
        by_age(rng, age, DEMENTIA, weights=np.where(town.has("elderly_care"), 4.0, 1.0)),
    )
    k = round(PREVALENCE["disability_physical"] * n)
    k_old = min(round(0.73 * k), int(old.sum()))
    give(
        "disability_physical",
        np.r_[
            exact_share(rng, np.flatnonzero(old), k_old / max(old.sum(), 1)),
            exact_share(
                rng,
                np.flatnonzero(~old),
                (k - k_old) / max((~old).sum(), 1),
                weights=age / 64 + 0.2,
            ),
        ],
    )
    for code, lo, w in (
        ("disability_intellectual", 3, np.where(age < 40, 2.0, 1.0)),
        ("disability_mental", 15, None),
    ):
        pool = np.flatnonzero(age >= lo)
        give(code, exact_share(rng, pool, PREVALENCE[code] * n / max(len(pool), 1), weights=w))
    give(
        "school_non_attendance",
        by_age(
            rng,
            age,
            (
                (6, 12, PREVALENCE["non_attendance_6_11"]),
                (12, 15, PREVALENCE["non_attendance_12_14"]),
            ),
        ),
    )
    hik = town.has("hikikomori")
    weights = np.select(
        [town.hh_kind == HH_OLD_SINGLE, town.hh_kind == HH_SINGLE_PARENT, town.hh_kind == HH_8050],
        [4.0, 4.0, 3.0],
        1.0,
    )
    pa = household_draw(PREVALENCE["public_assistance"], weights, np.ones(n, bool))
    give("public_assistance", pa)
    weights = np.where(
        np.bincount(hh, weights=pa, minlength=n_hh) > 0,
        0.0,
        np.select([town.hh_kind == HH_SINGLE_PARENT, town.hh_kind == HH_8050], [3.0, 3.0], 1.0)
        * np.where(np.bincount(hh, weights=hik, minlength=n_hh) > 0, 2.0, 1.0),
    )
    fh = household_draw(PREVALENCE["financial_hardship"], weights, age >= 18)
    give("financial_hardship", fh)
    u = rng.random((8, n), dtype=np.float32)  # one row of draws per need below
    give("debt_household_budget", fh & (u[0] < 0.3))
    give("housing", fh & (u[1] < 0.1))
    give("employment", (age >= 18) & (age < 65) & (hik | fh) & (u[2] < 0.3))
    poor = town.in_household(pa | fh)
    single_parent = kind_of == HH_SINGLE_PARENT
    give(
        "food_insecurity",
        (poor & (age < 18) & (u[3] < 0.5))
        | (fh & (u[3] < 0.25))
        | (single_parent & (age < 18) & (u[3] < 0.15)),
    )
    give(
        "child_rearing",
        town.in_household(age < 6)
        & (age >= 18)
        & (age < 50)
        & ((town.female & (u[4] < 0.2)) | (single_parent & (u[4] < 0.4))),
    )
    give(
        "child_protection",
        exact_share(
            rng, np.flatnonzero(age < 18), 0.003, weights=np.where(poor | single_parent, 4.0, 1.0)
        ),
    )
    cared = np.asarray(town.need[[NEED_INDEX[c] for c in CARE_NEEDS]].any(axis=0))
    care_home = town.in_household(cared)
    give(
        "young_carer",
        by_age(rng, age, YOUNG_CARER, weights=np.where(care_home | single_parent, 4.0, 1.0)),
    )
    give("carer_burden", care_home & ~cared & (age >= 18) & (age < 75) & (u[5] < 0.2))
    town.nor[
        exact_share(rng, np.flatnonzero(age >= 18), PREVALENCE["no_one_to_rely_on_18plus"])
    ] = True
    alone = np.isin(kind_of, (HH_SINGLE, HH_OLD_SINGLE))
    give(
        "loneliness_isolation",
        by_age(
            rng,
            age,
            LONELY,
            weights=(1 + 5 * town.nor) * np.where(alone, 2.0, 1.0) * np.where(hik, 2.0, 1.0),
        ),
    )
    give(
        "language_culture",
        exact_share(
            rng,
            np.flatnonzero(town.foreign & (age >= 6)),
            PREVALENCE["language_need_share_foreign_6plus"],
        ),
    )
    rural = np.isin(setting, ("rural", "mountain"))[town.district]
    give(
        "mobility_shopping",
        exact_share(
            rng,
            np.flatnonzero(age >= 75),
            PREVALENCE["mobility_shopping_75plus"],
            weights=np.where(rural, 2.0, 1.0) * np.where(kind_of == HH_8050, 5.0, 1.0),
        ),
    )
    give("advocacy", town.has("dementia") & (u[6] < 0.1))
    give("self_neglect", (kind_of == HH_OLD_SINGLE) & (u[7] < 0.01))


def lsns6_scores(
    rng: np.random.Generator, town: Town, informal: np.ndarray, setting: np.ndarray
) -> np.ndarray:
    """LSNS-6 (0-30) for people 65+ (85% answered) and adults with needs (70%); -1 if none."""
    n, age = town.n, town.age
    rural = np.isin(setting, ("rural", "mountain"))[town.district]
    lonely = town.has("loneliness_isolation")
    hik = town.has("hikikomori")
    family = (
        7.5
        + np.minimum(town.hh_size[town.hh] - 1, 3)
        + 0.8 * np.minimum(informal, 2)
        - 4 * town.nor
        - 2.5 * lonely
        - 1.5 * town.has("dementia")
    )
    friends = (
        5.5
        + 1.2 * rural
        + 0.8 * np.minimum(informal, 3)
        - 4 * town.nor
        - 4 * hik
        - 2.5 * lonely
        - 1.5 * town.has("dementia")
    )
    score = (
        np.clip(np.rint(family + rng.normal(0, 2.8, n)), 0, 15)
        + np.clip(np.rint(friends + rng.normal(0, 2.8, n)), 0, 15)
    ).astype(np.int64)
    asked = ((age >= 65) & (rng.random(n) < 0.85)) | (
        (age >= 18) & town.need.any(axis=0) & (rng.random(n) < 0.7)
    )
    return np.where(asked, score, -1)
