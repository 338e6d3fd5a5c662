"""The rules: six dimension ratings, then the least intensive level that is safe.

``evaluate`` runs everything; ``RULES`` is the catalogue ``iop-assess explain`` prints.

- ``facts.py``: three-valued facts from answers and scores (unknown is never "no problem")
- ``base.py``: thresholds, the rule type and the terms of the rule table (use, severity…)
- ``table.py``: the dimension rules; ``steps.py``: level, flag, medication, resource and barrier
  rules; ``notes.py``: the notes and the words about medication
- ``dimensions.py``: the six ratings; ``level.py``: the level and ``then``
- ``crosswalk.py``: the ASAM Criteria reference; ``riskiest.py``: the completion behind
  ``could_reach``
- ``safety.py``: ``crisis_now`` for the interview; ``catalogue.py``: the catalogue for ``explain``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from iop_assess.bank import Answer, Bank
from iop_assess.model import DECLINED
from iop_assess.result import DimensionRating, InstrumentScore, Level, Recommendation
from iop_assess.rules.base import USED_NAMES, Rule, used
from iop_assess.rules.crosswalk import ASAM_RULES, crosswalk
from iop_assess.rules.dimensions import ordered, rate_dimensions, reason
from iop_assess.rules.facts import Facts
from iop_assess.rules.level import choose_level
from iop_assess.rules.notes import NOTES, Context, medication_notes, recommendation_notes
from iop_assess.rules.safety import crisis_now
from iop_assess.rules.steps import (
    BARRIER_RULES,
    FLAG_RULES,
    GAPS,
    LEVEL_RULES,
    MEDICATION_RULES,
    RESOURCE_RULES,
)
from iop_assess.rules.table import DIMENSION_RULES, NONE_RULES

SAFETY_FLAGS = ("suicide_risk", "declined_safety_item")
CRISIS_ITEMS = ("suicide_plan", "danger_now", "medical_urgent", "withdrawal_now")
"""Items whose riskiest answer alone gives an emergency (rating-4 rules). All but
``withdrawal_now`` are asked of everyone; it is asked after any past-year use (without use
there is no withdrawal, and its emergency signs are in ``medical_urgent``)."""
"""Flags whose reasons are also listed with the recommendation, so they are always named."""

RULES: tuple[Rule, ...] = (
    DIMENSION_RULES
    + tuple(NONE_RULES.values())
    + LEVEL_RULES
    + (GAPS,)
    + FLAG_RULES
    + MEDICATION_RULES
    + RESOURCE_RULES
    + BARRIER_RULES
    + tuple(r for r, _ in NOTES)
    + ASAM_RULES
)
"""Every rule, in the order ``explain`` shows them."""
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


@dataclass(frozen=True)
class Evaluation:
    dimensions: dict[str, DimensionRating]
    recommendation: Recommendation
    flags: tuple[str, ...]
    missing: tuple[str, ...]
    resources: tuple[str, ...] = ()
    """Ids of the resource rules that fired (``naloxone``, ``dv_hotline``…)."""


def could_reach(
    bank: Bank,
    answers: Mapping[str, Answer],
    level: Level,
    gaps: tuple[str, ...] | None = None,
) -> Level | None:
    """The level when every unanswered or declined item takes its riskiest value; ``None``
    when that is ``level`` itself.

    ``gaps`` are the items whose answers could have led to a more intensive level (from
    ``choose_level``). When there are none, no completion can raise the level: every level rule
    above it is false on answered items alone, and filling in unanswered items never changes
    those (the rules are three-valued). Then the completion is not scored again.
    """
    from iop_assess.rules.riskiest import riskiest_completion
    from iop_assess.scoring import score_all

    if level == "emergency" or (gaps is not None and not gaps and level != "insufficient"):
        return None
    if any(
        answers.get(item) in (None, DECLINED) and item in bank.items and bank.applies(item, answers)
        for item in CRISIS_ITEMS
    ):
        # each of these, at its riskiest, is a rating-4 rule on its own: an emergency
        return "emergency"
    filled = riskiest_completion(bank, answers)
    if filled == dict(answers):
        return None
    facts = Facts(bank, filled, score_all(bank, filled))
    dimensions, ratings = rate_dimensions(facts)
    reached = choose_level(facts, ratings, dimensions, then=False).level
    return None if reached == level else reached


def evaluate(
    bank: Bank | None, answers: Mapping[str, Answer], scores: Mapping[str, InstrumentScore]
) -> Evaluation:
    """Rate the dimensions, choose the level, set the flags and name what is missing."""
    facts = Facts(bank, answers, scores)
    dimensions, ratings = rate_dimensions(facts)
    choice = choose_level(facts, ratings, dimensions)
    flags: list[str] = []
    reasons = list(choice.reasons)
    for rule in FLAG_RULES:
        check = rule.test(facts, ratings)
        if check.value is True:
            flags.append(rule.target)
            if rule.target in SAFETY_FLAGS:
                reasons.append(reason(facts, rule, check))
    medication = tuple(r.target for r in MEDICATION_RULES if r.test(facts, ratings).value is True)
    barriers = [r for r in BARRIER_RULES if r.test(facts, ratings).value is True]
    resources = tuple(r.target for r in RESOURCE_RULES if r.test(facts, ratings).value is True)
    context = Context(
        facts, ratings, dimensions, choice.level, choice.then, choice.detox, tuple(flags)
    )
    missing: set[str] = set(choice.gaps)
    for dim in dimensions.values():
        missing.update(dim.unknown)
    for score in scores.values():
        if score.status == "incomplete":
            missing.update(score.missing)
            missing.update(score.declined)
    if choice.level == "insufficient":
        missing.update(("alcohol_past_year", "drugs_past_year", "substances"))
    missing.update(i for i, answer in answers.items() if answer == DECLINED)  # state "declined"
    detox_level = "detox_first" in (choice.level, choice.then)
    residential = tuple(i for i in choice.fired if i.startswith("level.residential."))
    notes, note_rules = recommendation_notes(context)
    recommendation = Recommendation(
        choice.level,
        choice.then,
        tuple(reasons),
        notes,
        could_reach=(
            could_reach(bank, answers, choice.level, choice.gaps) if bank is not None else None
        ),
        medication=medication,
        medication_notes=medication_notes(facts, medication, tuple(flags)),
        barriers=tuple(r.target for r in barriers),
        barrier_notes=tuple(r.text for r in barriers),
        asam=crosswalk(
            choice.level,
            choice.then,
            choice.detox,
            medication,
            {d: dim.rating for d, dim in dimensions.items()},
            residential,
        ),
        withdrawal_care=(
            None
            if not detox_level or choice.detox is None
            else ("monitored" if choice.detox == 3 else "with_clinician")
        ),
        substances=tuple(used(facts, USED_NAMES)),
        note_rules=note_rules,
    )
    return Evaluation(dimensions, recommendation, tuple(flags), ordered(facts, missing), resources)


__all__ = [
    "RULES",
    "RULES_BY_ID",
    "Evaluation",
    "Facts",
    "Rule",
    "choose_level",
    "could_reach",
    "crisis_now",
    "evaluate",
    "rate_dimensions",
]
