"""The dimension rules: every rule's id, the rating it sets, its condition in words, the sentence
a person reads, its sources, the items it reads and the code that tests it — one place, so
``iop-assess explain`` shows exactly what the program does. Thresholds and shared terms are in
:mod:`~iop_assess.rules.base`; the level, flag, medication and resource rules in
:mod:`~iop_assess.rules.steps`.

Rules with ``added=True`` are not in the starting rule table: each is stricter than it, or
changes only the words, and is listed in the changelog. None loosens a safety rule.
"""

from __future__ import annotations

from collections.abc import Callable

from iop_assess.rules.base import (
    ACOG,
    AUDIT_ZONES,
    AWM_LEVEL,
    AWM_RISK,
    AWM_SEVERITY,
    AWM_SUICIDE,
    BZD,
    COMPLICATED,
    CROSSWALK,
    CSSRS,
    DAILY_DAYS,
    DAST_BANDS,
    EMERGENCY,
    GAD7,
    HEAVY_DAYS,
    HEAVY_DRINKS,
    ITEM9,
    MORNING_DRINKING,
    OFTEN_DAYS,
    OLDER_AGE,
    OUD_NALOXONE,
    OUD_WITHDRAWAL,
    PHQ9,
    SCOFF,
    SEVERITY_ITEMS,
    SUICIDE_ITEM_HIGH,
    USE_ITEMS,
    VERY_HEAVY_DRINKS,
    WOLF,
    Ratings,
    Rule,
    by_severity,
    dimension_rule,
    heavy_daily_drinking,
    misuse_days,
    morning_drinking,
    often_or_unknown,
    past_withdrawal,
    pregnancy_possible,
    prescribed_daily,
    sedative_days_at_least,
    sedative_rating_2,
    sedative_withdrawal,
    severity_at_least,
    unless_ruled_out,
    very_heavy_daily_drinking,
    withdrawal_now,
)
from iop_assess.rules.facts import Check, Facts, Severity, known
from iop_assess.sources import Cite, cite

HEAVY = f"heavy daily drinking (alcohol_days >= {HEAVY_DAYS} and alcohol_drinks >= {HEAVY_DRINKS})"
DRINKING = ("substances", "alcohol_days", "alcohol_drinks")
PRESCRIBED = ("substances", "prescribed_as_directed")
SED2_WHEN = (
    f"a sedative rating-2 condition (very heavy daily drinking; heavy daily drinking with past "
    f"withdrawal symptoms or morning drinking; benzodiazepines not prescribed on >= {OFTEN_DAYS} "
    f"days; sedative withdrawal now with sedative use on >= {OFTEN_DAYS} days)"
)
SED2_ITEMS = (
    *USE_ITEMS,
    "alcohol_drinks",
    "prescribed_as_directed",
    "withdrawal_history",
    "audit_6",
    "withdrawal_now",
)
SED2_SAYS = "Your use of {sedatives} could bring strong withdrawal"
EMOTIONAL_ITEMS = ("phq9", "phq9_9", "gad7", "scoff", "suicide_plan", "danger_now")


def _complicated(f: Facts, r: Ratings) -> Check:
    recent = often_or_unknown(f, "alcohol", OFTEN_DAYS) | (
        f.misuses("benzodiazepines")
        & unless_ruled_out(f.at_least("benzodiazepines_days", OFTEN_DAYS))
    )
    return f.withdrawal_history(COMPLICATED) & unless_ruled_out(recent)


def _sedative_risk(
    name: str,
    when: str,
    says: str,
    items: tuple[str, ...],
    cites: tuple[Cite, ...],
    factor: Callable[[Facts, Ratings], Check],
) -> Rule:
    """Rating 3: a sedative rating-2 condition together with a risk factor for withdrawal at
    home [asam-awm-2020 Rec II.5, Rec III.1]."""
    return dimension_rule(
        f"withdrawal.{name}",
        3,
        f"{SED2_WHEN}, together with {when}",
        f"{SED2_SAYS}, and {says}",
        cites,
        (*SED2_ITEMS, *items),
        lambda f, r: sedative_rating_2(f) & factor(f, r),
        group="sedative",
    )


def _opioid_history(f: Facts) -> Check:
    return past_withdrawal(f) | f.is_("dast10_9", "yes")


