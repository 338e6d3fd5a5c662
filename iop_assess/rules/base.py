"""The building blocks of the rule catalogue: thresholds (each once, as a named constant), the
``Rule`` type, the dimension ratings as level rules see them, and the terms of the rule table
(use, prescribed use, heavy drinking, severity…) that several rules share.

Sources are ids of :mod:`iop_assess.sources` (the list in ``docs/sources.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from iop_assess.rules.facts import (
    PRESCRIBABLE,
    SEDATIVES,
    Check,
    Facts,
    Severity,
    any_of,
    known,
)
from iop_assess.sources import Cite, cite, short

# -- thresholds --------------------------------------------------------------------------------

HEAVY_DAYS = 20
"""Heavy daily drinking: alcohol on at least this many of the past 30 days …"""
HEAVY_DRINKS = 5
"""… and at least this many standard drinks on a typical drinking day."""
VERY_HEAVY_DRINKS = 10
"""Very heavy daily drinking: heavy daily drinking with at least this many drinks."""
DAILY_DAYS = 20
"""'Daily' use of a substance: at least this many of the past 30 days."""
OFTEN_DAYS = 10
"""Sedative use 'on 10 or more days' (withdrawal rules)."""
MORNING_DRINKING = 3
"""Morning drinking: AUDIT question 6 (a first drink in the morning) weekly or more."""
OLDER_AGE = 65
"""Age above which withdrawal is riskier [asam-awm-2020 Rec II.5: age > 65]."""
ADULT_AGE = 18
"""Below this age the tool says it is built for adults."""
SUICIDE_ITEM_HIGH = 2
"""PHQ-9 item 9 at 'more than half the days' or more [simon-2013]."""

SEVERITY_CUTS: dict[str, tuple[int, int, int]] = {
    # instrument: lowest total for low, moderate, high severity. AUDIT zones: 16-19 is brief
    # counselling and monitoring, 20+ referral for evaluation, so high starts at zone IV
    # [who-audit-2001]; DAST-10 bands [marel-2016]. A test checks these against the bands.
    "audit": (1, 8, 20),
    "dast10": (1, 3, 6),
}
SEVERITY_GATES = {"audit": "alcohol_past_year", "dast10": "drugs_past_year"}

COMPLICATED = ("seizures", "delirium_tremens", "hallucinations")
"""Past withdrawal signs that mark complicated withdrawal [asam-awm-2020 Rec II.5]."""
RIGHT_NOW_ITEMS = ("phq9_9", "suicide_plan", "danger_now", "medical_urgent", "withdrawal_now")
"""Safety items about the present; declining one during an interview shows the crisis block."""
SAFETY_ITEMS = (*RIGHT_NOW_ITEMS, "withdrawal_history")
"""Items whose "prefer not to answer" is named in the result with the crisis resources."""
SUICIDE_ITEMS = ("phq9_9", "suicide_plan")
USE_ITEMS = ("substances", *(f"{s}_days" for s in ("alcohol", *PRESCRIBABLE, "cannabis", "other")))
"""The items that say whether (and how often) each substance was used."""
GATES = ("alcohol_past_year", "drugs_past_year", "prescribed_meds")

# -- citations used by many rules ----------------------------------------------------------------

AWM_RISK = cite("asam-awm-2020", "Rec II.5")
AWM_LEVEL = cite("asam-awm-2020", "Rec III.1")
AWM_SUICIDE = cite("asam-awm-2020", "Rec III.2")
AWM_SEVERITY = cite("asam-awm-2020", "Table 1")
WOLF = cite("wolf-2020", "Table 3")
OUD_WITHDRAWAL = cite("asam-oud-2020", "Part 3, withdrawal management")
OUD_MEDS = cite("asam-oud-2020", "Parts 4-6, methadone, buprenorphine, naltrexone")
OUD_NALOXONE = cite("asam-oud-2020", "Part 13, naloxone")
OUD_PREGNANCY = cite("asam-oud-2020", "Part 8, pregnancy")
ACOG = cite("acog-711")
BZD = cite("bzd-taper-2025")
EMERGENCY = cite("asam-guides-2023", "emergent needs: emergency department or 911")
LIFELINE = cite("lifeline-988")
CSSRS = cite("cssrs-triage")
ITEM9 = cite("simon-2013")
PHQ9 = cite("kroenke-2001")
GAD7 = cite("spitzer-2006")
SCOFF = cite("morgan-1999")
CROSSWALK = cite("asam-ppc-crosswalk")
CRITERIA = cite("asam-criteria-2013", "levels of care")
CRITERIA_4 = cite("asam-criteria-2023", "person-centered considerations")
AUDIT_ZONES = cite("who-audit-2001", "risk zones I-IV")
AUDIT_C = cite("bush-1998")
DAST_BANDS = cite("marel-2016", "Table 69")

# -- the rule type ---------------------------------------------------------------------------

Kind = Literal["dimension", "level", "flag", "medication", "resource", "barrier", "note", "asam"]
Group = Literal["", "sedative", "opioid"]


class Ratings:
    """The dimension ratings as level rules see them: ``at_least(dim, n)`` is a :class:`Check`
    that is unknown when a missing answer could have raised the dimension to ``n``."""

    def __init__(self, fired: Mapping[str, list[tuple[Rule, Check]]]) -> None:
        self._checks = fired
        self._memo: dict[tuple[str, str | None, int], Check] = {}
        """``at_least`` and ``group_at_least``, worked out once per ratings (see ``seal``)."""

    def checks(self, dimension: str) -> list[tuple[Rule, Check]]:
        return self._checks.get(dimension, [])

    def rating(self, dimension: str) -> int:
        ratings = [r.rating for r, c in self.checks(dimension) if c.value is True]
        return max(ratings, default=0)

    def at_least(self, dimension: str, n: int) -> Check:
        key = (dimension, None, n)
        found = self._memo.get(key)
        if found is None:
            checks = [c for r, c in self.checks(dimension) if r.rating >= n]
            found = any_of(known(n <= 0), *checks)
            if self.sealed:
                self._memo[key] = found
        return found

    def group_at_least(self, dimension: str, group: Group, n: int) -> Check:
        """Like :meth:`at_least`, counting only the rules of one group (e.g. sedative rules)."""
        key = (dimension, group, n)
        found = self._memo.get(key)
        if found is None:
            checks = [c for r, c in self.checks(dimension) if r.group == group and r.rating >= n]
            found = any_of(known(n <= 0), *checks)
            if self.sealed:
                self._memo[key] = found
        return found

    sealed = False
    """True once every dimension rule was checked: the answers above cannot change."""

    def seal(self) -> Ratings:
        self.sealed = True
        return self

    def without(self, dimension: str) -> Ratings:
        """The same ratings with one dimension left out (rated 0)."""
        found = Ratings({d: c for d, c in self._checks.items() if d != dimension})
        found.sealed = self.sealed
        return found


Test = Callable[[Facts, Ratings], Check]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    target: str
    """A dimension id, a level, a flag, a medication, a resource, a barrier or a note id."""
    rating: int
    """For dimension rules: the rating it sets (at least). For others: 0."""
    when: str
    """The condition in words, for counselors."""
    text: str
    """The sentence a person reads when it fires (plain words). ``{sedatives}`` and the like
    are filled with the substances the person uses (see :func:`fill`)."""
    cites: tuple[Cite, ...]
    items: tuple[str, ...]
    """The items it reads (instrument ids stand for all their items)."""
    test: Test = field(repr=False, compare=False)
    crisis: bool = False
    """Fires the crisis block during an interview (see ``safety.crisis_now``)."""
    assumed: str = ""
    """The sentence to show instead of ``text`` when it fired on an unknown (safety first)."""
    group: Group = ""
    """For withdrawal rules: ``sedative`` or ``opioid`` (only sedative rules give detox)."""
    added: bool = False
    """Not in the starting rule table: a stricter rule, or one that changes only the words."""

    @property
    def source(self) -> str:
        return short(self.cites)

    @property
    def outcome(self) -> str:
        if self.kind == "dimension":
            return f"{self.target}: {self.rating}"
        if self.kind == "note":
            return "note"
        return f"{self.kind}: {self.target}"


def dimension_rule(
    rule_id: str,
    rating: int,
    when: str,
    text: str,
    cites: Iterable[Cite],
    items: Iterable[str],
    test: Test,
    *,
    crisis: bool = False,
    assumed: str = "",
    group: Group = "",
    added: bool = False,
) -> Rule:
    dimension = rule_id.split(".", 1)[0]
    return Rule(
        rule_id,
        "dimension",
        dimension,
        rating,
        when,
        text,
        tuple(cites),
        tuple(items),
        test,
        crisis,
        assumed,
        group,
        added,
    )


def rule(
    kind: Kind,
    rule_id: str,
    when: str,
    text: str,
    cites: Iterable[Cite],
    items: Iterable[str],
    test: Test,
    *,
    target: str | None = None,
    added: bool = False,
) -> Rule:
    """A level, flag, medication, resource, barrier or note rule; the target is the id's
    second part unless given."""
    aim = target if target is not None else rule_id.split(".")[1]
    return Rule(rule_id, kind, aim, 0, when, text, tuple(cites), tuple(items), test, added=added)


# -- words that depend on what the person uses ---------------------------------------------------

SEDATIVE_NAMES = {"alcohol": "alcohol", "benzodiazepines": "benzos", "other": "another drug"}
STOPPING = {
    "alcohol": "drinking",
    "benzodiazepines": "taking benzos",
    "other": "using the other drug",
}
USED_NAMES = {
    "alcohol": "alcohol",
    "opioids": "opioids",
    "benzodiazepines": "benzos",
    "stimulants": "stimulants",
    "cannabis": "cannabis",
    "other": "another drug",
}
PLACEHOLDERS = {
    "used": "what you use: alcohol, opioids, benzos, stimulants, cannabis or another drug",
    "sedatives": "the ones you use of alcohol, benzos or another drug",
    "stopping": "drinking, taking benzos or using the other drug (the ones you do)",
    "prescribed": "benzos or opioids (the ones prescribed)",
    "others": "stimulants or cannabis (the ones you use)",
}
"""How ``explain`` shows each placeholder."""


def joined(words: list[str], last: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def used(f: Facts, substances: Iterable[str]) -> list[str]:
    """The substances (of ``substances``) the person is known to use."""
    return [s for s in substances if f.uses(s).value is True]


def fill(text: str, f: Facts) -> str:
    """The text with its placeholders filled from what the person uses."""
    if "{" not in text:
        return text
    if not f.words:
        f.words.update(_words(f))
    return text.format(**f.words)


def _words(f: Facts) -> dict[str, str]:
    sedatives = used(f, SEDATIVES)
    daily = [s for s in ("benzodiazepines", "opioids") if _prescribed_daily(f, s).value]
    others = used(f, ("stimulants", "cannabis"))
    all_used = used(f, USED_NAMES)
    return {
        "used": joined([USED_NAMES[s] for s in all_used]) or "alcohol or drugs",
        "sedatives": joined([SEDATIVE_NAMES[s] for s in sedatives])
        or "alcohol, benzos or another drug",
        "stopping": joined([STOPPING[s] for s in sedatives], "or")
        or "drinking or taking other drugs",
        "prescribed": joined(["benzos" if s == "benzodiazepines" else s for s in daily])
        or "your medicine",
        "others": joined(others) or "drugs",
    }


def placeholder_text(text: str) -> str:
    """The text as ``explain`` shows it: each placeholder in angle brackets."""
    return text.format(**{k: f"<{v}>" for k, v in PLACEHOLDERS.items()}) if "{" in text else text


# -- terms of the rule table ----------------------------------------------------------------------


def heavy_daily_drinking(f: Facts) -> Check:
    """``alcohol_days`` >= 20 and ``alcohol_drinks`` >= 5."""
    return f.cached(
        "heavy",
        lambda: f.at_least("alcohol_days", HEAVY_DAYS) & f.at_least("alcohol_drinks", HEAVY_DRINKS),
    )


def very_heavy_daily_drinking(f: Facts) -> Check:
    """Heavy daily drinking with ``alcohol_drinks`` >= 10."""
    return heavy_daily_drinking(f) & f.at_least("alcohol_drinks", VERY_HEAVY_DRINKS)


def morning_drinking(f: Facts) -> Check:
    """``audit_6`` >= 3: a first drink in the morning weekly or more."""
    return f.at_least("audit_6", MORNING_DRINKING)


def pregnancy_possible(f: Facts) -> Check:
    """``pregnant`` is yes or unsure."""
    return f.is_("pregnant", "yes", "unsure")


def unless_ruled_out(check: Check) -> Check:
    """Safety-first: unknown counts as true (the unknown items stay named)."""
    if check.value is None:
        return Check(True, check.items, check.unknown)
    return check


def sedative_use(f: Facts) -> Check:
    return f.cached("sedative_use", lambda: any_of(*(f.uses(s) for s in SEDATIVES)))


def sedative_withdrawal(f: Facts) -> Check:
    """``withdrawal_now`` counts as sedative withdrawal: a sedative is used, or ``substances``
    is unknown (safety first)."""
    return unless_ruled_out(sedative_use(f))


def sedative_days_at_least(f: Facts, days: int) -> Check:
    return any_of(*(f.at_least(f"{s}_days", days) for s in SEDATIVES))


def often_or_unknown(f: Facts, substance: str, days: int) -> Check:
    """``substance`` used on at least ``days`` days, or used with the days unknown."""
    return f.uses(substance) & unless_ruled_out(f.at_least(f"{substance}_days", days))


def misuse_days(f: Facts, substance: str, days: int) -> Check:
    """Use that is not prescribed, on at least ``days`` of the past 30 days."""
    return f.misuses(substance) & f.at_least(f"{substance}_days", days)


def _prescribed_daily(f: Facts, substance: str) -> Check:
    return f.uses(substance) & f.prescribed(substance) & f.at_least(f"{substance}_days", DAILY_DAYS)


def prescribed_daily(f: Facts) -> Check:
    """Benzodiazepines or opioids taken as prescribed on 20 or more days."""
    return any_of(*(_prescribed_daily(f, s) for s in ("benzodiazepines", "opioids")))


def withdrawal_now(f: Facts, *levels: str) -> Check:
    return f.is_("withdrawal_now", *levels)


def past_withdrawal(f: Facts) -> Check:
    """Any past withdrawal symptom."""
    return f.withdrawal_history()


def sedative_rating_2(f: Facts) -> Check:
    """Any condition of a sedative withdrawal rating 2 (rules ``withdrawal.*`` at 2)."""
    return f.cached(
        "sedative2",
        lambda: any_of(
            very_heavy_daily_drinking(f),
            heavy_daily_drinking(f) & (past_withdrawal(f) | morning_drinking(f)),
            misuse_days(f, "benzodiazepines", OFTEN_DAYS),
            sedative_withdrawal(f)
            & withdrawal_now(f, "mild", "moderate", "severe")
            & sedative_days_at_least(f, OFTEN_DAYS),
        ),
    )


# -- severity ---------------------------------------------------------------------------------


def severity_at_least(f: Facts, level: Severity) -> Check:
    """Substance-use severity is at least ``level``; incomplete scores count as floors."""
    key = _SEVERITY_KEYS[level]
    found = f._memo.get(key)
    if found is None:
        found = f._memo[key] = _severity_at_least(f, level)
    return found


_SEVERITY_KEYS = {level: f"severity>={level}" for level in Severity}


def _instrument(f: Facts, instrument: str, level: Severity) -> Check:
    check = f.score_at_least(instrument, SEVERITY_CUTS[instrument][level - 1])
    if check.value is None and f.is_(SEVERITY_GATES[instrument], "no").value is True:
        return known(False, [SEVERITY_GATES[instrument]])
    return check


def _audit_c(f: Facts, threshold: int | None, level: Severity) -> Check:
    """The AUDIT-C at ``threshold`` (``None``: its positive band), counted only while the full
    AUDIT has not settled ``level``: not when it is complete, and not when it is known to stay
    below the AUDIT's cut for ``level`` whatever its unanswered questions say (so answering
    them can never lower the severity)."""
    audit = f.scores.get("audit")
    if audit is not None and audit.status == "complete":
        return known(False)
    if audit is not None and audit.status == "incomplete":
        settled = f.score_at_least("audit", SEVERITY_CUTS["audit"][level - 1])
        if settled.value is False:
            return settled
    if threshold is None:
        check = f.band_at_least("audit_c", "positive")
    else:
        check = f.score_at_least("audit_c", threshold)
    if check.value is None and f.is_("alcohol_past_year", "no").value is True:
        return known(False, ["alcohol_past_year"])
    return check


def high_from_alcohol(f: Facts) -> Check:
    """High severity from the alcohol terms alone: AUDIT >= 20 or heavy daily drinking."""
    return _instrument(f, "audit", Severity.HIGH) | heavy_daily_drinking(f)


def _severity_at_least(f: Facts, level: Severity) -> Check:
    if level <= Severity.NONE:
        return known(True)
    parts = [_instrument(f, "audit", level), _instrument(f, "dast10", level)]
    if level == Severity.HIGH:
        parts += [
            heavy_daily_drinking(f),
            misuse_days(f, "opioids", DAILY_DAYS),
            misuse_days(f, "benzodiazepines", DAILY_DAYS),
        ]
    elif level == Severity.MODERATE:
        parts += [
            severity_at_least(f, Severity.HIGH),
            _audit_c(f, None, Severity.MODERATE),
            *(f.misuses(s) for s in PRESCRIBABLE),
            f.uses("other") & f.at_least("other_days", DAILY_DAYS),
            withdrawal_now(f, "mild", "moderate", "severe") & f.any_use(),
        ]
    else:
        parts += [
            severity_at_least(f, Severity.MODERATE),
            _audit_c(f, 1, Severity.LOW),
            f.is_("alcohol_past_year", "yes"),
            f.is_("drugs_past_year", "yes"),
            f.any_misuse(),
        ]
    return any_of(*parts)


SEVERITY_ITEMS = (
    "audit",
    "audit_c",
    "dast10",
    "alcohol_past_year",
    "drugs_past_year",
    *USE_ITEMS,
    "prescribed_as_directed",
    "alcohol_drinks",
    "withdrawal_now",
)
"""What severity reads (instrument ids stand for their items)."""


def by_severity(level: Severity) -> Test:
    return lambda f, r: severity_at_least(f, level)
