"""``atomic.write_private``: all or nothing, owner-only, and plain errors for every way a write
can fail."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from iop_assess import atomic
from iop_assess.atomic import write_private
from iop_assess.errors import ExitCode, OutputError


def test_writes_text_as_utf8_with_mode_0600(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_private(target, "Café — 988\n")
    assert target.read_bytes() == "Café — 988\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_writes_bytes_as_given(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    write_private(target, b"\x00\x01\r\n")
    assert target.read_bytes() == b"\x00\x01\r\n"


def test_mode_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_private(tmp_path / "r.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.txt").stat().st_mode) == 0o600


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    target.chmod(0o666)
    write_private(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_folder_in_the_way_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_private(tmp_path, "x")
    assert str(info.value) == f"{tmp_path} is a folder, not a file."
    assert info.value.exit_code == ExitCode.INPUT_INVALID
    assert "report.html" in info.value.hint


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "r.txt"
    with pytest.raises(OutputError) as info:
        write_private(target, "x")
    assert f"the folder {tmp_path / 'missing'} does not exist" in str(info.value)


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    with pytest.raises(OutputError, match="is not a folder"):
        write_private(tmp_path / "plain" / "r.txt", "x")


def _failing_write(code: int):  # type: ignore[no-untyped-def]
    def fail(fd: int, data: object) -> int:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.EROFS, "the disk is read-only"),
        (errno.EIO, "input/output error"),
    ],
)
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    monkeypatch.setattr(atomic.os, "write", _failing_write(code))
    with pytest.raises(OutputError) as info:
        write_private(target, "new " * 1000)
    assert words in str(info.value)
    assert str(target) in str(info.value)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_permission_denied_on_create(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def deny(path: object, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "open", deny)
    with pytest.raises(OutputError) as info:
        write_private(tmp_path / "r.txt", "x")
    assert "permission denied" in str(info.value)
    assert "Choose a folder you can write to" in info.value.hint
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stop(fd: int, data: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "write", stop)
    with pytest.raises(KeyboardInterrupt):
        write_private(tmp_path / "r.txt", "x")
    assert list(tmp_path.iterdir()) == []
