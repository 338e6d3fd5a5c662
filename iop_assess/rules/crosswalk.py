"""The nearest ASAM Criteria level (4th edition numbering) for a result: a reference for
professionals, not an ASAM assessment [asam-criteria-2023].

| level | crosswalk |
|---|---|
| none, insufficient, emergency | none |
| outpatient | 1.5; 1.7 when medication lists opioids, withdrawal = 2 or biomedical >= 2 |
| iop | 2.1; 2.7 when medication lists opioids, withdrawal = 2 or biomedical >= 2 |
| residential | 3.7 when biomedical >= 2 or emotional = 3; else 3.1 when only environment put it
  there; else 3.5 |
| detox_first | rating 2: 1.7 when ``then`` is outpatient or none, else 2.7; rating 3: 3.7 |
"""

from __future__ import annotations

from collections.abc import Mapping

from iop_assess.result import Level
from iop_assess.rules.base import Rule, rule
from iop_assess.rules.facts import known
from iop_assess.sources import cite

_CITES = (cite("asam-criteria-2023", "levels of care, 4th edition numbering"),)


def _row(name: str, when: str, text: str) -> Rule:
    return rule("asam", f"asam.{name}", when, text, _CITES, (), lambda f, r: known(False))


ASAM_RULES: tuple[Rule, ...] = (
    _row(
        "outpatient",
        "level outpatient",
        "1.5; 1.7 when medication lists opioids, withdrawal is rated 2 or biomedical 2 or more",
    ),
    _row(
        "iop",
        "level iop",
        "2.1; 2.7 when medication lists opioids, withdrawal is rated 2 or biomedical 2 or more",
    ),
    _row(
        "residential",
        "level residential",
        "3.7 when biomedical is rated 2 or more or "
        "emotional 3; else 3.1 when only the environment put it there; else 3.5",
    ),
    _row(
        "detox_first",
        "level detox_first",
        "with a clinician (withdrawal 2): 1.7 when then "
        "is outpatient or none, else 2.7; monitored (withdrawal 3): 3.7",
    ),
    _row("other", "level none, insufficient or emergency", "no crosswalk"),
)
"""The crosswalk table as rows for ``iop-assess explain``."""


def crosswalk(
    level: Level,
    then: Level | None,
    detox: int | None,
    medication: tuple[str, ...],
    ratings: Mapping[str, int],
    residential_rules: tuple[str, ...] = (),
) -> str | None:
    """The crosswalk code for a result, or ``None``."""
    medical = "opioids" in medication or ratings["withdrawal"] == 2 or ratings["biomedical"] >= 2
    if level == "outpatient":
        return "1.7" if medical else "1.5"
    if level == "iop":
        return "2.7" if medical else "2.1"
    if level == "residential":
        if ratings["biomedical"] >= 2 or ratings["emotional"] == 3:
            return "3.7"
        if residential_rules and set(residential_rules) == {"level.residential.environment"}:
            return "3.1"
        return "3.5"
    if level == "detox_first":
        if detox == 3:
            return "3.7"
        return "1.7" if then in ("outpatient", "none") else "2.7"
    return None
