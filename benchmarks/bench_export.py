"""Old against new ``export --to json|gexf|graphml``: paired whole processes, alternating.

Each run is ``python -m tsunagari export DATA --to X -o OUT --as-of 2026-11-27 --force``
under GNU time (wall seconds, peak RSS), with ``PYTHONPATH`` pointing at a checkout of
each version (a ``git worktree`` of the commit), run from a neutral folder so that neither
checkout is picked up by accident. Runs alternate old, new, old, new ... and the two files
of every pair are compared byte for byte. Prints a Markdown table of medians (min–max).

Usage::

    git worktree add /tmp/wt-old main
    python benchmarks/bench_export.py --old /tmp/wt-old --new . \\
        --data benchmarks/cache/city-86976 --runs 3
"""

from __future__ import annotations

import argparse
import filecmp
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-11-27"


def run(checkout: Path, data: Path, to: str, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one export, as GNU time measures them."""
    argv = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "tsunagari", "export"]
    argv += [str(data), "--to", to, "-o", str(out), "--as-of", AS_OF, "--force", "--quiet"]
    done = subprocess.run(
        argv,
        env={"PYTHONPATH": str(checkout.resolve()), "PATH": "/usr/bin:/bin"},
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, kb = done.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) // 1024


def spread(values: list[float], digits: int) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:,.{digits}f}"
    return f"{median:,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["json", "gexf", "graphml"])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for to in args.formats:
            times: dict[str, list[tuple[float, int]]] = {"old": [], "new": []}
            same = True
            for i in range(args.runs):
                outs = {}
                for version in ("old", "new"):
                    checkout = args.old if version == "old" else args.new
                    outs[version] = folder / f"{version}.{to}"
                    times[version].append(run(checkout, args.data.resolve(), to, outs[version]))
                    print(f"{to} run {i + 1} {version}: {times[version][-1]}", flush=True)
                same &= filecmp.cmp(outs["old"], outs["new"], shallow=False)
            for version in ("old", "new"):
                walls = [w for w, _ in times[version]]
                peaks = [p for _, p in times[version]]
                rows.append((to, version, spread(walls, 2), spread(peaks, 0), same))
    print(f"\n{args.data.name}, {args.runs} paired runs\n")
    print("| format | version | wall s | peak MB | bytes equal |")
    print("|---|---|---|---|---|")
    for to, version, wall, peak, same in rows:
        print(f"| {to} | {version} | {wall} | {peak} | {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    main()
