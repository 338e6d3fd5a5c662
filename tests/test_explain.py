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


def test_explain_table_for_the_terminal() -> None:
    result = runner.invoke(app, ["explain"], env={"COLUMNS": "200"}, catch_exceptions=False)
    assert result.exit_code == 0
    assert "level.detox_first.monitored" in result.output
    assert "flag.suicide_risk" in result.output


def test_explain_rejects_an_unknown_format() -> None:
    result = runner.invoke(app, ["explain", "--format", "pdf"])
    assert result.exit_code == 2
