"""The counselor's summary: ten lines or fewer to paste into a clinical note.

Ids, not sentences: the level (with ``then``, the kind of withdrawal care and the ASAM Criteria
reference), ``could_reach``, the flags, each instrument's total and band, the dimension ratings,
the key reasons by rule id with a few words from the rule table, what was not answered, when and
by whom it was answered. It ends with the words that it is not a diagnosis.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from iop_assess.report.interface import Format, Options, ReportFormat
from iop_assess.result import DIMENSIONS, InstrumentScore
from iop_assess.safetext import clean

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment

MAX_LINES = 10
SHORT = 60
"""The longest a reason's words may be, in characters."""
NOT_A_DIAGNOSIS = (
    "Screening aid only, not a diagnosis; a clinician decides the level of care. "
    "In crisis: call 911, or call or text 988."
)


def short_words(text: str, limit: int = SHORT) -> str:
    """The start of a rule's condition in words, up to the first ``:``, ``;`` or ``(``, and
    at most ``limit`` characters (cut at a word, with an ellipsis)."""
    words = re.split(r"[:;(]", text, maxsplit=1)[0].strip().rstrip(",")
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0].rstrip(",") + "…"


def _score(score: InstrumentScore) -> str:
    if score.status == "complete":
        return f"{score.id} {score.total}/{score.max} {score.band or ''}".rstrip()
    if score.status == "incomplete":
        gaps = len(score.missing) + len(score.declined)
        floor = f", at least {score.partial}" if score.partial else ""
        return f"{score.id} incomplete ({gaps} not answered{floor})"
    return f"{score.id} not applicable"


def _ids(items: tuple[str, ...] | list[str]) -> str:
    from iop_assess.report.content import compact_ids

    return ", ".join(compact_ids(items))


def lines(assessment: Assessment) -> list[str]:
    """The summary, one line per fact (never more than :data:`MAX_LINES`)."""
    from iop_assess.assessment import stamp
    from iop_assess.rules import RULES_BY_ID

    result = assessment.result
    rec = result.recommendation
    versions = ", ".join(f"{i} {v}" for i, v in result.questionnaires)
    out = [f"iop-assess {result.tool_version} screening summary ({versions})"]

    if assessment.answered_at is not None:
        when = f"When: {stamp(assessment.answered_at)} (answered)"
    else:
        when = f"When: {stamp(assessment.scored_at)} (scored; answer time not given)"
    parts = [when, f"by: {assessment.answered_by or 'not given'}"]
    parts.append("status: " + ("complete" if assessment.status == "complete" else "in progress"))
    if assessment.client:
        parts.append(f"client: {clean(assessment.client)}")
    out.append("; ".join(parts))

    level = f"Level: {rec.level}"
    if rec.then is not None:
        level += f", then {rec.then}"
    if rec.withdrawal_care is not None:
        level += f" (withdrawal care: {rec.withdrawal_care})"
    if rec.asam:
        level += f"; ASAM reference {rec.asam}"
    level += f"; could reach: {rec.could_reach or 'no higher'}"
    out.append(level)

    extras = []
    if rec.medication:
        extras.append(f"medication: {', '.join(rec.medication)}")
    if rec.barriers:
        extras.append(f"barriers: {', '.join(rec.barriers)}")
    flags = ", ".join(result.flags) or "none"
    out.append("; ".join([f"Flags: {flags}", *extras]))

    out.append("Scores: " + "; ".join(_score(s) for s in result.instruments.values()))

    dims = []
    for key in DIMENSIONS:
        dim = result.dimensions.get(key)
        if dim is None:
            continue
        top = dim.reasons[0].rule if dim.rating and dim.reasons else ""
        dims.append(f"{key} {dim.rating}{'+' if dim.unknown else ''}{f' ({top})' if top else ''}")
    out.append("Dimensions (0-4, + could be higher): " + ", ".join(dims))

    reasons = []
    for reason in dict.fromkeys(r.rule for r in rec.reasons):
        rule = RULES_BY_ID.get(reason)
        reasons.append(f"{reason} ({short_words(rule.when)})" if rule else reason)
    out.append("Key reasons: " + ("; ".join(reasons) or "none"))

    gaps = []
    if result.missing:
        gaps.append(f"Not answered: {_ids(list(result.missing))}")
    if assessment.blank:
        gaps.append(f"left blank: {_ids(list(assessment.blank))}")
    if gaps:
        out.append("; ".join(gaps))
    out.append(NOT_A_DIAGNOSIS)
    assert len(out) <= MAX_LINES
    return [clean(line) for line in out]


def render(assessment: Assessment) -> str:
    return "\n".join(lines(assessment)) + "\n"


class SummaryFormat(ReportFormat):
    format = Format.summary

    def render(self, assessment: Assessment, options: Options) -> str:
        return render(assessment)


FORMAT = SummaryFormat()
