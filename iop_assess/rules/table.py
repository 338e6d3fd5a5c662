"""The rule catalogue: every rule's id, what it sets, its condition in words, the sentence a
person reads, its source and the code that tests it — one place, so ``iop-assess explain`` shows
exactly what the program does. Thresholds and shared facts are in :mod:`~iop_assess.rules.base`.

Starting table: ``shared/spec/rules.md``. Rules marked "added" in their ``when`` text are stricter
additions with their own source; none loosens a safety rule. Sources are the S-numbers of
``shared/reference/clinical.md`` (§4.1 "Sources").
"""

from __future__ import annotations

from iop_assess.rules.base import (
    ADULT_AGE,
    COMPLICATED,
    DAILY_DAYS,
    HEAVY_DAYS,
    HEAVY_DRINKS,
    OLDER_AGE,
    S_COOCCUR,
    S_CROSSWALK,
    S_EMERGENCY,
    S_ENV,
    S_GAD7,
    S_ITEM9,
    S_PHQ9,
    S_PREGNANCY,
    S_SCOFF,
    S_SEVERITY,
    S_STEP,
    S_SUICIDE,
    S_WM,
    S_WM_NOW,
    S_YOUTH,
    SAFETY_ITEMS,
    SEVERITY_CUTS,
    SUICIDE_ITEM_HIGH,
    SUICIDE_ITEMS,
    Ratings,
    Rule,
    alcohol_or_benzodiazepines,
    by_severity,
    dimension_rule,
    flag_rule,
    heavy_daily_drinking,
    level_rule,
    severity_at_least,
    unless_ruled_out,
)
from iop_assess.rules.facts import Check, Facts, Severity, any_of, known

# -- dimension rules ---------------------------------------------------------------------------

