"""Supporter nodes: agencies, companies, NPOs, volunteers and groups, and where they work.

Counts scale with the town (never below the city's fixed agencies); each type is
placed city-wide, spread by population or by district quota, and kept in a pool
from which a resident's local one is picked (district, else block, else any).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .parameters import COMPANY_STEMS, COMPANY_TRADES, PREVALENCE, SUPPORTERS, day_number
from .population import Town
from .sampling import largest_remainder, ragged_arange, random_days

if TYPE_CHECKING:
    import pandas as pd


class Organisations:
    """Non-resident nodes, added type by type, with pools for picking a local one."""

    ID_PREFIX = {"agency": "A", "company": "C", "npo": "N", "volunteer": "V", "group": "G"}

    def __init__(self, first: int, table: pd.DataFrame, rng: np.random.Generator) -> None:
        import pandas as pd

        self.first = first
        self.rng = rng
        self.block = pd.factorize(table.block)[0]
        self.names = table.district.tolist()
        self.rows: dict[str, list] = {
            k: [] for k in ("name", "kind", "subtype", "district", "services", "capacity", "opened")
        }
        self.pools: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @property
    def count(self) -> int:
        return len(self.rows["name"])

    def add(
        self,
        key: str,
        kind: str | np.ndarray,
        subtype: str,
        names: Sequence[str],
        districts: npt.ArrayLike,
        services: str,
        *,
        capacity: int | None = None,
        opened: npt.ArrayLike | None = None,
        covers: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Add nodes; ``covers`` lists (node position, district) pairs for picking."""
        k = len(names)
        start = self.first + self.count
        nodes = start + np.arange(k)
        districts = np.broadcast_to(np.asarray(districts, np.int64), (k,))
        self.rows["name"] += list(names)
        self.rows["kind"] += np.broadcast_to(np.asarray(kind, object), (k,)).tolist()
        self.rows["subtype"] += [subtype] * k
        self.rows["district"] += districts.tolist()
        self.rows["services"] += [services] * k
        cap = np.broadcast_to(np.asarray(-1 if capacity is None else capacity), (k,))
        self.rows["capacity"] += cap.tolist()
        day = day_number("2010-04-01") if opened is None else opened
        self.rows["opened"] += np.broadcast_to(np.asarray(day, np.int64), (k,)).tolist()
        if covers is None:
            covers = (np.arange(k), districts)
        pos, dist = covers
        old = self.pools.get(key)
        pair = (nodes[pos], np.asarray(dist))
        self.pools[key] = pair if old is None else (np.r_[old[0], pair[0]], np.r_[old[1], pair[1]])
        return nodes

    def pick(self, key: str, district: np.ndarray) -> np.ndarray:
        """One node of ``key`` per resident: from the district, else the block, else any."""
        nodes, dist = self.pools[key]
        out = np.full(len(district), -1, np.int64)
        u = self.rng.random(len(district))
        todo = np.ones(len(district), bool)
        n_d = len(self.block)
        for level, where in (
            (dist, district),
            (np.where(dist >= 0, self.block[np.maximum(dist, 0)], -1), self.block[district]),
        ):
            order = np.argsort(level, kind="stable")
            lv = level[order]
            size = n_d + 1
            ptr = np.searchsorted(lv, np.arange(size + 1))
            lo, hi = ptr[where], ptr[where + 1]
            ok = todo & (hi > lo)
            out[ok] = nodes[order][lo[ok] + (u[ok] * (hi[ok] - lo[ok])).astype(np.int64)]
            todo &= ~ok
        allnodes = np.unique(nodes)
        out[todo] = allnodes[(u[todo] * len(allnodes)).astype(np.int64)]
        return out


def _spread(rng, k: int, weights: np.ndarray) -> np.ndarray:
    """k districts drawn in proportion to population."""
    return rng.choice(len(weights), size=k, p=weights / weights.sum())


