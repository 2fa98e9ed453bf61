"""Words on the map and the report, in Japanese and English, and the map's colours and shapes."""

from __future__ import annotations

__all__ = ["EDGE_STYLE", "KIND_STYLE", "STATUS_COLORS", "TEXT", "words"]

# Worst status red, best blue (not green: red/green is the commonest colour blindness).
STATUS_COLORS = {
    "isolated": ("#d7263d", "#8c1020"),
    "unreached": ("#f07f1e", "#9a4a05"),
    "single_thread": ("#f2c12e", "#9c7a0c"),
    "overlapping": ("#3b7dd8", "#1d4f96"),
}
# kind -> (vis-network shape, fill, border)
KIND_STYLE = {
    "resident": ("dot", "#9aa5b1", "#5f6b76"),
    "agency": ("square", "#0f6e67", "#073f3b"),
    "company": ("triangle", "#7b6a58", "#4a3d30"),
    "npo": ("diamond", "#7a5aa6", "#4a3370"),
    "volunteer": ("star", "#3f8f3a", "#245a20"),
    "group": ("hexagon", "#56697a", "#33414d"),
    "district": ("custom", "#ffffff", "#44505c"),
}
# edge style -> (colour, dashes)
EDGE_STYLE = {
    "support": ("#7d8ca3", False),
    "informal": ("#b0568f", [2, 4]),
    "collaboration": ("#5aa39a", [7, 5]),
    "inactive": ("#c4c9cf", [1, 5]),
}

TEXT = {
    "ja": {
        "map_title": "つながりマップ",
        "report_title": "つながりレポート",
        "as_of": "基準日",
        "search": "検索",
        "search_placeholder": "名前または ID",
        "no_match": "見つかりません",
        "filters": "絞り込み",
        "district": "地区",
        "all_districts": "すべての地区",
        "city_wide": "市全域",
        "status": "住民の状態",
        "status_one": "状態",
        "kind": "種別",
        "legend": "凡例",
        "ties": "つながり",
        "support": "支援（矢印の向きに支える）",
        "support_short": "支援",
        "collab_short": "連携",
        "informal": "インフォーマルな支え（家族・近所など）",
        "collaboration": "連携（組織どうし）",
        "inactive": "終了した支援・未開始の支援",
        "size_note": "支え手の大きさ = 失うと機関から切れる住民の数",
        "district_node": "地区ごとの住民（円グラフ = 状態の内訳）",
        "details": "詳細",
        "hint": "ノードをクリックすると、公的な支援網（機関）までの糸が太く表示され、"
        "一本の糸の要が赤い枠で示されます。",
        "shown": "表示中",
        "reset": "すべて表示",
        "threads": "公的な支援網までの糸",
        "no_thread": "機関につながる糸がない",
        "through_self": "本人を経由するため糸にならない",
        "is_root": "公的な支援網（根）",
        "supporters": "支援者",
        "people": "人",
        "single_points": "一本の糸の要",
        "needs": "ニーズ",
        "dependents": "失うと機関から切れる住民",
        "load": "支えている人・組織",
        "services": "分野",
        "residents": "住民",
        "ended": "終了",
        "not_started": "開始前",
        "count": "件",
        "view": {
            "full": "全体",
            "focus": "{name} の周り（{radius} 段階）",
            "district": "{district} 地区",
            "at_risk": "支援網が薄い住民",
            "overview": "市全体の概観（住民は地区ごとに集計）",
        },
        "truncated": "表示が多すぎるため、周りの一部だけを表示しています。",
        "anonymized": "匿名化済み：住民名は仮名、要配慮の情報は表示していません。",
        "colon": "：",
        "comma": "、",
    },
    "en": {
        "map_title": "tsunagari map",
        "report_title": "tsunagari report",
        "as_of": "as of",
        "search": "Search",
        "search_placeholder": "name or id",
        "no_match": "no match",
        "filters": "Filters",
        "district": "District",
        "all_districts": "all districts",
        "city_wide": "city-wide",
        "status": "Residents' status",
        "status_one": "status",
        "kind": "Kind",
        "legend": "Legend",
        "ties": "Ties",
        "support": "support (the arrow points to who is supported)",
        "support_short": "support",
        "collab_short": "collaboration",
        "informal": "informal support (family, neighbours)",
        "collaboration": "collaboration (between organisations)",
        "inactive": "ended or not yet started",
        "size_note": "a supporter's size = residents cut off from the agencies without it",
        "district_node": "residents by district (pie = statuses)",
        "details": "Details",
        "hint": "Click a node: its threads to the formal net (the agencies) are drawn bold, "
        "and its single points get a red ring.",
        "shown": "shown",
        "reset": "show all",
        "threads": "Threads to the formal net",
        "no_thread": "no thread reaches an agency",
        "through_self": "runs through the person herself, so it is no thread",
        "is_root": "part of the formal net (a root)",
        "supporters": "supporters",
        "people": "",
        "single_points": "single points",
        "needs": "needs",
        "dependents": "residents cut off without it",
        "load": "people and organisations it supports",
        "services": "services",
        "residents": "residents",
        "ended": "ended",
        "not_started": "not started",
        "count": "",
        "view": {
            "full": "whole network",
            "focus": "around {name} ({radius} steps)",
            "district": "district {district}",
            "at_risk": "residents the safety net holds thinly",
            "overview": "city overview (residents counted by district)",
        },
        "truncated": "Too many nodes: only part of the neighbourhood is shown.",
        "anonymized": "Anonymised: residents carry pseudonyms; special-care information is "
        "not shown.",
        "colon": ": ",
        "comma": ", ",
    },
}


def words(lang: str) -> dict:
    """The word table of a language (``ja`` or ``en``)."""
    if lang not in TEXT:
        from ..errors import TsunagariError

        raise TsunagariError(f"lang: expected ja or en, got '{lang}'")
    return TEXT[lang]
