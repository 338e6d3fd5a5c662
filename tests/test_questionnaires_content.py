"""The bundled questionnaires match the public contract (instruments and core items, version 2).

The contract tables are copied here as data, so a renamed id, a dropped option value, a changed
range or a moved band boundary fails a test instead of silently breaking saved sessions, counselors'
answer files and batch inputs. Published wording is checked word for word against
shared/reference/clinical.md Appendix A (and the BMJ article for SCOFF item 3).
"""

from __future__ import annotations

import pytest

from iop_assess.bank import Answers, Bank, load_bank
from iop_assess.model import DECLINED, Band
from iop_assess.scoring import score_instrument

# ---------------------------------------------------------------------------------------------
# Contract §3: core items the rules read. (type, option values) or (type, (min, max)).

YES_NO = ("yes", "no")
DAYS = (0, 30)

CORE_ITEMS: dict[str, tuple[str, tuple[str, ...] | tuple[int, int]]] = {
    "age": ("integer", (12, 120)),
    "sex": ("single", ("female", "male", "other")),
    "alcohol_past_year": ("single", YES_NO),
    "drugs_past_year": ("single", YES_NO),
    "prescribed_meds": ("single", YES_NO),
    "prescribed_as_directed": (
        "multiple",
        ("opioids", "benzodiazepines", "stimulants", "none"),
    ),
    "moud_now": ("single", YES_NO),
    "overdose_past_year": ("single", YES_NO),
    "injection_use": ("single", YES_NO),
    "withdrawal_support": ("single", YES_NO),
    "substances": (
        "multiple",
        ("alcohol", "opioids", "benzodiazepines", "stimulants", "cannabis", "other", "none"),
    ),
    "alcohol_days": ("integer", DAYS),
    "opioids_days": ("integer", DAYS),
    "benzodiazepines_days": ("integer", DAYS),
    "stimulants_days": ("integer", DAYS),
    "cannabis_days": ("integer", DAYS),
    "other_days": ("integer", DAYS),
    "alcohol_drinks": ("integer", (0, 99)),
    "withdrawal_history": (
        "multiple",
        (
            "none",
            "shakes_sweats",
            "sick_vomiting",
            "hallucinations",
            "seizures",
            "delirium_tremens",
        ),
    ),
    "withdrawal_now": ("single", ("none", "mild", "moderate", "severe")),
    "medical_urgent": ("single", YES_NO),
    "medical_conditions": ("single", YES_NO),
    "pregnant": ("single", ("yes", "no", "unsure", "not_applicable")),
    "suicide_plan": ("single", YES_NO),
    "danger_now": ("single", YES_NO),
    "readiness": ("single", ("not_ready", "unsure", "ready", "already_changing")),
    "prior_treatment": (
        "multiple",
        ("none", "detox", "outpatient", "iop", "residential", "medication"),
    ),
    "returned_to_use": ("single", ("yes", "no", "not_applicable")),
    "housing": ("single", ("stable", "unstable", "homeless")),
    "home_use": ("single", YES_NO),
    "home_safe": ("single", YES_NO),
    "sober_support": ("single", ("none", "some", "strong")),
    "transport": ("single", YES_NO),
    "time_available": ("single", YES_NO),
    "obligations": ("multiple", ("job", "school", "children", "caregiving", "none")),
    "recent_discharge": ("single", YES_NO),
}

SUBSTANCE_DAYS = {
    "alcohol": "alcohol_days",
    "opioids": "opioids_days",
    "benzodiazepines": "benzodiazepines_days",
    "stimulants": "stimulants_days",
    "cannabis": "cannabis_days",
    "other": "other_days",
}

# ---------------------------------------------------------------------------------------------
# Contract §2: instruments. Each item: {option value: points}; bands: {id: (min, max)}.

FREQ_0_4: dict[str | int, int] = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4}
FREQ_0_3: dict[str | int, int] = {0: 0, 1: 1, 2: 2, 3: 3}
YES_1: dict[str | int, int] = {"yes": 1, "no": 0}


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}_{n}" for n in range(1, count + 1)]


