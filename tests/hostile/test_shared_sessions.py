"""One session, one window: a second ``screen`` on a session that is open is refused (exit 4),
so no window is told its answer is saved while another window writes over it. A window that was
killed leaves no lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from iop_assess.bank import Bank
from iop_assess.errors import SaveError
from iop_assess.session import SessionStore

from .hostile_tools import FIFTEEN, environment, run, saved_session

HOLDER = """
import sys, time
from pathlib import Path
from iop_assess.session import SessionStore
store = SessionStore(Path(sys.argv[1]))
store.hold(Path(sys.argv[2]))
print("holding", flush=True)
time.sleep(600)
"""


@pytest.fixture
def holder(
    home: Path, store: SessionStore, bank: Bank
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another window: a process that holds a saved session open (until killed)."""
    session = saved_session(store, bank, FIFTEEN)
    assert session.path is not None
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.root), str(session.path)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(home),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    try:
        yield child, session.path
    finally:
        child.kill()
        child.wait()


def test_a_second_window_is_refused_and_the_file_is_kept(
    home: Path, holder: tuple[subprocess.Popen[str], Path]
) -> None:
    _, path = holder
    before = path.read_bytes()
    done = run(["screen", "--resume"], home, input=b"\n35\n").no_traceback()
    assert done.code == 4
    assert "This session is open in another window" in done.err
    assert path.read_bytes() == before


def test_a_second_window_on_the_same_file_by_path_is_refused(
    home: Path, holder: tuple[subprocess.Popen[str], Path]
) -> None:
    _, path = holder
    done = run(["screen", "--session", str(path)], home, input=b"\n").no_traceback()
    assert done.code == 4
    assert "This session is open in another window" in done.err


def test_a_killed_window_does_not_block(
    home: Path, holder: tuple[subprocess.Popen[str], Path]
) -> None:
    child, path = holder
    child.send_signal(signal.SIGKILL)
    child.wait()
    # Stops at once (closed input), but it could open the session: no "another window".
    done = run(["screen", "--resume"], home).no_traceback()
    assert done.code == 130, done.err
    assert "another window" not in done.err
    assert "Welcome back. 15 answers from your last visit are kept." in done.err


def test_saving_from_a_second_store_while_one_holds_it_is_refused(
    store: SessionStore, bank: Bank, home: Path
) -> None:
    from iop_assess.errors import SessionBusy

    session = saved_session(store, bank, {"age": 40})
    assert session.path is not None
    first = SessionStore(store.root)
    first.hold(session.path)
    try:
        with pytest.raises(SaveError, match="open in another window"):
            SessionStore(store.root).save(session.with_answer("sex", "male", position=None))
        with pytest.raises(SessionBusy):
            SessionStore(store.root).hold(session.path)
    finally:
        first.close()
    SessionStore(store.root).save(session.with_answer("sex", "male", position=None))
    assert not (store.root / f".{session.path.name}.lock").exists()


def test_delete_and_purge_keep_a_session_open_elsewhere(
    home: Path, holder: tuple[subprocess.Popen[str], Path]
) -> None:
    _, path = holder
    done = run(["sessions", "delete", "--yes", path.stem], home).no_traceback()
    assert done.code == 4
    assert "open in another window" in done.err
    done = run(["sessions", "purge", "--yes"], home).no_traceback()
    assert done.code == 0
    assert f"Kept {path.stem}, open in another window." in done.out
    assert path.exists()


def test_the_lock_is_gone_when_the_window_closes(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    saved_session(store, bank, FIFTEEN)
    done = run(["screen", "--resume"], home, input=b"q\n").no_traceback()
    assert done.code == 0, done.err
    assert [p.name for p in store.root.iterdir() if p.name.startswith(".")] == []


def test_two_windows_at_once_only_one_gets_the_session(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    """Two real windows started together: one works on the session, the other is refused."""
    saved_session(store, bank, FIFTEEN)
    env = environment(home)
    windows = [
        subprocess.Popen(
            [sys.executable, "-m", "iop_assess", "screen", "--resume"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            env=env,
            cwd=home.parent,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 60
    # The refused one ends by itself; the other waits for "Press Enter" input.
    while time.monotonic() < deadline and all(w.poll() is None for w in windows):
        time.sleep(0.05)
    codes, errs = [], []
    for window in windows:
        _, err = window.communicate(input=b"q\n" if window.poll() is None else None, timeout=60)
        codes.append(window.returncode)
        errs.append(err.decode())
    assert sorted(codes) == [0, 4], errs
    assert sum("open in another window" in e for e in errs) == 1
    assert os.listdir(store.root) == [n for n in os.listdir(store.root) if n.endswith(".json")]
