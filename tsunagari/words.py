"""Every word tsunagari shows people, in Japanese and English, keyed by concept.

One catalogue, so that one concept has one name: a supporter's *dependents* are 頼る住民 in
every table, tooltip and note, a resident's *single points* are 一本の糸の要. The terms are
fixed in ``docs/glossary.md``. Labels of controlled codes (kinds, statuses, relations,
domains) live in :mod:`tsunagari.vocabulary` and are not repeated here; :func:`header`
reads a status column's label from there.

Texts with ``{placeholders}`` are templates for :func:`word`'s keyword arguments; the
Japanese and the English text of one key take the same placeholders. Errors and warnings
carry a :class:`Message` (a key and its values) and are written in the user's language.

Examples
--------
>>> word("dependents", "ja")
'頼る住民'
>>> word("more_rows", "en", n=3)
'and 3 more'
>>> header("single_thread", "ja")
'一本の糸'
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import NEED_STATUSES, STATUSES, label

__all__ = ["LANGS", "WORDS", "Message", "error_text", "header", "message", "word", "words"]

LANGS = ("ja", "en")

# key -> (ja, en)
WORDS: dict[str, tuple[str, str]] = {
    # ---- table columns: keys are the column codes of the library's frames
    "id": ("ID", "id"),
    "name": ("名前", "name"),
    "kind": ("種別", "kind"),
    "district": ("地区", "district"),
    "status": ("状態", "status"),
    "supporters": ("支援者", "supporters"),
    "single_points": ("一本の糸の要", "single points"),
    "needs": ("ニーズ", "needs"),
    "need_single_points": ("ニーズ別の一本の糸の要", "single points per need"),
    "lsns6": ("LSNS-6", "LSNS-6"),
    "lsns_at_risk": ("LSNS-6 基準未満", "LSNS-6 below the threshold"),
    "dependents": ("頼る住民", "dependents"),
    "sole_supporter_of": ("唯一の支援者", "sole supporter of"),
    "capacity": ("受入上限", "capacity"),
    "load": ("支援中", "load"),
    "domain": ("分野", "domain"),
    "in_need": ("ニーズあり", "in need"),
    "providers": ("提供者", "providers"),
    "providers_with_room": ("空きあり", "with room"),
    "domain_a": ("分野A", "domain A"),
    "domain_b": ("分野B", "domain B"),
    "providers_a": ("分野Aの提供者", "providers of domain A"),
    "providers_b": ("分野Bの提供者", "providers of domain B"),
    "linked": ("つながり", "linked"),
    "reason": ("理由", "reason"),
    "weak_needs": ("重なっていないニーズ", "needs not overlapping"),
    "before": ("前", "before"),
    "after": ("後", "after"),
    "need_changes": ("ニーズの変化", "needs changed"),
    "now": ("今", "now"),
    "supporter": ("つなぐ先", "supporter"),
    "introducer": ("紹介者", "introducer"),
    "status_after": ("つないだ後", "after"),
    "step": ("#", "#"),
    "fixed": ("重なり合いになる人", "now overlapping"),
    "date": ("日付", "date"),
    "nodes": ("ノード", "nodes"),
    "supports": ("支援", "supports"),
    "collaborations": ("連携", "collabs"),
    "share_overlapping": ("重なり合い率", "share"),
    "independent_cycles": ("面", "cycles"),
    # ---- values and notes in the tables
    "city_wide": ("市全域", "city-wide"),
    "unlinked": ("つながりなし", "unlinked"),
    "none": ("該当なし", "none"),
    "dependents_note": (
        "頼る住民 = この支援者を失うと公的な支援網から切れる住民の数。",
        "dependents = residents who would lose every thread to the formal net without this "
        "supporter.",
    ),
    "lsns_note": ("  (* LSNS-6 が基準未満)", "  (* LSNS-6 below the threshold)"),
    "cycles_note": (
        "面 = 独立な閉路の数（辺 − ノード + 連結成分）",
        "cycles = independent cycles of the undirected ties (edges − nodes + components)",
    ),
    "isolated_reason": ("支援の糸がない", "no active support"),
    "unreached_reason": (
        "支えている人が機関につながっていない",
        "supporters are not linked to any agency",
    ),
    "status_reason": ("{status}: {why}", "{status}: {why}"),
    # ---- the command line's tables
    "no_resident": ("該当する住民はいません。", "No resident matches."),
    "no_single_point": (
        "一本の糸の要になっている支援者はいません。",
        "No supporter is a single point.",
    ),
    "gaps_title": (
        "地区 × 分野: 重なり合いで支えられていないニーズ",
        "Needs not held by overlapping threads, by district × domain",
    ),
    "more_lines": ("… ほか {n} 行（--limit 0 ですべて）", "… {n} more rows (--limit 0 shows all)"),
    "no_provider": (
        "近くに提供者がいない組み合わせ: {n}",
        "district × domain with no provider nearby: {n}",
    ),
    "one_bridge": (
        "一つの組織だけが橋渡ししている分野の組:",
        "Pairs of fields joined only through one organisation:",
    ),
    "lost": ("失うもの: ", "Lost: "),
    "no_change": ("誰の状態も変わりません。", "No resident's status changes."),
    "status_worse": ("全体の状態が悪化 {n}", "status worse {n}"),
    "no_suggestion": ("提案できるつながりはありません。", "No connection to suggest."),
    "suggestion_count": ("{people} 人に {n} 件の提案", "{n} suggestions for {people} residents"),
    "plan_outcome": (
        "{n} 本の新しいつながりで、一本の糸の {fixed} 人が重なり合いになります。",
        "{n} new links turn {fixed} single threads into overlaps.",
    ),
    # ---- why a suggested tie helps (analysis.suggest)
    "reason_second_thread": (
        "{points} に依存しない2本目の糸 → {after}",
        "a second thread independent of {points} → {after}",
    ),
    "reason_need": ("ニーズ「{domain}」: {change}", "need '{domain}': {change}"),
    "reason_offers": ("「{domain}」を提供", "offers '{domain}'"),
    "reason_introducer": (
        "紹介者: {who}（すでに連携あり）",
        "introduced by {who}, who already works with it",
    ),
    # ---- the report page; sections double as the workbook's sheet names in Japanese
    "report_title": ("つながりレポート", "tsunagari report"),
    "source": ("データ", "data"),
    "sample": ("同梱の架空サンプル（伊賀）", "the bundled fictional sample (Iga)"),
    "anonymized_source": ("匿名化したデータ", "anonymised data"),
    "headline": ("概要", "Summary"),
    "all_supporters": (
        "支援者（機関・団体・企業・ボランティア・地域の場）",
        "supporters (agencies, NPOs, companies, volunteers, groups)",
    ),
    "active_supports": ("有効な支援", "active supports"),
    "collaborations_between": ("組織どうしの連携", "collaborations between organisations"),
    "needs_counted": ("ニーズ（住民ごと・分野ごと）", "needs (per resident and domain)"),
    "lsns_below": ("LSNS-6 が基準未満の住民", "residents with LSNS-6 below the threshold"),
    "critical_count": (
        "失うと誰かが機関から切れる支援者",
        "supporters whose loss would cut someone off",
    ),
    "residents_at_risk": ("支援網が薄い住民", "Residents the safety net holds thinly"),
    "at_risk_note": (
        "孤立・未接続・一本の糸の住民。重い順。",
        "Isolated, unreached and single-thread residents, worst first.",
    ),
    "more_residents": (
        "ほか {n} 人（tsunagari isolated --format csv で全員を出力できます）",
        "and {n} more (tsunagari isolated --format csv lists them all)",
    ),
    "more_rows": ("ほか {n} 件", "and {n} more"),
    "critical": ("要の支援者", "Critical supporters"),
    "gaps_by_district": ("地区ごとの支援の空白", "Coverage gaps by district"),
    "gaps_note": (
        "重なり合いで支えられていないニーズがある地区 × 分野。"
        "提供者 = その地区または市全域でその分野を担う支援者。",
        "District × domain with needs not held by overlapping threads; providers "
        "= supporters in the district or city-wide offering the domain.",
    ),
    "domain_pairs": ("分野の間の横の糸", "Horizontal threads between fields"),
    "map": ("マップ", "Map"),
    # ---- the map page and its tooltips
    "map_title": ("つながりマップ", "tsunagari map"),
    "as_of": ("基準日", "as of"),
    "search": ("検索", "Search"),
    "search_placeholder": ("名前または ID", "name or id"),
    "no_match": ("見つかりません", "no match"),
    "filters": ("絞り込み", "Filters"),
    "filter_district": ("地区", "District"),
    "all_districts": ("すべての地区", "all districts"),
    "residents_status": ("住民の状態", "Residents' status"),
    "filter_kind": ("種別", "Kind"),
    "legend": ("凡例", "Legend"),
    "legend_support": (
        "支援（矢印の向きに支える）",
        "support (the arrow points to who is supported)",
    ),
    "legend_informal": (
        "インフォーマルな支え（家族・近所など）",
        "informal support (family, neighbours)",
    ),
    "legend_collaboration": ("連携（組織どうし）", "collaboration (between organisations)"),
    "legend_inactive": ("終了した支援・未開始の支援", "ended or not yet started"),
    "size_note": (
        "支援者の大きさ = 頼る住民（失うと機関から切れる住民）の数",
        "a supporter's size = residents cut off from the agencies without it",
    ),
    "district_node": (
        "地区ごとの住民（円グラフ = 状態の内訳）",
        "residents by district (pie = statuses)",
    ),
    "hint": (
        "ノードをクリックすると、公的な支援網（機関）までの糸が太く表示され、"
        "一本の糸の要が赤い枠で示されます。",
        "Click a node: its threads to the formal net (the agencies) are drawn bold, "
        "and its single points get a red ring.",
    ),
    "shown": ("表示中", "shown"),
    "reset": ("すべて表示", "show all"),
    "threads": ("公的な支援網までの糸", "Threads to the formal net"),
    "no_thread": ("機関につながる糸がない", "no thread reaches an agency"),
    "through_self": (
        "本人を経由するため糸にならない",
        "runs through the person herself, so it is no thread",
    ),
    "is_root": ("公的な支援網（根）", "part of the formal net (a root)"),
    "node_heading": ("{name}（{id}）", "{name} ({id})"),
    "people": ("人", ""),
    "services": ("分野", "services"),
    "residents": ("住民", "residents"),
    "ended": ("終了", "ended"),
    "not_started": ("開始前", "not started"),
    "view_full": ("全体", "whole network"),
    "view_focus": ("{name} の周り（{radius} 段階）", "around {name} ({radius} steps)"),
    "view_district": ("{district} 地区", "district {district}"),
    "view_at_risk": ("支援網が薄い住民", "residents the safety net holds thinly"),
    "view_overview": (
        "市全体の概観（住民は地区ごとに集計）",
        "city overview (residents counted by district)",
    ),
    "truncated": (
        "表示が多すぎるため、周りの一部だけを表示しています。",
        "Too many nodes: only part of the neighbourhood is shown.",
    ),
    "anonymized": (
        "匿名化済み：住民名は仮名、要配慮の情報は表示していません。",
        "Anonymised: residents carry pseudonyms; special-care information is not shown.",
    ),
    # ---- punctuation that differs between the languages
    "colon": ("：", ": "),
    "comma": ("、", ", "),
    # errors: where, and what
    "error": ("エラー", "Error"),
    "problems_found": (
        "{n} 件の問題が見つかりました。何も読み込んでいません。",
        "{n} problems found; nothing was loaded.",
    ),
    "at_row": ("{row} 行目", "row {row}"),
    "at_column": ("列「{column}」", "column '{column}'"),
    "err_unknown_node": ("ノード ID '{id}' はありません", "unknown node id '{id}'"),
    # ---- reading files (tsunagari.io): what is wrong with a file, a sheet or a cell
    "err_unreadable": ("読み込めません（{reason}）", "cannot be read ({reason})"),
    "err_folder": ("フォルダーです（ファイルを指定してください）", "is a folder, expected a file"),
    "err_not_regular": (
        "通常のファイルではありません（パイプまたはデバイス）",
        "is not a regular file (a pipe or a device)",
    ),
    "err_too_large": (
        "{size} MB あり、上限の {limit} MB を超えています",
        "is {size} MB, more than the {limit} MB allowed",
    ),
    "err_bad_utf16": (
        "UTF-16 のように始まりますが、正しい UTF-16 ではありません",
        "starts like UTF-16 but is not valid UTF-16",
    ),
    "err_nul": (
        "テキストファイルではありません（NUL バイトを含みます）",
        "is not a text file (it holds NUL bytes)",
    ),
    "err_encoding": (
        "文字コードがそろっていません。このセルは UTF-8 ではないのに他の行は UTF-8 か、"
        "ファイルが UTF-8 でも Shift_JIS (cp932) でもありません。"
        "ファイル全体を「CSV UTF-8」で保存し直してください",
        "is not in one encoding: this cell is not UTF-8 while other rows are, or the file is "
        "neither UTF-8 nor Shift_JIS (cp932); save the whole file as 'CSV UTF-8'",
    ),
    "err_empty_file": (
        "空のファイルです（見出しの行が必要です）",
        "is empty (expected a header row)",
    ),
    "err_too_many_cells": (
        "セルが {n} 個あり、見出しより多くなっています",
        "has {n} cells, more than the header",
    ),
    "err_not_csv": ("正しい CSV ではありません", "is not valid CSV"),
    "err_not_xlsx": ("正しい .xlsx ブックではありません", "is not a valid .xlsx workbook"),
    "err_damaged_sheet": (
        "壊れています（読めないシートがあります）",
        "is damaged: a sheet cannot be read",
    ),
    "err_unpacks": (
        "展開すると {size} になり、ブックの上限（{total} MB、シートごとに {part} MB）を"
        "超えます。シートを CSV ファイルとして保存してください",
        "unpacks to {size}, more than a workbook may hold ({total} MB, {part} MB per sheet); "
        "save the sheets as CSV files",
    ),
    "err_same_sheets": (
        "「{name}」にあたる表示中のシートが {n} 枚あります: {sheets}",
        "has {n} visible sheets named '{name}': {sheets}",
    ),
    "err_hidden_sheet": (
        "シート「{name}」が非表示です。読み込む内容と見える内容が同じになるよう、"
        "Excel で再表示してください",
        "its sheet '{name}' is hidden; show it in Excel (再表示) so that what is read is "
        "what you see",
    ),
    "err_many_cells": (
        "入力済みのセルが {limit} 個を超えています。シートを CSV ファイルとして保存してください",
        "has more than {limit} filled cells; save the sheets as CSV files",
    ),
    "err_sheet_span": (
        "{rows} 行 × {columns} 列あり、{limit} セルを超えています。"
        "表のずっと下にある不要なセルを消してください",
        "spans {rows} rows × {columns} columns, more than {limit} cells; remove stray cells "
        "far below the table",
    ),
    "err_no_sheet": (
        "シート「{name}」がありません（{also} という名前でも可）。見つかったシート: {found}",
        "has no sheet '{name}' (also accepted: {also}); sheets found: {found}",
    ),
    "err_missing_file": (
        "フォルダー「{folder}」にありません（ネットワークのフォルダーには nodes.csv と "
        "supports.csv が必要です）",
        "missing in folder '{folder}' (a network folder holds nodes.csv and supports.csv)",
    ),
    "err_not_found": ("存在しません", "does not exist"),
    "err_not_network": (
        "nodes.csv と supports.csv の入ったフォルダー、または .xlsx ブックを指定してください",
        "expected a folder holding nodes.csv and supports.csv, or an .xlsx workbook",
    ),
    "err_stray": ("見出しのない列に値があります", "a value in a column without a header"),
    "err_duplicate_column": ("列「{column}」が重複しています", "duplicate column '{column}'"),
    "err_duplicate_column_hidden": ("列が重複しています", "duplicate column"),
    "err_missing_column": (
        "必須の列「{name}」がありません（{also} という見出しでも可）",
        "missing required column '{name}' (also accepted: {also})",
    ),
    "err_unknown_code_suggest": (
        "{name}「{value}」は使えません。「{suggestion}」のことですか？（使える値: {options}）",
        "unknown {name} '{value}' (did you mean '{suggestion}'? expected one of: {options})",
    ),
    "err_unknown_code_hidden": (
        "使えない{name}です（使える値: {options}）",
        "unknown {name} (expected one of: {options})",
    ),
    "err_expected": (
        "{expected}が必要です（「{value}」は読めません）",
        "expected {expected}, found '{value}'",
    ),
    "err_expected_hidden": ("{expected}が必要です", "expected {expected}"),
    "expect_date": (
        "日付（2021-04-01、2021/4/1、令和3年4月1日、R3/4/1、H31.4.1、Excel の日付セル）",
        "a date such as 2021-04-01, 2021/4/1, 令和3年4月1日, R3/4/1, H31.4.1 or an Excel date cell",
    ),
    "expect_capacity": ("0〜1,000,000 の整数", "a whole number 0–1,000,000"),
    "expect_lsns6": ("LSNS-6 の点数（0〜30 の整数）", "an LSNS-6 score (a whole number 0–30)"),
    "relation": ("関係", "relation"),
    "formality": ("形態", "formality"),
    "frequency": ("頻度", "frequency"),
    "err_unknown_domain": (
        "分野コードが不明です（使える分野は tsunagari domains で一覧できます。"
        "複数のときは {separators} で区切ります）",
        "an unknown domain code (tsunagari domains lists the codes; separate several with "
        "{separators})",
    ),
    "err_unknown_domains": (
        "不明な分野コードが {n} 個あります（使える分野は tsunagari domains で一覧できます。"
        "複数のときは {separators} で区切ります）",
        "{n} unknown domain codes (tsunagari domains lists the codes; separate several with "
        "{separators})",
    ),
    "err_unknown_domain_suggest": (
        "分野コード「{value}」は不明です。「{suggestion}」のことですか？"
        "（使える分野は tsunagari domains で一覧できます）",
        "unknown domain code '{value}' (did you mean '{suggestion}'? tsunagari domains lists "
        "the codes)",
    ),
    "err_empty_id": ("ID が空です", "empty id"),
    "err_control_id": (
        "ID に制御文字（タブ、改行、エスケープ）は使えません",
        "an id may not hold control characters (tabs, line breaks, escapes)",
    ),
    "err_duplicate_id": (
        "ID が重複しています（最初は {row} 行目）",
        "duplicate id (first at row {row})",
    ),
    "err_empty_name": ("名前が空です", "empty name"),
    "err_empty_kind": ("種別が空です", "empty kind"),
    "err_empty_end": ("ノード ID が空です", "empty node id"),
    "err_dangling": (
        "ノード ID がありません（ノードの ID 列にない ID です）",
        "unknown node id (not in the nodes' id column)",
    ),
    "err_self_loop": ("自分自身への支援になっています", "support from a node to itself"),
    "err_collaboration_resident": (
        "連携 (collaboration) は二つの組織を結ぶものです。住民とのつながりには"
        "支援 (support) を使ってください",
        "a collaboration (連携) links two organisations, not a resident; use 'support' for a "
        "tie to a resident",
    ),
    "err_until_before_since": (
        "終了日が開始日 (since) より後になっていません",
        "the end date is not after the start date 'since'",
    ),
    "err_empty_domain_code": ("分野コードが空です", "empty domain code"),
    "err_sensitivity": (
        "機微度「{value}」は使えません（使える値: {options}）",
        "unknown sensitivity '{value}' (expected one of: {options})",
    ),
    # ---- warnings: the network loads, but something looks wrong (counts, rows, cells only)
    "warning": ("注意", "Warning"),
    "rows_in": ("{path} の {rows} 行目", "{path}, rows {rows}"),
    "cells_in": ("{path} のセル {cells}", "{path}, cells {cells}"),
    "warn_reversed": (
        "住民から機関への支援が {n} 件あります（{where}）。支援元 (source) と支援先 (target) が"
        "逆ではありませんか",
        "{n} supports run from a resident to an agency ({where}): are source and target swapped?",
    ),
    "warn_future": (
        "開始日 (since) が今日より後の支援が {n} 件あります（{where}）。今日はまだ有効では"
        "ありません",
        "{n} supports start after today ({where}): they are not active yet",
    ),
    "warn_districts": (
        "地区の表記が {n} 通りありますが、末尾の「地区」「町」「区」や全角・半角だけが"
        "違います（{where}）。別の地区として数えています",
        "{n} spellings of a district differ only by a suffix (地区, 町, 区) or by character "
        "width ({where}); they count as different districts",
    ),
    "warn_formula": (
        "計算結果が保存されていない数式のセルが {n} 個あり、空として読みました（{where}）。"
        "Excel で開いて保存し直すと結果が保存されます",
        "{n} formula cells hold no saved result and were read as empty ({where}); open and "
        "save the workbook in Excel to store the results",
    ),
}


@dataclass(frozen=True)
class Message:
    """A text of the catalogue with its values, written in whichever language is asked:
    errors carry one, so the command line shows them in the user's language. ``str()``
    gives the English.

    Examples
    --------
    >>> m = message("err_unknown_node", id="r-999")
    >>> m.text("ja"), str(m)
    ("ノード ID 'r-999' はありません", "unknown node id 'r-999'")
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        """The text in ``lang``; a value that is itself a Message is written in ``lang`` too."""
        values = {k: v.text(lang) if isinstance(v, Message) else v for k, v in self.values}
        return word(self.key, lang, **values)

    def __str__(self) -> str:
        return self.text("en")