def create_organisations(
    orgs: Organisations,
    rng: np.random.Generator,
    table: pd.DataFrame,
    scale: float,
    zone_info: tuple[np.ndarray, np.ndarray],
) -> dict[str, np.ndarray]:
    """Create every supporter node; returns the nodes of each type and a few lookups."""

    def count(base: str) -> int:
        number = int(base.rstrip("+"))
        return max(number if base.endswith("+") else 1, round(number * scale))

    pop = table.population.to_numpy(float) + 1e-9
    n_d = len(pop)
    block_of = table.block.to_numpy()
    named: dict = {}
    # 地域包括支援センター: the main centre and a branch per outer block, each covering its block.
    k = count("3+")
    dist_of = {name: i for i, name in enumerate(table.district)}
    dist = np.r_[[dist_of[d] for d in ("上野東部", "壬生野", "阿保")], _spread(rng, k - 3, pop)]
    labels = ["（本所）", " 北部ブランチ", " 南部ブランチ"] + [f" 分室{i}" for i in range(1, k - 2)]
    members = [np.flatnonzero(block_of == block_of[d]) for d in dist]
    named["houkatsu"] = orgs.add(
        "houkatsu",
        "agency",
        "地域包括支援センター",
        [f"地域包括支援センター{label}" for label in labels],
        dist,
        "elderly_care;dementia;advocacy;carer_burden;watching_over",
        capacity=600,
        covers=(np.repeat(np.arange(k), [len(m) for m in members]), np.concatenate(members)),
    )
    for key, kind, subtype, base, place, capacity, opened, services in SUPPORTERS:
        k = count(base)
        if place == "quota":
            share = largest_remainder(k * pop[None, :] / pop.sum(), np.array([k]))[0]
            dist = np.repeat(np.arange(n_d), share)
        else:
            dist = _spread(rng, k, pop) if place == "spread" else np.full(k, -1)
        kinds: str | np.ndarray = kind
        if kind == "company|npo":  # care offices: companies or social-welfare corporations
            kinds = np.where(rng.random(k) < 0.6, "company", "npo")
        if subtype.endswith("学校"):
            names = [f"第{i}{subtype}" for i in range(1, k + 1)]
        elif k == 1 and base.endswith("+"):
            names = [subtype]
        else:
            prefix = "NPO " if key.startswith("npo_") else ""
            names = [f"{prefix}{subtype} {i:02d}" for i in range(1, k + 1)]
        days = (
            None
            if opened is None
            else random_days(rng, np.full(k, day_number(opened[0])), day_number(opened[-1]))
        )
        pool = "clinic" if key == "hospital" else key
        named[key] = orgs.add(
            pool, kinds, subtype, names, dist, services, capacity=capacity, opened=days
        )
    city = "houkatsu disability_center kodomo_center jiritsu welfare_office health_center"
    named["city"] = np.concatenate([named[key] for key in (city + " takikan edu_center").split()])
    npo = "npo_learning npo_multilingual npo_place npo_hikikomori npo_disability"
    named["npo"] = np.concatenate([named[key] for key in npo.split()])
    # 地域福祉コーディネーター: 12 groups of about three districts.
    groups = np.array_split(np.arange(n_d), 12)
    k = count("12+")
    mine = [groups[i % 12] for i in range(k)]
    named["coordinator"] = orgs.add(
        "coordinator",
        "agency",
        "地域福祉コーディネーター",
        [f"地域福祉コーディネーター {i:02d}" for i in range(1, k + 1)],
        [m[0] for m in mine],
        "loneliness_isolation;hikikomori;participation;community_building;watching_over",
        capacity=40,
        opened=random_days(rng, np.full(k, day_number("2015-04-01")), day_number("2020-04-01")),
        covers=(np.repeat(np.arange(k), [len(m) for m in mine]), np.concatenate(mine)),
    )
    named["coordinator_group"] = np.arange(k) % 12
    named["groups"] = groups
    # 民生委員: one per zone of about 200 households, some zones vacant; 主任児童委員.
    zone_district, filled = zone_info
    fz = np.flatnonzero(filled)
    terms = [day_number(d) for d in ("2016-12-01", "2019-12-01", "2022-12-01", "2025-12-01")]
    zone_no = ragged_arange(np.bincount(zone_district, minlength=n_d))[fz] + 1
    named["minsei"] = orgs.add(
        "minsei",
        "volunteer",
        "民生委員",
        [f"民生委員 {orgs.names[d]} {z}" for d, z in zip(zone_district[fz], zone_no)],
        zone_district[fz],
        "watching_over;elderly_care;loneliness_isolation",
        opened=rng.choice(terms, size=len(fz), p=[0.3, 0.3, 0.25, 0.15]),
    )
    named["minsei_of_zone"] = np.full(len(filled), -1, np.int64)
    named["minsei_of_zone"][fz] = named["minsei"]
    k = count("20")
    named["shunin"] = orgs.add(
        "shunin",
        "volunteer",
        "主任児童委員",
        [f"主任児童委員 {i:02d}" for i in range(1, k + 1)],
        np.arange(k) % n_d,
        "child_rearing;child_protection;school_non_attendance;young_carer",
        covers=(np.arange(n_d) % k, np.arange(n_d)) if k < n_d else None,
    )
    # Welfare-active companies, わたせい first (its mask project began 3 June 2021).
    k = count("25")
    stem, trade = rng.choice(COMPANY_STEMS, k), rng.choice(COMPANY_TRADES, k)
    named["company"] = orgs.add(
        "company",
        "company",
        "福祉活動企業",
        ["わたせい"] + [f"{a}{b} {i:02d}" for i, (a, b) in enumerate(zip(stem, trade))][1:],
        -1,
        "employment;participation;donation",
        opened=np.r_[
            day_number("2021-06-03"),
            random_days(rng, np.full(k - 1, day_number("2021-04-01")), day_number("2025-04-01")),
        ],
    )
    # One network meeting and one 住民自治協議会 per district.
    named["meeting"] = orgs.add(
        "meeting",
        "group",
        "地域福祉ネットワーク会議",
        [f"{d} 地域福祉ネットワーク会議" for d in orgs.names],
        np.arange(n_d),
        "community_building;watching_over",
        opened=random_days(rng, np.full(n_d, day_number("2012-04-01")), day_number("2020-04-01")),
    )
    named["council"] = orgs.add(
        "council",
        "group",
        "住民自治協議会",
        [f"{d} 住民自治協議会" for d in orgs.names],
        np.arange(n_d),
        "community_building",
        opened=day_number("2005-04-01"),
    )
    return named


def minsei_zones(
    rng: np.random.Generator, town: Town, n_d: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each district's households into zones of ~200; some zones have no 民生委員."""
    hh_district = town.district[np.cumsum(town.hh_size) - town.hh_size]
    per_d = np.bincount(hh_district, minlength=n_d)
    zones = np.ceil(per_d / PREVALENCE["minsei_households"]).astype(np.int64)
    zone_district = np.repeat(np.arange(n_d), zones)
    filled = rng.random(len(zone_district)) >= PREVALENCE["minsei_vacancy"]
    position = np.empty(len(hh_district), np.int64)
    position[np.argsort(hh_district + rng.random(len(hh_district)), kind="stable")] = np.arange(
        len(hh_district)
    )
    rank = position - (np.cumsum(per_d) - per_d)[hh_district]
    hh_zone = (np.cumsum(zones) - zones)[hh_district] + rank * zones[hh_district] // np.maximum(
        per_d[hh_district], 1
    )
    return zone_district, filled, hh_zone
