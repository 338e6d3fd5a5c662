"""One FHIR R4 ``Questionnaire`` per questionnaire file.

Sections become ``group`` items and questions keep their item ids as ``linkId``. Single and
multiple choice become ``choice`` items (``repeats`` for multiple) whose ``answerOption`` carries
a ``valueCoding`` (LOINC where it has a code, see ``codes.py``) and, when the option has a score,
the ``ordinalValue`` and ``itemWeight`` extensions (the score lives on the option, as in SDC).
Integer items carry ``minValue``/``maxValue``. Display conditions become ``enableWhen`` with
``enableBehavior``; a condition on an item of another questionnaire (the AUDIT section asks
``alcohol_past_year`` of the core file) cannot be named inside one Questionnaire and is left out,
and so is one that flat ``enableWhen`` cannot say (a score, nested ``all``/``any``): the question
then stays enabled, so the form asks more, never less. Short forms are not exported either: the
FHIR form is the full one (``screen --full``).
"""

from __future__ import annotations

import re
from typing import Any

from iop_assess.bank import Bank, ItemRef
from iop_assess.fhir.codes import (
    ITEM_LOINC,
    ITEM_WEIGHT,
    LOINC,
    MAX_VALUE,
    MIN_VALUE,
    ORDINAL_VALUE,
    answer_coding,
    questionnaire_url,
)
from iop_assess.model import Condition, Item, Questionnaire

TEXT_MAX = 500


class NotExpressible(ValueError):
    """A display condition that FHIR's flat ``enableWhen`` cannot say."""


def _name(q: Questionnaire) -> str:
    """A computer-friendly name (``[A-Z][A-Za-z0-9_]*``), e.g. ``Phq9``."""
    words = re.split(r"[^A-Za-z0-9]+", q.id)
    return "".join(w[:1].upper() + w[1:] for w in words if w) or "Questionnaire"


def _answer_for(bank: Bank, item_id: str, value: str | int) -> dict[str, Any]:
    ref = bank.items[item_id]
    if ref.options is None:
        return {"answerInteger": int(value)}
    option = ref.option(value)
    label = option.label["en"] if option else str(value)
    return {"answerCoding": answer_coding(ref.questionnaire.id, item_id, value, label)}


def _leaf(bank: Bank, cond: Condition) -> tuple[list[dict[str, Any]], str]:
    item_id = cond.item
    assert item_id is not None
    ref = bank.items[item_id]
    if cond.equals is not None or cond.in_ is not None:
        values: list[str | int] = (
            [cond.equals] if cond.in_ is None and cond.equals is not None else list(cond.in_ or [])
        )
        entries = [
            {"question": item_id, "operator": "=", **_answer_for(bank, item_id, v)} for v in values
        ]
        return entries, "any"
    op, bound = (">=", cond.at_least) if cond.at_least is not None else ("<=", cond.at_most)
    assert bound is not None
    if ref.options is None:
        return [{"question": item_id, "operator": op, "answerInteger": bound}], "any"
    # a numeric choice: "at least 1" is "any option whose value is at least 1"
    numbers: list[str | int] = [
        o.value
        for o in ref.options
        if isinstance(o.value, int) and (o.value >= bound if op == ">=" else o.value <= bound)
    ]
    entries = [
        {"question": item_id, "operator": "=", **_answer_for(bank, item_id, v)} for v in numbers
    ]
    return entries, "any"


