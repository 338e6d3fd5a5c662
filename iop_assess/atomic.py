"""Atomic, owner-only file writes: a crash or a full disk leaves the old file or the new one,
never half of one, and no one else on the machine can read what was written.

The data goes to a temporary file (mode 0600) in the same folder, is flushed to disk with
``fsync``, and then takes the target's name with ``os.replace``.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from iop_assess.errors import OutputError
from iop_assess.files import reason

_TEMP_SUFFIX = ".tmp"


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable too (best effort: not every system can open a folder)."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _explain(path: Path, exc: OSError) -> OutputError:
    folder = path.parent
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputError(
            f"could not write {path}: the disk is full.",
            hint="Free some disk space, or write the file somewhere else.",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return OutputError(
            f"could not write {path}: permission denied.",
            hint=f"Choose a folder you can write to, or check the permissions of {folder}.",
        )
    if exc.errno == errno.EROFS:
        return OutputError(
            f"could not write {path}: the disk is read-only.",
            hint="Write the file somewhere else.",
        )
    if exc.errno == errno.ENOENT:
        return OutputError(
            f"could not write {path}: the folder {folder} does not exist.",
            hint="Create the folder first, or choose another place.",
        )
    if exc.errno == errno.EISDIR:
        return _is_folder(path)
    return OutputError(f"could not write {path}: {reason(exc)}.")


def _is_folder(path: Path) -> OutputError:
    return OutputError(
        f"{path} is a folder, not a file.",
        hint=f"Give a file name, for example {path / 'report.html'}.",
    )


def write_private(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` atomically, readable by its owner only (0600).

    Raises :class:`~iop_assess.errors.OutputError` with a plain message when ``path`` is a folder,
    its folder does not exist, permission is denied or the disk is full. Whatever fails, the
    temporary file is removed and an existing file at ``path`` is left as it was.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = _check_folder(path)
    temp = folder / f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):
            temp.unlink()
        raise _explain(path, exc) from None
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(folder)


def _check_folder(path: Path) -> Path:
    """The folder ``path`` goes in, once it is sure to be an existing folder and ``path`` is not
    one; a plain :class:`OutputError` otherwise (a name too long, a folder that cannot be
    entered, …)."""
    try:
        if path.is_dir():
            raise _is_folder(path)
        folder = path.parent
        if not folder.is_dir():
            if folder.exists():
                raise OutputError(
                    f"could not write {path}: {folder} is not a folder.",
                    hint="Choose another place for the file.",
                )
            raise OutputError(
                f"could not write {path}: the folder {folder} does not exist.",
                hint="Create the folder first, or choose another place.",
            )
    except OSError as exc:
        raise _explain(path, exc) from None
    return folder


@contextmanager
def private_stream(path: Path) -> Iterator[IO[str]]:
    """A text file to stream into that takes ``path``'s name only when the block ends normally.

    Like :func:`write_private` (owner-only, fsync, ``os.replace``) for output too large to hold
    in memory: rows go to a temporary file beside ``path``. If the block raises (Ctrl-C, a crash,
    a full disk) the temporary file is removed and ``path`` is left as it was, so a half-written
    file never looks complete.
    """
    folder = _check_folder(path)
    temp = folder / f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, 0o600)
    except OSError as exc:
        raise _explain(path, exc) from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            handle.close()
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):
            temp.unlink()
        raise _explain(path, exc) from None
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(folder)
