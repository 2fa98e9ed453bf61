"""Aligned tables for people in a terminal, safe to print: control characters and
bidirectional overrides dropped, East Asian wide characters counted twice."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["WIDTH", "printable", "to_text", "width", "wrap"]


def width(text: str) -> int:
    """Columns a string takes in a terminal (East Asian wide characters count twice)."""
    if text.isascii():  # ids, numbers, English: one column a character
        return len(text)
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


WIDTH = 100  # a table is wrapped to fit this many terminal columns
NARROWEST = 8  # a wrapped column keeps at least this many, or its heading's longest word


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal columns, broken after a space or,
    in a long word or Japanese text, between characters.

    Examples
    --------
    >>> wrap("single thread: ag-1 → v-2", 16)
    ['single thread: ', 'ag-1 → v-2']
    >>> wrap("一本の糸の要", 6)
    ['一本の', '糸の要']
    """
    lines: list[str] = []
    line = ""
    for piece in re.findall(r"\S+\s*|\s+", text):
        while width(line + piece) > columns:
            if line and width(piece.rstrip()) <= columns:
                lines.append(line)
                line = ""
                continue
            room = columns - width(line)
            cut = 0
            while cut < len(piece) and width(piece[: cut + 1]) <= room:
                cut += 1
            if cut == 0:  # not even one character fits after what the line holds
                lines.append(line)
                line = ""
                continue
            lines.append(line + piece[:cut])
            line, piece = "", piece[cut:]
        line += piece
    if line or not lines:
        lines.append(line)
    return lines


def _longest_word(text: str) -> int:
    return max((width(w) for w in printable(text).split()), default=0)


def _fitted(widths: list[int], floors: list[int], limit: int) -> list[int]:
    """Column widths within ``limit`` (gaps of two included), narrowing the widest first."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > limit:
        widest = max(range(len(widths)), key=lambda i: (widths[i] - floors[i], i))
        if widths[widest] <= floors[widest]:
            break  # every column at its floor: the table is as narrow as it gets
        widths[widest] -= 1
    return widths


def to_text(rows: Sequence[Sequence[str]], headers: Sequence[str], *, limit: int = WIDTH) -> str:
    """An aligned plain-text table (without control characters), the last column unpadded.
    A table wider than ``limit`` terminal columns has its widest columns wrapped onto more
    lines, each row's continuation lines blank in the other columns; the first column (the
    ids) is never wrapped."""
    all_rows = [[printable(c).replace("\n", " ") for c in r] for r in (headers, *rows)]
    sizes = [[width(c) for c in r] for r in all_rows]  # each cell measured once
    natural = [max(r[i] for r in sizes) for i in range(len(headers))]
    floors = [min(n, max(NARROWEST, _longest_word(h))) for n, h in zip(natural, headers)]
    floors[0] = natural[0]  # the first column holds ids: one is never cut in two
    widths = _fitted(natural, floors, limit)
    lines = []
    for n, (r, size) in enumerate(zip(all_rows, sizes)):
        if all(c <= w for c, w in zip(size, widths)):  # the row fits on one line
            cells = [c.strip() for c in r]
            fill = [w - (z if c == t else width(t)) for c, t, w, z in zip(r, cells, widths, size)]
            padded = [t + " " * f for t, f in zip(cells[:-1], fill)]
            lines.append("  ".join([*padded, cells[-1]]).rstrip())
        else:
            pieces = [wrap(c, w) if z > w else [c] for c, w, z in zip(r, widths, size)]
            for k in range(max(map(len, pieces))):
                cells = [p[k].strip() if k < len(p) else "" for p in pieces]
                padded = [c + " " * (widths[i] - width(c)) for i, c in enumerate(cells[:-1])]
                lines.append("  ".join([*padded, cells[-1]]).rstrip())
        if n == 0:  # under the heading, however many lines it took
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
