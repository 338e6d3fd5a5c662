"""The level rules (tried in order), flags, medication, resources and barriers.

The level is the first step that holds: emergency, detox_first, residential, iop, outpatient,
none; ``insufficient`` replaces steps 3–6 when it is unknown whether and what the person used.
Rules with ``added=True`` are stricter than the starting rule table and listed in the changelog.
"""

from __future__ import annotations

from iop_assess.rules.base import (
    ACOG,
    ADULT_AGE,
    AWM_LEVEL,
    CRITERIA,
    CRITERIA_4,
    CROSSWALK,
    CSSRS,
    EMERGENCY,
    GAD7,
    GATES,
    ITEM9,
    LIFELINE,
    OUD_MEDS,
    OUD_NALOXONE,
    OUD_PREGNANCY,
    OUD_WITHDRAWAL,
    PHQ9,
    SAFETY_ITEMS,
    SCOFF,
    SEVERITY_ITEMS,
    SUICIDE_ITEMS,
    USE_ITEMS,
    WOLF,
    Ratings,
    Rule,
    heavy_daily_drinking,
    high_from_alcohol,
    pregnancy_possible,
    rule,
    severity_at_least,
)
from iop_assess.rules.facts import Check, Facts, Severity, any_of, known
from iop_assess.sources import cite

CRISIS_DIMENSIONS = ("withdrawal", "biomedical", "emotional")
NEED_DIMENSIONS = ("withdrawal", "biomedical", "emotional", "relapse", "environment")
"""The dimensions whose rating 2 calls for care when severity is low (readiness never counts)."""


def ratings(*dimensions: str) -> tuple[str, ...]:
    """What a level rule reads, for ``explain``: "<dimension> rating"."""
    return tuple(f"{d} rating" for d in dimensions)


def _serious(f: Facts) -> Check:
    return severity_at_least(f, Severity.MODERATE)


def use_unknown(f: Facts) -> Check:
    """It is unknown whether and what the person used: both past-year gates and ``substances``
    unanswered, or a gate ``yes`` with neither ``substances``, any ``*_days`` item, nor a
    complete AUDIT, AUDIT-C or DAST-10."""
    gates = ("alcohol_past_year", "drugs_past_year")
    said = [g for g in gates if f.state(g) == "answered"]
    told = [i for i in USE_ITEMS if f.state(i) == "answered"]
    complete = [k for k in ("audit", "audit_c", "dast10") if _complete(f, k)]
    if told or complete:
        return known(False, told)
    if not said:
        return known(True, [*gates, "substances"])
    yes = [g for g in said if f.is_(g, "yes").value]
    return known(bool(yes), [*said, "substances"])


def _complete(f: Facts, instrument: str) -> bool:
    score = f.scores.get(instrument)
    return score is not None and score.status == "complete"


def _other_needs(f: Facts, r: Ratings) -> Check:
    return severity_at_least(f, Severity.LOW) & any_of(*(r.at_least(d, 2) for d in NEED_DIMENSIONS))


