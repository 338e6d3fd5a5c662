"""The Spanish of the bundled questionnaires: published wording word for word, the same values
and points as the English, the right translation status, and no Spanish where we may not have
any.

The reference strings below are copied from the published forms (the Pfizer PHQ-9 "Spanish for
USA" form [pfizer-phq9-es], the WHO Spanish AUDIT manual [who-audit-es-2001], and the GAD-7
wording marked unverified [pfizer-gad7-es]). A changed character fails a test.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from iop_assess.bank import Bank, load_bank
from iop_assess.cli import app
from iop_assess.model import Item, Questionnaire, options_of
from iop_assess.scoring import score_instrument


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _q(bank: Bank, qid: str) -> Questionnaire:
    return next(q for q in bank.questionnaires if q.id == qid)


def _choices(bank: Bank, item_id: str, lang: str) -> dict[str, Any]:
    """Label in ``lang`` → (value, points) of an item's answer choices."""
    ref = bank.items[item_id]
    return {o.label[lang]: (o.value, o.score) for o in ref.options or ()}


# --- PHQ-9 (Pfizer, Spanish for USA) ---------------------------------------------------------

PHQ9_TITLE = "CUESTIONARIO SOBRE LA SALUD DEL PACIENTE-9 (PHQ-9)"
PHQ9_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
PHQ9_ITEMS = [
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted "
    "mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico "
    "o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario "
    "– muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
]
PHQ_CHOICES = {
    "Ningún día": (0, 0),
    "Varios días": (1, 1),
    "Más de la mitad de los días": (2, 2),
    "Casi todos los días": (3, 3),
}
PHQ9_CREDIT = (
    "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, "
    "mediante una subvención educativa otorgada por Pfizer Inc. No se requiere permiso para "
    "reproducir, traducir, presentar o distribuir."
)


def test_phq9_spanish_is_the_pfizer_form_word_for_word(bank: Bank) -> None:
    q = _q(bank, "phq9")
    assert q.languages == ["en", "es"]
    assert q.title["es"] == PHQ9_TITLE
    (section,) = q.sections
    assert section.intro is not None and section.intro["es"] == PHQ9_STEM
    assert [item.text["es"] for item in section.items] == PHQ9_ITEMS
    for n in range(1, 10):
        assert _choices(bank, f"phq9_{n}", "es") == PHQ_CHOICES
    record = q.translations["es"]
    assert record.status == "official"
    assert record.credit == PHQ9_CREDIT
    assert "[pfizer-phq9-es]" in (record.source or "")


def test_phq9_item_9_help_gives_the_spanish_crisis_line(bank: Bank) -> None:
    help_es = bank.items["phq9_9"].item.help
    assert help_es is not None
    assert "llame al 988 y marque 2 para español" in help_es["es"]
    assert "AYUDA" in help_es["es"] and "911" in help_es["es"]


# --- GAD-7 (wording as found, unverified) ----------------------------------------------------

GAD7_ITEMS = [
    "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
    "No ha sido capaz de parar o controlar su preocupación",
    "Se ha preocupado demasiado por motivos diferentes",
    "Ha tenido dificultad para relajarse",
    "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
    "Se ha molestado o irritado fácilmente",
    "Ha tenido miedo de que algo terrible fuera a pasar",
]


def test_gad7_spanish_is_the_wording_found_and_marked_unverified(bank: Bank) -> None:
    q = _q(bank, "gad7")
    assert q.languages == ["en", "es"]
    assert [item.text["es"] for item in q.items()] == GAD7_ITEMS
    for n in range(1, 8):
        assert _choices(bank, f"gad7_{n}", "es") == PHQ_CHOICES
    assert q.translations["es"].status == "official-unverified"
    assert "[pfizer-gad7-es]" in (q.translations["es"].source or "")


