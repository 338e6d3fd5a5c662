"""Rate the six dimensions 0–4 from the dimension rules of :mod:`~iop_assess.rules.table`.

A dimension's rating is the highest rule that fires; its reasons are the rules that set that
rating (a lower rule of the same dimension is not shown beside it).
"""

from __future__ import annotations

from collections.abc import Iterable

from iop_assess.result import DIMENSIONS, DimensionRating, Reason
from iop_assess.rules.base import Ratings, Rule, fill
from iop_assess.rules.facts import Check, Facts
from iop_assess.rules.table import (
    DIMENSION_NOT_ASKED,
    NONE_RULES,
    NOT_RATED_TEXT,
    OTHER_RULES,
    WITHDRAWAL_RULES,
)


def ordered(facts: Facts, items: Iterable[str]) -> tuple[str, ...]:
    """Item ids in asking order (unknown ids last, by name)."""
    order = facts.bank.order if facts.bank is not None else {}
    last = len(order)
    return tuple(sorted(set(items), key=lambda i: (order.get(i, last), i)))


def reason(facts: Facts, rule: Rule, check: Check) -> Reason:
    text = rule.assumed if rule.assumed and check.unknown else rule.text
    return Reason(
        rule.id, fill(text, facts), ordered(facts, check.items | check.unknown), rule.source
    )


def evaluate_dimensions(facts: Facts, *, top: int = 4) -> Ratings:
    """Every dimension rule's check, grouped by dimension. Rules rated above ``top`` are left
    out (``top=3``: the dimensions without their rating-4 rules, for the level after an
    emergency). The withdrawal rules come last: one of them reads the emotional rating."""
    checks: dict[str, list[tuple[Rule, Check]]] = {d: [] for d in DIMENSIONS}
    for rules in (OTHER_RULES, WITHDRAWAL_RULES):
        seen = Ratings(checks)  # still growing: nothing is remembered
        for rule in rules:
            if rule.rating <= top:
                checks[rule.target].append((rule, rule.test(facts, seen)))
    return Ratings(checks).seal()


def rate(facts: Facts, ratings: Ratings, dimension: str) -> DimensionRating:
    checks = ratings.checks(dimension)
    rating = ratings.rating(dimension)
    gaps: set[str] = set()
    for rule, check in checks:
        if check.value is True or (check.value is None and rule.rating > rating):
            gaps |= check.unknown
    reasons: list[Reason] = []
    for rule, check in checks:
        if check.value is True and rule.rating == rating:
            shown = reason(facts, rule, check)
            if all(shown.text != r.text for r in reasons):
                reasons.append(shown)
    if not reasons:
        none = NONE_RULES[dimension]
        read = frozenset().union(*(c.items for _, c in checks))
        text = NOT_RATED_TEXT if gaps else none.text
        unasked = DIMENSION_NOT_ASKED.get(dimension)
        if not gaps and unasked and facts.state(unasked[0]) == "not_applicable":
            text = unasked[1]
        reasons = [Reason(none.id, text, ordered(facts, gaps or read), none.source)]
    return DimensionRating(dimension, rating, tuple(reasons), ordered(facts, gaps))


def rate_dimensions(facts: Facts) -> tuple[dict[str, DimensionRating], Ratings]:
    """The six ratings (each with reasons and unknown items) and the checks behind them."""
    ratings = evaluate_dimensions(facts)
    return {d: rate(facts, ratings, d) for d in DIMENSIONS}, ratings
