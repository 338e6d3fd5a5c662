"""What every human-readable report says, as plain strings in reading order.

The text, Markdown and HTML formats lay out the same ``Report``; only the layout differs. Nothing
here prints or imports rich. What came from a person (client label, notes, warnings that name
files) goes through :func:`~iop_assess.safetext.clean`, so no terminal escape code survives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iop_assess.levels import (
    ASAM_NOTE,
    ASAM_TITLE,
    BARRIERS_TITLE,
    CARE_NOTE,
    CRISIS_LINES,
    CRISIS_TITLE,
    DIMENSION_NAMES,
    LEVELS,
    MEDICATION_TITLE,
    NONE_ON_MEDICINE,
    NONE_WITH_OTHER_HELP_STEPS,
    SAFETY_ITEMS,
    WITHDRAWAL_CARE,
    YOUTH_HEADLINE,
    YOUTH_LINES,
    YOUTH_TITLE,
    asam_sentence,
    could_reach_sentence,
    headline,
    rating_word,
)
from iop_assess.result import DIMENSIONS, InstrumentScore, Reason, Resource, Result
from iop_assess.safetext import clean

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment

TITLE = "Your self-assessment results"
SECTION_LEVEL = "What may fit"
SECTION_WHY = "Why"
SECTION_DIMENSIONS = "Your answers, area by area"
SECTION_INSTRUMENTS = "Questionnaire scores"
SECTION_NOTES = "Things to look for"
SECTION_MISSING = "Questions not answered"
SECTION_COUNSELOR = "Counselor notes"
SECTION_NEXT = "Next steps"
SECTION_RESOURCES = "Where to get help"
SECTION_WARNINGS = "About your answers"
SECTION_DISCLAIMER = "Please note"
SECTION_MEDICATION = MEDICATION_TITLE
SECTION_BARRIERS = BARRIERS_TITLE
SECTION_ASAM = ASAM_TITLE
YOUTH_LEVEL_NAME = "Services for young people first"
"""Under 18, the level heading names no adult level: the headline says first that the tool is
built for adults, then what an adult's answers would suggest."""
OTHER_HELP_NOTES = {"note.mental_health", "note.housing", "note.unsafe_home"}
"""Notes that name help other than alcohol or drug treatment (said in the headline for none)."""
CRISIS_LINKS = (("Call 911", "tel:911"), ("Call 988", "tel:988"), ("Text 988", "sms:988"))
"""The crisis numbers as links, for the HTML report."""


@dataclass(frozen=True)
class Crisis:
    title: str
    lines: tuple[str, ...]
    unanswered: str | None
    """A sentence naming the safety questions that were not answered, if any."""


