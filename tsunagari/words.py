"""Every word tsunagari shows people, in Japanese and English, keyed by concept.

One catalogue, so that one concept has one name: a supporter's *dependents* are 頼る住民 in
every table, tooltip and note, a resident's *single points* are 一本の糸の要. The terms are
fixed in ``docs/glossary.md``. Labels of controlled codes (kinds, statuses, relations,
domains) live in :mod:`tsunagari.vocabulary` and are not repeated here; :func:`header`
reads a status column's label from there.

Texts with ``{placeholders}`` are templates for :func:`word`'s keyword arguments; the
Japanese and the English text of one key take the same placeholders. Error messages are
not here yet (they are English, and will be translated as a whole).

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

from .vocabulary import NEED_STATUSES, STATUSES, label

__all__ = ["LANGS", "NOTES", "WORDS", "header", "note", "word", "words"]

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
    "supporter_name": ("つなぐ先の名前", "supporter's name"),
    "need": ("ニーズ（今）", "need now"),
    "need_after": ("ニーズ（つないだ後）", "need after"),
    "room": ("空き", "room"),
    "step": ("#", "#"),
    "fixed": ("重なり合いになる人", "now overlapping"),
    "fixed_count": ("重なり合いになる人数", "number now overlapping"),
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
    # ---- spreadsheets: the workbook's legend, the input template, the list of domains
    "sheet": ("シート", "sheet"),
    "column": ("列", "column"),
    "meaning": ("内容", "meaning"),
    "explanations": ("説明", "about"),
    "template_intro": (
        "支援のつながりを記入する台帳です。nodes に住民・支援者を1行ずつ、supports に"
        "「誰が誰を支えているか」を1行ずつ書きます。見出しのメモに各列の書き方があります。"
        "例の行は架空です。消してから記入してください。",
        "A register of who supports whom. Write one row per resident or supporter in nodes, "
        "one row per support in supports; each heading's note says what goes there. The "
        "example rows are fictional: delete them before filling in.",
    ),
    "template_check": (
        "記入したら tsunagari check で確かめられます（誤りは行と列で示されます）。",
        "tsunagari check verifies the filled-in file (every problem named by row and column).",
    ),
    "example_centre": ("（例）地域包括支援センター", "(example) community support centre"),
    "example_volunteer": ("（例）民生委員", "(example) welfare volunteer"),
    "example_resident": ("（例）伊賀 はな", "(example) Hana Iga"),
    "example_district": ("（例）東地区", "(example) East"),
    "code": ("コード", "code"),
    "ja": ("日本語", "Japanese"),
    "en": ("英語", "English"),
    "sensitivity": ("情報の区分", "sensitivity"),
    # ---- punctuation that differs between the languages
    "colon": ("：", ": "),
    "comma": ("、", ", "),
}


# What a column holds, for the workbook's legend sheet and the notes on the template's
# headings: keyed by column, or by "sheet:column" where a sheet gives the column another
# meaning (see :func:`note`).
NOTES: dict[str, tuple[str, str]] = {
    # ---- the workbook of results
    "id": ("住民・支援者の ID", "the id of the resident or supporter"),
    "name": ("名前", "the name"),
    "district": ("地区（市全域 = 地区を限らない）", "the district (empty: city-wide)"),
    "status": (
        "孤立 / 未接続 / 一本の糸 / 重なり合い（重い順）",
        "isolated / unreached / single_thread / overlapping (worst first)",
    ),
    "supporters": ("直接支えている支援者の数", "how many supporters support them directly"),
    "single_points": (
        "失うと公的な支援網から切れる支援者（近い順）",
        "supporters whose loss would cut them off the formal net, nearest first",
    ),
    "needs": (
        "ニーズごとの状態（分野：状態、…）",
        "each need's status (domain:status;...)",
    ),
    "need_single_points": (
        "ニーズごとの一本の糸の要（分野：ID;ID、…）",
        "each need's single points (domain:id;id;...)",
    ),
    "lsns6": ("LSNS-6 の得点（0–30）", "the Lubben Social Network Scale-6 score (0-30)"),
    "lsns_at_risk": ("LSNS-6 が基準未満なら TRUE", "TRUE when LSNS-6 is below the threshold"),
    "kind": ("種別（住民・機関・企業など）", "the kind (resident, agency, company, ...)"),
    "dependents": (
        "この支援者を失うと公的な支援網から切れる住民の数",
        "residents who would lose every thread to the formal net without this supporter",
    ),
    "sole_supporter_of": (
        "この支援者だけが支えている住民の数",
        "residents this supporter alone supports",
    ),
    "capacity": ("受け入れられる上限の人数", "how many people it can support at once"),
    "load": ("いま支えている人・組織の数", "how many it supports now"),
    "domain": ("支援の分野", "the domain of support"),
    "in_need": ("この分野のニーズがある住民の数", "residents with a need in the domain"),
    "gaps_by_district:overlapping": (
        "そのうち重なり合いで支えられている数",
        "of them, held by overlapping threads",
    ),
    "gaps_by_district:single_thread": (
        "そのうち一本の糸でしか支えられていない数",
        "of them, held by a single thread",
    ),
    "gaps_by_district:unreached": (
        "そのうち公的な支援網につながらない支えだけの数",
        "of them, supported only by ties no agency reaches",
    ),
    "gaps_by_district:uncovered": ("そのうち支援がない数", "of them, with no support"),
    "providers": (
        "その地区または市全域でこの分野を担う支援者の数",
        "supporters in the district or city-wide offering the domain",
    ),
    "providers_with_room": (
        "そのうち受入上限に空きがある数",
        "of them, with room below their capacity",
    ),
    "domain_a": ("一つ目の分野", "the first domain"),
    "domain_b": ("二つ目の分野", "the second domain"),
    "providers_a": ("分野Aの提供者の数", "providers of domain A"),
    "providers_b": ("分野Bの提供者の数", "providers of domain B"),
    "linked": (
        "二つの分野の提供者が連携でつながっていれば TRUE",
        "TRUE when a collaboration links providers of the two domains",
    ),
    "domain_pairs:status": (
        "分野の間の糸: 重なり合い / 一本の糸 / つながりなし",
        "the threads between the fields: overlapping / single_thread / unlinked",
    ),
    "domain_pairs:single_points": (
        "二つの分野をつなぐ唯一の組織",
        "the organisations through which alone the two fields are joined",
    ),
    # ---- the template's input columns
    "nodes:id": ("重ならない ID（例: r-001）。必須", "a unique id (e.g. r-001). Required"),
    "nodes:name": ("名前または名称。必須", "the name. Required"),
    "nodes:kind": (
        "種別を一覧から選ぶ（住民、相談支援機関・行政、企業、NPO・団体、ボランティア、"
        "地域の場・会議）。必須",
        "choose the kind from the list (resident, agency, company, npo, volunteer, group). "
        "Required",
    ),
    "nodes:subtype": (
        "区分（自由記入: 地域包括支援センター、民生委員、こども食堂 など）",
        "free text: a community support centre, a welfare volunteer, a children's cafeteria ...",
    ),
    "nodes:district": ("地区。空欄 = 市全域", "the district; empty = city-wide"),
    "nodes:needs": (
        "住民のニーズの分野（一覧から選ぶか、; で区切って複数）",
        "a resident's needs: domains from the list, several separated by ;",
    ),
    "nodes:services": (
        "支援者が担える分野（一覧から選ぶか、; で区切って複数）",
        "the domains a supporter can cover, several separated by ;",
    ),
    "nodes:capacity": ("同時に支えられる上限の人数（整数）", "how many it can support at once"),
    "nodes:lsns6": ("住民の LSNS-6 得点（0–30 の整数）", "a resident's LSNS-6 score (0-30)"),
    "supports:source": ("支える側の ID（nodes の ID）。必須", "the supporter's id. Required"),
    "supports:target": (
        "支えられる側の ID（nodes の ID）。必須",
        "the supported one's id. Required",
    ),
    "supports:relation": (
        "支援（矢印の向きに支える）または連携（組織どうし）。空欄 = 支援",
        "support (source supports target) or collaboration (between organisations); "
        "empty = support",
    ),
    "supports:domain": (
        "この支援の分野（一覧から選ぶ）。空欄 = 分野を限らない支援",
        "the domain of this support (from the list); empty = general support",
    ),
    "supports:formality": (
        "フォーマル / セミフォーマル / インフォーマル。空欄 = 支える側の種別から",
        "formal / semi_formal / informal; empty = from the supporter's kind",
    ),
    "supports:frequency": ("毎日 / 毎週 / 毎月 / 毎年", "daily / weekly / monthly / yearly"),
    "supports:since": (
        "支援の開始日（2024-04-01、令和6年4月1日）。空欄 = 以前から",
        "the first day of the support (2024-04-01); empty = from before",
    ),
    "supports:until": (
        "支援の終了日（この日から無効）。空欄 = 続いている",
        "the day the support ends (no longer active from that day); empty = ongoing",
    ),
    "domains:code": ("分野のコード（英数字）", "the domain's code"),
    "domains:ja": ("日本語の名前", "its Japanese label"),
    "domains:en": ("英語の名前", "its English label"),
    "domains:sensitivity": (
        "情報の区分: public / internal / sensitive_high / youhairyo（要配慮個人情報）",
        "public / internal / sensitive_high / youhairyo (special-care personal information)",
    ),
}


def note(sheet: str, column: str, lang: str) -> str:
    """What ``column`` of ``sheet`` holds, in ``lang`` (a sheet's own meaning first).

    Examples
    --------
    >>> note("critical", "dependents", "en")
    'residents who would lose every thread to the formal net without this supporter'
    >>> note("domain_pairs", "status", "ja")
    '分野の間の糸: 重なり合い / 一本の糸 / つながりなし'
    """
    pair = NOTES.get(f"{sheet}:{column}") or NOTES[column]
    return pair[_index(lang)]


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