DIMENSION_RULES: tuple[Rule, ...] = (
    # Dimension 1: withdrawal
    dimension_rule(
        "withdrawal.severe_now",
        4,
        "withdrawal_now is severe (confused, seeing or hearing things, or a seizure)",
        "You said you have severe withdrawal right now. This can be life-threatening.",
        S_WM_NOW,
        lambda f, r: f.is_("withdrawal_now", "severe"),
        crisis=True,
    ),
    dimension_rule(
        "withdrawal.complicated_history",
        3,
        "withdrawal_history includes seizures, delirium tremens or hallucinations, and alcohol "
        "or benzodiazepines were used in the past 30 days (or that use is unknown: added)",
        "You said you have had a seizure, the DTs or hallucinations when stopping before, and "
        "you have used alcohol or benzos in the past month. Stopping suddenly could be "
        "dangerous for you.",
        S_WM,
        lambda f, r: (
            f.withdrawal_history(COMPLICATED) & unless_ruled_out(alcohol_or_benzodiazepines(f))
        ),
        assumed="You said you have had a seizure, the DTs or hallucinations when stopping "
        "before. We do not know if you have used alcohol or benzos in the past month. Until "
        "we know, stopping all at once could be dangerous for you.",
    ),
    dimension_rule(
        "withdrawal.daily_benzodiazepines",
        3,
        f"benzodiazepines_days >= {DAILY_DAYS}",
        "You said you take benzos on most days. Stopping them suddenly can cause seizures.",
        "ASAM guideline Rec II.5: dependence on benzodiazepines (S29)",
        lambda f, r: f.at_least("benzodiazepines_days", DAILY_DAYS),
    ),
    dimension_rule(
        "withdrawal.moderate_now",
        3,
        "withdrawal_now is moderate or severe",
        "You said you have strong withdrawal signs right now.",
        S_WM_NOW,
        lambda f, r: f.is_("withdrawal_now", "moderate", "severe"),
    ),
    dimension_rule(
        "withdrawal.older_heavy_drinking",
        3,
        f"heavy daily drinking (alcohol_days >= {HEAVY_DAYS} and alcohol_drinks >= "
        f"{HEAVY_DRINKS}) and age > {OLDER_AGE}",
        f"You drink heavily most days and you are over {OLDER_AGE}. Withdrawal can be harder "
        "on the body as we get older.",
        "ASAM guideline Rec II.5: age > 65, long heavy drinking (S29)",
        lambda f, r: heavy_daily_drinking(f) & f.more_than("age", OLDER_AGE),
    ),
    dimension_rule(
        "withdrawal.heavy_drinking_with_history",
        2,
        "heavy daily drinking and any past withdrawal symptom",
        "You drink heavily most days and you have had withdrawal symptoms before.",
        S_WM,
        lambda f, r: heavy_daily_drinking(f) & f.withdrawal_history(),
    ),
    dimension_rule(
        "withdrawal.daily_opioids_with_history",
        2,
        f"opioids_days >= {DAILY_DAYS} and any past withdrawal symptom",
        "You use opioids most days and you have had withdrawal symptoms before.",
        "Opioid withdrawal management table (S20); S19",
        lambda f, r: f.at_least("opioids_days", DAILY_DAYS) & f.withdrawal_history(),
    ),
    dimension_rule(
        "withdrawal.mild_now_daily_use",
        2,
        f"withdrawal_now is mild or worse, and any substance on >= {DAILY_DAYS} of the past "
        "30 days",
        "You said you have some withdrawal signs now, and you use most days.",
        S_WM_NOW,
        lambda f, r: (
            f.is_("withdrawal_now", "mild", "moderate", "severe") & f.days_at_least(DAILY_DAYS)
        ),
    ),
    dimension_rule(
        "withdrawal.past_symptoms",
        1,
        "any past withdrawal symptom",
        "You said you have had withdrawal symptoms before when cutting down or stopping.",
        S_WM,
        lambda f, r: f.withdrawal_history(),
    ),
    dimension_rule(
        "withdrawal.mild_now",
        1,
        "withdrawal_now is mild (added)",
        "You said you have mild withdrawal signs right now.",
        "Mild withdrawal: ambulatory withdrawal management, S19 Table 3",
        lambda f, r: f.is_("withdrawal_now", "mild"),
    ),
    dimension_rule(
        "withdrawal.heavy_drinking",
        1,
        "heavy daily drinking without other signs (added)",
        "You drink heavily on most days. That raises the chance of withdrawal if you stop.",
        "ASAM guideline Rec II.5: long duration of heavy, regular drinking (S29)",
        lambda f, r: heavy_daily_drinking(f),
    ),
    # Dimension 2: biomedical
    dimension_rule(
        "biomedical.urgent",
        4,
        "medical_urgent is yes",
        "You said you have a medical problem right now that may be an emergency.",
        S_EMERGENCY,
        lambda f, r: f.is_("medical_urgent", "yes"),
        crisis=True,
    ),
    dimension_rule(
        "biomedical.conditions",
        2,
        "medical_conditions is yes",
        "You said you have health problems that need regular care and are not well controlled.",
        S_CROSSWALK,
        lambda f, r: f.is_("medical_conditions", "yes"),
    ),
    dimension_rule(
        "biomedical.pregnant_using",
        2,
        "pregnant is yes or unsure (unsure added), with any use",
        "You said you are or may be pregnant, and you use alcohol or drugs. A doctor or "
        "midwife can help keep you and the baby safe.",
        S_PREGNANCY,
        lambda f, r: f.is_("pregnant", "yes", "unsure") & severity_at_least(f, Severity.LOW),
    ),
    dimension_rule(
        "biomedical.older_using",
        1,
        f"age > {OLDER_AGE} with any use (added)",
        f"You are over {OLDER_AGE}. Alcohol and drugs can affect health more as we get older.",
        "ASAM guideline Rec II.5: age > 65 (S29)",
        lambda f, r: f.more_than("age", OLDER_AGE) & severity_at_least(f, Severity.LOW),
    ),
    # Dimension 3: emotional, behavioral or cognitive
    dimension_rule(
        "emotional.suicide_plan",
        4,
        "suicide_plan is yes",
        "You said you have had a plan, intent or attempt to end your life in the past month.",
        S_SUICIDE,
        lambda f, r: f.is_("suicide_plan", "yes"),
        crisis=True,
    ),
    dimension_rule(
        "emotional.danger_now",
        4,
        "danger_now is yes",
        "You said you are afraid you might hurt someone, or you hear or see things telling you to.",
        "Wolf et al. 2020 Table 3: homicidal ideation (S19); S27",
        lambda f, r: f.is_("danger_now", "yes"),
        crisis=True,
    ),
    dimension_rule(
        "emotional.phq9_severe",
        3,
        "PHQ-9 total in the severe band (20 or more)",
        "Your answers about mood are in the severe range.",
        S_PHQ9,
        lambda f, r: f.band_at_least("phq9", "severe"),
    ),
    dimension_rule(
        "emotional.suicide_thoughts_often",
        3,
        f"phq9_9 >= {SUICIDE_ITEM_HIGH} (more than half the days)",
        "You said you often have thoughts that you would be better off dead or of hurting "
        "yourself.",
        S_ITEM9,
        lambda f, r: f.at_least("phq9_9", SUICIDE_ITEM_HIGH),
        crisis=True,
    ),
    dimension_rule(
        "emotional.phq9_moderate",
        2,
        "PHQ-9 total in the moderate or moderately severe band (10 or more)",
        "Your answers about mood are in the moderate range or above.",
        S_PHQ9,
        lambda f, r: f.band_at_least("phq9", "moderate"),
    ),
    dimension_rule(
        "emotional.gad7_moderate",
        2,
        "GAD-7 total 10 or more",
        "Your answers about worry and nerves are in the moderate range or above.",
        S_GAD7,
        lambda f, r: f.band_at_least("gad7", "moderate"),
    ),
    dimension_rule(
        "emotional.scoff_positive",
        2,
        "SCOFF positive (2 or more yes)",
        "Your answers about eating suggest an eating problem may be part of the picture.",
        S_SCOFF,
        lambda f, r: f.band_at_least("scoff", "positive"),
    ),
    dimension_rule(
        "emotional.suicide_thoughts",
        2,
        "phq9_9 is 1 or more (several days)",
        "You said you have had thoughts that you would be better off dead or of hurting yourself.",
        S_ITEM9,
        lambda f, r: f.at_least("phq9_9", 1),
        crisis=True,
    ),
    dimension_rule(
        "emotional.mild",
        1,
        "PHQ-9 or GAD-7 in the mild band (5 or more)",
        "Your answers about mood or worry are in the mild range.",
        f"{S_PHQ9}; {S_GAD7}",
        lambda f, r: f.band_at_least("phq9", "mild") | f.band_at_least("gad7", "mild"),
    ),
    # Dimension 4: readiness to change (never changes the level, only the words)
    dimension_rule(
        "readiness.not_ready",
        2,
        "readiness is not_ready",
        "You said you are not ready to change right now.",
        "ASAM crosswalk Dim 4 (S28)",
        lambda f, r: f.is_("readiness", "not_ready"),
    ),
    dimension_rule(
        "readiness.unsure",
        1,
        "readiness is unsure",
        "You said you are not sure yet about changing.",
        "ASAM crosswalk Dim 4 (S28)",
        lambda f, r: f.is_("readiness", "unsure"),
    ),
    # Dimension 5: relapse, continued use or continued problem potential
    dimension_rule(
        "relapse.returned_after_intensive",
        3,
        "returned_to_use is yes after iop or residential (prior_treatment), with moderate or "
        "high severity",
        "You went back to use during or after a program you went to often or lived at. Your "
        "answers show real problems with use now.",
        "ASAM crosswalk Dim 5: unable to control use despite less intensive care (S28)",
        lambda f, r: (
            f.is_("returned_to_use", "yes")
            & f.is_("prior_treatment", "iop", "residential")
            & severity_at_least(f, Severity.MODERATE)
        ),
    ),
    dimension_rule(
        "relapse.high_severity",
        2,
        "high severity: AUDIT 16 or more, or DAST-10 6 or more",
        "Your answers about alcohol or drug use are in the high range.",
        S_SEVERITY,
        by_severity(Severity.HIGH),
    ),
    dimension_rule(
        "relapse.returned_after_treatment",
        2,
        "returned_to_use is yes after outpatient (or a more intensive program), with moderate "
        "or high severity",
        "You went back to use during or after treatment. Your answers show real problems "
        "with use now.",
        "ASAM crosswalk Dim 5: high likelihood of relapse without close support (S28)",
        lambda f, r: (
            f.is_("returned_to_use", "yes")
            & f.is_("prior_treatment", "outpatient", "iop", "residential")
            & severity_at_least(f, Severity.MODERATE)
        ),
    ),
    dimension_rule(
        "relapse.some_severity",
        1,
        "low or moderate severity: AUDIT 1 or more, DAST-10 1 or more, or any use in the past "
        "30 days",
        "You have used alcohol or drugs recently, or your answers show some use problems.",
        S_SEVERITY,
        by_severity(Severity.LOW),
    ),
    # Dimension 6: recovery and living environment
    dimension_rule(
        "environment.unsafe_home",
        4,
        "home_safe is no",
        "You said you do not feel safe at home.",
        S_ENV,
        lambda f, r: f.is_("home_safe", "no"),
    ),
    dimension_rule(
        "environment.homeless",
        3,
        "housing is homeless",
        "You said you do not have a home right now.",
        S_ENV,
        lambda f, r: f.is_("housing", "homeless"),
    ),
    dimension_rule(
        "environment.unstable_risky",
        3,
        "housing is unstable, with home_use yes or sober_support none",
        "Your housing is not steady, and the people around you use or you have no one to "
        "support you.",
        S_ENV,
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
        S_ENV,
        lambda f, r: f.is_("home_use", "yes"),
    ),
    dimension_rule(
        "environment.no_support",
        2,
        "sober_support is none",
        "You said you have no one right now who supports you in cutting down or staying sober.",
        S_ENV,
        lambda f, r: f.is_("sober_support", "none"),
    ),
    dimension_rule(
        "environment.no_transport",
        2,
        "transport is no",
        "You said you do not have a reliable way to get to a program several days a week.",
        "4th-edition person-centred barriers (S6, S7)",
        lambda f, r: f.is_("transport", "no"),
    ),
    dimension_rule(
        "environment.no_time",
        2,
        "time_available is no",
        "You said it would be hard to find about 9 hours a week for treatment.",
        "4th-edition person-centred barriers (S6, S7); IOP hours (S15)",
        lambda f, r: f.is_("time_available", "no"),
    ),
    dimension_rule(
        "environment.some_support",
        1,
        "sober_support is some",
        "You said you have some support, but not a lot.",
        S_ENV,
        lambda f, r: f.is_("sober_support", "some"),
    ),
)

