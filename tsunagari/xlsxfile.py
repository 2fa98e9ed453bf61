"""Workbooks (.xlsx) from cells held in memory: each sheet's XML is made and compressed
into its zip member a chunk of rows at a time, a chunk's cells a column at a time.

Only what the exports need: cells of text (inline strings, so that text is never read as a
formula, a number or a link), numbers and booleans; every sheet with its header row frozen,
an autofilter over all its rows and columns, and a width for each column. An empty text is
no cell. Text is escaped as Excel (and xlsxwriter) escape it: ``& < >``, characters XML 1.0
cannot hold as ``_xHHHH_`` and a literal ``_xHHHH_`` as ``_x005F_xHHHH_`` (so that it reads
back as written); leading or trailing white space is kept (``xml:space="preserve"``); a
text longer than Excel's 32,767 UTF-16 units is cut there. Numbers are written as
xlsxwriter writes them (16 significant digits). Equal sheets give equal bytes: fixed member
times and order, created 2000-01-01.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, BinaryIO

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "ROWS", "Sheet", "write_xlsx", "zip_member"]

ROWS = 1_000  # rows made into XML and compressed at a time
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # the most a sheet holds in Excel
LONGEST = 32_767  # UTF-16 units of text a cell holds in Excel

_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument."


@dataclass(frozen=True)
class Sheet:
    """A sheet: its title, its columns (each a list of cells, the header first) and each
    column's width in characters (Excel adds its padding, 0.71 for the default font)."""

    title: str
    columns: Sequence[Sequence[str | int | float | bool]]
    widths: Sequence[float]


def write_xlsx(out: BinaryIO, sheets: Sequence[Sheet]) -> None:
    """Write a workbook of ``sheets`` to ``out`` (a seekable binary file).

    Raises
    ------
    ValueError
        A title Excel refuses (empty, over 31 characters, ``[ ] : * ? / \\``, an apostrophe
        first or last, or twice in the book, whatever the case); more rows or columns than
        Excel holds; a number that is not finite.

    Examples
    --------
    >>> import io, openpyxl
    >>> out = io.BytesIO()
    >>> write_xlsx(out, [Sheet("s", [["id", "=1+1", ""], ["n", 7, 0.5]], [6, 6])])
    >>> ws = openpyxl.load_workbook(out)["s"]
    >>> [[c.value for c in row] for row in ws.iter_rows()]
    [['id', 'n'], ['=1+1', 7], [None, 0.5]]
    >>> ws.freeze_panes, ws.auto_filter.ref
    ('A2', 'A1:B3')
    """
    _check_sheets(sheets)
    areas: list[str | None] = []  # each sheet's autofilter
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zip_member("[Content_Types].xml"), _content_types(len(sheets)))
        book.writestr(zip_member("_rels/.rels"), _ROOT_RELS)
        book.writestr(zip_member("xl/_rels/workbook.xml.rels"), _workbook_rels(len(sheets)))
        for number, sheet in enumerate(sheets, 1):
            with book.open(zip_member(f"xl/worksheets/sheet{number}.xml"), "w") as part:
                areas.append(_write_sheet(part, sheet, selected=number == 1))
        book.writestr(zip_member("xl/workbook.xml"), _workbook(sheets, areas))
        book.writestr(zip_member("xl/styles.xml"), _STYLES)
        book.writestr(zip_member("docProps/core.xml"), _CORE)
        book.writestr(zip_member("docProps/app.xml"), _app(sheets))


def zip_member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed time and mode, so that equal input gives equal bytes."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _check_sheets(sheets: Sequence[Sheet]) -> None:
    """Raise ValueError for a sheet Excel cannot open: too many rows or columns, a bad title."""
    for sheet in sheets:
        if len(sheet.columns) > MAX_COLUMNS or sheet.columns and len(sheet.columns[0]) > MAX_ROWS:
            limit = f"{MAX_ROWS:,} × {MAX_COLUMNS:,}"
            raise ValueError(f"sheet {sheet.title!r} is larger than Excel's {limit}")
    seen: set[str] = set()
    titles = [s.title for s in sheets]
    for title in titles:
        if not title or len(title.encode("utf-16-le", "surrogatepass")) > 62:
            raise ValueError(f"a sheet title must have 1 to 31 characters: {title!r}")
        if re.search(r"[\[\]:*?/\\]", title) or title[0] == "'" or title[-1] == "'":
            raise ValueError(
                f"a sheet title must not hold [ ] : * ? / \\ or ' at an end: {title!r}"
            )
        if title.lower() in seen:
            raise ValueError(f"two sheets are titled {title!r}")
        seen.add(title.lower())


# --- a sheet ---------------------------------------------------------------------------


