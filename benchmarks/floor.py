"""The floor for `tsunagari isolated --status all --format json`: the least a process can do.

Reads the same CSVs with pandas, builds integer edge arrays, computes immediate dominators
with rustworkx from a virtual root over the agencies, and writes one JSON record per
resident (status, supporters, single points) — no validation, no per-need statuses.
Usage: python floor.py DATA_DIR > out.json
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd
import rustworkx as rx


def main(folder: str) -> None:
    nodes = pd.read_csv(f"{folder}/nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(f"{folder}/supports.csv", dtype=str, keep_default_na=False)
    index = pd.Index(nodes["id"])
    n = len(nodes)
    day = "2026-11-27"
    active = ((edges["since"] == "") | (edges["since"] <= day)) & (
        (edges["until"] == "") | (day < edges["until"])
    )
    edges = edges[active]
    s = index.get_indexer(edges["source"])
    t = index.get_indexer(edges["target"])
    collab = (edges["relation"] == "collaboration").to_numpy()
    roots = np.flatnonzero(nodes["kind"].to_numpy() == "agency")
    src = np.concatenate([s, t[collab], np.full(len(roots), n)])
    dst = np.concatenate([t, s[collab], roots])
    g = rx.PyDiGraph()
    g.add_nodes_from(range(n + 1))
    g.add_edges_from_no_data(list(zip(src.tolist(), dst.tolist())))
    idom = rx.immediate_dominators(g, n)
    supporters = np.bincount(t[~collab], minlength=n)
    ids = nodes["id"].tolist()
    names = nodes["name"].tolist()
    districts = nodes["district"].tolist()
    out = sys.stdout
    out.write("[\n")
    first = True
    for r in np.flatnonzero(nodes["kind"].to_numpy() == "resident").tolist():
        chain = []
        v = idom.get(r)
        while v is not None and v != n:
            chain.append(ids[v])
            v = idom[v]
        if supporters[r] == 0:
            status = "isolated"
        elif r not in idom:
            status = "unreached"
        else:
            status = "single_thread" if chain else "overlapping"
        row = {
            "id": ids[r],
            "name": names[r],
            "district": districts[r],
            "status": status,
            "supporters": int(supporters[r]),
            "single_points": chain,
        }
        out.write(("" if first else ",\n") + json.dumps(row, ensure_ascii=False))
        first = False
    out.write("\n]\n")


if __name__ == "__main__":
    main(sys.argv[1])
