"""The built wheel works on its own: installed into a fresh virtual environment, run from a folder
far from the source tree, its console script finds the bundled questionnaires inside the package
(``importlib.resources``), not in this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = shutil.which("uv")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(UV is None, reason="needs uv to build the wheel and make a venv"),
]


@dataclass(frozen=True)
class Installed:
    script: Path
    site: Path
    workdir: Path
    env: dict[str, str]


def _uv(*args: str, cwd: Path = ROOT) -> None:
    assert UV is not None
    subprocess.run([UV, *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    _uv("build", "--wheel", "-o", str(base / "dist"))
    (wheel,) = (base / "dist").glob("iop_assess-*.whl")
    venv = base / "venv"
    _uv("venv", "-q", str(venv))
    python = venv / "bin" / "python"
    _uv("pip", "install", "-q", "--python", str(python), str(wheel))
    workdir = base / "elsewhere"
    workdir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "IOP_ASSESS_QUESTIONS", "VIRTUAL_ENV"}
    }
    env["COLUMNS"] = "80"
    site = next((venv / "lib").glob("python3*/site-packages"))
    yield Installed(venv / "bin" / "iop-assess", site, workdir, env)


def _run(installed: Installed, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed.script), *args],
        cwd=installed.workdir,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_runs_from_the_installed_wheel(installed: Installed) -> None:
    proc = _run(installed, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage: iop-assess" in proc.stdout
    for command in ("validate", "list", "schema"):
        assert command in proc.stdout


def test_list_finds_the_questionnaires_inside_the_package(installed: Installed) -> None:
    proc = _run(installed, "list")
    assert proc.returncode == 0, proc.stderr
    packaged = installed.site / "iop_assess" / "questions"
    assert proc.stdout.startswith(f"Questionnaires in {packaged}:\n")
    for source in sorted((ROOT / "questions").glob("*.yaml")):
        assert (packaged / source.name).read_text("utf-8") == source.read_text("utf-8")
    assert "phq9 1.1.0 - PHQ-9 (mood) (9 items)" in proc.stdout


def test_validate_checks_the_packaged_questionnaires(installed: Installed) -> None:
    proc = _run(installed, "validate")
    assert proc.returncode == 0, proc.stderr
    count = len(list((ROOT / "questions").glob("*.yaml")))
    assert proc.stdout.startswith(f"OK: {count} questionnaire files, ")
    assert proc.stdout.rstrip().endswith("no problems found.")


def test_version_matches_the_project(installed: Installed) -> None:
    import re

    source = (ROOT / "iop_assess" / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', source, re.MULTILINE)
    assert match, "iop_assess/__init__.py must set __version__ for the build to read"
    metadata = next(installed.site.glob("iop_assess-*.dist-info")).name
    assert metadata == f"iop_assess-{match[1]}.dist-info"
    proc = _run(installed, "--version")
    assert proc.stdout == f"iop-assess {match[1]}\n"


def test_the_wheel_ships_the_compiled_questionnaires_and_uses_them(installed: Installed) -> None:
    shipped = installed.site / "iop_assess" / "questions.json"
    assert shipped.read_bytes() == (ROOT / "iop_assess" / "questions.json").read_bytes()
    code = (
        "import sys; from iop_assess.bank import load_bank; bank = load_bank(); "
        "print(len(bank.questionnaires), 'ruamel.yaml' in sys.modules)"
    )
    proc = subprocess.run(
        [str(installed.script.parent / "python"), "-c", code],
        cwd=installed.workdir,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    count = len(list((ROOT / "questions").glob("*.yaml")))
    assert proc.stdout.split() == [str(count), "False"]
