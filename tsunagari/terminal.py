"""Aligned tables for people in a terminal, safe to print: control characters and
bidirectional overrides dropped, East Asian wide characters counted twice."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["printable", "to_text", "width"]


def width(text: str) -> int:
    """Columns a string takes in a terminal (East Asian wide characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Control characters but the line break (an ESC starts a terminal command), and
# bidirectional overrides (they make text read backwards)
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without control characters but line breaks, safe to print on a terminal.

    Examples
    --------
    >>> printable("Aさん\x1b[2J")
    'Aさん[2J'
    """
    return _UNPRINTABLE.sub("", text)


def to_text(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """An aligned plain-text table (without control characters); the last column unpadded."""
    all_rows = [[printable(c).replace("\n", " ") for c in r] for r in (headers, *rows)]
    widths = [max(width(r[i]) for r in all_rows) for i in range(len(headers))]
    lines = []
    for r in all_rows:
        cells = [c + " " * (widths[i] - width(c)) for i, c in enumerate(r[:-1])]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
