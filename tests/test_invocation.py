"""Hints show the command the way the program was started: ``uv run iop-assess`` after
``uv run iop-assess``, ``python -m iop_assess`` after ``python -m iop_assess``, else the plain
``iop-assess``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iop_assess.invocation import detect

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "/home/ana/.venv/bin/iop-assess"
MAIN = "/home/ana/.venv/lib/python3.12/site-packages/iop_assess/__main__.py"
PYTHON = "/home/ana/.venv/bin/python3"


@pytest.mark.parametrize(
    ("argv0", "environ", "parent", "expected"),
    [
        (SCRIPT, {}, ["-bash"], "iop-assess"),
        (SCRIPT, {"UV_RUN_RECURSION_DEPTH": "1"}, ["uv", "run", "iop-assess"], "uv run iop-assess"),
        (SCRIPT, {}, ["/usr/bin/uv", "run", "--frozen", "iop-assess"], "uv run iop-assess"),
        (SCRIPT, {}, ["uvx", "iop-assess"], "uvx iop-assess"),
        (SCRIPT, {}, ["uv", "tool", "run", "iop-assess"], "uvx iop-assess"),
        (MAIN, {}, ["zsh"], "python3 -m iop_assess"),
        (
            MAIN,
            {"UV_RUN_RECURSION_DEPTH": "1"},
            ["uv", "run", "python3"],
            "uv run python3 -m iop_assess",
        ),
        # started by a program that was itself started by uv run (a test runner): not uv
        (MAIN, {"UV_RUN_RECURSION_DEPTH": "1"}, [PYTHON, "-m", "pytest"], "python3 -m iop_assess"),
        # the parent cannot be read (not Linux): uv run's environment variable stands in
        (SCRIPT, {"UV_RUN_RECURSION_DEPTH": "1"}, None, "uv run iop-assess"),
        (SCRIPT, {}, None, "iop-assess"),
        (MAIN, {}, None, "python3 -m iop_assess"),
    ],
)
def test_the_program_is_named_as_it_was_started(
    argv0: str, environ: dict[str, str], parent: list[str] | None, expected: str
) -> None:
    assert detect(argv0, PYTHON, environ, parent) == expected


def _stop_at_once(command: list[str], home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOP_ASSESS")}
    env |= {"IOP_ASSESS_HOME": str(home), "NO_COLOR": "1"}
    done = subprocess.run(
        command, input=b"\n35\nq\n", capture_output=True, env=env, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return " ".join(done.stderr.decode().split())


@pytest.mark.slow
def test_the_resume_hint_after_python_dash_m(tmp_path: Path) -> None:
    said = _stop_at_once([sys.executable, "-m", "iop_assess", "screen"], tmp_path)
    python = Path(sys.executable).name
    assert f"To go on where you stopped, run: {python} -m iop_assess screen --resume " in said


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_the_resume_hint_after_uv_run(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv is not None
    command = [uv, "run", "--frozen", "--offline", "--project", str(ROOT), "iop-assess", "screen"]
    said = _stop_at_once(command, tmp_path)
    assert "To go on where you stopped, run: uv run iop-assess screen --resume " in said