INSTRUMENT_ITEMS: dict[str, dict[str, dict[str | int, int]]] = {
    "audit": {
        **dict.fromkeys(_ids("audit", 8), FREQ_0_4),
        "audit_9": {0: 0, 2: 2, 4: 4},
        "audit_10": {0: 0, 2: 2, 4: 4},
    },
    "audit_c": dict.fromkeys(_ids("audit", 3), FREQ_0_4),
    "dast10": dict.fromkeys(_ids("dast10", 10), YES_1),
    "phq9": dict.fromkeys(_ids("phq9", 9), FREQ_0_3),
    "gad7": dict.fromkeys(_ids("gad7", 7), FREQ_0_3),
    "scoff": dict.fromkeys(_ids("scoff", 5), YES_1),
}

TOTAL_MAX = {"audit": 40, "audit_c": 12, "dast10": 10, "phq9": 27, "gad7": 21, "scoff": 5}

BANDS: dict[str, dict[str, tuple[int, int]]] = {
    "audit": {
        "low_risk": (0, 7),
        "hazardous": (8, 15),
        "harmful": (16, 19),
        "possible_dependence": (20, 40),
    },
    "audit_c": {"negative": (0, 2), "positive": (3, 12)},
    "dast10": {
        "none": (0, 0),
        "low": (1, 2),
        "moderate": (3, 5),
        "substantial": (6, 8),
        "severe": (9, 10),
    },
    "phq9": {
        "minimal": (0, 4),
        "mild": (5, 9),
        "moderate": (10, 14),
        "moderately_severe": (15, 19),
        "severe": (20, 27),
    },
    "gad7": {"minimal": (0, 4), "mild": (5, 9), "moderate": (10, 14), "severe": (15, 21)},
    "scoff": {"negative": (0, 1), "positive": (2, 5)},
}

AUDIT_C_MALE = {"negative": (0, 3), "positive": (4, 12)}

# ---------------------------------------------------------------------------------------------
# Published wording (clinical.md Appendix A). Our files must carry it verbatim.

PUBLISHED = {
    "phq9_1": "Little interest or pleasure in doing things",
    "phq9_2": "Feeling down, depressed, or hopeless",
    "phq9_3": "Trouble falling or staying asleep, or sleeping too much",
    "phq9_4": "Feeling tired or having little energy",
    "phq9_5": "Poor appetite or overeating",
    "phq9_6": "Feeling bad about yourself — or that you are a failure or have let yourself or "
    "your family down",
    "phq9_7": "Trouble concentrating on things, such as reading the newspaper or watching "
    "television",
    "phq9_8": "Moving or speaking so slowly that other people could have noticed? Or the "
    "opposite — being so fidgety or restless that you have been moving around a lot more than "
    "usual",
    "phq9_9": "Thoughts that you would be better off dead or of hurting yourself in some way",
    "gad7_1": "Feeling nervous, anxious or on edge",
    "gad7_2": "Not being able to stop or control worrying",
    "gad7_3": "Worrying too much about different things",
    "gad7_4": "Trouble relaxing",
    "gad7_5": "Being so restless that it is hard to sit still",
    "gad7_6": "Becoming easily annoyed or irritable",
    "gad7_7": "Feeling afraid as if something awful might happen",
    "audit_1": "How often do you have a drink containing alcohol?",
    "audit_2": "How many drinks containing alcohol do you have on a typical day when you are "
    "drinking?",
    "audit_3": "How often do you have six or more drinks on one occasion?",
    "audit_4": "How often during the last year have you found that you were not able to stop "
    "drinking once you had started?",
    "audit_5": "How often during the last year have you failed to do what was normally expected "
    "from you because of drinking?",
    "audit_6": "How often during the last year have you needed a first drink in the morning to "
    "get yourself going after a heavy drinking session?",
    "audit_7": "How often during the last year have you had a feeling of guilt or remorse after "
    "drinking?",
    "audit_8": "How often during the last year have you been unable to remember what happened "
    "the night before because you had been drinking?",
    "audit_9": "Have you or someone else been injured as a result of your drinking?",
    "audit_10": "Has a relative or friend or a doctor or another health worker been concerned "
    "about your drinking or suggested you cut down?",
    "dast10_1": "Have you used drugs other than those required for medical reasons?",
    "dast10_2": "Do you abuse more than one drug at a time?",
    "dast10_3": "Are you always able to stop using drugs when you want to?",
    "dast10_4": 'Have you had "blackouts" or "flashbacks" as a result of drug use?',
    "dast10_5": "Do you ever feel bad or guilty about your drug use?",
    "dast10_6": "Does your spouse (or parents) ever complain about your involvement with drugs?",
    "dast10_7": "Have you neglected your family because of your use of drugs?",
    "dast10_8": "Have you engaged in illegal activities in order to obtain drugs?",
    "dast10_9": "Have you ever experienced withdrawal symptoms (felt sick) when you stopped "
    "taking drugs?",
    "dast10_10": "Have you had medical problems as a result of your drug use (e.g., memory loss, "
    "hepatitis, convulsions, bleeding, etc.)?",
    "scoff_1": "Do you make yourself Sick because you feel uncomfortably full?",
    "scoff_2": "Do you worry you have lost Control over how much you eat?",
    # The BMJ article's own words; the pounds and kilograms are in the help text.
    "scoff_3": "Have you recently lost more than One stone in a 3 month period?",
    "scoff_4": "Do you believe yourself to be Fat when others say you are too thin?",
    "scoff_5": "Would you say that Food dominates your life?",
}

