"""RichPrompter on a captured console: boxes and colour for the eye, words for the meaning, and a
plain linear form (--plain, NO_COLOR, TERM=dumb) that fits 40 columns."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from iop_assess.interview import Block, Choice, Question, Tone
from iop_assess.interview.rich_prompter import RichPrompter

BOX = set("─│╭╮╰╯┌┐└┘━┃")

QUESTION = Question(
    item_id="phq9_9",
    text="Thoughts that you would be better off dead or of hurting yourself in some way",
    progress="Section 6 of 10 · question 38 of about 56",
    choices=(
        Choice(1, "Not at all", "0"),
        Choice(2, "Several days", "1"),
        Choice(3, "More than half the days", "2"),
        Choice(4, "Nearly every day", "3"),
    ),
    hint="Type a number from 1 to 4.",
    keys="? help · b back · s prefer not to answer · q save and stop",
    current="Several days",
    tag="phq9_9",
)
CRISIS = Block("Help is available now", ("Call or text 988.", "Call 911."), Tone.CRISIS)


def prompter(*, plain: bool, width: int = 80) -> tuple[RichPrompter, io.StringIO]:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=not plain,
        color_system=None if plain else "truecolor",
        no_color=plain,
        highlight=False,
    )
    return RichPrompter(console, plain=plain), buffer


def test_plain_output_has_no_boxes_or_colour_and_fits_40_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rich, buffer = prompter(plain=True, width=40)
    monkeypatch.setattr("builtins.input", lambda *_: "2")
    rich.show(CRISIS)
    assert rich.ask(QUESTION) == "2"
    out = buffer.getvalue()
    assert not BOX & set(out)
    assert "\x1b[" not in out
    assert all(len(line) <= 40 for line in out.splitlines())
    assert "IMPORTANT: Help is available now" in out
    assert "[phq9_9] Thoughts that you would be" in out
    assert "4. Nearly every day" in out
    assert "Your answer now: Several days" in out


def test_rich_output_boxes_blocks_and_still_says_important_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rich, buffer = prompter(plain=False)
    monkeypatch.setattr("builtins.input", lambda *_: " 3 ")
    rich.show(CRISIS)
    assert rich.ask(QUESTION) == "3"
    out = buffer.getvalue()
    assert BOX & set(out)
    assert "IMPORTANT: Help is available now" in out
    assert "[phq9_9]" in out  # an item id is not taken for rich markup
    assert "Nearly every day" in out


def test_line_returns_what_was_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    rich, _ = prompter(plain=True)
    monkeypatch.setattr("builtins.input", lambda *_: "report.md")
    assert rich.line("Save a copy? ") == "report.md"
