"""Commands before and after a change, paired: whole processes, alternating, medians.

Each command runs under two interpreters, *before* (``--before PYTHON``, with
``--before-path`` put first on its ``PYTHONPATH``: a worktree of the earlier commit) and
*after* (this interpreter), alternately (before first in odd rounds, after first in even
ones, so each pair sees the same load), measured for wall time and peak RSS as
:mod:`run` measures commands. Reported: medians with min–max and the median of the
per-round ratios. Before timing, one run of each is checked to print the same bytes (or,
for a command writing a file, ``OUT`` in its words, to write the same file).

Usage::

    git worktree add --detach /tmp/wt-before 263b9e7
    python benchmarks/before_after.py --before /tmp/venv-before/bin/python \\
        --before-path /tmp/wt-before benchmarks/cache/city-86976 --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import AS_OF, compiled, measure, summary  # noqa: E402

COMMANDS = {
    "check": ["check"],
    "isolated --status all --format json": [
        "isolated",
        "--status",
        "all",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ],
    "critical --format json": ["critical", "--format", "json", "--as-of", AS_OF],
    "gaps --format json": ["gaps", "--format", "json", "--as-of", AS_OF],
    "suggest --format json": ["suggest", "--format", "json", "--as-of", AS_OF],
    "suggest (table)": ["suggest", "--as-of", AS_OF],
    "suggest --plan 5": ["suggest", "--plan", "5", "--format", "json", "--as-of", AS_OF],
    **{
        f"export --to {to}": ["export", "--to", to, "-o", "OUT", "--force", "--as-of", AS_OF]
        for to in ("json", "gexf", "graphml", "xlsx")
    },
}


def argv(python: str, data: str, words: list[str], out: str) -> list[str]:
    rest = (out if word == "OUT" else word for word in words[1:])
    return [python, "-m", "tsunagari", words[0], data, *rest]


def _made(command: list[str], env: dict, out: Path) -> bytes:
    """What a command prints, and the file it writes if it writes one."""
    printed = subprocess.run(command, capture_output=True, env=env).stdout
    return printed + (out.read_bytes() if out.exists() else b"")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+")
    parser.add_argument("--before", required=True, help="the interpreter of the earlier code")
    parser.add_argument("--before-path", required=True, help="its tsunagari (a worktree)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--commands", nargs="+", default=list(COMMANDS), choices=list(COMMANDS))
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = ""  # the children's own, set per run below
    pythons = {"before": args.before, "after": sys.executable}
    paths = {"before": str(Path(args.before_path).resolve()), "after": str(HERE.parent)}
    args.data = [str(Path(d).resolve()) for d in args.data]
    compiled(*(Path(p) / "tsunagari" for p in paths.values()))
    # ``python -m`` puts the working folder first on the path: run where no tsunagari is,
    # or a checkout there would shadow the PYTHONPATH of both sides
    os.chdir(tempfile.mkdtemp(prefix="before-after-"))
    print("| data | command | before s | after s | paired ratio | before MB | after MB |")
    print("|---|---|---|---|---|---|---|")
    for data in args.data:
        for label in args.commands:
            words = COMMANDS[label]
            suffix = words[words.index("--to") + 1] if "--to" in words else "out"
            outs = {k: Path(f"{k}.{suffix}").resolve() for k in pythons}
            runs = {k: argv(p, data, words, str(outs[k])) for k, p in pythons.items()}
            printed = {}
            for side, command in runs.items():
                env = {**os.environ, "PYTHONPATH": paths[side]}
                printed[side] = _made(command, env, outs[side])
            if printed["before"] != printed["after"]:
                sys.exit(f"{data} {label}: the two print different bytes")
            walls: dict[str, list[float]] = {"before": [], "after": []}
            peaks: dict[str, list[int]] = {"before": [], "after": []}
            for round_ in range(args.runs):
                order = ["before", "after"] if round_ % 2 == 0 else ["after", "before"]
                for side in order:
                    os.environ["PYTHONPATH"] = paths[side]
                    wall, mb, code = measure(runs[side])
                    if code:
                        sys.exit(f"{side} {label} exited with {code}")
                    walls[side].append(wall)
                    peaks[side].append(mb)
                    print(f"{Path(data).name} {label} {side}: {wall:.2f} s", file=sys.stderr)
            ratio = statistics.median(a / b for a, b in zip(walls["after"], walls["before"]))
            mb = {side: f"{statistics.median(peaks[side]):.0f}" for side in peaks}
            print(
                f"| {Path(data).name} | `{label}` | {summary(walls['before'])} | "
                f"{summary(walls['after'])} | {ratio:.2f}× | {mb['before']} | {mb['after']} |"
            )


if __name__ == "__main__":
    main()
