"""Score instruments, driven entirely by the questionnaire YAML (no per-instrument code).

For each instrument: option scores summed over its items, ``reverse`` items flipped, ``skip``
rules (the WHO AUDIT rule) zeroing items that were not asked, the missing-data policy applied,
then the first band variant whose condition holds (else the default bands) names the band.
A declined or missing item is never scored as 0; it makes the instrument incomplete.

A two-stage instrument (``short_form``) that stopped after its first stage below the cut-off is
*screened negative*: no total, its lowest band, and the first stage's total (contract §4, v2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iop_assess.bank import Answers, Bank, option_points
from iop_assess.model import DECLINED, Band, Instrument
from iop_assess.result import FirstStage, InstrumentScore, SubscaleScore


@dataclass(frozen=True)
class _Points:
    """Each item's points, or why it has none."""

    points: dict[str, int]
    missing: tuple[str, ...]
    declined: tuple[str, ...]


def _item_points(bank: Bank, instrument: Instrument, answers: Answers) -> _Points:
    zeroed = bank.zeroed(instrument, answers)
    points: dict[str, int] = {}
    missing: list[str] = []
    declined: list[str] = []
    for item_id in instrument.items:
        if item_id in zeroed:
            points[item_id] = 0
            continue
        answer = answers.get(item_id)
        if answer == DECLINED:
            declined.append(item_id)
            continue
        ref = bank.items[item_id]
        if answer is None or not bank.applies(item_id, answers):
            missing.append(item_id)
            continue
        raw = option_points(ref, answer)
        if raw is None:
            missing.append(item_id)
            continue
        if item_id in instrument.reverse:
            low, high = ref.span
            raw = high + low - raw
        points[item_id] = raw
    return _Points(points, tuple(missing), tuple(declined))


def _band(bands: Iterable[Band], total: int) -> Band | None:
    return next((b for b in bands if b.min <= total <= b.max), None)


def _subscales(
    bank: Bank, instrument: Instrument, points: dict[str, int] | None
) -> tuple[SubscaleScore, ...]:
    scores: list[SubscaleScore] = []
    for sub in instrument.subscales:
        total: int | None = None
        if points is not None and all(i in points for i in sub.items):
            total = sum(points[i] for i in sub.items)
        band = _band(sub.bands, total) if total is not None else None
        scores.append(
            SubscaleScore(
                sub.id, total, bank.top(sub.items), band.id if band else None, sub.title["en"]
            )
        )
    return tuple(scores)


def score_instrument(bank: Bank, instrument: Instrument | str, answers: Answers) -> InstrumentScore:
    """Score one instrument (an :class:`~iop_assess.model.Instrument` or its id)."""
    inst = bank.instruments[instrument] if isinstance(instrument, str) else instrument
    title = inst.title["en"]
    top = bank.top(inst.items)
    if not any(bank.applies(item_id, answers) for item_id in inst.items):
        return InstrumentScore(
            inst.id,
            title,
            "not_applicable",
            None,
            top,
            subscales=_subscales(bank, inst, None),
        )
    found = _item_points(bank, inst, answers)
    partial = sum(found.points.values())
    subscales = _subscales(bank, inst, found.points)
    if bank.screened(inst.id, answers):
        screened = _screened(bank, inst, answers, found, subscales)
        if screened is not None:
            return screened
    if found.missing or found.declined:
        return InstrumentScore(
            inst.id,
            title,
            "incomplete",
            None,
            top,
            missing=found.missing,
            declined=found.declined,
            subscales=subscales,
            partial=partial,
        )
    band = _band(bank.bands_for(inst, answers), partial)
    return InstrumentScore(
        inst.id,
        title,
        "complete",
        partial,
        top,
        band=band.id if band else None,
        band_label=band.label["en"] if band else None,
        subscales=subscales,
        partial=partial,
    )


def _screened(
    bank: Bank,
    inst: Instrument,
    answers: Answers,
    found: _Points,
    subscales: tuple[SubscaleScore, ...],
) -> InstrumentScore | None:
    """The score of an instrument that stopped after its first stage, or ``None`` when an item
    of the first stage (or one asked with it) has no points: then it is incomplete."""
    form, rest = bank.short_forms[inst.id]
    asked = [i for i in inst.items if i not in rest]
    if any(i not in found.points for i in asked):
        return None
    scale = bank.scales[form.first]
    stage = FirstStage(
        scale.id, scale.title, sum(found.points[i] for i in scale.items), bank.top(scale.items)
    )
    lowest = min(bank.bands_for(inst, answers), key=lambda b: b.min)
    return InstrumentScore(
        inst.id,
        inst.title["en"],
        "screened_negative",
        None,
        bank.top(inst.items),
        band=lowest.id,
        band_label=lowest.label["en"],
        subscales=subscales,
        partial=sum(found.points[i] for i in asked),
        first_stage=stage,
    )


def score_all(bank: Bank, answers: Answers) -> dict[str, InstrumentScore]:
    """Every instrument of the bank, in bank order."""
    return {key: score_instrument(bank, inst, answers) for key, inst in bank.instruments.items()}
