"""The catalogue as rows and as Markdown, for ``iop-assess explain``: every rule with what it
sets, when it fires, what the person reads, the items it reads and its sources named in full."""

from __future__ import annotations

import textwrap

from iop_assess.rules import RULES
from iop_assess.rules.base import Rule, placeholder_text
from iop_assess.sources import SOURCES, Source

COLUMNS = ("id", "sets", "when", "what the person reads", "reads", "source")
INTRO = (
    "Each dimension is rated 0–4 by the highest rule that fires, and shows the reasons of that "
    "rating. The level is the first level rule that fires, in the order below; `then` (after "
    "emergency or detox_first) comes from the steps after it. Words in <angle brackets> are "
    "filled with what the person uses. Rules marked 'added' are stricter than the starting "
    "rule table or change only the words."
)


def sources_text(rule: Rule) -> str:
    """The rule's sources, each named in full with the place in it."""
    return " + ".join(cite.long() for cite in rule.cites)


def row(rule: Rule) -> tuple[str, str, str, str, str, str]:
    return (
        rule.id,
        rule.outcome,
        rule.when,
        placeholder_text(rule.text),
        ", ".join(rule.items),
        sources_text(rule),
    )


def rows() -> list[tuple[str, str, str, str, str, str]]:
    """One row per rule, in catalogue order: dimension rules, level rules (tried in order),
    flags, medication, resources, barriers, notes, the ASAM crosswalk."""
    return [row(rule) for rule in RULES]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """The catalogue as a Markdown table, then the sources it cites."""
    lines = [
        "# iop-assess rules",
        "",
        INTRO,
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows()]
    lines += ["", "## Sources", ""]
    lines += [f"- `{s.id}`: {s.citation} {s.url}".rstrip() for s in _cited()]
    return "\n".join(lines) + "\n"


def _cited() -> list[Source]:
    ids = {cite.id for rule in RULES for cite in rule.cites}
    return [source for key, source in SOURCES.items() if key in ids]


def text(width: int = 80) -> str:
    """The catalogue for a terminal: one block per rule, readable at any width."""
    width = max(width, 40)
    out = ["iop-assess rules", "", *textwrap.wrap(INTRO.replace("`", ""), width), ""]
    for rule in RULES:
        out.append(f"{rule.id}  ->  {rule.outcome}")
        parts = [
            ("when", rule.when),
            ("says", placeholder_text(rule.text)),
            ("reads", ", ".join(rule.items) or "-"),
        ]
        parts += [("source" if n == 0 else "", c.long()) for n, c in enumerate(rule.cites)]
        for label, value in parts:
            out += textwrap.wrap(
                value,
                width,
                initial_indent=f"  {(label + ':') if label else '':<8}",
                subsequent_indent=" " * 10,
                break_on_hyphens=False,
                break_long_words=True,
            )
        out.append("")
    return "\n".join(out)