DIMENSION_NONE = {
    "withdrawal": "Your answers do not show signs of withdrawal risk.",
    "biomedical": "Your answers do not show urgent or uncontrolled health problems.",
    "emotional": "Your answers about mood, worry and safety are in the low range.",
    "readiness": "You said you are ready to start, or have already started to make changes.",
    "relapse": "You said you have not used alcohol or drugs recently.",
    "environment": "Your answers show a steady, safe home and support around you.",
}
"""What a person reads when no rule of a dimension fires and nothing needed is missing."""

NONE_RULES: dict[str, Rule] = {
    dimension: Rule(
        f"{dimension}.none",
        "dimension",
        dimension,
        0,
        "no rule above fires",
        text,
        "rules.md rating 0",
        lambda f, r: known(True),
    )
    for dimension, text in DIMENSION_NONE.items()
}
NOT_RATED_TEXT = "Some answers this needs are missing, so this may be rated too low."


# -- level rules (in the order they are tried) -------------------------------------------------


def _step_down(f: Facts, r: Ratings) -> Check:
    risk = any_of(
        severity_at_least(f, Severity.LOW),
        *(r.at_least(d, 1) for d in ("biomedical", "emotional", "environment")),
    )
    return f.is_("recent_discharge", "yes") & risk


LEVEL_RULES: tuple[Rule, ...] = (
    level_rule(
        "level.emergency",
        "withdrawal, biomedical or emotional rated 4",
        "Your answers suggest you may need urgent help right now. Call 911 or go to the "
        "nearest emergency room. If you are thinking about suicide, call or text 988.",
        S_EMERGENCY,
        lambda f, r: any_of(*(r.at_least(d, 4) for d in ("withdrawal", "biomedical", "emotional"))),
    ),
    level_rule(
        "level.detox_first.monitored",
        "withdrawal rated 3: medically monitored withdrawal management first",
        "Your answers suggest a high risk of dangerous withdrawal. Care with medical staff to "
        "help you stop safely (withdrawal management, or detox) may need to come first. Please "
        "do not stop suddenly on your own.",
        S_WM,
        lambda f, r: r.at_least("withdrawal", 3),
    ),
    level_rule(
        "level.detox_first.ambulatory",
        "withdrawal rated 2: withdrawal management first, possibly without an overnight stay",
        "Your answers suggest some risk of withdrawal. Help to stop safely may need to come "
        "first. With a doctor or nurse, this may be possible without staying overnight.",
        "Ambulatory withdrawal management (S19 Table 3; S29 Rec III.1)",
        lambda f, r: r.at_least("withdrawal", 2),
    ),
    level_rule(
        "level.residential.environment",
        "environment rated 3 or more",
        "Your home or living situation makes recovery very hard right now. A program where "
        "you live for a while (residential care) may fit.",
        S_ENV,
        lambda f, r: r.at_least("environment", 3),
    ),
    level_rule(
        "level.residential.relapse",
        "relapse rated 3",
        "Use came back even after an intensive program. A program where you live for a while "
        "(residential care) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("relapse", 3),
    ),
    level_rule(
        "level.residential.emotional",
        "emotional rated 3 or more, with environment rated 2 or more",
        "Your mood or safety answers are serious, and things at home make it harder. A "
        "program with 24-hour support (residential care) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("emotional", 3) & r.at_least("environment", 2),
    ),
    level_rule(
        "level.iop.relapse",
        "relapse rated 2",
        "Your answers suggest you may need more than a weekly visit to cut down or stop. An "
        "intensive outpatient program (IOP) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("relapse", 2),
    ),
    level_rule(
        "level.iop.emotional",
        "emotional rated 2 or more, with moderate or high severity",
        "Your mood, worry or eating answers, together with your use, suggest more support "
        "than a weekly visit. An intensive outpatient program (IOP) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("emotional", 2) & severity_at_least(f, Severity.MODERATE),
    ),
    level_rule(
        "level.iop.biomedical",
        "biomedical rated 2 or more, with moderate or high severity (added)",
        "Your health problems, together with your use, suggest more support than a weekly "
        "visit. An intensive outpatient program (IOP) may fit.",
        "ASAM crosswalk Dim 2: outpatient needs health 'none or very stable' (S28)",
        lambda f, r: r.at_least("biomedical", 2) & severity_at_least(f, Severity.MODERATE),
    ),
    level_rule(
        "level.iop.step_down",
        "recent_discharge is yes, with any use or risk",
        "You left a hospital, detox or residential program in the past month. Stepping down "
        "to an intensive outpatient program (IOP) can help you keep going.",
        S_STEP,
        _step_down,
    ),
    level_rule(
        "level.outpatient",
        "none of the rules above applies",
        "Your answers suggest that outpatient care, such as counseling a few hours a week or "
        "less, may fit.",
        S_STEP,
        lambda f, r: known(True),
    ),
    level_rule(
        "level.insufficient",
        "no rule above applies and alcohol_past_year, drugs_past_year and substances are all "
        "missing or declined (and no AUDIT or DAST-10 is complete)",
        "There are not enough answers about alcohol and drug use to suggest a level of care.",
        "Not a clinical rule: too little is known to say",
        lambda f, r: use_unknown(f),
    ),
)


