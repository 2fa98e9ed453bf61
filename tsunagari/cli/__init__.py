"""The ``tsunagari`` command line: parse options, call one library function, format.

No analysis happens here. Errors a user can cause are printed on stderr, in the user's
language (``Error: ...``, ``エラー: ...``), with exit code 1; ``--debug`` re-raises them with
a traceback that holds ids only (typer's display of local variables is off: locals hold
residents' data).

The commands live in topic modules: :mod:`.people` (check, isolated), :mod:`.analysis`
(critical, gaps, timeline), :mod:`.scenarios` (whatif, suggest), :mod:`.pages` (map,
report), :mod:`.files` (export, generate, template) and :mod:`.domains` (domains);
:mod:`.common` holds the app and what they share.
"""

from __future__ import annotations

import gc

# Importing a topic module registers its commands; this order is the order of ``--help``.
# isort: off
from . import people, analysis, scenarios, pages, files, domains  # noqa: F401

# isort: on
from .common import Format, Lang, app, default_lang

__all__ = ["Format", "Lang", "app", "default_lang", "main"]

# A command allocates millions of small objects (rows, tuples, dicts) that form no reference
# cycles; the cyclic collector's repeated full passes over them cost about a tenth of a
# city-sized run, so a command process collects rarely.
gc.set_threshold(100_000, 50, 100)


def main() -> None:  # pragma: no cover - console entry point alias
    app()