WITHDRAWAL_RULES: tuple[Rule, ...] = (
    dimension_rule(
        "withdrawal.severe_now",
        4,
        "withdrawal_now is severe (confused, seeing or hearing things, or a seizure), whatever "
        "the substance",
        "You said you have severe withdrawal right now. This can be life-threatening.",
        (AWM_SEVERITY, WOLF),
        ("withdrawal_now",),
        lambda f, r: withdrawal_now(f, "severe"),
        crisis=True,
    ),
    # rating 3: sedatives, monitored (not at home)
    dimension_rule(
        "withdrawal.complicated_history",
        3,
        "withdrawal_history includes seizures, delirium tremens or hallucinations, with alcohol "
        f"use or benzodiazepine use that is not prescribed on >= {OFTEN_DAYS} of the past 30 days "
        "(or the days are unknown; or the use itself is unknown: added)",
        "You said you have had a seizure, the DTs or hallucinations when you stopped before, "
        "and you have used {sedatives} often in the past month. Stopping all at once could be "
        "dangerous for you.",
        (AWM_RISK, WOLF),
        (
            "withdrawal_history",
            "substances",
            "alcohol_days",
            "benzodiazepines_days",
            "prescribed_as_directed",
        ),
        _complicated,
        assumed="You said you have had a seizure, the DTs or hallucinations when you stopped "
        "before. We do not know how often you drink or take benzos now. Until we know, stopping "
        "all at once could be dangerous for you.",
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.daily_benzodiazepines",
        3,
        f"benzodiazepines that are not prescribed on >= {DAILY_DAYS} of the past 30 days",
        "You said you take benzos on most days, and not only as prescribed. Stopping them "
        "suddenly can cause seizures.",
        (AWM_RISK, BZD),
        ("benzodiazepines_days", *PRESCRIBED),
        lambda f, r: misuse_days(f, "benzodiazepines", DAILY_DAYS),
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.moderate_now",
        3,
        "sedative withdrawal now: withdrawal_now is moderate (or severe: added, so the level "
        "after an emergency still has it) while alcohol, benzodiazepines or another drug are "
        "used, or what is used is unknown",
        "You said you have strong withdrawal signs right now, and you use {sedatives}. This "
        "kind of withdrawal can turn dangerous quickly.",
        (AWM_SEVERITY, AWM_LEVEL),
        ("withdrawal_now", *USE_ITEMS),
        lambda f, r: sedative_withdrawal(f) & withdrawal_now(f, "moderate", "severe"),
        assumed="You said you have strong withdrawal signs right now. We do not know what you "
        "use, so we treat it like alcohol or benzo withdrawal, which can turn dangerous quickly.",
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.older_heavy_drinking",
        3,
        f"{HEAVY} and age > {OLDER_AGE}",
        f"You drink heavily most days and you are over {OLDER_AGE}. Withdrawal can be harder "
        "on the body as we get older.",
        (AWM_RISK,),
        (*DRINKING, "age"),
        lambda f, r: heavy_daily_drinking(f) & f.more_than("age", OLDER_AGE),
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.pregnant_heavy_drinking",
        3,
        f"{HEAVY} and pregnant is yes or unsure",
        "You drink heavily most days and you are or may be pregnant. Withdrawal needs medical "
        "care to keep you and the baby safe.",
        (AWM_RISK, WOLF),
        (*DRINKING, "pregnant"),
        lambda f, r: heavy_daily_drinking(f) & pregnancy_possible(f),
        group="sedative",
    ),
    _sedative_risk(
        "risk_pregnancy",
        "pregnant yes or unsure",
        "you are or may be pregnant. Withdrawal care with medical staff is safer for you and "
        "the baby.",
        ("pregnant",),
        (AWM_RISK, WOLF),
        lambda f, r: pregnancy_possible(f),
    ),
    _sedative_risk(
        "risk_illness",
        "medical_conditions yes",
        "you have a health problem that is not well controlled. Withdrawal care with medical "
        "staff is safer.",
        ("medical_conditions",),
        (AWM_RISK, AWM_LEVEL),
        lambda f, r: f.is_("medical_conditions", "yes"),
    ),
    _sedative_risk(
        "risk_older",
        f"age > {OLDER_AGE}",
        f"you are over {OLDER_AGE}. Withdrawal care with medical staff is safer.",
        ("age",),
        (AWM_RISK,),
        lambda f, r: f.more_than("age", OLDER_AGE),
    ),
    _sedative_risk(
        "risk_homeless",
        "housing homeless",
        "you do not have a home right now, so there is no safe place to go through withdrawal.",
        ("housing",),
        (AWM_LEVEL, WOLF),
        lambda f, r: f.is_("housing", "homeless"),
    ),
    _sedative_risk(
        "risk_no_support",
        "withdrawal_support no (or declined)",
        "no one could stay with you for a few days. Withdrawal at home is safe only with "
        "someone there.",
        ("withdrawal_support",),
        (AWM_LEVEL, WOLF),
        lambda f, r: f.is_("withdrawal_support", "no") | f.declined("withdrawal_support"),
    ),
    _sedative_risk(
        "risk_mood",
        "emotional rated 3 or more",
        "your answers about mood or thoughts of suicide are serious. Withdrawal care should be "
        "where that can be looked after too.",
        EMOTIONAL_ITEMS,
        (AWM_SUICIDE,),
        lambda f, r: r.at_least("emotional", 3),
    ),
    _sedative_risk(
        "risk_alcohol_and_benzos",
        "alcohol and benzodiazepines both used",
        "you use both alcohol and benzos. Together they make withdrawal more dangerous.",
        ("substances", "alcohol_days", "benzodiazepines_days"),
        (AWM_RISK,),
        lambda f, r: f.uses("alcohol") & f.uses("benzodiazepines"),
    ),
    # rating 2, sedatives: with a clinician, possibly at home
    dimension_rule(
        "withdrawal.very_heavy_drinking",
        2,
        f"very heavy daily drinking (alcohol_days >= {HEAVY_DAYS} and alcohol_drinks >= "
        f"{VERY_HEAVY_DRINKS}), even without past withdrawal symptoms",
        f"You have {VERY_HEAVY_DRINKS} or more drinks on most days. Stopping all at once could "
        "bring strong withdrawal, so plan it with a doctor.",
        (cite("asam-awm-2020", "Rec I.2"), AWM_RISK),
        DRINKING,
        lambda f, r: very_heavy_daily_drinking(f),
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.heavy_drinking_with_history",
        2,
        f"{HEAVY} with any past withdrawal symptom",
        "You drink heavily most days and you have had withdrawal symptoms before.",
        (AWM_RISK,),
        (*DRINKING, "withdrawal_history"),
        lambda f, r: heavy_daily_drinking(f) & past_withdrawal(f),
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.heavy_morning_drinking",
        2,
        f"{HEAVY} with morning drinking (audit_6 >= {MORNING_DRINKING}: weekly or more)",
        "You drink heavily most days and often need a drink in the morning. That is a sign "
        "your body depends on alcohol.",
        (AWM_RISK, cite("who-audit-2001", "questions 4-6, dependence")),
        (*DRINKING, "audit_6"),
        lambda f, r: heavy_daily_drinking(f) & morning_drinking(f),
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.benzodiazepines_often",
        2,
        f"benzodiazepines that are not prescribed on >= {OFTEN_DAYS} of the past 30 days",
        f"You take benzos on {OFTEN_DAYS} or more days a month, and not only as prescribed. "
        "Stopping suddenly can cause seizures.",
        (AWM_RISK, BZD),
        ("benzodiazepines_days", *PRESCRIBED),
        lambda f, r: misuse_days(f, "benzodiazepines", OFTEN_DAYS),
        group="sedative",
    ),
    dimension_rule(
        "withdrawal.mild_now_sedatives",
        2,
        "sedative withdrawal now: withdrawal_now mild (or worse) with alcohol, benzodiazepines "
        f"or another drug on >= {OFTEN_DAYS} of the past 30 days",
        "You said you have withdrawal signs now, and you use {sedatives} on "
        f"{OFTEN_DAYS} or more days a month.",
        (AWM_SEVERITY, AWM_LEVEL),
        ("withdrawal_now", *USE_ITEMS),
        lambda f, r: (
            sedative_withdrawal(f)
            & withdrawal_now(f, "mild", "moderate", "severe")
            & sedative_days_at_least(f, OFTEN_DAYS)
        ),
        group="sedative",
    ),
    # rating 2, opioids: the answer is medication, never detox alone
    dimension_rule(
        "withdrawal.daily_opioids_with_history",
        2,
        f"opioid use on >= {DAILY_DAYS} of the past 30 days with any past withdrawal symptom "
        "(or yes to DAST-10 question 9, sick when stopping drugs: added)",
        "You use opioids most days and you have had withdrawal symptoms before, so your body "
        "depends on them. Do not stop suddenly: medicine for opioid use eases withdrawal and "
        "keeps you safer.",
        (OUD_WITHDRAWAL,),
        ("substances", "opioids_days", "withdrawal_history", "dast10_9"),
        lambda f, r: (
            f.uses("opioids") & f.at_least("opioids_days", DAILY_DAYS) & _opioid_history(f)
        ),
        group="opioid",
    ),
    dimension_rule(
        "withdrawal.opioid_now",
        2,
        "opioid use with withdrawal_now mild or moderate (or severe: added)",
        "You said you have withdrawal signs now, and you use opioids. Medicine can ease opioid "
        "withdrawal, and it can often start the same week.",
        (OUD_WITHDRAWAL,),
        ("withdrawal_now", "substances", "opioids_days"),
        lambda f, r: f.uses("opioids") & withdrawal_now(f, "mild", "moderate", "severe"),
        group="opioid",
    ),
    # rating 1
    dimension_rule(
        "withdrawal.past_symptoms",
        1,
        "any past withdrawal symptom",
        "You said you have had withdrawal symptoms before when cutting down or stopping.",
        (AWM_RISK,),
        ("withdrawal_history",),
        lambda f, r: past_withdrawal(f),
    ),
    dimension_rule(
        "withdrawal.prescribed_daily",
        1,
        f"benzodiazepines or opioids taken as prescribed on >= {DAILY_DAYS} of the past 30 days",
        "You take {prescribed} every day as prescribed. Your body may depend on it, so do not "
        "stop suddenly. If you want to stop, a slow taper with your prescriber is the safe way.",
        (BZD, OUD_WITHDRAWAL),
        (*PRESCRIBED, "benzodiazepines_days", "opioids_days"),
        lambda f, r: prescribed_daily(f),
    ),
    dimension_rule(
        "withdrawal.prescribed_daily_seizures",
        1,
        "benzodiazepines or opioids taken as prescribed daily, with a past withdrawal seizure",
        "You take {prescribed} every day and you have had a seizure when stopping before. Any "
        "taper needs a slow plan with closer medical checks.",
        (BZD, AWM_RISK),
        (*PRESCRIBED, "benzodiazepines_days", "opioids_days", "withdrawal_history"),
        lambda f, r: prescribed_daily(f) & f.withdrawal_history(("seizures",)),
    ),
    dimension_rule(
        "withdrawal.signs_now",
        1,
        "withdrawal_now mild, moderate or severe, whatever the substance (the starting "
        "table's stimulant or cannabis withdrawal now, widened: added)",
        "You said you have withdrawal signs right now.",
        (WOLF,),
        ("withdrawal_now",),
        lambda f, r: withdrawal_now(f, "mild", "moderate", "severe"),
        added=True,
    ),
    dimension_rule(
        "withdrawal.heavy_drinking",
        1,
        f"{HEAVY}, without other signs (added)",
        "You drink heavily on most days. That raises the chance of withdrawal if you stop.",
        (AWM_RISK,),
        DRINKING,
        lambda f, r: heavy_daily_drinking(f),
        added=True,
    ),
    dimension_rule(
        "withdrawal.daily_opioids",
        1,
        f"opioids that are not prescribed on >= {DAILY_DAYS} of the past 30 days (added)",
        "You use opioids on most days. Your body may depend on them, so stopping can bring "
        "withdrawal. Medicine can help.",
        (OUD_WITHDRAWAL,),
        ("opioids_days", *PRESCRIBED),
        lambda f, r: misuse_days(f, "opioids", DAILY_DAYS),
        added=True,
    ),
    dimension_rule(
        "withdrawal.drug_withdrawal_before",
        1,
        "dast10_9 is yes: sick when stopping drugs before (added)",
        "You said you have felt sick when you stopped taking drugs before.",
        (cite("skinner-1982", "DAST-10 question 9"),),
        ("dast10_9",),
        lambda f, r: f.is_("dast10_9", "yes"),
        added=True,
    ),
)


