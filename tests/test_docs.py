"""Docs that cannot drift: every command has help text and is in README.md's command reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from iop_assess.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def _commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and sub-command of the Typer app, as (path, click command)."""
    root = typer.main.get_command(app)

    def walk(
        command: Any, path: tuple[str, ...], ctx: Any
    ) -> Iterator[tuple[tuple[str, ...], Any]]:
        yield path, command
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                yield from walk(sub, (*path, name), type(ctx)(sub, parent=ctx, info_name=name))

    ctx_class = type(root.make_context("iop-assess", ["--help"], resilient_parsing=True))
    yield from walk(root, (), ctx_class(root, info_name="iop-assess"))


COMMANDS = list(_commands())
IDS = [" ".join(path) or "iop-assess" for path, _ in COMMANDS]


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


REFERENCE = _section("Command reference")


def test_the_walk_finds_the_known_commands() -> None:
    # Guards the walk itself: if it found nothing, the tests below could not fail.
    found = set(IDS)
    assert {"validate", "list", "schema", "sessions", "sessions list"} <= found
    assert len(COMMANDS) >= 6


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_has_help_text(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    for param in command.params:
        if param.name == "help" or getattr(param, "hidden", False):
            continue
        assert (getattr(param, "help", None) or "").strip(), f"{path}: {param.name} has no help"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_and_option_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    if path:
        flat = REFERENCE.replace("|", " ").replace("\\", "")
        assert re.search(rf"iop-assess {re.escape(' '.join(path))}(?![\w-])", flat)
    for param in command.params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        longest = max(param.opts, key=len)
        pattern = rf"(?<![\w-]){re.escape(longest)}(?![\w-])"
        assert re.search(pattern, REFERENCE), f"{longest} of {path} is not in the command reference"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_runs_for_every_command(path: tuple[str, ...], command: Any) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: iop-assess")
    assert command.help.strip().split("\n")[0][:40] in " ".join(result.stdout.split())


def test_readme_exit_codes_match_the_program() -> None:
    from iop_assess.errors import ExitCode

    table = _section("Exit codes")
    codes = [int(c) for c in re.findall(r"^\| (\d+) \|", table, re.M)]
    assert codes == sorted(int(c) for c in ExitCode)


def test_readme_lists_every_bundled_questionnaire() -> None:
    from iop_assess.bank import load_bank

    table = _section("Bundled questionnaires")
    listed = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert sorted(listed) == sorted(q.id for q in load_bank().questionnaires)


def test_readme_starts_with_crisis_numbers() -> None:
    top = README[:600]
    for text in ("988", "911", "1-800-662-4357", "FindTreatment.gov"):
        assert text in top
