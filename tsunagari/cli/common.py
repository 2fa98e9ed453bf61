"""What every command shares: the app, option types, error handling, output helpers."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, TypeVar

import typer

from .. import tables, terminal
from ..columnar import Columns
from ..errors import InputError, TsunagariError
from ..progress import is_large, progress, shown
from ..vocabulary import Vocabulary
from ..words import Message, error_text, message, word

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.analysed import Analysis
    from ..network import Network


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Lang(StrEnum):
    ja = "ja"
    en = "en"


class Encoding(StrEnum):
    utf_8 = "utf-8"
    cp932 = "cp932"


def default_lang() -> Lang:
    """Japanese when the locale says so, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return Lang.ja if value.lower().startswith("ja") else Lang.en
    return Lang.en


# Read once at import so ``--help`` shows it as the default.
LANG_DEFAULT = default_lang()


def help_lang(argv: list[str], default: Lang) -> str:
    """The language of ``--help``: the command line's ``--lang``, else the locale's.

    Examples
    --------
    >>> help_lang(["isolated", "--lang", "ja", "--help"], Lang.en), help_lang([], Lang.en)
    ('ja', 'en')
    """
    for i, arg in enumerate(argv):
        given = arg.partition("=")[2] if arg.startswith("--lang=") else ""
        if arg == "--lang" and i + 1 < len(argv):
            given = argv[i + 1]
        if given in Lang.__members__:
            return given
    return default.value


HELP_LANG = help_lang(sys.argv[1:], LANG_DEFAULT)


def h(key: str) -> str:
    """A help text of the catalogue in the language of ``--help``."""
    return word(key, HELP_LANG)


app = typer.Typer(
    name="tsunagari",
    help=h("help_app"),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold residents' data
    add_completion=False,
)


def _show_version(asked: bool) -> None:
    if asked:
        from .. import __version__

        typer.echo(f"tsunagari {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", help=h("help_version"), callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    """Options of tsunagari itself, before the command."""


DataArg = Annotated[
    Path | None,
    typer.Argument(
        help=h("help_data"),
        show_default=False,
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help=h("help_as_of")),
]
FormatOpt = Annotated[Format, typer.Option("--format", help=h("help_format"))]
LangOpt = Annotated[Lang, typer.Option("--lang", help=h("help_lang"))]
Vocab = Annotated[Path | None, typer.Option("--vocabulary", help=h("help_vocabulary"))]
Debug = Annotated[bool, typer.Option("--debug", help=h("help_debug"))]
Roots = Annotated[
    str,
    typer.Option("--roots", help=h("help_roots")),
]
Anonymize = Annotated[bool, typer.Option("--anonymize", help=h("help_anonymize"))]
Salt = Annotated[str | None, typer.Option("--salt", help=h("help_salt"))]
LsnsThreshold = Annotated[int, typer.Option("--lsns-threshold", help=h("help_lsns"))]
Force = Annotated[
    bool,
    typer.Option("--force", help=h("help_force")),
]
Limit = Annotated[int | None, typer.Option("--limit", min=0, help=h("help_limit"))]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", help=h("help_quiet")),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help=h("help_table_output"),
    ),
]
Excel = Annotated[
    bool,
    typer.Option(
        "--excel",
        help=h("help_excel"),
    ),
]
EncodingOpt = Annotated[
    Encoding,
    typer.Option(
        "--encoding",
        help=h("help_encoding"),
    ),
]


@contextmanager
def guarded(debug: bool, quiet: bool = False, lang: str = "en") -> Iterator[None]:
    """Turn a TsunagariError into ``Error:`` lines on stderr (in ``lang``) and exit code 1.

    Inside, long steps draw a progress bar on stderr when it is a terminal, unless ``quiet``
    (the bar is erased before any error line is printed).
    """
    voice = _voice.set((quiet, lang))
    try:
        with shown(not quiet, lang):
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
        raise TsunagariError(message("err_as_of", as_of=as_of)) from None


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


@dataclass(frozen=True)
class Destination:
    """Where a command's table goes and in what form: stdout or a file (``-o``), CSV for
    machines or for Excel (``--excel``, ``--encoding``)."""

    output_format: Format
    lang: str
    vocabulary: Vocabulary
    path: Path | None = None
    force: bool = False
    excel: bool = False
    encoding: Encoding = Encoding.utf_8
    protect: tuple[Path, ...] = ()
    quiet: bool = False


