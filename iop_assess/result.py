"""The result of an assessment: plain, immutable data that every report format renders.

``to_json`` gives the public JSON result (schema version 2); keep its field names: extend, never
rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from iop_assess.safetext import clean

SCHEMA_VERSION = 2

Status = Literal["complete", "incomplete", "not_applicable", "screened_negative"]
Level = Literal[
    "emergency", "detox_first", "residential", "iop", "outpatient", "none", "insufficient"
]
DIMENSIONS = ("withdrawal", "biomedical", "emotional", "readiness", "relapse", "environment")
LEVEL_ORDER: tuple[Level, ...] = (
    "none",
    "outpatient",
    "iop",
    "residential",
    "detox_first",
    "emergency",
)
"""Least to most intensive; ``insufficient`` stands outside the order."""
CRISIS_FLAGS = ("suicide_risk", "declined_safety_item")
"""Flags that put the crisis block first, as an emergency level does."""


@dataclass(frozen=True)
class SubscaleScore:
    id: str
    total: int | None
    max: int
    band: str | None = None
    title: str = ""


@dataclass(frozen=True)
class FirstStage:
    """The short form a two-stage instrument stopped at (the AUDIT-C, PHQ-2, GAD-2)."""

    id: str
    title: str
    total: int
    max: int


@dataclass(frozen=True)
class InstrumentScore:
    """One instrument's score. ``total`` is ``None`` unless ``status`` is complete; ``band``
    too, except when screened negative (the lowest band; ``first_stage`` has the total)."""

    id: str
    title: str
    status: Status
    total: int | None
    max: int
    band: str | None = None
    band_label: str | None = None
    missing: tuple[str, ...] = ()
    """Item ids that were not answered (and were needed)."""
    declined: tuple[str, ...] = ()
    """Item ids answered "prefer not to answer"."""
    subscales: tuple[SubscaleScore, ...] = ()
    partial: int = 0
    """Points from the items that were answered (a floor when incomplete)."""
    first_stage: FirstStage | None = None
    """When screened negative: the short form it stopped at, with its total."""


@dataclass(frozen=True)
class Reason:
    """Why a rule fired: its id, the sentence a person reads, the items it read, its source."""

    rule: str
    text: str
    items: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class DimensionRating:
    id: str
    rating: int
    reasons: tuple[Reason, ...]
    unknown: tuple[str, ...] = ()
    """Items that were missing or declined and could have raised the rating."""


WithdrawalCare = Literal["monitored", "with_clinician"]


@dataclass(frozen=True)
class Recommendation:
    level: Level
    then: Level | None
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...] = ()
    """Extra plain-language notes: co-occurring care, readiness, pregnancy, low-risk advice."""
    could_reach: Level | None = None
    """The level if every unanswered or declined item took its riskiest value; ``None`` when
    that is the level itself."""
    medication: tuple[str, ...] = ()
    """``opioids`` and/or ``alcohol``: medicine that may be the answer."""
    medication_notes: tuple[str, ...] = ()
    """What the medicines are and when they can start, in plain words."""
    barriers: tuple[str, ...] = ()
    """``transport`` and/or ``time_available``: what may get in the way (never a risk)."""
    barrier_notes: tuple[str, ...] = ()
    """What helps with each barrier, in the order of ``barriers``."""
    asam: str | None = None
    """The nearest ASAM Criteria level (4th edition numbering), a reference only."""
    withdrawal_care: WithdrawalCare | None = None
    """For detox_first (as the level or as ``then``): monitored, or with a clinician."""
    substances: tuple[str, ...] = ()
    """The substances the person uses (for the words; not part of the JSON result)."""
    note_rules: tuple[str, ...] = ()
    """The ids of the note rules behind ``notes``, in the same order (not in the JSON)."""


@dataclass(frozen=True)
class Resource:
    name: str
    contact: str
    why: str = ""
    phone: str = ""
    """A number to call (digits, for a ``tel:`` link)."""
    sms: str = ""
    """A number to text (for an ``sms:`` link)."""
    sms_body: str = ""
    """What to text, when the line asks for a word (e.g. START)."""


@dataclass(frozen=True)
class Result:
    tool_version: str
    questionnaires: tuple[tuple[str, str], ...]
    """(id, version) of every questionnaire used."""
    instruments: dict[str, InstrumentScore]
    dimensions: dict[str, DimensionRating]
    recommendation: Recommendation
    flags: tuple[str, ...]
    missing: tuple[str, ...]
    disclaimer: str
    resources: tuple[Resource, ...]
    warnings: tuple[str, ...] = ()
    """Non-fatal remarks, e.g. answers ignored because their follow-up did not apply."""
    notes: dict[str, str] = field(default_factory=dict)
    """Counselor notes per section id (interview only)."""
    client: str | None = None

    @property
    def crisis(self) -> bool:
        """Whether the crisis block must come first in human-readable output."""
        return self.recommendation.level == "emergency" or any(
            flag in CRISIS_FLAGS for flag in self.flags
        )


def _reason(reason: Reason) -> dict[str, Any]:
    return {
        "rule": reason.rule,
        "text": reason.text,
        "items": list(reason.items),
        "source": reason.source,
    }


def to_json(result: Result) -> dict[str, Any]:
    """The public JSON result (schema version 2)."""
    rec = result.recommendation
    instruments: dict[str, Any] = {}
    for key, score in result.instruments.items():
        instruments[key] = {
            "status": score.status,
            "total": score.total,
            "max": score.max,
            "band": score.band,
            "missing": list(score.missing),
            "declined": list(score.declined),
            "subscales": {
                s.id: {"total": s.total, "max": s.max, "band": s.band} for s in score.subscales
            },
        }
        if score.first_stage is not None:
            stage = score.first_stage
            instruments[key]["first_stage"] = {
                "id": stage.id,
                "total": stage.total,
                "max": stage.max,
            }
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "iop-assess", "version": result.tool_version},
        "questionnaires": [{"id": i, "version": v} for i, v in result.questionnaires],
        "instruments": instruments,
        "dimensions": {
            key: {
                "rating": dim.rating,
                "reasons": [_reason(r) for r in dim.reasons],
                "unknown": list(dim.unknown),
            }
            for key, dim in result.dimensions.items()
        },
        "recommendation": {
            "level": rec.level,
            "then": rec.then,
            "could_reach": rec.could_reach,
            "medication": list(rec.medication),
            "barriers": list(rec.barriers),
            "asam": rec.asam,
            "withdrawal_care": rec.withdrawal_care,
            "reasons": [_reason(r) for r in rec.reasons],
            "notes": list(rec.notes),
            "medication_notes": list(rec.medication_notes),
            "barrier_notes": list(rec.barrier_notes),
        },
        "flags": list(result.flags),
        "missing": list(result.missing),
        "warnings": [clean(w) for w in result.warnings],
        "disclaimer": result.disclaimer,
        "resources": [
            {"name": r.name, "contact": r.contact, **({"why": r.why} if r.why else {})}
            for r in result.resources
        ],
    }
    # A person's own text: no control characters, so the JSON is safe to show in a terminal
    # (json.dumps leaves C1 controls such as U+009B, a one-character escape, as they are).
    if result.client is not None:
        data["client"] = clean(result.client)
    if result.notes:
        data["notes"] = {clean(k): clean(v, lines=True) for k, v in result.notes.items()}
    return data
