"""The invariants of the rule table (version 2) over thousands of random, valid answer sets.

Answers are drawn from the bundled bank's own items and options: any item may be missing or
declined. Sets that contradict a past-year question are made consistent first (the gate becomes
"yes"), because ``score`` refuses them. "Worse" is the per-item risk order in
``test_rules_risk.RISK``.

Two tests share the work: each draws a set, changes one answer (to a worse one, or to declined
and to the least risky one), checks what that change may do, and checks the invariants that hold
for every single result (safety, sedative withdrawal, opioids, low severity) on both results it
made. Under CI they run derandomized (the ``ci`` profile in conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from conftest import record_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_scripts import asked
from test_rules_risk import LEVEL_RANK, RISK, bank

from iop_assess.assess import assess
from iop_assess.bank import ItemRef
from iop_assess.gates import contradictions
from iop_assess.model import DECLINED
from iop_assess.report.content import build
from iop_assess.report.html import layout as html_layout
from iop_assess.report.markdown import layout as markdown_layout
from iop_assess.report.text import plain_lines
from iop_assess.result import DIMENSIONS, Result
from iop_assess.rules import could_reach
from iop_assess.rules.base import SAFETY_ITEMS, severity_at_least
from iop_assess.rules.dimensions import rate_dimensions
from iop_assess.rules.facts import Facts, Severity
from iop_assess.rules.level import choose_level
from iop_assess.rules.riskiest import riskiest_completion
from iop_assess.scoring import score_all

EXAMPLES = 1000
"""Per test; each example makes two results, so 4,000 answer sets are scored in all."""
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NEAR = {
    "age": [17, 18, 65, 66],
    "alcohol_drinks": [0, 4, 5, 9, 10, 12],
}
DAYS_NEAR = [0, 1, 9, 10, 19, 20, 30]
CRISIS_NAMES = ("988 Suicide & Crisis Lifeline", "Emergency services")
SEDATIVES = ("alcohol", "benzodiazepines", "other")


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


def consistent(raw: dict[str, Any]) -> dict[str, Any]:
    """The set with every past-year question that a later answer contradicts set to yes."""
    fixed = dict(raw)
    for found in contradictions(fixed):
        fixed[found.gate] = "yes"
    assert contradictions(fixed) == []
    return fixed


def _sets(pick: Callable[[ItemRef], st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    items = {i: pick(ref) for i, ref in bank().items.items() if ref.item.type != "text"}
    return st.fixed_dictionaries(items).map(
        lambda raw: consistent({k: v for k, v in raw.items() if v != MISSING})
    )


def interview_shaped(raw: dict[str, Any]) -> dict[str, Any]:
    """The answers a short screen collects: each item only when it applies to the answers
    before it, so a short form below its cut-off stops after its first stage (screened
    negative), and the questions that cannot matter are left out."""
    return consistent(asked(bank(), raw))


@cache
def answer_sets() -> st.SearchStrategy[dict[str, Any]]:
    """Fully random answer sets, and sets leaning calm to different degrees; each as drawn
    (every item answered, like a counselor's full form) or as a short screen asks it."""
    drawn = st.one_of(_sets(_value), *(_sets(_leaning(calm)) for calm in (9, 8, 7)))
    return st.one_of(drawn, drawn.map(interview_shaped))


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
    if order == "subset":
        if set(current) & set(_exclusive(ref)):
            return []
        fewer = [[v for v in current if v != gone] for gone in current]
        return [f or _exclusive(ref)[:1] for f in fewer]
    assert isinstance(order, tuple)
    rank = next(i for i, group in enumerate(order) if current in group)
    return [v for group in order[rank + 1 :] for v in group]


def _least(ref: ItemRef) -> Any:
    order = RISK[ref.item.id]
    if order == "higher":
        return ref.item.min if ref.item.type == "integer" else min(_values(ref), key=int)
    if order == "superset":
        return _exclusive(ref)[:1]
    if order == "subset":
        return [v for v in _values(ref) if v not in _exclusive(ref)]
    assert isinstance(order, tuple)
    return order[0][0]


def score(raw: dict[str, Any]) -> tuple[Result, dict[str, Any]]:
    """The result, and the answers that applied (as ``score`` keeps them)."""
    kept, _ = bank().effective(raw)
    return assess(bank(), kept), kept


# -- what one changed answer may do ------------------------------------------------------------


def _reach(result: Result) -> str:
    rec = result.recommendation
    return rec.could_reach or rec.level


def _at_least_as_high(after: Result, before: Result) -> None:
    """Level, could_reach and every rating (``insufficient`` stands outside the order)."""
    for pick in (lambda r: r.recommendation.level, _reach):
        higher, lower = pick(after), pick(before)
        if "insufficient" not in (higher, lower):
            assert LEVEL_RANK[higher] >= LEVEL_RANK[lower], (before.recommendation, after)
    for dim in DIMENSIONS:
        assert after.dimensions[dim].rating >= before.dimensions[dim].rating, dim


# -- what holds for every result -----------------------------------------------------------------


def _chose(kept: dict[str, Any], item: str, *values: Any) -> bool:
    answer = kept.get(item)
    chosen = answer if isinstance(answer, list) else [answer]
    return any(v in chosen for v in values)


def _days(kept: dict[str, Any], item: str) -> int | None:
    value = kept.get(item)
    return value if isinstance(value, int) else None


def _uses(kept: dict[str, Any], substance: str) -> bool:
    """Chosen, with days >= 1 or the days not given."""
    days = _days(kept, f"{substance}_days")
    return _chose(kept, "substances", substance) and (days is None or days >= 1)


def _prescribed(kept: dict[str, Any], substance: str) -> bool:
    return _chose(kept, "prescribed_as_directed", substance)


def _crisis_first(result: Result, *, plain: bool = False) -> None:
    """The crisis block comes first in the Markdown and HTML layouts and (``plain``: wrapping
    every line is slower, so only where a safety item was declined) in plain text. The rich
    text layout is checked on the answer files in test_cli_score.py."""
    report = build(record_of(result, counselor=False))
    assert report.crisis is not None
    assert markdown_layout(report)[0] == f"# {report.crisis.title}"
    assert html_layout(report)[0].startswith('<section class="crisis"')
    if plain:
        assert plain_lines(report, 80)[0] == report.crisis.title.upper() + ":"


def _holds_for_every_result(result: Result, kept: dict[str, Any]) -> None:
    rec = result.recommendation
    level = rec.level
    # safety first: these always give an emergency, whatever phq9_9 says
    if (
        _chose(kept, "suicide_plan", "yes")
        or _chose(kept, "danger_now", "yes")
        or _chose(kept, "medical_urgent", "yes")
        or _chose(kept, "withdrawal_now", "severe")
    ):
        assert level == "emergency"
        assert result.crisis
        assert [r.name for r in result.resources[:2]] == ["Emergency services", CRISIS_NAMES[0]]
        _crisis_first(result)
    item9 = kept.get("phq9_9")
    suicide = (
        (isinstance(item9, int) and item9 >= 1)
        or _chose(kept, "suicide_plan", "yes")
        or DECLINED in (kept.get("phq9_9"), kept.get("suicide_plan"))
    )
    assert ("suicide_risk" in result.flags) == suicide
    if suicide:
        assert {r.name for r in result.resources[:2]} == set(CRISIS_NAMES)
        _crisis_first(result)
    # sedative withdrawal: never a level that skips withdrawal care
    alcohol_days = _days(kept, "alcohol_days")
    benzo_days = _days(kept, "benzodiazepines_days")
    benzos_misused = _uses(kept, "benzodiazepines") and not _prescribed(kept, "benzodiazepines")
    complicated = _chose(
        kept, "withdrawal_history", "seizures", "delirium_tremens", "hallucinations"
    )
    often = (_uses(kept, "alcohol") and alcohol_days is not None and alcohol_days >= 10) or (
        benzos_misused and benzo_days is not None and benzo_days >= 10
    )
    drinks = _days(kept, "alcohol_drinks")
    very_heavy = (
        alcohol_days is not None and alcohol_days >= 20 and drinks is not None and drinks >= 10
    )
    sedative_now = _chose(kept, "withdrawal_now", "moderate") and any(
        _uses(kept, s) for s in SEDATIVES
    )
    daily_benzos = benzos_misused and benzo_days is not None and benzo_days >= 20
    if (complicated and often) or daily_benzos or very_heavy or sedative_now:
        assert level in ("detox_first", "emergency"), rec
    # opioids: medication, never detox; naloxone for any opioid use
    if kept.get("substances") == ["opioids"]:
        assert "detox_first" not in (level, rec.then), rec
    if (_uses(kept, "opioids") and not _prescribed(kept, "opioids")) or _chose(
        kept, "moud_now", "yes"
    ):
        assert "opioids" in rec.medication
    if _uses(kept, "opioids"):
        assert "Naloxone (Narcan)" in [r.name for r in result.resources]
    # low severity with nothing else: never residential or iop
    facts = Facts(bank(), kept, result.instruments)
    if severity_at_least(facts, Severity.MODERATE).value is False and all(
        result.dimensions[d].rating < 2 for d in DIMENSIONS
    ):
        assert level in ("none", "outpatient", "insufficient"), rec
    # every result: a disclaimer, a reason that names its items, a then only after an urgent step
    assert result.disclaimer.strip()
    assert rec.reasons and rec.reasons[0].items
    if level in ("detox_first", "emergency"):
        allowed = ("residential", "iop", "outpatient", "none", None)
        assert rec.then in (*allowed, "detox_first") if level == "emergency" else allowed
    else:
        assert rec.then is None
    if rec.could_reach is not None:
        assert rec.could_reach != level
        if level != "insufficient":
            assert LEVEL_RANK[rec.could_reach] > LEVEL_RANK[level]


def _ordered_answered(raw: dict[str, Any]) -> list[str]:
    return [i for i, v in raw.items() if i in RISK and v != DECLINED]


@SETTINGS
@given(raw=answer_sets(), data=st.data())
def test_worsening_one_answer_never_lowers_the_level_could_reach_or_a_rating(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    before, kept = score(raw)
    _holds_for_every_result(before, kept)
    candidates = [i for i in _ordered_answered(raw) if _worse(bank().items[i], raw[i])]
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates), label="item")
    worse = data.draw(st.sampled_from(_worse(bank().items[item], raw[item])), label="worse")
    changed = raw | {item: worse}
    if contradictions(changed):
        return  # refused by score: not a valid answer set
    after, kept_after = score(changed)
    _holds_for_every_result(after, kept_after)
    _at_least_as_high(after, before)


