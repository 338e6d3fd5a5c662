"""Reading level for tests: the Flesch-Kincaid grade, computed offline.

textstat looks syllables up in NLTK's CMU dictionary, which it would download at first use. Tests
never touch the network, so importing this module makes textstat use its own bundled hyphenation
dictionary (pyphen) for every word instead. That estimate is the same on every machine.

Our own wording aims at grade 8 or below taken together, and no single text above grade 10;
published instrument wording is exempt (it must stay verbatim).
"""

from __future__ import annotations

import textstat  # type: ignore[import-untyped]
import textstat.backend.counts._count_syllables as _syllables  # type: ignore[import-untyped]

GRADE_ALL = 8.0
GRADE_ONE = 10.0

_syllables.get_cmudict = lambda lang: None
_syllables.count_syllables.cache_clear()


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text``."""
    return float(textstat.flesch_kincaid_grade(text))
