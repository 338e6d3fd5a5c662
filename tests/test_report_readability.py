"""The report's own words (levels.py: what each kind of care is like, next steps, the crisis
block, headlines) stay easy to read: Flesch-Kincaid grade 8 or below overall, 10 for any one
text. textstat is kept offline the same way as in test_readability.py."""

from __future__ import annotations

import pytest
from readability import GRADE_ALL, GRADE_ONE, grade

from iop_assess.levels import CARE_NOTE, CRISIS_LINES, LEVELS, headline


def _texts() -> dict[str, str]:
    texts = {"crisis": " ".join(CRISIS_LINES), "care_note": CARE_NOTE}
    for level, words in LEVELS.items():
        texts[f"{level}.what"] = " ".join(words.what_it_is)
        texts[f"{level}.next"] = " ".join(words.next_steps)
        then = "iop" if level in ("detox_first", "emergency") else None
        texts[f"{level}.headline"] = headline(level, then)
    return texts


def test_all_report_words_together_are_grade_8_or_below() -> None:
    assert grade(" ".join(_texts().values())) <= GRADE_ALL


@pytest.mark.parametrize(("name", "text"), sorted(_texts().items()))
def test_each_text_is_grade_10_or_below(name: str, text: str) -> None:
    assert grade(text) <= GRADE_ONE, f"{name}: grade {grade(text):.1f}"
