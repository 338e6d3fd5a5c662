"""The rules: six dimension ratings, then the least intensive level that is safe.

``evaluate`` runs everything; ``RULES`` is the catalogue ``iop-assess explain`` prints.

- ``facts.py``: three-valued facts from answers and scores (unknown is never "no problem")
- ``table.py``: the rule catalogue and its thresholds (the single source of both)
- ``dimensions.py``: the six ratings; ``level.py``: the level and ``then``
- ``notes.py``: plain-language notes; ``safety.py``: ``crisis_now`` for the interview
- ``catalogue.py``: the catalogue as rows and Markdown, for ``explain``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from iop_assess.bank import Answer, Bank
from iop_assess.result import DimensionRating, InstrumentScore, Recommendation
from iop_assess.rules.base import Rule
from iop_assess.rules.dimensions import ordered, rate_dimensions, reason
from iop_assess.rules.facts import Facts
from iop_assess.rules.level import LevelChoice, choose_level
from iop_assess.rules.notes import recommendation_notes
from iop_assess.rules.safety import crisis_now
from iop_assess.rules.table import FLAG_RULES, RULES, RULES_BY_ID

SAFETY_FLAGS = ("suicide_risk", "declined_safety_item")
"""Flags whose reasons are also listed with the recommendation, so they are always named."""


@dataclass(frozen=True)
class Evaluation:
    dimensions: dict[str, DimensionRating]
    recommendation: Recommendation
    flags: tuple[str, ...]
    missing: tuple[str, ...]


def evaluate(
    bank: Bank | None, answers: Mapping[str, Answer], scores: Mapping[str, InstrumentScore]
) -> Evaluation:
    """Rate the dimensions, choose the level, set the flags and name what is missing."""
    facts = Facts(bank, answers, scores)
    dimensions, ratings = rate_dimensions(facts)
    choice: LevelChoice = choose_level(facts, ratings, dimensions)
    flags: list[str] = []
    reasons = list(choice.reasons)
    for rule in FLAG_RULES:
        check = rule.test(facts, ratings)
        if check.value is True:
            flags.append(rule.target)
            if rule.target in SAFETY_FLAGS:
                reasons.append(reason(facts, rule, check))
    notes = recommendation_notes(facts, choice.level, choice.then, dimensions, tuple(flags))
    missing: set[str] = set(choice.gaps)
    for dim in dimensions.values():
        missing.update(dim.unknown)
    for score in scores.values():
        if score.status == "incomplete":
            missing.update(score.missing)
            missing.update(score.declined)
    if choice.level == "insufficient":
        missing.update(i for i in ("alcohol_past_year", "drugs_past_year", "substances"))
    missing.update(i for i in answers if facts.state(i) == "declined")
    recommendation = Recommendation(choice.level, choice.then, tuple(reasons), notes)
    return Evaluation(dimensions, recommendation, tuple(flags), ordered(facts, missing))


__all__ = [
    "RULES",
    "RULES_BY_ID",
    "Evaluation",
    "Facts",
    "Rule",
    "choose_level",
    "crisis_now",
    "evaluate",
    "rate_dimensions",
]