def _write_sheet(part: IO[bytes], sheet: Sheet, *, selected: bool) -> str | None:
    """Write one sheet's XML to ``part``, a chunk of rows at a time; return its autofilter
    (``None`` without columns)."""
    columns = sheet.columns
    letters = [_letter(i) for i in range(len(columns))]
    height = len(columns[0]) if columns else 0
    area = None
    if columns:
        last = f"{letters[-1]}{height}"
        area = "A1" if last == "A1" else f"A1:{last}"
    cols = "".join(
        f'<col min="{first + 1}" max="{end}" width="{_width(w)}" customWidth="1"/>'
        for first, end, w in _runs(sheet.widths)
    )
    tab = ' tabSelected="1"' if selected else ""
    part.write(
        (
            f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC}">'
            f'<dimension ref="{_dimension(columns, letters)}"/>'
            f'<sheetViews><sheetView{tab} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        ).encode()
    )
    # the header row on its own, then chunks: below it, a column holds one type
    bounds = [0, *range(1, height, ROWS), height] if height else []
    for start, end in zip(bounds, bounds[1:]):
        numbers = list(map(str, range(start + 1, end + 1)))
        cells = [_cells(letter, numbers, c[start:end]) for letter, c in zip(letters, columns)]
        rows = [
            f'<row r="{n}">{row}</row>' for n, row in zip(numbers, map("".join, zip(*cells))) if row
        ]
        part.write("".join(rows).encode())
    tail = f'<autoFilter ref="{area}"/>' if area else ""
    part.write(
        f"</sheetData>{tail}"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>".encode()
    )
    return area


def _letter(index: int) -> str:
    """A column's letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _runs(widths: Sequence[float]) -> list[tuple[int, int, float]]:
    """Runs of neighbouring columns of one width: (first index, last index + 1, width)."""
    runs: list[tuple[int, int, float]] = []
    for i, w in enumerate(widths):
        if runs and runs[-1][2] == w and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1, w)
        else:
            runs.append((i, i + 1, w))
    return runs


def _width(characters: float) -> str:
    """A width in characters as the file holds it, padding included (as xlsxwriter writes
    it for Calibri 11: 7 pixels a digit, 5 of padding, in 256ths of a digit)."""
    if characters < 1:
        pixels = int(characters * 12 + 0.5)
    else:
        pixels = int(characters * 7 + 0.5) + 5
    return f"{(pixels * 256 // 7) / 256:.16g}"


def _dimension(columns: Sequence[Sequence], letters: list[str]) -> str:
    """The range the sheet's cells take (``A1`` for none), as Excel's ``<dimension>``."""
    used = []  # (column, first row, last row) of each column holding a cell
    for i, c in enumerate(columns):
        first = next((r for r, v in enumerate(c) if v != ""), None)
        if first is not None:
            used.append((i, first, next(r for r in range(len(c) - 1, -1, -1) if c[r] != "")))
    if not used:
        return "A1"
    top = f"{letters[used[0][0]]}{min(u[1] for u in used) + 1}"
    bottom = f"{letters[used[-1][0]]}{max(u[2] for u in used) + 1}"
    return top if top == bottom else f"{top}:{bottom}"


# --- cells -----------------------------------------------------------------------------

_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")  # text that reads as Excel's escape
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # what XML 1.0 cannot hold (and CR)
_SPECIAL = re.compile(f"{_CONTROL.pattern}|{_ESCAPED.pattern}")  # anything to escape
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKUP_SPECIAL = re.compile("[&<>]")
_PRESERVE = '<t xml:space="preserve">'
_SPACE_AT_AN_END = re.compile(r"\0\s|\s\0")  # in texts parted by NULs


def _cells(letter: str, numbers: list[str], values: Sequence) -> list[str]:
    """One column's cells of a chunk of rows (``numbers``), as XML ('' for no cell); a
    column of one type is made in one go."""
    kinds = set(map(type, values))
    if kinds == {str}:
        texts, keep = _texts(values)
        if keep is None:
            return [
                f'<c r="{letter}{n}" t="inlineStr"><is><t>{t}</t></is></c>' if t else ""
                for n, t in zip(numbers, texts)
            ]
        return [
            f'<c r="{letter}{n}" t="inlineStr"><is>{_PRESERVE if k else "<t>"}{t}</t></is></c>'
            if t
            else ""
            for n, t, k in zip(numbers, texts, keep)
        ]
    if kinds == {bool}:
        return _boolean_cells(letter, numbers, values)
    if kinds <= {int, float}:
        return _number_cells(letter, numbers, values)
    others = kinds - {str}
    if (others == {bool} or others <= {int, float}) and not any(
        v for v in values if type(v) is str
    ):  # numbers or booleans, some missing
        kept = [i for i, v in enumerate(values) if type(v) is not str]
        made = _cells(letter, [numbers[i] for i in kept], [values[i] for i in kept])
        cells = [""] * len(values)
        for i, cell in zip(kept, made):
            cells[i] = cell
        return cells
    return [_cell(letter, n, v) for n, v in zip(numbers, values)]  # mixed: rare


def _cell(letter: str, number: str, value: object) -> str:
    if isinstance(value, str):
        return _cells(letter, [number], [value])[0] if value else ""
    made = _boolean_cells if isinstance(value, bool) else _number_cells
    return made(letter, [number], [value])[0]


def _boolean_cells(letter: str, numbers: list[str], values: Sequence) -> list[str]:
    return [f'<c r="{letter}{n}" t="b"><v>{int(v)}</v></c>' for n, v in zip(numbers, values)]


def _number_cells(letter: str, numbers: list[str], values: Sequence) -> list[str]:
    return [f'<c r="{letter}{n}"><v>{v}</v></c>' for n, v in zip(numbers, _numbers(values))]


def _numbers(values: Sequence) -> list[str]:
    """Numbers as xlsxwriter writes them (``.16G``: whole numbers under 10**16 exactly)."""
    texts = [format(v, ".16G") for v in values]
    if "N" in "".join(texts):  # NAN, INF: no number Excel holds
        raise ValueError("a number cell must be finite")
    return texts


def _texts(values: Sequence[str]) -> tuple[list[str], list[bool] | None]:
    """The texts cut to what Excel holds and escaped, and whether each keeps its leading or
    trailing white space (``None``: none has any). The column is searched at once for
    anything to escape or keep; as a rule there is nothing."""
    joined = "".join(values)
    if len(joined) > LONGEST // 2:
        values = [_cut(v) if len(v) > LONGEST // 2 else v for v in values]
    if _SPECIAL.search(joined):
        values = [_excel_escaped(v) for v in values]
    line = "\0".join(values)  # no text holds a NUL now (it was escaped): it parts them
    keep = None
    if _SPACE_AT_AN_END.search(f"\0{line}\0"):
        keep = [v[:1].isspace() or v[-1:].isspace() for v in values]
    if _MARKUP_SPECIAL.search(line):
        return line.translate(_MARKUP).split("\0"), keep
    return list(values), keep


def _cut(text: str) -> str:
    """``text`` cut to :data:`LONGEST` UTF-16 units, never inside a character."""
    if len(text.encode("utf-16-le", "surrogatepass")) // 2 <= LONGEST:
        return text
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > LONGEST:
            return text[:i]
    return text


def _excel_escaped(text: str) -> str:
    """Excel's escapes: a literal ``_xHHHH_`` first, then each character XML cannot hold."""
    text = _ESCAPED.sub(r"_x005F\1", text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _attribute(text: str) -> str:
    return text.translate(_MARKUP).replace('"', "&quot;").replace("\n", "&#xA;")


# --- the parts around the sheets -------------------------------------------------------


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="{_TYPE}spreadsheetml.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_TYPE}extended-properties+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        f'ContentType="{_TYPE}spreadsheetml.sheet.main+xml"/>{sheets}</Types>'
    )


