"""The ``screen`` command's work, without the terminal: pick or resume a session, run the
interview with autosave, score it, and write the report and the counselor's answers file.

``cli.py`` parses the options into :class:`ScreenOptions`, chooses a prompter, and turns
``QuitRequested``, ``EOFError`` and ``KeyboardInterrupt`` into a message
(:meth:`Screen.resume_hint`) and an exit code. Nothing here prints; everything a person reads
goes through the prompter or is returned as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from io import StringIO
from pathlib import Path

from iop_assess.bank import Answer, Bank
from iop_assess.errors import InputError, SaveError, UsageError
from iop_assess.files import reason
from iop_assess.interview.engine import CALL_911, CALL_988, Interview, Outcome
from iop_assess.interview.prompter import Block, Prompter, Tone
from iop_assess.invocation import command
from iop_assess.output import write_output
from iop_assess.result import Result
from iop_assess.session import DamagedSession, Session, SessionStore, read_session, resume

Saver = Callable[[dict[str, Answer], dict[str, str]], None]
FORMAT_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".json": "json"}


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
    full: bool = False
    """Ask every question of each instrument (no short forms)."""


EARLY = (
    "You chose to see your result before the end: {count} that could apply {verb} not "
    "answered. They count as not answered, so this result could be too low; the line about "
    "unanswered questions says how high they could point."
)


def format_for(path: Path, chosen: str | None = None) -> str:
    """The report format: ``--format`` when given, else from the file's extension (text)."""
    return chosen or FORMAT_BY_SUFFIX.get(path.suffix.lower(), "text")


def answers_document(bank: Bank, outcome: Outcome, client: str | None) -> str:
    """The answers file (contract §1): ``answers`` plus ``client``, ``notes``, ``questionnaires``
    — readable again by ``iop-assess score``."""
    from ruamel.yaml import YAML

    data: dict[str, object] = {}
    if client:
        data["client"] = client
    data["questionnaires"] = bank.versions()
    if outcome.notes:
        data["notes"] = dict(outcome.notes)
    data["answers"] = {k: list(v) if isinstance(v, list) else v for k, v in outcome.answers.items()}
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None
    yaml.width = 100
    buffer = StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


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
        self.finished = False
        """The session opened was already finished: its result is shown, nothing is asked."""
        self.early = False
        """The result was asked for before the end (``r`` after a crisis block)."""
        try:
            self.session = self._open()
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

    def score(self, outcome: Outcome) -> Result:
        """Score the answers and mark the session completed. A result asked for early says so,
        and the session stays open, so the rest can be answered later."""
        from iop_assess.assess import assess

        client = self.session.client
        warnings: list[str] = []
        if outcome.early:
            count = len(outcome.unanswered)
            words = "1 question" if count == 1 else f"{count} questions"
            warnings.append(EARLY.format(count=words, verb="was" if count == 1 else "were"))
        result = assess(
            self.bank,
            outcome.answers,
            warnings=warnings,
            notes=outcome.notes or None,
            client=client,
        )
        if outcome.early:
            self.early = True
            return result
        if self.finished:
            return result  # shown again; nothing about it changes
        self.session = replace(self.session, status="completed", position=None)
        if self.options.save:
            self._store()
        return result

    def past_outcome(self) -> Outcome:
        """A finished session's answers and notes, to show its result again."""
        return Outcome(dict(self.session.answers), dict(self.session.notes))

    # -- outputs ---------------------------------------------------------------------------------

    def outputs(self, prompter: Prompter, outcome: Outcome, result: Result) -> list[str]:
        """Write the report (``--report``, or asked for) and, in counselor mode, the answers
        file. Returns one line per file written."""
        from iop_assess.report import Format, render

        opts = self.options
        report = opts.report or self._ask_report_path(prompter)
        written: list[str] = []
        if report is not None:
            fmt = format_for(report, opts.format)
            text = render(result, Format(fmt), width=88, plain=True)
            self._write(report, text)
            written.append(f"Report saved to {report} ({fmt}).")
        if self.session.counselor:
            target = opts.answers_out or self._answers_path(report)
            self._write(target, answers_document(self.bank, outcome, self.session.client))
            again = command("score", str(target))
            written.append(f"Answers saved to {target} (score it again with: {again}).")
        return written

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
            else "Save a copy of this result? Type a file name ending in .txt, .md, .html "
            "or .json, or press Enter to skip: "
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

    def _write(self, path: Path, text: str) -> None:
        inputs = [self.session.path] if self.session.path is not None else []
        write_output(path, text, inputs=inputs, what="the file")


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
