"""The template workbook (``tsunagari template``) and the list of domains
(``tsunagari domains``): what a coordinator fills in, and the codes they may use."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from test_cli import run
from test_excel import libreoffice_convert

import tsunagari as tg
from tsunagari.io import NODE_COLUMNS, SUPPORT_COLUMNS
from tsunagari.template import ROWS, template_xlsx
from tsunagari.vocabulary import FORMALITIES, FREQUENCIES, KINDS, RELATIONS, builtin_vocabulary
from tsunagari.words import note, word


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    out = {}
    for lang, name in (("ja", "台帳.xlsx"), ("en", "register.xlsx")):
        path = folder / name
        result = run("template", "-o", path, "--lang", lang)
        said = word("wrote", lang, path=path) + "\n"
        assert result.exit_code == 0 and result.stderr == said, result.output
        out[lang] = path
    return out


def test_check_accepts_the_template_unchanged(books):
    for lang, path in books.items():
        result = run("check", path)
        assert result.exit_code == 0, (lang, result.output)
        assert result.stdout == "OK: 3 nodes (1 resident, 1 agency, 1 volunteer), 3 supports.\n"
    ja, en = tg.load(books["ja"]), tg.load(books["en"])
    # the Japanese labels read as the same codes as the English ones
    assert ja.nodes["kind"].tolist() == en.nodes["kind"].tolist()
    assert ja.supports["relation"].tolist() == ["support", "support", "collaboration"]
    assert ja.supports[["domain", "formality", "frequency"]].equals(
        en.supports[["domain", "formality", "frequency"]]
    )
    assert ja.nodes.set_index("id").at["r-001", "needs"] == ("elderly_care", "watching_over")
    assert str(ja.supports["since"].iloc[0])[:10] == "2024-04-01"


def test_sheets_headings_and_notes(books):
    ja = load_workbook(books["ja"])
    assert ja.sheetnames == ["説明", "nodes", "supports", "domains"]
    assert [c.value for c in ja["nodes"][1]] == [
        "ID", "名前", "種別", "区分", "地区", "ニーズ", "支援分野", "受入上限", "LSNS-6"
    ]  # fmt: skip
    assert [c.value for c in ja["supports"][1]] == [
        "支援元", "支援先", "関係", "分野", "形態", "頻度", "開始日", "終了日"
    ]  # fmt: skip
    # every heading is one the reader accepts, and carries a note on what goes there
    for sheet, columns in (("nodes", NODE_COLUMNS), ("supports", SUPPORT_COLUMNS)):
        for cell, column in zip(ja[sheet][1], columns):
            assert cell.value in (column, *columns[column])
            assert cell.comment.text == note(sheet, column, "ja")
    assert [c.value for c in ja["domains"][1]] == ["code", "ja", "en", "sensitivity"]
    assert ja["domains"].max_row == len(builtin_vocabulary().domains) + 1
    assert ja["説明"]["A1"].value.startswith("支援のつながりを記入する台帳")
    en = load_workbook(books["en"])
    assert en.sheetnames == ["about", "nodes", "supports", "domains"]
    assert [c.value for c in en["nodes"][1]] == list(NODE_COLUMNS)
    assert en["supports"]["A1"].comment.text == note("supports", "source", "en")


def _dropdowns(ws, rows: int = ROWS) -> dict[str, tuple[str, bool]]:
    """Column letter -> (list formula, whether other values are refused)."""
    out = {}
    for rule in ws.data_validations.dataValidation:
        assert rule.type == "list"
        for ref in str(rule.sqref).split():
            assert ref.endswith(str(rows + 1)), ref
            out[ref.split(":")[0].rstrip("0123456789")] = (
                rule.formula1,
                bool(rule.showErrorMessage),
            )
    return out


def test_dropdowns_sit_on_the_coded_columns(books):
    n = len(builtin_vocabulary().domains)
    for lang, path in books.items():
        book = load_workbook(path)

        def listed(table):
            return '"' + ",".join(ja for ja, _ in table.values()) + '"'

        def codes(table):
            return '"' + ",".join(table) + '"'

        chosen = listed if lang == "ja" else codes
        column = "B" if lang == "ja" else "A"  # Japanese labels, or the codes
        domains = f"domains!${column}$2:${column}${n + 1}"
        assert _dropdowns(book["nodes"]) == {
            "C": (chosen(KINDS), True),  # kind
            "F": (domains, False),  # needs: several, separated by ;
            "G": (domains, False),  # services
        }
        assert _dropdowns(book["supports"]) == {
            "C": (chosen(RELATIONS), True),
            "D": (domains, True),
            "E": (chosen(FORMALITIES), True),
            "F": (chosen(FREQUENCIES), True),
        }
        assert _dropdowns(book["domains"]) == {
            "D": ('"public,internal,sensitive_high,youhairyo"', True)
        }


def test_template_is_deterministic_and_refuses_to_overwrite(books, tmp_path):
    assert template_xlsx() == template_xlsx() == books["ja"].read_bytes()
    again = run("template", "-o", books["ja"])
    assert again.exit_code == 1 and word("err_output_exists", "ja") in again.stderr  # ja default
    assert run("template", "-o", books["ja"], "--force", "--quiet").exit_code == 0
    assert books["ja"].read_bytes() == template_xlsx()


def test_template_lists_the_users_domains_and_never_overwrites_them(tmp_path):
    vocabulary = tmp_path / "my-domains.csv"
    vocabulary.write_text("code,ja,en,sensitivity\nfarm,農作業,farm work,internal\n", "utf-8")
    out = tmp_path / "t.xlsx"
    assert run("template", "-o", out, "--vocabulary", vocabulary).exit_code == 0
    codes = [r[0] for r in load_workbook(out)["domains"].iter_rows(min_row=2, values_only=True)]
    assert codes[-1] == "farm" and len(codes) == len(builtin_vocabulary().domains) + 1
    refused = run("template", "-o", vocabulary, "--vocabulary", vocabulary, "--force")
    assert refused.exit_code == 1 and word("err_output_is_input", "ja") in refused.stderr
    assert vocabulary.read_text("utf-8").startswith("code,ja")


def test_libreoffice_opens_the_template(books, tmp_path):
    book = libreoffice_convert(books["ja"], tmp_path)
    assert book.sheetnames == ["説明", "nodes", "supports", "domains"]
    assert book["nodes"]["C1"].value == "種別" and book["nodes"]["C4"].value == "住民"
    # the dropdowns survive a save in Calc (which keeps them to 1,000 rows below the data)
    kinds = _dropdowns(book["nodes"], rows=1003)["C"]
    assert kinds == ('"' + ",".join(ja for ja, _ in KINDS.values()) + '"', True)
    assert run("check", tmp_path / "台帳.xlsx").exit_code == 0


# ----------------------------------------------------------------------------- domains


def test_domains_lists_the_vocabulary_in_every_format(tmp_path):
    v = builtin_vocabulary()
    data = json.loads(run("domains", "--format", "json").stdout)
    assert data == [
        {"code": d.code, "ja": d.ja, "en": d.en, "sensitivity": d.sensitivity}
        for d in v.domains.values()
    ]
    lines = run("domains", "--format", "csv").stdout.splitlines()
    assert lines[0] == "code,ja,en,sensitivity" and len(lines) == len(v.domains) + 1
    h = v.domains["hikikomori"]
    assert f"hikikomori,ひきこもり,{h.en},{h.sensitivity}" in lines
    ja = run("domains", "--lang", "ja").stdout.splitlines()
    assert ja[0].split() == ["コード", "日本語", "英語", "情報の区分"]
    assert ja[2].split()[:2] == ["elderly_care", "高齢・介護"]
    en = run("domains", "--lang", "en").stdout.splitlines()
    assert en[0].split() == ["code", "Japanese", "English", "sensitivity"]


def test_domains_include_the_users_file(tmp_path):
    vocabulary = tmp_path / "my-domains.csv"
    vocabulary.write_text(
        "code,ja,en,sensitivity\nfarm,農作業,farm work,internal\nhikikomori,こもり,withdrawal,"
        "youhairyo\n",
        "utf-8",
    )
    data = json.loads(run("domains", "--format", "json", "--vocabulary", vocabulary).stdout)
    by_code = {d["code"]: d for d in data}
    assert by_code["farm"] == {"code": "farm", "ja": "農作業", "en": "farm work",
                               "sensitivity": "internal"}  # fmt: skip
    assert by_code["hikikomori"]["ja"] == "こもり"  # relabelled
    assert len(data) == len(builtin_vocabulary().domains) + 1
    bad = tmp_path / "bad.csv"
    bad.write_text("code,ja,en,sensitivity\nx,エックス,x,secret\n", "utf-8")
    result = run("domains", "--vocabulary", bad)
    assert result.exit_code == 1 and "unknown sensitivity 'secret'" in result.stderr
