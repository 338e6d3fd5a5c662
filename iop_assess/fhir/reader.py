"""Read a FHIR R4 ``QuestionnaireResponse`` (or a ``Bundle`` holding them) as answers.

Every question is found by its ``linkId`` (our item id, or the item's LOINC code, bare or as
``/code`` the way US Core writes it) and every coded answer by the ``answerOption`` codes of our
exported Questionnaire (``questionnaire.py``). The answers then go through the answers-file
checks (:func:`iop_assess.answers.parse_answers`). Unknown linkIds and codes are errors that name
the place in the resource (``item[2].item[0]``) and never the answer. A total the resource states
(an item or an ``Observation``) that differs from ours is a warning: ours is recomputed from the
answers and is the one reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from iop_assess.answers import AnswerSet, parse_answers
from iop_assess.bank import Bank
from iop_assess.errors import InputError
from iop_assess.fhir.codes import (
    DATA_ABSENT,
    DECLINED_CODE,
    INSTRUMENT_SYSTEM,
    ITEM_LOINC,
    LOINC,
    UNASKED_LOINC,
    answer_coding,
    questionnaire_url,
)
from iop_assess.fhir.validate import problems as model_problems
from iop_assess.model import DECLINED

_HINT = (
    "A FHIR answers file is a QuestionnaireResponse for one of the questionnaires that "
    "`iop-assess export --format fhir` writes, or a Bundle of them."
)
RESOURCE_TYPES = ("QuestionnaireResponse", "Bundle")


def is_fhir(data: object) -> bool:
    """Whether parsed JSON is a FHIR resource (it has a ``resourceType``)."""
    return isinstance(data, dict) and "resourceType" in data


class _Reader:
    def __init__(self, bank: Bank, source: str) -> None:
        self.bank = bank
        self.source = source
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.answers: dict[str, Any] = {}
        self.stated: dict[str, tuple[int, str]] = {}
        self.link: dict[str, str] = {item_id: item_id for item_id in bank.items}
        for item_id, (code, _) in ITEM_LOINC.items():
            if item_id in bank.items:
                self.link[code] = self.link[f"/{code}"] = item_id
        self.totals: dict[str, str] = {}
        self.total_codes: dict[tuple[str, str], str] = {}
        for instrument in bank.instruments.values():
            self.totals[f"{instrument.id}_total"] = instrument.id
            self.total_codes[(INSTRUMENT_SYSTEM, instrument.id)] = instrument.id
            if instrument.loinc:
                self.totals[instrument.loinc] = self.totals[f"/{instrument.loinc}"] = instrument.id
                self.total_codes[(LOINC, instrument.loinc)] = instrument.id
        self.versions = {questionnaire_url(q.id): q for q in bank.questionnaires}
        self.unasked: dict[str, str] = {}
        for code, words in UNASKED_LOINC.items():
            self.unasked[code] = self.unasked[f"/{code}"] = words
        self.authored: datetime | None = None

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}: {message}")

    # -- responses ---------------------------------------------------------------------------

    def response(self, resource: dict[str, Any], where: str) -> None:
        canonical = str(resource.get("questionnaire") or "")
        url, _, version = canonical.partition("|")
        ours = self.versions.get(url)
        if ours is None:
            named = f"'{canonical}'" if canonical else "no questionnaire"
            whose = where.rstrip(".") or "The QuestionnaireResponse"
            self.warnings.append(
                f"{whose} names {named}, not one of ours; its items were matched by linkId."
            )
        elif version and version != ours.version:
            self.warnings.append(
                f"The answers were written for {ours.id} version {version}, but this program "
                f"uses version {ours.version}; check that they still fit."
            )
        if self.authored is None:
            self.authored = _moment(resource.get("authored"))
        for index, item in enumerate(resource.get("item") or []):
            self.item(item, f"{where}item[{index}]")
        for index, contained in enumerate(resource.get("contained") or []):
            if contained.get("resourceType") == "Observation":
                self.observation(contained, f"{where}contained[{index}]")

    def item(self, item: dict[str, Any], where: str) -> None:
        link = str(item.get("linkId", ""))
        answers = item.get("answer") or []
        for index, child in enumerate(item.get("item") or []):
            self.item(child, f"{where}.item[{index}]")
        for index, answer in enumerate(answers):
            for inner, child in enumerate(answer.get("item") or []):
                self.item(child, f"{where}.answer[{index}].item[{inner}]")
        declined = _declined(item) or any(_declined(a) for a in answers)
        if not answers and not declined:
            return  # a group, or a question left unanswered
        if link in self.totals:
            self.total(self.totals[link], answers, f"{where} (linkId {link})")
            return
        item_id = self.link.get(link)
        if item_id is None and link in self.unasked:
            self.warnings.append(
                f"{where} (linkId {link}) is {self.unasked[link]}, which this program does "
                "not ask and no score uses; the answer was not used."
            )
            return
        if item_id is None:
            self.problem(f"{where} (linkId {link})", "unknown linkId; no question has it")
            return
        if item_id in self.answers:
            self.problem(f"{where} ({item_id})", "the question is answered twice")
            return
        if declined:
            self.answers[item_id] = DECLINED
            return
        values = [self.value(item_id, a, f"{where}.answer[{i}]") for i, a in enumerate(answers)]
        if any(v is None for v in values):
            return
        many = self.bank.items[item_id].item.type == "multiple"
        if not many and len(values) > 1:
            self.problem(f"{where} ({item_id})", "the question takes one answer")
            return
        self.answers[item_id] = values if many else values[0]

    def value(self, item_id: str, answer: dict[str, Any], where: str) -> Any:
        ref = self.bank.items[item_id]
        if "valueCoding" in answer and ref.options is not None:
            coding = answer["valueCoding"]
            for option in ref.options:
                ours = answer_coding(ref.questionnaire.id, item_id, option.value, "")
                if (coding.get("system"), coding.get("code")) == (ours["system"], ours["code"]):
                    return option.value
            self.problem(f"{where} ({item_id})", "the code is not one of the question's answers")
            return None
        if "valueInteger" in answer and ref.item.type == "integer":
            return answer["valueInteger"]
        if "valueString" in answer and ref.item.type == "text":
            return answer["valueString"]
        kinds = [k for k in answer if k.startswith("value")]
        expected = {"integer": "valueInteger", "text": "valueString"}.get(ref.item.type)
        self.problem(
            f"{where} ({item_id})",
            f"{kinds[0] if kinds else 'no value'} does not fit this question; "
            f"expected {expected or 'valueCoding'}",
        )
        return None

    # -- stated totals -----------------------------------------------------------------------

    def total(self, instrument: str, answers: list[dict[str, Any]], where: str) -> None:
        for answer in answers:
            for key in ("valueInteger", "valueDecimal", "valueQuantity"):
                if key in answer:
                    raw = answer[key]
                    number = raw.get("value") if isinstance(raw, dict) else raw
                    if isinstance(number, int | float) and float(number).is_integer():
                        self.stated.setdefault(instrument, (int(number), where))

    def observation(self, resource: dict[str, Any], where: str) -> None:
        codings = (resource.get("code") or {}).get("coding") or []
        for coding in codings:
            instrument = self.total_codes.get((coding.get("system"), coding.get("code")))
            if instrument is not None:
                self.total(instrument, [resource], where)
                return


def _moment(raw: object) -> datetime | None:
    """A FHIR ``dateTime`` with a time and an offset, or ``None`` (a date alone, or no time
    zone, does not say when the answers were given closely enough)."""
    if not isinstance(raw, str) or "T" not in raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _declined(node: dict[str, Any]) -> bool:
    return any(
        ext.get("url") == DATA_ABSENT and ext.get("valueCode") == DECLINED_CODE
        for ext in node.get("extension") or []
    )


def _resources(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    if data.get("resourceType") == "Bundle":
        for index, entry in enumerate(data.get("entry") or []):
            resource = entry.get("resource")
            if isinstance(resource, dict):
                yield resource, f"entry[{index}].resource."
    else:
        yield data, ""


def read_response(bank: Bank, data: dict[str, Any], source: str) -> AnswerSet:
    """Checked answers from a QuestionnaireResponse or a Bundle of them (parsed JSON)."""
    kind = data.get("resourceType")
    if kind not in RESOURCE_TYPES:
        raise InputError(
            f"{source}: a FHIR {kind} cannot be scored; "
            "expected a QuestionnaireResponse or a Bundle",
            hint=_HINT,
        )
    found = model_problems(data)
    if found:
        raise InputError(
            f"{source}: not a valid FHIR R4 {kind}",
            problems=[f"{source}: {p}" for p in found],
            hint=_HINT,
        )
    reader = _Reader(bank, source)
    responses = 0
    for resource, where in _resources(data):
        if resource.get("resourceType") == "QuestionnaireResponse":
            responses += 1
            reader.response(resource, where)
        elif resource.get("resourceType") == "Observation":
            reader.observation(resource, where.rstrip("."))
    if not responses:
        raise InputError(f"{source}: the Bundle holds no QuestionnaireResponse", hint=_HINT)
    if reader.problems:
        count = len(reader.problems)
        raise InputError(
            f"{source}: {count} {'problem' if count == 1 else 'problems'} in the answers",
            problems=reader.problems,
            hint="Fix the places listed above, then run the command again.",
        )
    given = parse_answers(bank, {"answers": reader.answers}, source)
    warnings = [*reader.warnings, *given.warnings, *_total_warnings(bank, given, reader.stated)]
    return AnswerSet(
        given.answers,
        given.ignored,
        tuple(warnings),
        given.client,
        given.notes,
        answered_at=reader.authored,
    )


def _total_warnings(bank: Bank, given: AnswerSet, stated: dict[str, tuple[int, str]]) -> list[str]:
    if not stated:
        return []
    from iop_assess.scoring import score_instrument

    warnings = []
    for instrument, (number, where) in stated.items():
        ours = score_instrument(bank, instrument, given.answers)
        if ours.total != number:
            computed = ours.total if ours.total is not None else "no total (incomplete)"
            warnings.append(
                f"{where} states a {ours.title} total of {number}, but the answers give "
                f"{computed}; the total from the answers is the one used."
            )
    return warnings