PUBLISHED_OPTIONS: dict[str, list[str]] = {
    "audit_1": [
        "Never",
        "Monthly or less",
        "2 to 4 times a month",
        "2 to 3 times a week",
        "4 or more times a week",
    ],
    "audit_2": ["1 or 2", "3 or 4", "5 or 6", "7, 8, or 9", "10 or more"],
    **{
        item: ["Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"]
        for item in ("audit_3", "audit_4", "audit_5", "audit_6", "audit_7", "audit_8")
    },
    "audit_9": ["No", "Yes, but not in the last year", "Yes, during the last year"],
    "audit_10": ["No", "Yes, but not in the last year", "Yes, during the last year"],
    **{
        item: ["Not at all", "Several days", "More than half the days", "Nearly every day"]
        for item in _ids("phq9", 9) + _ids("gad7", 7)
    },
}

TWO_WEEK_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
AUDIT_OPENING = (
    "Now I am going to ask you some questions about your use of alcoholic beverages during this "
    "past year."
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _values(bank: Bank, item_id: str) -> list[str]:
    return [str(o.value) for o in bank.items[item_id].options or ()]


def _bands(bands: list[Band]) -> dict[str, tuple[int, int]]:
    return {b.id: (b.min, b.max) for b in bands}


# -- §3 core items ----------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", sorted(CORE_ITEMS))
def test_core_item_matches_contract(bank: Bank, item_id: str) -> None:
    assert item_id in bank.items, f"contract item '{item_id}' is missing from the bank"
    ref = bank.items[item_id]
    kind, spec = CORE_ITEMS[item_id]
    # A ``yes_no`` item is a single choice between the values yes and no (model.py).
    actual_kind = "single" if ref.item.type == "yes_no" else ref.item.type
    assert actual_kind == kind
    if kind == "integer":
        assert (ref.item.min, ref.item.max) == spec
        assert ref.options is None
    else:
        values = _values(bank, item_id)
        assert len(values) == len(set(values))
        assert sorted(values) == sorted(str(v) for v in spec)


def test_every_contract_item_lives_in_the_core_questionnaire(bank: Bank) -> None:
    owners = {item_id: bank.items[item_id].questionnaire.id for item_id in CORE_ITEMS}
    assert set(owners.values()) == {"core"}
    core = next(q for q in bank.questionnaires if q.id == "core")
    assert core.version == "3.0.0"
    assert {item.id for item in core.items()} == set(CORE_ITEMS)


@pytest.mark.parametrize(
    "item_id",
    [
        "substances",
        "prescribed_as_directed",
        "withdrawal_history",
        "prior_treatment",
        "obligations",
    ],
)
def test_none_cannot_be_chosen_with_other_options(bank: Bank, item_id: str) -> None:
    exclusive = {str(o.value) for o in bank.items[item_id].options or () if o.exclusive}
    assert exclusive == {"none"}


# -- §2 instruments ---------------------------------------------------------------------------


def test_bank_has_exactly_the_contract_instruments(bank: Bank) -> None:
    assert set(bank.instruments) == set(INSTRUMENT_ITEMS)


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENT_ITEMS))
def test_instrument_items_values_and_points(bank: Bank, instrument_id: str) -> None:
    instrument = bank.instruments[instrument_id]
    expected = INSTRUMENT_ITEMS[instrument_id]
    assert instrument.items == list(expected)
    for item_id, points in expected.items():
        options = bank.items[item_id].options or ()
        assert {o.value: o.score for o in options} == points, item_id
    top = sum(max(points.values()) for points in expected.values())
    assert top == TOTAL_MAX[instrument_id]