def test_list_says_the_gad7_spanish_is_unverified() -> None:
    result = CliRunner().invoke(app, ["list"], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0
    blocks = {block.split()[0]: block for block in result.stdout.split("\n\n")[1:]}
    assert "  es:      official, unverified wording" in blocks["gad7"].splitlines()
    assert "  es:      official wording" in blocks["phq9"].splitlines()
    assert "  es:      official, unverified wording" in blocks["audit"].splitlines()
    assert "  es:      our own translation" in blocks["core"].splitlines()
    for qid in ("dast10", "scoff"):
        assert (
            "  es:      not available; the questions are shown in English"
            in blocks[qid].splitlines()
        )


# --- AUDIT (WHO Spanish manual) ----------------------------------------------------------------

AUDIT_ITEMS = [
    "¿Con qué frecuencia consume alguna bebida alcohólica?",
    "¿Cuántas consumiciones de bebidas alcohólicas suele realizar en un día de consumo normal?",
    "¿Con qué frecuencia toma 6 o más bebidas alcohólicas en un solo día?",
    "¿Con qué frecuencia en el curso del último año ha sido incapaz de parar de beber una vez "
    "había empezado?",
    "¿Con qué frecuencia en el curso del último año no pudo hacer lo que se esperaba de usted "
    "porque había bebido?",
    "¿Con qué frecuencia en el curso del último año ha necesitado beber en ayunas para "
    "recuperarse después de haber bebido mucho el día anterior?",
    "¿Con qué frecuencia en el curso del último año ha tenido remordimientos o sentimientos de "
    "culpa después de haber bebido?",
    "¿Con qué frecuencia en el curso del último año no ha podido recordar lo que sucedió la "
    "noche anterior porque había estado bebiendo?",
    "¿Usted o alguna otra persona ha resultado herido porque usted había bebido?",
    "¿Algún familiar, amigo, médico o profesional sanitario ha mostrado preocupación por su "
    "consumo de bebidas alcohólicas o le han indicado que deje de beber?",
]
AUDIT_1 = {
    "Nunca": (0, 0),
    "Una o menos veces al mes": (1, 1),
    "De 2 a 4 veces al mes": (2, 2),
    "De 2 a 3 veces a la semana": (3, 3),
    "4 o más veces a la semana": (4, 4),
}
AUDIT_2 = {
    "1 o 2": (0, 0),
    "3 o 4": (1, 1),
    "5 o 6": (2, 2),
    "De 7 a 9": (3, 3),
    "10 o más": (4, 4),
}
HOW_OFTEN = {
    "Nunca": (0, 0),
    "Menos de una vez al mes": (1, 1),
    "Mensualmente": (2, 2),
    "Semanalmente": (3, 3),
    "A diario o casi a diario": (4, 4),  # one public copy scores it 5
}
CONCERN = {  # one public copy codes these 0/1/2
    "No": (0, 0),
    "Sí, pero no en el curso del último año": (2, 2),
    "Sí, el último año": (4, 4),
}


def test_audit_spanish_is_the_who_manual_word_for_word(bank: Bank) -> None:
    q = _q(bank, "audit")
    assert q.languages == ["en", "es"]
    assert [item.text["es"] for item in q.items()] == AUDIT_ITEMS
    assert q.translations["es"].status == "official-unverified"
    assert "[who-audit-es-2001]" in (q.translations["es"].source or "")


@pytest.mark.parametrize(
    ("item_id", "expected"),
    [
        ("audit_1", AUDIT_1),
        ("audit_2", AUDIT_2),
        *((f"audit_{n}", HOW_OFTEN) for n in range(3, 9)),
        ("audit_9", CONCERN),
        ("audit_10", CONCERN),
    ],
)
def test_audit_spanish_choices_have_the_published_points(
    bank: Bank, item_id: str, expected: dict[str, tuple[int, int]]
) -> None:
    assert _choices(bank, item_id, "es") == expected


def test_audit_answered_by_the_spanish_choices_scores_as_published(bank: Bank) -> None:
    """Answers picked by their Spanish words give the WHO totals: the worst answer to every
    question is 40 (so "A diario o casi a diario" is 4 and question 9 and 10's "Sí, el último
    año" is 4), and the AUDIT-C of questions 1-3 is 12."""
    by_words = {
        item_id: _choices(bank, item_id, "es") for item_id in bank.instruments["audit"].items
    }
    worst = {"audit_1": "4 o más veces a la semana", "audit_2": "10 o más"}
    worst |= {f"audit_{n}": "A diario o casi a diario" for n in range(3, 9)}
    worst |= {"audit_9": "Sí, el último año", "audit_10": "Sí, el último año"}
    answers = {item_id: by_words[item_id][words][0] for item_id, words in worst.items()}
    assert score_instrument(bank, "audit", answers).total == 40
    assert score_instrument(bank, "audit_c", answers).total == 12
    middle = dict(answers, audit_9=by_words["audit_9"]["Sí, pero no en el curso del último año"][0])
    assert score_instrument(bank, "audit", middle).total == 38


def test_every_spanish_choice_is_the_english_choice_with_other_words(bank: Bank) -> None:
    """Same values, same points, same order: only the words differ, in every file that offers
    Spanish."""
    for q in bank.questionnaires:
        if "es" not in q.languages:
            continue
        for item in q.items():
            options = options_of(item, q) or []
            english = [(o.value, o.score) for o in options if "en" in o.label]
            spanish = [(o.value, o.score) for o in options if "es" in o.label]
            assert spanish == english, item.id
            labels = [o.label["es"] for o in options]
            assert len(set(labels)) == len(labels), item.id


# --- The drink definition -------------------------------------------------------------------

DRINK = (
    "Cuente como una bebida: una lata o botella de cerveza (12 onzas), una copa de vino (5 "
    "onzas), o un coctel o un trago de licor (1.5 onzas). Cada una tiene unos 14 gramos de "
    "alcohol. Un vaso más grande o una cerveza fuerte cuenta como más de una."
)


def _help_es(bank: Bank, item_id: str) -> str:
    item: Item = bank.items[item_id].item
    assert item.help is not None
    return item.help["es"]


def test_a_us_standard_drink_is_defined_in_spanish_wherever_drinks_are_counted(bank: Bank) -> None:
    assert _help_es(bank, "audit_2") == (
        "Una consumición es una bebida estándar de Estados Unidos. " + DRINK
    )
    assert _help_es(bank, "alcohol_drinks") == DRINK
    # the English help keeps its own words
    assert bank.items["audit_2"].item.help == {
        "en": "Count one drink as a can or bottle of beer, a glass of wine, a wine cooler, or one "
        "mixed drink or shot of liquor (like vodka or whiskey). A bigger glass or a strong beer "
        "counts as more than one.",
        "es": _help_es(bank, "audit_2"),
    }


# --- DAST-10 and SCOFF: no Spanish questions -----------------------------------------------

NOTE = (
    "Este cuestionario no está disponible en español en esta versión. Se muestran las preguntas "
    "en inglés."
)


@pytest.mark.parametrize("qid", ["dast10", "scoff"])
def test_dast10_and_scoff_carry_no_spanish_questions(bank: Bank, qid: str) -> None:
    q = _q(bank, qid)
    assert q.languages == ["en"]
    record = q.translations["es"]
    assert (record.status, record.note) == ("missing", NOTE)
    for section in q.sections:
        assert section.intro is None or "es" not in section.intro
    for item in q.items():
        assert "es" not in item.text, item.id
        assert item.help is None or "es" not in item.help, item.id
        for option in options_of(item, q) or []:
            assert "es" not in option.label, item.id


def test_every_spanish_text_of_an_offered_language_is_there(bank: Bank) -> None:
    """The files that declare Spanish have it in every text (the loader checks this; here it
    is checked on the loaded models, so a loader that stopped checking would be caught)."""
    offered = [q for q in bank.questionnaires if "es" in q.languages]
    assert {q.id for q in offered} == {"core", "phq9", "gad7", "audit"}
    for q in offered:
        assert "es" in q.title and "es" in q.description, q.id
        for section in q.sections:
            assert "es" in section.title, section.id
            assert section.intro is None or "es" in section.intro, section.id
        for item in q.items():
            assert "es" in item.text, item.id
            assert item.help is None or "es" in item.help, item.id
            assert item.unit is None or "es" in item.unit, item.id
        for instrument in q.instruments:
            assert "es" in instrument.title
            bands = [*instrument.bands, *(b for v in instrument.band_variants for b in v.bands)]
            bands += [b for sub in instrument.subscales for b in sub.bands]
            assert all("es" in band.label for band in bands), instrument.id
