"""The interactive map: one self-contained HTML page that works with the network cable out.

Nodes are shaped by kind; residents are coloured by their place in the safety net
(isolated, unreached, single thread, overlapping); supporters are sized by their
*dependents*, the residents who would lose the formal net without them. Supports are arrows,
collaborations dashed lines, informal ties (family, neighbours) dotted; ended supports are
hidden, or faded with ``show_ended``. Beside the canvas: a legend, a search box, filters by
district, status and kind, and details of the clicked node, whose threads to the formal net
are drawn bold while its single points get a red ring.

The nodes and edges come from :mod:`tsunagari.render.graph`; pyvis holds the lists (filled in
bulk); the page is rendered through our own template (see :mod:`tsunagari.render.page` for
why pyvis's own is not used). Positions are computed in Python
(:mod:`tsunagari.render.layout`) and physics is off, so even a big view is drawn in about a
second. A city too big to draw person by person gets an overview in which
each district's residents are one node.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..analysis.analysed import Analysis, analyse
from ..errors import TsunagariError
from ..io import write_atomic
from ..network import Network
from ..progress import is_large, progress
from ..vocabulary import KINDS, STATUSES, label
from ..words import message, word, words
from . import page
from .graph import detail_graph, overview_graph
from .notebook import iframe
from .text import EDGE_STYLE, KIND_STYLE, STATUS_COLORS
from .titles import Names
from .views import at_risk_view, district_view, focus_view

__all__ = ["OVERVIEW_ABOVE", "VIEWS", "Map", "map_html", "network_map", "write_map"]

VIEWS = ("full", "focus", "district", "at_risk", "overview")
OVERVIEW_ABOVE = 2_000  # nodes; a bigger network opens on the overview
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
# The words map.js reads (``W.<name>``), by that name -> their key in the catalogue
PAGE_WORDS = {
    "map_title": "map_title",
    "as_of": "as_of",
    "search": "search",
    "search_placeholder": "search_placeholder",
    "no_match": "no_match",
    "filters": "filters",
    "district": "filter_district",
    "all_districts": "all_districts",
    "city_wide": "city_wide",
    "status": "residents_status",
    "kind": "filter_kind",
    "legend": "legend",
    "size_note": "size_note",
    "hint": "hint",
    "shown": "shown",
    "reset": "reset",
    "threads": "threads",
    "no_thread": "no_thread",
    "through_self": "through_self",
    "is_root": "is_root",
    "colon": "colon",
}


@dataclass(frozen=True)
class Map:
    """A rendered map: the page, and what it shows.

    In Jupyter (and VS Code, JupyterLab, Colab) the map displays itself inline through an
    ``<iframe srcdoc=...>``, so the page's script runs in its own sandboxed document.

    Attributes
    ----------
    html : str
        The self-contained page.
    view : str
        One of ``full``, ``focus``, ``district``, ``at_risk``, ``overview``.
    nodes, edges : int
        Number of nodes and edges drawn.
    scripts : tuple of str
        The page's inline scripts (a page embedding the map must allow them to run).
    """

    html: str = field(repr=False)
    view: str
    nodes: int
    edges: int
    scripts: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def _repr_html_(self) -> str:
        return iframe(self.html, title="tsunagari map")

    def write(self, path: str | Path, *, protect: Iterable[Path] = (), force: bool = False) -> Path:
        """Write the page atomically (UTF-8); ``protect`` lists inputs never to overwrite,
        and an existing file is replaced only with ``force``."""
        return write_atomic(path, self.html, protect=protect, force=force)


# ---------------------------------------------------------------------------- the page


def _resolve_view(
    view: str | None, n: int, focus: str | None, district: str | None, at_risk: bool
) -> str:
    if view is None:
        if focus is not None:
            view = "focus"
        elif at_risk:
            view = "at_risk"
        elif district is not None:
            view = "district"
        else:
            view = "full" if n <= OVERVIEW_ABOVE else "overview"
    if view not in VIEWS:
        raise TsunagariError(message("err_view", view=view, options=", ".join(VIEWS)))
    if view == "focus" and focus is None:
        raise TsunagariError(message("err_view_focus"))
    if view == "district" and district is None:
        raise TsunagariError(message("err_view_district"))
    if focus is not None and (view != "focus" or district is not None or at_risk):
        raise TsunagariError(message("err_view_focus_and"))
    if view == "overview" and (district is not None or at_risk):
        raise TsunagariError(message("err_view_overview"))
    return view


def _legend(nodes: list[dict], view: str, lang: str, show_ended: bool) -> dict:
    w = words(lang)
    kinds_here = {nd["kind"] for nd in nodes}
    kinds = [
        [k, label(KINDS, k, lang) if k in KINDS else w["district_node"], *KIND_STYLE[k]]
        for k in (*KINDS, "district")
        if k in kinds_here
    ]
    counts = {s: 0 for s in STATUSES}
    for nd in nodes:
        if "status" in nd:
            counts[nd["status"]] += 1
        elif "status_counts" in nd:
            for s, v in zip(STATUSES, nd["status_counts"]):
                counts[s] += v
    statuses = [[s, label(STATUSES, s, lang), STATUS_COLORS[s][0], counts[s]] for s in STATUSES]
    ties = [[k, w[TIE_WORDS[k]], *EDGE_STYLE[k]] for k in ("support", "informal", "collaboration")]
    if show_ended:
        ties.append(["inactive", w[TIE_WORDS["inactive"]], *EDGE_STYLE["inactive"]])
    return {"kinds": kinds, "statuses": statuses, "ties": ties}


def _options(count: int) -> dict:
    big = count > 1_000
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
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
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "arrows": {"to": {"scaleFactor": 0.5}},
        },
    }


def _pyvis(nodes: list[dict], edges: list[dict]) -> tuple[list, list, str]:
    """Fill a pyvis Network in bulk (its add_node checks the whole list every time)."""
    from pyvis.network import Network as PyvisNetwork  # imports networkx and IPython: lazily

    pv = PyvisNetwork(directed=True, height="100%", width="100%")
    pv.nodes = nodes
    pv.edges = edges
    pv.node_ids = [nd["id"] for nd in nodes]
    pv.node_map = {nd["id"]: nd for nd in nodes}
    pv.options = _options(len(nodes))
    got_nodes, got_edges, _heading, _height, _width, options = pv.get_network_data()
    return got_nodes, got_edges, options


def build_map(
    a: Analysis,
    *,
    view: str | None = None,
    focus: str | None = None,
    radius: int = 2,
    district: str | None = None,
    at_risk: bool = False,
    anonymize: bool = False,
    salt: str | None = None,
    lang: str = "ja",
    show_ended: bool = False,
) -> Map:
    """The map of an analysed network (:meth:`.Analysis.map`; options of
    :func:`network_map`)."""
    w = words(lang)
    net = a.net
    view = _resolve_view(view, len(net.nodes), focus, district, at_risk)
    names = Names(net, anonymize, salt)
    truncated = False
    focus_index = None
    # the time goes to statuses (in analyse), then nodes and ties with their titles and the
    # layout, then the page
    big = is_large(len(net.nodes) + len(net.supports))
    with progress(f"{view} map: nodes, ties and layout", 2, show=big) as bar:
        if view == "overview":
            nodes, edges = overview_graph(a, names, lang, show_ended)
        else:
            if view == "full":
                members = np.arange(len(net.nodes))
            elif view == "focus":
                members, truncated = focus_view(
                    a, str(focus), radius=radius, include_inactive=show_ended
                )
            elif view == "district":
                members = district_view(a, str(district), include_inactive=show_ended)
            else:
                members = at_risk_view(a, district=district)
            nodes, edges = detail_graph(a, members, names, lang, show_ended)
            if focus is not None:
                focus_index = int(np.searchsorted(members, net.positions([focus])[0]))
        caption = word(
            VIEW_WORDS[view],
            lang,
            name=nodes[focus_index]["name"] if focus_index is not None else "",
            radius=radius,
            district=district or "",
        )
        if view == "at_risk" and district is not None:
            caption = f"{caption} · {district}"
        bar.update(1, label=f"{view} map: page of {len(nodes):,} nodes")
        nodes, edges, options = _pyvis(nodes, edges)
        data = {
            "lang": lang,
            "view": view,
            "caption": caption,
            "as_of": a.as_of.isoformat(),
            "words": {name: w[key] for name, key in PAGE_WORDS.items()},
            "status_codes": list(STATUSES),
            "legend": _legend(nodes, view, lang, show_ended),
            "districts": sorted({nd["district"] for nd in nodes}, key=lambda d: (d == "", d)),
            "focus": focus_index,
            "notes": [
                w[k] for k, on in (("truncated", truncated), ("anonymized", anonymize)) if on
            ],
            "nodes": nodes,
            "edges": edges,
        }
        scripts = (page.vis_script(), page.asset("map.js"))
        html = page.render(
            "map.html",
            lang=lang,
            title=w["map_title"],
            csp=page.csp(scripts),
            css=page.markup(page.asset("map.css")),
            vis_js=page.markup(scripts[0]),
            map_js=page.markup(scripts[1]),
            data=page.markup(page.json_for_script(data)),
            options=page.markup(page.json_for_script(json.loads(options))),
        )
    return Map(html=html, view=view, nodes=len(nodes), edges=len(edges), scripts=scripts)


def network_map(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    view: str | None = None,
    focus: str | None = None,
    radius: int = 2,
    district: str | None = None,
    at_risk: bool = False,
    anonymize: bool = False,
    salt: str | None = None,
    lang: str = "ja",
    show_ended: bool = False,
    roots: Iterable[str] = ("agency",),
) -> Map:
    """Draw the support network as an interactive, self-contained HTML map.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        The day whose active supports are drawn and judged (default today).
    view : str, optional
        ``full`` (every node), ``focus``, ``district``, ``at_risk`` or ``overview``
        (residents counted per district, organisations kept). Default: from the other
        options, else ``full`` up to 2,000 nodes and ``overview`` above.
    focus : str, optional
        A node id: its neighbourhood within ``radius`` ties, with its threads.
    radius : int
        Steps around ``focus`` (default 2).
    district : str, optional
        One district's nodes and the organisations tied to them (with ``at_risk``: the
        district's residents at risk).
    at_risk : bool
        Residents who are isolated, unreached or on a single thread, their supporters and
        the agencies.
    anonymize : bool
        Residents' names and ids become pseudonyms, 要配慮 (``youhairyo``) needs are not
        shown; organisations keep their names.
    salt : str, optional
        Secret for the pseudonyms (see :func:`tsunagari.privacy.pseudonyms`).
    lang : {"ja", "en"}
        Language of the legend, tooltips and controls.
    show_ended : bool
        Draw ended (and not yet started) supports faded instead of hiding them.
    roots : iterable of str
        Kinds and/or ids forming the formal net (default every ``agency``).

    Returns
    -------
    Map
        ``.html`` is the page; in a notebook the map displays inline.

    Raises
    ------
    TsunagariError
        On an unknown view, focus id or district, or conflicting options.

    Examples
    --------
    >>> import tsunagari as tg
    >>> m = network_map(tg.load(), as_of="2026-11-27", focus="r-001", radius=1)
    >>> m.view, m.nodes, m.html.startswith("<!DOCTYPE html>")
    ('focus', 6, True)
    """
    return analyse(net, as_of=as_of, roots=roots).map(
        view=view,
        focus=focus,
        radius=radius,
        district=district,
        at_risk=at_risk,
        anonymize=anonymize,
        salt=salt,
        lang=lang,
        show_ended=show_ended,
    )


def map_html(net: Network, **options: Any) -> str:
    """The map page as a string; takes the options of :func:`network_map`."""
    return network_map(net, **options).html


def write_map(net: Network, path: str | Path, *, force: bool = False, **options: Any) -> Path:
    """Write the map page atomically as UTF-8, never over the network's own files.

    Takes the options of :func:`network_map`; an existing file is replaced only with
    ``force``.
    """
    return network_map(net, **options).write(path, protect=net.inputs, force=force)