@pytest.mark.parametrize("instrument_id", sorted(BANDS))
def test_instrument_bands(bank: Bank, instrument_id: str) -> None:
    assert _bands(bank.instruments[instrument_id].bands) == BANDS[instrument_id]


def test_audit_c_uses_the_male_cut_off_only_for_men(bank: Bank) -> None:
    audit_c = bank.instruments["audit_c"]
    assert len(audit_c.band_variants) == 1
    variant = audit_c.band_variants[0]
    assert _bands(variant.bands) == AUDIT_C_MALE
    assert bank.check(variant.when, {"sex": "male"}) is True
    for sex in ("female", "other", DECLINED):
        assert bank.check(variant.when, {"sex": sex}) is not True
    assert bank.check(variant.when, {}) is not True


@pytest.mark.parametrize(
    ("sex", "band"),
    [("male", "negative"), ("female", "positive"), ("other", "positive"), (DECLINED, "positive")],
)
def test_audit_c_total_of_3_by_sex(bank: Bank, sex: str, band: str) -> None:
    answers: Answers = {"alcohol_past_year": "yes", "audit_1": 1, "audit_2": 1, "audit_3": 1}
    score = score_instrument(bank, "audit_c", {**answers, "sex": sex})
    assert (score.total, score.band) == (3, band)


def test_audit_c_total_of_3_without_sex_uses_the_lower_cut_off(bank: Bank) -> None:
    answers: Answers = {"alcohol_past_year": "yes", "audit_1": 1, "audit_2": 1, "audit_3": 1}
    assert score_instrument(bank, "audit_c", answers).band == "positive"


def test_dast10_item_3_is_reversed(bank: Bank) -> None:
    assert bank.instruments["dast10"].reverse == ["dast10_3"]
    all_no: dict[str, str] = dict.fromkeys(_ids("dast10", 10), "no")
    # "No" to "always able to stop" is the one answer of ten that scores.
    assert score_instrument(bank, "dast10", all_no).total == 1
    assert score_instrument(bank, "dast10", {**all_no, "dast10_3": "yes"}).band == "none"


def test_who_skip_rule_zeroes_items_2_to_8_when_item_1_is_never(bank: Bank) -> None:
    expected = {"audit": set(_ids("audit", 8)[1:]), "audit_c": {"audit_2", "audit_3"}}
    for instrument_id, zeroed in expected.items():
        (rule,) = bank.instruments[instrument_id].skip
        assert set(rule.zero) == zeroed
        assert bank.check(rule.when, {"audit_1": 0}) is True
        for often in (1, 2, 3, 4):
            assert bank.check(rule.when, {"audit_1": often}) is False


def test_audit_subscales(bank: Bank) -> None:
    subscales = {s.id: s.items for s in bank.instruments["audit"].subscales}
    assert subscales == {
        "consumption": ["audit_1", "audit_2", "audit_3"],
        "dependence": ["audit_4", "audit_5", "audit_6"],
        "harm": ["audit_7", "audit_8", "audit_9", "audit_10"],
    }


