"""The catalogue of words: complete in both languages, the only place words are spelt, and
free of dead entries."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import tsunagari as tg
from tsunagari import words as catalogue
from tsunagari.export import workbook_sheets
from tsunagari.words import NOTES, WORDS, header, note, word, words

PACKAGE = Path(tg.__file__).parent
TEMPLATES = PACKAGE / "render" / "templates"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Modules that may spell Japanese, each with the reason.
ALLOWED = {
    "words.py": "the catalogue itself",
    "vocabulary.py": "the controlled vocabulary: labels of kinds, statuses, relations",
    "io/columns.py": "header, sheet, district spellings read in files (名前, 支援関係, 地区)",
    "dates.py": "Japanese eras read in dates (令和, 平成, ...)",
    "privacy.py": "the pseudonym prefix 住民-, part of an id that is the same in every language",
    "synth/": "generator data: the names, places and organisations of the synthetic city",
}
# A string passed as one of these arguments is not a word of the output: typer's --help
# (English, naming Japanese input forms like 令和3年4月1日) and error messages, which stay
# English until they are translated as a whole.
EXEMPT_CALL_ARGUMENTS = ("help",)
EXEMPT_RAISES = True


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), path


def _allowed(name: str) -> bool:
    return any(name == k or (k.endswith("/") and name.startswith(k)) for k in ALLOWED)


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _exempt(tree: ast.AST) -> set[int]:
    """Strings in --help texts and in raised errors."""
    out = set()
    for node in ast.walk(tree):
        roots = []
        if isinstance(node, ast.Call):
            roots += [k.value for k in node.keywords if k.arg in EXEMPT_CALL_ARGUMENTS]
        if EXEMPT_RAISES and isinstance(node, ast.Raise) and node.exc is not None:
            roots.append(node.exc)
        for root in roots:
            out |= {id(n) for n in ast.walk(root)}
    return out


def japanese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal with Japanese in it that is not a docstring,
    a --help text or an error message."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _exempt(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and JAPANESE.search(node.value)
        and id(node) not in skip
    ]


def _is_language_test(test: ast.expr) -> bool:
    """``ja``, ``lang == "ja"``, ``lang != "en"`` and the like."""
    if isinstance(test, ast.Name):
        return test.id in ("ja", "en", "japanese", "english")
    if isinstance(test, ast.Compare):
        parts = [test.left, *test.comparators]
        return any(isinstance(p, ast.Constant) and p.value in ("ja", "en") for p in parts)
    return False


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.BinOp):  # "a" + "b", f"..." + "\n"
        return _is_text(node.left) or _is_text(node.right)
    return False


def language_choices(source: str) -> list[int]:
    """Lines of ``x if ja else y`` (or ``if lang == "ja"``) choosing between two texts."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.IfExp)
        and _is_language_test(node.test)
        and _is_text(node.body)
        and _is_text(node.orelse)
    ]


# ---------------------------------------------------------------------------- the catalogue


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_word_has_both_languages_with_the_same_placeholders(key):
    ja, en = WORDS[key]
    assert ja.strip(), key
    assert en.strip() or key == "people", key  # English counts carry no unit: "4", not "4 人"
    assert _fields(ja) == _fields(en), key


def test_the_catalogue_does_not_repeat_the_vocabulary():
    from tsunagari import vocabulary

    spelt = {
        pair
        for table in (vocabulary.KINDS, vocabulary.STATUSES, vocabulary.NEED_STATUSES)
        for pair in table.values()
    } | set(vocabulary.RELATIONS.values())
    assert not [k for k, pair in WORDS.items() if pair in spelt]


def test_accessors():
    assert word("dependents", "ja") == "頼る住民" and word("dependents", "en") == "dependents"
    assert word("more_rows", "ja", n="1,200") == "ほか 1,200 件"
    assert words("en")["single_points"] == "single points"
    assert header("single_thread", "ja") == "一本の糸" and header("load", "ja") == "支援中"
    with pytest.raises(tg.TsunagariError):
        words("fr")
    with pytest.raises(tg.TsunagariError):
        word("dependents", "fr")


def test_one_term_per_concept_in_japanese_output():
    """The names the issue found for dependents and single points are gone."""
    for old in ("頼る人", "依存する住民", "結び目", "一点"):
        assert not [k for k, (ja, _) in WORDS.items() if old in ja], old
    assert "失うと機関から切れる住民" not in word("dependents", "ja")


