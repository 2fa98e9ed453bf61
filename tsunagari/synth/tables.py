"""The node and support tables as coded columns: ids, invented names and codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .columns import (
    CodedColumn,
    concat_columns,
    date_column,
    id_bytes,
    int_column,
    label_array,
    text_column,
)
from .organisations import Organisations
from .parameters import (
    BAND_LO,
    BANDS,
    EDGE_DOMAINS,
    FOREIGN_FEMALE,
    FOREIGN_MALE,
    FOREIGN_SURNAMES,
    FORMALITY,
    FREQUENCY,
    JP_FEMALE,
    JP_MALE,
    JP_SURNAMES,
    JUSOU,
    NEEDS,
    SUPPORT_TYPE,
)
from .population import Town
from .ties import Edges

if TYPE_CHECKING:
    import pandas as pd


def coded_tables(
    rng: np.random.Generator,
    town: Town,
    orgs: Organisations,
    table: pd.DataFrame,
    lsns: np.ndarray,
    edges: Edges,
) -> tuple[dict[str, CodedColumn], dict[str, CodedColumn]]:
    """Nodes and supports as coded columns."""
    n, n_org = town.n, orgs.count
    rows = orgs.rows
    width = max(6, len(str(n)))
    kind = np.array(rows["kind"], object)
    raw = np.zeros((n + n_org, 1 + max(width, len(str(n)))), np.uint8)
    raw[:n] = id_bytes("R", n, width)
    for k, prefix in Organisations.ID_PREFIX.items():
        rows_of_kind = np.flatnonzero(kind == k)
        raw[n + rows_of_kind] = id_bytes(prefix, len(rows_of_kind), 5, pad=raw.shape[1])
    id_col = CodedColumn(np.arange(n + n_org), raw=raw)

    # Names: a household surname and a given name, Japanese or foreign.
    surnames = JP_SURNAMES + FOREIGN_SURNAMES
    given = JP_MALE + JP_FEMALE + FOREIGN_MALE + FOREIGN_FEMALE
    n_hh = len(town.hh_kind)
    zipf = 1 / np.arange(1, len(JP_SURNAMES) + 1) ** 0.7
    jp = rng.choice(len(JP_SURNAMES), n_hh, p=zipf / zipf.sum())
    fo = len(JP_SURNAMES) + rng.integers(0, len(FOREIGN_SURNAMES), n_hh)
    sur = np.where(town.foreign[np.cumsum(town.hh_size) - town.hh_size], fo, jp)[town.hh]
    sizes = np.array([len(JP_MALE), len(JP_FEMALE), len(FOREIGN_MALE), len(FOREIGN_FEMALE)])
    group = town.female.astype(np.int64) + 2 * town.foreign
    first = (np.cumsum(sizes) - sizes)[group] + (rng.random(n) * sizes[group]).astype(np.int64)
    name_labels = label_array(f"{s} {g}" for s in surnames for g in given)
    names = concat_columns(
        [CodedColumn(sur * len(given) + first, name_labels), text_column(rows["name"])]
    )

    def padded(resident: CodedColumn, org_values) -> CodedColumn:
        return concat_columns([resident, text_column(np.asarray(org_values, object))])

    blank = np.zeros(n, np.int64)
    district_names = label_array(table.district)
    bits = np.zeros(n, np.int64)
    for i, row in enumerate(town.need):
        bits[row] |= 1 << i
    seen = np.zeros(1 << len(NEEDS), bool)
    seen[bits] = True
    uniq = np.flatnonzero(seen)
    inv = np.cumsum(seen)[bits] - 1
    need_labels = label_array(";".join(c for i, c in enumerate(NEEDS) if b >> i & 1) for b in uniq)
    band = np.searchsorted(BAND_LO, town.age, "right") - 1
    odist = np.array(rows["district"], np.int64)
    nodes = {
        "id": id_col,
        "name": names,
        "kind": padded(CodedColumn(blank, label_array(["resident"])), kind),
        "subtype": padded(CodedColumn(blank, label_array([""])), rows["subtype"]),
        "district": concat_columns(
            [
                CodedColumn(town.district.astype(np.int64), district_names),
                CodedColumn(
                    np.where(odist >= 0, odist, len(district_names)),
                    np.r_[district_names, label_array([""])],
                ),
            ]
        ),
        "needs": padded(CodedColumn(inv.astype(np.int64), need_labels), [""] * n_org),
        "services": padded(CodedColumn(blank, label_array([""])), rows["services"]),
        "capacity": int_column(np.r_[np.full(n, -1), rows["capacity"]]),
        "lsns6": int_column(np.r_[lsns, np.full(n_org, -1)]),
        "age_band": padded(CodedColumn(band.astype(np.int64), label_array(BANDS)), [""] * n_org),
        "sex": padded(
            CodedColumn(town.female.astype(np.int64), label_array(["M", "F"])), [""] * n_org
        ),
        "household": CodedColumn(
            np.r_[town.hh, np.full(n_org, n_hh)],  # the last label is empty
            raw=np.r_[
                id_bytes("H", n_hh, width), np.zeros((1, 1 + max(width, len(str(n_hh)))), np.uint8)
            ],
        ),
        "provenance": CodedColumn(np.zeros(n + n_org, np.int64), label_array(["synthetic"])),
    }
    e = edges.merged()
    m = len(e["src"])

    def id_col_of(codes):
        return CodedColumn(codes, raw=id_col.raw)

    supports = {
        "source": id_col_of(e["src"]),
        "target": id_col_of(e["tgt"]),
        "relation": CodedColumn(e["relation"], label_array(["support", "collaboration"])),
        "domain": CodedColumn(e["domain"], label_array(("",) + EDGE_DOMAINS)),
        "formality": CodedColumn(e["formality"], label_array(FORMALITY)),
        "frequency": CodedColumn(e["frequency"], label_array(FREQUENCY)),
        "since": date_column(e["since"]),
        "until": date_column(e["until"]),
        "support_type": CodedColumn(e["kind"], label_array(SUPPORT_TYPE)),
        "jusou_component": CodedColumn(e["jusou"], label_array(JUSOU)),
        "provenance": CodedColumn(np.zeros(m, np.int8), label_array(["synthetic"])),
    }
    return nodes, supports
