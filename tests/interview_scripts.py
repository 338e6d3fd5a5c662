"""Answer sets for each level of care, and a way to turn answers into what a person would type.

``script_for`` runs the interview once with a prompter that answers from a dict and records every
line it "typed"; the recorded lines can then be fed to ``iop-assess screen`` (CliRunner or a
pseudo-terminal) to drive the real command the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iop_assess.bank import Answer, Bank
from iop_assess.interview import Block, Interview, Question
from iop_assess.model import DECLINED

CALM: dict[str, Answer] = {
    "age": 35,
    "sex": "male",
    "alcohol_past_year": "yes",
    "drugs_past_year": "no",
    "prescribed_meds": "no",
    "substances": ["alcohol"],
    "alcohol_days": 4,
    "alcohol_drinks": 2,
    "audit_1": 1,
    "audit_2": 0,
    "audit_3": 0,
    "audit_4": 0,
    "audit_5": 0,
    "audit_6": 0,
    "audit_7": 0,
    "audit_8": 0,
    "audit_9": 0,
    "audit_10": 0,
    "withdrawal_history": ["none"],
    "withdrawal_now": "none",
    "withdrawal_support": "yes",
    "medical_urgent": "no",
    "medical_conditions": "no",
    **{f"phq9_{i}": 0 for i in range(1, 10)},
    "suicide_plan": "no",
    "danger_now": "no",
    **{f"gad7_{i}": 0 for i in range(1, 8)},
    **{f"scoff_{i}": "no" for i in range(1, 6)},
    "prior_treatment": ["none"],
    "recent_discharge": "no",
    "readiness": "ready",
    "housing": "stable",
    "home_use": "no",
    "home_safe": "yes",
    "sober_support": "strong",
    "transport": "yes",
    "time_available": "yes",
    "obligations": ["job"],
}
"""Low-risk answers to every question that applies: light drinking, level none."""

HEAVY_AUDIT = {f"audit_{i}": 3 for i in range(1, 9)} | {"audit_9": 2, "audit_10": 2}
"""AUDIT total 28 (possible dependence): high severity."""
RISKY_AUDIT = {"audit_1": 3, "audit_2": 2, "audit_3": 2, "audit_4": 1, "audit_5": 1}
"""AUDIT total 9 (risky drinking, zone II): moderate severity."""

LEVELS: dict[str, dict[str, Answer]] = {
    "none": dict(CALM),
    "outpatient": CALM | RISKY_AUDIT,
    "iop": CALM
    | HEAVY_AUDIT
    | {"alcohol_days": 12, "alcohol_drinks": 4}
    | {f"phq9_{i}": 1 for i in range(1, 9)}
    | {"phq9_1": 2, "phq9_2": 2},
    "residential": CALM | HEAVY_AUDIT | {"housing": "homeless"},
    "detox_first": CALM
    | HEAVY_AUDIT
    | {"alcohol_days": 25, "alcohol_drinks": 8, "withdrawal_history": ["seizures"]},
    "emergency": CALM | {"phq9_9": 2, "suicide_plan": "yes"},
}
"""One answer set per level of care (checked against ``assess`` in the tests)."""

NOTHING: dict[str, Answer] = {
    "age": 45,
    "alcohol_past_year": "no",
    "drugs_past_year": "no",
    "prescribed_meds": "no",
    "medical_urgent": "no",
    "pregnant": "no",
    **{f"phq9_{i}": 0 for i in range(1, 10)},
    "suicide_plan": "no",
    "danger_now": "no",
    **{f"gad7_{i}": 0 for i in range(1, 8)},
    **{f"scoff_{i}": "no" for i in range(1, 6)},
    "housing": "stable",
    "home_safe": "yes",
}
"""Someone who uses nothing: no alcohol, drugs or prescribed medicines in the past year."""

WEEKEND: dict[str, Answer] = {
    "age": 38,
    "alcohol_past_year": "yes",
    "drugs_past_year": "no",
    "prescribed_meds": "no",
    "sex": "male",
    "substances": ["alcohol"],
    "alcohol_days": 8,
    "audit_1": 3,
    "audit_2": 3,
    "audit_3": 3,
    "audit_4": 1,
    "audit_5": 1,
    "audit_6": 0,
    "audit_7": 2,
    "audit_8": 1,
    "audit_9": 0,
    "audit_10": 2,
    "withdrawal_now": "none",
    "withdrawal_support": "yes",
    "medical_urgent": "no",
    "medical_conditions": "no",
    **dict(zip((f"phq9_{i}" for i in range(1, 10)), (1, 1, 1, 1, 0, 1, 0, 0, 0), strict=True)),
    "suicide_plan": "no",
    "danger_now": "no",
    **dict(zip((f"gad7_{i}" for i in range(1, 8)), (1, 1, 1, 1, 0, 1, 0), strict=True)),
    **{f"scoff_{i}": "no" for i in range(1, 6)},
    "prior_treatment": ["none"],
    "recent_discharge": "no",
    "readiness": "unsure",
    "housing": "stable",
    "home_use": "no",
    "home_safe": "yes",
    "sober_support": "some",
    "transport": "yes",
    "time_available": "no",
    "obligations": ["job", "children"],
}
"""A working parent who binge drinks on weekends (8 days a month, 7 to 9 drinks): AUDIT 16."""

HEAVY_WITHDRAWAL: dict[str, Answer] = {
    "age": 52,
    "alcohol_past_year": "yes",
    "drugs_past_year": "no",
    "prescribed_meds": "no",
    "sex": "male",
    "substances": ["alcohol"],
    "alcohol_days": 30,
    "alcohol_drinks": 14,
    **dict(zip((f"audit_{i}" for i in range(1, 11)), (4, 4, 4, 3, 3, 4, 3, 2, 2, 4), strict=True)),
    "withdrawal_history": ["shakes_sweats", "hallucinations"],
    "withdrawal_now": "moderate",
    "withdrawal_support": "no",
    "medical_urgent": "no",
    "medical_conditions": "yes",
    **dict(zip((f"phq9_{i}" for i in range(1, 10)), (2, 2, 3, 2, 2, 2, 1, 1, 0), strict=True)),
    "suicide_plan": "no",
    "danger_now": "no",
    **dict(zip((f"gad7_{i}" for i in range(1, 8)), (2, 2, 1, 2, 1, 2, 1), strict=True)),
    **{f"scoff_{i}": "no" for i in range(1, 6)},
    "prior_treatment": ["detox"],
    "returned_to_use": "yes",
    "recent_discharge": "no",
    "readiness": "ready",
    "housing": "stable",
    "home_use": "no",
    "home_safe": "yes",
    "sober_support": "none",
    "transport": "no",
    "time_available": "yes",
    "obligations": ["job"],
}
"""A daily heavy drinker in withdrawal now (30 days, 14 drinks, hallucinations before)."""

PEOPLE: dict[str, dict[str, Answer]] = {
    "uses nothing": NOTHING,
    "low-risk drinking": CALM,
    "weekend binge drinking": WEEKEND,
    "daily drinking, withdrawal now": HEAVY_WITHDRAWAL,
}
"""Answer sets of people, for the length benchmark and the tests that read the screen as they
would (with ``LEVELS``)."""


def typed(question: Question, answer: Answer, *, counselor: bool) -> str:
    """What a person (numbers) or a counselor (values) types for ``answer``."""
    if answer == DECLINED:
        return "s"
    if not question.choices:
        return str(answer)
    values = [str(v) for v in (answer if isinstance(answer, list) else [answer])]
    if counselor:
        return ",".join(values)
    numbers = {c.value: c.number for c in question.choices}
    return ",".join(str(numbers[v]) for v in values)


class Responder:
    """A prompter that answers each question from ``answers`` and presses Enter at every other
    prompt, recording every line it typed. A counselor's ``notes`` (by section id, and
    ``general``) are typed with ``n`` at the first question of their section, and ``general``
    at the end."""

    def __init__(
        self,
        answers: Mapping[str, Answer],
        *,
        counselor: bool = False,
        notes: Mapping[str, str] | None = None,
        bank: Bank | None = None,
    ) -> None:
        self.answers = answers
        self.counselor = counselor
        self.notes = dict(notes or {})
        self.bank = bank
        self.lines: list[str] = []
        self.shown: list[Any] = []
        self._note = ""

    def show(self, block: Block) -> None:
        self.shown.append(block)

    def ask(self, question: Question) -> str:
        self.shown.append(question)
        if self.counselor and self.bank is not None:
            section = self.bank.items[question.item_id].section.id
            if section in self.notes:
                self._note = self.notes.pop(section)
                self.lines.append("n")
                return "n"
        if question.item_id not in self.answers:
            if not self.counselor:
                raise AssertionError(f"no answer for {question.item_id}")
            self.lines.append("-")
            return "-"
        text = typed(question, self.answers[question.item_id], counselor=self.counselor)
        self.lines.append(text)
        return text

    def line(self, prompt: str) -> str:
        text = ""
        if prompt.startswith("Note for "):
            text, self._note = self._note, ""
        elif prompt.startswith("A note for the record"):
            text = self.notes.pop("general", "")
        self.lines.append(text)
        return text


def asked(bank: Bank, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers the interview collects from a person who would give ``answers``: each item
    in asking order, when it applies to the answers before it (so the second stage of a short
    form is left out below its cut-off, and follow-ups of a "no" too)."""
    kept: dict[str, Answer] = {}
    for item_id in bank.items:
        if item_id in answers and bank.applies(item_id, kept):
            kept[item_id] = answers[item_id]
    return kept


def script_for(
    bank: Bank,
    answers: Mapping[str, Answer],
    *,
    counselor: bool = False,
    notes: Mapping[str, str] | None = None,
) -> list[str]:
    """The lines to type, welcome to review, to give ``answers`` (and a counselor's ``notes``)
    in the interview of ``bank`` (the short screen, or ``bank.with_full()``)."""
    responder = Responder(answers, counselor=counselor, notes=notes, bank=bank)
    Interview(bank, responder, counselor=counselor).run()
    return responder.lines
