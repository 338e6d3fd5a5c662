"""One assessment as a record: what every report format renders.

An :class:`Assessment` holds the answers (effective, in asking order, declined included), the
items a counselor left blank, the :class:`~iop_assess.result.Result`, when and by whom the
questions were answered, and whether the questionnaire was finished. The JSON result, a FHIR
``QuestionnaireResponse``, a batch row and the person's report all read it; none of them gets a
bare ``Result``.

:func:`assess_answers` makes one from checked answers (an :class:`~iop_assess.answers.AnswerSet`
or the interview's answers) through :func:`iop_assess.assess.assess`: ``score``, ``screen`` and
``batch`` all come this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal, get_args

from iop_assess.bank import Answer, Bank
from iop_assess.result import Result

if TYPE_CHECKING:
    from iop_assess.answers import AnswerSet

AnsweredBy = Literal["self", "counselor_read", "counselor_entered"]
ANSWERED_BY: tuple[AnsweredBy, ...] = get_args(AnsweredBy)
"""Who answered: the person on their own; a counselor who read the questions aloud and typed
the person's answers; a counselor who entered answers given elsewhere (a paper form)."""
COUNSELOR_ROLES: tuple[AnsweredBy, ...] = ("counselor_read", "counselor_entered")
ANSWERED_BY_WORDS: dict[AnsweredBy, str] = {
    "self": "the person, on their own",
    "counselor_read": "the person, with a counselor who read the questions",
    "counselor_entered": "a counselor, who entered the person's answers",
}
"""Who answered, in words for reports."""
Status = Literal["complete", "in_progress"]


def now() -> datetime:
    """The time now, with the local offset (what every record and report shows)."""
    return datetime.now().astimezone()


def local(moment: datetime) -> datetime:
    """``moment`` with an offset: a naive time is read as local time."""
    return moment.astimezone() if moment.tzinfo is None else moment


def stamp(moment: datetime) -> str:
    """ISO 8601 to the second, with the offset: ``2026-03-04T21:30:00-05:00``."""
    return local(moment).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Assessment:
    """One set of answers and its result, with when, by whom and how far it got."""

    bank: Bank = field(repr=False, compare=False)
    """The questionnaires the answers belong to (item texts, options, versions)."""
    answers: dict[str, Answer]
    """Effective answers in asking order; ``declined`` is an answer of its own."""
    result: Result
    answered_at: datetime | None = None
    """When the questions were answered (aware); ``None`` when the source does not say."""
    answered_by: AnsweredBy | None = None
    """Who answered; ``None`` when the source does not say."""
    status: Status = "complete"
    """``in_progress``: the questionnaire was left part-way."""
    blank: tuple[str, ...] = ()
    """Items a counselor left blank on purpose (they count as not answered)."""
    counselor: bool = False
    """The record is for a counselor: reports name question ids."""
    scored_at: datetime = field(default_factory=now)

    @property
    def client(self) -> str | None:
        return self.result.client

    @property
    def notes(self) -> dict[str, str]:
        return self.result.notes

    @property
    def questionnaires(self) -> tuple[tuple[str, str], ...]:
        """(id, version) of every questionnaire used."""
        return self.result.questionnaires

    @property
    def when(self) -> datetime:
        """When it was answered, or else when it was scored."""
        return self.answered_at if self.answered_at is not None else self.scored_at

    def in_order(self) -> list[str]:
        """Answered and blank item ids, in questionnaire order."""
        order = self.bank.order
        last = len(order)
        ids = set(self.answers) | set(self.blank)
        return sorted(ids, key=lambda i: (order.get(i, last), i))


def assess_answers(
    bank: Bank,
    answers: Mapping[str, Answer],
    *,
    warnings: Iterable[str] = (),
    notes: Mapping[str, str] | None = None,
    client: str | None = None,
    answered_at: datetime | None = None,
    answered_by: AnsweredBy | None = None,
    status: Status = "complete",
    blank: Iterable[str] = (),
    counselor: bool | None = None,
) -> Assessment:
    """Assess effective answers and keep them with the result. ``counselor`` defaults to
    whether a counselor answered."""
    from iop_assess.assess import assess

    result = assess(bank, answers, warnings=warnings, notes=notes, client=client)
    left = set(blank)
    kept = tuple(i for i in bank.items if i in left and i not in answers) if left else ()
    return Assessment(
        bank=bank,
        answers=dict(answers),
        result=result,
        answered_at=local(answered_at) if answered_at is not None else None,
        answered_by=answered_by,
        status=status,
        blank=kept,
        counselor=answered_by in COUNSELOR_ROLES if counselor is None else counselor,
    )


def assess_set(
    bank: Bank,
    given: AnswerSet,
    *,
    answered_by: AnsweredBy | None = None,
    counselor: bool | None = None,
) -> Assessment:
    """:func:`assess_answers` for a checked answers file (``answered_by`` overrides the
    file's own)."""
    return assess_answers(
        bank,
        given.answers,
        warnings=given.warnings,
        notes=given.notes,
        client=given.client,
        answered_at=given.answered_at,
        answered_by=answered_by or given.answered_by,
        blank=given.blank,
        counselor=counselor,
    )
