"""Facts the rules read, derived from the answers and the instrument scores.

Every fact is a :class:`Check`: true, false, or unknown (``None``) with the items behind it.
Unknown is what a missing or declined answer gives; it never counts as "no problem". The rules
combine checks with ``&`` and ``|`` (three-valued, Kleene logic), so an unknown part only makes
the whole unknown when it could change the outcome, and the items that could change it are kept.

An item whose display condition is known to be false (a follow-up that does not apply) is
*not applicable*: it reads as false, not unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import IntEnum
from typing import Literal, NamedTuple

from iop_assess.bank import Answer, Bank
from iop_assess.model import DECLINED
from iop_assess.result import InstrumentScore

SUBSTANCES = ("alcohol", "opioids", "benzodiazepines", "stimulants", "cannabis", "other")
"""The ``substances`` options that have a ``<substance>_days`` follow-up."""
SEDATIVES = ("alcohol", "benzodiazepines", "other")
"""Sedatives: unknown drugs (``other``) count as possibly sedative, to be safe."""
PRESCRIBABLE = ("opioids", "benzodiazepines", "stimulants")
"""Substances that ``prescribed_as_directed`` can name: a doctor may prescribe them."""
DRUGS = ("opioids", "benzodiazepines", "stimulants", "cannabis", "other")
"""Substances the ``drugs_past_year`` gate is about (everything but alcohol)."""

State = Literal["answered", "declined", "missing", "not_applicable"]


class Severity(IntEnum):
    """Substance-use severity of the rule table: none < low < moderate < high."""

    NONE = 0
    LOW = 1
    MODERATE = 2
    HIGH = 3


_NONE: frozenset[str] = frozenset()


class Check(NamedTuple):
    """A three-valued fact: ``value`` is True, False or None (unknown).

    ``items`` are the answered items it read; ``unknown`` the missing or declined items that
    could make it true. (A named tuple: the rules make many of these, and tuples are quick.)
    """

    value: bool | None
    items: frozenset[str] = _NONE
    unknown: frozenset[str] = _NONE

    def __and__(self, other: object) -> Check:
        assert isinstance(other, Check)
        return _and(self, other)

    def __or__(self, other: object) -> Check:
        assert isinstance(other, Check)
        return _or(self, other)

    def __invert__(self) -> Check:
        """Not: true and false swap; unknown stays unknown (with the same items)."""
        if self.value is None:
            return self
        return _new(Check, (not self.value, self.items, _NONE))


# The rules build many checks: ``tuple.__new__`` makes one without the named tuple's own
# ``__new__`` (a Python function), and the loops below build no lists. The results are the same
# as the plain definitions in the docstrings.
_new = tuple.__new__
_ONE: dict[str, frozenset[str]] = {}
"""One frozenset per item id, made once: ``frozenset([item])`` is the most common item set."""


def one(item: str) -> frozenset[str]:
    """``frozenset([item])``, made once per item id."""
    found = _ONE.get(item)
    if found is None:
        found = _ONE[item] = frozenset((item,))
    return found


def known(value: bool, items: Iterable[str] = ()) -> Check:
    return _new(Check, (value, items if isinstance(items, frozenset) else frozenset(items), _NONE))


def unknown(items: Iterable[str]) -> Check:
    return _new(Check, (None, _NONE, frozenset(items)))


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    """The union of ``sets`` (the one set itself when only one is not empty)."""
    found: frozenset[str] = _NONE
    many = False
    for part in sets:
        if not part:
            continue
        if not found:
            found = part
        elif not many:
            found = found | part
            many = True
        else:
            found |= part
    return found


def _join(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    if not a:
        return b
    if not b:
        return a
    return a | b


def _and(a: Check, b: Check) -> Check:
    """``all_of(a, b)``."""
    av, bv = a[0], b[0]
    if av is False:
        return _new(Check, (False, _join(a[1], b[1]) if bv is False else a[1], _NONE))
    if bv is False:
        return _new(Check, (False, b[1], _NONE))
    value = True if av and bv else None
    return _new(Check, (value, _join(a[1], b[1]), _join(a[2], b[2])))


def _or(a: Check, b: Check) -> Check:
    """``any_of(a, b)``."""
    av, bv = a[0], b[0]
    if av is True:
        if bv is True:
            return _new(Check, (True, _join(a[1], b[1]), _join(a[2], b[2])))
        return _new(Check, (True, a[1], a[2]))
    if bv is True:
        return _new(Check, (True, b[1], b[2]))
    items = _join(a[1], b[1])
    if av is False and bv is False:
        return _new(Check, (False, items, _NONE))
    return _new(Check, (None, items, _join(a[2], b[2])))


def all_of(*checks: Check) -> Check:
    """True when all are true; false when any is false; otherwise unknown.

    False: the items of the false parts. Otherwise the items and unknown items of all parts
    (a true part may carry items it assumed, see ``base.unless_ruled_out``)."""
    if len(checks) == 2:
        return _and(checks[0], checks[1])
    falses = _NONE
    false = False
    everything = True
    for check in checks:
        value = check[0]
        if value is False:
            false = True
            falses = _join(falses, check[1])
        elif value is None:
            everything = False
    if false:
        return _new(Check, (False, falses, _NONE))
    items = _union(c[1] for c in checks)
    return _new(Check, (True if everything else None, items, _union(c[2] for c in checks)))


def any_of(*checks: Check) -> Check:
    """True when any is true; false when all are false; otherwise unknown.

    True: the items and unknown items of the true parts. Otherwise the items of all parts, and
    when unknown, the unknown items of all parts."""
    if len(checks) == 2:
        return _or(checks[0], checks[1])
    true = False
    trues_items = trues_unknown = _NONE
    every_false = True
    for check in checks:
        value = check[0]
        if value is True:
            true = True
            trues_items = _join(trues_items, check[1])
            trues_unknown = _join(trues_unknown, check[2])
        elif value is None:
            every_false = False
    if true:
        return _new(Check, (True, trues_items, trues_unknown))
    items = _union(c[1] for c in checks)
    if every_false:
        return _new(Check, (False, items, _NONE))
    return _new(Check, (None, items, _union(c[2] for c in checks)))


_FALSE = Check(False)
_MISUSES = {s: f"misuses:{s}" for s in PRESCRIBABLE}


def _as_int(answer: Answer) -> int | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer
    if isinstance(answer, str) and answer.lstrip("-").isdigit():
        return int(answer)
    return None


def _chosen(answer: Answer) -> set[str]:
    return {str(v) for v in answer} if isinstance(answer, list) else {str(answer)}


class Facts:
    """Answers and scores, read the way the rules need them.

    ``bank`` may be ``None`` (for :func:`~iop_assess.rules.safety.crisis_now`, which sees only
    the answers): every item then counts as applying and every instrument as unknown.
    """

    def __init__(
        self,
        bank: Bank | None,
        answers: Mapping[str, Answer],
        scores: Mapping[str, InstrumentScore] | None = None,
    ) -> None:
        self.bank = bank
        self.answers = answers
        self.scores = dict(scores or {})
        self._memo: dict[str, Check] = {}
        self._states: dict[str, State] = {}
        self.words: dict[str, str] = {}
        """Words filled into rule texts (see ``base.fill``), worked out once."""

    def cached(self, key: str, compute: Callable[[], Check]) -> Check:
        """``compute()``, worked out once per key (facts do not change)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # -- one item ----------------------------------------------------------------------------

    def state(self, item: str) -> State:
        found = self._states.get(item)
        if found is None:
            found = self._states[item] = self._state(item)
        return found

    def _state(self, item: str) -> State:
        answer = self.answers.get(item)
        if answer == DECLINED:
            return "declined"
        if answer is not None:
            return "answered"
        if self.bank is not None and item in self.bank.items:
            if not self.bank.applies(item, self.answers):
                return "not_applicable"
        return "missing"

    def value(self, item: str) -> Answer | None:
        """The answer, or ``None`` when missing, declined or not applicable."""
        answer = self.answers.get(item)
        return None if answer is None or answer == DECLINED else answer

    def number(self, item: str) -> int | None:
        answer = self.value(item)
        return None if answer is None else _as_int(answer)

    def _gap(self, item: str) -> Check:
        """The check for an item without a usable answer."""
        if self.state(item) == "not_applicable":
            return _FALSE
        return _new(Check, (None, _NONE, one(item)))

    def is_(self, item: str, *values: str) -> Check:
        """The answer is one of ``values`` (for multiple choice: any chosen value is)."""
        answer = self.answers.get(item)
        if answer is None or answer == DECLINED:
            return self._gap(item)
        if isinstance(answer, list):
            hit = any(str(v) in values for v in answer)
        else:
            hit = str(answer) in values
        return _new(Check, (hit, one(item), _NONE))

    def at_least(self, item: str, threshold: int) -> Check:
        answer = self.answers.get(item)
        if answer is None or answer == DECLINED:
            return self._gap(item)
        number = _as_int(answer)
        if number is None:
            return _new(Check, (None, _NONE, one(item)))
        return _new(Check, (number >= threshold, one(item), _NONE))

    def more_than(self, item: str, threshold: int) -> Check:
        return self.at_least(item, threshold + 1)

    # -- substance use ---------------------------------------------------------------------

    def uses(self, substance: str) -> Check:
        """Used ``substance`` in the past 30 days: chosen under ``substances`` with days >= 1 or
        days unanswered. Prescribed use counts (see :meth:`misuses`)."""
        found = self._memo.get(substance)  # keyed by the bare name: no other key is one
        if found is None:
            found = self._memo[substance] = self._uses(substance)
        return found

    def _uses(self, substance: str) -> Check:
        days = f"{substance}_days"
        named = self.is_("substances", substance)
        if named.value is False:
            return named
        count = self.number(days)
        if named.value is True:
            if count is not None:
                return known(count >= 1, ["substances", days])
            return known(True, ["substances"])
        if count is not None:
            return known(count >= 1, [days])
        ruled_out = self._ruled_out(substance)
        if ruled_out is not None:
            return ruled_out
        return named | self._gap(days)

    def _ruled_out(self, substance: str) -> Check | None:
        """``substances`` is unknown: the past-year answers may still rule ``substance`` out."""
        if substance == "alcohol":
            gate = self.is_("alcohol_past_year", "no")
            return known(False, gate.items) if gate.value else None
        drugs_no = self.is_("drugs_past_year", "no")
        if not drugs_no.value:
            return None
        if substance not in PRESCRIBABLE:
            return known(False, drugs_no.items)
        # only prescribed use is left; it is ruled out when no such medicine is taken
        meds_no = self.is_("prescribed_meds", "no")
        if meds_no.value:
            return known(False, drugs_no.items | meds_no.items)
        return None

    def prescribed(self, substance: str) -> Check:
        """``substance`` is taken only as a doctor prescribed. A declined or unanswered
        ``prescribed_as_directed`` counts as not prescribed (never an unknown)."""
        answer = self.value("prescribed_as_directed")
        if answer is None:
            return known(False)
        return known(substance in _chosen(answer), ["prescribed_as_directed"])

    def misuses(self, substance: str) -> Check:
        """Use that is not prescribed (alcohol, cannabis and other drugs: any use)."""
        if substance not in PRESCRIBABLE:
            return self.uses(substance)
        key = _MISUSES[substance]
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.uses(substance) & ~self.prescribed(substance)
        return found

    def any_use(self) -> Check:
        """Any alcohol or drug use in the past 30 days (prescribed use included)."""
        return self.cached("any_use", lambda: any_of(*(self.uses(s) for s in SUBSTANCES)))

    def any_misuse(self) -> Check:
        """Any use in the past 30 days that is not prescribed use."""
        return self.cached("any_misuse", lambda: any_of(*(self.misuses(s) for s in SUBSTANCES)))

    def declined(self, item: str) -> Check:
        """The item was answered "prefer not to answer"."""
        return known(self.state(item) == "declined", [item] if item in self.answers else [])

    def days_at_least(self, threshold: int, substances: Iterable[str] = SUBSTANCES) -> Check:
        """Used any of ``substances`` on at least ``threshold`` of the past 30 days."""
        return any_of(*(self.at_least(f"{s}_days", threshold) for s in substances))

    def withdrawal_history(self, kinds: Iterable[str] | None = None) -> Check:
        """Ever had any of ``kinds`` (default: any symptom) when cutting down or stopping."""
        answer = self.value("withdrawal_history")
        if answer is None:
            return self._gap("withdrawal_history")
        chosen = _chosen(answer) - {"none"}
        hit = bool(chosen & set(kinds)) if kinds is not None else bool(chosen)
        return known(hit, ["withdrawal_history"])

    # -- instruments -------------------------------------------------------------------------

    def instrument_items(self, instrument: str) -> tuple[str, ...]:
        if self.bank is not None and instrument in self.bank.instruments:
            return tuple(self.bank.instruments[instrument].items)
        return (instrument,)

    def score_at_least(self, instrument: str, threshold: int) -> Check:
        """The instrument's total is at least ``threshold``. An incomplete instrument counts
        its answered points as a floor, and those points plus the highest points of the
        questions left as a ceiling; between the two the result is unknown."""
        score = self.scores.get(instrument)
        answered = [i for i in self.instrument_items(instrument) if i in self.answers]
        if score is None:
            return unknown(self.instrument_items(instrument))
        if score.status == "not_applicable":
            return known(False, answered)
        if score.status == "complete":
            total = score.total if score.total is not None else score.partial
            return known(total >= threshold, answered)
        if score.status == "screened_negative":
            # read as its lowest band: the points of the first stage, never above that band
            return known(self._screened_total(instrument, score) >= threshold, answered)
        if score.partial >= threshold:
            return known(True, answered)
        if self.bank is not None:
            # even the highest answers to the questions left cannot reach it
            left = (*score.missing, *score.declined)
            ceiling = score.partial + sum(self.bank.items[i].span[1] for i in left)
            if ceiling < threshold:
                return known(False, answered)
        return Check(None, frozenset(answered), frozenset(score.missing + score.declined))

    def _screened_total(self, instrument: str, score: InstrumentScore) -> int:
        if self.bank is None or instrument not in self.bank.instruments:
            return score.partial
        bands = self.bank.instruments[instrument].bands
        ceiling = next((b.max for b in bands if b.id == score.band), score.partial)
        return min(score.partial, ceiling)

    def band_at_least(self, instrument: str, band: str) -> Check:
        """The instrument's score reaches ``band`` (its lowest score, from the questionnaire:
        the band variant that holds for these answers, like the AUDIT-C cut-off of 4 for men)."""
        if self.bank is None or instrument not in self.bank.instruments:
            return unknown(self.instrument_items(instrument))
        bands = self.bank.bands_for(self.bank.instruments[instrument], self.answers)
        floor = next((b.min for b in bands if b.id == band), None)
        if floor is None:
            raise KeyError(f"instrument {instrument!r} has no band {band!r}")
        return self.score_at_least(instrument, floor)
