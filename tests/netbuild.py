"""Build small networks in memory for tests (no files), and a brute-force reference."""

from __future__ import annotations

from collections import deque

import pandas as pd

import tsunagari as tg
from tsunagari.network import Network


def make_network(nodes, supports) -> Network:
    """``nodes``: (id, kind[, needs]) tuples; ``supports``: (source, target[, relation,
    domain, since, until]) tuples with ISO date strings or None."""
    node_rows = []
    for spec in nodes:
        node_id, kind, *rest = spec
        needs = tuple(rest[0]) if rest else ()
        node_rows.append(
            {
                "id": node_id,
                "name": f"name of {node_id}",
                "kind": kind,
                "subtype": "",
                "district": "",
                "needs": needs,
                "services": (),
                "capacity": pd.NA,
                "lsns6": pd.NA,
            }
        )
    edge_rows = []
    for spec in supports:
        source, target, *rest = spec
        rest = list(rest) + [None] * (4 - len(rest))
        relation, domain, since, until = rest
        edge_rows.append(
            {
                "source": source,
                "target": target,
                "relation": relation or "support",
                "domain": domain or "",
                "formality": "",
                "frequency": "",
                "since": pd.Timestamp(since) if since else pd.NaT,
                "until": pd.Timestamp(until) if until else pd.NaT,
            }
        )
    node_frame = pd.DataFrame(node_rows)
    node_frame["capacity"] = node_frame["capacity"].astype("Int64")
    node_frame["lsns6"] = node_frame["lsns6"].astype("Int64")
    columns = ["source", "target", "relation", "domain", "formality", "frequency", "since", "until"]
    edge_frame = pd.DataFrame(edge_rows, columns=columns)
    for c in ("since", "until"):
        edge_frame[c] = pd.to_datetime(edge_frame[c]).astype("datetime64[ns]")
    return Network(node_frame, edge_frame, tg.load_vocabulary())


def brute_force(net: Network, as_of: str, roots=("agency",)) -> dict[str, dict]:
    """Statuses by definition: remove each node in turn and re-check reachability."""
    day = pd.Timestamp(as_of)
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    needs = dict(zip(net.nodes["id"], net.nodes["needs"]))
    root_ids = [i for i, k in kinds.items() if k in roots]
    edges = []  # (u, v, is_support, domain)
    for e in net.supports.itertuples():
        if (pd.isna(e.since) or e.since <= day) and (pd.isna(e.until) or day < e.until):
            edges.append((e.source, e.target, e.relation == "support", e.domain))
            if e.relation == "collaboration":
                edges.append((e.target, e.source, False, e.domain))

    def reach(adj_edges, removed):
        succ = {}
        for u, v in adj_edges:
            succ.setdefault(u, []).append(v)
        seen = {r for r in root_ids if r != removed}
        queue = deque(seen)
        while queue:
            u = queue.popleft()
            for v in succ.get(u, ()):
                if v not in seen and v != removed:
                    seen.add(v)
                    queue.append(v)
        return seen

    def thread(r, in_edges_of_r):
        """Status and single points of r when r's in-edges are exactly ``in_edges_of_r``."""
        graph = [(u, v) for u, v, *_ in edges if v != r] + in_edges_of_r
        if r not in reach(graph, None):
            return "unreached", ()
        points = [v for v in kinds if v != r and r not in reach(graph, v)]
        if not points:
            return "overlapping", ()
        # order along one path: BFS parents from the roots
        parent, queue, seen = {}, deque(root_ids), set(root_ids)
        succ = {}
        for u, v in graph:
            succ.setdefault(u, []).append(v)
        while queue:
            u = queue.popleft()
            for v in succ.get(u, ()):
                if v not in seen:
                    seen.add(v)
                    parent[v] = u
                    queue.append(v)
        path, v = [], r
        while v in parent:
            v = parent[v]
            path.append(v)
        ordered = tuple(v for v in path if v in points)
        assert set(ordered) == set(points)
        return "single_thread", ordered

    out = {}
    for r, kind in kinds.items():
        if kind != "resident":
            continue
        into_r = [(u, v) for u, v, is_support, _ in edges if v == r and is_support]
        if not into_r:
            status, points = "isolated", ()
        else:
            status, points = thread(r, [(u, v) for u, v, *_ in edges if v == r])
        per_need = {}
        per_need_points = {}
        for d in needs[r]:
            feeding = [
                (u, v) for u, v, is_support, dom in edges if v == r and is_support and dom == d
            ]
            if not feeding:
                per_need[d] = "uncovered"
                continue
            per_need[d], chain = thread(r, feeding)
            if chain:
                per_need_points[d] = chain
        out[r] = {
            "status": status,
            "single_points": points,
            "needs": per_need,
            "need_single_points": per_need_points,
        }
    return out


def draw_ties(draw, kinds: list[str], *, dates: list, domains: list[str], least: int = 0):
    """Random dated ties among nodes ``n0..``: supports, and collaborations between
    organisations, each with a random domain; ``until`` never before ``since``."""
    from hypothesis import strategies as st

    n = len(kinds)
    edges = []
    for _ in range(draw(st.integers(least, 3 * n))):
        a, b = draw(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        if a == b:
            continue
        orgs = kinds[a] != "resident" and kinds[b] != "resident"
        relation = draw(st.sampled_from(["support", "collaboration"])) if orgs else "support"
        domain = draw(st.sampled_from([None, *domains]))
        since, until = draw(st.sampled_from(dates)), draw(st.sampled_from(dates))
        if since and until and until <= since:
            until = None
        edges.append((f"n{a}", f"n{b}", relation, domain, since, until))
    return edges
