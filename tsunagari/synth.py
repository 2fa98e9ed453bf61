"""Synthetic Iga-like city: residents, households, needs, supporters and their ties.

:func:`city` builds a whole town modelled on Iga City (三重県伊賀市), whose
重層的支援体制整備事業 tsunagari was written for: 39 住民自治協議会 districts in
three blocks, an ageing population living in about 2.19-person households, the
needs of ``domain.md`` §3 at their national (or Iga) prevalences, the city's
directly run consultation agencies, 社協 and its 地域福祉コーディネーター,
民生委員, schools, care offices, NPOs, welfare-active companies such as わたせい,
こども食堂 and volunteers, tied together as the tables in ``domain.md`` §7 suggest.
:func:`write_city` writes the same town as ``nodes.csv`` / ``supports.csv``.

Everything is invented. Residents carry made-up combinations of common names,
organisations are numbered or role-named, and every row is tagged
``provenance = "synthetic"``. The figures are tunable estimates ([E] in
``domain.md``), never facts about Iga.

The generator is vectorised: one loop over the 39 districts and a few over
organisation types, never one over residents, so 1.7 million residents take
seconds. A seed fixes the town exactly.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DISTRICTS",
    "IGA_POPULATION",
    "PREVALENCE",
    "city",
    "district_table",
    "write_city",
]

IGA_POPULATION = 86_976

#: (district, block, former municipality, population, 65+ share, setting), domain.md §7.3.
DISTRICTS: tuple[tuple[str, str, str, int, float, str], ...] = (
    ("柘植", "north", "伊賀町", 3300, 0.38, "rural"),
    ("西柘植", "north", "伊賀町", 2400, 0.36, "rural"),
    ("壬生野", "north", "伊賀町", 3700, 0.33, "suburban"),
    ("河合", "north", "阿山町", 2600, 0.36, "rural"),
    ("玉滝", "north", "阿山町", 1700, 0.39, "rural"),
    ("丸柱", "north", "阿山町", 700, 0.45, "mountain"),
    ("鞆田", "north", "阿山町", 1060, 0.41, "rural"),
    ("上野東部", "central", "上野市", 3000, 0.34, "urban"),
    ("上野西部", "central", "上野市", 4643, 0.28, "urban"),
    ("上野南部", "central", "上野市", 3373, 0.35, "urban"),
    ("小田", "central", "上野市", 3000, 0.28, "urban"),
    ("久米", "central", "上野市", 3500, 0.27, "urban"),
    ("花之木", "central", "上野市", 1800, 0.34, "rural"),
    ("長田", "central", "上野市", 3800, 0.29, "suburban"),
    ("新居", "central", "上野市", 2300, 0.31, "suburban"),
    ("三田", "central", "上野市", 3200, 0.28, "suburban"),
    ("諏訪", "central", "上野市", 900, 0.39, "rural"),
    ("府中", "central", "上野市", 3300, 0.29, "suburban"),
    ("中瀬", "central", "上野市", 3300, 0.28, "suburban"),
    ("友生", "central", "上野市", 3500, 0.27, "suburban"),
    ("猪田", "central", "上野市", 2000, 0.34, "rural"),
    ("依那古", "central", "上野市", 2500, 0.33, "rural"),
    ("きじが台", "central", "上野市", 1800, 0.42, "estate"),
    ("花垣", "central", "上野市", 1600, 0.38, "rural"),
    ("ゆめが丘", "central", "上野市", 4500, 0.21, "new town"),
    ("緑ケ丘", "central", "上野市", 2000, 0.32, "urban"),
    ("山田", "central", "大山田村", 1900, 0.42, "mountain"),
    ("布引", "central", "大山田村", 1100, 0.45, "mountain"),
    ("阿波", "central", "大山田村", 1000, 0.47, "mountain"),
    ("島ヶ原", "central", "島ヶ原村", 1900, 0.42, "mountain"),
    ("神戸", "south", "上野市", 2300, 0.31, "suburban"),
    ("古山", "south", "上野市", 1400, 0.38, "rural"),
    ("比自岐", "south", "上野市", 700, 0.42, "rural"),
    ("阿保", "south", "青山町", 3000, 0.36, "town"),
    ("桐ケ丘", "south", "青山町", 2100, 0.42, "estate"),
    ("上津", "south", "青山町", 733, 0.529, "mountain"),
    ("博要", "south", "青山町", 450, 0.52, "mountain"),
    ("高尾", "south", "青山町", 500, 0.52, "mountain"),
    ("矢持", "south", "青山町", 417, 0.52, "mountain"),
)

#: Prevalence parameters (domain.md §3, §7.1); each is drawn as an exact count.
PREVALENCE: dict[str, float] = {
    "persons_per_household": 2.19,
    "foreign_resident_share": 0.064,
    "language_need_share_foreign_6plus": 0.5,
    "single_elderly_share_men": 0.15,
    "single_elderly_share_women": 0.22,
    "hikikomori_15_39": 0.0205,
    "hikikomori_40_64": 0.0202,
    "hikikomori_45_64_with_parent_75plus": 0.45,
    "non_attendance_6_11": 0.0214,
    "non_attendance_12_14": 0.0671,
    "public_assistance": 0.010,
    "financial_hardship": 0.012,
    "disability_physical": 0.034,
    "disability_intellectual": 0.010,
    "disability_mental": 0.0096,
    "single_parent_share": 0.07,
    "no_one_to_rely_on_18plus": 0.078,
    "mobility_shopping_75plus": 0.12,
    "minsei_households": 200,
    "minsei_vacancy": 0.08,
}

#: Age-specific rates: (lower age, upper age exclusive, rate).
_ELDERLY_CARE = ((65, 70, 0.03), (70, 75, 0.06), (75, 80, 0.12), (80, 85, 0.26),
                 (85, 90, 0.48), (90, 200, 0.70))
_DEMENTIA = ((65, 70, 0.011), (70, 75, 0.035), (75, 80, 0.071), (80, 85, 0.16),
             (85, 90, 0.30), (90, 200, 0.503))
_YOUNG_CARER = ((11, 12, 0.065), (12, 15, 0.057), (15, 18, 0.041))
_LONELY = ((16, 20, 0.05), (20, 40, 0.07), (40, 70, 0.045), (70, 200, 0.02))

_BANDS = ("0-5", "6-11", "12-14", "15-17", "18-39", "40-64", "65-74", "75+")
_BAND_LO = np.array([0, 6, 12, 15, 18, 40, 65, 75])
_UNDER65_SHARE = np.array([3.6, 4.6, 2.5, 2.6, 19.5, 33.7]) / 66.5
_NEIGHBOURLY = {"urban": 0.22, "new town": 0.2, "suburban": 0.3, "town": 0.35,
                "estate": 0.35, "rural": 0.45, "mountain": 0.55}
_THREE_GEN = {"urban": 0.04, "new town": 0.03, "suburban": 0.07, "town": 0.09,
              "estate": 0.05, "rural": 0.13, "mountain": 0.15}

# Needs, in the order they are written; bit i of a resident's need mask is _NEEDS[i].
_NEEDS = ("elderly_care", "dementia", "disability_physical", "disability_intellectual",
          "disability_mental", "child_rearing", "child_protection", "school_non_attendance",
          "hikikomori", "financial_hardship", "public_assistance", "debt_household_budget",
          "employment", "housing", "loneliness_isolation", "young_carer", "carer_burden",
          "advocacy", "language_culture", "mobility_shopping", "food_insecurity",
          "self_neglect")
_N = {code: i for i, code in enumerate(_NEEDS)}
_CARE_NEEDS = ("elderly_care", "dementia", "disability_physical", "disability_intellectual",
               "disability_mental")
# Fields for "multi-issue" (重層) cases: needs in two or more fields.
_FIELD = {"elderly_care": 0, "dementia": 0, "mobility_shopping": 0, "advocacy": 0,
          "carer_burden": 0, "self_neglect": 0, "disability_physical": 1,
          "disability_intellectual": 1, "disability_mental": 1, "child_rearing": 2,
          "child_protection": 2, "school_non_attendance": 2, "young_carer": 2,
          "financial_hardship": 3, "public_assistance": 3, "debt_household_budget": 3,
          "employment": 3, "housing": 3, "food_insecurity": 3, "hikikomori": 4,
          "loneliness_isolation": 4, "language_culture": 5}

# need -> (probability of an active formal support, providers and weights, chance of a second).
_COVERAGE: dict[str, tuple[float, tuple[tuple[str, float], ...], float]] = {
    "elderly_care": (0.60, (("care_office", 0.65), ("houkatsu", 0.35)), 0.35),
    "dementia": (0.50, (("houkatsu", 0.5), ("clinic", 0.5)), 0.3),
    "disability_physical": (0.45, (("disability_center", 0.4), ("disability_office", 0.4),
                                   ("care_office", 0.2)), 0.2),
    "disability_intellectual": (0.60, (("disability_office", 0.5), ("work_support", 0.3),
                                       ("disability_center", 0.2)), 0.3),
    "disability_mental": (0.50, (("health_center", 0.3), ("disability_center", 0.3),
                                 ("clinic", 0.2), ("work_support", 0.2)), 0.25),
    "hikikomori": (0.30, (("jiritsu", 0.35), ("hikikomori_supporter", 0.25), ("nest", 0.2),
                          ("health_center", 0.2)), 0.3),
    "school_non_attendance": (0.65, (("school", 0.5), ("edu_center", 0.3),
                                     ("npo_learning", 0.2)), 0.4),
    "financial_hardship": (0.40, (("jiritsu", 0.7), ("pantry", 0.15), ("shakyo", 0.15)), 0.3),
    "public_assistance": (0.95, (("welfare_office", 1.0),), 0.0),
    "debt_household_budget": (0.40, (("jiritsu", 0.7), ("shakyo", 0.3)), 0.1),
    "employment": (0.35, (("jiritsu", 0.5), ("work_support", 0.2), ("company", 0.3)), 0.2),
    "housing": (0.30, (("jiritsu", 1.0),), 0.0),
    "child_rearing": (0.60, (("kodomo_center", 0.5), ("nursery", 0.4),
                             ("health_center", 0.1)), 0.3),
    "child_protection": (0.85, (("kodomo_center", 0.7), ("school", 0.2), ("shunin", 0.1)), 0.5),
    "young_carer": (0.25, (("school", 0.4), ("kodomo_center", 0.3), ("coordinator", 0.2),
                           ("shunin", 0.1)), 0.2),
    "carer_burden": (0.30, (("houkatsu", 0.8), ("shakyo", 0.2)), 0.1),
    "loneliness_isolation": (0.20, (("coordinator", 0.3), ("shakyo", 0.2),
                                    ("watch_volunteer", 0.3), ("npo_place", 0.2)), 0.2),
    "language_culture": (0.35, (("npo_multilingual", 0.8), ("jiritsu", 0.2)), 0.2),
    "mobility_shopping": (0.20, (("shakyo", 0.4), ("watch_volunteer", 0.3),
                                 ("mimamori", 0.3)), 0.2),
    "food_insecurity": (0.40, (("cafeteria", 0.5), ("pantry", 0.5)), 0.3),
    "advocacy": (0.50, (("shakyo", 0.5), ("houkatsu", 0.5)), 0.2),
    "self_neglect": (0.40, (("houkatsu", 0.6), ("coordinator", 0.4)), 0.2),
}
_ENDED_HISTORY = 0.12  # chance that a need also has an earlier, ended support

_FORMALITY = ("formal", "semi_formal", "informal")
_FREQUENCY = ("daily", "weekly", "monthly", "yearly")
_SUPPORT_TYPE = ("concrete", "emotional", "informational", "companionship",
                 "financial_material", "care_service", "referral", "coordination",
                 "monitoring", "employment", "donation", "training")
_JUSOU = ("", "outreach_continuous", "multi_agency", "participation", "community_building")
_ST = {name: i for i, name in enumerate(_SUPPORT_TYPE)}
_JU = {name: i for i, name in enumerate(_JUSOU)}

_JP_SURNAMES = (
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 "
    "清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 "
    "遠藤 青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 松田 竹内 中川 小野 "
    "田村 服部 北川 奥田 西田 福井"
).split()
_JP_MALE = ("翔太 大輔 健太 拓也 直樹 誠 浩 隆 茂 勇 清 博 修 進 悠真 陽翔 蓮 湊 大和 颯 "
            "和夫 正夫 健一 洋介 達也 亮 剛 学 聡 優斗").split()
_JP_FEMALE = ("花子 陽子 恵子 幸子 和子 洋子 美咲 愛 彩 真由美 由美子 久美子 結衣 陽菜 凛 "
              "葵 芽依 さくら 美月 千尋 節子 文子 京子 智子 直美 裕子 明美 舞 七海 美和").split()
_FOREIGN_SURNAMES = ("シルバ サントス オリヴェイラ ソウザ ペレイラ フェレイラ ロドリゲス "
                     "グエン チャン レ ファム ガルシア レイエス サントス・ジュニオール").split()
_FOREIGN_MALE = "ルーカス ガブリエル マテウス ペドロ ラファエル ミン ホアン ジョセフ".split()
_FOREIGN_FEMALE = "マリア アナ ジュリア ベアトリス カミラ ラン フオン アンジェリカ".split()
_COMPANY_STEMS = ("あおば ひのき さくら みどり かしの木 つばき やまびこ こもれび すずらん "
                  "ひだまり いろは なごみ").split()
_COMPANY_TRADES = ("食品", "運輸", "商店", "建設", "工業", "ストア", "農園", "製作所")

_SINCE_FIRST = int(np.datetime64("2015-01-01", "D").astype(np.int64))
_SINCE_LAST = int(np.datetime64("2025-12-31", "D").astype(np.int64))
_JUSOU_START = int(np.datetime64("2021-04-01", "D").astype(np.int64))
_NO_DATE = np.iinfo(np.int32).min


def _day(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


# --------------------------------------------------------------------------- helpers


def _largest_remainder(quota: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Round each row of ``quota`` to integers that sum to ``total`` (row-wise)."""
    quota = np.atleast_2d(quota)
    base = np.floor(quota).astype(np.int64)
    short = np.asarray(total).reshape(-1) - base.sum(axis=1)
    rank = np.argsort(np.argsort(-(quota - base), axis=1, kind="stable"), axis=1)
    return base + (rank < short[:, None])


