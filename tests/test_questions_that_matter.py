"""No question that cannot matter (core@3.0.0): each question the core questionnaire now hides
is hidden only where no answer to it could change the result.

For random interviews, every hidden question of :data:`NARROWED` is then answered anyway, in
a bank where those questions are not hidden: the level, the level after an urgent step, what
the unanswered questions could reach, the flags, the medicine, the resources, and the barriers
and notes wherever a level of care is suggested, must all stay the same. (The ratings may
differ: past withdrawal symptoms rate withdrawal 1 without changing anything else, and readiness
only changes words.)"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_scripts import NOTHING
from test_rules_risk import bank

from iop_assess.assess import assess
from iop_assess.bank import Bank
from iop_assess.gates import contradictions
from iop_assess.model import DECLINED, Condition, Questionnaire
from iop_assess.result import Result

NARROWED_SECTIONS = ("withdrawal_health", "treatment_readiness", "getting_care")
NARROWED_ITEMS = {
    "sex": None,
    "alcohol_drinks": Condition(item="substances", equals="alcohol"),
    "withdrawal_history": None,
    "medical_conditions": None,
    "home_use": None,
    "sober_support": None,
}
"""What core@3.0.0 hides that version 2 asked (item: its version 2 condition)."""
READINESS_NOTES = {"note.not_ready", "note.unsure"}
"""Readiness changes only these words, and is asked only when use may be more than low risk."""


@cache
def open_bank() -> Bank:
    """The bundled bank with the questions of :data:`NARROWED_ITEMS` and sections asked as
    in version 2."""
    questionnaires: list[Questionnaire] = []
    for q in bank().questionnaires:
        if q.id != "core":
            questionnaires.append(q)
            continue
        sections = []
        for section in q.sections:
            items = [
                item.model_copy(update={"show_if": NARROWED_ITEMS[item.id]})
                if item.id in NARROWED_ITEMS
                else item
                for item in section.items
            ]
            update: dict[str, Any] = {"items": items}
            if section.id in NARROWED_SECTIONS:
                update["show_if"] = None
            sections.append(section.model_copy(update=update))
        questionnaires.append(q.model_copy(update={"sections": sections}))
    return Bank.build(questionnaires)


def _values(item_id: str) -> list[Any]:
    ref = bank().items[item_id]
    item = ref.item
    if item.type == "integer":
        assert item.min is not None and item.max is not None
        return sorted(
            {item.min, item.max, 1, 4, 5, 9, 10, 19, 20, 30} & set(range(item.min, item.max + 1))
        )
    options = [o.value for o in ref.options or ()]
    if item.type == "multiple":
        plain = [
            v for v in options if not any(o.exclusive and o.value == v for o in ref.options or ())
        ]
        exclusive = [v for v in options if v not in plain]
        return [[v] for v in exclusive] + [[v] for v in plain] + [plain[:2], plain]
    return options


@st.composite
def interviews(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """An interview of the short screen (each question that applies answered, now and then
    declined or skipped), and answers to every question it hid that version 2 asked."""
    answers: dict[str, Any] = {}
    for item_id, ref in bank().items.items():
        if ref.item.type == "text" or not bank().applies(item_id, answers):
            continue
        what = draw(st.sampled_from(["answer"] * 12 + ["declined", "skipped"]), label=item_id)
        if what == "skipped":
            continue
        answers[item_id] = (
            DECLINED if what == "declined" else draw(st.sampled_from(_values(item_id)))
        )
        if contradictions(answers):
            del answers[item_id]
    hidden: dict[str, Any] = {}
    narrowed = set(NARROWED_ITEMS) | {
        ref.item.id for ref in bank().items.values() if ref.section.id in NARROWED_SECTIONS
    }
    for item_id in bank().items:
        if (
            item_id in narrowed
            and not bank().applies(item_id, answers)  # hidden in the short screen
            and open_bank().applies(item_id, answers | hidden)  # asked in version 2
        ):
            values = _values(item_id)
            if item_id == "sex" and "pregnant" in answers:
                values = ["female", "other"]  # the pregnancy question was asked: not a man
            if item_id == "withdrawal_now" and answers.get("medical_urgent") != "yes":
                # its emergency answer (confused, seeing things, a seizure) is a yes to
                # medical_urgent, asked of everyone: "severe" with "no" there is not an answer
                values = ["none", "mild", "moderate"]
            # only answers that fit the others (withdrawal now without any use is a
            # contradiction, not a hidden answer)
            values = [v for v in values if not contradictions(answers | hidden | {item_id: v})]
            if values:
                hidden[item_id] = draw(st.sampled_from(values), label=f"hidden {item_id}")
    return answers, hidden


def _what_matters(result: Result) -> dict[str, Any]:
    rec = result.recommendation
    care = (rec.then or rec.level) not in ("none", "insufficient")
    return {
        "level": rec.level,
        "then": rec.then,
        "could_reach": rec.could_reach,
        "flags": result.flags,
        "medication": rec.medication,
        "resources": [r.name for r in result.resources],
        "barriers": rec.barriers if care else (),
        "notes": [
            text
            for text, rule in zip(rec.notes, rec.note_rules, strict=True)
            if rule not in READINESS_NOTES
        ]
        if care
        else (),
    }


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(interviews())
def test_answering_a_hidden_question_anyway_changes_nothing_that_matters(
    interview: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    answers, hidden = interview
    asked = assess(bank(), bank().effective(answers)[0])
    kept, dropped = open_bank().effective(answers | hidden)
    assert dropped == []
    everything = assess(open_bank(), kept)
    assert _what_matters(everything) == _what_matters(asked), hidden


def test_the_hidden_questions_are_hidden_for_someone_who_uses_nothing() -> None:
    nothing = {
        "age": 40,
        "alcohol_past_year": "no",
        "drugs_past_year": "no",
        "prescribed_meds": "no",
        "housing": "stable",
    }
    hidden = [i for i in bank().items if not bank().applies(i, nothing)]
    for item_id in (
        "sex",
        "substances",
        "withdrawal_history",
        "withdrawal_now",
        "medical_conditions",
        "prior_treatment",
        "readiness",
        "home_use",
        "sober_support",
        "transport",
        "time_available",
        "obligations",
    ):
        assert item_id in hidden, item_id
    for item_id in ("medical_urgent", "pregnant", "suicide_plan", "danger_now", "home_safe"):
        assert item_id not in hidden, item_id


def test_an_unasked_withdrawal_question_does_not_raise_could_reach_for_a_non_user() -> None:
    # a non-user who stopped before the last questions: withdrawal_now was never asked, and
    # could not be (no use in the past year), so it is no unanswered crisis item
    nothing = {
        "age": 40,
        "alcohol_past_year": "no",
        "drugs_past_year": "no",
        "prescribed_meds": "no",
        "medical_urgent": "no",
        "suicide_plan": "no",
        "danger_now": "no",
        **{f"phq9_{i}": 0 for i in range(1, 10)},
    }
    result = assess(bank(), nothing)
    assert result.recommendation.level == "none"
    assert result.recommendation.could_reach is None
    # the same person with prescribed medicines unanswered might be taking some: then the
    # withdrawal question could still apply, and its riskiest answer is an emergency
    unsure = {k: v for k, v in nothing.items() if k != "prescribed_meds"}
    assert assess(bank(), unsure).recommendation.could_reach == "emergency"


def test_the_reason_for_no_treatment_lists_only_questions_answered() -> None:
    skipped = ("gad7_5", "scoff_2", "housing")
    answers = dict(NOTHING)
    for item_id in skipped:
        del answers[item_id]
    rec = assess(bank(), answers).recommendation
    assert rec.level == "none"
    (generic,) = [r for r in rec.reasons if r.rule == "level.none"]
    assert "alcohol_past_year" in generic.items
    assert "phq9_9" in generic.items
    for item_id in skipped:
        assert item_id not in generic.items, item_id
    assert all(i in answers for i in generic.items), generic.items
