"""Exports: Gephi, Excel and JSON files that open, carry the analysis, leak nothing."""

from __future__ import annotations

import importlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from netbuild import make_network
from oldexport import _text
from openpyxl import load_workbook
from test_cli import run

import tsunagari as tg
from tsunagari import synth, tables
from tsunagari.cells import xml_cell, xml_cells
from tsunagari.excel import display_width, heading, labelled, widest
from tsunagari.export import WIDEST, export, to_xlsx, workbook_sheets
from tsunagari.vocabulary import NEED_STATUSES
from tsunagari.words import note, word
from tsunagari.xlsxfile import Sheet, write_xlsx

DAY = "2026-11-27"


@pytest.fixture(scope="module")
def net():
    return tg.load()


def test_gexf_and_graphml_carry_the_analysis(net, tmp_path):
    table = tg.residents(net, as_of=DAY).set_index("id")
    top = tg.critical(net, as_of=DAY).iloc[0]
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        path = export(net, fmt, tmp_path / f"iga.{fmt}", as_of=DAY)
        g = reader(path)
        assert g.number_of_nodes() == len(net.nodes)
        assert g.number_of_edges() == len(net.supports)
        a = g.nodes["r-001"]
        assert a["kind"] == "resident" and a["status"] == table.at["r-001", "status"]
        assert int(g.nodes[top["id"]]["dependents"]) == top["dependents"]
        son = g.nodes["r-011"]
        assert son["single_points"] == ";".join(table.at["r-011", "single_points"])


def test_node_link_json(net, tmp_path):
    data = json.loads(export(net, "json", tmp_path / "iga.json", as_of=DAY).read_text("utf-8"))
    assert len(data["nodes"]) == len(net.nodes) and len(data["links"]) == len(net.supports)
    a = next(n for n in data["nodes"] if n["id"] == "r-001")
    assert a["status"] == "overlapping" and "employment:single_thread" in a["needs"]
    assert sum(link["active"] for link in data["links"]) == int(net.active(DAY).sum())


def test_workbook_sheets_in_japanese(net, tmp_path):
    path = export(net, "xlsx", tmp_path / "iga.xlsx", as_of=DAY, lang="ja")
    book = load_workbook(path)
    assert book.sheetnames == [
        "支援網が薄い住民",
        "要の支援者",
        "地区ごとの支援の空白",
        "分野の間の横の糸",
        "凡例",
    ]
    rows = list(book["支援網が薄い住民"].iter_rows(values_only=True))
    assert rows[0][:4] == ("ID", "名前", "地区", "状態")
    expected = tg.at_risk(tg.residents(net, as_of=DAY))
    assert [r[0] for r in rows[1:]] == expected["id"].tolist()
    # codes as labels, for people: statuses, needs (label：status、...), kinds, domains
    first = expected.iloc[0]
    v = net.vocabulary
    assert rows[1][3] == "孤立" and first["status"] == "isolated"
    assert rows[1][6] == "、".join(
        f"{v.label(d, 'ja')}：{NEED_STATUSES[s][0]}" for d, s in first["needs"].items()
    )
    critical = list(book["要の支援者"].iter_rows(values_only=True))
    assert critical[0][2] == "種別" and critical[1][2] == "相談支援機関・行政"
    gaps = list(book["地区ごとの支援の空白"].iter_rows(values_only=True))
    assert {r[1] for r in gaps[1:]} <= {d.ja for d in v.domains.values()}
    pairs = list(book["分野の間の横の糸"].iter_rows(values_only=True))
    assert {r[5] for r in pairs[1:]} <= {"重なり合い", "一本の糸", "つながりなし"}


def column_widths(ws) -> dict[int, float]:
    """Each column's width as the file sets it (a writer may set a run of columns at once)."""
    out = {}
    for dim in ws.column_dimensions.values():
        if dim.customWidth:
            for col in range(dim.min, dim.max + 1):
                out[col] = dim.width
    return out


