"""What every command shares: the app, option types, error handling, output helpers."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import tables, terminal
from ..errors import InputError, TsunagariError
from ..progress import is_large, progress, shown
from ..words import error_text, word

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.analysed import Analysis
    from ..network import Network

app = typer.Typer(
    name="tsunagari",
    help="つながり — map a town's web of support and find who the safety net does not hold.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold residents' data
    add_completion=False,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Lang(StrEnum):
    ja = "ja"
    en = "en"


def default_lang() -> Lang:
    """Japanese when the locale says so, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return Lang.ja if value.lower().startswith("ja") else Lang.en
    return Lang.en


# Read once at import so ``--help`` shows it as the default.
LANG_DEFAULT = default_lang()

DataArg = Annotated[
    Path | None,
    typer.Argument(
        help="Network folder (nodes.csv + supports.csv) or .xlsx workbook. "
        "Default: the bundled fictional Iga sample.",
        show_default=False,
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Day on which supports count (2021-04-01, 令和3年4月1日; default today)."
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", help="table for people; csv or json for machines.")
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Label language (default from the locale).")]
Vocab = Annotated[
    Path | None, typer.Option("--vocabulary", help="A domains CSV extending the built-in domains.")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback (ids only) on errors.")]
Roots = Annotated[
    str,
    typer.Option("--roots", help="Comma list of kinds and/or node ids forming the formal net."),
]
Anonymize = Annotated[
    bool, typer.Option("--anonymize", help="Pseudonyms for residents; hide 要配慮 needs.")
]
Salt = Annotated[str | None, typer.Option("--salt", help="Secret for stable pseudonyms.")]
LsnsThreshold = Annotated[
    int, typer.Option("--lsns-threshold", help="LSNS-6 below this is at risk.")
]
Force = Annotated[
    bool,
    typer.Option("--force", help="Replace an existing output file (never one of the inputs)."),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", help="Nothing on stderr but errors (no progress bar on a terminal)."),
]


@contextmanager
def guarded(debug: bool, quiet: bool = False, lang: str = "en") -> Iterator[None]:
    """Turn a TsunagariError into ``Error:`` lines on stderr (in ``lang``) and exit code 1.

    Inside, long steps draw a progress bar on stderr when it is a terminal, unless ``quiet``
    (the bar is erased before any error line is printed).
    """
    voice = _voice.set((quiet, lang))
    try:
        with shown(not quiet):
            yield
    except TsunagariError as exc:
        if debug:
            raise
        lines = error_text(exc, lang)
        for line in lines:
            typer.echo(f"{word('error', lang)}: {terminal.printable(line)}", err=True)
        if isinstance(exc, InputError) and len(lines) > 1:
            typer.echo(word("problems_found", lang, n=len(lines)), err=True)
        raise typer.Exit(1) from None
    finally:
        _voice.reset(voice)


# --quiet and --lang of the command running inside guarded(): how load_network warns
_voice: ContextVar[tuple[bool, str]] = ContextVar("voice", default=(False, "en"))


def warning_lines(net: Network, lang: str) -> list[str]:
    """The network's warnings (:attr:`Network.warnings`) as lines in ``lang``."""
    return [f"{word('warning', lang)}: {terminal.printable(w.text(lang))}" for w in net.warnings]


def load_network(data: Path | None, vocabulary: Path | None, *, warn: bool = True) -> Network:
    """The network, its warnings on stderr in the command's language unless ``--quiet``
    (``warn=False``: the command shows them itself)."""
    from ..io import load

    net = load(data, vocabulary=vocabulary)
    quiet, lang = _voice.get()
    if warn and not quiet:
        for line in warning_lines(net, lang):
            typer.echo(line, err=True)
    return net


def load_shareable(
    data: Path | None, vocabulary: Path | None, anonymize: bool, salt: str | None
) -> tuple[Network, Callable[[str], str]]:
    """The network, anonymised on request, and how to translate ids the user typed."""
    net = load_network(data, vocabulary)
    if not anonymize:
        return net, str
    from ..privacy import anonymized_network

    return anonymized_network(net, salt)


def as_of_option(as_of: str | None) -> dt.date:
    from ..dates import as_of_date

    try:
        return as_of_date(as_of)
    except ValueError:
        raise TsunagariError(
            f"--as-of: '{as_of}' is not a date (expected e.g. 2021-04-01 or 令和3年4月1日)"
        ) from None


def root_list(roots: str) -> list[str]:
    """The ``--roots`` comma list as a list."""
    return [r.strip() for r in roots.split(",") if r.strip()]


def analysed(net: Network, as_of: str | None, roots: str, lsns_threshold: int = 12) -> Analysis:
    """The command's one :class:`~tsunagari.Analysis`, from its ``--as-of`` and ``--roots``."""
    from ..analysis.analysed import analyse

    day = as_of_option(as_of)
    return analyse(net, as_of=day, roots=root_list(roots), lsns_threshold=lsns_threshold)


def emit(text: str, *, raw: bool = False) -> None:
    """Write text for people (control characters dropped) or, ``raw``, CSV for machines."""
    sys.stdout.write(text if raw else terminal.printable(text))


def emit_json(obj: object) -> None:
    """Write ``obj`` as JSON (see :func:`tables.json_pieces`) a piece at a time."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        emit(tables.to_json(obj), raw=True)
        return
    sys.stdout.flush()
    for piece in tables.json_pieces(obj):
        out.write(piece)
    out.flush()


def emit_frame(frame: pd.DataFrame, output_format: Format, text: Callable[[], str]) -> None:
    """Write ``frame`` as JSON or CSV, or the table ``text()`` builds for people."""
    if output_format is Format.json:
        emit_json(frame)
    elif output_format is Format.csv:
        emit(tables.to_csv(frame), raw=True)
    else:
        emit(text())


def place(district: str, lang: str) -> str:
    """A district for display; an empty one is the whole city."""
    return district or word("city_wide", lang)


def working(label: str, net: Network) -> AbstractContextManager:
    """A spinner on stderr around a long step over ``net``, for a large network only.

    ``label`` names the step with counts at most (never a resident's name or needs).
    """
    return progress(label, show=is_large(len(net.nodes) + len(net.supports)))
