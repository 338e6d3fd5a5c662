"""The assessment as FHIR R4: a ``collection`` Bundle of QuestionnaireResponses and one
Observation per instrument total (see :mod:`iop_assess.fhir.response`), checked with the strict
R4 models before it is written. Needs the ``fhir`` extra (fhirclient)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from iop_assess.errors import OutputError
from iop_assess.report.interface import Format, Options, ReportFormat

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment


def render(assessment: Assessment) -> str:
    from iop_assess.fhir.response import assessment_bundle
    from iop_assess.fhir.validate import problems

    document = assessment_bundle(assessment)
    found = problems(document)
    if found:  # pragma: no cover - a bug in the bundle, caught by the tests
        raise OutputError(f"the FHIR Bundle failed its R4 check: {found[0]}")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class FhirFormat(ReportFormat):
    format = Format.fhir

    def render(self, assessment: Assessment, options: Options) -> str:
        return render(assessment)


FORMAT = FhirFormat()
