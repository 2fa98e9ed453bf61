"""The rules for nodes and supports: kinds, ids, codes, numbers, dates and their relations.

Each rule runs once per distinct value of a column (see :class:`.Column`) and records its
problems on the table's :class:`.Checker`; a table with a missing required column is not
validated further.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np

from ..columnar import Column, Columns, Nullable
from ..dates import parse_date
from ..folding import nfkc
from ..vocabulary import (
    FORMALITY_LOOKUP,
    FREQUENCY_LOOKUP,
    KIND_LOOKUP,
    KINDS,
    RELATION_LOOKUP,
    Vocabulary,
    default_formality,
)
from ..words import Message, message
from .columns import (
    LIST_SEPARATORS,
    LIST_SPLIT,
    NODE_COLUMNS,
    REQUIRED,
    SUPPORT_COLUMNS,
    Checker,
    positions,
)
from .columns import Column as CheckedColumn

__all__ = ["CAPACITY_MAX", "validate_nodes", "validate_supports"]


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = nfkc(text)
        match = re.fullmatch(r"([+-]?\d{1,15})(\.0*)?", text)  # 7.0 from Excel is 7
        number = int(match.group(1)) if match else None
        if number is None or number < low or number > high:
            raise ValueError(text)
        return number

    return parse


CAPACITY_MAX = 1_000_000
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


_SEPARATORS = " ".join(LIST_SEPARATORS)


def _unknown_domains(
    vocabulary: Vocabulary, checker: Checker, name: str, unknown: tuple[str, ...]
) -> Message:
    """What is wrong with a cell's unknown domain codes.

    A need is never shown, nor a near miss of it (``hikkikomori`` says ``hikikomori``): a
    resident's needs are personal. A service or a support's domain is shown with the code
    meant when it is one typo away from a known spelling, is no name or need of the files,
    and the code meant is not 要配慮 (special-care information).
    """
    if name != "needs" and len(unknown) == 1 and unknown[0] not in checker.secrets:
        close = vocabulary.closest(unknown[0])
        meant = vocabulary.domains[vocabulary.code(close) or ""] if close else None
        spelt = {s.casefold() for s in checker.secrets}  # the code meant may be someone's need
        if (
            close is not None
            and meant is not None
            and meant.sensitivity != "youhairyo"
            and not {meant.code.casefold(), meant.ja.casefold(), meant.en.casefold()} & spelt
        ):
            return message("err_unknown_domain_suggest", value=unknown[0], suggestion=close)
    if len(unknown) == 1:
        return message("err_unknown_domain", separators=_SEPARATORS)
    return message("err_unknown_domains", n=len(unknown), separators=_SEPARATORS)


def _codes(vocabulary: Vocabulary, checker: Checker, name: str) -> np.ndarray:
    """Split a domain column (codes separated by ``;`` ``、`` ``,`` …) into tuples of codes,
    flagging unknown ones."""
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
        unknown = parsed[col.codes[i]][1]
        said = _unknown_domains(vocabulary, checker, name, unknown)
        shown = unknown[0] if said.key == "err_unknown_domain_suggest" else None
        checker.add(int(checker.rows[i]), name, shown, said)
    tuples = np.empty(len(parsed), dtype=object)
    tuples[:] = [p[0] for p in parsed]
    return tuples[col.codes]


def _nullable_int(parsed: tuple[np.ndarray, np.ndarray]) -> Nullable:
    """Integers parsed per unique, spread to the rows (missing where the cell was empty or
    wrong), from :meth:`.Checker.parsed_uniques`."""
    values, codes = parsed
    missing = (values == None).astype(bool)  # noqa: E711 (elementwise, over objects)
    return Nullable(np.where(missing, 0, values).astype(np.int64)[codes], missing[codes])


def _dates(checker: Checker, name: str) -> np.ndarray:
    """A date column as days (NaT = open), at second precision for pandas, whose widest unit
    that is: years 1 to 9999 hold."""
    return checker.parsed(name, parse_date, message("expect_date"), np.datetime64("NaT", "s"))


def validate_nodes(checker: Checker, vocabulary: Vocabulary) -> Columns | None:
    """The nodes table with canonical columns and parsed values, its problems recorded on
    ``checker``; None when a required column is missing."""
    if not checker.require(REQUIRED["nodes"], NODE_COLUMNS):
        return None
    id_col = checker.column("id")
    ids = id_col.values()
    checker.flag(id_col.empty(), "id", lambda v: message("err_empty_id"))
    if _CONTROL.search("".join(id_col.uniques.tolist())):  # rare: look row by row only then
        checker.flag(
            id_col.map(lambda u: _CONTROL.search(u) is not None, bool),
            "id",
            lambda v: message("err_control_id"),
        )
    repeated = (np.bincount(id_col.codes, minlength=len(id_col.uniques)) > 1) & (
        id_col.uniques != ""
    )
    if repeated.any():  # uniques are distinct, so only then can an id be repeated
        first: dict[str, int] = {}
        for i, value in enumerate(ids.tolist()):
            at = first.setdefault(value, i)
            if at != i and value:
                said = message("err_duplicate_id", row=int(checker.rows[at]))
                checker.add(int(checker.rows[i]), "id", None, said)
    checker.flag(checker.column("name").empty(), "name", lambda v: message("err_empty_name"))
    kinds = checker.mapped("kind", KIND_LOOKUP, KINDS)
    checker.flag(checker.column("kind").empty(), "kind", lambda v: message("err_empty_kind"))
    needs = _codes(vocabulary, checker, "needs")
    services = _codes(vocabulary, checker, "services")
    capacity = checker.parsed_uniques(
        "capacity", _integer(0, CAPACITY_MAX), message("expect_capacity")
    )
    lsns6 = checker.parsed_uniques("lsns6", _integer(0, 30), message("expect_lsns6"))
    core: dict[str, Column] = {
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
    return _table(core, checker, ("needs", "services", "capacity", "lsns6"))


def _table(core: Mapping[str, Column], checker: Checker, typed: tuple[str, ...]) -> Columns:
    """The validated table: ``core`` and the file's extra columns, every column but the
    ``typed`` ones text (each row a str)."""
    columns = {**core, **checker.extras(core)}
    return Columns(columns, text=frozenset(columns) - set(typed))


def _kind_codes(kinds: np.ndarray) -> np.ndarray:
    """Each node's kind as its place in :data:`KINDS` (``len(KINDS)``: none), and one more
    code, no kind, picked by row -1."""
    codes = np.full(len(kinds) + 1, len(KINDS), dtype=np.int64)
    for i, kind in enumerate(KINDS):
        codes[:-1][kinds == kind] = i
    return codes


def _node_rows(ids: CheckedColumn, checker: Checker) -> dict[str, np.ndarray]:
    """For ``source`` and ``target``, the row of each support's node (-1 for an unknown id).

    Each distinct end is looked up once among the distinct ids (``ids``, the nodes' id
    column); a repeated node id (reported on the nodes) counts at its first row.
    """
    first = np.append(ids.first_rows(), -1)  # position -1 (not an id) picks the -1
    ends = [checker.column(name) for name in ("source", "target")]
    at = positions(ends, ids)
    return {name: first[at[i]][ends[i].codes] for i, name in enumerate(("source", "target"))}


def validate_supports(
    checker: Checker,
    vocabulary: Vocabulary,
    nodes: Columns | None,
    ids: CheckedColumn,
) -> tuple[Columns | None, dict[str, np.ndarray]]:
    """The supports table, and each end's row in ``nodes`` (-1 where unknown) when known
    (``ids``: the nodes' id column, as their checker read it)."""
    if not checker.require(REQUIRED["supports"], SUPPORT_COLUMNS):
        return None, {}
    ends, kind_at, position = {}, {}, {}
    if nodes is not None:
        position = _node_rows(ids, checker)
        kinds = _kind_codes(nodes["kind"])
    for end in ("source", "target"):
        col = checker.column(end)
        ends[end] = col.values()
        checker.flag(col.empty(), end, lambda v: message("err_empty_end"))
        if position:
            dangling = (position[end] < 0) & ~col.empty()
            checker.flag(dangling, end, lambda v: message("err_dangling"))
            kind_at[end] = kinds[position[end]]  # position -1 picks no kind
    source, target = ends["source"], ends["target"]
    checker.flag((source == target) & (source != ""), "target", lambda v: message("err_self_loop"))
    relation = checker.mapped("relation", RELATION_LOOKUP, ("support", "collaboration"), "support")
    if kind_at:
        resident = list(KINDS).index("resident")
        touches = (relation == "collaboration") & (
            (kind_at["source"] == resident) | (kind_at["target"] == resident)
        )
        checker.flag(touches, "relation", lambda v: message("err_collaboration_resident"))
    domain_col = checker.column("domain")
    domain = domain_col.map(lambda u: vocabulary.code(u) if u else "")
    unknown = domain_col.map(lambda u: bool(u) and vocabulary.code(u) is None, bool)
    for i in np.flatnonzero(unknown).tolist():
        typed = domain_col.uniques[domain_col.codes[i]]
        said = _unknown_domains(vocabulary, checker, "domain", (typed,))
        shown = typed if said.key == "err_unknown_domain_suggest" else None
        checker.add(int(checker.rows[i]), "domain", shown, said)
    domain[unknown] = ""
    formality = checker.mapped("formality", FORMALITY_LOOKUP, ("formal", "semi_formal", "informal"))
    if kind_at:
        derived = np.array([*map(default_formality, KINDS), ""], dtype=object)
        formality = np.where(formality == "", derived[kind_at["source"]], formality).astype(object)
    frequency = checker.mapped(
        "frequency", FREQUENCY_LOOKUP, ("daily", "weekly", "monthly", "yearly")
    )
    since, until = _dates(checker, "since"), _dates(checker, "until")
    backwards = ~np.isnat(since) & ~np.isnat(until) & (until <= since)
    checker.flag(backwards, "until", lambda v: message("err_until_before_since"))
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
    return _table(core, checker, ("since", "until")), position