def test_every_workbook_column_has_a_japanese_heading():
    sheets = workbook_sheets(tg.analyse(tg.load(), as_of="2026-11-27"))
    for key, frame in sheets.items():
        assert JAPANESE.search(word(key, "ja")), key
        for column in frame.columns:
            heading = header(column, "ja")  # KeyError: a column without a word
            assert heading != column, column


# ---------------------------------------------------------------------------- the package


def test_no_japanese_outside_the_catalogue():
    found = [
        f"{name}:{line}: {text[:40]!r}"
        for name, path in _modules()
        if not _allowed(name)
        for line, text in japanese_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "spell these in tsunagari/words.py:\n" + "\n".join(found)


def test_no_language_choice_between_texts_outside_the_catalogue():
    found = [
        f"{name}:{line}"
        for name, path in _modules()
        if name != "words.py"
        for line in language_choices(path.read_text(encoding="utf-8"))
    ]
    assert not found, "use tsunagari.words.word():\n" + "\n".join(found)


def test_every_allowed_exception_exists():
    names = {name for name, _ in _modules()}
    for allowed in ALLOWED:
        assert any(n == allowed or n.startswith(allowed) for n in names), allowed


def _used_names() -> set[str]:
    used = set()
    for name, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # in the catalogue itself only its functions use words (the table only spells them)
        parts = [f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)]
        for part in parts if name == "words.py" else [tree]:
            for node in ast.walk(part):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    used.add(node.value)
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bw\.([a-z_0-9]+)", template.read_text(encoding="utf-8")))
    return used


def test_every_word_is_used():
    dead = sorted(set(WORDS) - _used_names())
    assert not dead, f"words nothing shows: {dead}"


# ---------------------------------------------------------------------------- the scans can fail


def test_the_scans_find_what_they_look_for():
    bad = '''
def f(ja, lang):
    """ドキュメントは構いません。"""
    a = "頼る人" if ja else "dependents"
    b = f"{1} 件" if lang == "ja" else f"{1} rows"
    c = ("なし" if ja else "none") + "\\n"
    typer.Option("--x", help="令和3年4月1日")
    raise ValueError("令和")
    return a, b, c, ("x" if ja else 1)
'''
    assert sorted(line for line, _ in japanese_literals(bad)) == [4, 5, 6]
    assert sorted(language_choices(bad)) == [4, 5, 6]
    assert _allowed("synth/city.py") and _allowed("io/columns.py")
    assert not _allowed("io/read.py") and not _allowed("cli/analysis.py")


def test_a_dead_word_would_be_found(monkeypatch):
    monkeypatch.setitem(catalogue.WORDS, "never_shown", ("使わない", "unused"))
    assert "never_shown" in set(catalogue.WORDS) - _used_names()


def test_the_glossary_spells_the_terms_as_the_catalogue():
    from tsunagari.vocabulary import NEED_STATUSES, STATUSES

    glossary = (PACKAGE.parent / "docs" / "glossary.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([a-z_0-9]+)`(?: \([a-z ]+\))? \| ([^|]+) \| ([^|]+) \|", glossary, re.M
    )
    assert len(rows) > 30
    for key, ja, en in rows:
        expected = WORDS[key] if key in WORDS else {**STATUSES, **NEED_STATUSES}[key]
        assert (ja.strip(), en.strip()) == expected, key
    for key in ("dependents", "single_points", "supporters", "load", "critical"):
        assert key in {k for k, _, _ in rows}, key


# ---------------------------------------------------------------------------- column notes


def _note_keys(sheet: str, columns) -> set[str]:
    return {f"{sheet}:{c}" if f"{sheet}:{c}" in NOTES else c for c in columns}


def test_every_column_note_is_in_both_languages_and_used():
    from tsunagari.io import NODE_COLUMNS, SUPPORT_COLUMNS

    sheets = workbook_sheets(tg.analyse(tg.load(), as_of="2026-11-27"))
    used = set()
    for key, frame in sheets.items():
        for column in frame.columns:
            assert note(key, column, "ja") and note(key, column, "en")  # KeyError: no note
        used |= _note_keys(key, frame.columns)
    for sheet, columns in (
        ("nodes", NODE_COLUMNS),
        ("supports", SUPPORT_COLUMNS),
        ("domains", ("code", "ja", "en", "sensitivity")),
    ):
        assert all(f"{sheet}:{c}" in NOTES for c in columns), sheet  # inputs have their own
        used |= _note_keys(sheet, columns)
    assert sorted(set(NOTES) - used) == []
    for key, (ja, en) in NOTES.items():
        assert ja.strip() and en.strip() and JAPANESE.search(ja), key
