"""Commands about changes to the net: ``whatif`` (a loss) and ``suggest`` (new ties, or a
city-wide ``--plan``). Each asks one :class:`~tsunagari.Analysis` and formats its frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from .. import tables, terminal
from ..errors import TsunagariError
from ..reasons import names_of
from ..vocabulary import KINDS, NEED_STATUSES, STATUSES, label
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
    destination,
    emit_table,
    guarded,
    h,
    limited,
    load_shareable,
    more_rows,
    place,
    working,
)


def _end_pairs(end: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in end:
        source, sep, target = item.partition(":")
        if not sep or not source or not target:
            raise TsunagariError(message("err_end_pair", item=item))
        out.append((source, target))
    return out


@app.command(help=h("help_cmd_whatif"))
def whatif(
    data: DataArg = None,
    remove: Annotated[list[str] | None, typer.Option("--remove", help=h("help_remove"))] = None,
    end: Annotated[
        list[str] | None,
        typer.Option("--end", help=h("help_end")),
    ] = None,
    limit: Limit = None,
    as_of: AsOf = None,
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
        if not remove and not end:
            raise TsunagariError(message("err_nothing_removed"))
        net, ids = load_shareable(data, vocabulary, anonymize, salt)
        to = destination(net, output_format, lang, output, force, excel, encoding, quiet)
        ended = _end_pairs(end or [])
        with working(message("progress_whatif", removed=len(remove or ()), ended=len(ended)), net):
            result = analysed(net, as_of, roots).whatif(
                remove=[net.node_id(ids(i)) for i in remove or ()],
                end=[(net.node_id(ids(a)), net.node_id(ids(b))) for a, b in ended],
            )
        shown, left_out = limited(result.changed, limit)
        whole = result.to_dict(frames=True)  # JSON: the whole scenario, a chunk of rows at a time
        emit_table(
            to,
            shown,
            lambda: _whatif_text(result, shown, net, lang.value) + more_rows(left_out, lang.value),
            whole=whole,
        )


def _whatif_text(result, shown, net, lang: str) -> str:
    """The losses of ``result``, its ``shown`` changed rows, and how many got worse."""
    who = names_of(net)
    vocab = net.vocabulary
    lost = [*(who[i] for i in result.removed), *(f"{s}→{t}" for s, t in result.ended)]
    out = [word("lost", lang) + ", ".join(lost) + "\n\n"]
    headers = [
        header(c, lang)
        for c in ("id", "name", "district", "before", "after", "single_points", "need_changes")
    ]
    rows = []
    for row in tables.records(shown):
        needs = ", ".join(
            f"{vocab.label(d, lang)}:{label(NEED_STATUSES, c['before'], lang)}→"
            f"{label(NEED_STATUSES, c['after'], lang)}"
            for d, c in row["need_changes"].items()
        )
        rows.append(
            [
                row["id"],
                row["name"],
                place(row["district"], lang),
                label(STATUSES, row["before"], lang),
                label(STATUSES, row["after"], lang),
                " → ".join(who[p] for p in reversed(row["single_points"])),
                needs,
            ]
        )
    if not rows:
        return out[0] + word("no_change", lang) + "\n"
    changed = result.changed
    worse = int((changed["before"].astype(str) != changed["after"].astype(str)).sum())
    out.append(terminal.to_text(rows, headers))
    out.append(f"\n{len(changed):,}: " + word("status_worse", lang, n=worse) + "\n")
    return "".join(out)


@app.command(help=h("help_cmd_suggest"))
def suggest(
    data: DataArg = None,
    resident: Annotated[str | None, typer.Option("--resident", help=h("help_resident"))] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help=h("help_suggest_limit"))] = 3,
    plan_links: Annotated[
        int | None,
        typer.Option("--plan", min=1, help=h("help_plan")),
    ] = None,
    as_of: AsOf = None,
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
        from ..analysis.plan import plan_columns
        from ..analysis.suggest import suggestion_columns, suggestion_pieces, suggestion_records

        net, ids = load_shareable(data, vocabulary, anonymize, salt)
        to = destination(net, output_format, lang, output, force, excel, encoding, quiet)
        resident = ids(resident) if resident is not None else None
        a = analysed(net, as_of, roots)
        if plan_links:
            with working(message("progress_plan", n=plan_links), net):
                steps = plan_columns(a, plan_links, lang=lang.value)
            emit_table(to, steps, lambda: _plan_text(steps, net, lang.value))
            return
        if output_format is Format.table:
            with working(message("progress_suggestions"), net):
                ideas = suggestion_columns(a, resident=resident, limit=limit, lang=lang.value)
            emit_table(to, ideas, lambda: _suggest_text(ideas, net, lang.value))
            return
        with working(message("progress_suggestions"), net):
            # each piece is worked out as written; JSON's records straight from the rows
            made = suggestion_records if output_format is Format.json else suggestion_pieces
            pieces = made(a, resident=resident, limit=limit, lang=lang.value)
        emit_table(to, pieces)


def _suggest_text(ideas, net, lang: str) -> Iterator[str]:
    """The suggestions as a table for people, in pieces."""
    vocab = net.vocabulary
    who = names_of(net)
    headers = [
        label(KINDS, "resident", lang),
        *(
            header(c, lang)
            for c in ("now", "domain", "supporter", "introducer", "status_after", "reason")
        ),
    ]
    rows = [
        [
            who[row["resident"]],
            label(STATUSES, row["status"], lang),
            vocab.label(row["domain"], lang),
            f"{row['supporter_name']} ({row['supporter']})",
            who.get(row["introducer"] or "", ""),
            label(STATUSES, row["status_after"], lang),
            row["reason"],
        ]
        for row in tables.records(ideas)
    ]
    if not rows:
        yield word("no_suggestion", lang) + "\n"
        return
    yield from terminal.table_pieces(rows, headers)
    people = len(set(ideas["resident"]))
    yield "\n" + word("suggestion_count", lang, people=people, n=len(rows)) + "\n"


def _plan_text(steps, net, lang: str) -> str:
    vocab = net.vocabulary
    who = names_of(net)
    headers = [
        header("step", lang),
        label(KINDS, "resident", lang),
        *(header(c, lang) for c in ("supporter", "domain", "introducer", "fixed")),
    ]
    rows = [
        [
            str(row["step"]),
            who[row["resident"]],
            f"{row['supporter_name']} ({row['supporter']})",
            vocab.label(row["domain"], lang),
            who.get(row["introducer"] or "", ""),
            ", ".join(who[i] for i in row["fixed"]),
        ]
        for row in tables.records(steps)
    ]
    fixed = sum(steps["fixed_count"])
    text = terminal.to_text(rows, headers) if rows else ""
    return text + "\n" + word("plan_outcome", lang, n=len(rows), fixed=fixed) + "\n"