def test_workbook_layout_for_people(net, tmp_path):
    for lang in ("ja", "en"):
        book = load_workbook(export(net, "xlsx", tmp_path / f"{lang}.xlsx", as_of=DAY, lang=lang))
        for ws in book.worksheets:
            assert ws.freeze_panes == "A2", ws.title
            assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
            widths = column_widths(ws)
            assert len(widths) == ws.max_column, ws.title  # every column has its width
            # in characters; Excel adds its padding (0.71 for the default font)
            assert all(6 <= w <= WIDEST + 1 for w in widths.values()), (ws.title, widths)
        legend = list(book[book.sheetnames[-1]].iter_rows(values_only=True))
        sheets = book.worksheets[:-1]
        explained = {(sheet, column) for sheet, column, _ in legend[1:]}
        assert explained == {(ws.title, c.value) for ws in sheets for c in ws[1]}
        assert all(meaning for *_, meaning in legend[1:])
    ja = load_workbook(tmp_path / "ja.xlsx")
    assert ja.sheetnames[-1] == "凡例" and ja["凡例"]["A1"].value == "シート"
    # a column of names in kanji is wider than one of ids of as many characters
    at_risk = ja.worksheets[0]
    assert column_widths(at_risk)[2] > column_widths(at_risk)[1]
    en = load_workbook(tmp_path / "en.xlsx")
    assert en.sheetnames[-1] == "legend"
    rows = list(en["residents_at_risk"].iter_rows(values_only=True))
    assert rows[0][3] == "status" and rows[1][3] == "isolated"  # English cells stay codes
    assert ":uncovered" in rows[1][6] and "；" not in rows[1][6]


def test_display_width_counts_wide_characters_twice():
    assert display_width("abc") == 3 and display_width("孤立") == 4 and display_width("ＡＢ") == 4
    assert display_width("ｱｲ") == 2 and display_width(None) == 0  # half-width kana are narrow


_CELLS = st.one_of(
    st.text(),
    st.integers(),
    st.booleans(),
    st.floats(),
    st.none(),
    st.tuples(st.text(), st.text()),
    st.dictionaries(st.text(), st.one_of(st.text(), st.tuples(st.text()))),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS), st.integers(1, 80))
def test_a_column_converted_at_once_equals_each_cell_converted(values, at_most):
    texts = [v for v in values if isinstance(v, str)]
    lists = [v for v in values if isinstance(v, tuple) or v is None or v != v]  # or missing
    for column in (values, texts, lists):
        cells = xml_cells(list(column))
        assert cells == [xml_cell(v) for v in column]  # NaN reads as missing in both
        expected = min(max(map(display_width, cells), default=0), at_most)
        assert widest(cells, at_most=at_most) == expected


def test_formulas_stay_text(tmp_path):
    hostile = make_network(
        [("city", "agency"), ('=HYPERLINK("http://x","y")', "resident"), ("@SUM(1)", "resident")],
        [("city", '=HYPERLINK("http://x","y")'), ("city", "@SUM(1)")],
    )
    hostile.nodes["name"] = ["=1+1", "+cmd|' /C calc'!A0", "-2+3"]
    path = export(hostile, "xlsx", tmp_path / "h.xlsx", as_of=DAY)
    book = load_workbook(path)
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value[:1] in "=+-@"]
    assert risky and all(c.data_type == "s" for c in risky)
    csv_text = tables.to_csv(tg.residents(hostile, as_of=DAY))  # CSV neutralises with '
    assert "'=HYPERLINK" in csv_text and "'+cmd" in csv_text and "'@SUM(1)" in csv_text
    assert ",=" not in csv_text and ",@" not in csv_text


def test_anonymized_exports_leak_no_name_or_youhairyo_need(net, tmp_path):
    names = net.nodes.loc[net.nodes["kind"] == "resident", "name"].tolist()
    youhairyo = {c for c, d in net.vocabulary.domains.items() if d.sensitivity == "youhairyo"}

    def codes(text):  # "dementia:single_thread;health:uncovered" -> {"dementia", "health"}
        return {part.split(":")[0] for part in str(text or "").split(";") if part}

    for fmt in ("gexf", "graphml", "json", "xlsx"):
        path = export(net, fmt, tmp_path / f"a.{fmt}", as_of=DAY, anonymize=True, salt="s")
        if fmt == "xlsx":
            book = load_workbook(path)
            cells = [
                v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
            ]
            text = "\n".join(map(str, cells))
            needs = [
                codes(row[6]) for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
            ]
            domains = set()
        elif fmt == "json":
            text = path.read_text("utf-8")
            data = json.loads(text)
            people = [n for n in data["nodes"] if n["kind"] == "resident"]
            needs = [codes(";".join(n["needs"])) for n in people]
            domains = {link["domain"] for link in data["links"]}
        else:
            text = path.read_text("utf-8")
            g = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(path)
            needs = [
                codes(a.get("needs")) for _, a in g.nodes(data=True) if a["kind"] == "resident"
            ]
            domains = {a.get("domain") for *_, a in g.edges(data=True)}
        assert not [n for n in names if n in text], fmt
        assert needs and not any(n & youhairyo for n in needs), fmt
        assert not domains & youhairyo, fmt
        assert "r-001" not in text


