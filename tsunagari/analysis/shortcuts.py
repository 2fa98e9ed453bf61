"""The analyses as functions of a network, each one line over :class:`.Analysis`.

``tg.residents(net, as_of=day)`` is ``tg.analyse(net, as_of=day).residents()``: the first
version's functions, kept so that user code keeps working. Code that asks for several
results of one day should build the :class:`.Analysis` once and ask it; each function here
builds its own. ``as_of`` is the day on which supports count as active (default today),
``roots`` the kinds and/or node ids forming the formal net (default every ``agency``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..network import Network
from .analysed import DEFAULT_ROOTS, analyse
from .gaps import Gaps
from .whatif import WhatIf

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "critical",
    "gaps",
    "impact",
    "plan",
    "residents",
    "suggest",
    "suggest_chunks",
    "summary",
    "whatif",
]

Day = dt.date | str | None


def residents(
    net: Network,
    *,
    as_of: Day = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lsns_threshold: int = 12,
) -> pd.DataFrame:
    """Every resident's safety-net status: :meth:`.Analysis.residents`.

    Examples
    --------
    >>> import tsunagari as tg
    >>> table = tg.residents(tg.load(), as_of="2026-11-27")
    >>> table["status"].value_counts().to_dict()["overlapping"]
    47
    """
    return analyse(net, as_of=as_of, roots=roots, lsns_threshold=lsns_threshold).residents()


def critical(
    net: Network, *, as_of: Day = None, roots: Iterable[str] = DEFAULT_ROOTS
) -> pd.DataFrame:
    """Nodes ranked by how many residents would lose the formal net without them:
    :meth:`.Analysis.critical`."""
    return analyse(net, as_of=as_of, roots=roots).critical()


def gaps(net: Network, *, as_of: Day = None, roots: Iterable[str] = DEFAULT_ROOTS) -> Gaps:
    """Needs not held by district and domain, and fields not joined: :meth:`.Analysis.gaps`."""
    return analyse(net, as_of=as_of, roots=roots).gaps()


def whatif(
    net: Network,
    *,
    remove: Iterable[str] = (),
    end: Iterable[tuple[str, str]] = (),
    as_of: Day = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lsns_threshold: int = 12,
) -> WhatIf:
    """Every resident's status after losing some nodes and ties: :meth:`.Analysis.whatif`."""
    a = analyse(net, as_of=as_of, roots=roots, lsns_threshold=lsns_threshold)
    return a.whatif(remove=remove, end=end)


def impact(
    net: Network, *, as_of: Day = None, roots: Iterable[str] = DEFAULT_ROOTS, weakened: bool = False
) -> pd.DataFrame:
    """Who each supporter's loss would cut off, for every supporter:
    :meth:`.Analysis.impact`."""
    return analyse(net, as_of=as_of, roots=roots).impact(weakened=weakened)


def suggest(
    net: Network,
    *,
    resident: str | None = None,
    limit: int | None = 3,
    as_of: Day = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lang: str = "en",
) -> pd.DataFrame:
    """New ties that would hold residents the net holds poorly: :meth:`.Analysis.suggest`."""
    return analyse(net, as_of=as_of, roots=roots).suggest(resident=resident, limit=limit, lang=lang)


def suggest_chunks(
    net: Network,
    *,
    resident: str | None = None,
    limit: int | None = 3,
    as_of: Day = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lang: str = "en",
    size: int = 20_000,
) -> Iterator[pd.DataFrame]:
    """:func:`suggest`'s table in pieces: :meth:`.Analysis.suggest_chunks`."""
    a = analyse(net, as_of=as_of, roots=roots)
    return a.suggest_chunks(resident=resident, limit=limit, lang=lang, size=size)


def plan(
    net: Network,
    links: int = 5,
    *,
    as_of: Day = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lang: str = "en",
) -> pd.DataFrame:
    """A city-wide greedy plan of ``links`` new ties: :meth:`.Analysis.plan`."""
    return analyse(net, as_of=as_of, roots=roots).plan(links, lang=lang)


def summary(
    net: Network,
    *,
    as_of: Day = None,
    roots: Iterable[str] = DEFAULT_ROOTS,
    lsns_threshold: int = 12,
    top: int = 3,
) -> dict:
    """The headline numbers: who the net holds, which needs are uncovered, what it hangs on.

    Returns
    -------
    dict
        Plain JSON-able values: ``as_of`` (ISO date), ``roots``, ``nodes``, ``supports``
        (active rows), ``residents``, ``by_status`` ({status: count}, worst first),
        ``share_overlapping``, ``at_risk`` (isolated + unreached + single thread),
        ``needs`` (resident needs counted one by one), ``needs_by_status``,
        ``uncovered_needs``, ``lsns_at_risk`` (``lsns6`` below ``lsns_threshold``),
        ``top_critical`` (the ``top`` rows of :func:`critical`: ``id, name, kind,
        dependents, sole_supporter_of``) and ``worst_districts`` (``district, residents,
        at_risk, share_at_risk, uncovered_needs``; most residents at risk first, then
        most uncovered needs).
    """
    return analyse(net, as_of=as_of, roots=roots, lsns_threshold=lsns_threshold).summary(top=top)
