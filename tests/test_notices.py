"""Reading real 台帳 files: title rows, Japanese sheet names, typos with a suggestion, dates
as Excel keeps them, errors in Japanese, and the warnings of a network that loads."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook
from test_cli import run
from test_io import NODES, SUPPORTS, write_folder

import tsunagari as tg

TITLE = "伊賀市 支援台帳（令和6年度）,,,,,,,,,\n作成: 地域福祉課,,,,,,,,,\n"


def _book(path, sheets: dict[str, list[list[object]]], *, hidden=()):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    book.save(path)
    return path


def _rows(text: str) -> list[list[object]]:
    return [line.split(",") for line in text.strip("\n").split("\n")]


# ------------------------------------------------------------------ title rows above the header


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_title_rows_above_the_csv_header(tmp_path, encoding):
    reference = tg.load(write_folder(tmp_path / "ref"))
    folder = write_folder(tmp_path / encoding, TITLE + NODES, "支援一覧\n" + SUPPORTS, encoding)
    net = tg.load(folder)
    pd.testing.assert_frame_equal(net.nodes, reference.nodes)
    pd.testing.assert_frame_equal(net.supports, reference.supports)
    # rows keep the numbers the spreadsheet shows: the header is row 3, the last node row 9
    bad = write_folder(
        tmp_path / "bad", TITLE + NODES + "x1,X,voluntere,,,,,,,\n", encoding=encoding
    )
    with pytest.raises(tg.InputError) as info:
        tg.load(bad)
    assert [(p.path, p.row, p.column) for p in info.value.problems] == [("nodes.csv", 10, "kind")]


def test_a_title_with_fewer_cells_than_the_header(tmp_path):
    folder = write_folder(tmp_path, "支援台帳\n\n" + NODES, SUPPORTS)
    assert len(tg.load(folder).nodes) == 6
    broken = write_folder(tmp_path / "b", "支援台帳\n\n" + NODES + "x,X,agency,,,,,,,,,\n")
    with pytest.raises(tg.InputError) as info:
        tg.load(broken)
    assert (info.value.row, str(info.value.problems[0].message)) == (
        10,
        "has 12 cells, more than the header",
    )


def test_title_rows_above_a_sheet_header_and_japanese_sheet_names(tmp_path):
    reference = tg.load(write_folder(tmp_path / "ref"))
    nodes = [["支援台帳"], [], *_rows(NODES)]
    path = _book(tmp_path / "台帳.xlsx", {"住民・組織": nodes, "支援関係": _rows(SUPPORTS)})
    net = tg.load(path)
    assert list(net.nodes["id"]) == list(reference.nodes["id"])
    assert net.nodes.loc[3, "lsns6"] == 14
    for names in (("ノード", "支援"), ("人と組織", "つながり"), ("ＮＯＤＥＳ", "Supports ")):
        other = _book(tmp_path / f"{names[0]}.xlsx", {names[0]: nodes, names[1]: _rows(SUPPORTS)})
        assert len(tg.load(other).supports) == len(reference.supports), names


def test_a_workbook_without_known_sheets_lists_the_sheets_found(tmp_path):
    path = _book(tmp_path / "one.xlsx", {"Sheet1": _rows(NODES)})
    with pytest.raises(tg.InputError) as info:
        tg.load(path)
    said = [str(p.message) for p in info.value.problems]
    assert said == [
        "has no sheet 'nodes' (also accepted: 住民・組織, 住民と組織, 人と組織, ノード); "
        "sheets found: 'Sheet1'",
        "has no sheet 'supports' (also accepted: 支援関係, 支援, つながり); sheets found: 'Sheet1'",
    ]
    result = run("check", path, "--lang", "ja")
    assert result.exit_code == 1
    assert "エラー: one.xlsx：シート「nodes」がありません" in result.stderr
    assert "見つかったシート: 'Sheet1'" in result.stderr


def test_two_sheets_that_could_be_the_nodes(tmp_path):
    path = _book(
        tmp_path / "two.xlsx",
        {"nodes": _rows(NODES), "ノード": _rows(NODES), "支援": _rows(SUPPORTS)},
    )
    with pytest.raises(tg.InputError) as info:
        tg.load(path)
    assert str(info.value) == "two.xlsx: has 2 visible sheets named 'nodes': 'nodes', 'ノード'"


# ------------------------------------------------------------------ codes: width and typos


def test_full_width_codes_are_read(tmp_path):
    nodes = NODES.replace(
        "shakyo,伊賀市社会福祉協議会,相談支援機関・行政", "shakyo,社協,ＡＧＥＮＣＹ"
    )
    nodes = nodes.replace("watasei,わたせい,企業", "watasei,わたせい,ＮＰＯ")
    nodes = nodes.replace(",employment,3,", ",ＥＭＰＬＯＹＭＥＮＴ,3,")
    supports = SUPPORTS.replace(
        "shakyo,a,support,learning,formal,weekly",
        "shakyo,a,ＳＵＰＰＯＲＴ,ｌｅａｒｎｉｎｇ,ＦＯＲＭＡＬ,ｗｅｅｋｌｙ",
    )
    net = tg.load(write_folder(tmp_path, nodes, supports))
    kinds = dict(zip(net.nodes["id"], net.nodes["kind"]))
    assert kinds["shakyo"] == "agency" and kinds["watasei"] == "npo"
    assert net.nodes.loc[2, "services"] == ("employment",)
    first = net.supports.loc[0]
    assert (first["relation"], first["domain"], first["formality"], first["frequency"]) == (
        "support",
        "learning",
        "formal",
        "weekly",
    )


def test_did_you_mean_for_codes_in_both_languages(tmp_path):
    nodes = (
        NODES
        + "v1,V,ボランテイア,,,,,,,\n"
        + "v2,W,volunter,,,,food_insecurty,,,\n"
        + "v3,X,npo,,,,hikkikomori,,,\n"
    )
    supports = SUPPORTS + "city,a,suport,donaton,formel,weakly,,,\n"
    folder = write_folder(tmp_path, nodes, supports)
    with pytest.raises(tg.InputError) as info:
        tg.load(folder)
    said = {(p.path, p.row, p.column): p.message for p in info.value.problems}
    kind = said[("nodes.csv", 8, "kind")]
    assert "did you mean 'ボランティア'?" in str(kind)
    assert kind.text("ja").startswith(
        "種別「ボランテイア」は使えません。「ボランティア」のことですか？"
    )
    assert "did you mean 'food_insecurity'?" in str(said[("nodes.csv", 9, "services")])
    # a service one typo from someone's need (ひきこもり, resident s) is not spelt out
    assert "hikikomori" not in str(said[("nodes.csv", 10, "services")])
    assert "did you mean 'support'?" in str(said[("supports.csv", 9, "relation")])
    assert "did you mean 'donation'?" in str(said[("supports.csv", 9, "domain")])
    assert "did you mean 'formal'?" in str(said[("supports.csv", 9, "formality")])
    assert "did you mean 'weekly'?" in str(said[("supports.csv", 9, "frequency")])
    result = run("check", folder, "--lang", "ja")
    assert (
        "エラー: nodes.csv、8 行目、列「kind」：種別「ボランテイア」は使えません" in result.stderr
    )


def test_a_need_is_never_echoed_nor_suggested(tmp_path):
    # a typo of a need is a need: neither it nor the code meant is shown
    nodes = NODES.replace(
        "s,山田タロウ,resident,,柘植,ひきこもり", "s,山田タロウ,resident,,柘植,hikkikomori"
    )
    # nor is a support's domain that is one typo from a 要配慮 code (dementia)
    supports = SUPPORTS + "city,m,support,dementa,,,,,\n"
    with pytest.raises(tg.InputError) as info:
        tg.load(write_folder(tmp_path, nodes, supports))
    text = str(info.value) + "".join(p.message.text("ja") for p in info.value.problems)
    assert "hikkikomori" not in text and "hikikomori" not in text and "ひきこもり" not in text
    assert "dementa" not in text and "dementia" not in text and "認知症" not in text
    assert [p.value for p in info.value.problems] == [None, None]
    assert "tsunagari domains" in str(info.value)


def test_list_separators_the_reader_accepts(tmp_path):
    nodes = NODES.replace(
        "a,Aさん,住民,,上野南部,school_non_attendance;学習支援;employment",
        'a,Aさん,住民,,上野南部,"school_non_attendance, 学習支援、employment"',
    )
    net = tg.load(write_folder(tmp_path, nodes))
    assert net.nodes.loc[3, "needs"] == ("school_non_attendance", "learning", "employment")


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("typed", ["R3/4/1", "r3-4-1", "H33.4.1", "令和3年4月1日", "2021/4/1 0:00"])
def test_era_abbreviations_and_times(tmp_path, typed):
    supports = SUPPORTS.replace("2019-04-01", typed)
    net = tg.load(write_folder(tmp_path, supports=supports))
    assert net.supports.loc[0, "since"] == pd.Timestamp("2021-04-01")


def test_excel_date_cells_with_a_time_are_the_day(tmp_path):
    rows = _rows(SUPPORTS)
    rows[1][6] = dt.datetime(2019, 4, 1, 0, 0)
    rows[2][6] = dt.datetime(2022, 4, 1, 14, 30)
    rows[3][6] = dt.date(2021, 6, 1)
    path = _book(tmp_path / "d.xlsx", {"nodes": _rows(NODES), "supports": rows})
    since = tg.load(path).supports["since"].tolist()
    assert since[:3] == [pd.Timestamp(d) for d in ("2019-04-01", "2022-04-01", "2021-06-01")]


def test_a_bad_date_lists_the_accepted_forms_in_both_languages(tmp_path):
    supports = SUPPORTS.replace("2019-04-01", "2019-13-01")
    folder = write_folder(tmp_path, supports=supports)
    with pytest.raises(tg.InputError) as info:
        tg.load(folder)
    problem = info.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (2, "since", "2019-13-01")
    assert str(problem.message) == (
        "expected a date such as 2021-04-01, 2021/4/1, 令和3年4月1日, R3/4/1, H31.4.1 or an "
        "Excel date cell, found '2019-13-01'"
    )
    assert "令和3年4月1日、R3/4/1" in problem.message.text("ja")


@pytest.mark.parametrize("day", ["令和8年11月27日", "R8/11/27", "2026/11/27", "R8.11.27"])
def test_as_of_takes_every_date_form_of_the_files(day):
    result = run("isolated", "--as-of", day, "--format", "json", "--status", "all")
    reference = run("isolated", "--as-of", "2026-11-27", "--format", "json", "--status", "all")
    assert result.exit_code == 0 and result.stdout == reference.stdout


# ------------------------------------------------------------------ warnings


WARNED_NODES = NODES + "r9,R9,resident,,上野南部地区,,,,,\n" + "r10,R10,resident,,上野南部,,,,,\n"
WARNED_SUPPORTS = (
    SUPPORTS
    + "r9,city,support,,,,,,\n"  # row 9: a resident supporting an agency: swapped?
    + "city,r10,support,,,,2999-01-01,,\n"  # row 10: starts after today
)


def test_warnings_on_the_network(tmp_path):
    net = tg.load(write_folder(tmp_path, WARNED_NODES, WARNED_SUPPORTS))
    assert [str(w) for w in net.warnings] == [
        "1 supports run from a resident to an agency (supports.csv, rows 9): are source and "
        "target swapped?",
        "1 supports start after today (supports.csv, rows 10): they are not active yet",
        "2 spellings of a district differ only by a suffix (地区, 町, 区) or by character width "
        "(nodes.csv, rows 5, 8); they count as different districts",
    ]
    assert (
        net.warnings[0]
        .text("ja")
        .startswith("住民から機関への支援が 1 件あります（supports.csv の 9 行目）")
    )
    assert tg.load(write_folder(tmp_path / "clean")).warnings == []


def test_districts_differing_by_width_and_from_frames():
    nodes = pd.DataFrame(
        {
            "id": ["a", "r1", "r2", "r3"],
            "name": ["A", "B", "C", "D"],
            "kind": ["agency", "resident", "resident", "resident"],
            "district": ["", "上野西部", "上野西部地区", "ｳｴﾉ"],
        }
    )
    supports = pd.DataFrame({"source": ["a", "a"], "target": ["r1", "r3"]})
    net = tg.from_frames(nodes, supports)
    assert [w.key for w in net.warnings] == ["warn_districts"]
    assert "(nodes, rows 3, 4)" in str(net.warnings[0])
    wide = nodes.assign(district=["", "上野西部", "ＡＢ町", "AB"])
    assert "(nodes, rows 4, 5)" in str(tg.from_frames(wide, supports).warnings[0])


def test_warnings_never_show_names_ids_or_districts(tmp_path):
    net = tg.load(write_folder(tmp_path, WARNED_NODES, WARNED_SUPPORTS))
    text = " ".join(w.text(lang) for w in net.warnings for lang in ("ja", "en"))
    for secret in ("R9", "R10", "r9", "r10", "上野南部", "city"):
        assert secret not in text, secret


def test_formula_cells_without_a_result_are_warned_of(tmp_path):
    rows = _rows(SUPPORTS)
    rows[1][7] = "=G2+365"  # openpyxl saves a formula without its result, as some tools do
    path = _book(tmp_path / "f.xlsx", {"nodes": _rows(NODES), "supports": rows})
    net = tg.load(path)
    assert pd.isna(net.supports.loc[0, "until"])  # read as empty, as before
    assert [str(w) for w in net.warnings] == [
        "1 formula cells hold no saved result and were read as empty (f.xlsx[supports], cells "
        "H2); open and save the workbook in Excel to store the results"
    ]


def test_check_prints_warnings_under_ok_and_commands_on_stderr(tmp_path):
    folder = write_folder(tmp_path, WARNED_NODES, WARNED_SUPPORTS)
    result = run("check", folder, "--lang", "ja")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OK: ノード 8（")
    assert [line.split("：")[0].split(":")[0] for line in lines[1:]] == ["注意"] * 3
    assert result.stderr == ""
    assert len(run("check", folder, "--quiet").stdout.splitlines()) == 4  # check's own output
    shown = run("isolated", folder, "--format", "json", "--lang", "en")
    assert shown.exit_code == 0
    assert shown.stderr.splitlines()[0].startswith("Warning: 1 supports run from a resident")
    assert len(shown.stderr.splitlines()) == 3
    pd.read_json(__import__("io").StringIO(shown.stdout))  # stdout stays JSON
    quiet = run("isolated", folder, "--format", "json", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == shown.stdout
    ja = run("critical", folder, "--lang", "ja")
    assert ja.stderr.startswith("注意: 住民から機関への支援が 1 件あります")


def test_a_bad_user_vocabulary_is_said_in_both_languages(tmp_path):
    path = tmp_path / "domains.csv"
    path.write_text("code,ja,en,sensitivity\nfarming,農業,farming,secret\n", encoding="utf-8")
    with pytest.raises(tg.InputError) as info:
        tg.load_vocabulary(path)
    said = info.value.problems[0].message
    assert str(said).startswith("unknown sensitivity 'secret' (expected one of: public")
    assert said.text("ja").startswith("機微度「secret」は使えません")
