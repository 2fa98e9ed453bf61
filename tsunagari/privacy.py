"""Pseudonyms and the redaction of sensitive fields for anything shared.

Residents' data is sensitive personal information (要配慮個人情報 where it touches health,
disability or abuse). Anonymised output replaces each resident's id and name by a stable
pseudonym, drops needs whose domain is ``youhairyo`` and keeps only the fields on an
allow-list (:data:`SHARED_NODE_FIELDS`, :data:`SHARED_SUPPORT_FIELDS`,
:data:`SHARED_RESIDENT_FIELDS`); a resident's free-text ``subtype`` is blanked, while
organisations keep their names and subtypes.

A pseudonym is HMAC-SHA256 of the id under a *salt*, cut to 64 bits (``住民-`` and 16 hex
digits): the user's ``--salt``, else a ``salt.txt`` beside the data, else a digest of the
network's own node table, so the same input always gives the same pseudonyms and nobody
without the data can recompute them from guessable ids. At 64 bits the chance that two of
Iga's 87,000 residents share a pseudonym is well under one in a billion; every pseudonym is
computed up front, and should two collide, or one equal another node's id, the command
stops with an error rather than merge two people.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import TsunagariError
from .io.files import read_bytes
from .network import Network
from .words import message

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SHARED_NODE_FIELDS",
    "SHARED_RESIDENT_FIELDS",
    "SHARED_SUPPORT_FIELDS",
    "Pseudonyms",
    "anonymize_residents",
    "anonymized_network",
    "pseudonyms",
]

# The only fields anonymised output keeps; every other column of the files is dropped.
SHARED_NODE_FIELDS = (
    "id",
    "name",
    "kind",
    "subtype",  # blanked for residents: free text about a person
    "district",
    "needs",
    "services",
    "capacity",
    "lsns6",
)
SHARED_SUPPORT_FIELDS = (
    "source",
    "target",
    "relation",
    "domain",
    "formality",
    "frequency",
    "since",
    "until",
)
SHARED_RESIDENT_FIELDS = (  # of a tsunagari.residents() table
    "id",
    "name",
    "district",
    "status",
    "supporters",
    "single_points",
    "needs",
    "need_single_points",
    "lsns6",
    "lsns_at_risk",
)
PSEUDONYM_HEX = 16  # 64 bits


class Pseudonyms:
    """Maps resident ids to pseudonyms like ``住民-3fa9c1d2e4b5a697``; other ids pass through.

    Raises
    ------
    TsunagariError
        If two residents would share a pseudonym, or one would equal another node's id.
    """

    def __init__(self, net: Network, salt: bytes) -> None:
        ids = net.nodes["id"].to_numpy(dtype=object)
        resident = net.nodes["kind"].to_numpy() == "resident"
        self._map = {i: _pseudonym(salt, i) for i in ids[resident].tolist()}
        taken = set(ids[~resident].tolist())
        if len(set(self._map.values())) < len(self._map) or taken & set(self._map.values()):
            raise TsunagariError(message("err_pseudonym_collision"))

    def __contains__(self, node_id: str) -> bool:
        """Whether ``node_id`` is a resident's (so gets a pseudonym)."""
        return node_id in self._map

    def __call__(self, node_id: str) -> str:
        return self._map.get(node_id, node_id)


def _pseudonym(key: bytes, node_id: str) -> str:
    digest = hmac.new(key, node_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"住民-{digest[:PSEUDONYM_HEX]}"


def pseudonyms(net: Network, salt: str | None = None) -> Pseudonyms:
    """The pseudonym map for a network (see the module docstring for the salt).

    Examples
    --------
    >>> import tsunagari as tg
    >>> p = pseudonyms(tg.load(), salt="demo")
    >>> p("r-001") == p("r-001") != "r-001", p("ag-shakyo")
    (True, 'ag-shakyo')
    """
    if salt is not None:
        key = salt.strip().encode("utf-8")
        if not key:
            raise TsunagariError(message("err_salt_empty"))
    else:
        folder = Path(net.source) if net.source is not None else None
        salt_file = folder / "salt.txt" if folder is not None and folder.is_dir() else None
        if salt_file is not None and salt_file.exists():
            key = read_bytes(salt_file).strip()
            if not key:
                raise TsunagariError(message("err_salt_file_empty"))
        else:
            digest = hashlib.sha256()
            for column in ("id", "name", "kind"):
                digest.update("\x1f".join(net.nodes[column].astype(str)).encode("utf-8"))
            key = digest.digest()
    return Pseudonyms(net, key)


def anonymize_residents(table: pd.DataFrame, net: Network, names: Pseudonyms) -> pd.DataFrame:
    """A copy of a :func:`tsunagari.residents` table safe to share.

    Resident ids and names become pseudonyms (also inside ``single_points``), and needs in a
    ``youhairyo`` domain are removed.
    """
    vocab = net.vocabulary

    def ids(chain: Iterable[str]) -> tuple[str, ...]:
        return tuple(names(i) for i in chain)

    def needs(mapping: dict[str, str]) -> dict[str, str]:
        return {d: v for d, v in mapping.items() if not vocab.is_youhairyo(d)}

    out = table[[c for c in table.columns if c in SHARED_RESIDENT_FIELDS]].copy()
    out["id"] = out["id"].map(names)
    out["name"] = out["id"]
    out["single_points"] = out["single_points"].map(ids)
    out["needs"] = out["needs"].map(needs)
    out["need_single_points"] = out["need_single_points"].map(
        lambda m: {d: ids(c) for d, c in needs(m).items()}
    )
    return out


def anonymized_network(net: Network, salt: str | None = None) -> tuple[Network, Pseudonyms]:
    """The same network with every resident pseudonymised, safe to analyse and share.

    Resident ids and names become pseudonyms (in nodes and in supports), needs in a
    ``youhairyo`` domain are removed, the domain of supports in such a domain is blanked,
    residents' ``subtype`` is blanked and every field off the allow-list is dropped.
    Statuses are unchanged, so any analysis run on it gives the shareable form of the same
    answer.

    Returns
    -------
    Network, Pseudonyms
        The anonymised network and the map from original ids (to translate ids a user types).

    Examples
    --------
    >>> import tsunagari as tg
    >>> safe, names = anonymized_network(tg.load(), salt="demo")
    >>> names("r-001") in set(safe.nodes["id"]), "r-001" in set(safe.nodes["id"])
    (True, False)
    """
    names = pseudonyms(net, salt)
    vocab = net.vocabulary
    nodes = net.nodes[list(SHARED_NODE_FIELDS)].copy()
    resident = (nodes["kind"] == "resident").to_numpy()
    nodes.loc[resident, "id"] = nodes.loc[resident, "id"].map(names)
    nodes.loc[resident, "name"] = nodes.loc[resident, "id"]
    nodes.loc[resident, "subtype"] = ""
    nodes["needs"] = nodes["needs"].map(
        lambda codes: tuple(d for d in codes if not vocab.is_youhairyo(d))
    )
    supports = net.supports[list(SHARED_SUPPORT_FIELDS)].copy()
    for end in ("source", "target"):
        supports[end] = supports[end].map(names)
    hidden = supports["domain"].map(lambda d: bool(d) and vocab.is_youhairyo(d)).to_numpy()
    supports.loc[hidden, "domain"] = ""
    return Network(nodes, supports, vocab, source=net.source), names