def message(key: str, **values: object) -> Message:
    """The :class:`Message` of catalogue key ``key`` with ``values`` (checked at once)."""
    if key not in WORDS:
        raise KeyError(key)
    return Message(key, tuple(values.items()))


def error_text(exc: BaseException, lang: str) -> list[str]:
    """The lines that say what went wrong, in ``lang``: one per located problem of an
    :class:`~tsunagari.InputError` (file, row, column first), else the error's message."""
    from .errors import InputError

    if not isinstance(exc, InputError):
        said = exc.args[0] if exc.args else ""
        return [said.text(lang) if isinstance(said, Message) else str(said)]
    lines = []
    for p in exc.problems:
        where = [p.path]
        if p.row is not None:
            where.append(word("at_row", lang, row=p.row))
        if p.column is not None:
            where.append(word("at_column", lang, column=p.column))
        said = p.message.text(lang) if isinstance(p.message, Message) else str(p.message)
        lines.append(f"{word('comma', lang).join(where)}{word('colon', lang)}{said}")
    return lines


def _index(lang: str) -> int:
    if lang not in LANGS:
        from .errors import TsunagariError

        raise TsunagariError(f"lang: expected ja or en, got '{lang}'")
    return LANGS.index(lang)


def word(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (``ja`` or ``en``), a template filled with ``values``.

    Examples
    --------
    >>> word("view_focus", "ja", name="Aさん", radius=2)
    'Aさん の周り（2 段階）'
    """
    text = WORDS[key][_index(lang)]
    return text.format(**values) if values else text


def words(lang: str) -> dict[str, str]:
    """Every text of ``lang``, by key (templates unfilled)."""
    i = _index(lang)
    return {key: pair[i] for key, pair in WORDS.items()}


def header(column: str, lang: str) -> str:
    """The heading of a table column: a status count is named by its status label.

    Examples
    --------
    >>> [header(c, "en") for c in ("district", "uncovered", "isolated")]
    ['district', 'uncovered', 'isolated']
    """
    for table in (NEED_STATUSES, STATUSES):
        if column in table:
            return label(table, column, lang)
    return word(column, lang)
