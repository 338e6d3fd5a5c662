"""Reading level for tests: the Flesch-Kincaid grade (English) and the Fernández-Huerta and
Szigriszt-Pazos scores (Spanish), computed offline.

textstat looks syllables up in NLTK's CMU dictionary, which it would download at first use. Tests
never touch the network, so importing this module makes textstat use its own bundled hyphenation
dictionary (pyphen) for every word instead. That estimate is the same on every machine.

Our own wording aims at grade 8 or below taken together, and no single text above grade 10;
published instrument wording is exempt (it must stay verbatim).

Spanish: textstat counts Spanish syllables with pyphen's hyphenation patterns, which keep two
letters at each end of a word and never split two vowels, so "agua", "día" and "oír" count as one
syllable and "opioides" as two; that overstates ease by about 8 points on our texts. Importing
this module makes textstat count Spanish syllables by the rules of Spanish instead (a syllable
per vowel nucleus: a weak vowel, i or u, joins a neighbour in a diphthong unless accented; two
strong vowels, a e o, are two syllables; the u of que/qui/gue/gui is silent), which gives the
stricter figure. English is untouched.

Thresholds (docs/ARCHITECTURE.md, "Reading level"): Fernández-Huerta 80-90 is "fácil" (easy,
about 5th grade) and 70-80 "bastante fácil" (fairly easy, about 6th grade) [fernandez-huerta-1959];
on the INFLESZ reading of the Szigriszt-Pazos score, 65-80 is "bastante fácil" and above 80 "muy
fácil" [inflesz-2008].
"""

from __future__ import annotations

import re

import textstat  # type: ignore[import-untyped]
import textstat.backend.counts._count_syllables as _syllables  # type: ignore[import-untyped]

GRADE_ALL = 8.0
GRADE_ONE = 10.0

EASY_ES = 80.0
"""Fernández-Huerta "fácil" (easy) or easier: our Spanish questions and help taken together."""
FAIRLY_EASY_ES = 70.0
"""Fernández-Huerta "bastante fácil" (fairly easy, about 6th grade): each section of them."""
INFLESZ_FAIRLY_EASY = 65.0
"""Szigriszt-Pazos on the INFLESZ scale, "bastante fácil" (fairly easy) or easier."""

_STRONG = set("aeoáéó")
_ACCENTED_WEAK = set("íú")
_VOWELS = set("aeiouáéíóúü")


def spanish_syllables(word: str) -> int:
    """The number of syllables of a Spanish word, by the rules of Spanish syllabification."""
    w = re.sub(r"(?<=[qg])u(?=[eiéí])", "", word.lower())  # que, qui, gue, gui
    w = re.sub(r"y$", "i", w)  # a final y is a vowel: hoy, muy
    count, previous = 0, ""
    for ch in w:
        if ch not in _VOWELS:
            previous = ""
            continue
        hiatus = (previous in _STRONG and ch in _STRONG) or _ACCENTED_WEAK & {ch, previous}
        if not previous or hiatus:
            count += 1
        previous = ch
    return max(1, count)


class _SpanishSyllables:
    """Stands in for pyphen's ``Pyphen(lang="es")``: textstat counts ``positions + 1``."""

    def positions(self, word: str) -> list[int]:
        return list(range(spanish_syllables(word) - 1))


_hyphenation = _syllables.get_pyphen
_syllables.get_cmudict = lambda lang: None
_syllables.get_pyphen = lambda lang: (
    _SpanishSyllables() if lang.startswith("es") else _hyphenation(lang)
)
_syllables.count_syllables.cache_clear()


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text``."""
    textstat.set_lang("en_US")
    return float(textstat.flesch_kincaid_grade(text))


def fernandez_huerta(text: str) -> float:
    """The Fernández-Huerta reading ease of Spanish ``text`` (higher is easier)."""
    textstat.set_lang("es")
    try:
        return float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang("en_US")


def szigriszt_pazos(text: str) -> float:
    """The Szigriszt-Pazos perspicuity of Spanish ``text`` (read on the INFLESZ scale)."""
    textstat.set_lang("es")
    try:
        return float(textstat.szigriszt_pazos(text))
    finally:
        textstat.set_lang("en_US")