# -- display conditions -------------------------------------------------------------------------


def test_audit_only_when_alcohol_in_the_past_year(bank: Bank) -> None:
    audit = _ids("audit", 10)
    assert all(bank.applies(i, {"alcohol_past_year": "yes", "audit_1": 2}) for i in audit)
    assert not any(bank.applies(i, {"alcohol_past_year": "no"}) for i in audit)


def test_audit_items_2_to_8_skipped_when_item_1_is_never(bank: Bank) -> None:
    never: Answers = {"alcohol_past_year": "yes", "audit_1": 0}
    assert [i for i in _ids("audit", 10) if bank.with_full().applies(i, never)] == [
        "audit_1",
        "audit_9",
        "audit_10",
    ]
    # in the short screen, "never" makes the AUDIT-C 0: below its cut-off, so 9 and 10 go too
    assert [i for i in _ids("audit", 10) if bank.applies(i, never)] == ["audit_1"]


def test_dast10_only_when_drugs_in_the_past_year(bank: Bank) -> None:
    dast = _ids("dast10", 10)
    assert all(bank.applies(i, {"drugs_past_year": "yes"}) for i in dast)
    assert not any(bank.applies(i, {"drugs_past_year": "no"}) for i in dast)


def test_phq9_gad7_scoff_asked_of_everyone(bank: Bank) -> None:
    nothing: Answers = {"alcohol_past_year": "no", "drugs_past_year": "no", "substances": ["none"]}
    for item_id in _ids("phq9", 9) + _ids("gad7", 7) + _ids("scoff", 5):
        assert bank.applies(item_id, nothing), item_id


@pytest.mark.parametrize("answers", [{}, {"phq9_9": DECLINED}, *({"phq9_9": n} for n in range(4))])
def test_suicide_plan_asked_of_everyone_whatever_item_9_says(bank: Bank, answers: Answers) -> None:
    assert bank.items["suicide_plan"].item.show_if is None
    assert bank.applies("suicide_plan", answers)


@pytest.mark.parametrize(
    ("sex", "asked"), [("male", False), ("female", True), ("other", True), (DECLINED, True)]
)
def test_pregnant_not_asked_when_sex_is_male(bank: Bank, sex: str, asked: bool) -> None:
    assert bank.applies("pregnant", {"sex": sex}) is asked
    assert bank.applies("pregnant", {})


@pytest.mark.parametrize(
    ("gates", "asked"),
    [
        ({"alcohol_past_year": "no", "drugs_past_year": "no", "prescribed_meds": "no"}, False),
        ({"alcohol_past_year": "yes", "drugs_past_year": "no", "prescribed_meds": "no"}, True),
        ({"alcohol_past_year": "no", "drugs_past_year": "yes", "prescribed_meds": "no"}, True),
        ({"alcohol_past_year": "no", "drugs_past_year": "no", "prescribed_meds": "yes"}, True),
        ({"alcohol_past_year": "no", "drugs_past_year": "no"}, True),
    ],
)
def test_substances_asked_when_a_gate_or_prescribed_meds_is_yes(
    bank: Bank, gates: Answers, asked: bool
) -> None:
    assert bank.applies("substances", gates) is asked
    # with substances not asked, its follow-ups are not asked either
    assert bank.applies("alcohol_days", gates) is asked
    assert bank.applies("withdrawal_support", gates) is asked


