"""Choose the level: the least intensive level that is safe, decided by the worst dimension.

Order (``rules.md``): emergency → detox_first → residential → iop → outpatient; ``insufficient``
only when no rule above outpatient fires and the use questions are all unknown. ``then`` (for
``detox_first`` and ``emergency``) is the level from the residential/iop/outpatient steps, which
never read the withdrawal dimension.
"""

from __future__ import annotations

from dataclasses import dataclass

from iop_assess.result import DimensionRating, Level, Reason
from iop_assess.rules.base import Ratings, Rule
from iop_assess.rules.dimensions import ordered, reason
from iop_assess.rules.facts import Check, Facts
from iop_assess.rules.table import GAPS, LEVEL_RULES, RULES_BY_ID

URGENT: tuple[Level, ...] = ("emergency", "detox_first")
TREATMENT: tuple[Level, ...] = ("residential", "iop")
"""Levels the steps 3–4 rules can pick; step 5 is outpatient (or insufficient)."""
CRISIS_DIMENSIONS = ("withdrawal", "biomedical", "emotional")


@dataclass(frozen=True)
class LevelChoice:
    level: Level
    then: Level | None
    reasons: tuple[Reason, ...]
    gaps: tuple[str, ...]
    """Items whose answers could have led to a more intensive level."""


def _checks(facts: Facts, ratings: Ratings) -> list[tuple[Rule, Check]]:
    return [(rule, rule.test(facts, ratings)) for rule in LEVEL_RULES]


def _first(
    checks: list[tuple[Rule, Check]], levels: tuple[Level, ...]
) -> tuple[Level | None, list[tuple[Rule, Check]]]:
    """The first of ``levels`` (in order) with a rule that fires, and its firing rules."""
    for level in levels:
        fired = [(r, c) for r, c in checks if r.target == level and c.value is True]
        if fired:
            return level, fired
    return None, []


def _gaps(checks: list[tuple[Rule, Check]], above: tuple[Level, ...]) -> set[str]:
    found: set[str] = set()
    for rule, check in checks:
        if rule.target in above and check.value is None:
            found |= check.unknown
    return found


def _rating(reason: Reason) -> int | None:
    rule = RULES_BY_ID.get(reason.rule)
    return rule.rating if rule is not None else None


def choose_level(
    facts: Facts, ratings: Ratings, dimensions: dict[str, DimensionRating]
) -> LevelChoice:
    checks = _checks(facts, ratings)
    urgent, urgent_fired = _first(checks, URGENT)
    urgent_fired = urgent_fired[:1]  # monitored withdrawal care implies the ambulatory rule
    treatment, treatment_fired = _first(checks, TREATMENT)
    insufficient = next(c for r, c in checks if r.target == "insufficient")
    if treatment is None:
        treatment = "insufficient" if insufficient.value else "outpatient"
        treatment_fired = [(r, c) for r, c in checks if r.target == treatment]

    level: Level = urgent or treatment
    then: Level | None = None
    if urgent is not None and treatment != "insufficient":
        then = treatment

    order: tuple[Level, ...] = (*URGENT, *TREATMENT, "outpatient")
    shown = order.index(then or level) if (then or level) in order else len(order) - 1
    gaps = _gaps(checks, order[:shown])

    reasons: list[Reason] = [reason(facts, r, c) for r, c in urgent_fired or treatment_fired]
    if level == "emergency":
        for dim in CRISIS_DIMENSIONS:
            if dimensions[dim].rating == 4:
                reasons.extend(x for x in dimensions[dim].reasons if _rating(x) == 4)
    if then is not None:
        reasons.extend(reason(facts, r, c) for r, c in treatment_fired)
    # "outpatient" fires because nothing else did: it rests on everything that was read
    read = ordered(facts, {i for d in dimensions.values() for x in d.reasons for i in x.items})
    reasons = [x if x.items else Reason(x.rule, x.text, read, x.source) for x in reasons]
    if gaps:
        reasons.append(Reason(GAPS.id, GAPS.text, ordered(facts, gaps), GAPS.source))
    return LevelChoice(level, then, tuple(reasons), ordered(facts, gaps))
