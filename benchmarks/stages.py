"""One stage of a command, in process, before and after a change: paired, medians.

A stage is timed inside a fresh process after the city is loaded and analysed: the GEXF or
GraphML writer to a null sink (in this process, with the network's ends where the writer
takes them, as the export passes them), the GEXF writer through ``write_atomic`` to a file
(``gexf-file``: its writer thread, collector and ``fsync`` included), the layout
(``render.layout.positions``), or ``plan(5)``. Each process takes the best of three calls
(the plan: one). Processes alternate between
*before* (``--before-path``, a worktree of the earlier commit, first on ``PYTHONPATH``) and
*after* (this checkout), before first in odd rounds; reported are the medians with min–max
and the median of the rounds' ratios. Whole commands are :mod:`before_after`'s.

Usage::

    git worktree add --detach /tmp/wt-before 5ac0ecb
    python benchmarks/stages.py --before-path /tmp/wt-before benchmarks/cache/city-86976 \\
        --stages layout gexf graphml plan --runs 5
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import AS_OF, compiled  # noqa: E402

STAGES = ("layout", "gexf", "graphml", "gexf-file", "plan")


class _Null(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        return len(data)


def timed(stage: str, data: str) -> float:
    """Seconds of the stage on ``data``, the best of three calls (the plan: one)."""
    import importlib
    import inspect

    import numpy as np

    import tsunagari as tg

    export = importlib.import_module("tsunagari.export")
    net = tg.load(data)
    a = tg.analyse(net, as_of=AS_OF)
    a.rows  # noqa: B018 - the analysis done before the clock starts
    if stage == "gexf-file":  # the writer through write_atomic to a file, as exported
        from tsunagari.gexf import write_gexf
        from tsunagari.io import write_atomic

        nodes, supports = export._graph_columns(a, load=True)
        write = partial(write_gexf, nodes=nodes, supports=supports, viz=export._viz(a))
        target = Path(tempfile.mkdtemp()) / "city.gexf"

        def run() -> object:
            return write_atomic(target, write, force=True, streamed=True)
    elif stage in ("gexf", "graphml"):
        from tsunagari.gexf import write_gexf
        from tsunagari.graphml import write_graphml

        nodes, supports = export._graph_columns(a, load=True)
        write = write_gexf if stage == "gexf" else write_graphml
        options: dict = {"viz": export._viz(a)} if stage == "gexf" else {}
        if "ends" in inspect.signature(write).parameters:  # as the export calls it (since
            options["ends"] = (net.source_index, net.target_index)  # cadc10a)

        def run() -> object:
            return write(_Null(), nodes, supports, **options)
    elif stage == "layout":
        from tsunagari.render.layout import district_groups, positions

        pairs = np.column_stack([net.source_index[a.active], net.target_index[a.active]])
        groups = district_groups(net.node_column("district").tolist())

        def run() -> object:
            return positions(len(net), pairs, groups)
    else:

        def run() -> object:
            return a.plan(5)

    best = float("inf")
    for _ in range(1 if stage == "plan" else 3):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--before-path", required=True, help="the earlier tsunagari (a worktree)")
    parser.add_argument("--stages", nargs="+", default=list(STAGES), choices=STAGES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(timed(args.child, args.data))
        return
    paths = {"before": str(Path(args.before_path).resolve()), "after": str(HERE.parent)}
    compiled(*(Path(p) / "tsunagari" for p in paths.values()))
    data = str(Path(args.data).resolve())
    os.chdir(tempfile.mkdtemp(prefix="stages-"))  # no checkout shadows PYTHONPATH here
    print("| stage | before s | after s | paired ratio |")
    print("|---|---|---|---|")
    for stage in args.stages:
        times: dict[str, list[float]] = {"before": [], "after": []}
        for round_ in range(args.runs):
            for side in ("before", "after") if round_ % 2 == 0 else ("after", "before"):
                env = {**os.environ, "PYTHONPATH": paths[side]}
                argv = [sys.executable, str(HERE / "stages.py"), data, "--before-path", "-"]
                done = subprocess.run(
                    [*argv, "--child", stage], env=env, capture_output=True, text=True, check=True
                )
                times[side].append(float(done.stdout))
        ratio = statistics.median(a / b for a, b in zip(times["after"], times["before"]))
        shown = {
            side: f"{statistics.median(t):.3f} ({min(t):.3f}–{max(t):.3f})"
            for side, t in times.items()
        }
        print(f"| `{stage}` | {shown['before']} | {shown['after']} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
