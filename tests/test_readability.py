"""Our own wording stays easy to read: Flesch-Kincaid grade 8 or below (shared/style.md, the brief).

Published instrument wording (PHQ-9, GAD-7, AUDIT, DAST-10, SCOFF items and stems) is exempt: it
must stay verbatim. What we check is every text we wrote ourselves: the core questionnaire's items,
help, intros and option labels, the descriptions of all files, and every help text (including the
ones we added to instrument files).

The grade is computed offline (see tests/readability.py).
"""

from __future__ import annotations

import pytest
from readability import GRADE_ALL, GRADE_ONE, grade

from iop_assess.bank import Bank, ItemRef, load_bank

# Section intros in instrument files that are our own words, not the published instruction.
OWN_INTROS = {"scoff"}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _core(bank: Bank) -> list[ItemRef]:
    return [ref for ref in bank.items.values() if ref.questionnaire.id == "core"]


def _sentences(texts: list[str]) -> str:
    """Join fragments (option labels) as sentences so they are not read as one long sentence."""
    return " ".join(t if t.rstrip().endswith((".", "?", "!")) else f"{t}." for t in texts)


def test_grade_measures_difficulty() -> None:
    """The measure itself tells easy from hard text, offline."""
    assert grade("Do you feel safe where you live?") <= 4
    hard = (
        "Notwithstanding the aforementioned considerations, pharmacological intervention "
        "demonstrated considerable efficacy regarding symptomatology."
    )
    assert grade(hard) > 15


def test_core_questions_together_are_grade_8_or_below(bank: Bank) -> None:
    texts = [ref.item.text["en"] for ref in _core(bank)]
    assert len(texts) == 36
    assert grade(" ".join(texts)) <= GRADE_ALL


def test_no_core_question_is_above_grade_10(bank: Bank) -> None:
    hard = {
        ref.item.id: round(grade(ref.item.text["en"]), 1)
        for ref in _core(bank)
        if grade(ref.item.text["en"]) > GRADE_ONE
    }
    assert hard == {}


def test_help_texts_are_grade_8_or_below(bank: Bank) -> None:
    helps = {ref.item.id: ref.item.help["en"] for ref in bank.items.values() if ref.item.help}
    assert {"audit_2", "scoff_1", "scoff_3", "medical_urgent"} <= set(helps)
    assert grade(" ".join(helps.values())) <= GRADE_ALL
    hard = {i: round(grade(t), 1) for i, t in helps.items() if grade(t) > GRADE_ONE}
    assert hard == {}


def test_our_intros_and_descriptions_are_grade_8_or_below(bank: Bank) -> None:
    texts = [
        section.intro["en"]
        for section, q in bank.sections
        if section.intro and (q.id == "core" or section.id in OWN_INTROS)
    ]
    texts += [q.description["en"] for q in bank.questionnaires]
    for text in texts:
        assert grade(text) <= GRADE_ALL, text


def test_core_option_labels_are_grade_8_or_below(bank: Bank) -> None:
    labels = [o.label["en"] for ref in _core(bank) for o in ref.options or ()]
    assert grade(_sentences(labels)) <= GRADE_ALL
    # One word like "Alcohol." scores grade 11 on its own; the grade means something only for
    # labels that read as a sentence.
    long = [label for label in labels if len(label.split()) >= 6]
    assert len(long) >= 5
    hard = [label for label in long if grade(f"{label}.") > GRADE_ONE]
    assert hard == []
