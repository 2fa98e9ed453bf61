"""The interactive map: one self-contained HTML page per network, with the cable out.

The page carries the whole analysed network (:mod:`.citydata`) and draws one view at a
time, never more than about two thousand nodes, so a city of 87,000 residents stays fluid:
the overview (each district's residents one pie of their statuses, the organisations one
by one), a district or the residents at risk one page of residents at a time (worst first,
with the supporters that hold them), one person's neighbourhood with her threads, or the
whole network when it is small. A click or a search moves between them inside the page,
with a breadcrumb back; ``view``, ``focus`` and ``district`` choose where it opens.

Residents are coloured by their place in the safety net (isolated, unreached, single
thread, overlapping), supporters shaped by kind and sized by their *dependents*. A click
shows a node's threads to the formal net (two independent ones for an overlapping
resident, the one for a single thread with its single points ringed in red), and "what if
it were gone" for any node: the page recomputes the dominators of the whole network
without it (``safety.js``), as ``tsunagari whatif --remove`` does.

The views' rules are those of :mod:`.views`, which the page's ``views.js`` follows; the
overview's layout and, for a small network, the whole network's spring layout are computed
here (:mod:`.graph`); the page is rendered through our own template (see :mod:`.page`
for why pyvis's own is not used).
"""

from __future__ import annotations

import datetime as dt
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
from ..vocabulary import STATUSES
from ..words import message, words
from . import page
from .citydata import city_data
from .graph import full_layout, merged_ties, overview_group, overview_layout
from .mapdata import PAGE_WORDS, labels, legend, options, style
from .names import Names
from .notebook import iframe
from .views import (
    FOCUS_MAX_NODES,
    HUB_DEGREE,
    PAGE_RESIDENTS,
    at_risk_view,
    district_view,
    focus_view,
    node_position,
)

__all__ = ["OVERVIEW_ABOVE", "VIEWS", "Map", "map_html", "network_map", "write_map"]

VIEWS = ("full", "focus", "district", "at_risk", "overview")
OVERVIEW_ABOVE = 2_000  # nodes; a bigger network opens on the overview, and is never drawn whole
# the limits of the views, which the page applies as views.py does
LIMITS = {
    "page": PAGE_RESIDENTS,
    "hub_degree": HUB_DEGREE,
    "focus_max": FOCUS_MAX_NODES,
    "found": 30,  # search results listed
    "listed": 200,  # residents listed by a what-if
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
        Number of nodes and ties the opening view draws (the page holds the whole network).
    scripts : tuple of str
        The page's inline scripts (a page embedding the map must allow them to run).
    truncated : bool
        Whether the opening neighbourhood was cut at its cap.
    """

    html: str = field(repr=False)
    view: str
    nodes: int
    edges: int
    scripts: tuple[str, ...] = field(default=(), repr=False, compare=False)
    truncated: bool = False

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


def _members(
    a: Analysis,
    view: str,
    focus: str | None,
    radius: int,
    district: str | None,
    show_ended: bool,
) -> tuple[np.ndarray, bool]:
    """The nodes the view opens on (the page builds the same), and whether a cap cut it."""
    if view == "full":
        return np.arange(a.sn.n), False
    if view == "focus":
        return focus_view(a, str(focus), radius=radius, include_inactive=show_ended)
    if view == "district":
        return district_view(a, str(district), include_inactive=show_ended), False
    return at_risk_view(a, district=district), False


def _drawn(a: Analysis, members: np.ndarray | None, show_ended: bool) -> tuple[int, int]:
    """How many nodes and ties the opening view draws."""
    if members is None:
        group = overview_group(a)
        return int(group.max(initial=-1)) + 1, len(merged_ties(a, group, show_ended))
    group = np.full(a.sn.n, -1, dtype=np.int64)
    group[members] = np.arange(len(members))
    return len(members), len(merged_ties(a, group, show_ended))


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
    n = len(net.nodes)
    view = _resolve_view(view, n, focus, district, at_risk)
    if view == "full" and n > OVERVIEW_ABOVE:
        raise TsunagariError(message("err_full_too_big", limit=OVERVIEW_ABOVE, nodes=n))
    if view == "focus":
        node_position(a, str(focus))  # an unknown id is an error naming it
    names = Names(net, anonymize, salt)
    big = is_large(n + len(net.supports))
    with progress(message("progress_map", view=message(f"view_name_{view}")), 2, show=big) as bar:
        members, truncated = (
            (None, False)
            if view == "overview"
            else _members(a, view, focus, radius, district, show_ended)
        )
        count_nodes, count_edges = _drawn(a, members, show_ended)
        city = city_data(a, names, lang, show_ended)
        overview = n > OVERVIEW_ABOVE or view == "overview"
        bar.update(
            1, label=message("progress_map_page", view=message(f"view_name_{view}"), n=f"{n:,}")
        )
        code = {d: k for k, d in enumerate(city["districts"])}
        data = {
            "lang": lang,
            "as_of": a.as_of.isoformat(),
            "words": {key: w[key] for key in PAGE_WORDS},
            "labels": labels(lang),
            "style": style(),
            "status_codes": list(STATUSES),
            "legend": legend(a, lang, show_ended, overview),
            "limits": LIMITS,
            "show_ended": show_ended,
            "notes": [w["anonymized"]] if anonymize else [],
            "start": {
                "view": view,
                "focus": int(net.positions([str(focus)])[0]) if view == "focus" else None,
                "district": None if district is None else code.get(district, -1),
                "page": 0,
                "radius": radius,
            },
            "city": city,
            "overview": overview_layout(a) if overview else None,
            "full": full_layout(a, show_ended) if n <= OVERVIEW_ABOVE else None,
        }
        scripts = (
            page.vis_script(),
            page.asset("safety.js"),
            page.asset("views.js"),
            page.asset("map.js"),
        )
        html = page.render(
            "map.html",
            lang=lang,
            title=w["map_title"],
            csp=page.csp(scripts),
            css=page.markup(page.asset("map.css")),
            scripts=[page.markup(s) for s in scripts],
            data=page.markup(page.json_for_script(data)),
            options=page.markup(page.json_for_script(options())),
        )
    return Map(
        html=html,
        view=view,
        nodes=count_nodes,
        edges=count_edges,
        scripts=scripts,
        truncated=truncated,
    )


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
