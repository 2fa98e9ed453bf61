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

__all__ = [
    "LANGS",
    "NOTES",
    "WORDS",
    "Message",
    "error_text",
    "header",
    "message",
    "note",
    "word",
    "words",
]

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
        "地区をクリックすると、その地区の住民が開きます。人をクリックすると、公的な支援網"
        "（機関）までの糸が太く表示され、一本の糸の要が赤い枠で示されます。ダブルクリック"
        "（または Enter）でその人の周りを開きます。矢印キーで次の人へ、/ で検索、"
        "Esc で選択を解除。",
        "Click a district to open its residents. Click a person: her threads to the formal "
        "net (the agencies) are drawn bold, and her single points get a red ring. "
        "Double-click (or Enter) opens her neighbourhood. Arrow keys step to the next person, "
        "/ searches, Esc lets go.",
    ),
    "self": ("本人", "the person"),
    "ties_merged": ("支援の件数", "ties"),
    "block_isolated": ("孤立している住民", "isolated residents"),
    "block_unreached": ("機関につながっていない住民", "residents no agency reaches"),
    "crumb_city": ("市全体", "whole city"),
    "crumbs": ("表示中の場所", "where you are"),
    "page_prev": ("前のページ", "previous page"),
    "page_next": ("次のページ", "next page"),
    "page_of": ("{page} / {pages} ページ", "page {page} of {pages}"),
    "off_map": ("（この図の外）", " (not in this view)"),
    "open_person": ("この人の周りを開く", "open the neighbourhood"),
    "whatif_button": ("いなくなったら（もしも）", "what if it were gone"),
    "whatif_undo": ("元に戻す", "restore"),
    "whatif_title": ("もしも {name} がいなくなったら", "What if {name} were gone"),
    "whatif_summary": (
        "機関から切れる住民 {cut} 人、重なり合いから一本の糸になる住民 {thinner} 人、"
        "ほかに状態が悪くなる住民 {other} 人",
        "{cut} residents cut off from the agencies, {thinner} from overlapping to a single "
        "thread, {other} others worse off",
    ),
    "whatif_none": ("状態が変わる住民はいません", "no resident's status changes"),
    "more_listed": ("ほか {n} 人", "and {n} more"),
    "save_png": ("画像を保存（PNG）", "save as PNG"),
    "shown": ("表示中", "shown"),
    "reset": ("すべて表示", "show all"),
    "threads": ("公的な支援網までの糸", "Threads to the formal net"),
    "no_thread": ("機関につながる糸がない", "no thread reaches an agency"),
    "is_root": ("公的な支援網（根）", "part of the formal net (a root)"),
    "node_heading": ("{name}（{id}）", "{name} ({id})"),
    "people": ("人", ""),
    "services": ("分野", "services"),
    "residents": ("住民", "residents"),
    "ended": ("終了", "ended"),
    "not_started": ("開始前", "not started"),
    "view_full": ("全体", "whole network"),
    # a view as the map command reports it (English: the --view code)
    "view_name_full": ("全体", "full"),
    "view_name_focus": ("周り", "focus"),
    "view_name_district": ("地区", "district"),
    "view_name_at_risk": ("支援網が薄い住民", "at_risk"),
    "view_name_overview": ("市全体の概観", "overview"),
    # a timeline's period (English: the --every code)
    "period_year": ("年", "year"),
    "period_fiscal-year": ("年度", "fiscal-year"),
    "period_month": ("月", "month"),
    # ---- progress bars on a terminal (steps, files and counts only: never a name or need)
    "progress_reading": ("{file} を読み込み中", "reading {file}"),
    "progress_checking": ("{file} を確認中", "checking {file}"),
    "progress_statuses": ("{n} ノードの状態", "statuses of {n} nodes"),
    "progress_layout": ("{n} ノードの配置", "layout of {n} nodes"),
    "progress_map": (
        "地図（{view}）: ノード、つながり、配置",
        "{view} map: nodes, ties and layout",
    ),
    "progress_map_page": ("地図（{view}）: {n} ノードのページ", "{view} map: page of {n} nodes"),
    "progress_whatif": (
        "もしも: {removed} 件を除き、{ended} 件を終える",
        "what-if: {removed} removed, {ended} ended",
    ),
    "progress_impact": ("支援者ごとのもしも", "what-if without each supporter"),
    "progress_plan": ("新しいつながり {n} 本の計画", "plan of {n} new links"),
    "progress_suggestions": ("つながりの提案", "suggestions"),
    "progress_export": ("{to} に書き出し中", "export to {to}"),
    "progress_critical": ("要の支援者", "critical supporters"),
    "progress_gaps": ("地区 × 分野ごとの支援の空白", "gaps by district and domain"),
    "progress_timeline": ("推移: {n} 期間（{every}）", "timeline: {n} {every}s"),
    "progress_generating": ("住民 {n} 人のまちを作成中", "generating {n} residents"),
    "progress_generating_step": ("{title}: {step}", "{title}: {step}"),
    "progress_step_residents": ("住民と世帯", "residents and households"),
    "progress_step_needs": ("ニーズ", "needs"),
    "progress_step_organisations": ("組織", "organisations"),
    "progress_step_supports": ("支援のつながり", "support ties"),
    "progress_step_collaborations": ("連携", "collaborations"),
    "progress_step_tables": ("表", "tables"),
    "progress_writing": ("{file} を書き出し中", "writing {file}"),
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
    # command-line help (--help, in the language of --lang or the locale)
    "help_limit": ("表示する行数の上限（0 = すべて）。", "Show at most this many rows (0 = all)."),
    "help_pairs": (
        "--format csv のとき: 分野の組の表を出力します。",
        "With --format csv: the domain pairs table.",
    ),
    "help_gaps_limit": (
        "地区 × 分野の表の行数（0 = すべて）。",
        "Table rows of district × domain (0 = all).",
    ),
    "help_remove": (
        "なくなるノードの ID（繰り返し指定できます）。",
        "Id of a node that disappears (repeat).",
    ),
    "help_end": (
        "終わる有効なつながりの 支援元:支援先（繰り返し指定できます）。",
        "SOURCE:TARGET of an active tie that ends (repeat).",
    ),
    "help_resident": ("この住民だけ。", "Only this resident."),
    "help_suggest_limit": (
        "住民一人あたりの提案数（0 = すべて）。",
        "Suggestions per resident (0 = all).",
    ),
    "help_plan": (
        "代わりに: 市全体で K 本の新しいつながりの計画（貪欲法）。",
        "Instead: a city-wide greedy plan of K new links.",
    ),
    "help_every": (
        "1 年ごと、1 年度ごと（4 月〜3 月）、または 1 か月ごとに 1 行。",
        "One row per year, per fiscal year (April to March) or per month.",
    ),
    "help_app": (
        "つながり — 地域の支援のつながりを地図にし、支援網が支えきれていない人を見つけます。",
        "つながり — map a town's web of support and find who the safety net does not hold.",
    ),
    "help_data": (
        "ネットワークのフォルダ（nodes.csv と supports.csv）か .xlsx ブック。省略時は同梱の架空"
        "の伊賀市サンプル。",
        "Network folder (nodes.csv + supports.csv) or .xlsx workbook. Default: the bundled "
        "fictional Iga sample.",
    ),
    "help_as_of": (
        "支援を有効とみなす基準日（2021-04-01、令和3年4月1日。省略時は今日）。",
        "Day on which supports count (2021-04-01, 令和3年4月1日; default today).",
    ),
    "help_format": (
        "table は人が読む表、csv と json はプログラム向け。",
        "table for people; csv or json for machines.",
    ),
    "help_lang": (
        "表示の言語（省略時はロケールから）。",
        "Label language (default from the locale).",
    ),
    "help_vocabulary": (
        "組み込みの分野に加える分野の CSV。",
        "A domains CSV extending the built-in domains.",
    ),
    "help_debug": (
        "エラーのときにトレースバックを表示します（ID のみ）。",
        "Show a traceback (ids only) on errors.",
    ),
    "help_roots": (
        "公的な支援網（根）とする種別やノード ID（コンマ区切り）。",
        "Comma list of kinds and/or node ids forming the formal net.",
    ),
    "help_anonymize": (
        "住民を仮名にし、要配慮のニーズを隠します。",
        "Pseudonyms for residents; hide 要配慮 needs.",
    ),
    "help_salt": ("仮名を毎回同じにするための秘密の文字列。", "Secret for stable pseudonyms."),
    "help_lsns": (
        "LSNS-6 がこの値未満なら孤立のおそれありとします。",
        "LSNS-6 below this is at risk.",
    ),
    "help_force": (
        "既存の出力ファイルを置き換えます（入力ファイルは置き換えません）。",
        "Replace an existing output file (never one of the inputs).",
    ),
    "help_quiet": (
        "エラー以外を標準エラーに出しません（進行状況も出しません）。",
        "Nothing on stderr but errors (no progress bar on a terminal).",
    ),
    "help_to": ("gexf/graphml（Gephi）、xlsx、json。", "gexf/graphml (Gephi), xlsx, json."),
    "help_output": ("書き出すファイル。", "File to write."),
    "help_folder": ("書き出すフォルダ。", "Folder to write into."),
    "help_residents": ("住民の数（伊賀市: 86,976）。", "Number of residents (Iga: 86,976)."),
    "help_seed": ("乱数の種。同じ種なら同じまち。", "Random seed; same seed, same city."),
    "help_mutual_aid": (
        "約 50 人の近所どうしで双方向に助け合う輪にいる住民の割合（0〜1。輪は一つの網につながり"
        "ます）。省略時は 0。",
        "Share of residents (0-1) in circles of ~50 neighbours who help each other both ways, "
        "linked into one web (a lively community). Default 0.",
    ),
    "help_force_folder": ("空でないフォルダにも書き出します。", "Write into a non-empty folder."),
    "help_html": (
        "書き出す HTML ファイル（入力ファイルには書きません）。",
        "HTML file to write (never one of the inputs).",
    ),
    "help_anonymize_page": (
        "住民を仮名にし、要配慮のニーズと自由記述を隠します。",
        "Pseudonyms for residents; hide 要配慮 needs and free text.",
    ),
    "help_focus": ("中心にする人や組織の ID。", "Id of a person or organisation to centre on."),
    "help_radius": ("--focus の周りに表示する段階の数。", "Steps around --focus to show."),
    "help_district": ("この地区だけ。", "Only this district."),
    "help_at_risk": (
        "支援網が薄い住民と、その支援者と機関。",
        "Residents at risk, their supporters and the agencies.",
    ),
    "help_overview": (
        "住民を地区ごとに集計します（2,000 ノードを超えるときの既定）。",
        "Residents counted per district (the default above 2,000 nodes).",
    ),
    "help_show_ended": (
        "終了した支援を隠さず薄く描きます。",
        "Draw ended supports faded instead of hiding them.",
    ),
    "help_report_limit": ("レポートの各表の最大行数。", "Most rows in each table of the report."),
    "help_report_overview": ("市全体の概観の地図を載せます。", "Embed the city overview map."),
    "help_status": (
        "isolated、unreached、single_thread、overlapping のコンマ区切り、または all。",
        "Comma list of isolated, unreached, single_thread, overlapping, or all.",
    ),
    "help_cmd_critical": (
        "失うと住民が公的な支援から切れる支援者を、頼る住民の多い順に。",
        "Supporters whose loss would cut residents off, ranked by dependents.",
    ),
    "help_cmd_gaps": (
        "重なり合いで支えられていないニーズ（地区 × 分野）と、横の糸がつながっていない分野。",
        "Needs not held, by district × domain, and fields no horizontal thread joins.",
    ),
    "help_cmd_whatif": (
        "ノードやつながりを失ったときの状態と、状態が変わるすべての住民。",
        "Statuses after losing nodes or ties, and every resident whose status changed.",
    ),
    "help_cmd_suggest": (
        "一本の糸を重なり合いに変える新しいつながり（それぞれ確かめ済み）。",
        "New ties that would turn single threads into overlaps, each verified.",
    ),
    "help_cmd_timeline": (
        "各年（または各月）の終わりのネットワーク: 規模、状態、面（閉路）。",
        "The network at the end of each year (or month): size, statuses, cycles (面).",
    ),
    "help_cmd_export": (
        "ネットワークと分析結果を Gephi・Excel などのために書き出します。",
        "Export the network and its analysis for Gephi, Excel or other tools.",
    ),
    "help_cmd_generate": (
        "伊賀市に似た架空のまちを書き出します（デモ・ベンチマーク用。全行に架空の印）。",
        "Write a synthetic Iga-like city (every row tagged synthetic) for demos and benchmarks.",
    ),
    "help_cmd_map": (
        "ネットワークを操作できる地図にします: オフラインで開ける HTML ファイル一つ。",
        "Draw the network as an interactive map: one HTML file that works offline.",
    ),
    "help_cmd_report": (
        "支援会議のための一枚の HTML: 数字、支援網が薄い人、地図。",
        "One self-contained HTML page for a support meeting: numbers, risks, the map.",
    ),
    "help_cmd_check": (
        "ネットワークを検証し、すべての問題を一覧にします（ファイル、行、列、値）。"
        "読み込めても気になる点（住民から機関への支援、今日より後の開始日、"
        "表記の違う同じ地区、結果の保存されていない数式）は注意として示します。",
        "Validate a network and list every problem (file, row, column, value), then what "
        "looks wrong but loads (warnings: a support from a resident to an agency, a start "
        "date after today, one district spelt two ways, formula cells without a saved result).",
    ),
    "help_cmd_isolated": (
        "重なり合う支援網が支えきれていない住民を、重い順に理由とともに。",
        "Residents the overlapping safety net does not hold, worst first, with the reason.",
    ),
    "help_version": ("tsunagari の版を表示して終わります。", "Show tsunagari's version and exit."),
    "help_table_output": (
        "表を画面ではなくこのファイルに書き出します（既存のファイルは --force なしでは置き換え"
        "ず、入力ファイルには書きません）。",
        "Write the table to this file instead of stdout (atomically; never over an existing "
        "file without --force, never over an input).",
    ),
    "help_excel": (
        "--format csv のとき: Excel 向け。BOM 付き UTF-8 で、--lang ja なら見出しと値をコードで"
        "はなく日本語（孤立、高齢・介護）にします。",
        "With --format csv: for Excel. UTF-8 with a byte order mark, and with --lang ja Japanes"
        "e headers and labels (孤立, 高齢・介護) instead of codes.",
    ),
    "help_encoding": (
        "--format csv のとき: utf-8、または古い Excel 向けの cp932（Shift_JIS）。cp932 で書けな"
        "い文字は行と列を示すエラーになり、何も書き出しません。",
        "With --format csv: utf-8, or cp932 (Shift_JIS) for old Excel. A character cp932 "
        "cannot hold is an error naming its row and column; nothing is written.",
    ),
    "help_cmd_template": (
        "記入用の空のブックを書き出します。check はそのまま受け付けます。\n\nシート nodes、supp"
        "orts、domains、説明。日本語の見出しにそれぞれ注記、コードはドロップダウン、架空の記入"
        "例つき。",
        "Write a blank workbook to fill in, which check accepts as it is.\n\nSheets nodes, supp"
        "orts, domains and 説明; Japanese headings with a note each, dropdowns\nfor codes, fict"
        "ional example rows.",
    ),
    "help_xlsx_output": ("書き出すファイル（.xlsx）。", "File to write (.xlsx)."),
    "help_template_lang": (
        "ja: 日本語の見出し（既定）、en: 列のコード。",
        "ja: Japanese headings (default); en: column codes.",
    ),
    "help_cmd_domains": (
        "ファイルで使える支援の分野: コード、日本語、英語、情報の区分。\n\nニーズ、担える分野、"
        "支援の分野にはコードかどちらかの名前を書けます。--vocabulary で自分のファイルの分野を"
        "加えたり名前を変えたりできます。",
        "The support domains files may name: code, 日本語, English, sensitivity.\n\nNeeds, serv"
        "ices and a support's domain take a code or either label; --vocabulary adds\nor relabel"
        "s domains from your file.",
    ),
    "err_cp932_cell": (
        "CSV の {row} 行目、列「{column}」: セルの {at} 文字目は cp932（Shift_JIS）で書けません"
        "。何も書き出していません。--encoding cp932 を付けずに --excel を使ってください（BOM 付"
        "き UTF-8。Excel でも開けます）",
        "CSV row {row}, column '{column}': character {at} of the cell cannot be written in "
        "cp932 (Shift_JIS); nothing was written. Use --excel without --encoding cp932 (UTF-8 "
        "with a byte order mark, which Excel opens too)",
    ),
    "err_cp932": (
        "CSV を cp932（Shift_JIS）で書けません",
        "the CSV cannot be written in cp932 (Shift_JIS)",
    ),
    "err_excel_csv_only": (
        "--excel と --encoding は --format csv のときだけ使えます",
        "--excel and --encoding apply to --format csv only",
    ),
    "wrote": ("{path} を書き出しました", "Wrote {path}"),
    "wrote_city": (
        "架空のまち（住民 {residents} 人）を {folder} に書き出しました",
        "Wrote a synthetic city of {residents} residents to {folder}",
    ),
    "map_written": (
        "{output}: {view}、ノード {nodes}、つながり {edges}",
        "{output}: {view}, {nodes} nodes, {edges} ties",
    ),
    "check_ok": (
        "OK: ノード {nodes}{kinds}、支援 {supports}。",
        "OK: {nodes} nodes{kinds}, {supports} supports.",
    ),
    "kinds_counted": ("（{each}）", " ({each})"),
    "kind_count": ("{kind} {n}", "{n} {kind}"),
    # errors: where, and what
    "error": ("エラー", "Error"),
    "problems_found": (
        "{n} 件の問題が見つかりました。何も読み込んでいません。",
        "{n} problems found; nothing was loaded.",
    ),
    "at_row": ("{row} 行目", "row {row}"),
    "at_column": ("列「{column}」", "column '{column}'"),
    "err_unknown_node": ("ノード ID '{id}' はありません", "unknown node id '{id}'"),
    "err_ambiguous_name": (
        "その名前のノードが複数あります（{ids}）。ID で指定してください",
        "several nodes have that name ({ids}); give the id",
    ),
    "err_no_node": ("その ID や名前のノードはありません", "no node has that id or name"),
    "err_unknown_resident": ("住民 ID '{id}' はありません", "unknown resident id '{id}'"),
    "err_lang": (
        "lang: ja か en を指定してください（'{given}' でした）",
        "lang: expected ja or en, got '{given}'",
    ),
    "err_output_is_input": (
        "入力ファイルの一つです。別の出力先を指定してください",
        "is one of the input files; choose another output",
    ),
    "err_output_is_folder": (
        "フォルダです。ファイル名を指定してください",
        "is a folder; give a file name",
    ),
    "err_output_no_folder": ("保存先のフォルダがありません", "its folder does not exist"),
    "err_output_exists": (
        "すでにあります。置き換えるには --force を付けてください",
        "exists; use --force to replace it",
    ),
    "err_output_cannot": ("書き込めません（{reason}）", "cannot be written ({reason})"),
    "err_output_loop": (
        "書き込めません（自分自身を指すリンクです）",
        "cannot be written (a link that points to itself)",
    ),
    "err_not_empty": (
        "{folder} は空ではありません。空のフォルダを選ぶか --force を付けてください",
        "{folder} is not empty; choose an empty folder or use --force",
    ),
    "err_not_a_folder": (
        "{folder} はフォルダではありません",
        "{folder} exists and is not a folder",
    ),
    "err_pseudonym_collision": (
        "二人の住民の仮名が同じになります（または組織の ID と同じになります）。"
        "別の --salt を指定してください",
        "two residents would share a pseudonym (or one equals an organisation's id); "
        "give another --salt",
    ),
    "err_salt_empty": (
        "--salt が空です。秘密の文字列を指定するか、オプションを外してください",
        "--salt is empty; give a secret, or leave the option out",
    ),
    "err_salt_file_empty": (
        "salt.txt が空です。秘密の文字列を書くか、ファイルを削除してください",
        "salt.txt is empty; write a secret in it, or delete it",
    ),
    "err_export_format": (
        "出力形式 '{to}' はありません（使えるもの: {options}）",
        "unknown export format '{to}' (expected one of: {options})",
    ),
    "err_xlsx_rows": (
        "シート「{sheet}」は {rows:,} 行になり、Excel の上限 {limit:,} 行を超えます。"
        "CSV で出力してください（例: isolated --format csv --excel -o 支援網が薄い住民.csv）",
        "sheet '{sheet}' would have {rows:,} rows, more than Excel's {limit:,}; "
        "write it as CSV instead (for example isolated --format csv --excel -o at_risk.csv)",
    ),
    "err_view": (
        "view: {options} のどれかを指定してください（'{view}' でした）",
        "view: expected one of {options}, got '{view}'",
    ),
    "err_view_focus": (
        "view 'focus' には中心にするノードの ID が必要です",
        "view 'focus' needs the id of the node to focus on",
    ),
    "err_view_district": (
        "view 'district' には地区の指定が必要です",
        "view 'district' needs the district to show",
    ),
    "err_view_focus_and": (
        "中心を決めた地図は、地区や支援網が薄い住民に絞れません",
        "a focused map cannot also be limited to a district or to at-risk residents",
    ),
    "err_view_overview": (
        "市全体の概観は市全域を示します。地区と支援網が薄い住民の指定を外してください",
        "the overview shows the whole city; leave out district and at-risk",
    ),
    "err_focus": ("focus: ID '{id}' のノードはありません", "focus: no node has the id '{id}'"),
    "err_radius": (
        "radius: 0 以上の整数を指定してください（{radius} でした）",
        "radius: expected a whole number ≥ 0, got {radius}",
    ),
    "err_page": (
        "ページ {page} はありません（全 {pages} ページ）",
        "page: there is no page {page} (pages: {pages})",
    ),
    "err_full_too_big": (
        "全体図は {limit:,} ノードまでです（このネットワークは {nodes:,} ノード）。"
        "概観（既定）か --district、--focus を使ってください",
        "view: the whole network is drawn up to {limit:,} nodes (this one has {nodes:,}); "
        "open the overview (the default), a --district or a --focus",
    ),
    "err_district": (
        "地区 '{district}' のノードはありません（地区: {known}）",
        "district: no node is in district '{district}' (districts: {known})",
    ),
    "err_as_of": (
        "--as-of: '{as_of}' は日付ではありません（例: 2021-04-01、令和3年4月1日）",
        "--as-of: '{as_of}' is not a date (expected e.g. 2021-04-01 or 令和3年4月1日)",
    ),
    "err_end_pair": (
        "--end: '{item}' は 支援元:支援先 の形ではありません",
        "--end: '{item}' is not SOURCE:TARGET",
    ),
    "err_nothing_removed": (
        "なくなるものがありません。--remove ID か --end 支援元:支援先 を指定してください",
        "nothing to remove: give --remove ID and/or --end SOURCE:TARGET",
    ),
    "err_resident_root": (
        "住民は公的な支援網の根になれません",
        "residents cannot be roots of the formal safety net",
    ),
    "err_unknown_root": (
        "根 '{root}' がありません（種別かノード ID を指定してください）",
        "unknown root: '{root}' (expected a kind or a node id)",
    ),
    "err_no_tie": (
        "{day} に '{source}' から '{target}' への有効なつながりはありません",
        "no active tie from '{source}' to '{target}' on {day}",
    ),
    "err_period": (
        "期間 '{every}' はありません（使えるもの: {options}）",
        "unknown period '{every}' (expected one of: {options})",
    ),
    "err_too_many_periods": (
        "timeline: 最も早い開始日 {start} からだと {count} 期間（{every}）になります"
        "（最大 {most}）。supports の 'since' 列のその日付を確かめてください",
        "timeline: the earliest start date, {start}, makes {count} {every}s (at most {most}); "
        "check that date in the supports' 'since' column",
    ),
    "err_unknown_status": (
        "状態 '{status}' はありません（使えるもの: {options}、all）",
        "unknown status '{status}' (expected: {options} or all)",
    ),
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

        raise TsunagariError(message("err_lang", given=lang))
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
