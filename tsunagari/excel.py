"""Tables as a person reads them in Excel: labels instead of codes, and CSV Excel opens.

CSV and JSON carry codes, the data contract of the specification. A person reading a table
in a spreadsheet — ``--format csv --excel --lang ja``, or the Japanese workbook of
``export --to xlsx`` — reads labels instead (:func:`labelled`):

* a status (``status``, ``before``, ``after``, ``status_after``, ``need``, ``need_after``)
  as its label, 一本の糸; a pair of fields' ``unlinked`` as つながりなし;
* ``kind``, ``relation``, ``formality`` and ``frequency`` as their labels;
* a domain (``domain``, ``domain_a``, ``domain_b``) as its label, ``services`` as labels
  joined by 、;
* ``needs`` ({domain: status}) as ``高齢・介護：支援なし、就労：一本の糸`` — each need as
  *domain label* ： *need status label*, joined by 、 (the catalogue's ``colon`` and
  ``comma``); ``need_changes`` as ``見守り：一本の糸→支援なし``; ``need_single_points`` as
  ``就労：vol-1;agency-2`` (ids stay ids, joined by ``;`` as everywhere);
* an empty ``district`` as 市全域.

In English the codes stay: the English workbook and CSV are the codes.

:func:`csv_bytes` encodes CSV for Excel: UTF-8 with a byte order mark (Excel's "CSV UTF-8"),
or cp932 (Shift_JIS, old Excel's default). A character cp932 cannot hold (𠮷, an emoji) is
an error naming the row (as the spreadsheet shows it) and the column; nothing is replaced or
dropped. Only a character JIS has once and Unicode spells twice is written as JIS has it
(the em dash — as cp932's ― 0x815C, as Windows does; 〜 and ～ alike as 0x8160).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, cast

from .errors import TsunagariError
from .tables import csv_pieces
from .terminal import width
from .vocabulary import (
    FORMALITIES,
    FREQUENCIES,
    KINDS,
    NEED_STATUSES,
    RELATIONS,
    STATUSES,
    Vocabulary,
    label,
)
from .words import header, message, word
from .xlsxfile import zip_member

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ENCODINGS",
    "csv_bytes",
    "display_width",
    "heading",
    "labelled",
    "stable_zip",
    "widest",
]

ENCODINGS = ("utf-8", "cp932")

# Characters of JIS X 0208 that Unicode spells twice: cp932 holds one spelling, so the
# other is written as the same JIS character (Python's cp932 already does this for 〜 ‖ −).
_JIS_SPELLINGS = str.maketrans({"\u2014": "\u2015"})  # EM DASH: JIS 1-29, cp932 0x815C
_STATUS_COLUMNS = ("status", "before", "after", "status_after", "need", "need_after")
_CODE_TABLES = {
    "kind": KINDS,
    "relation": RELATIONS,
    "formality": FORMALITIES,
    "frequency": FREQUENCIES,
}
_DOMAIN_COLUMNS = ("domain", "domain_a", "domain_b")


def heading(column: str, lang: str) -> str:
    """A column's heading for people: the column code in English (as CSV and JSON), its
    word in Japanese; a column of the caller's own keeps its code.

    Examples
    --------
    >>> heading("single_points", "ja"), heading("single_points", "en"), heading("x", "ja")
    ('一本の糸の要', 'single_points', 'x')
    >>> heading("resident", "ja")
    '住民'
    """
    if lang != "ja":
        return column
    if column in KINDS:  # suggest's "resident" column is named by the kind
        return label(KINDS, column, lang)
    try:
        return header(column, lang)
    except KeyError:
        return column


def _status(code: object, lang: str) -> object:
    if not isinstance(code, str):
        return code
    if code in NEED_STATUSES:
        return label(NEED_STATUSES, code, lang)
    if code in STATUSES:
        return label(STATUSES, code, lang)
    return word("unlinked", lang) if code == "unlinked" else code


def labelled(frame: pd.DataFrame, vocabulary: Vocabulary, lang: str) -> pd.DataFrame:
    """``frame`` with its codes as labels in ``lang`` (a copy); English keeps the codes.

    Examples
    --------
    >>> import pandas as pd, tsunagari as tg
    >>> v = tg.load().vocabulary
    >>> f = pd.DataFrame({"status": ["isolated"], "needs": [{"employment": "uncovered"}]})
    >>> labelled(f, v, "ja").iloc[0].tolist()
    ['孤立', '就労：支援なし']
    """
    if lang != "ja":
        return frame
    colon, comma = word("colon", lang), word("comma", lang)

    def domain(code: object) -> object:
        return vocabulary.label(code, lang) if code in vocabulary.domains else code

    def needs(value: object) -> object:
        if not isinstance(value, dict):
            return value
        return comma.join(f"{domain(d)}{colon}{_status(s, lang)}" for d, s in value.items())

    def changes(value: object) -> object:
        if not isinstance(value, dict):
            return value
        return comma.join(
            f"{domain(d)}{colon}{_status(c['before'], lang)}→{_status(c['after'], lang)}"
            for d, c in value.items()
        )

    def points(value: object) -> object:
        if not isinstance(value, dict):
            return value
        return comma.join(f"{domain(d)}{colon}{';'.join(ids)}" for d, ids in value.items())

    def services(value: object) -> object:
        if not isinstance(value, (tuple, list)):
            return value
        return comma.join(str(domain(d)) for d in value)

    out = frame.copy()
    by_column: dict[str, Callable[[object], object]] = {
        "needs": needs,
        "need_changes": changes,
        "need_single_points": points,
        "services": services,
        "district": lambda d: word("city_wide", lang) if d == "" else d,
    }
    for column in _STATUS_COLUMNS:
        by_column[column] = lambda s: _status(s, lang)
    for column in _DOMAIN_COLUMNS:
        by_column[column] = domain
    for column, table in _CODE_TABLES.items():
        by_column[column] = _coded(table, lang)
    for column in out.columns:
        if column in by_column:
            out[column] = out[column].astype(object).map(by_column[column])
    return out


def _coded(table: dict[str, tuple[str, str]], lang: str) -> Callable[[object], object]:
    def relabel(code: object) -> object:
        return label(table, code, lang) if isinstance(code, str) and code in table else code

    return relabel


def csv_bytes(
    frames: Iterable[pd.DataFrame],
    *,
    vocabulary: Vocabulary,
    lang: str = "en",
    excel: bool = False,
    encoding: str = "utf-8",
) -> Iterator[bytes]:
    """CSV of consecutive frames making up one table, encoded, a frame at a time.

    Without ``excel`` and in UTF-8 the bytes are exactly :func:`tsunagari.tables.to_csv`'s.
    ``excel`` puts a byte order mark before UTF-8 and, in Japanese, writes headings and
    codes as labels (:func:`heading`, :func:`labelled`). ``encoding="cp932"`` writes
    Shift_JIS as Japanese Windows does (no byte order mark).

    Raises
    ------
    TsunagariError
        Naming the row (the header is row 1) and column of the first character cp932 cannot
        hold; the cell's content is not shown (it may be a name).
    """
    if encoding not in ENCODINGS:
        raise TsunagariError(f"encoding: expected one of {', '.join(ENCODINGS)}, got {encoding}")
    people = excel and lang == "ja"
    sizes: list[int] = []
    names: list[str] = []  # the header as written

    def prepared() -> Iterator[pd.DataFrame]:
        for frame in frames:
            if people:
                frame = labelled(frame, vocabulary, lang)
                frame = frame.rename(columns={c: heading(c, lang) for c in frame.columns})
            sizes.append(len(frame))
            names[:] = names or [str(c) for c in frame.columns]
            yield frame

    row = 1  # the spreadsheet row of the piece's first line
    for i, text in enumerate(csv_pieces(prepared())):
        if encoding == "utf-8":
            data = text.encode("utf-8")
            yield b"\xef\xbb\xbf" + data if excel and i == 0 else data
        else:
            try:
                yield text.translate(_JIS_SPELLINGS).encode("cp932")
            except UnicodeEncodeError:
                raise _not_cp932(text, row, names) from None
        row += sizes[i] + (1 if i == 0 else 0)


def _not_cp932(text: str, first_row: int, names: list[str]) -> TsunagariError:
    """The error for the first cell of ``text`` (CSV lines from ``first_row``, under the
    header ``names``) that cp932 cannot hold."""
    lines = list(csv.reader(io.StringIO(text)))
    for offset, cells in enumerate(lines):
        for number, cell in enumerate(cells):
            try:
                cell.encode("cp932")
            except UnicodeEncodeError as exc:
                column = names[number] if number < len(names) else f"#{number + 1}"
                return TsunagariError(
                    message(
                        "err_cp932_cell",
                        row=first_row + offset,
                        column=column,
                        at=exc.start + 1,
                    )
                )
    return TsunagariError(message("err_cp932"))


def display_width(value: object) -> int:
    """How many columns of a fixed-width font ``value`` takes: East Asian wide and
    full-width characters (漢字, かな, ＡＢＣ) count two.

    Examples
    --------
    >>> display_width("r-001"), display_width("重なり合い"), display_width(12)
    (5, 10, 2)
    """
    return width("" if value is None else str(value))


def widest(values: Sequence[object], *, at_most: int) -> int:
    """The largest :func:`display_width` of ``values``, or ``at_most`` if that is smaller.

    A text takes at least as many columns as it has characters and at most twice as many,
    so only the few texts that could be wider than the longest are measured.

    Examples
    --------
    >>> widest(["r-001", "重なり合い", 12], at_most=60), widest(["x" * 99], at_most=60)
    (10, 60)
    """
    texts: set[str]
    if set(map(type, values)) == {str}:
        texts = set(cast("Sequence[str]", values))  # each once
    else:  # in one pass: the texts, the whole numbers, the rest as text
        texts = set()
        numbers: list[int] = []
        rest: list[str] = []
        for v in values:
            if isinstance(v, str):
                texts.add(v)
            elif type(v) is int:
                numbers.append(v)
            else:
                rest.append("" if v is None else str(v))
        if numbers and not rest:  # the longest whole number is at an end
            texts |= {str(min(numbers)), str(max(numbers))}
        else:
            texts.update(map(str, numbers), rest)
    best = min(max(map(len, texts), default=0), at_most)
    if best == at_most or "".join(texts).isascii():
        return best
    for text in sorted((t for t in texts if 2 * len(t) > best), key=len, reverse=True):
        if 2 * len(text) <= best:
            break  # the rest are shorter: none is wider
        best = max(best, width(text))
        if best >= at_most:
            return at_most
    return best


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so equal input gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                content = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", content)
            dst.writestr(zip_member(info.filename), content)
    return out.getvalue()
