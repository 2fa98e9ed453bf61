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
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        reason = "not a valid .xlsx workbook" if not isinstance(exc, OSError) else "cannot be read"
        raise InputError([Problem(path.name, None, None, None, f"is {reason}")]) from None
    try:
        by_name = {name.strip().casefold(): name for name in book.sheetnames}
        out: dict[str, pd.DataFrame | None] = {}
        for sheet in sheets:
            real = by_name.get(sheet)
            if real is None:
                out[sheet] = None
                continue
            rows = [[_cell_text(v) for v in row] for row in book[real].iter_rows(values_only=True)]
            while rows and not any(rows[-1]):
                rows.pop()
            if not rows:
                out[sheet] = pd.DataFrame()
                continue
            header, body = rows[0], rows[1:]
            while header and not header[-1]:
                header.pop()
            width = len(header)
            body = [(r + [""] * width)[:width] for r in body]
            out[sheet] = pd.DataFrame(body, columns=header, dtype=object)
        return out
    finally:
        book.close()


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


class _Checker:
    """Collects problems for one table and offers vectorised column checks."""

    def __init__(self, label: str, frame: pd.DataFrame, columns: dict[str, tuple[str, ...]]):
        self.label = label
        self.problems: list[Problem] = []
        self.header: dict[str, str] = {}  # canonical -> header as written
        renamed: dict[str, str] = {}
        aliases = {
            spelling.casefold(): canon
            for canon, spellings in columns.items()
            for spelling in (canon, *spellings)
        }
        for raw in frame.columns:
            written = str(raw).strip()
            canon = aliases.get(written.casefold(), written)
            if canon in self.header or (not written and canon == written):
                why = "duplicate column" if written else "empty column header"
                if written or frame[raw].astype(str).str.strip().ne("").any():
                    self.add(None, written or None, written or None, why)
                continue
            self.header[canon] = written
            renamed[raw] = canon
        frame = frame[list(renamed)].rename(columns=renamed)
        frame = frame.fillna("").astype(str).apply(lambda c: c.str.strip())
        frame.index = pd.RangeIndex(_FIRST_DATA_ROW, _FIRST_DATA_ROW + len(frame))
        self.frame = frame[frame.ne("").any(axis=1)] if len(frame.columns) else frame

    def add(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        shown = self.header.get(column, column) if column else None
        self.problems.append(Problem(self.label, row, shown, value, message))

    def column(self, name: str) -> pd.Series:
        if name in self.frame.columns:
            return self.frame[name]
        return pd.Series("", index=self.frame.index, dtype=object)

    def require(self, names: Iterable[str], columns: dict[str, tuple[str, ...]]) -> bool:
        ok = True
        for name in names:
            if name not in self.header:
                also = ", ".join(columns[name])
                self.add(1, None, None, f"missing required column '{name}' (also accepted: {also})")
                ok = False
        return ok

    def flag(self, mask: pd.Series, column: str, message: Callable[[str], str]) -> None:
        """Record a problem for every row where ``mask`` holds."""
        values = self.column(column)
        for row in mask.index[mask.to_numpy()]:
            value = values[row]
            self.add(int(row), column, None if column in _PRIVATE else value, message(value))

    def mapped(self, name: str, lookup: dict[str, str], expected: Iterable[str]) -> pd.Series:
        """Map a coded column through ``lookup``; unknown non-empty values are problems."""
        col = self.column(name)
        out = col.str.casefold().map(lookup)
        bad = out.isna() & col.ne("")
        options = ", ".join(sorted(expected))
        self.flag(bad, name, lambda v: f"unknown {name} '{v}' (expected one of: {options})")
        return out.fillna("")

    def parsed(self, name: str, parse: Callable[[str], object], expected: str) -> pd.Series:
        """Parse each distinct non-empty value once; failures are problems."""
        col = self.column(name)
        cache: dict[str, object] = {}
        for value in col.unique():
            if value:
                try:
                    cache[value] = parse(value)
                except ValueError:
                    cache[value] = _BAD
        out = col.map(lambda v: cache.get(v))
        bad = out.map(lambda v: v is _BAD)
        self.flag(bad, name, lambda v: f"'{v}' is not {expected}")
        return out.where(~bad, None)


_BAD = object()


def _integer(low: int, high: int | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = unicodedata.normalize("NFKC", text).strip()
        number = int(float(text)) if re.fullmatch(r"[+-]?\d+(\.0*)?", text) else None
        if number is None or number < low or (high is not None and number > high):
            raise ValueError(text)
        return number

    return parse


def _date(text: str) -> dt.date:
    text = unicodedata.normalize("NFKC", text).strip()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if not match:
        raise ValueError(text)
    return dt.date(*map(int, match.groups()))


def _codes(vocabulary: Vocabulary, checker: _Checker, name: str) -> pd.Series:
    """Split a ``;``-separated domain column into tuples of codes, flagging unknown ones."""
    col = checker.column(name)
    cache: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    for cell in col.unique():
        codes, unknown = [], []
        for token in (t.strip() for t in _LIST_SPLIT.split(cell)):
            if token:
                code = vocabulary.code(token)
                if code is None:
                    unknown.append(token)
                elif code not in codes:
                    codes.append(code)
        cache[cell] = (tuple(codes), unknown)
    for row, cell in col.items():
        for token in cache[cell][1]:
            checker.add(
                int(row),
                name,
                token,
                f"unknown domain code '{token}' (see the vocabulary: tsunagari domains)",
            )
    return col.map(lambda cell: cache[cell][0])


def _validate_nodes(checker: _Checker, vocabulary: Vocabulary) -> pd.DataFrame | None:
    if not checker.require(_REQUIRED["nodes"], NODE_COLUMNS):
        return None
    ids = checker.column("id")
    checker.flag(ids.eq(""), "id", lambda v: "empty id")
    dup = ids.duplicated() & ids.ne("")
    first_row = {v: r for r, v in ids[~ids.duplicated()].items()}
    checker.flag(dup, "id", lambda v: f"duplicate id '{v}' (first at row {first_row[v]})")
    checker.flag(checker.column("name").eq(""), "name", lambda v: "empty name")
    kinds = checker.mapped("kind", KIND_LOOKUP, KINDS)
    checker.flag(checker.column("kind").eq(""), "kind", lambda v: "empty kind")
    needs = _codes(vocabulary, checker, "needs")
    services = _codes(vocabulary, checker, "services")
    capacity = checker.parsed("capacity", _integer(0, None), "a whole number ≥ 0")
    lsns6 = checker.parsed("lsns6", _integer(0, 30), "an LSNS-6 score (a whole number 0–30)")
    core = {
        "id": ids,
        "name": checker.column("name"),
        "kind": kinds,
        "subtype": checker.column("subtype"),
        "district": checker.column("district"),
        "needs": needs,
        "services": services,
        "capacity": pd.array(capacity.tolist(), dtype="Int64"),
        "lsns6": pd.array(lsns6.tolist(), dtype="Int64"),
    }
    extras = {c: checker.frame[c] for c in checker.frame.columns if c not in core}
    return pd.DataFrame({**core, **extras}, index=checker.frame.index)


def _validate_supports(checker: _Checker, vocabulary: Vocabulary, nodes: pd.DataFrame | None):
    if not checker.require(_REQUIRED["supports"], SUPPORT_COLUMNS):
        return None
    kind_of = dict(zip(nodes["id"], nodes["kind"])) if nodes is not None else None
    ends = {}
    for end in ("source", "target"):
        col = checker.column(end)
        ends[end] = col
        checker.flag(col.eq(""), end, lambda v: "empty node id")
        if kind_of is not None:
            dangling = col.ne("") & ~col.isin(kind_of.keys())
            checker.flag(dangling, end, lambda v: f"unknown node id '{v}'")
    source, target = ends["source"], ends["target"]
    checker.flag(
        source.eq(target) & source.ne(""), "target", lambda v: "support from a node to itself"
    )
    relation = checker.mapped("relation", RELATION_LOOKUP, ("support", "collaboration"))
    relation = relation.where(relation.ne(""), "support")
    if kind_of is not None:
        touches = relation.eq("collaboration") & (
            source.map(kind_of).eq("resident") | target.map(kind_of).eq("resident")
        )
        checker.flag(
            touches,
            "relation",
            lambda v: (
                "a collaboration (連携) links two organisations, not a resident; "
                "use 'support' for a tie to a resident"
            ),
        )
    domain = checker.column("domain")
    domain_code = domain.map(lambda v: vocabulary.code(v) if v else "")
    checker.flag(
        domain_code.isna(),
        "domain",
        lambda v: f"unknown domain code '{v}' (see the vocabulary: tsunagari domains)",
    )
    formality = checker.mapped("formality", FORMALITY_LOOKUP, ("formal", "semi_formal", "informal"))
    if kind_of is not None:
        derived = source.map(kind_of).map(
            lambda k: default_formality(k) if isinstance(k, str) else ""
        )
        formality = formality.where(formality.ne(""), derived)
    frequency = checker.mapped(
        "frequency", FREQUENCY_LOOKUP, ("daily", "weekly", "monthly", "yearly")
    )
    dates = {
        name: checker.parsed(name, _date, "a date (expected YYYY-MM-DD)")
        for name in ("since", "until")
    }
    since = pd.to_datetime(dates["since"], errors="coerce")
    until = pd.to_datetime(dates["until"], errors="coerce")
    backwards = until.notna() & since.notna() & (until <= since)
    checker.flag(backwards, "until", lambda v: "the end date is not after the start date 'since'")
    core = {
        "source": source,
        "target": target,
        "relation": relation,
        "domain": domain_code.fillna(""),
        "formality": formality,
        "frequency": frequency,
        "since": since.astype("datetime64[ns]"),
        "until": until.astype("datetime64[ns]"),
    }
    extras = {c: checker.frame[c] for c in checker.frame.columns if c not in core}
    return pd.DataFrame({**core, **extras}, index=checker.frame.index)


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
    return nodes.reset_index(drop=True), supports.reset_index(drop=True), vocab


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
