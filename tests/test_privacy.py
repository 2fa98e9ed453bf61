"""Privacy audit: no resident name, need or free text leaks where it must not.

A copy of the sample gets recognisable markers as residents' names and free-text notes.
Every command's every output with ``--anonymize`` (stdout, stderr and written files) is
searched for them; errors and ``--debug`` tracebacks on broken input are searched too.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_cli import run

import tsunagari as tg

DAY = "2026-11-27"


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> tuple[Path, list[str]]:
    """The sample with residents named 秘匿氏名NNN, their subtype 秘匿区分NNN and every note
    replaced by 秘匿メモNNN, in a folder named after a household (秘匿世帯)."""
    folder = tmp_path_factory.mktemp("marked") / "秘匿世帯"
    folder.mkdir()
    shutil.copy(tg.sample_path() / "supports.csv", folder / "supports.csv")
    with open(tg.sample_path() / "nodes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    markers = []
    for i, row in enumerate(rows):
        if row["kind"] == "resident":
            row["name"] = f"秘匿氏名{i:03d}"
            row["note"] = f"秘匿メモ{i:03d}"
            row["subtype"] = f"秘匿区分{i:03d}"
            markers += [row["name"], row["note"], row["id"], row["subtype"]]
    markers.append(folder.name)
    with open(folder / "nodes.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder, markers


def youhairyo_words(net) -> list[str]:
    return [
        w for d in net.vocabulary.domains.values() if d.sensitivity == "youhairyo" for w in (d.ja,)
    ]


def text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        book = load_workbook(path)
        return "\n".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return path.read_text("utf-8")


def anonymized_outputs(folder: Path, out: Path) -> dict[str, str]:
    """Every output of every command that takes --anonymize, in every format."""
    outputs = {}
    for fmt in ("table", "csv", "json"):
        for lang in ("ja", "en"):
            result = run(
                "isolated",
                folder,
                "--status",
                "all",
                "--format",
                fmt,
                "--lang",
                lang,
                "--as-of",
                DAY,
                "--anonymize",
            )
            assert result.exit_code == 0
            outputs[f"isolated {fmt} {lang}"] = result.stdout + result.stderr
        for args in (
            ["critical"],
            ["whatif", "--remove", "r-010", "--remove", "vol-minsei-01"],
            ["suggest"],
            ["suggest", "--plan", "5"],
        ):
            result = run(*args, folder, "--format", fmt, "--as-of", DAY, "--anonymize")
            assert result.exit_code == 0, (args, result.output)
            outputs[f"{' '.join(args)} {fmt}"] = result.stdout + result.stderr
    for name, args in {
        "map": ["map", folder, "-o", out / "map.html"],
        "map focus": ["map", folder, "-o", out / "focus.html", "--focus", "r-001"],
        "map overview": ["map", folder, "-o", out / "over.html", "--overview"],
        "report": ["report", folder, "-o", out / "report.html"],
        **{
            f"export {f}": ["export", folder, "--to", f, "-o", out / f"x.{f}"]
            for f in ("gexf", "graphml", "xlsx", "json")
        },
    }.items():
        result = run(*args, "--as-of", DAY, "--anonymize")
        assert result.exit_code == 0, (name, result.output)
        outputs[name] = result.stdout + result.stderr + text_of(Path(args[args.index("-o") + 1]))
    return outputs


def test_anonymized_outputs_hold_no_marker(marked, tmp_path):
    folder, markers = marked
    outputs = anonymized_outputs(folder, tmp_path)
    leaks = {name: [m for m in markers if m in text] for name, text in outputs.items()}
    assert not {name: found for name, found in leaks.items() if found}


def test_anonymized_pages_show_no_youhairyo_word(marked, tmp_path):
    folder, _ = marked
    words = youhairyo_words(tg.load(folder))
    for name in ("map.html", "report.html"):
        args = ["map" if name == "map.html" else "report", folder, "-o", tmp_path / name]
        assert run(*args, "--as-of", DAY, "--anonymize", "--lang", "ja").exit_code == 0
        page = (tmp_path / name).read_text("utf-8")
        assert not [w for w in words if w in page], name


def test_aggregate_commands_hold_no_marker(marked):
    """gaps and timeline report counts only: no resident appears even without --anonymize."""
    folder, markers = marked
    for args in (["gaps"], ["timeline"]):
        for fmt in ("table", "json"):
            result = (
                run(*args, folder, "--format", fmt, "--as-of", DAY)
                if args == ["gaps"]
                else run(*args, folder, "--format", fmt)
            )
            assert result.exit_code == 0
            assert not [m for m in markers if m in result.stdout and not m.startswith("r-")]


def test_errors_and_debug_tracebacks_carry_ids_only(marked, tmp_path):
    folder, markers = marked
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    text = (broken / "nodes.csv").read_text("utf-8")
    lines = text.splitlines()
    # break three resident rows: unknown kind, unknown need code, lsns6 out of range
    residents = [i for i, line in enumerate(lines) if ",resident," in line]
    for n, (old, new) in enumerate(((",resident,", ",residnet,"),)):
        lines[residents[n]] = lines[residents[n]].replace(old, new)
    cells = lines[residents[1]].split(",")
    cells[5] = "秘匿ニーズ"
    lines[residents[1]] = ",".join(cells)
    cells = lines[residents[2]].split(",")
    cells[8] = "99"
    lines[residents[2]] = ",".join(cells)
    (broken / "nodes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = [m for m in markers if m.startswith(("秘匿氏名", "秘匿メモ"))]
    result = run("check", broken)
    assert result.exit_code == 1 and result.stderr.count("Error:") == 3
    assert not [m for m in names if m in result.output]
    debug = run("check", broken, "--debug")
    assert isinstance(debug.exception, tg.InputError)
    import traceback

    shown = "".join(traceback.format_exception(debug.exception))
    assert not [m for m in names if m in shown]


def test_pseudonyms_are_64_bit_keyed_and_distinct():
    from tsunagari.privacy import pseudonyms

    net = tg.load()
    names = pseudonyms(net, salt="one")
    residents = net.nodes.loc[net.nodes["kind"] == "resident", "id"].tolist()
    shown = [names(r) for r in residents]
    assert all(len(p) == len("住民-") + 16 and int(p[3:], 16) >= 0 for p in shown)
    assert len(set(shown)) == len(residents)
    assert shown != [pseudonyms(net, salt="two")(r) for r in residents]
    assert names("ag-shakyo") == "ag-shakyo"


def test_a_pseudonym_collision_fails_loudly(monkeypatch):
    from tsunagari import privacy

    monkeypatch.setattr(privacy, "PSEUDONYM_HEX", 1)  # 16 values for 52 residents
    result = run("isolated", "--anonymize", "--as-of", DAY)
    assert result.exit_code == 1 and "share a pseudonym" in result.output
    assert "Traceback" not in result.output


def test_a_pseudonym_equal_to_an_organisation_id_fails(tmp_path):
    from tsunagari.privacy import pseudonyms

    folder = tmp_path / "net"
    shutil.copytree(tg.sample_path(), folder)
    taken = pseudonyms(tg.load(folder), salt="s")("r-001")
    text = (folder / "nodes.csv").read_text("utf-8").replace("ag-shakyo,", f"{taken},", 1)
    (folder / "nodes.csv").write_text(text.replace(",ag-shakyo,", f",{taken},"), "utf-8")
    supports = (folder / "supports.csv").read_text("utf-8").replace("ag-shakyo", taken)
    (folder / "supports.csv").write_text(supports, "utf-8")
    result = run("isolated", folder, "--anonymize", "--salt", "s", "--as-of", DAY)
    assert result.exit_code == 1 and "organisation's id" in result.output


@pytest.mark.parametrize("salt", ["", "   ", "file:", "file:\n \n"])
def test_empty_salts_are_refused(tmp_path, salt):
    folder = tmp_path / "net"
    shutil.copytree(tg.sample_path(), folder)
    args = ["isolated", folder, "--anonymize", "--as-of", DAY]
    if salt.startswith("file:"):
        (folder / "salt.txt").write_text(salt[5:])
    else:
        args += ["--salt", salt]
    result = run(*args)
    assert result.exit_code == 1 and "empty" in result.output, result.output


@pytest.mark.parametrize(
    "nodes_row, supports_row, column",
    [
        ("r9,高橋 洋介,resident,,,うつ病,,,,", "", "needs"),  # an unknown need: a diagnosis
        ("r9,高橋 洋介,resident,,,,,,,", "ag,高橋 洋介,support,,,,,,", "target"),  # name as id
        ("r9,高橋,洋介,resident,,,,,,", "", "kind"),  # an extra comma pushes a name along
        ("r9,Yamada Taro,Yamada Taro,,,,,,,", "", "kind"),  # a name where the kind goes
        ("r9,高橋 洋介,resident,,,,,高橋 洋介,,", "", "capacity"),
        ("r9,高橋 洋介,resident,,,,,,,", "ag,r9,support,,,,高橋 洋介,,", "since"),
        ("r9,高橋 洋介,resident,,,,,,,", "ag,r9,support,,うつ病,,,,", "formality"),
    ],
)
def test_errors_never_show_a_name_or_a_need(tmp_path, nodes_row, supports_row, column):
    folder = tmp_path / "net"
    folder.mkdir()
    header = "id,name,kind,subtype,district,needs,services,capacity,lsns6,note\n"
    (folder / "nodes.csv").write_text(header + "ag,包括,agency,,,,,,,\n" + nodes_row + "\n")
    (folder / "supports.csv").write_text(
        "source,target,relation,domain,formality,frequency,since,until,note\n" + supports_row + "\n"
    )
    result = run("check", folder)
    assert result.exit_code == 1 and f"column '{column}'" in result.output, result.output
    for private in ("高橋", "洋介", "Yamada", "うつ病"):
        assert private not in result.output


def test_a_name_in_a_repeated_name_column_stays_secret(tmp_path):
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "nodes.csv").write_text("id,name,kind,名前\nag,包括,agency,\nr9,X,resident,R3.13.1\n")
    (folder / "supports.csv").write_text("source,target,since\nag,r9,R3.13.1\n")
    result = run("check", folder)
    assert result.exit_code == 1 and "column 'since'" in result.output
    assert "R3.13.1" not in result.output and "duplicate column '名前'" in result.output
