"""Answers that contradict a past-year question ("gate").

``alcohol_past_year: no`` rules out alcohol in the past 30 days; ``drugs_past_year: no`` rules out
any drug use that is not as prescribed. An answers file with such a contradiction is an error that
names both ids and never the values (they are answers); in the interview, the person is shown the
two questions and changes one of them.

Withdrawal now (any symptom) contradicts "no" to all three past-year questions (alcohol, drugs,
prescribed medicines): withdrawal comes within days of the last use. In an answers file it would
otherwise be dropped as a question that does not apply, with only a warning, even when severe.
(The interview does not ask it without use; an answer given before the person changed the
past-year answers to "no" is dropped there with a notice, as any follow-up is.)

A drug a doctor may prescribe (opioids, benzodiazepines, stimulants) contradicts
``drugs_past_year: no`` only when ``prescribed_as_directed`` is answered and leaves it out: with
that question unanswered (as in files written before it existed) the use may be prescribed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from iop_assess.bank import Answer
from iop_assess.model import DECLINED

PRESCRIBABLE = ("opioids", "benzodiazepines", "stimulants")
DRUGS = (*PRESCRIBABLE, "cannabis", "other")
NO_USE = ("alcohol_past_year", "drugs_past_year", "prescribed_meds")
"""The past-year questions that, all answered "no", rule out withdrawal now."""
WITHDRAWAL_SIGNS = ("mild", "moderate", "severe")


@dataclass(frozen=True)
class Contradiction:
    """Two answers that cannot both be true: a past-year ``gate`` and an ``other`` item."""

    gate: str
    other: str
    also: tuple[str, ...] = ()
    """More past-year questions that rule it out together with ``gate``."""

    @property
    def message(self) -> str:
        """The problem in words, naming every id and no value."""
        if self.also:
            gates = ", ".join((self.gate, *self.also))
            return (
                f"{gates} and {self.other} contradict each other (the past-year answers rule "
                "out what the other one says); change one of them"
            )
        return (
            f"{self.gate} and {self.other} contradict each other (the past-year answer rules "
            "out what the other one says); change one of the two"
        )


def _chosen(answer: Answer | None) -> set[str]:
    if isinstance(answer, list):
        return {str(v) for v in answer}
    return set()


def _days(answers: Mapping[str, Answer], substance: str) -> bool:
    value = answers.get(f"{substance}_days")
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def contradictions(answers: Mapping[str, Answer]) -> list[Contradiction]:
    """Every contradiction with a past-year question, in a fixed order."""
    found: list[Contradiction] = []
    substances = _chosen(answers.get("substances"))
    if answers.get("alcohol_past_year") == "no":
        if "alcohol" in substances:
            found.append(Contradiction("alcohol_past_year", "substances"))
        elif _days(answers, "alcohol"):
            found.append(Contradiction("alcohol_past_year", "alcohol_days"))
    if answers.get("drugs_past_year") == "no":
        prescribed = answers.get("prescribed_as_directed")
        told = prescribed is not None and prescribed != DECLINED
        as_prescribed = _chosen(prescribed)
        if substances & {"cannabis", "other"}:
            found.append(Contradiction("drugs_past_year", "substances"))
        elif told and (substances & set(PRESCRIBABLE)) - as_prescribed:
            found.append(Contradiction("drugs_past_year", "prescribed_as_directed"))
        elif not substances:
            # no substances answer: the days answers say what was used
            for drug in DRUGS:
                if not _days(answers, drug):
                    continue
                if drug not in PRESCRIBABLE or (told and drug not in as_prescribed):
                    found.append(Contradiction("drugs_past_year", f"{drug}_days"))
                    break
    if all(answers.get(gate) == "no" for gate in NO_USE) and answers.get("withdrawal_now") in (
        WITHDRAWAL_SIGNS
    ):
        found.append(Contradiction(NO_USE[0], "withdrawal_now", NO_USE[1:]))
    return found
