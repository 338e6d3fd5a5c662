"""Every sentence the rules, notes and resources show a person stays easy to read:
Flesch-Kincaid grade 8 or below overall, 10 for any one text. textstat is kept offline the same
way as in test_readability.py (its bundled hyphenation dictionary, no download)."""

from __future__ import annotations

from readability import GRADE_ALL, GRADE_ONE, grade

from iop_assess import resources
from iop_assess.levels import ASAM_NOTE, YOUTH_LINES
from iop_assess.rules import RULES, notes
from iop_assess.rules.base import PLACEHOLDERS
from iop_assess.rules.table import NOT_RATED_TEXT

SAMPLE = dict.fromkeys(PLACEHOLDERS, "alcohol")
"""Placeholders filled as for a person who drinks."""


def texts() -> dict[str, str]:
    found = {rule.id: rule.text.format(**SAMPLE) for rule in RULES}
    found |= {f"{rule.id} (assumed)": rule.assumed for rule in RULES if rule.assumed}
    for name in dir(notes):
        value = getattr(notes, name)
        if name.isupper() and isinstance(value, str):
            found[f"notes.{name}"] = value.format(**SAMPLE)
        if name.isupper() and isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            found[f"notes.{name}"] = " ".join(value)
    for name in dir(resources):
        value = getattr(resources, name)
        if isinstance(value, resources.Resource):
            found[f"resources.{name}"] = value.why
    found["disclaimer"] = resources.DISCLAIMER
    found["youth"] = " ".join(YOUTH_LINES)
    found["asam note"] = ASAM_NOTE
    found["not rated"] = NOT_RATED_TEXT
    return found


def test_there_is_something_to_measure() -> None:
    assert len(texts()) > len(RULES)


def test_each_text_is_grade_10_or_below() -> None:
    hard = {key: grade(text) for key, text in texts().items() if grade(text) > GRADE_ONE}
    assert hard == {}


def test_all_texts_together_are_grade_8_or_below() -> None:
    assert grade(" ".join(texts().values())) <= GRADE_ALL


def test_no_text_tells_a_person_they_have_a_disorder() -> None:
    for key, text in texts().items():
        lowered = text.lower()
        assert "you have a disorder" not in lowered and "diagnos" not in lowered.replace(
            "not a diagnosis", ""
        ), key
