"""Safety-net analyses, one topic per module."""

from .dominators import SafetyNet, safety_net
from .status import at_risk, residents

__all__ = ["SafetyNet", "at_risk", "residents", "safety_net"]