def destination(
    net: Network | Vocabulary,
    output_format: Format,
    lang: Lang,
    output: Path | None = None,
    force: bool = False,
    excel: bool = False,
    encoding: Encoding = Encoding.utf_8,
    quiet: bool = False,
) -> Destination:
    """The :class:`Destination` of a command's options (given in the order of the commands'
    signatures); ``net`` gives the labels of its domains and the inputs an output may never
    replace."""
    if (excel or encoding is not Encoding.utf_8) and output_format is not Format.csv:
        raise TsunagariError(message("err_excel_csv_only"))
    vocabulary = net if isinstance(net, Vocabulary) else net.vocabulary
    inputs = () if isinstance(net, Vocabulary) else tuple(net.inputs)
    if vocabulary.origin is not None:
        inputs += (vocabulary.origin,)
    return Destination(
        output_format, lang.value, vocabulary, output, force, excel, encoding, inputs, quiet
    )


def emit_table(
    to: Destination,
    table: pd.DataFrame | Columns | Iterable[pd.DataFrame],
    text: Callable[[], str | Iterable[str]] | None = None,
    *,
    whole: object = None,
) -> None:
    """Write a table where ``to`` says: JSON of ``whole`` (default the table), CSV of the
    table (a frame or consecutive frames, written as they come), or the text ``text()``
    builds for people, whole or in pieces written as they come (a command that answers the
    table format itself passes none)."""
    from .. import excel

    if to.output_format is Format.table:
        assert text is not None, "the table format needs its text"
        made = text()
        texts = [made] if isinstance(made, str) else made
        if to.path is None:
            for piece in texts:
                emit(piece)
            return
        pieces: Iterable[bytes | memoryview] = (
            terminal.printable(t).encode("utf-8") for t in texts
        )
    elif to.output_format is Format.json:
        pieces = tables.json_pieces(table if whole is None else whole)
    else:
        frames = [table] if tables.is_table(table) else table
        frames = [f.frame() if isinstance(f, Columns) else f for f in frames]
        pieces = excel.csv_bytes(
            frames,
            vocabulary=to.vocabulary,
            lang=to.lang,
            excel=to.excel,
            encoding=to.encoding.value,
        )
        if to.encoding is Encoding.cp932:  # checked whole before a byte is written
            pieces = [b"".join(pieces)]
    if to.path is None:
        _write_stdout(pieces, to.encoding.value)
        return
    from ..io import write_atomic

    def write(out: BinaryIO) -> None:
        for piece in pieces:
            out.write(piece)

    path = write_atomic(to.path, write, protect=to.protect, force=to.force, streamed=True)
    if not to.quiet:
        typer.echo(word("wrote", to.lang, path=path), err=True)


def _write_stdout(pieces: Iterable[bytes | memoryview], encoding: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (some notebook frontends): the text, as written
        sys.stdout.write(b"".join(pieces).decode(encoding))
        return
    sys.stdout.flush()
    for piece in pieces:
        out.write(piece)
    out.flush()


T = TypeVar("T", "pd.DataFrame", Columns)


def limited(frame: T, limit: int | None) -> tuple[T, int]:
    """The first ``limit`` rows of ``frame`` (a DataFrame or columns; all for None or 0), and
    how many were left out."""
    if not limit or limit >= len(frame):
        return frame, 0
    head = frame.take(slice(0, limit)) if isinstance(frame, Columns) else frame.head(limit)
    return head, len(frame) - limit


def more_rows(left_out: int, lang: str) -> str:
    """The line under a table that says how many rows ``--limit`` left out."""
    return word("more_lines", lang, n=f"{left_out:,}") + "\n" if left_out else ""


def place(district: str, lang: str) -> str:
    """A district for display; an empty one is the whole city."""
    return district or word("city_wide", lang)


def working(label: Message, net: Network) -> AbstractContextManager:
    """A spinner on stderr around a long step over ``net``, for a large network only.

    ``label`` names the step with counts at most (never a resident's name or needs).
    """
    return progress(label, show=is_large(len(net) + net.support_count))
