"""`tsunagari isolated --status all --format json` against the pandas-free floor, paired.

For each city the two processes run alternately (isolated first in odd rounds, the floor
first in even ones), each measured for wall time and peak RSS as :mod:`run` measures
commands. Reported: medians with min–max, the ratio of the medians and the median of the
per-round ratios (each round's pair ran side by side, so it sees the same load). Before
timing, one run of each is checked to give the same records (``isolated``'s less its
per-need fields ``needs`` and ``need_single_points``, compared by id: the floor has no
per-need key to order by).

Both run under this Python (pyarrow is one of tsunagari's dependencies); ``--floor-python``
runs the floor under another.

Usage::

    python benchmarks/floor_ratio.py
    python benchmarks/floor_ratio.py --data /tmp/city-300000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, compiled, measure  # noqa: E402


def argvs(data: str, floor_python: str) -> dict[str, list[str]]:
    exe = str(Path(sys.executable).with_name("tsunagari"))
    return {
        "isolated": [exe, "isolated", data, "--status", "all", "--format", "json"]
        + ["--as-of", AS_OF, "--quiet"],
        "floor": [floor_python, str(HERE / "floor.py"), data, AS_OF],
    }


def same_records(data: str, floor_python: str) -> int:
    """Run both once; assert the floor's records are isolated's less per-need fields."""
    out = {
        k: subprocess.run(v, capture_output=True, check=True).stdout
        for k, v in argvs(data, floor_python).items()
    }
    isolated, floor = json.loads(out["isolated"]), json.loads(out["floor"])
    for row in isolated:
        del row["needs"], row["need_single_points"]
    by_id = lambda rows: sorted(rows, key=lambda r: r["id"])  # noqa: E731
    assert by_id(isolated) == by_id(floor), f"{data}: the floor's records differ"
    return len(floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        nargs="+",
        default=[str(HERE / "cache" / "city-10000"), str(HERE / "cache" / "city-86976")],
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--floor-python", default=sys.executable, help="the Python for floor.py (default: this one)"
    )
    args = parser.parse_args()
    compiled(HERE.parent / "tsunagari")
    print(
        "| city | residents | isolated s | isolated MB | floor s | floor MB "
        "| ratio of medians | median paired ratio | memory ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for data in args.data:
        residents = same_records(data, args.floor_python)
        runs: dict[str, list[tuple[float, int, int]]] = {"isolated": [], "floor": []}
        pair = argvs(data, args.floor_python)
        for r in range(args.runs):
            for name in ("isolated", "floor") if r % 2 == 0 else ("floor", "isolated"):
                runs[name].append(measure(pair[name]))
        assert all(code == 0 for m in runs.values() for _, _, code in m)
        wall = {k: [w for w, _, _ in v] for k, v in runs.items()}
        peak = {k: statistics.median([m for _, m, _ in v]) for k, v in runs.items()}
        med = {k: statistics.median(v) for k, v in wall.items()}
        paired = statistics.median(a / b for a, b in zip(wall["isolated"], wall["floor"]))
        span = {k: f"{med[k]:.2f} ({min(v):.2f}–{max(v):.2f})" for k, v in wall.items()}
        print(
            f"| {Path(data).name} | {residents:,} | {span['isolated']} | {peak['isolated']:,.0f} "
            f"| {span['floor']} | {peak['floor']:,.0f} | {med['isolated'] / med['floor']:.2f}× "
            f"| {paired:.2f}× | {peak['isolated'] / peak['floor']:.2f}× |",
            flush=True,
        )


if __name__ == "__main__":
    main()
