"""Realistic people, one per level: the level, ``then``, the main reasons, flags, notes and
resources a person would see."""

from __future__ import annotations

from typing import Any

from test_rules_risk import CALM, audit, dast, gad, phq, run, scoff

from iop_assess.result import Result, to_json
from iop_assess.rules.notes import (
    ALONE_WITHDRAWAL,
    BENZOS,
    CO_OCCURRING,
    KEEP_OBLIGATIONS,
    NO_USE,
    NOT_READY,
    PREGNANCY,
    TIME_AWAY,
    TRANSPORT,
    UNSURE,
    YOUTH,
)


def rules_of(result: Result) -> list[str]:
    return [r.rule for r in result.recommendation.reasons]


def resource_names(result: Result) -> list[str]:
    return [r.name for r in result.resources]


def drinker(days: int, drinks: int, points: int, **more: Any) -> dict[str, Any]:
    return CALM | {
        "alcohol_past_year": "yes",
        "substances": ["alcohol"],
        "alcohol_days": days,
        "alcohol_drinks": drinks,
        **audit(points),
        **more,
    }


def drug_user(substance: str, days: int, points: int, **more: Any) -> dict[str, Any]:
    return CALM | {
        "drugs_past_year": "yes",
        "substances": [substance],
        f"{substance}_days": days,
        **dast(points),
        **more,
    }


def test_emergency_severe_withdrawal_now() -> None:
    """52, drinks every day, confused and shaking this morning, had a seizure once before."""
    raw = drinker(30, 14, 31, age=52, withdrawal_history=["shakes_sweats", "seizures"])
    result = run(raw | {"withdrawal_now": "severe", "obligations": ["job"]})
    assert result.recommendation.level == "emergency"
    assert result.recommendation.then == "iop"
    assert rules_of(result)[:2] == ["level.emergency", "withdrawal.severe_now"]
    assert result.crisis
    assert resource_names(result)[:2] == ["Emergency services", "988 Suicide & Crisis Lifeline"]
    assert result.dimensions["withdrawal"].rating == 4
    assert "detox" in " ".join(result.recommendation.notes)


def test_emergency_suicide_plan() -> None:
    """29, uses cocaine on weekends, very low mood, has made a plan."""
    raw = drug_user("stimulants", 8, 5) | phq(21, 2) | gad(12) | {"age": 29}
    result = run(raw | {"suicide_plan": "yes"})
    assert result.recommendation.level == "emergency"
    assert "suicide_risk" in result.flags and "co_occurring" in result.flags
    assert "emotional.suicide_plan" in rules_of(result)
    assert "flag.suicide_risk" in rules_of(result)
    assert set(resource_names(result)[:2]) == {
        "Emergency services",
        "988 Suicide & Crisis Lifeline",
    }
    document = to_json(result)
    assert document["recommendation"]["level"] == "emergency"
    assert document["flags"][0] == "suicide_risk"


def test_detox_first_then_residential() -> None:
    """47, drinks all day, had the DTs last winter, sleeping in his car."""
    raw = drinker(30, 15, 28, age=47, withdrawal_history=["shakes_sweats", "delirium_tremens"])
    result = run(raw | {"housing": "homeless", "sober_support": "none", "transport": "no"})
    assert (result.recommendation.level, result.recommendation.then) == (
        "detox_first",
        "residential",
    )
    assert rules_of(result)[:2] == ["level.detox_first.monitored", "level.residential.environment"]
    assert ALONE_WITHDRAWAL in result.recommendation.notes
    assert result.dimensions["environment"].rating == 3


def test_detox_first_then_iop() -> None:
    """38, takes Xanax not as prescribed almost every day, moderate depression."""
    raw = drug_user("benzodiazepines", 25, 5, age=38) | phq(12)
    result = run(raw | {"obligations": ["children"], "readiness": "unsure"})
    assert (result.recommendation.level, result.recommendation.then) == ("detox_first", "iop")
    assert "level.iop.emotional" in rules_of(result)
    assert result.dimensions["withdrawal"].reasons[0].rule == "withdrawal.daily_benzodiazepines"
    notes = result.recommendation.notes
    assert UNSURE in notes and KEEP_OBLIGATIONS in notes and CO_OCCURRING in notes


