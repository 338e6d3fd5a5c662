"""crisis_now (the interview's safety interrupt), resources and the disclaimer."""

from __future__ import annotations

from typing import Any

import pytest
from test_rules_risk import DRINKER, run

from iop_assess.resources import DISCLAIMER, resources_for
from iop_assess.rules import crisis_now


@pytest.mark.parametrize(
    ("answers", "rule"),
    [
        ({"phq9_9": 1}, "emotional.suicide_thoughts"),
        ({"phq9_9": 3}, "emotional.suicide_thoughts_often"),
        ({"suicide_plan": "yes"}, "emotional.suicide_plan"),
        ({"danger_now": "yes"}, "emotional.danger_now"),
        ({"medical_urgent": "yes"}, "biomedical.urgent"),
        ({"withdrawal_now": "severe"}, "withdrawal.severe_now"),
        ({"phq9_9": "declined"}, "flag.declined_safety_item"),
        ({"danger_now": "declined"}, "flag.declined_safety_item"),
    ],
)
def test_crisis_now_after_an_answer_that_calls_for_help(answers: dict[str, Any], rule: str) -> None:
    reasons = crisis_now(answers)
    assert rule in [r.rule for r in reasons]
    assert all(r.items for r in reasons)


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"phq9_9": 0},
        {"suicide_plan": "no", "danger_now": "no", "medical_urgent": "no"},
        {"withdrawal_now": "moderate"},
        {"withdrawal_history": ["seizures"]},
        {"home_safe": "no"},
    ],
)
def test_no_crisis_block_otherwise(answers: dict[str, Any]) -> None:
    assert crisis_now(answers) == []


def test_resources_always_include_the_four_lines() -> None:
    assert [r.name for r in resources_for((), "none")] == [
        r.name for r in resources_for((), "outpatient")
    ]
    names = [r.name for r in resources_for((), "outpatient")]
    assert names == [
        "SAMHSA National Helpline",
        "FindTreatment.gov",
        "988 Suicide & Crisis Lifeline",
        "Emergency services",
    ]
    contacts = {r.name: r.contact for r in resources_for((), "outpatient")}
    assert contacts["988 Suicide & Crisis Lifeline"] == "call or text 988"
    assert contacts["SAMHSA National Helpline"] == "1-800-662-4357"


def test_crisis_lines_come_first_in_a_crisis() -> None:
    assert resources_for((), "emergency")[0].contact == "call 911"
    assert resources_for(("suicide_risk",), "iop")[0].contact == "call or text 988"
    assert resources_for(("declined_safety_item",), "iop")[0].contact == "call or text 988"


def test_domestic_violence_and_youth_resources() -> None:
    names = [r.name for r in resources_for(("unsafe_home", "youth"), "residential")]
    assert names[:2] == ["Services for young people", "National Domestic Violence Hotline"]
    hotline = resources_for(("unsafe_home",), "residential")[0]
    assert "88788" in hotline.contact and "1-800-799-7233" in hotline.contact
    assert (hotline.phone, hotline.sms, hotline.sms_body) == ("+18007997233", "88788", "START")


def test_youth_services_lead_unless_there_is_a_crisis() -> None:
    assert resources_for(("youth",), "iop")[0].name == "Services for young people"
    crisis = [r.name for r in resources_for(("youth", "suicide_risk"), "iop")]
    assert crisis[:3] == [
        "988 Suicide & Crisis Lifeline",
        "Emergency services",
        "Services for young people",
    ]


def test_naloxone_and_the_medication_filter_when_the_rules_ask_for_them() -> None:
    names = [r.name for r in resources_for((), "iop", ("naloxone", "medication_finder"))]
    assert names[0] == "Naloxone (Narcan)"
    finder = next(r for r in resources_for((), "iop", ("medication_finder",)) if "Find" in r.name)
    assert finder.name == "FindTreatment.gov" and "medication treatment" in finder.why
    naloxone = resources_for((), "iop", ("naloxone",))[0]
    assert "without a prescription" in naloxone.contact
    housing = [r.name for r in resources_for((), "none", ("housing",))]
    assert "211" in housing


def test_disclaimer_is_plain_and_non_diagnostic() -> None:
    assert "not a diagnosis" in DISCLAIMER
    assert "988" in DISCLAIMER and "911" in DISCLAIMER
    assert run(DRINKER).disclaimer == DISCLAIMER


def test_declined_safety_item_is_named_with_crisis_resources() -> None:
    result = run(DRINKER | {"withdrawal_now": "declined"})
    reason = next(r for r in result.recommendation.reasons if r.rule.startswith("flag.declined"))
    assert reason.items == ("withdrawal_now",)
    assert "withdrawal_now" in result.missing
    assert result.resources[0].contact == "call or text 988"
