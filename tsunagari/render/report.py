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

from .. import tables
from ..analysis.critical import critical_rows
from ..analysis.gaps import DISTRICT_COLUMNS, by_district, not_held
from ..analysis.status import at_risk
from ..io import write_atomic
from ..network import Network
from ..privacy import anonymize_residents, pseudonyms
from ..vocabulary import KINDS, NEED_STATUSES, STATUSES, label
from . import page
from .map import build_map
from .notebook import iframe
from .text import STATUS_COLORS, words
from .views import Analysis, analyse

__all__ = ["reason", "report_html", "weak_needs", "write_report"]


REPORT_TEXT = {
    "ja": {
        "headline": "概要",
        "residents": "住民",
        "supporters": "支え手（機関・団体・企業・ボランティア・地域の場）",
        "supports": "有効な支援",
        "collaborations": "組織どうしの連携",
        "needs": "ニーズ（住民ごと・分野ごと）",
        "lsns": "LSNS-6 が基準未満の住民",
        "critical_count": "失うと誰かが機関から切れる支え手",
        "at_risk": "支援網が薄い住民",
        "at_risk_note": "孤立・未接続・一本の糸の住民。重い順。",
        "more": "ほか {n} 人（tsunagari isolated --format csv で全員を出力できます）",
        "more_rows": "ほか {n} 件",
        "none": "該当なし",
        "critical": "失うと住民が機関から切れる支え手",
        "critical_note": "dependents = この支え手を失うと公的な支援網から切れる住民の数。",
        "gaps": "地区ごとの支援の空白",
        "gaps_note": "重なりで支えられていないニーズがある地区 × 分野。"
        "提供者 = その地区または市全域でその分野を担う支え手。",
        "columns_gaps": [
            "地区",
            "分野",
            "ニーズ",
            "重なり",
            "一本の糸",
            "未接続",
            "支援なし",
            "提供者",
            "空きあり",
        ],
        "map": "マップ",
        "columns_at_risk": [
            "ID",
            "名前",
            "地区",
            "支援者",
            "LSNS-6",
            "理由",
            "重なっていないニーズ",
        ],
        "columns_critical": [
            "ID",
            "名前",
            "種別",
            "地区",
            "dependents",
            "唯一の支援者",
            "受入上限",
            "支援数",
        ],
        "isolated_reason": "支援の糸がない",
        "unreached_reason": "支えている人が機関につながっていない",
        "source": "データ",
        "sample": "同梱の架空サンプル（伊賀）",
        "anonymized_source": "匿名化したデータ",
    },
    "en": {
        "headline": "Summary",
        "residents": "residents",
        "supporters": "supporters (agencies, NPOs, companies, volunteers, groups)",
        "supports": "active supports",
        "collaborations": "collaborations between organisations",
        "needs": "needs (per resident and domain)",
        "lsns": "residents with LSNS-6 below the threshold",
        "critical_count": "supporters whose loss would cut someone off",
        "at_risk": "Residents the safety net holds thinly",
        "at_risk_note": "Isolated, unreached and single-thread residents, worst first.",
        "more": "and {n} more (tsunagari isolated --format csv lists them all)",
        "more_rows": "and {n} more",
        "none": "none",
        "critical": "Critical supporters",
        "critical_note": "dependents = residents who would lose the formal net without this "
        "supporter.",
        "gaps": "Coverage gaps by district",
        "gaps_note": "District × domain with needs not held by overlapping threads; providers "
        "= supporters in the district or city-wide offering the domain.",
        "columns_gaps": [
            "district",
            "domain",
            "in need",
            "overlapping",
            "single thread",
            "unreached",
            "uncovered",
            "providers",
            "with room",
        ],
        "map": "Map",
        "columns_at_risk": [
            "id",
            "name",
            "district",
            "supporters",
            "LSNS-6",
            "reason",
            "needs not overlapping",
        ],
        "columns_critical": [
            "id",
            "name",
            "kind",
            "district",
            "dependents",
            "sole supporter of",
            "capacity",
            "load",
        ],
        "isolated_reason": "no active support",
        "unreached_reason": "supporters are not linked to any agency",
        "source": "data",
        "sample": "the bundled fictional sample (Iga)",
        "anonymized_source": "anonymised data",
    },
}


