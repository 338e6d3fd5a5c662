"""The interview flow: which question comes next, what a typed answer means, what to say.

Core code: it never prints or reads the terminal itself; everything goes through a
:class:`~iop_assess.interview.prompter.Prompter`. The caller saves progress through ``on_change``
(called after every change, before anything else is shown) and turns :class:`QuitRequested`,
``EOFError`` and ``KeyboardInterrupt`` into a message and an exit code.

Skip logic is the questionnaire's own (:meth:`Bank.applies`); when a changed answer hides
follow-up questions, their answers are dropped (:meth:`Bank.effective`) and the person is told.
Right after an answer that calls for help now (:func:`rules.safety.crisis_now`), the crisis block
is shown before the next question; from then on ``r`` skips to the result (:class:`ResultNow`),
the rest counted as unanswered. When two answers contradict each other (a past-year question
and what was used, :mod:`iop_assess.gates`), the person is shown both and changes one of them.

The number of questions shown (welcome, progress line) is worked out from the display
conditions: at most every question that can still apply, at least those that surely do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from iop_assess.bank import Answer, Answers, Bank, ItemRef
from iop_assess.gates import Contradiction, contradictions
from iop_assess.interview.prompter import Block, Choice, Prompter, Question, Tone
from iop_assess.interview.typed import numeric_values, parse_typed
from iop_assess.levels import CRISIS_LINES
from iop_assess.model import DECLINED, Option
from iop_assess.safetext import clean

if TYPE_CHECKING:
    from iop_assess.result import Reason

SECONDS_PER_QUESTION = 15
"""A rough pace for the time estimate on the welcome screen (a first try took about 14
seconds a question, reading included)."""
REVIEW_ROWS = 8
"""Answers on one page of the review: with the title and the prompt, a page fits a 24-row
terminal even when each answer takes two lines."""
GENERAL_NOTE = "general"
"""The key of a counselor's note for the whole session (notes are otherwise by section id)."""

CrisisCheck = Callable[[Answers], Sequence["Reason"]]
Saver = Callable[[dict[str, Answer], dict[str, str]], None]

CRISIS_TITLE = "Help is available now"
TOTALS_WIDTH = 79
"""Counselor mode: the totals line fits one line of an 80-column terminal."""
CRISIS_THANKS = (
    "Thank you for answering honestly. What you told us matters, and you do not have to face "
    "it alone."
)
CALL_911, CALL_988 = CRISIS_LINES[1:3]
"""911 and 988, worded as in every report (``levels.CRISIS_LINES``) [lifeline-988]."""
BODY_OR_DANGER = {"medical_urgent", "withdrawal_now", "danger_now"}
"""Answers about the body or danger now: 911 comes first. Otherwise 988 does."""

DECLINED_LABEL = "Prefer not to answer"
CONTRADICTION_TITLE = "Two answers do not fit together"
PAUSE = "Press Enter when you are ready to go on (q to save and stop): "
RESULT_NOW = "r see my result now"
REVIEW_TITLE = "Review your answers"
REVIEW_HELP = (
    "This is every answer you gave, a few at a time. Nothing is final until you see your result.",
    "To change an answer, type the number beside it (any number, from any page). Press Enter "
    "for the next page; on the last page, Enter shows your result.",
    "Type b for the page before, f to skip the other pages and see your result now, q to save "
    "and stop.",
)


class QuitRequested(Exception):
    """The person typed ``q``: stop here. Every answer so far was already saved."""


class ResultNow(Exception):
    """The person typed ``r`` after a crisis block: see the result now, with the questions not
    reached counted as unanswered."""


@dataclass
class Outcome:
    """What the interview collected: effective answers in asking order and notes (by section id,
    and ``general``). ``unanswered``: when the person asked for the result early, the questions
    that still applied and were not answered."""

    answers: dict[str, Answer]
    notes: dict[str, str] = field(default_factory=dict)
    blank: tuple[str, ...] = ()
    """Counselor mode: questions that apply and were left blank on purpose (``-``)."""
    unanswered: tuple[str, ...] = ()

    @property
    def early(self) -> bool:
        """The result was asked for before the end."""
        return bool(self.unanswered)


def _default_crisis(answers: Answers) -> Sequence[Reason]:
    from iop_assess.rules.safety import crisis_now

    return crisis_now(answers)


