"""Pages for people: the interactive map and the one-page report, self-contained HTML.

Both work with no network at all (city-hall PCs on closed networks): every script and
style is inlined, nothing is fetched, and all user text is escaped.
"""

from __future__ import annotations

import importlib

__all__ = ["Map", "map_html", "network_map", "report_html", "write_map", "write_report"]
_HOME = {"report_html": ".report", "write_report": ".report"}


def __getattr__(name: str):
    """Load the page machinery (jinja2, pyvis) only when a page is asked for."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME.get(name, ".map"), __name__), name)
