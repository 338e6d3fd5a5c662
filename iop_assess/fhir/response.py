"""An assessment as a FHIR R4 ``Bundle`` (type ``collection``).

One ``QuestionnaireResponse`` per questionnaire that has answers, naming its Questionnaire by
canonical URL and version (``url|version``), with its sections as groups. A declined answer is an
item with no answer and the ``data-absent-reason`` extension ``asked-declined`` (never a 0).
Each response carries the disclaimer as its narrative ``text``.
A response is ``completed`` only when every question of its questionnaire that applies was
answered or declined; otherwise, or when the session was left part-way, ``in-progress``.
One ``Observation`` per instrument total: LOINC code where one exists, the total, the band as
interpretation text, ``derivedFrom`` the response, and the disclaimer (a screening aid, not a
diagnosis, with the crisis numbers) as its note.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any, Literal

from iop_assess.bank import Answer, Bank
from iop_assess.fhir.codes import (
    DATA_ABSENT,
    DECLINED_CODE,
    INSTRUMENT_SYSTEM,
    LOINC,
    SURVEY,
    answer_coding,
    questionnaire_url,
)
from iop_assess.model import DECLINED, Questionnaire
from iop_assess.result import Result

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment

Status = Literal["completed", "in-progress"]


def _answers(bank: Bank, item_id: str, value: Answer) -> list[dict[str, Any]]:
    ref = bank.items[item_id]
    if ref.options is not None:
        values = value if isinstance(value, list) else [value]
        codings = []
        for v in values:
            option = ref.option(v)
            label = option.label["en"] if option else str(v)
            codings.append({"valueCoding": answer_coding(ref.questionnaire.id, item_id, v, label)})
        return codings
    if ref.item.type == "integer" and isinstance(value, int):
        return [{"valueInteger": value}]
    return [{"valueString": str(value)}]


def _item(bank: Bank, item_id: str, value: Answer) -> dict[str, Any]:
    node: dict[str, Any] = {"linkId": item_id, "text": bank.items[item_id].item.text["en"]}
    if value == DECLINED:
        node["extension"] = [{"url": DATA_ABSENT, "valueCode": DECLINED_CODE}]
    else:
        node["answer"] = _answers(bank, item_id, value)
    return node


def unanswered(bank: Bank, q: Questionnaire, answers: Mapping[str, Answer]) -> list[str]:
    """Questions of ``q`` that apply to ``answers`` and have no answer (declined counts)."""
    return [
        item.id
        for section in q.sections
        for item in section.items
        if item.id not in answers and bank.applies(item.id, answers)
    ]


def response(
    bank: Bank,
    q: Questionnaire,
    answers: Mapping[str, Answer],
    authored: datetime,
    status: Status = "completed",
) -> dict[str, Any]:
    """The ``QuestionnaireResponse`` of one questionnaire (no ``id``; see :func:`bundle`)."""
    groups = []
    for section in q.sections:
        items = [_item(bank, i.id, answers[i.id]) for i in section.items if i.id in answers]
        if items:
            groups.append({"linkId": section.id, "text": section.title["en"], "item": items})
    complete = status == "completed" and not unanswered(bank, q, answers)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{questionnaire_url(q.id)}|{q.version}",
        "status": "completed" if complete else "in-progress",
        "authored": _instant(authored),
    }
    if groups:
        resource["item"] = groups
    return resource


def narrative(text: str) -> dict[str, str]:
    """A resource's human-readable ``text`` (status ``additional``: words that are not in the
    structured data, here the disclaimer)."""
    return {
        "status": "additional",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></div>',
    }


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def observation(
    bank: Bank, result: Result, instrument: str, authored: datetime, derived: str
) -> dict[str, Any] | None:
    """The total of one instrument as an ``Observation``; ``None`` without a total."""
    score = result.instruments[instrument]
    if score.total is None:
        return None
    loinc = bank.instruments[instrument].loinc
    coding = (
        {"system": LOINC, "code": loinc}
        if loinc
        else {"system": INSTRUMENT_SYSTEM, "code": instrument}
    )
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [coding], "text": f"{score.title} (total)"},
        "effectiveDateTime": _instant(authored),
        "valueInteger": score.total,
        "derivedFrom": [{"reference": derived}],
    }
    if score.band_label:
        resource["interpretation"] = [{"text": score.band_label}]
    resource["note"] = [{"text": result.disclaimer}]
    return resource


def bundle(
    bank: Bank,
    answers: Mapping[str, Answer],
    result: Result,
    authored: datetime,
    status: Status = "completed",
) -> dict[str, Any]:
    """A ``collection`` Bundle: the responses, then one Observation per instrument total.

    ``answers`` are the effective answers (``AnswerSet.answers``); ``status`` is ``in-progress``
    for a session left part-way.
    """
    entries: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for q in bank.questionnaires:
        if not any(item.id in answers for item in q.items()):
            continue
        full_url = f"urn:uuid:{uuid.uuid4()}"
        resource = response(bank, q, answers, authored, status)
        resource["text"] = narrative(result.disclaimer)
        entries.append({"fullUrl": full_url, "resource": resource})
        for declared in q.instruments:
            owner[declared.id] = full_url
    for instrument_id, derived in owner.items():
        found = observation(bank, result, instrument_id, authored, derived)
        if found is not None:
            entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": found})
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(authored),
        "entry": entries,
    }


def assessment_bundle(assessment: Assessment) -> dict[str, Any]:
    """:func:`bundle` of one assessment: ``authored`` is when it was answered (or scored), and
    every response is ``in-progress`` when the questionnaire was left part-way."""
    status: Status = "completed" if assessment.status == "complete" else "in-progress"
    return bundle(assessment.bank, assessment.answers, assessment.result, assessment.when, status)
