"""One test per rule: it fires on its minimal answers and not on the neighbour just below."""

from __future__ import annotations

from typing import Any

import pytest
from test_rules_risk import CALM, DRINKER, audit, bank, dast, fired, gad, phq, run, scoff

from iop_assess import __version__
from iop_assess.assess import assess
from iop_assess.rules import RULES
from iop_assess.rules.base import SEVERITY_CUTS

HEAVY = DRINKER | {"alcohol_days": 20, "alcohol_drinks": 5}
OFTEN_DRINKER = DRINKER | {"alcohol_days": 10}
"""Drinking on 10 days a month: past withdrawal is asked from here on (core.yaml)."""
MODERATE = DRINKER | audit(8)
DRUGS_NO_RISK = {"overdose_past_year": "no", "injection_use": "no"}
BENZOS = (
    CALM
    | DRUGS_NO_RISK
    | {
        "drugs_past_year": "yes",
        "substances": ["benzodiazepines"],
        "benzodiazepines_days": 4,
        "prescribed_as_directed": ["none"],
        "withdrawal_support": "yes",
    }
    | dast(1)
)
OFTEN_BENZOS = BENZOS | {"benzodiazepines_days": 10}
OPIOIDS = (
    CALM
    | DRUGS_NO_RISK
    | {
        "drugs_past_year": "yes",
        "substances": ["opioids"],
        "opioids_days": 5,
        "prescribed_as_directed": ["none"],
        "moud_now": "no",
    }
    | dast(4)
)
CANNABIS = (
    CALM
    | DRUGS_NO_RISK
    | {
        "drugs_past_year": "yes",
        "substances": ["cannabis"],
        "cannabis_days": 25,
    }
    | dast(2)
)
PRESCRIBED_BENZO = CALM | {
    "prescribed_meds": "yes",
    "substances": ["benzodiazepines"],
    "benzodiazepines_days": 20,
    "prescribed_as_directed": ["benzodiazepines"],
    "moud_now": "no",
    "withdrawal_support": "yes",
}
BOTH = (
    OFTEN_BENZOS
    | {
        "alcohol_past_year": "yes",
        "substances": ["alcohol", "benzodiazepines"],
        "alcohol_days": 2,
        "alcohol_drinks": 2,
    }
    | audit(5)
)
MILD_NOW = DRINKER | {"alcohol_days": 10, "withdrawal_now": "mild"}
EMPTY: dict[str, Any] = {}


def without(raw: dict[str, Any], *items: str) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in items}


