"""The ``tsunagari`` command line: parse options, call one library function, format.

No analysis happens here. Errors a user can cause are printed as ``Error: ...`` lines on
stderr with exit code 1; ``--debug`` re-raises them with a traceback that holds ids only
(typer's display of local variables is off: locals hold residents' data).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import tables
from .errors import InputError, TsunagariError
from .vocabulary import KINDS, NEED_STATUSES, STATUSES, label

app = typer.Typer(
    name="tsunagari",
    help="つながり — map a town's web of support and find who the safety net does not hold.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    ja = "ja"
    en = "en"


def default_lang() -> Lang:
    """Japanese when the locale says so, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return Lang.ja if value.lower().startswith("ja") else Lang.en
    return Lang.en


DataArg = Annotated[
    Path | None,
    typer.Argument(
        help="Network folder (nodes.csv + supports.csv) or .xlsx workbook. "
        "Default: the bundled fictional Iga sample.",
        show_default=False,
    ),
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Day on which supports count (YYYY-MM-DD; default today).")
]
FormatOpt = Annotated[Format, typer.Option("--format", help="table for people; csv or json for machines.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Label language (default from the locale).")]
Vocab = Annotated[
    Path | None, typer.Option("--vocabulary", help="A domains CSV extending the built-in domains.")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback (ids only) on errors.")]


@contextmanager
def guarded(debug: bool):
    """Turn a TsunagariError into ``Error:`` lines on stderr and exit code 1."""
    try:
        yield
    except TsunagariError as exc:
        if debug:
            raise
        lines = [str(p) for p in exc.problems] if isinstance(exc, InputError) else [str(exc)]
        for line in lines:
            typer.echo(f"Error: {line}", err=True)
        if isinstance(exc, InputError) and len(lines) > 1:
            typer.echo(f"{len(lines)} problems found; nothing was loaded.", err=True)
        raise typer.Exit(1) from None


def load_network(data: Path | None, vocabulary: Path | None):
    from .network import load

    return load(data, vocabulary=vocabulary)


def as_of_option(as_of: str | None):
    from .network import as_of_date

    try:
        return as_of_date(as_of)
    except ValueError:
        raise TsunagariError(f"--as-of: '{as_of}' is not a date (expected YYYY-MM-DD)") from None


def emit(text: str) -> None:
    sys.stdout.write(text)


@app.command()
def check(data: DataArg = None, vocabulary: Vocab = None, debug: Debug = False) -> None:
    """Validate a network and list every problem (file, row, column, value)."""
    with guarded(debug):
        net = load_network(data, vocabulary)
        kinds = net.nodes["kind"].value_counts()
        summary = ", ".join(f"{kinds[k]} {k}" for k in KINDS if k in kinds)
        summary = f" ({summary})" if summary else ""
        emit(f"OK: {len(net.nodes)} nodes{summary}, {len(net.supports)} supports.\n")


def _reason(row: dict, names: dict[str, str], lang: str) -> str:
    status = label(STATUSES, row["status"], lang)
    if row["status"] == "single_thread":
        chain = " → ".join(names.get(i, i) for i in reversed(row["single_points"]))
        return f"{status}: {chain}"
    if row["status"] == "isolated":
        return f"{status}: " + ("支援の糸がない" if lang == "ja" else "no active support")
    if row["status"] == "unreached":
        return f"{status}: " + (
            "支えている人が機関につながっていない"
            if lang == "ja"
            else "supporters are not linked to any agency"
        )
    return status


def _weak_needs(row: dict, vocab, lang: str) -> str:
    return ", ".join(
        f"{vocab.label(d, lang)}:{label(NEED_STATUSES, s, lang)}"
        for d, s in row["needs"].items()
        if s != "overlapping"
    )


@app.command()
def isolated(
    data: DataArg = None,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help="Comma list of isolated, unreached, single_thread, overlapping, or all.",
        ),
    ] = "isolated,unreached,single_thread",
    district: Annotated[str | None, typer.Option("--district", help="Only this district.")] = None,
    as_of: AsOf = None,
    anonymize: Annotated[
        bool, typer.Option("--anonymize", help="Pseudonyms for residents; hide 要配慮 needs.")
    ] = False,
    salt: Annotated[str | None, typer.Option("--salt", help="Secret for stable pseudonyms.")] = None,
    output_format: FormatOpt = Format.table,
    lang: LangOpt = default_lang(),
    lsns_threshold: Annotated[
        int, typer.Option("--lsns-threshold", help="LSNS-6 below this is at risk.")
    ] = 12,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Residents the overlapping safety net does not hold, worst first, with the reason."""
    from .analysis import at_risk, residents
    from .privacy import anonymize_residents, pseudonyms

    with guarded(debug):
        net = load_network(data, vocabulary)
        table = residents(net, as_of=as_of_option(as_of), lsns_threshold=lsns_threshold)
        wanted = [s.strip() for s in status.split(",") if s.strip()]
        table = at_risk(table, statuses=wanted, district=district)
        names = dict(zip(net.nodes["id"].tolist(), net.nodes["name"].tolist()))
        if anonymize:
            pseudo = pseudonyms(net, salt)
            table = anonymize_residents(table, net, pseudo)
            names = {i: (pseudo(i) if i in pseudo.residents else n) for i, n in names.items()}
        if output_format is Format.json:
            emit(tables.to_json(table))
        elif output_format is Format.csv:
            emit(tables.to_csv(table))
        else:
            emit(_isolated_text(table, names, net.vocabulary, lang.value))


def _isolated_text(table, names: dict[str, str], vocab, lang: str) -> str:
    ja = lang == "ja"
    headers = (
        ["ID", "名前", "地区", "支援者", "LSNS-6", "理由", "弱いニーズ"]
        if ja
        else ["id", "name", "district", "supporters", "LSNS-6", "reason", "needs not overlapping"]
    )
    rows = []
    for row in tables.records(table):
        lsns = "" if row["lsns6"] is None else str(row["lsns6"]) + ("*" if row["lsns_at_risk"] else "")
        rows.append(
            [
                row["id"],
                row["name"],
                row["district"] or ("市全域" if ja else "city-wide"),
                str(row["supporters"]),
                lsns,
                _reason(row, names, lang),
                _weak_needs(row, vocab, lang),
            ]
        )
    if not rows:
        return ("該当する住民はいません。\n" if ja else "No resident matches.\n")
    counts = table["status"].value_counts()
    summary = ", ".join(f"{label(STATUSES, s, lang)} {counts[s]}" for s in STATUSES if counts.get(s))
    note = "  (* LSNS-6 が基準未満)" if ja else "  (* LSNS-6 below the threshold)"
    return tables.to_text(rows, headers) + f"\n{len(rows)}: {summary}{note}\n"


# ------------------------------------------------------------- safety-net analysis (issue 3)

Limit = Annotated[
    int | None, typer.Option("--limit", min=0, help="Show at most this many rows (0 = all).")
]
Roots = Annotated[
    str,
    typer.Option("--roots", help="Comma list of kinds and/or node ids forming the formal net."),
]


LANG_DEFAULT = default_lang()


def _roots(roots: str) -> list[str]:
    return [r.strip() for r in roots.split(",") if r.strip()]


def _emit_frame(frame, output_format: Format, text) -> None:
    if output_format is Format.json:
        emit(tables.to_json(frame))
    elif output_format is Format.csv:
        emit(tables.to_csv(frame))
    else:
        emit(text())


def _place(district: str, ja: bool) -> str:
    return district or ("市全域" if ja else "city-wide")


@app.command()
def critical(
    data: DataArg = None,
    as_of: AsOf = None,
    limit: Limit = None,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Supporters whose loss would cut residents off, ranked by dependents."""
    from .analysis import critical as critical_supporters

    with guarded(debug):
        net = load_network(data, vocabulary)
        table = critical_supporters(net, as_of=as_of_option(as_of), roots=_roots(roots))
        if limit:
            table = table.head(limit)
        _emit_frame(table, output_format, lambda: _critical_text(table, lang.value))


