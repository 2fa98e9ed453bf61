"""Tables for Excel: CSV with a BOM or in cp932, Japanese labels for people, ``-o FILE``,
and a real spreadsheet program reading them."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from test_cli import run
from test_io import NODES, write_folder

import tsunagari as tg
from tsunagari import tables
from tsunagari.excel import csv_bytes, labelled
from tsunagari.vocabulary import NEED_STATUSES, STATUSES
from tsunagari.words import word

DAY = "2026-11-27"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def a():
    return tg.analyse(tg.load(), as_of=DAY)


def _frames(a):
    """Each table command's arguments and the library frame its CSV writes."""
    gaps = a.gaps()
    return {
        "isolated": (["isolated"], a.at_risk()),
        "critical": (["critical"], a.critical()),
        "gaps": (["gaps"], gaps.by_district),
        "pairs": (["gaps", "--pairs"], gaps.domain_pairs),
        "whatif": (["whatif", "--remove", "vol-minsei-01"], a.whatif(remove=["vol-minsei-01"])),
        "suggest": (["suggest"], a.suggest()),
        "plan": (["suggest", "--plan", "3"], a.plan(3)),
        "timeline": (["timeline"], None),
    }


def out(*args) -> bytes:
    result = run(*args, "--as-of", DAY)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_csv_without_excel_is_still_the_machine_contract(a):
    for name, (args, frame) in _frames(a).items():
        got = out(*args, "--format", "csv")
        if frame is None:
            frame = tg.timeline(a.net, until=a.as_of).reset_index()
        elif name == "whatif":
            frame = frame.changed
        assert got == tables.to_csv(frame).encode("utf-8"), name
        # --excel in English: the same codes, behind a byte order mark
        assert out(*args, "--format", "csv", "--excel", "--lang", "en") == BOM + got, name


def _rows(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding))))


def test_excel_csv_in_japanese_has_japanese_headers_and_labels(a):
    data = out("isolated", "--format", "csv", "--excel", "--lang", "ja")
    assert data.startswith(BOM)
    rows = _rows(data)
    assert rows[0][:7] == ["ID", "名前", "地区", "状態", "支援者", "一本の糸の要", "ニーズ"]
    first = a.at_risk().iloc[0]
    assert rows[1][0] == first["id"] and rows[1][3] == "孤立" == STATUSES[first["status"]][0]
    v = a.net.vocabulary
    expected = "、".join(
        f"{v.label(d, 'ja')}：{NEED_STATUSES[s][0]}" for d, s in first["needs"].items()
    )
    assert rows[1][6] == expected and "高齢・介護：支援なし" in expected
    assert {r[3] for r in rows[1:]} == {"孤立", "未接続", "一本の糸"}

    critical = _rows(out("critical", "--format", "csv", "--excel", "--lang", "ja"))
    assert critical[0][:4] == ["ID", "名前", "種別", "地区"]
    assert critical[1][2] == "相談支援機関・行政" and critical[1][3] == "市全域"
    gaps = _rows(out("gaps", "--format", "csv", "--excel", "--lang", "ja"))
    assert gaps[0][:3] == ["地区", "分野", "ニーズあり"]
    labels = {d.ja for d in v.domains.values()}
    assert all(r[1] in labels for r in gaps[1:])
    pairs = _rows(out("gaps", "--pairs", "--format", "csv", "--excel", "--lang", "ja"))
    assert {r[5] for r in pairs[1:]} <= {"重なり合い", "一本の糸", "つながりなし"}
    whatif = _rows(
        out("whatif", "--remove", "vol-minsei-01", "--format", "csv", "--excel", "--lang", "ja")
    )
    assert whatif[0][3:5] == ["前", "後"] and "→" in whatif[1][6] and "：" in whatif[1][6]
    suggest = _rows(out("suggest", "--format", "csv", "--excel", "--lang", "ja"))
    assert suggest[0][:4] == ["住民", "地区", "状態", "分野"]
    assert not [h for h in suggest[0] if h.isascii()], suggest[0]  # every column named
    plan = _rows(out("suggest", "--plan", "2", "--format", "csv", "--excel", "--lang", "ja"))
    assert not [h for h in plan[0] if h.isascii() and h != "#"], plan[0]
    timeline = _rows(out("timeline", "--format", "csv", "--excel", "--lang", "ja"))
    assert timeline[0][:2] == ["日付", "ノード"] and "重なり合い" in timeline[0]


