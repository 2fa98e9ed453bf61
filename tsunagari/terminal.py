"""Aligned tables for people in a terminal, safe to print: control characters and
bidirectional overrides dropped, East Asian wide characters counted twice."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence

__all__ = ["PIECE", "WIDTH", "printable", "table_pieces", "to_text", "width", "wrap"]


def width(text: str) -> int:
    """Columns a string takes in a terminal (East Asian wide characters count twice)."""
    if text.isascii():  # ids, numbers, English: one column a character
        return len(text)
    if max(text) > "\uffff":  # beyond the common plane: rare, asked a character at a time
        return sum(map(_char_width, text))
    return len(text) + len(_wide().findall(text))


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


@functools.cache
def _wide() -> re.Pattern[str]:
    """The common plane's wide characters as one character class (made on first use)."""
    ranges: list[str] = []
    start = None
    for code in range(0x10001):
        wide = code < 0x10000 and _char_width(chr(code)) == 2
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return re.compile("[" + "".join(ranges) + "]")


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
    line, used = "", 0  # the line being filled and its width
    for piece in re.findall(r"\S+\s*|\s+", text):
        size = width(piece)
        while used + size > columns:
            if line and width(piece.rstrip()) <= columns:  # the piece fits on a line of its own
                lines.append(line)
                line, used = "", 0
                continue
            cut = _fitting(piece, columns - used)
            if cut == 0 and line:  # not even one character fits after what the line holds
                lines.append(line)
                line, used = "", 0
                continue
            cut = cut or 1  # a character wider than the column still goes somewhere
            lines.append(line + piece[:cut])
            line, used, piece = "", 0, piece[cut:]
            size = width(piece)
        line += piece
        used += size
    if line or not lines:
        lines.append(line)
    return lines


def _fitting(text: str, room: int) -> int:
    """How many of ``text``'s first characters fit in ``room`` terminal columns."""
    used = 0
    for n, ch in enumerate(text[: max(room, 0)]):  # each character takes one column or two
        used += _char_width(ch) if not ch.isascii() else 1
        if used > room:
            return n
    return min(len(text), max(room, 0))


def _padded(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


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
    return "".join(table_pieces(rows, headers, limit=limit))


PIECE = 10_000  # lines of a table made at a time


def table_pieces(
    rows: Sequence[Sequence[str]], headers: Sequence[str], *, limit: int = WIDTH
) -> Iterator[str]:
    """:func:`to_text` in pieces of :data:`PIECE` lines, each made as it is asked for, so
    that a city's table is written out without ever being held whole."""
    measured: dict[str, tuple[str, int]] = {}  # each distinct cell cleaned and measured once

    def measure(cell: str) -> tuple[str, int]:
        known = measured.get(cell)
        if known is None:
            text = printable(cell).replace("\n", " ")
            known = measured[cell] = (text, width(text))
        return known

    all_rows = [[measure(c) for c in r] for r in (headers, *rows)]
    natural = [max(r[i][1] for r in all_rows) for i in range(len(headers))]
    floors = [min(n, max(NARROWEST, _longest_word(h))) for n, h in zip(natural, headers)]
    floors[0] = natural[0]  # the first column holds ids: one is never cut in two
    widths = _fitted(natural, floors, limit)
    laid_out: list[dict[str, list[str]]] = [{} for _ in widths]  # each distinct cell once
    last = len(widths) - 1

    def lay_out(i: int, text: str, size: int) -> list[str]:
        """A cell's lines, stripped and (but in the last column) padded to its width."""
        known = laid_out[i].get(text)
        if known is None:
            w = widths[i]
            known = [p.strip() for p in (wrap(text, w) if size > w else [text])]
            if i < last:
                known = [_padded(p, w) for p in known]
            laid_out[i][text] = known
        return known

    lines = []
    for n, r in enumerate(all_rows):
        stacked = [lay_out(i, c, z) for i, (c, z) in enumerate(r)]
        depth = max(map(len, stacked))
        if depth == 1:  # the row fits on one line
            lines.append("  ".join([s[0] for s in stacked]).rstrip())
        else:  # each column blank below its text
            blank = [[" " * w] for w in widths[:-1]] + [[""]]
            stacked = [s + b * (depth - len(s)) for s, b in zip(stacked, blank)]
            lines.extend("  ".join(parts).rstrip() for parts in zip(*stacked))
        if n == 0:  # under the heading, however many lines it took
            lines.append("  ".join("-" * w for w in widths))
        if len(lines) >= PIECE:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"
