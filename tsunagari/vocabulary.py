"""Controlled vocabularies: node kinds, support domains, statuses, and their labels.

One list of *domains* (``hikikomori``, ``employment``, ...) serves residents' needs,
supporters' services and the domain of each support. It ships as ``data/domains.csv`` with
Japanese and English labels and a sensitivity level per code; a user file with the same
columns adds codes or replaces labels. In input files a Japanese or English label is accepted
wherever a code is.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, Problem

__all__ = [
    "FORMALITIES",
    "FREQUENCIES",
    "KINDS",
    "NEED_STATUSES",
    "RELATIONS",
    "SENSITIVITIES",
    "STATUSES",
    "Domain",
    "Vocabulary",
    "builtin_vocabulary",
    "default_formality",
    "domain_rows",
    "label",
    "read_domains",
]

# code -> (ja, en). The order of STATUSES is the order of severity, worst first.
KINDS = {
    "resident": ("住民", "resident"),
    "agency": ("相談支援機関・行政", "agency"),
    "company": ("企業", "company"),
    "npo": ("NPO・団体", "NPO"),
    "volunteer": ("ボランティア", "volunteer"),
    "group": ("地域の場・会議", "community group"),
}
STATUSES = {
    "isolated": ("孤立", "isolated"),
    "unreached": ("未接続", "unreached"),
    "single_thread": ("一本の糸", "single thread"),
    "overlapping": ("重なり合い", "overlapping"),
}
NEED_STATUSES = {
    "uncovered": ("支援なし", "uncovered"),
    "unreached": STATUSES["unreached"],
    "single_thread": STATUSES["single_thread"],
    "overlapping": STATUSES["overlapping"],
}
RELATIONS = {
    "support": ("支援", "support"),
    "collaboration": ("連携", "collaboration"),
}
FORMALITIES = {
    "formal": ("フォーマル", "formal"),
    "semi_formal": ("セミフォーマル", "semi-formal"),
    "informal": ("インフォーマル", "informal"),
}
FREQUENCIES = {
    "daily": ("毎日", "daily"),
    "weekly": ("毎週", "weekly"),
    "monthly": ("毎月", "monthly"),
    "yearly": ("毎年", "yearly"),
}
SENSITIVITIES = ("public", "internal", "sensitive_high", "youhairyo")
# how a problem's message is written from a catalogue key and values (see domain_rows)
Said = Callable[..., Any]

# Japanese spellings people type for kinds, beyond the labels above.
_KIND_ALIASES = {
    "相談支援機関": "agency",
    "行政": "agency",
    "機関": "agency",
    "NPO": "npo",
    "団体": "npo",
    "地域の場": "group",
    "会議": "group",
    "ボランティア・地域の担い手": "volunteer",
}

_DEFAULT_FORMALITY = {
    "resident": "informal",
    "agency": "formal",
    "company": "semi_formal",
    "npo": "semi_formal",
    "volunteer": "semi_formal",
    "group": "semi_formal",
}


def default_formality(kind: str) -> str:
    """Formality of a support whose file leaves it empty, from the supporter's kind.

    Examples
    --------
    >>> default_formality("resident")
    'informal'
    """
    return _DEFAULT_FORMALITY[kind]


def label(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """The Japanese (``lang='ja'``) or English label of ``code`` in one of the tables above.

    Examples
    --------
    >>> label(STATUSES, "single_thread", "ja")
    '一本の糸'
    """
    ja, en = table[code]
    return ja if lang == "ja" else en


def _lookup(table: dict[str, tuple[str, str]], extra: dict[str, str]) -> dict[str, str]:
    """Map every accepted spelling (code, labels, aliases; case-folded) to its code."""
    out: dict[str, str] = {}
    for code, labels in table.items():
        for spelling in (code, *labels):
            out[_fold(spelling)] = code
    out.update({_fold(k): v for k, v in extra.items()})
    return out


def _fold(text: str) -> str:
    """A code or label as compared: stripped, NFKC (``ＮＰＯ`` is ``NPO``) and case-folded.
    (:func:`tsunagari.folding.folded` for every other module: this one imports nothing but
    the errors, see ``tests/test_imports.py``.)"""
    text = text.strip()
    return (text if text.isascii() else unicodedata.normalize("NFKC", text).strip()).casefold()


KIND_LOOKUP = _lookup(KINDS, _KIND_ALIASES)
RELATION_LOOKUP = _lookup(RELATIONS, {"連携・協働": "collaboration", "協働": "collaboration"})
FORMALITY_LOOKUP = _lookup(FORMALITIES, {"semi-formal": "semi_formal"})
FREQUENCY_LOOKUP = _lookup(FREQUENCIES, {})


@dataclass(frozen=True)
class Domain:
    """One support domain: a code, its labels and how sensitive it is about a person."""

    code: str
    ja: str
    en: str
    sensitivity: str


@dataclass(frozen=True)
class Vocabulary:
    """The domains in force for one network, keyed by code, in file order."""

    domains: dict[str, Domain]
    origin: Path | None = field(default=None, compare=False)  # the user's file, if any
    _lookup: dict[str, str] = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        spellings: dict[str, str] = {}
        for d in self.domains.values():
            for spelling in (d.en, d.ja, d.code):  # a code wins over a clashing label
                spellings[_fold(spelling)] = d.code
        object.__setattr__(self, "_lookup", spellings)

    def code(self, text: str) -> str | None:
        """The code for a code or label as typed in a file (any width: ``ＥＭＰＬＯＹＭＥＮＴ``),
        or None if unknown.

        Examples
        --------
        >>> v = builtin_vocabulary()
        >>> v.code("ひきこもり"), v.code("hikikomori"), v.code("hikkikomori")
        ('hikikomori', 'hikikomori', None)
        """
        return self._lookup.get(_fold(text))

    def closest(self, text: str) -> str | None:
        """The known spelling (code or label) nearest to ``text``, if one is a typo away.

        Examples
        --------
        >>> builtin_vocabulary().closest("hikkikomori")
        'hikikomori'
        """
        from difflib import get_close_matches

        close = get_close_matches(_fold(text), list(self._lookup), n=1, cutoff=0.75)
        return close[0] if close else None

    def label(self, code: str, lang: str) -> str:
        """The Japanese or English label of a domain code."""
        d = self.domains[code]
        return d.ja if lang == "ja" else d.en

    def is_youhairyo(self, code: str) -> bool:
        """Whether the domain is 要配慮個人情報 (special-care personal information)."""
        return self.domains[code].sensitivity == "youhairyo"


def read_domains(text: str, origin: str, *, said: Said | None = None) -> dict[str, Domain]:
    """Domains from the text of a domains CSV (``code, ja, en, sensitivity``).

    ``origin`` names the file in problems. Reading the file is :mod:`tsunagari.io`'s job
    (:func:`tsunagari.io.load_vocabulary`); this only parses its text. ``said`` is as in
    :func:`domain_rows`.

    Raises
    ------
    InputError
        For an empty code or an unknown sensitivity, naming the row.
    """
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return domain_rows(rows, origin, said=said)


def _english(key: str, **values: object) -> str:
    if key == "err_empty_domain_code":
        return "empty domain code"
    return f"unknown sensitivity '{values['value']}' (expected one of: {values['options']})"


def domain_rows(
    rows: Iterable[Mapping[str, object]], origin: str, *, said: Said | None = None
) -> dict[str, Domain]:
    """Domains from rows with ``code, ja, en, sensitivity`` (a CSV file or a sheet).

    Blank rows are skipped; an empty code or an unknown sensitivity is a located problem
    (the header is row 1). ``said(key, **values)`` writes a problem's message: the reader
    of files passes :func:`tsunagari.words.message` (so it is said in the user's language;
    this module does not import the catalogue, which reads its labels from here); without
    it the message is English text.
    """
    say = said or _english
    problems = []
    domains: dict[str, Domain] = {}
    for i, raw in enumerate(rows, start=2):
        row = {k: str(v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        code = row.get("code", "")
        sens = row.get("sensitivity") or "internal"
        if not code:
            problems.append(Problem(origin, i, "code", "", say("err_empty_domain_code")))
            continue
        if sens not in SENSITIVITIES:
            options = ", ".join(SENSITIVITIES)
            problems.append(
                Problem(
                    origin,
                    i,
                    "sensitivity",
                    sens,
                    say("err_sensitivity", value=sens, options=options),
                )
            )
            continue
        domains[code] = Domain(code, row.get("ja") or code, row.get("en") or code, sens)
    if problems:
        raise InputError(problems)
    return domains


def builtin_vocabulary() -> Vocabulary:
    """The built-in domains, shipped as ``data/domains.csv`` (a new copy on every call).

    A user's file extends them through :func:`tsunagari.load_vocabulary`.

    Examples
    --------
    >>> v = builtin_vocabulary()
    >>> v.domains["hikikomori"].ja, v.is_youhairyo("dementia")
    ('ひきこもり', True)
    """
    builtin = resources.files("tsunagari").joinpath("data/domains.csv").read_text("utf-8")
    return Vocabulary(read_domains(builtin, "domains.csv"))
