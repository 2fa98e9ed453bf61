"""Safety-net analyses, one topic per module."""

from .critical import critical, dependents
from .dominators import SafetyNet, safety_net
from .gaps import Gaps, by_district, domain_pairs, gaps
from .status import at_risk, residents
from .suggest import plan, suggest
from .summary import summary
from .timeline import timeline
from .whatif import WhatIf, impact, whatif

__all__ = [
    "Gaps",
    "SafetyNet",
    "WhatIf",
    "at_risk",
    "by_district",
    "critical",
    "dependents",
    "domain_pairs",
    "gaps",
    "impact",
    "plan",
    "residents",
    "safety_net",
    "suggest",
    "summary",
    "timeline",
    "whatif",
]
