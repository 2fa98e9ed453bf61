"""Benchmark tsunagari's commands as whole processes on synthetic Iga-like cities.

For each city size it generates the city once (cached in ``benchmarks/cache/``), then runs
every command several times as a separate process, measuring wall time and peak RSS
(``wait4``), and reports medians with min–max. The commands run in rounds, each round
every command once, so that a busy spell of the machine falls on all of them alike; the
ratios to the floor and to ``isolated`` are medians of each round's ratio (every command's
run set beside the floor's and isolated's of the same round). The *floor* is ``floor.py``:
pyarrow reads the same CSVs, rustworkx computes the dominator tree and orjson writes the
same records less the per-need fields, without pandas (``--floor-python`` runs it under
another Python). Results go to ``benchmarks/RESULTS.md``; ``floor_ratio.py`` pairs
``isolated`` with the floor alone.

Usage::

    python benchmarks/run.py                      # 10k, 86,976, 300k, 1.7M residents
    python benchmarks/run.py --sizes 10000 86976 --runs 3
    python benchmarks/run.py --runs 3 --large-runs 1   # one run each above 100,000
    python benchmarks/run.py --sizes 10000 86976 --mutual-aid 0 0.7   # and mutual-aid towns

A mutual-aid town (``generate --mutual-aid LEVEL``) has that share of residents in circles
of neighbours helping each other both ways, one strongly connected web. Its commands are
measured like the others, and then ``isolated`` is run once more on it and on the Iga town
of the same size, alternating, for a paired ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
AS_OF = "2026-11-27"
SIZES = [10_000, 86_976, 300_000, 1_700_000]
TIME = os.access("/usr/bin/time", os.X_OK)


def commands(data: Path, out: Path) -> list[tuple[str, list[str]]]:
    """(label, argv) for every command measured; argv[0] is the tsunagari executable."""
    exe = str(Path(sys.executable).with_name("tsunagari"))
    d = str(data)
    day = ["--as-of", AS_OF]
    return [
        ("check", [exe, "check", d]),
        (
            "isolated --status all --format json",
            [exe, "isolated", d, "--status", "all", "--format", "json", *day],
        ),
        ("critical --format json", [exe, "critical", d, "--format", "json", *day]),
        ("gaps --format json", [exe, "gaps", d, "--format", "json", *day]),
        (
            "whatif --remove (top supporter)",
            [exe, "whatif", d, "--remove", "@top", "--format", "json", *day],
        ),
        (
            "tg.impact (all supporters, library)",
            [
                sys.executable,
                "-c",
                f"import tsunagari as tg; tg.impact(tg.load({d!r}), as_of={AS_OF!r})",
            ],
        ),
        ("suggest --format json", [exe, "suggest", d, "--format", "json", *day]),
        ("suggest --plan 5", [exe, "suggest", d, "--plan", "5", "--format", "json", *day]),
        ("timeline --format json", [exe, "timeline", d, "--format", "json"]),
        (
            "map (overview) -o",
            [exe, "map", d, "--overview", "-o", str(out / "map.html"), "--force", *day],
        ),
        *(
            (
                f"export --to {to}",
                [exe, "export", d, "--to", to, "-o", str(out / f"x.{to}"), "--force", *day],
            )
            for to in ("xlsx", "json", "gexf", "graphml")
        ),
    ]


def compiled(*packages: Path) -> None:
    """Compile the packages' modules to bytecode once, as ``pip install`` does. Without it
    an editable checkout under ``PYTHONDONTWRITEBYTECODE`` (these machines set it) compiles
    every module of tsunagari from source in every process measured: some 0.15 s a command
    that no installed copy pays."""
    for package in packages:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def measure(argv: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit code of one process.

    The peak comes from GNU time when it is installed: ``wait4`` would also count the
    pages of this (larger) process that the child had before it exec'd.
    """
    with tempfile.NamedTemporaryFile("r") as peak:
        timer = ["/usr/bin/time", "-f", "%M", "-o", peak.name] if TIME else []
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*timer, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        kb = int(peak.read().split()[-1]) if TIME else usage.ru_maxrss
    return wall, kb // 1024, os.waitstatus_to_exitcode(status)


def top_supporter(data: Path) -> str:
    out = subprocess.run(
        [
            str(Path(sys.executable).with_name("tsunagari")),
            "critical",
            str(data),
            "--format",
            "csv",
            "--as-of",
            AS_OF,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return out[1].split(",")[0]


def city(size: int, mutual_aid: float = 0.0) -> tuple[Path, float]:
    """The cached synthetic city of ``size`` residents, generating it if needed."""
    folder = CACHE / (f"city-{size}" if not mutual_aid else f"city-{size}-mutual-{mutual_aid:g}")
    if (folder / "supports.csv").is_file():
        return folder, float("nan")
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("tsunagari")),
            "generate",
            "-o",
            str(folder),
            "--residents",
            str(size),
            "--seed",
            "0",
            "--mutual-aid",
            str(mutual_aid),
            "--force",
            "--quiet",
        ],
        check=True,
    )
    return folder, time.perf_counter() - start


FLOOR = "floor (pyarrow + rustworkx + orjson)"
ISOLATED = "isolated --status all --format json"


