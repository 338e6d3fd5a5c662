"""Shared helpers for the rules tests: the risk order of every answer, answer builders and a
runner. The tests here check that the risk order covers every item of the bundled bank.

"Worse" is defined per item in :data:`RISK`; the invariant tests rely on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from iop_assess.assess import assess
from iop_assess.bank import Bank, load_bank
from iop_assess.gates import contradictions
from iop_assess.result import LEVEL_ORDER, Result

# -- "worse", per item -----------------------------------------------------------------------
# An ordered item maps to its values from least to most risky; values of equal risk share a
# tuple. "higher" means a larger number is riskier; "superset" means adding a choice is riskier
# (the exclusive "none" is the least risky answer); "subset" means removing a choice is riskier
# (the exclusive "none" is the riskiest answer: nothing taken only as prescribed).

Order = str | tuple[tuple[Any, ...], ...]

YES_WORSE: Order = (("no",), ("yes",))
NO_WORSE: Order = (("yes",), ("no",))

RISK: dict[str, Order] = {
    "age": "higher",
    "alcohol_past_year": YES_WORSE,
    "drugs_past_year": YES_WORSE,
    "prescribed_meds": YES_WORSE,
    "substances": "superset",
    "prescribed_as_directed": "subset",
    "overdose_past_year": YES_WORSE,
    "injection_use": YES_WORSE,
    "withdrawal_support": (("yes",), ("no",)),
    "alcohol_days": "higher",
    "alcohol_drinks": "higher",
    "opioids_days": "higher",
    "benzodiazepines_days": "higher",
    "stimulants_days": "higher",
    "cannabis_days": "higher",
    "other_days": "higher",
    "withdrawal_history": "superset",
    "withdrawal_now": (("none",), ("mild",), ("moderate",), ("severe",)),
    "medical_urgent": YES_WORSE,
    "medical_conditions": YES_WORSE,
    "pregnant": (("no", "not_applicable"), ("unsure",), ("yes",)),
    "suicide_plan": YES_WORSE,
    "danger_now": YES_WORSE,
    "prior_treatment": "superset",
    "returned_to_use": (("no", "not_applicable"), ("yes",)),
    "recent_discharge": YES_WORSE,
    "readiness": (("ready", "already_changing"), ("unsure",), ("not_ready",)),
    "housing": (("stable",), ("unstable",), ("homeless",)),
    "home_use": YES_WORSE,
    "home_safe": NO_WORSE,
    "sober_support": (("strong",), ("some",), ("none",)),
    "transport": NO_WORSE,
    "time_available": NO_WORSE,
}
for _i in range(1, 11):
    RISK[f"audit_{_i}"] = "higher"
    RISK[f"dast10_{_i}"] = NO_WORSE if _i == 3 else YES_WORSE  # DAST-10 item 3: "no" scores 1
for _i in range(1, 10):
    RISK[f"phq9_{_i}"] = "higher"
for _i in range(1, 8):
    RISK[f"gad7_{_i}"] = "higher"
for _i in range(1, 6):
    RISK[f"scoff_{_i}"] = YES_WORSE

UNORDERED = {
    "sex": "AUDIT-C cut-off only (and whether pregnancy is asked)",
    "obligations": "changes the notes, not the level",
    "moud_now": "changes the medication words, never the level",
}

LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
"""none < outpatient < iop < residential < detox_first < emergency; ``insufficient`` stands
outside the order."""

# -- answers ---------------------------------------------------------------------------------


@cache
def bank() -> Bank:
    return load_bank()


def run(raw: Mapping[str, Any]) -> Result:
    """The result for ``raw`` as ``iop-assess score`` gives it (answers that do not apply are
    dropped). Contradictory answers are refused there, so they are a mistake in a test."""
    assert contradictions(raw) == [], contradictions(raw)
    kept, _ = bank().effective(dict(raw))
    return assess(bank(), kept)


def spread(prefix: str, count: int, total: int, top: int) -> dict[str, int]:
    """``count`` items named ``prefix_1``… with points 0..top adding up to ``total``."""
    assert 0 <= total <= count * top
    out: dict[str, int] = {}
    for i in range(1, count + 1):
        out[f"{prefix}_{i}"] = min(top, total)
        total -= out[f"{prefix}_{i}"]
    return out


def phq(total: int, item9: int = 0) -> dict[str, Any]:
    """PHQ-9 answers with this total; ``suicide_plan`` (asked of everyone) is no."""
    return spread("phq9", 8, total - item9, 3) | {"phq9_9": item9, "suicide_plan": "no"}


def gad(total: int) -> dict[str, int]:
    return spread("gad7", 7, total, 3)


def scoff(yes: int) -> dict[str, str]:
    return {f"scoff_{i}": "yes" if i <= yes else "no" for i in range(1, 6)}


def audit(total: int) -> dict[str, int]:
    """AUDIT answers with this total (items 1–8 filled first, then 9 and 10 in steps of 2)."""
    first = min(total, 32)
    answers = spread("audit", 8, first, 4)
    rest = total - first
    answers["audit_9"] = min(4, rest - rest % 2)
    answers["audit_10"] = rest - answers["audit_9"]
    assert answers["audit_10"] in (0, 2, 4)
    return answers


def dast(total: int) -> dict[str, str]:
    scored = [i for i in range(1, 11) if i != 3]
    answers = {f"dast10_{i}": "yes" if n < total else "no" for n, i in enumerate(scored)}
    answers["dast10_3"] = "no" if total == 10 else "yes"
    return answers


CALM: dict[str, Any] = {
    "age": 40,
    "sex": "female",
    "alcohol_past_year": "no",
    "drugs_past_year": "no",
    "prescribed_meds": "no",
    "withdrawal_history": ["none"],
    "withdrawal_now": "none",
    "medical_urgent": "no",
    "medical_conditions": "no",
    "pregnant": "no",
    **phq(0),
    "danger_now": "no",
    **gad(0),
    **scoff(0),
    "prior_treatment": ["none"],
    "recent_discharge": "no",
    "readiness": "ready",
    "housing": "stable",
    "home_use": "no",
    "home_safe": "yes",
    "sober_support": "strong",
    "transport": "yes",
    "time_available": "yes",
    "obligations": ["none"],
}
"""Every question that applies answered, least risky, no use at all: level none."""

DRINKER: dict[str, Any] = CALM | {
    "alcohol_past_year": "yes",
    "substances": ["alcohol"],
    "alcohol_days": 4,
    "alcohol_drinks": 2,
    "withdrawal_support": "yes",
    **audit(5),
}
"""Light drinking, otherwise calm: level none, with low-risk advice."""


RESOURCE_RULES = {
    "Naloxone (Narcan)": "resource.naloxone",
    "National Domestic Violence Hotline": "resource.dv_hotline",
    "Services for young people": "resource.youth",
    "211": "resource.housing",
}


def fired(result: Result) -> set[str]:
    """Every rule id that shows up in the result: reasons, flags, medication, barriers, notes,
    resources and the ASAM crosswalk row."""
    rec = result.recommendation
    ids = {r.rule for d in result.dimensions.values() for r in d.reasons}
    ids |= {r.rule for r in rec.reasons}
    ids |= {f"flag.{f}" for f in result.flags}
    ids |= {f"medication.{m}" for m in rec.medication}
    ids |= {f"barrier.{b}" for b in rec.barriers}
    ids |= set(rec.note_rules)
    ids |= {RESOURCE_RULES[r.name] for r in result.resources if r.name in RESOURCE_RULES}
    if any("medication treatment" in r.why for r in result.resources):
        ids.add("resource.medication_finder")
    ids.add(f"asam.{rec.level}" if rec.asam else "asam.other")
    return ids


# -- tests of the helpers --------------------------------------------------------------------


def test_every_item_has_a_risk_order_or_a_reason_not_to() -> None:
    items = {i for i, ref in bank().items.items() if ref.item.type != "text"}
    assert items - set(RISK) - set(UNORDERED) == set()


def test_risk_orders_name_real_values() -> None:
    for item, order in RISK.items():
        ref = bank().items[item]
        if isinstance(order, tuple):
            values = {str(v) for group in order for v in group}
            assert values == {str(o.value) for o in ref.options or ()}, item


def test_builders_give_the_totals_asked_for() -> None:
    result = run(DRINKER | audit(16) | phq(20, 1) | gad(10) | scoff(2))
    scores = result.instruments
    assert (scores["audit"].total, scores["phq9"].total, scores["gad7"].total) == (16, 20, 10)
    assert scores["scoff"].band == "positive"
    drugs = run(
        CALM | {"drugs_past_year": "yes", "substances": ["cannabis"], "cannabis_days": 3} | dast(6)
    )
    assert drugs.instruments["dast10"].total == 6


def test_the_baselines_are_level_none_with_nothing_missing() -> None:
    for raw in (CALM, DRINKER):
        result = run(raw)
        assert result.recommendation.level == "none"
        assert result.missing == ()
        assert result.recommendation.could_reach is None


def test_an_audit_that_cannot_reach_8_settles_severity_like_a_complete_one() -> None:
    # AUDIT-C 3 (positive for a woman), the AUDIT at 3 with question 10 unanswered: at most 7,
    # low risk whatever the answer. It is read as a complete AUDIT of 3 to 7 is (no severity
    # from the AUDIT-C), so answering question 10 can never lower the level: a random answer
    # set once gave outpatient here, with "could reach: none"
    answers = DRINKER | {f"audit_{n}": 0 for n in range(1, 10)} | {"audit_1": 3}
    del answers["audit_10"]
    partial = run(answers)
    assert partial.instruments["audit"].status == "incomplete"
    assert partial.instruments["audit_c"].band == "positive"
    for last in (None, 0, 2, 4):
        complete = run(answers if last is None else answers | {"audit_10": last})
        assert complete.recommendation.level == "none"
    assert partial.recommendation.could_reach is None
    # one question more unanswered and the AUDIT could still reach 8: the AUDIT-C counts
    del answers["audit_9"]
    assert run(answers).recommendation.level == "outpatient"
    assert run(answers | {"audit_9": 4, "audit_10": 4}).recommendation.level != "none"