@dataclass(frozen=True)
class CareBlock:
    """What one kind of care is like."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class DimensionRow:
    id: str
    name: str
    rating: int
    word: str
    reasons: tuple[str, ...]
    """Each reason with its item ids, ready to show."""
    unknown: str | None
    """"Not answered (items: …)" when items that could raise the rating were missing or
    declined, unless a reason already names them."""
    uncertain: bool = False
    """Unanswered items could raise the rating."""

    @property
    def rating_text(self) -> str:
        """ "2 (moderate)"; "or higher" when unanswered items could raise it."""
        text = f"{self.rating} ({self.word})"
        return f"{text} or higher" if self.uncertain else text

    @property
    def plain_rating(self) -> str:
        """The rating in a sentence: "2 of 4 (moderate)"."""
        text = f"{self.rating} of 4 ({self.word})"
        return f"{text} or higher" if self.uncertain else text


@dataclass(frozen=True)
class InstrumentRow:
    id: str
    title: str
    score: str
    result: str
    details: tuple[str, ...]
    """Subscales and the items that were not answered."""


@dataclass(frozen=True)
class ResourceLine:
    """One resource as a sentence, and its numbers as (label, ``tel:``/``sms:``/``https:``
    link) pairs for formats that can link."""

    text: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Report:
    crisis: Crisis | None
    youth: CareBlock | None
    """For someone under 18: youth services lead the report (after any crisis block)."""
    client: str | None
    title: str
    record: tuple[str, ...]
    """When the questions were answered, by whom, and whether the questionnaire was finished."""
    level_name: str
    headline: str
    could_reach: str | None
    """What the unanswered questions could point to, in words."""
    care: tuple[CareBlock, ...]
    medication: tuple[str, ...]
    barriers: tuple[str, ...]
    asam: tuple[str, ...]
    """The ASAM Criteria crosswalk and the words that it is a reference only (or empty)."""
    reasons: tuple[str, ...]
    dimensions: tuple[DimensionRow, ...]
    instruments: tuple[InstrumentRow, ...]
    notes: tuple[str, ...]
    missing: str | None
    blank: str | None
    """The questions a counselor left blank."""
    safety_unanswered: str | None
    """Named here, near the help lines, when there is no crisis block to carry it."""
    counselor_notes: tuple[tuple[str, str], ...]
    next_steps: tuple[str, ...]
    resources: tuple[ResourceLine, ...]
    warnings: tuple[str, ...]
    disclaimer: str
    care_note: str


def _numbered(item_id: str) -> tuple[str, int] | None:
    stem, _, number = item_id.rpartition("_")
    return (stem, int(number)) if stem and number.isdigit() else None


def compact_ids(items: Sequence[str]) -> list[str]:
    """Runs of three or more numbered ids in a row shortened: audit_1 … audit_10 →
    "audit_1–audit_10"; everything else as it is, in the same order."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        out.extend([f"{run[0]}–{run[-1]}"] if len(run) >= 3 else run)
        run.clear()

    for item_id in items:
        here, last = _numbered(item_id), _numbered(run[-1]) if run else None
        if not (here and last and here == (last[0], last[1] + 1)):
            flush()
        run.append(item_id)
    flush()
    return out


def items_text(items: Sequence[str]) -> str:
    """Item ids the way a counselor can look them up: "(items: a, b)"."""
    if not items:
        return ""
    noun = "item" if len(items) == 1 else "items"
    return f"({noun}: {', '.join(compact_ids(items))})"


def reason_text(reason: Reason, ids: bool = True) -> str:
    """A reason's sentence, followed by the items it read when ``ids`` (for a counselor)."""
    suffix = items_text(reason.items) if ids else ""
    return f"{reason.text} {suffix}" if suffix else reason.text


def humanize(band: str) -> str:
    """A band id as words: ``moderately_severe`` → "Moderately severe"."""
    words = band.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _questions(count: int) -> str:
    return "1 question" if count == 1 else f"{count} questions"


def _which(items: Sequence[str], ids: bool) -> str:
    """The items by id (for a counselor), or how many questions they are."""
    return items_text(items) if ids else f"({_questions(len(items))})"


def _short_name(title: str) -> str:
    """``PHQ-2 (first two questions)`` → ``PHQ-2``."""
    return title.split(" (", 1)[0]


def instrument_row(score: InstrumentScore, ids: bool = True) -> InstrumentRow:
    """One instrument as a table row: its score, its band or status in words, and details
    (the items skipped or declined by id when ``ids``, else how many)."""
    details: list[str] = []
    if score.status == "complete":
        shown = f"{score.total} of {score.max}"
        result = score.band_label or (humanize(score.band) if score.band else "Scored")
    elif score.status == "screened_negative" and score.first_stage is not None:
        stage = score.first_stage
        shown = f"{stage.total} of {stage.max} on the short form"
        label = score.band_label or (humanize(score.band) if score.band else "Below the cut-off")
        result = f"{label} (short form: {_short_name(stage.title)})"
        details.append(
            f"Below the cut-off on the short form ({_short_name(stage.title)}), so the other "
            "questions were not asked"
        )
    elif score.status == "incomplete":
        gaps = len(score.missing) + len(score.declined)
        shown = f"at least {score.partial} of {score.max}" if score.partial else "not scored"
        result = f"incomplete — {_questions(gaps)} not answered"
        if score.missing:
            details.append(f"Skipped {_which(score.missing, ids)}")
        if score.declined:
            details.append(f"Chose not to answer {_which(score.declined, ids)}")
    else:
        shown = "—"
        result = "did not apply"
    if score.status != "not_applicable":
        for sub in score.subscales:
            if sub.total is None and score.status == "screened_negative":
                continue  # its questions were not asked
            if sub.total is None:
                details.append(f"{sub.title or sub.id}: not scored")
            else:
                band = f", {humanize(sub.band)}" if sub.band else ""
                details.append(f"{sub.title or sub.id}: {sub.total} of {sub.max}{band}")
    return InstrumentRow(score.id, score.title, shown, result, tuple(details))


