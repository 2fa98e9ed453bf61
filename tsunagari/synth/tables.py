"""The node and support tables as coded columns: ids, invented names and codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import _Col, _concat, _datecol, _ids, _intcol, _labels, _strcol
from .organisations import _Orgs
from .parameters import (
    _BAND_LO,
    _BANDS,
    _EDGE_DOMAINS,
    _FOREIGN_FEMALE,
    _FOREIGN_MALE,
    _FOREIGN_SURNAMES,
    _FORMALITY,
    _FREQUENCY,
    _JP_FEMALE,
    _JP_MALE,
    _JP_SURNAMES,
    _JUSOU,
    _NEEDS,
    _SUPPORT_TYPE,
)
from .population import _Town
from .ties import _Edges


def _tables(
    rng, town: _Town, orgs: _Orgs, table: pd.DataFrame, lsns: np.ndarray, edges: _Edges
) -> tuple[dict[str, _Col], dict[str, _Col]]:
    """Nodes and supports as coded columns."""
    n, n_org = town.n, orgs.count
    rows = orgs.rows
    width = max(6, len(str(n)))
    kind = np.array(rows["kind"], object)
    raw = np.zeros((n + n_org, 1 + max(width, len(str(n)))), np.uint8)
    raw[:n] = _ids("R", n, width)
    for k, prefix in _Orgs._PREFIX.items():
        rows_of_kind = np.flatnonzero(kind == k)
        raw[n + rows_of_kind] = _ids(prefix, len(rows_of_kind), 5, pad=raw.shape[1])
    id_col = _Col(np.arange(n + n_org), raw=raw)

    # Names: a household surname and a given name, Japanese or foreign.
    surnames = _JP_SURNAMES + _FOREIGN_SURNAMES
    given = _JP_MALE + _JP_FEMALE + _FOREIGN_MALE + _FOREIGN_FEMALE
    n_hh = len(town.hh_kind)
    zipf = 1 / np.arange(1, len(_JP_SURNAMES) + 1) ** 0.7
    jp = rng.choice(len(_JP_SURNAMES), n_hh, p=zipf / zipf.sum())
    fo = len(_JP_SURNAMES) + rng.integers(0, len(_FOREIGN_SURNAMES), n_hh)
    sur = np.where(town.foreign[np.cumsum(town.hh_size) - town.hh_size], fo, jp)[town.hh]
    sizes = np.array([len(_JP_MALE), len(_JP_FEMALE), len(_FOREIGN_MALE), len(_FOREIGN_FEMALE)])
    group = town.female.astype(np.int64) + 2 * town.foreign
    first = (np.cumsum(sizes) - sizes)[group] + (rng.random(n) * sizes[group]).astype(np.int64)
    name_labels = _labels(f"{s} {g}" for s in surnames for g in given)
    names = _concat([_Col(sur * len(given) + first, name_labels), _strcol(rows["name"])])

    def padded(resident: _Col, org_values) -> _Col:
        return _concat([resident, _strcol(np.asarray(org_values, object))])

    blank = np.zeros(n, np.int64)
    district_names = _labels(table.district)
    bits = np.zeros(n, np.int64)
    for i, row in enumerate(town.need):
        bits[row] |= 1 << i
    seen = np.zeros(1 << len(_NEEDS), bool)
    seen[bits] = True
    uniq = np.flatnonzero(seen)
    inv = np.cumsum(seen)[bits] - 1
    need_labels = _labels(";".join(c for i, c in enumerate(_NEEDS) if b >> i & 1) for b in uniq)
    band = np.searchsorted(_BAND_LO, town.age, "right") - 1
    odist = np.array(rows["district"], np.int64)
    nodes = {
        "id": id_col,
        "name": names,
        "kind": padded(_Col(blank, _labels(["resident"])), kind),
        "subtype": padded(_Col(blank, _labels([""])), rows["subtype"]),
        "district": _concat(
            [
                _Col(town.district.astype(np.int64), district_names),
                _Col(
                    np.where(odist >= 0, odist, len(district_names)),
                    np.r_[district_names, _labels([""])],
                ),
            ]
        ),
        "needs": padded(_Col(inv.astype(np.int64), need_labels), [""] * n_org),
        "services": padded(_Col(blank, _labels([""])), rows["services"]),
        "capacity": _intcol(np.r_[np.full(n, -1), rows["capacity"]]),
        "lsns6": _intcol(np.r_[lsns, np.full(n_org, -1)]),
        "age_band": padded(_Col(band.astype(np.int64), _labels(_BANDS)), [""] * n_org),
        "sex": padded(_Col(town.female.astype(np.int64), _labels(["M", "F"])), [""] * n_org),
        "household": _Col(
            np.r_[town.hh, np.full(n_org, n_hh)],  # the last label is empty
            raw=np.r_[
                _ids("H", n_hh, width), np.zeros((1, 1 + max(width, len(str(n_hh)))), np.uint8)
            ],
        ),
        "provenance": _Col(np.zeros(n + n_org, np.int64), _labels(["synthetic"])),
    }
    e = edges.merged()
    m = len(e["src"])

    def id_col_of(codes):
        return _Col(codes, raw=id_col.raw)

    supports = {
        "source": id_col_of(e["src"]),
        "target": id_col_of(e["tgt"]),
        "relation": _Col(e["relation"], _labels(["support", "collaboration"])),
        "domain": _Col(e["domain"], _labels(("",) + _EDGE_DOMAINS)),
        "formality": _Col(e["formality"], _labels(_FORMALITY)),
        "frequency": _Col(e["frequency"], _labels(_FREQUENCY)),
        "since": _datecol(e["since"]),
        "until": _datecol(e["until"]),
        "support_type": _Col(e["kind"], _labels(_SUPPORT_TYPE)),
        "jusou_component": _Col(e["jusou"], _labels(_JUSOU)),
        "provenance": _Col(np.zeros(m, np.int8), _labels(["synthetic"])),
    }
    return nodes, supports