def enable_when(bank: Bank, cond: Condition) -> tuple[list[dict[str, Any]], str]:
    """``(enableWhen, enableBehavior)`` for a display condition, or :class:`NotExpressible`."""
    if cond.score is not None or cond.scores_read():
        raise NotExpressible("a condition on a score")
    if cond.not_ is not None:
        negated = cond.not_
        if negated.item is None or negated.equals is None:
            raise NotExpressible("'not' of anything but one 'equals'")
        found, _ = _leaf(bank, negated)
        return [{**found[0], "operator": "!="}], "any"
    if cond.item is not None:
        return _leaf(bank, cond)
    parts = [_leaf(bank, c) if c.item is not None else None for c in (cond.all or cond.any or [])]
    behavior = "all" if cond.all is not None else "any"
    entries: list[dict[str, Any]] = []
    for part in parts:
        if part is None:
            raise NotExpressible("nested all/any")
        found, inner = part
        if len(found) > 1 and inner != behavior:
            raise NotExpressible(f"'{inner}' inside '{behavior}'")
        entries += found
    return entries, behavior


def _conditioned(
    bank: Bank, q: Questionnaire, node: dict[str, Any], cond: Condition | None
) -> None:
    if cond is None:
        return
    if any(bank.items[i].questionnaire.id != q.id for i in cond.items_read()):
        return  # asked in another questionnaire: not expressible here (see the module doc)
    try:
        entries, behavior = enable_when(bank, cond)
    except NotExpressible:
        return  # the question stays enabled: a form that asks more, never less

    node["enableWhen"] = entries
    if len(entries) > 1:
        node["enableBehavior"] = behavior


def _options(ref: ItemRef) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = []
    for option in ref.options or ():
        entry: dict[str, Any] = {
            "valueCoding": answer_coding(
                ref.questionnaire.id, ref.item.id, option.value, option.label["en"]
            )
        }
        if option.score is not None:
            entry["extension"] = [
                {"url": ORDINAL_VALUE, "valueDecimal": option.score},
                {"url": ITEM_WEIGHT, "valueDecimal": option.score},
            ]
        options.append(entry)
    return options


def _question(bank: Bank, q: Questionnaire, item: Item) -> dict[str, Any]:
    ref = bank.items[item.id]
    node: dict[str, Any] = {"linkId": item.id}
    if item.id in ITEM_LOINC:
        code, display = ITEM_LOINC[item.id]
        node["code"] = [{"system": LOINC, "code": code, "display": display}]
    node["text"] = item.text["en"]
    if item.type in ("single", "yes_no", "multiple"):
        node["type"] = "choice"
        if item.type == "multiple":
            node["repeats"] = True
        node["answerOption"] = _options(ref)
    elif item.type == "integer":
        node["type"] = "integer"
        node["extension"] = [
            {"url": MIN_VALUE, "valueInteger": item.min},
            {"url": MAX_VALUE, "valueInteger": item.max},
        ]
    else:
        node["type"] = "text"
        node["maxLength"] = TEXT_MAX
    node["required"] = False  # every question may be declined
    _conditioned(bank, q, node, item.show_if)
    return node


def questionnaire(bank: Bank, q: Questionnaire) -> dict[str, Any]:
    """The R4 ``Questionnaire`` resource for one questionnaire of ``bank``."""
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": q.id.replace("_", "-"),
        "url": questionnaire_url(q.id),
        "version": q.version,
        "name": _name(q),
        "title": q.title["en"],
        "status": "active",
        "subjectType": ["Patient"],
        "description": q.description["en"],
        "copyright": "\n\n".join(
            part for part in (q.copyright, q.license, f"Source: {q.source}") if part
        ),
    }
    if q.loinc:
        resource["code"] = [{"system": LOINC, "code": q.loinc}]
    groups: list[dict[str, Any]] = []
    for section in q.sections:
        group: dict[str, Any] = {
            "linkId": section.id,
            "text": section.title["en"],
            "type": "group",
        }
        _conditioned(bank, q, group, section.show_if)
        group["item"] = [_question(bank, q, item) for item in section.items]
        groups.append(group)
    resource["item"] = groups
    return resource


def questionnaires(bank: Bank, only: str | None = None) -> list[dict[str, Any]]:
    """Every questionnaire of ``bank`` (or the one with id ``only``), in the bank's order."""
    return [questionnaire(bank, q) for q in bank.questionnaires if only in (None, q.id)]
