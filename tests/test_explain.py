"""``iop-assess explain``: the rule catalogue for counselors."""

from __future__ import annotations

from typer.testing import CliRunner

from iop_assess.cli import app
from iop_assess.rules import RULES

runner = CliRunner()


def test_explain_markdown_lists_every_rule_with_its_source() -> None:
    result = runner.invoke(app, ["explain", "--format", "md"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "| id | sets | when | what the person reads | source |" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| id ")]
    assert len(rows) == len(RULES)
    for rule, row in zip(RULES, rows, strict=True):
        assert row.startswith(f"| {rule.id} | {rule.outcome} |")
    seizure = next(r for r in rows if r.startswith("| withdrawal.complicated_history"))
    assert "| withdrawal: 3 |" in seizure and "(S29)" in seizure


def test_explain_for_the_terminal_shows_each_rule_as_a_block_that_fits_60_columns() -> None:
    result = runner.invoke(app, ["explain"], env={"COLUMNS": "60"}, catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 60
    for rule in RULES:
        assert f"{rule.id}  ->  {rule.outcome}" in lines
    block = result.output.split("withdrawal.complicated_history  ->  withdrawal: 3\n")[1]
    block = " ".join(block.split("\n\n")[0].split())
    assert block.startswith("when: withdrawal_history includes seizures")
    assert "says: You said you have had a seizure" in block
    assert "source: ASAM alcohol withdrawal" in block


def test_explain_rejects_an_unknown_format() -> None:
    result = runner.invoke(app, ["explain", "--format", "pdf"])
    assert result.exit_code == 2
