"""Safety interrupts: what calls for the crisis block (911, 988) right after an answer.

The interview calls :func:`crisis_now` after every answer. It reads only the answers (no scores),
using the catalogue's crisis rules, so the words and thresholds are the same as in the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from iop_assess.bank import Answer
from iop_assess.result import Reason
from iop_assess.rules.base import RIGHT_NOW_ITEMS, Ratings
from iop_assess.rules.facts import Facts
from iop_assess.rules.steps import FLAG_RULES, declined
from iop_assess.rules.table import DIMENSION_RULES

DECLINED_SAFETY = next(r for r in FLAG_RULES if r.id == "flag.declined_safety_item")


def crisis_now(answers: Mapping[str, Answer]) -> list[Reason]:
    """Reasons to show the crisis block now: phq9_9 ≥ 1, suicide_plan yes, danger_now yes,
    medical_urgent yes, withdrawal_now severe, or one of those declined. Empty when none."""
    facts = Facts(None, answers)
    empty = Ratings({})
    found: list[Reason] = []
    for rule in DIMENSION_RULES:
        if rule.crisis:
            check = rule.test(facts, empty)
            if check.value is True:
                found.append(Reason(rule.id, rule.text, tuple(sorted(check.items)), rule.source))
    skipped = declined(facts, RIGHT_NOW_ITEMS)
    if skipped.value:
        rule = DECLINED_SAFETY
        found.append(Reason(rule.id, rule.text, tuple(sorted(skipped.items)), rule.source))
    return found
