"""The generator's figures: districts, prevalences, rates, coverage, supporters, names.

Everything tunable about the synthetic town lives here: the district table and
prevalences of ``domain.md`` §3 and §7 (estimates, [E], never facts about Iga),
age-specific rates, the need and tie codes, how often each need is covered and by
whom, the supporters placed by rule, the stock of invented names and the time window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .sampling import largest_remainder

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DISTRICTS", "IGA_POPULATION", "PREVALENCE", "district_table"]


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
ELDERLY_CARE = ((65, 70, 0.03), (70, 75, 0.06), (75, 80, 0.12), (80, 85, 0.26),
                 (85, 90, 0.48), (90, 200, 0.70))  # ltc certification, ~19% of 65+
DEMENTIA = ((65, 70, 0.011), (70, 75, 0.035), (75, 80, 0.071), (80, 85, 0.16),
             (85, 90, 0.30), (90, 200, 0.503))
YOUNG_CARER = ((11, 12, 0.065), (12, 15, 0.057), (15, 18, 0.041))
LONELY = ((16, 20, 0.05), (20, 40, 0.07), (40, 70, 0.045), (70, 200, 0.02))

BANDS = ("0-5", "6-11", "12-14", "15-17", "18-39", "40-64", "65-74", "75+")
BAND_LO = np.array([0, 6, 12, 15, 18, 40, 65, 75])
UNDER65_SHARE = np.array([3.6, 4.6, 2.5, 2.6, 19.5, 33.7]) / 66.5
# Per setting: neighbours' help (per older resident) and the share of three-generation families.
NEIGHBOURLY = {"urban": 0.22, "new town": 0.2, "suburban": 0.3, "town": 0.35,
                "estate": 0.35, "rural": 0.45, "mountain": 0.55}
THREE_GEN = {"urban": 0.04, "new town": 0.03, "suburban": 0.07, "town": 0.09,
              "estate": 0.05, "rural": 0.13, "mountain": 0.15}

# Needs in the order they are written (bit i of a need mask is NEEDS[i]), each with its
# field: needs in two or more fields make a multi-issue (重層) case.
NEED_FIELD = {
    "elderly_care": 0, "dementia": 0, "disability_physical": 1, "disability_intellectual": 1,
    "disability_mental": 1, "child_rearing": 2, "child_protection": 2,
    "school_non_attendance": 2, "hikikomori": 4, "financial_hardship": 3,
    "public_assistance": 3, "debt_household_budget": 3, "employment": 3, "housing": 3,
    "loneliness_isolation": 4, "young_carer": 2, "carer_burden": 0, "advocacy": 0,
    "language_culture": 5, "mobility_shopping": 0, "food_insecurity": 3, "self_neglect": 0,
}
NEEDS = tuple(NEED_FIELD)
NEED_INDEX = {code: i for i, code in enumerate(NEEDS)}
# Edge domains: the needs, then codes used only by supporters' ties.
EDGE_DOMAINS = NEEDS + ("participation", "watching_over", "community_building", "donation")
DOMAIN_INDEX = {code: i for i, code in enumerate(EDGE_DOMAINS)}
CARE_NEEDS = ("elderly_care", "dementia", "disability_physical", "disability_intellectual",
               "disability_mental")

# need -> (probability of an active formal support, providers and weights, chance of a second).
COVERAGE: dict[str, tuple[float, tuple[tuple[str, float], ...], float]] = {
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
ENDED_HISTORY = 0.12  # chance that a need also has an earlier, ended support

FORMALITY = ("formal", "semi_formal", "informal")
FREQUENCY = ("daily", "weekly", "monthly", "yearly")
SUPPORT_TYPE = ("concrete", "emotional", "informational", "companionship", "financial_material",
                 "care_service", "referral", "coordination", "monitoring", "employment",
                 "donation", "training")
JUSOU = ("", "outreach_continuous", "multi_agency", "participation", "community_building")
SUPPORT_TYPE_INDEX = {name: i for i, name in enumerate(SUPPORT_TYPE)}
JUSOU_INDEX = {name: i for i, name in enumerate(JUSOU)}

# Invented names: common surnames and given names, combined at random.
JP_SURNAMES = (
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 "
    "清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 "
    "遠藤 青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 松田 竹内 中川 小野 "
    "田村 服部 北川 奥田 西田 福井"
).split()
JP_MALE = ("翔太 大輔 健太 拓也 直樹 誠 浩 隆 茂 勇 清 博 修 進 悠真 陽翔 蓮 湊 大和 颯 "
            "和夫 正夫 健一 洋介 達也 亮 剛 学 聡 優斗").split()
JP_FEMALE = ("花子 陽子 恵子 幸子 和子 洋子 美咲 愛 彩 真由美 由美子 久美子 結衣 陽菜 凛 "
              "葵 芽依 さくら 美月 千尋 節子 文子 京子 智子 直美 裕子 明美 舞 七海 美和").split()
FOREIGN_SURNAMES = ("シルバ サントス オリヴェイラ ソウザ ペレイラ フェレイラ ロドリゲス "
                     "グエン チャン レ ファム ガルシア レイエス").split()
FOREIGN_MALE = "ルーカス ガブリエル マテウス ペドロ ラファエル ミン ホアン ジョセフ".split()
FOREIGN_FEMALE = "マリア アナ ジュリア ベアトリス カミラ ラン フオン アンジェリカ".split()
COMPANY_STEMS = ("あおば ひのき さくら みどり かしの木 つばき やまびこ こもれび すずらん "
                  "ひだまり いろは なごみ").split()
COMPANY_TRADES = ("食品", "運輸", "商店", "建設", "工業", "ストア", "農園", "製作所")

#: Supporters placed by rule (domain.md §7.2): key, kind, subtype, count for 86,976 residents
#: (scaled to the town, at least one; "+": never below the count), placement ("city":
#: city-wide, "spread": a district drawn by population, "quota": districts by population),
#: capacity, opening date or range (default 2010-04-01), services.
SUPPORTERS = (
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

SINCE_FIRST = int(np.datetime64("2015-01-01", "D").astype(np.int64))
SINCE_LAST = int(np.datetime64("2025-12-31", "D").astype(np.int64))
JUSOU_START = int(np.datetime64("2021-04-01", "D").astype(np.int64))
NO_DATE = np.iinfo(np.int32).min


# provider -> (formality, frequency, support type); others are consultations (formal, monthly).
STYLE = {
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


def day_number(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


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
    import pandas as pd

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
    frame["population"] = largest_remainder(
        residents * weights / weights.sum(), np.array([residents])
    )[0]
    return frame
