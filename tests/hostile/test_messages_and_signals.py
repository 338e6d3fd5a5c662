"""Messages that say what really happened, and stops that keep everything.

``--resume`` with only a damaged session names it and says what to do; quitting at once after a
resume says the earlier answers are still saved. SIGTERM and SIGHUP during ``screen`` stop it
like Ctrl-C: progress saved, the resume command shown, exit 143 or 129, no temporary file left;
``sessions purge`` and the next save clear temporary files an earlier crash left behind.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iop_assess import atomic
from iop_assess.bank import Bank
from iop_assess.cli import app
from iop_assess.session import SessionStore, read_session

from .hostile_tools import FIFTEEN, PROGRAM, SHOWN, environment, run, saved_session

# -- messages -------------------------------------------------------------------------------------


def test_resume_with_only_a_damaged_session_names_it(home: Path, store: SessionStore) -> None:
    store.root.mkdir(parents=True)
    damaged = store.root / "0badf11e.json"
    damaged.write_text('{"format": "iop-assess-session", "id": "0badf11e", "answers": {')
    done = run(["screen", "--resume"], home).no_traceback()
    assert done.code == 4
    assert "no saved session to continue" not in done.err
    assert str(damaged) in done.err
    assert "is damaged" in done.err
    assert f"{SHOWN} sessions delete 0badf11e" in done.err
    assert f"{SHOWN} screen" in done.err
    assert damaged.exists()


def test_quitting_at_once_after_a_resume_says_the_answers_are_still_saved(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved_session(store, bank, FIFTEEN)
    before = Path(str(session.path)).read_bytes()
    done = run(["screen", "--resume"], home, input=b"q\n").no_traceback()
    assert done.code == 0, done.err
    said = " ".join(done.err.split())
    assert "nothing was saved" not in said
    assert f"Your 15 answers from before are still saved in {session.path}." in said
    assert f"{SHOWN} screen --resume {session.id}" in said
    assert Path(str(session.path)).read_bytes() == before


def test_closing_the_input_at_once_after_a_resume_says_so_too(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved_session(store, bank, FIFTEEN)
    done = run(["screen", "--resume"], home).no_traceback()
    assert done.code == 130
    said = " ".join(done.err.split())
    assert "Your 15 answers from before are still saved" in said
    assert f"{SHOWN} screen --resume {session.id}" in said


# -- SIGTERM and SIGHUP -------------------------------------------------------------------------


def _wait_for(stream: object, text: str, timeout: float = 60) -> str:
    """Read ``stream`` (a pipe's file object) until ``text`` appears."""
    seen = b""
    deadline = time.monotonic() + timeout
    fd = stream.fileno()  # type: ignore[attr-defined]
    os.set_blocking(fd, False)
    while text.encode() not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {text!r} in {seen.decode(errors='replace')[-2000:]}")
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            time.sleep(0.02)
            continue
        if not chunk:
            raise AssertionError(f"ended before {text!r}: {seen.decode(errors='replace')[-2000:]}")
        seen += chunk
    return seen.decode(errors="replace")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_during_screen_saves_and_says_how_to_resume(
    home: Path, signum: int, code: int
) -> None:
    child = subprocess.Popen(
        [*PROGRAM, "screen"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(home),
        cwd=home.parent,
    )
    assert child.stdin is not None and child.stderr is not None
    try:
        child.stdin.write(b"\n35\n2\n")  # start, age, no alcohol in the past year
        child.stdin.flush()
        _wait_for(child.stderr, "used a medicine")  # the third question is shown: two saved
        child.send_signal(signum)
        child.wait(60)
        os.set_blocking(child.stderr.fileno(), True)
        err = child.stderr.read().decode()
    finally:
        child.kill()
        child.wait()
    assert child.returncode == code, err
    said = " ".join(err.split())
    assert "Stopped. Your answers are saved in" in said
    assert f"{SHOWN} screen --resume" in said
    assert "Traceback" not in err
    (path,) = (home / "sessions").glob("*.json")
    assert read_session(path).answers == {"age": 35, "alcohol_past_year": "no"}
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_signal_in_the_middle_of_a_save_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM arrives while a save is being flushed to disk: the half-written temporary file
    is removed, the save is done again, and the answers are all there."""
    home = tmp_path / "home"
    monkeypatch.setenv("IOP_ASSESS_HOME", str(home))
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync_then_signal(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # a file, not the folder
            calls["n"] += 1
            if calls["n"] == 2:  # the temporary file of the second answer's save
                os.kill(os.getpid(), signal.SIGTERM)
        real_fsync(fd)

    def not_handled(signum: int, frame: object) -> None:
        raise AssertionError("SIGTERM reached the test: the program did not handle it")

    previous = signal.signal(signal.SIGTERM, not_handled)  # never let it end the test run
    monkeypatch.setattr(atomic.os, "fsync", fsync_then_signal)
    try:
        done = CliRunner().invoke(app, ["screen"], input="\n35\n2\n1\n", catch_exceptions=False)
    finally:
        monkeypatch.setattr(atomic.os, "fsync", real_fsync)
        signal.signal(signal.SIGTERM, previous)
    assert done.exit_code == 143, done.stderr
    assert "Stopped. Your answers are saved in" in done.stderr
    (path,) = (home / "sessions").glob("*.json")
    assert read_session(path).answers == {"age": 35, "alcohol_past_year": "no"}
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


# -- stale temporary files ----------------------------------------------------------------------


def test_purge_and_the_next_save_clear_stale_temporary_files(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved_session(store, bank, {"age": 40})
    assert session.path is not None
    stale = store.root / f".{session.path.name}.0123abcd.tmp"
    stale.write_text('{"answers": {"age": 40')
    stale.chmod(0o600)
    store.save(session.with_answer("sex", "male", position=None))
    assert not stale.exists()
    stale.write_text("{")
    other = store.root / ".cafe0001.json.89abcdef.tmp"
    other.write_text("{")
    done = run(["sessions", "purge", "--yes"], home).no_traceback()
    assert done.code == 0, done.err
    assert list(store.root.iterdir()) == []


# -- SIGKILL at any moment: the session file is always a whole version ----------------------

FILLER = {f"note_{i}": "x" * 200 for i in range(100)}
"""Enough text that a save takes many writes, so a kill can land in the middle of one."""


def _version(n: int) -> dict[str, str]:
    return {**FILLER, "version": str(n)}


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_half_a_session(tmp_path: Path, bank: Bank) -> None:
    """A process saving one session over and over is killed (SIGKILL) at a random moment, 200
    times: every time, the file is a complete session, the last version saved or the one
    before, and the next save clears the temporary and lock files the kill left."""
    rng = random.Random(20260101)
    store = SessionStore(tmp_path / "sessions")
    session = store.save(replace(store.new(bank), notes=_version(0)))
    assert session.path is not None
    last = 0
    landed = set()
    for _ in range(200):
        pid = os.fork()
        if pid == 0:  # the child saves versions last+1, last+2, ... until killed
            try:
                child = SessionStore(store.root)
                n = last
                while True:
                    n += 1
                    child.save(replace(session, notes=_version(n)))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        saved = read_session(session.path)  # a half-written file would not read
        version = int(saved.notes["version"])
        assert version >= last
        assert saved.notes == _version(version)
        landed.add(version - last)
        last = version
        session = store.save(replace(session, notes=_version(last)))
        assert sorted(p.name for p in store.root.iterdir()) == [session.path.name]
    assert len(landed) > 5  # the kills did land at different moments
