"""Exhaustiveness, pip-audit style: every member of ``Format`` has its own module, is reachable
through the one ``render`` entry point with a real assessment, and is a ``--format`` choice of
every command that writes a report; every file-name ending picks a format that exists."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from interview_scripts import LEVELS, script_for
from typer.testing import CliRunner

from iop_assess.answers import read_answers
from iop_assess.assessment import assess_set
from iop_assess.bank import load_bank
from iop_assess.cli import app
from iop_assess.deliver import choose_format
from iop_assess.errors import UsageError
from iop_assess.report import Format, format_of_name, render
from iop_assess.report.interface import MODULES, SUFFIXES, ReportFormat, formatter

BANK = load_bank()
ANSWERS = Path(__file__).parent / "assets" / "answers" / "score"


def test_every_format_has_its_own_module_and_class() -> None:
    assert set(MODULES) == set(Format)
    assert len(set(MODULES.values())) == len(Format)
    for fmt in Format:
        module = importlib.import_module(f"iop_assess.report.{MODULES[fmt]}")
        assert isinstance(module.FORMAT, ReportFormat)
        assert formatter(fmt) is module.FORMAT
        assert module.FORMAT.format is fmt


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_a_real_assessment(fmt: Format) -> None:
    record = assess_set(BANK, read_answers(BANK, ANSWERS / "detox_first.yaml"))
    out = render(record, fmt, width=100, plain=True)
    assert out.endswith("\n") and out.strip()
    if fmt in (Format.json, Format.fhir):
        json.loads(out)


@pytest.mark.parametrize("command", ["score", "screen"])
def test_every_format_is_a_command_line_choice(command: str) -> None:
    shown = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    (choices,) = re.findall(r"--format ([a-z]+(?:\|[a-z]+)+)", shown)
    assert choices.split("|") == [f.value for f in Format]


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_is_written_by_screen(fmt: Format, tmp_path: Path) -> None:
    lines = script_for(BANK, LEVELS["outpatient"])
    report = tmp_path / "report.out"
    done = CliRunner().invoke(
        app,
        ["screen", "--no-save", "--format", fmt.value, "--report", str(report)],
        input="".join(f"{line}\n" for line in lines),
    )
    assert done.exit_code == 0, done.stderr
    assert f"Report saved to {report} ({fmt.value})." in " ".join(done.stderr.split())
    written = report.read_text(encoding="utf-8")
    assert MARKERS[fmt] in written


MARKERS = {
    Format.text: "What may fit: Outpatient care",
    Format.md: "## What may fit: Outpatient care",
    Format.html: "<h2>What may fit: Outpatient care</h2>",
    Format.json: '"level": "outpatient"',
    Format.csv: ",outpatient,",
    Format.fhir: '"resourceType": "QuestionnaireResponse"',
    Format.summary: "Level: outpatient",
}


def test_every_file_name_ending_picks_a_format() -> None:
    assert {fmt for _, fmt in SUFFIXES} == set(Format)
    for suffix, fmt in SUFFIXES:
        assert format_of_name(f"report{suffix}") is fmt
        assert format_of_name(f"REPORT{suffix.upper()}") is fmt
    assert format_of_name("report") is Format.text
    assert format_of_name("/dev/stdout") is Format.text
    assert format_of_name("report.pdf") is None


def test_format_wins_over_the_name_and_an_unknown_ending_is_a_usage_error() -> None:
    assert choose_format(Path("r.html"), Format.json) is Format.json
    assert choose_format(None, None) is Format.text
    assert choose_format(Path("visit.fhir.json"), None) is Format.fhir
    with pytest.raises(UsageError) as caught:
        choose_format(Path("report.docx"), None)
    assert ".fhir.json" in caught.value.hint
