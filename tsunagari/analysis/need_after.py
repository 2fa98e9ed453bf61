"""The status of one need of a resident once a new supporter feeds it: exact, for every
candidate of a suggestion or a plan, without recomputing the network when that can be
avoided (see :mod:`.suggest`)."""

from __future__ import annotations

from .dominators import SafetyNet, safety_net
from .status import need_thread
from .trees import local_dominators

__all__ = ["OnCycle", "need_status", "recomputed"]


class OnCycle:
    """A need of ``r`` fed by a supporter on a cycle through ``r``: the small graph of
    :func:`.status._need_thread_on_cycle` without ``r`` itself, built once for all the
    candidates of the need.

    ``r`` has no way out in that graph, so the rest of its dominator tree does not depend
    on who feeds ``r``, and ``r``'s immediate dominator is the nearest common dominator of
    her reached supporters. A candidate ``s`` that ``r`` does not reach lies outside ``r``'s
    component and joins the graph by its dominator chain, whose nodes keep their dominators
    (none of them is in the component: it would reach ``r`` through ``s``, and ``r`` it).
    """

    def __init__(self, sn: SafetyNet, r: int, feeding: list[int]) -> None:
        root, idom = sn.root, sn.idom
        edges = sn.removal.region(r, feeding).attached(sn)
        self.root = root
        self.idom = idom
        self.local = local_dominators(edges, root)
        self.top: int | None = None
        for f in feeding:
            if f in self.local:
                self.top = f if self.top is None else self._common(self.top, f)

    def _up(self, x: int) -> int:
        up = self.local.get(x)
        return int(self.idom[x]) if up is None else up

    def _common(self, a: int, b: int) -> int:
        above = {a}
        while a != self.root:
            a = self._up(a)
            above.add(a)
        while b not in above:
            b = self._up(b)
        return b

    def status_with(self, s: int) -> str:
        """The need's status once ``s`` (reached, not reached from ``r``) feeds it too."""
        top = s if self.top is None else self._common(self.top, s)
        return "overlapping" if top == self.root else "single_thread"


def recomputed(sn: SafetyNet, r: int, s: int, domain: str) -> str:
    """The status of need ``domain`` of ``r`` on the network with ``s → r`` added."""
    import pandas as pd

    net = sn.net
    ids = net.nodes["id"]
    extra = pd.DataFrame({"source": [ids.iat[s]], "target": [ids.iat[r]], "domain": [domain]})
    roots = ids.to_numpy()[sn.roots].tolist()
    after = safety_net(net.with_supports(extra), as_of=sn.as_of, roots=roots)
    feeds = (after.support_dst == r) & (after.support_domain == domain)
    feeding = list(dict.fromkeys(after.support_src[feeds].tolist()))
    return need_status(after, r, feeding)


def need_status(sn: SafetyNet, r: int, supporters: list[int]) -> str:
    """The status of a need of ``r`` fed by ``supporters``: :func:`.status.need_thread`'s,
    without the single points (which would need every vertex's dominator chain)."""
    comp = sn.component
    if any(comp[s] == comp[r] for s in supporters):
        return need_thread(sn, r, supporters)[0]
    reached = [s for s in supporters if sn.idom[s] >= 0]
    if not reached:
        return "unreached"
    return "overlapping" if sn.nearest_common_dominator(reached) == sn.root else "single_thread"
