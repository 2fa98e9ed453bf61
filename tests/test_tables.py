"""JSON of tables and plain objects: orjson writes it without the option for keys that are
not text (it slows every dict down) and again with it when a key is not text; the bytes are
those one pass with the option gives."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagari import tables

key = st.one_of(st.text(max_size=4), st.integers(-3, 3), st.booleans(), st.none())
value = st.recursive(
    st.one_of(st.text(max_size=4), st.integers(), st.floats(allow_nan=False), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(key, inner, max_size=3)),
    max_leaves=8,
)
WITH_KEYS = tables._OPTIONS | orjson.OPT_NON_STR_KEYS


def outcome(write, *args, **options) -> bytes | type:
    """The bytes written, or the kind of error (an integer beyond 64 bits, say)."""
    try:
        return write(*args, **options)
    except TypeError as exc:
        return type(exc)


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(key, value, max_size=4),
    st.lists(st.dictionaries(st.text(max_size=3), value, max_size=3), max_size=4),
)
def test_the_bytes_are_those_of_one_pass_allowing_any_key(obj, records):
    for written, option in ((obj, 0), (obj, orjson.OPT_INDENT_2), (records, 0)):
        expected = outcome(orjson.dumps, written, default=tables.plain, option=WITH_KEYS | option)
        assert outcome(tables._dumps, written, option) == expected


def test_keys_that_are_not_text_are_written_as_text():
    assert tables.to_json([{"a": 1, 2: "x"}]) == '[\n{"a":1,"2":"x"}\n]\n'


def test_a_lone_surrogate_is_still_refused():
    with pytest.raises(TypeError):
        tables.to_json(["\ud800"])
