"""No file can make the program read forever or wait forever: devices, named pipes and sockets
are refused (only ``-`` reads standard input), and the size cap holds for every read."""

from __future__ import annotations

import os
import resource
import socket
from pathlib import Path

import pytest

from .hostile_tools import run

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space: far more than the program needs, far less
# than reading /dev/zero to the end would take


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_validate_refuses_a_device(home: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    done = run(["validate", device], home, preexec_fn=_limit_memory, timeout=60).no_traceback()
    assert done.code == 3
    assert f"{device}:1:1: this is a device, not a questionnaire file" in done.err


def test_validate_refuses_a_named_pipe_without_waiting(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "q.yaml"
    os.mkfifo(fifo)
    done = run(["validate", str(fifo)], home, timeout=60).no_traceback()
    assert done.code == 3
    assert "this is a pipe, not a questionnaire file" in done.err


def test_validate_refuses_a_socket(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError as exc:  # a path too long for a socket address on this system
        pytest.skip(str(exc))
    try:
        done = run(["validate", str(path)], home, timeout=60).no_traceback()
    finally:
        server.close()
    assert done.code == 3
    assert "not a questionnaire file" in done.err


def test_answers_named_like_a_file_but_a_device(home: Path, tmp_path: Path) -> None:
    link = tmp_path / "answers.yaml"
    link.symlink_to("/dev/zero")
    done = run(["score", str(link)], home, preexec_fn=_limit_memory, timeout=60).no_traceback()
    assert done.code == 4
    assert "this is a device, not an answers file" in done.err


def test_answers_named_like_a_file_but_a_pipe(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    done = run(["score", str(fifo)], home, timeout=60).no_traceback()
    assert done.code == 4
    assert "this is a pipe, not an answers file" in done.err


def test_endless_standard_input_is_cut_at_the_size_cap(home: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        done = run(
            ["score", "-"], home, stdin=zeros, preexec_fn=_limit_memory, timeout=60
        ).no_traceback()
    assert done.code == 4
    assert "stdin: the file is too large" in done.err


def test_a_session_file_that_is_a_device(home: Path) -> None:
    sessions = home / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "0badf11e.json").symlink_to("/dev/zero")
    done = run(["sessions", "show", str(sessions / "0badf11e.json")], home, timeout=60)
    done.no_traceback()
    assert done.code == 4
    assert "0badf11e.json is not a session file (it is a device)" in done.err


def test_a_questionnaire_folder_with_a_device_in_it(home: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions"
    questions.mkdir()
    (questions / "zero.yaml").symlink_to("/dev/zero")
    done = run(["validate", str(questions)], home, preexec_fn=_limit_memory, timeout=60)
    done.no_traceback()
    assert done.code == 2  # a device is not a questionnaire file: the folder has none
    assert "no questionnaire files" in done.err
