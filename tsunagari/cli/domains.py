"""The ``domains`` command: the vocabulary of support domains, as files may use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import tables, terminal
from ..vocabulary import Vocabulary
from ..words import header
from .common import (
    LANG_DEFAULT,
    Debug,
    Encoding,
    EncodingOpt,
    Excel,
    Force,
    Format,
    FormatOpt,
    LangOpt,
    Output,
    Quiet,
    Vocab,
    app,
    destination,
    emit_table,
    guarded,
    h,
)

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("code", "ja", "en", "sensitivity")


def domain_table(vocabulary: Vocabulary) -> pd.DataFrame:
    """One row per domain, in the vocabulary's order: code, labels, sensitivity."""
    import pandas as pd

    return pd.DataFrame(
        [(d.code, d.ja, d.en, d.sensitivity) for d in vocabulary.domains.values()],
        columns=list(COLUMNS),
    )


@app.command(help=h("help_cmd_domains"))
def domains(
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
    from ..io import load_vocabulary

    with guarded(debug, quiet, lang.value):
        vocab = load_vocabulary(vocabulary)
        to = destination(vocab, output_format, lang, output, force, excel, encoding, quiet)
        table = domain_table(vocab)

        def text() -> str:
            rows = [list(row.values()) for row in tables.records(table)]
            return terminal.to_text(rows, [header(c, lang.value) for c in COLUMNS])

        emit_table(to, table, text)
