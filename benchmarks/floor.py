"""The floor for `tsunagari isolated --status all --format json`: the least a process can do.

pandas-free: pyarrow.csv reads the columns it needs as strings, pyarrow.compute finds the
active supports and the node positions, numpy counts, rustworkx computes the immediate
dominators from a virtual root over the agencies (on the whole graph, as rustworkx is
called plainly), and orjson writes one record per resident from column lists. No
validation (the input is taken to be a clean generated city: ISO dates, codes in English),
no per-need statuses. The records are those of ``isolated --status all --format json``
less the per-need fields (``needs``, ``need_single_points``): ``id, name, district, status,
supporters, single_points, lsns6, lsns_at_risk``, in its order without its per-need key
(status, LSNS-6 risk, fewer supporters, id). It asserts at the end that pandas was never
imported (pyarrow imports it for ``to_numpy()`` and ``pa.array()``, so neither is used).

Usage: python floor.py DATA_DIR [AS_OF] > out.json

It needs pyarrow, numpy, rustworkx and orjson, all of them tsunagari's dependencies: it runs
in tsunagari's own environment (pandas is installed there, and never imported).
"""

from __future__ import annotations

import sys

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import rustworkx as rx

AS_OF = "2026-11-27"
LSNS_THRESHOLD = 12
STATUSES = ["isolated", "unreached", "single_thread", "overlapping"]  # worst first
CHUNK = 20_000


def columns(path: str, names: list[str]) -> dict[str, pa.ChunkedArray]:
    """The named columns of a CSV, every one as strings (an empty cell is '')."""
    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            include_columns=names, column_types={c: pa.string() for c in names}
        ),
    )
    return {c: table.column(c) for c in names}


def integers(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """An Arrow array of integers or booleans, no nulls, as int64 numpy (from its buffer:
    ``to_numpy()`` would import pandas)."""
    values = pc.cast(values, pa.int64())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.frombuffer(values.buffers()[1], np.int64, len(values), values.offset * 8)


def text(value: str) -> pa.StringScalar:
    """An Arrow string scalar, built from buffers: a Python value handed to pyarrow
    (``pa.scalar``, or a literal in a ``pyarrow.compute`` call) imports pandas."""
    data = value.encode()
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32).tobytes())
    return pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])[0]


def main(folder: str, day: str = AS_OF) -> None:
    nodes = columns(f"{folder}/nodes.csv", ["id", "name", "kind", "district", "lsns6"])
    supports = columns(f"{folder}/supports.csv", ["source", "target", "relation", "since", "until"])
    n = len(nodes["id"])
    since, until = supports["since"], supports["until"]
    empty, today = text(""), text(day)
    active = pc.and_(
        pc.or_(pc.equal(since, empty), pc.less_equal(since, today)),
        pc.or_(pc.equal(until, empty), pc.less(today, until)),
    )
    s = integers(pc.index_in(pc.filter(supports["source"], active), value_set=nodes["id"]))
    t = integers(pc.index_in(pc.filter(supports["target"], active), value_set=nodes["id"]))
    collab = integers(pc.equal(pc.filter(supports["relation"], active), text("collaboration"))) == 1
    kind = nodes["kind"]
    roots = np.flatnonzero(integers(pc.equal(kind, text("agency"))))
    src = np.concatenate([s, t[collab], np.full(len(roots), n)])
    dst = np.concatenate([t, s[collab], roots])
    g = rx.PyDiGraph()
    g.extend_from_edge_list(list(zip(src.tolist(), dst.tolist())))  # makes vertices 0..n
    found = rx.immediate_dominators(g, n)
    idom = np.full(n + 1, -1, dtype=np.int64)
    idom[np.fromiter(found.keys(), np.int64, len(found))] = np.fromiter(
        found.values(), np.int64, len(found)
    )
    keys = np.sort(s[~collab] * (n + 1) + t[~collab])
    pairs = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys  # distinct
    supporters = np.bincount(pairs % (n + 1), minlength=n + 1)

    residents = np.flatnonzero(integers(pc.equal(kind, text("resident"))))
    top = idom[residents]
    count = supporters[residents]
    status = np.select([count == 0, top < 0, top == n], [0, 1, 3], 2)
    lsns6 = nodes["lsns6"].to_pylist()
    lsns = np.array([None if lsns6[r] == "" else int(lsns6[r]) for r in residents.tolist()])
    at_risk = np.array([None if v is None else v < LSNS_THRESHOLD for v in lsns.tolist()])
    ids = np.array(nodes["id"].to_pylist(), dtype=object)
    risk = np.array([v is True for v in at_risk.tolist()], dtype=np.int64)
    by_id = np.argsort(ids[residents].astype(str), kind="stable")
    order = by_id[np.lexsort((count[by_id], -risk[by_id], status[by_id]))]

    chains: dict[int, list[str]] = {n: []}
    idom_list, id_list = idom.tolist(), ids.tolist()

    def chain(v: int) -> list[str]:  # v and its dominators, nearest first, root excluded
        path = []
        while v not in chains:
            path.append(v)
            v = idom_list[v]
        out = chains[v]
        for w in reversed(path):
            out = [id_list[w], *out]
            chains[w] = out
        return out

    at = residents[order]  # the residents, worst first
    code = status[order]
    columns_out = [
        ids[at].tolist(),
        np.array(nodes["name"].to_pylist(), dtype=object)[at].tolist(),
        np.array(nodes["district"].to_pylist(), dtype=object)[at].tolist(),
        np.array(STATUSES, dtype=object)[code].tolist(),
        count[order].tolist(),
        [chain(v) if c == 2 else [] for v, c in zip(top[order].tolist(), code.tolist())],
        lsns[order].tolist(),
        at_risk[order].tolist(),
    ]
    fields = ("id", "name", "district", "status", "supporters", "single_points")
    fields += ("lsns6", "lsns_at_risk")
    out = sys.stdout.buffer
    opening = b"[\n"
    for start in range(0, len(order), CHUNK):
        part = (column[start : start + CHUNK] for column in columns_out)
        encoded = orjson.dumps([dict(zip(fields, row)) for row in zip(*part)])
        out.write(opening + encoded[1:-1].replace(b'},{"', b'},\n{"'))
        opening = b",\n"
    out.write(b"[]\n" if opening == b"[\n" else b"\n]\n")
    assert "pandas" not in sys.modules, "the floor imported pandas"


if __name__ == "__main__":
    main(*sys.argv[1:])
