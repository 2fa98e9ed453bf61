"""Reading and validating networks from CSV or Excel, and writing outputs atomically.

A *network* on disk is a folder holding ``nodes.csv`` and ``supports.csv`` (and optionally
``domains.csv``, a vocabulary override), or one ``.xlsx`` workbook with the sheets ``nodes``
and ``supports`` (and optionally ``domains``). CSV files may be UTF-8, UTF-8 with a BOM
(Excel's "CSV UTF-8"), UTF-16 with a BOM, or Shift_JIS/cp932 (Excel's default on Japanese
Windows); the encoding is detected, never guessed lossily.

Validation collects every problem in both tables and raises one :class:`InputError`; a
network is returned whole or not at all. Input files are opened read-only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .vocabulary import (
    FORMALITY_LOOKUP,
    FREQUENCY_LOOKUP,
    KIND_LOOKUP,
    KINDS,
    RELATION_LOOKUP,
    Vocabulary,
    default_formality,
    load_vocabulary,
)

__all__ = [
    "NODE_COLUMNS",
    "SUPPORT_COLUMNS",
    "read_network",
    "read_text",
    "write_atomic",
]

# canonical column -> accepted header spellings besides the canonical one
NODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("ID",),
    "name": ("名前", "氏名", "名称"),
    "kind": ("種別",),
    "subtype": ("区分",),
    "district": ("地区",),
    "needs": ("ニーズ",),
    "services": ("支援分野",),
    "capacity": ("受入上限",),
    "lsns6": ("LSNS-6", "LSNS6"),
}
SUPPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "source": ("支援元",),
    "target": ("支援先",),
    "relation": ("関係",),
    "domain": ("分野",),
    "formality": ("形態",),
    "frequency": ("頻度",),
    "since": ("開始日",),
    "until": ("終了日",),
}
_REQUIRED = {"nodes": ("id", "name", "kind"), "supports": ("source", "target")}
# Columns whose content is personal: their values never appear in a message.
_PRIVATE = {"name", "needs"}
_LIST_SPLIT = re.compile(r"[;；、]")
_FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet shows it


# ---------------------------------------------------------------------------- reading text


def read_text(path: Path) -> str:
    """Decode a CSV file as UTF-8 (with or without BOM), UTF-16 with BOM, or cp932.

    Raises
    ------
    InputError
        If the file cannot be read, holds NUL bytes, or is in none of those encodings.
    """
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(
            [Problem(path.name, None, None, None, "is a folder, expected a file")]
        ) from None
    except OSError as exc:
        raise InputError(
            [Problem(path.name, None, None, None, f"cannot be read ({exc.strerror})")]
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8", "cp932"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise InputError(
        [
            Problem(
                path.name,
                None,
                None,
                None,
                "is not a text file in UTF-8 or Shift_JIS (cp932); save it as 'CSV UTF-8'",
            )
        ]
    )


def _csv_frame(path: Path) -> pd.DataFrame:
    """All cells of a CSV as stripped strings; the index is the spreadsheet row number."""
    import io as _io

    text = read_text(path)
    if not text.strip():
        raise InputError([Problem(path.name, None, None, None, "is empty (expected a header row)")])
    try:
        frame = pd.read_csv(
            _io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        row = int(match.group(1)) if match else None
        msg = f"has {match.group(2)} cells, more than the header" if match else "is not valid CSV"
        raise InputError([Problem(path.name, row, None, None, msg)]) from None
    return frame


def _xlsx_frames(path: Path, sheets: Iterable[str]) -> dict[str, pd.DataFrame | None]:
    """The named sheets of a workbook as frames of strings (None for a missing sheet)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        reason = (
            f"cannot be read ({exc.strerror})" if exc.strerror else "is not a valid .xlsx workbook"
        )
        raise InputError([Problem(path.name, None, None, None, reason)]) from None
    except Exception:  # a damaged archive can fail in zipfile, zlib, XML or openpyxl itself
        raise InputError(
            [Problem(path.name, None, None, None, "is not a valid .xlsx workbook")]
        ) from None
    try:
        by_name = {name.strip().casefold(): name for name in book.sheetnames}
        return {
            sheet: _sheet_frame(book[by_name[sheet]]) if sheet in by_name else None
            for sheet in sheets
        }
    except Exception:
        raise InputError(
            [Problem(path.name, None, None, None, "is damaged: a sheet cannot be read")]
        ) from None
    finally:
        book.close()


