"""Exports for the tools analysts and city halls already use: Gephi, Excel, JSON.

* ``gexf`` / ``graphml``: every node and support with kind, status, dependents and the
  other analysis results as attributes (lists joined by ``;``), for Gephi or yEd. Numbers
  (``capacity``, ``lsns6``, ``supporters``, ``dependents``, ``sole_supporter_of``,
  ``load``) are typed as numbers, so Gephi can rank and size by them; a node without one
  simply lacks it. GEXF also carries each node's place (``viz:position``, from the map's
  layout, y pointing up) and colour (``viz:color``: a resident's status colour, otherwise
  its kind's, as on the map).
* ``xlsx``: the workbook a city hall circulates: residents at risk, critical supporters,
  coverage gaps by district and between fields, and a legend of the columns; with
  ``lang="ja"`` Japanese headings and labels (孤立, 高齢・介護：支援なし), frozen headers,
  autofilters and column widths to read it in Excel.
* ``json``: node-link JSON (``{"nodes": [...], "links": [...]}``).

``anonymize=True`` applies everywhere: resident ids and names become pseudonyms, needs in a
``youhairyo`` domain are dropped, free-text attributes are dropped. Text that a spreadsheet
would run as a formula (``= + - @``) is stored as plain text. Same input, same bytes: no
timestamps, stable order. Files are written atomically and never over an input.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from .analysis.analysed import Analysis, analyse
from .aside import aside
from .cells import xml_cells
from .columnar import Column, Columns, Nullable, framed
from .errors import TsunagariError
from .excel import heading, labelled, widest
from .gexf import Viz, write_gexf
from .graphml import write_graphml
from .io import write_atomic
from .network import Network
from .nodelink import write_node_link
from .privacy import anonymized_network
from .vocabulary import Vocabulary
from .words import message, note, word
from .xlsxfile import MAX_ROWS, Sheet, write_xlsx

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "export",
    "export_analysis",
    "gexf_viz",
    "graph_tables",
    "to_gexf",
    "to_graphml",
    "to_json",
    "to_xlsx",
    "write_node_link",
    "write_workbook",
]

FORMATS = ("gexf", "graphml", "xlsx", "json")
ASIDE = 20_000  # rows (nodes and supports) from which GEXF's work is shared with a second
# process (tsunagari.aside): a smaller network's export takes less than a fork costs


def graph_tables(a: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and support tables with the analysis results joined in, ready to export.

    Nodes gain ``status``, ``supporters``, ``single_points``, ``needs`` (as ``code:status``),
    ``dependents`` and ``sole_supporter_of``; supports gain ``active`` on that day.
    """
    node_results, support_results = _results(a)
    nodes = a.net.nodes.copy(deep=False)  # new columns only: the network keeps its own
    supports = a.net.supports.copy(deep=False)
    for name, column in node_results.items():  # text as the library's text dtype
        nodes[name] = (
            column.pandas() if isinstance(column, Nullable) else framed({name: column})[name]
        )
    supports["active"] = support_results["active"]
    return nodes, supports


def _graph_columns(a: Analysis, *, load: bool = False) -> tuple[Columns, Columns]:
    """:func:`graph_tables` as :class:`~tsunagari.columnar.Columns` (no frame is made);
    with ``load``, the nodes' ``load`` last (what each supports now, to size by in Gephi)."""
    node_results, support_results = _results(a)
    if load:
        node_results["load"] = a.sn.load
    nodes, supports = a.net.table("nodes"), a.net.table("supports")
    return (
        Columns({**{n: nodes[n] for n in nodes}, **node_results}),
        Columns({**{n: supports[n] for n in supports}, **support_results}),
    )


def _results(a: Analysis) -> tuple[dict[str, Column], dict[str, Column]]:
    """The columns :func:`graph_tables` adds to the nodes and to the supports (``needs``
    replaces the nodes' own), in order."""
    rows, n = a.rows, len(a.net)
    resident = np.flatnonzero(a.sn.is_resident)  # the rows' nodes, in order

    def by_node(values: list, other: object) -> np.ndarray:
        """The residents' values at their nodes, ``other`` at every organisation's."""
        column = np.full(n, other, dtype=object)
        column[resident] = values
        return column

    supporters = np.zeros(n, np.int64)
    supporters[resident] = rows["supporters"]
    needs = a.net.node_column("needs").copy()  # an organisation's as given
    statuses = rows["needs"]  # each (domain, status) spelt once; a needs list holds a domain once
    spelt = [f"{d}:{s}" for d, s in statuses.items]
    held = statuses.picked()
    starts, ends = statuses.ptr[held].tolist(), statuses.ptr[held + 1].tolist()
    needs[resident] = [tuple(spelt[a:b]) for a, b in zip(starts, ends)]
    nodes = {
        "status": a.node_status.copy(),  # the cached array stays whole
        "supporters": Nullable(supporters, ~a.sn.is_resident),
        "single_points": by_node(rows["single_points"], np.nan),
        "needs": needs,
        "dependents": a.sn.dependents,
        "sole_supporter_of": a.sn.sole_supporters,
    }
    return nodes, {"active": a.active}