def test_cp932_holds_the_same_text_as_utf8():
    for args in (["isolated"], ["suggest", "--plan", "2"], ["critical"]):
        utf8 = out(*args, "--format", "csv", "--excel", "--lang", "ja")
        sjis = out(*args, "--format", "csv", "--excel", "--lang", "ja", "--encoding", "cp932")
        assert not sjis.startswith(BOM)
        assert sjis.decode("cp932") == utf8[len(BOM) :].decode("utf-8"), args
        plain = out(*args, "--format", "csv", "--encoding", "cp932")  # codes, in cp932
        assert plain.decode("cp932") == out(*args, "--format", "csv").decode("utf-8")


def test_a_character_cp932_cannot_hold_is_a_located_error(tmp_path):
    nodes = NODES.replace("山田タロウ", "𠮷田タロウ")  # 𠮷 (U+20BB7) is not in cp932
    folder = write_folder(tmp_path / "net", nodes=nodes)
    target = tmp_path / "out.csv"
    for lang, column in (("en", "name"), ("ja", "名前")):
        args = ["isolated", folder, "--status", "all", "--format", "csv", "--encoding", "cp932"]
        for extra in ([], ["-o", target]):
            result = run(*args, "--excel", "--lang", lang, *extra, "--as-of", DAY)
            assert result.exit_code == 1 and "Traceback" not in result.output
            assert result.stdout == ""  # nothing half-written
            line = result.stderr.splitlines()[0]
            plain = _rows(out(*args[:-2], "--format", "csv"))
            row = next(i for i, r in enumerate(plain, 1) if r[0] == "s")
            said = {
                "en": f"Error: CSV row {row}, column '{column}': character 1 ",
                "ja": f"エラー: CSV の {row} 行目、列「{column}」: セルの 1 文字目",
            }
            assert line.startswith(said[lang]), line
            assert "𠮷" not in result.output and "タロウ" not in result.output  # no name shown
            assert not target.exists()
    # UTF-8 holds it
    assert "𠮷田タロウ" in out("isolated", folder, "--status", "all", "--format", "csv").decode()


def test_cp932_writes_each_jis_character_whatever_its_unicode_spelling(a):
    frame = a.critical().head(3).copy()
    frame["name"] = ["〜の会", "～の会", "A—B"]  # wave dash, full-width tilde, em dash
    data = b"".join(csv_bytes([frame], vocabulary=a.net.vocabulary, encoding="cp932"))
    names = [row[1] for row in _rows(data, "cp932")[1:]]
    assert names == ["～の会", "～の会", "A―B"]  # as Excel on Windows reads the bytes
    assert data.count(b"\x81\x60") == 2 and b"\x81\x5c" in data


def test_excel_and_encoding_need_csv():
    for extra in (["--excel"], ["--encoding", "cp932"]):
        for fmt in ("table", "json"):
            result = run("critical", "--format", fmt, *extra)
            assert result.exit_code == 1
            assert result.stderr == "Error: --excel and --encoding apply to --format csv only\n"