def _any_use_or_past_year(f: Facts) -> Check:
    return f.cached("use_or_past_year", lambda: f.any_use() | severity_at_least(f, Severity.LOW))


OTHER_RULES: tuple[Rule, ...] = (
    # Dimension 2: biomedical
    dimension_rule(
        "biomedical.urgent",
        4,
        "medical_urgent is yes",
        "You said you have a medical problem right now that may be an emergency.",
        (EMERGENCY,),
        ("medical_urgent",),
        lambda f, r: f.is_("medical_urgent", "yes"),
        crisis=True,
    ),
    dimension_rule(
        "biomedical.conditions",
        2,
        "medical_conditions is yes",
        "You said you have health problems that need regular care and are not well controlled.",
        (CROSSWALK, AWM_RISK),
        ("medical_conditions",),
        lambda f, r: f.is_("medical_conditions", "yes"),
    ),
    dimension_rule(
        "biomedical.pregnant_using",
        2,
        "pregnant is yes or unsure, with any use (prescribed use included; or low severity "
        "from the past year: added)",
        "You said you are or may be pregnant, and you use {used}. Pregnancy care and help "
        "with use work best together.",
        (ACOG, WOLF),
        ("pregnant", *SEVERITY_ITEMS),
        lambda f, r: pregnancy_possible(f) & _any_use_or_past_year(f),
    ),
    dimension_rule(
        "biomedical.injection",
        2,
        "injection_use is yes",
        "You said you have injected drugs in the past year. That can bring infections and "
        "other health risks, so a health check is a good idea.",
        (cite("asam-oud-2020", "Part 1, assessment"),),
        ("injection_use",),
        lambda f, r: f.is_("injection_use", "yes"),
    ),
    dimension_rule(
        "biomedical.overdose",
        2,
        "overdose_past_year is yes",
        "You said you overdosed, or needed emergency help after using, in the past year.",
        (OUD_NALOXONE,),
        ("overdose_past_year",),
        lambda f, r: f.is_("overdose_past_year", "yes"),
    ),
    dimension_rule(
        "biomedical.older_using",
        1,
        f"age > {OLDER_AGE} with any use or low severity (added)",
        f"You are over {OLDER_AGE}. Alcohol and drugs can affect health more as we get older.",
        (AWM_RISK,),
        ("age", *SEVERITY_ITEMS),
        lambda f, r: f.more_than("age", OLDER_AGE) & _any_use_or_past_year(f),
        added=True,
    ),
    # Dimension 3: emotional, behavioral or cognitive
    dimension_rule(
        "emotional.suicide_plan",
        4,
        "suicide_plan is yes (asked of everyone, whatever phq9_9 says)",
        "You said you have had a plan, intent or attempt to end your life in the past month.",
        (CSSRS, cite("posner-2011"), AWM_SUICIDE),
        ("suicide_plan",),
        lambda f, r: f.is_("suicide_plan", "yes"),
        crisis=True,
    ),
    dimension_rule(
        "emotional.danger_now",
        4,
        "danger_now is yes",
        "You said you are afraid you might hurt someone, or you hear or see things telling you to.",
        (WOLF, EMERGENCY),
        ("danger_now",),
        lambda f, r: f.is_("danger_now", "yes"),
        crisis=True,
    ),
    dimension_rule(
        "emotional.phq9_severe",
        3,
        "PHQ-9 in the severe band (20 or more)",
        "Your answers about mood are in the severe range.",
        (PHQ9,),
        ("phq9",),
        lambda f, r: f.band_at_least("phq9", "severe"),
    ),
    dimension_rule(
        "emotional.suicide_thoughts_often",
        3,
        f"phq9_9 >= {SUICIDE_ITEM_HIGH} (more than half the days)",
        "You said you often have thoughts that you would be better off dead or of hurting "
        "yourself.",
        (ITEM9,),
        ("phq9_9",),
        lambda f, r: f.at_least("phq9_9", SUICIDE_ITEM_HIGH),
        crisis=True,
    ),
    dimension_rule(
        "emotional.phq9_moderate",
        2,
        "PHQ-9 in the moderate or moderately severe band (10 to 19)",
        "Your answers about mood are in the moderate or moderately severe range.",
        (PHQ9,),
        ("phq9",),
        lambda f, r: f.band_at_least("phq9", "moderate"),
    ),
    dimension_rule(
        "emotional.gad7_moderate",
        2,
        "GAD-7 of 10 or more (moderate or severe)",
        "Your answers about worry and nerves are in the moderate range or higher.",
        (GAD7,),
        ("gad7",),
        lambda f, r: f.band_at_least("gad7", "moderate"),
    ),
    dimension_rule(
        "emotional.scoff_positive",
        2,
        "SCOFF positive (2 or more)",
        "Your answers about eating suggest a possible eating problem worth checking.",
        (SCOFF,),
        ("scoff",),
        lambda f, r: f.band_at_least("scoff", "positive"),
    ),
    dimension_rule(
        "emotional.suicide_thoughts",
        2,
        "phq9_9 is 1 (several days)",
        "You said you have had thoughts that you would be better off dead or of hurting yourself.",
        (ITEM9,),
        ("phq9_9",),
        lambda f, r: f.at_least("phq9_9", 1),
        crisis=True,
    ),
    dimension_rule(
        "emotional.mild",
        1,
        "PHQ-9 or GAD-7 in the mild band (5 to 9)",
        "Your answers about mood or worry are in the mild range.",
        (PHQ9, GAD7),
        ("phq9", "gad7"),
        lambda f, r: f.band_at_least("phq9", "mild") | f.band_at_least("gad7", "mild"),
    ),
    # Dimension 4: readiness to change (never changes the level, only the words)
    dimension_rule(
        "readiness.not_ready",
        2,
        "readiness is not_ready",
        "You said you are not ready to change right now.",
        (cite("asam-ppc-crosswalk", "Dimension 4"),),
        ("readiness",),
        lambda f, r: f.is_("readiness", "not_ready"),
    ),
    dimension_rule(
        "readiness.unsure",
        1,
        "readiness is unsure",
        "You said you are not sure yet about changing.",
        (cite("asam-ppc-crosswalk", "Dimension 4"),),
        ("readiness",),
        lambda f, r: f.is_("readiness", "unsure"),
    ),
    # Dimension 5: relapse, continued use or continued problem potential
    dimension_rule(
        "relapse.returned_after_intensive",
        3,
        "returned_to_use is yes after iop or residential (prior_treatment), with moderate or "
        "high severity",
        "You went back to use during or after a program you went to often or lived at. Your "
        "answers show real problems with {used} now.",
        (cite("asam-ppc-crosswalk", "Dimension 5"),),
        ("returned_to_use", "prior_treatment", *SEVERITY_ITEMS),
        lambda f, r: (
            f.is_("returned_to_use", "yes")
            & f.is_("prior_treatment", "iop", "residential")
            & severity_at_least(f, Severity.MODERATE)
        ),
    ),
    dimension_rule(
        "relapse.high_severity",
        2,
        "high severity: AUDIT 20 or more, DAST-10 6 or more, heavy daily drinking, or opioid or "
        f"benzodiazepine use that is not prescribed on >= {DAILY_DAYS} days",
        "Your answers show a high level of problems with {used}.",
        (AUDIT_ZONES, DAST_BANDS),
        SEVERITY_ITEMS,
        by_severity(Severity.HIGH),
    ),
    dimension_rule(
        "relapse.returned_after_treatment",
        2,
        "returned_to_use is yes after outpatient (or a more intensive program), with moderate "
        "or high severity",
        "You went back to use during or after treatment. Your answers show real problems with "
        "{used} now.",
        (cite("asam-ppc-crosswalk", "Dimension 5"),),
        ("returned_to_use", "prior_treatment", *SEVERITY_ITEMS),
        lambda f, r: (
            f.is_("returned_to_use", "yes")
            & f.is_("prior_treatment", "outpatient", "iop", "residential")
            & severity_at_least(f, Severity.MODERATE)
        ),
    ),
    dimension_rule(
        "relapse.overdose",
        2,
        "overdose_past_year is yes",
        "An overdose in the past year means use is putting your life at risk.",
        (OUD_NALOXONE,),
        ("overdose_past_year",),
        lambda f, r: f.is_("overdose_past_year", "yes"),
    ),
    dimension_rule(
        "relapse.some_severity",
        1,
        "low or moderate severity: AUDIT 1 or more, DAST-10 1 or more, a positive AUDIT-C, "
        "alcohol or drugs in the past year, or any use that is not prescribed",
        "Your answers show some risk from {used}.",
        (AUDIT_ZONES, DAST_BANDS),
        SEVERITY_ITEMS,
        by_severity(Severity.LOW),
    ),
    # Dimension 6: recovery and living environment (transport and time are barriers instead)
    dimension_rule(
        "environment.unsafe_home",
        4,
        "home_safe is no",
        "You said you do not feel safe at home.",
        (CROSSWALK, AWM_LEVEL),
        ("home_safe",),
        lambda f, r: f.is_("home_safe", "no"),
    ),
    dimension_rule(
        "environment.homeless",
        3,
        "housing is homeless",
        "You said you do not have a home right now.",
        (CROSSWALK, AWM_LEVEL),
        ("housing",),
        lambda f, r: f.is_("housing", "homeless"),
    ),
    dimension_rule(
        "environment.unstable_risky",
        3,
        "housing is unstable, with home_use yes or sober_support none",
        "Your housing is not steady, and the people around you use or you have no one to "
        "support you.",
        (CROSSWALK, AWM_LEVEL),
        ("housing", "home_use", "sober_support"),
        lambda f, r: (
            f.is_("housing", "unstable")
            & (f.is_("home_use", "yes") | f.is_("sober_support", "none"))
        ),
    ),
    dimension_rule(
        "environment.home_use",
        2,
        "home_use is yes",
        "You said someone you live with drinks heavily or uses drugs.",
        (CROSSWALK, AWM_LEVEL),
        ("home_use",),
        lambda f, r: f.is_("home_use", "yes"),
    ),
    dimension_rule(
        "environment.no_support",
        2,
        "sober_support is none",
        "You said you have no one right now who supports you in cutting down or staying sober.",
        (CROSSWALK, AWM_LEVEL),
        ("sober_support",),
        lambda f, r: f.is_("sober_support", "none"),
    ),
    dimension_rule(
        "environment.some_support",
        1,
        "sober_support is some",
        "You said you have some support, but not a lot.",
        (CROSSWALK,),
        ("sober_support",),
        lambda f, r: f.is_("sober_support", "some"),
    ),
)