class Interview:
    """One run of the questionnaire.

    ``answers`` and ``notes`` are where an earlier session stopped (after ``reconcile``);
    ``welcome_back`` are lines saying what was kept and what must be asked again.
    ``counselor`` shows item ids and running totals, reads a typed number as an option's value
    when the option values are numbers, takes a note at any question (``n``) and asks for one at
    the end. ``saved_where`` is where progress is saved (``None``: it is not saved,
    ``--no-save``).
    """

    def __init__(
        self,
        bank: Bank,
        prompter: Prompter,
        *,
        answers: Mapping[str, Answer] | None = None,
        notes: Mapping[str, str] | None = None,
        counselor: bool = False,
        on_change: Saver | None = None,
        saved_where: str | None = None,
        welcome_back: Sequence[str] = (),
        crisis: CrisisCheck = _default_crisis,
    ) -> None:
        self.bank = bank
        self.prompter = prompter
        kept, _ = bank.effective(dict(answers or {}))
        self.answers: dict[str, Answer] = kept
        self.notes: dict[str, str] = dict(notes or {})
        self.counselor = counselor
        self.on_change = on_change
        self.saved_where = saved_where
        self.welcome_back = tuple(welcome_back)
        self.crisis = crisis
        self.order = list(bank.items)
        self.blank: set[str] = set()
        """Counselor mode: items left unanswered on purpose (``-``); scored as missing."""
        self._last_section: str | None = None
        self.offer_result = False
        """A crisis block was shown: ``r`` now skips to the result."""
        self._shown_totals: str | None = None

    # -- the whole run ---------------------------------------------------------------------------

    def run(self) -> Outcome:
        """Welcome, every question that applies, the review; returns the answers. After a
        crisis block, ``r`` ends it early: the questions left are returned as unanswered."""
        try:
            self._welcome()
            self.settle()
            self._walk(self._first_unanswered())
            self._review()
            if self.counselor:
                self._end_note()
        except ResultNow:
            left = tuple(self.remaining())
            return Outcome(dict(self.answers), dict(self.notes), unanswered=left)
        blank = tuple(i for i in self.applicable() if i in self.blank and i not in self.answers)
        return Outcome(dict(self.answers), dict(self.notes), blank=blank)

    def remaining(self) -> list[str]:
        """Questions that can still apply and have no answer yet, in asking order."""
        return [i for i in self.applicable() if i not in self.answers and i not in self.blank]

    def estimate(self) -> tuple[int, int]:
        """How many questions are left: at least (those that surely apply) and at most (those
        that can still apply)."""
        left = self.remaining()
        surely = [i for i in left if self.bank.surely_applies(i, self.answers)]
        return len(surely), len(left)

    # -- positions -------------------------------------------------------------------------------

    def applicable(self) -> list[str]:
        """Item ids that apply with the current answers, in asking order."""
        return [i for i in self.order if self.bank.applies(i, self.answers)]

    def _first_unanswered(self) -> int | None:
        for index, item_id in enumerate(self.order):
            if item_id in self.answers or item_id in self.blank:
                continue
            if self.bank.applies(item_id, self.answers):
                return index
        return None

    def _next(self, start: int, frontier: int = -1) -> int | None:
        """The next question at or after ``start``. Questions up to ``frontier`` (the furthest
        one shown in this walk) are shown again after going back; beyond it, questions that
        already have an answer are skipped."""
        for index in range(start, len(self.order)):
            item_id = self.order[index]
            if index > frontier and (item_id in self.answers or item_id in self.blank):
                continue
            if self.bank.applies(item_id, self.answers):
                return index
        return None

    def _previous(self, start: int) -> int | None:
        for index in range(start - 1, -1, -1):
            if self.bank.applies(self.order[index], self.answers):
                return index
        return None

    def _sections(self, applicable: Sequence[str]) -> list[str]:
        seen: list[str] = []
        for item_id in applicable:
            section = self.bank.items[item_id].section.id
            if section not in seen:
                seen.append(section)
        return seen

    # -- the walk through the questions ----------------------------------------------------------

    def _walk(self, start: int | None) -> None:
        """Ask from ``start`` on: unanswered questions, and answered ones again only while
        coming forward after going back; then anything that came to apply and is unanswered."""
        while start is not None:
            index: int | None = self._next(start)
            frontier = -1
            while index is not None:
                frontier = max(frontier, index)
                item_id = self.order[index]
                section = self.bank.items[item_id].section
                if section.id != self._last_section:
                    self._section_header(item_id)
                    self._last_section = section.id
                step = self._ask(item_id)
                if step == "back":
                    previous = self._previous(index)
                    if previous is None:
                        self._say("This is the first question", "There is no question before it.")
                    else:
                        index = previous
                    continue
                index = self._next(index + 1, frontier)
            start = self._first_unanswered()

    def _section_header(self, item_id: str) -> None:
        applicable = self.applicable()
        sections = self._sections(applicable)
        ref = self.bank.items[item_id]
        number = sections.index(ref.section.id) + 1 if ref.section.id in sections else 1
        lines = [ref.section.intro["en"]] if ref.section.intro else []
        title = f"Section {number} of {len(sections)}: {ref.section.title['en']}"
        self.prompter.show(Block(title, tuple(lines)))

    def _note(self, item_id: str) -> None:
        """Counselor mode, ``n`` at a question: a note for the section it belongs to (added to
        any note the section already has)."""
        section = self.bank.items[item_id].section
        text = self.prompter.line(
            f"Note for '{section.title['en']}' [{section.id}] (press Enter to cancel): "
        ).strip()
        if text:
            before = self.notes.get(section.id, "")
            self.notes[section.id] = f"{before} {text}".strip()[:500]
            self._save()

    def _end_note(self) -> None:
        """Counselor mode: one note for the whole session, after the review."""
        text = self.prompter.line("A note for the record (optional; press Enter to skip): ").strip()
        if text.lower() == "q":
            raise QuitRequested
        if text:
            before = self.notes.get(GENERAL_NOTE, "")
            self.notes[GENERAL_NOTE] = f"{before} {text}".strip()[:500]
            self._save()

    # -- one question ----------------------------------------------------------------------------

    def question(self, item_id: str) -> Question:
        """The question for one item as it would be shown now."""
        ref = self.bank.items[item_id]
        applicable = self.applicable()
        sections = self._sections(applicable)
        position = applicable.index(item_id) + 1 if item_id in applicable else len(applicable)
        section_no = sections.index(ref.section.id) + 1 if ref.section.id in sections else 1
        progress = (
            f"Section {section_no} of {len(sections)} · "
            f"question {position} of up to {len(applicable)}"
        )
        numeric = numeric_values(ref)
        choices = tuple(self._choice(n, o, numeric) for n, o in enumerate(ref.options or (), 1))
        current = self.answers.get(item_id)
        return Question(
            item_id=item_id,
            text=ref.item.text["en"],
            progress=progress,
            choices=choices,
            multiple=ref.item.type == "multiple",
            hint=self._hint(ref),
            keys=self._keys(ref),
            current=None if current is None else self.describe(item_id, current),
            tag=item_id if self.counselor else None,
        )

    def _choice(self, number: int, option: Option, numeric: bool) -> Choice:
        """A person sees 1, 2, 3…; a counselor sees the value itself where values are numbers
        (what to type), and the value after the label otherwise."""
        label = option.label["en"]
        if not self.counselor:
            return Choice(number, label, str(option.value))
        if numeric and isinstance(option.value, int):
            return Choice(option.value, label, str(option.value))
        if label.lower() != str(option.value).lower():
            label = f"{label} = {option.value}"
        return Choice(number, label, str(option.value))

    def _hint(self, ref: ItemRef) -> str:
        kind = ref.item.type
        count = len(ref.options or ())
        if kind == "integer":
            unit = f" ({ref.item.unit['en']})" if ref.item.unit else ""
            return f"Type a whole number from {ref.item.min} to {ref.item.max}{unit}."
        if kind == "text":
            return "Type your answer."
        if self.counselor and numeric_values(ref):
            values = ", ".join(str(o.value) for o in ref.options or ())
            many = " Several: separate them with commas." if kind == "multiple" else ""
            return f"Type the value ({values}); a number here means the value.{many}"
        if kind == "multiple":
            tail = " or a value" if self.counselor else ""
            return f"Type the numbers{tail} of all that apply, separated by commas (like 1,3)."
        tail = ", or the value" if self.counselor else ""
        return f"Type a number from 1 to {count}{tail}."

    def _keys(self, ref: ItemRef) -> str:
        keys = ["? help", "b back"]
        if ref.item.declinable:
            keys.append("s prefer not to answer")
        if self.counselor:
            keys.append("- leave blank")
            keys.append("n note")
        if self.offer_result:
            keys.append(RESULT_NOW)
        keys.append("q save and stop" if self.saved_where else "q stop")
        if ref.item.id in self.answers:
            keys.append("Enter keeps your answer")
        return " · ".join(keys)

    def totals(self, item_id: str | None = None) -> str | None:
        """Counselor mode: the instrument totals so far, on one line of at most
        :data:`TOTALS_WIDTH` characters (``None`` before any).

        A first stage (the AUDIT-C) is named on its own while it is under way and beside its
        instrument while the rest is asked; once the instrument is done its total says it all.
        When the line is too long, the instruments other than the one ``item_id`` belongs to
        lose their maximum and band, then the earliest of them are left out (``+N more``)."""
        from iop_assess.scoring import score_all

        scores = score_all(self.bank, self.answers)
        stage_of = {
            form.first: key for key, (form, _) in self.bank.short_forms.items()
        }  # first-stage instrument id -> its instrument
        parts: list[tuple[str, str, bool]] = []  # (full, short, about the current question)
        for key, score in scores.items():
            instrument = self.bank.instruments[key]
            if not any(i in self.answers for i in instrument.items):
                continue
            parent = scores.get(stage_of.get(key, ""))
            if parent is not None and parent.status != "incomplete":
                continue  # the instrument's own total says it
            stage = self.bank.short_forms.get(key)
            if (
                stage is not None
                and score.status == "incomplete"
                and scores.get(stage[0].first) is not None
                and scores[stage[0].first].status == "incomplete"
            ):
                continue  # only the first stage is under way: its total is the same
            current = item_id is not None and item_id in instrument.items
            if score.status == "complete":
                band = f" {score.band}" if score.band else ""
                parts.append(
                    (f"{key} {score.total}/{score.max}{band}", f"{key} {score.total}", current)
                )
            elif score.status == "screened_negative" and score.first_stage is not None:
                first = score.first_stage
                parts.append(
                    (
                        f"{key} {score.band} ({first.id} {first.total})",
                        f"{key} {score.band}",
                        current,
                    )
                )
            elif score.status == "incomplete":
                parts.append((f"{key} {score.partial} so far", f"{key} {score.partial}…", current))
        if not parts:
            return None

        def line(texts: list[str], more: int = 0) -> str:
            tail = [f"+{more} more"] if more else []
            return f"Totals: {' · '.join([*texts, *tail])}"

        full = line([f for f, _, _ in parts])
        if len(full) <= TOTALS_WIDTH:
            return full
        texts = [f if current else short for f, short, current in parts]
        dropped = 0
        while len(line(texts, dropped)) > TOTALS_WIDTH:
            others = [n for n, (_, _, current) in enumerate(parts) if not current]
            if not others:
                break
            del texts[others[0]]
            del parts[others[0]]
            dropped += 1
        return line(texts, dropped)

    def describe(self, item_id: str, answer: Answer) -> str:
        """An answer in words, e.g. ``Several days`` or ``25 days``."""
        ref = self.bank.items[item_id]
        if answer == DECLINED:
            return DECLINED_LABEL
        if isinstance(answer, list):
            return ", ".join(self._option_words(ref, v) for v in answer)
        if ref.item.type == "integer":
            return f"{answer} {ref.item.unit['en']}" if ref.item.unit else str(answer)
        if ref.options:
            return self._option_words(ref, answer)
        return clean(str(answer))

    def _option_words(self, ref: ItemRef, value: str | int) -> str:
        option = ref.option(value)
        label = option.label["en"] if option else str(value)
        return f"{label} ({value})" if self.counselor and label != str(value) else label

    def _ask(self, item_id: str, *, settle: bool = True) -> str:
        """Ask until there is an answer; ``"answered"``, ``"kept"`` or ``"back"``. After a new
        answer, any contradiction it makes is settled (``settle``) before going on."""
        ref = self.bank.items[item_id]
        question = self.question(item_id)
        if self.counselor:
            line = self.totals(item_id)
            if line is not None and line != self._shown_totals:
                question = replace(question, extra=(line,))
                self._shown_totals = line
        while True:
            raw = self.prompter.ask(question).strip()
            question = replace(question, extra=())  # the totals once, not again on a re-ask
            key = raw.lower()
            if key == "?":
                self._help(ref, question)
                continue
            if key == "b":
                return "back"
            if key == "q":
                raise QuitRequested
            if key == "r" and self.offer_result:
                raise ResultNow
            if key == "n" and self.counselor:
                self._note(item_id)
                continue
            if key == "":
                if item_id in self.answers or item_id in self.blank:
                    return "kept"
                self._say("Please answer", f"Nothing was typed. {question.hint}")
                continue
            if key == "-" and self.counselor:
                self.leave_blank(item_id)
                return "answered"
            if key in ("s", DECLINED):
                if not ref.item.declinable:
                    self._say(
                        "This one needs an answer",
                        f"It matters for a safe result, so it cannot be skipped. {question.hint}",
                    )
                    continue
                answer: Answer = DECLINED
            else:
                try:
                    answer = self.parse(item_id, raw)
                except ValueError as exc:
                    self._say("Please try again", f"{exc}. {question.hint}")
                    continue
            self.set_answer(item_id, answer)
            if settle:
                self.settle()
            return "answered"

    # -- answers that contradict each other ------------------------------------------------------

    def contradiction(self) -> Contradiction | None:
        """The first pair of answers that cannot both be true, or ``None``."""
        found = contradictions(self.answers)
        return found[0] if found else None

    def settle(self) -> None:
        """While two answers contradict each other, show both and ask which one to change."""
        while (found := self.contradiction()) is not None:
            pair = (found.gate, found.other)
            lines = [
                "These two answers cannot both be true. Please change the one that is not "
                "right. Nothing is wrong with you for this: it happens easily.",
            ]
            for number, item_id in enumerate(pair, 1):
                tag = f"[{item_id}] " if self.counselor else ""
                text = self.bank.items[item_id].item.text["en"]
                words = self.describe(item_id, self.answers[item_id])
                lines.append(f"{number}. {tag}{text} — {words}")
            self.prompter.show(Block(CONTRADICTION_TITLE, tuple(lines), Tone.WARNING, compact=True))
            raw = self.prompter.line("Type 1 or 2 to change that answer: ").strip().lower()
            if raw == "q":
                raise QuitRequested
            if raw in ("1", "2"):
                item_id = pair[int(raw) - 1]
                self._last_section = self.bank.items[item_id].section.id
                self._ask(item_id, settle=False)

    def _help(self, ref: ItemRef, question: Question) -> None:
        lines = [ref.item.help["en"]] if ref.item.help else ["There is no extra help for this one."]
        lines.append(question.hint)
        stop = (
            "q save and stop (you can come back later)."
            if self.saved_where
            else "q stop (nothing is saved)."
        )
        keys = ["? this help", "b the question before"]
        if ref.item.declinable:
            keys.append("s prefer not to answer")
        if self.counselor:
            keys += ["- leave blank (counts as not answered)", "n add a note"]
        if self.offer_result:
            keys.append("r see your result now (the rest counts as not answered)")
        keys.append(stop)
        lines.append("Keys: " + " · ".join(keys))
        self.prompter.show(Block("Help for this question", tuple(lines), Tone.NOTE))

    # -- reading an answer -----------------------------------------------------------------------

    def parse(self, item_id: str, raw: str) -> Answer:
        """What ``raw`` means for this item; ``ValueError`` with a plain message otherwise."""
        return parse_typed(self.bank.items[item_id], raw, counselor=self.counselor)

    # -- changing an answer ----------------------------------------------------------------------

    def leave_blank(self, item_id: str) -> None:
        """Counselor mode: leave an item unanswered (it counts as missing, like an item left
        out of an answers file); a follow-up it opened stays open."""
        self.blank.add(item_id)
        if item_id in self.answers:
            del self.answers[item_id]
            self._save()

    def set_answer(self, item_id: str, answer: Answer) -> None:
        """Record an answer, drop follow-ups that no longer apply (and say so), save, and show
        the crisis block when this answer calls for help now."""
        before = {r.rule for r in self.crisis(self.answers)}
        self.blank.discard(item_id)
        previous = self.answers.get(item_id)
        self.answers[item_id] = answer
        kept, dropped = self.bank.effective(self.answers)
        self.answers = kept
        self._save()
        if dropped:
            lines = [self._item_words(i) for i in dropped]
            self.prompter.show(
                Block(
                    "Some answers were removed",
                    (
                        "Because of the answer you just gave, these questions no longer apply. "
                        "Their answers were removed:",
                        *lines,
                    ),
                    Tone.NOTE,
                    compact=True,
                )
            )
        reasons = self.crisis(self.answers)
        fresh = [r for r in reasons if r.rule not in before or item_id in r.items]
        if fresh and answer != previous:
            self.show_crisis(fresh)

    def show_crisis(self, reasons: Sequence[Reason] = ()) -> None:
        """The crisis block, then a pause until the person is ready to go on (``r``: see the
        result now)."""
        urgent = any(BODY_OR_DANGER & set(r.items) for r in reasons)
        calls = (CALL_911, CALL_988) if urgent else (CALL_988, CALL_911)
        lines = [CRISIS_THANKS, *dict.fromkeys(r.text for r in reasons), *calls]
        if self.saved_where:
            lines.append("Your answers so far are saved. You can stop at any time and come back.")
        else:
            lines.append("You can stop at any time. Your answers are not saved (--no-save).")
        lines.append(
            "You can go on with the questions, or see your result now: the questions left then "
            "count as not answered."
        )
        self.prompter.show(Block(CRISIS_TITLE, tuple(lines), Tone.CRISIS))
        self.offer_result = True
        self._pause()

    def _pause(self) -> None:
        stop = "q to save and stop" if self.saved_where else "q to stop"
        prompt = f"Press Enter to go on, r to see your result now, or {stop}: "
        key = self.prompter.line(prompt).strip().lower()
        if key == "q":
            raise QuitRequested
        if key == "r":
            raise ResultNow

    def _item_words(self, item_id: str) -> str:
        text = self.bank.items[item_id].item.text["en"]
        short = text if len(text) <= 70 else text[:67].rstrip() + "..."
        return f"- [{item_id}] {short}" if self.counselor else f"- {short}"

    def _save(self) -> None:
        if self.on_change is not None:
            self.on_change(dict(self.answers), dict(self.notes))

    def _say(self, title: str, text: str) -> None:
        self.prompter.show(Block(title, (text,), Tone.WARNING))

    # -- welcome and review ----------------------------------------------------------------------

    def _length(self) -> str:
        """How many questions are left and how long they take, as a range when it depends on
        the answers still to come."""
        low, high = self.estimate()

        def minutes(count: int) -> int:
            return max(1, math.ceil(count * SECONDS_PER_QUESTION / 60))

        if low == high:
            questions = "1 question" if high == 1 else f"{high} questions"
            return f"{questions}, about {minutes(high)} minutes"
        if minutes(low) == minutes(high):
            return f"{low} to {high} questions, about {minutes(high)} minutes"
        return f"{low} to {high} questions, about {minutes(low)} to {minutes(high)} minutes"

    def _welcome(self) -> None:
        length = self._length()
        if self.saved_where:
            saved = (
                f"Your answers stay on this computer. They are saved after each one in "
                f"{self.saved_where}, so nothing is lost if you stop."
            )
        else:
            saved = (
                "Your answers stay on this computer and are not saved (--no-save). "
                "If you stop, they are gone."
            )
        if self.counselor:
            form = (
                "Every question of each instrument is asked (--full)."
                if self.bank.full
                else "Short screen: the AUDIT-C, PHQ-2 and GAD-2 come first, and the rest of "
                "each only above its cut-off (--full asks every question)."
            )
            lines = [
                "Counselor mode. Each question starts with its item id; totals are shown when "
                "they change.",
                f"To go: {length}. {form}",
                "Type the option's number or its value (yes, alcohol, 3). When the values are "
                "numbers (PHQ-9, GAD-7, AUDIT), a typed number means the value. For several "
                "answers, separate them with commas.",
                "Type - to leave a question blank; it then counts as not answered. Type n at "
                "any question to add a note; you can add one more at the end.",
                "This is a screening aid, not a diagnosis or a placement decision.",
                saved,
            ]
        else:
            stop = "q to save and stop" if self.saved_where else "q to stop"
            lines = [
                "This is a private check-in about drinking, drug use and how you are doing. "
                "At the end, it suggests which kind of care may fit.",
                (
                    f"Left to answer: {length}."
                    if self.welcome_back
                    else f"It takes {length}, depending on your answers."
                ),
                "It is not a diagnosis. Only a trained professional can assess your needs.",
                saved,
                "To answer, type the number of your answer and press Enter. Type ? for help, "
                f"b to go back, s to skip a question you prefer not to answer, {stop}.",
            ]
        title = "Welcome back" if self.welcome_back else "Welcome"
        self.prompter.show(Block(title, (*self.welcome_back, *lines)))
        self.prompter.show(Block(CRISIS_TITLE, (CALL_911, CALL_988), Tone.CRISIS))
        if self.answers and self.crisis(self.answers):
            self.offer_result = True
            self._pause()
            return
        start = self.prompter.line("Press Enter to start (q to stop): ").strip().lower()
        if start == "q":
            raise QuitRequested

    def review_rows(self) -> list[tuple[str, str]]:
        """``(item id, answer in words)`` for every answered question that applies."""
        return [
            (i, self.describe(i, self.answers[i])) for i in self.applicable() if i in self.answers
        ]

    def review_pages(self) -> list[tuple[str, list[tuple[int, str, str]]]]:
        """The review, a section at a time (a long section in parts): ``(title, [(number,
        item id, answer in words)])``. Numbers run through all pages."""
        pages: list[tuple[str, list[tuple[int, str, str]]]] = []
        current: str | None = None
        for number, (item_id, words) in enumerate(self.review_rows(), 1):
            section = self.bank.items[item_id].section
            if section.id != current or len(pages[-1][1]) >= REVIEW_ROWS:
                pages.append((section.title["en"], []))
                current = section.id
            pages[-1][1].append((number, item_id, words))
        return pages

    def _review_page(self, pages: list[tuple[str, list[tuple[int, str, str]]]], at: int) -> None:
        title, rows = pages[at]
        lines = []
        for number, item_id, words in rows:
            text = self.bank.items[item_id].item.text["en"]
            short = text if len(text) <= 70 else text[:67].rstrip() + "..."
            tag = f"[{item_id}] " if self.counselor else ""
            lines.append(f"{number}. {tag}{short} — {words}")
        if at == len(pages) - 1:
            blank = [i for i in self.applicable() if i in self.blank and i not in self.answers]
            if blank:
                lines.append("Left blank (scored as not answered): " + ", ".join(blank))
        heading = f"{REVIEW_TITLE} (page {at + 1} of {len(pages)}): {title}"
        self.prompter.show(Block(heading, tuple(lines), compact=True))

    def _review(self) -> None:
        """The answers a page at a time. A number changes that answer; Enter goes to the next
        page, and on the last one to the result; ``b`` goes back, ``f`` finishes, ``?``
        explains. A typo is answered in one line, without showing the page again."""
        at = 0
        while True:
            self._walk(self._first_unanswered())
            pages = self.review_pages()
            if not pages:
                return
            at = max(0, min(at, len(pages) - 1))
            self._review_page(pages, at)
            count = pages[-1][1][-1][0]
            last = at == len(pages) - 1
            go_on = "Enter to see your result" if last else "Enter for the next page"
            prompt = f"Type a number to change an answer, or press {go_on} (? for help): "
            while True:
                raw = self.prompter.line(prompt).strip()
                key = raw.lower()
                if key == "":
                    if last:
                        return
                    at += 1
                    break
                if key == "q":
                    raise QuitRequested
                if key == "f":
                    return
                if key == "b":
                    if at == 0:
                        self._say("This is the first page", "There is no page before it.")
                        continue
                    at -= 1
                    break
                if key == "?":
                    self.prompter.show(Block("About the review", REVIEW_HELP, Tone.NOTE))
                    continue
                if raw.isdigit() and 1 <= int(raw) <= count:
                    item_id = next(
                        row[1] for _, rows in pages for row in rows if row[0] == int(raw)
                    )
                    self._last_section = self.bank.items[item_id].section.id
                    self._ask(item_id)
                    pages_after = self.review_pages()
                    at = next(
                        (
                            n
                            for n, (_, rows) in enumerate(pages_after)
                            if any(row[1] == item_id for row in rows)
                        ),
                        at,
                    )
                    break
                self._say(
                    "Please try again",
                    f"Type a number from 1 to {count}, or press Enter. Type ? for help.",
                )