# rule id: (answers that fire it, the neighbour just below that does not)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # withdrawal
    "withdrawal.severe_now": (
        DRINKER | {"withdrawal_now": "severe"},
        DRINKER | {"withdrawal_now": "moderate"},
    ),
    "withdrawal.complicated_history": (
        DRINKER | {"alcohol_days": 10, "withdrawal_history": ["seizures"]},
        DRINKER | {"alcohol_days": 9, "withdrawal_history": ["seizures"]},
    ),
    "withdrawal.daily_benzodiazepines": (
        BENZOS | {"benzodiazepines_days": 20},
        BENZOS | {"benzodiazepines_days": 19},
    ),
    "withdrawal.moderate_now": (
        DRINKER | {"withdrawal_now": "moderate"},
        DRINKER | {"withdrawal_now": "mild"},
    ),
    "withdrawal.older_heavy_drinking": (HEAVY | {"age": 66}, HEAVY | {"age": 65}),
    "withdrawal.pregnant_heavy_drinking": (
        HEAVY | {"pregnant": "unsure"},
        HEAVY | {"pregnant": "no"},
    ),
    "withdrawal.risk_pregnancy": (
        OFTEN_BENZOS | {"pregnant": "yes"},
        OFTEN_BENZOS | {"pregnant": "no"},
    ),
    "withdrawal.risk_illness": (
        OFTEN_BENZOS | {"medical_conditions": "yes"},
        BENZOS | {"benzodiazepines_days": 9, "medical_conditions": "yes"},
    ),
    "withdrawal.risk_older": (OFTEN_BENZOS | {"age": 66}, OFTEN_BENZOS | {"age": 65}),
    "withdrawal.risk_homeless": (
        OFTEN_BENZOS | {"housing": "homeless"},
        OFTEN_BENZOS | {"housing": "unstable"},
    ),
    "withdrawal.risk_no_support": (
        OFTEN_BENZOS | {"withdrawal_support": "no"},
        OFTEN_BENZOS | {"withdrawal_support": "yes"},
    ),
    "withdrawal.risk_mood": (OFTEN_BENZOS | phq(20), OFTEN_BENZOS | phq(19)),
    "withdrawal.risk_alcohol_and_benzos": (BOTH, BOTH | {"alcohol_days": 0}),
    "withdrawal.very_heavy_drinking": (
        DRINKER | {"alcohol_days": 20, "alcohol_drinks": 10},
        DRINKER | {"alcohol_days": 20, "alcohol_drinks": 9},
    ),
    "withdrawal.heavy_drinking_with_history": (
        HEAVY | {"withdrawal_history": ["shakes_sweats"]},
        HEAVY | {"withdrawal_history": ["shakes_sweats"], "alcohol_drinks": 4},
    ),
    "withdrawal.heavy_morning_drinking": (HEAVY | {"audit_6": 3}, HEAVY | {"audit_6": 2}),
    "withdrawal.benzodiazepines_often": (OFTEN_BENZOS, BENZOS | {"benzodiazepines_days": 9}),
    "withdrawal.mild_now_sedatives": (MILD_NOW, MILD_NOW | {"alcohol_days": 9}),
    "withdrawal.daily_opioids_with_history": (
        OPIOIDS | {"opioids_days": 20, "withdrawal_history": ["sick_vomiting"]},
        OPIOIDS | {"opioids_days": 19, "withdrawal_history": ["sick_vomiting"]},
    ),
    "withdrawal.opioid_now": (OPIOIDS | {"withdrawal_now": "mild"}, OPIOIDS),
    "withdrawal.past_symptoms": (
        OFTEN_DRINKER | {"withdrawal_history": ["sick_vomiting"]},
        OFTEN_DRINKER,
    ),
    "withdrawal.prescribed_daily": (
        PRESCRIBED_BENZO,
        PRESCRIBED_BENZO | {"benzodiazepines_days": 19},
    ),
    "withdrawal.prescribed_daily_seizures": (
        PRESCRIBED_BENZO | {"withdrawal_history": ["seizures"]},
        PRESCRIBED_BENZO | {"withdrawal_history": ["shakes_sweats"]},
    ),
    "withdrawal.signs_now": (DRINKER | {"withdrawal_now": "mild"}, DRINKER),
    "withdrawal.heavy_drinking": (HEAVY, HEAVY | {"alcohol_days": 19}),
    "withdrawal.daily_opioids": (
        OPIOIDS | {"opioids_days": 20},
        OPIOIDS | {"opioids_days": 19},
    ),
    "withdrawal.drug_withdrawal_before": (OPIOIDS | {"dast10_9": "yes"}, OPIOIDS),
    "withdrawal.none": (DRINKER, DRINKER | {"withdrawal_now": "mild"}),
    # biomedical
    "biomedical.urgent": (DRINKER | {"medical_urgent": "yes"}, DRINKER),
    "biomedical.conditions": (DRINKER | {"medical_conditions": "yes"}, DRINKER),
    "biomedical.pregnant_using": (
        DRINKER | {"pregnant": "unsure"},
        CALM | {"pregnant": "yes"},  # pregnant, no use
    ),
    "biomedical.injection": (OPIOIDS | {"injection_use": "yes"}, OPIOIDS),
    "biomedical.overdose": (OPIOIDS | {"overdose_past_year": "yes"}, OPIOIDS),
    "biomedical.older_using": (DRINKER | {"age": 66}, DRINKER | {"age": 65}),
    "biomedical.none": (DRINKER, DRINKER | {"medical_conditions": "yes"}),
    # emotional
    "emotional.suicide_plan": (
        DRINKER | {"suicide_plan": "yes"},
        DRINKER | phq(1, 1),
    ),
    "emotional.danger_now": (DRINKER | {"danger_now": "yes"}, DRINKER),
    "emotional.phq9_severe": (DRINKER | phq(20), DRINKER | phq(19)),
    "emotional.suicide_thoughts_often": (DRINKER | phq(2, 2), DRINKER | phq(1, 1)),
    "emotional.phq9_moderate": (DRINKER | phq(10), DRINKER | phq(9)),
    "emotional.gad7_moderate": (DRINKER | gad(10), DRINKER | gad(9)),
    "emotional.scoff_positive": (DRINKER | scoff(2), DRINKER | scoff(1)),
    "emotional.suicide_thoughts": (DRINKER | phq(1, 1), DRINKER | phq(1)),
    "emotional.mild": (DRINKER | gad(5), DRINKER | gad(4)),
    "emotional.none": (DRINKER, DRINKER | phq(5)),
    # readiness
    "readiness.not_ready": (
        DRINKER | {"readiness": "not_ready"},
        DRINKER | {"readiness": "unsure"},
    ),
    "readiness.unsure": (DRINKER | {"readiness": "unsure"}, DRINKER),
    "readiness.none": (
        DRINKER | {"readiness": "already_changing"},
        DRINKER | {"readiness": "unsure"},
    ),
    # relapse
    "relapse.returned_after_intensive": (
        MODERATE | {"prior_treatment": ["iop"], "returned_to_use": "yes"},
        MODERATE | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
    ),
    "relapse.high_severity": (DRINKER | audit(20), DRINKER | audit(19)),
    "relapse.returned_after_treatment": (
        MODERATE | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
        DRINKER | audit(7) | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
    ),
    "relapse.overdose": (OPIOIDS | {"overdose_past_year": "yes"}, OPIOIDS),
    "relapse.some_severity": (DRINKER, CALM),
    "relapse.none": (CALM, DRINKER),
    # environment
    "environment.unsafe_home": (DRINKER | {"home_safe": "no"}, DRINKER),
    "environment.homeless": (
        DRINKER | {"housing": "homeless"},
        DRINKER | {"housing": "unstable"},
    ),
    "environment.unstable_risky": (
        DRINKER | {"housing": "unstable", "home_use": "yes"},
        DRINKER | {"housing": "unstable"},
    ),
    "environment.home_use": (DRINKER | {"home_use": "yes"}, DRINKER),
    "environment.no_support": (
        DRINKER | {"sober_support": "none"},
        DRINKER | {"sober_support": "some"},
    ),
    "environment.some_support": (DRINKER | {"sober_support": "some"}, DRINKER),
    "environment.none": (DRINKER, DRINKER | {"sober_support": "some"}),
    # levels
    "level.emergency": (
        DRINKER | {"withdrawal_now": "severe"},
        DRINKER | {"withdrawal_now": "moderate"},
    ),
    "level.detox_first.monitored": (DRINKER | {"withdrawal_now": "moderate"}, MILD_NOW),
    "level.detox_first.with_clinician": (MILD_NOW, MILD_NOW | {"alcohol_days": 9}),
    "level.residential.environment": (
        MODERATE | {"housing": "homeless"},
        MODERATE | {"housing": "unstable"},
    ),
    "level.residential.relapse": (
        MODERATE | {"prior_treatment": ["residential"], "returned_to_use": "yes"},
        MODERATE | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
    ),
    "level.residential.emotional": (
        MODERATE | phq(20) | {"home_use": "yes"},
        MODERATE | phq(20) | {"sober_support": "some"},
    ),
    "level.iop.relapse": (DRINKER | audit(20), DRINKER | audit(19)),
    "level.iop.emotional": (MODERATE | phq(10), MODERATE | phq(9)),
    "level.iop.biomedical": (
        MODERATE | {"medical_conditions": "yes"},
        DRINKER | audit(7) | {"medical_conditions": "yes"},
    ),
    "level.iop.step_down": (
        MODERATE | {"recent_discharge": "yes"},
        DRINKER | {"recent_discharge": "yes"},
    ),
    "level.outpatient.severity": (MODERATE, DRINKER),
    "level.outpatient.other_needs": (
        DRINKER | {"home_use": "yes"},
        DRINKER | {"sober_support": "some"},
    ),
    "level.none": (DRINKER, MODERATE),
    "level.insufficient": (phq(3), phq(3) | {"alcohol_past_year": "no"}),
    "level.gaps": (without(DRINKER, "housing"), DRINKER),
    # flags
    "flag.suicide_risk": (DRINKER | {"phq9_9": "declined"}, DRINKER),
    "flag.declined_safety_item": (
        OFTEN_DRINKER | {"withdrawal_history": "declined"},
        OFTEN_DRINKER,
    ),
    "flag.unsafe_home": (DRINKER | {"home_safe": "no"}, DRINKER),
    "flag.co_occurring": (DRINKER | gad(10), DRINKER | gad(9)),
    "flag.eating_concern": (DRINKER | scoff(2), DRINKER | scoff(1)),
    "flag.pregnancy": (DRINKER | {"pregnant": "yes"}, DRINKER | {"pregnant": "not_applicable"}),
    "flag.youth": (DRINKER | {"age": 17}, DRINKER | {"age": 18}),
    "flag.opioid_overdose_risk": (OPIOIDS | {"overdose_past_year": "yes"}, OPIOIDS),
    # medication
    "medication.opioids": (OPIOIDS, OPIOIDS | {"prescribed_as_directed": ["opioids"]}),
    "medication.alcohol": (DRINKER | audit(20), DRINKER | audit(19)),
    # resources
    "resource.naloxone": (OPIOIDS | {"prescribed_as_directed": ["opioids"]}, BENZOS),
    "resource.medication_finder": (
        OPIOIDS,
        OPIOIDS | {"prescribed_as_directed": ["opioids"]},
    ),
    "resource.dv_hotline": (DRINKER | {"home_safe": "no"}, DRINKER),
    "resource.youth": (DRINKER | {"age": 17}, DRINKER | {"age": 18}),
    "resource.housing": (DRINKER | {"housing": "homeless"}, DRINKER | {"housing": "unstable"}),
    # barriers
    "barrier.transport": (DRINKER | {"transport": "no"}, DRINKER),
    "barrier.time_available": (DRINKER | {"time_available": "no"}, DRINKER),
    # notes
    "note.unsafe_home": (DRINKER | {"home_safe": "no"}, DRINKER),
    "note.withdrawal_after_emergency": (
        DRINKER | {"withdrawal_now": "severe"},
        OPIOIDS | {"withdrawal_now": "severe"},
    ),
    "note.detox_with_support": (MILD_NOW, MILD_NOW | {"alcohol_days": 9}),
    "note.detox_support_unknown": (without(MILD_NOW, "withdrawal_support"), MILD_NOW),
    "note.stop_sedatives": (MILD_NOW, MILD_NOW | {"alcohol_days": 9}),
    "note.benzos": (BENZOS, DRINKER),
    "note.opioids_not_detox": (OPIOIDS, OPIOIDS | {"prescribed_as_directed": ["opioids"]}),
    "note.overdose_risk": (OPIOIDS | {"overdose_past_year": "yes"}, OPIOIDS),
    "note.other_withdrawal": (CANNABIS | {"withdrawal_now": "mild"}, CANNABIS),
    "note.pregnancy_with_use": (DRINKER | {"pregnant": "yes"}, DRINKER),
    "note.pregnancy_no_use": (CALM | {"pregnant": "yes"}, CALM),
    "note.pregnancy_test": (CALM | {"pregnant": "unsure"}, CALM | {"pregnant": "yes"}),
    "note.pregnancy_opioids": (OPIOIDS | {"pregnant": "yes"}, OPIOIDS),
    "note.not_ready": (
        DRINKER | {"readiness": "not_ready"},
        DRINKER | {"readiness": "unsure"},
    ),
    "note.unsure": (DRINKER | {"readiness": "unsure"}, DRINKER),
    "note.co_occurring": (MODERATE | gad(10), MODERATE | gad(9)),
    "note.eating": (MODERATE | scoff(2), MODERATE | scoff(1)),
    "note.mental_health": (CALM | phq(10), CALM | phq(9)),
    "note.housing": (DRINKER | {"housing": "homeless"}, DRINKER | {"housing": "unstable"}),
    "note.keep_obligations": (MODERATE | {"obligations": ["job"]}, MODERATE),
    "note.time_away": (
        MODERATE | {"housing": "homeless", "obligations": ["job"]},
        MODERATE | {"obligations": ["job"]},
    ),
    "note.no_use": (CALM, DRINKER),
    "note.prescribed_only": (PRESCRIBED_BENZO, DRINKER),
    "note.low_risk": (DRINKER, MODERATE),
    # the ASAM crosswalk rows
    "asam.outpatient": (MODERATE, DRINKER),
    "asam.iop": (DRINKER | audit(20), MODERATE),
    "asam.residential": (MODERATE | {"housing": "homeless"}, MODERATE),
    "asam.detox_first": (MILD_NOW, DRINKER),
    "asam.other": (DRINKER, MODERATE),
}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_its_answers_and_not_just_below(rule_id: str) -> None:
    fires, below = CASES[rule_id]
    assert rule_id in fired(run(fires))
    assert rule_id not in fired(run(below))


