"""The in-memory support network: validated tables, a compact integer index, and a
networkx graph built on demand.

Nodes and supports are tables of one row per node / per support, in file order. A network
read from files holds them as columns (:class:`~tsunagari.columnar.Columns`, which the
analyses read through :meth:`Network.node_column`) and makes the pandas DataFrames
``nodes`` and ``supports`` when first asked for; from then on the frame is the table. The
algorithms work on integer arrays: node ``i`` is row ``i`` of ``nodes``, and support ``j``
runs from ``source_index[j]`` to ``target_index[j]``. networkx stays off that path; an
analyst gets ``net.graph`` when they ask for it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .columnar import Column, Columns, from_frame, from_series
from .dates import as_of_date

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from .words import Message
from .errors import TsunagariError
from .folding import spaceless
from .vocabulary import Vocabulary, default_formality
from .words import message

__all__ = ["Network"]


class Network:
    """A support network: who supports whom, and who works with whom.

    Parameters
    ----------
    nodes, supports : DataFrame or Columns
        Validated tables as returned by :func:`tsunagari.io.read_network` (or as the reader
        holds them, :class:`~tsunagari.columnar.Columns`).
    vocabulary : Vocabulary
        The domains in force.
    source : Path, optional
        Where the network was read from (outputs refuse to overwrite it).

    Attributes
    ----------
    nodes : DataFrame
        One row per node: ``id, name, kind, subtype, district, needs, services, capacity,
        lsns6`` and any extra columns of the file (made when first asked for).
    supports : DataFrame
        One row per support or collaboration: ``source, target, relation, domain,
        formality, frequency, since, until`` and extra columns.
    source_index, target_index : ndarray of int32
        Row numbers in ``nodes`` of each support's two ends.
    warnings : list of Message
        What looks wrong in the files read, though the network is valid (a support from a
        resident to an agency, a start date after today, districts spelt two ways, formula
        cells without a saved result); empty for a network built otherwise. ``str()`` of
        each is English, ``.text("ja")`` Japanese.

    The keyword ``ends`` passes those row numbers when the caller knows them already.
    """

    def __init__(
        self,
        nodes: pd.DataFrame | Columns,
        supports: pd.DataFrame | Columns,
        vocabulary: Vocabulary,
        *,
        source: Path | None = None,
        ends: tuple[np.ndarray, np.ndarray] | None = None,
        warnings: Iterable[Message] = (),
    ) -> None:
        self._columns: dict[str, Columns] = {}
        for name, table in (("nodes", nodes), ("supports", supports)):
            if isinstance(table, Columns):  # the frame is made when first asked for
                self._columns[name] = table
            else:
                self.__dict__[name] = table
        self.warnings: list[Message] = list(warnings)
        self.vocabulary = vocabulary
        self.source = source
        if ends is None:  # else the reader has looked them up already
            ends = (
                self.index.get_indexer(self.supports["source"]),
                self.index.get_indexer(self.supports["target"]),
            )
        self.source_index = ends[0].astype(np.int32)
        self.target_index = ends[1].astype(np.int32)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        return self._columns["nodes"].frame()

    @cached_property
    def supports(self) -> pd.DataFrame:
        return self._columns["supports"].frame()

    @cached_property
    def index(self) -> pd.Index:
        """The node ids as a pandas Index, row ``i`` at position ``i``."""
        import pandas as pd

        return pd.Index(self.nodes["id"])

    def table(self, name: str) -> Columns:
        """The table ``nodes`` or ``supports`` as :class:`~tsunagari.columnar.Columns`
        (the frame's columns once a frame was made or given)."""
        frame = self.__dict__.get(name)
        return self._columns[name] if frame is None else from_frame(frame)

    def node_column(self, name: str) -> Any:
        """One column of :attr:`nodes` without pandas (text as an object array of str,
        ``capacity`` and ``lsns6`` as :class:`~tsunagari.columnar.Nullable`)."""
        return self._column("nodes", name)

    def support_column(self, name: str) -> Any:
        """One column of :attr:`supports`, as :meth:`node_column` gives it (``since`` and
        ``until`` as datetime64, NaT = open)."""
        return self._column("supports", name)

    def _column(self, table: str, name: str) -> Any:
        frame = self.__dict__.get(table)  # a frame made or given is the table from then on
        return self._columns[table][name] if frame is None else from_series(frame[name])

    def _size(self, table: str) -> int:
        frame = self.__dict__.get(table)
        return len(self._columns[table]) if frame is None else len(frame)

    @property
    def support_count(self) -> int:
        """The number of rows of :attr:`supports`."""
        return self._size("supports")

    def __repr__(self) -> str:
        kinds = dict(Counter(self.node_column("kind").tolist()).most_common())
        return f"<Network: {len(self)} nodes {kinds}, {self.support_count} supports>"

    def __len__(self) -> int:
        return self._size("nodes")

    def __contains__(self, node: object) -> bool:
        """Whether a node has the id ``node``."""
        return node in self._row_of

    @property
    def inputs(self) -> tuple[Path, ...]:
        """The files and folder this network was read from: no output ever replaces them."""
        read = [self.source, self.vocabulary.origin]
        return tuple(Path(p) for p in read if p is not None)

    def active(self, as_of: dt.date | str | None = None) -> np.ndarray:
        """Boolean mask over supports: active on that day (``since <= day < until``)."""
        day = np.datetime64(as_of_date(as_of), "D")
        since = self.support_column("since")
        until = self.support_column("until")
        return (np.isnat(since) | (since <= day)) & (np.isnat(until) | (day < until))

    @cached_property
    def _row_of(self) -> dict[str, int]:
        """Each node id's row: a few ids at a time are looked up far faster in a dict than
        through pandas (an Index built per call: 0.25 ms, 66,000 calls in one suggest)."""
        return {node: row for row, node in enumerate(self.node_column("id").tolist())}

    def positions(self, ids: Iterable[str]) -> np.ndarray:
        """Row numbers of the given node ids; raises KeyError naming the first unknown id."""
        row_of = self._row_of
        try:
            return np.array([row_of[node] for node in ids], dtype=np.int64)
        except KeyError as unknown:
            raise KeyError(unknown.args[0]) from None

    def node_id(self, text: str) -> str:
        """The id of the node ``text`` stands for: an id, or a name only one node has
        (compared without spaces and with full-width letters as half-width, so that
        ``高橋洋介`` finds ``高橋 洋介``).

        Raises
        ------
        TsunagariError
            When no node has that id or name, or several have that name (their ids are
            listed; the name is never repeated in the message).

        Examples
        --------
        >>> import tsunagari as tg
        >>> net = tg.load()
        >>> net.node_id("r-001"), net.node_id("Ａさん")
        ('r-001', 'r-001')
        >>> net.node_id("わたせい伊賀市内店舗1（上野）")
        'co-watasei-ueno'

        """
        if text in self._row_of:
            return text
        key = spaceless(text)
        if key in self._row_of:
            return key
        names = self.node_column("name").tolist()
        ids = self.node_column("id").tolist()
        found = [node for node, name in zip(ids, names) if spaceless(name) == key]
        if len(found) == 1:
            return str(found[0])
        if found:
            raise TsunagariError(message("err_ambiguous_name", ids=", ".join(found)))
        raise TsunagariError(
            message("err_unknown_node", id=text)
            if _ID_SHAPED.fullmatch(text)
            else message("err_no_node")
        )

    def without(self, *, nodes: Iterable[str] = (), supports: Iterable[int] = ()) -> Network:
        """A copy of the network without some nodes and some support rows.

        Parameters
        ----------
        nodes : iterable of str
            Ids of nodes to drop, with every support or collaboration touching them.
        supports : iterable of int
            Row positions in :attr:`supports` to drop.

        Returns
        -------
        Network
            Rows keep their order; the input network is not modified.

        Raises
        ------
        KeyError
            For an unknown node id.

        Examples
        --------
        >>> import tsunagari as tg
        >>> net = tg.load()
        >>> smaller = net.without(nodes=["ag-houkatsu"])
        >>> len(smaller) == len(net) - 1 and "ag-houkatsu" not in smaller.index
        True
        """
        drop = np.zeros(len(self), dtype=bool)
        drop[self.positions(nodes)] = True
        keep_rows = ~(drop[self.source_index] | drop[self.target_index])
        keep_rows[np.asarray(list(supports), dtype=np.int64)] = False
        row = np.cumsum(~drop) - 1  # each kept node's new row
        return Network(
            self._kept("nodes", ~drop),
            self._kept("supports", keep_rows),
            self.vocabulary,
            source=self.source,
            ends=(row[self.source_index[keep_rows]], row[self.target_index[keep_rows]]),
        )

    def _kept(self, table: str, rows: np.ndarray) -> pd.DataFrame | Columns:
        """The rows of a table where the mask ``rows`` holds, as the table is held."""
        frame = self.__dict__.get(table)
        if frame is None:
            return self._columns[table].take(rows)
        return frame[rows].reset_index(drop=True)

    def with_supports(self, rows: pd.DataFrame | Mapping[str, Sequence]) -> Network:
        """A copy of the network with extra support rows appended.

        Parameters
        ----------
        rows : DataFrame, or a mapping of column names to values
            At least ``source`` and ``target`` (existing node ids); missing columns are
            filled as a file would leave them empty (``relation='support'``, no dates,
            formality from the source's kind).

        Examples
        --------
        >>> import pandas as pd, tsunagari as tg
        >>> net = tg.load()
        >>> more = net.with_supports(pd.DataFrame({"source": ["ag-houkatsu"], "target": ["r-030"]}))
        >>> len(more.supports) - len(net.supports)
        1
        """
        sources, targets = self.positions(rows["source"]), self.positions(rows["target"])
        kinds = self.node_column("kind")[sources].tolist()
        frame = self.__dict__.get("supports")
        names = self._columns["supports"] if frame is None else frame.columns
        filled = {name: _filled(name, rows, kinds) for name in names}
        if frame is None:  # held as columns: appended without pandas
            held = self._columns["supports"]
            supports: pd.DataFrame | Columns = Columns(
                {name: _appended(held[name], values) for name, values in filled.items()},
                held.text,
            )
        else:
            import pandas as pd

            extra = pd.DataFrame(filled).astype(frame.dtypes.to_dict())
            supports = pd.concat([frame, extra], ignore_index=True)
        ends = (
            np.concatenate([self.source_index, sources]),
            np.concatenate([self.target_index, targets]),
        )
        nodes = self.__dict__.get("nodes")
        if nodes is None:
            nodes = self._columns["nodes"]
        more = Network(nodes, supports, self.vocabulary, source=self.source, ends=ends)
        if "_row_of" in self.__dict__:  # the same nodes
            more.__dict__["_row_of"] = self._row_of
        return more

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The whole network as a networkx ``MultiDiGraph`` with every attribute.

        Supports run source → target; a collaboration appears as two opposite edges with
        ``relation='collaboration'``. Ended supports are included; filter on ``since`` /
        ``until`` as needed. Built on first access (about a second per 100,000 nodes).
        """
        import networkx as nx

        g = nx.MultiDiGraph()
        records = self.nodes.to_dict("records")
        g.add_nodes_from((r["id"], r) for r in records)
        edges = self.supports.to_dict("records")
        g.add_edges_from((e["source"], e["target"], e) for e in edges)
        g.add_edges_from(
            (e["target"], e["source"], e) for e in edges if e["relation"] == "collaboration"
        )
        return g


def _filled(name: str, rows: pd.DataFrame | Mapping[str, Sequence], kinds: list[str]) -> list:
    """The values of support column ``name`` for new ``rows`` (their sources' ``kinds``):
    as given, or as a file leaving the column empty is read (None: missing)."""
    if name in rows:
        return list(rows[name])
    if name in ("since", "until"):
        return [None] * len(kinds)
    if name == "relation":
        return ["support"] * len(kinds)
    if name == "formality":
        return [default_formality(k) for k in kinds]
    return [""] * len(kinds)


def _appended(column: Column, values: list) -> Column:
    """A support column as the reader holds it (an array, or a list) with ``values``
    (:func:`_filled`) after its rows."""
    if isinstance(column, list):
        return column + values
    if not isinstance(column, np.ndarray):
        raise TypeError(f"a support column of {type(column).__name__} cannot be appended to")
    return np.concatenate([column, np.array(values, dtype=column.dtype)])


_ID_SHAPED = re.compile(
    r"[A-Za-z0-9_.:-]+"
)  # what an id looks like: shown in errors, a name is not
