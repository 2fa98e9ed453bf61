"""Terminal tables: aligned, wrapped to 100 columns, nothing lost or garbled."""

from __future__ import annotations

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
