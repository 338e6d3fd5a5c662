"""The ``screen`` command's work, without the terminal: pick or resume a session, run the
interview with autosave, assess it, and write the report and the counselor's answers file
(through :mod:`iop_assess.deliver`, the path ``score`` and ``batch`` take too).

``cli.py`` parses the options into :class:`ScreenOptions`, chooses a prompter, and turns
``QuitRequested``, ``EOFError`` and ``KeyboardInterrupt`` into a message
(:meth:`Screen.resume_hint`) and an exit code. Nothing here prints; everything a person reads
goes through the prompter or is returned as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from iop_assess.bank import Answer, Bank
from iop_assess.errors import InputError, IopAssessError, OutputError, SaveError, UsageError
from iop_assess.files import reason
from iop_assess.interview.engine import CALL_911, CALL_988, Interview, Outcome
from iop_assess.interview.prompter import Block, Prompter, Tone
from iop_assess.invocation import command
from iop_assess.session import DamagedSession, Session, SessionStore, read_session, resume

if TYPE_CHECKING:  # the output path is imported when it is used, after the first question
    from iop_assess.assessment import AnsweredBy, Assessment, Status
    from iop_assess.deliver import Destination

Saver = Callable[[dict[str, Answer], dict[str, str]], None]


@dataclass(frozen=True)
class ScreenOptions:
    """The ``screen`` command's options."""

    counselor: bool = False
    client: str | None = None
    save: bool = True
    session_path: Path | None = None
    resume: bool = False
    resume_ref: str | None = None
    report: Path | None = None
    format: str | None = None
    answers_out: Path | None = None
    force: bool = False
    """Replace an existing ``report`` or ``answers_out`` (otherwise refused)."""
    answered_by: AnsweredBy | None = None
    """Who answers; by default ``self``, or ``counselor_read`` in counselor mode."""
    full: bool = False
    """Ask every question of each instrument (no short forms)."""


EARLY = (
    "You chose to see your result before the end: {count} that could apply {verb} not "
    "answered. They count as not answered, so this result could be too low; the line about "
    "unanswered questions says how high they could point."
)


