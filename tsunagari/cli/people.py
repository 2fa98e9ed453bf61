"""Commands about the data and the residents: ``check`` and ``isolated``."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer

from .. import tables, terminal
from ..analysis.status import at_risk
from ..network import Network
from ..vocabulary import KINDS, STATUSES, label
from ..words import header, message, word
from .common import (
    LANG_DEFAULT,
    Anonymize,
    AsOf,
    DataArg,
    Debug,
    Encoding,
    EncodingOpt,
    Excel,
    Force,
    Format,
    FormatOpt,
    LangOpt,
    Limit,
    LsnsThreshold,
    Output,
    Quiet,
    Roots,
    Salt,
    Vocab,
    analysed,
    app,
    destination,
    emit,
    emit_table,
    guarded,
    h,
    limited,
    load_network,
    load_shareable,
    more_rows,
    place,
    warning_lines,
    working,
)


@app.command(help=h("help_cmd_check"))
def check(
    data: DataArg = None,
    vocabulary: Vocab = None,
    lang: LangOpt = LANG_DEFAULT,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary, warn=False)  # the warnings are check's output
        emit(_checked(net, lang.value) + "\n")
        emit("".join(f"{line}\n" for line in warning_lines(net, lang.value)))


def _checked(net, lang: str) -> str:
    """The line that says the network loaded: how many nodes of each kind, and supports."""
    kinds = Counter(net.node_column("kind").tolist())
    each = [
        word("kind_count", lang, n=f"{kinds[k]:,}", kind=_kind_name(k, lang))
        for k in KINDS
        if kinds[k]
    ]
    counts = word("kinds_counted", lang, each=word("comma", lang).join(each)) if each else ""
    supports = f"{net.support_count:,}"
    return word("check_ok", lang, nodes=f"{len(net):,}", kinds=counts, supports=supports)


def _kind_name(kind: str, lang: str) -> str:
    """A kind as check counts it: its Japanese label, or in English its code (as files spell
    it)."""
    return label(KINDS, kind, lang) if lang == "ja" else kind


@app.command(help=h("help_cmd_isolated"))
def isolated(
    data: DataArg = None,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help=h("help_status"),
        ),
    ] = "isolated,unreached,single_thread",
    district: Annotated[str | None, typer.Option("--district", help=h("help_district"))] = None,
    limit: Limit = None,
    as_of: AsOf = None,
    anonymize: Anonymize = False,
    salt: Salt = None,
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    lsns_threshold: LsnsThreshold = 12,
    roots: Roots = "agency",
    vocabulary: Vocab = None,
    output: Output = None,
    force: Force = False,
    excel: Excel = False,
    encoding: EncodingOpt = Encoding.utf_8,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    with guarded(debug, quiet, lang.value):
        net, _ = load_shareable(data, vocabulary, anonymize, salt)
        to = destination(net, output_format, lang, output, force, excel, encoding, quiet)
        a = analysed(net, as_of, roots, lsns_threshold)
        wanted = [s.strip() for s in status.split(",") if s.strip()]
        with working(message("progress_statuses", n=f"{len(net):,}"), net):
            table = at_risk(a.rows, statuses=wanted, district=district)
        shown, left_out = limited(table, limit)
        emit_table(
            to,
            shown,
            lambda: _isolated_text(table, shown, net, lang.value) + more_rows(left_out, lang.value),
        )


def _isolated_text(table, shown, net: Network, lang: str) -> str:
    """The rows ``shown``, and the count of every status of ``table`` under them."""
    # the page machinery, for tables only
    from ..reasons import AT_RISK_COLUMNS, reason, weak_needs

    names = dict(zip(net.node_column("id").tolist(), net.node_column("name").tolist()))

    headers = [header(c, lang) for c in AT_RISK_COLUMNS]
    rows = []
    for row in tables.records(shown):
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
                weak_needs(row, net.vocabulary, lang, sep=":"),
            ]
        )
    if not rows:
        return word("no_resident", lang) + "\n"
    counts = Counter(table["status"].tolist())
    summary = ", ".join(f"{label(STATUSES, s, lang)} {counts[s]}" for s in STATUSES if counts[s])
    note = word("lsns_note", lang)
    return terminal.to_text(rows, headers) + f"\n{len(table):,}: {summary}{note}\n"
