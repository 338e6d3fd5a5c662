"""A message and an exit code, never a traceback: names too long, folders without permission,
numbers too long to read, standard input or output closed, a full disk, a reader that left."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from iop_assess.bank import Bank
from iop_assess.session import SessionStore

from .hostile_tools import FIFTEEN, IOP_ANSWERS, invoke, run, saved_session

LONG = "a" * 300  # one path component longer than any file system allows (255)

# -- a name too long ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["score", f"{LONG}.yaml"], 4, "the name is too long"),
        (["score", str(IOP_ANSWERS), "--out", f"{LONG}.md"], 4, "the name is too long"),
        (["score", str(IOP_ANSWERS), "--questions", LONG], 2, "the name is too long"),
        (["list", "--questions", LONG], 2, "the name is too long"),
        (["validate", f"{LONG}.yaml"], 2, "the name is too long"),
        (["validate", f"{LONG}/q.yaml"], 2, "the name is too long"),
        (["screen", "--session", f"{LONG}.json"], 4, "the name is too long"),
        (["sessions", "show", f"{LONG}.json"], 4, "the name is too long"),
        (["sessions", "delete", "--yes", f"{LONG}.json"], 4, "the name is too long"),
    ],
    ids=lambda v: " ".join(v).replace(LONG, "LONG") if isinstance(v, list) else str(v),
)
def test_a_name_too_long_is_a_message(home: Path, args: list[str], code: int, words: str) -> None:
    done = invoke(args, home).no_traceback()
    assert done.code == code, done.err
    assert words in done.err
    assert done.err.startswith("Error: ")


# -- a folder without permission (permissions do not bind root: run as an ordinary user) --------


@pytest.fixture
def locked(open_folder: Path) -> Path:
    """A folder nobody but root may enter, holding a valid questionnaire and answers file."""
    folder = open_folder / "locked"
    folder.mkdir()
    (folder / "answers.yaml").write_bytes(IOP_ANSWERS.read_bytes())
    (folder / "q.yaml").write_text("id: x\n")
    folder.chmod(0)
    return folder


def _as_user(prefix: Sequence[str], open_folder: Path, args: list[str]):  # type: ignore[no-untyped-def]
    return run(args, open_folder / "home", prefix=prefix, cwd=open_folder).no_traceback()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["score", "{locked}/answers.yaml"], 4, "permission denied"),
        (["score", str(IOP_ANSWERS), "--out", "{locked}/report.md"], 4, "permission denied"),
        (["score", str(IOP_ANSWERS), "--questions", "{locked}"], 2, "is not readable"),
        (["validate", "{locked}"], 2, "is not readable"),
        (["validate", "{locked}/q.yaml"], 2, "permission denied"),
        (["sessions", "show", "{locked}/s.json"], 4, "permission denied"),
    ],
    ids=lambda v: " ".join(v).replace("{locked}", "LOCKED") if isinstance(v, list) else str(v),
)
def test_a_folder_without_permission_is_a_message(
    ordinary_user: Sequence[str],
    open_folder: Path,
    locked: Path,
    args: list[str],
    code: int,
    words: str,
) -> None:
    args = [a.replace("{locked}", str(locked)) for a in args]
    done = _as_user(ordinary_user, open_folder, args)
    assert done.code == code, done.err
    assert words in done.err


def test_screen_with_a_sessions_folder_without_permission(
    ordinary_user: Sequence[str], open_folder: Path
) -> None:
    sessions = open_folder / "home" / "sessions"
    sessions.mkdir(parents=True)
    sessions.chmod(0)
    done = _as_user(ordinary_user, open_folder, ["screen"])
    assert done.code == 4, done.err
    assert f"Answers cannot be saved in {sessions}: permission denied." in done.err
    assert "--no-save" in done.err
    for args in (["sessions", "list"], ["sessions", "purge", "--yes"], ["screen", "--resume"]):
        done = _as_user(ordinary_user, open_folder, args)
        assert done.code == 4, (args, done.err)
        assert "permission denied" in done.err


# -- numbers too long to read --------------------------------------------------------------------

HUGE = "9" * 5000


def test_a_huge_number_in_json_answers(home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"answers": {"age": ' + HUGE + "}}")
    done = invoke(["score", str(answers)], home).no_traceback()
    assert done.code == 4
    assert "a number in the file is too long to read" in done.err
    assert HUGE[:50] not in done.err


def test_a_huge_number_in_yaml_answers(home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"answers:\n  age: {HUGE}\n")
    done = invoke(["score", str(answers)], home).no_traceback()
    assert done.code == 4
    assert HUGE[:50] not in done.err


def test_a_huge_number_in_a_session_file(home: Path, store: SessionStore, bank: Bank) -> None:
    good = saved_session(store, bank, FIFTEEN)
    bad = store.root / "0badf11e.json"
    data = json.loads(Path(str(good.path)).read_text())
    data["id"] = "0badf11e"
    bad.write_text(json.dumps(data).replace('"age": 35', f'"age": {HUGE}'))
    listed = invoke(["sessions", "list"], home).no_traceback()
    assert listed.code == 0, listed.err
    assert "0badf11e  cannot be opened" in listed.out
    assert "it holds a number too long to be an answer" in listed.out
    shown = invoke(["sessions", "show", "0badf11e"], home).no_traceback()
    assert shown.code == 4
    assert "is damaged" in shown.err
    purged = invoke(["sessions", "purge", "--yes"], home).no_traceback()
    assert purged.code == 0, purged.err
    assert "Deleted 2 saved sessions." in purged.out
    assert list(store.root.iterdir()) == []


def test_a_huge_number_typed_in_the_interview(home: Path) -> None:
    done = invoke(["screen"], home, input=f"\n{HUGE}\nq\n").no_traceback()
    assert done.code == 0
    assert "That number is not from 12 to 120" in done.err
    assert HUGE[:50] not in done.err


# -- standard input or output closed, a full disk, a reader that left ----------------------------


def test_score_from_closed_standard_input(home: Path) -> None:
    done = run(["score", "-"], home, stdin=None, preexec_fn=lambda: os.close(0)).no_traceback()
    assert done.code == 4
    assert "standard input is closed" in done.err


def test_screen_with_closed_standard_input(home: Path) -> None:
    done = run(["screen"], home, stdin=None, preexec_fn=lambda: os.close(0)).no_traceback()
    assert done.code == 130
    assert "Stopped. No answers were given yet, so nothing was saved." in done.err


def test_score_to_closed_standard_output(home: Path) -> None:
    done = run(
        ["score", str(IOP_ANSWERS)], home, stdout=None, preexec_fn=lambda: os.close(1)
    ).no_traceback()
    assert done.code == 1
    assert done.err.strip().splitlines() == [
        "Error: standard output is closed, so the result could not be shown (--out FILE writes "
        "it to a file)"
    ]


def test_score_with_output_closed_still_writes_the_report_file(home: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    done = run(
        ["score", str(IOP_ANSWERS), "--out", str(report), "-f", "md"],
        home,
        stdout=None,
        preexec_fn=lambda: os.close(1),
    ).no_traceback()
    assert done.code == 0, done.err
    assert report.read_text().startswith("# ")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_score_to_a_full_disk(home: Path, fmt: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        done = run(["score", str(IOP_ANSWERS), "-f", fmt], home, stdout=full).no_traceback()
    assert done.code == 1
    assert done.err.strip().splitlines() == [
        "Error: could not write to standard output: the disk is full"
    ]


@pytest.mark.parametrize(
    "args",
    [["score", str(IOP_ANSWERS)], ["explain"], ["schema"], ["list"], ["sessions", "list"]],
    ids=" ".join,
)
def test_a_reader_that_left_ends_quietly(home: Path, args: list[str]) -> None:
    """Like ``iop-assess … | head``: the pipe has no reader; nothing is printed on stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = run(args, home, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.code == 1
    assert done.err == ""


def test_piping_into_head_shows_the_start_and_no_error(home: Path) -> None:
    program = subprocess.list2cmdline(["iop-assess", "explain"])
    done = subprocess.run(
        f"set -o pipefail; {program} | head -n 1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env={**os.environ, "IOP_ASSESS_HOME": str(home), "PATH": _venv_path()},
        timeout=120,
        check=False,
    )
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1


def _venv_path() -> str:
    import sys

    return f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"


def test_a_report_name_too_long_typed_at_the_end_asks_again(home: Path, bank: Bank) -> None:
    from interview_scripts import CALM, script_for

    lines = [*script_for(bank, CALM), f"{LONG}.md", ""]
    done = invoke(["screen"], home, input="".join(f"{line}\n" for line in lines)).no_traceback()
    assert done.code == 0, done.err
    said = " ".join(done.err.split())
    assert "cannot be used (the name is too long). Type another file name." in said
