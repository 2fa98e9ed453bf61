"""The one-page report without a browser: what it says, escaping, offline, anonymising."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from maptest import AS_OF, COMMENT, IMG, SCRIPT, SVG, assert_offline
from typer.testing import CliRunner

import tsunagari as tg
from tsunagari.cli import app
from tsunagari.errors import InputError
from tsunagari.reasons import reason
from tsunagari.render import report_html, write_report
from tsunagari.render.page import vis_script


def section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)
    assert found, name
    return found.group(1)


def cells(page: str, name: str) -> list[list[str]]:
    body = section(page, name)
    return [
        [htmllib.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        if "<td>" in row
    ]


def test_report_headline_risks_critical_gaps_and_map(sample):
    page = report_html(sample, as_of=AS_OF)
    head = section(page, "headline")
    for fact in (
        "孤立</strong> 5 (5%)",
        "未接続</strong> 10 (11%)",
        "一本の糸</strong> 32 (34%)",
        "重なり合い</strong> 47 (50%)",
        "<dd>94</dd>",
    ):
        assert fact in head
    risky = cells(page, "at-risk")
    assert len(risky) == 47
    worst = tg.at_risk(tg.residents(sample, as_of=AS_OF))["id"][:5].tolist()
    assert [r[0] for r in risky[:5]] == worst
    by_id = {r[0]: r for r in risky}
    assert by_id["r-052"][5] == "一本の糸: 伊賀市地域包括支援センター → 民生委員（上野東部）02"
    assert by_id["r-030"][5].startswith("孤立")
    critical = cells(page, "critical")
    assert critical[0][0] == tg.critical(sample, as_of=AS_OF)["id"].iat[0]
    gaps = cells(page, "gaps")
    assert gaps and all(len(r) == 9 for r in gaps)
    frame = section(page, "map")
    assert '<iframe srcdoc="&lt;!DOCTYPE html&gt;' in frame and 'sandbox="allow-scripts"' in frame


def test_report_limit_says_how_many_more(sample):
    page = report_html(sample, as_of=AS_OF, limit=10, lang="en")
    assert len(cells(page, "at-risk")) == 10
    assert "and 37 more" in section(page, "at-risk")


def test_report_is_offline_and_deterministic(sample):
    page = report_html(sample, as_of=AS_OF)
    assert page == report_html(tg.load(), as_of=AS_OF)
    frame = htmllib.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    assert_offline(frame)
    outer = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)
    assert vis_script() not in outer
    assert_offline(outer + "<script>" + vis_script() + "</script>")


def test_report_escapes_hostile_text(hostile_net):
    page = report_html(hostile_net, as_of=AS_OF)
    outer = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)
    for text in (IMG, SCRIPT, SVG, COMMENT, "<img", "<svg", "<!--", "</script"):
        assert text not in outer, text
    srcdoc = re.search(r'srcdoc="([^"]*)"', page).group(1)
    assert "<" not in srcdoc and '"' not in srcdoc
    assert {SVG, f"{SCRIPT}さん"} <= {row[1] for row in cells(page, "at-risk")}
    assert f"民生委員 {IMG}" in {row[1] for row in cells(page, "critical")}


def test_anonymized_report_has_no_resident_name_or_youhairyo_word(sample):
    residents = sample.nodes[sample.nodes["kind"] == "resident"]
    youhairyo = [d for d in sample.vocabulary.domains.values() if d.sensitivity == "youhairyo"]
    for lang in ("ja", "en"):
        page = report_html(sample, as_of=AS_OF, anonymize=True, salt="s", lang=lang)
        text = htmllib.unescape(page).replace(vis_script(), "")
        assert not [name for name in residents["name"] if name in text]
        alone = [rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in residents["id"]]
        assert not [i for i in alone if re.search(i, text)]
        assert not [d.code for d in youhairyo if (d.ja if lang == "ja" else d.en) in text]
    rows = cells(report_html(sample, as_of=AS_OF, anonymize=True, salt="s"), "at-risk")
    assert all(r[0].startswith("住民-") for r in rows)


def test_reason_reads_like_the_cli():
    names = {"v": "民生委員", "a": "包括"}
    assert reason({"status": "single_thread", "single_points": ("v", "a")}, names, "en") == (
        "single thread: 包括 → 民生委員"
    )
    assert reason({"status": "unreached", "single_points": ()}, names, "en").startswith("unreached")


def test_write_report_and_cli(sample, tmp_path):
    out = write_report(sample, tmp_path / "report.html", as_of=AS_OF)
    assert out.read_text("utf-8") == report_html(sample, as_of=AS_OF)
    with pytest.raises(InputError, match="input file"):
        write_report(sample, tg.sample_path() / "supports.csv", as_of=AS_OF)
    cli_out = tmp_path / "cli.html"
    result = CliRunner().invoke(
        app, ["report", "-o", str(cli_out), "--as-of", AS_OF, "--anonymize", "--salt", "s"]
    )
    assert result.exit_code == 0, result.output
    assert cli_out.read_text("utf-8") == report_html(
        sample, as_of=AS_OF, anonymize=True, salt="s", lang=_cli_lang()
    )


def _cli_lang() -> str:
    from tsunagari.cli import default_lang

    return default_lang().value