def test_same_input_same_bytes(net, tmp_path):
    for fmt in ("gexf", "graphml", "json", "xlsx"):
        one = export(net, fmt, tmp_path / f"1.{fmt}", as_of=DAY).read_bytes()
        two = export(net, fmt, tmp_path / f"2.{fmt}", as_of=DAY).read_bytes()
        assert one == two, fmt


def test_never_overwrites_without_force_or_over_inputs(net, tmp_path):
    out = tmp_path / "iga.gexf"
    export(net, "gexf", out, as_of=DAY)
    with pytest.raises(tg.TsunagariError, match="--force"):
        export(net, "gexf", out, as_of=DAY)
    export(net, "gexf", out, as_of=DAY, force=True)
    with pytest.raises(tg.TsunagariError):
        export(net, "json", tg.sample_path() / "nodes.csv", as_of=DAY, force=True)


def test_cli_export(tmp_path):
    out = tmp_path / "iga.xlsx"
    result = run("export", "--to", "xlsx", "-o", out, "--as-of", DAY, "--lang", "ja")
    assert result.exit_code == 0 and load_workbook(out).sheetnames[0] == "支援網が薄い住民"
    again = run("export", "--to", "xlsx", "-o", out)
    assert again.exit_code == 1 and again.stderr.startswith("Error:")


def test_a_sheet_longer_than_excel_holds_is_refused_before_a_byte(tmp_path, monkeypatch):
    """xlsxwriter dropped the rows past Excel's 1,048,576 without a word: a city of 1.7
    million residents lost most of its sheet. The export is refused instead, naming the
    sheet and the limit, and nothing is written."""
    module = importlib.import_module("tsunagari.export")  # not the function of that name
    monkeypatch.setattr(module, "MAX_ROWS", 20)  # the sample's at-risk sheet is longer
    out = tmp_path / "iga.xlsx"
    result = run("export", "--to", "xlsx", "-o", out, "--as-of", DAY, "--lang", "ja")
    assert result.exit_code == 1 and not out.exists() and not list(tmp_path.iterdir())
    assert "支援網が薄い住民" in result.stderr and "Excel の上限 20 行" in result.stderr
    assert "Traceback" not in result.stderr
    english = run("export", "--to", "xlsx", "-o", out, "--as-of", DAY, "--lang", "en")
    assert "sheet 'residents_at_risk' would have" in english.stderr and "CSV" in english.stderr


def _declarations(path):
    """GEXF ``{class: [(id, title, type), ...]}`` or GraphML ``[(for, name, type), ...]``."""
    root = ET.parse(path).getroot()
    if root.tag.endswith("gexf"):
        out: dict[str, list[tuple[str, str, str]]] = {}
        for block in root.iter("{http://www.gexf.net/1.2draft}attributes"):
            out.setdefault(block.get("class"), []).extend(
                (a.get("id"), a.get("title"), a.get("type")) for a in block
            )
        return out
    keys = root.iter("{http://graphml.graphdrawing.org/xmlns}key")
    return [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in keys]


NUMBERS = ("capacity", "lsns6", "supporters", "dependents", "sole_supporter_of", "load")


def test_gexf_and_graphml_type_numbers_for_gephi(net, tmp_path):
    a = tg.analyse(net, as_of=DAY)
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        path = export(net, fmt, tmp_path / f"iga.{fmt}", as_of=DAY)
        g = reader(path)
        for i, row in enumerate(net.nodes.to_dict("records")):
            node = g.nodes[row["id"]]
            assert node["dependents"] == a.sn.dependents[i] and node["load"] == a.sn.load[i]
            assert type(node["dependents"]) is int and type(node["load"]) is int
            for column in ("capacity", "lsns6"):  # a node without one lacks it
                missing = pd.isna(row[column])
                assert (column not in node) if missing else node[column] == row[column]
            assert ("supporters" in node) == (row["kind"] == "resident")
        if fmt == "gexf":
            declared = _declarations(path)["node"]
            assert {t: k for _, t, k in declared if t in NUMBERS} == dict.fromkeys(NUMBERS, "long")
            titles = [t for _, t, _ in declared]
        else:
            declared = _declarations(path)
            assert {n: k for f, n, k in declared if n in NUMBERS} == dict.fromkeys(NUMBERS, "long")
            titles = [n for f, n, _ in declared if f == "node"]
        assert len(titles) == len(set(titles))  # one declaration per attribute


