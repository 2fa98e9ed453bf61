"""Reading networks: encodings, Excel, Japanese headers, and every validation error located."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import tsunagari as tg
from tsunagari import synth
from tsunagari.io import files, write_atomic

NODES = """id,name,kind,subtype,district,needs,services,capacity,lsns6,note
city,伊賀市地域包括支援センター,agency,地域包括支援センター,,,elderly_care;watching_over,,,
shakyo,伊賀市社会福祉協議会,相談支援機関・行政,社協,,,learning;hikikomori,40,,
watasei,わたせい,企業,,上野東部,,employment,3,,マスクポスト
a,Aさん,住民,,上野南部,school_non_attendance;学習支援;employment,,,14,
m,山田ハナ,resident,,柘植,elderly_care;mobility_shopping,,,8,
s,山田タロウ,resident,,柘植,ひきこもり,,,3,
"""
SUPPORTS = """source,target,relation,domain,formality,frequency,since,until,note
shakyo,a,support,learning,formal,weekly,2019-04-01,,学習支援
watasei,a,support,employment,,weekly,2022-04-01,,
watasei,shakyo,連携,donation,,,2021-06-01,,
city,m,support,elderly_care,,monthly,2020-01-01,,
m,s,support,hikikomori,,daily,,,
s,m,support,mobility_shopping,,weekly,,,
city,s,support,,,,2018-01-01,2022-03-31,ended
"""


def write_folder(folder: Path, nodes: str = NODES, supports: str = SUPPORTS, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nodes.csv").write_bytes(nodes.encode(encoding))
    (folder / "supports.csv").write_bytes(supports.encode(encoding))
    return folder


def problems(path) -> list[tuple]:
    with pytest.raises(tg.InputError) as info:
        tg.load(path)
    return [(p.path, p.row, p.column, p.value) for p in info.value.problems]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_encodings_load_identically(tmp_path, encoding):
    reference = tg.load(write_folder(tmp_path / "ref"))
    net = tg.load(write_folder(tmp_path / encoding, encoding=encoding))
    pd.testing.assert_frame_equal(net.nodes, reference.nodes)
    pd.testing.assert_frame_equal(net.supports, reference.supports)
    assert net.nodes.loc[3, "name"] == "Aさん"


def _utf8_ish() -> st.SearchStrategy[bytes]:
    """Bytes near UTF-8: text encoded (surrogates, 4-byte characters), sometimes cut or with
    a byte changed, and any bytes."""
    encoded = st.text(max_size=8).map(lambda t: t.encode("utf-8", "surrogatepass"))
    damaged = st.tuples(encoded, st.integers(0, 7), st.integers(0, 255)).map(
        lambda e: e[0][: e[1]] + bytes([e[2]]) + e[0][e[1] + 1 :]
    )
    return st.one_of(encoded, damaged, st.binary(max_size=8))


@settings(max_examples=2000, deadline=None)
@given(_utf8_ish())
def test_utf8_is_judged_as_python_decodes_it(data):
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert files.is_utf8(data) is valid


def test_crlf_shift_jis_as_excel_saves_it(tmp_path):
    folder = write_folder(
        tmp_path, NODES.replace("\n", "\r\n"), SUPPORTS.replace("\n", "\r\n"), encoding="cp932"
    )
    net = tg.load(folder)
    assert list(net.nodes["id"]) == ["city", "shakyo", "watasei", "a", "m", "s"]
    assert net.nodes.loc[5, "name"] == "山田タロウ"


def test_parsed_values(tmp_path):
    net = tg.load(write_folder(tmp_path))
    nodes = net.nodes.set_index("id")
    assert nodes.loc["a", "needs"] == ("school_non_attendance", "learning", "employment")
    assert nodes.loc["s", "needs"] == ("hikikomori",)
    assert nodes.loc["shakyo", "kind"] == "agency" and nodes.loc["watasei", "kind"] == "company"
    assert nodes.loc["shakyo", "capacity"] == 40 and pd.isna(nodes.loc["city", "capacity"])
    assert nodes.loc["a", "lsns6"] == 14
    assert nodes.loc["watasei", "note"] == "マスクポスト"  # extra columns are kept
    sup = net.supports
    assert sup.loc[2, "relation"] == "collaboration"
    assert sup.loc[1, "formality"] == "semi_formal"  # derived from the company's kind
    assert sup.loc[4, "formality"] == "informal"  # resident → informal
    assert sup.loc[6, "until"] == pd.Timestamp("2022-03-31")
    assert net.active("2022-03-30")[6] and not net.active("2022-03-31")[6]


def test_japanese_headers(tmp_path):
    nodes = NODES.replace(
        "id,name,kind,subtype,district,needs,services,capacity,lsns6",
        "ID,氏名,種別,区分,地区,ニーズ,支援分野,受入上限,lsns6",
    )
    supports = SUPPORTS.replace(
        "source,target,relation,domain,formality,frequency,since,until",
        "支援元,支援先,関係,分野,formality,頻度,開始日,終了日",
    )
    net = tg.load(write_folder(tmp_path, nodes, supports))
    reference = tg.load(write_folder(tmp_path / "ref"))
    pd.testing.assert_frame_equal(net.nodes, reference.nodes)
    pd.testing.assert_frame_equal(net.supports, reference.supports)


def write_xlsx(path: Path, nodes: str = NODES, supports: str = SUPPORTS, *, numeric=False):
    book = Workbook()
    book.remove(book.active)
    book.create_sheet("README").append(["extra sheets are ignored"])
    for title, text in (("nodes", nodes), ("supports", supports)):
        sheet = book.create_sheet(title)
        for line in text.strip("\n").split("\n"):
            cells = line.split(",")
            if numeric:
                cells = [int(c) if c.isdigit() else c for c in cells]
            sheet.append(cells)
        sheet.append([])  # an empty trailing row
    book.save(path)
    return path


def test_xlsx_equals_csv(tmp_path):
    reference = tg.load(write_folder(tmp_path / "ref"))
    net = tg.load(write_xlsx(tmp_path / "town.xlsx", numeric=True))
    pd.testing.assert_frame_equal(net.nodes, reference.nodes)
    pd.testing.assert_frame_equal(net.supports, reference.supports)


def test_xlsx_errors_name_the_sheet(tmp_path):
    bad = NODES.replace("a,Aさん,住民", "a,Aさん,voluntere")
    assert problems(write_xlsx(tmp_path / "town.xlsx", bad)) == [
        ("town.xlsx[nodes]", 5, "kind", "voluntere")
    ]


def test_every_problem_is_located_at_once(tmp_path):
    nodes = (
        NODES
        + "\n".join(
            [
                "a,二重,resident,,,,,,,",  # row 8: duplicate id
                "x1,X,voluntere,,,,,,,",  # row 9: unknown kind
                "x2,Y,resident,,,hikkikomori,,,,",  # row 10: unknown need code
                "x3,Z,npo,,,,,many,,",  # row 11: bad capacity
                "x4,W,resident,,,,,,31,",  # row 12: lsns6 out of range
                ",V,resident,,,,,,,",  # row 13: empty id
                "x5,,resident,,,,,,,",  # row 14: empty name
            ]
        )
        + "\n"
    )
    supports = (
        SUPPORTS
        + "\n".join(
            [
                "shakyo,R-1O4,support,,,,,,",  # row 9: dangling target
                "a,a,support,,,,,,",  # row 10: self-loop
                "shakyo,a,support,,,,2021-13-01,,",  # row 11: bad date
                "city,a,collaboration,,,,,,",  # row 12: collaboration with a resident
                "city,a,support,shopping,,,,,",  # row 13: unknown domain
                "city,a,support,,,,2022-01-01,2021-01-01,",  # row 14: ends before it starts
                "city,a,support,,casual,,,,",  # row 15: unknown formality
            ]
        )
        + "\n"
    )
    folder = write_folder(tmp_path, nodes, supports)
    before = digest(folder)
    assert problems(folder) == [
        ("nodes.csv", 8, "id", None),  # ids, names, needs and domains are never shown
        ("nodes.csv", 9, "kind", "voluntere"),
        ("nodes.csv", 10, "needs", None),
        ("nodes.csv", 11, "capacity", None),  # not a number: may be a name pushed along
        ("nodes.csv", 12, "lsns6", "31"),
        ("nodes.csv", 13, "id", None),
        ("nodes.csv", 14, "name", None),
        ("supports.csv", 9, "target", None),
        ("supports.csv", 10, "target", None),
        ("supports.csv", 11, "since", "2021-13-01"),
        ("supports.csv", 12, "relation", "collaboration"),
        ("supports.csv", 13, "domain", None),
        ("supports.csv", 14, "until", "2021-01-01"),
        ("supports.csv", 15, "formality", None),  # not close to any formality
    ]
    assert digest(folder) == before  # input files untouched


def test_messages_say_what_was_expected(tmp_path):
    folder = write_folder(tmp_path, NODES + "x1,X,voluntere,,,,,,,\n")
    with pytest.raises(tg.InputError) as info:
        tg.load(folder)
    assert str(info.value) == (
        "nodes.csv, row 8, column 'kind': unknown kind 'voluntere' "
        "(did you mean 'volunteer'? "
        "expected one of: agency, company, group, npo, resident, volunteer)"
    )


def test_no_resident_name_or_need_in_messages(tmp_path):
    nodes = NODES.replace(
        "a,Aさん,住民,,上野南部,school_non_attendance", "a,Aさん,住民,,上野南部,不登校x"
    )
    nodes += "a,山田ハナコ,resident,,,hikikomori,,,99,\n"
    with pytest.raises(tg.InputError) as info:
        tg.load(write_folder(tmp_path, nodes))
    text = str(info.value)
    for private in ("Aさん", "山田ハナコ", "学習支援", "employment", "hikikomori", "不登校x"):
        assert private not in text  # not even an unknown need: it may be a diagnosis
    assert "nodes.csv, row 5, column 'needs': an unknown domain code" in text


def test_missing_columns_and_files(tmp_path):
    folder = write_folder(tmp_path / "cols", NODES.replace("kind,", "kinds,", 1))
    assert ("nodes.csv", 1, None, None) in problems(folder)
    only_nodes = tmp_path / "half"
    only_nodes.mkdir()
    (only_nodes / "nodes.csv").write_text(NODES, encoding="utf-8")
    assert problems(only_nodes) == [("supports.csv", None, None, None)]
    assert problems(tmp_path / "nowhere")[0][1:] == (None, None, None)
    assert problems(write_folder(tmp_path / "n") / "nodes.csv")[0][0] == "nodes.csv"


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02id,name\n", "id,name\n\u3042".encode("utf-8")[:-1] + b"\xff\xfe"],
)
def test_undecodable_files_are_errors(tmp_path, content):
    folder = write_folder(tmp_path)
    (folder / "nodes.csv").write_bytes(content)
    found = problems(folder)
    assert found[0][0] == "nodes.csv"


def test_bad_workbook(tmp_path):
    fake = tmp_path / "town.xlsx"
    fake.write_bytes(b"not a zip at all")
    assert problems(fake) == [("town.xlsx", None, None, None)]
    book = Workbook()
    book.active.title = "nodes"
    book.save(tmp_path / "half.xlsx")
    assert problems(tmp_path / "half.xlsx") == [("half.xlsx", None, None, None)]


def test_user_vocabulary(tmp_path):
    nodes = NODES.replace("ひきこもり", "ひきこもり;farm_work")
    folder = write_folder(tmp_path, nodes)
    assert problems(folder) == [("nodes.csv", 7, "needs", None)]
    (folder / "domains.csv").write_text(
        "code,ja,en,sensitivity\nfarm_work,農作業,farm work,internal\n", encoding="utf-8"
    )
    net = tg.load(folder)
    assert net.nodes.loc[5, "needs"] == ("hikikomori", "farm_work")
    assert net.vocabulary.label("farm_work", "ja") == "農作業"
    assert net.vocabulary.label("hikikomori", "en") == "social withdrawal"


def test_write_atomic_refuses_inputs_and_missing_folders(tmp_path):
    folder = write_folder(tmp_path / "net")
    before = digest(folder)
    with pytest.raises(tg.InputError, match="input file"):
        write_atomic(folder / "nodes.csv", "x", protect=[folder])
    with pytest.raises(tg.InputError, match="folder does not exist"):
        write_atomic(tmp_path / "no" / "out.html", "x")
    out = write_atomic(tmp_path / "out.html", "<p>つながり</p>")
    assert out.read_text(encoding="utf-8") == "<p>つながり</p>"
    assert digest(folder) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_sample_loads():
    net = tg.load()
    assert len(net.nodes) > 80
    assert set(net.nodes["kind"]) == {"resident", "agency", "company", "npo", "volunteer", "group"}


@pytest.mark.parametrize(
    "typed",
    [
        "2021-04-01",
        "2021/4/1",
        "２０２１／４／１",
        "2021年4月1日",
        "令和3年4月1日",
        "R3.4.1",
        "r3.4.1",
        "44287",
    ],
)
def test_dates_as_people_type_them(tmp_path, typed):
    supports = SUPPORTS.replace(
        "shakyo,a,support,learning,formal,weekly,2019-04-01",
        f"shakyo,a,support,learning,formal,weekly,{typed}",
    )
    net = tg.load(write_folder(tmp_path, supports=supports))
    assert net.supports.loc[0, "since"] == pd.Timestamp("2021-04-01")


def test_heisei_and_gannen(tmp_path):
    supports = SUPPORTS.replace(",2022-03-31,", ",平成31年4月30日,").replace(
        "city,s,support,,,,2018-01-01", "city,s,support,,,,H30.1.1"
    )
    net = tg.load(write_folder(tmp_path, supports=supports))
    assert net.supports.loc[6, ["since", "until"]].tolist() == [
        pd.Timestamp("2018-01-01"),
        pd.Timestamp("2019-04-30"),
    ]


def test_ids_stay_text_and_numbers_are_forgiving(tmp_path):
    nodes = NODES.replace("\na,Aさん,住民", "\n007,Aさん,住民").replace(
        "shakyo,伊賀市社会福祉協議会,相談支援機関・行政,社協,,,learning;hikikomori,40,,",
        "　shakyo　, 伊賀市社会福祉協議会 ,相談支援機関・行政,社協,,,learning;hikikomori,４０,,",
    )
    supports = SUPPORTS.replace("shakyo,a,", "shakyo,007,").replace("watasei,a,", "watasei,007,")
    net = tg.load(write_folder(tmp_path, nodes, supports))
    assert net.nodes.loc[3, "id"] == "007"
    assert net.nodes.loc[1, ["id", "name", "capacity"]].tolist() == [
        "shakyo",
        "伊賀市社会福祉協議会",
        40,
    ]


def test_ids_differing_only_in_spaces_are_one_id(tmp_path):
    """Cells are stripped, so 'a' and ' a ' name the same node: a duplicate, and one end."""
    nodes = NODES + '" a ",別人,resident,,,,,,,\n'
    assert problems(write_folder(tmp_path / "dup", nodes=nodes)) == [("nodes.csv", 8, "id", None)]
    supports = SUPPORTS + '" city ",  a  ,support,,,,,,\n'
    net = tg.load(write_folder(tmp_path / "ends", supports=supports))
    last = len(net.supports) - 1
    assert net.nodes["id"][net.source_index[last]] == "city"
    assert net.nodes["id"][net.target_index[last]] == "a"
    assert net.supports.loc[last, ["source", "target"]].tolist() == ["city", "a"]


def test_derived_networks_index_their_ends():
    """without() and with_supports() hand their support ends on; they must be the rows."""
    from tsunagari.network import Network

    net = tg.load()
    ids = net.nodes["id"].tolist()
    for derived in (
        net.without(nodes=ids[:60:7], supports=[0, 3]),
        net.with_supports(pd.DataFrame({"source": ids[:3], "target": ids[40:43]})),
    ):
        fresh = Network(derived.nodes, derived.supports, derived.vocabulary)
        assert derived.source_index.tolist() == fresh.source_index.tolist()
        assert derived.target_index.tolist() == fresh.target_index.tolist()


def test_supports_added_to_columns_are_those_added_to_frames(tmp_path):
    """with_supports() on a network held as columns (appended without pandas) and on one
    whose frames were made give one table; the new rows are filled as a file leaving the
    columns empty is read."""
    city = synth.write_city(tmp_path / "town", 60, seed=2)
    rows = {"source": ["G00079", "R000001"], "target": ["R000002", "R000003"]}
    held, framed = tg.load(city), tg.load(city)
    framed.supports, framed.nodes  # noqa: B018 - the frames made
    more = held.with_supports({**rows, "domain": ["care", "learning"]})
    assert "supports" not in more.__dict__  # still columns
    same = framed.with_supports(pd.DataFrame({**rows, "domain": ["care", "learning"]}))
    pd.testing.assert_frame_equal(more.supports, same.supports)
    pd.testing.assert_frame_equal(more.nodes, same.nodes)
    read = tg.load(write_folder(tmp_path / "read", supports=SUPPORTS))
    added = tg.load(write_folder(tmp_path / "more", supports=SUPPORTS + "shakyo,a,support,,,,,,\n"))
    appended = read.with_supports({"source": ["shakyo"], "target": ["a"]})
    pd.testing.assert_frame_equal(appended.supports, added.supports)
    assert appended.source_index.tolist() == added.source_index.tolist()