def _sheet_frame(sheet) -> pd.DataFrame:
    """One worksheet as a frame of strings; the first row is the header."""
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    header, body = rows[0], rows[1:]
    width = max(len(header), *(len(r) for r in body)) if body else len(header)
    header = header + [""] * (width - len(header))
    body = [r + [""] * (width - len(r)) for r in body]
    return pd.DataFrame(body, columns=range(width), dtype=object).set_axis(header, axis=1)


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person sees in it (ids stay text: 7.0 -> '7')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------- validation


class _Column:
    """One column as distinct stripped values plus a code per row.

    Cities have far fewer distinct kinds, dates or need lists than rows, so every check
    and conversion runs once per distinct value and is spread to the rows with numpy.
    """

    def __init__(self, raw: np.ndarray):
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        self.uniques = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
        self.codes = np.where(codes < 0, len(self.uniques) - 1, codes)

    def take(self, keep: np.ndarray) -> None:
        self.codes = self.codes[keep]

    def values(self) -> np.ndarray:
        return self.uniques[self.codes]

    def map(self, func: Callable[[str], object], dtype=object) -> np.ndarray:
        mapped = np.empty(len(self.uniques), dtype=dtype)
        mapped[:] = [func(u) for u in self.uniques]
        return mapped[self.codes]

    def empty(self) -> np.ndarray:
        return self.map(lambda u: u == "", bool)


