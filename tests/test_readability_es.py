"""Our own Spanish is easy to read: the core questionnaire's questions, help, intros and answer
choices, measured with textstat's Fernández-Huerta and Szigriszt-Pazos scores (see
tests/readability.py for how Spanish syllables are counted and where the thresholds come from).

Published instrument wording (the PHQ-9, GAD-7 and AUDIT in Spanish) is exempt: it must stay
word for word, so only the core questionnaire is checked.
"""

from __future__ import annotations

import pytest
from readability import (
    EASY_ES,
    FAIRLY_EASY_ES,
    INFLESZ_FAIRLY_EASY,
    fernandez_huerta,
    grade,
    spanish_syllables,
    szigriszt_pazos,
)

from iop_assess.bank import Bank, ItemRef, load_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _core(bank: Bank) -> list[ItemRef]:
    return [ref for ref in bank.items.values() if ref.questionnaire.id == "core"]


def _questions_and_help(refs: list[ItemRef]) -> str:
    texts = []
    for ref in refs:
        texts.append(ref.item.text["es"])
        if ref.item.help:
            texts.append(ref.item.help["es"])
    return " ".join(texts)


def _sentences(texts: list[str]) -> str:
    """Join fragments (option labels) as sentences so they are not read as one long sentence."""
    return " ".join(t if t.rstrip().endswith((".", "?", "!")) else f"{t}." for t in texts)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("agua", 2),  # a-gua: a diphthong, but pyphen keeps two letters at each end
        ("día", 2),  # dí-a: an accented weak vowel breaks the diphthong
        ("oír", 2),
        ("ahora", 3),  # a-ho-ra: the h does not join the vowels into one syllable
        ("alcohol", 3),
        ("opioides", 3),  # o-pioi-des: a triphthong
        ("poeta", 3),  # po-e-ta: two strong vowels
        ("que", 1),  # the u of que is silent
        ("guitarra", 3),
        ("muy", 1),
        ("y", 1),
        ("buprenorfina", 5),
        ("cocaína", 4),
    ],
)
def test_spanish_syllables_follow_spanish_rules(word: str, syllables: int) -> None:
    assert spanish_syllables(word) == syllables


def test_the_spanish_scores_tell_easy_from_hard_text_offline() -> None:
    easy = "¿Se siente seguro en su casa? Puede llamar al 911. La ayuda es gratis."
    hard = (
        "La farmacocinética de las benzodiacepinas condiciona considerablemente la "
        "sintomatología característica del síndrome de abstinencia, particularmente en "
        "pacientes polimedicados con comorbilidades hepáticas descompensadas."
    )
    assert fernandez_huerta(easy) >= EASY_ES
    assert szigriszt_pazos(easy) >= INFLESZ_FAIRLY_EASY
    assert fernandez_huerta(hard) < 30  # "muy difícil"
    assert szigriszt_pazos(hard) < 40  # INFLESZ "muy difícil"


def test_switching_to_spanish_leaves_the_english_grade_alone() -> None:
    before = grade("Do you feel safe where you live?")
    fernandez_huerta("¿Se siente seguro donde vive?")
    assert grade("Do you feel safe where you live?") == before


def test_core_questions_and_help_together_are_easy(bank: Bank) -> None:
    text = _questions_and_help(_core(bank))
    assert len(text.split()) > 1000  # all 36 questions and their help
    assert fernandez_huerta(text) >= EASY_ES
    assert szigriszt_pazos(text) >= INFLESZ_FAIRLY_EASY


def test_each_core_section_is_fairly_easy_or_easier(bank: Bank) -> None:
    sections: dict[str, list[ItemRef]] = {}
    for ref in _core(bank):
        sections.setdefault(ref.section.id, []).append(ref)
    assert len(sections) == 8
    scores = {
        name: (round(fernandez_huerta(text), 1), round(szigriszt_pazos(text), 1))
        for name, refs in sections.items()
        for text in [_questions_and_help(refs)]
    }
    hard = {
        name: score
        for name, score in scores.items()
        if score[0] < FAIRLY_EASY_ES or score[1] < INFLESZ_FAIRLY_EASY
    }
    assert hard == {}


def test_core_intros_titles_and_choices_are_fairly_easy(bank: Bank) -> None:
    intros = " ".join(
        section.intro["es"] for section, q in bank.sections if q.id == "core" and section.intro
    )
    labels = _sentences([o.label["es"] for ref in _core(bank) for o in ref.options or ()])
    for text in (intros, labels):
        assert fernandez_huerta(text) >= FAIRLY_EASY_ES
        assert szigriszt_pazos(text) >= INFLESZ_FAIRLY_EASY
