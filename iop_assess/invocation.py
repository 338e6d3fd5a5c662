"""How the program was started, so that hints show a command that works when typed the same way:
``uv run iop-assess screen --resume ID`` for someone who ran ``uv run iop-assess``,
``python -m iop_assess …`` after ``python -m iop_assess``, else the plain ``iop-assess``.

Worked out from ``sys.argv[0]`` (``__main__.py`` means ``python -m``) and the parent process:
``uv run`` starts the program itself, so on Linux the parent's command line says ``uv`` (or
``uvx``). Where that cannot be read, ``UV_RUN_RECURSION_DEPTH``, which ``uv run`` sets, stands in
for it. Nothing here prints; ``command("screen", "--resume", ref)`` gives the words to show.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

NAME = "iop-assess"
MODULE = "iop_assess"
UV_ENV = "UV_RUN_RECURSION_DEPTH"
"""Set by ``uv run`` (and ``uvx``) in the environment of what it starts."""


def _parent_args(ppid: int) -> list[str] | None:
    """The parent process's command line (Linux ``/proc``), or ``None`` when it cannot be read."""
    try:
        raw = Path(f"/proc/{ppid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]


def _launcher(args: list[str] | None, environ: Mapping[str, str]) -> str:
    """``uv run ``, ``uvx `` or nothing, from the parent's command line (else the environment)."""
    if args is None:
        return "uv run " if environ.get(UV_ENV) else ""
    if not args:
        return ""
    first = Path(args[0]).name
    if first == "uvx" or args[1:3] == ["tool", "run"]:
        return "uvx "
    if first == "uv" and "run" in args[1:]:
        return "uv run "
    return ""


def detect(
    argv0: str,
    executable: str,
    environ: Mapping[str, str],
    parent: list[str] | None,
) -> str:
    """The words that start the program, for a given ``sys.argv[0]``, ``sys.executable``,
    environment and parent command line (``None``: unknown)."""
    launcher = _launcher(parent, environ)
    if Path(argv0).name == "__main__.py" and Path(argv0).parent.name == MODULE:
        python = Path(executable).name or "python"
        if launcher == "uvx ":  # uvx runs tools, not modules: fall back on uv run
            launcher = "uv run "
        return f"{launcher}{python} -m {MODULE}"
    return f"{launcher}{NAME}"


@cache
def program() -> str:
    """How this process was started: ``uv run iop-assess``, ``python -m iop_assess`` …"""
    return detect(
        sys.argv[0] if sys.argv else "",
        sys.executable or "python",
        os.environ,
        _parent_args(os.getppid()),
    )


def command(*words: str) -> str:
    """A command to show in a hint: ``command("screen", "--resume", "3fa2b1c9")``."""
    return " ".join((program(), *words))