class Screen:
    """One ``screen`` run: the session (new or resumed), the interview, the outputs."""

    def __init__(self, bank: Bank, options: ScreenOptions, store: SessionStore | None = None):
        self.bank = bank
        self.options = options
        self.store = store if store is not None else SessionStore()
        self.welcome_back: list[str] = []
        self.resumed_answers = 0
        """How many answers the session had when it was opened (0 for a new session)."""
        self.saved = False
        self.save_problem: str | None = None
        self.pending = False
        """A save was started and did not finish (an interrupt came in the middle)."""
        self.status: Status = "complete"
        """``in_progress`` when the interview ends before every question that applies."""
        self.finished = False
        """The session opened was already finished: its result is shown, nothing is asked."""
        self.early = False
        """The result was asked for before the end (``r`` after a crisis block)."""
        try:
            self.session = self._open()
            self._check_outputs()
        except BaseException:
            self.store.close()
            raise
        self.bank = bank.with_full(self.session.full)

    def close(self) -> None:
        """Let go of the session, so another window may open it."""
        self.store.close()

    # -- the session -----------------------------------------------------------------------------

    def _open(self) -> Session:
        opts = self.options
        path = opts.session_path
        try:
            exists = path is not None and (path.exists() or path.is_symlink())
        except OSError as exc:
            raise InputError(f"Cannot open the session file {path}: {reason(exc)}.") from None
        if opts.resume or exists:
            return self._resumed()
        if opts.resume_ref is not None:
            raise UsageError(
                f"'{opts.resume_ref}' was given without --resume",
                hint="To continue a saved session: "
                + command("screen", "--resume", opts.resume_ref),
            )
        if opts.save:
            self.store.check_folder(path)
        session = self.store.new(
            self.bank, counselor=opts.counselor, client=opts.client, full=opts.full
        )
        if path is not None:
            session = replace(session, path=path)
        return session

    def _resumed(self) -> Session:
        opts = self.options
        if opts.resume_ref is not None and opts.session_path is not None:
            raise UsageError("give either a session id or --session PATH, not both")
        if opts.resume_ref is not None:
            path = self.store.resolve(opts.resume_ref)
        elif opts.session_path is not None:
            path = opts.session_path
        else:
            latest = self.store.latest_to_resume()
            if latest is None:
                raise UsageError(
                    "there is no saved session to continue",
                    hint="Start a new one with: " + command("screen"),
                )
            if isinstance(latest, DamagedSession):
                raise _only_damaged(latest)
            assert latest.path is not None  # read from a file
            path = latest.path
        if opts.save:
            self.store.check_folder(path)
            self.store.hold(path)  # before reading: another window may be saving it now
        found = read_session(path)
        session, changes = resume(found, self.bank)
        if opts.counselor and not session.counselor:
            session = replace(session, counselor=True)
        if opts.client and not session.client:
            session = replace(session, client=opts.client)
        if opts.full and not session.full:
            session = replace(session, full=True)
        if session.status == "completed":
            # finished: its result is shown again, and nothing is asked or changed
            self.finished = True
        count = len(changes.kept)
        self.resumed_answers = count
        kept = "1 answer" if count == 1 else f"{count} answers"
        verb = "is" if count == 1 else "are"
        self.welcome_back = [f"Welcome back. {kept} from your last visit {verb} kept."]
        self.welcome_back += changes.messages
        if changes.ask_again:
            words = ", ".join(changes.ask_again)
            self.welcome_back.append(f"These questions will be asked again: {words}.")
        return session

    @property
    def where(self) -> str | None:
        """Where progress is saved, or ``None`` with ``--no-save``."""
        if not self.options.save:
            return None
        return str(self.session.path or self.store.root / f"{self.session.id}.json")

    def _next_item(self, answers: dict[str, Answer]) -> str | None:
        for item_id in self.bank.items:
            if item_id not in answers and self.bank.applies(item_id, answers):
                return item_id
        return None

    def save(self, answers: dict[str, Answer], notes: dict[str, str]) -> None:
        """Autosave after every change (``on_change``). A failed save is reported once and
        tried again after the next answer; the answers stay in memory."""
        self.session = replace(
            self.session, answers=answers, notes=notes, position=self._next_item(answers)
        )
        if not self.options.save:
            return
        self._store()

    def _store(self) -> None:
        self.pending = True
        try:
            saved = self.store.save(self.session)
        except SaveError as exc:
            self.pending = False
            self.save_problem = exc.message
            return
        self.session = saved
        self.pending = False
        self.saved = True
        self.save_problem = None

    def finish_interrupted(self) -> None:
        """After an interrupt (Ctrl-C, SIGTERM, SIGHUP): when it came in the middle of a save,
        save once more, so what the person answered is on disk before the program ends."""
        if self.options.save and self.pending:
            self._store()

    def resume_hint(self) -> str:
        """What to tell a person who stopped: where the answers are and how to go on."""
        if not self.options.save:
            return "Nothing was saved (--no-save). Your answers are gone."
        where = self.session.path
        ref = self.session.id
        if where is not None and where.parent != self.store.root:
            ref = str(where)
        go_on = "To go on where you stopped, run: " + command("screen", "--resume", ref)
        if not self.saved:
            if self.save_problem:
                return f"Your answers could not be saved: {self.save_problem}"
            if self.resumed_answers:
                kept = _answers(self.resumed_answers)
                return f"Your {kept} from before are still saved in {where}.\n{go_on}"
            return "No answers were given yet, so nothing was saved."
        return f"Your answers are saved in {where}.\n{go_on}"

    def crisis_lines(self) -> tuple[str, ...]:
        """911 and 988, when the answers so far called for the crisis block: the last thing a
        person sees when stopping after a safety answer."""
        from iop_assess.rules.safety import crisis_now

        if not crisis_now(self.session.answers):
            return ()
        return (CALL_911, CALL_988)

    def finish_hint(self) -> str | None:
        """After an early result: how to answer the rest later (``None`` when not saved)."""
        if not self.early or not self.options.save or not self.saved:
            return None
        where = self.session.path
        ref = self.session.id
        if where is not None and where.parent != self.store.root:
            ref = str(where)
        return (
            "You saw your result before the end. To answer the other questions later: "
            + command("screen", "--resume", ref)
        )

    def new_session(self) -> Screen:
        """A new session with the same options, after a finished one was shown (this one is
        let go first)."""
        self.close()
        options = replace(self.options, resume=False, resume_ref=None, session_path=None)
        return Screen(self.bank.with_full(self.options.full), options)

    # -- the interview ---------------------------------------------------------------------------

    def interview(self, prompter: Prompter) -> Outcome:
        """Run the questions and the review. Raises ``QuitRequested``, ``EOFError`` or
        ``KeyboardInterrupt`` when the person stops (everything so far is already saved)."""
        engine = Interview(
            self.bank,
            prompter,
            answers=self.session.answers,
            notes=self.session.notes,
            counselor=self.session.counselor,
            on_change=self._save_and_warn(prompter),
            saved_where=self.where,
            welcome_back=self.welcome_back,
        )
        return engine.run()

    def _save_and_warn(self, prompter: Prompter) -> Saver:
        def on_change(answers: dict[str, Answer], notes: dict[str, str]) -> None:
            had_problem = self.save_problem is not None
            self.save(answers, notes)
            if self.save_problem is not None and not had_problem:
                prompter.show(
                    Block(
                        "Your answers could not be saved",
                        (
                            self.save_problem,
                            "They are kept while the program runs, and saving is tried again "
                            "after each answer.",
                        ),
                        Tone.WARNING,
                    )
                )

        return on_change

    def score(self, outcome: Outcome) -> Assessment:
        """Assess the answers and mark the session completed. A result asked for early says so,
        and the session stays open, so the rest can be answered later."""
        from iop_assess.assessment import assess_answers, now

        counselor = self.session.counselor
        warnings: list[str] = []
        if outcome.early:
            count = len(outcome.unanswered)
            words = "1 question" if count == 1 else f"{count} questions"
            warnings.append(EARLY.format(count=words, verb="was" if count == 1 else "were"))
        assessment = assess_answers(
            self.bank,
            outcome.answers,
            warnings=warnings,
            notes=outcome.notes or None,
            client=self.session.client,
            answered_at=now(),
            answered_by=self.options.answered_by or ("counselor_read" if counselor else "self"),
            status="in_progress" if outcome.early else self.status,
            blank=outcome.blank,
            counselor=counselor,
        )
        if outcome.early:
            self.early = True
            return assessment
        if self.finished:
            return assessment  # shown again; nothing about it changes
        self.session = replace(self.session, status="completed", position=None)
        if self.options.save:
            self._store()
        return assessment

    def past_outcome(self) -> Outcome:
        """A finished session's answers and notes, to show its result again."""
        return Outcome(dict(self.session.answers), dict(self.session.notes))

    # -- outputs ---------------------------------------------------------------------------------

    def _inputs(self) -> list[Path]:
        return [self.session.path] if self.session.path is not None else []

    def _is_session_file(self, path: Path) -> bool:
        """Whether ``path`` is where this session is (or will be) saved."""
        if not self.options.save:
            return False
        where = self.session.path or self.store.root / f"{self.session.id}.json"
        try:
            return path.resolve() == where.resolve()
        except (OSError, RuntimeError):
            return False

    def _checked(self, path: Path, fmt: str | None, what: str, force: bool) -> Destination:
        from iop_assess.deliver import destination

        if self._is_session_file(path):
            raise OutputError(
                f"{path} is where this session is saved. {what[:1].upper()}{what[1:]} "
                "would not be written over it.",
                hint="Choose another file name.",
            )
        return destination(path, fmt, inputs=self._inputs(), force=force, what=what)

    def _check_outputs(self) -> None:
        """Before the first question: a report or answers file that could not be written is
        said now, not after the interview."""
        opts = self.options
        if opts.report is not None:
            self._checked(opts.report, opts.format, "the report", opts.force)
        if opts.answers_out is not None:
            self._checked(opts.answers_out, "text", "the answers file", opts.force)

    def outputs(self, prompter: Prompter, outcome: Outcome, assessment: Assessment) -> list[str]:
        """Write the report (``--report``, or asked for) and, in counselor mode, the answers
        file. Returns one line per file written."""
        from iop_assess.answers_file import document
        from iop_assess.deliver import write
        from iop_assess.output import write_target

        opts = self.options
        written: list[str] = []
        report, force = opts.report, opts.force
        if report is None:
            report, force = self._ask_report_path(prompter), True
        if report is not None:
            where = self._destination(prompter, report, opts.format, "the report", force)
            if where is not None:
                write(where, assessment, width=88, plain=True)
                written.append(f"Report saved to {report} ({where.format.value}).")
        if self.session.counselor:
            target = opts.answers_out or self._answers_path(report)
            force = opts.force if opts.answers_out is not None else False
            where = self._destination(prompter, target, "text", "the answers file", force)
            if where is not None and where.target is not None:
                write_target(where.target, document(assessment))
                again = command("score", str(target))
                written.append(f"Answers saved to {target} (score it again with: {again}).")
        return written

    def _destination(
        self, prompter: Prompter, path: Path, fmt: str | None, what: str, force: bool
    ) -> Destination | None:
        """The checked destination at the end of the interview. A file that appeared since the
        start (or a default name that is taken) is replaced only when the person says so."""
        from iop_assess.output import ExistingFile

        try:
            return self._checked(path, fmt, what, force)
        except ExistingFile:
            try:
                yes = prompter.line(f"{path} already exists. Replace it? (y/N): ")
            except EOFError:
                yes = ""
            if yes.strip().lower() not in ("y", "yes"):
                prompter.show(Block("Not saved", (f"{path} was kept as it was.",)))
                return None
            return self._checked(path, fmt, what, True)

    def _answers_path(self, report: Path | None) -> Path:
        if report is not None:
            return report.with_name(report.stem + ".answers.yaml")
        return self._default_report().with_suffix(".answers.yaml")

    def _ask_report_path(self, prompter: Prompter) -> Path | None:
        """Ask where to save the report. A person may skip it; a counselor gets a default
        name (Enter accepts it), because the answers file is written next to the report."""
        default = self._default_report() if self.session.counselor else None
        question = (
            f"Report file name (Enter for {default}): "
            if default
            else "Save a copy of this result? Type a file name ending in .txt, .md, .html, "
            ".json or .fhir.json, or press Enter to skip: "
        )
        while True:
            try:
                raw = prompter.line(question).strip()
            except EOFError:
                return default
            if not raw and default is None:
                return None
            path = Path(raw).expanduser() if raw else default
            assert path is not None
            try:
                folder, exists = path.is_dir(), path.exists()
            except OSError as exc:  # a name too long, a folder that may not be entered …
                problem = f"{path} cannot be used ({reason(exc)}). Type another file name."
                prompter.show(Block("Please try again", (problem,)))
                continue
            if folder:
                prompter.show(
                    Block("Please try again", (f"{path} is a folder. Type a file name.",))
                )
                continue
            from iop_assess.deliver import choose_format
            from iop_assess.output import check_target

            try:
                choose_format(path, self.options.format)
                if self._is_session_file(path):
                    raise OutputError(f"{path} is where this session is saved.")
                check_target(path, inputs=self._inputs())
            except IopAssessError as exc:
                problem = f"{exc.message} Type another file name."
                prompter.show(Block("Please try again", (problem,)))
                default = None
                continue
            if exists:
                try:
                    yes = prompter.line(f"{path} already exists. Replace it? (y/N): ")
                except EOFError:
                    return None
                if yes.strip().lower() not in ("y", "yes"):
                    default = None if raw else default
                    continue
            return path

    def _default_report(self) -> Path:
        label = re.sub(r"[^A-Za-z0-9_-]+", "-", self.session.client or "").strip("-")
        return Path(f"iop-assess-{label or self.session.id}.md")


def _answers(count: int) -> str:
    return "1 answer" if count == 1 else f"{count} answers"


def _only_damaged(entry: DamagedSession) -> InputError:
    """``--resume`` found no session to continue, only a file that cannot be read."""
    hint = (
        f"It was left as it is. To see what is wrong: {command('sessions', 'show', entry.id)}. "
        f"To delete it: {command('sessions', 'delete', entry.id)}. "
        f"To start again: {command('screen')}"
    )
    return InputError(
        f"The latest saved session cannot be opened, so there is nothing to continue. "
        f"{entry.message}",
        hint=hint,
    )
