"""Search that ignores quotes, legal-form prefixes and case, and matches Russian word forms.

Each name is reduced to keys: per word its lemma (pymorphy3: «женщин» → «женщина») and a root
(the lemma without common derivational suffixes and the final vowel: «женщина», «женский» and
«жена» all give «жен»). An organisation stores its keys in ``search_text`` as " key key … ";
a query word matches when some stored key starts with its root, so «женщин» finds «Женский луч»
and «Женщины – за будущее нации», and typing a word's beginning already finds it. Words with
Kazakh letters are kept as they are (pymorphy3 knows Russian only). The same SQL runs on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

from django.db.models import Q, QuerySet

_WORD = re.compile(r"\w+", re.UNICODE)
_KAZAKH_LETTERS = set("әғқңөұүһі")
#: Derivational endings stripped from a lemma to reach the root, longest first.
_SUFFIXES = ("щина", "ница", "ский", "цкий", "ство", "ость", "ение", "ание", "анин", "янин", "ник")
_VOWELS = "аеиоуыэюяйь"
_MIN_ROOT = 3
#: Abbreviations of legal forms and of kinds of state bodies, never part of a name.
_EXTRA_ABBREVIATIONS = {
    "ро",
    "роо",
    "моо",
    "обф",
    "кф",
    "тоо",
    "жшс",
    "гу",
    "кгу",
    "ргу",
    "мм",
    "ао",
    "ақ",
    "ип",
}


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _legal_form_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """(full names of legal forms, lower-cased, longest first; abbreviations)."""
    path = Path(__file__).parent / "data" / "legal_forms.csv"
    names, abbreviations = [], set(_EXTRA_ABBREVIATIONS)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key in ("name_ru", "name_kk"):
                names.append(_fold(row[key]))
            for key in ("abbr_ru", "abbr_kk"):
                if row[key]:
                    abbreviations.add(_fold(row[key]))
    return tuple(sorted(set(names), key=len, reverse=True)), frozenset(abbreviations)


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def _root(lemma: str) -> str:
    for suffix in _SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= _MIN_ROOT:
            lemma = lemma[: -len(suffix)]
            break
    stripped = lemma.rstrip(_VOWELS)
    return stripped if len(stripped) >= _MIN_ROOT else lemma


@lru_cache(maxsize=50_000)
def word_keys(word: str) -> tuple[str, str]:
    """(lemma, root) of one lower-cased word."""
    if word.isdigit() or _KAZAKH_LETTERS & set(word) or not re.search("[а-я]", word):
        return word, word
    parse = _morph().parse(word)[0]
    lemma = _fold(parse.normal_form) if parse.is_known else word
    return lemma, _root(lemma)


def words(text: str) -> list[str]:
    """The meaningful words of ``text``: lower case, no quotes or signs, no legal-form names."""
    folded = _fold(text or "")
    full_names, abbreviations = _legal_form_words()
    for name in full_names:
        if name in folded:
            folded = folded.replace(name, " ")
    return [w for w in _WORD.findall(folded) if w not in abbreviations and w != "_"]


def index_text(*texts: str) -> str:
    """What an organisation stores in ``search_text``: " key key … "."""
    keys: list[str] = []
    for text in texts:
        for word in words(text):
            for key in word_keys(word):
                if key not in keys:
                    keys.append(key)
    return " " + " ".join(keys) + " " if keys else ""


def filter_queryset(queryset: QuerySet, query: str, field: str = "search_text") -> QuerySet:
    """Rows whose names contain every word of ``query`` (in any form, or its beginning)."""
    for word in words(query)[:8]:
        lemma, root = word_keys(word)
        # the typed beginning, and the root of the word it forms
        condition = Q(**{f"{field}__contains": " " + word}) | Q(**{f"{field}__contains": " " + root})
        if lemma != word:
            condition |= Q(**{f"{field}__contains": " " + lemma})
        queryset = queryset.filter(condition)
    return queryset
