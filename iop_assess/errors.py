"""One error hierarchy for the whole program, each error mapped to an exit code (contract §5).

The core raises these; only ``cli.py`` turns them into messages and exit codes. Messages name item
ids, places and files, never a person's answers (not even a value they typed themselves).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the public contract (the README's exit code table), plus the usual
    ``128 + signal number`` for a stop by a hang-up or a request to end."""

    OK = 0
    BATCH_ROW_ERRORS = 1
    WRITE_FAILED = 1
    """Standard output could not be written (closed, or the disk is full); one line says so.
    A reader that went away (``| head``) also ends with 1, quietly, as Python does."""
    USAGE = 2
    QUESTIONNAIRE_INVALID = 3
    INPUT_INVALID = 4
    HANGUP = 129
    """SIGHUP (the terminal was closed) during ``screen``: progress saved, like Ctrl-C."""
    INTERRUPTED = 130
    TERMINATED = 143
    """SIGTERM (``kill``, a shutdown) during ``screen``: progress saved, like Ctrl-C."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line:col: message`` (line and column are 1-based)."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class IopAssessError(Exception):
    """Base of every error the program reports to a person instead of a traceback."""

    exit_code: ExitCode = ExitCode.USAGE
    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        return self.message


class QuestionnaireError(IopAssessError):
    """One or more questionnaire files are invalid; every problem is listed at once."""

    exit_code = ExitCode.QUESTIONNAIRE_INVALID

    def __init__(self, problems: Iterable[Problem]) -> None:
        from iop_assess.invocation import command

        self.hint = f"Fix the places listed above, then run `{command('validate')}` again."
        self.problems = sorted(set(problems))
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        body = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{body}\n{count} {noun} found in the questionnaire files.")


class InputError(IopAssessError):
    """An answers, session or batch file cannot be read or is invalid."""

    exit_code = ExitCode.INPUT_INVALID

    def __init__(self, message: str, *, problems: Iterable[str] = (), hint: str = "") -> None:
        self.problems = list(problems)
        text = message if not self.problems else message + "\n" + "\n".join(self.problems)
        super().__init__(text, hint=hint)


class SessionFileError(InputError):
    """A saved session file cannot be used: ``reason`` is ``damaged`` (bad JSON or wrong shape),
    ``foreign`` (not an iop-assess session) or ``newer`` (saved by a newer version). Such a file
    is never overwritten or deleted implicitly. ``ours`` is true when the file says it is an
    iop-assess session (it carries the session format's marker), however damaged."""

    def __init__(self, message: str, *, reason: str, hint: str = "", ours: bool = False) -> None:
        self.reason = reason
        self.ours = ours
        super().__init__(message, hint=hint)


class SessionBusy(InputError):
    """The session is open in another window (another ``screen`` holds its lock)."""


class SaveError(IopAssessError):
    """Answers could not be written to disk (disk full, no permission, …); they are still in
    memory, so the caller can try again or save elsewhere."""

    exit_code = ExitCode.INPUT_INVALID


class OutputError(IopAssessError):
    """A report or other output file could not be written (a folder in its place, no such
    folder, no permission, disk full). Nothing half-written is left behind."""

    exit_code = ExitCode.INPUT_INVALID


class WriteError(IopAssessError):
    """Standard output could not be written: it is closed, or writing failed (disk full, I/O
    error). Said in one line, exit code 1."""

    exit_code = ExitCode.WRITE_FAILED


class UsageError(IopAssessError):
    """The command line asked for something that cannot be done."""

    exit_code = ExitCode.USAGE


class Interrupted(IopAssessError):
    """The person stopped (Ctrl-C or closed input); progress was saved where allowed."""

    exit_code = ExitCode.INTERRUPTED
