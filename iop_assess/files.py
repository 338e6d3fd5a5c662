"""Reading the files a person names: regular files only, never more than a set number of bytes.

A path can name a device (``/dev/zero`` never ends), a named pipe (opening it waits for a writer),
a socket or a folder. :func:`read_limited` opens without waiting, checks what it opened, and
reads at most ``limit + 1`` bytes, so a file can never make the program wait forever or fill
memory. Standard input (``-``) is read by the caller, with the same limit.

:func:`reason` turns an ``OSError`` into a few plain words for messages.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ELOOP: "too many symbolic links",
    errno.EISDIR: "it is a folder",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EIO: "input/output error",
    errno.ENXIO: "no such device, or nothing is reading from it",
}


def reason(exc: OSError) -> str:
    """Why a file operation failed, in a few plain words (no file name)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = exc.strerror or type(exc).__name__
    return text[:1].lower() + text[1:]


def kind(mode: int) -> str:
    """What a non-regular file is, for messages: ``a folder``, ``a device``, ``a pipe`` …"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class NotRegularFile(OSError):
    """The path names a folder, device, pipe or socket; ``what`` says which."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, f"it is {what}", str(path))
        self.what = what


class TooLarge(Exception):
    """The file is larger than the limit; ``size`` is its size when known."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def read_limited(path: Path, limit: int) -> bytes:
    """The content of the regular file ``path``, at most ``limit`` bytes.

    Raises :class:`NotRegularFile` (folder, device, pipe, socket), :class:`TooLarge`, or the
    ``OSError`` of opening or reading (see :func:`reason`).
    """
    mode = os.stat(path).st_mode  # a socket cannot even be opened: look first
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, kind(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)  # what was opened, in case the name changed in between
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, kind(info.st_mode))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(None)
    return data
