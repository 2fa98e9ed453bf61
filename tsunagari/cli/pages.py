"""Commands writing pages for people: ``map`` and ``report``, each one HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..io import write_atomic
from ..words import word
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
    h,
    load_network,
)

HtmlOut = Annotated[Path, typer.Option("--output", "-o", help=h("help_html"))]
HtmlAnonymize = Annotated[
    bool,
    typer.Option("--anonymize", help=h("help_anonymize_page")),
]

# a view as the command reports it (in English its --view code)
VIEW_NAMES = {
    "full": "view_name_full",
    "focus": "view_name_focus",
    "district": "view_name_district",
    "at_risk": "view_name_at_risk",
    "overview": "view_name_overview",
}


@app.command("map", help=h("help_cmd_map"))
def map_command(
    data: DataArg = None,
    output: HtmlOut = Path("map.html"),
    as_of: AsOf = None,
    focus: Annotated[str | None, typer.Option("--focus", help=h("help_focus"))] = None,
    radius: Annotated[int, typer.Option("--radius", min=0, help=h("help_radius"))] = 2,
    district: Annotated[str | None, typer.Option("--district", help=h("help_district"))] = None,
    at_risk: Annotated[
        bool,
        typer.Option("--at-risk", help=h("help_at_risk")),
    ] = False,
    overview: Annotated[
        bool,
        typer.Option(
            "--overview",
            help=h("help_overview"),
        ),
    ] = False,
    anonymize: HtmlAnonymize = False,
    salt: Salt = None,
    show_ended: Annotated[bool, typer.Option("--show-ended", help=h("help_show_ended"))] = False,
    roots: Roots = "agency",
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    force: Force = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
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
        view = word(VIEW_NAMES[drawn.view], lang.value)
        said = dict(output=output, view=view, nodes=drawn.nodes, edges=drawn.edges)
        emit(word("map_written", lang.value, **said) + "\n")


@app.command(help=h("help_cmd_report"))
def report(
    data: DataArg = None,
    output: HtmlOut = Path("report.html"),
    as_of: AsOf = None,
    anonymize: HtmlAnonymize = False,
    salt: Salt = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=h("help_report_limit"))] = 200,
    overview: Annotated[bool, typer.Option("--overview", help=h("help_report_overview"))] = False,
    roots: Roots = "agency",
    lang: LangOpt = LANG_DEFAULT,
    lsns_threshold: LsnsThreshold = 12,
    vocabulary: Vocab = None,
    force: Force = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
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
