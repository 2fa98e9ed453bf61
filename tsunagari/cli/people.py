"""Commands about the data and the residents: ``check`` and ``isolated``."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import tables, terminal
from ..vocabulary import KINDS, STATUSES, label
from ..words import header, word
from .common import (
    LANG_DEFAULT,
    Anonymize,
    AsOf,
    DataArg,
    Debug,
    Format,
    FormatOpt,
    LangOpt,
    LsnsThreshold,
    Quiet,
    Roots,
    Salt,
    Vocab,
    analysed,
    app,
    emit,
    emit_frame,
    guarded,
    load_network,
    load_shareable,
    place,
    warning_lines,
    working,
)


@app.command()
def check(
    data: DataArg = None,
    vocabulary: Vocab = None,
    lang: LangOpt = LANG_DEFAULT,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Validate a network and list every problem (file, row, column, value), then what looks
    wrong but loads (warnings: a support from a resident to an agency, a start date after
    today, one district spelt two ways, formula cells without a saved result)."""
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary, warn=False)  # the warnings are check's output
        kinds = net.nodes["kind"].value_counts()
        summary = ", ".join(f"{kinds[k]} {k}" for k in KINDS if k in kinds)
        summary = f" ({summary})" if summary else ""
        emit(f"OK: {len(net.nodes)} nodes{summary}, {len(net.supports)} supports.\n")
        emit("".join(f"{line}\n" for line in warning_lines(net, lang.value)))


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
    anonymize: Anonymize = False,
    salt: Salt = None,
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    lsns_threshold: LsnsThreshold = 12,
    roots: Roots = "agency",
    vocabulary: Vocab = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Residents the overlapping safety net does not hold, worst first, with the reason."""
    with guarded(debug, quiet, lang.value):
        net, _ = load_shareable(data, vocabulary, anonymize, salt)
        a = analysed(net, as_of, roots, lsns_threshold)
        wanted = [s.strip() for s in status.split(",") if s.strip()]
        with working(f"statuses of {len(net.nodes):,} nodes", net):
            table = a.at_risk(statuses=wanted, district=district)
        names = dict(zip(net.nodes["id"].tolist(), net.nodes["name"].tolist()))
        emit_frame(
            table, output_format, lambda: _isolated_text(table, names, net.vocabulary, lang.value)
        )


def _isolated_text(table, names: dict[str, str], vocab, lang: str) -> str:
    # the page machinery, for tables only
    from ..reasons import AT_RISK_COLUMNS, reason, weak_needs

    headers = [header(c, lang) for c in AT_RISK_COLUMNS]
    rows = []
    for row in tables.records(table):
        flag = "*" if row["lsns_at_risk"] else ""
        lsns = "" if row["lsns6"] is None else str(row["lsns6"]) + flag
        rows.append(
            [
                row["id"],
                row["name"],
                place(row["district"], lang),
                str(row["supporters"]),
                lsns,
                reason(row, names, lang),
                weak_needs(row, vocab, lang, sep=":"),
            ]
        )
    if not rows:
        return word("no_resident", lang) + "\n"
    counts = table["status"].value_counts()
    summary = ", ".join(
        f"{label(STATUSES, s, lang)} {counts[s]}" for s in STATUSES if counts.get(s)
    )
    return terminal.to_text(rows, headers) + f"\n{len(rows)}: {summary}{word('lsns_note', lang)}\n"
