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
    """The sample with residents named 秘匿氏名NNN and every note replaced by 秘匿メモNNN."""
    folder = tmp_path_factory.mktemp("marked")
    shutil.copy(tg.sample_path() / "supports.csv", folder / "supports.csv")
    with open(tg.sample_path() / "nodes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    markers = []
    for i, row in enumerate(rows):
        if row["kind"] == "resident":
            row["name"] = f"秘匿氏名{i:03d}"
            row["note"] = f"秘匿メモ{i:03d}"
            markers += [row["name"], row["note"], row["id"]]
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
