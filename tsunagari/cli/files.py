"""Commands writing files for other tools: ``export``, ``generate`` and ``template``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import TsunagariError
from ..words import message, word
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
    h,
    load_network,
    working,
)


class ExportFormat(StrEnum):
    gexf = "gexf"
    graphml = "graphml"
    xlsx = "xlsx"
    json = "json"


@app.command("export", help=h("help_cmd_export"))
def export_command(
    data: DataArg = None,
    to: Annotated[ExportFormat, typer.Option("--to", help=h("help_to"))] = (ExportFormat.xlsx),
    output: Annotated[Path, typer.Option("-o", "--output", help=h("help_output"))] = Path(
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
    with guarded(debug, quiet, lang.value):
        net = load_network(data, vocabulary)
        with working(message("progress_export", to=to.value), net):
            path = analysed(net, as_of, roots).export(
                to.value, output, anonymize=anonymize, salt=salt, lang=lang.value, force=force
            )
        if not quiet:
            typer.echo(word("wrote", lang.value, path=path), err=True)


@app.command(help=h("help_cmd_generate"))
def generate(
    output: Annotated[Path, typer.Option("-o", "--output", help=h("help_folder"))],
    residents: Annotated[
        int, typer.Option("--residents", min=1, help=h("help_residents"))
    ] = 86_976,
    seed: Annotated[int, typer.Option("--seed", help=h("help_seed"))] = 0,
    mutual_aid: Annotated[
        float,
        typer.Option(
            "--mutual-aid",
            min=0.0,
            max=1.0,
            help=h("help_mutual_aid"),
        ),
    ] = 0.0,
    force: Annotated[bool, typer.Option("--force", help=h("help_force_folder"))] = False,
    lang: LangOpt = LANG_DEFAULT,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
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
            typer.echo(
                word("wrote_city", lang.value, residents=f"{residents:,}", folder=folder),
                err=True,
            )


@app.command(help=h("help_cmd_template"))
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help=h("help_xlsx_output"))] = Path(
        "tsunagari-template.xlsx"
    ),
    lang: Annotated[Lang, typer.Option("--lang", help=h("help_template_lang"))] = Lang.ja,
    vocabulary: Vocab = None,
    force: Force = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    from ..io import load_vocabulary
    from ..template import write_template

    with guarded(debug, quiet, lang.value):
        vocab = load_vocabulary(vocabulary) if vocabulary else None
        path = write_template(output, lang=lang.value, vocabulary=vocab, force=force)
        if not quiet:
            typer.echo(word("wrote", lang.value, path=path), err=True)
