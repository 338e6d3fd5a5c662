"""Answer sets for each level of care, and a way to turn answers into what a person would type.

``script_for`` runs the interview once with a prompter that answers from a dict and records every
line it "typed"; the recorded lines can then be fed to ``iop-assess screen`` (CliRunner or a
pseudo-terminal) to drive the real command the same way.
"""

from __future__ import annotations

import re
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
    prompt, recording every line it typed."""

    def __init__(
        self,
        answers: Mapping[str, Answer],
        *,
        counselor: bool = False,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        self.answers = answers
        self.counselor = counselor
        self.notes = dict(notes or {})
        self.lines: list[str] = []
        self.shown: list[Any] = []

    def show(self, block: Block) -> None:
        self.shown.append(block)

    def ask(self, question: Question) -> str:
        self.shown.append(question)
        if question.item_id not in self.answers:
            if not self.counselor:
                raise AssertionError(f"no answer for {question.item_id}")
            self.lines.append("-")
            return "-"
        text = typed(question, self.answers[question.item_id], counselor=self.counselor)
        self.lines.append(text)
        return text

    def line(self, prompt: str) -> str:
        found = re.match(r"Note for '.*' \[(\w+)\]", prompt)
        text = self.notes.get(found.group(1), "") if found else ""
        self.lines.append(text)
        return text


def script_for(
    bank: Bank,
    answers: Mapping[str, Answer],
    *,
    counselor: bool = False,
    notes: Mapping[str, str] | None = None,
) -> list[str]:
    """The lines to type, welcome to review, to give ``answers`` (and a counselor's section
    ``notes``) in the interview."""
    responder = Responder(answers, counselor=counselor, notes=notes)
    Interview(bank, responder, counselor=counselor).run()
    return responder.lines
