"""Plain-language notes added to the recommendation, and the words about medication. They never
change the level. Each note is a rule with an id, its condition, its words and its sources, so
``iop-assess explain`` lists it; notes name only the substances the person uses.

Readiness changes the words, not the level. Obligations and co-occurring needs point to what
helps [asam-criteria-2023 person-centered considerations].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iop_assess.result import DimensionRating, Level
from iop_assess.rules.base import (
    ACOG,
    AWM_LEVEL,
    AWM_RISK,
    AWM_SUICIDE,
    BZD,
    CRITERIA,
    CRITERIA_4,
    GAD7,
    LIFELINE,
    OUD_MEDS,
    OUD_NALOXONE,
    OUD_PREGNANCY,
    OUD_WITHDRAWAL,
    PHQ9,
    SCOFF,
    WOLF,
    Ratings,
    Rule,
    fill,
    prescribed_daily,
    rule,
    sedative_withdrawal,
    severity_at_least,
)
from iop_assess.rules.facts import Facts, Severity, known
from iop_assess.sources import Cite, cite


@dataclass(frozen=True)
class Context:
    """What a note may read: the facts, the ratings and the outcome so far."""

    facts: Facts
    ratings: Ratings
    dimensions: dict[str, DimensionRating]
    level: Level
    then: Level | None
    detox: int | None
    flags: tuple[str, ...]

    @property
    def care(self) -> Level:
        """The level of care after any urgent step."""
        return self.then or self.level

    def rating(self, dimension: str) -> int:
        return self.dimensions[dimension].rating


Applies = Callable[[Context], bool]


def note(
    note_id: str,
    when: str,
    text: str,
    cites: tuple[Cite, ...],
    items: tuple[str, ...],
    applies: Applies,
) -> tuple[Rule, Applies]:
    return (
        rule("note", f"note.{note_id}", when, text, cites, items, lambda f, r: known(False)),
        applies,
    )


def _detox_at_home(c: Context) -> bool:
    return c.detox == 2 and "detox_first" in (c.level, c.then)


def _uses_any(c: Context, *substances: str) -> bool:
    return any(c.facts.uses(s).value is True for s in substances)


def _no_use(c: Context) -> bool:
    return c.facts.any_use().value is False and c.facts.misuses("other").value is False


NOT_READY = (
    "You said you are not ready to change right now. That is OK, and it is your choice. You "
    "can start small: one talk with a doctor or counselor, or a call to the SAMHSA Helpline "
    "just to ask questions."
)
UNSURE = (
    "You said you are not sure yet. Many people feel that way. A first talk with a counselor "
    "does not commit you to anything, and it can help you decide."
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
PRESCRIBED_ONLY = (
    "You take your medicine the way your doctor prescribed it. That is not misuse, and it "
    "does not call for treatment. Keep taking it as your doctor says, and do not mix it with "
    "alcohol or other drugs."
)
LOW_RISK = (
    "Your use of {used} looks lower-risk right now. That is good to hear. To keep it that "
    "way: use less often and less at a time, do not drive after, do not mix substances, and "
    "do not use at all if you are or may be pregnant. If it starts to cause problems, talk "
    "with a doctor."
)
UNSAFE_HOME = (
    "You said you do not feel safe at home. The National Domestic Violence Hotline can help "
    "any time: call 1-800-799-7233 or text START to 88788. If you are in danger now, call 911."
)
MENTAL_HEALTH = (
    "Your answers about mood, worry, eating or safety suggest getting care from a doctor or a "
    "mental health counselor. That care is worth getting on its own. The SAMHSA Helpline can "
    "also point you to it."
)
HOUSING = "Your housing is hard right now. For local help with housing, call 211."
WITHDRAWAL_AFTER_EMERGENCY = (
    "After the urgent help, you may still need help to get through withdrawal safely "
    "(detox). That comes before other care."
)
DETOX_WITH_SUPPORT = (
    "You said someone could stay with you for a few days. With a doctor or nurse checking "
    "on you, you may be able to get through withdrawal at home."
)
DETOX_SUPPORT_UNKNOWN = (
    "Going through withdrawal at home is safe only with someone who can stay with you for a "
    "few days. If no one can, ask for a program where staff watch you day and night."
)
STOP_SEDATIVES = "Please do not stop {stopping} suddenly on your own. Talk with a doctor first."
BENZOS = (
    "You said you take benzos. Do not stop them all at once without a doctor. Stopping "
    "suddenly can cause seizures."
)
OPIOIDS_NOT_DETOX = (
    "Stopping opioids on your own, or detox alone, lowers your tolerance. If you use again, "
    "the risk of overdose is much higher. Medicine for opioid use is the safer path."
)
OVERDOSE_RISK = (
    "Your answers show a higher risk of overdose. Keep naloxone (Narcan) with you, try not to "
    "use alone, and tell someone close to you how to use naloxone."
)
OTHER_WITHDRAWAL = (
    "Withdrawal from {others} is not usually dangerous to the body, but it can bring low "
    "mood, poor sleep and strong cravings for a few weeks. If low mood brings thoughts of "
    "hurting yourself, call or text 988."
)
PREGNANCY_WITH_USE = (
    "You said you are or may be pregnant. Please see a doctor or midwife soon, and ask for "
    "care that helps with both the pregnancy and your use of {used}."
)
PREGNANCY_NO_USE = (
    "You said you are or may be pregnant. Care from a doctor or midwife early in pregnancy "
    "helps you and the baby."
)
PREGNANCY_TEST = (
    "If you are not sure whether you are pregnant, a pregnancy test is a good first step. "
    "You can buy one at a drugstore."
)
PREGNANCY_OPIOIDS = (
    "In pregnancy, the safe path with opioids is medicine (buprenorphine or methadone), not "
    "stopping suddenly or detox."
)

NOTES: tuple[tuple[Rule, Applies], ...] = (
    note(
        "unsafe_home",
        "home_safe is no",
        UNSAFE_HOME,
        (cite("dv-hotline"),),
        ("home_safe",),
        lambda c: "unsafe_home" in c.flags,
    ),
    note(
        "withdrawal_after_emergency",
        "emergency, then detox_first",
        WITHDRAWAL_AFTER_EMERGENCY,
        (WOLF,),
        (),
        lambda c: c.level == "emergency" and c.then == "detox_first",
    ),
    note(
        "detox_with_support",
        "withdrawal care with a clinician (rating 2) and withdrawal_support is yes",
        DETOX_WITH_SUPPORT,
        (AWM_LEVEL, WOLF),
        ("withdrawal_support",),
        lambda c: _detox_at_home(c) and c.facts.is_("withdrawal_support", "yes").value is True,
    ),
    note(
        "detox_support_unknown",
        "withdrawal care with a clinician (rating 2) and withdrawal_support is unanswered",
        DETOX_SUPPORT_UNKNOWN,
        (AWM_LEVEL, WOLF),
        ("withdrawal_support",),
        lambda c: _detox_at_home(c) and c.facts.state("withdrawal_support") == "missing",
    ),
    note(
        "stop_sedatives",
        "withdrawal rated 2 or more by a sedative rule",
        STOP_SEDATIVES,
        (AWM_RISK,),
        ("substances",),
        lambda c: c.ratings.group_at_least("withdrawal", "sedative", 2).value is True,
    ),
    note(
        "benzos",
        "benzodiazepine use, when the notes above and the daily prescribed rule do not say it",
        BENZOS,
        (AWM_RISK, BZD),
        ("substances", "benzodiazepines_days"),
        lambda c: (
            _uses_any(c, "benzodiazepines")
            and c.ratings.group_at_least("withdrawal", "sedative", 2).value is not True
            and prescribed_daily(c.facts).value is not True
        ),
    ),
    note(
        "opioids_not_detox",
        "opioid use that is not prescribed",
        OPIOIDS_NOT_DETOX,
        (OUD_WITHDRAWAL, OUD_NALOXONE),
        ("substances", "opioids_days", "prescribed_as_directed"),
        lambda c: c.facts.misuses("opioids").value is True,
    ),
    note(
        "overdose_risk",
        "the flag opioid_overdose_risk",
        OVERDOSE_RISK,
        (OUD_NALOXONE,),
        (),
        lambda c: "opioid_overdose_risk" in c.flags,
    ),
    note(
        "other_withdrawal",
        "withdrawal_now mild or worse with stimulant or cannabis use, and no sedative or "
        "opioid use",
        OTHER_WITHDRAWAL,
        (WOLF, LIFELINE),
        ("withdrawal_now", "substances"),
        lambda c: (
            c.facts.is_("withdrawal_now", "mild", "moderate", "severe").value is True
            and _uses_any(c, "stimulants", "cannabis")
            and sedative_withdrawal(c.facts).value is False
            and c.facts.uses("opioids").value is False
        ),
    ),
    note(
        "pregnancy_with_use",
        "pregnancy possible, with any use",
        PREGNANCY_WITH_USE,
        (ACOG, OUD_PREGNANCY),
        ("pregnant", "substances"),
        lambda c: "pregnancy" in c.flags and c.facts.any_use().value is True,
    ),
    note(
        "pregnancy_no_use",
        "pregnancy possible, with no use known",
        PREGNANCY_NO_USE,
        (ACOG,),
        ("pregnant", "substances"),
        lambda c: "pregnancy" in c.flags and c.facts.any_use().value is not True,
    ),
    note(
        "pregnancy_test",
        "pregnant is unsure",
        PREGNANCY_TEST,
        (ACOG,),
        ("pregnant",),
        lambda c: c.facts.is_("pregnant", "unsure").value is True,
    ),
    note(
        "pregnancy_opioids",
        "pregnancy possible, with opioid use or moud_now yes: medication, never detox",
        PREGNANCY_OPIOIDS,
        (ACOG, OUD_PREGNANCY),
        ("pregnant", "substances", "moud_now"),
        lambda c: (
            "pregnancy" in c.flags
            and (_uses_any(c, "opioids") or c.facts.is_("moud_now", "yes").value is True)
        ),
    ),
    note(
        "not_ready",
        "readiness is not_ready (the level stays the same)",
        NOT_READY,
        (cite("asam-ppc-crosswalk", "Dimension 4"),),
        ("readiness",),
        lambda c: c.facts.is_("readiness", "not_ready").value is True,
    ),
    note(
        "unsure",
        "readiness is unsure (the level stays the same)",
        UNSURE,
        (cite("asam-ppc-crosswalk", "Dimension 4"),),
        ("readiness",),
        lambda c: c.facts.is_("readiness", "unsure").value is True,
    ),
    note(
        "co_occurring",
        "the flag co_occurring, at a level of care",
        CO_OCCURRING,
        (PHQ9, GAD7, CRITERIA_4),
        ("phq9", "gad7"),
        lambda c: "co_occurring" in c.flags and c.care != "none",
    ),
    note(
        "eating",
        "the flag eating_concern, at a level of care",
        EATING,
        (SCOFF,),
        ("scoff",),
        lambda c: "eating_concern" in c.flags and c.care != "none",
    ),
    note(
        "mental_health",
        "no alcohol or drug treatment suggested (level none, or none after an emergency), "
        "with emotional rated 2 or more",
        MENTAL_HEALTH,
        (PHQ9, GAD7, SCOFF, AWM_SUICIDE),
        ("phq9", "gad7", "scoff", "phq9_9", "suicide_plan", "danger_now"),
        lambda c: c.care == "none" and c.rating("emotional") >= 2,
    ),
    note(
        "housing",
        "level none or outpatient, with housing unstable or homeless and environment rated 3 or "
        "more",
        HOUSING,
        (cite("dial-211"),),
        ("housing", "home_use", "sober_support"),
        lambda c: (
            c.care in ("none", "outpatient")
            and c.rating("environment") >= 3
            and c.facts.is_("housing", "homeless", "unstable").value is True
        ),
    ),
    note(
        "keep_obligations",
        "iop or outpatient, with a job, school, children or caregiving",
        KEEP_OBLIGATIONS,
        (CRITERIA_4,),
        ("obligations",),
        lambda c: (
            c.care in ("iop", "outpatient")
            and c.facts.is_("obligations", "job", "school", "children", "caregiving").value is True
        ),
    ),
    note(
        "time_away",
        "residential, with a job, school, children or caregiving",
        TIME_AWAY,
        (CRITERIA_4, cite("dol-fmla")),
        ("obligations",),
        lambda c: (
            c.care == "residential"
            and c.facts.is_("obligations", "job", "school", "children", "caregiving").value is True
        ),
    ),
    note(
        "no_use",
        "level none, and no use and no severity",
        NO_USE,
        (CRITERIA,),
        ("substances",),
        lambda c: (
            c.level == "none"
            and _no_use(c)
            and severity_at_least(c.facts, Severity.LOW).value is False
        ),
    ),
    note(
        "prescribed_only",
        "level none, with prescribed use only (medicine for opioid use has its own words)",
        PRESCRIBED_ONLY,
        (BZD,),
        ("substances", "prescribed_as_directed", "moud_now"),
        lambda c: (
            c.level == "none"
            and c.facts.is_("moud_now", "yes").value is not True
            and c.facts.any_use().value is True
            and c.facts.any_misuse().value is False
            and severity_at_least(c.facts, Severity.LOW).value is False
        ),
    ),
    note(
        "low_risk",
        "level none, with low severity",
        LOW_RISK,
        (cite("who-audit-2001", "zone I: alcohol education"),),
        ("substances",),
        lambda c: (
            c.level == "none"
            and severity_at_least(c.facts, Severity.LOW).value is True
            and severity_at_least(c.facts, Severity.MODERATE).value is False
        ),
    ),
)


def recommendation_notes(context: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The notes that apply, in order, with the substances filled in, and their rule ids."""
    fired = [r for r, applies in NOTES if applies(context)]
    return tuple(fill(r.text, context.facts) for r in fired), tuple(r.id for r in fired)