def _sample(rng: np.random.Generator, n: int, k: int, weights=None) -> np.ndarray:
    """Positions of ``k`` of ``n`` items drawn without replacement (optionally weighted)."""
    k = int(max(0, min(k, n)))
    if k == 0:
        return np.empty(0, np.int64)
    if weights is None:
        return rng.choice(n, size=k, replace=False)
    # Efraimidis-Spirakis: the k largest log(u)/w form a weighted sample.
    key = np.log(rng.random(n)) / np.maximum(np.asarray(weights, float), 1e-12)
    return np.argpartition(-key, k - 1)[:k] if k < n else np.arange(n)


def _exact(rng, eligible: np.ndarray, rate: float, weights=None) -> np.ndarray:
    """Indices drawn from ``eligible`` (indices) so that exactly round(rate·n) are taken."""
    k = int(round(rate * len(eligible)))
    w = None if weights is None else weights[eligible]
    return eligible[_sample(rng, len(eligible), k, w)]


def _by_age(rng, age: np.ndarray, table, pool=None, weights=None) -> np.ndarray:
    """Exact-count draw per age band from a table of (lo, hi, rate)."""
    chosen = []
    for lo, hi, rate in table:
        mask = (age >= lo) & (age < hi)
        if pool is not None:
            mask &= pool
        chosen.append(_exact(rng, np.flatnonzero(mask), rate, weights))
    return np.concatenate(chosen) if chosen else np.empty(0, np.int64)


def _dates(rng, lo, hi) -> np.ndarray:
    """Uniform days in [lo, hi] (element-wise, lo clipped to hi)."""
    lo = np.minimum(np.asarray(lo, np.int64), hi)
    return (lo + np.floor(rng.random(np.shape(lo)) * (np.asarray(hi) - lo + 1))).astype(np.int64)