def test_output_file_for_every_format_and_command(tmp_path):
    cases = [
        ["isolated", "--format", "json"],
        ["critical"],
        ["gaps", "--format", "csv", "--excel", "--lang", "ja"],
        ["whatif", "--remove", "vol-minsei-01"],
        ["suggest", "--format", "csv"],  # written a piece at a time
        ["suggest", "--format", "json", "--lang", "ja"],
        ["suggest", "--plan", "2", "--format", "json"],
        ["timeline", "--format", "csv"],
        ["domains", "--format", "csv", "--excel"],
    ]
    for i, args in enumerate(cases):
        if args[0] != "domains":  # the vocabulary has no day
            args = [*args, "--as-of", DAY]
        target = tmp_path / f"{i}.out"
        written = run(*args, "-o", target)
        assert written.exit_code == 0, (args, written.output)
        lang = args[args.index("--lang") + 1] if "--lang" in args else "en"
        assert written.stdout == "" and written.stderr == word("wrote", lang, path=target) + "\n"
        expected = run(*args).stdout_bytes
        assert target.read_bytes() == expected and expected, args
        again = run(*args, "-o", target, "--quiet")
        assert again.exit_code == 1 and "--force" in again.stderr  # in the command's --lang
        assert target.read_bytes() == expected
        assert run(*args, "-o", target, "--force", "--quiet").exit_code == 0


def test_labelled_keeps_english_codes_and_the_input_frame(a):
    frame = a.at_risk()
    v = a.net.vocabulary
    assert labelled(frame, v, "en") is frame
    ja = labelled(frame, v, "ja")
    assert frame["status"].iloc[0] == "isolated" and ja["status"].iloc[0] == "孤立"
    # a pure function of the codes: a domain the vocabulary lacks keeps its code
    odd = frame.head(1).copy()
    odd["needs"] = [{"not_a_domain": "uncovered"}]
    assert labelled(odd, v, "ja")["needs"].iloc[0] == "not_a_domain：支援なし"


def test_csv_bytes_locates_the_row_in_a_later_piece(a):
    frame = a.at_risk()
    bad = frame.copy()
    bad.loc[bad.index[5], "name"] = "a🙂"
    pieces = [bad.iloc[:3], bad.iloc[3:]]
    with pytest.raises(tg.TsunagariError, match=r"CSV row 7, column 'name': character 2 "):
        b"".join(csv_bytes(pieces, vocabulary=a.net.vocabulary, encoding="cp932"))


# ------------------------------------------------------------------ a real spreadsheet program


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        why = "LibreOffice (Debian: libreoffice-calc-nogui) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{why}: this test must run in CI", pytrace=False)
        pytest.skip(why)
    return found


def libreoffice_convert(path, outdir, *, infilter: str | None = None):
    """The xlsx LibreOffice Calc saves after opening ``path`` (a profile of its own, so that
    parallel tests do not share one)."""
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{outdir}/profile",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return load_workbook(outdir / (path.stem + ".xlsx"))


def _libreoffice_reads(csv_file, charset: str, outdir):
    """The rows LibreOffice Calc reads from a CSV file (converted to xlsx, read back)."""
    book = libreoffice_convert(
        csv_file, outdir, infilter=f"Text - txt - csv (StarCalc):44,34,{charset},1"
    )
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_libreoffice_reads_the_excel_csv_and_the_cp932_csv(tmp_path, a):
    bom, sjis = tmp_path / "bom.csv", tmp_path / "sjis.csv"
    args = ["isolated", "--format", "csv", "--excel", "--lang", "ja", "--as-of", DAY]
    assert run(*args, "-o", bom).exit_code == 0
    assert run(*args, "--encoding", "cp932", "-o", sjis).exit_code == 0
    # charset 0: none given, LibreOffice must find UTF-8 from the byte order mark itself;
    # 64: Shift_JIS, as a user picks it in the import dialogue
    first = a.at_risk().iloc[0]
    for path, charset in ((bom, "0"), (sjis, "64")):
        rows = _libreoffice_reads(path, charset, tmp_path / charset)
        assert rows[0][:4] == ["ID", "名前", "地区", "状態"], path
        assert rows[1][:4] == [first["id"], first["name"], first["district"], "孤立"], path
        assert "高齢・介護：支援なし" in rows[1][6], path
        assert len(rows) == len(a.at_risk()) + 1