# -- medication ------------------------------------------------------------------------------

MOUD_KEEP = (
    "You said you take medicine for opioid use now. Keep taking it: it protects you, and it "
    "is never a reason to go to detox. If something is not working, talk with your prescriber."
)
MOUD_ADJUST = (
    "If you still use other opioids, tell your prescriber. The dose, or the kind of medicine, "
    "can often be changed so it works better for you."
)
MOUD_WORDS = (
    "Medicine for opioid use lowers the risk of overdose and death. It works best with "
    "support, at any level of care.",
    "Buprenorphine (like Suboxone) can start at any level of care, often the same week, from "
    "many doctors and clinics.",
    "Methadone comes from an opioid treatment program, a clinic you visit often (daily at first).",
    "Naltrexone (a monthly shot, Vivitrol) can start only after withdrawal is over, usually 7 "
    "to 14 days without opioids.",
)
MOUD_PREGNANCY = (
    "In pregnancy, buprenorphine or methadone is the medicine to use. Tell your prenatal "
    "clinician about it."
)
ALCOHOL_WORDS = (
    "Medicines can help you cut down or stop drinking, such as naltrexone, acamprosate or "
    "disulfiram. Ask a doctor about them.",
    "Naltrexone is not for anyone taking opioids (pain pills, methadone or buprenorphine).",
)
ALCOHOL_PREGNANCY = (
    "If you are or may be pregnant, talk with your prenatal clinician before you take any "
    "medicine for alcohol use."
)

MEDICATION_NOTE_CITES = (OUD_MEDS, ACOG, cite("apa-aud-2018"))


def medication_notes(
    facts: Facts, medication: tuple[str, ...], flags: tuple[str, ...]
) -> tuple[str, ...]:
    """The words about medicine: what each medicine is and when it can start, with the words
    for pregnancy [asam-oud-2020; acog-711; apa-aud-2018]."""
    lines: list[str] = []
    pregnant = "pregnancy" in flags
    if "opioids" in medication:
        on_medicine = facts.is_("moud_now", "yes").value is True
        if on_medicine:
            lines.append(MOUD_KEEP)
        if on_medicine and facts.misuses("opioids").value is True:
            lines.append(MOUD_ADJUST)
        elif not on_medicine:
            # naltrexone is left out in pregnancy: buprenorphine or methadone is the medicine
            lines.extend(MOUD_WORDS[:-1] if pregnant else MOUD_WORDS)
        if pregnant:
            lines.append(MOUD_PREGNANCY)
    if "alcohol" in medication:
        lines.extend(ALCOHOL_WORDS)
        if pregnant:
            lines.append(ALCOHOL_PREGNANCY)
    return tuple(lines)
