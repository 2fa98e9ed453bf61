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

__all__ = ["Pseudonyms", "anonymize_residents", "pseudonyms"]


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
