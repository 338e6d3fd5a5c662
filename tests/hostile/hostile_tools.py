"""Helpers for the hostile-input suite (its fixtures are in conftest.py): the real program in a
subprocess, with its own sessions folder, so closed descriptors, signals, devices and
permissions are the real thing.

Every test here checks what a person would see: the exit code, one plain message (never a
traceback), and that no file that is not the program's own was touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iop_assess.bank import Bank
from iop_assess.session import Session, SessionStore

TESTS = Path(__file__).resolve().parents[1]
SCORE = TESTS / "assets" / "answers" / "score"
IOP_ANSWERS = SCORE / "iop.yaml"
PROGRAM = [sys.executable, "-m", "iop_assess"]
SHOWN = f"{Path(sys.executable).name} -m iop_assess"
"""How hints name the program started as ``PROGRAM`` (the way it was started)."""
TRACEBACK_MARKS = ("Traceback (most recent call last)", "╭─", "Error: something went wrong")

# Answers for the bundled questionnaires, in asking order (contract §3 values).
FIFTEEN = {
    "age": 35,
    "sex": "male",
    "alcohol_past_year": "yes",
    "drugs_past_year": "no",
    "substances": ["alcohol"],
    "alcohol_days": 12,
    "alcohol_drinks": 4,
    "withdrawal_history": ["none"],
    "withdrawal_now": "none",
    "medical_urgent": "no",
    "medical_conditions": "no",
    "pregnant": "not_applicable",
    "danger_now": "no",
    "readiness": "ready",
    "prior_treatment": ["none"],
}


def invoke(args: Sequence[str], home: Path, *, input: str | None = None) -> Ran:
    """Run ``iop-assess ARGS`` in this process (Typer's CliRunner), for cases that need no real
    file descriptors: much faster than :func:`run`. An unexpected exception fails the test."""
    from typer.testing import CliRunner

    from iop_assess.cli import app

    env = {k: None for k in os.environ if k.startswith("IOP_ASSESS")}
    env.update(IOP_ASSESS_HOME=str(home), COLUMNS="100", NO_COLOR="1")
    done = CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)
    return Ran(done.exit_code, done.stdout, done.stderr)


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    def no_traceback(self) -> Ran:
        for mark in TRACEBACK_MARKS:
            assert mark not in self.err, self.err
            assert mark not in self.out, self.out
        return self


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOP_ASSESS")}
    env.update(IOP_ASSESS_HOME=str(home), COLUMNS="100", NO_COLOR="1", **extra)
    return env


def run(
    args: Sequence[str],
    home: Path,
    *,
    stdin: Any = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    input: bytes | None = None,
    prefix: Sequence[str] = (),
    cwd: Path | None = None,
    timeout: float = 120,
    **popen: Any,
) -> Ran:
    """Run ``iop-assess ARGS``; ``popen`` goes to :func:`subprocess.run` (``pass_fds``,
    ``preexec_fn``, …)."""
    if input is not None:
        stdin = None
    done = subprocess.run(
        [*prefix, *PROGRAM, *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        input=input,
        env=environment(home),
        cwd=cwd or home.parent,
        timeout=timeout,
        check=False,
        **popen,
    )
    out = done.stdout.decode("utf-8", "replace") if isinstance(done.stdout, bytes) else ""
    return Ran(done.returncode, out, done.stderr.decode("utf-8", "replace"))


def saved_session(
    store: SessionStore, bank: Bank, answers: dict[str, Any], path: Path | None = None
) -> Session:
    """A session with ``answers`` saved in ``store`` (or at ``path``)."""
    session = store.new(bank)
    if path is not None:
        from dataclasses import replace

        session = replace(session, path=path)
    for item_id, value in answers.items():
        session = session.with_answer(item_id, value, position=None)
    return store.save(session)


NOBODY = 65534


def can_drop_privileges() -> bool:
    if shutil.which("setpriv") is None:
        return False
    try:
        done = subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *PROGRAM]
            + ["--version"],
            capture_output=True,
            timeout=60,
            check=False,
            env=environment(Path(tempfile.gettempdir())),
            cwd=tempfile.gettempdir(),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