def test_rule_ids_are_unique_and_every_rule_is_described() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.when and rule.text and rule.source and rule.cites, rule.id


def test_rules_added_beyond_the_table_say_so() -> None:
    """Rules not in the starting table say "added" in their condition, so explain shows it."""
    for rule in RULES:
        if rule.added:
            assert "added" in rule.when, rule.id


def test_every_reason_names_only_items_its_rule_reads() -> None:
    """A reason's items come from the items its rule declares (``explain`` shows them); an
    instrument id stands for its items and a level rule for the ratings it reads."""
    by_id = {rule.id: rule for rule in RULES}
    instruments = bank().instruments
    for fires, _ in CASES.values():
        result = run(fires)
        for dim in result.dimensions.values():
            for reason in dim.reasons:
                rule = by_id[reason.rule]
                if not rule.items:
                    continue  # the "none" rules rest on everything read
                declared = set(rule.items)
                for name in rule.items:
                    if name in instruments:
                        declared |= set(instruments[name].items)
                assert set(reason.items) <= declared, (reason.rule, reason.items)


def test_severity_cuts_match_the_questionnaire_bands() -> None:
    """Moderate = AUDIT 8 / DAST-10 3; high = AUDIT 20 (zone IV) / DAST-10 6."""
    bands = {i: {b.id: b.min for b in bank().instruments[i].bands} for i in SEVERITY_CUTS}
    assert SEVERITY_CUTS["audit"][1:] == (
        bands["audit"]["hazardous"],
        bands["audit"]["possible_dependence"],
    )
    assert SEVERITY_CUTS["dast10"] == (
        bands["dast10"]["low"],
        bands["dast10"]["moderate"],
        bands["dast10"]["substantial"],
    )


