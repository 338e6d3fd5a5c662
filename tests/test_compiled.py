"""The compiled questionnaires (``iop_assess/questions.json``): in step with the YAML files, used
for the bundled questionnaires only, and a start-up that needs no YAML reader."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from iop_assess import __version__
from iop_assess.bank import bundled_dir, load_bank
from iop_assess.compiled import COMPILED, compile_folder, load_compiled, yaml_hash

REGENERATE = "regenerate it with: uv run python -m iop_assess.compiled"


def test_the_compiled_file_is_not_stale() -> None:
    data = json.loads(COMPILED.read_text("utf-8"))
    assert data["yaml_sha256"] == yaml_hash(bundled_dir()), f"questions.json is stale; {REGENERATE}"
    assert data["version"] == __version__, f"questions.json is for another version; {REGENERATE}"
    assert data == compile_folder(bundled_dir()), f"questions.json differs; {REGENERATE}"


def test_the_compiled_models_equal_the_yaml_models() -> None:
    from iop_assess.loader import load_files, questionnaire_paths

    folder = bundled_dir()
    from_yaml = [
        lf.questionnaire for lf in load_files([(p, p.name) for p in questionnaire_paths(folder)])
    ]
    assert load_compiled(folder) == from_yaml


def test_a_changed_yaml_file_is_never_served_from_the_stale_compiled_form(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    shutil.copytree(bundled_dir(), folder)
    assert load_compiled(folder) is not None
    phq9 = folder / "phq9.yaml"
    phq9.write_text(phq9.read_text("utf-8").replace("Not at all", "Never"), "utf-8")
    assert load_compiled(folder) is None


def test_other_questionnaire_folders_are_always_read_from_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    shutil.copytree(bundled_dir(), folder)
    with mock.patch("iop_assess.compiled.load_compiled") as compiled:
        bank = load_bank(folder)
    compiled.assert_not_called()
    assert [q.id for q in bank.questionnaires] == [q.id for q in load_bank().questionnaires]


def test_the_bundled_bank_starts_without_the_yaml_reader() -> None:
    code = (
        "import sys; from iop_assess.bank import load_bank; load_bank(); "
        "print('ruamel.yaml' in sys.modules, 'rich' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["False", "False"]


def test_scoring_a_json_file_imports_neither_ruamel_nor_rich(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"answers": {"age": 40, "phq9_1": 2}}), "utf-8")
    code = (
        "import sys\n"
        "from iop_assess.cli import main\n"
        "sys.argv = ['iop-assess', 'score', sys.argv[1], '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('ruamel.yaml' in sys.modules, 'rich' in sys.modules, file=sys.stderr)\n"
    )
    before = COMPILED.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(answers)], capture_output=True, text=True, check=True
    )
    assert proc.stderr.split()[-2:] == ["False", "False"]
    assert json.loads(proc.stdout)["instruments"]["phq9"]["status"] == "incomplete"
    assert COMPILED.read_bytes() == before  # never written at run time


def test_the_package_version_is_the_one_installed() -> None:
    from importlib.metadata import version

    assert __version__ == version("iop-assess")


def test_screen_starts_without_checking_options_that_were_not_given(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from iop_assess.cli import main\n"
        "sys.argv = ['iop-assess', 'screen', '--no-save']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('typer._adapters' in sys.modules, 'iop_assess.deliver' in sys.modules, "
        "file=sys.stderr)\n"
    )
    env = dict(os.environ, IOP_ASSESS_HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", code], input="\n", capture_output=True, text=True, env=env
    )
    # stopped at the first question (input closed), with no adapter built for the unset options
    # and the report path not imported yet
    assert "question 1 of " in proc.stderr
    assert proc.stderr.split()[-2:] == ["False", "False"]


@pytest.mark.parametrize(
    "args",
    [
        ("score", "x.json", "--format", "pdf"),
        ("score", "x.json", "--answered-by", "nurse"),
        ("screen", "--format", "docx"),
        ("batch", "x.csv", "--out", "y.csv", "--jobs", "0"),
    ],
)
def test_options_that_were_given_are_still_checked(args: tuple[str, ...]) -> None:
    from typer.testing import CliRunner

    from iop_assess.cli import app

    done = CliRunner().invoke(app, list(args))
    assert done.exit_code == 2