def test_prescribed_meds_asked_of_everyone(bank: Bank) -> None:
    nothing: Answers = {"alcohol_past_year": "no", "drugs_past_year": "no"}
    assert bank.items["prescribed_meds"].item.show_if is None
    assert bank.applies("prescribed_meds", nothing)


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({"substances": ["opioids"]}, True),
        ({"substances": ["benzodiazepines"]}, True),
        ({"substances": ["stimulants", "alcohol"]}, True),
        ({"substances": ["alcohol", "cannabis", "other"]}, False),
    ],
)
def test_prescribed_as_directed_only_for_medicines_a_doctor_may_prescribe(
    bank: Bank, answers: Answers, asked: bool
) -> None:
    assert bank.applies("prescribed_as_directed", answers) is asked


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({"substances": ["opioids"], "prescribed_meds": "no"}, True),
        ({"substances": ["alcohol"], "prescribed_meds": "yes"}, True),
        ({"substances": ["alcohol"], "prescribed_meds": "no"}, False),
    ],
)
def test_moud_now_for_opioids_or_prescribed_medicine(
    bank: Bank, answers: Answers, asked: bool
) -> None:
    assert bank.applies("moud_now", answers) is asked


@pytest.mark.parametrize("item_id", ["overdose_past_year", "injection_use"])
def test_overdose_and_injection_only_after_drugs_in_the_past_year(bank: Bank, item_id: str) -> None:
    assert bank.applies(item_id, {"drugs_past_year": "yes"})
    assert not bank.applies(item_id, {"drugs_past_year": "no"})


@pytest.mark.parametrize(
    ("chosen", "asked"),
    [("alcohol", True), ("benzodiazepines", True), ("other", True), ("opioids", False)],
)
def test_withdrawal_support_for_sedatives(bank: Bank, chosen: str, asked: bool) -> None:
    assert bank.applies("withdrawal_support", {"substances": [chosen]}) is asked


def test_danger_now_asked_of_everyone(bank: Bank) -> None:
    assert bank.applies("danger_now", {"phq9_9": 0})


@pytest.mark.parametrize("chosen", sorted(SUBSTANCE_DAYS))
def test_days_items_only_for_the_substance_chosen(bank: Bank, chosen: str) -> None:
    answers: Answers = {"substances": [chosen]}
    shown = {item for item in SUBSTANCE_DAYS.values() if bank.applies(item, answers)}
    assert shown == {SUBSTANCE_DAYS[chosen]}
    assert bank.applies("alcohol_drinks", answers) is (chosen == "alcohol")


def test_days_items_for_several_substances_and_for_none(bank: Bank) -> None:
    several: Answers = {"substances": ["opioids", "benzodiazepines", "alcohol"]}
    shown = {item for item in SUBSTANCE_DAYS.values() if bank.applies(item, several)}
    assert shown == {"opioids_days", "benzodiazepines_days", "alcohol_days"}
    none: Answers = {"substances": ["none"]}
    assert not any(bank.applies(item, none) for item in [*SUBSTANCE_DAYS.values()])
    assert not bank.applies("alcohol_drinks", none)


@pytest.mark.parametrize(
    ("prior", "asked"),
    [
        (["none"], False),
        (["detox"], True),
        (["outpatient"], True),
        (["iop"], True),
        (["residential"], True),
        (["medication"], True),
    ],
)
def test_returned_to_use_only_after_some_treatment(
    bank: Bank, prior: list[str | int], asked: bool
) -> None:
    assert bank.applies("returned_to_use", {"prior_treatment": prior}) is asked


def test_every_condition_reads_an_item_asked_earlier(bank: Bank) -> None:
    """A follow-up must come after the question it depends on, or it could never be decided."""
    position = {item_id: index for index, item_id in enumerate(bank.items)}
    for ref in bank.items.values():
        for cond in (ref.section.show_if, ref.item.show_if):
            if cond is None:
                continue
            for read in cond.items_read():
                assert position[read] < position[ref.item.id], (read, ref.item.id)
            for scale in cond.scores_read():
                for read in bank.scales[scale].items:
                    assert position[read] < position[ref.item.id], (scale, read, ref.item.id)


def test_sections_in_asking_order(bank: Bank) -> None:
    assert [(s.id, s.order, q.id) for s, q in bank.sections] == [
        ("about_you", 10, "core"),
        ("substance_use", 20, "core"),
        ("audit", 25, "audit"),
        ("dast10", 27, "dast10"),
        ("withdrawal_health", 30, "core"),
        ("health_now", 31, "core"),
        ("phq9", 40, "phq9"),
        ("safety", 41, "core"),
        ("gad7", 42, "gad7"),
        ("scoff", 43, "scoff"),
        ("treatment_readiness", 50, "core"),
        ("daily_life", 60, "core"),
        ("getting_care", 61, "core"),
    ]


