"""Commands writing files for other tools: ``export`` and ``generate``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import TsunagariError
from ..words import message
from .common import (
    LANG_DEFAULT,
    Anonymize,
    AsOf,
    DataArg,
    Debug,
    Force,
    LangOpt,
    Quiet,
    Roots,
    Salt,
    Vocab,
    analysed,
    app,
    guarded,
    load_network,
    working,
)


class ExportFormat(StrEnum):
    gexf = "gexf"
    graphml = "graphml"
    xlsx = "xlsx"
    json = "json"


@app.command("export")
def export_command(
    data: DataArg = None,
    to: Annotated[ExportFormat, typer.Option("--to", help="gexf/graphml (Gephi), xlsx, json.")] = (
        ExportFormat.xlsx
    ),
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")] = Path(
        "tsunagari.xlsx"
    ),
    as_of: AsOf = None,
    anonymize: Anonymize = False,
    salt: Salt = None,
    lang: LangOpt = LANG_DEFAULT,
    force: Force = False,
    roots: Roots = "agency",
    vocabulary: Vocab = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Export the network and its analysis for Gephi, Excel or other tools."""
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary)
        with working(f"export to {to.value}", net):
            path = analysed(net, as_of, roots).export(
                to.value, output, anonymize=anonymize, salt=salt, lang=lang.value, force=force
            )
        if not quiet:
            typer.echo(f"Wrote {path}", err=True)


@app.command()
def generate(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write into.")],
    residents: Annotated[
        int, typer.Option("--residents", min=1, help="Number of residents (Iga: 86,976).")
    ] = 86_976,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same city.")] = 0,
    mutual_aid: Annotated[
        float,
        typer.Option(
            "--mutual-aid",
            min=0.0,
            max=1.0,
            help="Share of residents (0-1) in circles of ~50 neighbours who help each other "
            "both ways, linked into one web (a lively community). Default 0.",
        ),
    ] = 0.0,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder.")] = False,
    lang: LangOpt = LANG_DEFAULT,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Write a synthetic Iga-like city (every row tagged synthetic) for demos and benchmarks."""
    from ..synth import write_city

    with guarded(debug, quiet, lang.value):
        try:
            folder = write_city(
                output, residents=residents, seed=seed, mutual_aid=mutual_aid, force=force
            )
        except FileExistsError:  # the library names its keyword; we name the flag
            key = "err_not_a_folder" if output.exists() and not output.is_dir() else "err_not_empty"
            raise TsunagariError(message(key, folder=output)) from None
        if not quiet:
            typer.echo(f"Wrote a synthetic city of {residents:,} residents to {folder}", err=True)
