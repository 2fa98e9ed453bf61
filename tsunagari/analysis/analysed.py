"""One analysed network: a network's safety net on one day, for one set of roots.

Every analysis reads the same few things: the dominator tree with the arrays read off it
(:class:`.SafetyNet`: dependents, supporters' load, components, …) and the resident table
(:func:`.status.resident_rows`). An :class:`Analysis` computes each on first use and keeps
it, so residents, critical supporters, gaps, a what-if and a map asked one after another
cost one safety net. Every frame it returns carries the day and the roots it holds for in
``frame.attrs`` (``as_of``, ``roots``).

>>> import tsunagari as tg
>>> a = tg.analyse(tg.load(), as_of="2026-11-27")
>>> table = a.residents()
>>> table.attrs["as_of"].isoformat(), table.attrs["roots"]
('2026-11-27', ('agency',))
>>> int(a.critical()["dependents"].iloc[0]) > 0
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..columnar import Columns
from ..dates import as_of_date
from ..errors import TsunagariError
from ..network import Network
from ..progress import is_large, progress
from ..words import message
from .critical import critical_rows
from .dominators import SafetyNet, root_names, safety_net
from .gaps import Gaps, by_district, domain_pairs
from .status import DEFAULT_AT_RISK, at_risk, need_rows, resident_columns, resident_rows

if TYPE_CHECKING:
    import pandas as pd

    from ..render.map import Map
    from .whatif import WhatIf

__all__ = ["Analysis", "analyse"]

DEFAULT_ROOTS = ("agency",)


class Analysis:
    """A network analysed for one day and one set of roots; each part computed once.

    Build it with :func:`analyse`. The methods give the tables of tsunagari's analyses;
    the attributes below are shared by all of them and computed on first use.

    Attributes
    ----------
    net : Network
    as_of : date
        The day on which supports count as active.
    roots : tuple of str
        Kinds and/or node ids that form the formal net.
    lsns_threshold : int
        ``lsns6`` below this marks ``lsns_at_risk``.
    sn : SafetyNet
        The graph of active ties and its dominator tree, with what is read off it.
    rows : Columns
        The resident table as the library holds it (:mod:`tsunagari.columnar`).
    table : DataFrame
        The resident table as a frame (:meth:`residents` returns a copy of it).
    """

    def __init__(
        self,
        net: Network,
        *,
        as_of: dt.date | str | None = None,
        roots: Iterable[str] = DEFAULT_ROOTS,
        lsns_threshold: int = 12,
    ) -> None:
        self.net = net
        self.as_of = as_of_date(as_of)
        self.roots = root_names(roots)
        self.lsns_threshold = lsns_threshold

    def __repr__(self) -> str:
        return (
            f"Analysis({len(self.net):,} nodes, as_of={self.as_of.isoformat()}, "
            f"roots={self.roots!r})"
        )

    # ------------------------------------------------------------ shared, computed once

    @cached_property
    def sn(self) -> SafetyNet:
        n = len(self.net)
        with progress(
            message("progress_statuses", n=f"{n:,}"), show=is_large(n + self.net.support_count)
        ):
            return safety_net(self.net, as_of=self.as_of, roots=self.roots)

    @cached_property
    def rows(self) -> Columns:
        return resident_columns(self.sn, lsns_threshold=self.lsns_threshold)

    @cached_property
    def table(self) -> pd.DataFrame:
        return self._stamp(self.rows.frame())

    def _fresh_table(self) -> pd.DataFrame:
        """The resident table computed anew, not kept."""
        return self._stamp(resident_rows(self.sn, lsns_threshold=self.lsns_threshold))

    @cached_property
    def resident_row(self) -> np.ndarray:
        """Row of each node in :attr:`table` (``-1`` for organisations)."""
        row = np.full(self.sn.n, -1, dtype=np.int64)
        row[self.sn.is_resident] = np.arange(int(self.sn.is_resident.sum()))
        return row

    @cached_property
    def node_status(self) -> np.ndarray:
        """Each node's status code name (``""`` for organisations)."""
        status = np.full(self.sn.n, "", dtype=object)
        status[self.sn.is_resident] = self.rows["status"].tolist()
        return status

    @cached_property
    def is_root(self) -> np.ndarray:
        """Whether each node is a root of the formal net."""
        mask = np.zeros(self.sn.n, dtype=bool)
        mask[self.sn.roots] = True
        return mask

    @cached_property
    def active(self) -> np.ndarray:
        """Which rows of ``net.supports`` are active on the day."""
        return self.net.active(self.as_of)

    @cached_property
    def _critical(self) -> pd.DataFrame:
        return self._stamp(critical_rows(self.sn))

    def _stamp(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame.attrs["as_of"] = self.as_of
        frame.attrs["roots"] = self.roots
        return frame

    def _known(self, name: str) -> bool:
        """Whether the cached part ``name`` has been computed already."""
        return name in self.__dict__

    @property
    def meta(self) -> dict:
        """The day and roots, JSON-able, for the metadata of a dict-shaped result."""
        return {"as_of": self.as_of.isoformat(), "roots": list(self.roots)}

    # ----------------------------------------------------------------------- the tables

    def residents(self) -> pd.DataFrame:
        """Every resident's safety-net status, one row per resident in file order.

        Returns
        -------
        DataFrame
            Columns ``id, name, district, status, supporters, single_points, needs,
            need_single_points, lsns6, lsns_at_risk``. ``status`` is an ordered
            Categorical, worst first. ``single_points`` is a tuple of ids, nearest first;
            ``needs`` maps each need's domain code to ``uncovered``, ``unreached``,
            ``single_thread`` or ``overlapping``; ``need_single_points`` maps
            single-thread needs to their single points.

        Examples
        --------
        >>> import tsunagari as tg
        >>> table = tg.analyse(tg.load(), as_of="2026-11-27").residents()
        >>> sorted(table["status"].unique())
        ['isolated', 'overlapping', 'single_thread', 'unreached']
        """
        return self._stamp(self.table.copy())

    def needs(self) -> pd.DataFrame:
        """The needs in long form: one row per resident and need, for grouping and
        pivoting.

        Returns
        -------
        DataFrame
            ``id, name, district`` (the resident's), ``domain`` (the need's code),
            ``status`` (``uncovered``, ``unreached``, ``single_thread`` or
            ``overlapping``; an ordered Categorical, worst first), ``supporters``
            (distinct active supporters of the resident in that domain) and
            ``single_points`` (ids, nearest first, for a single-thread need).

        Examples
        --------
        >>> import tsunagari as tg
        >>> needs = tg.analyse(tg.load(), as_of="2026-11-27").needs()
        >>> int((needs["status"] == "uncovered").sum()), bool((needs["supporters"][
        ...     needs["status"] == "uncovered"] == 0).all())
        (83, True)
        """
        return self._stamp(need_rows(self.sn, self.table))

    def at_risk(
        self, *, statuses: Iterable[str] = DEFAULT_AT_RISK, district: str | None = None
    ) -> pd.DataFrame:
        """Residents with the given statuses (``all`` for every one), worst first; see
        :func:`tsunagari.at_risk` for the order."""
        return self._stamp(at_risk(self.table, statuses=statuses, district=district))

    def critical(self) -> pd.DataFrame:
        """Nodes ranked by how many residents would lose the formal net without them.

        Returns
        -------
        DataFrame
            One row per node with ``dependents > 0`` or ``sole_supporter_of > 0``, most
            critical first: ``id, name, kind, district, dependents, sole_supporter_of,
            capacity, load`` (``load`` = residents and nodes it actively supports now).

        Examples
        --------
        >>> import tsunagari as tg
        >>> top = tg.analyse(tg.load(), as_of="2026-11-27").critical()
        >>> bool((top["dependents"].diff().dropna() <= 0).all())
        True
        """
        return self._stamp(self._critical.copy())

    def gaps(self) -> Gaps:
        """Where needs are not held, by district and domain, and which fields are not
        joined: :func:`.gaps.by_district` and :func:`.gaps.domain_pairs`.

        Examples
        --------
        >>> import tsunagari as tg
        >>> result = tg.analyse(tg.load(), as_of="2026-11-27").gaps()
        >>> row = result.by_district.iloc[0]
        >>> int(row["in_need"]) == int(row[["overlapping", "single_thread", "unreached",
        ...                                 "uncovered"]].sum())
        True
        """
        return Gaps(
            by_district=self._stamp(by_district(self.sn, self.table)),
            domain_pairs=self._stamp(domain_pairs(self.net, as_of=self.as_of)),
            meta=self.meta,
        )

    def whatif(self, *, remove: Iterable[str] = (), end: Iterable[tuple[str, str]] = ()) -> WhatIf:
        """Every resident's status after losing some nodes and ties, and who changed.

        Parameters
        ----------
        remove : iterable of str
            Ids of nodes that disappear (a volunteer retires, an office closes), with all
            their ties. A removed root id stops being a root.
        end : iterable of (str, str)
            ``(source, target)`` pairs whose active ties end: every active support from
            ``source`` to ``target`` and every active collaboration between the two.

        Returns
        -------
        WhatIf
            ``before``, ``after`` and ``changed`` tables; removed residents are in neither
            ``after`` nor ``changed``.

        Raises
        ------
        TsunagariError
            For an unknown node id, or an ``end`` pair with no active tie that day.

        Examples
        --------
        >>> import tsunagari as tg
        >>> a = tg.analyse(tg.load(), as_of="2026-11-27")
        >>> result = a.whatif(remove=["vol-minsei-01"])
        >>> result.changed.loc[result.changed["id"] == "r-050", ["before", "after"]].values.tolist()
        [['single_thread', 'isolated']]
        """
        from .whatif import scenario

        # the table held already, or (a city's worth) computed for the comparison and let go
        before = self.table if self._known("rows") else self._fresh_table
        result = scenario(self, before, remove=remove, end=end)
        for frame in (result.after, result.changed):
            self._stamp(frame)
        return result

    def threads(self, node_id: str) -> list[list[str]]:
        """The threads that hold one node: up to two paths from the formal net to it that
        share no node but it (:func:`.threads.independent_threads`).

        An overlapping resident has two, a resident on a single thread one (it passes
        every single point), an unreached or isolated resident none. These are the
        threads the map draws for a person.

        Parameters
        ----------
        node_id : str
            The node's id.

        Returns
        -------
        list of list of str
            Each thread as ids from the person up to a root node, ``[node_id, ..., root]``.

        Raises
        ------
        TsunagariError
            For an unknown node id.

        Examples
        --------
        >>> import tsunagari as tg
        >>> a = tg.analyse(tg.load(), as_of="2026-11-27")
        >>> a.threads("r-001")
        [['r-001', 'ag-teijisei'], ['r-001', 'csw-03']]
        >>> a.threads("r-050")
        [['r-050', 'vol-minsei-01', 'ag-houkatsu']]
        """
        if node_id not in self.net:
            raise TsunagariError(message("err_unknown_node", id=node_id))
        ids = self.net.node_column("id")
        v = int(self.net.positions([node_id])[0])
        return [[str(ids[x]) for x in path] for path in self.sn.threads(v)]

    def impact(self, *, weakened: bool = False) -> pd.DataFrame:
        """For every supporter, who would be cut off from the formal net if it disappeared.

        A *supporter* here is any node with an active support or collaboration going out.

        Parameters
        ----------
        weakened : bool
            Also count the overlapping residents who would be left on a single thread:
            one small dominator computation per supporter (20 ms on the sample, about two
            minutes on a city of 87,000 residents), so it is off by default.

        Returns
        -------
        DataFrame
            One row per supporter, most damaging loss first: ``id, name, kind, district``,
            ``cut_off`` (residents now single thread or overlapping who would become
            unreached or isolated), ``left_alone`` (residents whose only active supporter
            it is: they would become isolated, whatever their status now) and, if asked,
            ``weakened`` (overlapping residents who would become single thread). Each
            number equals what :meth:`whatif` reports for removing that node alone.

        Examples
        --------
        >>> import tsunagari as tg
        >>> table = tg.analyse(tg.load(), as_of="2026-11-27").impact()
        >>> bool((table["cut_off"].diff().dropna() <= 0).all())
        True
        """
        from .impact import impact_rows

        return self._stamp(impact_rows(self.sn, weakened=weakened))

    def suggest(
        self, *, resident: str | None = None, limit: int | None = 3, lang: str = "en"
    ) -> pd.DataFrame:
        """New support ties that would hold residents the net holds poorly, best first.

        For every resident who is isolated, unreached or on a single thread, or who has
        an uncovered need, the candidate supporters of :mod:`.suggest`, best first (see
        there). Each suggestion is judged alone: two may count on the same free place.

        Parameters
        ----------
        resident : str, optional
            Only this resident (any status).
        limit : int or None
            At most this many suggestions per resident (None or 0: all).
        lang : {"en", "ja"}
            Language of ``reason``.

        Returns
        -------
        DataFrame
            One row per suggested tie, residents worst first: ``resident, district,
            status`` (now), ``domain``, ``need`` (the need's status now; null for a
            resident with no recorded need), ``supporter, supporter_name, introducer`` (id
            or null), ``status_after`` and ``need_after`` (exact, as if the tie existed),
            ``room`` (places the supporter would have left; null = no limit), ``reason``.
            An unknown ``resident`` raises :class:`~tsunagari.TsunagariError`.

        Examples
        --------
        >>> import tsunagari as tg
        >>> a = tg.analyse(tg.load(), as_of="2026-11-27")
        >>> set(a.suggest(resident="r-063")["status_after"])
        {'overlapping'}
        """
        from .suggest import suggestion_columns

        ideas = suggestion_columns(self, resident=resident, limit=limit, lang=lang)
        return self._stamp(ideas.frame())

    def suggest_chunks(
        self,
        *,
        resident: str | None = None,
        limit: int | None = 3,
        lang: str = "en",
        size: int = 20_000,
    ) -> Iterator[pd.DataFrame]:
        """:meth:`suggest`'s table in consecutive pieces of at most ``size`` rows, so that
        a city's suggestions can be written out without holding them all.

        There is always at least one piece (empty when there is nothing to suggest); an
        unknown ``resident`` raises here, before any piece. Each suggestion is worked out
        as its piece is asked for.
        """
        from .suggest import suggestion_pieces

        pieces = suggestion_pieces(self, resident=resident, limit=limit, lang=lang, size=size)
        return (self._stamp(piece.frame()) for piece in pieces)

    def plan(self, links: int = 5, *, lang: str = "en") -> pd.DataFrame:
        """A city-wide plan of new ties, chosen greedily to turn the most single threads
        into overlaps, within every supporter's capacity (see :mod:`.plan`).

        Returns
        -------
        DataFrame
            One row per chosen tie, in order: ``step, resident, supporter,
            supporter_name, domain, introducer, status_after, need_after`` (recomputed),
            ``fixed`` (ids of residents turned from single thread to overlapping by this
            tie, recomputed), ``fixed_count``, ``reason``. ``fixed_count.sum()`` is the
            number of single threads the plan turns into overlaps.

        Examples
        --------
        >>> import tsunagari as tg
        >>> steps = tg.analyse(tg.load(), as_of="2026-11-27").plan(2)
        >>> len(steps), bool((steps["fixed_count"] >= 1).all())
        (2, True)
        """
        from .plan import plan_columns

        return self._stamp(plan_columns(self, links, lang=lang).frame())

    def summary(self, *, top: int = 3) -> dict:
        """The headline numbers (see :func:`tsunagari.summary`), plus ``roots``.

        Examples
        --------
        >>> import tsunagari as tg
        >>> s = tg.analyse(tg.load(), as_of="2026-11-27").summary()
        >>> s["residents"], s["by_status"]["overlapping"], s["uncovered_needs"]
        (94, 47, 83)
        """
        from .summary import headline

        return headline(self, top=top)

    # ------------------------------------------------------------- pages and files

    def map(self, **options: Any) -> Map:
        """The interactive map (options of :func:`tsunagari.network_map` but ``as_of``,
        ``roots``, which are this analysis's)."""
        from ..render.map import build_map

        return build_map(self, **options)

    def report(self, **options: Any) -> str:
        """The one-page report's HTML (options of :func:`tsunagari.render.report_html`
        but ``as_of``, ``roots`` and ``lsns_threshold``)."""
        from ..render.report import build_report

        return build_report(self, **options)

    def export(self, to: str, path: str | Path, **options: Any) -> Path:
        """Write the network and this analysis to ``path`` in format ``to`` (options of
        :func:`tsunagari.export` but ``as_of`` and ``roots``)."""
        from ..export import export_analysis

        return export_analysis(self, to, path, **options)


def analyse(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lsns_threshold: int = 12,
) -> Analysis:
    """The network analysed for one day and one set of roots (nothing is computed until
    a result is asked for).

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        Supports count when ``since <= as_of < until`` (default today).
    roots : iterable of str
        Kinds and/or node ids forming the formal net (default every ``agency``).
    lsns_threshold : int
        ``lsns6`` below this marks ``lsns_at_risk`` (Lubben's cut-off, 12).
    """
    return Analysis(net, as_of=as_of, roots=roots, lsns_threshold=lsns_threshold)