def reason(row: dict, names: dict[str, str], lang: str) -> str:
    """Why a resident is at risk, in words: the status and, for a single thread, its chain.

    ``row`` is a record of :func:`tsunagari.residents`; ``names`` maps ids to display names.

    Examples
    --------
    >>> reason({"status": "single_thread", "single_points": ("v-1", "ag-1")},
    ...        {"v-1": "民生委員", "ag-1": "包括"}, "ja")
    '一本の糸: 包括 → 民生委員'
    """
    status = label(STATUSES, row["status"], lang)
    words_ = REPORT_TEXT[lang]
    if row["status"] == "single_thread":
        chain = " → ".join(names.get(i, i) for i in reversed(row["single_points"]))
        return f"{status}: {chain}"
    if row["status"] == "isolated":
        return f"{status}: {words_['isolated_reason']}"
    if row["status"] == "unreached":
        return f"{status}: {words_['unreached_reason']}"
    return status


def weak_needs(row: dict, vocab, lang: str, *, sep: str = ": ") -> str:
    """A resident's needs not held by overlapping threads, as ``domain: status, ...``.

    ``row`` is a record of :func:`tsunagari.residents`; ``vocab`` its network's vocabulary;
    ``sep`` goes between a domain and its status (the CLI's tables use a bare ``:``).

    Examples
    --------
    >>> from tsunagari.io import load_vocabulary
    >>> row = {"needs": {"dementia": "single_thread", "loneliness_isolation": "overlapping"}}
    >>> weak_needs(row, load_vocabulary(), "en")
    'dementia: single thread'
    """
    return ", ".join(
        f"{vocab.label(d, lang)}{sep}{label(NEED_STATUSES, s, lang)}"
        for d, s in row["needs"].items()
        if s != "overlapping"
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _gaps(a: Analysis, lang: str, anonymize: bool, limit: int) -> dict:
    """Needs not held by overlapping threads, by district × domain, worst first."""
    w = words(lang)
    frame = by_district(a.net, a.table, as_of=a.day)
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
    note = REPORT_TEXT[lang]["more_rows"].format(n=f"{more:,}") if more else ""
    return {"rows": rows, "more": note}


def _build(a: Analysis, *, anonymize: bool, salt: str | None, lang: str, limit: int, view):
    w = words(lang)
    rt = REPORT_TEXT[lang]
    net = a.net
    table = a.table
    names = dict(zip(net.nodes["id"], net.nodes["name"]))
    risky = at_risk(table)
    crit = critical_rows(a.sn)
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
        (rt["residents"], f"{total:,}"),
        (rt["supporters"], f"{int((net.nodes['kind'] != 'resident').sum()):,}"),
        (rt["supports"], f"{int((relation == 'support').sum()):,}"),
        (rt["collaborations"], f"{int((relation == 'collaboration').sum()):,}"),
        (rt["lsns"], f"{int(table['lsns_at_risk'].fillna(False).sum()):,}"),
        (rt["critical_count"], f"{int((crit['dependents'] > 0).sum()):,}"),
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
        source = rt["sample"]
    else:  # a folder is often named after the person or household
        source = rt["anonymized_source"] if anonymize else Path(net.source).name
    html = page.render(
        "report.html",
        lang=lang,
        csp=page.csp(the_map.scripts),
        css=page.markup(page.asset("report.css")),
        title=w["report_title"],
        w=w,
        rt=rt,
        as_of=a.day.isoformat(),
        source=source,
        anonymized=w["anonymized"] if anonymize else "",
        headline=headline,
        statuses=statuses,
        needs_line=needs_line,
        risky=risky_rows,
        risky_columns=[
            c for k, c in enumerate(rt["columns_at_risk"]) if not (anonymize and k == 1)
        ],
        risky_more=rt["more"].format(n=f"{len(risky) - limit:,}") if len(risky) > limit else "",
        critical=crit_rows,
        critical_more=(
            rt["more_rows"].format(n=f"{len(crit) - limit:,}") if len(crit) > limit else ""
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
    return _build(a, anonymize=anonymize, salt=salt, lang=lang, limit=limit, view=view)


def write_report(net: Network, path: str | Path, *, force: bool = False, **options) -> Path:
    """Write the report atomically as UTF-8, never over the network's own files.

    Takes the options of :func:`report_html`; an existing file is replaced only with
    ``force``.
    """
    return write_atomic(path, report_html(net, **options), protect=net.inputs, force=force)
