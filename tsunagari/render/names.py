"""The names a map page may show: pseudonyms for residents when anonymising, and no 要配慮
domain anywhere then. (The page writes labels and tooltips itself, from these names.)"""

from __future__ import annotations

from ..network import Network
from ..privacy import pseudonyms

__all__ = ["Names"]


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
