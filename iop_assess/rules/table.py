"""The rule catalogue: every rule's id, what it sets, its condition in words, the sentence a
person reads, its source and the code that tests it — one place, so ``iop-assess explain`` shows
exactly what the program does. Thresholds live here once, as named constants.

Starting table: ``shared/spec/rules.md``. Rules marked "added" in their ``when`` text are stricter
additions with their own source; none loosens a safety rule. Sources are the S-numbers of
``shared/reference/clinical.md`` (§4.1 "Sources").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from iop_assess.rules.facts import Check, Facts, Severity, any_of, known

# -- thresholds --------------------------------------------------------------------------------

HEAVY_DAYS = 20
"""Heavy daily drinking: alcohol on at least this many of the past 30 days …"""
HEAVY_DRINKS = 5
"""… and at least this many standard drinks on a typical drinking day (rules.md)."""
DAILY_DAYS = 20
"""'Daily' use of a substance: at least this many of the past 30 days (rules.md)."""
OLDER_AGE = 65
"""Age above which heavy drinking raises withdrawal risk (S29 Rec II.5: age > 65)."""
ADULT_AGE = 18
"""Below this age the tool says it is built for adults."""
SUICIDE_ITEM_HIGH = 2
"""PHQ-9 item 9 at 'more than half the days' or more (S117: further assessment clearly needed)."""

SEVERITY_CUTS: dict[str, tuple[int, int, int]] = {
    # instrument: lowest total for low, moderate, high severity (rules.md; AUDIT zones S52,
    # DAST-10 bands S59). A test checks these against the questionnaires' bands.
    "audit": (1, 8, 16),
    "dast10": (1, 3, 6),
}
SEVERITY_GATES = {"audit": "alcohol_past_year", "dast10": "drugs_past_year"}

COMPLICATED = ("seizures", "delirium_tremens", "hallucinations")
"""Past withdrawal signs that mark complicated withdrawal (S29 Rec II.5, S31)."""
SAFETY_ITEMS = (
    "phq9_9",
    "suicide_plan",
    "danger_now",
    "medical_urgent",
    "withdrawal_now",
    "withdrawal_history",
)
"""Items whose "prefer not to answer" is named in the result with the crisis resources."""
SUICIDE_ITEMS = ("phq9_9", "suicide_plan")

# -- sources (clinical.md §Sources) ----------------------------------------------------------

S_WM = "ASAM alcohol withdrawal management guideline 2020, Rec II.5 (S29); Wolf et al. 2020 (S19)"
S_WM_NOW = "ASAM alcohol withdrawal guideline 2020, Table 1 and Rec III.1 (S29, S31); S19"
S_EMERGENCY = "ASAM Criteria Assessment Interview Guide (S27); 911/988 (S107)"
S_SUICIDE = "Columbia Protocol triage (S36); ASAM guideline Rec III.2 (S29)"
S_ITEM9 = "Simon et al. 2013, PHQ-9 item 9 (S117); clinical.md §4.2"
S_PHQ9 = "PHQ-9 bands, Kroenke et al. 2001 (S75)"
S_GAD7 = "GAD-7 bands, Spitzer et al. 2006 (S82)"
S_SCOFF = "SCOFF, Morgan et al. 1999 (S85)"
S_CROSSWALK = "ASAM adult placement crosswalk (S28)"
S_ENV = "ASAM crosswalk Dim 6 (S28); ASAM guideline Rec III.1 (S29)"
S_SEVERITY = "AUDIT zones (S52); DAST-10 bands (S59)"
S_STEP = "clinical.md §1.5 rule order; ASAM crosswalk (S28)"
S_PREGNANCY = "Wolf et al. 2020 Table 3: pregnancy (S19)"
S_YOUTH = "ASAM levels: adolescent criteria differ (S15)"
S_COOCCUR = "PHQ-9/GAD-7 cut-off 10 (S75, S82); ASAM 4th ed. co-occurring care (S5)"

# -- the rule type ---------------------------------------------------------------------------

Kind = Literal["dimension", "level", "flag", "note"]


class Ratings:
    """The dimension ratings as level rules see them: ``at_least(dim, n)`` is a :class:`Check`
    that is unknown when a missing answer could have raised the dimension to ``n``."""

    def __init__(self, fired: Mapping[str, list[tuple[Rule, Check]]]) -> None:
        self._checks = fired

    def checks(self, dimension: str) -> list[tuple[Rule, Check]]:
        return self._checks[dimension]

    def rating(self, dimension: str) -> int:
        ratings = [r.rating for r, c in self._checks[dimension] if c.value is True]
        return max(ratings, default=0)

    def at_least(self, dimension: str, n: int) -> Check:
        checks = [(r, c) for r, c in self._checks[dimension] if r.rating >= n]
        return any_of(known(n <= 0), *(c for _, c in checks))


Test = Callable[[Facts, Ratings], Check]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    target: str
    """A dimension id, a level, or a flag."""
    rating: int
    """For dimension rules: the rating it sets (at least). For others: 0."""
    when: str
    """The condition in words, for counselors."""
    text: str
    """The sentence a person reads when it fires (plain words)."""
    source: str
    test: Test = field(repr=False, compare=False)
    crisis: bool = False
    """Fires the crisis block during an interview (see ``safety.crisis_now``)."""
    assumed: str = ""
    """The sentence to show instead of ``text`` when it fired on an unknown (safety first)."""

    @property
    def outcome(self) -> str:
        if self.kind == "dimension":
            return f"{self.target}: {self.rating}"
        if self.kind == "level":
            return f"level: {self.target}"
        if self.kind == "flag":
            return f"flag: {self.target}"
        return "note"


# -- derived facts ---------------------------------------------------------------------------


def severity_at_least(f: Facts, level: Severity) -> Check:
    """Substance-use severity (rules.md) is at least ``level``; incomplete scores are floors."""
    return f.cached(f"severity>={level}", lambda: _severity_at_least(f, level))


def _severity_at_least(f: Facts, level: Severity) -> Check:
    if level <= Severity.NONE:
        return known(True)
    parts = []
    for instrument, cuts in SEVERITY_CUTS.items():
        gate = SEVERITY_GATES[instrument]
        check = f.score_at_least(instrument, cuts[level - 1])
        if check.value is None and f.is_(gate, "no").value is True:
            check = known(False, [gate])
        parts.append(check)
    if level == Severity.LOW:
        parts.append(f.any_use())
    return any_of(*parts)


def heavy_daily_drinking(f: Facts) -> Check:
    return f.at_least("alcohol_days", HEAVY_DAYS) & f.at_least("alcohol_drinks", HEAVY_DRINKS)


def unless_ruled_out(check: Check) -> Check:
    """Safety-first: unknown counts as true (the unknown items stay named)."""
    if check.value is None:
        return Check(True, check.items, check.unknown)
    return check


def alcohol_or_benzodiazepines(f: Facts) -> Check:
    return f.uses("alcohol") | f.uses("benzodiazepines")


def _d(
    rule_id: str,
    rating: int,
    when: str,
    text: str,
    source: str,
    test: Test,
    crisis: bool = False,
    assumed: str = "",
) -> Rule:
    dimension = rule_id.split(".", 1)[0]
    return Rule(rule_id, "dimension", dimension, rating, when, text, source, test, crisis, assumed)


def _level(rule_id: str, when: str, text: str, source: str, test: Test) -> Rule:
    level = rule_id.split(".")[1]
    return Rule(rule_id, "level", level, 0, when, text, source, test)


def _flag(rule_id: str, when: str, text: str, source: str, test: Test) -> Rule:
    return Rule(rule_id, "flag", rule_id.split(".", 1)[1], 0, when, text, source, test)


def _sev(level: Severity) -> Test:
    return lambda f, r: severity_at_least(f, level)


# -- dimension rules ---------------------------------------------------------------------------

DIMENSION_RULES: tuple[Rule, ...] = (
    # Dimension 1: withdrawal
    _d(
        "withdrawal.severe_now",
        4,
        "withdrawal_now is severe (confused, seeing or hearing things, or a seizure)",
        "You said you have severe withdrawal right now. This can be life-threatening.",
        S_WM_NOW,
        lambda f, r: f.is_("withdrawal_now", "severe"),
        crisis=True,
    ),
    _d(
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
    _d(
        "withdrawal.daily_benzodiazepines",
        3,
        f"benzodiazepines_days >= {DAILY_DAYS}",
        "You said you take benzos on most days. Stopping them suddenly can cause seizures.",
        "ASAM guideline Rec II.5: dependence on benzodiazepines (S29)",
        lambda f, r: f.at_least("benzodiazepines_days", DAILY_DAYS),
    ),
    _d(
        "withdrawal.moderate_now",
        3,
        "withdrawal_now is moderate or severe",
        "You said you have strong withdrawal signs right now.",
        S_WM_NOW,
        lambda f, r: f.is_("withdrawal_now", "moderate", "severe"),
    ),
    _d(
        "withdrawal.older_heavy_drinking",
        3,
        f"heavy daily drinking (alcohol_days >= {HEAVY_DAYS} and alcohol_drinks >= "
        f"{HEAVY_DRINKS}) and age > {OLDER_AGE}",
        f"You drink heavily most days and you are over {OLDER_AGE}. Withdrawal can be harder "
        "on the body as we get older.",
        "ASAM guideline Rec II.5: age > 65, long heavy drinking (S29)",
        lambda f, r: heavy_daily_drinking(f) & f.more_than("age", OLDER_AGE),
    ),
    _d(
        "withdrawal.heavy_drinking_with_history",
        2,
        "heavy daily drinking and any past withdrawal symptom",
        "You drink heavily most days and you have had withdrawal symptoms before.",
        S_WM,
        lambda f, r: heavy_daily_drinking(f) & f.withdrawal_history(),
    ),
    _d(
        "withdrawal.daily_opioids_with_history",
        2,
        f"opioids_days >= {DAILY_DAYS} and any past withdrawal symptom",
        "You use opioids most days and you have had withdrawal symptoms before.",
        "Opioid withdrawal management table (S20); S19",
        lambda f, r: f.at_least("opioids_days", DAILY_DAYS) & f.withdrawal_history(),
    ),
    _d(
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
    _d(
        "withdrawal.past_symptoms",
        1,
        "any past withdrawal symptom",
        "You said you have had withdrawal symptoms before when cutting down or stopping.",
        S_WM,
        lambda f, r: f.withdrawal_history(),
    ),
    _d(
        "withdrawal.mild_now",
        1,
        "withdrawal_now is mild (added)",
        "You said you have mild withdrawal signs right now.",
        "Mild withdrawal: ambulatory withdrawal management, S19 Table 3",
        lambda f, r: f.is_("withdrawal_now", "mild"),
    ),
    _d(
        "withdrawal.heavy_drinking",
        1,
        "heavy daily drinking without other signs (added)",
        "You drink heavily on most days. That raises the chance of withdrawal if you stop.",
        "ASAM guideline Rec II.5: long duration of heavy, regular drinking (S29)",
        lambda f, r: heavy_daily_drinking(f),
    ),
    # Dimension 2: biomedical
    _d(
        "biomedical.urgent",
        4,
        "medical_urgent is yes",
        "You said you have a medical problem right now that may be an emergency.",
        S_EMERGENCY,
        lambda f, r: f.is_("medical_urgent", "yes"),
        crisis=True,
    ),
    _d(
        "biomedical.conditions",
        2,
        "medical_conditions is yes",
        "You said you have health problems that need regular care and are not well controlled.",
        S_CROSSWALK,
        lambda f, r: f.is_("medical_conditions", "yes"),
    ),
    _d(
        "biomedical.pregnant_using",
        2,
        "pregnant is yes or unsure (unsure added), with any use",
        "You said you are or may be pregnant, and you use alcohol or drugs. A doctor or "
        "midwife can help keep you and the baby safe.",
        S_PREGNANCY,
        lambda f, r: f.is_("pregnant", "yes", "unsure") & severity_at_least(f, Severity.LOW),
    ),
    _d(
        "biomedical.older_using",
        1,
        f"age > {OLDER_AGE} with any use (added)",
        f"You are over {OLDER_AGE}. Alcohol and drugs can affect health more as we get older.",
        "ASAM guideline Rec II.5: age > 65 (S29)",
        lambda f, r: f.more_than("age", OLDER_AGE) & severity_at_least(f, Severity.LOW),
    ),
    # Dimension 3: emotional, behavioral or cognitive
    _d(
        "emotional.suicide_plan",
        4,
        "suicide_plan is yes",
        "You said you have had a plan, intent or attempt to end your life in the past month.",
        S_SUICIDE,
        lambda f, r: f.is_("suicide_plan", "yes"),
        crisis=True,
    ),
    _d(
        "emotional.danger_now",
        4,
        "danger_now is yes",
        "You said you are afraid you might hurt someone, or you hear or see things telling you to.",
        "Wolf et al. 2020 Table 3: homicidal ideation (S19); S27",
        lambda f, r: f.is_("danger_now", "yes"),
        crisis=True,
    ),
    _d(
        "emotional.phq9_severe",
        3,
        "PHQ-9 total in the severe band (20 or more)",
        "Your answers about mood are in the severe range.",
        S_PHQ9,
        lambda f, r: f.band_at_least("phq9", "severe"),
    ),
    _d(
        "emotional.suicide_thoughts_often",
        3,
        f"phq9_9 >= {SUICIDE_ITEM_HIGH} (more than half the days)",
        "You said you often have thoughts that you would be better off dead or of hurting "
        "yourself.",
        S_ITEM9,
        lambda f, r: f.at_least("phq9_9", SUICIDE_ITEM_HIGH),
        crisis=True,
    ),
    _d(
        "emotional.phq9_moderate",
        2,
        "PHQ-9 total in the moderate or moderately severe band (10 or more)",
        "Your answers about mood are in the moderate range or above.",
        S_PHQ9,
        lambda f, r: f.band_at_least("phq9", "moderate"),
    ),
    _d(
        "emotional.gad7_moderate",
        2,
        "GAD-7 total 10 or more",
        "Your answers about worry and nerves are in the moderate range or above.",
        S_GAD7,
        lambda f, r: f.band_at_least("gad7", "moderate"),
    ),
    _d(
        "emotional.scoff_positive",
        2,
        "SCOFF positive (2 or more yes)",
        "Your answers about eating suggest an eating problem may be part of the picture.",
        S_SCOFF,
        lambda f, r: f.band_at_least("scoff", "positive"),
    ),
    _d(
        "emotional.suicide_thoughts",
        2,
        "phq9_9 is 1 or more (several days)",
        "You said you have had thoughts that you would be better off dead or of hurting yourself.",
        S_ITEM9,
        lambda f, r: f.at_least("phq9_9", 1),
        crisis=True,
    ),
    _d(
        "emotional.mild",
        1,
        "PHQ-9 or GAD-7 in the mild band (5 or more)",
        "Your answers about mood or worry are in the mild range.",
        f"{S_PHQ9}; {S_GAD7}",
        lambda f, r: f.band_at_least("phq9", "mild") | f.band_at_least("gad7", "mild"),
    ),
    # Dimension 4: readiness to change (never changes the level, only the words)
    _d(
        "readiness.not_ready",
        2,
        "readiness is not_ready",
        "You said you are not ready to change right now.",
        "ASAM crosswalk Dim 4 (S28)",
        lambda f, r: f.is_("readiness", "not_ready"),
    ),
    _d(
        "readiness.unsure",
        1,
        "readiness is unsure",
        "You said you are not sure yet about changing.",
        "ASAM crosswalk Dim 4 (S28)",
        lambda f, r: f.is_("readiness", "unsure"),
    ),
    # Dimension 5: relapse, continued use or continued problem potential
    _d(
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
    _d(
        "relapse.high_severity",
        2,
        "high severity: AUDIT 16 or more, or DAST-10 6 or more",
        "Your answers about alcohol or drug use are in the high range.",
        S_SEVERITY,
        _sev(Severity.HIGH),
    ),
    _d(
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
    _d(
        "relapse.some_severity",
        1,
        "low or moderate severity: AUDIT 1 or more, DAST-10 1 or more, or any use in the past "
        "30 days",
        "You have used alcohol or drugs recently, or your answers show some use problems.",
        S_SEVERITY,
        _sev(Severity.LOW),
    ),
    # Dimension 6: recovery and living environment
    _d(
        "environment.unsafe_home",
        4,
        "home_safe is no",
        "You said you do not feel safe at home.",
        S_ENV,
        lambda f, r: f.is_("home_safe", "no"),
    ),
    _d(
        "environment.homeless",
        3,
        "housing is homeless",
        "You said you do not have a home right now.",
        S_ENV,
        lambda f, r: f.is_("housing", "homeless"),
    ),
    _d(
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
    _d(
        "environment.home_use",
        2,
        "home_use is yes",
        "You said someone you live with drinks heavily or uses drugs.",
        S_ENV,
        lambda f, r: f.is_("home_use", "yes"),
    ),
    _d(
        "environment.no_support",
        2,
        "sober_support is none",
        "You said you have no one right now who supports you in cutting down or staying sober.",
        S_ENV,
        lambda f, r: f.is_("sober_support", "none"),
    ),
    _d(
        "environment.no_transport",
        2,
        "transport is no",
        "You said you do not have a reliable way to get to a program several days a week.",
        "4th-edition person-centred barriers (S6, S7)",
        lambda f, r: f.is_("transport", "no"),
    ),
    _d(
        "environment.no_time",
        2,
        "time_available is no",
        "You said it would be hard to find about 9 hours a week for treatment.",
        "4th-edition person-centred barriers (S6, S7); IOP hours (S15)",
        lambda f, r: f.is_("time_available", "no"),
    ),
    _d(
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
    _level(
        "level.emergency",
        "withdrawal, biomedical or emotional rated 4",
        "Your answers suggest you may need urgent help right now. Call 911 or go to the "
        "nearest emergency room. If you are thinking about suicide, call or text 988.",
        S_EMERGENCY,
        lambda f, r: any_of(*(r.at_least(d, 4) for d in ("withdrawal", "biomedical", "emotional"))),
    ),
    _level(
        "level.detox_first.monitored",
        "withdrawal rated 3: medically monitored withdrawal management first",
        "Your answers suggest a high risk of dangerous withdrawal. Care with medical staff to "
        "help you stop safely (withdrawal management, or detox) may need to come first. Please "
        "do not stop suddenly on your own.",
        S_WM,
        lambda f, r: r.at_least("withdrawal", 3),
    ),
    _level(
        "level.detox_first.ambulatory",
        "withdrawal rated 2: withdrawal management first, possibly without an overnight stay",
        "Your answers suggest some risk of withdrawal. Help to stop safely may need to come "
        "first. With a doctor or nurse, this may be possible without staying overnight.",
        "Ambulatory withdrawal management (S19 Table 3; S29 Rec III.1)",
        lambda f, r: r.at_least("withdrawal", 2),
    ),
    _level(
        "level.residential.environment",
        "environment rated 3 or more",
        "Your home or living situation makes recovery very hard right now. A program where "
        "you live for a while (residential care) may fit.",
        S_ENV,
        lambda f, r: r.at_least("environment", 3),
    ),
    _level(
        "level.residential.relapse",
        "relapse rated 3",
        "Use came back even after an intensive program. A program where you live for a while "
        "(residential care) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("relapse", 3),
    ),
    _level(
        "level.residential.emotional",
        "emotional rated 3 or more, with environment rated 2 or more",
        "Your mood or safety answers are serious, and things at home make it harder. A "
        "program with 24-hour support (residential care) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("emotional", 3) & r.at_least("environment", 2),
    ),
    _level(
        "level.iop.relapse",
        "relapse rated 2",
        "Your answers suggest you may need more than a weekly visit to cut down or stop. An "
        "intensive outpatient program (IOP) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("relapse", 2),
    ),
    _level(
        "level.iop.emotional",
        "emotional rated 2 or more, with moderate or high severity",
        "Your mood, worry or eating answers, together with your use, suggest more support "
        "than a weekly visit. An intensive outpatient program (IOP) may fit.",
        S_CROSSWALK,
        lambda f, r: r.at_least("emotional", 2) & severity_at_least(f, Severity.MODERATE),
    ),
    _level(
        "level.iop.biomedical",
        "biomedical rated 2 or more, with moderate or high severity (added)",
        "Your health problems, together with your use, suggest more support than a weekly "
        "visit. An intensive outpatient program (IOP) may fit.",
        "ASAM crosswalk Dim 2: outpatient needs health 'none or very stable' (S28)",
        lambda f, r: r.at_least("biomedical", 2) & severity_at_least(f, Severity.MODERATE),
    ),
    _level(
        "level.iop.step_down",
        "recent_discharge is yes, with any use or risk",
        "You left a hospital, detox or residential program in the past month. Stepping down "
        "to an intensive outpatient program (IOP) can help you keep going.",
        S_STEP,
        _step_down,
    ),
    _level(
        "level.outpatient",
        "none of the rules above applies",
        "Your answers suggest that outpatient care, such as counseling a few hours a week or "
        "less, may fit.",
        S_STEP,
        lambda f, r: known(True),
    ),
    _level(
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
    _flag(
        "flag.suicide_risk",
        "phq9_9 >= 1, suicide_plan yes, or phq9_9 or suicide_plan declined",
        "Your answers include thoughts of suicide or self-harm, or you chose not to answer "
        "those questions. Call or text 988 any time, day or night.",
        S_ITEM9,
        lambda f, r: (
            f.at_least("phq9_9", 1) | f.is_("suicide_plan", "yes") | declined(f, SUICIDE_ITEMS)
        ),
    ),
    _flag(
        "flag.declined_safety_item",
        "any of " + ", ".join(SAFETY_ITEMS) + " declined (added)",
        "You chose not to answer a safety question. That is OK. If you are in danger or might "
        "be in withdrawal, call 911. If you are thinking about hurting yourself, call or text "
        "988.",
        "clinical.md §4.2 convention; rules.md invariant on declined safety items",
        lambda f, r: declined(f, SAFETY_ITEMS),
    ),
    _flag(
        "flag.domestic_violence",
        "home_safe is no",
        "You said you do not feel safe at home. The National Domestic Violence Hotline can "
        "help, any time.",
        "rules.md step 1 note; National Domestic Violence Hotline",
        lambda f, r: f.is_("home_safe", "no"),
    ),
    _flag(
        "flag.co_occurring",
        "PHQ-9 or GAD-7 in the moderate band or above (10 or more)",
        "Your answers about mood or worry suggest looking for care that treats both substance "
        "use and mental health.",
        S_COOCCUR,
        lambda f, r: f.band_at_least("phq9", "moderate") | f.band_at_least("gad7", "moderate"),
    ),
    _flag(
        "flag.eating_concern",
        "SCOFF positive",
        "Your answers about eating suggest asking about help for eating problems too.",
        S_SCOFF,
        lambda f, r: f.band_at_least("scoff", "positive"),
    ),
    _flag(
        "flag.pregnancy",
        "pregnant is yes or unsure, with any use",
        "You said you are or may be pregnant and you use alcohol or drugs.",
        S_PREGNANCY,
        lambda f, r: f.is_("pregnant", "yes", "unsure") & severity_at_least(f, Severity.LOW),
    ),
    _flag(
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
