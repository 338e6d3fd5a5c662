"""Rate the six dimensions 0–4 from the dimension rules of :mod:`~iop_assess.rules.table`."""

from __future__ import annotations

from collections.abc import Iterable

from iop_assess.result import DIMENSIONS, DimensionRating, Reason
from iop_assess.rules.base import Ratings, Rule
from iop_assess.rules.facts import Check, Facts
from iop_assess.rules.table import DIMENSION_RULES, NONE_RULES, NOT_RATED_TEXT


def ordered(facts: Facts, items: Iterable[str]) -> tuple[str, ...]:
    """Item ids in asking order (unknown ids last, by name)."""
    order = facts.bank.order if facts.bank is not None else {}
    last = len(order)
    return tuple(sorted(set(items), key=lambda i: (order.get(i, last), i)))


def reason(facts: Facts, rule: Rule, check: Check) -> Reason:
    text = rule.assumed if rule.assumed and check.unknown else rule.text
    return Reason(rule.id, text, ordered(facts, check.items | check.unknown), rule.source)


def evaluate_dimensions(facts: Facts) -> Ratings:
    """Every dimension rule's check, grouped by dimension."""
    checks: dict[str, list[tuple[Rule, Check]]] = {d: [] for d in DIMENSIONS}
    empty = Ratings(checks)
    for rule in DIMENSION_RULES:
        checks[rule.target].append((rule, rule.test(facts, empty)))
    return Ratings(checks)


def rate(facts: Facts, ratings: Ratings, dimension: str) -> DimensionRating:
    checks = ratings.checks(dimension)
    rating = ratings.rating(dimension)
    fired = sorted(((r, c) for r, c in checks if c.value is True), key=lambda rc: -rc[0].rating)
    gaps: set[str] = set()
    for rule, check in checks:
        if check.value is True or (check.value is None and rule.rating > rating):
            gaps |= check.unknown
    reasons: list[Reason] = []
    for rule, check in fired:
        # A lower rule that reads nothing new only repeats a higher one; leave it out.
        shown = reason(facts, rule, check)
        if not any(set(shown.items) <= set(r.items) for r in reasons):
            reasons.append(shown)
    if not reasons:
        none = NONE_RULES[dimension]
        read = frozenset().union(*(c.items for _, c in checks))
        text = NOT_RATED_TEXT if gaps else none.text
        reasons = [Reason(none.id, text, ordered(facts, gaps or read), none.source)]
    return DimensionRating(dimension, rating, tuple(reasons), ordered(facts, gaps))


def rate_dimensions(facts: Facts) -> tuple[dict[str, DimensionRating], Ratings]:
    """The six ratings (each with reasons and unknown items) and the checks behind them."""
    ratings = evaluate_dimensions(facts)
    return {d: rate(facts, ratings, d) for d in DIMENSIONS}, ratings