def _critical_text(table, lang: str) -> str:
    ja = lang == "ja"
    headers = (
        ["ID", "名称", "種別", "地区", "頼る人", "単独支援", "受入上限", "支援中"]
        if ja
        else ["id", "name", "kind", "district", "dependents", "sole supporter of", "capacity",
              "load"]
    )
    rows = [
        [
            row["id"],
            row["name"],
            label(KINDS, row["kind"], lang),
            _place(row["district"], ja),
            str(row["dependents"]),
            str(row["sole_supporter_of"]),
            "" if row["capacity"] is None else str(row["capacity"]),
            str(row["load"]),
        ]
        for row in tables.records(table)
    ]
    if not rows:
        return (
            "一点に頼られている支援者はいません。\n" if ja else "No supporter is a single point.\n"
        )
    note = (
        "頼る人 = その支援者を失うと公的な支えから切れる住民の数"
        if ja
        else "dependents = residents who would lose every thread to the formal net without it"
    )
    return tables.to_text(rows, headers) + f"\n{note}\n"


@app.command()
def gaps(
    data: DataArg = None,
    as_of: AsOf = None,
    pairs: Annotated[
        bool, typer.Option("--pairs", help="With --format csv: the domain pairs table.")
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Table rows of district × domain (0 = all).")
    ] = 30,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Needs not held, by district × domain, and fields no horizontal thread joins."""
    from .analysis import gaps as coverage_gaps

    with guarded(debug):
        net = load_network(data, vocabulary)
        result = coverage_gaps(net, as_of=as_of_option(as_of), roots=_roots(roots))
        if output_format is Format.json:
            emit(tables.to_json(result.to_dict()))
        elif output_format is Format.csv:
            emit(tables.to_csv(result.domain_pairs if pairs else result.by_district))
        else:
            emit(_gaps_text(result, net, lang.value, limit))


def _gaps_text(result, net, lang: str, limit: int | None) -> str:
    ja = lang == "ja"
    vocab = net.vocabulary
    names = dict(zip(net.nodes["id"].tolist(), net.nodes["name"].tolist()))
    weak = result.by_district[
        result.by_district[["uncovered", "unreached", "single_thread"]].sum(axis=1) > 0
    ]
    shown = weak.head(limit) if limit else weak
    headers = (
        ["地区", "分野", "ニーズ", "重なり", "一本の糸", "未接続", "支援なし", "提供者", "空きあり"]
        if ja
        else ["district", "domain", "in need", "overlapping", "single", "unreached", "uncovered",
              "providers", "with room"]
    )
    rows = [
        [
            _place(row["district"], ja),
            vocab.label(row["domain"], lang),
            *(str(row[c]) for c in ("in_need", "overlapping", "single_thread", "unreached",
                                     "uncovered", "providers", "providers_with_room")),
        ]
        for row in tables.records(shown)
    ]
    out = [("地区 × 分野: 重なりで支えられていないニーズ" if ja
            else "Needs not held by overlapping threads, by district × domain") + "\n\n"]
    out.append(tables.to_text(rows, headers) if rows else ("なし\n" if ja else "none\n"))
    if len(shown) < len(weak):
        more = len(weak) - len(shown)
        out.append(f"… ほか {more} 行（--limit 0 ですべて）\n" if ja
                   else f"… {more} more rows (--limit 0 shows all)\n")
    nobody = int((weak["providers"] == 0).sum())
    out.append(f"近くに提供者がいない組み合わせ: {nobody}\n" if ja
               else f"district × domain with no provider nearby: {nobody}\n")

    dp = result.domain_pairs
    out.append("\n" + ("分野の間の横の糸" if ja else "Horizontal threads between fields") + "\n")
    counts = dp["status"].value_counts()
    pair_labels = {"unlinked": ("つながりなし", "unlinked"),
                   "single_thread": STATUSES["single_thread"],
                   "overlapping": STATUSES["overlapping"]}
    out.append(", ".join(f"{label(pair_labels, s, lang)} {int(counts.get(s, 0))}"
                         for s in pair_labels) + "\n")
    unlinked = dp[dp["status"] == "unlinked"]
    for row in tables.records(unlinked):
        a, b = vocab.label(row["domain_a"], lang), vocab.label(row["domain_b"], lang)
        out.append(f"  {a} ↔ {b}: " + ("つながりなし" if ja else "no link") + "\n")
    hinge: dict[str, list[str]] = {}
    for row in tables.records(dp[dp["status"] == "single_thread"]):
        for point in row["single_points"]:
            hinge.setdefault(point, []).append(f"{row['domain_a']}↔{row['domain_b']}")
    if hinge:
        out.append(("一つの組織だけが橋渡ししている分野の組:" if ja
                    else "Pairs of fields joined only through one organisation:") + "\n")
        for point, joined in sorted(hinge.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            out.append(f"  {point} ({names.get(point, point)}): {len(joined)}\n")
    return "".join(out)


def _end_pairs(end: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in end:
        source, sep, target = item.partition(":")
        if not sep or not source or not target:
            raise TsunagariError(f"--end: '{item}' is not SOURCE:TARGET")
        out.append((source, target))
    return out


@app.command()
def whatif(
    data: DataArg = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Id of a node that disappears (repeat).")
    ] = None,
    end: Annotated[
        list[str] | None,
        typer.Option("--end", help="SOURCE:TARGET of an active tie that ends (repeat)."),
    ] = None,
    as_of: AsOf = None,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Statuses after losing nodes or ties, and every resident whose status changed."""
    from .analysis import whatif as simulate_loss

    with guarded(debug):
        if not remove and not end:
            raise TsunagariError("nothing to remove: give --remove ID and/or --end SOURCE:TARGET")
        net = load_network(data, vocabulary)
        result = simulate_loss(
            net, remove=remove or (), end=_end_pairs(end or []), as_of=as_of_option(as_of),
            roots=_roots(roots),
        )
        _emit_frame(result.to_dict() if output_format is Format.json else result.changed,
                    output_format, lambda: _whatif_text(result, net, lang.value))


def _whatif_text(result, net, lang: str) -> str:
    ja = lang == "ja"
    vocab = net.vocabulary
    lost = [*result.removed, *(f"{s}→{t}" for s, t in result.ended)]
    out = [("失うもの: " if ja else "Lost: ") + ", ".join(lost) + "\n\n"]
    headers = (["ID", "名前", "地区", "前", "後", "一点", "ニーズの変化"] if ja
               else ["id", "name", "district", "before", "after", "single points", "needs changed"])
    rows = []
    for row in tables.records(result.changed):
        needs = ", ".join(
            f"{vocab.label(d, lang)}:{label(NEED_STATUSES, c['before'], lang)}→"
            f"{label(NEED_STATUSES, c['after'], lang)}"
            for d, c in row["need_changes"].items()
        )
        rows.append([
            row["id"], row["name"], _place(row["district"], ja),
            label(STATUSES, row["before"], lang), label(STATUSES, row["after"], lang),
            " → ".join(reversed(row["single_points"])), needs,
        ])
    if not rows:
        return out[0] + ("誰の状態も変わりません。\n" if ja else "No resident's status changes.\n")
    worse = sum(r[3] != r[4] for r in rows)
    out.append(tables.to_text(rows, headers))
    out.append(f"\n{len(rows)}: " + (f"全体の状態が悪化 {worse}" if ja else f"status worse {worse}")
               + "\n")
    return "".join(out)


@app.command()
def suggest(
    data: DataArg = None,
    resident: Annotated[str | None, typer.Option("--resident", help="Only this resident.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Suggestions per resident (0 = all).")
    ] = 3,
    plan_links: Annotated[
        int | None,
        typer.Option("--plan", min=1, help="Instead: a city-wide greedy plan of K new links."),
    ] = None,
    as_of: AsOf = None,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """New ties that would turn single threads into overlaps, each verified."""
    from .analysis import plan
    from .analysis import suggest as suggest_connections

    with guarded(debug):
        net = load_network(data, vocabulary)
        day = as_of_option(as_of)
        if plan_links:
            steps = plan(net, plan_links, as_of=day, roots=_roots(roots), lang=lang.value)
            _emit_frame(steps, output_format, lambda: _plan_text(steps, net, lang.value))
            return
        ideas = suggest_connections(
            net, resident=resident, limit=limit, as_of=day, roots=_roots(roots), lang=lang.value
        )
        _emit_frame(ideas, output_format, lambda: _suggest_text(ideas, net, lang.value))


def _suggest_text(ideas, net, lang: str) -> str:
    ja = lang == "ja"
    vocab = net.vocabulary
    headers = (["住民", "今", "分野", "つなぐ先", "紹介者", "つないだ後", "理由"] if ja
               else ["resident", "now", "domain", "supporter", "introducer", "after", "reason"])
    rows = [
        [
            row["resident"],
            label(STATUSES, row["status"], lang),
            vocab.label(row["domain"], lang),
            f"{row['supporter_name']} ({row['supporter']})",
            row["introducer"] or "",
            label(STATUSES, row["status_after"], lang),
            row["reason"],
        ]
        for row in tables.records(ideas)
    ]
    if not rows:
        return "提案できるつながりはありません。\n" if ja else "No connection to suggest.\n"
    people = ideas["resident"].nunique()
    return tables.to_text(rows, headers) + (
        f"\n{people} 人に {len(rows)} 件の提案\n" if ja
        else f"\n{len(rows)} suggestions for {people} residents\n"
    )


def _plan_text(steps, net, lang: str) -> str:
    ja = lang == "ja"
    vocab = net.vocabulary
    headers = (["#", "住民", "つなぐ先", "分野", "紹介者", "重なりになる人"] if ja
               else ["#", "resident", "supporter", "domain", "introducer", "now overlapping"])
    rows = [
        [
            str(row["step"]), row["resident"], f"{row['supporter_name']} ({row['supporter']})",
            vocab.label(row["domain"], lang), row["introducer"] or "", ", ".join(row["fixed"]),
        ]
        for row in tables.records(steps)
    ]
    fixed = int(steps["fixed_count"].sum()) if len(steps) else 0
    text = tables.to_text(rows, headers) if rows else ""
    return text + (
        f"\n{len(rows)} 本の新しいつながりで、一本の糸の {fixed} 人が重なり合いになります。\n" if ja
        else f"\n{len(rows)} new links turn {fixed} single threads into overlaps.\n"
    )


class Every(StrEnum):
    year = "year"
    month = "month"


@app.command()
def timeline(
    data: DataArg = None,
    every: Annotated[Every, typer.Option("--every", help="One row per year or per month.")] = (
        Every.year
    ),
    as_of: AsOf = None,
    roots: Roots = "agency",
    output_format: FormatOpt = Format.table,
    lang: LangOpt = LANG_DEFAULT,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """The network at the end of each year (or month): size, statuses, cycles (面)."""
    from .analysis import timeline as growth

    with guarded(debug):
        net = load_network(data, vocabulary)
        table = growth(net, every=every.value, until=as_of_option(as_of), roots=_roots(roots))
        frame = table.reset_index()
        _emit_frame(frame, output_format, lambda: _timeline_text(frame, lang.value))


def _timeline_text(frame, lang: str) -> str:
    ja = lang == "ja"
    headers = (["日付", "ノード", "支援", "連携", "孤立", "未接続", "一本の糸", "重なり",
                "重なり率", "面"] if ja
               else ["date", "nodes", "supports", "collabs", "isolated", "unreached", "single",
                     "overlapping", "share", "cycles"])
    rows = [
        [
            row["date"], *(str(row[c]) for c in ("nodes", "supports", "collaborations", "isolated",
                                                 "unreached", "single_thread", "overlapping")),
            "" if row["share_overlapping"] is None else f"{row['share_overlapping']:.0%}",
            str(row["independent_cycles"]),
        ]
        for row in tables.records(frame)
    ]
    note = ("面 = 独立な閉路の数（辺 − ノード + 連結成分）" if ja
            else "cycles = independent cycles of the undirected ties (edges − nodes + components)")
    return tables.to_text(rows, headers) + f"\n{note}\n"


# ------------------------------------------------------------- the map and the report (issue 4)

HtmlOut = Annotated[
    Path, typer.Option("--output", "-o", help="HTML file to write (never one of the inputs).")
]
HtmlAnonymize = Annotated[
    bool,
    typer.Option("--anonymize", help="Pseudonyms for residents; hide 要配慮 needs and free text."),
]
HtmlSalt = Annotated[str | None, typer.Option("--salt", help="Secret for stable pseudonyms.")]
HTML_LANG = default_lang()


@app.command("map")
def map_command(
    data: DataArg = None,
    output: HtmlOut = Path("map.html"),
    as_of: AsOf = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Id of a person or organisation to centre on.")
    ] = None,
    radius: Annotated[
        int, typer.Option("--radius", min=0, help="Steps around --focus to show.")
    ] = 2,
    district: Annotated[str | None, typer.Option("--district", help="Only this district.")] = None,
    at_risk: Annotated[
        bool,
        typer.Option("--at-risk", help="Residents at risk, their supporters and the agencies."),
    ] = False,
    overview: Annotated[
        bool,
        typer.Option(
            "--overview",
            help="Residents counted per district (the default above 2,000 nodes).",
        ),
    ] = False,
    anonymize: HtmlAnonymize = False,
    salt: HtmlSalt = None,
    show_ended: Annotated[
        bool, typer.Option("--show-ended", help="Draw ended supports faded instead of hiding them.")
    ] = False,
    roots: Roots = "agency",
    lang: LangOpt = HTML_LANG,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Draw the network as an interactive map: one HTML file that works offline."""
    from .render import network_map

    with guarded(debug):
        net = load_network(data, vocabulary)
        drawn = network_map(
            net,
            as_of=as_of_option(as_of),
            view="overview" if overview else None,
            focus=focus,
            radius=radius,
            district=district,
            at_risk=at_risk,
            anonymize=anonymize,
            salt=salt,
            lang=lang.value,
            show_ended=show_ended,
            roots=_roots(roots),
        )
        drawn.write(output, protect=[net.source] if net.source else [])
        emit(f"{output}: {drawn.view}, {drawn.nodes} nodes, {drawn.edges} ties\n")


@app.command()
def report(
    data: DataArg = None,
    output: HtmlOut = Path("report.html"),
    as_of: AsOf = None,
    anonymize: HtmlAnonymize = False,
    salt: HtmlSalt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Most rows in each table of the report.")
    ] = 200,
    overview: Annotated[
        bool, typer.Option("--overview", help="Embed the city overview map.")
    ] = False,
    roots: Roots = "agency",
    lang: LangOpt = HTML_LANG,
    lsns_threshold: Annotated[
        int, typer.Option("--lsns-threshold", help="LSNS-6 below this is at risk.")
    ] = 12,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """One self-contained HTML page for a support meeting: numbers, risks, the map."""
    from .render import write_report

    with guarded(debug):
        net = load_network(data, vocabulary)
        write_report(
            net,
            output,
            as_of=as_of_option(as_of),
            anonymize=anonymize,
            salt=salt,
            lang=lang.value,
            limit=limit,
            view="overview" if overview else None,
            lsns_threshold=lsns_threshold,
            roots=_roots(roots),
        )
        emit(f"{output}\n")


class ExportFormat(StrEnum):
    gexf = "gexf"
    graphml = "graphml"
    xlsx = "xlsx"
    json = "json"


@app.command("export")
def export_command(
    data: DataArg = None,
    to: Annotated[ExportFormat, typer.Option("--to", help="gexf/graphml (Gephi), xlsx, json.")] = (
        ExportFormat.xlsx
    ),
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")] = Path(
        "tsunagari.xlsx"
    ),
    as_of: AsOf = None,
    anonymize: Annotated[
        bool, typer.Option("--anonymize", help="Pseudonyms for residents; hide 要配慮 needs.")
    ] = False,
    salt: Annotated[str | None, typer.Option("--salt", help="Secret for stable pseudonyms.")] = None,
    lang: LangOpt = default_lang(),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    vocabulary: Vocab = None,
    debug: Debug = False,
) -> None:
    """Export the network and its analysis for Gephi, Excel or other tools."""
    from .export import export

    with guarded(debug):
        net = load_network(data, vocabulary)
        path = export(
            net, to.value, output, as_of=as_of_option(as_of), anonymize=anonymize, salt=salt,
            lang=lang.value, force=force,
        )
        typer.echo(f"Wrote {path}", err=True)


@app.command()
def generate(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write into.")],
    residents: Annotated[
        int, typer.Option("--residents", min=1, help="Number of residents (Iga: 86,976).")
    ] = 86_976,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same city.")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    debug: Debug = False,
) -> None:
    """Write a synthetic Iga-like city (every row tagged synthetic) for demos and benchmarks."""
    from .synth import write_city

    with guarded(debug):
        with progress_bar(quiet) as report:
            try:
                folder = write_city(output, residents=residents, seed=seed, force=force,
                                    progress=report)
            except FileExistsError as exc:  # the library names its keyword; we name the flag
                raise TsunagariError(str(exc).replace("force=True", "--force")) from None
        typer.echo(f"Wrote a synthetic city of {residents:,} residents to {folder}", err=True)


@contextmanager
def progress_bar(quiet: bool):
    """A progress callback drawing a bar on stderr when it is a terminal, else silent."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with typer.progressbar(length=100, file=sys.stderr, label="generating") as bar:
        done = [0]

        def report(step: str, current: int, total: int) -> None:
            target = int(100 * current / max(total, 1))
            bar.label = step
            bar.update(target - done[0])
            done[0] = target

        yield report


def main() -> None:  # pragma: no cover - console entry point alias
    app()