def use_unknown(f: Facts) -> Check:
    """True when the use questions are all unanswered (or declined) and no substance
    instrument is complete."""
    gates = ("alcohol_past_year", "drugs_past_year", "substances")
    if any(f.state(item) == "answered" for item in gates):
        return known(False, [i for i in gates if f.state(i) == "answered"])
    if any(s.status == "complete" for k, s in f.scores.items() if k in SEVERITY_CUTS):
        return known(False)
    return known(True, gates)


# -- flags -----------------------------------------------------------------------------------


def declined(f: Facts, items: tuple[str, ...]) -> Check:
    found = [i for i in items if f.state(i) == "declined"]
    return known(bool(found), found)


FLAG_RULES: tuple[Rule, ...] = (
    flag_rule(
        "flag.suicide_risk",
        "phq9_9 >= 1, suicide_plan yes, or phq9_9 or suicide_plan declined",
        "Your answers include thoughts of suicide or self-harm, or you chose not to answer "
        "those questions. Call or text 988 any time, day or night.",
        S_ITEM9,
        lambda f, r: (
            f.at_least("phq9_9", 1) | f.is_("suicide_plan", "yes") | declined(f, SUICIDE_ITEMS)
        ),
    ),
    flag_rule(
        "flag.declined_safety_item",
        "any of " + ", ".join(SAFETY_ITEMS) + " declined (added)",
        "You chose not to answer a safety question. That is OK. If you are in danger or might "
        "be in withdrawal, call 911. If you are thinking about hurting yourself, call or text "
        "988.",
        "clinical.md §4.2 convention; rules.md invariant on declined safety items",
        lambda f, r: declined(f, SAFETY_ITEMS),
    ),
    flag_rule(
        "flag.domestic_violence",
        "home_safe is no",
        "You said you do not feel safe at home. The National Domestic Violence Hotline can "
        "help, any time.",
        "rules.md step 1 note; National Domestic Violence Hotline",
        lambda f, r: f.is_("home_safe", "no"),
    ),
    flag_rule(
        "flag.co_occurring",
        "PHQ-9 or GAD-7 in the moderate band or above (10 or more)",
        "Your answers about mood or worry suggest looking for care that treats both substance "
        "use and mental health.",
        S_COOCCUR,
        lambda f, r: f.band_at_least("phq9", "moderate") | f.band_at_least("gad7", "moderate"),
    ),
    flag_rule(
        "flag.eating_concern",
        "SCOFF positive",
        "Your answers about eating suggest asking about help for eating problems too.",
        S_SCOFF,
        lambda f, r: f.band_at_least("scoff", "positive"),
    ),
    flag_rule(
        "flag.pregnancy",
        "pregnant is yes or unsure, with any use",
        "You said you are or may be pregnant and you use alcohol or drugs.",
        S_PREGNANCY,
        lambda f, r: f.is_("pregnant", "yes", "unsure") & severity_at_least(f, Severity.LOW),
    ),
    flag_rule(
        "flag.youth",
        f"age < {ADULT_AGE}",
        "This tool is built for adults. Please look for services made for young people.",
        S_YOUTH,
        lambda f, r: known(
            f.number("age") is not None and (f.number("age") or 0) < ADULT_AGE, ["age"]
        ),
    ),
)

GAPS = Rule(
    "level.gaps",
    "note",
    "gaps",
    0,
    "a rule for a more intensive level could not be checked because answers are missing or "
    "declined",
    "Some answers that could point to more care are missing or were not given, so this "
    "suggestion could be too low. A counselor can go over them with you.",
    "rules.md: an incomplete area is unknown, never low risk",
    lambda f, r: known(False),
)

RULES: tuple[Rule, ...] = (
    DIMENSION_RULES + tuple(NONE_RULES.values()) + LEVEL_RULES + (GAPS,) + FLAG_RULES
)
"""Every rule, in the order ``explain`` shows them."""
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