def gexf_viz(a: Analysis) -> list[dict]:
    """Each node's ``viz`` for GEXF: its place on the map's layout (the active ties pull
    together, a district's nodes start together; y up, as Gephi draws it) and its colour
    (a resident's status colour, an organisation's kind colour, as on the map)."""
    return _viz(a).mappings()


def _viz(a: Analysis, xy: np.ndarray | None = None) -> Viz:
    """:func:`gexf_viz` as columns (a city's list of dicts is a few hundred MB); ``xy`` the
    layout's positions if already made (:func:`_layout`)."""
    from .render.text import KIND_STYLE, STATUS_COLORS

    net = a.net
    if xy is None:
        xy = _layout(net, a.active)()
    # a colour per (kind, status) met: a resident's by status, an organisation's by kind
    pairs_met: dict[tuple[str, str], int] = {}
    kinds, statuses = net.node_column("kind").tolist(), a.node_status.tolist()
    which = [pairs_met.setdefault(pair, len(pairs_met)) for pair in zip(kinds, statuses)]
    fills = [STATUS_COLORS[s][0] if k == "resident" else KIND_STYLE[k][1] for k, s in pairs_met]
    rgb = np.array([_rgb(fill) for fill in fills], dtype=np.int64).reshape(-1, 3)[which]
    return Viz(rgb, np.column_stack([xy[:, 0], -xy[:, 1]]))  # whole pixels, y up


def _layout(net: Network, active: np.ndarray) -> Callable[[], np.ndarray]:
    """The map's positions of the nodes (the ties active on the day pulling together), to
    compute: its inputs made here, its work when called."""
    from .render.layout import district_groups, positions

    pairs = np.column_stack([net.source_index[active], net.target_index[active]])
    groups = district_groups(net.node_column("district").tolist())
    return partial(positions, len(net), pairs, groups)


