"""The text report: a snapshot per level (80 columns, no colour), the plain layout at 40
columns, and no colour codes when NO_COLOR is set."""

from __future__ import annotations

import io
import re

import pytest
from conftest import ALL_LEVELS, make_assessment, make_result, record_of
from rich.console import Console
from syrupy.assertion import SnapshotAssertion

from iop_assess.report import Format, render
from iop_assess.report.text import print_report

ANSI = re.compile(r"\x1b\[")
BOX = set("┏┓┗┛┃━│─╭╮╰╯═║")


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_text_snapshot(level: str, snapshot: SnapshotAssertion) -> None:
    out = render(make_assessment(level), Format.text, width=80)  # type: ignore[arg-type]
    assert not ANSI.search(out)
    assert out == snapshot


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_plain_snapshot(level: str, snapshot: SnapshotAssertion) -> None:
    out = render(make_assessment(level), Format.text, width=40, plain=True)  # type: ignore[arg-type]
    assert out == snapshot


@pytest.mark.parametrize("level", ALL_LEVELS)
@pytest.mark.parametrize("width", [40, 60])
def test_plain_fits_narrow_screens(level: str, width: int) -> None:
    result = make_result(
        level,  # type: ignore[arg-type]
        client="Case 2024-000123-supercalifragilisticexpialidocious",
        notes={"substance_use": "Drinks mostly after night shifts.\n\nWants evening groups."},
        warnings=("opioids_days was answered, but it only applies when opioids is chosen.",),
    )
    out = render(record_of(result), Format.text, width=width, plain=True)
    assert max(len(line) for line in out.splitlines()) <= width
    assert not set(out) & BOX
    assert not ANSI.search(out)
    assert "Wants evening groups." in out


@pytest.mark.parametrize("level", ALL_LEVELS)
@pytest.mark.parametrize("width", [40, 60, 80])
def test_boxed_text_fits_the_width_without_cutting_words(level: str, width: int) -> None:
    out = render(make_assessment(level), Format.text, width=width)  # type: ignore[arg-type]
    assert max(len(line) for line in out.splitlines()) <= width
    words = set(" ".join(out.split()).replace("(", " ").replace(")", " ").split())
    assert "Withdrawal" in words  # never broken as "Withdrawa" / "l"
    assert "Withdrawa" not in words


def test_plain_reads_in_order_with_words_not_colours() -> None:
    out = render(make_assessment("detox_first", flags=("suicide_risk",)), Format.text, plain=True)
    order = [
        "GET HELP NOW",
        "Your self-assessment results",
        "What may fit: Medical help to stop safely (detox) first",
        "Why this may need to come first",
        "After that: what intensive outpatient care (IOP) is like",
        "Why:",
        "Your answers, area by area:",
        "Questionnaire scores:",
        "Next steps:",
        "Where to get help:",
        "Please note:",
    ]
    positions = [out.index(heading) for heading in order]
    assert positions == sorted(positions)
    # Ratings and bands are words, not colours.
    assert "Withdrawal (feeling sick when you stop): 3 of 4 (high)." in out
    assert "AUDIT (alcohol): 24 of 40, Possible dependence." in out


def test_dimension_ratings_and_instrument_states_are_in_words() -> None:
    out = render(make_assessment("insufficient"), Format.text, width=100)
    assert "0 (none) or higher" in out  # unanswered items could raise it
    assert "incomplete — 4 questions not answered" in out
    assert "Chose not to answer (item: audit_9)" in out
    out = render(make_assessment("iop"), Format.text, width=100)
    assert "did not apply" in out
    assert "2 (moderate)" in out


def test_client_label_and_notes_are_shown_as_typed() -> None:
    result = make_result("iop", client="[bold]A-17[/bold]", notes={"daily_life": "No car."})
    out = render(record_of(result), Format.text, width=80)
    assert "Client: [bold]A-17[/bold]" in out  # not read as rich markup
    assert "Counselor notes" in out and "No car." in out


def _console(**kwargs: object) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=80, **kwargs), buffer  # type: ignore[arg-type]


def test_terminal_output_uses_colour_only_as_emphasis() -> None:
    console, buffer = _console(force_terminal=True, color_system="standard")
    print_report(make_assessment("emergency"), console)
    coloured = buffer.getvalue()
    assert ANSI.search(coloured)
    plain = [line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", coloured).splitlines()]
    assert plain == render(make_assessment("emergency"), Format.text, width=80).splitlines()


def test_no_color_terminal_output_has_no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    console, buffer = _console(force_terminal=True)
    print_report(make_assessment("emergency"), console)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", buffer.getvalue())  # no foreground colour
