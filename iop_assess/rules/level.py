"""Choose the level: the least intensive level that is safe, decided by the worst dimension.

Steps, in order (the first that holds is the level): emergency → detox_first → residential → iop
→ outpatient → none; ``insufficient`` replaces steps 3–6 when it is unknown whether and what the
person used. ``then``:

- after an emergency: steps 2–6 with the rating-4 rules left out (a dimension keeps what its other
  rules give, so severe withdrawal with a seizure history still needs withdrawal care first);
- after detox_first: steps 3–6 with the withdrawal dimension left out.

Only sedative withdrawal rules lead to detox_first: opioid withdrawal leads to medication, at the
level steps 3–6 give.
"""

from __future__ import annotations

from dataclasses import dataclass

from iop_assess.result import DimensionRating, Level, Reason
from iop_assess.rules.base import Ratings, Rule
from iop_assess.rules.dimensions import evaluate_dimensions, ordered, reason
from iop_assess.rules.facts import Check, Facts
from iop_assess.rules.steps import CRISIS_DIMENSIONS, GAPS, LEVEL_RULES

ORDER: tuple[Level, ...] = ("emergency", "detox_first", "residential", "iop", "outpatient", "none")
"""The steps, most intensive first."""
TREATMENT: tuple[Level, ...] = ("residential", "iop", "outpatient", "none")
"""Steps 3–6."""


@dataclass(frozen=True)
class LevelChoice:
    level: Level
    then: Level | None
    reasons: tuple[Reason, ...]
    gaps: tuple[str, ...]
    """Items whose answers could have led to a more intensive level."""
    detox: int | None = None
    """For detox_first (as the level, or as ``then`` after an emergency): 3 when withdrawal
    care should be monitored, not at home; 2 when it may be with a clinician at home."""
    fired: tuple[str, ...] = ()
    """Ids of the level rules behind the level (and ``then``)."""


Checked = list[tuple[Rule, Check]]


def _checks(facts: Facts, ratings: Ratings) -> Checked:
    return [(rule, rule.test(facts, ratings)) for rule in LEVEL_RULES]


def _first(checks: Checked, levels: tuple[Level, ...]) -> tuple[Level | None, Checked]:
    """The first of ``levels`` (in order) with a rule that fires, and its firing rules."""
    for level in levels:
        fired = [(r, c) for r, c in checks if r.target == level and c.value is True]
        if fired:
            return level, fired
    return None, []


def _insufficient(checks: Checked) -> Check:
    return next(c for r, c in checks if r.target == "insufficient")


def _gaps(checks: Checked, above: tuple[Level, ...]) -> set[str]:
    found: set[str] = set()
    for rule, check in checks:
        if rule.target in above and check.value is None:
            found |= check.unknown
    return found


def _detox(checks: Checked) -> int:
    monitored = next(c for r, c in checks if r.id == "level.detox_first.monitored")
    return 3 if monitored.value is True else 2


@dataclass(frozen=True)
class _Step:
    level: Level | None
    fired: Checked
    checks: Checked


def _treatment(facts: Facts, ratings: Ratings, checks: Checked | None = None) -> _Step:
    """Steps 3–6 (``None`` when it is unknown what the person used). ``checks``: the level
    rules already checked with these ratings."""
    if checks is None:
        checks = _checks(facts, ratings)
    if _insufficient(checks).value is True:
        return _Step(None, [(r, c) for r, c in checks if r.target == "insufficient"], checks)
    level, fired = _first(checks, TREATMENT)
    return _Step(level, fired, checks)


def choose_level(
    facts: Facts,
    ratings: Ratings,
    dimensions: dict[str, DimensionRating],
    *,
    then: bool = True,
) -> LevelChoice:
    """The level, and (unless ``then`` is false: only the level is wanted) what comes after
    an urgent step, the reasons and the items that could have raised it."""
    checks = _checks(facts, ratings)
    urgent, urgent_fired = _first(checks, ("emergency", "detox_first"))
    if urgent == "emergency" and not then:
        return LevelChoice("emergency", None, (), ())
    level: Level
    after_level: Level | None = None
    detox: int | None = None
    after: _Step | None = None
    if urgent == "emergency":
        level = "emergency"
        calmer = evaluate_dimensions(facts, top=3)
        calmer_checks = _checks(facts, calmer)
        step, step_fired = _first(calmer_checks, ("detox_first",))
        if step is not None:
            after = _Step(step, step_fired[:1], calmer_checks)
            detox = _detox(calmer_checks)
        else:
            after = _treatment(facts, calmer)
        after_level = after.level
    elif urgent == "detox_first":
        level = "detox_first"
        detox = _detox(checks)
        after = _treatment(facts, ratings.without("withdrawal"))
        after_level = after.level
    else:
        step3 = _treatment(facts, ratings, checks)
        level = step3.level or "insufficient"
        urgent_fired = step3.fired

    shown = after_level or (level if level != "insufficient" else None)
    reference = after.checks if after is not None else checks
    above = ORDER[: ORDER.index(shown)] if shown is not None else ORDER[:-1]
    gaps = _gaps(reference, above)
    if after is None:
        gaps |= _gaps(checks, ("emergency", "detox_first"))

    main = urgent_fired[:1] if level in ("emergency", "detox_first") else urgent_fired
    reasons: list[Reason] = [reason(facts, r, c) for r, c in main]
    if level == "emergency":
        for dim in CRISIS_DIMENSIONS:
            if dimensions[dim].rating == 4:
                reasons.extend(x for x in dimensions[dim].reasons)
    if after is not None and after.level is not None:
        reasons.extend(reason(facts, r, c) for r, c in after.fired)
    # the steps that fire because nothing above them did rest on everything that was read:
    # not on the items left unanswered (each dimension's unknown items), which are gaps. A
    # dimension with gaps names only those in its reason, so the answered items its rules read
    # are taken from its checks.
    read_items = {
        i for d in dimensions.values() for x in d.reasons for i in x.items if i not in d.unknown
    }
    for d in dimensions.values():
        if d.unknown:
            read_items.update(i for _, c in ratings.checks(d.id) for i in c.items)
    read = ordered(facts, read_items)
    reasons = [x if x.items else Reason(x.rule, x.text, read, x.source) for x in reasons]
    if gaps:
        reasons.append(Reason(GAPS.id, GAPS.text, ordered(facts, gaps), GAPS.source))
    fired = tuple(r.id for r, _ in main) + tuple(r.id for r, _ in (after.fired if after else []))
    return LevelChoice(level, after_level, tuple(reasons), ordered(facts, gaps), detox, fired)
