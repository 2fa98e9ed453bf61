"""Commands writing pages for people: ``map`` and ``report``, each one HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..io import write_atomic
from .common import (
    LANG_DEFAULT,
    AsOf,
    DataArg,
    Debug,
    Force,
    LangOpt,
    LsnsThreshold,
    Quiet,
    Roots,
    Salt,
    Vocab,
    analysed,
    app,
    emit,
    guarded,
    load_network,
)

HtmlOut = Annotated[
    Path, typer.Option("--output", "-o", help="HTML file to write (never one of the inputs).")
]
HtmlAnonymize = Annotated[
    bool,
    typer.Option("--anonymize", help="Pseudonyms for residents; hide 要配慮 needs and free text."),
]


@app.command("map")
def map_command(
    data: DataArg = None,
    output: HtmlOut = Path("map.html"),
    as_of: AsOf = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Id of a person or organisation to centre on.")
    ] = None,
    radius: Annotated[
        int, typer.Option("--radius", min=0, help="Steps around --focus to show.")
    ] = 2,
    district: Annotated[str | None, typer.Option("--district", help="Only this district.")] = None,
    at_risk: Annotated[
        bool,
        typer.Option("--at-risk", help="Residents at risk, their supporters and the agencies."),
    ] = False,
    overview: Annotated[
        bool,
        typer.Option(
            "--overview",
            help="Residents counted per district (the default above 2,000 nodes).",
        ),
    ] = False,
    anonymize: HtmlAnonymize = False,
    salt: Salt = None,
    show_ended: Annotated[
        bool, typer.Option("--show-ended", help="Draw ended supports faded instead of hiding them.")
    ] = False,
    roots: Roots = "agency",
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    force: Force = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Draw the network as an interactive map: one HTML file that works offline."""
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary)
        drawn = analysed(net, as_of, roots).map(
            view="overview" if overview else None,
            focus=focus,
            radius=radius,
            district=district,
            at_risk=at_risk,
            anonymize=anonymize,
            salt=salt,
            lang=lang.value,
            show_ended=show_ended,
        )
        drawn.write(output, protect=net.inputs, force=force)
        emit(f"{output}: {drawn.view}, {drawn.nodes} nodes, {drawn.edges} ties\n")


@app.command()
def report(
    data: DataArg = None,
    output: HtmlOut = Path("report.html"),
    as_of: AsOf = None,
    anonymize: HtmlAnonymize = False,
    salt: Salt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Most rows in each table of the report.")
    ] = 200,
    overview: Annotated[
        bool, typer.Option("--overview", help="Embed the city overview map.")
    ] = False,
    roots: Roots = "agency",
    lang: LangOpt = LANG_DEFAULT,
    lsns_threshold: LsnsThreshold = 12,
    vocabulary: Vocab = None,
    force: Force = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """One self-contained HTML page for a support meeting: numbers, risks, the map."""
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary)
        page = analysed(net, as_of, roots, lsns_threshold).report(
            anonymize=anonymize,
            salt=salt,
            lang=lang.value,
            limit=limit,
            view="overview" if overview else None,
        )
        write_atomic(output, page, protect=net.inputs, force=force)
        emit(f"{output}\n")
