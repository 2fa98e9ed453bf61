"""How big the map page is and how fast headless Chromium uses it, offline (issue 14).

For one network (default: the cached 86,976-resident generated city; ``--sample`` for the
bundled sample) it builds the page once per run in a child process (wall time and peak
memory), opens it with every request refused, and measures as a coordinator would use it:

- the opening view drawn (navigation start to the first drawn frame);
- overview → the biggest district (a click on its pie), district → a person (selected,
  then Enter), search → a person
  (typing a name, Enter): from the action to the view's first drawn frame;
- a status filter and a click on a node (threads shown) in the district, until the next
  frame is on screen; a hover (from the pointer's arrival to the tooltip written);
- what-if on the supporter with most dependents (dominators of the whole city again);
- frames drawn per second while a person drags and wheel-zooms the canvas, in the overview
  and in the district.

Several runs, medians. Prints a markdown table; not part of the test suite.

Usage::

    python benchmarks/bench_map.py                     # the cached city, 3 runs
    python benchmarks/bench_map.py --sample --runs 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-27"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
BUILD = """
import resource, sys, time, tsunagari as tg
start = time.perf_counter()
net = tg.load(sys.argv[1]) if sys.argv[1] != "sample" else tg.load()
m = tg.analyse(net, as_of=sys.argv[3]).map()
m.write(sys.argv[2], force=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def moving_fps(page) -> float:
    """Frames drawn per second of wall time while a person drags the canvas and zooms
    with the wheel (vis-network hides the ties of a big view meanwhile). Playwright sends
    each event once the page has taken the last one, so a slow frame slows the gesture
    and lowers the figure; a fast page is held back by the events' own pace."""
    page.evaluate(
        """() => { window.__frames = 0;
             window.tsunagari.network.on('afterDrawing', () => { window.__frames++; }); }"""
    )
    box = page.locator("#graph").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    t0 = time.perf_counter()
    page.mouse.down()
    for i in range(40):
        page.mouse.move(x + 5 * i, y + 3 * i)
    page.mouse.up()
    for i in range(10):
        page.mouse.wheel(0, -100 if i < 5 else 100)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    seconds = time.perf_counter() - t0
    return page.evaluate("window.__frames") / seconds


def build(data: str, out: Path) -> tuple[float, float]:
    run = subprocess.run(
        [sys.executable, "-c", BUILD, data, str(out), AS_OF],
        capture_output=True,
        text=True,
        check=True,
        cwd="/tmp",
    )
    seconds, peak = run.stdout.split()
    return float(seconds), float(peak)


def painted(page, js: str, arg=None) -> float:
    """Milliseconds from running ``js`` (a function of one argument) to the next frame
    painted, once the page has settled: what a person waits for."""
    page.evaluate("new Promise(r => setTimeout(r, 400))")
    return page.evaluate(
        f"""async (arg) => {{
              const t0 = performance.now();
              ({js})(arg);
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              return performance.now() - t0;
            }}""",
        arg,
    )


def one_run(browser, path: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, timeout=300_000)
    until(page, "window.tsunagari && window.tsunagari.timing.drawnAt")
    out: dict = {"opening": page.evaluate("window.tsunagari.timing.drawnAt")}
    out["fps_opening"] = moving_fps(page)
    page.evaluate("window.tsunagari.open(window.tsunagari.view())")  # the opening camera again
    kind = page.evaluate("window.tsunagari.view().kind")
    if kind == "overview":
        # the biggest district's pie, clicked on the canvas
        biggest = page.evaluate(
            """() => { const t = window.tsunagari;
                 const hubs = t.nodes.get({filter: n => n.kind === 'district'});
                 hubs.sort((a, b) => b.size - a.size);
                 t.network.focus(hubs[0].id, {scale: 0.5, animation: false});
                 return hubs[0].id; }"""
        )
        box = page.locator("#graph").bounding_box()
        xy = page.evaluate(
            "(id) => tsunagari.network.canvasToDOM(tsunagari.network.getPositions([id])[id])",
            biggest,
        )
        page.wait_for_timeout(200)
        out["to_district"] = _click_drawn(page, box["x"] + xy["x"], box["y"] + xy["y"])
    else:
        out["to_district"] = float("nan")
    out["district_nodes"] = page.evaluate("window.tsunagari.drawn().list.length")
    out["fps_district"] = moving_fps(page)
    page.evaluate("window.tsunagari.open(window.tsunagari.view())")
    box_js = "document.querySelector('#status-filter input[value=unreached]').click()"
    out["filter"] = painted(page, f"() => {box_js}")
    painted(page, f"() => {box_js}")
    person = page.evaluate(
        """() => { const d = window.tsunagari.drawn().list;
             const n = d.find(n => n.status === 'single_thread') || d.find(n => n.status);
             return n.v; }"""
    )
    out["click"] = painted(page, "(v) => window.tsunagari.select(v, false)", person)
    # hover: the tooltip of the selected node, written on demand
    page.evaluate("(v) => tsunagari.network.focus(v, {scale: 1.2, animation: false})", person)
    box = page.locator("#graph").bounding_box()
    xy = page.evaluate(
        "(v) => tsunagari.network.canvasToDOM(tsunagari.network.getPositions([v])[v])", person
    )
    # from the pointer's arrival to the tooltip written (vis-network reports the hover)
    page.evaluate(
        """() => document.getElementById('graph').addEventListener('pointermove',
             () => { window.__moved = performance.now(); }, {capture: true})"""
    )
    page.mouse.move(box["x"] + xy["x"] + 1, box["y"] + xy["y"] + 1)
    page.locator("div.tip").wait_for(state="visible")
    out["hover"] = page.evaluate("window.tsunagari.timing.tipAt - window.__moved")
    # the selected person's neighbourhood, by Enter (a double-click does the same; under
    # load its two clicks can fall too far apart to count as one double-click)
    page.locator("#graph").focus()
    before = page.evaluate("window.tsunagari.timing.views.length")
    t0 = page.evaluate("performance.now()")
    page.keyboard.press("Enter")
    out["to_person"] = _wait_drawn(page, before) - t0
    name = page.evaluate(
        "() => { const d = window.tsunagari.drawn().list; return d[d.length - 1].v; }"
    )
    out["search"] = _search_drawn(page, name)
    supporter = page.evaluate(
        """() => { let best = -1, most = -1;
             const c = JSON.parse(document.getElementById('tsunagari-data').textContent).city;
             c.dependents.forEach((d, v) => { if (d > most) { most = d; best = v; } });
             return best; }"""
    )
    page.evaluate("(v) => window.tsunagari.find(v)", supporter)
    out["whatif"] = painted(page, "(v) => window.tsunagari.whatif(v)", supporter)
    out["whatif_changed"] = page.evaluate("window.tsunagari.changed().length")
    context.close()
    if errors:
        raise RuntimeError(f"{path.name}: {errors[:3]}")
    return out


def until(page, predicate: str, timeout: float = 300.0) -> None:
    """Poll a JavaScript expression (the page's Content-Security-Policy forbids the string
    evaluation of Playwright's wait_for_function)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise TimeoutError(predicate)
        page.wait_for_timeout(5)


def _wait_drawn(page, before: int) -> float:
    until(
        page,
        f"""(() => {{ const v = window.tsunagari.timing.views;
               return v.length > {before} && v[v.length - 1].drawnAt; }})()""",
        timeout=120,
    )
    return page.evaluate(
        "() => { const v = window.tsunagari.timing.views; return v[v.length - 1].drawnAt; }"
    )


def _click_drawn(page, x: float, y: float) -> float:
    before = page.evaluate("window.tsunagari.timing.views.length")
    t0 = page.evaluate("performance.now()")
    page.mouse.click(x, y)
    return _wait_drawn(page, before) - t0


def _search_drawn(page, v: int) -> float:
    name = page.evaluate(
        f"JSON.parse(document.getElementById('tsunagari-data').textContent).city.name[{v}]"
    )
    # from the overview (a small network has none: from an isolated resident's own view)
    page.evaluate(
        """(v) => { const t = window.tsunagari; t.open({kind: 'overview'});
             if (t.view().kind !== 'overview') {
               const c = JSON.parse(document.getElementById('tsunagari-data').textContent).city;
               const other = c.status.findIndex((s, r) => r !== v && s === 0);
               t.open({kind: 'focus', focus: other, radius: 0});
             } }""",
        v,
    )
    before = page.evaluate("window.tsunagari.timing.views.length")
    page.fill("#search", name)
    t0 = page.evaluate("performance.now()")
    page.press("#search", "Enter")
    return _wait_drawn(page, before) - t0


ROWS = [
    ("page size", "size", "MB", "≤ 15 MB"),
    ("page built (Python, wall)", "build", "s", "≤ 10 s"),
    ("page built (Python, peak memory)", "peak", "MB", ""),
    ("opening view drawn", "opening", "ms", "≤ 2 s"),
    ("overview → district drawn", "to_district", "ms", "≤ 1 s"),
    ("nodes drawn in that district page", "district_nodes", "", "≤ 2,000"),
    ("district → person (selected, Enter) drawn", "to_person", "ms", "≤ 1 s"),
    ("search → person drawn", "search", "ms", "≤ 1 s"),
    ("status filter, until the next frame", "filter", "ms", "≤ 150 ms"),
    ("click (threads shown), until the next frame", "click", "ms", "≤ 150 ms"),
    ("hover (pointer arrives → tooltip written)", "hover", "ms", "≤ 150 ms"),
    ("what-if on the most depended-on supporter, until drawn", "whatif", "ms", "≤ 1 s"),
    ("frames per second dragging and zooming, opening view", "fps_opening", "fps", "≥ 20"),
    ("frames per second dragging and zooming, district", "fps_district", "fps", "≥ 20"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(HERE / "cache" / "city-86976"))
    parser.add_argument("--sample", action="store_true", help="the bundled sample instead")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    data = "sample" if args.sample else args.data

    from playwright.sync_api import sync_playwright

    runs = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for k in range(args.runs):
            path = Path(tmp) / f"map{k}.html"
            seconds, peak = build(data, path)
            got = one_run(browser, path)
            got.update(build=seconds, peak=peak, size=path.stat().st_size / 1e6)
            runs.append(got)
            print(f"run {k + 1}: {json.dumps(got)}", file=sys.stderr)
        browser.close()
    print(f"| {data} ({args.runs} runs, medians) | value | target |")
    print("|---|---|---|")
    for label, key, unit, target in ROWS:
        value = statistics.median(r[key] for r in runs)
        shown = f"{value:,.0f}" if unit in ("ms", "") else f"{value:,.1f}"
        print(f"| {label} | {shown} {unit} | {target} |")
    print(f"| residents changed by that what-if | {runs[0]['whatif_changed']:,} | |")


if __name__ == "__main__":
    main()
