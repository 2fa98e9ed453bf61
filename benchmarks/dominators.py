"""Immediate dominators at city size: rustworkx on the whole graph vs the graph cut down.

``tsunagari isolated`` computes two dominator trees: the safety net (every node, a virtual
root over the agencies) and the need graph (that tree, regions copied, one vertex per need).
This script captures both graphs from a real run on each city, then times, in alternating
child processes, three ways of computing them:

``direct``   what tsunagari did before: every vertex and edge into a rustworkx graph,
             ``rx.immediate_dominators``, the dict read into an array;
``reached``  only the vertices reached from the root, numbered breadth first, edges sorted
             (``trees.PEEL_ROUNDS = 0``);
``cut``      ``trees.dominator_array`` as it is: reached, renumbered, tails peeled and met
             in numpy.

Each child reports the seconds of the computation itself (graph building included, the
loading of the arrays not); GNU time gives its wall and peak RSS. Medians of the runs; the
three results are checked equal once per city.

Usage::

    python benchmarks/dominators.py                        # the cached 10k and 86,976 cities
    python benchmarks/dominators.py --data /tmp/city-300000 /tmp/city-1700000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-27"
METHODS = ["direct", "reached", "cut"]


def capture(data: str, out: str) -> None:
    """Save the graphs ``isolated`` hands to ``dominator_array`` on ``data`` to ``out``."""
    import tsunagari as tg
    from tsunagari.analysis import dominators, status, trees

    graphs: list[dict[str, np.ndarray]] = []

    def spy(size, src, dst, root):
        graphs.append(dict(size=np.int64(size), src=src, dst=dst, root=np.int64(root)))
        return trees.dominator_array(size, src, dst, root)

    dominators.dominator_array = spy
    status.dominator_array = spy
    tg.analyse(tg.load(data), as_of=AS_OF).residents()
    np.savez(out, **{f"{k}{i}": v for i, g in enumerate(graphs) for k, v in g.items()})


def graphs_in(path: str) -> list[tuple[int, np.ndarray, np.ndarray, int]]:
    z = np.load(path)
    count = len([k for k in z.files if k.startswith("size")])
    return [
        (int(z[f"size{i}"]), z[f"src{i}"], z[f"dst{i}"], int(z[f"root{i}"])) for i in range(count)
    ]


def compute(method: str, size: int, src: np.ndarray, dst: np.ndarray, root: int) -> np.ndarray:
    import rustworkx as rx

    from tsunagari.analysis import trees

    if method == "direct":
        found = rx.immediate_dominators(trees.digraph(size, src, dst), root)
        idom = np.full(size, trees.NO_DOMINATOR, dtype=np.int64)
        idom[np.fromiter(found.keys(), np.int64, len(found))] = np.fromiter(
            found.values(), np.int64, len(found)
        )
        return idom
    trees.PEEL_ROUNDS = 0 if method == "reached" else 8
    return trees.dominator_array(size, src, dst, root)


def child(method: str, path: str) -> None:
    import rustworkx  # noqa: F401  (imports are not the computation)

    import tsunagari.analysis.trees  # noqa: F401

    seconds = []
    for graph in graphs_in(path):
        start = time.perf_counter()
        compute(method, *graph)
        seconds.append(time.perf_counter() - start)
    print(json.dumps(seconds))


def run(method: str, path: str) -> tuple[list[float], float, int]:
    """In-child seconds per graph, wall seconds and peak RSS (MB) of one child."""
    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", peak.name, sys.executable, __file__]
            + ["--child", method, path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        wall = time.perf_counter() - start
        return json.loads(out), wall, int(peak.read().split()[-1]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        nargs="+",
        default=[str(HERE / "cache" / "city-10000"), str(HERE / "cache" / "city-86976")],
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "GRAPHS"), help=argparse.SUPPRESS)
    parser.add_argument("--capture", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture:
        capture(*args.capture)
        return
    if args.child:
        child(*args.child)
        return
    print(
        "| city | graph: vertices / edges | method | seconds (median, min–max) "
        "| child wall | peak MB |"
    )
    print("|---|---|---|---|---|---|")
    for data in args.data:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "graphs.npz")
            subprocess.run([sys.executable, __file__, "--capture", data, path], check=True)
            graphs = graphs_in(path)
            results = [compute(m, *g).tolist() for g in graphs for m in METHODS]
            for i in range(len(graphs)):
                assert results[3 * i] == results[3 * i + 1] == results[3 * i + 2], (data, i)
            samples: dict[str, list[tuple[list[float], float, int]]] = {m: [] for m in METHODS}
            for r in range(args.runs):
                for m in METHODS if r % 2 == 0 else METHODS[::-1]:  # alternate the order
                    samples[m].append(run(m, path))
            for m in METHODS:
                walls = [s[1] for s in samples[m]]
                peaks = [s[2] for s in samples[m]]
                for i, (size, src, _, _) in enumerate(graphs):
                    sec = [s[0][i] for s in samples[m]]
                    name = ["safety net", "needs"][i] if i < 2 else str(i)
                    print(
                        f"| {Path(data).name} | {name}: {size:,} / {len(src):,} | {m} | "
                        f"{statistics.median(sec):.3f} ({min(sec):.3f}–{max(sec):.3f}) | "
                        f"{statistics.median(walls):.2f} | {statistics.median(peaks):,} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
