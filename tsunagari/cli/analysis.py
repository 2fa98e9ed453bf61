"""Commands over the safety net of one day: ``critical``, ``gaps``, ``timeline``. Each asks
one :class:`~tsunagari.Analysis` and formats its frame (changes to the net: :mod:`.scenarios`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .. import tables, terminal
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
    Output,
    Quiet,
    Roots,
    Salt,
    Vocab,
    analysed,
    app,
    as_of_option,
    destination,
    emit_table,
    guarded,
    h,
    limited,
    load_network,
    load_shareable,
    more_rows,
    place,
    root_list,
    working,
)


@app.command(help=h("help_cmd_critical"))
def critical(
    data: DataArg = None,
    as_of: AsOf = None,
    limit: Limit = None,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    anonymize: Anonymize = False,
    salt: Salt = None,
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
        with working(message("progress_critical"), net):
            table = analysed(net, as_of, roots).critical()
        if limit:
            table = table.head(limit)
        emit_table(to, table, lambda: _critical_text(table, lang.value))


def _critical_text(table, lang: str) -> str:
    from ..reasons import CRITICAL_COLUMNS

    headers = [header(c, lang) for c in CRITICAL_COLUMNS]
    rows = [
        [
            row["id"],
            row["name"],
            label(KINDS, row["kind"], lang),
            place(row["district"], lang),
            str(row["dependents"]),
            str(row["sole_supporter_of"]),
            "" if row["capacity"] is None else str(row["capacity"]),
            str(row["load"]),
        ]
        for row in tables.records(table)
    ]
    if not rows:
        return word("no_single_point", lang) + "\n"
    note = word("dependents_note", lang)
    return terminal.to_text(rows, headers) + f"\n{note}\n"


@app.command(help=h("help_cmd_gaps"))
def gaps(
    data: DataArg = None,
    as_of: AsOf = None,
    pairs: Annotated[bool, typer.Option("--pairs", help=h("help_pairs"))] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help=h("help_gaps_limit"))] = 30,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    output: Output = None,
    force: Force = False,
    excel: Excel = False,
    encoding: EncodingOpt = Encoding.utf_8,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary)
        to = destination(net, output_format, lang, output, force, excel, encoding, quiet)
        with working(message("progress_gaps"), net):
            result = analysed(net, as_of, roots).gaps()
        table, whole = (result.domain_pairs if pairs else result.by_district), result.to_dict()
        emit_table(to, table, lambda: _gaps_text(result, net, lang.value, limit), whole=whole)


def _gaps_text(result, net, lang: str, limit: int | None) -> str:
    from ..analysis.gaps import DISTRICT_COLUMNS, PAIR_STATUSES, bridges, not_held

    vocab = net.vocabulary
    names = dict(zip(net.nodes["id"].tolist(), net.nodes["name"].tolist()))
    weak = not_held(result.by_district)
    shown, left_out = limited(weak, limit)
    headers = [header(c, lang) for c in DISTRICT_COLUMNS]
    rows = [
        [
            place(row["district"], lang),
            vocab.label(row["domain"], lang),
            *(str(row[c]) for c in DISTRICT_COLUMNS[2:]),
        ]
        for row in tables.records(shown)
    ]
    out = [word("gaps_title", lang) + "\n\n"]
    out.append(terminal.to_text(rows, headers) if rows else word("none", lang) + "\n")
    out.append(more_rows(left_out, lang))
    nobody = int((weak["providers"] == 0).sum())
    out.append(word("no_provider", lang, n=nobody) + "\n")

    dp = result.domain_pairs
    out.append("\n" + word("domain_pairs", lang) + "\n")
    counts = dp["status"].value_counts()
    pair_labels = [
        (s, word(s, lang) if s == "unlinked" else label(STATUSES, s, lang)) for s in PAIR_STATUSES
    ]
    out.append(", ".join(f"{text} {int(counts.get(s, 0))}" for s, text in pair_labels) + "\n")
    unlinked = dp[dp["status"] == "unlinked"]
    for row in tables.records(unlinked):
        a, b = vocab.label(row["domain_a"], lang), vocab.label(row["domain_b"], lang)
        out.append(f"  {a} ↔ {b}: {word('unlinked', lang)}\n")
    hinge = bridges(dp)
    if hinge:
        out.append(word("one_bridge", lang) + "\n")
        for point, joined in hinge:
            out.append(f"  {point} ({names.get(point, point)}): {joined}\n")
    return "".join(out)


class Every(StrEnum):
    year = "year"
    fiscal_year = "fiscal-year"
    month = "month"


@app.command(help=h("help_cmd_timeline"))
def timeline(
    data: DataArg = None,
    every: Annotated[Every, typer.Option("--every", help=h("help_every"))] = (Every.year),
    limit: Limit = None,
    as_of: AsOf = None,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    output: Output = None,
    force: Force = False,
    excel: Excel = False,
    encoding: EncodingOpt = Encoding.utf_8,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    from ..analysis import timeline as growth

    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary)
        to = destination(net, output_format, lang, output, force, excel, encoding, quiet)
        table = growth(net, every=every.value, until=as_of_option(as_of), roots=root_list(roots))
        frame, left_out = limited(table.reset_index(), limit)
        emit_table(
            to, frame, lambda: _timeline_text(frame, lang.value) + more_rows(left_out, lang.value)
        )


TIMELINE_COLUMNS = (
    "date",
    "nodes",
    "supports",
    "collaborations",
    "isolated",
    "unreached",
    "single_thread",
    "overlapping",
    "share_overlapping",
    "independent_cycles",
)


def _timeline_text(frame, lang: str) -> str:
    headers = [header(c, lang) for c in TIMELINE_COLUMNS]
    counted = TIMELINE_COLUMNS[1:8]
    rows = [
        [
            row["date"],
            *(str(row[c]) for c in counted),
            "" if row["share_overlapping"] is None else f"{row['share_overlapping']:.0%}",
            str(row["independent_cycles"]),
        ]
        for row in tables.records(frame)
    ]
    note = word("cycles_note", lang)
    return terminal.to_text(rows, headers) + f"\n{note}\n"
