"""Helpers for the map tests: the day they judge on, a network whose every piece of user
text is hostile, and a check that a page fetches nothing."""

from __future__ import annotations

import os
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tsunagari as tg
from tsunagari.network import Network
from tsunagari.render.page import vis_script

AS_OF = "2026-11-27"

# Text that would run as code if any of it reached the page unescaped.
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.pwned=1</script>"
SVG = "\"'><svg onload=alert(1)>"
COMMENT = "<!-- <script>window.pwned=2</script>"


def hostile() -> Network:
    """Every piece of user text (names, ids, districts, subtypes, extra columns) hostile."""
    rows = [
        ("ag-1", SCRIPT, "agency", f"{SVG} subtype", ""),
        ("ag-2", f"相談窓口 {COMMENT}", "agency", "", SVG),
        ("vol-1", f"民生委員 {IMG}", "volunteer", IMG, SVG),
        ("r-1", IMG, "resident", "", SVG),
        ("r-2", SVG, "resident", "", SCRIPT),
        (f"r-{SVG}", f"{SCRIPT}さん", "resident", "", SVG),
        ("r-4", "ひとり ' \" & < >", "resident", "", ""),
    ]
    nodes = pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "kind": [r[2] for r in rows],
            "subtype": [r[3] for r in rows],
            "district": [r[4] for r in rows],
            "needs": [(), (), (), ("dementia", "hikikomori"), ("health",), ("elderly_care",), ()],
            "services": [("dementia",), ("hikikomori",), ("watching_over",), (), (), (), ()],
            "capacity": pd.array([pd.NA] * len(rows), dtype="Int64"),
            "lsns6": pd.array([pd.NA, pd.NA, pd.NA, 5, 20, 11, pd.NA], dtype="Int64"),
            "note": [SCRIPT] * len(rows),
        }
    )
    ties = [
        ("ag-1", "ag-2", "collaboration", "dementia", "formal"),
        ("ag-1", "vol-1", "collaboration", "", "formal"),
        ("vol-1", "r-1", "support", "dementia", "semi_formal"),
        ("ag-2", "r-1", "support", "hikikomori", "formal"),
        ("vol-1", "r-2", "support", "health", "semi_formal"),
        ("r-2", f"r-{SVG}", "support", "elderly_care", "informal"),
    ]
    supports = pd.DataFrame(
        {
            "source": [t[0] for t in ties],
            "target": [t[1] for t in ties],
            "relation": [t[2] for t in ties],
            "domain": [t[3] for t in ties],
            "formality": [t[4] for t in ties],
            "frequency": ["weekly"] * len(ties),
            "since": pd.to_datetime(["2020-01-01"] * len(ties)).astype("datetime64[ns]"),
            "until": pd.to_datetime([None] * len(ties)).astype("datetime64[ns]"),
            "note": [IMG] * len(ties),
        }
    )
    return Network(nodes, supports, tg.load_vocabulary())


# URLs inside vis-network's own script that the browser never fetches: the licence header,
# the SVG namespace for createElementNS, and a link in an error message. Anything else
# that looks like a URL anywhere on the page fails the test below.
INERT_VENDOR_URLS = {
    "https://visjs.github.io/vis-network/",
    "http://almende.com",
    "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://opensource.org/licenses/MIT",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
}
URL = re.compile(r"""(?i)(?:https?:)?//[a-z0-9][a-z0-9.-]*\.[a-z]{2,}[^\s"'<>)\\]*""")


def assert_offline(page: str) -> None:
    """Nothing on the page would make a browser fetch anything."""
    vendor = vis_script()
    assert page.count(vendor) == 1, "vis-network must be inlined exactly once"
    ours = page.replace(vendor, "")
    for pattern in ("http://", "https://", "//cdn", "@import"):
        assert pattern not in ours.lower(), pattern
    # a CSS url(...) other than data: (the page's own toDataURL( call is no address)
    assert not re.search(r"(?i)(?<!todata)url\(\s*[\"']?(?!data:)", ours)
    assert URL.findall(ours) == []
    # the markup itself (outside scripts and styles) has no element or attribute that loads
    markup = re.sub(r"(?is)<(script|style)\b[^>]*>.*?</\1>", "", ours)
    assert not re.search(r"(?i)<(?:link|img|object|embed|video|audio|source|base)\b", markup)
    assert not re.search(r"(?i)<(?:iframe|frame)\b(?![^>]*\bsrcdoc=)", markup)
    assert not re.search(r"(?i)\s(?:src|href|action|poster|srcset|background)\s*=", markup)
    assert set(URL.findall(vendor)) <= INERT_VENDOR_URLS


# ---------------------------------------------------------------------------- the browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "body[data-drawn='1']"
INK = """(canvas) => {
  const c = canvas || document.querySelector('#graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++;
  }
  return ink;
}"""


def chromium() -> str | None:
    """Debian's Chromium, or the one ``TSUNAGARI_CHROMIUM`` names (then only that one)."""
    own = os.environ.get("TSUNAGARI_CHROMIUM")
    candidates = (own,) if own else (shutil.which("chromium"), "/usr/bin/chromium")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why}: the browser tests must run in CI", pytrace=False)
    pytest.skip(why)


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def frame(self):
        """The embedded map's frame (the report), else the page itself."""
        children = [f for f in self.page.frames if f != self.page.main_frame]
        return children[0] if children else self.page.main_frame


@contextmanager
def opened(browser, path: Path):
    """Open a page with every request except the page itself refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    seen = Opened(page=None, url=url)

    def refuse(route):
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", refuse)
    context.on("request", lambda request: seen.requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))

    def dialog(d):
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    seen.page = page
    try:
        page.goto(url)
        yield seen
    finally:
        context.close()


def wait_until(page, predicate: str, timeout: float = 30.0) -> None:
    """Poll ``predicate`` (a JavaScript expression) until it is true. Playwright's own
    ``wait_for_function`` evaluates strings in the page, which its Content-Security-Policy
    forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {predicate}")
        page.wait_for_timeout(20)
