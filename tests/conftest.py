"""Shared fixtures: ``make_result`` builds realistic ``Result`` objects for every level, and
``make_assessment`` wraps one as the ``Assessment`` every report format renders, so report tests
can render a result without going through the rules.

Under CI (``CI`` set) hypothesis runs derandomized, so a landing never depends on a lucky draw;
on a developer's machine it keeps exploring new examples.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

import pytest
from hypothesis import settings

from iop_assess.assessment import AnsweredBy, Assessment, Status
from iop_assess.bank import Answer, Bank, load_bank
from iop_assess.result import (
    DIMENSIONS,
    DimensionRating,
    InstrumentScore,
    Level,
    Reason,
    Recommendation,
    Resource,
    Result,
    SubscaleScore,
)

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def _program_named_plainly() -> Iterator[None]:
    """Hints in messages name the program as it was started (``uv run iop-assess`` under
    ``uv run pytest``). In-process tests pin it to ``iop-assess``, so they read the same
    however pytest was started; test_invocation.py tests the detection itself."""
    from iop_assess import invocation

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invocation, "program", lambda: "iop-assess")
        yield


ALL_LEVELS: tuple[Level, ...] = (
    "emergency",
    "detox_first",
    "residential",
    "iop",
    "outpatient",
    "none",
    "insufficient",
)

DISCLAIMER = (
    "This questionnaire is a screening aid, not a diagnosis or a placement decision. Only a "
    "qualified clinician can assess your needs and recommend a level of care. If you are in "
    "danger or thinking about harming yourself, call or text 988 now, or call 911. For "
    "treatment referral call SAMHSA's National Helpline, 1-800-662-4357 (free, 24/7), or "
    "search FindTreatment.gov."
)

RESOURCES = (
    Resource("988 Suicide & Crisis Lifeline", "call or text 988", "Free, private, any time."),
    Resource("Emergency services", "call 911", "If you or someone else is in danger now."),
    Resource("SAMHSA National Helpline", "1-800-662-4357", "Free treatment referral, 24/7."),
    Resource("FindTreatment.gov", "FindTreatment.gov", "Find licensed treatment near you."),
)


def _audit(total: int | None, band: str | None, label: str | None) -> InstrumentScore:
    return InstrumentScore("audit", "AUDIT (alcohol)", "complete", total, 40, band, label)


def _phq9(total: int, band: str, label: str) -> InstrumentScore:
    phq2 = round(total * 6 / 27)
    return InstrumentScore(
        "phq9",
        "PHQ-9 (mood)",
        "complete",
        total,
        27,
        band,
        label,
        subscales=(
            SubscaleScore(
                "phq2",
                phq2,
                6,
                "positive" if phq2 >= 3 else "negative",
                "PHQ-2 (first two questions)",
            ),
        ),
        partial=total,
    )


_DAST_NA = InstrumentScore("dast10", "DAST-10 (drugs)", "not_applicable", None, 10)
_SCOFF_NEG = InstrumentScore("scoff", "SCOFF (eating)", "complete", 0, 5, "negative", "Negative")


def _gad7(total: int, band: str, label: str) -> InstrumentScore:
    return InstrumentScore("gad7", "GAD-7 (worry)", "complete", total, 21, band, label)


SCENARIOS: dict[Level, dict[str, Any]] = {
    "emergency": {
        "then": "residential",
        "ratings": {"emotional": 4, "withdrawal": 1, "readiness": 1, "relapse": 2},
        "reasons": (
            Reason(
                "emotional_4_plan",
                "You said that in the past month you had a plan, intent or attempt to end "
                "your life.",
                ("suicide_plan",),
                "shared/reference/clinical.md §4.2",
            ),
        ),
        "instruments": {
            "audit": _audit(18, "harmful", "Harmful drinking"),
            "phq9": _phq9(22, "severe", "Severe"),
            "gad7": _gad7(16, "severe", "Severe"),
            "scoff": _SCOFF_NEG,
            "dast10": _DAST_NA,
        },
        "flags": ("suicide_risk",),
        "notes": (
            "Look for a program that treats both substance use and mood (co-occurring care).",
        ),
    },
    "detox_first": {
        "then": "iop",
        "recommendation": {
            "withdrawal_care": "monitored",
            "asam": "3.7",
            "medication": ("alcohol",),
            "medication_notes": (
                "Medicines can help you cut down or stop drinking, such as naltrexone, "
                "acamprosate or disulfiram. Ask a doctor about them.",
                "Naltrexone is not for anyone taking opioids (pain pills, methadone or "
                "buprenorphine).",
            ),
        },
        "ratings": {"withdrawal": 3, "emotional": 1, "readiness": 0, "relapse": 2},
        "reasons": (
            Reason(
                "withdrawal_3_history",
                "You had seizures, DTs or hallucinations when you stopped drinking before, and "
                "you drank in the past 30 days.",
                ("withdrawal_history", "alcohol_days"),
                "shared/spec/rules.md (withdrawal 3)",
            ),
        ),
        "instruments": {
            "audit": _audit(24, "possible_dependence", "Possible dependence"),
            "phq9": _phq9(7, "mild", "Mild"),
            "gad7": _gad7(6, "mild", "Mild"),
            "scoff": _SCOFF_NEG,
            "dast10": _DAST_NA,
        },
    },
    "residential": {
        "then": None,
        "ratings": {"environment": 3, "relapse": 2, "emotional": 1, "readiness": 1},
        "reasons": (
            Reason(
                "environment_3_homeless",
                "You said you do not have a place to live right now.",
                ("housing",),
                "shared/spec/rules.md (environment 3)",
            ),
        ),
        "instruments": {
            "audit": _audit(21, "possible_dependence", "Possible dependence"),
            "phq9": _phq9(8, "mild", "Mild"),
            "gad7": _gad7(4, "minimal", "Minimal"),
            "scoff": _SCOFF_NEG,
            "dast10": InstrumentScore(
                "dast10", "DAST-10 (drugs)", "complete", 4, 10, "moderate", "Moderate"
            ),
        },
    },
    "iop": {
        "then": None,
        "recommendation": {
            "could_reach": "residential",
            "asam": "2.1",
            "barriers": ("transport",),
            "barrier_notes": (
                "Getting to a program is hard. Ask programs if they help with rides or bus "
                "passes. Many offer online (telehealth) sessions.",
            ),
        },
        "ratings": {"relapse": 2, "emotional": 2, "environment": 2, "readiness": 1},
        "reasons": (
            Reason(
                "relapse_2_high",
                "Your AUDIT score is in the harmful range.",
                ("audit_1", "audit_2", "audit_3"),
                "shared/spec/rules.md (relapse 2)",
            ),
            Reason(
                "emotional_2_moderate",
                "Your mood answers are in the moderate range.",
                ("phq9_1", "phq9_2"),
                "shared/spec/rules.md (emotional 2)",
            ),
        ),
        "instruments": {
            "audit": _audit(17, "harmful", "Harmful drinking"),
            "phq9": _phq9(12, "moderate", "Moderate"),
            "gad7": _gad7(11, "moderate", "Moderate"),
            "scoff": _SCOFF_NEG,
            "dast10": _DAST_NA,
        },
        "notes": (
            "Look for a program that treats both substance use and mood (co-occurring care).",
            "Getting there may be hard. Ask about programs that help with rides, or evening "
            "and online groups.",
        ),
    },
    "outpatient": {
        "then": None,
        "recommendation": {
            "asam": "1.7",
            "medication": ("opioids",),
            "medication_notes": (
                "Buprenorphine (like Suboxone) can start at any level of care, often the same "
                "week, from many doctors and clinics.",
            ),
        },
        "ratings": {"relapse": 1, "readiness": 1, "environment": 1},
        "reasons": (
            Reason(
                "outpatient_default",
                "Your answers do not point to a need for more intensive care.",
                ("audit_1", "phq9_1"),
                "shared/spec/rules.md (level 5)",
            ),
        ),
        "instruments": {
            "audit": _audit(9, "hazardous", "Hazardous drinking"),
            "phq9": _phq9(3, "minimal", "Minimal"),
            "gad7": _gad7(2, "minimal", "Minimal"),
            "scoff": _SCOFF_NEG,
            "dast10": _DAST_NA,
        },
    },
    "none": {
        "then": None,
        "ratings": {"emotional": 2},
        "reasons": (
            Reason(
                "level.none",
                "Your answers do not point to a need for alcohol or drug treatment.",
                ("alcohol_past_year", "drugs_past_year"),
                "who-audit-2001 zone I",
            ),
        ),
        "instruments": {
            "audit": InstrumentScore("audit", "AUDIT (alcohol)", "not_applicable", None, 40),
            "phq9": _phq9(12, "moderate", "Moderate"),
            "gad7": _gad7(3, "minimal", "Minimal"),
            "scoff": _SCOFF_NEG,
            "dast10": _DAST_NA,
        },
        "flags": ("unsafe_home",),
        "notes": (
            "You said you do not feel safe at home. The National Domestic Violence Hotline can "
            "help any time: call 1-800-799-7233 or text START to 88788.",
        ),
        "recommendation": {"note_rules": ("note.unsafe_home",)},
    },
    "insufficient": {
        "then": None,
        "recommendation": {"could_reach": "emergency"},
        "ratings": {},
        "reasons": (
            Reason(
                "insufficient_core",
                "Too few questions about alcohol and drug use were answered.",
                ("alcohol_past_year", "drugs_past_year"),
                "shared/spec/contract.md §4",
            ),
        ),
        "instruments": {
            "audit": InstrumentScore(
                "audit",
                "AUDIT (alcohol)",
                "incomplete",
                None,
                40,
                missing=("audit_4", "audit_5", "audit_6"),
                declined=("audit_9",),
                partial=6,
            ),
            "phq9": InstrumentScore(
                "phq9",
                "PHQ-9 (mood)",
                "incomplete",
                None,
                27,
                missing=tuple(f"phq9_{i}" for i in range(1, 10)),
                subscales=(SubscaleScore("phq2", None, 6, title="PHQ-2 (first two questions)"),),
            ),
        },
        "missing": ("alcohol_past_year", "drugs_past_year", "phq9_9", "withdrawal_now"),
        "unknown": {"withdrawal": ("withdrawal_now",), "emotional": ("phq9_9",)},
    },
}


def make_result(
    level: Level = "iop",
    *,
    then: Level | None | str = "default",
    flags: tuple[str, ...] | None = None,
    client: str | None = None,
    notes: Mapping[str, str] | None = None,
    warnings: tuple[str, ...] = (),
    rec_notes: tuple[str, ...] | None = None,
    instruments: Mapping[str, InstrumentScore] | None = None,
    missing: tuple[str, ...] | None = None,
    unknown: Mapping[str, tuple[str, ...]] | None = None,
    reasons: tuple[Reason, ...] | None = None,
) -> Result:
    """A realistic result for ``level``; keyword arguments replace one part of it."""
    scenario = SCENARIOS[level]
    dim_reasons = {
        key: tuple(r for r in scenario["reasons"] if r.rule.startswith(key)) for key in DIMENSIONS
    }
    unknown = scenario.get("unknown", {}) if unknown is None else unknown
    dimensions = {
        key: DimensionRating(
            key,
            scenario["ratings"].get(key, 0),
            dim_reasons[key],
            tuple(unknown.get(key, ())),
        )
        for key in DIMENSIONS
    }
    chosen_then = scenario["then"] if then == "default" else then
    recommendation = Recommendation(
        level,
        chosen_then,  # type: ignore[arg-type]
        scenario["reasons"] if reasons is None else reasons,
        scenario.get("notes", ()) if rec_notes is None else rec_notes,
        **scenario.get("recommendation", {}),
    )
    return Result(
        tool_version="0.1.0",
        questionnaires=(("core", "1.0.0"), ("audit", "1.0.0"), ("phq9", "1.0.0")),
        instruments=dict(scenario["instruments"] if instruments is None else instruments),
        dimensions=dimensions,
        recommendation=recommendation,
        flags=scenario.get("flags", ()) if flags is None else flags,
        missing=scenario.get("missing", ()) if missing is None else missing,
        disclaimer=DISCLAIMER,
        resources=RESOURCES,
        warnings=warnings,
        notes=dict(notes or {}),
        client=client,
    )


@pytest.fixture
def result_factory() -> Callable[..., Result]:
    """``make_result`` as a fixture, for tests that prefer fixtures to imports."""
    return make_result


ANSWERED_AT = datetime(2026, 3, 4, 21, 30, tzinfo=timezone(timedelta(hours=-5)))
SCORED_AT = datetime(2026, 3, 4, 21, 45, tzinfo=timezone(timedelta(hours=-5)))


@cache
def bundled_bank() -> Bank:
    return load_bank()


def make_assessment(
    level: Level = "iop",
    *,
    counselor: bool = True,
    answered_at: datetime | None = ANSWERED_AT,
    answered_by: AnsweredBy | None = "self",
    status: Status = "complete",
    blank: tuple[str, ...] = (),
    answers: Mapping[str, Answer] | None = None,
    **result: Any,
) -> Assessment:
    """``make_result(level, **result)`` as an assessment, at a fixed time. ``counselor`` (the
    default here) shows question ids, as most report tests expect; a person's report has none."""
    return Assessment(
        bank=bundled_bank(),
        answers=dict(answers or {}),
        result=make_result(level, **result),
        answered_at=answered_at,
        answered_by=answered_by,
        status=status,
        blank=blank,
        counselor=counselor,
        scored_at=SCORED_AT,
    )


def record_of(result: Result, *, counselor: bool = True, **fields: Any) -> Assessment:
    """Any result as an assessment at the fixed time (for rendering a real result)."""
    values: dict[str, Any] = {
        "answered_at": ANSWERED_AT,
        "answered_by": "self",
        "counselor": counselor,
        "scored_at": SCORED_AT,
    }
    values.update(fields)
    return Assessment(bank=bundled_bank(), answers={}, result=result, **values)


@pytest.fixture
def assessment_factory() -> Callable[..., Assessment]:
    """``make_assessment`` as a fixture."""
    return make_assessment