def test_audit_16_to_19_is_moderate_and_20_is_high() -> None:
    """WHO zone III (16-19) is brief counselling and monitoring; zone IV (20+) referral."""
    assert run(MODERATE | audit(19)).dimensions["relapse"].rating == 1
    assert run(MODERATE | audit(19)).recommendation.level == "outpatient"
    assert run(MODERATE | audit(20)).dimensions["relapse"].rating == 2
    assert run(MODERATE | audit(20)).recommendation.medication == ("alcohol",)


def test_dast_severity_moves_the_level() -> None:
    assert run(CANNABIS | dast(6)).recommendation.level == "iop"
    assert run(CANNABIS | dast(5)).recommendation.level == "outpatient"
    assert run(CANNABIS | dast(2) | {"cannabis_days": 3}).recommendation.level == "none"


def test_ratings_are_the_highest_rule_that_fires_and_show_only_its_reasons() -> None:
    raw = DRINKER | {
        "alcohol_days": 12,
        "withdrawal_history": ["seizures"],
        "withdrawal_now": "mild",
    }
    withdrawal = run(raw).dimensions["withdrawal"]
    assert withdrawal.rating == 3
    assert [r.rule for r in withdrawal.reasons] == ["withdrawal.complicated_history"]
    assert withdrawal.reasons[0].items == ("substances", "alcohol_days", "withdrawal_history")