def test_gexf_keeps_its_attribute_ids_and_adds_load_last(net, tmp_path):
    declared = _declarations(export(net, "gexf", tmp_path / "iga.gexf", as_of=DAY))
    node = [t for _, t, _ in declared["node"]]
    edge = [t for _, t, _ in declared["edge"]]
    columns = [c for c in net.nodes.columns if c not in ("id", "name")]
    analysis = ["status", "supporters", "single_points", "dependents", "sole_supporter_of"]
    assert node == [*columns, *analysis, "load"]
    assert edge == [
        *[c for c in net.supports.columns if c not in ("source", "target")],
        "active",
        "networkx_key",
    ]
    ids = [int(i) for i, _, _ in declared["node"][:-1] + declared["edge"]]
    assert ids == list(range(len(ids)))  # nodes first, then supports, as before; load after
    assert int(declared["node"][-1][0]) == len(ids)


def test_gexf_places_and_colours_nodes_as_the_map_does(net, tmp_path):
    from tsunagari.render.text import KIND_STYLE, STATUS_COLORS

    path = export(net, "gexf", tmp_path / "iga.gexf", as_of=DAY)
    assert path.read_bytes() == export(net, "gexf", tmp_path / "again.gexf", as_of=DAY).read_bytes()
    g = nx.read_gexf(path)
    status = dict(zip(tg.residents(net, as_of=DAY)["id"], tg.residents(net, as_of=DAY)["status"]))
    places = set()
    for row in net.nodes.to_dict("records"):
        viz = g.nodes[row["id"]]["viz"]
        fill = (
            STATUS_COLORS[status[row["id"]]][0]
            if row["kind"] == "resident"
            else KIND_STYLE[row["kind"]][1]
        )
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == tuple(
            int(fill[j : j + 2], 16) for j in (1, 3, 5)
        )
        places.add((viz["position"]["x"], viz["position"]["y"]))
    assert len(places) == len(net.nodes)  # every node has a place of its own


# --- the workbook's writer against the one it replaced -----------------------------------


def _reference_workbook(sheets, lang, vocabulary) -> bytes:
    """The workbook as ``to_xlsx`` wrote it with xlsxwriter (constant memory) before
    :mod:`tsunagari.xlsxfile`: kept here, the reference whose content the new file must
    equal, cell for cell, on any frames the test makes."""
    import xlsxwriter

    def write_sheet(book, title, rows):
        sheet = book.add_worksheet(title)
        width = len(rows[0])
        for i in range(width):
            widest = max(display_width(row[i]) for row in rows)
            sheet.set_column(i, i, min(max(widest, 4) + 2, WIDEST))
        sheet.freeze_panes(1, 0)
        if width:
            sheet.autofilter(0, 0, len(rows) - 1, width - 1)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value:
                        sheet.write_string(r, c, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                else:
                    sheet.write_number(r, c, value)

    raw = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False}
    book = xlsxwriter.Workbook(
        raw, options | {"strings_to_numbers": False, "strings_to_urls": False}
    )
    legend = [[word(k, lang) for k in ("sheet", "column", "meaning")]]
    for key, frame in sheets.items():
        if vocabulary is not None:
            frame = labelled(frame, vocabulary, lang)
        title = word(key, lang) if lang == "ja" else key
        rows = [[heading(c, lang) for c in frame.columns]]
        rows += [[_text(v) for v in record] for record in frame.itertuples(False, None)]
        write_sheet(book, title, rows)
        legend += [[title, heading(c, lang), note(key, c, lang)] for c in frame.columns]
    write_sheet(book, word("legend", lang) if lang == "ja" else "legend", legend)
    book.close()
    return raw.getvalue()


