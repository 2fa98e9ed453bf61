"""The rules for nodes and supports: kinds, ids, codes, numbers, dates and their relations.

Each rule runs once per distinct value of a column (see :class:`.Column`) and records its
problems on the table's :class:`.Checker`; a table with a missing required column is not
validated further.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..dates import parse_date
from ..vocabulary import (
    FORMALITY_LOOKUP,
    FREQUENCY_LOOKUP,
    KIND_LOOKUP,
    KINDS,
    RELATION_LOOKUP,
    Vocabulary,
    default_formality,
)
from .columns import LIST_SPLIT, NODE_COLUMNS, REQUIRED, SUPPORT_COLUMNS, Checker

__all__ = ["CAPACITY_MAX", "validate_nodes", "validate_supports"]


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = unicodedata.normalize("NFKC", text).strip()
        match = re.fullmatch(r"([+-]?\d{1,15})(\.0*)?", text)  # 7.0 from Excel is 7
        number = int(match.group(1)) if match else None
        if number is None or number < low or number > high:
            raise ValueError(text)
        return number

    return parse


CAPACITY_MAX = 1_000_000
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _codes(vocabulary: Vocabulary, checker: Checker, name: str) -> np.ndarray:
    """Split a ``;``-separated domain column into tuples of codes, flagging unknown ones."""
    col = checker.column(name)

    def split(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        codes: list[str] = []
        unknown: list[str] = []
        for token in (t.strip() for t in LIST_SPLIT.split(cell)):
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
        count = len(parsed[col.codes[i]][1])  # the codes themselves are never shown: personal
        what = "an unknown domain code" if count == 1 else f"{count} unknown domain codes"
        checker.add(int(checker.rows[i]), name, None, f"{what} (see the vocabulary: domains.csv)")
    tuples = np.empty(len(parsed), dtype=object)
    tuples[:] = [p[0] for p in parsed]
    return tuples[col.codes]


def _nullable_int(values: np.ndarray) -> pd.arrays.IntegerArray:
    missing = pd.isna(values)
    numbers = np.where(missing, 0, values).astype(np.int64)
    return pd.arrays.IntegerArray(numbers, missing)


def _dates(checker: Checker, name: str) -> np.ndarray:
    """A date column as days (NaT = open), at second precision for pandas, whose widest unit
    that is: years 1 to 9999 hold."""
    days = checker.parsed(
        name, parse_date, "a date such as 2021-04-01 or 令和3年4月1日", np.datetime64("NaT", "D")
    )
    return days.astype("datetime64[s]")


def validate_nodes(checker: Checker, vocabulary: Vocabulary) -> pd.DataFrame | None:
    """The nodes table with canonical columns and parsed values, its problems recorded on
    ``checker``; None when a required column is missing."""
    if not checker.require(REQUIRED["nodes"], NODE_COLUMNS):
        return None
    id_col = checker.column("id")
    ids = id_col.values()
    checker.flag(id_col.empty(), "id", lambda v: "empty id")
    if _CONTROL.search("".join(id_col.uniques.tolist())):  # rare: look row by row only then
        checker.flag(
            id_col.map(lambda u: _CONTROL.search(u) is not None, bool),
            "id",
            lambda v: "an id may not hold control characters (tabs, line breaks, escapes)",
        )
    repeated = (np.bincount(id_col.codes, minlength=len(id_col.uniques)) > 1) & (
        id_col.uniques != ""
    )
    if repeated.any():  # uniques are distinct, so only then can an id be repeated
        series = pd.Series(ids)
        dup = (series.duplicated() & (series != "")).to_numpy()
        first = series[~series.duplicated()]
        first_row = dict(zip(first.to_numpy(), checker.rows[first.index.to_numpy()]))
        for i in np.flatnonzero(dup).tolist():
            first_at = first_row[ids[i]]
            checker.add(int(checker.rows[i]), "id", None, f"duplicate id (first at row {first_at})")
    checker.flag(checker.column("name").empty(), "name", lambda v: "empty name")
    kinds = checker.mapped("kind", KIND_LOOKUP, KINDS)
    checker.flag(checker.column("kind").empty(), "kind", lambda v: "empty kind")
    needs = _codes(vocabulary, checker, "needs")
    services = _codes(vocabulary, checker, "services")
    capacity = checker.parsed("capacity", _integer(0, CAPACITY_MAX), "a whole number 0–1,000,000")
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


def _node_rows(ids: np.ndarray, checker: Checker) -> dict[str, np.ndarray]:
    """For ``source`` and ``target``, the row of each support's node (-1 for an unknown id).

    One hash pass over the node ids and the distinct ends; a repeated node id (reported
    on the nodes) counts at its first row.
    """
    ends = [checker.column(end) for end in ("source", "target")]
    codes, _ = pd.factorize(np.concatenate([ids, *(col.uniques for col in ends)]))
    n = len(ids)
    first = np.full(int(codes.max(initial=-1)) + 1, n, dtype=np.int64)
    np.minimum.at(first, codes[:n], np.arange(n))  # the first row wins
    row_of = np.where(first < n, first, -1)
    out, start = {}, n
    for name, col in zip(("source", "target"), ends):
        out[name] = row_of[codes[start : start + len(col.uniques)]][col.codes]
        start += len(col.uniques)
    return out


def validate_supports(
    checker: Checker, vocabulary: Vocabulary, nodes: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, dict[str, np.ndarray]]:
    """The supports table, and each end's row in ``nodes`` (-1 where unknown) when known."""
    if not checker.require(REQUIRED["supports"], SUPPORT_COLUMNS):
        return None, {}
    ends, kind_at, position = {}, {}, {}
    if nodes is not None:
        position = _node_rows(nodes["id"].to_numpy(dtype=object), checker)
        kinds = np.append(nodes["kind"].to_numpy(dtype=object), "")
    for end in ("source", "target"):
        col = checker.column(end)
        ends[end] = col.values()
        checker.flag(col.empty(), end, lambda v: "empty node id")
        if position:
            dangling = (position[end] < 0) & ~col.empty()
            checker.flag(dangling, end, lambda v: "unknown node id (not in the nodes' id column)")
            kind_at[end] = kinds[position[end]]  # position -1 picks the trailing ""
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
        lambda v: "an unknown domain code (see the vocabulary: domains.csv)",
    )
    domain[unknown] = ""
    formality = checker.mapped("formality", FORMALITY_LOOKUP, ("formal", "semi_formal", "informal"))
    if kind_at:
        derived = np.full(len(formality), "", dtype=object)
        for kind in KINDS:
            derived[kind_at["source"] == kind] = default_formality(kind)
        formality = np.where(formality == "", derived, formality).astype(object)
    frequency = checker.mapped(
        "frequency", FREQUENCY_LOOKUP, ("daily", "weekly", "monthly", "yearly")
    )
    since, until = _dates(checker, "since"), _dates(checker, "until")
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
    return pd.DataFrame({**core, **checker.extras(core)}), position
