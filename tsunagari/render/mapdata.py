"""What a map page carries besides the network: the words its script shows, the labels
and colours of statuses, kinds and ties, its legend and vis-network's options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import KINDS, NEED_STATUSES, RELATIONS, STATUSES, label
from ..words import words
from .text import EDGE_STYLE, KIND_STYLE, STATUS_COLORS

if TYPE_CHECKING:
    from ..analysis.analysed import Analysis

__all__ = ["PAGE_WORDS", "VIEW_WORDS", "labels", "legend", "options", "style"]

VIEW_WORDS = {
    "full": "view_full",
    "focus": "view_focus",
    "district": "view_district",
    "at_risk": "view_at_risk",
    "overview": "view_overview",
}
TIE_WORDS = {
    "support": "legend_support",
    "informal": "legend_informal",
    "collaboration": "legend_collaboration",
    "inactive": "legend_inactive",
}
# The catalogue's words map.js reads (``W.<key>``)
PAGE_WORDS = (
    "map_title",
    "as_of",
    "search",
    "search_placeholder",
    "no_match",
    "filters",
    "filter_district",
    "all_districts",
    "city_wide",
    "residents_status",
    "filter_kind",
    "legend",
    "legend_informal",
    "size_note",
    "hint",
    "shown",
    "reset",
    "threads",
    "no_thread",
    "is_root",
    "colon",
    "comma",
    "people",
    "residents",
    "status",
    "supporters",
    "single_points",
    "needs",
    "lsns6",
    "dependents",
    "load",
    "services",
    "node_heading",
    "self",
    "ties_merged",
    "block_isolated",
    "block_unreached",
    "crumb_city",
    "crumbs",
    "page_prev",
    "page_next",
    "page_of",
    "off_map",
    "open_person",
    "whatif_button",
    "whatif_undo",
    "whatif_title",
    "whatif_summary",
    "whatif_none",
    "more_listed",
    "save_png",
    "truncated",
    *VIEW_WORDS.values(),
)


def labels(lang: str) -> dict:
    """Statuses, need statuses, kinds and relations in the page's language, by code."""
    return {
        "statuses": {s: label(STATUSES, s, lang) for s in STATUSES},
        "need_statuses": {s: label(NEED_STATUSES, s, lang) for s in NEED_STATUSES},
        "kinds": {k: label(KINDS, k, lang) for k in KINDS},
        "relations": {r: label(RELATIONS, r, lang) for r in RELATIONS},
    }


def style() -> dict:
    """Colours and shapes of statuses, kinds and ties."""
    return {"statuses": STATUS_COLORS, "kinds": KIND_STYLE, "ties": EDGE_STYLE}


def legend(a: Analysis, lang: str, show_ended: bool, overview: bool) -> dict:
    """The legend's kinds (with the district pie on an overview), statuses and ties."""
    w = words(lang)
    kinds_here = set(a.net.nodes["kind"].tolist())
    kinds = [
        [k, label(KINDS, k, lang) if k in KINDS else w["district_node"], *KIND_STYLE[k]]
        for k in (*KINDS, "district")
        if k in kinds_here or (k == "district" and overview)
    ]
    statuses = [[s, label(STATUSES, s, lang), STATUS_COLORS[s][0]] for s in STATUSES]
    ties = [[k, w[TIE_WORDS[k]], *EDGE_STYLE[k]] for k in ("support", "informal", "collaboration")]
    if show_ended:
        ties.append(["inactive", w[TIE_WORDS["inactive"]], *EDGE_STYLE["inactive"]])
    return {"kinds": kinds, "statuses": statuses, "ties": ties}


def options() -> dict:
    """vis-network's options: no physics (positions are given), our own keyboard and
    tooltips, labels only where they fit."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
            "selectConnectedEdges": False,
            "dragNodes": False,  # positions are the layout's; a highlight is drawn at them
            "hoverConnectedEdges": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {
                "size": 13,
                "face": '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic UI",'
                '"Meiryo",sans-serif',
                "color": "#1f2933",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # a label is drawn only where it is at least 8 px on screen: residents' labels
            # come with zooming in, supporters' (bigger) sooner
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 0,
            "hoverWidth": 0,
            "arrows": {"to": {"scaleFactor": 0.5}},
        },
    }
