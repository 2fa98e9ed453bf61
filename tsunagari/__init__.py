"""tsunagari (つながり): map a town's web of support and find where the safety net is thin.

>>> import tsunagari as tg
>>> net = tg.load()                       # the bundled, fictional Iga sample
>>> a = tg.analyse(net)                   # one day's analysis (today), computed as asked
>>> table = a.residents()                 # one row per resident with its status
>>> top = a.critical()                    # who the most people depend on
>>> view = a.map()                        # the interactive map (shows inline in Jupyter)
"""

import os
import sys

# pyarrow's default allocator on Linux (mimalloc) reserves over a gigabyte of address space
# as it is imported, so a capped address space (ulimit -v) would not hold a town; jemalloc
# takes what is used and gives freed memory back (the system allocator keeps what pyarrow
# freed: 30 MB more at 300,000 residents). Set before pandas, which imports pyarrow.
if sys.platform == "linux":
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")

from .analysis import (
    Analysis,
    Gaps,
    WhatIf,
    analyse,
    at_risk,
    critical,
    gaps,
    impact,
    plan,
    residents,
    safety_net,
    suggest,
    suggest_chunks,
    summary,
    timeline,
    whatif,
)
from .errors import InputError, Problem, TsunagariError
from .export import export
from .io import from_frames, load, load_vocabulary, sample_path
from .network import Network
from .vocabulary import KINDS, NEED_STATUSES, STATUSES

# Pages pull in pyvis, jinja2, networkx and IPython (half a second): load them on first use
# so that `tsunagari isolated` does not pay for the map.
_LAZY = {
    "network_map": "render",
    "write_map": "render",
    "write_report": "render",
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tsunagari' has no attribute '{name}'")


__version__ = "0.1.0"

__all__ = [
    "KINDS",
    "NEED_STATUSES",
    "STATUSES",
    "Analysis",
    "Gaps",
    "InputError",
    "Network",
    "Problem",
    "TsunagariError",
    "WhatIf",
    "analyse",
    "at_risk",
    "critical",
    "export",
    "from_frames",
    "gaps",
    "impact",
    "load",
    "load_vocabulary",
    "network_map",
    "plan",
    "residents",
    "safety_net",
    "sample_path",
    "suggest",
    "suggest_chunks",
    "summary",
    "timeline",
    "whatif",
    "write_map",
    "write_report",
]
