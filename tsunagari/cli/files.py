"""Commands writing files for other tools: ``export``, ``generate`` and ``template``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import TsunagariError
from .common import (
    LANG_DEFAULT,
    Anonymize,
    AsOf,
    DataArg,
    Debug,
    Force,
    Lang,
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
    with guarded(debug, quiet):
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
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Write a synthetic Iga-like city (every row tagged synthetic) for demos and benchmarks."""
    from ..synth import write_city

    with guarded(debug, quiet):
        try:
            folder = write_city(
                output, residents=residents, seed=seed, mutual_aid=mutual_aid, force=force
            )
        except FileExistsError as exc:  # the library names its keyword; we name the flag
            raise TsunagariError(str(exc).replace("force=True", "--force")) from None
        if not quiet:
            typer.echo(f"Wrote a synthetic city of {residents:,} residents to {folder}", err=True)


@app.command()
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (.xlsx).")] = Path(
        "tsunagari-template.xlsx"
    ),
    lang: Annotated[
        Lang, typer.Option("--lang", help="ja: Japanese headings (default); en: column codes.")
    ] = Lang.ja,
    vocabulary: Vocab = None,
    force: Force = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Write a blank workbook to fill in, which check accepts as it is.

    Sheets nodes, supports, domains and 説明; Japanese headings with a note each, dropdowns
    for codes, fictional example rows.
    """
    from ..io import load_vocabulary
    from ..template import write_template

    with guarded(debug, quiet):
        vocab = load_vocabulary(vocabulary) if vocabulary else None
        path = write_template(output, lang=lang.value, vocabulary=vocab, force=force)
        if not quiet:
            typer.echo(f"Wrote {path}", err=True)