def unanswered_safety(result: Result) -> tuple[str, ...]:
    """Safety items (``levels.SAFETY_ITEMS``) that were skipped or declined, in a fixed order."""
    gaps: set[str] = set(result.missing)
    for score in result.instruments.values():
        gaps.update(score.missing)
        gaps.update(score.declined)
    for dim in result.dimensions.values():
        gaps.update(dim.unknown)
    return tuple(item for item in SAFETY_ITEMS if item in gaps)


def _safety_sentence(items: tuple[str, ...], ids: bool = True) -> str | None:
    if not items:
        return None
    topics = "; ".join(SAFETY_ITEMS[i] for i in items)
    named = f" {items_text(items)}" if ids else ""
    return (
        f"You did not answer some safety questions: {topics}{named}. "
        "If any of these is true for you, call 911, or call or text 988."
    )


def _resource_text(resource: Resource) -> str:
    same = resource.contact.strip().lower() == resource.name.strip().lower()
    text = resource.name if same else f"{resource.name}: {resource.contact}"
    return f"{text}. {resource.why}" if resource.why else text


def _number(phone: str) -> str:
    """A phone number as people write it: +18006624357 → 1-800-662-4357."""
    digits = phone.lstrip("+")
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[0]}-{digits[1:4]}-{digits[4:7]}-{digits[7:]}"
    return digits


def resource_line(resource: Resource) -> ResourceLine:
    links: list[tuple[str, str]] = []
    if resource.phone:
        links.append((f"Call {_number(resource.phone)}", f"tel:{resource.phone}"))
    if resource.sms:
        body = f"?body={resource.sms_body}" if resource.sms_body else ""
        words = (
            f"Text {resource.sms_body} to {resource.sms}"
            if resource.sms_body
            else (f"Text {resource.sms}")
        )
        links.append((words, f"sms:{resource.sms}{body}"))
    if resource.contact.startswith("https://"):
        links.append((f"Open {resource.contact.removeprefix('https://')}", resource.contact))
    return ResourceLine(_resource_text(resource), tuple(links))


def _dimension_rows(result: Result, ids: bool = True) -> tuple[DimensionRow, ...]:
    rows: list[DimensionRow] = []
    order = [d for d in DIMENSIONS if d in result.dimensions]
    order += [d for d in result.dimensions if d not in DIMENSIONS]
    for key in order:
        dim = result.dimensions[key]
        named = {item for reason in dim.reasons for item in reason.items}
        unknown = None
        if dim.unknown and not set(dim.unknown) <= named:
            unknown = f"Not answered {_which(dim.unknown, ids)}"
        rows.append(
            DimensionRow(
                id=key,
                name=DIMENSION_NAMES.get(key, humanize(key)),
                rating=dim.rating,
                word=rating_word(dim.rating),
                reasons=tuple(reason_text(r, ids) for r in dim.reasons),
                unknown=unknown,
                uncertain=bool(dim.unknown),
            )
        )
    return tuple(rows)


def _detox_lines(care: str | None) -> tuple[str, ...]:
    """What detox is like, with the generic line about where replaced by the one that fits."""
    lines = LEVELS["detox_first"].what_it_is
    if care is None:
        return lines
    return (*lines[:2], WITHDRAWAL_CARE[care], *lines[3:])


def record_lines(assessment: Assessment) -> tuple[str, ...]:
    """When and by whom the questions were answered (ISO 8601, with the offset), and whether the
    questionnaire was finished."""
    from iop_assess.assessment import ANSWERED_BY_WORDS, stamp

    if assessment.answered_at is not None:
        lines = [f"Answered: {stamp(assessment.answered_at)}"]
    else:
        lines = [
            f"Scored: {stamp(assessment.scored_at)} (the answers do not say when they were given)"
        ]
    if assessment.answered_by is not None:
        words = ANSWERED_BY_WORDS[assessment.answered_by]
        lines.append(f"Answered by: {words} ({assessment.answered_by})")
    if assessment.status == "in_progress":
        lines.append(
            "The questionnaire was not finished: this result is from the answers given so far."
        )
    return tuple(lines)


