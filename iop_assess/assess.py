"""Assess one set of answers: score the instruments, apply the rules, attach the resources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from iop_assess import __version__
from iop_assess.bank import Answer, Bank
from iop_assess.resources import DISCLAIMER, resources_for
from iop_assess.result import Result
from iop_assess.rules import evaluate
from iop_assess.scoring import score_all


def assess(
    bank: Bank,
    answers: Mapping[str, Answer],
    *,
    warnings: Iterable[str] = (),
    notes: Mapping[str, str] | None = None,
    client: str | None = None,
) -> Result:
    """The full result for ``answers`` (the effective answers, see ``Bank.effective``)."""
    scores = score_all(bank, answers)
    evaluation = evaluate(bank, answers, scores)
    level = evaluation.recommendation.level
    return Result(
        tool_version=__version__,
        questionnaires=tuple((q["id"], q["version"]) for q in bank.versions()),
        instruments=scores,
        dimensions=evaluation.dimensions,
        recommendation=evaluation.recommendation,
        flags=evaluation.flags,
        missing=evaluation.missing,
        disclaimer=DISCLAIMER,
        resources=resources_for(evaluation.flags, level, evaluation.resources),
        warnings=tuple(warnings),
        notes=dict(notes or {}),
        client=client,
    )
