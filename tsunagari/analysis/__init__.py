"""Safety-net analyses, one topic per module."""

from .critical import critical, dependents
from .dominators import SafetyNet, safety_net
from .status import at_risk, residents

__all__ = ["SafetyNet", "at_risk", "critical", "dependents", "residents", "safety_net"]
