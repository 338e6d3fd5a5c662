"""A strict parse of FHIR R4 JSON with ``fhirclient``'s models (generated from FHIR 4.0.1).

It refuses unknown keys, missing required elements and wrong types. ``fhirclient`` is the
``fhir`` extra: when it is missing, the FHIR commands say how to install it.
"""

from __future__ import annotations

import importlib
from typing import Any

from iop_assess.errors import UsageError

INSTALL_HINT = "Install the FHIR support with: pip install 'iop-assess[fhir]'"
_MODULES = {
    "Questionnaire": "questionnaire",
    "QuestionnaireResponse": "questionnaireresponse",
    "Bundle": "bundle",
    "Observation": "observation",
}


def _model(resource_type: str) -> Any:
    try:
        module = importlib.import_module(f"fhirclient.models.{_MODULES[resource_type]}")
    except ImportError:
        raise UsageError(
            "FHIR needs the optional package fhirclient, which is not installed.",
            hint=INSTALL_HINT,
        ) from None
    return getattr(module, resource_type)


def problems(resource: dict[str, Any]) -> list[str]:
    """What the R4 models find wrong with ``resource`` (empty when it parses strictly)."""
    kind = resource.get("resourceType")
    if kind not in _MODULES:
        return [f"resourceType: expected one of {', '.join(_MODULES)}"]
    model = _model(str(kind))
    from fhirclient.models.fhirabstractbase import (  # type: ignore[import-untyped]
        FHIRValidationError,
    )

    try:
        model(resource, strict=True)
    except FHIRValidationError as exc:
        return [_plain(line) for line in str(exc).splitlines() if line.strip()] or ["invalid"]
    return []


def _plain(line: str) -> str:
    """fhirclient names objects by their Python repr; keep the part a person can use."""
    text = line.strip()
    if " in data for <" in text:
        text = text.split(" in data for <")[0]
    return text.rstrip(":")
