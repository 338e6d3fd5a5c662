"""Real people, one for each finding of the clinical reviews: their answers are the files in
tests/assets/vignettes/ (each says who the person is), read the way ``iop-assess score`` reads
them. Each test checks what that person would notice: the level and what comes after, the
medication, the words they read, the resources; and that nothing names a substance they do not
use."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from conftest import record_of

from iop_assess.answers import read_answers
from iop_assess.assess import assess
from iop_assess.bank import Bank, load_bank
from iop_assess.errors import InputError
from iop_assess.report import Format, render
from iop_assess.result import Result, to_json
from iop_assess.rules import notes as note_words

VIGNETTES = Path(__file__).parent / "assets" / "vignettes"
NAMES = sorted(p.stem for p in VIGNETTES.glob("*.yaml"))
REFUSED = {"f7_contradictory_gates"}

MARKERS = {
    "alcohol": ("drink",),
    "benzodiazepines": ("benzo",),
    "opioids": ("opioid", "buprenorphine", "methadone"),
    "stimulants": ("stimulant",),
    "cannabis": ("cannabis",),
}
"""Words that name one substance (generic "alcohol or drug" wording names none)."""


@cache
def bank() -> Bank:
    return load_bank()


@cache
def score(name: str) -> Result:
    given = read_answers(bank(), VIGNETTES / f"{name}.yaml")
    return assess(bank(), given.answers, warnings=given.warnings)


def rules_of(result: Result) -> list[str]:
    return [r.rule for r in result.recommendation.reasons]


def resource_names(result: Result) -> list[str]:
    return [r.name for r in result.resources]


def said(result: Result) -> str:
    """Everything the plain text report says, on one line."""
    return " ".join(render(record_of(result), Format.text, plain=True, width=200).split())


def level(result: Result) -> tuple[str, str | None]:
    return result.recommendation.level, result.recommendation.then


# -- every vignette ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(NAMES) - REFUSED))
def test_notes_and_reasons_name_only_substances_the_person_uses(name: str) -> None:
    result = score(name)
    used = set(result.recommendation.substances)
    texts = list(result.recommendation.notes)
    texts += [r.text for r in result.recommendation.reasons]
    texts += [
        r.text for key, d in result.dimensions.items() if key != "environment" for r in d.reasons
    ]
    for substance, markers in MARKERS.items():
        if substance in used:
            continue
        for text in texts:
            assert not any(m in text.lower() for m in markers), (name, substance, text)


@pytest.mark.parametrize("name", sorted(set(NAMES) - REFUSED))
def test_a_dimension_shows_only_the_reasons_of_its_rating(name: str) -> None:
    from iop_assess.rules import RULES_BY_ID

    for dim in score(name).dimensions.values():
        ratings = {RULES_BY_ID[r.rule].rating for r in dim.reasons}
        assert ratings == {dim.rating}, (name, dim.id)


# -- finding 1: a suicide attempt with PHQ-9 item 9 at 0 ---------------------------------------


def test_f1_a_suicide_attempt_is_an_emergency_whatever_phq9_item_9_says() -> None:
    result = score("f1_attempt_item9_zero")
    assert result.instruments["phq9"].total == 9
    assert level(result) == ("emergency", "none")
    assert "suicide_risk" in result.flags and result.crisis
    assert rules_of(result)[:2] == ["level.emergency", "emotional.suicide_plan"]
    assert resource_names(result)[:2] == ["Emergency services", "988 Suicide & Crisis Lifeline"]
    text = said(result)
    assert text.startswith("GET HELP NOW")
    assert "Once you are safe, your answers do not point to alcohol or drug treatment." in text
    assert note_words.MENTAL_HEALTH in result.recommendation.notes


# -- finding 2: opioids lead to medication, never detox first -------------------------------


def test_f2_an_opioid_user_on_buprenorphine_keeps_it_and_is_not_sent_to_detox() -> None:
    result = score("f2_opioid_user_on_buprenorphine")
    assert level(result) == ("iop", None)
    assert result.recommendation.medication == ("opioids",)
    assert result.recommendation.asam == "2.7"
    assert result.dimensions["withdrawal"].rating == 2
    words = result.recommendation.medication_notes
    assert words[0] == note_words.MOUD_KEEP and note_words.MOUD_ADJUST in words
    assert "Naloxone (Narcan)" in resource_names(result)
    assert "detox" not in " ".join(r.text for r in result.recommendation.reasons).lower()


def test_f2_a_stable_methadone_patient_keeps_their_medicine_and_needs_no_new_level() -> None:
    result = score("f2_stable_methadone_patient")
    assert level(result) == ("none", None)
    assert result.recommendation.medication == ("opioids",)
    assert result.recommendation.medication_notes == (note_words.MOUD_KEEP,)
    assert result.recommendation.could_reach is None
    assert result.recommendation.asam is None
    assert "Naloxone (Narcan)" in resource_names(result)
    text = said(result)
    assert "do not point to more alcohol or drug treatment than you have now" in text
    assert note_words.PRESCRIBED_ONLY not in result.recommendation.notes  # methadone IS treatment


def test_f2_a_pregnant_person_using_opioids_gets_medication_and_prenatal_care() -> None:
    result = score("f2_pregnant_using_opioids")
    assert level(result) == ("iop", None)
    assert result.recommendation.medication == ("opioids",)
    assert {"pregnancy"} <= set(result.flags)
    words = result.recommendation.medication_notes
    assert note_words.MOUD_PREGNANCY in words
    assert not any("Naltrexone" in w for w in words)  # in pregnancy: buprenorphine or methadone
    assert note_words.PREGNANCY_OPIOIDS in result.recommendation.notes
    assert result.dimensions["biomedical"].rating == 2


# -- finding 3: daily fentanyl -----------------------------------------------------------------


def test_f3_daily_fentanyl_gets_withdrawal_risk_medication_and_naloxone() -> None:
    result = score("f3_daily_fentanyl")
    assert result.instruments["dast10"].total == 9
    withdrawal = result.dimensions["withdrawal"]
    assert withdrawal.rating == 2
    assert withdrawal.reasons[0].rule == "withdrawal.daily_opioids_with_history"
    assert "do not show signs of withdrawal risk" not in said(result)
    assert level(result) == ("iop", None)
    assert result.recommendation.medication == ("opioids",)
    assert resource_names(result)[0] == "Naloxone (Narcan)"
    finder = next(r for r in result.resources if r.name == "FindTreatment.gov")
    assert "medication treatment for opioid use" in finder.why


# -- finding 4: sedative risk factors decide where withdrawal care happens -------------------


@pytest.mark.parametrize(
    ("name", "then", "rules"),
    [
        ("f4_pregnant_heavy_drinker", "iop", {"withdrawal.pregnant_heavy_drinking"}),
        (
            "f4_homeless_ill_in_withdrawal",
            "residential",
            {"withdrawal.risk_illness", "withdrawal.risk_homeless", "withdrawal.risk_no_support"},
        ),
        ("f4_heavy_drinker_morning_and_benzos", "iop", {"withdrawal.risk_alcohol_and_benzos"}),
        ("s5_pregnancy_unsure_heavy_drinker", "iop", {"withdrawal.pregnant_heavy_drinking"}),
        ("s6_suicidal_thinking_heavy_drinker", "iop", {"withdrawal.risk_mood"}),
    ],
)
def test_f4_sedative_risk_factors_call_for_monitored_withdrawal_care(
    name: str, then: str, rules: set[str]
) -> None:
    result = score(name)
    assert level(result) == ("detox_first", then)
    assert result.recommendation.withdrawal_care == "monitored"
    assert result.recommendation.asam == "3.7"
    assert result.dimensions["withdrawal"].rating == 3
    assert rules <= {r.rule for r in result.dimensions["withdrawal"].reasons}
    text = said(result)
    assert "For you, this should be where staff can watch you day and night, not at home." in text
    assert "possible without an overnight stay" not in text.split("Why:")[0]


def test_f4_the_pregnant_drinker_is_told_about_prenatal_care_and_medicine() -> None:
    result = score("f4_pregnant_heavy_drinker")
    assert result.recommendation.medication == ("alcohol",)
    assert note_words.ALCOHOL_PREGNANCY in result.recommendation.medication_notes
    assert "pregnancy" in result.flags
    unsure = score("s5_pregnancy_unsure_heavy_drinker")
    assert note_words.PREGNANCY_TEST in unsure.recommendation.notes


def test_f4_homeless_and_ill_gets_housing_help() -> None:
    result = score("f4_homeless_ill_in_withdrawal")
    assert "211" in resource_names(result)
    assert result.recommendation.barriers == ("transport",)


# -- finding 5: people who use nothing ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "f5_no_use_unsafe_home_no_ride_depression",
        "f5_no_use_unsafe_home",
        "f5_no_use_no_ride",
        "f5_no_use_depression",
    ],
)
def test_f5_people_who_use_nothing_get_level_none_said_warmly(name: str) -> None:
    result = score(name)
    assert level(result) == ("none", None)
    assert result.recommendation.could_reach is None
    assert note_words.NO_USE in result.recommendation.notes
    assert result.dimensions["relapse"].rating == 0
    text = said(result)
    assert "Your answers do not point to a need for alcohol or drug treatment right now." in text
    assert "residential" not in text.lower()


def test_f5_an_unsafe_home_names_the_hotline_and_the_rest_names_what_applies() -> None:
    everything = score("f5_no_use_unsafe_home_no_ride_depression")
    assert "unsafe_home" in everything.flags
    notes = everything.recommendation.notes
    assert note_words.UNSAFE_HOME in notes and note_words.MENTAL_HEALTH in notes
    assert resource_names(everything)[0] == "National Domestic Violence Hotline"
    # without alcohol or drug use, getting to a program cannot matter: not asked (core@3.0.0)
    assert everything.recommendation.barriers == ()
    assert everything.dimensions["environment"].rating == 4
    html = render(record_of(everything), Format.html)
    assert '<a href="tel:+18007997233">Call 1-800-799-7233</a>' in html
    assert '<a href="sms:88788?body=START">Text START to 88788</a>' in html
    home_only = score("f5_no_use_unsafe_home")
    assert note_words.HOUSING not in home_only.recommendation.notes  # housing itself is stable


def test_f5_no_ride_and_no_time_are_never_risk_and_not_asked_without_use() -> None:
    result = score("f5_no_use_no_ride")
    assert result.dimensions["environment"].rating == 0
    assert result.recommendation.level == "none"
    assert result.recommendation.barriers == ()
    ignored = " ".join(result.warnings)
    assert "transport was answered, but it does not apply with the other answers" in ignored
    assert note_words.MENTAL_HEALTH not in result.recommendation.notes


def test_f5_depression_without_use_points_to_mental_health_care() -> None:
    result = score("f5_no_use_depression")
    assert result.instruments["phq9"].band == "moderately_severe"
    assert result.dimensions["emotional"].rating == 2
    assert note_words.MENTAL_HEALTH in result.recommendation.notes
    assert "Other answers point to help that may fit" in said(result)


@pytest.mark.parametrize(
    ("name", "other_help"),
    [
        ("f5_no_use_unsafe_home", True),
        ("f5_no_use_depression", True),
        ("f5_no_use_no_ride", False),
    ],
)
def test_f5_next_steps_lead_with_other_help_when_there_is_some(name: str, other_help: bool) -> None:
    # "Keep doing what works for you" is not the next step for someone who does not feel safe
    # at home or whose mood answers point to care
    steps = " ".join(
        said(score(name)).split("Next steps", 1)[1].split("Where to get help")[0].split()
    )
    assert ("Start with the notes above" in steps) is other_help
    assert ("Keep doing what works for you" in steps) is not other_help
    assert "SAMHSA's National Helpline at 1-800-662-4357" in steps


# -- finding 6: withdrawal that is not medically dangerous, and prescribed use ----------------


def test_f6_daily_cannabis_with_withdrawal_is_not_detox() -> None:
    result = score("f6_daily_cannabis_withdrawal")
    assert level(result) == ("outpatient", None)
    assert result.dimensions["withdrawal"].rating == 1
    assert note_words.OTHER_WITHDRAWAL.format(others="cannabis") in result.recommendation.notes


def test_f6_a_daily_prescribed_benzodiazepine_taken_as_directed_is_a_taper_not_detox() -> None:
    result = score("f6_prescribed_benzo_as_directed")
    assert level(result) == ("none", None)
    withdrawal = result.dimensions["withdrawal"]
    assert withdrawal.rating == 1
    assert [r.rule for r in withdrawal.reasons] == ["withdrawal.prescribed_daily"]
    assert "slow taper with your prescriber" in withdrawal.reasons[0].text
    assert "You take benzos every day as prescribed." in withdrawal.reasons[0].text
    assert result.dimensions["relapse"].rating == 0
    assert note_words.PRESCRIBED_ONLY in result.recommendation.notes
    assert "Naloxone (Narcan)" not in resource_names(result)


# -- finding 7: words that contradict or do not fit, contradictions, insufficient ------------


def test_f7_phq9_22_is_shown_as_severe_only() -> None:
    result = score("f7_phq9_22")
    emotional = result.dimensions["emotional"]
    assert [r.rule for r in emotional.reasons] == ["emotional.phq9_severe"]
    assert "mild" not in " ".join(r.text for r in emotional.reasons)


def test_f7_an_opioid_user_is_not_told_about_drinking_or_benzos() -> None:
    result = score("f7_opioid_only_withdrawal_advice")
    assert level(result) == ("iop", None)
    text = said(result).lower()
    assert "benzo" not in text.split("where to get help")[0]
    assert "drinking" not in text.split("where to get help")[0]
    assert note_words.OPIOIDS_NOT_DETOX in result.recommendation.notes


def test_f7_contradictory_past_year_answers_are_refused_naming_both_ids() -> None:
    with pytest.raises(InputError) as caught:
        read_answers(bank(), VIGNETTES / "f7_contradictory_gates.yaml")
    assert caught.value.exit_code == 4
    (problem,) = caught.value.problems
    assert "alcohol_days: alcohol_past_year and alcohol_days contradict each other" in problem
    assert not re.search(r"\b(30|no|6)\b", problem.split("alcohol_days: ", 1)[1])


def test_f7_known_daily_heavy_drinking_is_never_insufficient() -> None:
    result = score("f7_daily_heavy_drinking_only")
    assert level(result) == ("detox_first", "iop")
    assert result.recommendation.withdrawal_care == "with_clinician"
    assert result.recommendation.could_reach == "emergency"
    assert note_words.DETOX_SUPPORT_UNKNOWN in result.recommendation.notes
    assert "could point as high as urgent help now" in said(result)


def test_f7_a_past_year_yes_with_nothing_else_is_insufficient() -> None:
    result = score("f7_drinks_nothing_else_known")
    assert level(result) == ("insufficient", None)
    assert result.recommendation.could_reach == "emergency"
    assert {"alcohol_past_year", "substances"} <= set(result.missing)


# -- the second review ----------------------------------------------------------------------


def test_s1_naloxone_for_prescribed_opioids_and_for_stimulants() -> None:
    prescribed = score("s1_prescribed_opioid_naloxone")
    assert level(prescribed) == ("none", None)
    assert prescribed.recommendation.medication == ()
    assert "Naloxone (Narcan)" in resource_names(prescribed)
    stimulants = score("s1_stimulant_naloxone")
    assert level(stimulants) == ("outpatient", None)
    assert "Naloxone (Narcan)" in resource_names(stimulants)


def test_s3_high_alcohol_severity_starts_at_audit_20() -> None:
    seventeen = score("s3_audit_17")
    assert seventeen.instruments["audit"].total == 17
    assert level(seventeen) == ("outpatient", None)
    assert seventeen.recommendation.medication == ()
    twenty = score("s3_audit_20")
    assert twenty.instruments["audit"].total == 20
    assert level(twenty) == ("iop", None)
    assert twenty.recommendation.medication == ("alcohol",)
    assert "Naltrexone is not for anyone taking opioids" in " ".join(
        twenty.recommendation.medication_notes
    )


def test_s4_very_heavy_daily_drinking_needs_a_withdrawal_plan_without_past_symptoms() -> None:
    result = score("s4_very_heavy_no_history")
    assert level(result) == ("detox_first", "iop")
    assert result.recommendation.withdrawal_care == "with_clinician"
    assert result.recommendation.asam == "2.7"
    assert [r.rule for r in result.dimensions["withdrawal"].reasons] == [
        "withdrawal.very_heavy_drinking"
    ]
    assert note_words.DETOX_WITH_SUPPORT in result.recommendation.notes


def test_s7_youth_services_lead_every_output() -> None:
    result = score("s7_youth_cannabis")
    assert "youth" in result.flags
    assert resource_names(result)[0] == "Services for young people"
    text = said(result)
    assert text.startswith("BUILT FOR ADULTS")
    assert "What may fit: Services for young people first" in text
    assert text.index("This tool is built for adults") < text.index("outpatient care may fit")
    markdown = render(record_of(result), Format.md)
    assert markdown.startswith("# Built for adults")
    assert to_json(result)["flags"] == ["youth"]
