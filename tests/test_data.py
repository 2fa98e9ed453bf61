"""The top-level data/ folder is the bundled sample as users see it: the same bytes as the
package's copy, which tg.load() reads."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import tsunagari as tg
from tsunagari.cli import app

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DATA = ROOT / "tsunagari" / "data"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_data_folder_equals_the_packaged_sample():
    assert _files(ROOT / "data") == _files(PACKAGE_DATA)
    assert {"iga/nodes.csv", "iga/supports.csv", "iga/README.md", "domains.csv"} <= set(
        _files(ROOT / "data")
    )


def test_the_data_folder_is_a_network_every_command_reads():
    result = CliRunner().invoke(app, ["check", str(ROOT / "data" / "iga")])
    assert result.exit_code == 0 and result.stdout.startswith("OK: 157 nodes")
    mine, bundled = tg.load(ROOT / "data" / "iga"), tg.load()
    assert mine.nodes.equals(bundled.nodes) and mine.supports.equals(bundled.supports)