def _paired(walls: list[float], beside: list[float]) -> float:
    """The median of each round's ratio of ``walls`` to ``beside``."""
    return statistics.median(w / b for w, b in zip(walls, beside))


def summary(samples: list[float]) -> str:
    med = statistics.median(samples)
    return f"{med:.2f} ({min(samples):.2f}–{max(samples):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--large-runs", type=int, default=None, help="runs for cities above 100,000 residents"
    )
    parser.add_argument(
        "--mutual-aid", type=float, nargs="+", default=[0.0], help="levels of mutual aid (0: Iga)"
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--floor-python", default=sys.executable, help="the Python for floor.py (default: this one)"
    )
    args = parser.parse_args()
    compiled(HERE.parent / "tsunagari")

    rows = []
    runs_of = {
        s: args.runs if s <= 100_000 or args.large_runs is None else args.large_runs
        for s in args.sizes
    }
    for size, level in [(s, m) for s in args.sizes for m in args.mutual_aid]:
        runs = runs_of[size]
        town = "Iga" if not level else f"mutual aid {level:g}"
        data, generated = city(size, level)
        nodes = sum(1 for _ in open(data / "nodes.csv", encoding="utf-8")) - 1
        edges = sum(1 for _ in open(data / "supports.csv", encoding="utf-8")) - 1
        print(
            f"city {size} ({town}): {nodes} nodes, {edges} supports "
            f"(generated in {generated:.1f} s)",
            file=sys.stderr,
        )
        floor_argv = [args.floor_python, str(HERE / "floor.py"), str(data)]
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            top = top_supporter(data)
            measured = [
                (label, [top if a == "@top" else a for a in argv])
                for label, argv in [
                    (FLOOR, floor_argv),
                    *commands(data, Path(tmp)),
                ]
            ]
            for label, _ in measured:
                results[label] = ([], [], set())
            for round_ in range(runs):
                for label, argv in measured:
                    wall, mem, code = measure(argv)
                    walls, mems, codes = results[label]
                    walls.append(wall)
                    mems.append(mem)
                    codes.add(code)
                print(f"  round {round_ + 1} of {runs} done", file=sys.stderr)
        for label, (walls, mems, codes) in results.items():
            print(f"  {label}: {summary(walls)} s, {max(mems)} MB, exit {codes}", file=sys.stderr)
            ok = "" if codes == {0} else f" (exit {sorted(codes)})"
            by_floor = _paired(walls, results[FLOOR][0])
            by_isolated = _paired(walls, results[ISOLATED][0])
            rows.append(
                f"| {size:,} | {town} | {nodes:,} / {edges:,} | {label}{ok} | {summary(walls)} | "
                f"{statistics.median(mems):,.0f} | {by_floor:.1f}× | {by_isolated:.1f}× |"
            )

    paired = []
    with_iga = 0.0 in args.mutual_aid
    for size, level in [(s, m) for s in args.sizes for m in args.mutual_aid if m and with_iga]:
        argvs = {
            town: dict(commands(city(size, lvl)[0], Path(".")))[
                "isolated --status all --format json"
            ]
            for town, lvl in (("Iga", 0.0), ("mutual", level))
        }
        walls: dict[str, list[float]] = {"Iga": [], "mutual": []}
        peaks: dict[str, list[int]] = {"Iga": [], "mutual": []}
        for _ in range(runs_of[size]):
            for town, argv in argvs.items():
                wall, mem, _ = measure(argv)
                walls[town].append(wall)
                peaks[town].append(mem)
        ratio = statistics.median(walls["mutual"]) / statistics.median(walls["Iga"])
        paired.append(
            f"| {size:,} | {level:g} | {summary(walls['Iga'])} | {summary(walls['mutual'])} | "
            f"{ratio:.2f}× | {max(peaks['Iga']):,} / {max(peaks['mutual']):,} |"
        )
        print(f"  paired isolated at {size:,}, mutual aid {level:g}: {ratio:.2f}×", file=sys.stderr)

    versions = ", ".join(
        f"{p} {version(p)}" for p in ("tsunagari", "pandas", "numpy", "rustworkx", "networkx")
    )
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            f"Measured {dt.date.today().isoformat()} on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; {versions}.",
            "Each command is a whole process (imports included), median (min–max) of "
            + "; ".join(f"{n} run{'s' if n > 1 else ''} at {size:,}" for size, n in runs_of.items())
            + ";",
            "peak RSS from GNU time. The commands run in rounds (each round every command "
            "once); × floor and × isolated are medians of the rounds' ratios. Cities from "
            "`tsunagari generate` (seed 0), as of " + AS_OF + ".",
            "",
            "| residents | town | nodes / supports | command | wall s | peak MB | × floor "
            "| × isolated |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *(
                [
                    "`isolated --status all --format json`, Iga and mutual-aid town of one size "
                    "alternating:",
                    "",
                    "| residents | mutual aid | Iga wall s | mutual-aid wall s | ratio "
                    "| peak MB (Iga / mutual) |",
                    "|---|---|---|---|---|---|",
                    *paired,
                    "",
                ]
                if paired
                else []
            ),
        ]
    )
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
