"""What ``--help`` shows, for every command: ``-h`` works the same, it ends with two or three
examples, ``screen`` comes first, and no internal names of the argument parser show through
(``{FILE}``, ``<str>``, ``<list[Path]>``, ``<int range>``, ``x>=1``). Wrong option values are
said plainly, without "Value error,"."""

from __future__ import annotations

import re

import pytest
from test_docs import COMMANDS, IDS
from typer.testing import CliRunner

from iop_assess.cli import COMMAND_ORDER, app, plain_param_message

runner = CliRunner()
PATHS = [list(path) for path, _ in COMMANDS]
INTERNAL = re.compile(r"\{[A-Z|]+\}|<(str|int|path|list\[.*?\]|int range|float)>|x[<>]=")


def help_of(args: list[str], flag: str = "--help") -> str:
    done = runner.invoke(app, [*args, flag], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_dash_h_is_the_same_as_dash_dash_help(path: list[str]) -> None:
    assert help_of(path, "-h") == help_of(path)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_help_ends_with_two_or_three_examples(path: list[str]) -> None:
    text = help_of(path)
    head, _, examples = text.rpartition("Examples:\n")
    assert head, text
    lines = [line.strip() for line in examples.splitlines() if line.strip()]
    assert 2 <= len(lines) <= 3, lines
    assert all(line.startswith(("iop-assess ", "cat ")) for line in lines), lines
    command = " ".join(path)
    if command:
        assert all(f"iop-assess {command}" in line for line in lines), lines


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_help_shows_no_internal_names(path: list[str]) -> None:
    text = help_of(path)
    assert not INTERNAL.search(text), INTERNAL.search(text)


def test_screen_comes_first_in_the_command_list() -> None:
    text = help_of([])
    listed = re.findall(r"^  (\w+)  ", text.split("Commands:\n", 1)[1], re.M)
    assert listed[0] == "screen"
    assert listed == [c for c in COMMAND_ORDER if c in listed]


def test_screen_help_names_the_full_form() -> None:
    text = " ".join(help_of(["screen"]).split())
    assert "--full Ask every question of each questionnaire" in text
    assert "Usage: iop-assess screen [OPTIONS] [ID|PATH]" in text


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["score", "x.yaml", "--format", "xml"],
            "'xml' is not one of 'text', 'md', 'html', 'json', 'csv', 'fhir', 'summary'.",
        ),
        (["batch", "x.csv", "-o", "y.csv", "--jobs", "many"], "a whole number is needed"),
        (["batch", "x.csv", "-o", "y.csv", "--jobs", "0"], "--jobs must be 1 or more, not 0"),
        (["explain", "-f", "pdf"], "'pdf' is not one of 'text', 'md'."),
    ],
)
def test_a_wrong_option_value_is_said_plainly(args: list[str], said: str) -> None:
    done = runner.invoke(app, args)
    assert done.exit_code == 2
    assert said in done.stderr
    assert "Value error" not in done.output
    assert "Input should be" not in done.output


def test_plain_param_words() -> None:
    assert plain_param_message("Value error, 'x' is not one of 'a'.") == "'x' is not one of 'a'."
    assert plain_param_message("Input should be greater than or equal to 1") == (
        "it must be 1 or more"
    )
    assert plain_param_message("no such file") == "no such file"
