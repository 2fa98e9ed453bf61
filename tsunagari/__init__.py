"""tsunagari (つながり): map a town's web of support and find where the safety net is thin.

>>> import tsunagari as tg
>>> net = tg.load()                       # the bundled, fictional Iga sample
>>> table = tg.residents(net)             # one row per resident with its status
>>> top = tg.critical(net)                # who the most people depend on
>>> view = tg.network_map(net)            # the interactive map (shows inline in Jupyter)
"""

from .analysis import (
    at_risk,
    critical,
    gaps,
    impact,
    plan,
    residents,
    safety_net,
    suggest,
    summary,
    timeline,
    whatif,
)
from .errors import InputError, Problem, TsunagariError
from .export import export
from .network import Network, load, sample_path
from .render import network_map, write_map, write_report
from .vocabulary import load_vocabulary

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "Network",
    "Problem",
    "TsunagariError",
    "at_risk",
    "critical",
    "export",
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
    "summary",
    "timeline",
    "whatif",
    "write_map",
    "write_report",
]