@SETTINGS
@given(raw=answer_sets(), data=st.data())
def test_declined_never_lowers_a_rating_and_safety_items_are_named(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    candidates = [i for i in RISK if bank().items[i].item.declinable]
    item = data.draw(st.sampled_from(candidates), label="item")
    ref = bank().items[item]
    declined, kept = score(raw | {item: DECLINED})
    _holds_for_every_result(declined, kept)
    calmest = raw | {item: _least(ref)}
    if contradictions(calmest):
        return
    least, kept_least = score(calmest)
    _holds_for_every_result(least, kept_least)
    for dim in DIMENSIONS:
        assert declined.dimensions[dim].rating >= least.dimensions[dim].rating, dim
    if item in SAFETY_ITEMS and item in kept:
        assert "declined_safety_item" in declined.flags
        named = {i for r in declined.recommendation.reasons for i in r.items}
        assert item in named
        assert item in declined.missing
        assert {r.name for r in declined.resources[:2]} == set(CRISIS_NAMES)
        _crisis_first(declined, plain=True)


@settings(SETTINGS, max_examples=300)
@given(raw=answer_sets())
def test_could_reach_is_the_level_of_the_riskiest_completion(raw: dict[str, Any]) -> None:
    """could_reach skips scoring the completion when it cannot be higher (a crisis item
    unanswered, or no unknown answer behind a more intensive level): the shortcut agrees with
    scoring the completion itself."""
    kept, _ = bank().effective(raw)
    scores = score_all(bank(), kept)
    facts = Facts(bank(), kept, scores)
    dimensions, ratings = rate_dimensions(facts)
    choice = choose_level(facts, ratings, dimensions)
    filled = riskiest_completion(bank(), kept)
    whole = Facts(bank(), filled, score_all(bank(), filled))
    whole_dimensions, whole_ratings = rate_dimensions(whole)
    reached = choose_level(whole, whole_ratings, whole_dimensions).level
    expected = None if reached == choice.level else reached
    if choice.level == "emergency":
        expected = None
    assert could_reach(bank(), kept, choice.level, choice.gaps) == expected
    # the completion keeps within the past-year answers; only "nothing taken as prescribed"
    # (how the rules read it unanswered) may go beyond "no drugs other than as prescribed"
    assert all(found.other == "prescribed_as_directed" for found in contradictions(filled))