def test_seizure_history_without_recent_alcohol_or_benzos_is_not_asked_and_not_detox() -> None:
    """Past withdrawal matters to the level only with alcohol or benzos on 10 or more days (or
    opioids on 20): below that it is not asked, and an answer given anyway is ignored."""
    seizures = {"withdrawal_history": ["seizures"]}
    for raw in (CALM, DRINKER, DRINKER | {"alcohol_days": 9}):
        assert not bank().applies("withdrawal_history", raw)
        result = run(raw | seizures)
        assert result.dimensions["withdrawal"].rating == 0
        assert result.recommendation.level not in ("detox_first", "emergency")
    often = run(OFTEN_DRINKER | seizures)
    assert often.dimensions["withdrawal"].rating == 3
    assert often.recommendation.level == "detox_first"


def test_seizure_history_with_unknown_recent_use_is_treated_as_use() -> None:
    raw = DRINKER | {"withdrawal_history": ["seizures"], "substances": "declined"}
    del raw["alcohol_days"], raw["alcohol_drinks"]
    result = run(raw)
    assert result.recommendation.level == "detox_first"
    reason = result.dimensions["withdrawal"].reasons[0]
    assert "we do not know how often you drink or take benzos" in reason.text.lower()
    assert "substances" in result.dimensions["withdrawal"].unknown
    assert "substances" in result.missing


