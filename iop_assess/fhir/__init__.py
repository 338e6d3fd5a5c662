"""FHIR R4: our questionnaires as ``Questionnaire`` resources, an assessment as a ``Bundle`` of
``QuestionnaireResponse`` and ``Observation`` resources, and a ``QuestionnaireResponse`` read
back as answers.

- ``codes.py``: canonical URLs, LOINC codes (with their sources), code systems
- ``questionnaire.py``: ``questionnaire(bank, q)`` — one Questionnaire per bundled file
- ``response.py``: ``bundle(bank, answers, result, authored, status)``, and
  ``assessment_bundle(assessment)`` for one :class:`~iop_assess.assessment.Assessment`
- ``reader.py``: ``read_response(bank, data, source)`` — FHIR JSON in, checked answers out
- ``validate.py``: a strict parse with the R4 models of ``fhirclient`` (the ``fhir`` extra)

Only the commands that need FHIR import this package.
"""

from __future__ import annotations

from iop_assess.fhir.questionnaire import questionnaire
from iop_assess.fhir.reader import is_fhir, read_response
from iop_assess.fhir.response import assessment_bundle, bundle

__all__ = ["assessment_bundle", "bundle", "is_fhir", "questionnaire", "read_response"]