_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    styles = f'<Relationship Id="rId{count + 1}" Type="{_DOC}/styles" Target="styles.xml"/>'
    return f'{_HEAD}<Relationships xmlns="{_RELS}">{sheets}{styles}</Relationships>'


def _workbook(sheets: Sequence[Sheet], areas: list[str | None]) -> str:
    """The workbook part: the sheets in order and, as Excel expects of an autofilter, a
    hidden ``_xlnm._FilterDatabase`` name for each sheet's."""
    listed = "".join(
        f'<sheet name="{_attribute(s.title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, 1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        + "'{}'!{}".format(
            s.title.replace("'", "''"), re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", area)
        ).translate(_MARKUP)
        + "</definedName>"
        for i, (s, area) in enumerate(zip(sheets, areas))
        if area
    )
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
        '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
        '<workbookPr/><bookViews><workbookView xWindow="240" yWindow="15" '
        'windowWidth="16095" windowHeight="9660"/></bookViews>'
        f"<sheets>{listed}</sheets>"
        + (f"<definedNames>{names}</definedNames>" if names else "")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


# One font, the two fills Excel requires, one border, one cell format: no theme needed
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
)

_CORE = (
    f"{_HEAD}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)


def _app(sheets: Sequence[Sheet]) -> str:
    titles = "".join(f"<vt:lpstr>{s.title.translate(_MARKUP)}</vt:lpstr>" for s in sheets)
    return (
        f"{_HEAD}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
        '<ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant">'
        "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        f"<vt:variant><vt:i4>{len(sheets)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        f'<TitlesOfParts><vt:vector size="{len(sheets)}" baseType="lpstr">{titles}'
        "</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>12.0000</AppVersion></Properties>"
    )
