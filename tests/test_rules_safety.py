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
    names = [r.name for r in resources_for(("domestic_violence", "youth"), "residential")]
    assert "National Domestic Violence Hotline" in names
    assert "Services for young people" in names
    hotline = next(r for r in resources_for(("domestic_violence",), "residential"))
    assert "88788" in hotline.contact and "1-800-799-7233" in hotline.contact


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
