"""The one-page report for a support meeting: numbers, who is at risk and why, whose loss
would cut people off, and the map, in one self-contained HTML file.

Like the map, the page fetches nothing and escapes every piece of user text (the template
engine escapes all it is given; the map travels in an ``<iframe srcdoc>``, escaped for the
attribute). With ``anonymize`` residents carry pseudonyms and 要配慮 needs are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import tables
from ..analysis.analysed import Analysis, analyse
from ..analysis.gaps import DISTRICT_COLUMNS, by_district, not_held
from ..analysis.status import at_risk
from ..io import write_atomic
from ..network import Network
from ..privacy import anonymize_residents, pseudonyms
from ..reasons import AT_RISK_COLUMNS, CRITICAL_COLUMNS, reason, weak_needs
from ..vocabulary import KINDS, NEED_STATUSES, STATUSES, label
from ..words import header, word, words
from . import page
from .map import build_map
from .notebook import iframe
from .text import STATUS_COLORS

__all__ = ["build_report", "report_html", "write_report"]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _gaps(a: Analysis, lang: str, anonymize: bool, limit: int) -> dict:
    """Needs not held by overlapping threads, by district × domain, worst first."""
    w = words(lang)
    frame = by_district(a.sn, a.table)
    vocab = a.net.vocabulary
    if anonymize:  # even counts of 要配慮 needs in a small district can point at a person
        frame = frame[~frame["domain"].map(vocab.is_youhairyo).to_numpy(dtype=bool)]
    weak = not_held(frame)
    rows = [
        [
            r["district"] or w["city_wide"],
            vocab.label(r["domain"], lang),
            *(f"{r[c]:,}" for c in DISTRICT_COLUMNS[2:]),
        ]
        for r in tables.records(weak.head(limit))
    ]
    more = len(weak) - len(rows)
    note = word("more_rows", lang, n=f"{more:,}") if more else ""
    return {"rows": rows, "more": note}


def build_report(
    a: Analysis,
    *,
    anonymize: bool = False,
    salt: str | None = None,
    lang: str = "ja",
    limit: int = 200,
    view: str | None = None,
) -> str:
    """The report page of an analysed network (:meth:`.Analysis.report`; options of
    :func:`report_html`)."""
    w = words(lang)
    net = a.net
    table = a.table
    names = dict(zip(net.nodes["id"], net.nodes["name"]))
    risky = at_risk(table)
    crit = a.critical()
    if anonymize:
        pseudo = pseudonyms(net, salt)
        risky = anonymize_residents(risky, net, pseudo)
        names = {i: (pseudo(i) if i in pseudo else n) for i, n in names.items()}
        resident = crit["kind"] == "resident"
        crit = crit.assign(id=crit["id"].map(pseudo))
        crit["name"] = crit["name"].where(~resident, crit["id"])

    total = len(table)
    counts = table["status"].value_counts()
    statuses = [
        {
            "code": s,
            "label": label(STATUSES, s, lang),
            "count": int(counts.get(s, 0)),
            "share": _percent(int(counts.get(s, 0)), total),
            "width": f"{100 * int(counts.get(s, 0)) / total:.2f}" if total else "0",
            "colour": STATUS_COLORS[s][0],
        }
        for s in STATUSES
    ]
    need_counts: dict[str, int] = {s: 0 for s in NEED_STATUSES}
    for mapping in table["needs"]:
        for s in mapping.values():
            need_counts[s] += 1
    relation = net.supports["relation"].to_numpy()[a.active]
    headline = [
        (w["residents"], f"{total:,}"),
        (w["all_supporters"], f"{int((net.nodes['kind'] != 'resident').sum()):,}"),
        (w["active_supports"], f"{int((relation == 'support').sum()):,}"),
        (w["collaborations_between"], f"{int((relation == 'collaboration').sum()):,}"),
        (w["lsns_below"], f"{int(table['lsns_at_risk'].fillna(False).sum()):,}"),
        (w["critical_count"], f"{int((crit['dependents'] > 0).sum()):,}"),
    ]
    needs_line = " · ".join(
        f"{label(NEED_STATUSES, s, lang)} {v:,}" for s, v in need_counts.items()
    )
    risky_rows = []
    for row in tables.records(risky.head(limit)):
        lsns = "" if row["lsns6"] is None else f"{row['lsns6']}{'*' if row['lsns_at_risk'] else ''}"
        risky_rows.append(
            {
                "cells": [
                    row["id"],
                    *([] if anonymize else [row["name"]]),  # a pseudonym is the id
                    row["district"] or w["city_wide"],
                    str(row["supporters"]),
                    lsns,
                    reason(row, names, lang),
                    weak_needs(row, net.vocabulary, lang),
                ],
                "status": row["status"],
            }
        )
    crit_rows = [
        [
            r["id"],
            r["name"],
            label(KINDS, r["kind"], lang),
            r["district"] or w["city_wide"],
            str(r["dependents"]),
            str(r["sole_supporter_of"]),
            "" if r["capacity"] is None else str(r["capacity"]),
            str(r["load"]),
        ]
        for r in tables.records(crit.head(limit))
    ]
    the_map = build_map(a, view=view, anonymize=anonymize, salt=salt, lang=lang)
    if net.source is None or _is_sample(net.source):
        source = w["sample"]
    else:  # a folder is often named after the person or household
        source = w["anonymized_source"] if anonymize else Path(net.source).name
    html = page.render(
        "report.html",
        lang=lang,
        csp=page.csp(the_map.scripts),
        css=page.markup(page.asset("report.css")),
        title=w["report_title"],
        w=w,
        as_of=a.as_of.isoformat(),
        source=source,
        anonymized=w["anonymized"] if anonymize else "",
        headline=headline,
        statuses=statuses,
        needs_line=needs_line,
        risky=risky_rows,
        risky_columns=[header(c, lang) for c in AT_RISK_COLUMNS if not (anonymize and c == "name")],
        critical_columns=[header(c, lang) for c in CRITICAL_COLUMNS],
        gaps_columns=[header(c, lang) for c in DISTRICT_COLUMNS],
        risky_more=(
            word("more_residents", lang, n=f"{len(risky) - limit:,}") if len(risky) > limit else ""
        ),
        critical=crit_rows,
        critical_more=(
            word("more_rows", lang, n=f"{len(crit) - limit:,}") if len(crit) > limit else ""
        ),
        gaps=_gaps(a, lang, anonymize, limit),
        map_frame=page.markup(iframe(the_map.html, height=720, title=w["map_title"])),
    )
    return html


def _is_sample(source) -> bool:
    from ..io import sample_path

    try:
        return Path(source).resolve() == sample_path().resolve()
    except OSError:
        return False


def report_html(
    net: Network,
    *,
    as_of: dt.date | str | None = None,
    anonymize: bool = False,
    salt: str | None = None,
    lang: str = "ja",
    limit: int = 200,
    view: str | None = None,
    lsns_threshold: int = 12,
    roots: Iterable[str] = ("agency",),
) -> str:
    """The one-page report as a self-contained HTML string.

    Parameters
    ----------
    net : Network
    as_of : date or str, optional
        The day on which supports count (default today).
    anonymize : bool
        Pseudonyms for residents, no 要配慮 needs (see :func:`tsunagari.render.network_map`).
    salt : str, optional
        Secret for the pseudonyms.
    lang : {"ja", "en"}
    limit : int
        Most rows shown in each table (the page says how many more there are).
    view : str, optional
        The embedded map's view (default: the whole network, or the overview for a city).
    lsns_threshold : int
        LSNS-6 below this counts as at risk.
    roots : iterable of str
        Kinds and/or ids forming the formal net.

    Examples
    --------
    >>> import tsunagari as tg
    >>> page = report_html(tg.load(), as_of="2026-11-27", lang="en")
    >>> "Critical supporters" in page
    True
    """
    a = analyse(net, as_of=as_of, roots=roots, lsns_threshold=lsns_threshold)
    return a.report(anonymize=anonymize, salt=salt, lang=lang, limit=limit, view=view)


def write_report(net: Network, path: str | Path, *, force: bool = False, **options: Any) -> Path:
    """Write the report atomically as UTF-8, never over the network's own files.

    Takes the options of :func:`report_html`; an existing file is replaced only with
    ``force``.
    """
    return write_atomic(path, report_html(net, **options), protect=net.inputs, force=force)
