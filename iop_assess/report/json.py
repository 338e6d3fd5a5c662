"""The JSON report: ``result.to_json`` (contract §4), indented, keys in a stable order, with the
assessment's own facts under ``assessment``: when and by whom it was answered, when it was
scored, whether the questionnaire was finished, and the items a counselor left blank."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iop_assess.report.interface import Format, Options, ReportFormat
from iop_assess.result import to_json

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment


def record(assessment: Assessment) -> dict[str, Any]:
    """The ``assessment`` object of the JSON result."""
    from iop_assess.assessment import stamp

    answered = assessment.answered_at
    return {
        "answered_at": stamp(answered) if answered is not None else None,
        "answered_by": assessment.answered_by,
        "scored_at": stamp(assessment.scored_at),
        "status": assessment.status,
        "blank": list(assessment.blank),
    }


def document(assessment: Assessment) -> dict[str, Any]:
    """The public JSON result of one assessment."""
    data = to_json(assessment.result)
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        ordered[key] = value
        if key == "questionnaires":
            ordered["assessment"] = record(assessment)
    return ordered


def render(assessment: Assessment) -> str:
    """The public JSON result, two-space indent, UTF-8 text, ending with a newline."""
    return json.dumps(document(assessment), indent=2, ensure_ascii=False) + "\n"


class JsonFormat(ReportFormat):
    format = Format.json

    def render(self, assessment: Assessment, options: Options) -> str:
        return render(assessment)


FORMAT = JsonFormat()
