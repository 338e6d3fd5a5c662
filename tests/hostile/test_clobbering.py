"""Nothing that is not the program's own is deleted or replaced.

``sessions delete`` deletes session files in the sessions folder and nothing else; ``--out``
writes into devices, pipes and standard output instead of replacing them, and never writes over a
saved session or the answers being scored, whatever the options.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from interview_scripts import CALM, script_for

from iop_assess.bank import Bank
from iop_assess.session import SessionStore

from .hostile_tools import IOP_ANSWERS, Ran, invoke, run, saved_session

# -- sessions delete and purge ---------------------------------------------------------------------


def test_delete_refuses_an_ordinary_file_given_by_path(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes\n")
    done = invoke(["sessions", "delete", "--yes", str(notes)], home).no_traceback()
    assert done.code == 4
    assert "not in the sessions folder" in done.err
    assert "It was not deleted." in done.err
    assert notes.read_text() == "my own notes\n"


def test_delete_refuses_a_session_file_outside_the_sessions_folder(
    home: Path, tmp_path: Path, store: SessionStore, bank: Bank
) -> None:
    elsewhere = saved_session(store, bank, {"age": 40}, path=tmp_path / "mine.json")
    assert elsewhere.path is not None
    before = elsewhere.path.read_bytes()
    done = invoke(["sessions", "delete", "--yes", str(elsewhere.path)], home).no_traceback()
    assert done.code == 4
    assert "not in the sessions folder" in done.err
    assert elsewhere.path.read_bytes() == before


def test_delete_refuses_a_broken_settings_file_in_the_sessions_folder(
    home: Path, store: SessionStore
) -> None:
    store.root.mkdir(parents=True)
    config = store.root / "config.json"
    config.write_text('{"theme": "dark",')  # broken JSON, not named like a session
    done = invoke(["sessions", "delete", "--yes", "config"], home).no_traceback()
    assert done.code == 4
    assert "is not an iop-assess session file. It was not deleted." in done.err
    assert config.read_text() == '{"theme": "dark",'


def test_delete_still_removes_a_damaged_session_named_like_one(
    home: Path, store: SessionStore
) -> None:
    store.root.mkdir(parents=True)
    damaged = store.root / "0badf11e.json"
    damaged.write_text('{"format": "iop-assess-session", "answers": {')
    done = invoke(["sessions", "delete", "--yes", "0badf11e"], home).no_traceback()
    assert done.code == 0, done.err
    assert "Deleted the damaged session file" in done.out
    assert not damaged.exists()


def test_purge_keeps_what_is_not_a_session(home: Path, store: SessionStore, bank: Bank) -> None:
    saved_session(store, bank, {"age": 40})
    config = store.root / "config.json"
    config.write_text('{"theme": "dark",')
    foreign = store.root / "list.json"
    foreign.write_text('{"shopping": ["milk"]}')
    done = invoke(["sessions", "purge", "--yes"], home).no_traceback()
    assert done.code == 0, done.err
    assert "Deleted 1 saved session." in done.out
    assert sorted(p.name for p in store.root.iterdir()) == ["config.json", "list.json"]


# -- --out into devices, pipes and standard output ------------------------------------------


def _char_device(folder: Path, name: str, minor: int) -> Path:
    """A character device to write to. Not root: the real one (nothing can be replaced in
    /dev). Root: a copy of it in ``folder`` (made with mknod), so a failure damages nothing."""
    if os.geteuid() != 0:
        return Path("/dev") / name
    node = folder / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


def test_out_to_dev_null_writes_into_it_and_keeps_the_device(home: Path, tmp_path: Path) -> None:
    null = _char_device(tmp_path, "null", 3)
    done = run(["score", str(IOP_ANSWERS), "--out", str(null)], home).no_traceback()
    assert done.code == 0, done.err
    assert stat.S_ISCHR(null.stat().st_mode)
    assert [p.name for p in null.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_out_to_a_full_device_is_a_message_and_keeps_the_device(home: Path, tmp_path: Path) -> None:
    full = _char_device(tmp_path, "full", 7)
    done = run(["score", str(IOP_ANSWERS), "--out", str(full)], home).no_traceback()
    assert done.code == 4
    assert f"could not write {full}: the disk is full." in done.err
    assert stat.S_ISCHR(full.stat().st_mode)


def test_out_to_a_named_pipe_writes_into_it(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    done = run(["score", str(IOP_ANSWERS), "--out", str(fifo), "--format", "json"], home)
    if thread.is_alive():  # the program did not open the pipe: unblock the reader
        with open(fifo, "wb"):
            pass
    thread.join(10)
    done.no_traceback()
    assert done.code == 0, done.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b'"level": "iop"' in b"".join(received)


@pytest.mark.parametrize("name", ["/dev/fd/1", "/proc/self/fd/1", "/dev/stdout"])
def test_out_to_standard_output_writes_there(home: Path, tmp_path: Path, name: str) -> None:
    if not Path(name).exists():
        pytest.skip(f"{name} does not exist here")
    captured = tmp_path / "captured.json"
    with captured.open("wb") as sink:
        done = run(
            ["score", str(IOP_ANSWERS), "--out", name, "-f", "json"], home, stdout=sink
        ).no_traceback()
    assert done.code == 0, done.err
    assert '"level": "iop"' in captured.read_text()
    assert Path(name).exists()


def test_out_to_standard_output_through_a_pipe(home: Path) -> None:
    done = run(["score", str(IOP_ANSWERS), "--out", "/dev/fd/1", "-f", "json"], home)
    done.no_traceback()
    assert done.code == 0, done.err
    assert '"level": "iop"' in done.out


# -- --out onto the program's own files ------------------------------------------------------------


def _out_onto(home: Path, target: Path, *extra: str) -> Ran:
    before = target.read_bytes()
    done = run(["score", str(IOP_ANSWERS), "--out", str(target), *extra], home).no_traceback()
    assert target.read_bytes() == before
    return done


def test_out_onto_a_saved_session_is_refused(home: Path, store: SessionStore, bank: Bank) -> None:
    session = saved_session(store, bank, {"age": 40, "sex": "female"})
    assert session.path is not None
    done = _out_onto(home, session.path)
    assert done.code == 4
    assert "is a saved session" in done.err


def test_out_onto_a_session_file_elsewhere_is_refused(
    home: Path, tmp_path: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved_session(store, bank, {"age": 40}, path=tmp_path / "counseling.json")
    assert session.path is not None
    done = _out_onto(home, session.path, "-f", "json")
    assert done.code == 4
    assert "is a saved session" in done.err


def test_out_onto_the_answers_being_scored_is_refused(home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(IOP_ANSWERS.read_bytes())
    before = answers.read_bytes()
    done = run(["score", str(answers), "--out", str(answers)], home).no_traceback()
    assert done.code == 4
    assert "is the file the answers are read from" in done.err
    assert answers.read_bytes() == before


def test_out_onto_the_answers_read_from_standard_input_is_refused(
    home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(IOP_ANSWERS.read_bytes())
    with answers.open("rb") as source:
        done = run(["score", "-", "--out", str(answers)], home, stdin=source).no_traceback()
    assert done.code == 4
    assert answers.read_bytes() == IOP_ANSWERS.read_bytes()


def test_report_of_screen_never_replaces_its_own_session(
    home: Path, tmp_path: Path, bank: Bank
) -> None:
    session_file = tmp_path / "visit.json"
    lines = script_for(bank, CALM)
    done = run(
        ["screen", "--session", str(session_file), "--report", str(session_file)],
        home,
        input="".join(f"{line}\n" for line in lines).encode(),
    ).no_traceback()
    # refused before the first question: no one answers everything only to be told at the end
    assert done.code == 4
    assert f"{session_file} is where this session is saved." in " ".join(done.err.split())
    assert "Welcome" not in done.err
    assert not session_file.exists()


def test_report_of_screen_never_replaces_a_session_saved_before(
    home: Path, tmp_path: Path, bank: Bank
) -> None:
    session_file = tmp_path / "visit.json"
    lines = script_for(bank, CALM)
    typed = "".join(f"{line}\n" for line in lines).encode()
    assert run(["screen", "--session", str(session_file)], home, input=typed).code == 0
    before = session_file.read_bytes()
    done = run(
        ["screen", "--resume", "--session", str(session_file), "--report", str(session_file)],
        home,
        input=typed,
    ).no_traceback()
    assert done.code == 4
    assert session_file.read_bytes() == before
    assert json.loads(before)["format"] == "iop-assess-session"


def test_screen_refuses_an_existing_report_before_the_first_question(
    home: Path, tmp_path: Path, bank: Bank
) -> None:
    report = tmp_path / "report.md"
    report.write_text("my notes", encoding="utf-8")
    lines = script_for(bank, CALM)
    typed = "".join(f"{line}\n" for line in lines).encode()
    done = run(["screen", "--no-save", "--report", str(report)], home, input=typed)
    done.no_traceback()
    assert done.code == 4
    assert f"{report} already exists. The report was not written." in " ".join(done.err.split())
    assert report.read_text(encoding="utf-8") == "my notes"
    done = run(["screen", "--no-save", "--report", str(report), "--force"], home, input=typed)
    assert done.code == 0, done.err
    assert report.read_text(encoding="utf-8").startswith("# Your self-assessment results")
