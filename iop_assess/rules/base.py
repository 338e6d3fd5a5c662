"""The building blocks of the rule catalogue: thresholds (each once, as a named constant), source
citations, the ``Rule`` type, and facts derived from answers that several rules share.

Starting table: ``shared/spec/rules.md``. Sources are the S-numbers of
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
RIGHT_NOW_ITEMS = ("phq9_9", "suicide_plan", "danger_now", "medical_urgent", "withdrawal_now")
"""Safety items about the present; declining one during an interview shows the crisis block."""
SAFETY_ITEMS = (*RIGHT_NOW_ITEMS, "withdrawal_history")
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


def dimension_rule(
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


def level_rule(rule_id: str, when: str, text: str, source: str, test: Test) -> Rule:
    level = rule_id.split(".")[1]
    return Rule(rule_id, "level", level, 0, when, text, source, test)


def flag_rule(rule_id: str, when: str, text: str, source: str, test: Test) -> Rule:
    return Rule(rule_id, "flag", rule_id.split(".", 1)[1], 0, when, text, source, test)


def by_severity(level: Severity) -> Test:
    return lambda f, r: severity_at_least(f, level)
