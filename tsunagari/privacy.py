"""Pseudonyms and the redaction of sensitive fields for anything shared.

Residents' data is sensitive personal information (要配慮個人情報 where it touches health,
disability or abuse). Anonymised output replaces each resident's id and name by a stable
pseudonym, drops needs whose domain is ``youhairyo`` and drops free-text attributes;
organisations keep their names. A pseudonym is an HMAC of the id under a *salt*: the user's
``--salt``, else a ``salt.txt`` beside the data, else a digest of the network's own node
table, so the same input always gives the same pseudonyms and nobody without the data can
recompute them from guessable ids.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from .network import Network

__all__ = ["Pseudonyms", "anonymize_residents", "anonymized_network", "pseudonyms"]


class Pseudonyms:
    """Maps resident ids to pseudonyms like ``住民-3fa9c1d2``; other ids pass through."""

    def __init__(self, net: Network, salt: bytes):
        self._key = salt
        kinds = net.nodes["kind"].to_numpy()
        self.residents = set(net.nodes["id"].to_numpy()[kinds == "resident"].tolist())

    def __call__(self, node_id: str) -> str:
        if node_id not in self.residents:
            return node_id
        digest = hmac.new(self._key, node_id.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"住民-{digest[:8]}"


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
        key = salt.encode("utf-8")
    else:
        salt_file = net.source / "salt.txt" if net.source and Path(net.source).is_dir() else None
        if salt_file is not None and salt_file.is_file():
            key = salt_file.read_bytes().strip()
        else:
            digest = hashlib.sha256()
            for column in ("id", "name", "kind"):
                digest.update("\x1f".join(net.nodes[column].astype(str)).encode("utf-8"))
            key = digest.digest()
    return Pseudonyms(net, key)


def anonymize_residents(table, net: Network, names: Pseudonyms):
    """A copy of a :func:`tsunagari.residents` table safe to share.

    Resident ids and names become pseudonyms (also inside ``single_points``), and needs in a
    ``youhairyo`` domain are removed.
    """
    vocab = net.vocabulary

    def ids(chain):
        return tuple(names(i) for i in chain)

    def needs(mapping):
        return {d: v for d, v in mapping.items() if not vocab.is_youhairyo(d)}

    out = table.copy()
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
    and every column beyond the contract (free text) is dropped. Statuses are unchanged, so
    any analysis run on it gives the shareable form of the same answer.

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
    from .io import NODE_COLUMNS, SUPPORT_COLUMNS

    names = pseudonyms(net, salt)
    vocab = net.vocabulary
    nodes = net.nodes[[c for c in net.nodes.columns if c in NODE_COLUMNS]].copy()
    resident = (nodes["kind"] == "resident").to_numpy()
    nodes.loc[resident, "id"] = nodes.loc[resident, "id"].map(names)
    nodes.loc[resident, "name"] = nodes.loc[resident, "id"]
    nodes["needs"] = nodes["needs"].map(
        lambda codes: tuple(d for d in codes if not vocab.is_youhairyo(d))
    )
    supports = net.supports[[c for c in net.supports.columns if c in SUPPORT_COLUMNS]].copy()
    for end in ("source", "target"):
        supports[end] = supports[end].map(names)
    hidden = supports["domain"].map(lambda d: bool(d) and vocab.is_youhairyo(d)).to_numpy()
    supports.loc[hidden, "domain"] = ""
    return Network(nodes, supports, vocab, source=net.source), names
