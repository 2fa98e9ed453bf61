"""How typed text is compared: one place for Unicode normalisation.

Coordinators type ids, names, codes and districts in whatever width their keyboard gives
(``ｒ１`` for ``r1``, ``ＮＰＯ`` for ``NPO``) and with stray spaces; NFKC makes the widths
one, and these three say what else is ignored.

>>> nfkc(" ｒ－００１ "), folded(" ＮＰＯ "), spaceless("高橋 洋介　")
('r-001', 'npo', '高橋洋介')
"""

from __future__ import annotations

import unicodedata

__all__ = ["folded", "nfkc", "spaceless"]


def nfkc(text: str) -> str:
    """``text`` stripped and in NFKC (ASCII is its own NFKC, so it is only stripped)."""
    return text.strip() if text.isascii() else unicodedata.normalize("NFKC", text).strip()


def folded(text: str) -> str:
    """A code or label as compared: :func:`nfkc` and case-folded."""
    return nfkc(text).casefold()


def spaceless(text: str) -> str:
    """A name or district as compared: NFKC, with no whitespace anywhere."""
    return "".join(unicodedata.normalize("NFKC", text).split())
