"""One analysis against three calls: what building ``tg.analyse`` once saves (issue 15).

Measures, on one city and one day, the library calls a script asking for residents,
critical supporters and gaps makes:

- *three calls*: ``tg.residents(net, as_of=D); tg.critical(net, as_of=D);
  tg.gaps(net, as_of=D)``, each building its own analysis;
- *one analysis*: ``a = tg.analyse(net, as_of=D); a.residents(); a.critical(); a.gaps()``.

Wall time is measured in this process on one loaded network, the two alternating (their
order swapped every run, after one untimed warm-up of each), and reported as medians with
min–max and their ratio. Loading is not timed.

Peak memory is measured in separate child processes, one per run and variant, alternating:
each child loads the city, resets its peak (writing 5 to ``/proc/self/clear_refs``), runs
the variant once and reads ``VmHWM`` from ``/proc/self/status``, the peak resident set
during the calls (the loaded network and the interpreter included). It also reports the
resident set before the calls and the wall time of that first (cold) run. Off Linux the
peak is ``ru_maxrss`` of the whole child, load included.

With ``--old PYTHON``, an interpreter in which an earlier tsunagari is installed, its three
calls run in child processes too, alternating with the new ones, for a before/after. That
child appends this interpreter's site-packages to the end of ``sys.path``, so a venv holding
only the old tsunagari (``pip install --no-deps``) finds pandas and the rest while its own
tsunagari comes first. It runs this file by path, so ``sys.path`` starts at ``benchmarks/``
and not at the repository; each child reports the tsunagari it imported, and the script
stops if the old interpreter imported the new one.

Usage::

    python benchmarks/analysed.py                             # city-86976, 5 runs
    python benchmarks/analysed.py benchmarks/cache/city-10000 --runs 9
    # before/after against commit cd4785c:
    git worktree add /tmp/wt-old cd4785c && python3 -m venv /tmp/venv-old
    /tmp/venv-old/bin/pip install -q --no-deps /tmp/wt-old
    python benchmarks/analysed.py --old /tmp/venv-old/bin/python

Cities come from ``tsunagari generate`` (``benchmarks/run.py`` caches them in
``benchmarks/cache/``). Prints a markdown table on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
AS_OF = "2026-11-27"
VARIANTS = {"three": "three calls", "one": "one analysis"}


def three_calls(tg, net, day: str) -> None:
    tg.residents(net, as_of=day)
    tg.critical(net, as_of=day)
    tg.gaps(net, as_of=day)


def one_analysis(tg, net, day: str) -> None:
    a = tg.analyse(net, as_of=day)
    a.residents()
    a.critical()
    a.gaps()


RUN = {"three": three_calls, "one": one_analysis}


def resident_mb() -> tuple[float, float]:
    """(current, peak) resident set of this process in MB, from ``/proc/self/status``."""
    status = Path("/proc/self/status").read_text()
    kb = {k: int(re.search(rf"{k}:\s+(\d+)", status).group(1)) for k in ("VmRSS", "VmHWM")}
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def child(data: str, variant: str, day: str, deps: str | None) -> None:
    """One measured run in a fresh process; prints a JSON record on stdout."""
    if deps:
        sys.path.append(deps)
    import tsunagari as tg

    net = tg.load(data)
    gc.collect()
    try:
        before, _ = resident_mb()
        Path("/proc/self/clear_refs").write_text("5")  # peak := current
        proc = True
    except OSError:
        before, proc = float("nan"), False
    start = time.perf_counter()
    RUN[variant](tg, net, day)
    wall = time.perf_counter() - start
    if proc:
        peak = resident_mb()[1]
    else:  # kB on Linux, bytes on macOS
        unit = 1024 * 1024 if sys.platform == "darwin" else 1024
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit
    record = {"wall": wall, "peak_mb": peak, "before_mb": before, "code": tg.__file__}
    print(json.dumps(record))


def in_child(python: str, data: str, variant: str, day: str) -> dict:
    argv = [python, str(Path(__file__).resolve()), data, "--child", variant, "--as-of", day]
    if python != sys.executable:  # after the other interpreter's own packages
        argv += ["--deps", sysconfig.get_paths()["purelib"]]
    out = subprocess.run(argv, capture_output=True, text=True, cwd=HERE)
    if out.returncode:
        sys.exit(f"{python} {variant} failed:\n{out.stderr}")
    return json.loads(out.stdout.splitlines()[-1])


def summary(samples: list[float], digits: int = 2) -> str:
    med = statistics.median(samples)
    return f"{med:.{digits}f} ({min(samples):.{digits}f}–{max(samples):.{digits}f})"


def revision(code: str) -> str:
    """The commit of the tsunagari imported from ``code`` (``+dirty`` when tracked files of
    its repository have changes), or its version when it is installed elsewhere."""
    from importlib.metadata import version

    repo = HERE.parent
    if not Path(code).resolve().is_relative_to(repo):
        return f"{version('tsunagari')} installed at {Path(code).parent}"
    git = ["git", "-C", str(repo)]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True)
        changed = subprocess.run(
            [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True
        )
    except OSError:
        return "unknown"
    return head.stdout.decode().strip() + ("+dirty" if changed.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(CACHE / "city-86976"), help="city folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--old", metavar="PYTHON", help="interpreter with an earlier tsunagari")
    parser.add_argument("--child", choices=sorted(RUN), help=argparse.SUPPRESS)
    parser.add_argument("--deps", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.data, args.child, args.as_of, args.deps)
        return

    import tsunagari as tg

    day, runs = args.as_of, args.runs
    args.data = str(Path(args.data).resolve())  # the children run elsewhere
    jobs = [("new", sys.executable, "three"), ("new", sys.executable, "one")]
    if args.old:
        jobs.insert(0, ("old", args.old, "three"))
    rev = revision(tg.__file__)
    print(f"{args.data}, as of {day}, {runs} runs; new: {tg.__file__} ({rev})", file=sys.stderr)

    # Child processes: memory, cold wall time, and the old code.
    children: dict[tuple[str, str], list[dict]] = {(who, v): [] for who, _, v in jobs}
    for i in range(runs):
        for who, python, variant in jobs if i % 2 == 0 else jobs[::-1]:
            record = in_child(python, args.data, variant, day)
            children[who, variant].append(record)
            print(
                f"  child {who} {variant}: {record['wall']:.2f} s, {record['peak_mb']:.0f} MB "
                f"({record['code']})",
                file=sys.stderr,
            )
    codes = {
        who: {r["code"] for (w, _), rs in children.items() if w == who for r in rs}
        for who, _, _ in jobs
    }
    if args.old and codes["old"] & codes["new"]:
        sys.exit(f"the old interpreter imported the new tsunagari: {codes['old']}")

    # This process: the two variants alternating on one loaded network.
    net = tg.load(args.data)
    walls: dict[str, list[float]] = {v: [] for v in RUN}
    for variant in RUN:  # warm-up, untimed
        RUN[variant](tg, net, day)
    for i in range(runs):
        for variant in list(RUN) if i % 2 == 0 else list(RUN)[::-1]:
            gc.collect()
            start = time.perf_counter()
            RUN[variant](tg, net, day)
            walls[variant].append(time.perf_counter() - start)
        print(
            f"  in-process run {i + 1}: three {walls['three'][-1]:.2f} s, "
            f"one {walls['one'][-1]:.2f} s",
            file=sys.stderr,
        )

    nodes = sum(1 for _ in open(Path(args.data) / "nodes.csv", encoding="utf-8")) - 1
    med = {v: statistics.median(w) for v, w in walls.items()}
    cold = {k: [r["wall"] for r in rs] for k, rs in children.items()}
    lines = [
        f"`{Path(args.data).name}` ({nodes:,} nodes), as of {day}, {runs} runs, "
        f"tsunagari {rev}; median (min–max).",
        "",
        "| | code | in-process wall s (warm) | child wall s (cold) | peak MB in child "
        "| RSS before MB |",
        "|---|---|---|---|---|---|",
    ]
    for who, _, variant in jobs:
        rs = children[who, variant]
        warm = summary(walls[variant]) if who == "new" else "–"
        lines.append(
            f"| {VARIANTS[variant]} | {who} | {warm} | {summary(cold[who, variant])} | "
            f"{summary([r['peak_mb'] for r in rs], 0)} | "
            f"{summary([r['before_mb'] for r in rs], 0)} |"
        )
    cold_med = {k: statistics.median(w) for k, w in cold.items()}
    lines += [
        "",
        f"one analysis / three calls: {med['one'] / med['three']:.2f}× in-process, "
        f"{cold_med['new', 'one'] / cold_med['new', 'three']:.2f}× in children",
    ]
    if args.old:
        old = cold_med["old", "three"]
        lines.append(
            f"against the old three calls (children): new three calls "
            f"{cold_med['new', 'three'] / old:.2f}×, "
            f"one analysis {cold_med['new', 'one'] / old:.2f}×"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
