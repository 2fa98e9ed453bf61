"""The map's colours and shapes (its words are in :mod:`tsunagari.words`)."""

from __future__ import annotations

__all__ = ["EDGE_STYLE", "KIND_STYLE", "STATUS_COLORS"]

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
# edge style -> (colour, dashes). Informal ties are told by their colour, not by dots: a
# district holds thousands of them, and a software-drawn canvas takes twice as long to
# draw dotted lines as solid ones.
EDGE_STYLE = {
    "support": ("#7d8ca3", False),
    "informal": ("#b0568f", False),
    "collaboration": ("#5aa39a", [7, 5]),
    "inactive": ("#c4c9cf", [1, 5]),
}
