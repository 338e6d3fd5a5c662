"""The riskiest completion of an answer set, for ``could_reach``: every unanswered or declined
item takes the value that gives the highest level (an integer its maximum, a multiple choice
every risky option), in asking order, so follow-ups that open are filled too.

Substances stay within what the past-year questions allow (alcohol is not added after "no
alcohol in the past year"; cannabis or another drug not after "no drugs"), while
``prescribed_as_directed`` is filled as the rules read it unanswered: nothing taken only as
prescribed. ``sex`` has no risk order (items it hides stay hidden) and ``obligations`` changes
only words.
"""

from __future__ import annotations

from collections.abc import Mapping

from iop_assess.bank import Answer, Bank
from iop_assess.model import DECLINED

RISKIEST: dict[str, Answer] = {
    "alcohol_past_year": "yes",
    "drugs_past_year": "yes",
    "prescribed_meds": "yes",
    "moud_now": "no",
    "overdose_past_year": "yes",
    "injection_use": "yes",
    "withdrawal_support": "no",
    "withdrawal_now": "severe",
    "medical_urgent": "yes",
    "medical_conditions": "yes",
    "pregnant": "yes",
    "suicide_plan": "yes",
    "danger_now": "yes",
    "returned_to_use": "yes",
    "recent_discharge": "yes",
    "readiness": "not_ready",
    "housing": "homeless",
    "home_use": "yes",
    "home_safe": "no",
    "sober_support": "none",
    "transport": "no",
    "time_available": "no",
}
"""The riskiest answer of each single-choice core item."""
UNORDERED = ("sex", "obligations")
"""Items with no risk order: never filled."""
PRESCRIBABLE = ("opioids", "benzodiazepines", "stimulants")


def _substances(bank: Bank, filled: Mapping[str, Answer]) -> list[str | int]:
    """Every substance the past-year answers allow."""
    allowed: list[str | int] = []
    for option in bank.items["substances"].options or ():
        value = str(option.value)
        if option.exclusive:
            continue
        if value == "alcohol" and filled.get("alcohol_past_year") == "no":
            continue
        if value != "alcohol" and filled.get("drugs_past_year") == "no":
            if value not in PRESCRIBABLE or filled.get("prescribed_meds") == "no":
                continue
        allowed.append(option.value)
    return allowed or ["none"]


def riskiest_value(bank: Bank, item_id: str, filled: Mapping[str, Answer]) -> Answer | None:
    """The riskiest answer to one item, given the answers so far (``None``: never filled)."""
    if item_id in UNORDERED:
        return None
    if item_id == "substances":
        return _substances(bank, filled)
    if item_id == "prescribed_as_directed":
        # nothing taken only as prescribed, as the rules read an unanswered one
        return ["none"]
    if item_id in RISKIEST:
        return RISKIEST[item_id]
    ref = bank.items[item_id]
    kind = ref.item.type
    if kind == "integer":
        return ref.item.max
    if kind == "text" or not ref.options:
        return None
    if kind == "multiple":
        return [o.value for o in ref.options if not o.exclusive]
    reverse = any(item_id in inst.reverse for inst in bank.instruments.values())
    scored = [o for o in ref.options if o.score is not None]
    if scored:
        pick = min if reverse else max
        return pick(scored, key=lambda o: o.score or 0).value
    return None


def riskiest_completion(bank: Bank, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers with every unanswered or declined item that applies filled with its
    riskiest value."""
    filled: dict[str, Answer] = {}
    for item_id in bank.items:
        given = answers.get(item_id)
        if given is not None and given != DECLINED:
            filled[item_id] = given
            continue
        if not bank.applies(item_id, filled):
            continue
        value = riskiest_value(bank, item_id, filled)
        if value is not None:
            filled[item_id] = value
    return filled
