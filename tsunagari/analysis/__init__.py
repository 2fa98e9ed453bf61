"""Safety-net analyses, one topic per module; :class:`.Analysis` holds one day's of them."""

from .analysed import Analysis, analyse
from .dominators import SafetyNet, safety_net
from .gaps import Gaps, by_district, domain_pairs
from .shortcuts import (
    critical,
    gaps,
    impact,
    plan,
    residents,
    suggest,
    suggest_chunks,
    summary,
    whatif,
)
from .status import at_risk
from .timeline import timeline
from .whatif import WhatIf

__all__ = [
    "Analysis",
    "Gaps",
    "SafetyNet",
    "WhatIf",
    "analyse",
    "at_risk",
    "by_district",
    "critical",
    "domain_pairs",
    "gaps",
    "impact",
    "plan",
    "residents",
    "safety_net",
    "suggest",
    "suggest_chunks",
    "summary",
    "timeline",
    "whatif",
]
