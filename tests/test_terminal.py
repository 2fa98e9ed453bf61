"""Terminal tables: aligned, wrapped to 100 columns, nothing lost or garbled."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagari.terminal import to_text, width, wrap

TEXT = st.text(alphabet=st.sampled_from(list("ab c-→:") + list("孤立一本の糸")), max_size=60)


IDS = st.text(alphabet=st.sampled_from(list("r-0123")), max_size=10)  # ids are never wrapped


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(IDS, TEXT, TEXT, TEXT).map(list), min_size=1, max_size=5))
def test_a_wide_table_fits_and_keeps_every_character(rows):
    headers = ["id", "name", "reason", "needs"]
    text = to_text(rows, headers, limit=60)
    lines = text.splitlines()
    assert all(width(line) <= 60 for line in lines)
    assert lines[1].startswith("--")
    kept = "".join(lines).replace(" ", "")
    assert kept.count("-") >= sum(c.count("-") for r in rows for c in r)
    for row in rows:
        for cell in row:
            for ch in cell.replace(" ", ""):
                assert ch in kept


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(2, 30))
def test_wrapping_keeps_the_text_in_order(text, columns):
    lines = wrap(text, columns)
    assert "".join(lines) == text
    assert all(width(line.rstrip()) <= columns for line in lines)


def test_a_narrow_table_is_unchanged():
    assert to_text([["r-1", "Aさん"]], ["id", "name"]) == "id   name\n---  -----\nr-1  Aさん\n"


def slow_width(text: str) -> int:
    """The definition: a wide or full-width character takes two columns, any other one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def slow_wrap(text: str, columns: int) -> list[str]:
    """The definition of wrapping, measuring every candidate line from scratch."""
    lines: list[str] = []
    line = ""
    for piece in re.findall(r"\S+\s*|\s+", text):
        while slow_width(line + piece) > columns:
            if line and slow_width(piece.rstrip()) <= columns:
                lines.append(line)
                line = ""
                continue
            room = columns - slow_width(line)
            cut = 0
            while cut < len(piece) and slow_width(piece[: cut + 1]) <= room:
                cut += 1
            if cut == 0:
                lines.append(line)
                line = ""
                continue
            lines.append(line + piece[:cut])
            line, piece = "", piece[cut:]
        line += piece
    if line or not lines:
        lines.append(line)
    return lines


ANY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ab c-→:\u3000\t") + list("孤立一本の糸ｱＡ") + ["😀", "𠮷"]),
        st.characters(max_codepoint=0x3FFFF),
    ),
    max_size=80,
)


@settings(max_examples=500, deadline=None)
@given(ANY, st.integers(2, 30))
def test_width_and_wrap_agree_with_their_definitions(text, columns):
    assert width(text) == slow_width(text)
    assert wrap(text, columns) == slow_wrap(text, columns)


def test_every_wide_character_of_the_common_plane_counts_twice():
    text = "".join(chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000)
    assert width(text) == slow_width(text)