class _Checker:
    """One table's columns, its spreadsheet row numbers and the problems found in it."""

    def __init__(self, label: str, frame: pd.DataFrame, columns: dict[str, tuple[str, ...]]):
        self.label = label
        self.problems: list[Problem] = []
        self.header: dict[str, str] = {}  # canonical -> header as written
        self.columns: dict[str, _Column] = {}
        aliases = {
            spelling.casefold(): canon
            for canon, spellings in columns.items()
            for spelling in (canon, *spellings)
        }
        for position, raw in enumerate(frame.columns):
            written = str(raw).strip()
            if written.startswith("Unnamed: ") and not isinstance(raw, int):
                written = ""  # pandas' name for an empty header cell
            column = _Column(frame.iloc[:, position].to_numpy(dtype=object))
            canon = aliases.get(written.casefold(), written)
            if not written or canon in self.header:
                if written or not column.empty().all():
                    why = "duplicate column" if written else "a column without a header"
                    self.add(1, None, written or None, why)
                continue
            self.header[canon] = written
            self.columns[canon] = column
        rows = np.arange(_FIRST_DATA_ROW, _FIRST_DATA_ROW + len(frame))
        filled = np.zeros(len(frame), dtype=bool)
        for column in self.columns.values():
            filled |= ~column.empty()
        for column in self.columns.values():
            column.take(filled)
        self.rows = rows[filled]

    def add(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        shown = self.header.get(column, column) if column else None
        self.problems.append(Problem(self.label, row, shown, value, message))

    def column(self, name: str) -> _Column:
        if name not in self.columns:
            blank = _Column(np.array([""], dtype=object))
            blank.codes = np.zeros(len(self.rows), dtype=np.int64)
            return blank
        return self.columns[name]

    def require(self, names: Iterable[str], columns: dict[str, tuple[str, ...]]) -> bool:
        ok = True
        for name in names:
            if name not in self.header:
                also = ", ".join(columns[name])
                self.add(1, None, None, f"missing required column '{name}' (also accepted: {also})")
                ok = False
        return ok

    def flag(self, mask: np.ndarray, column: str, message: Callable[[str], str]) -> None:
        """Record a problem for every row where ``mask`` holds."""
        col = self.column(column)
        for i in np.flatnonzero(mask).tolist():
            value = col.uniques[col.codes[i]]
            shown = None if column in _PRIVATE else value
            self.add(int(self.rows[i]), column, shown, message(value))

    def mapped(self, name: str, lookup: dict[str, str], expected: Iterable[str]) -> np.ndarray:
        """Map a coded column through ``lookup``; unknown non-empty values are problems."""
        col = self.column(name)
        out = col.map(lambda u: lookup.get(u.casefold(), "" if not u else None))
        options = ", ".join(sorted(expected))
        bad = col.map(lambda u: bool(u) and u.casefold() not in lookup, bool)
        self.flag(bad, name, lambda v: f"unknown {name} '{v}' (expected one of: {options})")
        return np.where(bad, "", out)

    def parsed(self, name: str, parse: Callable[[str], object], expected: str) -> np.ndarray:
        """Parse each distinct non-empty value once; failures are problems (value None)."""
        col = self.column(name)
        results = np.empty(len(col.uniques), dtype=object)
        bad = np.zeros(len(col.uniques), dtype=bool)
        for i, text in enumerate(col.uniques.tolist()):
            if text:
                try:
                    results[i] = parse(text)
                except ValueError:
                    bad[i] = True
        self.flag(bad[col.codes], name, lambda v: f"'{v}' is not {expected}")
        return results[col.codes]

    def extras(self, known: Iterable[str]) -> dict[str, np.ndarray]:
        """Columns beyond the contract, kept as text attributes."""
        known = set(known)
        return {c: col.values() for c, col in self.columns.items() if c not in known}


def _integer(low: int, high: int | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = unicodedata.normalize("NFKC", text).strip()
        number = int(float(text)) if re.fullmatch(r"[+-]?\d+(\.0*)?", text) else None
        if number is None or number < low or (high is not None and number > high):
            raise ValueError(text)
        return number

    return parse


_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_ERA_DATE = re.compile(
    r"(令和|平成|昭和|R|H|S)\s*(\d{1,2}|元)\s*[年.]\s*(\d{1,2})\s*[月.]\s*(\d{1,2})\s*日?",
    re.IGNORECASE,
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _date(text: str) -> np.datetime64:
    """A date as people type it: ISO, 2021/4/1, 2021年4月1日, 令和3年4月1日, R3.4.1,
    or an Excel serial day number (e.g. 44287)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := _ERA_DATE.fullmatch(text):
        era, year_text, month_text, day_text = match.groups()
        offset = _ERAS[era.upper() if len(era) == 1 else era]
        year = offset + (1 if year_text == "元" else int(year_text))
        month, day = int(month_text), int(day_text)
    elif re.fullmatch(r"\d{5}(\.0+)?", text) and 20_000 <= float(text) <= 80_000:
        return np.datetime64(_EXCEL_EPOCH + dt.timedelta(days=int(float(text))), "ns")
    else:
        raise ValueError(text)
    return np.datetime64(dt.date(year, month, day), "ns")


def _codes(vocabulary: Vocabulary, checker: _Checker, name: str) -> np.ndarray:
    """Split a ``;``-separated domain column into tuples of codes, flagging unknown ones."""
    col = checker.column(name)

    def split(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        codes: list[str] = []
        unknown: list[str] = []
        for token in (t.strip() for t in _LIST_SPLIT.split(cell)):
            if token:
                code = vocabulary.code(token)
                if code is None:
                    unknown.append(token)
                elif code not in codes:
                    codes.append(code)
        return tuple(codes), tuple(unknown)

    parsed = [split(u) for u in col.uniques]
    has_unknown = np.array([bool(p[1]) for p in parsed], dtype=bool)[col.codes]
    for i in np.flatnonzero(has_unknown).tolist():
        for token in parsed[col.codes[i]][1]:
            checker.add(
                int(checker.rows[i]),
                name,
                token,
                f"unknown domain code '{token}' (see the vocabulary: tsunagari domains)",
            )
    tuples = np.empty(len(parsed), dtype=object)
    tuples[:] = [p[0] for p in parsed]
    return tuples[col.codes]


def _nullable_int(values: np.ndarray) -> pd.arrays.IntegerArray:
    missing = pd.isna(values)
    numbers = np.where(missing, 0, values).astype(np.int64)
    return pd.arrays.IntegerArray(numbers, missing)


def _dates(values: np.ndarray) -> np.ndarray:
    out = np.full(len(values), np.datetime64("NaT", "ns"))
    present = ~pd.isna(values)
    out[present] = values[present].astype("datetime64[ns]")
    return out


def _validate_nodes(checker: _Checker, vocabulary: Vocabulary) -> pd.DataFrame | None:
    if not checker.require(_REQUIRED["nodes"], NODE_COLUMNS):
        return None
    id_col = checker.column("id")
    ids = id_col.values()
    checker.flag(id_col.empty(), "id", lambda v: "empty id")
    series = pd.Series(ids)
    dup = (series.duplicated() & (series != "")).to_numpy()
    if dup.any():
        first = series[~series.duplicated()]
        first_row = dict(zip(first.to_numpy(), checker.rows[first.index.to_numpy()]))
        checker.flag(dup, "id", lambda v: f"duplicate id '{v}' (first at row {first_row[v]})")
    checker.flag(checker.column("name").empty(), "name", lambda v: "empty name")
    kinds = checker.mapped("kind", KIND_LOOKUP, KINDS)
    checker.flag(checker.column("kind").empty(), "kind", lambda v: "empty kind")
    needs = _codes(vocabulary, checker, "needs")
    services = _codes(vocabulary, checker, "services")
    capacity = checker.parsed("capacity", _integer(0, None), "a whole number ≥ 0")
    lsns6 = checker.parsed("lsns6", _integer(0, 30), "an LSNS-6 score (a whole number 0–30)")
    core = {
        "id": ids,
        "name": checker.column("name").values(),
        "kind": kinds,
        "subtype": checker.column("subtype").values(),
        "district": checker.column("district").values(),
        "needs": needs,
        "services": services,
        "capacity": _nullable_int(capacity),
        "lsns6": _nullable_int(lsns6),
    }
    return pd.DataFrame({**core, **checker.extras(core)})


def _validate_supports(checker: _Checker, vocabulary: Vocabulary, nodes: pd.DataFrame | None):
    if not checker.require(_REQUIRED["supports"], SUPPORT_COLUMNS):
        return None
    index = kinds = None
    if nodes is not None:
        first = ~nodes["id"].duplicated().to_numpy()  # duplicates are reported on nodes
        index = pd.Index(nodes["id"].to_numpy()[first])
        kinds = np.append(np.asarray(nodes["kind"], dtype=object)[first], "")
    ends, kind_at = {}, {}
    for end in ("source", "target"):
        col = checker.column(end)
        ends[end] = col.values()
        checker.flag(col.empty(), end, lambda v: "empty node id")
        if index is not None:
            position = index.get_indexer(ends[end])
            dangling = (position < 0) & ~col.empty()
            checker.flag(dangling, end, lambda v: f"unknown node id '{v}'")
            kind_at[end] = kinds[position]  # position -1 picks the trailing ""
    source, target = ends["source"], ends["target"]
    checker.flag(
        (source == target) & (source != ""), "target", lambda v: "support from a node to itself"
    )
    relation = checker.mapped("relation", RELATION_LOOKUP, ("support", "collaboration"))
    relation = np.where(relation == "", "support", relation).astype(object)
    if kind_at:
        touches = (relation == "collaboration") & (
            (kind_at["source"] == "resident") | (kind_at["target"] == "resident")
        )
        checker.flag(
            touches,
            "relation",
            lambda v: (
                "a collaboration (連携) links two organisations, not a resident; "
                "use 'support' for a tie to a resident"
            ),
        )
    domain_col = checker.column("domain")
    domain = domain_col.map(lambda u: vocabulary.code(u) if u else "")
    unknown = domain_col.map(lambda u: bool(u) and vocabulary.code(u) is None, bool)
    checker.flag(
        unknown,
        "domain",
        lambda v: f"unknown domain code '{v}' (see the vocabulary: tsunagari domains)",
    )
    domain[unknown] = ""
    formality = checker.mapped("formality", FORMALITY_LOOKUP, ("formal", "semi_formal", "informal"))
    if kind_at:
        defaults = {k: default_formality(k) for k in KINDS} | {"": ""}
        derived = np.array([defaults[k] for k in kind_at["source"]], dtype=object)
        formality = np.where(formality == "", derived, formality).astype(object)
    frequency = checker.mapped(
        "frequency", FREQUENCY_LOOKUP, ("daily", "weekly", "monthly", "yearly")
    )
    since, until = (
        _dates(checker.parsed(name, _date, "a date (expected YYYY-MM-DD)"))
        for name in ("since", "until")
    )
    backwards = ~np.isnat(since) & ~np.isnat(until) & (until <= since)
    checker.flag(backwards, "until", lambda v: "the end date is not after the start date 'since'")
    core = {
        "source": source,
        "target": target,
        "relation": relation,
        "domain": domain,
        "formality": formality,
        "frequency": frequency,
        "since": since,
        "until": until,
    }
    return pd.DataFrame({**core, **checker.extras(core)})


# ---------------------------------------------------------------------------- the entry point


def read_network(
    path: str | Path, *, vocabulary: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, Vocabulary]:
    """Read and validate a network folder or workbook.

    Parameters
    ----------
    path : str or Path
        A folder with ``nodes.csv`` and ``supports.csv``, or an ``.xlsx`` workbook with the
        sheets ``nodes`` and ``supports``.
    vocabulary : str or Path, optional
        A domains CSV overriding the built-in one. Without it, a ``domains.csv`` beside the
        network (or a ``domains`` sheet) is used when present.

    Returns
    -------
    nodes, supports : DataFrame
        Validated tables with canonical column names, indexed ``0..n-1``. ``needs`` and
        ``services`` hold tuples of codes, ``since``/``until`` are datetimes (NaT = open).
    vocabulary : Vocabulary

    Raises
    ------
    InputError
        With every problem found, each naming file, row, column and value.
    """
    path = Path(path)
    if path.is_dir():
        files = {name: path / f"{name}.csv" for name in ("nodes", "supports", "domains")}
        missing = [f"{n}.csv" for n in ("nodes", "supports") if not files[n].is_file()]
        if missing:
            raise InputError(
                [
                    Problem(
                        m,
                        None,
                        None,
                        None,
                        f"missing in folder '{path.name}' (a network folder "
                        "holds nodes.csv and supports.csv)",
                    )
                    for m in missing
                ]
            )
        frames: dict[str, pd.DataFrame | None] = {}
        problems: list[Problem] = []
        for name in ("nodes", "supports"):
            try:
                frames[name] = _csv_frame(files[name])
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        labels = {"nodes": "nodes.csv", "supports": "supports.csv"}
        if vocabulary is None and files["domains"].is_file():
            vocabulary = files["domains"]
        vocab = load_vocabulary(vocabulary)
    elif path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        frames = _xlsx_frames(path, ("nodes", "supports", "domains"))
        missing = [s for s in ("nodes", "supports") if frames[s] is None]
        if missing:
            raise InputError(
                [Problem(path.name, None, None, None, f"has no sheet '{s}'") for s in missing]
            )
        labels = {s: f"{path.name}[{s}]" for s in ("nodes", "supports")}
        vocab = load_vocabulary(vocabulary) if vocabulary or frames["domains"] is None else None
        if vocab is None:
            vocab = _vocabulary_from_sheet(frames["domains"], f"{path.name}[domains]")
    elif not path.exists():
        raise InputError([Problem(str(path), None, None, None, "does not exist")])
    else:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    "expected a folder holding nodes.csv and supports.csv, or an .xlsx workbook",
                )
            ]
        )

    nodes_check = _Checker(labels["nodes"], frames["nodes"], NODE_COLUMNS)
    nodes = _validate_nodes(nodes_check, vocab)
    supports_check = _Checker(labels["supports"], frames["supports"], SUPPORT_COLUMNS)
    supports = _validate_supports(supports_check, vocab, nodes)
    problems = sorted(nodes_check.problems, key=_row_order) + sorted(
        supports_check.problems, key=_row_order
    )
    if problems or nodes is None or supports is None:
        raise InputError(problems)
    return nodes, supports, vocab


def _row_order(problem: Problem) -> int:
    return problem.row or 0


def _vocabulary_from_sheet(frame: pd.DataFrame, label: str) -> Vocabulary:
    from .vocabulary import Domain

    base = load_vocabulary()
    rows = frame.fillna("").astype(str).to_dict("records")
    extra = {}
    for row in rows:
        code = row.get("code", "").strip()
        if code:
            extra[code] = Domain(
                code,
                row.get("ja", "").strip() or code,
                row.get("en", "").strip() or code,
                row.get("sensitivity", "").strip() or "internal",
            )
    bad = [
        d
        for d in extra.values()
        if d.sensitivity not in ("public", "internal", "sensitive_high", "youhairyo")
    ]
    if bad:
        raise InputError(
            [Problem(label, None, "sensitivity", d.sensitivity, "unknown sensitivity") for d in bad]
        )
    return Vocabulary({**base.domains, **extra})


# ---------------------------------------------------------------------------- writing


def write_atomic(path: str | Path, data: str | bytes, *, protect: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A reader never sees a half-written file, and an interrupted run leaves the old file (or
    nothing). ``protect`` lists input files that must never be overwritten.

    Raises
    ------
    InputError
        If the folder does not exist or ``path`` is one of the protected inputs.
    """
    path = Path(path)
    target = path.resolve()
    for p in protect:
        p = Path(p)
        inside = p.is_dir() and p.resolve() in target.parents
        if target == p.resolve() or inside and target.name in ("nodes.csv", "supports.csv"):
            raise InputError(
                [Problem(str(path), None, None, None, "is an input file; choose another output")]
            )
    if not target.parent.is_dir():
        raise InputError([Problem(str(path), None, None, None, "its folder does not exist")])
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
