"""How big the map pages are and how fast headless Chromium draws them, offline.

For the bundled sample (whole network, one person's neighbourhood, the overview) and, when
the synthetic city generator is available, an 86,976-resident Iga-like city (its overview,
one district, one person's neighbourhood), it measures:

- the Python time to build the page (analysis, layout, rendering);
- the HTML size;
- in headless Chromium with every network request refused: the time from navigation to the
  first drawn frame, and to an idle page (the first idle callback after that frame);
- the time one full redraw takes (median of ten), which is what panning and zooming cost.

Prints a markdown table. Not part of the test suite.

Usage::

    python benchmarks/bench_map.py                 # sample + 86,976-resident city
    python benchmarks/bench_map.py --residents 0   # the sample only
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import tsunagari as tg
from tsunagari.render.map import network_map

AS_OF = "2026-11-27"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = """async () => {
  while (!(window.tsunagari && window.tsunagari.timing.drawnAt)) {
    await new Promise(r => setTimeout(r, 5));
  }
  const drawn = window.tsunagari.timing.drawnAt;
  await new Promise(r => requestIdleCallback(r, {timeout: 60000}));
  const idle = performance.now();
  const frames = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    window.tsunagari.network.redraw();
    frames.push(performance.now() - t0);
  }
  frames.sort((a, b) => a - b);
  return {drawn: drawn, idle: idle, frame: frames[5]};
}"""


def measure_page(browser, path: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    requests: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    context.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, timeout=300_000)
    timing = page.evaluate(IDLE)
    context.close()
    if errors or requests != [url]:
        raise RuntimeError(f"{path.name}: errors {errors[:3]}, requests {requests[:3]}")
    return timing


def cases(residents: int, workdir: Path):
    sample = tg.load()
    yield "sample: whole network", sample, {}
    yield "sample: focus r-001, radius 2", sample, {"focus": "r-001", "radius": 2}
    yield "sample: overview", sample, {"view": "overview"}
    if not residents:
        return
    try:
        from tsunagari.synth import write_city
    except ImportError:
        print("(tsunagari.synth.write_city is not available: no synthetic city)", file=sys.stderr)
        return
    folder = workdir / "city"
    start = time.perf_counter()
    write_city(folder, residents, seed=0)
    city = tg.load(folder)
    print(
        f"(generated and loaded a {residents:,}-resident city in "
        f"{time.perf_counter() - start:.1f} s: {len(city.nodes):,} nodes, "
        f"{len(city.supports):,} supports)",
        file=sys.stderr,
    )
    label = f"{residents:,}-resident city"
    yield f"{label}: overview (default)", city, {}
    district = city.nodes.loc[city.nodes["kind"] == "resident", "district"].value_counts().index[-1]
    yield f"{label}: district {district}", city, {"district": district}
    first = city.nodes.loc[city.nodes["kind"] == "resident", "id"].iat[0]
    yield f"{label}: focus {first}, radius 2", city, {"focus": first, "radius": 2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=86_976)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        workdir = Path(tmp)
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for k, (name, net, options) in enumerate(cases(args.residents, workdir)):
            start = time.perf_counter()
            drawn = network_map(net, as_of=AS_OF, **options)
            build = time.perf_counter() - start
            path = workdir / f"map{k}.html"
            drawn.write(path)
            runs = [measure_page(browser, path) for _ in range(3)]
            rows.append(
                (
                    name,
                    f"{drawn.nodes:,}",
                    f"{drawn.edges:,}",
                    f"{path.stat().st_size / 1e6:.2f} MB",
                    f"{build:.2f} s",
                    f"{statistics.median(r['drawn'] for r in runs) / 1000:.2f} s",
                    f"{statistics.median(r['idle'] for r in runs) / 1000:.2f} s",
                    f"{statistics.median(r['frame'] for r in runs):.0f} ms",
                )
            )
            print(f"done: {name}", file=sys.stderr)
        browser.close()
    headers = ("view", "nodes", "ties", "HTML", "build (Python)", "drawn", "idle", "redraw")
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
