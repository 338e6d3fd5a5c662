"""Where a report or answers file may go, and how it is written there.

:func:`check_target` looks at the path first and decides:

- nothing there yet, or an ordinary file: written atomically and owner-only
  (:func:`~iop_assess.atomic.write_private`);
- a terminal, ``/dev/null``, ``/dev/full``, a named pipe, or the program's own standard output
  (``/dev/stdout``): written into directly, like a shell redirection. Such a file is never
  replaced: replacing ``/dev/null`` with a report (as root) would break the whole machine;
- refused, whatever the options (:class:`~iop_assess.errors.OutputError`, exit code 4): a
  folder, a disk device, a socket, a saved session, anything in the sessions folder, the file
  the command reads its answers from, and a symbolic link (it is never followed, so a link
  cannot make the program replace a file somewhere else). A link that leads to a terminal, a
  pipe or the program's own standard output (``/dev/stdout``) is written into, as the thing it
  leads to would be.

An ordinary file that already exists is replaced only when ``replace_existing`` is true (the
commands' ``--force``); otherwise :class:`ExistingFile` is raised, for the caller to refuse or
to ask first.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from iop_assess.atomic import private_stream, write_private
from iop_assess.errors import OutputError
from iop_assess.files import reason
from iop_assess.session import FORMAT, sessions_dir

Kind = Literal["new", "file", "stream", "fd"]
_SESSION_MARK = f'"format": "{FORMAT}"'.encode()
_HEAD_BYTES = 4096


class ExistingFile(OutputError):
    """An ordinary file is in the way and the caller did not allow replacing it."""


@dataclass(frozen=True)
class Target:
    """A checked place to write: ``new`` or ``file`` (atomic replace), ``stream`` (a device or
    named pipe, written into) or ``fd`` (the program's own standard output or error)."""

    path: Path
    kind: Kind
    fd: int | None = None


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _own_stream(info: os.stat_result) -> int | None:
    """1 or 2 when ``info`` is the file this process writes its standard output or error to."""
    for fd in (1, 2):
        try:
            mine = os.fstat(fd)
        except OSError:
            continue
        if _identity(mine) == _identity(info):
            return fd
    return None


def _is_session(path: Path) -> bool:
    """Whether the file starts like a saved session (its format marker in the first bytes)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        head = os.read(fd, _HEAD_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)
    return _SESSION_MARK in head or f'"{FORMAT}"'.encode() in head


def check_target(
    path: Path,
    *,
    inputs: Iterable[Path] = (),
    replace_existing: bool = True,
    what: str = "the report",
) -> Target:
    """Decide how ``path`` may be written (see the module's description). ``inputs`` are the
    files the command reads (never written over); standard input counts too."""
    refused = f"{what[:1].upper()}{what[1:]} was not written"
    link = False
    try:
        link = stat.S_ISLNK(path.lstat().st_mode)
        info = path.stat()
    except FileNotFoundError:
        if link:
            raise _link(path, refused) from None
        return Target(path, "new")
    except OSError as exc:
        raise OutputError(f"could not write {path}: {reason(exc)}.") from None
    mode = info.st_mode
    if link and not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or _own_stream(info) is not None):
        raise _link(path, refused)
    if stat.S_ISDIR(mode):
        raise OutputError(
            f"{path} is a folder, not a file.",
            hint=f"Give a file name, for example {path / 'report.html'}.",
        )
    fd = _own_stream(info)
    if fd is not None and not _protected(path, info, inputs):
        return Target(path, "fd", fd)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return Target(path, "stream")
    if stat.S_ISBLK(mode):
        raise OutputError(
            f"{path} is a disk device. {refused}, so nothing on it was overwritten.",
            hint="Give the name of an ordinary file.",
        )
    if not stat.S_ISREG(mode):
        raise OutputError(
            f"{path} is not an ordinary file. {refused}.",
            hint="Give the name of an ordinary file.",
        )
    if _is_session(path) or _in_sessions_folder(path):
        raise OutputError(
            f"{path} is a saved session. {refused}, and the session was left as it is.",
            hint="Choose another file name.",
        )
    if _protected(path, info, inputs):
        raise OutputError(
            f"{path} is the file the answers are read from. {refused} over it.",
            hint="Choose another file name.",
        )
    if not replace_existing:
        raise ExistingFile(
            f"{path} already exists. {refused}.",
            hint="Add --force to replace it, or choose another file name.",
        )
    return Target(path, "file")


def _link(path: Path, refused: str) -> OutputError:
    return OutputError(
        f"{path} is a symbolic link. {refused}: a link is never followed.",
        hint="Give the name of an ordinary file.",
    )


def _protected(path: Path, info: os.stat_result, inputs: Iterable[Path]) -> bool:
    """Whether ``info`` is one of the input files, or standard input."""
    mine = _identity(info)
    for source in inputs:
        try:
            if _identity(source.stat()) == mine:
                return True
        except OSError:
            continue
    try:
        return stat.S_ISREG(info.st_mode) and _identity(os.fstat(0)) == mine
    except OSError:
        return False


def _in_sessions_folder(path: Path) -> bool:
    try:
        return path.resolve().parent == sessions_dir().resolve()
    except (OSError, RuntimeError):
        return False


@contextmanager
def open_target(target: Target) -> Iterator[IO[str]]:
    """A text stream to write a checked target bit by bit (a batch's rows): an ordinary file
    appears only when the block ends normally (:func:`~iop_assess.atomic.private_stream`); a
    device or pipe is written into; standard output is used as it is."""
    if target.kind in ("new", "file"):
        with private_stream(target.path) as stream:
            yield stream
        return
    if target.kind == "fd":
        stream = sys.stdout if target.fd == 1 else sys.stderr
        if stream is None:
            raise OutputError(f"could not write {target.path}: it is closed.")
        yield stream
        stream.flush()
        return
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target.path, flags)
    except OSError as exc:
        raise OutputError(f"could not write {target.path}: {reason(exc)}.") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        try:
            yield handle
            handle.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"could not write {target.path}: {reason(exc)}.") from None


def write_target(target: Target, data: str | bytes) -> None:
    """Write ``data`` (text is UTF-8) to a checked target. Raises
    :class:`~iop_assess.errors.OutputError`; a reader that went away (``BrokenPipeError``) is
    passed on for the caller to end quietly."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.kind in ("new", "file"):
        write_private(target.path, payload)
        return
    try:
        if target.kind == "fd":
            assert target.fd is not None
            stream = sys.stdout if target.fd == 1 else sys.stderr
            if stream is not None:
                stream.flush()
            _write_all(target.fd, payload)
            return
        flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(target.path, flags)
        try:
            _write_all(fd, payload)
        finally:
            os.close(fd)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"could not write {target.path}: {reason(exc)}.") from None


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def write_output(
    path: Path,
    data: str | bytes,
    *,
    inputs: Iterable[Path] = (),
    replace_existing: bool = True,
    what: str = "the report",
) -> Target:
    """:func:`check_target`, then :func:`write_target`; returns the target written."""
    target = check_target(path, inputs=inputs, replace_existing=replace_existing, what=what)
    write_target(target, data)
    return target
