"""Crisis and treatment resources, and the disclaimer every result carries.

Contacts are from ``shared/reference/clinical.md`` §4.1: 988 Suicide & Crisis Lifeline (S107,
S108, S109), 911 (S107, S114), SAMHSA National Helpline (S110), FindTreatment.gov (S111, S112).
The National Domestic Violence Hotline (1-800-799-7233, text START to 88788) is listed when home
is not safe (rules.md step 1). No network is needed: these are plain text.
"""

from __future__ import annotations

from collections.abc import Iterable

from iop_assess.result import CRISIS_FLAGS, Level, Resource

DISCLAIMER = (
    "This questionnaire is a screening aid, not a diagnosis or a placement decision. Only a "
    "qualified clinician can assess your needs and recommend a level of care. If you are in "
    "danger or thinking about harming yourself, call or text 988 now, or call 911. For help "
    "finding treatment, call SAMHSA's National Helpline at 1-800-662-4357 (free, 24/7), or "
    "search FindTreatment.gov."
)
"""Adapted from the proposed wording in clinical.md §4.3 (after S119, S121)."""

LIFELINE = Resource(
    "988 Suicide & Crisis Lifeline",
    "call or text 988",
    "Free and private, any time. Call or text if you think about suicide, or if you are in "
    "a crisis with your mood, alcohol or drugs.",
)
EMERGENCY = Resource(
    "Emergency services",
    "call 911",
    "For danger right now. Call for a seizure, an overdose, or if you are very confused or "
    "see things in withdrawal.",
)
HELPLINE = Resource(
    "SAMHSA National Helpline",
    "1-800-662-4357",
    "Free and private help to find treatment, any time, day or night. In English and Spanish.",
)
FIND_TREATMENT = Resource(
    "FindTreatment.gov",
    "https://findtreatment.gov",
    "Search for licensed treatment programs near you, with filters for cost and type of care.",
)
DOMESTIC_VIOLENCE = Resource(
    "National Domestic Violence Hotline",
    "call 1-800-799-7233, or text START to 88788",
    "Free and private help if you do not feel safe at home, 24/7.",
)
YOUTH = Resource(
    "Services for young people",
    "ask the SAMHSA National Helpline (1-800-662-4357) or search FindTreatment.gov",
    "This tool is built for adults. These can point you to programs for people under 18.",
)


def is_crisis(flags: Iterable[str], level: Level) -> bool:
    """Whether crisis lines come first: an emergency, suicide risk, or a declined safety item."""
    return level == "emergency" or any(flag in CRISIS_FLAGS for flag in flags)


def resources_for(flags: Iterable[str], level: Level) -> tuple[Resource, ...]:
    """The resources to show, crisis lines first when the result is a crisis."""
    flags = tuple(flags)
    crisis = [LIFELINE, EMERGENCY]
    if level == "emergency":
        crisis = [EMERGENCY, LIFELINE]
    special = []
    if "domestic_violence" in flags:
        special.append(DOMESTIC_VIOLENCE)
    if "youth" in flags:
        special.append(YOUTH)
    treatment = [HELPLINE, FIND_TREATMENT]
    if is_crisis(flags, level):
        return (*crisis, *special, *treatment)
    return (*special, *treatment, *crisis)