# -- sources, licences, LOINC -------------------------------------------------------------------


def test_every_questionnaire_names_its_source_and_licence(bank: Bank) -> None:
    for q in bank.questionnaires:
        assert q.source.strip() and q.license.strip(), q.id
    licences = {q.id: q.license for q in bank.questionnaires}
    assert "WHO" in licences["audit"] and "non-commercial" in licences["audit"]
    assert "Skinner" in licences["dast10"] and "Non-commercial" in licences["dast10"]
    assert licences["scoff"].startswith("No licence statement found")
    assert "No permission is required" in licences["gad7"]
    assert licences["core"].startswith("MIT")


def test_every_instrument_cites_its_cut_offs(bank: Bank) -> None:
    cited = {i: bank.instruments[i].cutoff_source for i in bank.instruments}
    assert all(text.strip() for text in cited.values())
    assert "WHO/MSD/MSB/01.6a" in cited["audit"]
    assert "Bush" in cited["audit_c"] and "Bradley" in cited["audit_c"]
    assert "Spitzer" in cited["gad7"] and "2006" in cited["gad7"]
    assert "Morgan" in cited["scoff"] and "1999" in cited["scoff"]


def test_loinc_codes(bank: Bank) -> None:
    codes = {i: bank.instruments[i].loinc for i in ("audit", "audit_c", "dast10", "gad7")}
    assert codes == {
        "audit": "75624-7",
        "audit_c": "75626-2",
        "dast10": "82667-7",
        "gad7": "70274-6",
    }
    panels = {q.id: q.loinc for q in bank.questionnaires}
    assert (panels["audit"], panels["dast10"]) == ("72110-0", "82666-9")


# -- published wording --------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", sorted(PUBLISHED))
def test_published_item_wording_is_verbatim(bank: Bank, item_id: str) -> None:
    assert bank.items[item_id].item.text["en"] == PUBLISHED[item_id]


@pytest.mark.parametrize("item_id", sorted(PUBLISHED_OPTIONS))
def test_published_option_labels_are_verbatim(bank: Bank, item_id: str) -> None:
    labels = [o.label["en"] for o in bank.items[item_id].options or ()]
    assert labels == PUBLISHED_OPTIONS[item_id]


def test_published_stems_are_the_section_intros(bank: Bank) -> None:
    intros = {s.id: (s.intro or {}).get("en") for s, _ in bank.sections}
    assert intros["phq9"] == TWO_WEEK_STEM
    assert intros["gad7"] == TWO_WEEK_STEM
    assert intros["audit"] == AUDIT_OPENING
    dast = intros["dast10"] or ""
    assert "past 12 months" in dast and "alcohol or tobacco" in dast


# -- our own help texts that safety depends on -----------------------------------------------


@pytest.mark.parametrize(
    "item_id", ["medical_urgent", "withdrawal_now", "suicide_plan", "danger_now"]
)
def test_urgent_items_say_to_call_911_or_988(bank: Bank, item_id: str) -> None:
    help_text = (bank.items[item_id].item.help or {}).get("en", "")
    assert "If this is happening now, call 911 (or call or text 988)." in help_text


def test_sex_says_it_is_only_for_the_alcohol_cut_off(bank: Bank) -> None:
    help_text = (bank.items["sex"].item.help or {}).get("en", "")
    assert "only" in help_text and "alcohol score" in help_text


def test_instrument_help_explains_uk_words_and_drinks(bank: Bank) -> None:
    def help_of(item_id: str) -> str:
        return (bank.items[item_id].item.help or {}).get("en", "")

    assert "throw up" in help_of("scoff_1") and "vomit" in help_of("scoff_1")
    assert "14 pounds" in help_of("scoff_3") and "6.35 kg" in help_of("scoff_3")
    assert "beer" in help_of("audit_2") and "wine" in help_of("audit_2")
