"""A resident's row in words, shared by the report page and the CLI's tables: why she is
at risk, which of her needs are not held, and the columns both show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .vocabulary import NEED_STATUSES, STATUSES, Vocabulary, label
from .words import word

if TYPE_CHECKING:
    from .network import Network

__all__ = ["AT_RISK_COLUMNS", "CRITICAL_COLUMNS", "named", "names_of", "reason", "weak_needs"]

# Table columns of the page, by the library's column codes
AT_RISK_COLUMNS = ("id", "name", "district", "supporters", "lsns6", "reason", "weak_needs")
CRITICAL_COLUMNS = (
    "id",
    "name",
    "kind",
    "district",
    "dependents",
    "sole_supporter_of",
    "capacity",
    "load",
)


def reason(row: dict, names: dict[str, str], lang: str) -> str:
    """Why a resident is at risk, in words: the status and, for a single thread, its chain.

    ``row`` is a record of :func:`tsunagari.residents`; ``names`` maps ids to display names.

    Examples
    --------
    >>> reason({"status": "single_thread", "single_points": ("v-1", "ag-1")},
    ...        {"v-1": "民生委員", "ag-1": "包括"}, "ja")
    '一本の糸: 包括 → 民生委員'
    """
    status = label(STATUSES, row["status"], lang)
    if row["status"] == "single_thread":
        why = " → ".join(names.get(i, i) for i in reversed(row["single_points"]))
    elif row["status"] == "isolated":
        why = word("isolated_reason", lang)
    elif row["status"] == "unreached":
        why = word("unreached_reason", lang)
    else:
        return status
    return word("status_reason", lang, status=status, why=why)


def weak_needs(row: dict, vocab: Vocabulary, lang: str, *, sep: str = ": ") -> str:
    """A resident's needs not held by overlapping threads, as ``domain: status, ...``.

    ``row`` is a record of :func:`tsunagari.residents`; ``vocab`` its network's vocabulary;
    ``sep`` goes between a domain and its status (the CLI's tables use a bare ``:``).

    Examples
    --------
    >>> from tsunagari.io import load_vocabulary
    >>> row = {"needs": {"dementia": "single_thread", "loneliness_isolation": "overlapping"}}
    >>> weak_needs(row, load_vocabulary(), "en")
    'dementia: single thread'
    """
    return ", ".join(
        f"{vocab.label(d, lang)}{sep}{label(NEED_STATUSES, s, lang)}"
        for d, s in row["needs"].items()
        if s != "overlapping"
    )


def named(name: str, node_id: str) -> str:
    """A node as people read it: its name with its id, or the id alone when the name is
    missing or is the id (a pseudonym).

    Examples
    --------
    >>> named("Aさんの母", "r-010"), named("住民-1f", "住民-1f")
    ('Aさんの母 (r-010)', '住民-1f')
    """
    return node_id if not name or name == node_id else f"{name} ({node_id})"


def names_of(net: Network) -> dict[str, str]:
    """Each node id of a network, :func:`named`."""
    ids, names = net.node_column("id").tolist(), net.node_column("name").tolist()
    return {i: named(n, i) for i, n in zip(ids, names)}