DIMENSION_RULES: tuple[Rule, ...] = WITHDRAWAL_RULES + OTHER_RULES
"""Every dimension rule, in the order ``explain`` shows them. The withdrawal rules are tested
after the others, because one of them reads the emotional rating."""

DIMENSION_NONE = {
    "withdrawal": "Your answers do not show signs of withdrawal risk.",
    "biomedical": "Your answers do not show urgent or uncontrolled health problems.",
    "emotional": "Your answers about mood, worry and safety are in the low range.",
    "readiness": "You said you are ready to start, or have already started to make changes.",
    "relapse": "Your answers do not show risky alcohol or drug use.",
    "environment": "Your answers show a steady, safe home and support around you.",
}
"""What a person reads when no rule of a dimension fires and nothing needed is missing."""

DIMENSION_NOT_ASKED = {
    "readiness": (
        "readiness",
        "Not asked: your other answers do not point to a need for change.",
    ),
    "environment": ("sober_support", "Your answers show a steady, safe home."),
}
"""When the question a dimension's words rest on was not asked (it could not matter, see
core.yaml), what a person reads instead: ``{dimension: (item, text)}``."""

NONE_RULES: dict[str, Rule] = {
    dimension: Rule(
        f"{dimension}.none",
        "dimension",
        dimension,
        0,
        "no rule above fires",
        text,
        (CROSSWALK,),
        (),
        lambda f, r: known(True),
    )
    for dimension, text in DIMENSION_NONE.items()
}
NOT_RATED_TEXT = "Some answers this needs are missing, so this may be rated too low."
