"""Invariants of the rules over thousands of random, valid answer sets (rules.md).

Answers are drawn from the bundled bank's own items and options: any item may be missing or
declined. "Worse" is the per-item risk order in ``test_rules_risk.RISK``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules_risk import LEVEL_RANK, RISK, bank, run

from iop_assess.bank import ItemRef
from iop_assess.model import DECLINED
from iop_assess.result import DIMENSIONS, Result
from iop_assess.rules.base import SAFETY_ITEMS

EXAMPLES = 1500
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NEAR = {
    "age": [17, 18, 65, 66],
    "alcohol_drinks": [0, 4, 5, 12],
}
DAYS_NEAR = [0, 1, 19, 20, 30]
CRISIS_NAMES = ("988 Suicide & Crisis Lifeline", "Emergency services")


def _values(ref: ItemRef) -> list[Any]:
    return [o.value for o in ref.options or ()]


def _exclusive(ref: ItemRef) -> list[Any]:
    return [o.value for o in ref.options or () if o.exclusive]


MISSING = "<missing>"


def _value(ref: ItemRef) -> st.SearchStrategy[Any]:
    """An answer to one item, or ``MISSING``, or declined (about one time in six)."""
    item = ref.item
    gaps = [MISSING, DECLINED] if item.declinable else [MISSING]
    if item.type == "integer":
        assert item.min is not None and item.max is not None
        near = DAYS_NEAR if item.id.endswith("_days") else NEAR.get(item.id, [])
        near = [n for n in near if item.min <= n <= item.max]
        exact = st.integers(item.min, item.max)
        some = st.sampled_from(near) if near else exact
        return st.one_of(st.sampled_from(gaps), exact, some, exact, some, exact)
    if item.type == "multiple":
        plain = [v for v in _values(ref) if v not in _exclusive(ref)]
        subsets = st.lists(st.sampled_from(plain), min_size=1, max_size=3, unique=True)
        fixed = st.sampled_from([*gaps, *([v] for v in _exclusive(ref))])
        return st.one_of(fixed, subsets, subsets)
    values = _values(ref)
    return st.sampled_from(gaps + values * max(1, 10 // len(values)))


def _leaning(calm: int) -> Callable[[ItemRef], st.SearchStrategy[Any]]:
    """The least risky answer ``calm`` times in 10, so one changed answer matters more often."""

    def pick(ref: ItemRef) -> st.SearchStrategy[Any]:
        if ref.item.id not in RISK:
            return _value(ref)
        least = _least(ref)
        return st.tuples(st.integers(0, 9), _value(ref)).map(
            lambda t: t[1] if t[0] >= calm else least
        )

    return pick


def _sets(pick: Callable[[ItemRef], st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    items = {i: pick(ref) for i, ref in bank().items.items() if ref.item.type != "text"}
    return st.fixed_dictionaries(items).map(
        lambda raw: {k: v for k, v in raw.items() if v != MISSING}
    )


@cache
def answer_sets() -> st.SearchStrategy[dict[str, Any]]:
    """Fully random answer sets, and sets leaning calm to different degrees."""
    return st.one_of(_sets(_value), *(_sets(_leaning(calm)) for calm in (9, 8, 7)))


def _worse(ref: ItemRef, current: Any) -> list[Any]:
    """Every answer strictly worse than ``current`` (by ``RISK``), or an empty list."""
    order = RISK[ref.item.id]
    if order == "higher":
        if ref.item.type == "integer":
            assert ref.item.max is not None
            top = ref.item.max
            if current >= top:
                return []
            return sorted({current + 1, min(top, current + 5), top})
        return [v for v in _values(ref) if int(v) > int(current)]
    if order == "superset":
        plain = [v for v in _values(ref) if v not in _exclusive(ref)]
        if set(current) & set(_exclusive(ref)):
            return [[v] for v in plain]
        return [[*current, v] for v in plain if v not in current]
    assert isinstance(order, tuple)
    rank = next(i for i, group in enumerate(order) if current in group)
    return [v for group in order[rank + 1 :] for v in group]


def _least(ref: ItemRef) -> Any:
    order = RISK[ref.item.id]
    if order == "higher":
        return ref.item.min if ref.item.type == "integer" else min(_values(ref), key=int)
    if order == "superset":
        return _exclusive(ref)[:1]
    assert isinstance(order, tuple)
    return order[0][0]


def _ratings(result: Result) -> dict[str, int]:
    return {d: result.dimensions[d].rating for d in DIMENSIONS}


def _at_least_as_high(after: Result, before: Result) -> None:
    rank_after = LEVEL_RANK[after.recommendation.level]
    rank_before = LEVEL_RANK[before.recommendation.level]
    assert rank_after >= rank_before, (before.recommendation, after.recommendation)
    for dim in DIMENSIONS:
        assert after.dimensions[dim].rating >= before.dimensions[dim].rating, dim


def _ordered_answered(raw: dict[str, Any]) -> list[str]:
    return [i for i, v in raw.items() if i in RISK and v != DECLINED]


@SETTINGS
@given(raw=answer_sets(), data=st.data())
def test_worsening_one_answer_never_lowers_the_level_or_a_rating(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    candidates = [i for i in _ordered_answered(raw) if _worse(bank().items[i], raw[i])]
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates), label="item")
    worse = data.draw(st.sampled_from(_worse(bank().items[item], raw[item])), label="worse")
    _at_least_as_high(run(raw | {item: worse}), run(raw))


def _days(kept: dict[str, Any], item: str) -> int:
    value = kept.get(item)
    return value if isinstance(value, int) else 0


@SETTINGS
@given(raw=answer_sets())
def test_safety_rules_are_never_bypassed(raw: dict[str, Any]) -> None:
    kept, _ = bank().effective(raw)
    result = run(raw)
    level = result.recommendation.level

    def chose(item: str, *values: Any) -> bool:
        answer = kept.get(item)
        chosen = answer if isinstance(answer, list) else [answer]
        return any(v in chosen for v in values)

    complicated = chose("withdrawal_history", "seizures", "delirium_tremens", "hallucinations")
    recent = chose("substances", "alcohol", "benzodiazepines") or (
        _days(kept, "alcohol_days") + _days(kept, "benzodiazepines_days") > 0
    )
    if (
        (complicated and recent)
        or _days(kept, "benzodiazepines_days") >= 20
        or chose("withdrawal_now", "moderate", "severe")
    ):
        assert level in ("detox_first", "emergency")
    if (
        chose("suicide_plan", "yes")
        or chose("danger_now", "yes")
        or chose("medical_urgent", "yes")
        or chose("withdrawal_now", "severe")
    ):
        assert level == "emergency"
        assert result.crisis
        assert [r.name for r in result.resources[:2]] == ["Emergency services", CRISIS_NAMES[0]]
    item9 = kept.get("phq9_9")
    suicide = (
        (isinstance(item9, int) and item9 >= 1)
        or chose("suicide_plan", "yes")
        or DECLINED in (kept.get("phq9_9"), kept.get("suicide_plan"))
    )
    assert ("suicide_risk" in result.flags) == suicide
    if suicide:
        assert result.crisis
        assert {r.name for r in result.resources[:2]} == set(CRISIS_NAMES)
    # every result: a disclaimer and at least one reason that names its items
    assert result.disclaimer.strip()
    assert result.recommendation.reasons and result.recommendation.reasons[0].items
    if level in ("detox_first", "emergency"):
        assert result.recommendation.then in (None, "residential", "iop", "outpatient")
    else:
        assert result.recommendation.then is None


@SETTINGS
@given(raw=answer_sets(), data=st.data())
def test_declined_never_lowers_a_rating_and_safety_items_are_named(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    candidates = [i for i in RISK if bank().items[i].item.declinable]
    item = data.draw(st.sampled_from(candidates), label="item")
    ref = bank().items[item]
    declined = run(raw | {item: DECLINED})
    least = run(raw | {item: _least(ref)})
    _at_least_as_high(declined, least)
    kept, _ = bank().effective(raw | {item: DECLINED})
    if item in SAFETY_ITEMS and item in kept:
        assert "declined_safety_item" in declined.flags
        named = {i for r in declined.recommendation.reasons for i in r.items}
        assert item in named
        assert item in declined.missing
        assert {r.name for r in declined.resources[:2]} == set(CRISIS_NAMES)