def build(assessment: Assessment) -> Report:
    """Everything a person reads, in order, from one assessment. Question ids are named only
    for a counselor (``assessment.counselor``)."""
    result = assessment.result
    ids = assessment.counselor
    rec = result.recommendation
    safety = unanswered_safety(result)
    crisis = None
    if result.crisis:
        crisis = Crisis(CRISIS_TITLE, CRISIS_LINES, _safety_sentence(safety, ids))
    words = LEVELS[rec.level]
    care = [CareBlock(f"What {_lower_first(words.name)} is like", words.what_it_is)]
    if rec.level == "detox_first":
        care = [CareBlock("Why this may need to come first", _detox_lines(rec.withdrawal_care))]
    elif rec.level == "none":
        on_medicine = "opioids" in rec.medication
        care = [CareBlock("What this means", NONE_ON_MEDICINE if on_medicine else words.what_it_is)]
    elif rec.level == "emergency":
        care = [CareBlock("Why this comes first", words.what_it_is)]
    elif rec.level == "insufficient":
        care = [CareBlock("What this means", words.what_it_is)]
    if rec.then is not None and rec.then != "none" and rec.level in ("detox_first", "emergency"):
        then = LEVELS[rec.then]
        lines = then.what_it_is
        if rec.then == "detox_first":
            lines = _detox_lines(rec.withdrawal_care)
        care.append(CareBlock(f"After that: what {_lower_first(then.name)} is like", lines))
    missing = None
    if result.missing:
        named = f" {items_text(result.missing)}" if ids else ""
        missing = (
            f"{_questions(len(result.missing))} that could change this result "
            f"{'was' if len(result.missing) == 1 else 'were'} not answered{named}."
        )
    blank = None
    if assessment.blank:
        named = f" {items_text(assessment.blank)}" if ids else ""
        blank = (
            f"{_questions(len(assessment.blank))} "
            f"{'was' if len(assessment.blank) == 1 else 'were'} left blank on purpose{named}; "
            "they count as not answered."
        )
    youth = "youth" in result.flags
    # barriers are about getting to a program: said only when a level of care is suggested
    barriers = rec.barrier_notes if (rec.then or rec.level) not in ("none", "insufficient") else ()
    asam = asam_sentence(rec.asam)
    other_help = bool(set(rec.note_rules) & OTHER_HELP_NOTES)
    next_steps = (
        NONE_WITH_OTHER_HELP_STEPS if rec.level == "none" and other_help else words.next_steps
    )
    return Report(
        crisis=crisis,
        youth=CareBlock(YOUTH_TITLE, YOUTH_LINES) if youth else None,
        client=clean(result.client) if result.client else None,
        title=TITLE,
        record=record_lines(assessment),
        level_name=YOUTH_LEVEL_NAME if youth else words.name,
        headline=(f"{YOUTH_HEADLINE} " if youth else "")
        + headline(
            rec.level,
            rec.then,
            on_medicine="opioids" in rec.medication,
            other_help=other_help,
        ),
        could_reach=could_reach_sentence(rec.could_reach),
        care=tuple(care),
        medication=rec.medication_notes,
        barriers=barriers,
        asam=(asam, ASAM_NOTE) if asam else (),
        reasons=tuple(reason_text(r, ids) for r in rec.reasons),
        dimensions=_dimension_rows(result, ids),
        instruments=tuple(instrument_row(s, ids) for s in result.instruments.values()),
        notes=rec.notes,
        missing=missing,
        blank=blank,
        safety_unanswered=None if crisis else _safety_sentence(safety, ids),
        counselor_notes=tuple(
            (humanize(clean(k)), clean(v, lines=True)) for k, v in result.notes.items() if v.strip()
        ),
        next_steps=next_steps,
        resources=tuple(resource_line(r) for r in result.resources),
        warnings=tuple(clean(w) for w in result.warnings),
        disclaimer=result.disclaimer,
        care_note=CARE_NOTE,
    )
