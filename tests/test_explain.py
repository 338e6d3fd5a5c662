"""``iop-assess explain``: the rule catalogue for counselors, each source named in full."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from iop_assess.cli import app
from iop_assess.rules import RULES
from iop_assess.sources import SOURCES

runner = CliRunner()


def test_explain_markdown_lists_every_rule_with_its_items_and_sources() -> None:
    result = runner.invoke(app, ["explain", "--format", "md"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "| id | sets | when | what the person reads | reads | source |" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| id ")]
    assert len(rows) == len(RULES)
    for rule, row in zip(RULES, rows, strict=True):
        assert row.startswith(f"| {rule.id} | {rule.outcome} |")
        for cite in rule.cites:
            assert SOURCES[cite.id].citation in row, (rule.id, cite.id)
    seizure = next(r for r in rows if r.startswith("| withdrawal.complicated_history"))
    assert "| withdrawal: 3 |" in seizure
    assert "Rec II.5, in: American Society of Addiction Medicine. The ASAM Clinical" in seizure
    assert "| withdrawal_history, substances, alcohol_days" in seizure
    # the sources section names every cited source in full, with its address
    assert "- `acog-711`: American College of Obstetricians and Gynecologists" in result.output


def test_explain_names_no_bare_source_numbers() -> None:
    result = runner.invoke(app, ["explain", "--format", "md"], catch_exceptions=False)
    assert not re.search(r"\bS\d{1,3}b?\b", result.output)
    assert "clinical.md" not in result.output


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
    assert "reads: withdrawal_history, substances" in block
    assert "source: Rec II.5, in: American Society of Addiction Medicine." in block
    assert "Table 3, in: Wolf C, Curry A, Nacht J, Simpson SA." in block


def test_explain_shows_the_opioid_rules_lead_to_medication_not_detox() -> None:
    result = runner.invoke(app, ["explain"], env={"COLUMNS": "100"}, catch_exceptions=False)
    flat = " ".join(result.output.split())
    assert "medication.opioids -> medication: opioids" in flat
    assert "The ASAM National Practice Guideline for the Treatment of Opioid Use Disorder" in flat
    assert "Committee Opinion No. 711" in flat


def test_explain_rejects_an_unknown_format() -> None:
    result = runner.invoke(app, ["explain", "--format", "pdf"])
    assert result.exit_code == 2
