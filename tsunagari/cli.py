"""The ``tsunagari`` command line: parse options, call one library function, format.

No analysis happens here. Errors a user can cause are printed as ``Error: ...`` lines on
stderr with exit code 1; ``--debug`` re-raises them with a traceback that holds ids only
(typer's display of local variables is off: locals hold residents' data).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import tables
from .errors import InputError, TsunagariError
from .vocabulary import KINDS, NEED_STATUSES, STATUSES, label

app = typer.Typer(
    name="tsunagari",
    help="つながり — map a town's web of support and find who the safety net does not hold.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    ja = "ja"
    en = "en"


def default_lang() -> Lang:
    """Japanese when the locale says so, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return Lang.ja if value.lower().startswith("ja") else Lang.en
    return Lang.en


DataArg = Annotated[
    Path | None,
    typer.Argument(
        help="Network folder (nodes.csv + supports.csv) or .xlsx workbook. "
        "Default: the bundled fictional Iga sample.",
        show_default=False,
    ),
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Day on which supports count (YYYY-MM-DD; default today).")
]
FormatOpt = Annotated[Format, typer.Option("--format", help="table for people; csv or json for machines.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Label language (default from the locale).")]
Vocab = Annotated[
    Path | None, typer.Option("--vocabulary", help="A domains CSV extending the built-in domains.")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback (ids only) on errors.")]


@contextmanager
def guarded(debug: bool):
    """Turn a TsunagariError into ``Error:`` lines on stderr and exit code 1."""
    try:
        yield
    except TsunagariError as exc:
        if debug:
            raise
        lines = [str(p) for p in exc.problems] if isinstance(exc, InputError) else [str(exc)]
        for line in lines:
            typer.echo(f"Error: {line}", err=True)
        if isinstance(exc, InputError) and len(lines) > 1:
            typer.echo(f"{len(lines)} problems found; nothing was loaded.", err=True)
        raise typer.Exit(1) from None


def load_network(data: Path | None, vocabulary: Path | None):
    from .network import load

    return load(data, vocabulary=vocabulary)


def as_of_option(as_of: str | None):
    from .network import as_of_date

    try:
        return as_of_date(as_of)
    except ValueError:
        raise TsunagariError(f"--as-of: '{as_of}' is not a date (expected YYYY-MM-DD)") from None


def emit(text: str) -> None:
    sys.stdout.write(text)


@app.command()
def check(data: DataArg = None, vocabulary: Vocab = None, debug: Debug = False) -> None:
    """Validate a network and list every problem (file, row, column, value)."""
    with guarded(debug):
        net = load_network(data, vocabulary)
        kinds = net.nodes["kind"].value_counts()
        summary = ", ".join(f"{kinds[k]} {k}" for k in KINDS if k in kinds)
        emit(f"OK: {len(net.nodes)} nodes ({summary}), {len(net.supports)} supports.\n")


def _reason(row: dict, names: dict[str, str], lang: str) -> str:
    status = label(STATUSES, row["status"], lang)
    if row["status"] == "single_thread":
        chain = " → ".join(names.get(i, i) for i in reversed(row["single_points"]))
        return f"{status}: {chain}"
    if row["status"] == "isolated":
        return f"{status}: " + ("支援の糸がない" if lang == "ja" else "no active support")
    if row["status"] == "unreached":
        return f"{status}: " + (
            "支えている人が機関につながっていない"
            if lang == "ja"
            else "supporters are not linked to any agency"
        )
    return status


def _weak_needs(row: dict, vocab, lang: str) -> str:
    return ", ".join(
        f"{vocab.label(d, lang)}:{label(NEED_STATUSES, s, lang)}"
        for d, s in row["needs"].items()
        if s != "overlapping"
    )


@app.command()
def isolated(
    data: DataArg = None,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help="Comma list of isolated, unreached, single_thread, overlapping, or all.",
        ),
    ] = "isolated,unreached,single_thread",
    district: Annotated[str | None, typer.Option("--district", help="Only this district.")] = None,
    as_of: AsOf = None,
    anonymize: Annotated[
        bool, typer.Option("--anonymize", help="Pseudonyms for residents; hide 要配慮 needs.")
    ] = False,
    salt: Annotated[str | None, typer.Option("--salt", help="Secret for stable pseudonyms.")] = None,
    output_format: FormatOpt = Format.table,
    lang: LangOpt = default_lang(),
    lsns_threshold: Annotated[
        int, typer.Option("--lsns-threshold", help="LSNS-6 below this is at risk.")
    ] = 12,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Residents the overlapping safety net does not hold, worst first, with the reason."""
    from .analysis import at_risk, residents
    from .privacy import anonymize_residents, pseudonyms

    with guarded(debug):
        net = load_network(data, vocabulary)
        table = residents(net, as_of=as_of_option(as_of), lsns_threshold=lsns_threshold)
        wanted = [s.strip() for s in status.split(",") if s.strip()]
        table = at_risk(table, statuses=wanted, district=district)
        names = dict(zip(net.nodes["id"], net.nodes["name"]))
        if anonymize:
            pseudo = pseudonyms(net, salt)
            table = anonymize_residents(table, net, pseudo)
            names = {i: (pseudo(i) if i in pseudo.residents else n) for i, n in names.items()}
        if output_format is Format.json:
            emit(tables.to_json(table))
        elif output_format is Format.csv:
            emit(tables.to_csv(table))
        else:
            emit(_isolated_text(table, names, net.vocabulary, lang.value))


def _isolated_text(table, names: dict[str, str], vocab, lang: str) -> str:
    ja = lang == "ja"
    headers = (
        ["ID", "名前", "地区", "支援者", "LSNS-6", "理由", "弱いニーズ"]
        if ja
        else ["id", "name", "district", "supporters", "LSNS-6", "reason", "needs not overlapping"]
    )
    rows = []
    for row in tables.records(table):
        lsns = "" if row["lsns6"] is None else str(row["lsns6"]) + ("*" if row["lsns_at_risk"] else "")
        rows.append(
            [
                row["id"],
                row["name"],
                row["district"] or ("市全域" if ja else "city-wide"),
                str(row["supporters"]),
                lsns,
                _reason(row, names, lang),
                _weak_needs(row, vocab, lang),
            ]
        )
    if not rows:
        return ("該当する住民はいません。\n" if ja else "No resident matches.\n")
    counts = table["status"].value_counts()
    summary = ", ".join(f"{label(STATUSES, s, lang)} {counts[s]}" for s in STATUSES if counts.get(s))
    note = "  (* LSNS-6 が基準未満)" if ja else "  (* LSNS-6 below the threshold)"
    return tables.to_text(rows, headers) + f"\n{len(rows)}: {summary}{note}\n"


def main() -> None:  # pragma: no cover - console entry point alias
    app()
