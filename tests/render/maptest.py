"""Helpers for the map tests: the day they judge on, a network whose every piece of user
text is hostile, and a check that a page fetches nothing."""

from __future__ import annotations

import re

import pandas as pd

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
    assert not re.search(r"(?i)url\(\s*[\"']?(?!data:)", ours)
    assert URL.findall(ours) == []
    # the markup itself (outside scripts and styles) has no element or attribute that loads
    markup = re.sub(r"(?is)<(script|style)\b[^>]*>.*?</\1>", "", ours)
    assert not re.search(r"(?i)<(?:link|img|object|embed|video|audio|source|base)\b", markup)
    assert not re.search(r"(?i)<(?:iframe|frame)\b(?![^>]*\bsrcdoc=)", markup)
    assert not re.search(r"(?i)\s(?:src|href|action|poster|srcset|background)\s*=", markup)
    assert set(URL.findall(vendor)) <= INERT_VENDOR_URLS