def test_seizure_history_with_drinking_days_unknown_is_treated_as_often() -> None:
    raw = DRINKER | {"withdrawal_history": ["seizures"], "alcohol_days": "declined"}
    result = run(raw)
    assert result.recommendation.level == "detox_first"
    assert result.recommendation.withdrawal_care == "monitored"


def test_incomplete_audit_counts_its_answered_points_as_a_floor() -> None:
    raw = DRINKER | audit(20) | {"audit_10": "declined"}
    result = run(raw)
    assert result.instruments["audit"].status == "incomplete"
    assert result.dimensions["relapse"].rating == 2
    assert result.recommendation.level == "iop"
    assert "audit_10" in result.missing


def test_incomplete_audit_below_the_cut_off_names_the_gap_instead_of_reassuring() -> None:
    raw = DRINKER | audit(16) | {"audit_10": "declined", "audit_9": 0}
    result = run(raw)
    assert result.recommendation.level == "outpatient"
    gaps = [r for r in result.recommendation.reasons if r.rule == "level.gaps"]
    assert gaps and "audit_10" in gaps[0].items
    assert "could be too low" in gaps[0].text
    assert "audit_10" in result.dimensions["relapse"].unknown
    assert result.recommendation.could_reach == "iop"


def test_audit_c_positive_without_a_full_audit_is_moderate() -> None:
    raw = without(DRINKER, *(f"audit_{i}" for i in range(4, 11))) | {
        "audit_1": 2,
        "audit_2": 1,
        "audit_3": 1,
    }
    result = run(raw)
    assert result.instruments["audit_c"].band == "positive"
    assert result.instruments["audit"].status == "incomplete"
    assert result.recommendation.level == "outpatient"


def test_not_applicable_instruments_count_as_no_problem() -> None:
    result = run(CALM)
    assert result.instruments["audit"].status == "not_applicable"
    assert result.dimensions["relapse"].rating == 0
    assert result.missing == ()


def test_counselor_scoring_one_instrument_gets_insufficient_with_what_is_needed() -> None:
    result = run(phq(12))
    assert result.recommendation.level == "insufficient"
    assert result.recommendation.then is None
    for item in ("alcohol_past_year", "drugs_past_year", "substances"):
        assert item in result.missing
    assert result.dimensions["emotional"].rating == 2
    assert result.recommendation.could_reach == "emergency"


def test_a_gate_yes_with_nothing_else_is_insufficient() -> None:
    assert run({"alcohol_past_year": "yes"}).recommendation.level == "insufficient"
    assert run({"drugs_past_year": "yes", "housing": "stable"}).recommendation.level == (
        "insufficient"
    )


def test_known_heavy_drinking_is_never_insufficient() -> None:
    raw = {"alcohol_past_year": "yes", "alcohol_days": 30, "alcohol_drinks": 12}
    result = run(raw)
    assert result.recommendation.level == "detox_first"
    assert run({"alcohol_days": 3}).recommendation.level != "insufficient"


def test_emergency_and_detox_win_over_insufficient() -> None:
    assert run({"withdrawal_now": "severe"}).recommendation.level == "emergency"
    assert run({"withdrawal_now": "moderate"}).recommendation.level == "detox_first"
    assert run({"withdrawal_now": "moderate"}).recommendation.then is None


def test_a_complete_audit_is_enough_to_say_something() -> None:
    result = run(audit(3))
    assert result.recommendation.level == "none"
    assert run(audit(9)).recommendation.level == "outpatient"


