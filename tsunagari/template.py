"""A blank register to fill in: the input workbook, ready for Excel.

``tsunagari template -o 台帳.xlsx`` writes the workbook a coordinator fills in and
``tsunagari check`` reads back unchanged:

* sheets ``nodes``, ``supports`` and ``domains`` — the names the reader looks for — and an
  explanations sheet (説明, ``about``) that the reader ignores;
* headings in Japanese (the aliases the reader accepts: ID, 名前, 種別, 支援元 ...) or, with
  ``lang="en"``, the column codes; the ``domains`` sheet keeps ``code, ja, en, sensitivity``,
  the columns a vocabulary has in either language;
* a note on every heading saying what goes there;
* dropdowns (list validation) for kind, relation, formality and frequency — Japanese labels,
  or in English the codes (the reader accepts labels and codes alike) — and for a domain,
  from the ``domains`` sheet (too many for an inline list); needs and services offer the
  same list but accept several domains separated by ``;``;
* three fictional example rows per sheet, and every domain of the vocabulary.

Same input, same bytes, like every workbook tsunagari writes.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .excel import stable_zip, widest
from .io import NODE_COLUMNS, SUPPORT_COLUMNS, write_atomic
from .vocabulary import (
    FORMALITIES,
    FREQUENCIES,
    KINDS,
    RELATIONS,
    SENSITIVITIES,
    Vocabulary,
    builtin_vocabulary,
    label,
)
from .words import note, word

__all__ = ["ROWS", "template_xlsx", "write_template"]

ROWS = 5_000  # rows below the heading that carry the dropdowns
_DOMAIN_COLUMNS = ("code", "ja", "en", "sensitivity")
# the column of the domains sheet a domain dropdown offers: Japanese labels, or the codes
_DROPDOWN_COLUMN = {"ja": "B", "en": "A"}
_LISTS = {"kind": KINDS, "relation": RELATIONS, "formality": FORMALITIES, "frequency": FREQUENCIES}


def _heading(column: str, aliases: dict[str, tuple[str, ...]], lang: str) -> str:
    """In Japanese the first alias the reader accepts (名前, ID, LSNS-6), else the code."""
    return aliases[column][0] if lang == "ja" and aliases[column] else column


def _spelt(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """A code as a person writes it: its label in Japanese, the code itself in English."""
    return label(table, code, lang) if lang == "ja" else code


# Fictional example rows, as codes; names and places are catalogue keys, and "" is empty.
# fmt: off
_EXAMPLES: dict[str, tuple[tuple[object, ...], ...]] = {
    "nodes": (  # id, name, kind, subtype, district, needs, services, capacity, lsns6
        ("ag-01", "example_centre", "agency", "example_centre", "", "", "elderly_care", 50, None),
        ("vol-01", "example_volunteer", "volunteer", "example_volunteer", "example_district", "",
         "watching_over", 10, None),
        ("r-001", "example_resident", "resident", "", "example_district",
         "elderly_care;watching_over", "", None, 10),
    ),
    "supports": (  # source, target, relation, domain, formality, frequency, since, until
        ("ag-01", "r-001", "support", "elderly_care", "formal", "monthly",
         dt.date(2024, 4, 1), None),
        ("vol-01", "r-001", "support", "watching_over", "semi_formal", "weekly",
         dt.date(2023, 10, 1), None),
        ("ag-01", "vol-01", "collaboration", "", "", "monthly", dt.date(2022, 4, 1), None),
    ),
}
# fmt: on
_WORDS = ("name", "subtype", "district")
_DOMAINS = ("needs", "services", "domain")


def _example(column: str, value: object, lang: str) -> object:
    """An example cell as a person writes it: labels in Japanese, codes in English."""
    if not isinstance(value, str) or not value:
        return value
    if column in _LISTS:
        return _spelt(_LISTS[column], value, lang)
    if column in _WORDS:
        return word(value, lang)
    if column in _DOMAINS:
        v = builtin_vocabulary()
        return ";".join(v.label(c, lang) if lang == "ja" else c for c in value.split(";"))
    return value


def template_xlsx(*, lang: str = "ja", vocabulary: Vocabulary | None = None) -> bytes:
    """The template workbook (bytes) in ``lang``, listing the domains of ``vocabulary``
    (default the built-in ones).

    Examples
    --------
    >>> import io, openpyxl
    >>> book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    >>> book.sheetnames
    ['説明', 'nodes', 'supports', 'domains']
    >>> [c.value for c in book["supports"][1]][:3]
    ['支援元', '支援先', '関係']
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    vocab = vocabulary or builtin_vocabulary()
    book = Workbook()
    book.properties.created = dt.datetime(2000, 1, 1)
    about = book.active
    assert about is not None
    about.title = word("explanations", lang)
    bold = Font(bold=True)
    domains = list(vocab.domains.values())
    label_column = _DROPDOWN_COLUMN[lang]
    domain_list = f"domains!${label_column}$2:${label_column}${len(domains) + 1}"

    def dropdown(sheet, letter: str, formula: str, strict: bool = True) -> None:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.showErrorMessage = strict  # needs and services may hold several domains
        rule.add(f"{letter}2:{letter}{ROWS + 1}")
        sheet.add_data_validation(rule)

    def fill(name: str, columns: list[str], headings: list[str], rows: list[list]) -> None:
        sheet = book.create_sheet(name)
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        for i, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=i)
            cell.font = bold
            cell.comment = Comment(note(name, column, lang), "tsunagari", width=300, height=90)
            letter = get_column_letter(i)
            cells = [r[i - 1] for r in [headings, *rows]]
            sheet.column_dimensions[letter].width = min(max(widest(cells, at_most=40), 6) + 4, 40)
            if column in _LISTS:
                labels = ",".join(_spelt(_LISTS[column], c, lang) for c in _LISTS[column])
                dropdown(sheet, letter, f'"{labels}"')
            elif column == "domain":
                dropdown(sheet, letter, domain_list)
            elif column in ("needs", "services"):
                dropdown(sheet, letter, domain_list, strict=False)
            elif column == "sensitivity":
                dropdown(sheet, letter, f'"{",".join(SENSITIVITIES)}"')
            elif column in ("since", "until"):
                for r in range(2, len(rows) + 2):
                    sheet.cell(row=r, column=i).number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"

    for name, aliases in (("nodes", NODE_COLUMNS), ("supports", SUPPORT_COLUMNS)):
        columns = list(aliases)
        examples = [[_example(c, v, lang) for c, v in zip(columns, row)] for row in _EXAMPLES[name]]
        fill(name, columns, [_heading(c, aliases, lang) for c in columns], examples)
    rows = [[d.code, d.ja, d.en, d.sensitivity] for d in domains]
    fill("domains", list(_DOMAIN_COLUMNS), list(_DOMAIN_COLUMNS), rows)

    about.append([word("template_intro", lang)])
    about.append([word("template_check", lang)])
    about.append([])
    about.append([word(k, lang) for k in ("sheet", "column", "meaning")])
    for cell in about[4]:
        cell.font = bold
    for name, aliases in (("nodes", NODE_COLUMNS), ("supports", SUPPORT_COLUMNS)):
        for column in aliases:
            about.append([name, _heading(column, aliases, lang), note(name, column, lang)])
    for column in _DOMAIN_COLUMNS:
        about.append(["domains", column, note("domains", column, lang)])
    for letter, width in (("A", 12), ("B", 14), ("C", 90)):
        about.column_dimensions[letter].width = width
    raw = io.BytesIO()
    book.save(raw)
    return stable_zip(raw.getvalue())


def write_template(
    path: str | Path,
    *,
    lang: str = "ja",
    vocabulary: Vocabulary | None = None,
    force: bool = False,
) -> Path:
    """Write :func:`template_xlsx` to ``path`` atomically (never over a file without
    ``force``, never over the vocabulary file it lists).

    Examples
    --------
    >>> import tempfile, pathlib, tsunagari as tg
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "daicho.xlsx"
    >>> _ = write_template(out)
    >>> len(tg.load(out).nodes)
    3
    """
    vocab = vocabulary or builtin_vocabulary()
    protect = [vocab.origin] if vocab.origin is not None else []
    data = template_xlsx(lang=lang, vocabulary=vocab)
    return write_atomic(path, data, protect=protect, force=force)