def _ends(a: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """Each support's source and target as node rows: the export tables' rows are the
    network's, so the graph files need not look the ids up."""
    return a.net.source_index, a.net.target_index


@cache
def _rgb(fill: str) -> tuple[int, int, int]:
    """``#rrggbb`` as its three numbers."""
    return int(fill[1:3], 16), int(fill[3:5], 16), int(fill[5:7], 16)


def _bytes(write: Callable[[BinaryIO], None]) -> bytes:
    out = io.BytesIO()
    write(out)
    return out.getvalue()


def to_gexf(
    nodes: pd.DataFrame | Columns,
    supports: pd.DataFrame | Columns,
    *,
    viz: Iterable[dict] | Viz | None = None,
) -> bytes:
    """GEXF 1.2 (Gephi) bytes of the export tables (:func:`.gexf.write_gexf`);
    ``viz`` gives each node's place and colour (:func:`gexf_viz`)."""
    return _bytes(lambda out: write_gexf(out, nodes, supports, viz=viz))


def to_graphml(nodes: pd.DataFrame | Columns, supports: pd.DataFrame | Columns) -> bytes:
    """GraphML bytes of the export tables (:func:`.graphml.write_graphml`)."""
    return _bytes(lambda out: write_graphml(out, nodes, supports))


def to_json(nodes: pd.DataFrame, supports: pd.DataFrame) -> bytes:
    """Node-link JSON bytes: ``{"directed", "multigraph", "nodes", "links"}``
    (:func:`write_node_link`)."""
    return _bytes(lambda out: write_node_link(out, nodes, supports))


def _sheet_columns(frame: pd.DataFrame, lang: str) -> list[list]:
    """A frame's columns as a sheet holds them: the heading, then each cell
    (:func:`.cells.xml_cells`)."""
    return [
        [heading(c, lang), *xml_cells(frame.iloc[:, i].to_numpy(object, na_value=None).tolist())]
        for i, c in enumerate(frame.columns)
    ]


WIDEST = 60  # characters: a longer cell wraps in the formula bar, not across the screen


def _sheet(title: str, columns: list[list]) -> Sheet:
    """A sheet for people: each column as wide as its widest cell (a wide character counts
    two; at least 4, plus 2, at most :data:`WIDEST`)."""
    widths = [min(max(widest(c, at_most=WIDEST), 4) + 2, WIDEST) for c in columns]
    return Sheet(title, columns, widths)


def _sheet_title(key: str, lang: str) -> str:
    return word(key, lang) if lang == "ja" else key


def to_xlsx(
    sheets: dict[str, pd.DataFrame], *, lang: str = "en", vocabulary: Vocabulary | None = None
) -> bytes:
    """An .xlsx workbook (bytes) for people: one sheet per frame and a legend sheet
    (:func:`write_workbook`)."""
    return _bytes(lambda out: write_workbook(out, sheets, lang=lang, vocabulary=vocabulary))


def write_workbook(
    out: BinaryIO,
    sheets: dict[str, pd.DataFrame],
    *,
    lang: str = "en",
    vocabulary: Vocabulary | None = None,
) -> None:
    """Write an .xlsx workbook for people to ``out``: one sheet per frame and a legend.

    Every sheet has its header row frozen, an autofilter over the data and column widths
    from the content (a wide character counts two, capped at :data:`WIDEST`). In Japanese
    the headings are words and the codes labels (:func:`tsunagari.excel.labelled`, with the
    domains of ``vocabulary``); in English cells and headings are the codes, as in CSV. The
    legend (凡例, ``legend``) says what each column of each sheet holds. Text never becomes
    a formula, a number or a link (:mod:`tsunagari.xlsxfile`); equal input gives equal
    bytes.
    """
    for key, frame in sheets.items():  # refused before a byte is written
        if len(frame) + 1 > MAX_ROWS:  # the heading takes a row
            limit, title = MAX_ROWS, _sheet_title(key, lang)
            raise TsunagariError(
                message("err_xlsx_rows", sheet=title, rows=len(frame) + 1, limit=limit)
            )
    legend: list[list] = [[word(k, lang) for k in ("sheet", "column", "meaning")]]
    book = []
    for key, frame in sheets.items():
        if vocabulary is not None:
            frame = labelled(frame, vocabulary, lang)
        title = _sheet_title(key, lang)
        book.append(_sheet(title, _sheet_columns(frame, lang)))
        legend += [[title, heading(c, lang), note(key, c, lang)] for c in frame.columns]
    book.append(_sheet(_sheet_title("legend", lang), [list(c) for c in zip(*legend)]))
    write_xlsx(out, book)


def workbook_sheets(a: Analysis) -> dict[str, pd.DataFrame]:
    """The frames of the city-hall workbook: at risk, critical, gaps, domain pairs."""
    gaps = a.gaps()
    return {
        "residents_at_risk": a.at_risk(),
        "critical": a.critical(),
        "gaps_by_district": gaps.by_district,
        "domain_pairs": gaps.domain_pairs,
    }


def export(
    net: Network,
    to: str,
    path: str | Path,
    *,
    as_of: dt.date | str | None = None,
    anonymize: bool = False,
    salt: str | None = None,
    lang: str = "en",
    force: bool = False,
    roots: Iterable[str] = ("agency",),
) -> Path:
    """Write the network and its analysis to ``path`` in format ``to``.

    Parameters
    ----------
    net : Network
    to : {"gexf", "graphml", "xlsx", "json"}
    path : str or Path
        The output file; never an input file, never overwritten unless ``force``.
    as_of : date or str, optional
        The day on which supports count as active (default today).
    anonymize : bool
        Pseudonyms for residents, no 要配慮 needs, no free text.
    salt : str, optional
        Secret for the pseudonyms (see :mod:`tsunagari.privacy`).
    lang : {"en", "ja"}
        Header and sheet language of the workbook.
    force : bool
        Overwrite an existing file.
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default: agencies).

    Examples
    --------
    >>> import tempfile, pathlib, tsunagari as tg
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "iga.gexf"
    >>> _ = tg.export(tg.load(), "gexf", out, as_of="2026-11-27")
    >>> out.read_bytes().startswith(b"<?xml")
    True
    """
    a = analyse(net, as_of=as_of, roots=roots)
    return export_analysis(a, to, path, anonymize=anonymize, salt=salt, lang=lang, force=force)


def export_analysis(
    a: Analysis,
    to: str,
    path: str | Path,
    *,
    anonymize: bool = False,
    salt: str | None = None,
    lang: str = "en",
    force: bool = False,
) -> Path:
    """:func:`export` of an analysed network (:meth:`.Analysis.export`)."""
    if to not in FORMATS:
        raise TsunagariError(message("err_export_format", to=to, options=", ".join(FORMATS)))
    path = Path(path)
    protect = a.net.inputs
    if anonymize:  # the same day and roots, over pseudonyms
        net, _ = anonymized_network(a.net, salt)
        a = analyse(net, as_of=a.as_of, roots=a.roots, lsns_threshold=a.lsns_threshold)
    data: bytes | Callable[[BinaryIO], None]
    if to == "xlsx":  # the sheets' XML goes out a chunk of rows at a time (a zip: seeks)
        sheets = workbook_sheets(a)
        data = partial(write_workbook, sheets=sheets, lang=lang, vocabulary=a.net.vocabulary)
    elif to == "gexf":  # a city's layout and supports' section made by a second process
        big = len(a.net) + a.net.support_count >= ASIDE
        layout = _layout(a.net, a.active)
        with aside(layout) if big else nullcontext(layout) as positions:  # while analysing
            nodes, supports = _graph_columns(a, load=True)
            viz = _viz(a, positions())
        scratch = path.absolute().parent if big else None  # written there meanwhile
        data = partial(
            write_gexf, nodes=nodes, supports=supports, viz=viz, ends=_ends(a), scratch=scratch
        )
    else:  # written to the file as the rows come
        nodes, supports = _graph_columns(a, load=to != "json")
        if to == "json":
            data = partial(write_node_link, nodes=nodes, supports=supports)
        else:
            data = partial(write_graphml, nodes=nodes, supports=supports, ends=_ends(a))
    return write_atomic(path, data, protect=protect, force=force, streamed=to != "xlsx")