def test_detox_first_then_outpatient() -> None:
    """70, retired, five or six drinks most evenings, otherwise well supported."""
    result = run(drinker(24, 6, 10, age=70))
    assert (result.recommendation.level, result.recommendation.then) == (
        "detox_first",
        "outpatient",
    )
    assert result.dimensions["withdrawal"].reasons[0].rule == "withdrawal.older_heavy_drinking"


def test_residential_after_relapse_from_residential() -> None:
    """33, opioids again after a residential stay last year, two children at home."""
    raw = drug_user("opioids", 12, 7, age=33, obligations=["children"])
    result = run(raw | {"prior_treatment": ["detox", "residential"], "returned_to_use": "yes"})
    assert result.recommendation.level == "residential"
    assert result.recommendation.then is None
    assert rules_of(result)[0] == "level.residential.relapse"
    assert TIME_AWAY in result.recommendation.notes


def test_iop_with_a_transport_barrier() -> None:
    """41, harmful drinking, works full time, no car."""
    raw = drinker(12, 6, 18, age=41, obligations=["job"], transport="no", readiness="not_ready")
    result = run(raw)
    assert result.recommendation.level == "iop"
    assert rules_of(result)[0] == "level.iop.relapse"
    notes = result.recommendation.notes
    assert TRANSPORT in notes and KEEP_OBLIGATIONS in notes and NOT_READY in notes
    assert result.dimensions["readiness"].rating == 2


def test_outpatient_light_cannabis_use() -> None:
    """27, cannabis a few days a month, mild low mood."""
    result = run(drug_user("cannabis", 6, 2, age=27) | phq(6) | scoff(1))
    assert result.recommendation.level == "outpatient"
    assert result.dimensions["emotional"].rating == 1
    assert result.missing == ()
    assert resource_names(result)[:2] == ["SAMHSA National Helpline", "FindTreatment.gov"]


def test_outpatient_no_use_says_so_warmly() -> None:
    result = run(CALM)
    assert result.recommendation.level == "outpatient"
    assert NO_USE in result.recommendation.notes
    assert result.flags == ()


def test_insufficient_when_only_mood_was_scored() -> None:
    """A counselor scored only the PHQ-9 and GAD-7."""
    result = run(phq(8) | gad(7))
    assert result.recommendation.level == "insufficient"
    assert rules_of(result)[0] == "level.insufficient"
    assert {"alcohol_past_year", "drugs_past_year", "substances"} <= set(result.missing)


def test_youth_and_pregnancy_notes() -> None:
    raw = drinker(3, 3, 6, age=16, pregnant="unsure")
    result = run(raw)
    assert {"youth", "pregnancy"} <= set(result.flags)
    assert YOUTH in result.recommendation.notes and PREGNANCY in result.recommendation.notes
    assert "Services for young people" in resource_names(result)
    assert result.dimensions["biomedical"].rating == 2


def test_occasional_benzo_use_gets_a_do_not_stop_suddenly_note() -> None:
    """35, takes a friend's Xanax a few days a month; days a week asked but not given."""
    result = run(drug_user("benzodiazepines", 4, 2, age=35))
    assert result.recommendation.level == "outpatient"
    assert BENZOS in result.recommendation.notes
    skipped = run(drug_user("benzodiazepines", 4, 2) | {"benzodiazepines_days": "declined"})
    assert BENZOS in skipped.recommendation.notes
    assert "benzodiazepines_days" in skipped.dimensions["withdrawal"].unknown
    gaps = [r for r in skipped.recommendation.reasons if r.rule == "level.gaps"]
    assert gaps and "benzodiazepines_days" in gaps[0].items


def test_emergency_reasons_name_only_the_urgent_answers() -> None:
    raw = drinker(25, 8, 20, withdrawal_history=["shakes_sweats"], medical_urgent="yes")
    result = run(raw)
    assert rules_of(result)[:2] == ["level.emergency", "biomedical.urgent"]
    assert "withdrawal.heavy_drinking_with_history" not in rules_of(result)
    assert result.recommendation.then == "iop"
    outpatient_then = run(drinker(2, 2, 3, medical_urgent="yes", age=30))
    assert outpatient_then.recommendation.then == "outpatient"
    assert all(r.items for r in outpatient_then.recommendation.reasons)
