"""Fixtures of the hostile-input suite; the helpers are in hostile_tools.py."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from iop_assess.bank import Bank, load_bank
from iop_assess.session import SessionStore

from .hostile_tools import NOBODY, can_drop_privileges


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> SessionStore:
    return SessionStore(home / "sessions")


# -- running as an ordinary user ------------------------------------------------------------------


@pytest.fixture(scope="session")
def ordinary_user() -> Sequence[str]:
    """A command prefix that runs the program as an ordinary user, for which file permissions
    apply: nothing when the tests do not run as root; ``setpriv`` to user nobody when they do
    (CI may run as root). Skips when neither is possible."""
    if os.geteuid() != 0:
        return ()
    if not can_drop_privileges():
        pytest.skip("running as root, and cannot run the program as an ordinary user")
    return ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder that the ordinary user of :func:`ordinary_user` may use (mode 0777)."""
    folder = Path(tempfile.mkdtemp(prefix="iop-hostile-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o777)
        shutil.rmtree(folder, ignore_errors=True)


MakeOwned = Callable[[Path], None]


@pytest.fixture
def give_to_ordinary_user(ordinary_user: Sequence[str]) -> MakeOwned:
    """Make a file or folder belong to the ordinary user (when the tests run as root)."""

    def give(path: Path) -> None:
        if ordinary_user:
            for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
                os.chown(item, NOBODY, NOBODY, follow_symlinks=False)

    return give
