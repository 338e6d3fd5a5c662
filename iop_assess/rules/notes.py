"""Plain-language notes added to the recommendation. They never change the level.

Readiness changes the words, not the level (rules.md). Barriers, obligations and co-occurring
needs point to what helps (ASAM 4th edition person-centred considerations, S6, S7).
"""

from __future__ import annotations

from iop_assess.result import DimensionRating, Level
from iop_assess.rules.base import severity_at_least
from iop_assess.rules.facts import Facts, Severity

NOT_READY = (
    "You said you are not ready to change right now. That is OK, and it is your choice. "
    "An intensive outpatient program (IOP) asks you to come to group and one-on-one "
    "sessions for about 9 or more hours a week, for a few months. You can start small: one "
    "talk with a doctor or counselor, or a call to the SAMHSA Helpline just to ask questions."
)
UNSURE = (
    "You said you are not sure yet. Many people feel that way. A first talk with a counselor "
    "does not commit you to anything, and it can help you decide."
)
TRANSPORT = (
    "You said getting to a program is hard. Ask programs if they help with rides or bus "
    "passes. Many IOPs also offer online (telehealth) sessions."
)
TIME = (
    "You said finding about 9 hours a week is hard. Many IOPs meet in the evening or on "
    "weekends, or online (telehealth), so you can fit them around work and family."
)
CO_OCCURRING = (
    "Your answers about mood or worry suggest a program that helps with both: your use and "
    "your mood. Ask for co-occurring care."
)
EATING = (
    "Your answers about eating suggest a program that can also help with eating problems. "
    "You can also ask your doctor."
)
KEEP_OBLIGATIONS = (
    "With outpatient care or IOP you go home each day. So you can often keep your job, go "
    "to school, and care for your family."
)
TIME_AWAY = (
    "Residential care means some time away from home. Things that help: ask your employer "
    "about job-protected leave (in the US, FMLA may apply), ask your school about leave, and "
    "plan childcare or care for the people who depend on you. Programs can often help you "
    "plan this."
)
NO_USE = (
    "You said you have not used alcohol or drugs recently, and your answers do not show a "
    "problem with use. That is good to hear. If things change, or if you are worried about "
    "someone else, the resources below are free and private."
)
YOUTH = (
    "You are under 18. This tool is built for adults, so its suggestion may not fit you. "
    "Please talk with a parent, a school counselor or a doctor. FindTreatment.gov and the "
    "SAMHSA Helpline can point you to services for young people."
)
PREGNANCY = (
    "You said you are or may be pregnant. Please talk with a doctor or midwife soon. They "
    "can help you cut down or stop in a way that is safe for you and the baby."
)
WITHDRAWAL_AFTER_EMERGENCY = (
    "After the urgent help, you may still need help to get through withdrawal safely "
    "(detox). That comes before other care."
)
ALONE_WITHDRAWAL = (
    "Please do not stop drinking or taking benzos suddenly on your own. Talk with a doctor first."
)

BENZOS = (
    "You said you take benzos. Do not stop them all at once without a doctor. Stopping "
    "suddenly can cause seizures."
)
"""Dependence on benzodiazepines is a risk factor for complicated withdrawal (S29 Rec II.5)."""


def recommendation_notes(
    facts: Facts,
    level: Level,
    then: Level | None,
    dimensions: dict[str, DimensionRating],
    flags: tuple[str, ...],
) -> tuple[str, ...]:
    notes: list[str] = []
    care = then or level
    if "youth" in flags:
        notes.append(YOUTH)
    if level == "emergency" and dimensions["withdrawal"].rating >= 2:
        notes.append(WITHDRAWAL_AFTER_EMERGENCY)
    if dimensions["withdrawal"].rating >= 2:
        notes.append(ALONE_WITHDRAWAL)
    elif facts.uses("benzodiazepines").value:
        notes.append(BENZOS)
    if "pregnancy" in flags:
        notes.append(PREGNANCY)
    if facts.is_("readiness", "not_ready").value:
        notes.append(NOT_READY)
    elif facts.is_("readiness", "unsure").value:
        notes.append(UNSURE)
    if care in ("iop", "outpatient"):
        if care == "iop" and facts.is_("transport", "no").value:
            notes.append(TRANSPORT)
        if care == "iop" and facts.is_("time_available", "no").value:
            notes.append(TIME)
    if "co_occurring" in flags:
        notes.append(CO_OCCURRING)
    if "eating_concern" in flags:
        notes.append(EATING)
    duties = facts.is_("obligations", "job", "school", "children", "caregiving").value
    if duties and care in ("iop", "outpatient"):
        notes.append(KEEP_OBLIGATIONS)
    if duties and care == "residential":
        notes.append(TIME_AWAY)
    if level == "outpatient" and severity_at_least(facts, Severity.LOW).value is False:
        notes.append(NO_USE)
    return tuple(notes)
