"""How fast the page's safety-net script (templates/safety.js) is in headless Chromium.

On a cached generated city (default ``benchmarks/cache/city-86976``, generated with seed 0
if absent) it measures, inside the page with every network request refused: ``create(g)``
(adjacency, supporters and the dominator tree), ``statuses()``, ``threads(v)`` for 1,000
residents, and ``without([x])`` for the five supporters with the most dependents; medians
of several runs. It also checks that the page's statuses equal the analysis's. Prints a
markdown table. Not part of the test suite.

Usage::

    python benchmarks/safety_js.py
    python benchmarks/safety_js.py --data benchmarks/cache/city-86976-mutual-0.7 --runs 7
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import tsunagari as tg
from tsunagari.render.page import asset, json_for_script

AS_OF = "2026-11-27"
HERE = Path(__file__).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
MEASURE = """([runs, removals, asked]) => {
  const g = JSON.parse(document.getElementById("g").textContent);
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (f) => {
    const t0 = performance.now();
    const out = f();
    return [performance.now() - t0, out];
  };
  const created = [], listed = [];
  let net, statuses;
  for (let i = 0; i < runs; i++) {
    const [t, made] = time(() => window.TsunagariSafety.create(g)); created.push(t); net = made;
  }
  for (let i = 0; i < runs; i++) {
    const [t, s] = time(() => net.statuses()); listed.push(t); statuses = s;
  }
  const [threadTime] = time(() => asked.forEach((v) => net.threads(v)));
  const removed = removals.map((x) => {
    const times = [];
    let changed = 0;
    for (let i = 0; i < runs; i++) {
      const [t, after] = time(() => net.without([x]));
      times.push(t);
      changed = 0;
      for (let v = 0; v < g.n; v++) { if (after[v] >= 0 && after[v] !== statuses[v]) changed++; }
    }
    return [x, median(times), Math.max.apply(null, times), changed];
  });
  return {create: median(created), statuses: median(listed), threads: threadTime / asked.length,
          without: removed, codes: Array.from(statuses), edges: g.src.length};
}"""


def _chromium() -> str:
    found = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).is_file():
        sys.exit("chromium is not installed")
    return found


def measure(folder: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    a = tg.analyse(tg.load(folder), as_of=AS_OF)
    sn = a.sn
    prepared = time.perf_counter() - start
    g = {
        "n": sn.n,
        "src": sn.src.tolist(),
        "dst": sn.dst.tolist(),
        "support": sn.support_edge.astype(int).tolist(),
    }
    top = np.argsort(-sn.dependents, kind="stable")[:5].tolist()
    residents = np.flatnonzero(sn.is_resident)
    asked = residents[:: max(1, len(residents) // 1000)][:1000].tolist()
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "safety.html"
        page_path.write_text(
            "<!doctype html><meta charset='utf-8'>"
            f"<script type='application/json' id='g'>{json_for_script(g)}</script>"
            f"<script>{asset('safety.js')}</script>",
            encoding="utf-8",
        )
        url = page_path.resolve().as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            context = browser.new_context()
            context.route(
                "**/*",
                lambda route: route.continue_() if route.request.url == url else route.abort(),
            )
            page = context.new_page()
            page.goto(url)
            got = page.evaluate(MEASURE, [runs, top, asked])
            browser.close()
    codes = np.array(got["codes"])
    agree = np.array_equal(codes[residents], sn.status_codes(residents))
    ids = a.net.nodes["id"].to_numpy()
    print(
        f"\n### {folder.name}: {len(residents):,} residents, {sn.n:,} nodes, "
        f"{got['edges']:,} edges (analysis in Python {prepared:.1f} s)\n"
    )
    print(f"statuses equal the analysis's: {agree}; medians of {runs} runs\n")
    print("| step | ms |")
    print("|---|---:|")
    print(f"| create(g) | {got['create']:.0f} |")
    print(f"| statuses() | {got['statuses']:.1f} |")
    print(f"| threads(v), mean of {len(asked):,} residents | {got['threads']:.1f} |")
    for x, median, worst, changed in got["without"]:
        print(
            f"| without([{ids[x]}]) ({int(sn.dependents[x]):,} dependents, "
            f"{changed:,} nodes change) | {median:.0f} (max {worst:.0f}) |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folders = args.data or [HERE / "cache" / "city-86976"]
    for folder in folders:
        if not (folder / "supports.csv").is_file():
            from tsunagari.synth import write_city

            write_city(folder, int(folder.name.split("-")[1]), seed=0)
        measure(folder, args.runs)


if __name__ == "__main__":
    main()