def _ragged_arange(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each count c, concatenated."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total) - starts


# --------------------------------------------------------------------------- columns


@dataclass
class _Col:
    """A column as integer codes into an array of labels (shared, so cheap to build)."""

    codes: np.ndarray
    labels: np.ndarray
    integer: bool = False  # labels are "", "0", "1", ...: code c means c - 1, 0 means missing

    def series(self) -> pd.Series | pd.api.extensions.ExtensionArray:
        if self.integer:
            values = self.codes.astype(np.int64) - 1
            return pd.arrays.IntegerArray(np.maximum(values, 0), values < 0)
        return pd.Series(self.labels[self.codes], dtype="str")


def _labels(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _strcol(values: np.ndarray) -> _Col:
    """Code an array of Python strings."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    return _Col(codes.astype(np.int64), _labels(uniques))


def _intcol(values: np.ndarray) -> _Col:
    """Code non-negative integers, -1 for missing, as a nullable integer column."""
    values = np.asarray(values, np.int64)
    top = int(values.max(initial=-1)) + 1
    return _Col(values + 1, _labels([""] + [str(i) for i in range(top)]), integer=True)


def _datecol(days: np.ndarray) -> _Col:
    uniq, inv = np.unique(days, return_inverse=True)
    text = np.datetime_as_string(uniq.astype("datetime64[D]")).astype(object)
    text[uniq == _NO_DATE] = ""
    return _Col(inv.astype(np.int64), text)


def _concat(parts: list[_Col]) -> _Col:
    codes, labels, offset = [], [], 0
    for part in parts:
        codes.append(part.codes + offset)
        labels.append(part.labels)
        offset += len(part.labels)
    return _Col(np.concatenate(codes), np.concatenate(labels))


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    digits = np.strings.zfill(np.arange(1, n + 1).astype(str), width)
    return np.strings.add(prefix, digits).astype(object)


# --------------------------------------------------------------------------- population


def district_table(residents: int = IGA_POPULATION) -> pd.DataFrame:
    """The 39 districts with populations scaled to ``residents``.

    Populations are the indicative table of ``domain.md`` §7.3, scaled and rounded
    by largest remainder so that they sum to ``residents`` exactly.

    Parameters
    ----------
    residents : int
        Total number of residents.

    Returns
    -------
    pandas.DataFrame
        One row per district: ``district``, ``block``, ``former_municipality``,
        ``population``, ``ageing_rate`` (65+ share) and ``setting``.

    Examples
    --------
    >>> table = district_table(86_976)
    >>> int(table.population.sum()), table.loc[table.district == "上津", "population"].item()
    (86976, 733)
    """
    frame = pd.DataFrame(list(DISTRICTS), columns=["district", "block", "former_municipality",
                                                   "population", "ageing_rate", "setting"])
    weights = frame.population.to_numpy(float)
    frame["population"] = _largest_remainder(residents * weights / weights.sum(),
                                             np.array([residents]))[0]
    return frame


def _people(rng, table: pd.DataFrame):
    """District, age and sex of every resident, grouped by district."""
    n_d = table.population.to_numpy()
    a65 = table.ageing_rate.to_numpy()
    old = np.clip(0.567 + 0.5 * (a65 - 0.334), 0.45, 0.75)  # 75+ within 65+
    shares = np.column_stack([np.outer(1 - a65, _UNDER65_SHARE), a65 * (1 - old), a65 * old])
    counts = _largest_remainder(n_d[:, None] * shares, n_d)
    district = np.repeat(np.arange(len(n_d)), n_d).astype(np.int16)
    band = np.repeat(np.tile(np.arange(8), len(n_d)), counts.ravel())
    width = np.diff(np.append(_BAND_LO, 76))[band]
    age = _BAND_LO[band] + np.floor(rng.random(len(band)) * width).astype(np.int64)
    old_mask = band == 7
    age[old_mask] = 75 + np.minimum(rng.exponential(8.0, old_mask.sum()), 30).astype(np.int64)
    p_female = np.select([age < 65, age < 75, age < 85], [0.49, 0.52, 0.58], 0.68)
    female = rng.random(len(age)) < p_female
    return district, age, female


_SINGLE, _COUPLE, _FAMILY, _SINGLE_PARENT, _THREE, _OLD_SINGLE, _OLD_COUPLE, _8050 = range(8)


def _match_by_age(rng, want: np.ndarray, pool: np.ndarray, pool_age: np.ndarray, weight=None):
    """Pick pool members whose ages resemble ``want``; pair them by age rank.

    Returns (members, slots): members[i] fills want[slots[i]].
    """
    k = min(len(want), len(pool))
    if k == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    slots = np.arange(len(want)) if k == len(want) else _sample(rng, len(want), k)
    kernel = np.ones(5)
    hist_w = np.convolve(np.bincount(np.clip(np.rint(want[slots]), 0, 119).astype(int),
                                     minlength=120), kernel, "same")
    hist_p = np.convolve(np.bincount(np.clip(pool_age, 0, 119), minlength=120), kernel, "same")
    w = hist_w[pool_age] / np.maximum(hist_p[pool_age], 1) + 1e-6
    if weight is not None:
        w = w * weight
    pos = _sample(rng, len(pool), k, w)
    pos = pos[np.argsort(pool_age[pos], kind="stable")]
    slots = slots[np.argsort(want[slots], kind="stable")]
    return pool[pos], slots


def _district_households(rng, age, female, hik, setting):
    """Group one district's residents into households (local ids, kinds, founders)."""
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
        ok_kind = np.isin(np.concatenate(kinds), (_OLD_SINGLE, _8050), invert=True)
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
    kids = kids[_sample(rng, len(kids),
                        round(PREVALENCE["hikikomori_45_64_with_parent_75plus"] * len(kids)))]
    pool = free(age >= 75)
    par, slot = _match_by_age(rng, age[kids] + 28 + rng.normal(0, 4, len(kids)), pool,
                              age[pool], np.where(female[pool], 3.0, 1.0))
    ok = age[par] - age[kids[slot]] >= 18
    par, kid = par[ok], kids[slot[ok]]
    create(_8050, par, (par, np.arange(len(par))), (kid, np.arange(len(par))))

    # Families with children: siblings of similar age, mother and/or father.
    kids = free(age < 18)
    kids = kids[np.argsort(age[kids] + rng.normal(0, 3, len(kids)), kind="stable")]
    sizes = rng.choice(4, size=max(len(kids), 1), p=[0.42, 0.42, 0.13, 0.03]) + 1
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
        got, slot = _match_by_age(rng, eldest[need] + 29 + rng.normal(0, 4, len(need)), pool,
                                  age[pool])
        mother[need[slot]] = got
        need = np.flatnonzero(~single | dad_only)
        want = np.where(mother[need] >= 0, age[mother[need]] + 2, eldest[need] + 31)
        pool = free(~female & (age >= 18) & (age <= 69))
        got, slot = _match_by_age(rng, want + rng.normal(0, 3, len(need)), pool, age[pool])
        father[need[slot]] = got
        has = (mother >= 0) | (father >= 0)
        gid = np.cumsum(has) - 1
        kind = np.where((mother >= 0) & (father >= 0), _FAMILY, _SINGLE_PARENT)[has]
        founder = np.where(mother >= 0, mother, father)[has]
        first = create(_FAMILY, founder, (kids[has[fam]], gid[fam][has[fam]]),
                       (mother[mother >= 0], gid[mother >= 0]),
                       (father[father >= 0], gid[father >= 0]))
        kinds[-1] = kind.astype(np.int8)
        # Three generations: a grandparent joins some families.
        pick = _sample(rng, len(first), round(_THREE_GEN[setting] * len(first)))
        pool = free(age >= 60)
        gp, slot = _match_by_age(rng, age[founder[pick]] + 28 + rng.normal(0, 4, len(pick)),
                                 pool, age[pool])
        hh[gp] = first[pick[slot]]
        kinds[-1][pick[slot]] = _THREE

    # Elderly living alone, then elderly couples (some with an adult child).
    for is_f, key in ((False, "single_elderly_share_men"), (True, "single_elderly_share_women")):
        total = int(((age >= 65) & (female == is_f)).sum())
        pool = free((age >= 65) & (female == is_f))
        alone = pool[_sample(rng, len(pool), round(PREVALENCE[key] * total), age[pool] - 60.0)]
        create(_OLD_SINGLE, alone, (alone, np.arange(len(alone))))
    men = free((age >= 65) & ~female)
    men = men[_sample(rng, len(men), round(0.93 * len(men)))]
    pool = free((age >= 58) & female)
    wives, slot = _match_by_age(rng, age[men] - 2 + rng.normal(0, 3, len(men)), pool, age[pool])
    men = men[slot]
    first = create(_OLD_COUPLE, men, (men, np.arange(len(men))), (wives, np.arange(len(men))))
    pick = _sample(rng, len(first), round(0.12 * len(first)))
    pool = free((age >= 25) & (age <= 64))
    child, slot = _match_by_age(rng, age[men[pick]] - 30 + rng.normal(0, 4, len(pick)), pool,
                                age[pool])
    hh[child] = first[pick[slot]]

    # Older people left over live with a child's household; young adults with parents.
    attach(free(age >= 65), -45, -18)
    young = free((age >= 18) & (age < 30))
    attach(young[_sample(rng, len(young), round(0.45 * len(young)))], 18, 45)

    # Working-age couples; then singles up to the household target; the rest join others.
    men = free(~female & (age >= 18) & (age <= 64))
    men = men[_sample(rng, len(men), round(0.5 * len(men)))]
    pool = free(female & (age >= 18) & (age <= 64))
    wives, slot = _match_by_age(rng, age[men] - 2 + rng.normal(0, 3, len(men)), pool, age[pool])
    men = men[slot]
    create(_COUPLE, men, (men, np.arange(len(men))), (wives, np.arange(len(men))))
    rest = free(age >= 18)
    target = round(n / PREVALENCE["persons_per_household"])
    alone = rest[_sample(rng, len(rest), target - state["count"])]
    create(_SINGLE, alone, (alone, np.arange(len(alone))))
    left = attach(free(age >= 0), -60, 60)
    if len(left):  # nobody to join (tiny districts): live alone
        create(_SINGLE, left, (left, np.arange(len(left))))
    return hh, np.concatenate(kinds) if kinds else np.empty(0, np.int8)


# --------------------------------------------------------------------------- organisations


class _Orgs:
    """Non-resident nodes, added type by type, with pools for picking a local one."""

    _PREFIX = {"agency": "A", "company": "C", "npo": "N", "volunteer": "V", "group": "G"}

    def __init__(self, first: int, table: pd.DataFrame, rng):
        self.first = first
        self.rng = rng
        self.block = pd.factorize(table.block)[0]
        self.names = table.district.tolist()
        self.rows: dict[str, list] = {k: [] for k in ("name", "kind", "subtype", "district",
                                                      "services", "capacity", "opened")}
        self.pools: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @property
    def count(self) -> int:
        return len(self.rows["name"])

    def add(self, key, kind, subtype, names, districts, services, *, capacity=None,
            opened=None, covers=None) -> np.ndarray:
        """Add nodes; ``covers`` lists (node position, district) pairs for picking."""
        k = len(names)
        start = self.first + self.count
        nodes = start + np.arange(k)
        districts = np.broadcast_to(np.asarray(districts, np.int64), (k,))
        self.rows["name"] += list(names)
        self.rows["kind"] += [kind] * k
        self.rows["subtype"] += [subtype] * k
        self.rows["district"] += districts.tolist()
        self.rows["services"] += [services] * k
        cap = np.broadcast_to(np.asarray(-1 if capacity is None else capacity), (k,))
        self.rows["capacity"] += cap.tolist()
        day = _day("2010-04-01") if opened is None else opened
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
        for level, where in ((dist, district), (np.where(dist >= 0, self.block[np.maximum(dist, 0)],
                                                        -1), self.block[district])):
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


def _organisations(orgs: _Orgs, rng, table: pd.DataFrame, scale: float, hh_district, zone_info):
    """Create every supporter node. Returns a dict of named nodes used by the tie builder."""
    def n(base, fixed=False):
        return max(base if fixed else 1, round(base * scale))

    pop = table.population.to_numpy(float) + 1e-9
    n_d = len(pop)
    dist_of = {name: i for i, name in enumerate(table.district)}
    block_of = table.block.to_numpy()
    named = {}
    # City-run agencies (all directly run in Iga), 社協 and its coordinators.
    k = n(3, True)
    hub = [dist_of["上野東部"], dist_of["壬生野"], dist_of["阿保"]]
    dist = np.array(hub + list(_spread(rng, k - 3, pop)))
    labels = ["地域包括支援センター（本所）", "地域包括支援センター 北部ブランチ",
              "地域包括支援センター 南部ブランチ"] + [f"地域包括支援センター 分室{i}"
                                                      for i in range(1, k - 2)]
    covers_pos, covers_d = [], []
    for i, d in enumerate(dist):  # each centre covers its block
        members = np.flatnonzero(block_of == block_of[d])
        covers_pos += [i] * len(members)
        covers_d += members.tolist()
    named["houkatsu"] = orgs.add("houkatsu", "agency", "地域包括支援センター", labels, dist,
                                 "elderly_care;dementia;advocacy;carer_burden;watching_over",
                                 capacity=600, covers=(np.array(covers_pos), np.array(covers_d)))
    city = [named["houkatsu"]]
    for key, subtype, services in (
        ("disability_center", "障がい者相談支援センター",
         "disability_physical;disability_intellectual;disability_mental;developmental"),
        ("kodomo_center", "こども家庭センター",
         "child_rearing;perinatal;child_protection;young_carer"),
        ("jiritsu", "自立相談支援機関（生活支援課）",
         "financial_hardship;debt_household_budget;employment;housing;hikikomori;food_insecurity"),
        ("welfare_office", "福祉事務所", "public_assistance;financial_hardship"),
        ("health_center", "保健センター", "health;disability_mental;perinatal;suicide_risk;addiction"),
        ("takikan", "多機関協働", "community_building;participation;advocacy"),
        ("edu_center", "教育支援センター", "school_non_attendance;learning"),
    ):
        k = n(1, True)
        names = [subtype] + [f"{subtype} {i}" for i in range(2, k + 1)]
        opened = _JUSOU_START if key == "takikan" else None
        named[key] = orgs.add(key, "agency", subtype, names, -1, services, opened=opened)
        city.append(named[key])
    named["city"] = np.concatenate(city)
    named["shakyo"] = orgs.add("shakyo", "agency", "社会福祉協議会", ["社会福祉協議会"], -1,
                               "community_building;loneliness_isolation;advocacy;"
                               "financial_hardship;participation;donation")
    groups = np.array_split(np.arange(n_d), 12)
    k = n(12, True)
    pos = np.concatenate([[i] * len(groups[i % 12]) for i in range(k)])
    cov = np.concatenate([groups[i % 12] for i in range(k)])
    named["coordinator"] = orgs.add(
        "coordinator", "agency", "地域福祉コーディネーター",
        [f"地域福祉コーディネーター {i:02d}" for i in range(1, k + 1)],
        [groups[i % 12][0] for i in range(k)],
        "loneliness_isolation;hikikomori;participation;community_building;watching_over",
        capacity=40, opened=_dates(rng, _day("2015-04-01"), _day("2020-04-01")) if k else None,
        covers=(pos, cov))
    named["coordinator_group"] = np.arange(k) % 12
    named["groups"] = groups
    # 民生委員 (one per zone of about 200 households, some vacant) and 主任児童委員.
    zone_district, filled = zone_info
    fz = np.flatnonzero(filled)
    appointed = rng.choice([_day("2016-12-01"), _day("2019-12-01"), _day("2022-12-01"),
                            _day("2025-12-01")], size=len(fz), p=[0.3, 0.3, 0.25, 0.15])
    zone_no = _ragged_arange(np.bincount(zone_district, minlength=n_d))[fz] + 1
    named["minsei"] = orgs.add(
        "minsei", "volunteer", "民生委員",
        [f"民生委員 {orgs.names[d]} {z}" for d, z in zip(zone_district[fz], zone_no)],
        zone_district[fz], "watching_over;elderly_care;loneliness_isolation", opened=appointed)
    named["minsei_of_zone"] = np.full(len(filled), -1, np.int64)
    named["minsei_of_zone"][fz] = named["minsei"]
    k = n(20)
    named["shunin"] = orgs.add(
        "shunin", "volunteer", "主任児童委員", [f"主任児童委員 {i:02d}" for i in range(1, k + 1)],
        np.arange(k) % n_d, "child_rearing;child_protection;school_non_attendance;young_carer",
        covers=(np.arange(n_d) % k, np.arange(n_d)) if k < n_d else None)
    # Schools, nurseries, medical care.
    for key, subtype, base, services in (
        ("elementary", "小学校", 19, "school_non_attendance;learning;young_carer"),
        ("junior_high", "中学校", 10, "school_non_attendance;learning;young_carer"),
        ("high_school", "高等学校", 5, "school_non_attendance;learning;young_carer"),
        ("nursery", "保育所・認定こども園", 20, "child_rearing"),
        ("hospital", "病院", 5, "health;dementia;disability_mental"),
        ("clinic", "診療所", 60, "health;dementia"),
    ):
        k = n(base)
        quota = _largest_remainder(k * pop[None, :] / pop.sum(), np.array([k]))[0]
        dist = np.repeat(np.arange(n_d), quota)
        pool_key = "clinic" if key == "hospital" else key
        named[key] = orgs.add(pool_key, "agency", subtype,
                              [f"第{i}{subtype}" if base < 50 else f"{subtype} {i:02d}"
                               for i in range(1, k + 1)], dist, services)
    # Service providers: care offices, disability offices, employment support.
    for key, subtype, base, services, capacity in (
        ("care_office", "居宅介護支援事業所", 30, "elderly_care;dementia;carer_burden", 100),
        ("disability_office", "指定特定相談支援事業所", 8,
         "disability_physical;disability_intellectual;disability_mental", 60),
        ("work_support", "就労継続支援B型事業所", 15,
         "employment;participation;disability_intellectual;disability_mental", 20),
    ):
        k = n(base)
        kind = np.where(rng.random(k) < 0.6, "company", "npo") if key == "care_office" else None
        nodes = []
        for i, d in enumerate(_spread(rng, k, pop)):
            nodes.append(orgs.add(key, "npo" if kind is None else str(kind[i]), subtype,
                                  [f"{subtype} {i + 1:02d}"], d, services, capacity=capacity))
        named[key] = np.concatenate(nodes)
    # NPOs by theme; welfare-active companies (わたせい first) and 見守り協定 businesses.
    themes = (("npo_learning", "学習支援", "learning;school_non_attendance"),
              ("npo_multilingual", "外国人支援", "language_culture"),
              ("npo_place", "居場所・サロン", "loneliness_isolation;participation"),
              ("npo_hikikomori", "ひきこもり家族会", "hikikomori"),
              ("npo_disability", "障がい者支援", "disability_intellectual;participation"))
    k = n(40)
    theme = np.arange(k) % len(themes)
    dist = _spread(rng, k, pop)
    named["npo"] = []
    for t, (key, subtype, services) in enumerate(themes):
        idx = np.flatnonzero(theme == t)
        if len(idx):
            named["npo"].append(orgs.add(key, "npo", subtype,
                                         [f"NPO {subtype} {i + 1:02d}" for i in idx],
                                         dist[idx], services,
                                         opened=_dates(rng, _day("2008-04-01"), _day("2023-04-01")
                                                       ) + np.zeros(len(idx), np.int64)))
    named["npo"] = np.concatenate(named["npo"])
    k = n(25)
    stem = rng.choice(_COMPANY_STEMS, k)
    trade = rng.choice(_COMPANY_TRADES, k)
    names = ["わたせい"] + [f"{s}{t} {i:02d}" for i, (s, t) in enumerate(zip(stem, trade))][1:]
    opened = np.r_[_day("2021-06-03"), _dates(rng, np.full(k - 1, _day("2021-04-01")),
                                              _day("2025-04-01"))]
    named["company"] = orgs.add("company", "company", "福祉活動企業", names, -1,
                                "employment;participation;donation", opened=opened)
    k = n(10)
    named["mimamori"] = orgs.add("mimamori", "company", "見守り協定事業者",
                                 [f"見守り協定事業者 {i:02d}" for i in range(1, k + 1)], -1,
                                 "watching_over;mobility_shopping",
                                 opened=_dates(rng, np.full(k, _day("2019-04-01")),
                                               _day("2025-04-01")))
    # Volunteers: ひきこもりサポーター (trained FY2021-22) and 見守りボランティア.
    k = n(30)
    named["hikikomori_supporter"] = orgs.add(
        "hikikomori_supporter", "volunteer", "ひきこもりサポーター",
        [f"ひきこもりサポーター {i:02d}" for i in range(1, k + 1)], -1, "hikikomori;participation",
        opened=_dates(rng, np.full(k, _day("2021-10-01")), _day("2023-03-31")))
    k = n(1000)
    named["watch_volunteer"] = orgs.add(
        "watch_volunteer", "volunteer", "見守りボランティア",
        [f"見守りボランティア {i:04d}" for i in range(1, k + 1)], _spread(rng, k, pop),
        "watching_over;mobility_shopping;loneliness_isolation",
        opened=_dates(rng, np.full(k, _SINCE_FIRST), _day("2025-06-30")))
    # Places and meetings.
    named["nest"] = orgs.add("nest", "group", "居場所（ひきこもりフリースペース）",
                             ["フリースペース nest"], dist_of["上野東部"], "hikikomori;participation",
                             opened=_day("2016-04-01"))
    k = n(8)
    named["cafeteria"] = orgs.add(
        "cafeteria", "group", "こども食堂・地域食堂", [f"地域食堂 {i:02d}" for i in range(1, k + 1)],
        _spread(rng, k, pop), "food_insecurity;child_rearing;participation", capacity=40,
        opened=_dates(rng, np.full(k, _day("2019-11-01")), _day("2024-10-01")))
    k = n(3)
    named["pantry"] = orgs.add(
        "pantry", "group", "フードパントリー", [f"フードパントリー {i:02d}" for i in range(1, k + 1)],
        _spread(rng, k, pop), "food_insecurity;financial_hardship;donation",
        opened=_dates(rng, np.full(k, _day("2020-04-01")), _day("2023-04-01")))
    named["meeting"] = orgs.add(
        "meeting", "group", "地域福祉ネットワーク会議",
        [f"{d} 地域福祉ネットワーク会議" for d in orgs.names], np.arange(n_d),
        "community_building;watching_over",
        opened=_dates(rng, np.full(n_d, _day("2012-04-01")), _day("2020-04-01")))
    named["council"] = orgs.add(
        "council", "group", "住民自治協議会", [f"{d} 住民自治協議会" for d in orgs.names],
        np.arange(n_d), "community_building", opened=_day("2005-04-01"))
    return named


# --------------------------------------------------------------------------- ties


class _Edges:
    """Edge blocks collected as arrays; attributes are codes."""

    def __init__(self):
        self.parts: list[dict[str, np.ndarray]] = []

    def add(self, src, tgt, *, domain=-1, relation=0, formality=0, frequency=2, since=_NO_DATE,
            until=_NO_DATE, kind="informational", jusou=""):
        src = np.asarray(src, np.int64)
        k = len(src)
        if k == 0:
            return

        def full(value, dtype=np.int64):
            return np.broadcast_to(np.asarray(value, dtype), (k,)).copy()

        self.parts.append({
            "src": src, "tgt": np.asarray(tgt, np.int64), "domain": full(domain),
            "relation": full(relation, np.int8), "formality": full(formality, np.int8),
            "frequency": full(frequency, np.int8), "since": full(since),
            "until": full(until), "kind": full(_ST[kind] if isinstance(kind, str) else kind,
                                               np.int8),
            "jusou": full(_JU[jusou], np.int8),
        })

    def collab(self, a, b, *, since, domain=-1, until=_NO_DATE, kind="coordination", jusou=""):
        a, b = np.broadcast_arrays(np.asarray(a, np.int64), np.asarray(b, np.int64))
        keep = a != b
        since = np.broadcast_to(np.asarray(since), a.shape)[keep]
        until = np.broadcast_to(np.asarray(until), a.shape)[keep]
        self.add(np.minimum(a, b)[keep], np.maximum(a, b)[keep], relation=1, domain=domain,
                 formality=0, frequency=2, since=since, until=until, kind=kind, jusou=jusou)

    def merged(self) -> dict[str, np.ndarray]:
        out = {key: np.concatenate([p[key] for p in self.parts]) for key in self.parts[0]}
        # One edge per (source, target, relation, domain, still active).
        key = (((out["src"] * (1 << 22) + out["tgt"]) * 2 + out["relation"]) * 64
               + out["domain"] + 1) * 2 + (out["until"] != _NO_DATE)
        keep = ~pd.Series(key).duplicated().to_numpy()
        return {k: v[keep] for k, v in out.items()}


def _ended(rng, since: np.ndarray, share: float) -> np.ndarray:
    """An ``until`` column: a share of the ties ended between since and the end of 2025."""
    until = np.full(len(since), _NO_DATE, np.int64)
    end = rng.random(len(since)) < share
    until[end] = _dates(rng, since[end] + 1, _SINCE_LAST + 1)
    return until


# --------------------------------------------------------------------------- public API


def city(
    residents: int = IGA_POPULATION,
    *,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate a synthetic Iga-like city.

    The town has ``residents`` people in the 39 districts of ``domain.md`` §7.3
    (populations scaled to ``residents``), living in households of about 2.19
    people, with needs at the prevalences of :data:`PREVALENCE`. Supporters are
    scaled by ``residents / 86,976`` (never below the city's fixed set of agencies,
    社協 and its 12 coordinators). Ties: family support inside households and from
    relatives living apart, neighbours within the district, 民生委員 watching over
    older people living alone, formal support per need with a coverage
    probability, coordinators' outreach and 多機関協働 since April 2021, company
    employment, and collaborations among organisations. Some ties ended before
    2026, so statuses change over time.

    Parameters
    ----------
    residents : int, default 86,976
        Number of residents (Iga's population in January 2023).
    seed : int, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same town.
    progress : callable, optional
        Called as ``progress(step, done, total)`` as generation advances.

    Returns
    -------
    nodes : pandas.DataFrame
        SPEC §1 columns (``id``, ``name``, ``kind``, ``subtype``, ``district``,
        ``needs``, ``services``, ``capacity``, ``lsns6``) plus ``age_band``, ``sex``,
        ``household`` and ``provenance`` (always ``"synthetic"``).
    supports : pandas.DataFrame
        SPEC §1 columns (``source``, ``target``, ``relation``, ``domain``,
        ``formality``, ``frequency``, ``since``, ``until``) plus ``support_type``,
        ``jusou_component`` and ``provenance``.

    Raises
    ------
    ValueError
        If ``residents`` is negative.

    Examples
    --------
    >>> nodes, supports = city(2_000, seed=1)
    >>> int((nodes.kind == "resident").sum())
    2000
    >>> sorted(supports.relation.unique())
    ['collaboration', 'support']
    """
    nodes, supports = _generate(residents, seed, progress)
    return (pd.DataFrame({k: c.series() for k, c in nodes.items()}),
            pd.DataFrame({k: c.series() for k, c in supports.items()}))


def write_city(
    directory: str | os.PathLike[str],
    residents: int = IGA_POPULATION,
    *,
    seed: int = 0,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Generate a synthetic city and write it as ``nodes.csv`` and ``supports.csv``.

    Files are UTF-8 without an index, each written to a temporary file in
    ``directory`` and moved into place, so a reader never sees half a file.

    Parameters
    ----------
    directory : path
        Folder to write into; created if missing.
    residents : int, default 86,976
        Number of residents.
    seed : int, default 0
        Seed; the same seed writes the same files.
    force : bool, default False
        Write into a folder that already holds files (replacing the two CSVs).
    progress : callable, optional
        Called as ``progress(step, done, total)``.

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    FileExistsError
        If ``directory`` exists and is not empty and ``force`` is false, or is a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = write_city(pathlib.Path(tempfile.mkdtemp()) / "town", 500, seed=3)
    >>> sorted(p.name for p in folder.iterdir())
    ['nodes.csv', 'supports.csv']
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise FileExistsError(f"{folder} is not empty; choose an empty folder or use force=True")
    folder.mkdir(parents=True, exist_ok=True)
    nodes, supports = _generate(residents, seed, progress)
    for step, (name, table) in enumerate((("nodes.csv", nodes), ("supports.csv", supports))):
        if progress:
            progress(f"writing {name}", step, 2)
        _write_csv(folder / name, table)
    if progress:
        progress("written", 2, 2)
    return folder


# --------------------------------------------------------------------------- writing


def _escape(labels: np.ndarray) -> np.ndarray:
    if not any(ch in "".join(labels) for ch in ',"\n\r'):
        return labels
    out = labels.copy()
    for i, text in enumerate(labels):
        if any(ch in text for ch in ',"\n\r'):
            out[i] = '"' + text.replace('"', '""') + '"'
    return out


def _segments(table: dict[str, _Col], n_rows: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Columns grouped into (codes, text) segments; narrow neighbours are merged."""
    segments: list[tuple[np.ndarray, np.ndarray]] = []
    run: list[_Col] = []

    def flush():
        if not run:
            return
        key = np.zeros(n_rows, np.int64)
        radix = 1
        for col in run:
            if radix * len(col.labels) >= 1 << 62:
                uniq, key = np.unique(key, return_inverse=True)
                radix = len(uniq)
            key = key * len(col.labels) + col.codes
            radix *= len(col.labels)
        # Decode each distinct combination once.
        uniq, inverse = np.unique(key, return_inverse=True)
        text = None
        rest = uniq
        for col in reversed(run):
            digit = rest % len(col.labels)
            rest = rest // len(col.labels)
            part = _escape(col.labels)[digit]
            text = part if text is None else part + "," + text
        segments.append((inverse, text))
        run.clear()

    for col in table.values():
        if len(col.labels) > max(4096, n_rows // 8):
            flush()
            segments.append((col.codes, _escape(col.labels)))
        else:
            run.append(col)
    flush()
    return segments


def _write_csv(path: Path, table: dict[str, _Col], chunk: int = 500_000) -> None:
    n_rows = len(next(iter(table.values())).codes)
    segments = _segments(table, n_rows) if n_rows else []
    last = len(segments) - 1
    texts = [("" if i == 0 else ",") + t if False else t for i, (_, t) in enumerate(segments)]
    texts = [t if i == 0 else "," + t for i, t in enumerate(texts)]
    if segments:
        texts[last] = texts[last] + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(",".join(table) + "\n")
            for start in range(0, n_rows, chunk):
                stop = min(start + chunk, n_rows)
                lines = None
                for (codes, _), text in zip(segments, texts):
                    part = text[codes[start:stop]]
                    lines = part if lines is None else lines + part
                handle.write("".join(lines.tolist()))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- generation


def _generate(residents: int, seed: int, progress) -> tuple[dict[str, _Col], dict[str, _Col]]:
    if residents < 0:
        raise ValueError(f"residents must be 0 or more, got {residents}")
    steps = ("residents", "households", "needs", "organisations", "ties", "tables")

    def report(i):
        if progress:
            progress(steps[i], i, len(steps))

    rng = np.random.default_rng(seed)
    table = district_table(residents)
    setting = table.setting.to_numpy()
    n_d = len(table)
    n = residents
    scale = n / IGA_POPULATION
    report(0)
    district, age, female = _people(rng, table)
    need = np.zeros((n, len(_NEEDS)), bool)
    hik = np.zeros(n, bool)
    hik[_by_age(rng, age, ((15, 40, PREVALENCE["hikikomori_15_39"]),
                           (40, 65, PREVALENCE["hikikomori_40_64"])),
                weights=np.where(female, 0.7, 1.3))] = True

    # Households, district by district; then residents are ordered by household.
    report(1)
    bounds = np.r_[0, np.cumsum(table.population.to_numpy())]
    hh = np.empty(n, np.int64)
    hh_kind, offset = [], 0
    for d in range(n_d):
        lo, hi = bounds[d], bounds[d + 1]
        local, kinds = _district_households(rng, age[lo:hi], female[lo:hi], hik[lo:hi], setting[d])
        hh[lo:hi] = local + offset
        hh_kind.append(kinds)
        offset += len(kinds)
    hh_kind = np.concatenate(hh_kind) if hh_kind else np.empty(0, np.int8)
    order = np.argsort(hh, kind="stable")
    district, age, female, hik, hh = district[order], age[order], female[order], hik[order], hh[order]
    n_hh = len(hh_kind)
    hh_size = np.bincount(hh, minlength=n_hh)
    hh_start = np.cumsum(hh_size) - hh_size
    hh_district = district[hh_start] if n else np.empty(0, np.int16)
    kind_of = hh_kind[hh]

    def in_household(mask):
        return (np.bincount(hh, weights=mask, minlength=n_hh) > 0)[hh]

    # Foreign residents: whole households of working age, to 6.4% of residents.
    young_hh = np.isin(hh_kind, (_SINGLE, _COUPLE, _FAMILY, _SINGLE_PARENT))
    key = np.log(rng.random(n_hh)) / np.where(young_hh, 1.0, 1e-9)
    by_key = np.argsort(-key, kind="stable")
    take = by_key[np.cumsum(hh_size[by_key]) <= round(PREVALENCE["foreign_resident_share"] * n)]
    foreign_hh = np.zeros(n_hh, bool)
    foreign_hh[take] = True
    foreign = foreign_hh[hh]

    # Needs.
    report(2)
    need[:, _N["hikikomori"]] = hik

    def give(code, idx):
        need[idx, _N[code]] = True

    old = age >= 65
    care = _by_age(rng, age, _ELDERLY_CARE)
    give("elderly_care", care)
    give("dementia", _by_age(rng, age, _DEMENTIA,
                             weights=np.where(need[:, _N["elderly_care"]], 4.0, 1.0)))
    k = round(PREVALENCE["disability_physical"] * n)
    give("disability_physical", np.r_[
        _exact(rng, np.flatnonzero(old), round(0.73 * k) / max(old.sum(), 1)),
        _exact(rng, np.flatnonzero(~old), (k - round(0.73 * k)) / max((~old).sum(), 1),
               weights=age / 64 + 0.2)])
    give("disability_intellectual", _exact(rng, np.flatnonzero(age >= 3),
                                           PREVALENCE["disability_intellectual"] * n
                                           / max((age >= 3).sum(), 1),
                                           weights=np.where(age < 40, 2.0, 1.0)))
    give("disability_mental", _exact(rng, np.flatnonzero(age >= 15),
                                     PREVALENCE["disability_mental"] * n
                                     / max((age >= 15).sum(), 1)))
    give("school_non_attendance", _by_age(rng, age, (
        (6, 12, PREVALENCE["non_attendance_6_11"]), (12, 15, PREVALENCE["non_attendance_12_14"]))))

    def household_draw(rate, weights, members):
        """Whole households, by weight, until rate·n residents are covered."""
        keyh = np.log(rng.random(n_hh)) / np.maximum(weights, 1e-9)
        by = np.argsort(-keyh, kind="stable")
        count = np.bincount(hh, weights=members, minlength=n_hh)[by]
        chosen = np.zeros(n_hh, bool)
        chosen[by[np.cumsum(count) <= round(rate * n)]] = True
        return chosen[hh] & members

    hk_w = np.select([hh_kind == _OLD_SINGLE, hh_kind == _SINGLE_PARENT, hh_kind == _8050],
                     [4.0, 4.0, 3.0], 1.0)
    pa = household_draw(PREVALENCE["public_assistance"], hk_w, np.ones(n, bool))
    give("public_assistance", pa)
    fh_w = np.where(np.bincount(hh, weights=pa, minlength=n_hh) > 0, 0.0,
                    np.select([hh_kind == _SINGLE_PARENT, hh_kind == _8050], [3.0, 3.0], 1.0)
                    * np.where(np.bincount(hh, weights=hik, minlength=n_hh) > 0, 2.0, 1.0))
    fh = household_draw(PREVALENCE["financial_hardship"], fh_w, age >= 18)
    give("financial_hardship", fh)
    u = rng.random((n, 8))
    give("debt_household_budget", fh & (u[:, 0] < 0.3))
    give("housing", fh & (u[:, 1] < 0.1))
    give("employment", (age >= 18) & (age < 65) & (hik | fh) & (u[:, 2] < 0.3))
    poor_home = in_household(pa | fh)
    single_parent = kind_of == _SINGLE_PARENT
    give("food_insecurity", (poor_home & (age < 18) & (u[:, 3] < 0.5))
         | (fh & (u[:, 3] < 0.25)) | (single_parent & (age < 18) & (u[:, 3] < 0.15)))
    little = in_household(age < 6)
    give("child_rearing", little & (age >= 18) & (age < 50)
         & ((female & (u[:, 4] < 0.2)) | (single_parent & (u[:, 4] < 0.4))))
    risk = np.where(poor_home | single_parent, 4.0, 1.0)
    give("child_protection", _exact(rng, np.flatnonzero(age < 18), 0.003, weights=risk))
    cared = np.zeros(n, bool)
    for code in _CARE_NEEDS:
        cared |= need[:, _N[code]]
    care_home = in_household(cared)
    give("young_carer", _by_age(rng, age, _YOUNG_CARER,
                                weights=np.where(care_home | single_parent, 4.0, 1.0)))
    give("carer_burden", care_home & ~cared & (age >= 18) & (age < 75) & (u[:, 5] < 0.2))
    nor = np.zeros(n, bool)
    nor[_exact(rng, np.flatnonzero(age >= 18), PREVALENCE["no_one_to_rely_on_18plus"])] = True
    alone = np.isin(kind_of, (_SINGLE, _OLD_SINGLE))
    give("loneliness_isolation", _by_age(rng, age, _LONELY, weights=(1 + 5 * nor)
                                         * np.where(alone, 2.0, 1.0) * np.where(hik, 2.0, 1.0)))
    give("language_culture", _exact(rng, np.flatnonzero(foreign & (age >= 6)),
                                    PREVALENCE["language_need_share_foreign_6plus"]))
    rural = np.isin(setting, ("rural", "mountain"))[district]
    mob_w = np.where(rural, 2.0, 1.0) * np.where(kind_of == _8050, 5.0, 1.0)
    give("mobility_shopping", _exact(rng, np.flatnonzero(age >= 75),
                                     PREVALENCE["mobility_shopping_75plus"], weights=mob_w))
    give("advocacy", need[:, _N["dementia"]] & (u[:, 6] < 0.1))
    give("self_neglect", (kind_of == _OLD_SINGLE) & (u[:, 7] < 0.01))
    n_needs = need.sum(axis=1)

    # Organisations. 民生委員 zones split each district's households.
    report(3)
    hh_per_d = np.bincount(hh_district, minlength=n_d)
    zones_d = np.ceil(hh_per_d / PREVALENCE["minsei_households"]).astype(np.int64)
    zone_district = np.repeat(np.arange(n_d), zones_d)
    filled = rng.random(len(zone_district)) >= PREVALENCE["minsei_vacancy"]
    rank = _ragged_arange(hh_per_d)[np.argsort(np.argsort(
        hh_district * 2.0 + rng.random(n_hh), kind="stable"), kind="stable")]
    hh_zone = (np.cumsum(zones_d) - zones_d)[hh_district] + rank * zones_d[hh_district] // \
        np.maximum(hh_per_d[hh_district], 1)
    orgs = _Orgs(n, table, rng)
    named = _organisations(orgs, rng, table, scale, hh_district, (zone_district, filled))
    opened = np.array(orgs.rows["opened"], np.int64)
    born = _day("2026-01-01") - age * 365 - (rng.random(n) * 365).astype(np.int64)
    start = np.r_[born, opened]  # earliest day a node can take part in a tie

    # Ties.
    report(4)
    edges = _Edges()
    first, last = _SINCE_FIRST, _SINCE_LAST

    def dated(src, tgt, lo=first, ended=0.0):
        since = _dates(rng, np.maximum(np.maximum(start[src], start[tgt]), lo), last)
        return since, _ended(rng, since, ended)

    # Family inside households: every ordered pair of members, by age roles.
    rep = np.repeat(np.arange(n), hh_size[hh])
    mate = hh_start[hh[rep]] + _ragged_arange(hh_size[hh])
    keep = rep != mate
    s, t = rep[keep], mate[keep]
    gap = age[s] - age[t]
    p = np.select([(age[s] < 18) & need[s, _N["young_carer"]] & cared[t],
                   age[s] < 12,
                   age[s] < 18,
                   (gap >= 15) & (age[t] < 18),
                   (kind_of[s] == _8050),
                   gap >= 15,
                   gap <= -15,
                   ], [1.0, 0.0, 0.1, 0.95, 1.0, 0.5, 0.7], 0.8)
    keep = rng.random(len(s)) < p
    s, t = s[keep], t[keep]
    carer_need = np.full(len(t), -1)
    for code in ("mobility_shopping", "elderly_care", "dementia", "disability_physical",
                 "disability_intellectual", "disability_mental"):
        carer_need = np.where(need[t, _N[code]] & (age[s] >= 12), _N[code], carer_need)
    edges.add(s, t, domain=carer_need, formality=2, frequency=0, kind="concrete")

    # Relatives living apart: a child or sibling elsewhere in the district.
    def same_district(cand_mask, who):
        cand = np.flatnonzero(cand_mask)
        ptr = np.searchsorted(district[cand], np.arange(n_d + 1))
        lo, hi = ptr[district[who]], ptr[district[who] + 1]
        ok = hi > lo
        pick = cand[np.minimum(lo + (rng.random(len(who)) * (hi - lo)).astype(np.int64),
                               len(cand) - 1)] if len(cand) else who
        ok &= hh[pick] != hh[who]
        return pick[ok], who[ok]

    cap = hik | nor
    who = np.flatnonzero(((np.isin(kind_of, (_OLD_SINGLE, _OLD_COUPLE)) & (rng.random(n) < 0.6))
                          | ((kind_of == _SINGLE) & (rng.random(n) < 0.35))) & ~cap)
    s, t = same_district((age >= 30) & (age < 70), who)
    since, until = dated(s, t, ended=0.03)
    domain = np.where(need[t, _N["mobility_shopping"]], _N["mobility_shopping"],
                      np.where(need[t, _N["elderly_care"]], _N["elderly_care"], -1))
    edges.add(s, t, domain=domain, formality=2, frequency=1, since=since, until=until,
              kind="emotional")
    # Neighbours within the district; more in rural settings, fewer for withdrawn people.
    lam = np.vectorize(_NEIGHBOURLY.get)(setting)[district] if n else np.zeros(0)
    lam = lam * np.where(age >= 75, 1.5, 1.0) * np.where(cap, 0.2, 1.0) * (age >= 18)
    t = np.repeat(np.arange(n), rng.poisson(lam))
    s, t = same_district((age >= 18) & (age < 85), t)
    back = rng.random(len(s)) < 0.3
    s, t = np.r_[s, t[back]], np.r_[t, s[back]]
    since, until = dated(s, t, ended=0.08)
    domain = np.where(need[t, _N["mobility_shopping"]] & (rng.random(len(t)) < 0.5),
                      _N["mobility_shopping"], -1)
    edges.add(s, t, domain=domain, formality=2, frequency=1, since=since, until=until,
              kind="companionship")

    # Formal support per need, with coverage probability; plus earlier ended supports.
    school_key = np.select([age < 6, age < 12, age < 15, age < 18],
                           ["nursery", "elementary", "junior_high", "high_school"], "edu_center")
    style = {  # provider -> formality, frequency, kind, earliest start, jusou component
        "care_office": (0, 2, "care_service"), "clinic": (0, 2, "care_service"),
        "disability_office": (0, 2, "care_service"), "work_support": (0, 1, "care_service"),
        "school": (0, 1, "informational"), "nursery": (0, 0, "care_service"),
        "welfare_office": (0, 2, "financial_material"), "pantry": (1, 2, "financial_material"),
        "cafeteria": (1, 2, "financial_material"), "hikikomori_supporter": (1, 2, "companionship"),
        "nest": (1, 1, "companionship"), "watch_volunteer": (1, 1, "monitoring"),
        "mimamori": (1, 1, "monitoring"), "shunin": (1, 2, "monitoring"),
        "npo_learning": (1, 1, "informational"), "npo_place": (1, 1, "companionship"),
        "npo_multilingual": (1, 1, "informational"), "company": (1, 1, "employment"),
        "coordinator": (0, 2, "emotional"),
    }
    for code, (p_cover, providers, p_second) in _COVERAGE.items():
        who = np.flatnonzero(need[:, _N[code]])
        names = [name for name, _ in providers]
        weights = np.array([w for _, w in providers])
        for round_, share in ((0, p_cover), (1, _ENDED_HISTORY)):
            covered = who[rng.random(len(who)) < share]
            first_pick = rng.choice(len(names), size=len(covered), p=weights / weights.sum())
            second = rng.random(len(covered)) < (p_second if round_ == 0 else 0.0)
            other = rng.choice(len(names), size=len(covered), p=weights / weights.sum())
            picks = np.r_[first_pick, other[second & (other != first_pick)]]
            people = np.r_[covered, covered[second & (other != first_pick)]]
            for j, name in enumerate(names):
                r = people[picks == j]
                if not len(r):
                    continue
                if name == "school":
                    src = np.empty(len(r), np.int64)
                    for key in np.unique(school_key[r]):
                        m = school_key[r] == key
                        src[m] = orgs.pick(key, district[r[m]])
                else:
                    src = orgs.pick(name, district[r])
                formality, freq, kind = style.get(name, (0, 2, "informational"))
                jusou = "outreach_continuous" if name == "coordinator" else (
                    "participation" if name in ("company", "nest") else "")
                lo = _JUSOU_START if jusou else first
                since = _dates(rng, np.maximum(np.maximum(start[src], start[r]), lo), last)
                until = _ended(rng, since, 1.0 if round_ else 0.0)
                edges.add(src, r, domain=_N[code], formality=formality, frequency=freq,
                          since=since, until=until, kind=kind, jusou=jusou)

    # 民生委員 watch over older people living alone and flagged households.
    p = np.select([(kind_of == _OLD_SINGLE) & old,
                   (kind_of == _8050) & old,
                   (kind_of == _OLD_COUPLE) & in_household(age >= 75) & old,
                   need[:, _N["public_assistance"]] | need[:, _N["dementia"]]
                   | need[:, _N["disability_physical"]]], [0.85, 0.3, 0.25, 0.3], 0.0)
    t = np.flatnonzero(rng.random(n) < p)
    s = named["minsei_of_zone"][hh_zone[hh[t]]] if len(t) else t
    t, s = t[s >= 0], s[s >= 0]
    since, until = dated(s, t, ended=0.05)
    edges.add(s, t, domain=np.where(need[t, _N["elderly_care"]], _N["elderly_care"], -1),
              formality=1, frequency=2, since=since, until=until, kind="monitoring")
    # Watch volunteers and 見守り協定 businesses on their rounds.
    for key, mean in (("watch_volunteer", 0.8), ("mimamori", 8.0)):
        vol = named[key]
        vd = np.array(orgs.rows["district"], np.int64)[vol - n]
        s = np.repeat(vol, rng.poisson(mean, len(vol)))
        who = np.flatnonzero(age >= 75)
        if len(who) and len(s):
            if key == "watch_volunteer":
                t, _ = same_district(age >= 75, np.flatnonzero(np.isin(np.arange(n), [])))
                dist_s = np.repeat(vd, rng.poisson(0, len(vol)))
                cand = who
                ptr = np.searchsorted(district[cand], np.arange(n_d + 1))
                ds = np.repeat(vd, 1)[np.searchsorted(vol, s)]
                lo, hi = ptr[ds], ptr[ds + 1]
                ok = hi > lo
                t = cand[np.minimum(lo + (rng.random(len(s)) * (hi - lo)).astype(np.int64),
                                    len(cand) - 1)]
                s, t = s[ok], t[ok]
                del dist_s
            else:
                t = who[rng.integers(0, len(who), len(s))]
            since, until = dated(s, t, ended=0.1)
            edges.add(s, t, domain=-1, formality=1, frequency=1, since=since, until=until,
                      kind="monitoring")

    # Coordinators' continuous outreach (継続的支援事業) and 多機関協働, from April 2021.
    outreach_codes = ("hikikomori", "loneliness_isolation", "financial_hardship",
                      "school_non_attendance", "young_carer", "self_neglect")
    fields = np.zeros((n, 6), bool)
    for code, f in _FIELD.items():
        fields[:, f] |= need[:, _N[code]]
    multi = fields.sum(axis=1) >= 2
    main = np.full(n, -1)
    for code in reversed(outreach_codes):
        main = np.where(need[:, _N[code]], _N[code], main)
    weight = np.where(need[:, _N["hikikomori"]], 3.0, 1.0) * np.where(multi, 2.0, 1.0)
    eligible = (main >= 0) | multi
    main = np.where(main >= 0, main, np.argmax(need, axis=1))
    coord = named["coordinator"]
    group_of = named["coordinator_group"]
    for g, members in enumerate(named["groups"]):
        mine = coord[group_of == g]
        pool = np.flatnonzero(eligible & np.isin(district, members))
        cases = pool[_sample(rng, len(pool), int(rng.poisson(30, len(mine)).sum()), weight[pool])]
        s = mine[rng.integers(0, len(mine), len(cases))] if len(mine) else cases[:0]
        since, until = dated(s, cases, lo=_JUSOU_START, ended=0.15)
        edges.add(s, cases, domain=main[cases], formality=0, frequency=2, since=since,
                  until=until, kind="emotional", jusou="outreach_continuous")
    t = np.flatnonzero(multi & (rng.random(n) < 0.15))
    s = named["takikan"][rng.integers(0, len(named["takikan"]), len(t))]
    since, until = dated(s, t, lo=_JUSOU_START, ended=0.2)
    edges.add(s, t, domain=main[t], formality=0, frequency=2, since=since, until=until,
              kind="coordination", jusou="multi_agency")
    # Welfare-active companies employ or host residents with hikikomori / non-attendance.
    comp = named["company"]
    hosts = comp[(rng.random(len(comp)) < 0.5) | (comp == comp[0])]
    s = np.repeat(hosts, rng.integers(1, 4, len(hosts)))
    pool = np.flatnonzero((need[:, _N["hikikomori"]] & (age >= 15))
                          | (need[:, _N["school_non_attendance"]] & (age >= 12)))
    t = pool[_sample(rng, len(pool), len(s))]
    s = s[: len(t)]
    since, until = dated(s, t, lo=_JUSOU_START, ended=0.1)
    edges.add(s, t, domain=np.where(age[t] >= 15, _N["employment"], -1), formality=1,
              frequency=1, since=since, until=until, kind="employment", jusou="participation")

    # Collaborations among organisations.
    def link(a, b, share=1.0, lo=first, domain=-1, kind="coordination", jusou="", ended=0.0):
        a, b = np.broadcast_arrays(np.asarray(a, np.int64), np.asarray(b, np.int64))
        keep = (rng.random(a.shape) < share) & (a != b)
        a, b = a[keep], b[keep]
        since = _dates(rng, np.maximum(np.maximum(start[a], start[b]), lo), last)
        edges.collab(a, b, since=since, until=_ended(rng, since, ended), domain=domain,
                     kind=kind, jusou=jusou)

    cityn = named["city"]
    ii, jj = np.triu_indices(len(cityn), 1)
    link(cityn[ii], cityn[jj])  # all in-house: a complete graph
    sk = named["shakyo"][0]
    link(cityn, sk)
    link(coord, sk)
    link(coord, named["takikan"][0], share=0.6, lo=_JUSOU_START, jusou="multi_agency")
    odist = np.array(orgs.rows["district"], np.int64)

    def local(nodes, key, share=1.0, **kw):
        """Each node with one ``key`` node of its district (or block)."""
        d = odist[nodes - n]
        link(nodes, orgs.pick(key, np.where(d >= 0, d, 0)), share=share, **kw)

    mins = named["minsei"]
    local(mins, "houkatsu", 0.95)
    local(mins, "coordinator", 0.7)
    local(mins, "meeting", 0.8, jusou="community_building")
    local(named["shunin"], "kodomo_center", 0.9)
    for key in ("elementary", "junior_high", "high_school"):
        link(named[key], named["edu_center"][0], 0.9)
        link(named[key], named["kodomo_center"][0], 0.6)
    link(named["nursery"], named["kodomo_center"][0], 0.8)
    local(np.r_[named["hospital"], named["clinic"]], "houkatsu", 0.5)
    link(np.r_[named["hospital"], named["clinic"]], named["health_center"][0], 0.3)
    local(named["care_office"], "houkatsu", 0.9)
    link(named["care_office"], named["houkatsu"][0], 0.5)
    link(named["disability_office"], named["disability_center"][0], 0.9)
    link(named["work_support"], named["disability_center"][0], 0.6)
    link(named["work_support"], named["jiritsu"][0], 0.2)
    npo = named["npo"]
    link(npo, sk, 0.5, ended=0.1)
    local(npo, "coordinator", 0.3, ended=0.1)
    link(comp, sk, np.where(comp == comp[0], 1.0, 0.7), domain=_DOMAIN_DONATION, kind="donation")
    link(comp[0], named["jiritsu"][0], domain=_N["financial_hardship"], kind="donation")
    link(comp[0], named["cafeteria"], domain=_DOMAIN_DONATION, kind="donation")
    link(comp[0], named["pantry"], domain=_DOMAIN_DONATION, kind="donation")
    link(comp[1:, None], named["cafeteria"][None, :], 0.15 / max(1, len(named["cafeteria"])) * 8,
         domain=_DOMAIN_DONATION, kind="donation")
    link(named["mimamori"], named["houkatsu"][0])
    link(named["hikikomori_supporter"], sk, 0.8)
    link(named["hikikomori_supporter"], named["nest"][0], 0.5)
    link(named["nest"][0], sk)
    link(named["nest"][0], named["jiritsu"][0])
    local(named["watch_volunteer"], "meeting", 0.5)
    link(named["watch_volunteer"], sk, 0.3)
    local(named["cafeteria"], "coordinator", 0.8)
    link(named["cafeteria"], sk, 0.5)
    link(named["pantry"], sk)
    link(named["pantry"], named["jiritsu"][0], 0.7)
    local(named["meeting"], "coordinator", jusou="community_building")
    link(named["meeting"], named["council"], jusou="community_building", kind="coordination")
    local(named["meeting"], "houkatsu", 0.3, jusou="community_building")

    # Tables.
    report(5)
    e = edges.merged()
    e["domain"][e["domain"] == _DOMAIN_DONATION] = _DONATION_SLOT
    return _node_table(rng, n, hh, hh_kind, district, age, female, foreign, need, nor, hik,
                       n_needs, orgs, table, e), _edge_table(e, n, orgs)
