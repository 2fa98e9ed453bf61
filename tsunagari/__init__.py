"""tsunagari (つながり): map a town's web of support and find where the safety net is thin.

>>> import tsunagari as tg
>>> net = tg.load()                       # the bundled, fictional Iga sample
>>> table = tg.residents(net)             # one row per resident with its status
"""

from .analysis import at_risk, critical, residents, safety_net
from .errors import InputError, Problem, TsunagariError
from .network import Network, load, sample_path
from .vocabulary import load_vocabulary

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "Network",
    "Problem",
    "TsunagariError",
    "at_risk",
    "critical",
    "load",
    "load_vocabulary",
    "residents",
    "safety_net",
    "sample_path",
]
