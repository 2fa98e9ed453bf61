"""Pages for people: the interactive map and the one-page report, self-contained HTML.

Both work with no network at all (city-hall PCs on closed networks): every script and
style is inlined, nothing is fetched, and all user text is escaped.
"""

from .map import Map, map_html, network_map, write_map
from .report import report_html, write_report

__all__ = ["Map", "map_html", "network_map", "report_html", "write_map", "write_report"]
