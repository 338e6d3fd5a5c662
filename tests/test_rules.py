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
MODERATE = DRINKER | audit(8)
BENZOS = CALM | {"drugs_past_year": "yes", "substances": ["benzodiazepines"]} | dast(1)
OPIOIDS = CALM | {"drugs_past_year": "yes", "substances": ["opioids"]} | dast(4)
EMPTY: dict[str, Any] = {}

# rule id: (answers that fire it, the neighbour just below that does not)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # withdrawal
    "withdrawal.severe_now": (
        DRINKER | {"withdrawal_now": "severe"},
        DRINKER | {"withdrawal_now": "moderate"},
    ),
    "withdrawal.complicated_history": (
        DRINKER | {"withdrawal_history": ["seizures"]},
        DRINKER | {"withdrawal_history": ["shakes_sweats", "sick_vomiting"]},
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
    "withdrawal.heavy_drinking_with_history": (
        HEAVY | {"withdrawal_history": ["shakes_sweats"]},
        HEAVY | {"withdrawal_history": ["shakes_sweats"], "alcohol_drinks": 4},
    ),
    "withdrawal.daily_opioids_with_history": (
        OPIOIDS | {"opioids_days": 20, "withdrawal_history": ["sick_vomiting"]},
        OPIOIDS | {"opioids_days": 19, "withdrawal_history": ["sick_vomiting"]},
    ),
    "withdrawal.mild_now_daily_use": (
        DRINKER | {"alcohol_days": 20, "withdrawal_now": "mild"},
        DRINKER | {"alcohol_days": 19, "withdrawal_now": "mild"},
    ),
    "withdrawal.past_symptoms": (
        DRINKER | {"withdrawal_history": ["sick_vomiting"]},
        DRINKER,
    ),
    "withdrawal.mild_now": (DRINKER | {"withdrawal_now": "mild"}, DRINKER),
    "withdrawal.heavy_drinking": (HEAVY, HEAVY | {"alcohol_days": 19}),
    "withdrawal.none": (DRINKER, DRINKER | {"withdrawal_now": "mild"}),
    # biomedical
    "biomedical.urgent": (DRINKER | {"medical_urgent": "yes"}, DRINKER),
    "biomedical.conditions": (DRINKER | {"medical_conditions": "yes"}, DRINKER),
    "biomedical.pregnant_using": (
        DRINKER | {"pregnant": "unsure"},
        CALM | {"pregnant": "yes"},  # pregnant, no use
    ),
    "biomedical.older_using": (DRINKER | {"age": 66}, DRINKER | {"age": 65}),
    "biomedical.none": (DRINKER, DRINKER | {"medical_conditions": "yes"}),
    # emotional
    "emotional.suicide_plan": (
        DRINKER | phq(1, 1) | {"suicide_plan": "yes"},
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
    "relapse.high_severity": (DRINKER | audit(16), DRINKER | audit(15)),
    "relapse.returned_after_treatment": (
        MODERATE | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
        DRINKER | audit(7) | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
    ),
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
    "environment.no_transport": (DRINKER | {"transport": "no"}, DRINKER),
    "environment.no_time": (DRINKER | {"time_available": "no"}, DRINKER),
    "environment.some_support": (DRINKER | {"sober_support": "some"}, DRINKER),
    "environment.none": (DRINKER, DRINKER | {"sober_support": "some"}),
    # levels
    "level.emergency": (
        DRINKER | {"withdrawal_now": "severe"},
        DRINKER | {"withdrawal_now": "moderate"},
    ),
    "level.detox_first.monitored": (
        DRINKER | {"withdrawal_now": "moderate"},
        DRINKER | {"alcohol_days": 20, "withdrawal_now": "mild"},
    ),
    "level.detox_first.ambulatory": (
        DRINKER | {"alcohol_days": 20, "withdrawal_now": "mild"},
        DRINKER | {"alcohol_days": 19, "withdrawal_now": "mild"},
    ),
    "level.residential.environment": (
        DRINKER | {"housing": "homeless"},
        DRINKER | {"housing": "unstable"},
    ),
    "level.residential.relapse": (
        MODERATE | {"prior_treatment": ["residential"], "returned_to_use": "yes"},
        MODERATE | {"prior_treatment": ["outpatient"], "returned_to_use": "yes"},
    ),
    "level.residential.emotional": (
        DRINKER | phq(20) | {"home_use": "yes"},
        DRINKER | phq(20) | {"sober_support": "some"},
    ),
    "level.iop.relapse": (DRINKER | audit(16), DRINKER | audit(15)),
    "level.iop.emotional": (MODERATE | phq(10), MODERATE | phq(9)),
    "level.iop.biomedical": (
        MODERATE | {"medical_conditions": "yes"},
        DRINKER | audit(7) | {"medical_conditions": "yes"},
    ),
    "level.iop.step_down": (DRINKER | {"recent_discharge": "yes"}, DRINKER),
    "level.outpatient": (DRINKER, DRINKER | audit(16)),
    "level.insufficient": (phq(3), phq(3) | {"alcohol_past_year": "no"}),
    "level.gaps": (
        {k: v for k, v in DRINKER.items() if k != "housing"},
        DRINKER,
    ),
    # flags
    "flag.suicide_risk": (DRINKER | {"phq9_9": "declined"}, DRINKER),
    "flag.declined_safety_item": (DRINKER | {"withdrawal_history": "declined"}, DRINKER),
    "flag.domestic_violence": (DRINKER | {"home_safe": "no"}, DRINKER),
    "flag.co_occurring": (DRINKER | gad(10), DRINKER | gad(9)),
    "flag.eating_concern": (DRINKER | scoff(2), DRINKER | scoff(1)),
    "flag.pregnancy": (DRINKER | {"pregnant": "yes"}, DRINKER | {"pregnant": "not_applicable"}),
    "flag.youth": (DRINKER | {"age": 17}, DRINKER | {"age": 18}),
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
        assert rule.when and rule.text and rule.source, rule.id


def test_severity_cuts_match_the_questionnaire_bands() -> None:
    """rules.md: moderate = AUDIT 8 / DAST-10 3, high = AUDIT 16 / DAST-10 6."""
    bands = {i: {b.id: b.min for b in bank().instruments[i].bands} for i in SEVERITY_CUTS}
    assert SEVERITY_CUTS["audit"][1:] == (bands["audit"]["hazardous"], bands["audit"]["harmful"])
    assert SEVERITY_CUTS["dast10"] == (
        bands["dast10"]["low"],
        bands["dast10"]["moderate"],
        bands["dast10"]["substantial"],
    )


def test_dast_severity_moves_the_level() -> None:
    drugs = CALM | {"drugs_past_year": "yes", "substances": ["cannabis"], "cannabis_days": 3}
    assert run(drugs | dast(6)).recommendation.level == "iop"
    assert run(drugs | dast(5)).recommendation.level == "outpatient"


def test_ratings_are_the_highest_rule_that_fires() -> None:
    result = run(DRINKER | {"withdrawal_history": ["seizures"], "withdrawal_now": "mild"})
    withdrawal = result.dimensions["withdrawal"]
    assert withdrawal.rating == 3
    assert withdrawal.reasons[0].rule == "withdrawal.complicated_history"
    assert withdrawal.reasons[0].items == ("substances", "withdrawal_history")


def test_seizure_history_without_recent_alcohol_or_benzos_is_not_detox() -> None:
    no_use = CALM | {"withdrawal_history": ["seizures"]}
    result = run(no_use)
    assert result.dimensions["withdrawal"].rating == 1
    assert result.recommendation.level == "outpatient"


def test_seizure_history_with_unknown_recent_use_is_treated_as_use() -> None:
    raw = DRINKER | {"withdrawal_history": ["seizures"], "substances": "declined"}
    del raw["alcohol_days"], raw["alcohol_drinks"]
    result = run(raw)
    assert result.recommendation.level == "detox_first"
    reason = result.dimensions["withdrawal"].reasons[0]
    assert "we do not know if you have used alcohol or benzos" in reason.text.lower()
    assert "substances" in result.dimensions["withdrawal"].unknown
    assert "substances" in result.missing


def test_incomplete_audit_counts_its_answered_points_as_a_floor() -> None:
    raw = DRINKER | audit(16) | {"audit_10": "declined"}
    result = run(raw)
    assert result.instruments["audit"].status == "incomplete"
    assert result.dimensions["relapse"].rating == 2
    assert result.recommendation.level == "iop"
    assert "audit_10" in result.missing


def test_incomplete_audit_below_the_cut_off_names_the_gap_instead_of_reassuring() -> None:
    raw = DRINKER | audit(12) | {"audit_10": "declined", "audit_9": 0}
    result = run(raw)
    assert result.recommendation.level == "outpatient"
    gaps = [r for r in result.recommendation.reasons if r.rule == "level.gaps"]
    assert gaps and "audit_10" in gaps[0].items
    assert "could be too low" in gaps[0].text
    assert "audit_10" in result.dimensions["relapse"].unknown


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


def test_emergency_and_detox_win_over_insufficient() -> None:
    assert run({"withdrawal_now": "severe"}).recommendation.level == "emergency"
    assert run({"withdrawal_now": "moderate"}).recommendation.level == "detox_first"
    assert run({"withdrawal_now": "moderate"}).recommendation.then is None


def test_a_complete_audit_is_enough_to_say_something() -> None:
    result = run(audit(3))
    assert result.recommendation.level == "outpatient"


def test_readiness_never_changes_the_level() -> None:
    for readiness in ("not_ready", "unsure", "ready", "already_changing"):
        assert run(MODERATE | phq(10) | {"readiness": readiness}).recommendation.level == "iop"


def test_unsafe_home_is_residential_not_emergency_with_the_hotline() -> None:
    result = run(DRINKER | {"home_safe": "no"})
    assert result.recommendation.level == "residential"
    assert "domestic_violence" in result.flags
    assert any("1-800-799-7233" in r.contact for r in result.resources)


def test_empty_answers() -> None:
    assert run(EMPTY).recommendation.level == "insufficient"


def test_reasons_say_only_what_was_answered() -> None:
    moderate = run(DRINKER | phq(12))
    assert [r.rule for r in moderate.dimensions["emotional"].reasons] == ["emotional.phq9_moderate"]
    no_support = run(DRINKER | {"sober_support": "none"})
    assert [r.rule for r in no_support.dimensions["environment"].reasons] == [
        "environment.no_support"
    ]
    not_ready = run(DRINKER | {"readiness": "not_ready"})
    assert [r.rule for r in not_ready.dimensions["readiness"].reasons] == ["readiness.not_ready"]


def test_a_lower_reason_with_new_items_is_kept() -> None:
    result = run(DRINKER | phq(12) | gad(6))
    rules = [r.rule for r in result.dimensions["emotional"].reasons]
    assert rules == ["emotional.phq9_moderate", "emotional.mild"]


def test_assess_carries_versions_warnings_notes_and_client() -> None:
    kept, _ = bank().effective(DRINKER)
    result = assess(bank(), kept, warnings=("w",), notes={"core": "n"}, client="C-1")
    assert result.tool_version == __version__
    assert result.questionnaires == tuple((q["id"], q["version"]) for q in bank().versions())
    assert len(result.questionnaires) == len(bank().questionnaires)
    assert (result.warnings, result.notes, result.client) == (("w",), {"core": "n"}, "C-1")
    assert set(result.instruments) == set(bank().instruments)
