"""What a map writes on a node: its label, and its tooltip in plain text (vis-network shows
a string ``title`` as text), with the names a page may show: pseudonyms for residents when
anonymising, and no 要配慮 domain anywhere then."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..network import Network
from ..privacy import pseudonyms
from ..vocabulary import KINDS, NEED_STATUSES, STATUSES, label
from ..words import word

if TYPE_CHECKING:
    from ..analysis.analysed import Analysis

__all__ = ["Names", "district_text", "heading", "org_title", "resident_title", "short_label"]

LABEL_CHARS = 14  # longer names are elided in the middle, where names repeat least


class Names:
    """Display names and ids, with pseudonyms for residents when anonymising."""

    def __init__(self, net: Network, anonymize: bool, salt: str | None) -> None:
        nodes = net.nodes
        self.anonymize = anonymize
        self.ids = nodes["id"].to_numpy(dtype=object).copy()
        self.names = nodes["name"].to_numpy(dtype=object).copy()
        self.subtypes = nodes["subtype"].to_numpy(dtype=object).copy()
        resident = nodes["kind"].to_numpy() == "resident"
        if anonymize:
            pseudo = pseudonyms(net, salt)
            self.ids[resident] = [pseudo(i) for i in self.ids[resident].tolist()]
            self.names[resident] = self.ids[resident]
            self.subtypes[resident] = ""
        self.vocab = net.vocabulary

    def hidden(self, domain: str) -> bool:
        """Whether a domain is left out: 要配慮 domains when anonymising, even an
        organisation's, so no such word appears anywhere on a shared page."""
        return self.anonymize and self.vocab.is_youhairyo(domain)

    def needs(self, mapping: dict) -> dict:
        return {d: s for d, s in mapping.items() if not self.hidden(d)}


def short_label(name: str) -> str:
    """A label short enough to read on the canvas (the tooltip has the full name).

    >>> short_label("社協 地域福祉コーディネーター 03（ゆめが丘）")
    '社協 地域…03（ゆめが丘）'
    """
    if len(name) <= LABEL_CHARS:
        return name
    tail = 8
    return name[: LABEL_CHARS - 1 - tail].rstrip() + "…" + name[-tail:].lstrip()


def district_text(district: str, w: dict) -> str:
    return district or w["city_wide"]


# ---------------------------------------------------------------------------- tooltips


def heading(names: Names, i: int, lang: str) -> str:
    return word("node_heading", lang, name=names.names[i], id=names.ids[i])


def resident_title(a: Analysis, i: int, names: Names, lang: str, w: dict) -> str:
    row = a.table.iloc[a.resident_row[i]]
    c = w["colon"]
    lines = [
        heading(names, i, lang),
        f"{label(KINDS, 'resident', lang)} · {district_text(row['district'], w)}",
        f"{w['status']}{c}{label(STATUSES, row['status'], lang)}",
        f"{w['supporters']}{c}{int(row['supporters'])}{w['people']}",
    ]
    if row["single_points"]:
        pos = a.net.positions(row["single_points"])
        chain = " → ".join(str(names.names[p]) for p in reversed(pos.tolist()))
        lines.append(f"{w['single_points']}{c}{chain}")
    needs = names.needs(row["needs"])
    if needs:
        parts = [
            f"{names.vocab.label(d, lang)}={label(NEED_STATUSES, s, lang)}"
            for d, s in needs.items()
        ]
        lines.append(f"{w['needs']}{c}{w['comma'].join(parts)}")
    if row["lsns6"] is not pd.NA and not pd.isna(row["lsns6"]):
        lines.append(f"{w['lsns6']}{c}{int(row['lsns6'])}")
    return "\n".join(lines)


def org_title(a: Analysis, i: int, names: Names, load: np.ndarray, lang: str, w: dict) -> str:
    nodes = a.net.nodes
    c = w["colon"]
    kind = nodes["kind"].iat[i]
    head = [label(KINDS, kind, lang)]
    if names.subtypes[i]:
        head.append(str(names.subtypes[i]))
    head.append(district_text(nodes["district"].iat[i], w))
    lines = [
        heading(names, i, lang),
        " · ".join(head),
    ]
    if a.is_root[i]:
        lines.append(w["is_root"])
    lines.append(f"{w['dependents']}{c}{int(a.sn.dependents[i])}{w['people']}")
    lines.append(f"{w['load']}{c}{int(load[i])}")
    services = [d for d in nodes["services"].iat[i] if not names.hidden(d)]
    if services:
        offered = w["comma"].join(names.vocab.label(d, lang) for d in services)
        lines.append(f"{w['services']}{c}{offered}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- edges