def test_readiness_never_changes_the_level() -> None:
    for readiness in ("not_ready", "unsure", "ready", "already_changing"):
        assert run(MODERATE | phq(10) | {"readiness": readiness}).recommendation.level == "iop"
        assert run(DRINKER | {"readiness": readiness}).recommendation.level == "none"


def test_unsafe_home_with_use_is_residential_not_emergency_with_the_hotline() -> None:
    result = run(MODERATE | {"home_safe": "no"})
    assert result.recommendation.level == "residential"
    assert "unsafe_home" in result.flags
    assert any("1-800-799-7233" in r.contact for r in result.resources)


def test_transport_and_time_are_barriers_never_risk() -> None:
    result = run(MODERATE | {"transport": "no", "time_available": "no"})
    assert result.dimensions["environment"].rating == 0
    assert result.recommendation.level == "outpatient"
    assert result.recommendation.barriers == ("transport", "time_available")
    assert "rides" in result.recommendation.barrier_notes[0]
    assert "FMLA" in result.recommendation.barrier_notes[1]


def test_empty_answers() -> None:
    result = run(EMPTY)
    assert result.recommendation.level == "insufficient"
    assert result.recommendation.could_reach == "emergency"


def test_reasons_say_only_what_was_answered() -> None:
    moderate = run(DRINKER | phq(12))
    assert [r.rule for r in moderate.dimensions["emotional"].reasons] == ["emotional.phq9_moderate"]
    no_support = run(DRINKER | {"sober_support": "none"})
    assert [r.rule for r in no_support.dimensions["environment"].reasons] == [
        "environment.no_support"
    ]
    not_ready = run(DRINKER | {"readiness": "not_ready"})
    assert [r.rule for r in not_ready.dimensions["readiness"].reasons] == ["readiness.not_ready"]


def test_a_lower_reason_is_not_shown_beside_a_higher_one() -> None:
    result = run(DRINKER | phq(22) | gad(6))
    assert [r.rule for r in result.dimensions["emotional"].reasons] == ["emotional.phq9_severe"]
    same = run(DRINKER | phq(12) | gad(11))
    rules = [r.rule for r in same.dimensions["emotional"].reasons]
    assert rules == ["emotional.phq9_moderate", "emotional.gad7_moderate"]


def test_crosswalk_table() -> None:
    def asam(raw: dict[str, Any]) -> str | None:
        return run(raw).recommendation.asam

    assert asam(DRINKER) is None  # none
    assert asam(phq(3)) is None  # insufficient
    assert asam(DRINKER | {"danger_now": "yes"}) is None  # emergency
    assert asam(MODERATE) == "1.5"
    assert asam(MODERATE | {"medical_conditions": "yes"}) == "2.7"  # iop, biomedical 2
    assert asam(OPIOIDS) == "1.7"  # outpatient with medication for opioids
    assert asam(DRINKER | audit(20)) == "2.1"  # medication for alcohol does not change it
    assert asam(CANNABIS | dast(6)) == "2.1"
    assert asam(MODERATE | {"housing": "homeless"}) == "3.1"  # only the environment
    assert asam(MODERATE | {"prior_treatment": ["iop"], "returned_to_use": "yes"}) == "3.5"
    assert asam(MODERATE | {"housing": "homeless", "medical_conditions": "yes"}) == "3.7"
    assert asam(MILD_NOW) == "1.7"  # with a clinician, then outpatient (moderate severity)
    assert asam(MILD_NOW | audit(20)) == "2.7"  # with a clinician, then iop
    assert asam(DRINKER | {"withdrawal_now": "moderate"}) == "3.7"  # monitored


def test_assess_carries_versions_warnings_notes_and_client() -> None:
    kept, _ = bank().effective(DRINKER)
    result = assess(bank(), kept, warnings=("w",), notes={"core": "n"}, client="C-1")
    assert result.tool_version == __version__
    assert result.questionnaires == tuple((q["id"], q["version"]) for q in bank().versions())
    assert len(result.questionnaires) == len(bank().questionnaires)
    assert (result.warnings, result.notes, result.client) == (("w",), {"core": "n"}, "C-1")
    assert set(result.instruments) == set(bank().instruments)
