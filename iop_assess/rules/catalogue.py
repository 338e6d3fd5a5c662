"""The rule catalogue as rows and as Markdown, for ``iop-assess explain``."""

from __future__ import annotations

import textwrap

from iop_assess.rules.base import Rule
from iop_assess.rules.table import RULES

COLUMNS = ("id", "sets", "when", "what the person reads", "source")
INTRO = (
    "Each dimension is rated 0–4 by the highest rule that fires. The level is the first level "
    "rule that fires, in the order below; `then` (after emergency or detox_first) comes from the "
    "residential, iop and outpatient rules."
)


def row(rule: Rule) -> tuple[str, str, str, str, str]:
    return (rule.id, rule.outcome, rule.when, rule.text, rule.source)


def rows() -> list[tuple[str, str, str, str, str]]:
    """One row per rule, in catalogue order: dimension rules, level rules (tried in order),
    flags."""
    return [row(rule) for rule in RULES]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """The catalogue as a Markdown table."""
    lines = [
        "# iop-assess rules",
        "",
        INTRO,
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows()]
    return "\n".join(lines) + "\n"


def text(width: int = 80) -> str:
    """The catalogue for a terminal: one block per rule, readable at any width."""
    width = max(width, 40)
    out = ["iop-assess rules", "", *textwrap.wrap(INTRO.replace("`", ""), width), ""]
    for rule in RULES:
        out.append(f"{rule.id}  ->  {rule.outcome}")
        for label, value in (("when", rule.when), ("says", rule.text), ("source", rule.source)):
            out += textwrap.wrap(
                value,
                width,
                initial_indent=f"  {label + ':':<8}",
                subsequent_indent=" " * 10,
                break_on_hyphens=False,
            )
        out.append("")
    return "\n".join(out)
