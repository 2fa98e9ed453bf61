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
import secrets
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

# fmt: off
#: Age-specific rates: (lower age, upper age exclusive, rate).
_ELDERLY_CARE = ((65, 70, 0.03), (70, 75, 0.06), (75, 80, 0.12), (80, 85, 0.26),
                 (85, 90, 0.48), (90, 200, 0.70))  # ltc certification, ~19% of 65+
_DEMENTIA = ((65, 70, 0.011), (70, 75, 0.035), (75, 80, 0.071), (80, 85, 0.16),
             (85, 90, 0.30), (90, 200, 0.503))
_YOUNG_CARER = ((11, 12, 0.065), (12, 15, 0.057), (15, 18, 0.041))
_LONELY = ((16, 20, 0.05), (20, 40, 0.07), (40, 70, 0.045), (70, 200, 0.02))

_BANDS = ("0-5", "6-11", "12-14", "15-17", "18-39", "40-64", "65-74", "75+")
_BAND_LO = np.array([0, 6, 12, 15, 18, 40, 65, 75])
_UNDER65_SHARE = np.array([3.6, 4.6, 2.5, 2.6, 19.5, 33.7]) / 66.5
# Per setting: neighbours' help (per older resident) and the share of three-generation families.
_NEIGHBOURLY = {"urban": 0.22, "new town": 0.2, "suburban": 0.3, "town": 0.35,
                "estate": 0.35, "rural": 0.45, "mountain": 0.55}
_THREE_GEN = {"urban": 0.04, "new town": 0.03, "suburban": 0.07, "town": 0.09,
              "estate": 0.05, "rural": 0.13, "mountain": 0.15}

# Needs in the order they are written (bit i of a need mask is _NEEDS[i]), each with its
# field: needs in two or more fields make a multi-issue (重層) case.
_NEED_FIELD = {
    "elderly_care": 0, "dementia": 0, "disability_physical": 1, "disability_intellectual": 1,
    "disability_mental": 1, "child_rearing": 2, "child_protection": 2,
    "school_non_attendance": 2, "hikikomori": 4, "financial_hardship": 3,
    "public_assistance": 3, "debt_household_budget": 3, "employment": 3, "housing": 3,
    "loneliness_isolation": 4, "young_carer": 2, "carer_burden": 0, "advocacy": 0,
    "language_culture": 5, "mobility_shopping": 0, "food_insecurity": 3, "self_neglect": 0,
}
_NEEDS = tuple(_NEED_FIELD)
_N = {code: i for i, code in enumerate(_NEEDS)}
# Edge domains: the needs, then codes used only by supporters' ties.
_EDGE_DOMAINS = _NEEDS + ("participation", "watching_over", "community_building", "donation")
_D = {code: i for i, code in enumerate(_EDGE_DOMAINS)}
_CARE_NEEDS = ("elderly_care", "dementia", "disability_physical", "disability_intellectual",
               "disability_mental")

# need -> (probability of an active formal support, providers and weights, chance of a second).
_COVERAGE: dict[str, tuple[float, tuple[tuple[str, float], ...], float]] = {
    "elderly_care": (0.60, (("care_office", 0.65), ("houkatsu", 0.35)), 0.35),
    "dementia": (0.50, (("houkatsu", 0.5), ("clinic", 0.5)), 0.3),
    "disability_physical": (0.45, (("disability_center", 0.4), ("disability_office", 0.4),
                                   ("care_office", 0.2)), 0.2),
    "disability_intellectual": (0.60, (("disability_office", 0.4), ("work_support", 0.3),
                                       ("disability_center", 0.2), ("npo_disability", 0.1)), 0.3),
    "disability_mental": (0.50, (("health_center", 0.3), ("disability_center", 0.3),
                                 ("clinic", 0.2), ("work_support", 0.2)), 0.25),
    "hikikomori": (0.30, (("jiritsu", 0.3), ("hikikomori_supporter", 0.25), ("nest", 0.2),
                          ("health_center", 0.15), ("npo_hikikomori", 0.1)), 0.3),
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
_SUPPORT_TYPE = ("concrete", "emotional", "informational", "companionship", "financial_material",
                 "care_service", "referral", "coordination", "monitoring", "employment",
                 "donation", "training")
_JUSOU = ("", "outreach_continuous", "multi_agency", "participation", "community_building")
_ST = {name: i for i, name in enumerate(_SUPPORT_TYPE)}
_JU = {name: i for i, name in enumerate(_JUSOU)}

# Invented names: common surnames and given names, combined at random.
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
                     "グエン チャン レ ファム ガルシア レイエス").split()
_FOREIGN_MALE = "ルーカス ガブリエル マテウス ペドロ ラファエル ミン ホアン ジョセフ".split()
_FOREIGN_FEMALE = "マリア アナ ジュリア ベアトリス カミラ ラン フオン アンジェリカ".split()
_COMPANY_STEMS = ("あおば ひのき さくら みどり かしの木 つばき やまびこ こもれび すずらん "
                  "ひだまり いろは なごみ").split()
_COMPANY_TRADES = ("食品", "運輸", "商店", "建設", "工業", "ストア", "農園", "製作所")

