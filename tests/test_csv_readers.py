"""The two CSV readers agree: pyarrow reads a file whose rows all have the header's number
of cells, the pandas parser every other file. Whatever text a file holds, a file pyarrow
accepts gives exactly the cells the parser gives, so which reader ran never shows.

``TSUNAGARI_FUZZ`` sets the depth: this module draws a fifth that many texts (at least 300).
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsunagari.errors import InputError
from tsunagari.io import csvfile, files

EXAMPLES = max(300, int(os.environ.get("TSUNAGARI_FUZZ", "1000")) // 5)
NAMES = {"id", "name", "kind"}

# cells from characters that matter to a CSV reader, and some that do not: mostly cells a
# spreadsheet writes, sometimes a bare quote or line break that breaks the row
plain_cell = st.text(alphabet="a b\t　あ=1-", max_size=6)
wild_cell = st.text(alphabet='a b,"\n\r\t　あ=1-', max_size=6)
quoted_cell = wild_cell.map(lambda t: '"' + t.replace('"', '""') + '"')
tame = st.one_of(plain_cell, quoted_cell, st.sampled_from(["id", "name", "kind", ""]))


@st.composite
def csv_texts(draw) -> bytes:
    width = draw(st.integers(1, 4))
    ragged, wild = draw(st.booleans()), draw(st.booleans())  # mostly spreadsheets' files
    cell = st.one_of(tame, wild_cell) if wild else tame
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        n = draw(st.integers(max(width - 1, 0), width + 1)) if ragged else width
        rows.append(",".join(draw(cell) for _ in range(n)))
    if draw(st.booleans()):
        rows.insert(0, ",".join(["id", "name", "kind"][:width]))
    if draw(st.booleans()):
        rows.insert(0, draw(plain_cell))  # a title row above the header
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(rows) + draw(st.sampled_from(["", end, end + end]))
    return text.encode("utf-8")


def _both(data: bytes) -> tuple[list | None, list | InputError]:
    head, ends = csvfile._csv_head(data)
    skip = files.header_index(head, NAMES)
    width = len(head[skip]) if skip < len(head) else 0
    data = data[ends[skip - 1] :] if skip else data
    fast = csvfile._rectangle(data, width)
    try:
        general: list | InputError = [c.tolist() for c in csvfile._general(data, Path("x"), skip)]
    except InputError as exc:
        general = exc
    return (None if fast is None else [c.to_pylist() for c in fast]), general


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_pyarrow_reads_what_the_parser_reads(data):
    fast, general = _both(data)
    if fast is not None:
        assert general == fast


def test_titles_are_cut_off_as_rows():
    # pandas' skiprows miscounted the rows after titles ending in a lone CR (it dropped this
    # header row, or refused a row as too long) or holding a line break in a quoted cell
    assert _both(b'\rid,name\r"",\r,') == ([["id", "", ""], ["name", "", ""]],) * 2
    assert _both(b"t\rid,name\rr1\rr2,B")[1] == [["id", "r1", "r2"], ["name", "", "B"]]
    titled = '"台帳\n令和6年度"\nid,name\nr1,A\n'.encode()
    assert _both(titled) == ([["id", "r1"], ["name", "A"]],) * 2


def test_a_rectangle_is_read_by_pyarrow():
    # the cases a city's files are made of take the fast reader
    data = b'id,name\n"r1","A, B"\n"r2","two\nlines"\nr3,\n'
    fast, general = _both(data)
    assert fast == general == [["id", "r1", "r2", "r3"], ["name", "A, B", "two\nlines", ""]]


def test_other_shapes_are_left_to_the_parser():
    short = b"id,name\nr1\nr2,B\n"
    assert _both(short) == (None, [["id", "r1", "r2"], ["name", "", "B"]])
    open_quote = b'id,name\nr1,"B\n'
    fast, general = _both(open_quote)
    assert fast is None and isinstance(general, InputError)
    # a quote opened in the last cell, another standing in a cell before it: an even number
    assert _both(b'id,name\n1",,"')[0] is None
    long_row = b"id,name\nr1,B,C\n"
    fast, general = _both(long_row)
    assert fast is None and isinstance(general, InputError)
    assert general.problems[0].row == 2


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(csv_texts())
def test_any_text_reads_or_is_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("csv") / "nodes.csv"
    path.write_bytes(data)
    try:
        table = csvfile.csv_table(path, NAMES)
    except InputError:
        return
    assert all(len(c) == len(table) for c in table.columns)


@st.composite
def _id_columns(draw: st.DrawFn) -> tuple[list[str], list[str], list[str]]:
    """Ids, sources and targets, all clean (the Arrow path) or some with spaces and a wide
    digit (cleaned, then merged: the dict path)."""
    alphabet = draw(st.sampled_from(["ab1", "ab1２ "]))
    cells = st.lists(st.text(alphabet=alphabet, max_size=3), max_size=30)
    return draw(cells.filter(bool)), draw(cells), draw(cells)


@settings(max_examples=300, deadline=None)
@given(_id_columns())
def test_ends_are_found_among_ids_by_arrow_as_by_a_dict(columns):
    """Support ends looked up among the node ids: by Arrow's hash lookup when the columns
    hold their cells as pyarrow read them, by a dict otherwise; the same places."""
    import pyarrow as pa

    from tsunagari.io.columns import Column, positions

    def both(cells):
        return Column(files.coded(pa.array(cells, pa.string())), nfkc=True), Column(
            files.coded(list(cells)), nfkc=True
        )

    ids, sources, targets = columns
    (arrow_ids, plain_ids), *ends = both(ids), both(sources), both(targets)
    assert all(c.uniques.tolist() == p.uniques.tolist() for c, p in [(arrow_ids, plain_ids), *ends])
    by_arrow = positions([e[0] for e in ends], arrow_ids)
    by_dict = positions([e[1] for e in ends], plain_ids)
    assert [a.tolist() for a in by_arrow] == [d.tolist() for d in by_dict]
    known = plain_ids.uniques.tolist()
    for (column, _), found in zip(ends, by_dict):  # and the places are right
        for value, at in zip(column.uniques.tolist(), found.tolist()):
            assert at == (known.index(value) if value in known else -1)


def test_clean_ids_are_looked_up_by_arrow():
    import pyarrow as pa

    from tsunagari.io.columns import Column, positions

    ids = Column(files.coded(pa.array(["r1", "r2", "a1", "r2"], pa.string())), nfkc=True)
    ends = Column(files.coded(pa.array(["a1", "x", "r2", "a1"], pa.string())), nfkc=True)
    assert ids.arrow is not None and ends.arrow is not None
    assert positions([ends], ids)[0].tolist() == [2, -1, 1]  # a1, x, r2 among r1, r2, a1
    assert ids.first_rows().tolist() == [0, 1, 2]
