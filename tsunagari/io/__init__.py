"""Reading and validating networks from CSV or Excel, and writing outputs atomically.

A *network* on disk is a folder holding ``nodes.csv`` and ``supports.csv`` (and optionally
``domains.csv``, a vocabulary override), or one ``.xlsx`` workbook with the sheets ``nodes``
and ``supports`` (and optionally ``domains``). CSV files may be UTF-8, UTF-8 with a BOM
(Excel's "CSV UTF-8"), UTF-16 with a BOM, or Shift_JIS/cp932 (Excel's default on Japanese
Windows); the encoding is detected, never guessed lossily.

:func:`read_frames` validates the same two tables given as pandas DataFrames, each cell
taken as the text a file would hold.

Validation collects every problem in both tables and raises one :class:`InputError`; a
network is returned whole or not at all. Input files are opened read-only.

One topic per module: :mod:`.files` turns bytes into text and tables of coded text,
:mod:`.csvfile` reads CSV files into them (pyarrow, or pandas' parser for ragged files),
:mod:`.workbook` Excel workbooks, :mod:`.columns` holds
the column contract and the per-table checker, :mod:`.validate` the rules for nodes and
supports, :mod:`.read` the entry points :func:`read_network`, :func:`read_frames` and
:func:`load_vocabulary`, :mod:`.write` atomic output.
"""

from __future__ import annotations

from .columns import NODE_COLUMNS, SUPPORT_COLUMNS
from .files import read_text
from .read import from_frames, load, load_vocabulary, read_frames, read_network, sample_path
from .write import write_atomic

__all__ = [
    "NODE_COLUMNS",
    "SUPPORT_COLUMNS",
    "from_frames",
    "load",
    "load_vocabulary",
    "read_frames",
    "read_network",
    "read_text",
    "sample_path",
    "write_atomic",
]