#: Supporters placed by rule (domain.md §7.2): key, kind, subtype, count for 86,976 residents
#: (scaled to the town, at least one; "+": never below the count), placement ("city":
#: city-wide, "spread": a district drawn by population, "quota": districts by population),
#: capacity, opening date or range (default 2010-04-01), services.
_SUPPORTERS = (
    ("disability_center", "agency", "障がい者相談支援センター", "1+", "city", None, None,
     "disability_physical;disability_intellectual;disability_mental;developmental"),
    ("kodomo_center", "agency", "こども家庭センター", "1+", "city", None, None,
     "child_rearing;perinatal;child_protection;young_carer"),
    ("jiritsu", "agency", "自立相談支援機関（生活支援課）", "1+", "city", None, None,
     "financial_hardship;debt_household_budget;employment;housing;hikikomori;food_insecurity"),
    ("welfare_office", "agency", "福祉事務所", "1+", "city", None, None,
     "public_assistance;financial_hardship"),
    ("health_center", "agency", "保健センター", "1+", "city", None, None,
     "health;disability_mental;perinatal;suicide_risk;addiction"),
    ("takikan", "agency", "多機関協働", "1+", "city", None, ("2021-04-01",),
     "community_building;participation;advocacy"),
    ("edu_center", "agency", "教育支援センター", "1+", "city", None, None,
     "school_non_attendance;learning"),
    ("shakyo", "agency", "社会福祉協議会", "1+", "city", None, None,
     "community_building;loneliness_isolation;advocacy;financial_hardship;participation;donation"),
    ("elementary", "agency", "小学校", "19", "quota", None, None,
     "school_non_attendance;learning;young_carer"),
    ("junior_high", "agency", "中学校", "10", "quota", None, None,
     "school_non_attendance;learning;young_carer"),
    ("high_school", "agency", "高等学校", "5", "quota", None, None,
     "school_non_attendance;learning;young_carer"),
    ("nursery", "agency", "保育所・認定こども園", "20", "quota", None, None, "child_rearing"),
    ("hospital", "agency", "病院", "5", "quota", None, None, "health;dementia;disability_mental"),
    ("clinic", "agency", "診療所", "60", "quota", None, None, "health;dementia"),
    ("care_office", "company|npo", "居宅介護支援事業所", "30", "spread", 100, None,
     "elderly_care;dementia;carer_burden"),
    ("disability_office", "npo", "指定特定相談支援事業所", "8", "spread", 60, None,
     "disability_physical;disability_intellectual;disability_mental"),
    ("work_support", "npo", "就労継続支援B型事業所", "15", "spread", 20, None,
     "employment;participation;disability_intellectual;disability_mental"),
    ("npo_learning", "npo", "学習支援", "8", "spread", None, ("2008-04-01", "2023-04-01"),
     "learning;school_non_attendance"),
    ("npo_multilingual", "npo", "外国人支援", "8", "spread", None, ("2008-04-01", "2023-04-01"),
     "language_culture"),
    ("npo_place", "npo", "居場所・サロン", "8", "spread", None, ("2008-04-01", "2023-04-01"),
     "loneliness_isolation;participation"),
    ("npo_hikikomori", "npo", "ひきこもり家族会", "8", "spread", None, ("2008-04-01", "2023-04-01"),
     "hikikomori"),
    ("npo_disability", "npo", "障がい者支援", "8", "spread", None, ("2008-04-01", "2023-04-01"),
     "disability_intellectual;participation"),
    ("mimamori", "company", "見守り協定事業者", "10", "city", None, ("2019-04-01", "2025-04-01"),
     "watching_over;mobility_shopping"),
    ("hikikomori_supporter", "volunteer", "ひきこもりサポーター", "30", "city", None,
     ("2021-10-01", "2023-03-31"), "hikikomori;participation"),  # trained FY2021-22
    ("watch_volunteer", "volunteer", "見守りボランティア", "1000", "spread", None,
     ("2015-01-01", "2025-06-30"), "watching_over;mobility_shopping;loneliness_isolation"),
    ("nest", "group", "居場所（ひきこもりフリースペース）", "1", "city", None, ("2016-04-01",),
     "hikikomori;participation"),
    ("cafeteria", "group", "こども食堂・地域食堂", "8", "spread", 40, ("2019-11-01", "2024-10-01"),
     "food_insecurity;child_rearing;participation"),
    ("pantry", "group", "フードパントリー", "3", "spread", None, ("2020-04-01", "2023-04-01"),
     "food_insecurity;financial_hardship;donation"),
)
# fmt: on

_SINCE_FIRST = int(np.datetime64("2015-01-01", "D").astype(np.int64))
_SINCE_LAST = int(np.datetime64("2025-12-31", "D").astype(np.int64))
_JUSOU_START = int(np.datetime64("2021-04-01", "D").astype(np.int64))
_NO_DATE = np.iinfo(np.int32).min
_STR = pd.Series(["x"]).dtype  # pandas' default string dtype: "str" from pandas 3, else object


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
    key = np.log1p(-rng.random(n)) / np.maximum(np.asarray(weights, float), 1e-12)
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
    """A column as integer codes into labels (shared, so cheap to build and to write).

    Labels are Python strings, or ``raw``: their UTF-8 bytes as a zero-padded
    (labels × width) matrix, which is how ids are built and written without ever
    making a Python string per resident.
    """

    codes: np.ndarray
    labels: np.ndarray | None = None
    integer: bool = False  # labels are "", "0", "1", ...: code c means c - 1, 0 means missing
    raw: np.ndarray | None = None

    def text(self) -> np.ndarray:
        if self.labels is None:  # raw labels are ASCII (ids)
            width = self.raw.shape[1]
            self.labels = self.raw.view(f"S{width}").ravel().astype(f"U{width}").astype(object)
        return self.labels

    def encoded(self) -> np.ndarray:
        if self.raw is None:
            labels = _escape(self.labels)
            raw = np.char.encode(labels.astype(str), "utf-8") if len(labels) else np.zeros(0, "S1")
            self.raw = raw.view(np.uint8).reshape(len(raw), max(raw.dtype.itemsize, 1))
        return self.raw

    def array(self, labels: pd.api.extensions.ExtensionArray | None = None):
        """The column as a pandas array: ``str``, or ``Int64`` for integer columns."""
        if self.integer:
            values = self.codes.astype(np.int64) - 1
            return pd.arrays.IntegerArray(np.maximum(values, 0), values < 0)
        if labels is None:
            labels = pd.array(self.text(), dtype=_STR)
        return labels.take(self.codes)