LEVEL_RULES: tuple[Rule, ...] = (
    rule(
        "level",
        "level.emergency",
        "withdrawal, biomedical or emotional rated 4",
        "Your answers suggest you may need urgent help right now. Call 911 or go to the "
        "nearest emergency room. If you are thinking about suicide, call or text 988.",
        (EMERGENCY, LIFELINE),
        ratings(*CRISIS_DIMENSIONS),
        lambda f, r: any_of(*(r.at_least(d, 4) for d in CRISIS_DIMENSIONS)),
    ),
    rule(
        "level",
        "level.detox_first.monitored",
        "withdrawal rated 3 by a sedative rule: withdrawal care where staff watch day and "
        "night (not at home) first",
        "Your answers suggest a high risk of dangerous withdrawal from {sedatives}. Care where "
        "medical staff watch you day and night (withdrawal management, or detox) may need to "
        "come first. Please do not stop suddenly on your own.",
        (AWM_LEVEL, WOLF),
        ratings("withdrawal"),
        lambda f, r: r.group_at_least("withdrawal", "sedative", 3),
    ),
    rule(
        "level",
        "level.detox_first.with_clinician",
        "withdrawal rated 2 by a sedative rule: withdrawal care with a clinician first, "
        "possibly without an overnight stay (only when withdrawal_support is yes; unanswered, "
        "the words say staying home needs someone there)",
        "Your answers suggest some risk of withdrawal from {sedatives}. Help from a doctor or "
        "nurse to stop safely may need to come first. This may be possible without an "
        "overnight stay.",
        (AWM_LEVEL, WOLF),
        (*ratings("withdrawal"), "withdrawal_support"),
        lambda f, r: r.group_at_least("withdrawal", "sedative", 2),
    ),
    rule(
        "level",
        "level.residential.environment",
        "severity moderate or high, and environment rated 3 or more",
        "Your home or living situation makes recovery very hard right now. A program where "
        "you live for a while (residential care) may fit.",
        (cite("asam-ppc-crosswalk", "Dimension 6"), AWM_LEVEL),
        (*ratings("environment"), *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & r.at_least("environment", 3),
    ),
    rule(
        "level",
        "level.residential.relapse",
        "severity moderate or high, and relapse rated 3",
        "Use came back even after an intensive program. A program where you live for a while "
        "(residential care) may fit.",
        (cite("asam-ppc-crosswalk", "Dimension 5"),),
        (*ratings("relapse"), *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & r.at_least("relapse", 3),
    ),
    rule(
        "level",
        "level.residential.emotional",
        "severity moderate or high, emotional rated 3, and environment rated 2 or more",
        "Your mood or safety answers are serious, and things at home make it harder. A "
        "program with 24-hour support (residential care) may fit.",
        (cite("asam-ppc-crosswalk", "Dimension 3"),),
        (*ratings("emotional", "environment"), *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & r.at_least("emotional", 3) & r.at_least("environment", 2),
    ),
    rule(
        "level",
        "level.iop.relapse",
        "severity moderate or high, and relapse rated 2",
        "Your answers suggest you may need more than a weekly visit to cut down or stop. An "
        "intensive outpatient program (IOP) may fit.",
        (cite("asam-ppc-crosswalk", "Dimension 5"),),
        (*ratings("relapse"), *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & r.at_least("relapse", 2),
    ),
    rule(
        "level",
        "level.iop.emotional",
        "severity moderate or high, and emotional rated 2 or more",
        "Your mood, worry or eating answers, together with your use, suggest more support "
        "than a weekly visit. An intensive outpatient program (IOP) may fit.",
        (cite("asam-ppc-crosswalk", "Dimension 3"),),
        (*ratings("emotional"), *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & r.at_least("emotional", 2),
    ),
    rule(
        "level",
        "level.iop.biomedical",
        "severity moderate or high, and biomedical rated 2 or more (added)",
        "Your health answers, together with your use, suggest more support than a weekly "
        "visit. An intensive outpatient program (IOP) may fit.",
        (cite("asam-ppc-crosswalk", "Dimension 2: outpatient needs health 'none or very stable'"),),
        (*ratings("biomedical"), *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & r.at_least("biomedical", 2),
        added=True,
    ),
    rule(
        "level",
        "level.iop.step_down",
        "severity moderate or high, and recent_discharge is yes (step-down care)",
        "You left a hospital, detox or residential program in the past month. Stepping down "
        "to an intensive outpatient program (IOP) can help you keep going.",
        (CRITERIA,),
        ("recent_discharge", *SEVERITY_ITEMS),
        lambda f, r: _serious(f) & f.is_("recent_discharge", "yes"),
    ),
    rule(
        "level",
        "level.outpatient.severity",
        "severity moderate or high",
        "Your answers suggest that outpatient care, such as counseling a few hours a week or "
        "less, may fit.",
        (CROSSWALK, cite("who-audit-2001", "zones II-III: advice and brief counselling")),
        SEVERITY_ITEMS,
        lambda f, r: _serious(f),
    ),
    rule(
        "level",
        "level.outpatient.other_needs",
        "severity low, with withdrawal, biomedical, emotional, relapse or environment rated 2 "
        "or more",
        "Your use looks lower-risk, but other answers suggest some support would help. "
        "Outpatient care, such as counseling a few hours a week or less, may fit.",
        (CROSSWALK,),
        (*ratings(*NEED_DIMENSIONS), *SEVERITY_ITEMS),
        _other_needs,
    ),
    rule(
        "level",
        "level.none",
        "none of the rules above applies: no use, prescribed use only, or low-risk use with "
        "nothing else",
        "Your answers do not point to a need for alcohol or drug treatment.",
        (cite("who-audit-2001", "zone I: alcohol education"), CRITERIA),
        SEVERITY_ITEMS,
        lambda f, r: known(True),
    ),
    rule(
        "level",
        "level.insufficient",
        "steps emergency and detox_first do not hold, and it is unknown whether and what the "
        "person used: alcohol_past_year, drugs_past_year and substances all unanswered, or a "
        "past-year gate yes with neither substances, any *_days item, nor a complete AUDIT, "
        "AUDIT-C or DAST-10",
        "There are not enough answers about alcohol and drug use to suggest a level of care.",
        (cite("asam-guides-2023", "level of care assessment needs just enough information"),),
        (*GATES[:2], *USE_ITEMS, "audit", "audit_c", "dast10"),
        lambda f, r: use_unknown(f),
    ),
)

GAPS = rule(
    "note",
    "level.gaps",
    "a rule for a more intensive level could not be checked because answers are missing or "
    "declined",
    "Some answers that could point to more care are missing or were not given, so this "
    "suggestion could be too low. A counselor can go over them with you.",
    (CRITERIA,),
    (),
    lambda f, r: known(False),
    target="gaps",
)

# -- flags -----------------------------------------------------------------------------------


def declined(f: Facts, items: tuple[str, ...]) -> Check:
    found = [i for i in items if f.state(i) == "declined"]
    return known(bool(found), found)


def opioid_overdose_risk(f: Facts) -> Check:
    """Opioid use that is not prescribed, with another overdose risk."""
    return f.misuses("opioids") & any_of(
        f.is_("overdose_past_year", "yes"),
        f.is_("recent_discharge", "yes"),
        f.is_("injection_use", "yes"),
        f.uses("benzodiazepines"),
        heavy_daily_drinking(f),
    )


def _youth(f: Facts) -> Check:
    age = f.number("age")
    return known(age is not None and age < ADULT_AGE, ["age"])


FLAG_RULES: tuple[Rule, ...] = (
    rule(
        "flag",
        "flag.suicide_risk",
        "phq9_9 >= 1, suicide_plan yes, or phq9_9 or suicide_plan declined",
        "Your answers include thoughts of suicide or self-harm, or you chose not to answer "
        "those questions. Call or text 988 any time, day or night.",
        (ITEM9, CSSRS),
        SUICIDE_ITEMS,
        lambda f, r: (
            f.at_least("phq9_9", 1) | f.is_("suicide_plan", "yes") | declined(f, SUICIDE_ITEMS)
        ),
    ),
    rule(
        "flag",
        "flag.declined_safety_item",
        "any of " + ", ".join(SAFETY_ITEMS) + " declined (added)",
        "You chose not to answer a safety question. That is OK. If you are in danger or might "
        "be in withdrawal, call 911. If you are thinking about hurting yourself, call or text "
        "988.",
        (LIFELINE, EMERGENCY),
        SAFETY_ITEMS,
        lambda f, r: declined(f, SAFETY_ITEMS),
        added=True,
    ),
    rule(
        "flag",
        "flag.unsafe_home",
        "home_safe is no",
        "You said you do not feel safe at home. The National Domestic Violence Hotline can "
        "help, any time.",
        (cite("dv-hotline"),),
        ("home_safe",),
        lambda f, r: f.is_("home_safe", "no"),
    ),
    rule(
        "flag",
        "flag.co_occurring",
        "PHQ-9 or GAD-7 in the moderate band or above (10 or more)",
        "Your answers about mood or worry suggest looking for care that treats both substance "
        "use and mental health.",
        (PHQ9, GAD7, CRITERIA_4),
        ("phq9", "gad7"),
        lambda f, r: f.band_at_least("phq9", "moderate") | f.band_at_least("gad7", "moderate"),
    ),
    rule(
        "flag",
        "flag.eating_concern",
        "SCOFF positive",
        "Your answers about eating suggest asking about help for eating problems too.",
        (SCOFF,),
        ("scoff",),
        lambda f, r: f.band_at_least("scoff", "positive"),
    ),
    rule(
        "flag",
        "flag.pregnancy",
        "pregnant is yes or unsure: prenatal care together with substance-use care; with "
        "opioids, medication, never detox",
        "You said you are or may be pregnant.",
        (ACOG, OUD_PREGNANCY),
        ("pregnant",),
        lambda f, r: pregnancy_possible(f),
    ),
    rule(
        "flag",
        "flag.youth",
        f"age < {ADULT_AGE}: youth services lead every output; the adult level is still "
        "computed and labelled as built for adults",
        "This tool is built for adults. Please look for services made for young people.",
        (cite("asam-criteria-2013", "adolescent criteria differ"),),
        ("age",),
        lambda f, r: _youth(f),
    ),
    rule(
        "flag",
        "flag.opioid_overdose_risk",
        "opioid use that is not prescribed, with overdose_past_year yes, recent_discharge yes, "
        "injection_use yes, benzodiazepine use, or heavy daily drinking",
        "Your answers show a higher risk of opioid overdose.",
        (OUD_NALOXONE,),
        (
            *USE_ITEMS,
            "prescribed_as_directed",
            "overdose_past_year",
            "recent_discharge",
            "injection_use",
            "alcohol_drinks",
        ),
        lambda f, r: opioid_overdose_risk(f),
    ),
)

# -- medication, resources, barriers ---------------------------------------------------------

MEDICATION_RULES: tuple[Rule, ...] = (
    rule(
        "medication",
        "medication.opioids",
        "opioid use that is not prescribed, or moud_now is yes (keep taking it; never a "
        "reason for detox)",
        "Medicine for opioid use (buprenorphine, methadone or naltrexone) may help.",
        (OUD_MEDS, OUD_WITHDRAWAL, ACOG),
        ("substances", "opioids_days", "prescribed_as_directed", "moud_now"),
        lambda f, r: f.misuses("opioids") | f.is_("moud_now", "yes"),
    ),
    rule(
        "medication",
        "medication.alcohol",
        "high severity from alcohol alone: AUDIT 20 or more, or heavy daily drinking",
        "Medicine for alcohol use may help.",
        (cite("apa-aud-2018"), cite("who-audit-2001", "zone IV: referral")),
        ("audit", "alcohol_days", "alcohol_drinks"),
        lambda f, r: high_from_alcohol(f),
    ),
)


def _naloxone(f: Facts) -> Check:
    return any_of(
        f.uses("opioids"),
        f.is_("moud_now", "yes"),
        f.uses("stimulants"),
        f.uses("other"),
        opioid_overdose_risk(f),
    )


RESOURCE_RULES: tuple[Rule, ...] = (
    rule(
        "resource",
        "resource.naloxone",
        "any opioid use (prescribed included), moud_now yes, any stimulant or other drug use "
        "(fentanyl in the supply), or opioid_overdose_risk",
        "Naloxone (Narcan) can reverse an opioid overdose. It is sold without a prescription.",
        (OUD_NALOXONE, cite("fda-naloxone-2023")),
        ("substances", "opioids_days", "stimulants_days", "other_days", "moud_now"),
        lambda f, r: _naloxone(f),
    ),
    rule(
        "resource",
        "resource.medication_finder",
        "medication lists opioids: FindTreatment.gov with its filter for medication treatment",
        "FindTreatment.gov can filter for programs that offer medicine for opioid use.",
        (cite("findtreatment-gov"), OUD_MEDS),
        ("substances", "opioids_days", "prescribed_as_directed", "moud_now"),
        lambda f, r: f.misuses("opioids") | f.is_("moud_now", "yes"),
    ),
    rule(
        "resource",
        "resource.dv_hotline",
        "home_safe is no",
        "The National Domestic Violence Hotline: call 1-800-799-7233 or text START to 88788.",
        (cite("dv-hotline"),),
        ("home_safe",),
        lambda f, r: f.is_("home_safe", "no"),
    ),
    rule(
        "resource",
        "resource.youth",
        f"age < {ADULT_AGE}",
        "Services made for young people, through the SAMHSA Helpline or FindTreatment.gov.",
        (cite("samhsa-helpline"), cite("findtreatment-gov")),
        ("age",),
        lambda f, r: _youth(f),
    ),
    rule(
        "resource",
        "resource.housing",
        "housing is homeless or unstable, with environment rated 3 or more",
        "For local help with housing, call 211.",
        (cite("dial-211"),),
        ("housing", "home_use", "sober_support"),
        lambda f, r: f.is_("housing", "homeless", "unstable") & r.at_least("environment", 3),
    ),
)

BARRIER_RULES: tuple[Rule, ...] = (
    rule(
        "barrier",
        "barrier.transport",
        "transport is no: a barrier with what helps, never an environment risk",
        "Getting to a program is hard. Ask programs if they help with rides or bus passes. "
        "Many offer online (telehealth) sessions, and medicine visits can often be online too.",
        (CRITERIA_4,),
        ("transport",),
        lambda f, r: f.is_("transport", "no"),
        target="transport",
    ),
    rule(
        "barrier",
        "barrier.time_available",
        "time_available is no: a barrier with what helps, never an environment risk",
        "Finding about 9 hours a week is hard. Many programs meet in the evening, on weekends, "
        "or online. If you work, ask about job-protected leave (in the US, FMLA may apply).",
        (CRITERIA_4, cite("dol-fmla")),
        ("time_available",),
        lambda f, r: f.is_("time_available", "no"),
        target="time_available",
    ),
)
