"""Scoring invariants over random answer sets (hypothesis), for every bundled instrument.

"Worse" for an item means an answer that signals more of what the instrument measures: a higher
option score, or a lower one for the instrument's ``reverse`` items (DAST-10 item 3).
"""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from iop_assess.bank import Answer, Bank, load_bank
from iop_assess.model import DECLINED, Instrument
from iop_assess.scoring import score_instrument

EXAMPLES = settings(max_examples=80, deadline=None)
GATES: dict[str, Answer] = {"alcohol_past_year": "yes", "drugs_past_year": "yes"}


@cache
def bank() -> Bank:
    return load_bank()


def instrument_ids() -> list[str]:
    return list(bank().instruments)


def values(item_id: str) -> list[str | int]:
    return [o.value for o in bank().items[item_id].options or ()]


def worse_order(inst: Instrument, item_id: str) -> list[str | int]:
    """Option values from least to most concerning."""
    options = sorted(bank().items[item_id].options or (), key=lambda o: o.score or 0)
    ordered = [o.value for o in options]
    return ordered[::-1] if item_id in inst.reverse else ordered


def zeroed(inst: Instrument, answers: dict[str, Answer]) -> set[str]:
    found: set[str] = set()
    for rule in inst.skip:
        if bank().check(rule.when, answers) is True:
            found.update(rule.zero)
    return found


@st.composite
def complete(draw: st.DrawFn) -> tuple[Instrument, dict[str, Answer]]:
    """An instrument with every one of its items answered, plus the items that gate it."""
    inst = bank().instruments[draw(st.sampled_from(instrument_ids()))]
    answers: dict[str, Answer] = dict(GATES)
    sex = draw(st.sampled_from(["female", "male", "other", DECLINED, None]))
    if sex is not None:
        answers["sex"] = sex
    for item_id in inst.items:
        answers[item_id] = draw(st.sampled_from(values(item_id)))
    return inst, answers


@st.composite
def with_gaps(draw: st.DrawFn) -> tuple[Instrument, dict[str, Answer]]:
    """Like :func:`complete`, but any item may be declined or left out."""
    inst, answers = draw(complete())
    for item_id in inst.items:
        choice = draw(st.sampled_from(["keep", "keep", "declined", "missing"]))
        if choice == "declined":
            answers[item_id] = DECLINED
        elif choice == "missing":
            del answers[item_id]
    return inst, answers


@EXAMPLES
@given(with_gaps())
def test_totals_stay_within_zero_and_max(case: tuple[Instrument, dict[str, Answer]]) -> None:
    inst, answers = case
    score = score_instrument(bank(), inst, answers)
    assert 0 <= score.partial <= score.max
    if score.status == "complete":
        assert score.total is not None and 0 <= score.total <= score.max
        assert score.band is not None
    else:
        assert score.total is None and score.band is None


@EXAMPLES
@given(complete())
def test_complete_answers_give_a_complete_score(
    case: tuple[Instrument, dict[str, Answer]],
) -> None:
    inst, answers = case
    score = score_instrument(bank(), inst, answers)
    assert score.status == "complete"
    assert score.missing == () and score.declined == ()


@EXAMPLES
@given(complete(), st.data())
def test_a_worse_answer_never_lowers_the_total(
    case: tuple[Instrument, dict[str, Answer]], data: st.DataObject
) -> None:
    inst, answers = case
    item_id = data.draw(st.sampled_from(inst.items))
    order = worse_order(inst, item_id)
    start = order.index(answers[item_id])
    worse = data.draw(st.sampled_from(order[start:]))
    before = score_instrument(bank(), inst, answers)
    after = score_instrument(bank(), inst, {**answers, item_id: worse})
    assert before.total is not None and after.total is not None
    assert after.total >= before.total


@EXAMPLES
@given(complete(), st.data())
def test_declining_never_raises_a_total_and_is_never_scored_as_zero(
    case: tuple[Instrument, dict[str, Answer]], data: st.DataObject
) -> None:
    inst, given = case
    # As an answers file gives them: answers to questions that were not asked are dropped.
    answers, _ = bank().effective(given)
    item_id = data.draw(st.sampled_from(inst.items))
    before = score_instrument(bank(), inst, answers)
    declined = {**answers, item_id: DECLINED}
    after = score_instrument(bank(), inst, declined)
    assert before.total is not None
    if item_id in zeroed(inst, declined):
        # The WHO AUDIT rule: an item that is not asked counts as 0, whatever was typed.
        assert (after.status, after.total) == ("complete", before.total)
        return
    assert after.status == "incomplete"
    assert after.total is None and after.band is None
    assert item_id in after.declined
    assert after.partial <= before.total


@EXAMPLES
@given(with_gaps())
def test_a_subscale_never_exceeds_its_instrument(
    case: tuple[Instrument, dict[str, Answer]],
) -> None:
    inst, answers = case
    score = score_instrument(bank(), inst, answers)
    for sub in score.subscales:
        assert sub.max <= score.max
        if sub.total is not None:
            assert 0 <= sub.total <= sub.max
            assert sub.total <= score.partial
            if score.total is not None:
                assert sub.total <= score.total


@EXAMPLES
@given(with_gaps())
def test_answers_to_items_that_do_not_apply_are_not_scored(
    case: tuple[Instrument, dict[str, Answer]],
) -> None:
    inst, answers = case
    gated = {**answers, "alcohol_past_year": "no", "drugs_past_year": "no"}
    score = score_instrument(bank(), inst, gated)
    if not any(bank().applies(i, gated) for i in inst.items):
        assert (score.status, score.total, score.partial) == ("not_applicable", None, 0)