def _content(data: bytes) -> list:
    """Everything a reader sees in a workbook: each sheet's title (in order), every cell's
    value and type as openpyxl reads it and as the XML holds it (type, text, kept spaces),
    the column widths, the frozen pane, the autofilter and the used range."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    book = load_workbook(io.BytesIO(data))
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheets = []
    for number, ws in enumerate(book.worksheets, 1):
        root = ET.fromstring(archive.read(f"xl/worksheets/sheet{number}.xml"))
        raw_cells = [
            (c.get("r"), c.get("t"), "".join(c.itertext()), [t.attrib for t in c.iter(main + "t")])
            for c in root.iter(main + "c")
        ]
        cells = [
            (c.coordinate, c.value, type(c.value).__name__, c.data_type)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        widths = [(d.min, d.max, d.width, d.customWidth) for d in ws.column_dimensions.values()]
        view = ws.sheet_view.pane
        pane = (view.ySplit, view.xSplit, view.topLeftCell, view.state) if view else None
        sheets.append(
            (ws.title, cells, raw_cells, widths, ws.freeze_panes, pane, ws.auto_filter.ref)
            + (ws.dimensions, ws.max_row, ws.max_column)
        )
    return sheets


def _same_workbook(sheets, lang, vocabulary):
    new = to_xlsx(sheets, lang=lang, vocabulary=vocabulary)
    old = _reference_workbook(sheets, lang, vocabulary)
    ours, theirs = _content(new), _content(old)
    assert [s[0] for s in ours] == [s[0] for s in theirs]
    for mine, reference in zip(ours, theirs):
        for what, a, b in zip(("title", "cells", "xml", "widths"), mine, reference):
            assert a == b, (mine[0], what)
        assert mine == reference, mine[0]
    assert new == to_xlsx(sheets, lang=lang, vocabulary=vocabulary)  # same input, same bytes
    return ours


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_workbook_content_equals_the_xlsxwriter_workbook(net, tmp_path, lang):
    town = tg.load(synth.write_city(tmp_path / "town", 600, seed=4))
    for network in (net, town):
        a = tg.analyse(network, as_of=DAY)
        sheets = _same_workbook(workbook_sheets(a), lang, network.vocabulary)
        assert sum(len(s[1]) for s in sheets) > 500


HOSTILE_TEXT = [
    "=SUM(A1)",
    "+1",
    "-1",
    "@x",
    '=HYPERLINK("http://x","y")',
    "a\x01b\x08c\x0bd\x0ce\x1bf\x1fg\x7fh",
    "cr\rlf\ntab\tend",
    "_x0041_",
    "_X00aF_ and _x004_ and __x0041__",
    "\x01_x0041_",
    "\ufffe\uffff",
    "&<>\"'",
    "&amp; &lt;",
    " leading",
    "trailing ",
    "\tboth\n",
    "\u3000全角空白\u3000",
    "森本フミ（上津）",
    "😀 𠮷野家",
    "x" * 40_000,
    "𠮷" * 20_000,
    "y" * 32_766 + "😀z",
    "",
    "true",
    "1e5",
    "0012",
    "http://example.com",
]


def test_hostile_cells_read_back_as_the_xlsxwriter_workbook_wrote_them():
    n = len(HOSTILE_TEXT)
    frame = pd.DataFrame(
        {
            "name": HOSTILE_TEXT,
            "id": HOSTILE_TEXT[::-1],
            "lsns_at_risk": [i % 3 == 0 for i in range(n)],
            "linked": pd.array([True, None, False] * (n // 3), dtype="boolean"),
            "lsns6": pd.array([None if i % 4 else i for i in range(n)], dtype="Int64"),
            "supporters": [2**53 + 1, 10**15, 10**16, -(10**17), 2**62, 0] * (n // 6)
            + [7] * (n % 6),
            "capacity": [0.1 + 0.2, 1e-7, 1e300, -0.0, float("nan"), 2.5] * (n // 6)
            + [1.0] * (n % 6),
            "single_points": [("a", "b\x02"), (), ("=x",)] * (n // 3),
            "needs": [{"work": "uncovered", "care": ("v-1", "v-2")}, {}, {"x": "&"}] * (n // 3),
            "district": ["text", 3, True, None, 2.5, ""] * (n // 6) + [""] * (n % 6),
            "need_single_points": [""] * n,
            "status": HOSTILE_TEXT[1:] + ["孤立"],
        }
    )
    vocabulary = tg.load().vocabulary
    for lang in ("en", "ja"):
        sheets = _same_workbook(
            {"residents_at_risk": frame, "critical": frame[[]]}, lang, vocabulary
        )
        cells = {c[0]: c[1] for c in sheets[0][1]}
        assert cells["A2"] == "=SUM(A1)" and all(
            c[3] == "s" for c in sheets[0][1] if isinstance(c[1], str)
        )
        # Excel's escape of a text that reads as an escape: Excel shows _x0041_, not A
        # (openpyxl shows the escape itself, for either writer)
        assert cells["A9"] == "_x005F_x0041_"
        assert cells["A13"] == "&<>\"'" and cells["A14"] == "&amp; &lt;"
        assert cells["A15"] == " leading" and cells["A16"] == "trailing "
        assert len(cells["A21"]) == 32_767  # Excel's longest text


def test_a_number_that_is_not_finite_or_a_title_excel_refuses_is_an_error():
    with pytest.raises(ValueError, match="finite"):
        write_xlsx(io.BytesIO(), [Sheet("s", [["n", float("inf")]], [6])])
    for titles in (["a/b"], ["x" * 32], ["a", "A"], [""]):
        with pytest.raises(ValueError):
            write_xlsx(io.BytesIO(), [Sheet(t, [["n"]], [6]) for t in titles])