def _labels(values) -> np.ndarray:
    values = list(values)
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
    """Days since 1970 (or _NO_DATE) as ISO dates (or empty), coded by offset."""
    none = days == _NO_DATE
    lo, hi = (int(days[~none].min()), int(days[~none].max())) if (~none).any() else (0, -1)
    text = np.datetime_as_string(np.arange(lo, hi + 1).astype("datetime64[D]")).astype(object)
    return _Col(np.where(none, 0, days - lo + 1), np.r_[_labels([""]), text])


def _concat(parts: list[_Col]) -> _Col:
    codes, labels, offset = [], [], 0
    for part in parts:
        codes.append(part.codes + offset)
        labels.append(part.labels)
        offset += len(part.labels)
    return _Col(np.concatenate(codes), np.concatenate(labels))


def _ids(prefix: str, n: int, width: int, pad: int = 0) -> np.ndarray:
    """prefix + 1..n zero-padded to ``width`` digits, as an ASCII byte matrix.

    ``pad`` adds zero bytes on the right (for stacking with longer ids).
    """
    width = max(width, len(str(n)))
    size = len(prefix) + width
    buf = np.zeros((n, max(size, pad)), np.uint8)
    buf[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), np.uint8)
    number = np.arange(1, n + 1)
    for i in range(width):
        buf[:, len(prefix) + i] = 48 + number // 10 ** (width - 1 - i) % 10
    return buf


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
    frame = pd.DataFrame(
        list(DISTRICTS),
        columns=[
            "district",
            "block",
            "former_municipality",
            "population",
            "ageing_rate",
            "setting",
        ],
    )
    weights = frame.population.to_numpy(float)
    frame["population"] = _largest_remainder(
        residents * weights / weights.sum(), np.array([residents])
    )[0]
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
    hist_w = np.convolve(
        np.bincount(np.clip(np.rint(want[slots]), 0, 119).astype(int), minlength=120),
        kernel,
        "same",
    )
    hist_p = np.convolve(np.bincount(np.clip(pool_age, 0, 119), minlength=120), kernel, "same")
    w = hist_w[pool_age] / np.maximum(hist_p[pool_age], 1) + 1e-6
    if weight is not None:
        w = w * weight
    pos = _sample(rng, len(pool), k, w)
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
    kids = kids[
        _sample(
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
    create(_8050, par, (par, np.arange(len(par))), (kid, np.arange(len(par))))

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
        kind = np.where((mother >= 0) & (father >= 0), _FAMILY, _SINGLE_PARENT)[has]
        founder = np.where(mother >= 0, mother, father)[has]
        first = create(
            _FAMILY,
            founder,
            (kids[has[fam]], gid[fam][has[fam]]),
            (mother[mother >= 0], gid[mother >= 0]),
            (father[father >= 0], gid[father >= 0]),
        )
        kinds[-1] = kind.astype(np.int8)
        # Three generations: a grandparent joins some families.
        pick = _sample(rng, len(first), round(_THREE_GEN[setting] * len(first)))
        pool = free(age >= 60)
        gp, slot = _match_by_age(
            rng, age[founder[pick]] + 28 + rng.normal(0, 4, len(pick)), pool, age[pool]
        )
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
    child, slot = _match_by_age(
        rng, age[men[pick]] - 30 + rng.normal(0, 4, len(pick)), pool, age[pool]
    )
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
        self.rows: dict[str, list] = {
            k: [] for k in ("name", "kind", "subtype", "district", "services", "capacity", "opened")
        }
        self.pools: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @property
    def count(self) -> int:
        return len(self.rows["name"])

    def add(
        self,
        key,
        kind,
        subtype,
        names,
        districts,
        services,
        *,
        capacity=None,
        opened=None,
        covers=None,
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


def _organisations(orgs: _Orgs, rng, table: pd.DataFrame, scale: float, zone_info) -> dict:
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
    for key, kind, subtype, base, place, capacity, opened, services in _SUPPORTERS:
        k = count(base)
        if place == "quota":
            share = _largest_remainder(k * pop[None, :] / pop.sum(), np.array([k]))[0]
            dist = np.repeat(np.arange(n_d), share)
        else:
            dist = _spread(rng, k, pop) if place == "spread" else np.full(k, -1)
        if kind == "company|npo":  # care offices: companies or social-welfare corporations
            kind = np.where(rng.random(k) < 0.6, "company", "npo")
        if subtype.endswith("学校"):
            names = [f"第{i}{subtype}" for i in range(1, k + 1)]
        elif k == 1 and base.endswith("+"):
            names = [subtype]
        else:
            prefix = "NPO " if key.startswith("npo_") else ""
            names = [f"{prefix}{subtype} {i:02d}" for i in range(1, k + 1)]
        days = (
            None if opened is None else _dates(rng, np.full(k, _day(opened[0])), _day(opened[-1]))
        )
        pool = "clinic" if key == "hospital" else key
        named[key] = orgs.add(
            pool, kind, subtype, names, dist, services, capacity=capacity, opened=days
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
        opened=_dates(rng, np.full(k, _day("2015-04-01")), _day("2020-04-01")),
        covers=(np.repeat(np.arange(k), [len(m) for m in mine]), np.concatenate(mine)),
    )
    named["coordinator_group"] = np.arange(k) % 12
    named["groups"] = groups
    # 民生委員: one per zone of about 200 households, some zones vacant; 主任児童委員.
    zone_district, filled = zone_info
    fz = np.flatnonzero(filled)
    terms = [_day(d) for d in ("2016-12-01", "2019-12-01", "2022-12-01", "2025-12-01")]
    zone_no = _ragged_arange(np.bincount(zone_district, minlength=n_d))[fz] + 1
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
    stem, trade = rng.choice(_COMPANY_STEMS, k), rng.choice(_COMPANY_TRADES, k)
    named["company"] = orgs.add(
        "company",
        "company",
        "福祉活動企業",
        ["わたせい"] + [f"{a}{b} {i:02d}" for i, (a, b) in enumerate(zip(stem, trade))][1:],
        -1,
        "employment;participation;donation",
        opened=np.r_[
            _day("2021-06-03"), _dates(rng, np.full(k - 1, _day("2021-04-01")), _day("2025-04-01"))
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
        opened=_dates(rng, np.full(n_d, _day("2012-04-01")), _day("2020-04-01")),
    )
    named["council"] = orgs.add(
        "council",
        "group",
        "住民自治協議会",
        [f"{d} 住民自治協議会" for d in orgs.names],
        np.arange(n_d),
        "community_building",
        opened=_day("2005-04-01"),
    )
    return named


# --------------------------------------------------------------------------- ties


class _Edges:
    """Edge blocks collected as arrays; attributes are small integer codes."""

    def __init__(self):
        self.parts: list[tuple[bool, dict[str, np.ndarray]]] = []

    def add(
        self,
        src,
        tgt,
        *,
        domain=-1,
        relation=0,
        formality=0,
        frequency=2,
        since=_NO_DATE,
        until=_NO_DATE,
        kind="informational",
        jusou="",
        distinct=False,
    ):
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
                    "kind": full(_ST[kind] if isinstance(kind, str) else kind, np.int8),
                    "jusou": full(_JU[jusou], np.int8),
                },
            )
        )

    def collab(self, a, b, *, since, domain=-1, until=_NO_DATE, kind="coordination", jusou=""):
        a, b = np.broadcast_arrays(np.asarray(a, np.int64), np.asarray(b, np.int64))
        keep = a != b
        since = np.broadcast_to(np.asarray(since), a.shape)[keep]
        until = np.broadcast_to(np.asarray(until), a.shape)[keep]
        self.add(
            np.minimum(a, b)[keep],
            np.maximum(a, b)[keep],
            relation=1,
            domain=domain,
            formality=0,
            frequency=2,
            since=since,
            until=until,
            kind=kind,
            jusou=jusou,
        )

    def merged(self) -> dict[str, np.ndarray]:
        """All edges, one per (source, target, relation, domain, ended or not)."""
        names = ("src", "tgt", "domain", "relation", "formality", "frequency", "since")
        names += ("until", "kind", "jusou")
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
        key = (key << 7 | rest["domain"]) << 1 | (rest["until"] != _NO_DATE)
        order = np.argsort(key, kind="stable")
        dup = np.zeros(len(key), bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        return {k: np.concatenate([p[k] for p in fixed] + [rest[k][~dup]]) for k in names}


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
    if progress:
        progress("done", len(_STEPS), len(_STEPS))
    node_frame = pd.DataFrame({k: c.array() for k, c in nodes.items()}, copy=False)
    ids = node_frame["id"].array  # sources and targets take from the ids: no second decoding
    return node_frame, pd.DataFrame(
        {k: c.array(ids if k in ("source", "target") else None) for k, c in supports.items()},
        copy=False,
    )


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
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_city(Path(tmp) / "town", 500, seed=3)
    ...     sorted(p.name for p in folder.iterdir())
    ['nodes.csv', 'supports.csv']
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise FileExistsError(f"{folder} is not empty; choose an empty folder or use force=True")
    files = ("nodes.csv", "supports.csv")
    tables = _generate(residents, seed, progress, tuple(f"writing {name}" for name in files))
    folder.mkdir(parents=True, exist_ok=True)
    total = len(_STEPS) + len(files)
    for step, (name, table) in enumerate(zip(files, tables), start=len(_STEPS)):
        if progress:
            progress(f"writing {name}", step, total)
        _write_csv(folder / name, table)
    if progress:
        progress("done", total, total)
    return folder


# --------------------------------------------------------------------------- writing


def _escape(labels: np.ndarray) -> np.ndarray:
    """Quote labels holding a comma, quote or line break (RFC 4180)."""
    joined = "".join(labels)
    if not any(ch in joined for ch in ',"\n\r'):
        return labels
    out = labels.copy()
    for i, text in enumerate(labels):
        if any(ch in text for ch in ',"\n\r'):
            out[i] = '"' + text.replace('"', '""') + '"'
    return out


def _write_csv(path: Path, table: dict[str, _Col], chunk_bytes: int = 1 << 23) -> None:
    """Write a coded table as CSV, atomically.

    Each chunk of rows is gathered into fixed-size records (per field: its label's
    UTF-8 bytes, zero-padded, then the separator) and the padding dropped: UTF-8
    text holds no zero byte. No Python string per row is ever built.
    """
    columns = list(table.values())
    n_rows = len(columns[0].codes)
    # Each field's labels as fixed-size byte records that end with the separator.
    cells = []
    for i, col in enumerate(columns):
        raw = col.encoded()
        sep = np.full((len(raw), 1), ord("\n") if i == len(columns) - 1 else ord(","), np.uint8)
        cell = np.ascontiguousarray(np.hstack([raw, sep]))
        cells.append(cell.view(f"V{cell.shape[1]}").ravel())
    record = np.dtype([(f"f{i}", cell.dtype) for i, cell in enumerate(cells)])
    step = max(1, chunk_bytes // record.itemsize)
    # Like mkstemp, but with the usual permissions (0666 less the umask), not 0600.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write((",".join(table) + "\n").encode("utf-8"))
            for start in range(0, n_rows, step):
                stop = min(start + step, n_rows)
                out = np.empty(stop - start, record)
                for i, (col, cell) in enumerate(zip(columns, cells)):
                    out[f"f{i}"] = cell[col.codes[start:stop]]
                handle.write(out.tobytes().translate(None, b"\0"))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- generation


@dataclass
class _Town:
    """Residents (sorted by household) and their households."""

    district: np.ndarray
    age: np.ndarray
    female: np.ndarray
    hh: np.ndarray
    hh_kind: np.ndarray
    foreign: np.ndarray
    need: np.ndarray  # _NEEDS × residents, bool
    nor: np.ndarray  # no one to rely on

    @property
    def n(self) -> int:
        return len(self.age)

    @property
    def hh_size(self) -> np.ndarray:
        return np.bincount(self.hh, minlength=len(self.hh_kind))

    def has(self, code: str) -> np.ndarray:
        return self.need[_N[code]]

    def in_household(self, mask: np.ndarray) -> np.ndarray:
        """Whether someone in each resident's household matches ``mask``."""
        return (np.bincount(self.hh, weights=mask, minlength=len(self.hh_kind)) > 0)[self.hh]


def _population(rng, table: pd.DataFrame) -> _Town:
    """Residents with ages, households and foreign-resident households."""
    district, age, female = _people(rng, table)
    n = len(age)
    hik = np.zeros(n, bool)
    hik[
        _by_age(
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
    town = _Town(
        district[order],
        age[order],
        female[order],
        hh[order],
        hh_kind,
        np.zeros(n, bool),
        np.zeros((len(_NEEDS), n), bool),
        np.zeros(n, bool),
    )
    town.need[_N["hikikomori"]] = hik[order]
    # Foreign residents: whole working-age households, up to 6.4% of residents.
    size = town.hh_size
    young = np.isin(hh_kind, (_SINGLE, _COUPLE, _FAMILY, _SINGLE_PARENT))
    key = np.log1p(-rng.random(len(hh_kind))) / np.where(young, 1.0, 1e-9)
    by = np.argsort(-key, kind="stable")
    chosen = np.zeros(len(hh_kind), bool)
    chosen[by[np.cumsum(size[by]) <= round(PREVALENCE["foreign_resident_share"] * n)]] = True
    town.foreign = chosen[town.hh]
    return town


def _needs(rng, town: _Town, setting: np.ndarray) -> None:
    """Draw every need at its prevalence (exact counts), in place."""
    age, hh, kind_of, n = town.age, town.hh, town.hh_kind[town.hh], town.n
    n_hh = len(town.hh_kind)

    def give(code, idx):
        town.need[_N[code], idx] = True

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
    give("elderly_care", _by_age(rng, age, _ELDERLY_CARE))
    give(
        "dementia",
        _by_age(rng, age, _DEMENTIA, weights=np.where(town.has("elderly_care"), 4.0, 1.0)),
    )
    k = round(PREVALENCE["disability_physical"] * n)
    k_old = min(round(0.73 * k), int(old.sum()))
    give(
        "disability_physical",
        np.r_[
            _exact(rng, np.flatnonzero(old), k_old / max(old.sum(), 1)),
            _exact(
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
        give(code, _exact(rng, pool, PREVALENCE[code] * n / max(len(pool), 1), weights=w))
    give(
        "school_non_attendance",
        _by_age(
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
        [town.hh_kind == _OLD_SINGLE, town.hh_kind == _SINGLE_PARENT, town.hh_kind == _8050],
        [4.0, 4.0, 3.0],
        1.0,
    )
    pa = household_draw(PREVALENCE["public_assistance"], weights, np.ones(n, bool))
    give("public_assistance", pa)
    weights = np.where(
        np.bincount(hh, weights=pa, minlength=n_hh) > 0,
        0.0,
        np.select([town.hh_kind == _SINGLE_PARENT, town.hh_kind == _8050], [3.0, 3.0], 1.0)
        * np.where(np.bincount(hh, weights=hik, minlength=n_hh) > 0, 2.0, 1.0),
    )
    fh = household_draw(PREVALENCE["financial_hardship"], weights, age >= 18)
    give("financial_hardship", fh)
    u = rng.random((8, n), dtype=np.float32)  # one row of draws per need below
    give("debt_household_budget", fh & (u[0] < 0.3))
    give("housing", fh & (u[1] < 0.1))
    give("employment", (age >= 18) & (age < 65) & (hik | fh) & (u[2] < 0.3))
    poor = town.in_household(pa | fh)
    single_parent = kind_of == _SINGLE_PARENT
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
        _exact(
            rng, np.flatnonzero(age < 18), 0.003, weights=np.where(poor | single_parent, 4.0, 1.0)
        ),
    )
    cared = town.need[[_N[c] for c in _CARE_NEEDS]].any(axis=0)
    care_home = town.in_household(cared)
    give(
        "young_carer",
        _by_age(rng, age, _YOUNG_CARER, weights=np.where(care_home | single_parent, 4.0, 1.0)),
    )
    give("carer_burden", care_home & ~cared & (age >= 18) & (age < 75) & (u[5] < 0.2))
    town.nor[_exact(rng, np.flatnonzero(age >= 18), PREVALENCE["no_one_to_rely_on_18plus"])] = True
    alone = np.isin(kind_of, (_SINGLE, _OLD_SINGLE))
    give(
        "loneliness_isolation",
        _by_age(
            rng,
            age,
            _LONELY,
            weights=(1 + 5 * town.nor) * np.where(alone, 2.0, 1.0) * np.where(hik, 2.0, 1.0),
        ),
    )
    give(
        "language_culture",
        _exact(
            rng,
            np.flatnonzero(town.foreign & (age >= 6)),
            PREVALENCE["language_need_share_foreign_6plus"],
        ),
    )
    rural = np.isin(setting, ("rural", "mountain"))[town.district]
    give(
        "mobility_shopping",
        _exact(
            rng,
            np.flatnonzero(age >= 75),
            PREVALENCE["mobility_shopping_75plus"],
            weights=np.where(rural, 2.0, 1.0) * np.where(kind_of == _8050, 5.0, 1.0),
        ),
    )
    give("advocacy", town.has("dementia") & (u[6] < 0.1))
    give("self_neglect", (kind_of == _OLD_SINGLE) & (u[7] < 0.01))


def _minsei_zones(rng, town: _Town, n_d: int):
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


def _resident_in(rng, town: _Town, mask: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """A random resident matching ``mask`` in each given district (-1 where none)."""
    cand = np.flatnonzero(mask)  # residents are sorted by district
    top = max(int(town.district.max(initial=0)), int(np.max(dist, initial=0))) + 2
    ptr = np.searchsorted(town.district[cand], np.arange(top))
    lo, hi = ptr[dist], ptr[dist + 1]
    out = np.full(len(dist), -1, np.int64)
    ok = hi > lo
    out[ok] = cand[lo[ok] + (rng.random(int(ok.sum())) * (hi - lo)[ok]).astype(np.int64)]
    return out


# provider -> (formality, frequency, support type); others are consultations (formal, monthly).
_STYLE = {
    "care_office": (0, 2, "care_service"),
    "clinic": (0, 2, "care_service"),
    "disability_office": (0, 2, "care_service"),
    "work_support": (0, 1, "care_service"),
    "school": (0, 1, "informational"),
    "welfare_office": (0, 2, "financial_material"),
    "pantry": (1, 2, "financial_material"),
    "cafeteria": (1, 2, "financial_material"),
    "hikikomori_supporter": (1, 2, "companionship"),
    "nest": (1, 1, "companionship"),
    "watch_volunteer": (1, 1, "monitoring"),
    "mimamori": (1, 1, "monitoring"),
    "shunin": (1, 2, "monitoring"),
    "npo_learning": (1, 1, "informational"),
    "npo_place": (1, 1, "companionship"),
    "npo_multilingual": (1, 1, "informational"),
    "company": (1, 1, "employment"),
    "coordinator": (0, 2, "emotional"),
}


def _support_ties(
    rng,
    town: _Town,
    orgs: _Orgs,
    named: dict,
    start: np.ndarray,
    edges: _Edges,
    setting: np.ndarray,
) -> np.ndarray:
    """Support edges into residents; returns each resident's count of informal ties."""
    age, hh, need, n = town.age, town.hh, town.need, town.n
    kind_of = town.hh_kind[hh]
    size = town.hh_size
    first, last = _SINCE_FIRST, _SINCE_LAST

    def dated(src, tgt, lo=first, ended=0.0):
        since = _dates(rng, np.maximum(np.maximum(start[src], start[tgt]), lo), last)
        return since, _ended(rng, since, ended)

    # Family inside the household: every ordered pair of members, by age roles.
    rep = np.repeat(np.arange(n), size[hh])
    mate = (np.cumsum(size) - size)[hh[rep]] + _ragged_arange(size[hh])
    s, t = rep[rep != mate], mate[rep != mate]
    gap = age[s] - age[t]
    cared = need[[_N[c] for c in _CARE_NEEDS]].any(axis=0)
    p = np.select(
        [
            (age[s] < 18) & need[_N["young_carer"], s] & cared[t],
            age[s] < 12,
            age[s] < 18,
            (gap >= 15) & (age[t] < 18),
            kind_of[s] == _8050,
            gap >= 15,
            gap <= -15,
        ],
        [1.0, 0.0, 0.1, 0.95, 1.0, 0.6, 0.7],
        0.97,
    )
    p = p * np.where(cared[s] & (kind_of[s] != _8050), 0.4, 1.0)  # the cared-for rarely carry
    keep = rng.random(len(s)) < p
    s, t = s[keep], t[keep]
    domain = np.full(len(t), -1)
    for code in ("mobility_shopping", *_CARE_NEEDS[::-1]):
        domain = np.where(need[_N[code], t] & (age[s] >= 12), _N[code], domain)
    edges.add(s, t, domain=domain, formality=2, frequency=0, kind="concrete", distinct=True)
    informal = np.zeros(n, np.int64)

    # Relatives living apart, then neighbours, within the district.
    withdrawn = town.has("hikikomori") | town.nor
    p = np.select([np.isin(kind_of, (_OLD_SINGLE, _OLD_COUPLE)), kind_of == _SINGLE], [0.6, 0.85])
    who = np.flatnonzero(rng.random(n) < p * np.where(withdrawn, 0.3, 1.0))
    # Neighbours mostly help older people; withdrawn people get and give little.
    neighbourly = np.array([_NEIGHBOURLY[x] for x in setting])[town.district]
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
        domain = np.where(need[_N["mobility_shopping"], t], _N["mobility_shopping"], -1)
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
    for code, (p_cover, providers, p_second) in _COVERAGE.items():
        who = np.flatnonzero(need[_N[code]])
        names = [name for name, _ in providers]
        w = np.array([x for _, x in providers])
        w = w / w.sum()
        for ended, share in ((False, p_cover), (True, _ENDED_HISTORY)):
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
                formality, freq, kind = _STYLE.get(name, (0, 2, "informational"))
                jusou = {
                    "coordinator": "outreach_continuous",
                    "company": "participation",
                    "nest": "participation",
                }.get(name, "")
                since, until = dated(
                    src, r, _JUSOU_START if jusou else first, 1.0 if ended else 0.0
                )
                edges.add(
                    src,
                    r,
                    domain=_N[code],
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
            (kind_of == _OLD_SINGLE) & old,
            (kind_of == _8050) & old,
            (kind_of == _OLD_COUPLE) & town.in_household(age >= 75) & old,
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
        domain=np.where(need[_N["elderly_care"], t], _N["elderly_care"], _D["watching_over"]),
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
    pool = np.flatnonzero((age >= 75) & np.isin(kind_of, (_OLD_SINGLE, _OLD_COUPLE)))
    t2 = pool[rng.integers(0, max(len(pool), 1), len(s2))] if len(pool) else s2[:0]
    s, t = np.r_[s, s2[: len(t2)]], np.r_[t, t2]
    since, until = dated(s, t, ended=0.1)
    edges.add(
        s,
        t,
        domain=_D["watching_over"],
        formality=1,
        frequency=1,
        since=since,
        until=until,
        kind="monitoring",
    )

    # Coordinators' continuous outreach (継続的支援事業) and 多機関協働, from April 2021.
    fields = np.zeros((6, n), bool)
    for code, f in _NEED_FIELD.items():
        fields[f] |= need[_N[code]]
    multi = fields.sum(axis=0) >= 2
    main = np.zeros(n, np.int64)
    for i in range(len(_NEEDS) - 1, -1, -1):  # the first need held, unless a focus need
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
        main = np.where(need[_N[code]], _N[code], main)
    outreach = multi | need[[_N[c] for c in focus]].any(axis=0)
    weight = np.where(town.has("hikikomori"), 3.0, 1.0) * np.where(multi, 2.0, 1.0)
    group_of_d = np.zeros(len(orgs.block), np.int64)
    for g, members in enumerate(named["groups"]):
        group_of_d[members] = g
    coord, cgroup = named["coordinator"], named["coordinator_group"]
    for g in range(len(named["groups"])):
        mine = coord[cgroup == g]
        pool = np.flatnonzero(outreach & (group_of_d[town.district] == g))
        t = pool[_sample(rng, len(pool), int(rng.poisson(30, len(mine)).sum()), weight[pool])]
        s = mine[rng.integers(0, len(mine), len(t))] if len(mine) else t[:0]
        since, until = dated(s, t, lo=_JUSOU_START, ended=0.15)
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
    since, until = dated(s, t, lo=_JUSOU_START, ended=0.2)
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
    t = pool[_sample(rng, len(pool), len(s))]
    s = s[: len(t)]
    since, until = dated(s, t, lo=_JUSOU_START, ended=0.1)
    edges.add(
        s,
        t,
        domain=np.where(age[t] >= 15, _N["employment"], _D["participation"]),
        formality=1,
        frequency=1,
        since=since,
        until=until,
        kind="employment",
        jusou="participation",
    )
    return informal


def _collaborations(rng, orgs: _Orgs, named: dict, start: np.ndarray, edges: _Edges) -> None:
    """Working ties among organisations (never residents)."""
    n = orgs.first
    odist = np.array(orgs.rows["district"], np.int64)

    def link(a, b, share=1.0, lo=_SINCE_FIRST, domain=-1, kind="coordination", jusou="", ended=0.0):
        a, b = np.broadcast_arrays(np.asarray(a, np.int64), np.asarray(b, np.int64))
        keep = (rng.random(a.shape) < share) & (a != b)
        a, b = a[keep], b[keep]
        since = _dates(rng, np.maximum(np.maximum(start[a], start[b]), lo), _SINCE_LAST)
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
    link(coord, named["takikan"][0], 0.6, lo=_JUSOU_START, jusou="multi_agency")
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
    gift = {"domain": _D["donation"], "kind": "donation"}
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
    meeting = {"jusou": "community_building", "domain": _D["community_building"]}
    local(named["meeting"], "coordinator", **meeting)
    link(named["meeting"], named["council"], **meeting)
    local(named["meeting"], "houkatsu", 0.3, **meeting)


def _lsns6(rng, town: _Town, informal: np.ndarray, setting: np.ndarray) -> np.ndarray:
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


def _tables(
    rng, town: _Town, orgs: _Orgs, table: pd.DataFrame, lsns: np.ndarray, edges: _Edges
) -> tuple[dict[str, _Col], dict[str, _Col]]:
    """Nodes and supports as coded columns."""
    n, n_org = town.n, orgs.count
    rows = orgs.rows
    width = max(6, len(str(n)))
    kind = np.array(rows["kind"], object)
    raw = np.zeros((n + n_org, 1 + max(width, len(str(n)))), np.uint8)
    raw[:n] = _ids("R", n, width)
    for k, prefix in _Orgs._PREFIX.items():
        m = np.flatnonzero(kind == k)
        raw[n + m] = _ids(prefix, len(m), 5, pad=raw.shape[1])
    id_col = _Col(np.arange(n + n_org), raw=raw)

    # Names: a household surname and a given name, Japanese or foreign.
    surnames = _JP_SURNAMES + _FOREIGN_SURNAMES
    given = _JP_MALE + _JP_FEMALE + _FOREIGN_MALE + _FOREIGN_FEMALE
    n_hh = len(town.hh_kind)
    zipf = 1 / np.arange(1, len(_JP_SURNAMES) + 1) ** 0.7
    jp = rng.choice(len(_JP_SURNAMES), n_hh, p=zipf / zipf.sum())
    fo = len(_JP_SURNAMES) + rng.integers(0, len(_FOREIGN_SURNAMES), n_hh)
    sur = np.where(town.foreign[np.cumsum(town.hh_size) - town.hh_size], fo, jp)[town.hh]
    sizes = np.array([len(_JP_MALE), len(_JP_FEMALE), len(_FOREIGN_MALE), len(_FOREIGN_FEMALE)])
    group = town.female.astype(np.int64) + 2 * town.foreign
    first = (np.cumsum(sizes) - sizes)[group] + (rng.random(n) * sizes[group]).astype(np.int64)
    name_labels = _labels(f"{s} {g}" for s in surnames for g in given)
    names = _concat([_Col(sur * len(given) + first, name_labels), _strcol(rows["name"])])

    def padded(resident: _Col, org_values) -> _Col:
        return _concat([resident, _strcol(np.asarray(org_values, object))])

    blank = np.zeros(n, np.int64)
    district_names = _labels(table.district)
    bits = np.zeros(n, np.int64)
    for i, row in enumerate(town.need):
        bits[row] |= 1 << i
    seen = np.zeros(1 << len(_NEEDS), bool)
    seen[bits] = True
    uniq = np.flatnonzero(seen)
    inv = np.cumsum(seen)[bits] - 1
    need_labels = _labels(";".join(c for i, c in enumerate(_NEEDS) if b >> i & 1) for b in uniq)
    band = np.searchsorted(_BAND_LO, town.age, "right") - 1
    odist = np.array(rows["district"], np.int64)
    nodes = {
        "id": id_col,
        "name": names,
        "kind": padded(_Col(blank, _labels(["resident"])), kind),
        "subtype": padded(_Col(blank, _labels([""])), rows["subtype"]),
        "district": _concat(
            [
                _Col(town.district.astype(np.int64), district_names),
                _Col(
                    np.where(odist >= 0, odist, len(district_names)),
                    np.r_[district_names, _labels([""])],
                ),
            ]
        ),
        "needs": padded(_Col(inv.astype(np.int64), need_labels), [""] * n_org),
        "services": padded(_Col(blank, _labels([""])), rows["services"]),
        "capacity": _intcol(np.r_[np.full(n, -1), rows["capacity"]]),
        "lsns6": _intcol(np.r_[lsns, np.full(n_org, -1)]),
        "age_band": padded(_Col(band.astype(np.int64), _labels(_BANDS)), [""] * n_org),
        "sex": padded(_Col(town.female.astype(np.int64), _labels(["M", "F"])), [""] * n_org),
        "household": _Col(
            np.r_[town.hh, np.full(n_org, n_hh)],  # the last label is empty
            raw=np.r_[
                _ids("H", n_hh, width), np.zeros((1, 1 + max(width, len(str(n_hh)))), np.uint8)
            ],
        ),
        "provenance": _Col(np.zeros(n + n_org, np.int64), _labels(["synthetic"])),
    }
    e = edges.merged()
    m = len(e["src"])

    def id_col_of(codes):
        return _Col(codes, raw=id_col.raw)

    supports = {
        "source": id_col_of(e["src"]),
        "target": id_col_of(e["tgt"]),
        "relation": _Col(e["relation"], _labels(["support", "collaboration"])),
        "domain": _Col(e["domain"], _labels(("",) + _EDGE_DOMAINS)),
        "formality": _Col(e["formality"], _labels(_FORMALITY)),
        "frequency": _Col(e["frequency"], _labels(_FREQUENCY)),
        "since": _datecol(e["since"]),
        "until": _datecol(e["until"]),
        "support_type": _Col(e["kind"], _labels(_SUPPORT_TYPE)),
        "jusou_component": _Col(e["jusou"], _labels(_JUSOU)),
        "provenance": _Col(np.zeros(m, np.int8), _labels(["synthetic"])),
    }
    return nodes, supports


_STEPS = (
    "residents and households",
    "needs",
    "organisations",
    "support ties",
    "collaborations",
    "tables",
)


def _generate(
    residents: int, seed: int, progress, extra: tuple[str, ...] = ()
) -> tuple[dict[str, _Col], dict[str, _Col]]:
    """The town as coded tables; ``progress`` hears of each step, then of ``extra`` ones."""
    if residents < 0:
        raise ValueError(f"residents must be 0 or more, got {residents}")
    steps = _STEPS + extra

    def report(i):
        if progress:
            progress(steps[i], i, len(steps))

    rng = np.random.default_rng(seed)
    table = district_table(residents)
    setting = table.setting.to_numpy()
    report(0)
    town = _population(rng, table)
    report(1)
    _needs(rng, town, setting)
    report(2)
    zone_district, filled, hh_zone = _minsei_zones(rng, town, len(table))
    orgs = _Orgs(town.n, table, rng)
    named = _organisations(orgs, rng, table, residents / IGA_POPULATION, (zone_district, filled))
    named["hh_zone"] = hh_zone
    born = _day("2026-01-01") - town.age * 365 - (rng.random(town.n) * 365).astype(np.int64)
    start = np.r_[born, np.array(orgs.rows["opened"], np.int64)]
    edges = _Edges()
    report(3)
    informal = _support_ties(rng, town, orgs, named, start, edges, setting)
    report(4)
    _collaborations(rng, orgs, named, start, edges)
    report(5)
    lsns = _lsns6(rng, town, informal, setting)
    return _tables(rng, town, orgs, table, lsns, edges)
